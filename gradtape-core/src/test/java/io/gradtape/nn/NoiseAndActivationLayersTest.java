package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.gradtape.nn.ReshapingLayersTest.derivativesMatchFiniteDifferences;
import static io.gradtape.nn.ReshapingLayersTest.wave;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GaussianNoise, GaussianDropout, SpatialDropout1D/2D, ReLU, LeakyReLU, PReLU, ELU and Softmax: values against
 * PyTorch 1.13 / NumPy 1.24 (float64, computed on this machine), Keras 3's defaults, names and masks, the noise
 * layers' statistics and structure, gradients against finite differences, PReLU's checkpoint.
 */
class NoiseAndActivationLayersTest {

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / v.length);
    }

    @Test
    void gaussianNoiseAddsSeededNoiseInTrainingOnly() {
        // keras/src/layers/regularization/gaussian_noise.py: x + normal(0, stddev) in training, x otherwise;
        // stddev in [0, 1]; supports_masking
        GaussianNoise noise = new GaussianNoise(0.5, Generator.fromSeed(11));
        Tensor x = Tensors.ones(DType.FLOAT64, 200, 100).mul(3.0);
        assertSame(x, noise.call(x));
        double[] y = noise.call(x, true).toDoubleArray();
        assertEquals(3.0, mean(y), 0.01);   // 20000 draws: standard error 0.0035
        assertEquals(0.5, std(y), 0.01);
        double[] again = new GaussianNoise(0.5, Generator.fromSeed(11)).call(x, true).toDoubleArray();
        assertArrayEquals(y, again, "the same seed gives the same noise");
        GradientTape tape = new GradientTape();
        Tensor loss;
        Tensor small = Tensors.ones(DType.FLOAT32, 2, 3);
        try (tape) {
            tape.watch(small);
            loss = noise.call(small, true).sum();
        }
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, tape.gradient(loss, small).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(1.5, Generator.fromSeed(1)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(Double.NaN, Generator.fromSeed(1)));
        Tensor mask = Tensors.constant(new boolean[] {true, false}, 1, 2);
        assertSame(mask, noise.computeMask(Tensors.zeros(DType.FLOAT32, 1, 2, 3), mask));
        assertEquals("gaussian_noise", noise.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> noise.call(Tensors.zeros(DType.INT32, 2), true));
        assertTrue(e.getMessage().contains("gaussian_noise") && e.getMessage().contains("int32"), e.getMessage());
    }

    @Test
    void gaussianDropoutMultipliesByOneCentredNoise() {
        // keras/src/layers/regularization/gaussian_dropout.py: x * normal(1, sqrt(rate / (1 - rate))) in training
        GaussianDropout drop = new GaussianDropout(0.2, Generator.fromSeed(5));
        Tensor x = Tensors.ones(DType.FLOAT64, 200, 100).mul(2.0);
        assertSame(x, drop.call(x));
        double[] y = drop.call(x, true).toDoubleArray();
        assertEquals(2.0, mean(y), 0.02);
        assertEquals(2.0 * Math.sqrt(0.2 / 0.8), std(y), 0.02);
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(1, Generator.fromSeed(1)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(-0.1, Generator.fromSeed(1)));
        Tensor zeroRate = Tensors.ones(DType.FLOAT32, 3);
        assertSame(zeroRate, new GaussianDropout(0, Generator.fromSeed(1)).call(zeroRate, true));
        assertEquals("gaussian_dropout", drop.name());
    }

    @Test
    void spatialDropoutDropsWholeChannels() {
        // keras/src/layers/regularization/spatial_dropout.py: noise shape (batch, 1, channels) for 1D and
        // (batch, 1, 1, channels) for 2D channels_last (as torch's F.dropout1d/dropout2d on channels first): every
        // (example, channel) is either all 0 or all 1 / (1 - rate) over the other axes
        SpatialDropout1D d1 = new SpatialDropout1D(0.5, Generator.fromSeed(2));
        Tensor x1 = Tensors.ones(DType.FLOAT32, 40, 7, 25);
        assertSame(x1, d1.call(x1));
        Tensor y1 = d1.call(x1, true);
        int dropped = 0;
        for (int b = 0; b < 40; b++) {
            for (int c = 0; c < 25; c++) {
                float first = y1.getFloat(b, 0, c);
                assertTrue(first == 0 || first == 2, "value " + first);
                for (int t = 1; t < 7; t++) {
                    assertEquals(first, y1.getFloat(b, t, c), "one draw per (example, channel)");
                }
                dropped += first == 0 ? 1 : 0;
            }
        }
        assertEquals(500, dropped, 60);   // 1000 Bernoulli(0.5): standard deviation 16
        SpatialDropout2D d2 = new SpatialDropout2D(0.25, Generator.fromSeed(4));
        Tensor y2 = d2.call(Tensors.ones(DType.FLOAT64, 4, 3, 5, 6), true);
        for (int b = 0; b < 4; b++) {
            for (int c = 0; c < 6; c++) {
                double first = y2.getDouble(b, 0, 0, c);
                assertTrue(first == 0 || Math.abs(first - 4.0 / 3) < 1e-15, "value " + first);
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 5; w++) {
                        assertEquals(first, y2.getDouble(b, h, w, c));
                    }
                }
            }
        }
        assertEquals("spatial_dropout1d", d1.name());
        assertEquals("spatial_dropout2d", d2.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d2.call(Tensors.ones(DType.FLOAT32, 4, 3, 5)));
        assertTrue(e.getMessage().contains("spatial_dropout2d: SpatialDropout2D needs an input of rank 4")
                && e.getMessage().contains("(4, 3, 5)"), e.getMessage());
        Tensor mask = Tensors.constant(new boolean[] {true, false}, 1, 2);
        assertSame(mask, d1.computeMask(Tensors.zeros(DType.FLOAT32, 1, 2, 3), mask));
        // the constructor's messages name the class that refused
        e = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout2D(1, Generator.fromSeed(1)));
        assertTrue(e.getMessage().startsWith("SpatialDropout2D: rate must be in [0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, Generator.fromSeed(1)));
        assertTrue(e.getMessage().startsWith("Dropout: rate"), e.getMessage());
    }

    @Test
    void reluOptionsFollowKerasFormula() {
        Tensor x = Tensors.constant(new double[] {-10, -5, 0, 0.5, 1, 2, 5, 10}, 8);
        // torch.nn.functional.relu6 and hardtanh(x, 0, 4)
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 1, 2, 5, 6}, new ReLU(6).call(x).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 1, 2, 4, 4}, new ReLU(4).call(x).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 1, 2, 5, 10}, new ReLU().call(x).toDoubleArray());
        // keras/src/layers/activations/relu.py docstring: max_value=10, negative_slope=0.5 on [-10, -5, 0, 5, 10]
        Tensor k = Tensors.constant(new double[] {-10, -5, 0, 5, 10}, 5);
        assertArrayEquals(new double[] {-5, -2.5, 0, 5, 10}, new ReLU(10, 0.5, 0).call(k).toDoubleArray());
        // numpy, the Keras formula: where(x > t, x, 0) clipped to max, minus slope * max(t - x, 0)
        Tensor xt = Tensors.constant(new double[] {-1, 0.5, 1, 2, 7}, 5);
        assertArrayEquals(new double[] {-1, -0.25, 0, 2, 7},
                new ReLU(Double.POSITIVE_INFINITY, 0.5, 1).call(xt).toDoubleArray());
        assertArrayEquals(new double[] {-1, -0.25, 0, 2, 4}, new ReLU(4, 0.5, 1).call(xt).toDoubleArray());
        assertEquals("re_lu", new ReLU().name());
        assertThrows(IllegalArgumentException.class, () -> new ReLU(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReLU(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ReLU(1, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReLU(1, 0, -1));
        // gradients away from the kinks
        Tensor smooth = Tensors.constant(new double[] {-2.3, -0.7, 0.3, 1.6, 3.1, 4.4, 6.5}, 7);
        derivativesMatchFiniteDifferences(t -> new ReLU(4, 0.3, 1).call(t), smooth);
        derivativesMatchFiniteDifferences(t -> new ReLU(6).call(t), smooth);
        derivativesMatchFiniteDifferences(t -> new ReLU(Double.POSITIVE_INFINITY, 0.2, 0).call(t), smooth);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReLU().call(Tensors.constant(new int[] {1}, 1)));
        assertTrue(e.getMessage().contains("re_lu: ReLU needs a floating input") && e.getMessage().contains("int32"),
                e.getMessage());
    }

    @Test
    void leakyReluAndEluMatchTorch() {
        Tensor x = Tensors.constant(new double[] {-3, -1, -0.1, 0.5, 2}, 5);
        // keras/src/layers/activations/leaky_relu.py: negative_slope=0.3 by default;
        // torch.nn.functional.leaky_relu(x, 0.3)
        LeakyReLU leaky = new LeakyReLU();
        assertEquals(0.3, leaky.negativeSlope());
        assertArrayEquals(new double[] {-0.8999999999999999, -0.3, -0.03, 0.5, 2}, leaky.call(x).toDoubleArray(), 1e-16);
        assertEquals("leaky_re_lu", leaky.name());
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.1));
        derivativesMatchFiniteDifferences(leaky::call, x);
        // keras/src/layers/activations/elu.py, alpha=1.0 default; torch.nn.functional.elu(x, 0.5)
        assertArrayEquals(new double[] {-0.475106465816068, -0.31606027941427883, -0.04758129098202024, 0.5, 2},
                new ELU(0.5).call(x).toDoubleArray(), 1e-16);
        assertArrayEquals(new double[] {-0.950212931632136, -0.6321205588285577, -0.09516258196404048, 0.5, 2},
                new ELU().call(x).toDoubleArray(), 1e-16);
        derivativesMatchFiniteDifferences(t -> new ELU(0.5).call(t), x);
        // the gradient at 0 is alpha (Keras's TensorFlow elu: where(x > 0, elu, alpha * elu) with tf.nn.elu's 1 at 0)
        Tensor zero = Tensors.constant(new double[] {0}, 1);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(zero);
            y = new ELU(0.5).call(zero).sum();
        }
        assertEquals(0.5, tape.gradient(y, zero).toDoubleArray()[0]);
        // no inf in the gradient of a large input
        Tensor big = Tensors.constant(new float[] {100}, 1);
        GradientTape t2 = new GradientTape();
        try (t2) {
            t2.watch(big);
            y = new ELU(2).call(big).sum();
        }
        assertEquals(1f, t2.gradient(y, big).toFloatArray()[0]);
        assertEquals("elu", new ELU().name());
    }

    @Test
    void preluMatchesTorchWithSharedAxesAndItsAlphaGradient() {
        // keras/src/layers/activations/prelu.py: alpha of shape input.shape[1:] with 1 on the shared axes,
        // relu(x) - alpha * relu(-x). Expected: torch.nn.functional.prelu on the channels-first permutation with one
        // weight per channel (shared axes 1, 2 of NHWC), float64, and autograd of sum(y * sin(arange(24))).
        double[] xv = {2.0, 0.5349976572491748, -1.7137775067378944, -1.45186460840028, 0.9370333426007542,
                1.9531752514560472, 0.10791084112529772, -1.895443204262224, -1.1219685148544574, 1.2951926773077544,
                1.814893562900392, -0.32422887299943653, -1.9883552503676305, -0.7395365277263397, 1.5927049405838465,
                1.5916299396278883, -0.741186651675283, -1.9881630618585233, -0.3224759286483707, 1.8156391955123903,
                1.2938386446572805, -1.1234385517622996, -1.8948756379135152, 0.10968452470003591};
        Tensor x = Tensors.constant(xv, 2, 2, 2, 3);
        PReLU p = new PReLU((s, d) -> Tensors.cast(Tensors.constant(new double[] {0.1, -0.2, 0.5}, 1, 1, 3), d), 1, 2);
        assertNull(p.alpha());
        Tensor y = p.call(x);
        assertEquals(io.gradtape.Shape.of(1, 1, 3), p.alpha().shape());
        assertArrayEquals(new double[] {2.0, 0.5349976572491748, -0.8568887533689472, -0.145186460840028,
                0.9370333426007542, 1.9531752514560472, 0.10791084112529772, 0.3790886408524448, -0.5609842574272287,
                1.2951926773077544, 1.814893562900392, -0.16211443649971827, -0.19883552503676305, 0.14790730554526796,
                1.5927049405838465, 1.5916299396278883, 0.1482373303350566, -0.9940815309292617, -0.032247592864837075,
                1.8156391955123903, 1.2938386446572805, -0.11234385517622997, 0.3789751275827031, 0.10968452470003591},
                y.toDoubleArray(), 1e-15);
        double[] wv = new double[24];
        for (int i = 0; i < 24; i++) {
            wv[i] = Math.sin(i);
        }
        Tensor w = Tensors.constant(wv, 2, 2, 2, 3);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = p.call(x).mul(w).sum();
        }
        List<Tensor> g = tape.gradient(loss, List.of(x, p.alpha()));
        assertArrayEquals(new double[] {0, 0.8414709848078965, 0.4546487134128408, 0.014112000805986721,
                -0.7568024953079284, -0.9589242746631386, -0.2794154981989259, -0.13139731974375782, 0.49467912331169084,
                0.4121184852417566, -0.5440211108893698, -0.4999951032753517, -0.053657291800043486,
                -0.08403340736532819, 0.9906073556948702, 0.6502878401571168, 0.05758066333301307, -0.4806987459397785,
                -0.07509872467716763, 0.14987720966295234, 0.9129452507276276, 0.08366556385360562,
                0.0017702618580807752, -0.8462204041751706}, g.get(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.16425454439703185, -1.3258474296895082, -0.4327216008527719},
                g.get(1).toDoubleArray(), 1e-14);
        assertEquals(List.of("alpha"), List.copyOf(p.namedVariables().keySet()));
        assertEquals(List.of(p.alpha()), p.trainableVariables());
        assertEquals("p_re_lu", p.name());
        derivativesMatchFiniteDifferences(p::call, x);
        // Keras's default: zeros, one alpha per element, so it starts as relu
        PReLU plain = new PReLU();
        assertArrayEquals(new double[] {0, 3, 0}, plain.call(Tensors.constant(new double[] {-2, 3, -1}, 1, 3)).toDoubleArray());
        assertEquals(io.gradtape.Shape.of(3), plain.alpha().shape());
        // later inputs must fit the built alpha; a shared axis may change size
        assertEquals(io.gradtape.Shape.of(1, 5, 7, 3), p.call(Tensors.zeros(DType.FLOAT64, 1, 5, 7, 3)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.call(Tensors.zeros(DType.FLOAT64, 1, 2, 2, 4)));
        assertTrue(e.getMessage().contains("p_re_lu") && e.getMessage().contains("(batch, any, any, 3)")
                && e.getMessage().contains("(1, 2, 2, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PReLU(null, 3).call(Tensors.zeros(DType.FLOAT32, 2, 3)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PReLU(null, 0));
        PReLU lazy = new PReLU();
        assertThrows(IllegalStateException.class, lazy::countParams);
        Tensor mask = Tensors.constant(new boolean[] {true, false}, 1, 2);
        assertSame(mask, lazy.computeMask(Tensors.zeros(DType.FLOAT32, 1, 2, 3), mask));
    }

    @Test
    void preluAlphaRoundTripsThroughACheckpoint(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Dense(3), new PReLU(Initializers.constant(0.25)));
        model.build(DType.FLOAT32, 2);
        Checkpoint ckpt = new Checkpoint().module(model);
        assertTrue(ckpt.keys().contains("p_re_lu/alpha"), ckpt.keys().toString());
        Path file = dir.resolve("prelu.ckpt");
        ckpt.save(file);
        Variable alpha = ((PReLU) model.layers().get(1)).alpha();
        alpha.assign(Tensors.constant(new float[] {1, 2, 3}, 3));
        ckpt.restore(file);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, alpha.toFloatArray());
    }

    @Test
    void softmaxMasksAsKerasAndNormalizesOverSeveralAxes() {
        // keras/src/layers/activations/softmax.py: inputs += (1 - mask) * -1e9, then softmax over axis (default -1);
        // torch.softmax(x + (1 - m) * -1e9, -1) in float64
        Tensor x = Tensors.constant(new double[] {1, 2, 1, 0.5, 0.3, -1, 2, 4}, 2, 4);
        Tensor m = Tensors.constant(new boolean[] {true, true, false, true, false, true, true, false}, 2, 4);
        Softmax s = new Softmax();
        assertArrayEquals(new double[] {0.23122389762214907, 0.6285317192117624, 0, 0.14024438316608848, 0,
                0.04742587317756679, 0.9525741268224334, 0}, s.callMasked(x, m).toDoubleArray(), 1e-15);
        assertSame(m, s.computeMask(x, m));
        // a mask that broadcasts: (batch, 1, keys) for scores (batch, queries, keys)
        Tensor scores = Tensors.zeros(DType.FLOAT32, 1, 2, 3);
        Tensor keys = Tensors.constant(new boolean[] {true, false, true}, 1, 1, 3);
        assertArrayEquals(new float[] {0.5f, 0, 0.5f, 0.5f, 0, 0.5f}, s.callMasked(scores, keys).toFloatArray(), 1e-7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.callMasked(x, Tensors.constant(new boolean[] {true, false, true}, 3)));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("(2, 4)")
                && e.getMessage().contains("(3,)"), e.getMessage());
        // torch.exp(x - torch.logsumexp(x, dim=(1, 2), keepdim=True)) for x = cos(arange(24)).reshape(2, 3, 4)
        double[] cv = new double[24];
        for (int i = 0; i < 24; i++) {
            cv[i] = Math.cos(i);
        }
        Tensor c = Tensors.constant(cv, 2, 3, 4);
        assertArrayEquals(new double[] {0.1842312561405978, 0.11633734313883981, 0.04470319424862552,
                0.02518375890159869, 0.035252913363419874, 0.0900039880286119, 0.1770375898331326, 0.14404043368737132,
                0.05859748405848503, 0.027250218336605805, 0.02928631277922, 0.0680755074834917, 0.15276936864883436,
                0.16279996073713918, 0.07532504249365561, 0.030734552739176167, 0.0252144174165199, 0.04989456569375553,
                0.12715313394558872, 0.17658106260143822, 0.09880591711211585, 0.03799088151202968, 0.024170058245802,
                0.038561038853945157}, new Softmax(1, 2).call(c).toDoubleArray(), 1e-15);
        derivativesMatchFiniteDifferences(t -> new Softmax(-1, 1).call(t), wave(0.3, 2, 3, 2));
        derivativesMatchFiniteDifferences(t -> s.callMasked(t, m), x);
        assertThrows(IllegalArgumentException.class, () -> new Softmax(1, -2).call(c));
        assertThrows(IllegalArgumentException.class, () -> new Softmax(3).call(c));
        assertEquals("softmax", s.name());
        // an output over the last axis remembers its logits for the cross-entropy losses, as Keras's
        // activations.softmax; Keras's Softmax layer feeding a CategoricalCrossentropy computes from them
        Tensor logits = Tensors.constant(new float[] {40, 0}, 1, 2);
        Tensor target = Tensors.constant(new float[] {0, 1}, 1, 2);
        assertEquals(40f, new CategoricalCrossentropy().call(target, s.call(logits)).floatValue(), 1e-4f);
    }
    @Test
    void softmaxZeroesAFullyMaskedRowAsKeras310() {
        // keras/src/layers/activations/softmax.py Softmax.call (keras-team/keras#21149): after the softmax of the
        // shifted logits, where(mask, outputs, 0), so a row with every position masked is zeros, not uniform [0.25]*4.
        // Row 0 keeps positions 0 and 2, equal logits 1 and 1: [0.5, 0, 0.5, 0]. Gradient of sum(w * y): on a kept
        // position y_i (w_i - sum_j y_j w_j) = 0.5 (1 - 2) = -0.5 and 0.5 (3 - 2) = 0.5; a masked position and the
        // whole masked row get 0 (torch.where over torch.softmax in float64 gives the same)
        Tensor x = Tensors.constant(new double[] {1, 2, 1, 0.5, 0.3, -1, 2, 4}, 2, 4);
        Tensor m = Tensors.constant(new boolean[] {true, false, true, false, false, false, false, false}, 2, 4);
        Softmax s = new Softmax();
        assertArrayEquals(new double[] {0.5, 0, 0.5, 0, 0, 0, 0, 0}, s.callMasked(x, m).toDoubleArray(), 1e-15);
        Tensor w = Tensors.constant(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        GradientTape tape = new GradientTape();
        tape.watch(x);
        Tensor loss;
        try (GradientTape t = tape) {
            loss = s.callMasked(x, m).mul(w).sum();
        }
        assertArrayEquals(new double[] {-0.5, 0, 0.5, 0, 0, 0, 0, 0}, tape.gradient(loss, x).toDoubleArray(), 1e-15);
        // a broadcast mask (1, 1, 3) masking every key of scores (1, 2, 3), and over two axes: zeros everywhere
        Tensor none = Tensors.constant(new boolean[] {false, false, false}, 1, 1, 3);
        assertArrayEquals(new float[6], s.callMasked(Tensors.zeros(DType.FLOAT32, 1, 2, 3), none).toFloatArray());
        assertArrayEquals(new float[6], new Softmax(1, 2).callMasked(Tensors.zeros(DType.FLOAT32, 1, 2, 3), none)
                .toFloatArray());
        // Keras's masked output is the where's new tensor, without logits: a CategoricalCrossentropy reads the
        // probabilities, clipped to [1e-7, 1 - 1e-7], so a target on a masked position costs -log(1e-7)
        Tensor target = Tensors.constant(new float[] {0, 1}, 1, 2);
        Tensor keepFirst = Tensors.constant(new boolean[] {true, false}, 1, 2);
        assertEquals(-Math.log(1e-7), new CategoricalCrossentropy().call(target,
                s.callMasked(Tensors.constant(new float[] {0, 0}, 1, 2), keepFirst)).floatValue(), 1e-4);
    }
}
