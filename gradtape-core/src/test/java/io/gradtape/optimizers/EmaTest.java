package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The moving average of the weights, Keras 3's {@code use_ema}, {@code ema_momentum} and
 * {@code ema_overwrite_frequency} ({@code keras/src/optimizers/base_optimizer.py}: {@code build} adds an
 * {@code average} per variable; {@code _backend_apply_gradients} runs {@code _update_model_variables_moving_average}
 * after the update step, {@code average = momentum * average + (1 - momentum) * var} with {@code momentum =
 * cast(iterations != 0) * ema_momentum}, then {@code _overwrite_model_variables_with_average_value} when
 * {@code (iterations + 1) % ema_overwrite_frequency == 0}, then increments the iterations;
 * {@code finalize_variable_values} overwrites the variables with their averages).
 */
class EmaTest {
    @TempDir
    Path dir;

    private static final double[][] GRADS = {{1, -2, 0.5}, {0.25, 1, -1}, {-0.5, 0.5, 2}, {1, 1, 1}, {-2, 0, 0.1}};

    @Test
    void theAverageFollowsKerasInFloat64AndFloat32() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            boolean f32 = dtype == DType.FLOAT32;
            double[] w0 = {1, -2, 3};
            Variable w = new Variable(Tensors.cast(Tensors.constant(w0.clone(), 3), dtype));
            Adam opt = Adam.builder().learningRate(0.1).useEma(true).emaMomentum(0.9).build();
            double[] avg = new double[3];
            for (int t = 1; t <= GRADS.length; t++) {
                opt.applyGradients(List.of(Tensors.cast(Tensors.constant(GRADS[t - 1].clone(), 3), dtype)), List.of(w));
                double[] wt = w.toDoubleArray();
                // momentum is 0 at the first step (iterations == 0), then ema_momentum cast to the dtype
                double mu = t == 1 ? 0 : f32 ? (float) 0.9 : 0.9;
                for (int i = 0; i < 3; i++) {
                    avg[i] = f32 ? (float) mu * (float) avg[i] + (float) (1 - mu) * (float) wt[i] : mu * avg[i] + (1 - mu) * wt[i];
                }
                double[] got = opt.slots(w).get("average").toDoubleArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(avg[i], got[i], f32 ? Math.ulp((float) avg[i]) : 1e-15, dtype + " step " + t + " element " + i);
                }
                if (t == 1) {
                    assertArrayEquals(wt, got, 0.0, "the first step's average is the variable");
                }
            }
            // the Adam update itself is unchanged by the average: same weights as without EMA
            Variable plain = new Variable(Tensors.cast(Tensors.constant(w0.clone(), 3), dtype));
            Adam noEma = new Adam(0.1);
            for (double[] g : GRADS) {
                noEma.applyGradients(List.of(Tensors.cast(Tensors.constant(g.clone(), 3), dtype)), List.of(plain));
            }
            assertArrayEquals(plain.toDoubleArray(), w.toDoubleArray(), 0.0);
            assertEquals(List.of("momentum", "velocity", "average"), new ArrayList<>(opt.slots(w).keySet()));
            assertEquals(List.of("momentum", "velocity"), new ArrayList<>(noEma.slots(plain).keySet()));

            // finalize copies the averages in; the slots stay
            double[] before = opt.slots(w).get("average").toDoubleArray();
            opt.finalizeVariableValues(List.of(w));
            assertArrayEquals(before, w.toDoubleArray(), 0.0);
            assertArrayEquals(before, opt.slots(w).get("average").toDoubleArray(), 0.0);
            assertEquals(GRADS.length, opt.iterations().longValue());
        }
    }

    /** SGD(1) with momentum 0.5: the averages and the overwrites at steps 2 and 4 worked out by hand. */
    @Test
    void theOverwriteFrequencyCopiesTheAverageAtEveryMultipleOfIt() {
        Variable w = new Variable(Tensors.constant(new double[] {10}, 1));
        SGD opt = SGD.builder().learningRate(1).useEma(true).emaMomentum(0.5).emaOverwriteFrequency(2).build();
        double[] expectedW = new double[5], expectedAvg = new double[5];
        double wv = 10, av = 0;
        for (int t = 1; t <= 5; t++) {
            wv -= 1;                                   // gradient 1
            av = t == 1 ? wv : 0.5 * av + 0.5 * wv;
            if (t % 2 == 0) {
                wv = av;
            }
            expectedW[t - 1] = wv;
            expectedAvg[t - 1] = av;
        }
        // by hand: w 9 (avg 9), 8 -> avg 8.5 copied, 7.5 -> avg 8, 6.5 -> avg 7.25 copied, 6.25 -> avg 6.75
        assertArrayEquals(new double[] {9, 8.5, 7.5, 7.25, 6.25}, expectedW);
        assertArrayEquals(new double[] {9, 8.5, 8, 7.25, 6.75}, expectedAvg);
        for (int t = 1; t <= 5; t++) {
            opt.applyGradients(List.of(Tensors.constant(new double[] {1}, 1)), List.of(w));
            assertEquals(expectedW[t - 1], w.toDoubleArray()[0], 0.0, "w after step " + t);
            assertEquals(expectedAvg[t - 1], opt.slots(w).get("average").toDoubleArray()[0], 0.0, "average after step " + t);
        }
    }

    /**
     * Keras averages every variable the optimizer was built with, also one whose gradient is null this step; a
     * failed step changes no average; finalize refuses a variable it never built and then changes nothing, and
     * does nothing without {@code useEma}.
     */
    @Test
    void nullGradientsFailedStepsAndFinalize() {
        Variable a = new Variable(Tensors.constant(new float[] {1, 2}, 2));
        Variable b = new Variable(Tensors.constant(new float[] {3, 4}, 2));
        SGD opt = SGD.builder().learningRate(0.5).useEma(true).build();
        opt.applyGradients(Arrays.asList(Tensors.constant(new float[] {1, 1}, 2), null), List.of(a, b));
        b.assign(Tensors.constant(new float[] {5, 6}, 2));   // changed outside the optimizer
        opt.applyGradients(Arrays.asList(Tensors.constant(new float[] {1, 1}, 2), null), List.of(a, b));
        // b: step 1 average = b = (3, 4); step 2 average = 0.99 * (3, 4) + 0.01 * (5, 6), in float32
        float mu = 0.99f, c = 1f - 0.99f;
        assertArrayEquals(new float[] {(float) ((double) mu * 3 + (double) c * 5), (float) ((double) mu * 4 + (double) c * 6)},
                opt.slots(b).get("average").toFloatArray());
        assertArrayEquals(new float[] {(float) ((double) mu * 0.5 + (double) c * 0), (float) ((double) mu * 1.5 + (double) c * 1)},
                opt.slots(a).get("average").toFloatArray());

        float[] avgA = opt.slots(a).get("average").toFloatArray();
        assertThrows(IllegalArgumentException.class,
                () -> opt.applyGradients(List.of(Tensors.constant(new float[] {1, 1, 1}, 3), Tensors.constant(new float[] {1, 1}, 2)), List.of(a, b)));
        assertArrayEquals(avgA, opt.slots(a).get("average").toFloatArray());
        assertEquals(2, opt.iterations().longValue());

        Variable stranger = new Variable(Tensors.zeros(DType.FLOAT32, 2)).named("stranger");
        float[] aBefore = a.toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.finalizeVariableValues(List.of(a, stranger)));
        assertTrue(e.getMessage().startsWith("finalizeVariableValues: variable 1 'stranger' (shape (2,), dtype float32)"), e.getMessage());
        assertArrayEquals(aBefore, a.toFloatArray());
        assertThrows(NullPointerException.class, () -> opt.finalizeVariableValues(Arrays.asList(a, null)));

        SGD noEma = new SGD(0.5);
        noEma.applyGradients(List.of(Tensors.constant(new float[] {1, 1}, 2)), List.of(stranger));
        noEma.finalizeVariableValues(List.of(stranger, a));   // Keras: nothing without use_ema
        assertArrayEquals(new float[] {-0.5f, -0.5f}, stranger.toFloatArray());
        assertTrue(noEma.slots(stranger).isEmpty());
    }

    /** A variable first built after some steps (Keras builds once, so has none) averages from its own value. */
    @Test
    void aVariableBuiltLaterAveragesFromItsValue() {
        Variable a = new Variable(Tensors.constant(1.0));
        Variable late = new Variable(Tensors.constant(100.0));
        SGD opt = SGD.builder().learningRate(0.1).useEma(true).emaMomentum(0.5).build();
        opt.applyGradients(List.of(Tensors.constant(1.0)), List.of(a));
        opt.applyGradients(List.of(Tensors.constant(1.0), Tensors.constant(0.0)), List.of(a, late));
        assertEquals(100.0, opt.slots(late).get("average").doubleValue(), 0.0);
    }

    @Test
    void builderChecksKerasRanges() {
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().emaMomentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().emaMomentum(-0.1));
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().emaMomentum(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().emaOverwriteFrequency(-1));
        SGD.builder().emaMomentum(1).emaMomentum(0).emaOverwriteFrequency(0).build();
    }

    /** The averages are state: a checkpoint saves them as {@code optimizer/average/<key>} and a resumed run matches. */
    @Test
    void aCheckpointSavesTheAveragesAndResumesBitForBit() throws IOException {
        Variable w = new Variable(Tensors.constant(new float[] {1, -2, 3}, 3));
        java.util.function.Supplier<Optimizer> make = () -> Nadam.builder().learningRate(0.05).useEma(true)
                .emaMomentum(0.8).emaOverwriteFrequency(4).build();
        Optimizer opt = make.get();
        for (int t = 0; t < 3; t++) {
            opt.applyGradients(List.of(grad(t)), List.of(w));
        }
        Path f = dir.resolve("ema.npz");
        Checkpoint ckpt = new Checkpoint().variable("w", w).optimizer(opt);
        assertEquals(List.of("w", "optimizer/iterations", "optimizer/learning_rate", "optimizer/momentum/w",
                "optimizer/velocity/w", "optimizer/average/w", "optimizer/u_product"), ckpt.keys());
        ckpt.save(f);
        for (int t = 3; t < 6; t++) {
            opt.applyGradients(List.of(grad(t)), List.of(w));
        }
        Optimizer fresh = make.get();
        Variable w2 = new Variable(Tensors.zeros(DType.FLOAT32, 3));
        new Checkpoint().variable("w", w2).optimizer(fresh).restore(f);
        for (int t = 3; t < 6; t++) {
            fresh.applyGradients(List.of(grad(t)), List.of(w2));
        }
        assertArrayEquals(w.toFloatArray(), w2.toFloatArray());
        assertArrayEquals(opt.slots(w).get("average").toFloatArray(), fresh.slots(w2).get("average").toFloatArray());
        assertNotEquals(0f, opt.slots(w).get("average").toFloatArray()[0]);
    }

    private static Tensor grad(int t) {
        return Tensors.constant(new float[] {0.5f - 0.2f * t, 1f, -0.25f * t}, 3);
    }
}
