package io.gradtape.checkpoint;

import io.gradtape.Tensor;
import io.gradtape.internal.npz.NpzIO;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * NumPy's {@code .npz} format: a zip archive of {@code .npy} arrays, one per key, the format of
 * {@code numpy.savez} and {@code numpy.savez_compressed} and what {@code numpy.load} returns as a dict. Weights
 * written here load in NumPy ({@code np.load(path)["dense_1/kernel"]}), and from there into PyTorch or
 * TensorFlow; weights saved by NumPy load here.
 *
 * <p><b>Element types.</b> float32, float64, int32, int64 and bool are written as {@code <f4 <f8 <i4 <i8 |b1}
 * (version 1.0 headers, little-endian, C order). Reading also accepts big-endian data, Fortran-ordered arrays
 * (transposed to row-major), version 2.0 and 3.0 headers, deflated entries, and the narrow integers
 * {@code u1 i1 i2 u2} (widened exactly to int32) and {@code u4} (to int64). Other types (float16, uint64,
 * complex, strings, structured arrays) are refused: convert them in NumPy with {@code astype} first.
 *
 * <p><b>Safety.</b> {@link #write} replaces the file atomically: it writes a temporary file in the same
 * directory, forces it to the device, and renames it over the target, so a crash leaves the old file or the new
 * one, never a torn one. {@link #read} checks every entry's header, length and CRC-32 and returns nothing unless
 * all of them read.
 *
 * <pre>{@code
 * Map<String, Tensor> arrays = new LinkedHashMap<>();
 * arrays.put("w", Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2));
 * arrays.put("step", Tensors.constant(7L));
 * java.nio.file.Path file = java.nio.file.Files.createTempDirectory("npz").resolve("state.npz");
 * try {
 *     Npz.write(file, arrays);
 *     Map<String, Tensor> back = Npz.read(file);   // w: [[1. 2.] [3. 4.]] float32, step: 7 int64
 * } catch (java.io.IOException e) {
 *     throw new java.io.UncheckedIOException(e);
 * }
 * }</pre>
 */
public final class Npz {
    private Npz() {
    }

    /**
     * Writes {@code arrays} to {@code file} as an uncompressed {@code .npz} (what {@code numpy.savez} writes),
     * one entry {@code <key>.npy} per array in the map's iteration order, replacing any existing file atomically.
     * A variable is written with its current value. The same arrays always give the same bytes.
     *
     * <pre>{@code
     * try {
     *     Npz.write(java.nio.file.Files.createTempFile("w", ".npz"), Map.of("bias", Tensors.zeros(DType.FLOAT32, 10)));
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param file the target; its directory must exist
     * @param arrays keys to tensors; keys are non-empty, without a backslash, NUL, a leading {@code /} or a
     *     {@code ..} segment ({@code /} inside a key, as in {@code dense_1/kernel}, is fine)
     * @throws IOException if writing fails (then the old file, if any, is untouched)
     * @throws IllegalArgumentException if a key is not allowed
     * @throws NullPointerException if the file, the map, a key or a tensor is null
     */
    public static void write(Path file, Map<String, ? extends Tensor> arrays) throws IOException {
        Objects.requireNonNull(file, "Npz.write: file is null");
        Objects.requireNonNull(arrays, "Npz.write: arrays is null");
        Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ? extends Tensor> e : arrays.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "Npz.write: a key is null");
            checkKey(file, key);
            copy.put(key, Objects.requireNonNull(e.getValue(), () -> "Npz.write: " + file + ": the tensor for key '" + key + "' is null"));
        }
        NpzIO.write(file, copy);
    }

    /**
     * Reads every array of a {@code .npz} file written by {@link #write}, {@code numpy.savez} or
     * {@code numpy.savez_compressed}.
     *
     * <pre>{@code
     * try {
     *     java.nio.file.Path f = java.nio.file.Files.createTempFile("w", ".npz");
     *     Npz.write(f, Map.of("x", Tensors.constant(new int[] {1, 2}, 2)));
     *     Npz.read(f).get("x");   // Tensor([1, 2], shape=(2,), dtype=int32)
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param file the file to read
     * @return keys (entry names without {@code .npy}) to tensors, iterating in the archive's order
     * @throws NpzFormatException if the file is not a zip archive (a single {@code .npy} array, as
     *     {@code numpy.save} writes, is told apart in the message), is truncated or corrupt (a CRC mismatch, or an
     *     entry named differently in the zip's directory and in its local header, which {@code numpy.load} refuses
     *     too), or an entry is not a {@code .npy} array of a supported type; the message names the file and the key
     * @throws IOException if the file cannot be read (for example {@link java.nio.file.NoSuchFileException})
     * @throws NullPointerException if file is null
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Objects.requireNonNull(file, "Npz.read: file is null");
        return NpzIO.read(file);
    }

    private static void checkKey(Path file, String key) {
        String why = null;
        if (key.isEmpty()) {
            why = "is empty";
        } else if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            why = "contains a backslash or NUL";
        } else if (key.startsWith("/")) {
            why = "starts with '/'";
        } else {
            for (String part : key.split("/", -1)) {
                if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                    why = "has an empty, '.' or '..' path segment";
                    break;
                }
            }
        }
        if (why != null) {
            throw new IllegalArgumentException("Npz.write: " + file + ": key '" + key + "' " + why
                    + " (keys become zip entry names; use names like 'dense_1/kernel')");
        }
    }
}
