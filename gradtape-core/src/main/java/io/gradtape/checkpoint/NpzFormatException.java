package io.gradtape.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .npz} or {@code .npy} file that cannot be read: not a zip archive, truncated, a checksum that does not
 * match, a malformed header, or an element type gradtape does not read. The message names the file and, when
 * the fault is in one array, its key; {@link #file()} and {@link #key()} give them to code.
 *
 * <pre>{@code
 * try {
 *     Npz.read(java.nio.file.Path.of("weights.npz"));
 * } catch (NpzFormatException e) {
 *     System.err.println(e.getMessage());   // e.g. "weights.npz: key 'dense/kernel': truncated: ..."
 * } catch (java.io.IOException e) {
 *     System.err.println("cannot read: " + e);
 * }
 * }</pre>
 */
public class NpzFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;

    /**
     * A format error in {@code file}, in the array {@code key} or in the archive as a whole.
     *
     * <pre>{@code
     * new NpzFormatException(java.nio.file.Path.of("w.npz"), "bias", "truncated", null);
     * }</pre>
     *
     * @param file the file read
     * @param key the array's key, or null when the fault is in the archive itself
     * @param message what is wrong
     * @param cause the underlying exception, or null
     */
    public NpzFormatException(Path file, String key, String message, Throwable cause) {
        super(file + (key == null ? "" : ": key '" + key + "'") + ": " + message, cause);
        this.file = file;
        this.key = key;
    }

    /**
     * The file that could not be read.
     *
     * <pre>{@code
     * new NpzFormatException(java.nio.file.Path.of("w.npz"), null, "not a zip file", null).file();   // w.npz
     * }</pre>
     *
     * @return the path as given to the reader
     */
    public Path file() {
        return file;
    }

    /**
     * The key of the array at fault.
     *
     * <pre>{@code
     * new NpzFormatException(java.nio.file.Path.of("w.npz"), "bias", "truncated", null).key();   // "bias"
     * }</pre>
     *
     * @return the key, or null when the fault is in the archive as a whole
     */
    public String key() {
        return key;
    }
}
