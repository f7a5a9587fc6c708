package io.gradtape.internal.draw;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Files for drawings: whole or absent (a temporary file beside the target, synced, then renamed), and SVG or PNG
 * made by Graphviz's {@code dot} program, which is looked up on the {@code PATH} (or at the path in the system
 * property {@code gradtape.dot}).
 */
public final class Graphviz {
    static final String INSTALL = "Install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf "
            + "install graphviz; macOS: brew install graphviz; Windows: winget install graphviz) or set the system "
            + "property gradtape.dot to the dot program; .html, .dot and .mmd need no Graphviz.";

    private Graphviz() {
    }

    /** The dot program to run. */
    public static String program() {
        return System.getProperty("gradtape.dot", "dot");
    }

    /** Whether {@code dot -V} runs. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(program(), "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code dot -T<format>} on {@code dot} and writes its output to {@code file}, atomically. */
    public static void render(String dot, String format, Path file) {
        Process p;
        try {
            p = new ProcessBuilder(program(), "-T" + format).start();
        } catch (IOException e) {
            throw new IllegalStateException("render: writing ." + format + " needs Graphviz's dot program, which was "
                    + "not found (" + e.getMessage() + "). " + INSTALL, e);
        }
        try {
            // dot reads all of its input before it writes: feed it, then read (stderr drained on a thread)
            StringBuilder err = new StringBuilder();
            byte[][] errBytes = new byte[1][];
            Thread drain = new Thread(() -> errBytes[0] = readQuietly(p.getErrorStream()), "gradtape-dot-stderr");
            drain.setDaemon(true);
            drain.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            drain.join(10_000);
            if (errBytes[0] != null) {
                err.append(new String(errBytes[0], StandardCharsets.UTF_8).trim());
            }
            if (code != 0 || out.length == 0) {
                throw new IllegalStateException("render: Graphviz's dot -T" + format + " failed with exit code " + code
                        + (err.length() > 0 ? ": " + err : ""));
            }
            writeAtomically(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("render: running dot failed", e);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("render: interrupted while dot was running", e);
        }
    }

    private static byte[] readQuietly(java.io.InputStream s) {
        try {
            return s.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code file}, syncs it and renames it over {@code file}. */
    public static void writeAtomically(Path file, byte[] bytes) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            // a temporary file is private (0600); the drawing gets the target's permissions, or rw-r--r--
            if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("render: cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one reported
                }
            }
        }
    }
}
