package io.gradtape.random;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.random.Philox;
import io.gradtape.internal.random.RandomKernels;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Generator: the documented layout, reproducibility, statistics, errors and the tape. */
class GeneratorTest {

    // ------------------------------------------------------------ layout and reproducibility

    private static int[] block(long key, int b, int a, long call) {
        int[] w = new int[4];
        Philox.block(b, a, (int) call, (int) (call >>> 32), (int) key, (int) (key >>> 32), w, 0);
        return w;
    }

    @Test
    void uniformFloat32IsTheDocumentedWordOfTheDocumentedBlock() {
        long seed = 0x1234_5678_9abc_def0L;
        Generator g = Generator.fromSeed(seed);
        g.normal(1);                                    // call 0
        float[] u = g.uniform(10).toFloatArray();        // call 1
        for (int i = 0; i < 10; i++) {
            int w = block(seed, i / 4, 0, 1)[i % 4];
            assertEquals((w >>> 8) * 0x1.0p-24f, u[i], "element " + i);
        }
    }

    @Test
    void normalFloat64IsBoxMullerOnTwo53BitUniforms() {
        long seed = -3;
        double[] z = Generator.fromSeed(seed).normal(Shape.of(3), 0.0, 1.0, DType.FLOAT64).toDoubleArray();
        int[] w = block(seed, 0, 0, 0);
        long a = ((w[0] & 0xFFFF_FFFFL) << 21) | ((w[1] & 0xFFFF_FFFFL) >>> 11);
        long b = ((w[2] & 0xFFFF_FFFFL) << 21) | ((w[3] & 0xFFFF_FFFFL) >>> 11);
        double u1 = (a + 1) * 0x1.0p-53;
        double u2 = b * 0x1.0p-53;
        double r = Math.sqrt(-2 * StrictMath.log(u1));
        assertEquals(r * StrictMath.cos(2 * Math.PI * u2), z[0]);
        assertEquals(r * StrictMath.sin(2 * Math.PI * u2), z[1]);
    }

