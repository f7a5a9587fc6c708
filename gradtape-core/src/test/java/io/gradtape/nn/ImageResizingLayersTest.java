package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import static io.gradtape.nn.ReshapingLayersTest.derivativesMatchFiniteDifferences;
import static io.gradtape.nn.ReshapingLayersTest.wave;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resizing, CenterCrop, RandomCrop and RandomFlip: values against PyTorch 1.13's interpolate (which computes
 * tf.image.resize's half-pixel bilinear and nearest rules; scripts/fixtures/image_preprocessing_reference.py prints
 * the constants at the end of this class), Keras 3's crop and pad arithmetic (tf.keras 2's for RandomCrop, see its
 * class comment), hand-derived flips and crops, the
 * distributions of the random draws, gradients against autograd and finite differences, dtypes and errors.
 */
class ImageResizingLayersTest {

    private static Tensor image() {
        return wave(0.3, 1, 5, 7, 2);
    }

    private static Tensor gradient(Module layer, Tensor x, Tensor w) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = layer.call(x).mul(w).sum();
        }
        return tape.gradient(loss, x);
    }

    // -------------------------------------------------------------------------------------------- Resizing

    @Test
    void resizingBilinearMatchesTorchInterpolateWithHalfPixelCentres() {
        Tensor x = image();
        Tensor y = new Resizing(3, 4).call(x);
        assertEquals(Shape.of(1, 3, 4, 2), y.shape());
        assertArrayEquals(RESIZE_BILINEAR_3X4, y.toDoubleArray(), 1e-6);
        Resizing up = new Resizing(8, 11, "BILINEAR");
        assertArrayEquals(RESIZE_BILINEAR_8X11, up.call(x).toDoubleArray(), 1e-6);
        // float32 keeps float32 and agrees to its precision
        Tensor y32 = up.call(Tensors.cast(x, DType.FLOAT32));
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(RESIZE_BILINEAR_8X11, y32.toDoubleArray(), 1e-5);
        // gradient of sum(y * wave(0.4)) against autograd, and the tape and JVP against finite differences
        assertArrayEquals(RESIZE_BILINEAR_8X11_GRAD, gradient(up, x, wave(0.4, 1, 8, 11, 2)).toDoubleArray(), 1e-6);
        derivativesMatchFiniteDifferences(t -> new Resizing(3, 5).call(t), wave(0.5, 1, 4, 3, 2));
    }

    @Test
    void resizingNearestMatchesTorchNearestExactAndKeepsIntegers() {
        Tensor x = image();
        Resizing down = new Resizing(3, 4, "nearest");
        // copies of pixels: equal up to the last bit of the sines (Java's and the C library's may differ by one ulp)
        assertArrayEquals(RESIZE_NEAREST_3X4, down.call(x).toDoubleArray(), 1e-15);
        assertArrayEquals(RESIZE_NEAREST_8X11, new Resizing(8, 11, "nearest").call(x).toDoubleArray(), 1e-15);
        // the source rows of 5 -> 3: floor((o + 0.5) * 5 / 3) = 0, 2, 4; columns of 7 -> 4: floor((o + 0.5) * 1.75)
        // = 0, 2, 4, 6; an int32 image keeps its dtype and picks the same pixels
        int[] v = new int[35];
        for (int i = 0; i < 35; i++) {
            v[i] = i;
        }
        Tensor ints = Tensors.constant(v, 5, 7, 1);
        Tensor yi = down.call(ints);
        assertEquals(DType.INT32, yi.dtype());
        assertEquals(Shape.of(3, 4, 1), yi.shape());
        assertArrayEquals(new int[] {0, 2, 4, 6, 14, 16, 18, 20, 28, 30, 32, 34}, yi.toIntArray());
    }

    @Test
    void resizingBilinearOfIntegersRoundsHalvesToEvenAndCastsBack() {
        // [0, 3] to width 4: positions (o + 0.5) * 0.5 - 0.5 = -0.25, 0.25, 0.75, 1.25 give 0, 0.75, 2.25, 3, which
        // Keras rounds (tf.round, halves to even) to 0, 1, 2, 3 and casts back to the input's dtype
        Tensor x = Tensors.constant(new long[] {0, 3}, 1, 2, 1);
        Tensor y = new Resizing(1, 4).call(x);
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3}, y.toLongArray());
        // a half to even: [2, 3] to width 1 samples position (0 + 0.5) * 2 - 0.5 = 0.5, giving 2.5 -> 2
        assertArrayEquals(new int[] {2}, new Resizing(1, 1).call(Tensors.constant(new int[] {2, 3}, 1, 2, 1))
                .toIntArray());
    }

    @Test
    void resizingCropsOrPadsToTheAspectRatioAsTheTensorFlowBackend() {
        Tensor x = image();
        Tensor crop = new Resizing(4, 4, "bilinear", true, false, 0).call(x);
        assertArrayEquals(RESIZE_CROP_4X4, crop.toDoubleArray(), 1e-6);
        Tensor pad = new Resizing(9, 9, "bilinear", false, true, 0.5).call(x);
        assertEquals(Shape.of(1, 9, 9, 2), pad.shape());
        assertArrayEquals(RESIZE_PAD_9X9, pad.toDoubleArray(), 1e-6);
        // the same size after padding or cropping is a plain pad or crop: (5, 7) to (7, 7) pads one row above and
        // below; to (5, 5) crops columns 1..5
        Tensor padOnly = new Resizing(7, 7, "nearest", false, true, -1).call(x);
        assertEquals(-1.0, padOnly.getDouble(0, 0, 3, 1));
        assertEquals(x.getDouble(0, 0, 3, 1), padOnly.getDouble(0, 1, 3, 1));
        assertEquals(-1.0, padOnly.getDouble(0, 6, 0, 0));
        Tensor cropOnly = new Resizing(5, 5, "nearest", true, false, 0).call(x);
        assertArrayEquals(Tensors.slice(x, new int[] {0, 0, 1, 0}, new int[] {1, 5, 5, 2}).toDoubleArray(),
                cropOnly.toDoubleArray(), 0);
        derivativesMatchFiniteDifferences(t -> new Resizing(5, 5, "bilinear", false, true, 0.5).call(t),
                wave(0.5, 1, 2, 4, 1));
    }

    @Test
    void resizingTakesOneImageAndReturnsAnUnchangedSizeAsItIs() {
        Tensor x = wave(0.1, 5, 7, 2);
        Tensor y = new Resizing(8, 11).call(x);
        assertEquals(Shape.of(8, 11, 2), y.shape());
        assertArrayEquals(new Resizing(8, 11).call(Tensors.expandDims(x, 0)).toDoubleArray(), y.toDoubleArray(), 0);
        // ResizeBilinear's no-op case: the same size gives the same values
        assertArrayEquals(x.toDoubleArray(), new Resizing(5, 7).call(x).toDoubleArray(), 0);
        assertEquals("resizing", new Resizing(2, 2).name());
        assertArrayEquals(new int[] {32, 48}, new Resizing(32, 48).size());
        assertEquals("nearest", new Resizing(2, 2, "Nearest").interpolation());
    }

    @Test
    void resizingRefusesBadOptionsAndInputsNamingTheLayer() {
        assertThrows(IllegalArgumentException.class, () -> new Resizing(0, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Resizing(4, 4, "bicubic"));
        assertTrue(e.getMessage().contains("Resizing") && e.getMessage().contains("bicubic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resizing(4, 4, "bilinear", true, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Resizing(4, 4, "bilinear", false, true, Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> new Resizing(4, 4).call(Tensors.zeros(4, 4)));
        assertTrue(e.getMessage().contains("resizing") && e.getMessage().contains("(4, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resizing(4, 4).call(Tensors.zeros(DType.FLOAT32, 0, 4,
                1)));
        e = assertThrows(IllegalArgumentException.class, () -> new Resizing(4, 2, "bilinear", false, true, 0.5)
                .call(Tensors.zeros(DType.INT32, 2, 2, 1)));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
    }

    @Test
    void resizingRefusesAPadValueItsDtypeCannotHoldNamingTheLayer() {
        // (4, 4) to (4, 8) pads padWidth = max(4, trunc(4 * 8 / 4)) = 8: two columns each side
        Resizing pad = new Resizing(4, 8, "bilinear", false, true, 1e40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pad.call(Tensors.zeros(DType.FLOAT32, 1, 4, 4, 1)));
        String m = e.getMessage();
        assertTrue(m.startsWith("resizing: Resizing") && m.contains("(1, 4, 4, 1)") && m.contains("float32")
                && m.contains("1.0E40") && m.contains("use float64 input"), m);
        // float64 holds it: the output's first column is the padding (resizing (4, 8) to (4, 8) changes nothing)
        Tensor y = pad.call(Tensors.zeros(DType.FLOAT64, 1, 4, 4, 1));
        assertEquals(1e40, y.getDouble(0, 0, 0, 0));
        assertEquals(0.0, y.getDouble(0, 0, 2, 0));
        // an integer image is padded in its own dtype: 1e10 is beyond int32, fine for int64
        e = assertThrows(IllegalArgumentException.class, () -> new Resizing(4, 8, "nearest", false, true, 1e10)
                .call(Tensors.zeros(DType.INT32, 4, 4, 1)));
        m = e.getMessage();
        assertTrue(m.startsWith("resizing: Resizing") && m.contains("(4, 4, 1)") && m.contains("int32's range"), m);
        assertEquals(10_000_000_000L, new Resizing(4, 8, "nearest", false, true, 1e10)
                .call(Tensors.zeros(DType.INT64, 4, 4, 1)).getLong(0, 0, 0));
        // no padding needed: the fill value is not used and not checked
        assertEquals(Shape.of(4, 8, 1), new Resizing(4, 8, "bilinear", false, true, 1e40)
                .call(Tensors.zeros(DType.FLOAT32, 4, 8, 1)).shape());
    }

    // -------------------------------------------------------------------------------------------- CenterCrop

    @Test
    void centerCropSlicesTheCentreOfALargerImage() {
        // rows [(5 - 2) / 2, +2) = 1..2, columns [(7 - 3) / 2, +3) = 2..4
        Tensor x = image();
        Tensor y = new CenterCrop(2, 3).call(x);
        assertArrayEquals(Tensors.slice(x, new int[] {0, 1, 2, 0}, new int[] {1, 2, 3, 2}).toDoubleArray(),
                y.toDoubleArray(), 0);
        assertEquals("center_crop", new CenterCrop(1, 1).name());
        // an integer image is cast to float32 (Keras's compute dtype); one image stays one image
        Tensor yi = new CenterCrop(1, 1).call(Tensors.constant(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3, 1));
        assertEquals(DType.FLOAT32, yi.dtype());
        assertEquals(Shape.of(1, 1, 1), yi.shape());
        assertEquals(5f, yi.getFloat(0, 0, 0));
        derivativesMatchFiniteDifferences(t -> new CenterCrop(2, 3).call(t), wave(0.2, 1, 4, 5, 1));
    }

    @Test
    void centerCropResizesAnImageSmallerOnEitherAxisAsKerasSmartResize() {
        Tensor y = new CenterCrop(8, 6).call(wave(0.3, 5, 7, 2));
        assertEquals(Shape.of(8, 6, 2), y.shape());
        assertArrayEquals(CENTER_CROP_SMALLER_8X6, y.toDoubleArray(), 1e-6);
        derivativesMatchFiniteDifferences(t -> new CenterCrop(5, 3).call(t), wave(0.2, 1, 4, 5, 1));
    }

    // -------------------------------------------------------------------------------------------- RandomCrop

    @Test
    void randomCropCropsTheCentredAspectWindowAndResizesInInference() {
        // tf.keras 2 and Keras's docstring (not Keras 3's current code, keras-team/keras#21868): a bare call gives
        // the target's shape. A 10 x 10 image of 10 r + c to 5 x 5: the aspect window is the whole image, and the
        // half-pixel bilinear resize by 2 samples (2 o + 0.5) on each axis, the mean of a 2 x 2 block:
        // 10 (2 r + 0.5) + (2 c + 0.5) = 20 r + 2 c + 5.5, in float32 for an integer input
        int[] v = new int[100];
        for (int i = 0; i < 100; i++) {
            v[i] = i;
        }
        Generator g = Generator.fromSeed(1);
        long[] before = g.getState();
        RandomCrop crop = new RandomCrop(5, 5, g);
        Tensor y = crop.call(Tensors.constant(v, 1, 10, 10, 1));
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(Shape.of(1, 5, 5, 1), y.shape());
        double[] expected = new double[25];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                expected[5 * r + c] = 20 * r + 2 * c + 5.5;
            }
        }
        assertArrayEquals(expected, y.toDoubleArray(), 1e-5);
        assertArrayEquals(before, g.getState());
        // (2, 9, 8, 3) to (4, 5): rows [1, 7) and all columns, resized (fixture script); training gives the same shape
        Tensor big = wave(0.1, 2, 9, 8, 3);
        RandomCrop c45 = new RandomCrop(4, 5, Generator.fromSeed(3));
        Tensor inferred = c45.call(big);
        assertEquals(Shape.of(2, 4, 5, 3), inferred.shape());
        assertArrayEquals(RANDOM_CROP_INFERENCE_4X5, inferred.toDoubleArray(), 1e-6);
        assertEquals(inferred.shape(), c45.call(big, true).shape());
        // one image, and an input of the target's size unchanged
        assertEquals(Shape.of(4, 5, 3), c45.call(wave(0.1, 9, 8, 3)).shape());
        Tensor same = wave(0.2, 4, 5, 3);
        assertArrayEquals(same.toDoubleArray(), c45.call(same).toDoubleArray(), 0);
        assertEquals("random_crop", crop.name());
        derivativesMatchFiniteDifferences(t -> new RandomCrop(3, 2, Generator.fromSeed(1)).call(t),
                wave(0.3, 1, 4, 5, 1));
    }

    @Test
    void randomCropDrawsOneUniformWindowForTheBatch() {
        // a 10 x 10 image holding 10 r + c; 1 x 1 crops: the value is 10 top + left, top and left uniform on 0..9
        int[] v = new int[100];
        for (int i = 0; i < 100; i++) {
            v[i] = i;
        }
        Tensor x = Tensors.constant(v, 1, 10, 10, 1);
        RandomCrop crop = new RandomCrop(1, 1, Generator.fromSeed(5));
        int n = 2000;
        int[] tops = new int[10];
        int[] lefts = new int[10];
        for (int i = 0; i < n; i++) {
            int value = Math.round(crop.call(x, true).getFloat(0, 0, 0, 0));
            tops[value / 10]++;
            lefts[value % 10]++;
        }
        // each count is binomial(2000, 0.1): mean 200, standard deviation 13.4; 5 standard deviations
        for (int k = 0; k < 10; k++) {
            assertTrue(Math.abs(tops[k] - 200) < 67 && Math.abs(lefts[k] - 200) < 67,
                    "top " + k + ": " + tops[k] + ", left " + k + ": " + lefts[k]);
        }
        // a batch shares the window: every image's crop is at the same place
        Tensor batch = Tensors.concat(java.util.List.of(x, x, x), 0);
        float[] b = new RandomCrop(1, 1, Generator.fromSeed(9)).call(batch, true).toFloatArray();
        assertEquals(b[0], b[1]);
        assertEquals(b[0], b[2]);
        // an axis of exactly the target's size is kept whole and the other stays random (tf.keras 2's h >= height
        // and w >= width, where Keras 3's strict test would always take the centre): (1, 10) crops of the image
        // start at column 0 and hold 10 top + 0, top uniform on 0..9; (10, 1) crops hold left, uniform on 0..9
        RandomCrop row = new RandomCrop(1, 10, Generator.fromSeed(6));
        RandomCrop column = new RandomCrop(10, 1, Generator.fromSeed(7));
        int[] rows = new int[10];
        int[] cols = new int[10];
        for (int i = 0; i < n; i++) {
            int r = Math.round(row.call(x, true).getFloat(0, 0, 0, 0));
            int c = Math.round(column.call(x, true).getFloat(0, 0, 0, 0));
            assertEquals(0, r % 10);
            assertTrue(c < 10, "column crop starts in row " + c / 10);
            rows[r / 10]++;
            cols[c]++;
        }
        for (int k = 0; k < 10; k++) {
            assertTrue(Math.abs(rows[k] - 200) < 67 && Math.abs(cols[k] - 200) < 67,
                    "top " + k + ": " + rows[k] + ", left " + k + ": " + cols[k]);
        }
        // the same seed gives the same windows
        Tensor big = wave(0.1, 2, 9, 8, 3);
        assertArrayEquals(new RandomCrop(4, 5, Generator.fromSeed(3)).call(big, true).toDoubleArray(),
                new RandomCrop(4, 5, Generator.fromSeed(3)).call(big, true).toDoubleArray(), 0);
    }

    @Test
    void randomCropOfAnImageSmallerOnAnAxisIsTheInferenceCropInTraining() {
        // an equal size is returned as it is (the window at (0, 0) is the only one)
        Tensor same = wave(0.4, 6, 10, 1);
        assertArrayEquals(same.toDoubleArray(),
                new RandomCrop(6, 10, Generator.fromSeed(2)).call(same, true).toDoubleArray(), 0);
        // (6, 10) to (8, 4), smaller in height: no draw; smart_resize's window rows [0, 6), columns [3, 6), resized
        // to (8, 4) (fixture script), as in inference
        Generator g = Generator.fromSeed(2);
        long[] before = g.getState();
        RandomCrop up = new RandomCrop(8, 4, g);
        Tensor x = wave(0.9, 1, 6, 10, 1);
        Tensor y = up.call(x, true);
        assertArrayEquals(before, g.getState());
        assertArrayEquals(RANDOM_CROP_SMART_RESIZE_8X4, y.toDoubleArray(), 1e-6);
        assertArrayEquals(y.toDoubleArray(), up.call(x).toDoubleArray(), 0);
        // the window's gradient: ones inside, zeros outside
        RandomCrop c = new RandomCrop(2, 2, Generator.fromSeed(4));
        c.setTraining(true);
        Tensor grad = gradient(c, wave(0.1, 1, 3, 3, 1), Tensors.ones(DType.FLOAT64, 1, 2, 2, 1));
        double s = 0;
        for (double d : grad.toDoubleArray()) {
            assertTrue(d == 0 || d == 1);
            s += d;
        }
        assertEquals(4, s);
    }

    @Test
    void randomCropChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(0, 2, Generator.fromSeed(1)));
        assertThrows(NullPointerException.class, () -> new RandomCrop(2, 2, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(2, 2, Generator.fromSeed(1)).call(Tensors.zeros(2, 3, 4, 5, 6), true));
        assertTrue(e.getMessage().contains("random_crop") && e.getMessage().contains("(2, 3, 4, 5, 6)"),
                e.getMessage());
    }

    // -------------------------------------------------------------------------------------------- RandomFlip

    @Test
    void randomFlipFlipsTheChosenImagesInItsMode() {
        // image 0: [[1, 2], [3, 4]], image 1: [[5, 6], [7, 8]]
        Tensor x = Tensors.constant(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2, 1);
        boolean[] flips = {true, false};
        assertArrayEquals(new double[] {2, 1, 4, 3, 5, 6, 7, 8},
                new RandomFlip("horizontal", Generator.fromSeed(1)).flip(x, flips).toDoubleArray());
        assertArrayEquals(new double[] {3, 4, 1, 2, 5, 6, 7, 8},
                new RandomFlip("vertical", Generator.fromSeed(1)).flip(x, flips).toDoubleArray());
        // Keras's default applies both flips with the same draw: a half turn
        assertArrayEquals(new double[] {4, 3, 2, 1, 5, 6, 7, 8},
                new RandomFlip(Generator.fromSeed(1)).flip(x, flips).toDoubleArray());
        // one image (rank 3)
        assertArrayEquals(new double[] {2, 1, 4, 3}, new RandomFlip("horizontal", Generator.fromSeed(1))
                .flip(Tensors.constant(new double[] {1, 2, 3, 4}, 2, 2, 1), new boolean[] {true}).toDoubleArray());
        // the gradient flows back through the flip
        RandomFlip h = new RandomFlip("horizontal", Generator.fromSeed(1));
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = h.flip(x, flips).mul(Tensors.constant(new double[] {1, 0, 0, 0, 0, 0, 0, 0}, 2, 2, 2, 1)).sum();
        }
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 0, 0}, tape.gradient(loss, x).toDoubleArray());
    }

    @Test
    void randomFlipFlipsHalfTheImagesInTrainingOnly() {
        // 4000 images [0, 1]: an image is flipped when its first pixel is 1; binomial(4000, 1/2) has standard
        // deviation 31.6, so 5 of them is 158
        int n = 4000;
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            v[2 * i + 1] = 1;
        }
        Tensor x = Tensors.constant(v, n, 1, 2, 1);
        RandomFlip flip = new RandomFlip("horizontal", Generator.fromSeed(11));
        assertSame(x, flip.call(x));
        double[] y = flip.call(x, true).toDoubleArray();
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            flipped += (int) y[2 * i];
            assertEquals(1, y[2 * i] + y[2 * i + 1]);
        }
        assertTrue(Math.abs(flipped - n / 2) < 158, "flipped " + flipped);
        // reproducible from the seed, different at the next call
        Tensor a = new RandomFlip("horizontal", Generator.fromSeed(11)).call(x, true);
        assertArrayEquals(y, a.toDoubleArray(), 0);
        assertNotEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(flip.call(x, true).toDoubleArray()));
        // integers become float32, also in inference (Keras's compute dtype)
        assertEquals(DType.FLOAT32, flip.call(Tensors.zeros(DType.INT32, 2, 2, 1)).dtype());
    }

    @Test
    void randomFlipChecksItsArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomFlip("diagonal", Generator.fromSeed(1)));
        assertTrue(e.getMessage().contains("RandomFlip") && e.getMessage().contains("diagonal"));
        assertThrows(NullPointerException.class, () -> new RandomFlip(null));
        assertEquals("vertical", new RandomFlip("VERTICAL", Generator.fromSeed(1)).mode());
        assertThrows(IllegalArgumentException.class,
                () -> new RandomFlip(Generator.fromSeed(1)).call(Tensors.zeros(DType.BOOL, 2, 2, 1)));
    }

    // ---- printed by scripts/fixtures/image_preprocessing_reference.py (the resizing section)
    // resize_bilinear_3x4 (1, 3, 4, 2)
    static final double[] RESIZE_BILINEAR_3X4 = {0.13913314360469992, 0.2795049972642887, 0.09216151511202623, -0.13868746835357418, -0.23837937526929368, -0.03174121493881385, 0.3172261751131047, 0.24495299332985837, 0.8223824650288103, 0.654122443152734, -0.6308589642127788, -0.8568805041186579, 0.2579091130145844, 0.7780665540714378, 0.40781808406301123, -0.12312975185195682, 0.22029487478700072, 0.022558143865764674, -0.24025941275037863, -0.08727471215253776, 0.41392836391031396, 0.3942428110441174, -0.0802493868780094, -0.19405800085120098};
    // resize_bilinear_8x11 (1, 8, 11, 2)
    static final double[] RESIZE_BILINEAR_8X11 = {0.2955202066613396, 0.842899556236468, 0.6132482733196449, 0.7687401646911941, 0.9084104073857902, 0.5629794467789814, 0.30562958591904066, -0.2544066896262088, -0.32225182903105803, -0.7024385326799678, -0.9689586890936684, -0.8734546557201535, -0.5829974009260303, -0.11118446166245181, -0.027765249315499133, 0.5100368770888334, 0.7531613868855566, 0.9431930754315633, 0.7640258361746943, 0.48049488962155096, 0.6801120872250405, 0.04334685402478634, -0.0984882926436324, 0.05434639972892316, 0.031010145971868245, 0.13703369183719644, 0.1859278362327676, 0.21910822828713986, 0.18256478368885704, 0.09905672972724823, 0.07859620138273517, -0.04013878569857532, -0.10082652824504525, -0.1936923137738477, -0.1554371118549823, -0.12282062281382312, -0.11641015055077503, -0.004895279255044101, 0.04746687063895834, 0.17576826776874124, 0.16802327629382663, 0.19605764091462366, 0.24897777848362976, 0.19145788674764658, -0.5105259770469728, -0.8354549758451009, -0.6224643323228346, -0.5970015525709472, -0.661328832566996, -0.2123999645664862, 0.006901850041114017, 0.47680239596185126, 0.5143644388886509, 0.7170131338528162, 0.9012509574157578, 0.6204801547657519, 0.3675545684675404, -0.09851877376619378, -0.17968190437714304, -0.5714586358742532, -0.7449718224171149, -0.7163197427504635, -0.5303961544048553, -0.16035078122627233, -0.28428667891368964, 0.3202020565767701, 0.43492074141212067, 0.4050718520830919, 0.32870966491583775, 0.1845863686133013, 0.15516610854565926, -0.10628051249335521, -0.16746574347681312, -0.2902706190937102, -0.28171357708667627, -0.22675013182260242, -0.23967339688708245, 0.022403300852102452, 0.10026765506500837, 0.2941075029420162, 0.32732071609843827, 0.38346409378350943, 0.4038564559069866, 0.22969053629377456, 0.14829959421948014, -0.06738466211759542, -0.07377585478303145, -0.2966409515687692, 0.33354060567410415, 0.4584990971415803, 0.3593140922397111, 0.3235196309585973, 0.34391454264647353, 0.1177955146770607, 0.019620408342710505, -0.18844578335663706, -0.2012503776886964, -0.2694705470710653, -0.34455365251583614, -0.1815829100460417, -0.06595491329476316, 0.15755271040899302, 0.196541583217728, 0.36437927461290176, 0.4375684227854431, 0.39479376381530873, 0.3060175558476903, 0.11990006956580956, 0.16769816202245363, -0.11279878149953639, -0.8146663842610223, -0.6751732406696351, -0.5306510503512142, -0.18020176553505934, -0.09508353026455334, 0.45982811694476144, 0.5681603054996849, 0.7822769031730709, 0.7557540370825905, 0.5888518881074273, 0.5866101905294969, 0.008521522071319468, -0.1311131366117741, -0.5081831513652634, -0.572019303019274, -0.6287130933860762, -0.6438359217817451, -0.221010060185861, -0.05724226952022495, 0.4015034138239426, 0.44013537150276555, 0.8717285667844686, 0.18602496990456713, 0.0370573202405744, 0.0582149388605378, -0.046952325113702294, -0.0951745806430859, -0.1308665528911328, -0.09529695639860603, -0.012585126357222257, 0.008599594017678276, 0.13001532332691032, 0.19051033906281592, 0.29085504037370963, 0.2554887153132286, 0.230266849480999, 0.22541747353199415, 0.11918041790774422, 0.06861340770856328, -0.05923700123956936, -0.0525841614760723, -0.08219123748428485, -0.13491498510333658, -0.08007959874210571, 1.05364545569498, 0.6791889383338319, 0.5854413304489725, 0.0958644593857487, -0.06110110304442024, -0.6168982762732051, -0.653983485431708, -0.7063118027219831, -0.6469542050705758, -0.2936159720162634, -0.18999117764812856, 0.4956618765553294, 0.561246906401776, 0.8563963060549784, 0.9054230353347471, 0.7781158886473029, 0.7068498907784734, 0.11448234202985955, -0.020707646579782434, -0.4803006708329832, -0.6033659343121069, -0.8969491879070861};
    // resize_nearest_3x4 (1, 3, 4, 2)
    static final double[] RESIZE_NEAREST_3X4 = {0.2955202066613396, 0.842899556236468, 0.04729494814757665, -0.6047150337998617, -0.3624480934016654, 0.32439850637052076, 0.6801120872250405, 0.04334685402478634, 0.9076441006416673, 1.0253352660471882, -0.6052480199519611, -0.9397727009777915, 0.4104869254507397, 0.9287382226680321, 0.03147955728229765, -0.6050624556415388, 1.05364545569498, 0.6791889383338319, -0.9080759350262598, -0.7446318854857451, 0.9905258115731502, 1.0625302657690638, -0.6033659343121069, -0.8969491879070861};
    // resize_nearest_8x11 (1, 8, 11, 2)
    static final double[] RESIZE_NEAREST_8X11 = {0.2955202066613396, 0.842899556236468, 0.2955202066613396, 0.842899556236468, 0.9945219533096115, 0.6797488948368656, 0.04729494814757665, -0.6047150337998617, 0.04729494814757665, -0.6047150337998617, -0.9689586890936684, -0.8734546557201535, -0.3624480934016654, 0.32439850637052076, -0.3624480934016654, 0.32439850637052076, 0.8647223349142786, 1.0050725323376675, 0.6801120872250405, 0.04334685402478634, 0.6801120872250405, 0.04334685402478634, 0.2955202066613396, 0.842899556236468, 0.2955202066613396, 0.842899556236468, 0.9945219533096115, 0.6797488948368656, 0.04729494814757665, -0.6047150337998617, 0.04729494814757665, -0.6047150337998617, -0.9689586890936684, -0.8734546557201535, -0.3624480934016654, 0.32439850637052076, -0.3624480934016654, 0.32439850637052076, 0.8647223349142786, 1.0050725323376675, 0.6801120872250405, 0.04334685402478634, 0.6801120872250405, 0.04334685402478634, -0.6050706488928821, -0.9595076586379201, -0.6050706488928821, -0.9595076586379201, -0.8525950318312855, -0.33394356795111446, 0.3531887248519788, 0.886304671999353, 0.3531887248519788, 0.886304671999353, 1.0153433928460418, 0.6802878401571169, 0.03939175521450877, -0.6052495394908046, 0.03939175521450877, -0.6052495394908046, -0.9497792907959285, -0.8314878937712956, -0.30533776132675544, 0.38188635739132404, -0.30533776132675544, 0.38188635739132404, 0.9076441006416673, 1.0253352660471882, 0.9076441006416673, 1.0253352660471882, 0.6802797390073817, 0.03543440499531041, -0.6052480199519611, -0.9397727009777915, -0.6052480199519611, -0.9397727009777915, -0.8101355740385026, -0.2766351261047223, 0.4104869254507397, 0.9287382226680321, 0.4104869254507397, 0.9287382226680321, 1.0350489620308672, 0.6800914211306799, 0.03147955728229765, -0.6050624556415388, 0.03147955728229765, -0.6050624556415388, 0.9076441006416673, 1.0253352660471882, 0.9076441006416673, 1.0253352660471882, 0.6802797390073817, 0.03543440499531041, -0.6052480199519611, -0.9397727009777915, -0.6052480199519611, -0.9397727009777915, -0.8101355740385026, -0.2766351261047223, 0.4104869254507397, 0.9287382226680321, 0.4104869254507397, 0.9287382226680321, 1.0350489620308672, 0.6800914211306799, 0.03147955728229765, -0.6050624556415388, 0.03147955728229765, -0.6050624556415388, -0.929487083254535, -0.7885404744507567, -0.929487083254535, -0.7885404744507567, -0.2478401422372328, 0.438985977935173, 0.9495847092601128, 1.0444853695351173, 0.9495847092601128, 1.0444853695351173, 0.6797265748340302, 0.027531965283055584, -0.6046892639591929, -0.9189217105859719, -0.6046892639591929, -0.9189217105859719, -0.7667050654663911, -0.21895731578597866, 0.4673790924507968, 0.9701813016128691, 0.4673790924507968, 0.9701813016128691, 1.05364545569498, 0.6791889383338319, 1.05364545569498, 0.6791889383338319, 0.023596380153763627, -0.604124915351951, -0.9080759350262598, -0.7446318854857451, -0.9080759350262598, -0.7446318854857451, -0.18999117764812856, 0.4956618765553294, 0.9905258115731502, 1.0625302657690638, 0.9905258115731502, 1.0625302657690638, 0.6784822986990057, 0.019677549655939222, -0.6033659343121069, -0.8969491879070861, -0.6033659343121069, -0.8969491879070861, 1.05364545569498, 0.6791889383338319, 1.05364545569498, 0.6791889383338319, 0.023596380153763627, -0.604124915351951, -0.9080759350262598, -0.7446318854857451, -0.9080759350262598, -0.7446318854857451, -0.18999117764812856, 0.4956618765553294, 0.9905258115731502, 1.0625302657690638, 0.9905258115731502, 1.0625302657690638, 0.6784822986990057, 0.019677549655939222, -0.6033659343121069, -0.8969491879070861, -0.6033659343121069, -0.8969491879070861};
    // resize_bilinear_8x11_grad (1, 5, 7, 2)
    static final double[] RESIZE_BILINEAR_8X11_GRAD = {0.5748782591891893, 0.5809830687426759, -0.10555069500100235, -0.39957456982059847, -0.3265155464814849, -0.013367940399935252, 0.5800071129365051, 0.4879732744319804, -0.23859734619024234, -0.44562639913537366, -0.18673206564274636, 0.1685107131984871, 0.6317958671486712, 0.4324192978561541, 0.08383815032869636, 0.25743099502916306, 0.25761530809433464, 0.12051245102914723, -0.14641495766514154, -0.14242533782055394, 0.16959504419572743, 0.3063887667760213, 0.20079772205407745, 0.05006224521636784, -0.14492412417255732, -0.08890442562705611, 0.24495789590729153, 0.3574308774677066, -0.08203497511700499, -0.06400976303221213, 0.17291501694415598, 0.25746212478983255, 0.19543522953742795, 0.09364713007616825, -0.0461541769016221, 0.0006621135613033531, 0.21305691155067139, 0.267149213880323, 0.17833314349807838, 0.06831568354584233, -0.05377357763954148, 0.025827868863380708, 0.30180875013369035, 0.11710164012661807, -0.05491546284163819, 0.015262840258844158, 0.3028241183221231, 0.3884327073227536, 0.2653703013665103, 0.09368280014777705, -0.034316671481044524, 0.07467558495048106, 0.39673161896800974, 0.43772323089402926, 0.19259361602231356, 0.017123576042887764, 0.801412088825492, 0.6926605887278541, -0.03985853053026994, -0.26743654398696853, -0.03506187791396603, 0.304249431153369, 0.7858008635262645, 0.5948805627247111, -0.16651940729714576, -0.2902903728062822, 0.15277735577031615, 0.503202744747128, 0.7716713920790312, 0.479992068043355};
    // resize_crop_4x4 (1, 4, 4, 2)
    static final double[] RESIZE_CROP_4X4 = {0.6788697476755778, 0.43161547354295215, -0.21688805442193493, -0.5161747980101604, -0.465481668522104, -0.12459350350215107, 0.5191436636973594, 0.7045887317695231, -0.24382425047712444, -0.14580776744256402, 0.12015513356818994, 0.2464941836364251, 0.23564107013231123, 0.10178806750257216, -0.15746605348100828, -0.23531546043282806, 0.13349451605150858, 0.28924594495898104, 0.27446212325605207, 0.1552938604377249, -0.09461326970398119, -0.1737297825050857, -0.10766616612686288, 0.07515656103608225, -0.09352508131327997, -0.47964307555569513, -0.4528963935269865, -0.16169052876272516, 0.4639737824868076, 0.6732100945702885, 0.5344951342974906, 0.09297326363182261};
    // resize_pad_9x9 (1, 9, 9, 2)
    static final double[] RESIZE_PAD_9X9 = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.36368013777422636, 0.7285997041576453, 0.6743475807290139, 0.6560882990911554, 0.549021448825064, 0.2392506917766578, 0.04764053769227394, -0.27628996652143256, -0.4793057927291124, -0.41563643714676907, -0.16481881718511082, 0.20547260986321014, 0.3795421704418318, 0.6350338286792904, 0.7021237237896885, 0.6229982041555827, 0.6200747248166937, 0.19556456934985753, -0.10474239580720336, 0.04182968295896221, 0.0808065820807778, 0.16675583523668147, 0.1778773673666392, 0.15310401343076258, 0.12318231768953376, 0.00443531848200145, -0.08704665267601946, -0.1829024353302556, -0.16234017124963449, -0.1096948545520852, -0.04933606453904656, 0.06544485097004092, 0.11956290420716814, 0.19048525455168663, 0.24213437675757565, 0.1938088555210253, -0.26891181566298206, -0.5184314531523402, -0.4309414011324187, -0.3407168670261268, -0.22210776034298096, 0.07363788123239066, 0.24453136348284038, 0.47764938730938206, 0.6096814002050318, 0.46763829209893026, 0.230262693401381, -0.10169633407303968, -0.22845581491279804, -0.3928178196924296, -0.4159673865830453, -0.2761994532525642, -0.2304894683025214, 0.16256439893957664, 0.9076441006416673, 1.0253352660471882, 0.7560678595521436, 0.3654013586792696, 0.10893406835878496, -0.3979909754371793, -0.6507785875267481, -0.7924087954504427, -0.8101355740385026, -0.2766351261047223, 0.13923748111979686, 0.6608774784963087, 0.7574658346619215, 0.7906011107028365, 0.7005258271146776, 0.2517067955399407, 0.03147955728229765, -0.6050624556415388, -0.5212357090553787, -0.38545697656232436, -0.20147275617741253, 0.10438624155602758, 0.2453676556967671, 0.46229953107216176, 0.5473062743943268, 0.4605169420132782, 0.3486460973068006, -0.040060721692006196, -0.21737441019960088, -0.40427063817057124, -0.3719949587440307, -0.23657399946006674, -0.1207060113587347, 0.19392990605651925, 0.3705125290800192, 0.6201271333341115, 0.17225321616186182, 0.026864754874014428, -0.007276977440869281, -0.08472513096933307, -0.09055625547239438, -0.055608334842571834, -0.02044919807956732, 0.10321418324444402, 0.19655004567727552, 0.2876041382120965, 0.2626543806962197, 0.20537809744849056, 0.14522770575633603, 0.03284753545289654, -0.018375216240682262, -0.07995939862268106, -0.12747925575081617, -0.06711341478710563, 0.8690969704633201, 0.6194592922225546, 0.4112973813338904, 0.049097579473317485, -0.09365346958046107, -0.2777149717557585, -0.3323343629985244, -0.1460073663177452, 0.0400058815679141, 0.49710791770355295, 0.6521258019048737, 0.7910396750736376, 0.7114455362805653, 0.4887784304708114, 0.3341330362413123, -0.023909797465601762, -0.23557728954140492, -0.4312994586047245, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    // center_crop_smaller_8x6 (8, 6, 2)
    static final double[] CENTER_CROP_SMALLER_8X6 = {0.04729494814757665, -0.6047150337998617, -0.20676846116273462, -0.6718999392799346, -0.7148952797833571, -0.8062697502400805, -0.8173310401706677, -0.573991365197485, -0.5140757423246661, 0.024935215847852188, -0.3624480934016654, 0.32439850637052076, 0.18112347545575258, 0.04760608748729478, 0.11063597453055313, -0.012718512827990854, -0.030339027319845818, -0.13336771345856216, -0.12228068609180623, -0.1658498637538381, -0.16518900178532822, -0.11016496371381874, -0.18664315963208922, -0.08232251369380911, 0.2932864283017325, 0.7721748361882815, 0.4452775605802389, 0.7342511658326492, 0.7492598251372515, 0.6584038251213843, 0.6915845189003866, 0.3380162899853446, 0.27225164186964435, -0.22691143957547005, 0.0625852033542732, -0.5093753043558773, -0.3057365372007299, -0.36912352192243386, -0.289220752122318, -0.2712418162287998, -0.2561891819654943, -0.07547840484153163, -0.10612512647733245, 0.12914423738742573, 0.16097141434216755, 0.3426261104580723, 0.29451968475191753, 0.4493670469933956, -0.11936279207318799, -0.3196920539425075, -0.17566050718385004, -0.2851647679683911, -0.28825593740517397, -0.21611019602015816, -0.23510414782184308, -0.048351059152992336, -0.016205138433857152, 0.2181126426331064, 0.09324436626013578, 0.3513444935261558, 0.8524076636843583, 0.9204692401280605, 0.7859582953956429, 0.6924823106138752, 0.6530595588182122, 0.2365084515855047, 0.3046474548668547, -0.19446959963590957, -0.25927801645842985, -0.6004518430503677, -0.541240752121072, -0.8034429647575967, -0.09534940315097176, 0.0381069135858822, -0.02388446759752486, 0.10129394528283905, 0.11904540350936896, 0.22766800867675274, 0.21603755830404947, 0.2670525368087161, 0.2670919967865166, 0.2194475296787292, 0.2926192160277501, 0.19564502611373566, -0.9080759350262598, -0.7446318854857451, -0.728554745681727, -0.4345584449754765, -0.3695123669926614, 0.18558843604506076, 0.10513806965719112, 0.6373789738587631, 0.6953965642678305, 0.9208131684656302, 0.9905258115731501, 1.0625302657690638};
    // random_crop_smart_resize_8x4 (1, 8, 4, 1)
    static final double[] RANDOM_CROP_SMART_RESIZE_8X4 = {0.14612000805986766, -0.27218591837869105, -0.6807066991097099, -0.9432687405561828, -0.271676524616739, -0.5890675121539141, -0.8294442302660084, -0.9126811062489908, -0.672620587094023, -0.8213152017272766, -0.8339421453735368, -0.7062924368173835, -0.914003433978773, -0.8482803032064826, -0.6193354607668868, -0.3034838541398509, -0.8596390865740748, -0.5888835789994313, -0.17914138898949433, 0.2330067534524237, -0.5266987474127355, -0.14439290783508488, 0.3112158251333928, 0.6882578738365384, -0.06346864464423405, 0.33275074996065057, 0.7216349627419878, 0.9735559227726652, 0.384701912042712, 0.7267322958237051, 0.988675323262991, 1.0832166518808075};
    // random_crop_inference_4x5 (2, 4, 5, 3)
    static final double[] RANDOM_CROP_INFERENCE_4X5 = {-0.38557017991741144, -0.3640818461491535, -0.1678871986893114, 0.5657475013509512, 0.3461841652419503, -0.03219948762812674, -0.3047439041049694, -0.15636439647715725, 0.07007380842110852, 0.52465427836648, 0.23925701391968807, -0.1536259114041998, -0.21646287322694271, 0.0552919191052718, 0.3066052821026545, 0.3613372716661958, 0.419600779068729, 0.2879117130226642, -0.5571089753968684, -0.4378239939924143, -0.10470874471710744, 0.3515748090479314, 0.2589079355392485, 0.0529099896231118, -0.5464971872278029, -0.34838607570788743, 0.022536399041934982, 0.3338889366363198, 0.09249637118418172, -0.18291616187250792, -0.3801561625825313, -0.3214491490551002, -0.10024805167650272, 0.5589128944666927, 0.297512179398951, -0.0919790632099633, -0.26977593394997523, -0.099232081504305, 0.13033884152022351, 0.502385274490251, 0.18320924728029814, -0.20925370662854964, -0.15237528175211404, 0.12596351021133184, 0.35846151302587415, 0.40389165601505733, 0.42492782733574413, 0.2613446249276118, -0.5385608254347767, -0.3700082672862216, -0.011681643429513352, 0.36223030362020436, 0.24226175607117173, 0.02462968817943867, -0.5112042178272476, -0.26921796800864584, 0.11618424071028224, 0.3127882001992224, 0.05466755348463121, -0.21184298302164697, -0.3473599626518974, -0.2180385118110886, 0.04081857186361412, 0.5168991106125189, 0.18667541131223678, -0.20383336411140443, -0.18423299229488282, 0.021063229626598776, 0.2444869451503464, 0.4329468058846157, 0.06403216692731904, -0.3064413681312546, -0.015324650963855957, 0.2610796899756634, 0.44377317868894267, 0.46850464465057834, 0.4146378689826831, 0.1966684352988159, -0.47069051480758756, -0.21356153211302095, 0.17543935970443292, 0.36598615263247386, 0.19838351135984428, -0.030568838636900575, -0.4115009653927958, -0.09558210087730944, 0.29776624860575396, 0.25638885047175614, -0.020966571464143012, -0.2554627848981393, -0.319968075290938, -0.15852670736851746, 0.11229955561804025, 0.483081282755599, 0.1271154512171998, -0.2532848828046323, -0.13460132833768138, 0.08265502285400297, 0.29690987865198926, 0.3876341912463088, 0.003658365622772968, -0.3456430202246449, 0.05576445532911995, 0.32368529669435364, 0.47628948451113695, 0.48999809750754536, 0.3998090349120126, 0.16033014042804677, -0.42199235788888473, -0.12715489966264432, 0.26675467206138, 0.35962090418745624, 0.17254648174911788, -0.05588749691550217, -0.3482898341495734, -0.0036492855421592215, 0.3830219022480105, 0.22271150038362633, -0.056803087361864874, -0.26876539946058825};
}
