package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint of plain variables and generators: round trip, and every kind of mismatch restores nothing. */
class CheckpointTest {
    @TempDir
    Path dir;

    Variable w;
    Variable step;
    Generator g;
    Checkpoint ckpt;
    Path file;

    @BeforeEach
    void setUp() throws IOException {
        w = new Variable(Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        step = new Variable(Tensors.constant(10L), false);
        g = Generator.fromSeed(99);
        ckpt = new Checkpoint().variable("dense/kernel", w).variable("step", step).generator("generator", g);
        file = dir.resolve("ckpt.npz");
        ckpt.save(file);
    }

    private void scramble() {
        w.assign(Tensors.zeros(DType.FLOAT32, 2, 3));
        step.assign(Tensors.constant(0L));
        g.uniform(5);
    }

    /** A snapshot of all state, to show that a failed restore changed nothing. */
    private List<Object> snapshot() {
        return List.of(Arrays.toString(w.toFloatArray()), step.longValue(), Arrays.toString(g.getState()));
    }

    @Test
    void keysInOrder() {
        assertEquals(List.of("dense/kernel", "step", "generator/state"), ckpt.keys());
    }

    @Test
    void restoreBringsBackValuesAndRandomStream() throws IOException {
        Tensor drawnAfterSave = Generator.fromState(g.getState()).uniform(4);
        scramble();
        ckpt.restore(file);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.toFloatArray());
        assertEquals(10L, step.longValue());
        assertArrayEquals(drawnAfterSave.toFloatArray(), g.uniform(4).toFloatArray());
    }

    @Test
    void missingAndExtraKeysAreListedAndNothingIsRestored() throws IOException {
        Map<String, Tensor> other = new LinkedHashMap<>();
        other.put("dense/kernel", Tensors.constant(new float[] {9, 9, 9, 9, 9, 9}, 2, 3));
        other.put("dense/bias", Tensors.zeros(DType.FLOAT32, 3));
        other.put("generator/state", Tensors.constant(new float[] {1}, 1));
        Path bad = dir.resolve("other.npz");
        Npz.write(bad, other);
        scramble();
        List<Object> before = snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("other.npz") && e.getMessage().contains("missing keys [step]")
                && e.getMessage().contains("unexpected keys [dense/bias]"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void shapeMismatchNamesKeyAndShapesAndRestoresNothing() throws IOException {
        Map<String, Tensor> other = new LinkedHashMap<>(Npz.read(file));
        other.put("step", Tensors.cast(Tensors.constant(new int[] {1, 2}, 2), DType.INT64));
        Path bad = dir.resolve("shape.npz");
        Npz.write(bad, other);
        scramble();
        List<Object> before = snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("shape.npz") && e.getMessage().contains("'step'") && e.getMessage().contains("(2,)"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void dtypeMismatchRestoresNothing() throws IOException {
        Map<String, Tensor> other = new LinkedHashMap<>(Npz.read(file));
        other.put("dense/kernel", Tensors.zeros(DType.FLOAT64, 2, 3));
        Path bad = dir.resolve("dtype.npz");
        Npz.write(bad, other);
        scramble();
        List<Object> before = snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("'dense/kernel'") && e.getMessage().contains("float64"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void badGeneratorStateRestoresNothing() throws IOException {
        Map<String, Tensor> other = new LinkedHashMap<>(Npz.read(file));
        other.put("generator/state", Tensors.cast(Tensors.constant(new int[] {77, 1, 2}, 3), DType.INT64));
        Path bad = dir.resolve("gen.npz");
        Npz.write(bad, other);
        scramble();
        List<Object> before = snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("'generator/state'"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void truncatedFileRestoresNothing() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Path bad = dir.resolve("trunc.npz");
        Files.write(bad, Arrays.copyOf(bytes, bytes.length - 30));
        scramble();
        List<Object> before = snapshot();
        assertThrows(NpzFormatException.class, () -> ckpt.restore(bad));
        assertEquals(before, snapshot());
    }

    @Test
    void duplicateKeysAndObjectsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint().variable("a", w).variable("a", step));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint().variable("a", w).variable("b", w));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint().generator("g", g).generator("h", g));
    }

    @Test
    void savesVariablesOfShapeScalarAndEmpty() throws IOException {
        Variable e = new Variable(Tensors.zeros(DType.FLOAT32, 0, 4));
        Variable s = new Variable(Tensors.constant(2.5));
        Checkpoint c = new Checkpoint().variable("e", e).variable("s", s);
        Path f = dir.resolve("small.npz");
        c.save(f);
        s.assign(Tensors.constant(0.0));
        c.restore(f);
        assertEquals(2.5, s.doubleValue());
        assertEquals(Shape.of(0, 4), Npz.read(f).get("e").shape());
    }

    /**
     * Keras tracks a constant learning rate as a variable of the optimizer (keras/src/optimizers/base_optimizer.py,
     * BaseOptimizer.__init__: backend.Variable(learning_rate, name="learning_rate", trainable=False)), so a
     * checkpoint brings back a rate lowered during training; before, the restored optimizer kept its
     * constructor's 0.1 and the resumed run took ten times larger steps than the saved one.
     */
    @Test
    void aConstantLearningRateIsSavedAndRestored() throws IOException {
        io.gradtape.optimizers.SGD sgd = new io.gradtape.optimizers.SGD(0.1);
        Checkpoint c = new Checkpoint().variable("w", w).optimizer(sgd);
        sgd.setLearningRate(0.01);
        Path f = dir.resolve("lr.npz");
        c.save(f);
        assertEquals(List.of("w", "optimizer/iterations", "optimizer/learning_rate"), c.keys());
        Tensor saved = Npz.read(f).get("optimizer/learning_rate");
        assertEquals(DType.FLOAT64, saved.dtype());
        assertEquals(Shape.SCALAR, saved.shape());
        assertEquals(0.01, saved.doubleValue());

        io.gradtape.optimizers.SGD fresh = new io.gradtape.optimizers.SGD(0.1);
        new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2, 3))).optimizer(fresh).restore(f);
        assertEquals(0.01, fresh.learningRate());

        // a schedule follows the iterations: no key for it
        io.gradtape.optimizers.SGD scheduled = new io.gradtape.optimizers.SGD(
                new io.gradtape.optimizers.ExponentialDecay(0.1, 10, 0.5));
        assertEquals(List.of("w", "optimizer/iterations"), new Checkpoint().variable("w", w).optimizer(scheduled).keys());
    }

