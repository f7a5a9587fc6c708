package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Activation;
import io.gradtape.nn.AveragePooling2D;
import io.gradtape.nn.Bidirectional;
import io.gradtape.nn.Conv2DTranspose;
import io.gradtape.nn.Dense;
import io.gradtape.nn.GRU;
import io.gradtape.nn.GlobalAveragePooling2D;
import io.gradtape.nn.GlobalMaxPooling2D;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.LSTM;
import io.gradtape.nn.LayerNormalization;
import io.gradtape.nn.Module;
import io.gradtape.nn.Reshape;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SimpleRNN;
import io.gradtape.optimizers.Adadelta;
import io.gradtape.optimizers.Adamax;
import io.gradtape.optimizers.Ftrl;
import io.gradtape.optimizers.Nadam;
import io.gradtape.optimizers.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model holding every recent layer (Conv2DTranspose, LayerNormalization, AveragePooling2D, Reshape, LSTM, GRU,
 * Bidirectional over SimpleRNN, the global poolings, Activation) trained by each recent optimizer (Adamax, Nadam,
 * Adadelta, Ftrl), with and without the weights' moving average: 3 steps, save, 4 more steps equal fresh objects
 * (other initial weights, unbuilt layers built by {@code build}, a new optimizer) restored from the file and given
 * the same 4 steps, bit for bit, model and optimizer state alike (Nadam's u_product and the EMA averages included,
 * the overwrite every 2 steps crossing the save).
 */
class NewLayersResumeTest {
    @TempDir
    Path dir;

    static Module model(int lstmUnits) {
        return new Sequential(
                new Conv2DTranspose(2, 2, "relu"),                       // (2, 3, 3, 2) -> (2, 4, 4, 2)
                new LayerNormalization(),
                new AveragePooling2D(2),                                 // (2, 2, 2, 2)
                new Reshape(4, 2),                                       // (2, 4, 2): 4 time steps
                LSTM.builder(lstmUnits).returnSequences(true).build(),
                GRU.builder(3).returnSequences(true).build(),
                new Bidirectional(SimpleRNN.builder(2).returnSequences(true).build()),   // (2, 4, 4)
                new Reshape(2, 2, 4),
                new GlobalMaxPooling2D(true),                            // (2, 1, 1, 4)
                new GlobalAveragePooling2D(),                            // (2, 4)
                new Activation("tanh"),
                new Dense(1));
    }

    static Tensor input(int step) {
        double[] d = new double[2 * 3 * 3 * 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sin(0.37 * i + step);
        }
        return Tensors.cast(Tensors.constant(d, 2, 3, 3, 2), DType.FLOAT32);
    }

