package io.gradtape.checkpoint;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Mean;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.optimizers.Adam;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restoring part of a checkpoint, as TensorFlow's {@code tf.train.Checkpoint(model=model).restore(path)
 * .expect_partial()} (tensorflow/python/checkpoint/checkpoint.py, CheckpointLoadStatus.expect_partial): keys of the
 * file that the checkpoint does not hold are ignored; every key it holds must still be there with its dtype and
 * shape, as TensorFlow's assert_existing_objects_matched() would require, and a refused restore changes nothing.
 */
class ExpectPartialRestoreTest {
    @TempDir
    Path dir;

    Module trained;
    Adam adam;
    Mean loss;
    Path file;

    private static Module model(long seed) {
        Initializers.setDefaultSeed(seed);
        return new Sequential(new Dense(3, 4, "relu"), new Dense(4, 2, null));
    }

    @BeforeEach
    void setUp() throws IOException {
        trained = model(1);
        adam = new Adam(0.01);
        Tensor x = Tensors.constant(new float[] {1, -2, 0.5f, 3, 0, -1}, 2, 3);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            l = Tensors.reduceSum(Tensors.square(trained.call(x, true)));
        }
        adam.applyGradients(tape.gradient(l, trained.trainableVariables()), trained.trainableVariables());
        loss = new Mean();
        loss.updateState(Tensors.constant(new float[] {1, 2, 6}, 3));   // total 9, count 3: result 3
        file = dir.resolve("ckpt.npz");
        new Checkpoint().module(trained).optimizer(adam).metric("train_loss", loss).save(file);
    }

    private static List<float[]> values(Module m) {
        List<float[]> out = new ArrayList<>();
        for (Variable v : m.variables()) {
            out.add(v.toFloatArray());
        }
        return out;
    }

    private static void assertSameValues(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "variable " + i);
        }
    }

    @Test
    void theModelAloneIsRestoredAndTheOptimizerAndMetricKeysAreIgnored() throws IOException {
        Module fresh = model(2);
        List<float[]> before = values(fresh);
        assertTrue(!Arrays.equals(before.get(0), values(trained).get(0)), "other initial weights");

        // the strict restore, still the default, refuses the file (its optimizer and metric keys are extra)
        IllegalArgumentException strict = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().module(fresh).restore(file));
        assertTrue(strict.getMessage().contains("unexpected keys [optimizer/iterations"), strict.getMessage());
        assertSameValues(before, values(fresh));

        List<String> ignored = new Checkpoint().module(fresh).restoreExpectPartial(file);
        assertSameValues(values(trained), values(fresh));
        // the keys are the model's 4, then Adam's iterations, learning rate, momentum and velocity of each of the 4
        // variables, then the metric's 2: all but the first 4 are ignored, in the file's order
        List<String> expected = new ArrayList<>(List.of("optimizer/iterations", "optimizer/learning_rate"));
        for (String slot : List.of("momentum", "velocity")) {
            for (String k : List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias")) {
                expected.add("optimizer/" + slot + "/" + k);
            }
        }
        expected.addAll(List.of("train_loss/total", "train_loss/count"));
        assertEquals(expected.size(), ignored.size());
        assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(ignored));
        assertEquals(List.of("optimizer/iterations", "optimizer/learning_rate"), ignored.subList(0, 2));
        assertEquals(List.of("train_loss/total", "train_loss/count"), ignored.subList(ignored.size() - 2, ignored.size()));
    }

    @Test
    void theMetricAloneIsRestored() throws IOException {
        Mean fresh = new Mean();
        fresh.updateState(Tensors.constant(100f));
        List<String> ignored = new Checkpoint().metric("train_loss", fresh).restoreExpectPartial(file);
        assertEquals(3.0, fresh.doubleResult(), 0.0);   // (1 + 2 + 6) / 3, as saved
        fresh.updateState(Tensors.constant(3f));
        assertEquals(3.0, fresh.doubleResult(), 0.0);   // (9 + 3) / 4: it accumulates from the saved counts
        assertEquals(4 + 2 + 8, ignored.size());        // the model's 4 keys and the optimizer's 10
    }

    @Test
    void aMissingKeyIsStillRefusedAndNothingChanges() throws IOException {
        Module fresh = model(3);
        Variable extra = new Variable(Tensors.constant(7L), false);
        Mean m = new Mean();
        m.updateState(Tensors.constant(5f));
        List<float[]> before = values(fresh);
        Checkpoint c = new Checkpoint().module(fresh).variable("epoch", extra).metric("val_loss", m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.restoreExpectPartial(file));
        assertTrue(e.getMessage().contains("missing keys [epoch, val_loss/total, val_loss/count]"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was restored"), e.getMessage());
        assertTrue(!e.getMessage().contains("unexpected"), e.getMessage());
        assertSameValues(before, values(fresh));   // the model's keys were all there, yet nothing was assigned
        assertEquals(7L, extra.longValue());
        assertEquals(5.0, m.doubleResult(), 0.0);
    }

    @Test
    void aShapeMismatchIsRefusedAndNothingChanges() throws IOException {
        Initializers.setDefaultSeed(4);
        Module wider = new Sequential(new Dense(3, 5, "relu"), new Dense(5, 2, null));
        List<float[]> before = values(wider);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().module(wider).restoreExpectPartial(file));
        assertTrue(e.getMessage().contains("key 'dense/kernel'"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was restored"), e.getMessage());
        assertSameValues(before, values(wider));
    }

    @Test
    void theModelWithItsOptimizerNeedsTheSlotsInTheFile() throws IOException {
        Path modelOnly = dir.resolve("model.npz");
        new Checkpoint().module(trained).save(modelOnly);
        Module fresh = model(5);
        List<float[]> before = values(fresh);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().module(fresh).optimizer(new Adam(0.01)).restoreExpectPartial(modelOnly));
        assertTrue(e.getMessage().contains("missing keys [optimizer/iterations, optimizer/learning_rate, "
                + "optimizer/momentum/dense/kernel"), e.getMessage());
        assertSameValues(before, values(fresh));
    }

    @Test
    void anUnbuiltModuleIsRefusedNotRestoredWithNothing() {
        Module lazy = new Sequential(new Dense(4, "relu"), new Dense(2));   // no variables before its first call
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().module(lazy).restoreExpectPartial(file));
        assertTrue(e.getMessage().contains("has no variables yet"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was restored"), e.getMessage());
    }

    @Test
    void anExactFileIgnoresNothing() throws IOException {
        Path modelOnly = dir.resolve("model.npz");
        new Checkpoint().module(trained).save(modelOnly);
        Module fresh = model(6);
        assertEquals(List.of(), new Checkpoint().module(fresh).restoreExpectPartial(modelOnly));
        assertSameValues(values(trained), values(fresh));
    }

    @Test
    void theManagerRestoresTheLatestPartially() throws IOException {
        Path run = dir.resolve("run");
        CheckpointManager training = new CheckpointManager(
                new Checkpoint().module(trained).optimizer(adam).metric("train_loss", loss), run, 2);
        training.save();
        Path latest = training.save();

        Module fresh = model(7);
        List<float[]> before = values(fresh);
        CheckpointManager inference = new CheckpointManager(new Checkpoint().module(fresh), run, 2);
        assertThrows(IllegalArgumentException.class, inference::restoreLatest);   // strict: extra keys
        assertSameValues(before, values(fresh));
        assertEquals(latest, inference.restoreLatestExpectPartial());
        assertSameValues(values(trained), values(fresh));

        CheckpointManager empty = new CheckpointManager(new Checkpoint().module(model(8)), dir.resolve("none"), 2);
        assertNull(empty.restoreLatestExpectPartial());
    }

    @Test
    void nullFileIsRefused() {
        assertThrows(NullPointerException.class, () -> new Checkpoint().restoreExpectPartial(null));
    }
}