    /**
     * The Shape forms with TensorFlow's defaults (tf.random.Generator.normal(shape, mean=0.0, stddev=1.0,
     * dtype=float32) and uniform(shape, minval=0, maxval=1 for floats, dtype=float32), python/ops/
     * stateful_random_ops.py): the documented words of one call each, as the full forms draw them.
     */
    @Test
    void shapeFormsTakeTensorFlowsDefaultsAndOneCallEach() {
        long seed = -3;
        // normal(Shape, FLOAT64) is call 0: Box-Muller on the 53-bit uniforms of block 0, as derived above
        double[] z = Generator.fromSeed(seed).normal(Shape.of(3), DType.FLOAT64).toDoubleArray();
        int[] w = block(seed, 0, 0, 0);
        long a = ((w[0] & 0xFFFF_FFFFL) << 21) | ((w[1] & 0xFFFF_FFFFL) >>> 11);
        long b = ((w[2] & 0xFFFF_FFFFL) << 21) | ((w[3] & 0xFFFF_FFFFL) >>> 11);
        double r = Math.sqrt(-2 * StrictMath.log((a + 1) * 0x1.0p-53));
        assertEquals(r * StrictMath.cos(2 * Math.PI * b * 0x1.0p-53), z[0]);
        assertEquals(r * StrictMath.sin(2 * Math.PI * b * 0x1.0p-53), z[1]);
        // uniform(Shape) after normal(Shape) is call 1, float32: the top 24 bits of each word times 2^-24
        Generator g = Generator.fromSeed(seed);
        Tensor n = g.normal(Shape.of(1));
        assertEquals(DType.FLOAT32, n.dtype());
        Tensor u = g.uniform(Shape.of(2, 3));
        assertEquals(DType.FLOAT32, u.dtype());
        assertEquals(Shape.of(2, 3), u.shape());
        float[] uf = u.toFloatArray();
        for (int i = 0; i < 6; i++) {
            assertEquals((block(seed, i / 4, 0, 1)[i % 4] >>> 8) * 0x1.0p-24f, uf[i], "element " + i);
        }
        assertEquals(2, g.getState()[2], "one call each");
        // the same values as the full forms and the int... forms, call for call
        Generator x = Generator.fromSeed(9), y = Generator.fromSeed(9), v = Generator.fromSeed(9);
        assertArrayEquals(y.normal(Shape.of(2, 2), 0.0, 1.0, DType.FLOAT32).toFloatArray(), x.normal(Shape.of(2, 2)).toFloatArray());
        assertArrayEquals(v.normal(2, 2).toFloatArray(), Generator.fromSeed(9).normal(Shape.of(2, 2), DType.FLOAT32).toFloatArray());
        assertArrayEquals(y.uniform(Shape.of(5), 0.0, 1.0, DType.FLOAT64).toDoubleArray(), x.uniform(Shape.of(5), DType.FLOAT64).toDoubleArray());
        assertArrayEquals(y.uniform(Shape.of(3), 0.0, 1.0, DType.FLOAT32).toFloatArray(), x.uniform(Shape.of(3)).toFloatArray());
        assertArrayEquals(y.getState(), x.getState());
        // the bound forms without a dtype are float32 (TensorFlow's default), call for call with the full forms
        Tensor nb = x.normal(Shape.of(4), 1.5, 0.25);
        assertEquals(DType.FLOAT32, nb.dtype());
        assertArrayEquals(y.normal(Shape.of(4), 1.5, 0.25, DType.FLOAT32).toFloatArray(), nb.toFloatArray());
        Tensor ub = x.uniform(Shape.of(2, 3), -2.0, 2.0);
        assertEquals(DType.FLOAT32, ub.dtype());
        assertArrayEquals(y.uniform(Shape.of(2, 3), -2.0, 2.0, DType.FLOAT32).toFloatArray(), ub.toFloatArray());
        Tensor tb = x.truncatedNormal(Shape.of(5), 0.0, 0.1);
        assertEquals(DType.FLOAT32, tb.dtype());
        assertArrayEquals(y.truncatedNormal(Shape.of(5), 0.0, 0.1, DType.FLOAT32).toFloatArray(), tb.toFloatArray());
        assertArrayEquals(y.getState(), x.getState());
        // errors name the op and take no call (TensorFlow refuses an integer uniform without maxval)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.uniform(Shape.of(2), DType.INT32));
        assertTrue(e.getMessage().startsWith("uniform: dtype int32 is not floating") && e.getMessage().contains("uniformInt"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.normal(Shape.of(2), DType.BOOL));
        assertTrue(e.getMessage().startsWith("normal: dtype bool"), e.getMessage());
        assertThrows(NullPointerException.class, () -> x.normal((Shape) null));
        assertThrows(NullPointerException.class, () -> x.uniform(Shape.of(2), null));
        e = assertThrows(IllegalArgumentException.class, () -> x.uniform(Shape.of(2), 1.0, 1.0));
        assertTrue(e.getMessage().startsWith("uniform: minval 1.0 >= maxval 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.normal(Shape.of(2), 0.0, -1.0));
        assertTrue(e.getMessage().startsWith("normal: "), e.getMessage());
        assertArrayEquals(y.getState(), x.getState(), "a failed call takes no call number");
    }

    @Test
    void sameSeedSameBitsDifferentSeedsDiffer() {
        Generator a = Generator.fromSeed(42);
        Generator b = Generator.fromSeed(42);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(a.normal(7, 3).toFloatArray(), b.normal(7, 3).toFloatArray());
            assertArrayEquals(a.uniformInt(Shape.of(9), -5, 5).toIntArray(), b.uniformInt(Shape.of(9), -5, 5).toIntArray());
        }
        assertFalse(Arrays.equals(Generator.fromSeed(42).uniform(8).toFloatArray(),
                Generator.fromSeed(43).uniform(8).toFloatArray()));
        // successive calls differ
        Generator c = Generator.fromSeed(42);
        assertFalse(Arrays.equals(c.uniform(8).toFloatArray(), c.uniform(8).toFloatArray()));
    }

    @Test
    void aValueDependsOnItsPositionNotOnTheTensorSize() {
        float[] small = Generator.fromSeed(9).normal(5).toFloatArray();
        float[] large = Generator.fromSeed(9).normal(1001).toFloatArray();
        assertArrayEquals(small, Arrays.copyOf(large, 5));
        int[] si = Generator.fromSeed(9).uniformInt(Shape.of(3), 0, 1000).toIntArray();
        int[] li = Generator.fromSeed(9).uniformInt(Shape.of(2, 50), 0, 1000).toIntArray();
        assertArrayEquals(si, Arrays.copyOf(li, 3));
    }

    @Test
    void parallelFillHasTheBitsOfASerialFill() {
        int n = 1 << 18;
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Generator g1 = Generator.fromSeed(5);
            float[] u1 = g1.uniform(n).toFloatArray();
            double[] z1 = g1.truncatedNormal(Shape.of(n), 0, 1, DType.FLOAT64).toDoubleArray();
            int[] i1 = g1.uniformInt(Shape.of(n), 0, 1_000_003).toIntArray();
            Parallel.setThreads(4);
            Generator g4 = Generator.fromSeed(5);
            assertArrayEquals(u1, g4.uniform(n).toFloatArray());
            assertArrayEquals(z1, g4.truncatedNormal(Shape.of(n), 0, 1, DType.FLOAT64).toDoubleArray());
            assertArrayEquals(i1, g4.uniformInt(Shape.of(n), 0, 1_000_003).toIntArray());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Pins the bits (our own outputs, recorded when the layout was written): a change here changes every
     * seeded run, which needs a new state format.
     */
    @Test
    void pinnedBits() {
        Generator g = Generator.fromSeed(2024);
        assertEquals(GOLDEN, Arrays.toString(g.uniform(3).toFloatArray()) + Arrays.toString(g.normal(3).toFloatArray())
                + Arrays.toString(g.uniformInt(Shape.of(3), 0, 100).toIntArray())
                + Arrays.toString(g.permutation(6)));
    }

    private static final String GOLDEN = "[0.60368985, 0.26856327, 0.9845987][-1.0552008, -1.1449215, 0.53078717]"
            + "[36, 48, 74][2, 0, 3, 1, 5, 4]";

    // ------------------------------------------------------------ split and state

    @Test
    void splitStreamsDifferAndAreReproducible() {
        Generator parent = Generator.fromSeed(11);
        List<Generator> kids = parent.split(4);
        Set<String> seen = new HashSet<>();
        for (Generator k : kids) {
            assertTrue(seen.add(Arrays.toString(k.uniform(6).toFloatArray())));
        }
        assertTrue(seen.add(Arrays.toString(parent.uniform(6).toFloatArray())));
        List<Generator> again = Generator.fromSeed(11).split(4);
        List<Generator> more = Generator.fromSeed(11).split(9);
        float[] ref = again.get(2).uniform(6).toFloatArray();
        assertArrayEquals(ref, more.get(2).uniform(6).toFloatArray(), "child i does not depend on count");
        assertEquals(Arrays.toString(ref), Arrays.toString(Generator.fromSeed(11).split(3).get(2).uniform(6).toFloatArray()));
        assertEquals(0, Generator.fromSeed(1).split(0).size());
        assertEquals(1, Generator.fromSeed(1).split(1).get(0).getState()[0]);
        Generator p = Generator.fromSeed(1);
        p.split(3);
        assertEquals(1, p.getState()[2], "split takes one call");
    }

    @Test
    void splitStreamsGiveTheSameBitsOnAnyThread() throws Exception {
        int k = 4;
        float[][] serial = new float[k][];
        List<Generator> a = Generator.fromSeed(21).split(k);
        for (int i = k - 1; i >= 0; i--) {
            serial[i] = a.get(i).normal(5000).toFloatArray();   // in reverse order: order must not matter
        }
        List<Generator> b = Generator.fromSeed(21).split(k);
        float[][] threaded = new float[k][];
        Thread[] ts = new Thread[k];
        for (int i = 0; i < k; i++) {
            int j = i;
            ts[i] = new Thread(() -> threaded[j] = b.get(j).normal(5000).toFloatArray());
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        for (int i = 0; i < k; i++) assertArrayEquals(serial[i], threaded[i], "stream " + i);
    }

    @Test
    void stateRoundTripResumesBitForBit() {
        Generator g = Generator.fromSeed(77);
        g.normal(10);
        long[] s = g.getState();
        assertArrayEquals(new long[] {1, 77, 1}, s);
        float[] a = g.uniform(5).toFloatArray();
        double[] b = g.truncatedNormal(Shape.of(4), 1, 2, DType.FLOAT64).toDoubleArray();
        int[] c = g.permutation(10);
        g.setState(s);
        assertArrayEquals(a, g.uniform(5).toFloatArray());
        Generator h = Generator.fromState(s);
        h.uniform(5);
        assertArrayEquals(b, h.truncatedNormal(Shape.of(4), 1, 2, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(b, g.truncatedNormal(Shape.of(4), 1, 2, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(c, g.permutation(10));
        s[1] = 0;   // the returned array is a copy
        assertEquals(77, g.getState()[1]);
    }

    @Test
    void malformedStateIsRejectedAndChangesNothing() {
        Generator g = Generator.fromSeed(8);
        long[] before = g.getState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.setState(new long[] {1, 2}));
        assertTrue(e.getMessage().startsWith("setState: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.setState(new long[] {2, 8, 0}));
        assertTrue(e.getMessage().contains("unknown state format 2"), e.getMessage());
        assertThrows(NullPointerException.class, () -> g.setState(null));
        assertThrows(IllegalArgumentException.class, () -> Generator.fromState(new long[0]));
        assertArrayEquals(before, g.getState());
    }

    @Test
    void nonDeterministicGeneratorsDifferAndCanBeReproduced() {
        Generator a = Generator.fromNonDeterministicState();
        Generator b = Generator.fromNonDeterministicState();
        assertNotEquals(a.getState()[1], b.getState()[1], "two 64-bit keys from SecureRandom (equal: p = 2^-64)");
        Generator again = Generator.fromState(a.getState());
        assertArrayEquals(a.uniform(4).toFloatArray(), again.uniform(4).toFloatArray());
    }

    @Test
    void counterIsUnsigned() {
        Generator g = Generator.fromState(new long[] {1, 3, -1});
        g.uniform(2);
        assertArrayEquals(new long[] {1, 3, 0}, g.getState());
        assertEquals("Generator(key=3, counter=0)", g.toString());
    }

    // ------------------------------------------------------------ statistics

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return s / x.length;
    }

    private static double[] asDouble(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void normalMeanAndVariance() {
        int n = 200_000;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] x = asDouble(Generator.fromSeed(1).normal(Shape.of(n), 3.0, 2.0, d));
            // standard errors: mean 2/sqrt(n) = 0.0045, variance 4 sqrt(2/n) = 0.0126; bounds at about 5 of them
            assertEquals(3.0, mean(x), 0.025, d.toString());
            assertEquals(4.0, variance(x), 0.065, d.toString());
        }
        float[] z = Generator.fromSeed(3).normal(n).toFloatArray();
        double max = 0;
        for (float v : z) max = Math.max(max, Math.abs(v));
        assertTrue(max > 3.5 && max < 6.67, "largest |z| " + max);
    }

    @Test
    void uniformMeanVarianceAndBounds() {
        int n = 200_000;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] x = asDouble(Generator.fromSeed(2).uniform(Shape.of(n), -1.0, 3.0, d));
            for (double v : x) assertTrue(v >= -1 && v < 3, "value " + v);
            assertEquals(1.0, mean(x), 0.015);
            assertEquals(16.0 / 12, variance(x), 0.02);
        }
        // a range so narrow that rounding would reach maxval: maxval still never occurs
        float lo = 1f, hi = Math.nextUp(1f);
        float[] y = Generator.fromSeed(2).uniform(Shape.of(1000), lo, hi, DType.FLOAT32).toFloatArray();
        for (float v : y) assertEquals(lo, v);
        float[] u = Generator.fromSeed(2).uniform(1000).toFloatArray();
        for (float v : u) assertTrue(v >= 0 && v < 1);
    }

    private static double chiSquare(long[] counts, double[] probs) {
        long n = 0;
        for (long c : counts) n += c;
        double chi = 0;
        for (int i = 0; i < counts.length; i++) {
            double e = n * probs[i];
            chi += (counts[i] - e) * (counts[i] - e) / e;
        }
        return chi;
    }

    private static double[] flat(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    @Test
    void uniformIntIsUnbiasedByChiSquare() {
        int[] x = Generator.fromSeed(4).uniformInt(Shape.of(100_000), -3, 7).toIntArray();
        long[] c = new long[10];
        for (int v : x) c[v + 3]++;
        // 9 degrees of freedom: P(chi2 > 27.9) = 0.001
        assertTrue(chiSquare(c, flat(10)) < 27.9, Arrays.toString(c));
        // range 3 * 2^30: plain "word mod range" would put half of all values in the first third
        int[] y = Generator.fromSeed(4).uniformInt(Shape.of(60_000), Integer.MIN_VALUE, 1 << 30).toIntArray();
        long[] t = new long[3];
        for (int v : y) t[(int) (((long) v - Integer.MIN_VALUE) >>> 30)]++;
        assertTrue(chiSquare(t, flat(3)) < 13.8, Arrays.toString(t));   // 2 df, P = 0.001
        int[] full = Generator.fromSeed(4).uniformInt(Shape.of(1000), Integer.MIN_VALUE, Integer.MAX_VALUE).toIntArray();
        for (int v : full) assertTrue(v != Integer.MAX_VALUE);
        assertArrayEquals(new int[] {5, 5, 5}, Generator.fromSeed(0).uniformInt(Shape.of(3), 5, 6).toIntArray());
    }

    @Test
    void truncatedNormalStaysWithinTwoStandardDeviations() {
        int n = 100_000;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] x = asDouble(Generator.fromSeed(6).truncatedNormal(Shape.of(n), 1.0, 0.5, d));
            for (double v : x) assertTrue(v >= 0.0 && v <= 2.0, d + " value " + v);
            assertEquals(1.0, mean(x), 0.01);
            // variance of a standard normal truncated at +-2: 1 - 4 phi(2) / (Phi(2) - Phi(-2)) = 0.7737
            assertEquals(0.7737 * 0.25, variance(x), 0.005);
        }
    }

    /**
     * The kernel draws a one when its word w is below {@code bernoulliThreshold(p)}; that must be the same event as
     * {@code w * 2^-32 < p} (the definition) for every word, including the words next to the threshold and p at,
     * beside and between the multiples of 2^-32.
     */
    @Test
    void bernoulliThresholdIsTheDefinitionsComparison() {
        java.util.Random r = new java.util.Random(12);
        List<Double> ps = new java.util.ArrayList<>(List.of(0.0, 1.0, 0.5, 0.3, 0.8, 1e-300, Double.MIN_VALUE,
                Math.nextDown(1.0), Math.nextUp(0.0), 0x1.0p-32, 0x1.0p-33, 1 - 0x1.0p-32));
        for (int i = 0; i < 200; i++) {
            double k = Math.floor(r.nextDouble() * 0x1.0p32) * 0x1.0p-32;   // a multiple of 2^-32 in [0, 1)
            ps.add(k);
            ps.add(Math.nextUp(k));
            ps.add(Math.nextDown(k) < 0 ? 0 : Math.nextDown(k));
            ps.add(r.nextDouble());
        }
        long max = 0xFFFF_FFFFL;
        for (double p : ps) {
            long t = RandomKernels.bernoulliThreshold(p);
            long[] words = {0, 1, t - 2, t - 1, t, t + 1, t + 2, max - 1, max, r.nextLong() & max};
            for (long w : words) {
                if (w < 0 || w > max) continue;
                assertEquals(w * 0x1.0p-32 < p, w < t, () -> "p = " + p + ", w = " + w);
                assertEquals(w < t ? 1 : 0, (int) ((w - t) >>> 63), () -> "p = " + p + ", w = " + w);
            }
        }
    }

    @Test
    void bernoulliRateAndEdges() {
        double[] x = asDouble(Generator.fromSeed(7).bernoulli(Shape.of(100_000), 0.3, DType.FLOAT64));
        assertEquals(0.3, mean(x), 0.01);
        for (double v : x) assertTrue(v == 0 || v == 1);
        Generator g = Generator.fromSeed(7);
        assertEquals(0, g.bernoulli(Shape.of(1000), 0, DType.INT32).sum().intValue());
        assertEquals(1000, g.bernoulli(Shape.of(1000), 1, DType.INT64).sum().longValue());
        Tensor b = g.bernoulli(Shape.of(2, 2), 0.5, DType.BOOL);
        assertEquals(DType.BOOL, b.dtype());
        assertEquals(Shape.of(2, 2), b.shape());
        // the same draw in every dtype
        float[] f = Generator.fromSeed(1).bernoulli(Shape.of(50), 0.5, DType.FLOAT32).toFloatArray();
        int[] i = Generator.fromSeed(1).bernoulli(Shape.of(50), 0.5, DType.INT32).toIntArray();
        for (int k = 0; k < 50; k++) assertEquals(f[k], i[k]);
    }

    @Test
    void categoricalFollowsTheSoftmaxByChiSquare() {
        double[] probs = {0.1, 0.2, 0.3, 0.4, 0.0};
        double[] logits = new double[10];
        for (int j = 0; j < 5; j++) {
            logits[j] = Math.log(probs[j]) + 7;                 // shifted: softmax is shift-invariant
            logits[5 + 4 - j] = Math.log(probs[j]);             // the second row reversed
        }
        Tensor s = Generator.fromSeed(8).categorical(Tensors.constant(logits, 2, 5), 40_000);
        assertEquals(Shape.of(2, 40_000), s.shape());
        assertEquals(DType.INT32, s.dtype());
        int[] v = s.toIntArray();
        long[] c0 = new long[4], c1 = new long[4];
        for (int k = 0; k < 40_000; k++) {
            assertNotEquals(4, v[k], "a -inf class is never drawn");
            assertNotEquals(0, v[40_000 + k], "a -inf class is never drawn");
            c0[v[k]]++;
            c1[4 - v[40_000 + k]]++;
        }
        double[] p4 = {0.1, 0.2, 0.3, 0.4};
        assertTrue(chiSquare(c0, p4) < 16.3, Arrays.toString(c0));   // 3 df, P = 0.001
        assertTrue(chiSquare(c1, p4) < 16.3, Arrays.toString(c1));
        Tensor f32 = Tensors.constant(new float[] {0, 0}, 1, 2);
        assertEquals(Shape.of(1, 0), Generator.fromSeed(0).categorical(f32, 0).shape());
    }

    @Test
    void permutationIsUniformByChiSquare() {
        Generator g = Generator.fromSeed(10);
        long[] counts = new long[24];
        for (int k = 0; k < 24_000; k++) {
            int[] p = g.permutation(4);
            int code = 0;                            // Lehmer code of p
            for (int i = 0; i < 4; i++) {
                int smaller = 0;
                for (int j = i + 1; j < 4; j++) if (p[j] < p[i]) smaller++;
                code = code * (4 - i) + smaller;
            }
            counts[code]++;
        }
        assertTrue(chiSquare(counts, flat(24)) < 49.7, Arrays.toString(counts));   // 23 df, P = 0.001
        int[] big = Generator.fromSeed(1).permutation(1000);
        int[] sorted = big.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) assertEquals(i, sorted[i]);
        assertEquals(0, Generator.fromSeed(1).permutation(0).length);
        assertArrayEquals(new int[] {0}, Generator.fromSeed(1).permutation(1));
    }

    // ------------------------------------------------------------ shuffle

    @Test
    void shufflePermutesRowsAsPermutationDoes() {
        Tensor x = Tensors.constant(new double[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41}, 5, 2);
        Tensor y = Generator.fromSeed(12).shuffle(x);
        int[] p = Generator.fromSeed(12).permutation(5);
        double[] v = y.toDoubleArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(10 * p[i], v[2 * i]);
            assertEquals(10 * p[i] + 1, v[2 * i + 1]);
        }
        assertEquals(x.shape(), y.shape());
        Variable var = new Variable(Tensors.constant(new int[] {1, 2, 3}, 3));
        Tensor z = Generator.fromSeed(12).shuffle(var);
        int[] zs = z.toIntArray();
        Arrays.sort(zs);
        assertArrayEquals(new int[] {1, 2, 3}, zs);
        assertEquals(5.0f, Generator.fromSeed(0).shuffle(Tensors.constant(5.0f)).floatValue());
        assertEquals(Shape.of(0, 3), Generator.fromSeed(0).shuffle(Tensors.zeros(DType.FLOAT32, 0, 3)).shape());
    }

    // ------------------------------------------------------------ errors

    private static void fails(String message, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void errorsNameTheOpAndChangeNothing() {
        Generator g = Generator.fromSeed(0);
        fails("uniformInt: minval 5 >= maxval 3", () -> g.uniformInt(Shape.of(2), 5, 3));
        fails("uniform: minval 1.0 >= maxval 1.0", () -> g.uniform(Shape.of(2), 1, 1, DType.FLOAT64));
        fails("uniform: dtype int32 is not floating (float32 or float64); use uniformInt for integers",
                () -> g.uniform(Shape.of(2), 0, 1, DType.INT32));
        fails("normal: stddev -1.0 must be finite and at least 0", () -> g.normal(Shape.of(2), 0, -1, DType.FLOAT32));
        fails("truncatedNormal: mean NaN is not finite",
                () -> g.truncatedNormal(Shape.of(2), Double.NaN, 1, DType.FLOAT32));
        fails("bernoulli: p 1.5 is not in [0, 1]", () -> g.bernoulli(Shape.of(2), 1.5, DType.FLOAT32));
        fails("permutation: n -1 is negative", () -> g.permutation(-1));
        fails("split: count -2 is negative", () -> g.split(-2));
        fails("categorical: logits must be float32 or float64 of shape [batch, classes], got float32 (3,)",
                () -> g.categorical(Tensors.constant(new float[] {1, 2, 3}, 3), 1));
        fails("categorical: logits row 1 has NaN at class 0; logits must be finite or -inf",
                () -> g.categorical(Tensors.constant(new double[] {0, 0, Double.NaN, 0}, 2, 2), 1));
        fails("categorical: logits row 0 is all -inf: no class has a positive probability",
                () -> g.categorical(Tensors.constant(new double[] {Double.NEGATIVE_INFINITY}, 1, 1), 1));
        fails("categorical: numSamples -1 is negative", () -> g.categorical(Tensors.constant(new float[] {0}, 1, 1), -1));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> g.uniform(Shape.of(1), 1.0, 1.00000001, DType.FLOAT32)).getMessage().startsWith("uniform: "));
        assertThrows(NullPointerException.class, () -> g.normal((Shape) null, 0, 1, DType.FLOAT32));
        assertThrows(NullPointerException.class, () -> g.shuffle(null));
        assertArrayEquals(new long[] {1, 0, 0}, g.getState(), "failed calls take no call number");
    }

    // ------------------------------------------------------------ the tape

    private static int entries(GradientTape tape) throws Exception {
        Field f = GradientTape.class.getDeclaredField("tape");
        f.setAccessible(true);
        Object inner = f.get(tape);
        Method size = inner.getClass().getMethod("size");
        return (int) size.invoke(inner);
    }

    @Test
    void randomOpsRecordNothingAndHaveNoGradient() throws Exception {
        Generator g = Generator.fromSeed(0);
        Tensor x = Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2);
        Variable v = new Variable(Tensors.constant(new float[] {0, 1, 2}, 1, 3));
        Tensor shuffled, sample, noise;
        GradientTape tape = new GradientTape(true);
        try (tape) {
            tape.watch(x);
            shuffled = g.shuffle(x);
            sample = g.categorical(v, 3);
            noise = g.normal(2, 2);
            g.uniform(2);
            g.truncatedNormal(Shape.of(2), 0, 1, DType.FLOAT64);
            g.bernoulli(Shape.of(2), 0.5, DType.FLOAT32);
            g.uniformInt(Shape.of(2), 0, 3);
            g.permutation(3);
            assertEquals(0, entries(tape), "a random op records no tape entry");
        }
        assertNull(tape.gradient(shuffled, x));
        assertNull(tape.gradient(noise, x));
        assertNull(tape.gradient(sample, v));
        assertTrue(tape.watchedVariables().isEmpty(), "categorical does not read v as an op would");
    }
}