    static void steps(Module m, Optimizer opt, int from, int to) {
        for (int s = from; s < to; s++) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                Tensor y = m.call(input(s), true);
                loss = y.mul(y).sum();
            }
            opt.applyGradients(tape.gradient(loss, m.trainableVariables()), m.trainableVariables());
        }
    }

    static Map<String, Supplier<Optimizer>> optimizers() {
        Map<String, Supplier<Optimizer>> o = new LinkedHashMap<>();
        o.put("adamax", () -> new Adamax(0.01));
        o.put("nadam", () -> new Nadam(0.01));
        o.put("adadelta", () -> new Adadelta(0.5));
        o.put("ftrl", () -> new Ftrl(0.1));
        o.put("adamax_ema", () -> Adamax.builder().learningRate(0.01).useEma(true).emaOverwriteFrequency(2).build());
        o.put("nadam_ema", () -> Nadam.builder().learningRate(0.01).useEma(true).emaOverwriteFrequency(2).build());
        o.put("adadelta_ema", () -> Adadelta.builder().learningRate(0.5).useEma(true).emaOverwriteFrequency(2).build());
        o.put("ftrl_ema", () -> Ftrl.builder().learningRate(0.1).useEma(true).emaOverwriteFrequency(2).build());
        return o;
    }

    /** Every variable of the model and the optimizer as raw bits, under its name. */
    static List<String> bits(Module m, Optimizer o) {
        List<Variable> all = new ArrayList<>(m.variables());
        all.addAll(o.variables());
        List<String> out = new ArrayList<>();
        for (Variable v : all) {
            StringBuilder b = new StringBuilder(v.shape() + " " + v.dtype() + ":");
            if (v.dtype() == DType.INT64) {
                b.append(v.longValue());
            } else {
                for (float f : v.toFloatArray()) {
                    b.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(f)));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void everyNewLayerAndOptimizerResumesBitForBit() throws IOException {
        for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
            Initializers.setDefaultSeed(5);
            Module model = model(3);
            Optimizer opt = e.getValue().get();
            steps(model, opt, 0, 3);
            Path file = dir.resolve(e.getKey() + ".npz");
            new Checkpoint().module(model).optimizer(opt).save(file);
            steps(model, opt, 3, 7);

            Initializers.setDefaultSeed(99);
            Module fresh = model(3);
            Optimizer freshOpt = e.getValue().get();
            Checkpoint ckpt = new Checkpoint().module(fresh).optimizer(freshOpt);
            // unbuilt layers have no variables: refused, and the optimizer stays unbuilt
            assertThrows(IllegalArgumentException.class, () -> ckpt.restore(file), e.getKey());
            assertEquals(1, freshOpt.variables().size(), e.getKey() + ": only iterations after the refused restore");
            fresh.build(DType.FLOAT32, 3, 3, 2);
            ckpt.restore(file);
            assertEquals(3, freshOpt.iterations().longValue(), e.getKey());
            steps(fresh, freshOpt, 3, 7);
            assertEquals(bits(model, opt), bits(fresh, freshOpt), e.getKey());
        }
    }

    @Test
    void keysFollowTheJavadoc() {
        Module m = model(3);
        m.build(DType.FLOAT32, 3, 3, 2);
        List<String> keys = new Checkpoint().module(m)
                .optimizer(Nadam.builder().useEma(true).build()).keys();
        assertEquals(List.of("conv2d_transpose/kernel", "conv2d_transpose/bias",
                "layer_normalization/gamma", "layer_normalization/beta",
                "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias",
                "gru/kernel", "gru/recurrent_kernel", "gru/bias",
                "bidirectional/forward_simple_rnn/kernel", "bidirectional/forward_simple_rnn/recurrent_kernel",
                "bidirectional/forward_simple_rnn/bias",
                "bidirectional/backward_simple_rnn/kernel", "bidirectional/backward_simple_rnn/recurrent_kernel",
                "bidirectional/backward_simple_rnn/bias",
                "dense/kernel", "dense/bias",
                "optimizer/iterations", "optimizer/learning_rate",
                "optimizer/momentum/conv2d_transpose/kernel", "optimizer/velocity/conv2d_transpose/kernel",
                "optimizer/average/conv2d_transpose/kernel"), keys.subList(0, 23));
        assertEquals("optimizer/u_product", keys.get(keys.size() - 1));
        assertEquals(18 + 2 + 18 * 3 + 1, keys.size());
    }

    @Test
    void otherUnitsAreRefusedNamingTheKeyAndShapes() throws IOException {
        Initializers.setDefaultSeed(5);
        Module model = model(3);
        Optimizer opt = Nadam.builder().learningRate(0.01).useEma(true).build();
        steps(model, opt, 0, 2);
        Path file = dir.resolve("m.npz");
        new Checkpoint().module(model).optimizer(opt).save(file);

        Module other = model(4);
        other.build(DType.FLOAT32, 3, 3, 2);
        List<String> before = bits(other, new Nadam());
        Optimizer otherOpt = Nadam.builder().learningRate(0.01).useEma(true).build();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().module(other).optimizer(otherOpt).restore(file));
        // LSTM's kernel is (input features, 4 * units): (2, 12) for 3 units, (2, 16) for 4
        assertTrue(ex.getMessage().contains("key 'lstm/kernel': the variable has shape (2, 16) and dtype float32 but the"
                + " file holds shape (2, 12) and dtype float32; nothing was restored"), ex.getMessage());
        assertEquals(before, bits(other, new Nadam()));
        assertEquals(0, otherOpt.iterations().longValue());
        assertEquals(0.01, otherOpt.learningRate());
    }

    /**
     * The class comment's note on useEma: the checkpoint's build enrols every trainable float variable in the
     * moving average (Keras's build does the same for the variables it is given, keras/src/optimizers/base_optimizer.py
     * _update_model_variables_moving_average / _overwrite_model_variables_with_average_value). A constant one is
     * left as it is; one changed by other code is overwritten by its average. By hand, emaMomentum 0.5 and an
     * overwrite every step: the save sets avg(u) = 1; u = 3, step 1 (mu 0): avg = 3, u = 3; u = 5, step 2
     * (mu 0.5): avg = 0.5 * 3 + 0.5 * 5 = 4, u = 4.
     */
    @Test
    void aTrainableVariableTheOptimizerDoesNotStepIsAveragedOnceSaved() throws IOException {
        Variable w = new Variable(Tensors.constant(2.0));
        Variable frozen = new Variable(Tensors.constant(0.1));
        Variable other = new Variable(Tensors.constant(1.0));
        Optimizer opt = io.gradtape.optimizers.SGD.builder().learningRate(0.1).useEma(true).emaMomentum(0.5)
                .emaOverwriteFrequency(1).build();
        new Checkpoint().variable("w", w).variable("frozen", frozen).variable("other", other).optimizer(opt)
                .save(dir.resolve("ema.npz"));
        other.assign(Tensors.constant(3.0));
        opt.applyGradients(List.of(Tensors.constant(1.0)), List.of(w));
        assertEquals(3.0, other.doubleValue());
        other.assign(Tensors.constant(5.0));
        opt.applyGradients(List.of(Tensors.constant(1.0)), List.of(w));
        assertEquals(4.0, other.doubleValue());
        assertEquals(0.1, frozen.doubleValue());
    }
}
