package io.gradtape.checkpoint;

import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.data.Datasets;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Dropout;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Loss;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a child JVM trains an MLP with dropout on the digits (Adam), saving a checkpoint after every step
 * and resuming from the checkpoint it finds at start. The test kills it ({@code destroyForcibly}) at random
 * moments, several times; after each kill the checkpoint present must load (a restore into fresh objects) and
 * hold at least the last step the child reported saving (it may be newer: killed between rename and report).
 * The last child runs to {@link #STEPS}. Its final checkpoint must equal, byte for byte, the one an
 * uninterrupted run in this JVM writes after {@link #STEPS} steps: every resumed checkpoint was exactly a
 * written one, or the trajectories would differ.
 */
class KillTrainingTest {
    static final int STEPS = 240;
    static final int KILLS = 6;

    @TempDir
    Path dir;

    /** The training, identical in the child and in the test. */
    static final class Training {
        static final Dataset TRAIN = Datasets.digits().dataset().trainTestSplit(0.2, 5).train().shuffle(5).batch(32);
        final Generator generator = Generator.fromSeed(77);
        final Module model;
        final Optimizer optimizer = new Adam(0.002);
        final Loss lossFn = new SparseCategoricalCrossentropy(true);
        final Checkpoint checkpoint;

        Training() {
            Initializers.setDefaultSeed(3);
            model = new Sequential(new Dense(64, 256, "relu"), new Dropout(0.3, generator), new Dense(256, 10, null));
            checkpoint = new Checkpoint().module(model).optimizer(optimizer).generator("generator", generator);
        }

        long step() {
            return optimizer.iterations().longValue();
        }

        /** One step on the batch the step count names: epoch s / n, batch s % n. */
        void step1() {
            long s = step();
            int perEpoch = TRAIN.size();
            Iterator<Batch> it = TRAIN.epoch(s / perEpoch).iterator();
            for (long i = 0; i < s % perEpoch; i++) {
                it.next();
            }
            Batch b = it.next();
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                loss = lossFn.call(b.y(), model.call(b.x(), true));
            }
            optimizer.applyGradients(tape.gradient(loss, model.trainableVariables()), model.trainableVariables());
        }
    }

    /** The child: resume if a checkpoint exists, then step and save until STEPS, reporting each save. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Training t = new Training();
        if (Files.exists(file)) {
            t.checkpoint.restore(file);
        }
        System.out.println("resumed " + t.step());
        while (t.step() < STEPS) {
            t.step1();
            t.checkpoint.save(file);
            System.out.println("saved " + t.step());
            System.out.flush();
        }
    }

    @Test
    void killedTrainingResumesFromAWrittenCheckpointAndEndsAsAnUninterruptedRun() throws Exception {
        Path file = dir.resolve("train.npz");
        Random random = new Random(11);
        List<String> report = new ArrayList<>();
        for (int round = 0; round <= KILLS; round++) {
            boolean last = round == KILLS;
            ChildJvm child = new ChildJvm(KillTrainingTest.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                    file.toString(), List.of("saved", "resumed"));
            if (last) {
                int exit = child.finish(300);
                assertEquals(0, exit, String.join("\n", child.output()));
                break;
            }
            child.awaitFirst("saved", 120);
            assertTrue(child.last("saved") > 0, "round " + round + ": the child saved nothing; its output: " + child.output());
            Thread.sleep(random.nextInt(250));
            child.kill();

            Training fresh = new Training();
            fresh.checkpoint.restore(file);   // loads, or the test fails here
            long saved = child.last("saved");
            assertTrue(fresh.step() >= saved,
                    "round " + round + ": the checkpoint holds step " + fresh.step() + ", the child last reported " + saved);
            report.add("resumed at " + child.last("resumed") + ", killed after step " + saved + ", checkpoint at " + fresh.step());
            if (fresh.step() >= STEPS) {
                break;
            }
        }

        // the child runs without the Vector API module, on the scalar kernels; so does the uninterrupted run (the
        // Vector API's float32 exp is within 1 ulp of the scalar kernel's result, not always the same bits)
        KernelProvider installed = Vectorization.provider();
        Vectorization.setProvider(Vectorization.scalar());
        Training straight = new Training();
        try {
            while (straight.step() < STEPS) {
                straight.step1();
            }
        } finally {
            Vectorization.setProvider(installed);
        }
        Path reference = dir.resolve("straight.npz");
        straight.checkpoint.save(reference);
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(file),
                "the run resumed after the kills (" + String.join("; ", report) + ") differs from the uninterrupted one");
    }
}
