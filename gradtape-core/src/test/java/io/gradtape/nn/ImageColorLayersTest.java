package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import static io.gradtape.nn.ReshapingLayersTest.derivativesMatchFiniteDifferences;
import static io.gradtape.nn.ReshapingLayersTest.wave;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RandomContrast and RandomBrightness: Keras 3's formulas with given draws against NumPy
 * (scripts/fixtures/image_preprocessing_reference.py prints the constants at the end of this class), the ranges Keras's
 * factor parsing gives and the distributions of the draws, gradients against finite differences, inference and errors.
 */
class ImageColorLayersTest {

    private static Tensor pixels() {
        // 100 + 120 * wave: values from about -20 to 230, so the clip to [0, 255] acts
        return wave(0.6, 2, 3, 4, 2).mul(120).add(100);
    }

    @Test
    void contrastScalesAboutThePerChannelMeanAndClips() {
        RandomContrast c = new RandomContrast(0.5, Generator.fromSeed(1));
        assertArrayEquals(CONTRAST, c.adjust(pixels(), new double[] {0.5, 1.7}).toDoubleArray(), 1e-9);
        Tensor one = c.adjust(Tensors.slice(pixels(), new int[] {1, 0, 0, 0}, new int[] {1, 3, 4, 2}).reshape(3, 4, 2),
                new double[] {1.7});
        assertArrayEquals(java.util.Arrays.copyOfRange(CONTRAST, 24, 48), one.toDoubleArray(), 1e-9);
        // inside the clip range the map is smooth: derivatives against finite differences (values in [0, 1] and a
        // wide clip range)
        RandomContrast wide = new RandomContrast(new double[] {0.2, 0.2}, new double[] {-10, 10},
                Generator.fromSeed(1));
        derivativesMatchFiniteDifferences(t -> wide.adjust(t, new double[] {1.3}), wave(0.1, 1, 2, 3, 2));
    }

