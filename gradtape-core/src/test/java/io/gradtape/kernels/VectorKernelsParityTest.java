package io.gradtape.kernels;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.TestTensors;
import io.gradtape.Tensors;
import io.gradtape.spi.GemmProvider;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Vector API kernels ({@code VectorKernels}, loaded when the JVM has {@code jdk.incubator.vector}, as every
 * test JVM of this build does) against the scalar kernels, called directly on both providers: every size from 0
 * to 70 (whole vectors and tails at 128, 256 and 512 bits) and larger ones, at offsets that are not
 * vector-aligned, with the IEEE edge values mixed in. Elementwise ops, a row broadcast over rows, relu and its gradient, max and the
 * leading-axes sum must give the same bits; a full or row sum agrees to rounding and gives the same bits on every call and every thread; the
 * float32 and float64 matrix products agree with {@code BlockedGemm} to rounding for odd sizes on both sides of its blocking,
 * every transpose combination, broadcast batches, on one and two threads. The reductions and scans give their
 * known answers at NaN and infinity on both providers.
 */
class VectorKernelsParityTest {
    private static final Primitive[] OPS = {Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.DIV};
    private static final float[] EDGE_F = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        1e-40f, 3.4e38f};
    private static final double[] EDGE_D = {0d, -0d, 1d, -1d, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1e-310, 1.7e308};

    private KernelProvider vector;
    private final KernelProvider scalar = Vectorization.scalar();
    private final KernelProvider installed = Vectorization.provider();
    private final GemmProvider installedGemm = MatmulKernels.nativeGemm();
    private final int threads = Parallel.threads();

    @BeforeEach
    void needsVectorModule() {
        vector = VectorKernelsOrSkip.vectorKernels("only the scalar kernels are tested");
    }

    @AfterEach
    void restore() {
        Vectorization.setProvider(installed);
        MatmulKernels.setNativeGemm(installedGemm);
        Parallel.setThreads(threads);
    }

    @Test
    void elementwiseGiveTheScalarBits() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : sizes()) {
            float[] a = floats(r, n), b = floats(r, n);
            double[] x = doubles(r, n), y = doubles(r, n);
            for (int lo : new int[] {0, Math.min(n, 3)}) {
                int hi = Math.max(lo, n - (n > 5 ? 2 : 0));
                for (Primitive p : OPS) {
                    String what = p + " n=" + n + " [" + lo + ", " + hi + ")";
                    float c = n == 0 ? 2f : b[n / 2];
                    double d = y.length == 0 ? 3 : y[n / 2];
                    float[] want = new float[n], got = new float[n];
                    scalar.f32(p, a, b, want, lo, hi);
                    vector.f32(p, a, b, got, lo, hi);
                    assertSame32(want, got, what);
                    scalar.f32Right(p, a, c, want, lo, hi);
                    vector.f32Right(p, a, c, got, lo, hi);
                    assertSame32(want, got, what + " right");
                    scalar.f32Left(p, c, b, want, lo, hi);
                    vector.f32Left(p, c, b, got, lo, hi);
                    assertSame32(want, got, what + " left");
                    double[] wd = new double[n], gd = new double[n];
                    scalar.f64(p, x, y, wd, lo, hi);
                    vector.f64(p, x, y, gd, lo, hi);
                    assertSame64(wd, gd, what);
                    scalar.f64Right(p, x, d, wd, lo, hi);
                    vector.f64Right(p, x, d, gd, lo, hi);
                    assertSame64(wd, gd, what + " right");
                    scalar.f64Left(p, d, y, wd, lo, hi);
                    vector.f64Left(p, d, y, gd, lo, hi);
                    assertSame64(wd, gd, what + " left");
                }
                float[] want = new float[n], got = new float[n];
                scalar.relu32(a, want, lo, hi);
                vector.relu32(a, got, lo, hi);
                assertSame32(want, got, "relu n=" + n);
                double[] wd = new double[n], gd = new double[n];
                scalar.relu64(x, wd, lo, hi);
                vector.relu64(x, gd, lo, hi);
                assertSame64(wd, gd, "relu n=" + n);
            }
        }
    }

    @Test
    void biasReluGivesTheBitsOfTheBiasAddThenRelu() {
        // a dense layer's output pass: c + bias per row, then max(., 0) if asked; against the two loops it replaces
        // (the addition, then relu32's max, which keeps NaN and turns -0 into +0), element by element, on both
        // paths; column counts on both sides of whole vectors, rows outside [rowLo, rowHi) left as they were
        SplittableRandom r = new SplittableRandom(12);
        for (int n : sizes()) {
            if (n > 300) {
                continue;
            }
            int rows = 4;
            float[] c0 = floats(r, rows * n), bias = floats(r, n);
            for (boolean relu : new boolean[] {false, true}) {
                for (int[] range : new int[][] {{0, rows}, {1, 3}, {2, 2}}) {
                    String what = "biasRelu n=" + n + " rows [" + range[0] + ", " + range[1] + ")" + (relu ? " relu" : "");
                    float[] want = c0.clone();
                    for (int row = range[0]; row < range[1]; row++) {
                        for (int j = 0; j < n; j++) {
                            float v = c0[row * n + j] + bias[j];
                            want[row * n + j] = relu ? Math.max(v, 0f) : v;
                        }
                    }
                    float[] got = c0.clone();
                    scalar.biasRelu32(got, bias, n, range[0], range[1], relu);
                    assertSame32(want, got, what + " scalar");
                    got = c0.clone();
                    vector.biasRelu32(got, bias, n, range[0], range[1], relu);
                    assertSame32(want, got, what + " vector");
                }
            }
        }
    }

    @Test
    void descendGivesTheFormulasBits() {
        // w - g * lr in double, rounded to float once: checked against the formula itself, element by element, on
        // both paths; learning rates that float cannot hold (0.01, 0.1), a negative one, one that overflows float
        // (1e30) and ones whose products are subnormal or exact (1e-40, 0.5); edge values (NaN, infinities, signed
        // zeros, subnormals) in both w and g through floats()
        SplittableRandom r = new SplittableRandom(11);
        for (int n : sizes()) {
            float[] w0 = floats(r, n), g = floats(r, n);
            for (double lr : new double[] {0.01, 0.1, -0.5, 1e30, 1e-40, 0.5, 0}) {
                for (int lo : new int[] {0, Math.min(n, 3)}) {
                    int hi = Math.max(lo, n - (n > 5 ? 2 : 0));
                    float[] want = w0.clone();
                    for (int i = lo; i < hi; i++) {
                        want[i] = (float) (w0[i] - g[i] * lr);
                    }
                    for (KernelProvider p : new KernelProvider[] {scalar, vector}) {
                        float[] got = w0.clone();
                        p.descend32(got, g, lr, lo, hi);
                        assertSame32(want, got, p.name() + " descend32 lr=" + lr + " n=" + n + " [" + lo + ", " + hi
                                + ")");
                    }
                }
            }
        }
    }

    @Test
    void adamGivesTheFormulasBits() {
        // Adam's float32 lines, each rounded to float when stored and read back, checked against the formula itself
        // element by element on both paths, with and without AMSGrad: Keras's first and a late step (c1 = 1 - beta1,
        // c2 = 1 - beta2, alpha), beta1 = beta2 = 0 (c = 1), epsilon 0 (sqrt(0) + 0 divides), learning rates that
        // overflow (1e30) or underflow (1e-40) float, a negative alpha and c2 = -1 (v' = 2v - g^2: negative
        // moments, so NaN square roots, and -0 out of -0); edge values (NaN, infinities, signed zeros,
        // subnormals) in w, g, m, v and vhat through floats()
        double a1 = 1e-3 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        double a9 = 3e-4 * Math.sqrt(1 - Math.pow(0.999, 900)) / (1 - Math.pow(0.9, 900));
        double[][] hyper = { // c1, c2, alpha, epsilon
            {0.1, 0.001, a1, 1e-7}, {0.1, 0.001, a9, 1e-7}, {1, 1, 0.01, 1e-8}, {0.1, 0.001, 0.1, 0},
            {0.5, 0.02, 1e30, 1e-7}, {0.1, 0.001, 1e-40, 1e-7}, {0.1, 0.001, -0.5, 1e30}, {0.3, -1, 0.01, 1e-7}};
        SplittableRandom r = new SplittableRandom(13);
        for (int n : sizes()) {
            float[] w0 = floats(r, n), g = floats(r, n), m0 = floats(r, n), v0 = floats(r, n), h0 = floats(r, n);
            for (double[] h : hyper) {
                for (boolean ams : new boolean[] {false, true}) {
                    for (int lo : new int[] {0, Math.min(n, 3)}) {
                        int hi = Math.max(lo, n - (n > 5 ? 2 : 0));
                        String what = " adam32 c1=" + h[0] + " c2=" + h[1] + " alpha=" + h[2] + " eps=" + h[3]
                                + " amsgrad=" + ams + " n=" + n + " [" + lo + ", " + hi + ")";
                        checkAdam(w0, g, m0, v0, ams ? h0 : null, h, lo, hi, what);
                    }
                }
            }
        }
    }

    @Test
    void amsgradsMaxIsMathMaxForNaNAndSignedZeros() {
        // every pair (vhat, v') of edge values (equal ones too): vhat = 2e, and v' = 2v from g = 0 and c2 = -1 (so
        // -0 stays -0), laid out at several offsets so that each pair falls in vector lanes and in the scalar tail
        float[] e = {Float.NaN, 0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, 0.5f};
        int pairs = e.length * e.length;
        for (int shift = 0; shift < 9; shift++) {
            int n = pairs + shift;
            float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n], vhat = new float[n];
            for (int k = 0; k < pairs; k++) {
                vhat[shift + k] = 2 * e[k / e.length];
                v[shift + k] = e[k % e.length];
                w[shift + k] = 1f;
            }
            checkAdam(w, g, m, v, vhat, new double[] {0.1, -1, 0.01, 1e-7}, 0, n, " amsgrad max, shift " + shift);
        }
    }

    /** Both providers' adam32 against the formula on copies of the arrays: every array, every element. */
    private void checkAdam(float[] w0, float[] g, float[] m0, float[] v0, float[] h0, double[] h, int lo, int hi,
                           String what) {
        double c1 = h[0], c2 = h[1], alpha = h[2], eps = h[3];
        checkUpdate(new float[][] {w0, g, m0, v0, h0}, lo, hi, what, (a, i) -> {
            float[] w = a[0], m = a[2], v = a[3], vhat = a[4];
            m[i] = (float) (m[i] + ((double) g[i] - m[i]) * c1);
            v[i] = (float) (v[i] + ((double) g[i] * g[i] - v[i]) * c2);
            double vi = v[i];
            if (vhat != null) {
                vhat[i] = (float) Math.max((double) vhat[i], vi);
                vi = vhat[i];
            }
            w[i] = (float) (w[i] - m[i] * alpha / (Math.sqrt(vi) + eps));
        }, (p, a) -> p.adam32(a[0], a[1], a[2], a[3], a[4], c1, c2, alpha, eps, lo, hi));
    }

    /** One element of an update's formula, on {@code a = {w, g, slots...}} (a null slot: that option is off). */
    private interface Formula {
        void apply(float[][] a, int i);
    }

    /**
     * Both providers' kernel ({@code kernel} on copies of {@code a0}) against {@code formula} applied element by
     * element to [lo, hi) of other copies: every array, every element, bit for bit.
     */
    private void checkUpdate(float[][] a0, int lo, int hi, String what, Formula formula,
                             java.util.function.BiConsumer<KernelProvider, float[][]> kernel) {
        float[][] want = copies(a0);
        for (int i = lo; i < hi; i++) {
            formula.apply(want, i);
        }
        for (KernelProvider p : new KernelProvider[] {scalar, vector}) {
            float[][] got = copies(a0);
            kernel.accept(p, got);
            for (int k = 0; k < a0.length; k++) {
                if (a0[k] != null) {
                    assertSame32(want[k], got[k], p.name() + what + ", array " + k);
                }
            }
        }
    }

    private static float[][] copies(float[][] a) {
        float[][] c = new float[a.length][];
        for (int k = 0; k < a.length; k++) {
            c[k] = a[k] == null ? null : a[k].clone();
        }
        return c;
    }

    @Test
    void rmspropGivesTheFormulasBits() {
        // plain, centered, momentum and both; rho 0.9 (Keras), 0 and 1, epsilon 1e-7, 0 and 1e30, learning rates
        // 1e-3, 1e30, 1e-40 and a negative one; the centered denominator goes negative for edge values (NaN roots)
        double[][] hyper = { // rho, momentum, epsilon, lr
            {0.9, 0.9, 1e-7, 1e-3}, {0, 0.5, 0, 0.1}, {1, 0.99, 1e30, 1e30}, {0.9, 1e-3, 1e-7, 1e-40},
            {0.5, 0.9, 1e-7, -0.5}};
        SplittableRandom r = new SplittableRandom(17);
        for (int n : sizes()) {
            float[] w = floats(r, n), g = floats(r, n), ms = floats(r, n), mg = floats(r, n), mom = floats(r, n);
            for (double[] h : hyper) {
                double rho = h[0], c = 1 - rho, mu = h[1], eps = h[2], lr = h[3];
                for (int variant = 0; variant < 4; variant++) {
                    boolean centered = (variant & 1) != 0, momentum = (variant & 2) != 0;
                    for (int lo : new int[] {0, Math.min(n, 3)}) {
                        int hi = Math.max(lo, n - (n > 5 ? 2 : 0));
                        checkUpdate(new float[][] {w, g, ms, centered ? mg : null, momentum ? mom : null}, lo, hi,
                                " rmsprop32 " + Arrays.toString(h) + " centered=" + centered + " momentum=" + momentum
                                        + " n=" + n + " [" + lo + ", " + hi + ")",
                                (a, i) -> {
                                    float[] gg = a[1];
                                    double den = a[2][i] = (float) (rho * a[2][i] + c * ((double) gg[i] * gg[i]));
                                    if (a[3] != null) {
                                        a[3][i] = (float) (rho * a[3][i] + c * gg[i]);
                                        den = den - (double) a[3][i] * a[3][i];
                                    }
                                    double inc = lr * gg[i] / Math.sqrt(den + eps);
                                    if (a[4] != null) {
                                        a[4][i] = (float) (mu * a[4][i] + inc);
                                        inc = a[4][i];
                                    }
                                    a[0][i] = (float) (a[0][i] - inc);
                                },
                                (p, a) -> p.rmsprop32(a[0], a[1], a[2], a[3], a[4], rho, c, mu, eps, lr, lo, hi));
                    }
                }
            }
        }
    }

    @Test
    void adagradLionAndMomentumGiveTheFormulasBits() {
        // Adagrad: epsilon 1e-7, 0 (a zero accumulator divides) and 1e30; Lion: Keras's betas, beta1 = 1 (sign of
        // m alone, so signum sees zeros and NaN from m's edge values) and beta2 = 0; momentum and Nesterov with 0.9,
        // 0 and 1; learning rates 1e-3, 1e30, 1e-40 and a negative one; edge values in every array
        double[] lrs = {1e-3, 1e30, 1e-40, -0.5};
        SplittableRandom r = new SplittableRandom(19);
        for (int n : sizes()) {
            float[] w = floats(r, n), g = floats(r, n), s = floats(r, n);
            for (double lr : lrs) {
                for (int lo : new int[] {0, Math.min(n, 3)}) {
                    int hi = Math.max(lo, n - (n > 5 ? 2 : 0));
                    String at = " lr=" + lr + " n=" + n + " [" + lo + ", " + hi + ")";
                    for (double eps : new double[] {1e-7, 0, 1e30}) {
                        checkUpdate(new float[][] {w, g, s}, lo, hi, " adagrad32 eps=" + eps + at, (a, i) -> {
                            double gi = a[1][i];
                            a[2][i] = (float) (a[2][i] + gi * gi);
                            a[0][i] = (float) (a[0][i] - lr * gi / Math.sqrt(a[2][i] + eps));
                        }, (p, a) -> p.adagrad32(a[0], a[1], a[2], lr, eps, lo, hi));
                    }
                    for (double[] b : new double[][] {{0.9, 0.99}, {1, 0}, {0.5, 1}}) {
                        double b1 = b[0], b2 = b[1], c1 = 1 - b1, c2 = 1 - b2;
                        checkUpdate(new float[][] {w, g, s}, lo, hi, " lion32 betas=" + Arrays.toString(b) + at,
                                (a, i) -> {
                                    double gi = a[1][i], mi = a[2][i];
                                    a[0][i] = (float) (a[0][i] - lr * Math.signum(mi * b1 + gi * c1));
                                    a[2][i] = (float) (mi * b2 + gi * c2);
                                }, (p, a) -> p.lion32(a[0], a[1], a[2], b1, c1, b2, c2, lr, lo, hi));
                    }
                    for (double mu : new double[] {0.9, 0, 1}) {
                        for (boolean nesterov : new boolean[] {false, true}) {
                            checkUpdate(new float[][] {w, g, s}, lo, hi, " momentum32 " + mu + " nesterov=" + nesterov
                                    + at, (a, i) -> {
                                        double gi = a[1][i];
                                        a[2][i] = (float) (a[2][i] * mu - gi * lr);
                                        a[0][i] = (float) (a[0][i] + (nesterov ? a[2][i] * mu - gi * lr : a[2][i]));
                                    }, (p, a) -> p.momentum32(a[0], a[1], a[2], mu, lr, nesterov, lo, hi));
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowBroadcastGivesTheScalarBits() {
        SplittableRandom r = new SplittableRandom(3);
        // rows shorter than, equal to and longer than a vector (with a tail), one row and many
        for (int q : new int[] {2, 7, 8, 15, 16, 17, 31, 32, 33, 70}) {
            for (int rows : new int[] {1, 3, 32}) {
                float[] a = floats(r, rows * q), row = floats(r, q);
                for (Primitive p : OPS) {
                    for (boolean rowLeft : new boolean[] {false, true}) {
                        float[] want = new float[rows * q], got = new float[rows * q];
                        scalar.f32Row(p, a, row, rowLeft, want, q);
                        vector.f32Row(p, a, row, rowLeft, got, q);
                        assertSame32(want, got, p + " row of " + q + " over " + rows + " rows, rowLeft=" + rowLeft);
                    }
                }
            }
        }
    }

    @Test
    void whereAndCompareGiveTheScalarResults() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : sizes()) {
            float[] a = floats(r, n), b = floats(r, n);
            boolean[] c = new boolean[n];
            for (int i = 0; i < n; i++) {
                c[i] = r.nextBoolean();
            }
            for (int lo : new int[] {0, Math.min(n, 3)}) {
                int hi = Math.max(lo, n - (n > 5 ? 2 : 0));
                String what = " n=" + n + " [" + lo + ", " + hi + ")";
                float[] want = new float[n], got = new float[n];
                scalar.where32(c, a, b, want, lo, hi);
                vector.where32(c, a, b, got, lo, hi);
                assertSame32(want, got, "where" + what);
                for (float z : new float[] {0f, -0f, Float.NaN, 2.5f}) {
                    for (boolean fullWhenTrue : new boolean[] {true, false}) {
                        scalar.where32Scalar(c, a, z, fullWhenTrue, want, lo, hi);
                        vector.where32Scalar(c, a, z, fullWhenTrue, got, lo, hi);
                        assertSame32(want, got, "where with " + z + (fullWhenTrue ? " if false" : " if true") + what);
                    }
                    scalar.reluGrad32(a, b, want, lo, hi); // a's edge values (NaN, zeros of both signs) decide
                    vector.reluGrad32(a, b, got, lo, hi);
                    assertSame32(want, got, "reluGrad" + what);
                    for (Primitive p : new Primitive[] {Primitive.GREATER, Primitive.LESS}) {
                        boolean[] wb = new boolean[n], gb = new boolean[n];
                        scalar.compare32Right(p, a, z, wb, lo, hi);
                        vector.compare32Right(p, a, z, gb, lo, hi);
                        assertArrayEquals(wb, gb, p + " " + z + what);
                    }
                }
            }
        }
    }

    @Test
    void maxGivesTheScalarBitsIncludingZeroSignsAndNaN() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : sizes()) {
            for (int kind = 0; kind < 4; kind++) {
                float[] a = floats(r, n);
                double[] x = doubles(r, n);
                for (int i = 0; i < n; i++) {
                    if (kind == 1) { // only zeros of both signs and negatives: the max is a zero
                        a[i] = r.nextBoolean() ? (r.nextBoolean() ? 0f : -0f) : -1f - i;
                        x[i] = a[i];
                    } else if (kind == 2 && !Float.isNaN(a[i])) {
                        a[i] = -Math.abs(a[i]);
                        x[i] = -Math.abs(x[i]);
                    } else if (kind == 3 && (Float.isNaN(a[i]) || Double.isNaN(x[i]))) { // no NaN
                        a[i] = i;
                        x[i] = -i;
                    }
                }
                assertEquals(Double.doubleToLongBits(scalar.max32(a, 0, n)), Double.doubleToLongBits(vector.max32(a, 0, n)),
                        "max32 n=" + n + " kind " + kind);
                assertEquals(Double.doubleToLongBits(scalar.max64(x, 0, n)), Double.doubleToLongBits(vector.max64(x, 0, n)),
                        "max64 n=" + n + " kind " + kind);
            }
        }
    }

    /**
     * A float32 sum shorter than two double vectors (vector bits / 32 floats, from the provider's name) is the
     * left-to-right sum from 0, bit for bit, whichever of sum32's two paths takes it: the rows of a classifier's
     * logits are summed by the short path, longer sums by the vector one, and the two agree where they meet.
     */
    @Test
    void shortFloatSumsAreTheLeftToRightSum() {
        Matcher bits = Pattern.compile("(\\d+)-bit").matcher(vector.name());
        assertTrue(bits.find(), vector.name());
        int shortest = Integer.parseInt(bits.group(1)) / 32;
        SplittableRandom r = new SplittableRandom(11);
        for (int n = 0; n <= shortest + 3; n++) {
            float[] a = new float[n + 2];
            for (int i = 0; i < a.length; i++) {
                a[i] = i % 5 == 4 ? -0.0f : (float) r.nextDouble(-1e3, 1e3);
            }
            double want = 0;
            for (int i = 1; i < n + 1; i++) {
                want += a[i];
            }
            double got = vector.sum32(a, 1, n + 1);
            if (n < shortest) {
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), "sum32 n=" + n);
            } else {
                assertEquals(want, got, (n + 1) * 0x1p-52 * 1e3 * n, "sum32 n=" + n);
            }
        }
    }

    @Test
    void sumsAgreeToRoundingAndRepeatTheirBitsOnEveryThread() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int n : sizes()) {
                float[] a = new float[n];
                double[] x = new double[n];
                double mag32 = 0, mag64 = 0;
                for (int i = 0; i < n; i++) {
                    a[i] = (float) r.nextDouble(-1e3, 1e3);
                    x[i] = r.nextDouble(-1e3, 1e3);
                    mag32 += Math.abs(a[i]);
                    mag64 += Math.abs(x[i]);
                }
                double s32 = vector.sum32(a, 0, n), s64 = vector.sum64(x, 0, n);
                double tol = (n + 1) * 0x1p-52;
                assertTrue(Math.abs(s32 - scalar.sum32(a, 0, n)) <= tol * mag32, "sum32 n=" + n);
                assertTrue(Math.abs(s64 - scalar.sum64(x, 0, n)) <= tol * mag64, "sum64 n=" + n);
                Future<double[]> f = pool.submit(() -> new double[] {vector.sum32(a, 0, n), vector.sum64(x, 0, n)});
                double[] again = f.get();
                assertEquals(Double.doubleToLongBits(s32), Double.doubleToLongBits(again[0]), "sum32 repeat n=" + n);
                assertEquals(Double.doubleToLongBits(s64), Double.doubleToLongBits(again[1]), "sum64 repeat n=" + n);
                // a leading-axes sum (bias gradient) adds each column in row order: the scalar bits, for every
                // split of the n elements into rows (strips of two vectors, one, and scalar columns)
                for (int len = 1; len <= n; len++) {
                    if (n % len != 0) {
                        continue;
                    }
                    double[] accS = new double[len], accV = new double[len];
                    for (int j = 0; j < len; j++) {
                        accS[j] = accV[j] = j % 3 == 0 ? -0.0 : r.nextDouble(); // added to, not overwritten
                    }
                    scalar.addRows32(accS, a, n / len, len);
                    vector.addRows32(accV, a, n / len, len);
                    assertArrayEquals(accS, accV, "addRows32 n=" + n + " len=" + len);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tensorOpsUseTheInstalledProvider() {
        float[] a = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i - 500.5f;
        }
        Tensor t = Tensors.constant(a, 10, 100);
        for (KernelProvider p : new KernelProvider[] {scalar, vector}) {
            Vectorization.setProvider(p);
            assertEquals(-1000.0, Tensors.reduceSum(t).toDoubleArray()[0], 1e-9, p.name());
            assertEquals(498.5, Tensors.reduceMax(t).toDoubleArray()[0], 0, p.name());
            assertEquals(0.0, Tensors.relu(t).toDoubleArray()[0], 0, p.name());
            assertEquals(2 * 498.5f, Tensors.add(t, t).toDoubleArray()[999], 0, p.name());
        }
    }

    @Test
    void reductionAndScanEdgeValuesOnBothProviders() {
        // the known answers of ops/KnownAnswerTest at every length 1..70 (vector bodies and tails), on the scalar
        // and the Vector API kernels: a NaN anywhere makes norm NaN (TF: sqrt(reduce_sum(x * x))); an infinite
        // first element keeps cumprod and reduceProd infinite (NumPy: cumprod([inf, 1, ...]) = [inf, inf, ...])
        for (KernelProvider p : new KernelProvider[] {scalar, vector}) {
            Vectorization.setProvider(p);
            for (int n = 1; n <= 70; n++) {
                for (int at : new int[] {0, n / 2, n - 1}) {
                    float[] x = new float[n];
                    Arrays.fill(x, 1);
                    x[at] = Float.NaN;
                    String what = p.name() + " n=" + n + " NaN at " + at;
                    assertEquals(Float.NaN, Tensors.norm(Tensors.constant(x, n)).floatValue(), what);
                    assertEquals(Float.NaN, Tensors.norm(Tensors.constant(x, 1, n), false, 1).floatValue(), what);
                    double[] d = new double[n];
                    Arrays.fill(d, 1);
                    d[at] = Double.NaN;
                    assertEquals(Double.NaN, Tensors.norm(Tensors.constant(d, n)).doubleValue(), what);
                }
                float[] y = new float[n];
                Arrays.fill(y, 1);
                y[0] = Float.POSITIVE_INFINITY;
                float[] allInf = new float[n];
                Arrays.fill(allInf, Float.POSITIVE_INFINITY);
                Tensor t = Tensors.constant(y, n);
                assertArrayEquals(allInf, Tensors.cumprod(t, 0).toFloatArray(), p.name() + " n=" + n);
                assertEquals(Float.POSITIVE_INFINITY, Tensors.reduceProd(t).floatValue(), p.name() + " n=" + n);
                Tensor rev = Tensors.reverse(t, 0);
                assertArrayEquals(allInf, Tensors.cumprod(rev, 0, false, true).toFloatArray(), p.name() + " n=" + n);
                // int32 mean summed in int64 (TF's CASTING_SPECIALIZATION(int32, int64)): n * MAX / n = MAX
                int[] big = new int[n];
                Arrays.fill(big, Integer.MAX_VALUE);
                assertEquals(Integer.MAX_VALUE, Tensors.reduceMean(Tensors.constant(big, n)).intValue(), p.name());
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2} batch {3}")
    @CsvSource({
        "1, 1, 1, 1", "6, 1, 32, 1", "7, 3, 5, 1", "17, 17, 17, 1", "12, 129, 31, 1", "13, 128, 33, 1",
        "64, 64, 64, 1", "65, 257, 63, 1", "1, 512, 513, 1", "513, 300, 1, 1", "128, 784, 256, 1",
        "200, 100, 300, 3", "37, 65, 66, 4", "300, 40, 1100, 1", "5, 600, 48, 1",
    })
    void matmulMatchesBlockedGemm(int m, int k, int n, int batch) {
        MatmulKernels.setNativeGemm(null);
        SplittableRandom r = new SplittableRandom(m + 31L * k + 977L * n);
        for (int tr = 0; tr < 4; tr++) {
            boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
            int[] sa = batch == 1 ? (ta ? new int[] {k, m} : new int[] {m, k})
                    : (ta ? new int[] {batch, k, m} : new int[] {batch, m, k});
            int[] sb = batch > 1 && tr == 3 ? new int[] {1, n, k} : (tb ? new int[] {n, k} : new int[] {k, n});
            Tensor a = random(r, sa);
            Tensor b = random(r, sb);
            for (int th : new int[] {1, 2}) {
                Parallel.setThreads(th);
                Vectorization.setProvider(scalar);
                Tensor want = Tensors.matmul(a, b, ta, tb);
                Vectorization.setProvider(vector);
                Tensor got = Tensors.matmul(a, b, ta, tb);
                Tensor again = Tensors.matmul(a, b, ta, tb);
                assertArrayEquals(want.shape().dims(), got.shape().dims());
                assertClose(want.toDoubleArray(), got.toDoubleArray(), k, "ta=" + ta + " tb=" + tb + " threads=" + th);
                assertArrayEquals(got.toDoubleArray(), again.toDoubleArray(), "repeat threads=" + th);
            }
        }
        // float64 (VectorDgemm): the same comparison at float64's tolerance
        Tensor a64 = Tensors.cast(random(r, m, k), DType.FLOAT64), b64 = Tensors.cast(random(r, k, n), DType.FLOAT64);
        for (int th : new int[] {1, 2}) {
            Parallel.setThreads(th);
            Vectorization.setProvider(scalar);
            double[] want = Tensors.matmul(a64, b64).toDoubleArray();
            Vectorization.setProvider(vector);
            double[] got = Tensors.matmul(a64, b64).toDoubleArray();
            double tol = 8 * 0x1p-52 * (k + 2);
            for (int i = 0; i < want.length; i++) {
                if (!(Math.abs(want[i] - got[i]) <= tol)) {
                    fail("float64 threads=" + th + ": element " + i + " is " + got[i] + ", want " + want[i]);
                }
            }
        }
    }

    @Test
    void matmulGivesTheSameBitsOnOneAndTwoThreads() {
        MatmulKernels.setNativeGemm(null);
        Vectorization.setProvider(vector);
        SplittableRandom r = new SplittableRandom(9);
        Tensor a = random(r, 257, 300);
        Tensor b = random(r, 300, 515);
        Parallel.setThreads(1);
        double[] one = Tensors.matmul(a, b).toDoubleArray();
        Parallel.setThreads(2);
        assertArrayEquals(one, Tensors.matmul(a, b).toDoubleArray());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static int[] sizes() {
        int[] s = new int[71 + 6];
        for (int i = 0; i <= 70; i++) {
            s[i] = i;
        }
        int[] big = {127, 129, 255, 513, 1000, 4099};
        System.arraycopy(big, 0, s, 71, big.length);
        return s;
    }

    private static float[] floats(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = r.nextInt(8) == 0 ? EDGE_F[r.nextInt(EDGE_F.length)] : (float) r.nextDouble(-10, 10);
        }
        return f;
    }

    private static double[] doubles(SplittableRandom r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextInt(8) == 0 ? EDGE_D[r.nextInt(EDGE_D.length)] : r.nextDouble(-10, 10);
        }
        return d;
    }

    private static void assertSame32(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", scalar gives " + want[i]);
            }
        }
    }

    private static void assertSame64(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", scalar gives " + want[i]);
            }
        }
    }

    private static Tensor random(SplittableRandom r, int... shape) {
        return TestTensors.uniform(r, DType.FLOAT32, 1, shape);
    }

    private static void assertClose(double[] want, double[] got, int k, String what) {
        double tol = 8 * 0x1p-23 * (k + 2);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", want " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
