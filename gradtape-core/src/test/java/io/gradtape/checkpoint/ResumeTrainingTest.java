package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.data.Datasets;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training a Sequential MLP with Dropout on the digits with Adam and a shuffled dataset: N epochs straight equal
 * K epochs, checkpoint, fresh objects (other initial weights, other generator), restore, N-K epochs, bit for bit.
 * The optimizer's moments and step count and the dropout generator's state all matter here: leaving any out of
 * the checkpoint breaks the equality (checked below).
 */
class ResumeTrainingTest {
    @TempDir
    Path dir;

    static final Dataset.Split DATA = Datasets.digits().dataset().trainTestSplit(0.2, 3);
    static final Dataset TRAIN = DATA.train().take(512).shuffle(11).batch(64);

    /** A whole run's objects. */
    static final class Run {
        final Generator dropout;
        final Module model;
        final Optimizer optimizer = new Adam(0.003);
        final Loss lossFn = new SparseCategoricalCrossentropy(true);

        Run(long init) {
            Initializers.setDefaultSeed(init);
            dropout = Generator.fromSeed(init + 100);
            model = new Sequential(new Dense(64, 32, "relu"), new Dropout(0.25, dropout), new Dense(32, 10, null));
        }

        Checkpoint checkpoint() {
            return new Checkpoint().module(model).optimizer(optimizer).generator("generator", dropout);
        }

        void epochs(int from, int to) {
            for (int e = from; e < to; e++) {
                for (Batch b : TRAIN.epoch(e)) {
                    GradientTape tape = new GradientTape();
                    Tensor loss;
                    try (tape) {
                        loss = lossFn.call(b.y(), model.call(b.x(), true));
                    }
                    optimizer.applyGradients(tape.gradient(loss, model.trainableVariables()), model.trainableVariables());
                }
            }
        }

        /** Every variable of the model and the optimizer, and the generator state, as raw bits. */
        List<long[]> bits() {
            List<Variable> all = new ArrayList<>(model.variables());
            all.addAll(optimizer.variables());
            List<long[]> out = new ArrayList<>();
            for (Variable v : all) {
                if (v.dtype() == DType.INT64) {
                    out.add(new long[] {v.longValue()});
                } else {
                    float[] f = v.toFloatArray();
                    long[] b = new long[f.length];
                    for (int i = 0; i < f.length; i++) {
                        b[i] = Float.floatToRawIntBits(f[i]);
                    }
                    out.add(b);
                }
            }
            out.add(dropout.getState());
            return out;
        }
    }

    static void assertSameBits(List<long[]> a, List<long[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "state part " + i);
        }
    }

    @Test
    void resumedTrainingEqualsUninterruptedBitForBit() throws IOException {
        Run straight = new Run(5);
        straight.epochs(0, 4);

        Run first = new Run(5);
        first.epochs(0, 2);
        Path file = dir.resolve("ckpt.npz");
        first.checkpoint().save(file);

        Run resumed = new Run(6);
        resumed.checkpoint().restore(file);
        resumed.epochs(2, 4);
        assertSameBits(straight.bits(), resumed.bits());
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "optimizer/iterations",
                "optimizer/learning_rate", "optimizer/momentum/dense/kernel", "optimizer/velocity/dense/kernel",
                "optimizer/momentum/dense/bias", "optimizer/velocity/dense/bias",
                "optimizer/momentum/dense_1/kernel", "optimizer/velocity/dense_1/kernel",
                "optimizer/momentum/dense_1/bias", "optimizer/velocity/dense_1/bias",
                "generator/state"), List.copyOf(Npz.read(file).keySet()));
    }

    @Test
    void everyPartOfTheStateMatters() throws IOException {
        Run straight = new Run(5);
        straight.epochs(0, 3);
        Run first = new Run(5);
        first.epochs(0, 2);
        Path file = dir.resolve("ckpt.npz");
        first.checkpoint().save(file);
        Map<String, Tensor> saved = Npz.read(file);
        for (String left : List.of("optimizer/momentum/dense/kernel", "optimizer/iterations", "generator/state")) {
            Run resumed = new Run(6);
            resumed.checkpoint().restore(file);
            // undo one part of the restore: as if the checkpoint had not held it
            Run fresh = new Run(6);
            fresh.optimizer.build(fresh.model.trainableVariables());
            if (left.equals("generator/state")) {
                resumed.dropout.setState(fresh.dropout.getState());
            } else if (left.equals("optimizer/iterations")) {
                resumed.optimizer.iterations().assign(fresh.optimizer.iterations());
            } else {
                Variable k = resumed.model.trainableVariables().get(0);
                resumed.optimizer.slots(k).get("momentum").assign(io.gradtape.Tensors.zerosLike(k));
            }
            resumed.epochs(2, 3);
            List<long[]> a = straight.bits();
            List<long[]> b = resumed.bits();
            boolean differs = false;
            for (int i = 0; i < a.size() - 1; i++) {
                differs |= !java.util.Arrays.equals(a.get(i), b.get(i));
            }
            assertTrue(differs, "leaving out " + left + " changed nothing: the test would not see it missing");
        }
        assertTrue(saved.containsKey("generator/state"));
    }

    @Test
    void restoringIntoAnotherArchitectureRestoresNothing() throws IOException {
        Run first = new Run(5);
        first.epochs(0, 1);
        Path file = dir.resolve("ckpt.npz");
        first.checkpoint().save(file);

        Initializers.setDefaultSeed(9);
        Module wider = new Sequential(new Dense(64, 48, "relu"), new Dense(48, 10, null));
        Optimizer adam = new Adam();
        Checkpoint c = new Checkpoint().module(wider).optimizer(adam);
        float[] before = wider.trainableVariables().get(0).toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.restore(file));
        assertTrue(e.getMessage().contains("ckpt.npz") && e.getMessage().contains("unexpected keys [generator/state]"), e.getMessage());
        assertArrayEquals(before, wider.trainableVariables().get(0).toFloatArray());

        Checkpoint c2 = new Checkpoint().module(wider).optimizer(adam).generator("generator", Generator.fromSeed(0));
        e = assertThrows(IllegalArgumentException.class, () -> c2.restore(file));
        assertTrue(e.getMessage().contains("'dense/kernel'") && e.getMessage().contains("(64, 48)") && e.getMessage().contains("(64, 32)"), e.getMessage());
        assertArrayEquals(before, wider.trainableVariables().get(0).toFloatArray());
        assertEquals(0L, adam.iterations().longValue());
    }

    @Test
    void anUnbuiltModuleSaysSo() throws IOException {
        Run first = new Run(5);
        Path file = dir.resolve("ckpt.npz");
        first.checkpoint().save(file);
        Module lazy = new Sequential(new Dense(32, "relu"), new Dense(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().module(lazy).optimizer(new Adam()).generator("generator", Generator.fromSeed(0)).restore(file));
        assertTrue(e.getMessage().contains("no variables yet"), e.getMessage());
        assertTrue(Files.exists(file));
    }
}
