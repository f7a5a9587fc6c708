package io.gradtape.checkpoint;

import io.gradtape.Tensor;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM for the kill tests: runs a test class's {@code main} on this JVM's classes (the test classes and
 * gradtape-core), reads its output line by line on a thread, and keeps, for each report word it was given
 * ({@code "saved"}, {@code "wrote"}, ...), the number of the last line {@code "word N"}.
 *
 * <p>Reports are read from standard output only; standard error (a JVM or library log line) is read on its own
 * thread into the same transcript, marked {@code [err]}. Merged into one pipe, a log record written between a
 * report's text and its newline used to corrupt that line and stop the reader, so later reports went uncounted.
 * For the same reason the child's JVM writes its own messages (HotSpot's warnings and unified logging, which go
 * to standard output by default) to standard error, so standard output carries the program's lines alone. (A
 * kill test once failed under a load of 13 with a step on disk two beyond the last counted report, which a report
 * line lost in this way would explain; a read that fails is now written into the transcript as well.)
 */
final class ChildJvm {
    private final Process process;
    private final Thread reader;
    private final Thread errors;
    private final List<String> output = new ArrayList<>();
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    /** Starts {@code java <options> -cp <classes> <main> <arg>}. */
    ChildJvm(Class<?> main, List<String> options, String arg, List<String> reports) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr"));
        command.addAll(options);
        command.addAll(List.of("-cp", location(main) + File.pathSeparator + location(Tensor.class),
                main.getName(), arg));
        process = new ProcessBuilder(command).start();
        reader = new Thread(() -> read(process.getInputStream(), "", reports));
        errors = new Thread(() -> read(process.getErrorStream(), "[err] ", List.of()));
        reader.start();
        errors.start();
    }

    /** Appends each line of {@code in} to the transcript; a line {@code "word N"} of a report word sets its count. */
    private void read(java.io.InputStream in, String mark, List<String> reports) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (output) {
                    output.add(mark + line);
                }
                for (String word : reports) {
                    if (line.matches(java.util.regex.Pattern.quote(word) + " \\d+")) {
                        last.put(word, Long.parseLong(line.substring(word.length() + 1)));
                    }
                }
            }
        } catch (IOException e) {
            // After a kill the pipe ends (readLine returns null); an exception here is unexpected, so keep it.
            synchronized (output) {
                output.add("[reader] " + mark + e);
            }
        }
    }

    /** The number of the last {@code "word N"} line, or -1 before the first. */
    long last(String word) {
        return last.getOrDefault(word, -1L);
    }

    /** The lines so far. */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Waits until the child has reported {@code word} once, has ended, or {@code seconds} have passed. */
    void awaitFirst(String word, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (last(word) < 0 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    /** Kills the child ({@code destroyForcibly}, SIGKILL on POSIX) and reads the rest of its output. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        reader.join();
        errors.join();
    }

    /** Waits up to {@code seconds} for the child to end on its own; its exit value. */
    int finish(long seconds) throws InterruptedException {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the child did not finish in " + seconds + " s");
        reader.join();
        errors.join();
        return process.exitValue();
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
