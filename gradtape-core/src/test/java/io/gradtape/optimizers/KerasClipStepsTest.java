package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer's first step under each of Keras 3's gradient clips ({@code clipnorm}, {@code clipvalue},
 * {@code global_clipnorm}), on a float32 and a float64 pair of variables, against
 * {@code scripts/fixtures/write_optimizer_fixtures.py}'s NumPy transcription of Keras
 * ({@code keras/src/optimizers/base_optimizer.py} {@code _clip_gradients}, {@code _clip_by_norm},
 * {@code clip_by_global_norm}, then each optimizer's {@code update_step}), every op in the dtype. The second
 * variable's gradient is below {@code clipnorm}'s radius, so that clip leaves it alone; the global clip scales both.
 * float32 agrees within a few ulps (gradtape rounds only stored values, and its global scale is
 * {@code clip / max(norm, clip)} where Keras computes {@code clip * min(1 / norm, 1 / clip)}); float64 to 1e-13.
 */
class KerasClipStepsTest {

    /** The optimizers of the script's CLIP_KINDS, as builders to set the clip on. */
    static final Map<String, Supplier<Optimizer.Builder<?, ?>>> KINDS = Map.of(
            "sgd", () -> SGD.builder().learningRate(0.1).momentum(0.9).nesterov(true),
            "adam", () -> Adam.builder().learningRate(0.01),
            "adamw", () -> AdamW.builder().learningRate(0.01),
            "adamax", () -> Adamax.builder().learningRate(0.01),
            "nadam", () -> Nadam.builder().learningRate(0.01),
            "adagrad", () -> Adagrad.builder().learningRate(0.1),
            "rmsprop", () -> RMSprop.builder().learningRate(0.01).momentum(0.5).centered(true),
            "adadelta", () -> Adadelta.builder().learningRate(1.0),
            "ftrl", () -> Ftrl.builder().learningRate(0.1).l1(0.01),
            "lion", () -> Lion.builder().learningRate(0.01));

    @TestFactory
    Stream<DynamicTest> oneStepUnderEachClipAsKeras() throws IOException {
        List<String> lines;
        try (InputStream in = KerasClipStepsTest.class.getResourceAsStream("/optimizers/keras_clip_steps.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(KINDS.size() * 3 * 2, lines.size(), "every optimizer under every clip in both dtypes");
        return lines.stream().map(line -> {
            String[] f = line.split("\t");
            return DynamicTest.dynamicTest(f[0] + " " + f[1], () -> check(f));
        });
    }

    private static void check(String[] f) {
        String name = f[0];
        DType dtype = f[1].equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        int cut = name.indexOf('_');
        Optimizer.Builder<?, ?> b = KINDS.get(name.substring(0, cut)).get();
        Optimizer opt = switch (name.substring(cut + 1)) {
            case "clipnorm" -> b.clipNorm(0.5).build();
            case "clipvalue" -> b.clipValue(0.5).build();
            case "global_clipnorm" -> b.globalClipNorm(1.0).build();
            default -> throw new AssertionError(name);
        };
        String[] w0 = f[2].split("\\|"), g = f[3].split("\\|"), want = f[4].split("\\|");
        List<Variable> vars = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int i = 0; i < w0.length; i++) {
            vars.add(new Variable(KerasOptimizerStepsTest.tensor(w0[i], dtype)));
            grads.add(KerasOptimizerStepsTest.tensor(g[i], dtype));
        }
        opt.applyGradients(grads, vars);
        for (int i = 0; i < vars.size(); i++) {
            KerasOptimizerStepsTest.close(KerasOptimizerStepsTest.values(want[i], dtype), vars.get(i).toDoubleArray(), dtype,
                    name + " " + dtype + " variable " + i);
        }
    }

    /**
     * Keras refuses more than one clip ({@code base_optimizer.py} {@code __init__}: "Only one of `clipnorm`,
     * `clipvalue` and `global_clipnorm` can be set"); every optimizer's builder does, naming the optimizer and
     * the values, and a clip of zero is off.
     */
    @Test
    void moreThanOneClipIsRefusedByEveryOptimizer() {
        for (Map.Entry<String, Supplier<Optimizer.Builder<?, ?>>> e : KINDS.entrySet()) {
            String expectedName = e.getKey().equals("sgd") || e.getKey().equals("rmsprop") ? e.getKey().toUpperCase()
                    : e.getKey().substring(0, 1).toUpperCase() + e.getKey().substring(1);
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.getValue().get().clipNorm(1).globalClipNorm(2).build());
            String m = x.getMessage();
            assertTrue(m.toLowerCase().contains(expectedName.toLowerCase() + ":") && m.contains("clipNorm=1.0")
                    && m.contains("globalClipNorm=2.0") && m.contains("clipValue=0.0"), m);
            m = assertThrows(IllegalArgumentException.class, () -> e.getValue().get().clipValue(0.5).clipNorm(3).build()).getMessage();
            assertTrue(m.contains("clipNorm=3.0") && m.contains("clipValue=0.5"), m);
            assertThrows(IllegalArgumentException.class, () -> e.getValue().get().clipValue(0.5).globalClipNorm(3).build());
            // zero turns a clip off: one clip and zeros is accepted
            e.getValue().get().clipValue(0.5).clipNorm(0).globalClipNorm(0).build();
        }
    }

    /** {@code tf.clip_by_global_norm}'s value, norm and gradient for {@code [3, 4]} and {@code [12]}, clip 6.5. */
    @Test
    void clipByGlobalNormKnownAnswers() {
        // norm = sqrt(9 + 16 + 144) = 13; scale = 6.5 / 13 = 0.5
        Tensors.ClipByGlobalNorm c = Tensors.clipByGlobalNorm(List.of(Tensors.constant(new double[] {3, 4}, 2),
                Tensors.constant(12.0)), 6.5);
        assertEquals(13.0, c.globalNorm().doubleValue(), 0);
        assertEquals(List.of(1.5, 2.0), List.of(c.tensors().get(0).toDoubleArray()[0], c.tensors().get(0).toDoubleArray()[1]));
        assertEquals(6.0, c.tensors().get(1).doubleValue(), 0);
    }

    /**
     * The gradient goes through the scale's dependence on the norm, as in TensorFlow's graph of ops
     * ({@code clip_ops.py} clip_by_global_norm): for {@code x = [3, 4]}, clip 1, {@code d sum(x / |x|) / dx =
     * 1 / |x| - sum(x) x / |x|^3 = [0.032, -0.024]} (PyTorch autograd of the same formula agrees). gradtape used to
     * compute the norm outside the tape and gave the scale's {@code [0.2, 0.2]}; the norm's own gradient is
     * {@code x / |x|}.
     */
    @Test
    void clipByGlobalNormIsDifferentiable() {
        io.gradtape.Variable x = new io.gradtape.Variable(Tensors.constant(new double[] {3, 4}, 2));
        Tensor[] out = new Tensor[2];
        io.gradtape.GradientTape tape = new io.gradtape.GradientTape(true);
        try (tape) {
            Tensors.ClipByGlobalNorm c = Tensors.clipByGlobalNorm(java.util.Arrays.asList(x, null), 1.0);
            out[0] = c.tensors().get(0).sum();
            out[1] = c.globalNorm();
            assertEquals(null, c.tensors().get(1));
        }
        double[] g = tape.gradient(out[0], x).toDoubleArray();
        assertEquals(0.032, g[0], 1e-15);
        assertEquals(-0.024, g[1], 1e-15);
        double[] n = tape.gradient(out[1], x).toDoubleArray();
        assertEquals(0.6, n[0], 1e-15);
        assertEquals(0.8, n[1], 1e-15);
    }

    /**
     * The optimizer's globalClipNorm computes Tensors.clipByGlobalNorm's values on the arrays, without building the
     * op's graph: SGD with learning rate 1 from zero variables leaves exactly {@code -clip(g)}. Checked against the
     * public op on float32 and float64 gradients above the clip (scaled), below it (unchanged: the same values, and
     * the same tensor objects from the fused path), a mix of the two dtypes, an all-zero pair (norm 0, scale 1), and a
     * NaN (every entry NaN, TensorFlow's rule). Hand value: [3, 4] and [12] in float32, clip 6.5: norm 13, scale 0.5,
     * steps [-1.5, -2] and [-6].
     */
    @Test
    void theOptimizersGlobalClipIsThePublicOpsValue() {
        java.util.Random r = new java.util.Random(7);
        float[] big = new float[37];
        double[] big64 = new double[5];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) (r.nextGaussian() * 3);
        }
        for (int i = 0; i < big64.length; i++) {
            big64[i] = r.nextGaussian() * 3;
        }
        List<List<Tensor>> cases = List.of(
                List.of(Tensors.constant(new float[] {3, 4}, 2), Tensors.constant(12f)),
                List.of(Tensors.constant(big, 37), Tensors.constant(new float[] {0.5f, -0.25f}, 2)),
                List.of(Tensors.constant(new float[] {0.1f, 0.2f}, 2), Tensors.constant(new float[] {0.3f}, 1)),
                List.of(Tensors.constant(big, 37), Tensors.constant(big64, 5)),
                List.of(Tensors.constant(new float[] {0, 0}, 2), Tensors.constant(0f)),
                List.of(Tensors.constant(new float[] {Float.NaN, 1}, 2), Tensors.constant(2f)));
        double clip = 6.5;
        for (List<Tensor> gs : cases) {
            List<Tensor> expected = Tensors.clipByGlobalNorm(gs, clip).tensors();
            List<Variable> vs = new ArrayList<>();
            for (Tensor g : gs) {
                vs.add(new Variable(Tensors.zerosLike(g)));
            }
            io.gradtape.optimizers.SGD.builder().learningRate(1.0).globalClipNorm(clip).build().applyGradients(gs, vs);
            for (int k = 0; k < gs.size(); k++) {
                double[] want = expected.get(k).toDoubleArray();
                double[] got = vs.get(k).value().toDoubleArray();
                for (int i = 0; i < want.length; i++) {
                    double ulp = gs.get(k).dtype() == io.gradtape.DType.FLOAT32 ? Math.ulp((float) want[i]) : Math.ulp(want[i]);
                    if (Double.isNaN(want[i])) {
                        assertTrue(Double.isNaN(got[i]), "NaN at " + i);
                    } else {
                        assertEquals(-want[i], got[i], 2 * ulp, "case " + gs + ", tensor " + k + ", entry " + i);
                    }
                }
            }
        }
        List<Tensor> first = io.gradtape.internal.ops.Reductions.clipByGlobalNormUnrecorded(cases.get(0), clip);
        assertEquals(List.of(-1.5f, -2f, -6f).toString(), List.of(-first.get(0).toFloatArray()[0],
                -first.get(0).toFloatArray()[1], -first.get(1).floatValue()).toString());
        List<Tensor> small = cases.get(2);
        List<Tensor> same = io.gradtape.internal.ops.Reductions.clipByGlobalNormUnrecorded(small, clip);
        assertTrue(same.get(0) == small.get(0) && same.get(1) == small.get(1), "within the clip: no copy");
        // the public op's refusal is kept: a clip past float32's range for float32 gradients
        assertThrows(IllegalArgumentException.class,
                () -> io.gradtape.internal.ops.Reductions.clipByGlobalNormUnrecorded(small, 1e39));
    }
}
