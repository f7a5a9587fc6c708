package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import static io.gradtape.nn.ReshapingLayersTest.derivativesMatchFiniteDifferences;
import static io.gradtape.nn.ReshapingLayersTest.wave;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RandomTranslation, RandomRotation and RandomZoom and their shared engine (TensorFlow's ImageProjectiveTransformV3):
 * the transforms of given draws against a NumPy transcription of the TensorFlow kernel in every fill mode and
 * interpolation, itself checked against PyTorch's grid_sample where the conventions coincide
 * (scripts/fixtures/image_preprocessing_reference.py prints the constants at the end of this class), Keras's matrices,
 * a hand-derived quarter turn, gradients against finite differences, the distributions of the draws read back from
 * linear ramps, and errors.
 */
class ImageAffineLayersTest {

    private static final String[] MODES = {"reflect", "wrap", "constant", "nearest"};

    private static Tensor image() {
        return wave(0.2, 2, 4, 5, 1);
    }

    private static RandomRotation rotation(String mode, String interpolation) {
        return new RandomRotation(new double[] {0.1}, mode, interpolation, 0.5, Generator.fromSeed(1));
    }

    @Test
    void layerMatricesFollowKeras() {
        // _compute_affine_matrix with unit scale and no shear, and _get_zoom_matrix, as the script computes them
        float[] r0 = RandomRotation.rotation(30, 4, 5);
        float[] r1 = RandomRotation.rotation(-135, 4, 5);
        float[] z0 = RandomZoom.zoom(1.3f, 0.6f, 4, 5);
        float[] z1 = RandomZoom.zoom(0.75f, 0.75f, 4, 5);
        for (int i = 0; i < 8; i++) {
            assertEquals(ROTATION_MATRICES[i], r0[i], 1e-7);
            assertEquals(ROTATION_MATRICES[8 + i], r1[i], 1e-7);
            assertEquals(ZOOM_MATRICES[i], z0[i], 0);
            assertEquals(ZOOM_MATRICES[8 + i], z1[i], 0);
        }
        // translation: output (x, y) reads (x - dx, y - dy)
        assertArrayEquals(new float[] {1, 0, 2.25f, 0, 1, -1.5f, 0, 0}, RandomTranslation.translation(1.5f, -2.25f));
    }

    @Test
    void rotationsMatchTheTensorFlowKernelInEveryFillModeAndInterpolation() {
        // the script's float32 matrices (layerMatricesFollowKeras compares RandomRotation.rotation with them)
        Tensor x = image();
        float[][] t = new float[2][8];
        for (int i = 0; i < 16; i++) {
            t[i / 8][i % 8] = (float) ROTATION_MATRICES[i];
        }
        double[][] expected = {ROT_REFLECT_BILINEAR, ROT_REFLECT_NEAREST, ROT_WRAP_BILINEAR, ROT_WRAP_NEAREST,
                ROT_CONSTANT_BILINEAR, ROT_CONSTANT_NEAREST, ROT_NEAREST_BILINEAR, ROT_NEAREST_NEAREST};
        int k = 0;
        for (String mode : MODES) {
            for (String interpolation : new String[] {"bilinear", "nearest"}) {
                RandomRotation layer = rotation(mode, interpolation);
                assertArrayEquals(expected[k], layer.transform(x, t).toDoubleArray(), 1e-12,
                        mode + " " + interpolation);
                // float32 images: the same sampling in float32
                Tensor y32 = layer.transform(Tensors.cast(x, DType.FLOAT32), t);
                assertEquals(DType.FLOAT32, y32.dtype());
                assertArrayEquals(expected[k], y32.toDoubleArray(), 1e-6, mode + " " + interpolation + " float32");
                k++;
            }
        }
    }

    @Test
    void zoomsAndTranslationsMatchTheTensorFlowKernel() {
        Tensor x = image();
        float[][] zoom = {RandomZoom.zoom(1.3f, 0.6f, 4, 5), RandomZoom.zoom(0.75f, 0.75f, 4, 5)};
        float[][] shift = {RandomTranslation.translation(1.5f, -2.25f), RandomTranslation.translation(-3.7f, 6.2f)};
        double[][] zoomExpected = {ZOOM_REFLECT_BILINEAR, ZOOM_WRAP_BILINEAR, ZOOM_CONSTANT_BILINEAR,
                ZOOM_NEAREST_BILINEAR};
        double[][] shiftExpected = {TRANS_REFLECT_BILINEAR, TRANS_WRAP_BILINEAR, TRANS_CONSTANT_BILINEAR,
                TRANS_NEAREST_BILINEAR};
        for (int k = 0; k < 4; k++) {
            RandomZoom z = new RandomZoom(new double[] {0.2}, null, MODES[k], "bilinear", 0.5, Generator.fromSeed(1));
            assertArrayEquals(zoomExpected[k], z.transform(x, zoom).toDoubleArray(), 1e-12, MODES[k]);
            RandomTranslation s = new RandomTranslation(new double[] {0.2}, new double[] {0.2}, MODES[k], "bilinear",
                    0.5, Generator.fromSeed(1));
            assertArrayEquals(shiftExpected[k], s.transform(x, shift).toDoubleArray(), 1e-12, MODES[k]);
        }
        RandomZoom zn = new RandomZoom(new double[] {0.2}, null, "constant", "nearest", 0.5, Generator.fromSeed(1));
        assertArrayEquals(ZOOM_CONSTANT_NEAREST, zn.transform(x, zoom).toDoubleArray(), 1e-12);
        RandomTranslation sn = new RandomTranslation(new double[] {0.2}, new double[] {0.2}, "constant", "nearest",
                0.5, Generator.fromSeed(1));
        assertArrayEquals(TRANS_CONSTANT_NEAREST, sn.transform(x, shift).toDoubleArray(), 1e-12);
    }

    @Test
    void aQuarterTurnPermutesThePixels() {
        // rotation by 90 degrees about the centre (1, 1) of a 3 x 3 image: output (x, y) reads input
        // (cos 90 (x - 1) - sin 90 (y - 1) + 1, sin 90 (x - 1) + cos 90 (y - 1) + 1) = (2 - y, x); nearest rounding
        // absorbs the rounding error of cos 90 (6e-17), and fill mode "nearest" the points it puts a hair outside
        Tensor x = Tensors.constant(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3, 1);
        Tensor y = rotation("nearest", "nearest").transform(x, new float[][] {RandomRotation.rotation(90, 3, 3)});
        // out[y][x] = in[x][2 - y]
        assertArrayEquals(new double[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, y.toDoubleArray());
        // a one-image input gives one image, as a batch of one does
        Tensor batched = rotation("nearest", "nearest").transform(Tensors.expandDims(x, 0),
                new float[][] {RandomRotation.rotation(90, 3, 3)});
        assertArrayEquals(y.toDoubleArray(), batched.toDoubleArray(), 0);
        assertEquals(Shape.of(3, 3, 1), y.shape());
    }

    @Test
    void gradientsWithRespectToTheImageAreTheSamplingsDerivative() {
        float[][] t = {RandomRotation.rotation(30, 4, 5), RandomRotation.rotation(-135, 4, 5)};
        for (String mode : MODES) {
            RandomRotation layer = rotation(mode, "bilinear");
            derivativesMatchFiniteDifferences(v -> layer.transform(v, t), wave(0.3, 2, 4, 5, 2));
        }
        RandomZoom zoom = new RandomZoom(new double[] {0.2}, null, "wrap", "nearest", 0, Generator.fromSeed(1));
        derivativesMatchFiniteDifferences(v -> zoom.transform(v, new float[][] {RandomZoom.zoom(0.7f, 1.4f, 4, 5)}),
                wave(0.3, 1, 4, 5, 1));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / v.length;
    }

    /**
     * Draws on {@code [lo, hi)}: every one inside (to float32's precision), their mean and variance those of the
     * uniform distribution within 5 standard errors (mean: {@code sd / sqrt(n)}; variance: the uniform's fourth
     * central moment gives a standard error of {@code sqrt(0.8 / n)} relative).
     */
    private static void assertUniform(double[] d, double lo, double hi, String what) {
        int n = d.length;
        for (double v : d) {
            assertTrue(v >= lo - 1e-4 && v < hi + 1e-4, what + ": " + v + " outside [" + lo + ", " + hi + ")");
        }
        double var = (hi - lo) * (hi - lo) / 12;
        assertEquals((lo + hi) / 2, mean(d), 5 * Math.sqrt(var / n), what + " mean");
        assertEquals(var, variance(d), 5 * Math.sqrt(0.8 / n) * var, what + " variance");
    }

    @Test
    void translationsAreUniformFractionsOfTheSize() {
        // a ramp 0..100 along the width, one row: output column 50 reads 50 - dx (bilinear is exact on a ramp), so
        // dx = 50 - out; dx = U[-0.2, 0.2) * 101
        int n = 2000;
        double[] ramp = new double[n * 101];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % 101;
        }
        RandomTranslation across = new RandomTranslation(0.0, 0.2, Generator.fromSeed(21));
        double[] y = across.call(Tensors.constant(ramp, n, 1, 101, 1), true).toDoubleArray();
        double[] dx = new double[n];
        for (int i = 0; i < n; i++) {
            dx[i] = 50 - y[i * 101 + 50];
        }
        assertUniform(dx, -0.2 * 101, 0.2 * 101, "dx");
        // along the height with a pair: dy = U[-0.1, 0.3) * 101
        RandomTranslation down = new RandomTranslation(new double[] {0.3, -0.1}, new double[] {0}, "nearest",
                "bilinear", 0, Generator.fromSeed(22));
        assertArrayEquals(new double[] {-0.1, 0.3}, down.heightFactor());
        double[] yd = down.call(Tensors.constant(ramp, n, 101, 1, 1), true).toDoubleArray();
        double[] dy = new double[n];
        for (int i = 0; i < n; i++) {
            dy[i] = 50 - yd[i * 101 + 50];
        }
        assertUniform(dy, -0.1 * 101, 0.3 * 101, "dy");
    }

    /** n images 3 x 3 (or 5 x 5) with channel 0 holding x and channel 1 holding y. */
    private static Tensor coordinates(int n, int size) {
        double[] v = new double[n * size * size * 2];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    v[p++] = c;
                    v[p++] = r;
                }
            }
        }
        return Tensors.constant(v, n, size, size, 2);
    }

    @Test
    void rotationAnglesAreUniformFractionsOfATurn() {
        // output pixel (x 2, y 1) of a 3 x 3 image reads input (1 + cos t, 1 + sin t), inside the image, where the
        // coordinate channels give the point back: t = atan2(y - 1, x - 1); factor {-0.25, 0.5}: t in [-90, 180)
        int n = 2000;
        RandomRotation rot = new RandomRotation(new double[] {0.5, -0.25}, "reflect", "bilinear", 0,
                Generator.fromSeed(31));
        assertArrayEquals(new double[] {-0.25, 0.5}, rot.factor());
        Tensor y = rot.call(coordinates(n, 3), true);
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.toDegrees(Math.atan2(y.getDouble(i, 1, 2, 1) - 1, y.getDouble(i, 1, 2, 0) - 1));
            angles[i] = a < -91 ? a + 360 : a;
        }
        assertUniform(angles, -90, 180, "angle");
    }

    @Test
    void zoomFactorsAreUniformAndShareTheHeightsWithoutAWidthFactor() {
        // output pixel (3, 3) of a 5 x 5 image reads (2 + zx, 2 + zy)
        int n = 2000;
        RandomZoom zoom = new RandomZoom(new double[] {-0.5, 0.5}, new double[] {0.2, 0.4}, "reflect", "bilinear", 0,
                Generator.fromSeed(41));
        Tensor y = zoom.call(coordinates(n, 5), true);
        double[] zx = new double[n];
        double[] zy = new double[n];
        for (int i = 0; i < n; i++) {
            zx[i] = y.getDouble(i, 3, 3, 0) - 2;
            zy[i] = y.getDouble(i, 3, 3, 1) - 2;
        }
        assertUniform(zx, 1.2, 1.4, "zx");
        assertUniform(zy, 0.5, 1.5, "zy");
        RandomZoom same = new RandomZoom(0.3, Generator.fromSeed(42));
        assertNull(same.widthFactor());
        Tensor s = same.call(coordinates(200, 5), true);
        double[] z = new double[200];
        for (int i = 0; i < 200; i++) {
            z[i] = s.getDouble(i, 3, 3, 0) - 2;
            assertEquals(z[i], s.getDouble(i, 3, 3, 1) - 2, 1e-5);
            assertTrue(z[i] >= 0.7 - 1e-5 && z[i] < 1.3 + 1e-5);
        }
    }

    @Test
    void inferenceTrainingFlagAndSeeds() {
        Tensor x = wave(0.1, 2, 6, 7, 3);
        RandomRotation rot = new RandomRotation(0.2, Generator.fromSeed(5));
        assertSame(x, rot.call(x));
        assertEquals(DType.FLOAT32, rot.call(Tensors.zeros(DType.INT32, 4, 4, 1)).dtype());
        Tensor a = rot.call(x, true);
        assertArrayEquals(a.toDoubleArray(), new RandomRotation(0.2, Generator.fromSeed(5)).call(x, true)
                .toDoubleArray(), 0);
        assertTrue(!java.util.Arrays.equals(a.toDoubleArray(), rot.call(x, true).toDoubleArray()));
        // one image draws as a batch of one
        Tensor one = wave(0.2, 6, 7, 3);
        assertArrayEquals(new RandomZoom(0.3, Generator.fromSeed(8)).call(Tensors.expandDims(one, 0), true)
                .toDoubleArray(), new RandomZoom(0.3, Generator.fromSeed(8)).call(one, true).toDoubleArray(), 0);
        assertEquals("random_rotation", rot.name());
        assertEquals("random_zoom", new RandomZoom(0.1, Generator.fromSeed(1)).name());
        assertEquals("random_translation", new RandomTranslation(0.1, 0.1, Generator.fromSeed(1)).name());
        assertEquals("reflect", rot.fillMode());
        assertEquals("bilinear", rot.interpolation());
        assertEquals(0.0, rot.fillValue());
    }

    /** A Keras-style augmentation pipeline: the augmenters act only when the Sequential is called in training. */
    private static Sequential pipeline(long seed) {
        return new Sequential(new Rescaling(1 / 255.0), new RandomFlip(Generator.fromSeed(seed)),
                new RandomRotation(0.1, Generator.fromSeed(seed + 1)),
                new RandomZoom(0.2, Generator.fromSeed(seed + 2)),
                new RandomContrast(new double[] {0.2, 0.2}, new double[] {0, 1}, Generator.fromSeed(seed + 3)),
                new Resizing(4, 4));
    }

    @Test
    void augmentationPipelineInSequentialActsOnlyInTrainingAndPassesGradients() {
        int[] v = new int[2 * 6 * 6 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 37) % 256;
        }
        Tensor ints = Tensors.constant(v, 2, 6, 6, 3);
        Sequential model = pipeline(100);
        // inference: rescaled (float32) and resized only
        Tensor plain = new Resizing(4, 4).call(new Rescaling(1 / 255.0).call(ints));
        assertArrayEquals(plain.toDoubleArray(), model.call(ints).toDoubleArray(), 0);
        Tensor trained = model.call(ints, true);
        assertEquals(Shape.of(2, 4, 4, 3), trained.shape());
        assertTrue(!java.util.Arrays.equals(plain.toDoubleArray(), trained.toDoubleArray()));
        assertArrayEquals(trained.toDoubleArray(), pipeline(100).call(ints, true).toDoubleArray(), 0);
        // the flag is restored after the call
        assertTrue(!model.layers().get(2).training());
        // a float input gets a gradient through every augmenter
        Tensor x = Tensors.cast(ints, DType.FLOAT32);
        io.gradtape.GradientTape tape = new io.gradtape.GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = pipeline(7).call(x, true).sum();
        }
        Tensor g = tape.gradient(loss, x);
        assertEquals(x.shape(), g.shape());
        double total = 0;
        for (double d : g.toDoubleArray()) {
            assertTrue(Double.isFinite(d));
            total += Math.abs(d);
        }
        assertTrue(total > 0);
    }

    @Test
    void argumentsAreCheckedAsKerasChecksThem() {
        Generator g = Generator.fromSeed(1);
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(1.5, g));
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(new double[] {1, 2, 3}, "reflect",
                "bilinear", 0, g));
        // RandomZoom's factors lie in (-1, 1]
        assertThrows(IllegalArgumentException.class, () -> new RandomZoom(-1.0, g));
        assertArrayEquals(new double[] {-1, 1}, new RandomZoom(1.0, g).heightFactor());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomTranslation(new double[] {0.1}, new double[] {0.1}, "mirror", "bilinear", 0, g));
        assertTrue(e.getMessage().contains("RandomTranslation") && e.getMessage().contains("mirror"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomTranslation(new double[] {0.1},
                new double[] {0.1}, "reflect", "bicubic", 0, g));
        assertThrows(IllegalArgumentException.class, () -> new RandomTranslation(new double[] {0.1},
                new double[] {0.1}, "constant", "bilinear", Double.POSITIVE_INFINITY, g));
        assertThrows(NullPointerException.class, () -> new RandomRotation(0.1, null));
        e = assertThrows(IllegalArgumentException.class,
                () -> new RandomRotation(0.1, g).call(Tensors.zeros(DType.FLOAT32, 3, 3), true));
        assertTrue(e.getMessage().contains("random_rotation") && e.getMessage().contains("(3, 3)"), e.getMessage());
    }

    @Test
    void aConstantFillValueBeyondFloat32IsRefusedBeforeAnyDraw() {
        Generator g = Generator.fromSeed(3);
        java.util.List<Module> layers = java.util.List.of(
                new RandomTranslation(new double[] {0.2}, new double[] {0.2}, "constant", "bilinear", -1e39, g),
                new RandomRotation(new double[] {0.2}, "constant", "nearest", 1e39, g),
                new RandomZoom(new double[] {0.2}, null, "constant", "bilinear", 1e39, g));
        // float32 images, and integer ones (computed in float32)
        for (Tensor x : java.util.List.of(Tensors.zeros(DType.FLOAT32, 2, 4, 4, 1), Tensors.zeros(DType.INT32, 4, 4,
                1))) {
            for (Module layer : layers) {
                long[] before = g.getState();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.call(x, true));
                assertArrayEquals(before, g.getState(), layer.name());
                String m = e.getMessage();
                assertTrue(m.startsWith(layer.name() + ": ") && m.contains("fillValue") && m.contains(
                        x.shape().toString()) && m.contains(x.dtype().toString()) && m.contains("use float64 input"),
                        m);
                assertTrue(!layer.training());
                // inference draws nothing and reads no fill value
                assertEquals(x.shape(), layer.call(x).shape());
            }
        }
        // float64 holds it: a shift down by exactly dy = 0.5 * 4 = 2 rows (the pair {0.5, 0.5}), dx = 0, reads the
        // fill value in rows 0 and 1 and the input's rows 0 and 1 in rows 2 and 3
        Tensor x = wave(0.3, 1, 4, 4, 1);
        Generator g2 = Generator.fromSeed(3);
        long[] before = g2.getState();
        Tensor y = new RandomTranslation(new double[] {0.5, 0.5}, new double[] {0}, "constant", "nearest", 1e39, g2)
                .call(x, true);
        assertTrue(!java.util.Arrays.equals(before, g2.getState()));
        double[] in = x.toDoubleArray();
        double[] expected = new double[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = i < 8 ? 1e39 : in[i - 8];
        }
        assertArrayEquals(expected, y.toDoubleArray(), 0);
        // the other fill modes do not read the fill value: reflect with 1e39 is reflect with 0, in float32 too
        Tensor x32 = Tensors.cast(wave(0.4, 2, 5, 6, 1), DType.FLOAT32);
        assertArrayEquals(new RandomRotation(new double[] {0.3}, "reflect", "bilinear", 0, Generator.fromSeed(8))
                .call(x32, true).toDoubleArray(), new RandomRotation(new double[] {0.3}, "reflect", "bilinear", 1e39,
                Generator.fromSeed(8)).call(x32, true).toDoubleArray(), 0);
    }

    // ---- printed by scripts/fixtures/image_preprocessing_reference.py (the affine section)
    // rotation_matrices (2, 8)
    static final double[] ROTATION_MATRICES = {0.8660253882408142, -0.5, 1.0179492235183716, 0.5, 0.8660253882408142, -0.7990381121635437, 0.0, 0.0, -0.7071067690849304, 0.7071067690849304, 2.353553295135498, -0.7071067690849304, -0.7071067690849304, 3.9748737812042236, 0.0, 0.0};
    // zoom_matrices (2, 8)
    static final double[] ZOOM_MATRICES = {0.6000000238418579, 0.0, 0.7999999523162842, 0.0, 1.2999999523162842, -0.44999992847442627, 0.0, 0.0, 0.75, 0.0, 0.5, 0.0, 0.75, 0.375, 0.0, 0.0};
    // rot_reflect_bilinear (2, 4, 5, 1)
    static final double[] ROT_REFLECT_BILINEAR = {0.7897532429214763, 0.9791934199734302, 0.5394076736220427, 0.09726530381139846, 0.08757362780435174, 0.41990500878367637, -0.14823999558835682, -0.6982745926766852, -0.11306322915753309, -0.4074361142947899, -0.47568824586691383, -0.06943655895922213, 0.7129956216916847, 0.2273001078908003, 0.5055063402369707, 0.5501817379998584, 0.3594921534688603, -0.4151836679231857, -0.3278258213317572, 0.2642387890981939, 0.9775344515294134, 0.7172262551081154, 0.2656933286473494, 0.4404509302473765, -0.6104599555692936, 1.0725406208514099, 0.2711365197472931, -0.20985917983924052, -0.31015717380947416, 0.2276389435625576, 0.11800881907042338, -0.619706834450912, 0.3483565783249382, 0.24483989101815362, 0.7919200798665328, -0.5438079906112959, 0.7536214330062037, 0.09890862569772624, -0.07176034266735785, 0.3793503394020336};
    // rot_reflect_nearest (2, 4, 5, 1)
    static final double[] ROT_REFLECT_NEAREST = {0.7858269096274834, 1.0045736030415053, 0.7532052121767203, 0.23761998808781554, 0.23761998808781554, 0.7858269096274834, -0.9366020738895159, -0.9083146823277324, 0.15695442350706346, -0.5090211108893682, -0.5173361409084933, -0.9366020738895159, 0.7643970978741147, 0.15695442350706346, 0.27650982510153727, 0.8186678638491534, 0.8186678638491534, -0.8793285256646762, -0.40714746453460304, 0.27650982510153727, 0.9158330007380796, 0.9158330007380796, 0.35408852138446945, 0.7861612229059824, -0.8500824497911843, 1.0903511049115593, 0.9158330007380796, -0.4919256551095608, -0.3695656220718967, 1.0480266527163618, 0.7967400316551004, -0.8833881542360696, 0.3153342079829564, 0.16275365229944583, 0.7753813495119773, -0.8205783620066253, 1.0693297942787994, -0.5005522712867763, 0.16275365229944583, 0.16275365229944583};
    // rot_wrap_bilinear (2, 4, 5, 1)
    static final double[] ROT_WRAP_BILINEAR = {-0.8708532422573106, -0.46193248361636385, 0.5394076736220427, 0.09726530381139846, -0.24885033358737482, 0.41990500878367637, -0.14823999558835682, -0.6982745926766852, -0.11306322915753309, -0.4074361142947899, -0.47568824586691383, -0.06943655895922213, 0.7129956216916847, 0.2273001078908003, 0.5055063402369707, -0.35897457259279447, 0.3594921534688603, -0.4151836679231857, 0.9754084729172263, 0.7577170496443585, -0.07176034266735785, 0.3793503394020336, 0.2656933286473494, 0.4404509302473765, 0.7925589722942528, -0.5248675920026231, 0.2711365197472931, -0.20985917983924052, -0.31015717380947416, 0.2276389435625576, 0.11800881907042338, -0.619706834450912, 0.3483565783249382, 0.24483989101815362, 0.3124786617990009, 0.5465391187949832, 0.7536214330062037, 0.09890862569772624, 0.9775344515294134, 0.7172262551081154};
    // rot_wrap_nearest (2, 4, 5, 1)
    static final double[] ROT_WRAP_NEAREST = {-0.8793285256646762, -0.40714746453460304, 0.7532052121767203, 0.23761998808781554, -0.5173361409084933, 0.7858269096274834, -0.9366020738895159, -0.9083146823277324, 0.15695442350706346, -0.5090211108893682, -0.5173361409084933, -0.9366020738895159, 0.7643970978741147, 0.15695442350706346, 0.27650982510153727, -0.5090211108893682, 0.8186678638491534, -0.8793285256646762, 1.0045736030415053, 0.7532052121767203, 0.16275365229944583, 0.16275365229944583, 0.35408852138446945, 0.7861612229059824, 1.0693297942787994, -0.5005522712867763, 0.9158330007380796, -0.4919256551095608, -0.3695656220718967, 1.0480266527163618, 0.7967400316551004, -0.8833881542360696, 0.3153342079829564, 0.16275365229944583, 0.35408852138446945, 0.7861612229059824, 1.0693297942787994, -0.5005522712867763, 0.9158330007380796, 0.9158330007380796};
    // rot_constant_bilinear (2, 4, 5, 1)
    static final double[] ROT_CONSTANT_BILINEAR = {0.5, 0.5, 0.5394076736220427, 0.09726530381139846, 0.5, 0.41990500878367637, -0.14823999558835682, -0.6982745926766852, -0.11306322915753309, -0.4074361142947899, -0.47568824586691383, -0.06943655895922213, 0.7129956216916847, 0.2273001078908003, 0.5055063402369707, 0.5, 0.3594921534688603, -0.4151836679231857, 0.5, 0.5, 0.5, 0.5, 0.2656933286473494, 0.4404509302473765, 0.5, 0.5, 0.2711365197472931, -0.20985917983924052, -0.31015717380947416, 0.2276389435625576, 0.11800881907042338, -0.619706834450912, 0.3483565783249382, 0.24483989101815362, 0.5, 0.5, 0.7536214330062037, 0.09890862569772624, 0.5, 0.5};
    // rot_constant_nearest (2, 4, 5, 1)
    static final double[] ROT_CONSTANT_NEAREST = {0.5, 0.5, 0.7532052121767203, 0.23761998808781554, 0.5, 0.7858269096274834, -0.9366020738895159, -0.9083146823277324, 0.15695442350706346, -0.5090211108893682, -0.5173361409084933, -0.9366020738895159, 0.7643970978741147, 0.15695442350706346, 0.27650982510153727, 0.5, 0.8186678638491534, -0.8793285256646762, 0.5, 0.5, 0.5, 0.5, 0.35408852138446945, 0.7861612229059824, 0.5, 0.5, 0.9158330007380796, -0.4919256551095608, -0.3695656220718967, 1.0480266527163618, 0.7967400316551004, -0.8833881542360696, 0.3153342079829564, 0.16275365229944583, 0.5, 0.5, 1.0693297942787994, -0.5005522712867763, 0.5, 0.5};
    // rot_nearest_bilinear (2, 4, 5, 1)
    static final double[] ROT_NEAREST_BILINEAR = {0.7897532429214763, 0.9791934199734302, 0.5394076736220427, 0.09726530381139846, 0.08757362780435174, 0.41990500878367637, -0.14823999558835682, -0.6982745926766852, -0.11306322915753309, -0.4074361142947899, -0.47568824586691383, -0.06943655895922213, 0.7129956216916847, 0.2273001078908003, 0.5055063402369707, 0.5501817379998584, 0.3594921534688603, -0.4151836679231857, -0.3278258213317572, 0.2642387890981939, 0.9775344515294134, 0.7172262551081154, 0.2656933286473494, 0.4404509302473765, -0.6104599555692936, 1.0725406208514099, 0.2711365197472931, -0.20985917983924052, -0.31015717380947416, 0.2276389435625576, 0.11800881907042338, -0.619706834450912, 0.3483565783249382, 0.24483989101815362, 0.7919200798665328, -0.5438079906112959, 0.7536214330062037, 0.09890862569772624, -0.07176034266735785, 0.3793503394020336};
    // rot_nearest_nearest (2, 4, 5, 1)
    static final double[] ROT_NEAREST_NEAREST = {0.7858269096274834, 1.0045736030415053, 0.7532052121767203, 0.23761998808781554, 0.23761998808781554, 0.7858269096274834, -0.9366020738895159, -0.9083146823277324, 0.15695442350706346, -0.5090211108893682, -0.5173361409084933, -0.9366020738895159, 0.7643970978741147, 0.15695442350706346, 0.27650982510153727, 0.8186678638491534, 0.8186678638491534, -0.8793285256646762, -0.40714746453460304, 0.27650982510153727, 0.9158330007380796, 0.9158330007380796, 0.35408852138446945, 0.7861612229059824, -0.8500824497911843, 1.0903511049115593, 0.9158330007380796, -0.4919256551095608, -0.3695656220718967, 1.0480266527163618, 0.7967400316551004, -0.8833881542360696, 0.3153342079829564, 0.16275365229944583, 0.7753813495119773, -0.8205783620066253, 1.0693297942787994, -0.5005522712867763, 0.16275365229944583, 0.16275365229944583};
    // zoom_reflect_bilinear (2, 4, 5, 1)
    static final double[] ZOOM_REFLECT_BILINEAR = {0.6683953658631437, 0.8733255817777645, 1.0045736030415053, 0.8537525924949922, 0.6327881426436899, -0.6245772685934138, -0.6554952558639462, -0.6213814851291575, -0.40751128758530436, -0.16701585741251546, 0.7040599884868557, 0.6798115323155065, 0.588665301785611, 0.340398807263903, 0.07891514312782, -0.8872898256839, -0.6904561124703207, -0.40714746453460304, 0.0030468440484413273, 0.39146477279894254, 0.3411309872220282, 0.314512516546209, 0.21997136068076228, 0.06889220167838697, -0.07192113877962208, -0.4739283039959836, -0.1731217816918485, 0.2144267250963918, 0.550699932053503, 0.747941137891164, 0.3414460876173582, -0.021808484493839188, -0.3910181722229962, -0.5946336063818789, -0.6234226301195601, 0.1859493089921051, 0.31035680015398087, 0.3879235047952144, 0.35963003824720247, 0.2702222583815759};
    // zoom_wrap_bilinear (2, 4, 5, 1)
    static final double[] ZOOM_WRAP_BILINEAR = {-0.8872898256839, -0.6904561124703207, -0.40714746453460304, 0.0030468440484413273, 0.39146477279894254, -0.6245772685934138, -0.6554952558639462, -0.6213814851291575, -0.40751128758530436, -0.16701585741251546, 0.7040599884868557, 0.6798115323155065, 0.588665301785611, 0.340398807263903, 0.07891514312782, 0.6683953658631437, 0.8733255817777645, 1.0045736030415053, 0.8537525924949922, 0.6327881426436899, 0.3411309872220282, 0.314512516546209, 0.21997136068076228, 0.06889220167838697, -0.07192113877962208, -0.4739283039959836, -0.1731217816918485, 0.2144267250963918, 0.550699932053503, 0.747941137891164, 0.3414460876173582, -0.021808484493839188, -0.3910181722229962, -0.5946336063818789, -0.6234226301195601, 0.1859493089921051, 0.31035680015398087, 0.3879235047952144, 0.35963003824720247, 0.2702222583815759};
    // zoom_constant_bilinear (2, 4, 5, 1)
    static final double[] ZOOM_CONSTANT_BILINEAR = {0.5, 0.5, 0.5, 0.5, 0.5, -0.6245772685934138, -0.6554952558639462, -0.6213814851291575, -0.40751128758530436, -0.16701585741251546, 0.7040599884868557, 0.6798115323155065, 0.588665301785611, 0.340398807263903, 0.07891514312782, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3411309872220282, 0.314512516546209, 0.21997136068076228, 0.06889220167838697, -0.07192113877962208, -0.4739283039959836, -0.1731217816918485, 0.2144267250963918, 0.550699932053503, 0.747941137891164, 0.3414460876173582, -0.021808484493839188, -0.3910181722229962, -0.5946336063818789, -0.6234226301195601, 0.1859493089921051, 0.31035680015398087, 0.3879235047952144, 0.35963003824720247, 0.2702222583815759};
    // zoom_constant_nearest (2, 4, 5, 1)
    static final double[] ZOOM_CONSTANT_NEAREST = {0.5, 0.5, 0.5, 0.5, 0.5, -0.9366020738895159, -0.9366020738895159, -0.9083146823277324, -0.4446021794137573, -0.4446021794137573, 1.0264413418397722, 1.0264413418397722, 0.7643970978741147, 0.15695442350706346, 0.15695442350706346, 0.5, 0.5, 0.5, 0.5, 0.5, 0.7753813495119773, 0.7753813495119773, 0.16275365229944583, -0.5005522712867763, -0.901397491879556, -0.3695656220718967, -0.3695656220718967, 0.3153342079829564, 0.8836737375071033, 1.0693297942787994, 0.16852241619984787, 0.16852241619984787, -0.4919256551095608, -0.8833881542360696, -0.8205783620066253, 0.35408852138446945, 0.35408852138446945, 0.9158330007380796, 1.0903511049115593, 0.7967400316551004};
    // zoom_nearest_bilinear (2, 4, 5, 1)
    static final double[] ZOOM_NEAREST_BILINEAR = {0.6683953658631437, 0.8733255817777645, 1.0045736030415053, 0.8537525924949922, 0.6327881426436899, -0.6245772685934138, -0.6554952558639462, -0.6213814851291575, -0.40751128758530436, -0.16701585741251546, 0.7040599884868557, 0.6798115323155065, 0.588665301785611, 0.340398807263903, 0.07891514312782, -0.8872898256839, -0.6904561124703207, -0.40714746453460304, 0.0030468440484413273, 0.39146477279894254, 0.3411309872220282, 0.314512516546209, 0.21997136068076228, 0.06889220167838697, -0.07192113877962208, -0.4739283039959836, -0.1731217816918485, 0.2144267250963918, 0.550699932053503, 0.747941137891164, 0.3414460876173582, -0.021808484493839188, -0.3910181722229962, -0.5946336063818789, -0.6234226301195601, 0.1859493089921051, 0.31035680015398087, 0.3879235047952144, 0.35963003824720247, 0.2702222583815759};
    // trans_reflect_bilinear (2, 4, 5, 1)
    static final double[] TRANS_REFLECT_BILINEAR = {0.0746724743630352, 0.1643186368045715, 0.19436999807384137, 0.1843528776507514, 0.12775850237533282, 0.941731505325309, 0.6026839111475071, 0.15112000805986722, 0.3016413090890805, 0.8160473098929166, 0.0746724743630352, 0.1643186368045715, 0.19436999807384137, 0.1843528776507514, 0.12775850237533282, -0.08992506365844338, -0.14179304881520427, -0.13570056140077633, -0.137731390538919, -0.12585760652171235, 0.8554621903045243, 0.7967400316551004, 1.0316289462621355, 0.9507365882860888, 0.46643731011093503, -0.32655923676402393, -0.3353825354291049, -0.3000892986959741, -0.11393138960361404, 0.16543432458601465, 0.4725965845079656, 0.5023569869217982, 0.38331523535767564, 0.12923578917303502, -0.1518801210028617, -0.26520002793747544, -0.3101789301456499, -0.13026310683662828, 0.1497654936000553, 0.3872232439500871};
    // trans_wrap_bilinear (2, 4, 5, 1)
    static final double[] TRANS_WRAP_BILINEAR = {0.18815164357839192, 0.20533200768600673, -0.05023357621051733, -0.019286080136001027, 0.09982351023309999, -0.236233142125568, 0.42020347546405795, -0.919135016270188, -0.9091833936188101, -0.7612832603821579, 0.0746724743630352, 0.1643186368045715, -0.15933340505671606, -0.13834694932529107, -0.04450832150904055, -0.08992506365844338, -0.14179304881520427, 0.15066586147033, 0.12422930459652953, 0.015700027424643936, -0.8212285242161583, -0.901397491879556, -0.901397491879556, 0.28527907489249205, -0.3678912130850965, 0.47617012205685977, 0.4781112325448933, 0.4781112325448933, 0.21043180368639897, 0.4286365770409187, -0.27353827464492, -0.2536055546496241, -0.2536055546496241, -0.19837890233912886, -0.33256492792528747, -0.8212285242161583, -0.901397491879556, -0.901397491879556, 0.28527907489249205, -0.3678912130850965};
    // trans_constant_bilinear (2, 4, 5, 1)
    static final double[] TRANS_CONSTANT_BILINEAR = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.0746724743630352, 0.1643186368045715, 0.5, 0.5, 0.5, -0.08992506365844338, -0.14179304881520427, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    // trans_constant_nearest (2, 4, 5, 1)
    static final double[] TRANS_CONSTANT_NEAREST = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.9083146823277324, -0.4446021794137573, 0.5, 0.5, 0.5, 0.7643970978741147, 0.15695442350706346, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    // trans_nearest_bilinear (2, 4, 5, 1)
    static final double[] TRANS_NEAREST_BILINEAR = {0.941731505325309, 0.6026839111475071, 0.15112000805986722, 0.15112000805986722, 0.15112000805986722, 0.941731505325309, 0.6026839111475071, 0.15112000805986722, 0.15112000805986722, 0.15112000805986722, 0.0746724743630352, 0.1643186368045715, 0.19436999807384137, 0.19436999807384137, 0.19436999807384137, -0.08992506365844338, -0.14179304881520427, -0.13570056140077633, -0.13570056140077633, -0.13570056140077633, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313, -0.3318609160732313};
}