    @Test
    void aBadLearningRateRestoresNothing() throws IOException {
        io.gradtape.optimizers.SGD sgd = new io.gradtape.optimizers.SGD(0.1);
        Checkpoint c = new Checkpoint().variable("w", w).optimizer(sgd);
        Path f = dir.resolve("badlr.npz");
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("w", Tensors.zeros(DType.FLOAT32, 2, 3));
        arrays.put("optimizer/iterations", Tensors.constant(5L));
        arrays.put("optimizer/learning_rate", Tensors.constant(-1.0));
        Npz.write(f, arrays);
        float[] before = w.toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.restore(f));
        assertTrue(e.getMessage().contains("'optimizer/learning_rate'") && e.getMessage().contains("-1.0"), e.getMessage());
        assertArrayEquals(before, w.toFloatArray());
        assertEquals(0L, sgd.iterations().longValue());
        assertEquals(0.1, sgd.learningRate());
    }

    /**
     * An int64 variable is trainable unless told otherwise (as tf.Variable), but no gradient reaches it, so the
     * optimizer has no slots for it; before, save asked the optimizer to build slots for it and failed with
     * "build: variable 0 has dtype int64", naming neither the checkpoint nor the key.
     */
    @Test
    void anIntegerVariableBesideAnOptimizerHasNoSlots() throws IOException {
        Variable epoch = new Variable(Tensors.constant(3L));
        assertTrue(epoch.trainable());
        io.gradtape.optimizers.Adam adam = new io.gradtape.optimizers.Adam();
        Checkpoint c = new Checkpoint().variable("w", w).variable("epoch", epoch).optimizer(adam);
        assertEquals(List.of("w", "epoch", "optimizer/iterations", "optimizer/learning_rate", "optimizer/momentum/w", "optimizer/velocity/w"),
                c.keys());
        Path f = dir.resolve("epoch.npz");
        c.save(f);
        epoch.assign(Tensors.constant(0L));
        c.restore(f);
        assertEquals(3L, epoch.longValue());
    }
}