    @Test
    void contrastFactorsFollowKerasParsing() {
        // one value f: Keras 3's _set_factor with bounds (0, 1) gives (0, f), so factors [1, 1 + f)
        assertArrayEquals(new double[] {1.0, 1.2}, new RandomContrast(0.2, Generator.fromSeed(1)).factorRange());
        assertArrayEquals(new double[] {0.7, 1.6},
                new RandomContrast(new double[] {0.6, 0.3}, new double[] {0, 1}, Generator.fromSeed(1)).factorRange(),
                1e-15);
        // draws: a two-pixel image [0, 2] has mean 1, so the output's second pixel is 1 + k
        int n = 2000;
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            v[2 * i + 1] = 2;
        }
        Tensor x = Tensors.constant(v, n, 1, 2, 1);
        RandomContrast pair = new RandomContrast(new double[] {0.3, 0.6}, new double[] {-100, 100},
                Generator.fromSeed(7));
        double[] y = pair.call(x, true).toDoubleArray();
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = y[2 * i + 1] - 1;
        }
        assertUniform(k, 0.7, 1.6, "contrast factor");
        double[] y1 = new RandomContrast(new double[] {0.4}, new double[] {-100, 100}, Generator.fromSeed(8))
                .call(x, true).toDoubleArray();
        for (int i = 0; i < n; i++) {
            k[i] = y1[2 * i + 1] - 1;
        }
        assertUniform(k, 1.0, 1.4, "contrast factor of one value");
    }

    @Test
    void brightnessAddsAClippedOffset() {
        RandomBrightness b = new RandomBrightness(0.5, Generator.fromSeed(1));
        assertArrayEquals(BRIGHTNESS, b.adjust(pixels(), new double[] {-30, 80}).toDoubleArray(), 1e-9);
        // the gradient: 1 where x + delta is inside [0, 255], 0 where clipped
        RandomBrightness unit = new RandomBrightness(new double[] {0.5}, new double[] {1, 0}, Generator.fromSeed(1));
        assertArrayEquals(new double[] {0, 1}, unit.valueRange());
        derivativesMatchFiniteDifferences(t -> unit.adjust(t, new double[] {0.1}),
                Tensors.constant(new double[] {0.2, 0.5, 0.7, 0.4}, 2, 2, 1));
        assertArrayEquals(new double[] {1, 0.6}, unit.adjust(Tensors.constant(new double[] {0.95, 0.5}, 1, 2, 1),
                new double[] {0.1}).toDoubleArray(), 1e-15);
    }

    @Test
    void brightnessOffsetsAreUniformOverTheValueRange() {
        // 0.5 in [0, 1] with factor 0.3: delta = U[-0.3, 0.3) * 1, never clipped
        int n = 2000;
        Tensor x = Tensors.fill(new int[] {n, 1, 1, 1}, Tensors.constant(0.5));
        RandomBrightness b = new RandomBrightness(new double[] {0.3}, new double[] {0, 1}, Generator.fromSeed(9));
        assertArrayEquals(new double[] {-0.3, 0.3}, b.factor());
        double[] y = b.call(x, true).toDoubleArray();
        for (int i = 0; i < n; i++) {
            y[i] -= 0.5;
        }
        assertUniform(y, -0.3, 0.3, "brightness delta");
        // a pair, and the default value range [0, 255] scaling it: deltas U[0.1, 0.2) * 255
        RandomBrightness pair = new RandomBrightness(new double[] {0.2, 0.1}, new double[] {0, 255},
                Generator.fromSeed(10));
        double[] yp = pair.call(Tensors.zeros(DType.FLOAT64, n, 1, 1, 1), true).toDoubleArray();
        assertUniform(yp, 25.5, 51, "brightness delta of a pair");
    }

    @Test
    void inferencePassesTheInputThroughAndTrainingCastsIntegers() {
        Tensor ints = Tensors.constant(new int[] {10, 20, 30, 40}, 2, 2, 1);
        RandomContrast c = new RandomContrast(0.5, Generator.fromSeed(1));
        RandomBrightness b = new RandomBrightness(0.5, Generator.fromSeed(1));
        assertSame(ints, c.call(ints));
        assertSame(ints, b.call(ints));
        assertEquals(DType.FLOAT32, c.call(ints, true).dtype());
        assertEquals(DType.FLOAT32, b.call(ints, true).dtype());
        assertEquals("random_contrast", c.name());
        assertEquals("random_brightness", b.name());
        Tensor x = pixels();
        assertArrayEquals(new RandomBrightness(0.5, Generator.fromSeed(3)).call(x, true).toDoubleArray(),
                new RandomBrightness(0.5, Generator.fromSeed(3)).call(x, true).toDoubleArray(), 0);
    }

    @Test
    void argumentsAreChecked() {
        Generator g = Generator.fromSeed(1);
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1.5, g));
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(-0.1, g));
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(new double[] {0.1}, new double[] {1, 0},
                g));
        assertThrows(IllegalArgumentException.class, () -> new RandomBrightness(new double[] {0.1, 1.5},
                new double[] {0, 1}, g));
        assertThrows(IllegalArgumentException.class, () -> new RandomBrightness(new double[] {0.1},
                new double[] {0, Double.NaN}, g));
        assertThrows(NullPointerException.class, () -> new RandomBrightness(0.1, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomContrast(0.1, g).call(Tensors.zeros(DType.FLOAT32, 5), true));
        assertTrue(e.getMessage().contains("random_contrast") && e.getMessage().contains("(5,)"), e.getMessage());
    }

    @Test
    void aValueRangeBeyondFloat32IsRefusedBeforeAnyDraw() {
        Generator g = Generator.fromSeed(4);
        java.util.List<Module> layers = java.util.List.of(
                new RandomContrast(new double[] {0.5, 0.5}, new double[] {-1e39, 1e39}, g),
                new RandomBrightness(new double[] {0.5}, new double[] {-1e39, 1e39}, g));
        // float32 images, and integer ones (computed in float32)
        for (Tensor x : java.util.List.of(Tensors.zeros(DType.FLOAT32, 2, 3, 3, 1), Tensors.zeros(DType.INT32, 3, 3,
                1))) {
            for (Module layer : layers) {
                long[] before = g.getState();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.call(x, true));
                assertArrayEquals(before, g.getState(), layer.name());
                String m = e.getMessage();
                assertTrue(m.startsWith(layer.name() + ": ") && m.contains("valueRange") && m.contains(
                        x.shape().toString()) && m.contains(x.dtype().toString())
                        && m.contains("use float64 input or a smaller range"), m);
                // inference draws nothing and passes the images through
                assertSame(x, layer.call(x));
            }
        }
        // float64 holds the range: a constant image (7) is its own mean, so any contrast factor leaves it, and the
        // draw happens
        Tensor sevens = Tensors.fill(new int[] {2, 3, 3, 1}, Tensors.constant(7.0, DType.FLOAT64));
        long[] before = g.getState();
        assertArrayEquals(sevens.toDoubleArray(), layers.get(0).call(sevens, true).toDoubleArray(), 1e-12);
        assertTrue(!java.util.Arrays.equals(before, g.getState()));
    }

    private static void assertUniform(double[] d, double lo, double hi, String what) {
        int n = d.length;
        double s = 0;
        for (double v : d) {
            assertTrue(v >= lo - 1e-9 && v < hi + 1e-9, what + ": " + v + " outside [" + lo + ", " + hi + ")");
            s += v;
        }
        double mean = s / n;
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double var = (hi - lo) * (hi - lo) / 12;
        // standard errors: sd / sqrt(n) for the mean, sqrt(0.8 / n) relative for the variance; 5 of them
        assertEquals((lo + hi) / 2, mean, 5 * Math.sqrt(var / n), what + " mean");
        assertEquals(var, ss / n, 5 * Math.sqrt(0.8 / n) * var, what + " variance");
    }

    // ---- printed by scripts/fixtures/image_preprocessing_reference.py (the colour section)
    // contrast (2, 3, 4, 2)
    static final double[] CONTRAST = {141.23751220437052, 162.1720081835337, 162.16680941020928, 130.25130987253192, 92.52649767905852, 55.76189039463749, 48.33908727051795, 62.776097524278555, 103.37359963161856, 140.06490292179407, 166.6841441225576, 159.73882708387976, 133.5860729151739, 89.55287947384556, 59.43937565552923, 46.43536176626277, 67.74745871404099, 102.37920321742996, 145.13337468310178, 164.92896714220066, 163.54643412909863, 130.66295144633892, 92.83476480076459, 56.88001037731731, 0.0, 0.0, 95.1237093282708, 222.95864397882264, 255.0, 255.0, 184.70408036506552, 39.11973035857045, 0.0, 0.0, 0.0, 96.15049317253161, 235.72132457994573, 255.0, 255.0, 179.1216450936788, 45.911227843081335, 0.0, 0.0, 0.0, 109.630104097037, 235.99737400942746, 255.0, 255.0};
    // brightness (2, 3, 4, 2)
    static final double[] BRIGHTNESS = {137.75709680740422, 185.87698225006318, 179.61569121908178, 122.03558562805961, 40.33506775678025, 0.0, 0.0, 0.0, 62.029271661900324, 141.6627717265839, 188.65036064377838, 181.01062005075528, 122.45421822901099, 40.63872483068691, 0.0, 0.0, 0.0, 66.2913723178557, 145.54882176486674, 191.3909001673971, 182.37494065686047, 122.85886877567364, 40.951602000192366, 0.0, 66.88087434352406, 104.49234813334, 180.55572309459592, 255.0, 255.0, 255.0, 233.2500589985928, 151.27424694267435, 86.45355149897952, 69.39173749234125, 108.23082155463709, 184.82175448029858, 255.0, 255.0, 255.0, 233.62831443391457, 151.6072045738962, 87.64282630675157, 71.93620510885658, 111.99198925866516, 189.08889648798777, 255.0, 255.0, 255.0};
}
