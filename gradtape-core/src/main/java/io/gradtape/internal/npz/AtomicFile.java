package io.gradtape.internal.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash at any moment leaves either the old file or the new one, never a mix.
 *
 * <ol>
 *   <li>Write everything to a new temporary file in the target's directory ({@code .name.<random>.tmp}), so that
 *       the rename below stays within one file system.</li>
 *   <li>Flush, then {@link FileChannel#force(boolean) force} the data and metadata to the device: without it a
 *       power loss after the rename can leave the new name pointing at blocks never written.</li>
 *   <li>{@link Files#move} with {@link StandardCopyOption#ATOMIC_MOVE}: one {@code rename(2)} on POSIX, which
 *       replaces the old file atomically.</li>
 *   <li>Force the directory too where the platform allows opening it (Linux, macOS), so that the rename itself
 *       survives a power loss; elsewhere this step is skipped.</li>
 * </ol>
 *
 * <p>If anything fails before the rename, the temporary file is deleted and the old file is untouched. A process
 * killed while writing leaves its temporary file behind (nothing runs at a kill): such {@code .tmp} files are
 * debris, never read, and safe to delete.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What writes the new content. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code out}; need not flush or close it. */
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with the content {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            FileChannel created = null;
            while (created == null) {   // a fresh name; the default permissions (umask), unlike createTempFile's 0600
                tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    created = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    tmp = null;
                } catch (java.nio.file.FileSystemException e) {
                    tmp = null;   // not created: nothing to delete
                    throw sayTarget(target, dir, e);
                }
            }
            try (FileChannel ch = created) {
                OutputStream raw = Channels.newOutputStream(ch);
                // No close() on the stream: closing it closes the channel, which the try closes after force.
                java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(raw, 1 << 16);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);   // the write's own failure is the one to report
                }
            }
            throw e;
        }
        forceDirectory(dir);
    }

    /** The failure to create the temporary file, told about the target the caller named. */
    private static IOException sayTarget(Path target, Path dir, java.nio.file.FileSystemException e) {
        java.nio.file.FileSystemException out;
        if (e instanceof NoSuchFileException) {
            out = new NoSuchFileException(target.toString(), null, "cannot create a file in " + dir
                    + " (does the directory exist?)");
        } else if (e instanceof AccessDeniedException) {
            out = new AccessDeniedException(target.toString(), null, "cannot create a temporary file in " + dir
                    + " for the atomic replace (no write permission to the directory?)");
        } else {   // a read-only file system, a name too long with the temporary suffix, ...
            out = new java.nio.file.FileSystemException(target.toString(), null, "cannot create the temporary file "
                    + e.getFile() + " for the atomic replace: " + e.getReason());
        }
        out.initCause(e);
        return out;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the rename is still atomic there, only its durability
            // across a power loss is left to the file system.
        }
    }
}
