package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.ops.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ZeroPadding1D/2D, Cropping1D/2D, UpSampling1D/2D, Permute, RepeatVector and TimeDistributed: values against
 * PyTorch 1.13 / NumPy 1.24 (float64, computed on this machine), Keras 3's defaults and names, gradients and JVPs
 * against finite differences, masks and errors.
 */
class ReshapingLayersTest {

    /** Smooth, distinct test values. */
    static Tensor wave(double phase, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(0.7 * i + phase) + 0.1 * i / n;
        }
        return Tensors.constant(v, shape);
    }

    /**
     * The tape gradient of {@code sum(f(x) * w)} and the forward-mode JVP of {@code f} along a direction both
     * equal what the finite-difference Jacobian of {@code f} at {@code x} (float64) gives.
     */
    static void derivativesMatchFiniteDifferences(Function<Tensor, Tensor> f, Tensor x) {
        Tensor y0 = f.apply(x);
        Tensor w = wave(0.4, y0.shape().dims());
        Tensor v = wave(1.3, x.shape().dims());
        double[] jac = FiniteDifferences.jacobian(f, x, 1e-6);
        int n = x.size();
        int m = y0.size();
        double[] wd = w.toDoubleArray();
        double[] vd = v.toDoubleArray();
        double[] grad = new double[n];
        double[] jvp = new double[m];
        for (int o = 0; o < m; o++) {
            for (int j = 0; j < n; j++) {
                grad[j] += wd[o] * jac[o * n + j];
                jvp[o] += jac[o * n + j] * vd[j];
            }
        }
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = f.apply(x).mul(w).sum();
        }
        assertArrayEquals(grad, tape.gradient(loss, x).toDoubleArray(), 1e-7, "tape gradient");
        try (ForwardAccumulator acc = new ForwardAccumulator(x, v)) {
            assertArrayEquals(jvp, acc.jvp(f.apply(x)).toDoubleArray(), 1e-7, "JVP");
        }
    }

    private static double[] arange(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void zeroPaddingMatchesTorchPadWithKerasDefaults() {
        // keras/src/layers/reshaping/zero_padding1d.py: padding=1 by default, ops.pad on axis 1.
        // torch.nn.functional.pad(arange(1, 7).reshape(1, 3, 2), (0, 0, 2, 1)):
        Tensor x = Tensors.constant(arange(6), 1, 3, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0},
                new ZeroPadding1D(2, 1).call(x).toDoubleArray());
        assertEquals(io.gradtape.Shape.of(1, 5, 2), new ZeroPadding1D().call(x).shape());
        assertArrayEquals(new int[] {1, 1}, new ZeroPadding1D().padding());
        // keras/src/layers/reshaping/zero_padding2d.py docstring: (1, 1, 2, 2) arange, padding=1 -> the 2x2 block
        // in the middle of a 4x4 frame of zeros (channels last)
        Tensor img = Tensors.constant(new double[] {0, 1, 2, 3}, 1, 1, 2, 2);
        Tensor y = new ZeroPadding2D().call(img);
        assertEquals(io.gradtape.Shape.of(1, 3, 4, 2), y.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                y.toDoubleArray());
        assertEquals(io.gradtape.Shape.of(2, 6, 8, 3),
                new ZeroPadding2D(1, 2, 3, 0).call(Tensors.zeros(DType.INT32, 2, 3, 5, 3)).shape());
        assertArrayEquals(new int[] {1, 1, 2, 2}, new ZeroPadding2D(1, 2).padding());
        assertEquals("zero_padding1d", new ZeroPadding1D().name());
        assertEquals("zero_padding2d", new ZeroPadding2D().name());
        derivativesMatchFiniteDifferences(t -> new ZeroPadding2D(1, 0, 2, 1).call(t), wave(0.1, 2, 2, 3, 2));
    }

    @Test
    void croppingKeepsTheMiddleAndRefusesToLeaveNothing() {
        // keras 2 Cropping1D docstring (same in Keras 3): arange((2, 3, 2)), cropping=1 -> [[[2, 3]], [[8, 9]]]
        Tensor x = Tensors.constant(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
        assertArrayEquals(new double[] {2, 3, 8, 9}, new Cropping1D().call(x).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 6, 7}, new Cropping1D(0, 2).call(x).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Cropping1D(2, 1).call(x));
        assertTrue(e.getMessage().contains("cropping1d") && e.getMessage().contains("(2, 3, 2)"), e.getMessage());
        // numpy: np.arange(1, 31).reshape(1, 5, 6, 1)[:, 1:4, 2:5, :]
        Tensor img = Tensors.constant(arange(30), 1, 5, 6, 1);
        assertArrayEquals(new double[] {9, 10, 11, 15, 16, 17, 21, 22, 23},
                new Cropping2D(1, 1, 2, 1).call(img).toDoubleArray());
        assertEquals(img.shape(), new Cropping2D().call(img).shape(), "Keras's default crops nothing");
        e = assertThrows(IllegalArgumentException.class, () -> new Cropping2D(0, 0, 3, 3).call(img));
        assertTrue(e.getMessage().contains("column") && e.getMessage().contains("(1, 5, 6, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cropping2D(-1));
        derivativesMatchFiniteDifferences(t -> new Cropping2D(1, 0, 0, 1).call(t), wave(0.2, 1, 3, 3, 2));
    }

    @Test
    void upSampling1DRepeatsSteps() {
        // keras/src/layers/reshaping/up_sampling1d.py: ops.repeat(x, size=2, axis=1); numpy.repeat gives this
        Tensor x = Tensors.constant(arange(6), 1, 3, 2);
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6}, new UpSampling1D().call(x).toDoubleArray());
        assertEquals(io.gradtape.Shape.of(1, 9, 2), new UpSampling1D(3).call(x).shape());
        assertEquals("up_sampling1d", new UpSampling1D().name());
        derivativesMatchFiniteDifferences(t -> new UpSampling1D(3).call(t), wave(0.3, 2, 2, 2));
    }

    /** x = arange(1, 13).reshape(1, 2, 3, 2) ** 1.5 (NHWC) and the weights of the gradient checks below. */
    private static Tensor image() {
        double[] v = arange(12);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.pow(v[i], 1.5);
        }
        return Tensors.constant(v, 1, 2, 3, 2);
    }

    private static Tensor sinWeights(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.sin(i);
        }
        return Tensors.constant(w, shape);
    }

    private static Tensor gradientOfWeightedSum(Module layer, Tensor x, Tensor w) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = layer.call(x).mul(w).sum();
        }
        return tape.gradient(loss, x);
    }

    @Test
    void upSampling2DBilinearMatchesTorchInterpolateWithHalfPixelCentres() {
        // keras/src/layers/reshaping/up_sampling2d.py: ops.image.resize(x, (h * 2, w * 3), "bilinear"), which on
        // TensorFlow is tf.image.resize (half_pixel_centers=True). Expected: torch.nn.functional.interpolate(
        // x.permute(0, 3, 1, 2), scale_factor=(2, 3), mode="bilinear", align_corners=False).permute(0, 2, 3, 1),
        // float64; gradient of sum(y * sin(arange(72)).reshape(1, 4, 9, 2)) by autograd.
        Tensor x = image();
        UpSampling2D up = new UpSampling2D(2, 3, "bilinear");
        Tensor y = up.call(x);
        assertEquals(io.gradtape.Shape.of(1, 4, 9, 2), y.shape());
        double[] expected = {1.0, 2.8284271247461903, 1.0, 2.8284271247461903, 2.3987174742355437, 4.552284749830793,
                3.797434948471088, 6.276142374915397, 5.196152422706631, 7.999999999999999, 7.190881577637403,
                10.23231281889969, 9.185610732568174, 12.464625637799378, 11.180339887498947, 14.696938456699066,
                11.180339887498947, 14.696938456699067, 5.380064794363033, 7.778174593052023, 5.380064794363033,
                7.778174593052023, 7.1357479685853455, 9.820681112174999, 8.89143114280766, 11.863187631297974,
                10.647114317029974, 13.905694150420949, 12.933400574387168, 16.408798996259822, 15.219686831744363,
                18.911903842098692, 17.505973089101555, 21.41500868793756, 17.50597308910156, 21.415008687937565,
                14.1401943830891, 17.67766952966369, 14.1401943830891, 17.67766952966369, 16.60980895728495,
                20.35747383686341, 19.079423531480806, 23.03727814406313, 21.549038105676658, 25.717082451262847,
                24.418438567886696, 28.76177135098008, 27.287839030096738, 31.80646025069732, 30.15723949230678,
                34.85114915041456, 30.15723949230678, 34.85114915041456, 18.520259177452132, 22.627416997969522,
                18.520259177452132, 22.627416997969522, 21.346839451634754, 25.62587019920761, 24.17341972581738,
                28.624323400445704, 26.999999999999996, 31.622776601683796, 30.160957564636462, 34.938257528340216,
                33.321915129272924, 38.253738454996636, 36.482872693909385, 41.56921938165305, 36.48287269390939,
                41.569219381653056};
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.07622835077768247, 0.8303178124144329, 0.014678676621094547,
                0.012582618537715045, 0.6759108206191423, -0.18558119716952592, -0.9346105860990721,
                -0.4136325848726125, -0.0050181795265796065, 0.009793524670891241, 0.6774777744382775,
                0.9154553118910048}, gradientOfWeightedSum(up, x, sinWeights(1, 4, 9, 2)).toDoubleArray(), 1e-12);
        // float32 follows float64 to float32's precision
        assertArrayEquals(expected, up.call(Tensors.cast(x, DType.FLOAT32)).toDoubleArray(), 1e-5);
        derivativesMatchFiniteDifferences(t -> new UpSampling2D(3, 2, "bilinear").call(t), wave(0.5, 1, 2, 2, 2));
        // the Javadoc's example: a 2x2 image, factor 2: rows interpolate at -0.25, 0.25, 0.75, 1.25
        Tensor small = Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        assertArrayEquals(new float[] {1, 1.25f, 1.75f, 2}, java.util.Arrays.copyOf(
                new UpSampling2D(2, 2, "BILINEAR").call(small).toFloatArray(), 4), 1e-6f);
    }

    @Test
    void upSampling2DNearestRepeatsRowsAndColumnsAsTorch() {
        // keras/src/layers/reshaping/up_sampling2d.py: ops.repeat on axes 1 and 2 for "nearest" (the default, with
        // size (2, 2)). Expected: torch interpolate(mode="nearest", scale_factor=(2, 3)) and its autograd gradient.
        Tensor x = image();
        UpSampling2D up = new UpSampling2D(2, 3, "nearest");
        double[] row0 = {1, 2.8284271247461903, 1, 2.8284271247461903, 1, 2.8284271247461903, 5.196152422706632, 8,
                5.196152422706632, 8, 5.196152422706632, 8, 11.180339887498947, 14.696938456699067, 11.180339887498947,
                14.696938456699067, 11.180339887498947, 14.696938456699067};
        double[] y = up.call(x).toDoubleArray();
        assertArrayEquals(row0, java.util.Arrays.copyOfRange(y, 0, 18), 1e-14);
        assertArrayEquals(row0, java.util.Arrays.copyOfRange(y, 18, 36), 1e-14);
        assertArrayEquals(new double[] {0.30560162618330056, 0.16397916222846298, 0.2938075143159342,
                0.22950517150360494, 0.2586088642982224, 0.2767489303922521, -0.037764517108372586,
                0.23478217315072236, -0.12099655471606019, 0.17076851443526142, -0.19459007614247914,
                0.09315153376160235}, gradientOfWeightedSum(up, x, sinWeights(1, 4, 9, 2)).toDoubleArray(), 1e-12);
        UpSampling2D dflt = new UpSampling2D();
        assertArrayEquals(new int[] {2, 2}, dflt.size());
        assertEquals("nearest", dflt.interpolation());
        assertEquals("up_sampling2d", dflt.name());
        assertEquals(io.gradtape.Shape.of(2, 6, 8, 1), dflt.call(Tensors.zeros(DType.INT32, 2, 3, 4, 1)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UpSampling2D(2, 2, "bicubic"));
        assertTrue(e.getMessage().contains("bicubic"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new UpSampling2D(2, 2, "bilinear").call(Tensors.zeros(DType.INT32, 1, 2, 2, 1)));
        assertTrue(e.getMessage().contains("up_sampling2d") && e.getMessage().contains("int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dflt.call(Tensors.zeros(DType.FLOAT32, 2, 3, 4)));
        assertTrue(e.getMessage().contains("up_sampling2d: UpSampling2D needs an input of rank 4")
                && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
    }

    @Test
    void permuteAndRepeatVector() {
        // keras/src/layers/reshaping/permute.py: ops.transpose(x, (0,) + dims); numpy: arange(1, 7).reshape(1, 2, 3)
        // transposed (0, 2, 1)
        Tensor x = Tensors.constant(arange(6), 1, 2, 3);
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, new Permute(2, 1).call(x).toDoubleArray());
        assertEquals(io.gradtape.Shape.of(2, 5, 3, 4), new Permute(3, 1, 2).call(Tensors.zeros(DType.FLOAT32, 2, 3, 4, 5)).shape());
        assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Permute(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Permute(2, 1).call(
                Tensors.zeros(DType.FLOAT32, 2, 3)));
        assertTrue(e.getMessage().startsWith("permute: Permute[2, 1] needs an input of rank 3"), e.getMessage());
        derivativesMatchFiniteDifferences(t -> new Permute(2, 3, 1).call(t), wave(0.6, 2, 2, 3, 2));
        // keras/src/layers/reshaping/repeat_vector.py: (batch, f) -> (batch, n, f)
        Tensor v = Tensors.constant(arange(4), 2, 2);
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, new RepeatVector(3).call(v).toDoubleArray());
        assertEquals(io.gradtape.Shape.of(2, 0, 2), new RepeatVector(0).call(v).shape());
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(-1));
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(2).call(x));
        assertEquals("repeat_vector", new RepeatVector(2).name());
        derivativesMatchFiniteDifferences(t -> new RepeatVector(3).call(t), wave(0.7, 2, 3));
    }

    @Test
    void reshapingLayersDropTheMaskAsKeras() {
        // none of these Keras 3 layers sets supports_masking, so their output has no mask
        Tensor x = Tensors.zeros(DType.FLOAT32, 2, 4, 3);
        Tensor mask = Tensors.constant(new boolean[] {true, true, false, false, true, true, true, false}, 2, 4);
        for (Module m : List.of(new ZeroPadding1D(), new Cropping1D(), new UpSampling1D(), new Permute(2, 1))) {
            assertNull(m.computeMask(x, mask), m.name());
        }
    }

    @Test
    void timeDistributedAppliesOneLayerAtEveryStepWithItsWeights() {
        Dense dense = new Dense(2);
        TimeDistributed td = new TimeDistributed(dense);
        Tensor x = wave(0.9, 2, 4, 3);
        Tensor y = td.call(x);
        assertEquals(io.gradtape.Shape.of(2, 4, 2), y.shape());
        // step t of the output is dense(x[:, t])
        for (int t = 0; t < 4; t++) {
            Tensor step = Tensors.reshape(Tensors.slice(x, new int[] {0, t, 0}, new int[] {2, 1, 3}), 2, 3);
            Tensor expected = dense.call(step);
            Tensor got = Tensors.reshape(Tensors.slice(y, new int[] {0, t, 0}, new int[] {2, 1, 2}), 2, 2);
            assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), 1e-15);
        }
        assertEquals(List.of("dense/kernel", "dense/bias"), List.copyOf(td.namedVariables().keySet()));
        Sequential model = new Sequential(td);
        assertTrue(model.namedVariables().containsKey("time_distributed/dense/kernel"), model.namedVariables().toString());
        derivativesMatchFiniteDifferences(td::call, x);
        // images per frame: (batch, frames, h, w, c)
        TimeDistributed frames = new TimeDistributed(new Cropping2D(1));
        assertEquals(io.gradtape.Shape.of(2, 3, 2, 2, 1), frames.call(Tensors.zeros(DType.FLOAT32, 2, 3, 4, 4, 1)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> td.call(Tensors.zeros(DType.FLOAT32, 2, 3)));
        assertTrue(e.getMessage().contains("time_distributed") && e.getMessage().contains("(2, 3)"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> new TimeDistributed(new Flatten() {
                    @Override
                    public Tensor call(Tensor in) {
                        return Tensors.zeros(DType.FLOAT32, 1, 2);
                    }
                }).call(x));
        assertTrue(s.getMessage().contains("(8, 3)") && s.getMessage().contains("(1, 2)"), s.getMessage());
    }

    @Test
    void timeDistributedMergesTheMaskAndPassesItOnAsKeras() {
        // keras/src/layers/rnn/time_distributed.py: supports_masking=True; the mask's first two axes must be
        // (batch, timesteps); each step's slice goes to a layer whose call takes a mask. Here the merged mask
        // (batch * timesteps, ...) reaches the wrapped layer's callMasked.
        Tensor[] seen = new Tensor[1];
        Module probe = new Flatten() {
            @Override
            public Tensor callMasked(Tensor in, Tensor mask) {
                seen[0] = mask;
                return in;
            }
        };
        TimeDistributed td = new TimeDistributed(probe);
        Tensor x = Tensors.zeros(DType.FLOAT32, 2, 3, 4, 5);
        Tensor mask = Tensors.constant(new boolean[] {true, false, true, false, true, true}, 2, 3);
        td.callMasked(x, mask);
        assertArrayEquals(new boolean[] {true, false, true, false, true, true}, toBooleans(seen[0]));
        assertEquals(io.gradtape.Shape.of(6), seen[0].shape());
        assertSame(mask, td.computeMask(x, mask));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> td.callMasked(x, Tensors.constant(new boolean[] {true, false, true}, 3, 1)));
        assertTrue(e.getMessage().contains("(2, 3, ...)") && e.getMessage().contains("(3, 1)"), e.getMessage());
        // an LSTM inside gets its per-frame mask (batch * frames, steps)
        LSTM lstm = LSTM.builder(2).build();
        TimeDistributed tdl = new TimeDistributed(lstm);
        Tensor seq = wave(0.2, 2, 3, 4, 1);
        Tensor stepMask = Tensors.constant(new boolean[] {true, true, false, false, true, true, true, true, true, false,
                false, false, true, true, true, false, true, true, true, true, true, false, false, false}, 2, 3, 4);
        Tensor out = tdl.callMasked(seq, stepMask);
        Tensor frame = Tensors.reshape(Tensors.slice(seq, new int[] {0, 0, 0, 0}, new int[] {1, 1, 4, 1}), 1, 4, 1);
        Tensor frameMask = Tensors.constant(new boolean[] {true, true, false, false}, 1, 4);
        assertArrayEquals(lstm.callMasked(frame, frameMask).toDoubleArray(),
                java.util.Arrays.copyOf(out.toDoubleArray(), 2), 1e-15);
    }

    private static boolean[] toBooleans(Tensor t) {
        boolean[] b = new boolean[t.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = t.getBoolean(i);
        }
        return b;
    }

    @Test
    void timeDistributedPassesTheTrainingFlag() {
        Dropout drop = new Dropout(0.5, Generator.fromSeed(3));
        TimeDistributed td = new TimeDistributed(drop);
        Tensor x = Tensors.ones(DType.FLOAT32, 4, 5, 6);
        assertEquals(x.shape(), td.call(x).shape());
        assertArrayEquals(x.toDoubleArray(), td.call(x).toDoubleArray());
        double[] y = td.call(x, true).toDoubleArray();
        boolean zero = false;
        for (double d : y) {
            assertTrue(d == 0 || d == 2, "dropout in training: " + d);
            zero |= d == 0;
        }
        assertTrue(zero);
    }
}
