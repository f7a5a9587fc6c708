package io.gradtape.kernels;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The accuracy contract of the Vector API's float32 exp, log, sin, cos, tanh and sigmoid: at most 2 ulp from the correctly
 * rounded result, taken as {@code StrictMath}'s double result rounded to float, on a sweep of every 257th float
 * bit pattern (all signs, subnormals, normals, infinities and NaNs: 16.7M values per op), dense runs of
 * consecutive floats where the algorithms switch or the result leaves the normal range, and the edge values
 * (+-0, +-inf, NaN, the smallest subnormal, the largest float, the overflow and underflow thresholds). Measured
 * on 2026-12-02 (AVX-512): see the Javadoc of each op in {@code Tensors}. The results are also the same bits whatever the array length, offset and thread
 * count.
 */
class VectorMathAccuracyTest {
    private static final int STRIDE = 257;

    private KernelProvider vector;
    private final KernelProvider installed = Vectorization.provider();
    private final int threads = Parallel.threads();

    enum Op {
        EXP(Primitive.EXP, StrictMath::exp, -87.5f, 88.5f, -104f, 88.72283f, -87.33655f, -103.27893f),
        LOG(Primitive.LOG, StrictMath::log, 0.9f, 1.1f, 1f, Float.MIN_VALUE, Float.MIN_NORMAL, 0.70710677f),
        SIN(Primitive.SIN, StrictMath::sin, 0.78f, 1.55f, 0x1p19f, -0x1p19f, 3.1415927f, 0.7853982f, 1.5707964f, 100000f),
        COS(Primitive.COS, StrictMath::cos, 1.5f, 3.2f, 0x1p19f, -0x1p19f, 1.5707964f, 4.712389f, 0.7853982f, 33f),
        TANH(Primitive.TANH, StrictMath::tanh, -0.002f, 0.002f, 0x1p-10f, -0x1p-10f, 9.01f, -9.01f),
        SIGMOID(Primitive.SIGMOID, x -> x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x)),
                -104f, -86f, 16.6f, 17.4f, -103.97208f, 88.72283f);

        final Primitive p;
        final DoubleUnaryOperator ref;
        final float denseLo, denseHi;
        final float[] special;

        Op(Primitive p, DoubleUnaryOperator ref, float denseLo, float denseHi, float... special) {
            this.p = p;
            this.ref = ref;
            this.denseLo = denseLo;
            this.denseHi = denseHi;
            this.special = special;
        }
    }

    @BeforeEach
    void needsVectorModule() {
        vector = Vectorization.vector().orElse(null);
        assumeTrue(vector != null, "no Vector API kernels in this JVM (run with --add-modules jdk.incubator.vector)");
    }

    @AfterEach
    void restore() {
        Vectorization.setProvider(installed);
        Parallel.setThreads(threads);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void withinTwoUlpOfTheCorrectlyRoundedResult(Op op) {
        float[] edges = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
            0.5f, -0.5f, 2f, Math.nextUp(0f), Math.nextDown(Float.MIN_NORMAL)};
        long worst = check(op, edges, 0);
        float[] special = new float[op.special.length * 5];
        for (int i = 0; i < op.special.length; i++) { // each threshold and its neighbours
            float s = op.special[i];
            float[] around = {s, Math.nextUp(s), Math.nextDown(s), Math.nextUp(Math.nextUp(s)), Math.nextDown(Math.nextDown(s))};
            System.arraycopy(around, 0, special, i * 5, 5);
        }
        worst = Math.max(worst, check(op, special, 0));
        // every 257th bit pattern: the whole float line, both signs
        int chunk = 1 << 20;
        float[] x = new float[chunk];
        long bits = 0;
        while (bits < (1L << 32)) {
            int n = 0;
            for (; n < chunk && bits < (1L << 32); n++, bits += STRIDE) {
                x[n] = Float.intBitsToFloat((int) bits);
            }
            worst = Math.max(worst, check(op, x, n));
        }
        // dense: 1M consecutive floats from where the algorithm switches or the result leaves the normal range
        for (float start : new float[] {op.denseLo, op.denseHi, -op.denseLo, 0f}) {
            float v = start;
            for (int i = 0; i < chunk; i++) {
                x[i] = v;
                v = Math.nextUp(v);
            }
            worst = Math.max(worst, check(op, x, chunk));
        }
        if (Boolean.getBoolean("gradtape.accuracy.report")) { // -Dgradtape.accuracy.report=true: the measured bound
            System.out.println("VectorMathAccuracyTest: " + op + " float32: at most " + worst + " ulp");
        }
        assertTrue(worst <= 2, op + ": " + worst + " ulp");
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void sameBitsForEveryLengthOffsetAndThreadCount(Op op) {
        int n = (1 << 15) + 13;
        float[] x = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(op.ordinal());
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-20, 20);
        }
        Vectorization.setProvider(vector);
        Tensor t = Tensors.constant(x, n);
        Parallel.setThreads(1);
        float[] one = op(op, t).toFloatArray();
        Parallel.setThreads(2);
        assertArrayEquals(one, op(op, t).toFloatArray(), "2 threads");
        for (int i : new int[] {0, 1, 7, n / 2, n - 1}) { // an element alone, at another offset in its vector
            float single = op(op, Tensors.constant(new float[] {x[i]}, 1)).toFloatArray()[0];
            if (Float.floatToIntBits(single) != Float.floatToIntBits(one[i])) {
                fail(op + "(" + x[i] + ") alone is " + single + ", in the array " + one[i]);
            }
        }
    }

    private static Tensor op(Op op, Tensor t) {
        return switch (op) {
            case EXP -> Tensors.exp(t);
            case LOG -> Tensors.log(t);
            case SIN -> Tensors.sin(t);
            case COS -> Tensors.cos(t);
            case TANH -> Tensors.tanh(t);
            case SIGMOID -> Tensors.sigmoid(t);
        };
    }

    /** The largest ulp distance over {@code x[0, n)} (n = 0: all of x); fails at once on a NaN mismatch. */
    private long check(Op op, float[] x, int n) {
        int len = n == 0 ? x.length : n;
        float[] got = new float[len];
        assertTrue(vector.unary32(op.p, x, got, 0, len), op + " has a vector kernel");
        long worst = 0;
        for (int i = 0; i < len; i++) {
            float want = (float) op.ref.applyAsDouble(x[i]);
            if (Float.isNaN(want) || Float.isNaN(got[i])) {
                if (Float.isNaN(want) != Float.isNaN(got[i])) {
                    fail(op + "(" + x[i] + ") = " + got[i] + ", want " + want);
                }
                continue;
            }
            if (want == 0 && Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got[i])) {
                fail(op + "(" + x[i] + ") = " + got[i] + ", want " + want + " (the sign of zero)");
            }
            long d = Math.abs(ordered(want) - ordered(got[i]));
            if (d > 2) {
                fail(op + "(" + x[i] + ") = " + got[i] + ", want " + want + " (" + d + " ulp)");
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /** Floats in order as integers: adjacent floats differ by 1, and -0 = +0. */
    private static long ordered(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b : -(long) (b & 0x7fffffff);
    }
}
