package io.gradtape.checkpoint;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM rewrites one {@code .npz} file in a loop, each version a different step with 2 MB of arrays derived
 * from the step; the test kills it ({@code destroyForcibly}, SIGKILL on POSIX) at random moments, several times,
 * each time restarting it from the file it left. Whatever the moment of the kill, the file present must load and
 * be exactly one of the versions written: never torn, never a mix of two steps.
 */
class KillWhileWritingTest {
    /** Kills (in development runs, 1 to 4 of 8 fell inside a write and left a temporary file behind). */
    static final int ROUNDS = 8;

    @TempDir
    Path dir;

    /** The arrays of version {@code step}: every value is a function of the step, so a mix of two is detected. */
    static Map<String, Tensor> version(long step) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("step", Tensors.constant(step));
        float[] w = new float[256 * 1024];
        for (int i = 0; i < w.length; i++) {
            w[i] = step * 1000f + i % 1000;
        }
        m.put("a/kernel", Tensors.constant(w, 256, 1024));
        m.put("b/kernel", Tensors.constant(w, 1024, 256));
        return m;
    }

    /** The child: resumes from the file if present, then writes step+1, step+2, ... printing each step once written. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long step = Files.exists(file) ? Npz.read(file).get("step").longValue() : 0;
        while (true) {
            step++;
            Npz.write(file, version(step));
            System.out.println("wrote " + step);
            System.out.flush();
        }
    }

    @Test
    void aKilledWriterAlwaysLeavesALoadableWrittenVersion() throws Exception {
        Path file = dir.resolve("state.npz");
        Random random = new Random(7);
        long previous = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ChildJvm child = new ChildJvm(KillWhileWritingTest.class, List.of("-Xmx256m"), file.toString(),
                    List.of("wrote"));
            // Wait until it has written at least once, then kill it at a random moment of a later write.
            child.awaitFirst("wrote", 60);
            assertTrue(child.last("wrote") > previous, "the child wrote nothing; its output: " + child.output());
            Thread.sleep(random.nextInt(300));
            child.kill();

            long printed = child.last("wrote");
            Map<String, Tensor> loaded = Npz.read(file);   // must not throw
            long step = loaded.get("step").longValue();
            // The kill may fall between a finished rename and its print: one step beyond the last printed is fine.
            List<String> output = child.output();
            List<String> tail = output.subList(Math.max(0, output.size() - 5), output.size());
            assertTrue(step == printed || step == printed + 1, "round " + round + ": file holds step " + step + ", last printed " + printed + "; output ends " + tail);
            Map<String, Tensor> expected = version(step);
            for (String k : expected.keySet()) {
                assertArrayEquals(expected.get(k).toFloatArray(), loaded.get(k).toFloatArray(), "round " + round + " key " + k);
            }
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(loaded.keySet()));
            previous = step;
        }
    }
}
