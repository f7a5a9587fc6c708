package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Freezing modules: Keras 3's {@code layer.trainable} (keras/src/layers/layer.py: the {@code trainable} setter,
 * {@code trainable_weights}, {@code non_trainable_weights}, {@code _track_variable}) and the frozen
 * BatchNormalization (keras/src/layers/normalization/batch_normalization.py).
 */
class TrainableTest {

    @TempDir
    Path dir;

    private static Dense dense(int in, int out, String activation, long seed) {
        return Dense.builder(out).inputSize(in).activation(activation)
                .kernelInitializer(Initializers.glorotUniform(Generator.fromSeed(seed)))
                .biasInitializer(Initializers.constant(0.1)).build();
    }

    private static Sequential model() {
        return new Sequential(dense(3, 4, "tanh", 1), dense(4, 2, null, 2));
    }

    private static final Tensor X = Tensors.constant(new float[] {1, -2, 0.5f, 0.3f, 0.7f, -1, 2, 0, 1}, 3, 3);
    private static final Tensor Y = Tensors.constant(new float[] {1, 0, -1, 2, 0.5f, 0.5f}, 3, 2);

    private static Tensor loss(Module model) {
        return new MeanSquaredError().call(Y, model.call(X, true));
    }

    private static List<float[]> values(List<Variable> vs) {
        List<float[]> out = new ArrayList<>();
        for (Variable v : vs) {
            out.add(v.toFloatArray());
        }
        return out;
    }

    @Test
    void aFrozenLayerKeepsItsWeightsBitForBitWhileTheOthersTrainAndUnfreezingTrainsItAgain() {
        Sequential model = model();
        Module base = model.layers().get(0);
        Module head = model.layers().get(1);
        base.setTrainable(false);
        assertFalse(base.trainable());
        assertTrue(head.trainable() && model.trainable());
        assertEquals(List.of(head.variables().get(0), head.variables().get(1)), model.trainableVariables());
        assertEquals(base.variables(), model.nonTrainableVariables());
        assertEquals(List.of(), base.trainableVariables());
        for (Variable v : base.variables()) {
            assertFalse(v.trainable());
        }
        List<float[]> base0 = values(base.variables());
        List<float[]> head0 = values(head.variables());
        Optimizer opt = new Adam(0.01);
        for (int i = 0; i < 3; i++) {
            opt.minimize(() -> loss(model), model.trainableVariables());
        }
        List<float[]> base1 = values(base.variables());
        for (int i = 0; i < base0.size(); i++) {
            assertArrayEquals(base0.get(i), base1.get(i), 0f);
        }
        for (int i = 0; i < head0.size(); i++) {
            assertFalse(java.util.Arrays.equals(head0.get(i), head.variables().get(i).toFloatArray()));
        }
        // the optimizer never saw the frozen variables: no slots for them
        assertEquals(Map.of(), opt.slots(base.variables().get(0)));

        base.setTrainable(true);
        assertTrue(base.trainable() && base.variables().get(0).trainable());
        assertEquals(4, model.trainableVariables().size());
        opt.minimize(() -> loss(model), model.trainableVariables());
        assertFalse(java.util.Arrays.equals(base0.get(0), base.variables().get(0).toFloatArray()));
    }

