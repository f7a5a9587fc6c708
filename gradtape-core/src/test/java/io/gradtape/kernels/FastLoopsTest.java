package io.gradtape.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.FastLoops;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The elementwise fast paths ({@code FastLoops}: same shape, scalar left or right, split across threads from
 * {@link FastLoops#PARALLEL_MIN} elements) give bit-identical results to the general broadcasting kernel and to
 * plain Java arithmetic, for float32 and float64, at sizes below and above the split threshold.
 */
class FastLoopsTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    private static final Primitive[] ARITH = {Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.DIV};

    private static BinaryOperator<Tensor> op(Primitive p) {
        switch (p) {
            case ADD: return Tensors::add;
            case SUB: return Tensors::sub;
            case MUL: return Tensors::mul;
            default: return Tensors::div;
        }
    }

    private static DoubleBinaryOperator ref(Primitive p) {
        switch (p) {
            case ADD: return (x, y) -> x + y;
            case SUB: return (x, y) -> x - y;
            case MUL: return (x, y) -> x * y;
            default: return (x, y) -> x / y;
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 1001, FastLoops.PARALLEL_MIN - 1, FastLoops.PARALLEL_MIN + 17})
    void sameShapeAndScalarOperandsMatchPlainJava(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] af = new float[n], bf = new float[n];
        double[] ad = new double[n], bd = new double[n];
        for (int i = 0; i < n; i++) {
            ad[i] = r.nextDouble(-4, 4);
            bd[i] = r.nextDouble(0.5, 4) * (r.nextBoolean() ? 1 : -1);
            af[i] = (float) ad[i];
            bf[i] = (float) bd[i];
        }
        float cf = 1.75f;
        double cd = -0.3;
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (Primitive p : ARITH) {
                DoubleBinaryOperator f = ref(p);
                BinaryOperator<Tensor> t = op(p);
                float[] want32 = new float[n], left32 = new float[n], right32 = new float[n];
                double[] want64 = new double[n], left64 = new double[n], right64 = new double[n];
                for (int i = 0; i < n; i++) {
                    want32[i] = (float) f.applyAsDouble(af[i], bf[i]);
                    left32[i] = (float) f.applyAsDouble(cf, bf[i]);
                    right32[i] = (float) f.applyAsDouble(af[i], cf);
                    want64[i] = f.applyAsDouble(ad[i], bd[i]);
                    left64[i] = f.applyAsDouble(cd, bd[i]);
                    right64[i] = f.applyAsDouble(ad[i], cd);
                }
                Tensor a32 = Tensors.constant(af, n), b32 = Tensors.constant(bf, n), c32 = Tensors.constant(cf);
                Tensor a64 = Tensors.constant(ad, n), b64 = Tensors.constant(bd, n), c64 = Tensors.constant(cd);
                String what = p + " threads=" + threads;
                assertArrayEquals(want32, t.apply(a32, b32).toFloatArray(), what);
                assertArrayEquals(left32, t.apply(c32, b32).toFloatArray(), what + " scalar left");
                assertArrayEquals(right32, t.apply(a32, c32).toFloatArray(), what + " scalar right");
                assertArrayEquals(want64, t.apply(a64, b64).toDoubleArray(), what);
                assertArrayEquals(left64, t.apply(c64, b64).toDoubleArray(), what + " scalar left");
                assertArrayEquals(right64, t.apply(a64, c64).toDoubleArray(), what + " scalar right");
                // the general broadcasting kernel: (2, 1, n) against (1, 2, n), where neither operand has the
                // output's shape, never takes a fast path; every n-block of the result is a op b
                if (n <= 1001) {
                    Tensor general = t.apply(twice(a32, 2, 1, n), twice(b32, 1, 2, n));
                    Tensor general64 = t.apply(twice(a64, 2, 1, n), twice(b64, 1, 2, n));
                    float[] g32 = general.toFloatArray();
                    double[] g64 = general64.toDoubleArray();
                    for (int blk = 0; blk < 4; blk++) {
                        assertArrayEquals(want32, java.util.Arrays.copyOfRange(g32, blk * n, blk * n + n), what + " general");
                        assertArrayEquals(want64, java.util.Arrays.copyOfRange(g64, blk * n, blk * n + n), what + " general");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 1000, FastLoops.PARALLEL_MIN_TRANSCENDENTAL + 5})
    void unaryFastPathMatchesTheGeneralKernel(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] af = new float[n];
        double[] ad = new double[n];
        for (int i = 0; i < n; i++) {
            ad[i] = i % 97 == 0 ? (i % 2 == 0 ? 0.0 : Double.NaN) : r.nextDouble(-3, 3);
            af[i] = (float) ad[i];
        }
        Primitive[] ops = {Primitive.NEG, Primitive.ABS, Primitive.RELU, Primitive.EXP, Primitive.LOG, Primitive.SIN,
            Primitive.COS, Primitive.TAN, Primitive.TANH, Primitive.SQRT, Primitive.SIGMOID, Primitive.SIGN};
        Tensor x32 = Tensors.constant(af, n);
        Tensor x64 = Tensors.constant(ad, n);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (Primitive p : ops) {
                float[] fast32 = (float[]) FastLoops.unary(p, af);
                double[] fast64 = (double[]) FastLoops.unary(p, ad);
                assertArrayEquals(general(p, x32).toFloatArray(), fast32, p + " float32");
                assertArrayEquals(general(p, x64).toDoubleArray(), fast64, p + " float64");
            }
        }
        assertNull(FastLoops.unary(Primitive.NEG, new int[] {1}));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {5, 64})
    void fastBinaryDeclinesOtherCases(int n) {
        Shape s = Shape.of(n);
        // float32 pow goes to the provider's pow kernel when it has one (the Vector API's), else declines
        float[] zeros = new float[n], ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        boolean vectorPow = Vectorization.provider().pow32(zeros, 1, zeros, 1, new float[n], 0, 0);
        Object same = FastLoops.binary(Primitive.POW, zeros, zeros, s, s, s);
        Object cube = FastLoops.binary(Primitive.POW, zeros, new float[] {3f}, s, Shape.SCALAR, s);
        if (vectorPow) {
            assertArrayEquals(ones, (float[]) same, "0 ** 0 = 1");
            assertArrayEquals(new float[n], (float[]) cube, "0 ** 3 = 0");
        } else {
            assertNull(same);
            assertNull(cube);
        }
        // (n, 1) with (1, n): neither operand has the output's shape
        assertNull(FastLoops.binary(Primitive.ADD, new float[n], new float[n], Shape.of(n, 1), Shape.of(1, n), Shape.of(n, n)));
        assertNull(FastLoops.binary(Primitive.ADD, new int[n], new int[n], s, s, s));
        assertEquals(DType.FLOAT32, Tensors.add(Tensors.zeros(DType.FLOAT32, n), Tensors.zeros(DType.FLOAT32, n)).dtype());
    }

    /** Broadcast along leading axes (bias rows) and trailing axes (per-row statistics), both operand orders. */
    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void rowAndColumnBroadcastsMatchPlainJava(int which) {
        int[][][] cases = {
            {{5, 7}, {7}}, {{5, 7}, {1, 7}}, {{5, 7}, {5, 1}}, {{2, 3, 4}, {3, 4}}, {{2, 3, 4}, {2, 3, 1}},
            {{2, 3, 4}, {2, 1, 1}}, {{128, 16}, {16}},
        };
        int[] full = cases[which][0], small = cases[which][1];
        int n = 1, q = 1;
        for (int d : full) {
            n *= d;
        }
        for (int d : small) {
            q *= d;
        }
        // offset of the small operand's element feeding each output element, worked out independently
        int[] map = new int[n];
        int[] idx = new int[full.length];
        for (int i = 0; i < n; i++) {
            int off = 0;
            for (int d = 0; d < small.length; d++) {
                int od = full.length - small.length + d;
                off = off * small[d] + (small[d] == 1 ? 0 : idx[od]);
            }
            map[i] = off;
            for (int d = full.length - 1; d >= 0; d--) {
                if (++idx[d] < full[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        SplittableRandom r = new SplittableRandom(which);
        double[] fd = new double[n], sd = new double[q];
        float[] ff = new float[n], sf = new float[q];
        for (int i = 0; i < n; i++) {
            fd[i] = r.nextDouble(-2, 2);
            ff[i] = (float) fd[i];
        }
        for (int i = 0; i < q; i++) {
            sd[i] = r.nextDouble(0.5, 2);
            sf[i] = (float) sd[i];
        }
        for (Primitive p : ARITH) {
            DoubleBinaryOperator f = ref(p);
            BinaryOperator<Tensor> t = op(p);
            float[] fr = new float[n], fl = new float[n];
            double[] dr = new double[n], dl = new double[n];
            for (int i = 0; i < n; i++) {
                fr[i] = (float) f.applyAsDouble(ff[i], sf[map[i]]);
                fl[i] = (float) f.applyAsDouble(sf[map[i]], ff[i]);
                dr[i] = f.applyAsDouble(fd[i], sd[map[i]]);
                dl[i] = f.applyAsDouble(sd[map[i]], fd[i]);
            }
            Tensor f32 = Tensors.constant(ff, full), s32 = Tensors.constant(sf, small);
            Tensor f64 = Tensors.constant(fd, full), s64 = Tensors.constant(sd, small);
            String what = p + " " + java.util.Arrays.toString(full) + " with " + java.util.Arrays.toString(small);
            assertArrayEquals(fr, t.apply(f32, s32).toFloatArray(), what);
            assertArrayEquals(fl, t.apply(s32, f32).toFloatArray(), what + " (small first)");
            assertArrayEquals(dr, t.apply(f64, s64).toDoubleArray(), what);
            assertArrayEquals(dl, t.apply(s64, f64).toDoubleArray(), what + " (small first)");
            assertArrayEquals(full, t.apply(s64, f64).shape().dims());
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 6, 1000})
    void compareAndWhereFastPathsMatchTheGeneralKernels(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] af = new float[n], bf = new float[n];
        double[] ad = new double[n], bd = new double[n];
        for (int i = 0; i < n; i++) {
            ad[i] = i % 5 == 0 ? 0.0 : i % 7 == 0 ? Double.NaN : r.nextInt(-3, 4);
            bd[i] = r.nextInt(-3, 4);
            af[i] = (float) ad[i];
            bf[i] = (float) bd[i];
        }
        Shape s = Shape.of(n), one = Shape.SCALAR;
        Primitive[] cmp = {Primitive.EQUAL, Primitive.NOT_EQUAL, Primitive.GREATER, Primitive.GREATER_EQUAL,
            Primitive.LESS, Primitive.LESS_EQUAL};
        Tensor a32 = Tensors.constant(af, n), b32 = Tensors.constant(bf, n), z32 = Tensors.constant(0f);
        Tensor a64 = Tensors.constant(ad, n), b64 = Tensors.constant(bd, n), z64 = Tensors.constant(0.0);
        for (Primitive p : cmp) {
            // the general kernel: broadcast through a (1, n) view, which the fast path does not take
            assertArrayEquals(generalCompare(p, a32, b32, n), FastLoops.compare(p, af, bf, s, s, s), String.valueOf(p) + " f32");
            assertArrayEquals(generalCompare(p, a64, b64, n), FastLoops.compare(p, ad, bd, s, s, s), String.valueOf(p) + " f64");
            assertArrayEquals(generalCompare(p, a32, z32, n), FastLoops.compare(p, af, new float[] {0}, s, one, s), String.valueOf(p));
            assertArrayEquals(generalCompare(p, z32, a32, n), FastLoops.compare(p, new float[] {0}, af, one, s, s), String.valueOf(p));
            assertArrayEquals(generalCompare(p, a64, z64, n), FastLoops.compare(p, ad, new double[] {0}, s, one, s), String.valueOf(p));
            assertArrayEquals(generalCompare(p, z64, a64, n), FastLoops.compare(p, new double[] {0}, ad, one, s, s), String.valueOf(p));
        }
        boolean[] c = FastLoops.compare(Primitive.GREATER, af, bf, s, s, s);
        Tensor ct = Tensors.greater(a32, b32);
        Tensor ct2 = Tensors.reshape(ct, 1, n);
        Tensor[][] xy32 = {{a32, b32}, {a32, z32}, {z32, b32}, {z32, Tensors.constant(1f)}};
        for (Tensor[] xy : xy32) {
            Object fast = FastLoops.where(c, s, xy[0].toFloatArray(), xy[0].shape(), xy[1].toFloatArray(), xy[1].shape(), s);
            assertArrayEquals(Tensors.where(ct2, xy[0], xy[1]).toFloatArray(), (float[]) fast);
        }
        Tensor[][] xy64 = {{a64, b64}, {a64, z64}, {z64, b64}, {z64, Tensors.constant(1.0)}};
        for (Tensor[] xy : xy64) {
            Object fast = FastLoops.where(c, s, xy[0].toDoubleArray(), xy[0].shape(), xy[1].toDoubleArray(), xy[1].shape(), s);
            assertArrayEquals(Tensors.where(ct2, xy[0], xy[1]).toDoubleArray(), (double[]) fast);
        }
        assertNull(FastLoops.where(c, s, af, s, new float[2], Shape.of(2), s));
    }

    private static boolean[] generalCompare(Primitive p, Tensor a, Tensor b, int n) {
        Tensor a2 = a.rank() == 0 ? a : Tensors.reshape(a, 1, n);
        Tensor b2 = b.rank() == 0 ? Tensors.reshape(b, 1, 1) : b;
        Tensor t;
        switch (p) {
            case EQUAL: t = Tensors.equal(a2, b2); break;
            case NOT_EQUAL: t = Tensors.notEqual(a2, b2); break;
            case GREATER: t = Tensors.greater(a2, b2); break;
            case GREATER_EQUAL: t = Tensors.greaterEqual(a2, b2); break;
            case LESS: t = Tensors.less(a2, b2); break;
            default: t = Tensors.lessEqual(a2, b2); break;
        }
        int[] ints = Tensors.cast(t, DType.INT32).toIntArray();
        boolean[] o = new boolean[ints.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = ints[i] != 0;
        }
        return o;
    }

    /**
     * pow with exponent 0, 1, 2 skips Math.pow but gives its bits; other exponents still use it, except float64 on
     * the Vector API path ({@code VectorMath64}, within 1 ulp of the correctly rounded result, checked against a
     * high-precision reference by {@code VectorMath64AccuracyTest}): there within 2 ulp of Math.pow (each is within
     * 1 ulp of the correctly rounded result), with the same NaNs, infinities and zeros.
     */
    @ParameterizedTest(name = "exponent {0}")
    @ValueSource(doubles = {0, 1, 2, 3, 0.5, -1})
    void powWithASmallIntegerExponentMatchesMathPow(double c) {
        int n = 3000;
        SplittableRandom r = new SplittableRandom(17);
        double[] d = new double[n];
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i % 50 == 0 ? (i % 100 == 0 ? Double.NaN : -0.0) : r.nextDouble(-1e3, 1e3) * Math.pow(2, r.nextInt(-20, 20));
            f[i] = (float) d[i];
        }
        float[] want32 = new float[n];
        double[] want64 = new double[n];
        for (int i = 0; i < n; i++) {
            want32[i] = (float) Math.pow(f[i], (float) c); // the general kernel's formula
            want64[i] = Math.pow(d[i], c);
        }
        assertArrayEquals(want32, Tensors.pow(Tensors.constant(f, n), c).toFloatArray());
        double[] got64 = Tensors.pow(Tensors.constant(d, n), c).toDoubleArray();
        if (c == 0 || c == 1 || c == 2 || !Vectorization.provider().vectorized()) {
            assertArrayEquals(want64, got64);
            return;
        }
        for (int i = 0; i < n; i++) {
            boolean special = Double.isNaN(want64[i]) || Double.isInfinite(want64[i]) || want64[i] == 0;
            if (special ? Double.doubleToLongBits(want64[i]) != Double.doubleToLongBits(got64[i])
                    : Math.abs(want64[i] - got64[i]) > 2 * Math.ulp(want64[i])) {
                fail("pow(" + d[i] + ", " + c + ") = " + got64[i] + ", Math.pow gives " + want64[i]);
            }
        }
    }

    /** Sums over leading or trailing axes: the same bits as reduceSum's general kernel, both dtypes. */
    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void leadingAndTrailingSumsMatchTheGeneralKernel(int which) {
        int[][] shapes = {{5, 7}, {5, 7}, {2, 3, 4}, {2, 3, 4}, {2, 3, 4}, {2, 3, 4}, {3, 1, 4}, {128, 16}};
        int[][] axes = {{0}, {1}, {0, 1}, {1, 2}, {0}, {2}, {0, 1}, {0}};
        int[] shape = shapes[which];
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(which);
        double[] d = new double[n];
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextDouble(-1e3, 1e3);
            f[i] = (float) d[i];
        }
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes[which]) {
            reduced[a] = true;
        }
        Shape s = Shape.of(shape);
        assertArrayEquals(Tensors.reduceSum(Tensors.constant(f, shape), axes[which]).toFloatArray(),
                (float[]) FastLoops.sum(f, s, reduced));
        assertArrayEquals(Tensors.reduceSum(Tensors.constant(d, shape), axes[which]).toDoubleArray(),
                (double[]) FastLoops.sum(d, s, reduced));
        // a middle axis, or every axis, is left to the general kernel
        assertNull(FastLoops.sum(f, Shape.of(2, 3, 4), new boolean[] {false, true, false}));
        assertNull(FastLoops.sum(f, Shape.of(2, 3, 4), new boolean[] {true, true, true}));
        assertNull(FastLoops.sum(new int[24], Shape.of(2, 3, 4), new boolean[] {true, false, false}));
    }

    /** Two copies of {@code x} stacked into {@code shape} (which has 2 * x.size() elements). */
    private static Tensor twice(Tensor x, int... shape) {
        return Tensors.reshape(Tensors.concat(java.util.List.of(x, x), 0), shape);
    }

    /** The op through the public API (the general unary kernel of ElementwiseKernels). */
    private static Tensor general(Primitive p, Tensor x) {
        switch (p) {
            case NEG: return Tensors.neg(x);
            case ABS: return Tensors.abs(x);
            case RELU: return Tensors.relu(x);
            case EXP: return Tensors.exp(x);
            case LOG: return Tensors.log(x);
            case SIN: return Tensors.sin(x);
            case COS: return Tensors.cos(x);
            case TAN: return Tensors.tan(x);
            case TANH: return Tensors.tanh(x);
            case SQRT: return Tensors.sqrt(x);
            case SIGMOID: return Tensors.sigmoid(x);
            default: return Tensors.sign(x);
        }
    }
}
