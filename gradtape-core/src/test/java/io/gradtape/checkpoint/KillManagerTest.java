package io.gradtape.checkpoint;

import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM saves through a CheckpointManager (max_to_keep 2) in a loop, each checkpoint a 1 MB array and the
 * save number; the test kills it (SIGKILL) at random moments and starts it again on the same directory. After
 * every kill a new manager must read the index, every file it lists must load and hold the number in its name,
 * the list must be the newest two numbers, and the numbering must go on without reusing a number.
 */
class KillManagerTest {
    static final int ROUNDS = 5;

    @TempDir
    Path dir;

    static Checkpoint checkpoint(Variable n, Variable w) {
        return new Checkpoint().variable("n", n).variable("w", w);
    }

    /** The child: resumes from the directory, then saves n = counter + 1 with w filled with n, forever. */
    public static void main(String[] args) throws IOException {
        Path d = Path.of(args[0]);
        Variable n = new Variable(Tensors.constant(0L), false);
        Variable w = new Variable(Tensors.zeros(io.gradtape.DType.FLOAT32, 256, 1024));
        CheckpointManager m = new CheckpointManager(checkpoint(n, w), d, 2);
        m.restoreLatest();
        while (true) {
            long next = m.saveCounter() + 1;
            n.assign(Tensors.constant(next));
            w.assign(Tensors.ones(io.gradtape.DType.FLOAT32, 256, 1024).mul((double) next));
            m.save();
            System.out.println("saved " + next);
            System.out.flush();
        }
    }

    @Test
    void aKilledManagerAlwaysLeavesAnIndexOfLoadableCheckpoints() throws Exception {
        Random random = new Random(11);
        long previous = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ChildJvm child = new ChildJvm(KillManagerTest.class, List.of("-Xmx256m"), dir.toString(), List.of("saved"));
            child.awaitFirst("saved", 60);
            Thread.sleep(random.nextInt(300));
            child.kill();
            long printed = child.last("saved");
            assertTrue(printed > previous, "round " + round + ": the child did not go on from " + previous
                    + "; its output: " + child.output());

            Variable n = new Variable(Tensors.constant(0L), false);
            Variable w = new Variable(Tensors.zeros(io.gradtape.DType.FLOAT32, 256, 1024));
            CheckpointManager m = new CheckpointManager(checkpoint(n, w), dir, 2);
            long last = m.saveCounter();
            // the kill may fall between a finished save and its print
            assertTrue(last == printed || last == printed + 1, "round " + round + ": counter " + last
                    + ", last printed " + printed);
            List<Path> kept = m.checkpoints();
            // the newest two numbers (one, if the kill came right after the first save of round 0)
            List<Path> expected = last == 1 ? List.of(dir.resolve("ckpt-1.npz"))
                    : List.of(dir.resolve("ckpt-" + (last - 1) + ".npz"), dir.resolve("ckpt-" + last + ".npz"));
            assertEquals(expected, kept, "round " + round);
            for (Path p : kept) {
                long number = Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""));
                n.assign(Tensors.constant(0L));
                new Checkpoint().variable("n", n).variable("w", w).restore(p);   // loads, never torn
                assertEquals(number, n.longValue(), p.toString());
                assertEquals(number, w.toFloatArray()[12345], 0.0, p.toString());
            }
            assertEquals(m.latestCheckpoint(), m.restoreLatest());
            previous = last;
        }
        // every file a kill left behind unlisted is older than the kept two; no number was written twice
        long newest = previous;
        try (var files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("ckpt-")).forEach(f -> {
                long k = Long.parseLong(f.replaceAll("\\D", ""));
                assertTrue(k <= newest + 1, f);
            });
        }
    }
}