    @Test
    void aTapeDoesNotWatchAFrozenVariableUnlessAskedTo() {
        Sequential model = model();
        Module base = model.layers().get(0);
        base.setTrainable(false);
        Variable kernel = base.variables().get(0);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            l = loss(model);
        }
        List<Variable> watched = tape.watchedVariables();
        List<Tensor> g = tape.gradient(l, List.of(kernel, model.layers().get(1).variables().get(0)));
        // Keras 3 on PyTorch clears requires_grad (keras/src/backend/torch/core.py, the Variable.trainable setter)
        assertFalse(watched.contains(kernel));
        assertEquals(2, watched.size());
        assertNull(g.get(0));
        assertTrue(g.get(1) != null);
        GradientTape watching = new GradientTape();
        try (watching) {
            watching.watch(kernel);
            l = loss(model);
        }
        assertTrue(watching.gradient(l, kernel) != null);
    }

    @Test
    void freezingRecursesAndUnfreezingAParentUnfreezesEveryChildButNotMovingStatistics() {
        Sequential inner = new Sequential(dense(3, 3, "relu", 3), new BatchNormalization(3));
        Sequential model = new Sequential(inner, dense(3, 2, null, 4));
        model.setTrainable(false);
        for (Module m : List.of(model, inner, inner.layers().get(0), inner.layers().get(1), model.layers().get(1))) {
            assertFalse(m.trainable(), m.name());
        }
        assertEquals(List.of(), model.trainableVariables());
        assertEquals(model.variables(), model.nonTrainableVariables());
        assertEquals(3 * 3 + 3 + 4 * 3 + 3 * 2 + 2, model.countParams());   // count_params counts frozen weights too

        // Keras: a frozen layer lists no trainable weights even when a sublayer of it was unfrozen on its own
        Module innerDense = inner.layers().get(0);
        innerDense.setTrainable(true);
        assertEquals(List.of(), model.trainableVariables());
        assertEquals(innerDense.variables(), innerDense.trainableVariables());

        model.setTrainable(true);
        Map<String, Variable> named = model.namedVariables();
        assertEquals(List.of("sequential/dense/kernel", "sequential/dense/bias", "sequential/batch_normalization/gamma",
                "sequential/batch_normalization/beta", "dense/kernel", "dense/bias"), names(model, model.trainableVariables()));
        assertEquals(List.of("sequential/batch_normalization/moving_mean", "sequential/batch_normalization/moving_variance"),
                names(model, model.nonTrainableVariables()));
        assertFalse(named.get("sequential/batch_normalization/moving_mean").trainable());
    }

    private static List<String> names(Module m, List<Variable> vs) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Variable> e : m.namedVariables().entrySet()) {
            if (vs.contains(e.getValue())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    @Test
    void aLayerFrozenBeforeItBuildsMakesItsVariablesFrozen() {
        // keras/src/layers/layer.py, _track_variable: `if not self.trainable: variable.trainable = False`
        Dense d = new Dense(2);
        d.setTrainable(false);
        d.call(Tensors.ones(DType.FLOAT32, 1, 3));
        assertEquals(2, d.variables().size());
        assertEquals(List.of(), d.trainableVariables());
        assertFalse(d.variables().get(0).trainable());
        d.setTrainable(true);
        assertEquals(d.variables(), d.trainableVariables());
    }

    @Test
    void aBidirectionalMadeFromAFrozenLayerIsFrozenAsKerasRebuildsItFromItsConfig() {
        // keras/src/layers/rnn/bidirectional.py rebuilds both directions from the layer's config, whose get_config
        // (keras/src/layers/layer.py) carries "trainable"; a backward layer given explicitly is used as it is
        LSTM template = new LSTM(2);
        template.setTrainable(false);
        Bidirectional bi = new Bidirectional(template);
        bi.call(Tensors.ones(DType.FLOAT32, 1, 3, 2));
        assertFalse(bi.forwardLayer().trainable() || bi.backwardLayer().trainable());
        assertTrue(bi.trainable());
        assertEquals(List.of(), bi.trainableVariables());
        assertEquals(6, bi.nonTrainableVariables().size());   // kernel, recurrent_kernel and bias of each direction
        Bidirectional mixed = new Bidirectional(template, "concat", LSTM.builder(2).goBackwards(true).build(), null);
        mixed.call(Tensors.ones(DType.FLOAT32, 1, 3, 2));
        assertEquals(mixed.backwardLayer().variables(), mixed.trainableVariables());
        bi.setTrainable(true);
        assertEquals(6, bi.trainableVariables().size());
    }

    @Test
    void aFrozenBatchNormalizationNormalizesWithItsMovingStatisticsAndLeavesThemUnchanged() {
        BatchNormalization bn = new BatchNormalization(2);
        Map<String, Variable> v = bn.namedVariables();
        v.get("gamma").assign(Tensors.constant(new float[] {2, 0.5f}, 2));
        v.get("beta").assign(Tensors.constant(new float[] {0.1f, -1}, 2));
        v.get("moving_mean").assign(Tensors.constant(new float[] {1, 2}, 2));
        v.get("moving_variance").assign(Tensors.constant(new float[] {4, 0.25f}, 2));
        Tensor x = Tensors.constant(new float[] {1, 2, 3, 6, 5, 4}, 3, 2);
        bn.setTrainable(false);
        Tensor y = bn.call(x, true);
        // (x - moving_mean) / sqrt(moving_variance + 1e-3) * gamma + beta, NumPy 1.24 float32:
        // e.g. (3 - 1) / sqrt(4.001) * 2 + 0.1 = 2.09975
        assertArrayEquals(new float[] {0.1f, -1f, 2.09975f, 2.9920242f, 4.0995f, 0.9960121f}, y.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 2}, v.get("moving_mean").toFloatArray(), 0f);
        assertArrayEquals(new float[] {4, 0.25f}, v.get("moving_variance").toFloatArray(), 0f);

        // unfrozen, training normalizes with the batch's statistics (mean [3, 4], variance [8/3, 8/3]) and moves
        // the moving ones: moving_mean = [1, 2] * 0.99 + [3, 4] * 0.01 (NumPy float32)
        bn.setTrainable(true);
        Tensor z = bn.call(x, true);
        assertArrayEquals(new float[] {-2.3490307f, -1.6122577f, 0.1f, -0.38774234f, 2.5490305f, -1f}, z.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1.02f, 2.02f}, v.get("moving_mean").toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3.9866667f, 0.27416667f}, v.get("moving_variance").toFloatArray(), 1e-6f);
    }

    @Test
    void aFrozenBaseWithBatchNormalizationIsUnchangedByTraining() {
        Sequential base = new Sequential(dense(3, 4, "relu", 5), new BatchNormalization(4));
        Sequential model = new Sequential(base, dense(4, 2, null, 6));
        model.call(X, true);   // some moving statistics
        base.setTrainable(false);
        List<float[]> before = values(base.variables());
        Optimizer opt = new SGD(0.1);
        for (int i = 0; i < 3; i++) {
            opt.minimize(() -> loss(model), model.trainableVariables());
        }
        List<float[]> after = values(base.variables());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), 0f, "variable " + i);
        }
    }

    @Test
    void anOptimizerGivenAFrozenVariableUpdatesItAsKerasDoes() {
        // keras/src/optimizers/base_optimizer.py, apply: no check of `trainable`; Keras leaves frozen variables out
        // of trainable_weights instead
        Dense d = Dense.builder(1).inputSize(1).kernelInitializer(Initializers.ones()).build();
        d.setTrainable(false);
        Variable kernel = d.variables().get(0);
        new SGD(0.1).applyGradients(List.of(Tensors.constant(new float[] {2}, 1, 1)), List.of(kernel));
        assertArrayEquals(new float[] {0.8f}, kernel.toFloatArray(), 1e-7f);   // 1 - 0.1 * 2
    }

    @Test
    void withUseEmaAFrozenLayersWeightsAndAveragesStayBitForBitAndUnfreezingResumesTheAverage() {
        // keras/src/optimizers/base_optimizer.py, _backend_apply_gradients: Keras 3 averages and overwrites every
        // variable the optimizer was built with (no `trainable` check); gradtape skips frozen ones, so that
        // setTrainable(false) keeps them unchanged (documented deviation, Optimizer.Builder#useEma)
        Sequential model = model();
        Module base = model.layers().get(0);
        Optimizer opt = SGD.builder().learningRate(0.1).useEma(true).emaMomentum(0.9).emaOverwriteFrequency(2).build();
        for (int i = 0; i < 3; i++) {   // steps 1-3, step 2 overwrites every variable with its average
            opt.minimize(() -> loss(model), model.trainableVariables());
        }
        Variable kernel = base.variables().get(0);
        float[] avg3 = opt.slots(kernel).get("average").toFloatArray();
        assertFalse(java.util.Arrays.equals(avg3, kernel.toFloatArray()), "after step 3 the average lags the weights");
        base.setTrainable(false);
        List<float[]> frozen = values(base.variables());
        opt.minimize(() -> loss(model), model.trainableVariables());   // step 4 overwrites: the head only
        opt.finalizeVariableValues(model.variables());                    // copies the head's averages only
        List<float[]> after = values(base.variables());
        for (int i = 0; i < frozen.size(); i++) {
            assertArrayEquals(frozen.get(i), after.get(i), 0f, "frozen variable " + i);
        }
        assertArrayEquals(avg3, opt.slots(kernel).get("average").toFloatArray(), 0f, "the frozen average is unchanged");
        Variable headKernel = model.layers().get(1).variables().get(0);
        assertArrayEquals(opt.slots(headKernel).get("average").toFloatArray(), headKernel.toFloatArray(), 0f);

        base.setTrainable(true);
        opt.minimize(() -> loss(model), model.trainableVariables());   // step 5, no overwrite
        float[] w5 = kernel.toFloatArray();
        assertFalse(java.util.Arrays.equals(frozen.get(0), w5), "unfrozen, the kernel trains again");
        float[] avg5 = opt.slots(kernel).get("average").toFloatArray();
        double mu = (float) 0.9;
        double c = (float) (1 - mu);
        for (int i = 0; i < w5.length; i++) {   // the average resumes from step 3's: mu * avg3 + (1 - mu) * w5
            float want = (float) (mu * avg3[i] + c * w5[i]);
            assertEquals(want, avg5[i], Math.ulp(want), "average element " + i);
        }
    }

    @Test
    void checkpointsSaveFrozenVariablesUnderTheirNamesAndSlotsOnlyForTheTrainableOnes() throws IOException {
        Sequential model = model();
        model.layers().get(0).setTrainable(false);
        Adam opt = new Adam(0.01);
        opt.minimize(() -> loss(model), model.trainableVariables());
        Checkpoint ckpt = new Checkpoint().module(model).optimizer(opt);
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "optimizer/iterations",
                "optimizer/learning_rate", "optimizer/momentum/dense_1/kernel", "optimizer/velocity/dense_1/kernel",
                "optimizer/momentum/dense_1/bias", "optimizer/velocity/dense_1/bias"), ckpt.keys());
        Path file = dir.resolve("frozen.npz");
        ckpt.save(file);
        List<float[]> saved = values(model.variables());

        // restored into a fresh model frozen the same way: every value back
        Sequential copy = new Sequential(dense(3, 4, "tanh", 7), dense(4, 2, null, 8));
        copy.layers().get(0).setTrainable(false);
        Adam opt2 = new Adam(0.01);
        new Checkpoint().module(copy).optimizer(opt2).restore(file);
        List<float[]> restored = values(copy.variables());
        for (int i = 0; i < saved.size(); i++) {
            assertArrayEquals(saved.get(i), restored.get(i), 0f);
        }
        assertEquals(1L, opt2.iterations().longValue());

        // unfrozen, the checkpoint lacks the base's slots: an error naming them, nothing changed
        Sequential unfrozen = new Sequential(dense(3, 4, "tanh", 9), dense(4, 2, null, 10));
        List<float[]> fresh = values(unfrozen.variables());
        Checkpoint other = new Checkpoint().module(unfrozen).optimizer(new Adam(0.01));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.restore(file));
        assertTrue(e.getMessage().contains("optimizer/momentum/dense/kernel"), e.getMessage());
        List<float[]> still = values(unfrozen.variables());
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(fresh.get(i), still.get(i), 0f);
        }
        // the weights alone restore into it whatever is frozen
        Path weights = dir.resolve("weights.npz");
        new Checkpoint().module(model).save(weights);
        new Checkpoint().module(unfrozen).restore(weights);
        for (int i = 0; i < saved.size(); i++) {
            assertArrayEquals(saved.get(i), unfrozen.variables().get(i).toFloatArray(), 0f);
        }
    }

    @Test
    void theSummaryCountsTrainableAndNonTrainableParameters() {
        Sequential model = new Sequential(dense(4, 3, "relu", 11), dense(3, 2, null, 12));
        model.layers().get(0).setTrainable(false);
        // kernel 4x3 + bias 3 = 15 frozen; 3x2 + 2 = 8 trainable
        assertEquals("Sequential sequential (23 parameters: 8 trainable, 15 non-trainable)\n"
                + "  dense/kernel (4, 3) float32 (non-trainable)\n"
                + "  dense/bias (3,) float32 (non-trainable)\n"
                + "  dense_1/kernel (3, 2) float32\n"
                + "  dense_1/bias (2,) float32\n", model.toString());
        assertEquals(23, model.countParams());
        model.setTrainable(false);
        assertTrue(model.toString().startsWith("Sequential sequential (23 parameters: 0 trainable, 23 non-trainable)\n"),
                model.toString());
        assertEquals("BatchNormalization batch_normalization (8 parameters: 4 trainable, 4 non-trainable)",
                new BatchNormalization(2).toString().lines().findFirst().orElseThrow());
    }

    /** A module with a variable it did not register. */
    static final class Untracked extends io.gradtape.nn.Module {
        final Dense d = addModule(new Dense(2, 2, null));
        final Variable stray = new Variable(Tensors.ones(DType.FLOAT32, 2));

        @Override
        public Tensor call(Tensor x) {
            return d.call(x).mul(stray);
        }
    }

    @Test
    void aFailedSetTrainableChangesNothing() {
        Untracked m = new Untracked();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.setTrainable(false));
        assertTrue(e.getMessage().contains("setTrainable") && e.getMessage().contains("stray"), e.getMessage());
        assertTrue(m.trainable() && m.d.trainable() && m.d.variables().get(0).trainable());
    }
}
