package io.gradtape.kernels;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The accuracy contract of the Vector API's float32 exp, log, log1p, expm1, sin, cos, tanh, sigmoid, erf and pow: at
 * most 2 ulp from the correctly rounded result, for exp the 1 ulp its Javadoc documents (exp and sigmoid in float
 * lanes: exp 0.25% of all floats 1 ulp off, sigmoid 2.9% 1 ulp and 197,181 floats 2 ulp off; the others, in double
 * lanes, are correctly rounded except near a tie), taken as {@code StrictMath}'s double result
 * (within 1 ulp of a double; for erf the float64 Vector API kernel's, also within 1 ulp) rounded to float. Unary ops are checked on a sweep of every 257th float bit pattern (all signs,
 * subnormals, normals, infinities and NaNs: 16.7M values per op), dense runs of 1M consecutive floats where the
 * algorithms switch or the result leaves the normal range, and the edge values (+-0, +-inf, NaN, the smallest
 * subnormal, the largest float, the overflow and underflow thresholds, each with its neighbours); pow on 4M pairs
 * (random bit patterns, moderate bases and exponents, bases near 1 with large exponents, special values with
 * integer exponents). {@code -Dgradtape.accuracy.exhaustive=true} checks every float (2^32 per op; minutes per op)
 * and 40M pow pairs instead, {@code -Dgradtape.accuracy.report=true} prints the measured maximum per op and how many results
 * are not the reference rounded to float. Results
 * are also the same bits whatever the array length, offset and thread count.
 */
class VectorMathAccuracyTest {
    private static final boolean EXHAUSTIVE = Boolean.getBoolean("gradtape.accuracy.exhaustive");
    private static final int STRIDE = EXHAUSTIVE ? 1 : 257;

    private KernelProvider vector;
    private final KernelProvider installed = Vectorization.provider();
    private final int threads = Parallel.threads();
    /** Results of the current sweep that are not the reference rounded to float (reported, not asserted). */
    private long offByOne;

    enum Op {
        // exp: a block with some |x| > 86 or NaN takes the rare loop (clamp to [-104, 89], 2^k in two steps); k
        // switches at odd multiples of ln2/2 (0.34657359); the result is subnormal below -87.33655, 0 below
        // -103.97208, infinite above 88.72283; e^-0.0073525836 and e^-14.56709 lie within 3e-16 (relative) of a tie
        EXP(Primitive.EXP, StrictMath::exp, -87.5f, 88.5f, -104f, 88.72283f, -87.33655f, -103.27893f, 0.34657359f, 89f,
                86f, -87.68f, 700f, 2.8252056f, -0.0073525836f, -14.56709f),
        LOG(Primitive.LOG, StrictMath::log, 0.9f, 1.1f, 1f, Float.MIN_VALUE, Float.MIN_NORMAL, 0.70710677f, 1.4142135f),
        // sin reduces by half turns (n = rint(x / pi) switches at odd multiples of pi/2), cos by odd quarter turns
        // (switches at multiples of pi); cos(49.89141) lies 2.3e-16 from a tie (a shorter polynomial missed it)
        SIN(Primitive.SIN, StrictMath::sin, 1.5f, 8191f, 0x1p13f, -0x1p13f, 0x1p19f, -0x1p19f, 3.1415927f, 0.7853982f,
                1.5707964f, 4.712389f, 7.853982f, 100000f),
        COS(Primitive.COS, StrictMath::cos, 3.1f, 8191f, 0x1p13f, -0x1p13f, 0x1p19f, -0x1p19f, 1.5707964f, 4.712389f,
                0.7853982f, 3.1415927f, 6.2831855f, 33f, 49.89141f),
        TANH(Primitive.TANH, StrictMath::tanh, 0.62f, -0.63f, 0.625f, -0.625f, 9.01f, -9.01f, 10f),
        // sigmoid: as exp's blocks (|x| > 86 or NaN: the rare loop); 2 ulp off at -1.098797 (0.2499654, the correctly
        // rounded float 0.24996537), one of the 197,181 such floats, all in [-15.7, -1.09]
        SIGMOID(Primitive.SIGMOID, x -> x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x)),
                -104f, -86f, 16.6f, 17.4f, -103.97208f, 88.72283f, 700f, 86f, -87.33655f, -1.098797f, -15.674513f),
        // log1p switches at 1 + x = sqrt(1/2) and sqrt(2); below 2^-29, 1 + x rounds in double
        LOG1P(Primitive.LOG1P, StrictMath::log1p, -0.2929f, 0.4142f, -1f, -0.99999994f, -0.29289323f, 0.41421354f,
                0x1p-29f, 1e-8f, 0x1p53f, 1e30f),
        // expm1: k = 0 below ln2/2 = 0.3466; overflow from 88.72284; rounds to -1 below -17.33
        EXPM1(Primitive.EXPM1, StrictMath::expm1, -0.35f, 88.5f, 0.34657359f, 88.72284f, 89f, -17.328680f, -30f,
                1e-8f, 0x1p-25f),
        // erf: the Taylor series up to 1/2, then fits on [0.5, 1.4], [1.4, 2.4], [2.4, 3.95]; rounds to 1 from
        // 3.9193. Reference: the float64 Vector API kernel (within 1 ulp of a double, VectorMath64AccuracyTest)
        ERF(Primitive.ERF, null, 0.45f, 3.85f, 0.5f, 1.4f, 2.4f, 3.95f, 3.9192059f, 1e-30f, 0x1p-24f, 6f);

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
        vector = VectorKernelsOrSkip.vectorKernels("the float32 transcendentals' accuracy");
    }

    @AfterEach
    void restore() {
        Vectorization.setProvider(installed);
        Parallel.setThreads(threads);
    }

    /** The documented bound: exp 1 ulp (its Javadoc and {@code Tensors.exp}), the others 2. */
    private static long bound(Op op) {
        return op == Op.EXP ? 1 : 2;
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void withinTheDocumentedUlpOfTheCorrectlyRoundedResult(Op op) {
        float[] edges = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
            0.5f, -0.5f, 2f, Math.nextUp(0f), Math.nextDown(Float.MIN_NORMAL), 0x1p-24f, -0x1p-24f};
        long worst = check(op, edges, 0);
        float[] special = new float[op.special.length * 10];
        for (int i = 0; i < op.special.length; i++) { // each threshold and its neighbours, both signs
            float s = op.special[i];
            float[] around = {s, Math.nextUp(s), Math.nextDown(s), Math.nextUp(Math.nextUp(s)), Math.nextDown(Math.nextDown(s))};
            for (int j = 0; j < 5; j++) {
                special[i * 10 + j] = around[j];
                special[i * 10 + 5 + j] = -around[j];
            }
        }
        worst = Math.max(worst, check(op, special, 0));
        // every STRIDE-th bit pattern: the whole float line, both signs
        int chunk = 1 << 20;
        float[] x = new float[chunk];
        long bits = 0;
        long count = 0;
        while (bits < (1L << 32)) {
            int n = 0;
            for (; n < chunk && bits < (1L << 32); n++, bits += STRIDE) {
                x[n] = Float.intBitsToFloat((int) bits);
            }
            worst = Math.max(worst, check(op, x, n));
            count += n;
        }
        // dense: 1M consecutive floats from where the algorithm switches or the result leaves the normal range
        for (float start : new float[] {op.denseLo, op.denseHi, -op.denseLo, 0f}) {
            float v = start;
            for (int i = 0; i < chunk; i++) {
                x[i] = v;
                v = Math.nextUp(v);
            }
            worst = Math.max(worst, check(op, x, chunk));
            count += chunk;
        }
        if (Boolean.getBoolean("gradtape.accuracy.report")) { // -Dgradtape.accuracy.report=true: the measured bound
            System.out.println("VectorMathAccuracyTest: " + op + " float32: at most " + worst + " ulp over " + count
                    + " values, " + offByOne + " of them not the correctly rounded float");
        }
        assertTrue(worst <= bound(op), op + ": " + worst + " ulp");
    }

    @Test
    void powWithinTwoUlpWithMathPowSpecialValues() {
        float[] specials = {0f, -0f, 1f, -1f, 2f, -2f, 3f, -3f, 0.5f, -0.5f, 1.5f, -1.5f, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0x1p24f, -0x1p24f, 0x1p24f + 2, 0x1p23f + 1,
            -(0x1p23f + 1), 0x1p22f + 1, 0x1p22f + 0.5f, -(0x1p22f + 0.5f), 0x1p31f, 1e10f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 127f, 128f, -149f, -150f, 1e-30f};
        int n = 1 << 20;
        float[] x = new float[n], y = new float[n], o = new float[n];
        SplittableRandom r = new SplittableRandom(7);
        long worst = 0;
        int rounds = EXHAUSTIVE ? 40 : 4;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < n; i++) {
                switch (round % 4) {
                    case 0 -> { // any two floats
                        x[i] = Float.intBitsToFloat(r.nextInt());
                        y[i] = Float.intBitsToFloat(r.nextInt());
                    }
                    case 1 -> { // moderate values, results across the float range
                        x[i] = (float) r.nextDouble(-4, 4);
                        y[i] = (float) r.nextDouble(-90, 90);
                    }
                    case 2 -> { // bases near 1, large exponents: y ln x needs more than float precision
                        x[i] = (float) (1 + r.nextDouble(-1e-3, 1e-3));
                        y[i] = (float) r.nextDouble(-1e5, 1e5);
                    }
                    default -> { // special values, integer exponents (negative bases)
                        x[i] = r.nextBoolean() ? specials[r.nextInt(specials.length)] : Float.intBitsToFloat(r.nextInt());
                        y[i] = r.nextBoolean() ? specials[r.nextInt(specials.length)] : (float) Math.rint(r.nextDouble(-200, 200));
                    }
                }
            }
            assertTrue(vector.pow32(x, 1, y, 1, o, 0, n - 5), "pow has a vector kernel");
            assertTrue(vector.pow32(x, 1, y, 1, o, n - 5, n)); // a tail shorter than a vector
            for (int i = 0; i < n; i++) {
                float want = x[i] == 1 || (x[i] == -1 && Float.isInfinite(y[i])) ? 1f : (float) StrictMath.pow(x[i], y[i]); // the scalar kernel's rule (IEEE 754)
                long d = ulps(want, o[i]);
                worst = Math.max(worst, d <= 2 ? d : distance("pow(" + x[i] + ", " + y[i] + ")", want, o[i]));
            }
        }
        for (float a : specials) { // every pair of special values, and one-element operands (stride 0)
            for (float b : specials) {
                float want = a == 1 || (a == -1 && Double.isInfinite(b)) ? 1f : (float) StrictMath.pow(a, b);
                float[] out = new float[3];
                assertTrue(vector.pow32(new float[] {a}, 0, new float[] {b}, 0, out, 0, 3));
                for (float v : out) {
                    worst = Math.max(worst, distance("pow(" + a + ", " + b + ")", want, v));
                }
            }
        }
        if (Boolean.getBoolean("gradtape.accuracy.report")) {
            System.out.println("VectorMathAccuracyTest: POW float32: at most " + worst + " ulp over "
                    + (long) rounds * n + " pairs");
        }
        assertTrue(worst <= 2, "pow: " + worst + " ulp");
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void sameBitsForEveryLengthOffsetAndThreadCount(Op op) {
        int n = (1 << 15) + 13;
        float[] x = new float[n];
        SplittableRandom r = new SplittableRandom(op.ordinal());
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-20, 20);
        }
        x[n / 3] = 1e5f; // sin and cos: elements recomputed in double lanes
        x[n / 4] = Float.NaN; // exp and sigmoid: vectors clamped first; log: special values set in the vector
        x[n / 4 + 2] = 800f;
        Vectorization.setProvider(vector);
        Tensor t = Tensors.constant(x, n);
        Parallel.setThreads(1);
        float[] one = op(op, t).toFloatArray();
        Parallel.setThreads(2);
        assertArrayEquals(one, op(op, t).toFloatArray(), "2 threads");
        for (int i : new int[] {0, 1, 7, n / 3, n / 4 + 1, n / 4 + 3, n / 2, n - 1}) { // an element alone, at another offset in its vector
            float single = op(op, Tensors.constant(new float[] {x[i]}, 1)).toFloatArray()[0];
            if (Float.floatToIntBits(single) != Float.floatToIntBits(one[i])) {
                fail(op + "(" + x[i] + ") alone is " + single + ", in the array " + one[i]);
            }
        }
    }

    /**
     * exp and sigmoid pick their loop per block of floats from the block's largest |x| (the fast loop when every
     * |x| <= 86, the rare loop, with a clamp and its own scaling by {@code 2^k}, otherwise). A value's result must not
     * depend on that choice: the same values alone and beside a 100, a 1000 or a NaN (rare loop) give the same bits; exp's values range over all of [-86,
     * 86], results from 4.5e-38 to 2.2e37, and include the two within 3e-16 of a tie and the one a degree-9 double
     * polynomial rounded the wrong way (2.8252056), each within 1 ulp of {@code StrictMath.exp} rounded to float.
     */
    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"EXP", "SIGMOID"})
    void expAndSigmoidSameBitsWhicheverLoopTheirBlockTakes(Op op) {
        int n = 3 * 4096 + 37; // a tail shorter than a step too
        float[] small = new float[n];
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < n; i++) {
            small[i] = i % 5 == 0 ? (float) r.nextDouble(-86, 86) : (float) r.nextDouble(-2, 2);
        }
        float[] cases = {86f, -86f, Math.nextDown(86f), -14.56709f, 68.28939f, 2.8252056f, -0.0073525836f, 0.34657359f};
        System.arraycopy(cases, 0, small, 1, cases.length);
        float[] alone = run(op, small);
        for (float other : new float[] {100f, 1000f, Float.NaN}) {
            float[] mixed = small.clone();
            for (int i = 0; i < n; i += 64) {
                mixed[i] = other;
            }
            float[] got = run(op, mixed);
            for (int i = 0; i < n; i++) {
                if (i % 64 != 0 && Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(alone[i])) {
                    fail(op + "(" + small[i] + ") beside " + other + " is " + got[i] + ", among |x| <= 86 " + alone[i]);
                }
            }
        }
        if (op == Op.EXP) {
            for (int i = 0; i < n; i++) {
                if (ulps((float) StrictMath.exp(small[i]), alone[i]) > 1) {
                    fail("exp(" + small[i] + ") = " + alone[i] + ", the correctly rounded float is " + (float) StrictMath.exp(small[i]));
                }
            }
        }
    }

    /**
     * exp where its result leaves the normal floats, in the rare loop: every float in [-104, -86] (2,359,297 values)
     * and in [86, 89] (393,217). {@code e^x} falls below {@code Float.MIN_NORMAL = 2^-126} at {@code x = -126 ln2 =
     * -87.3365448}, below half the smallest subnormal at {@code -150 ln2 = -103.9720771} and overflows {@code
     * Float.MAX_VALUE} rounded, {@code (2 - 2^-24) 2^127}, at {@code 88.7228391} (StrictMath: {@code exp(-103.97208f) =
     * 7.0064970e-46}, above {@code 2^-150 = 7.0064923e-46}, its lower neighbour 7.0064435e-46, below; {@code
     * exp(88.72283f) = 3.4027985e38}, {@code exp(88.72284f) = 3.4028245e38}, above the rounding limit 3.4028236e38).
     * Asserted: within 1 ulp of {@code StrictMath.exp} rounded to float, non-decreasing, the thresholds exactly, the
     * same bits through {@code Tensors.exp} on 1 and 2 threads and for an element alone (then in the fast loop where
     * |x| <= 86).
     */
    @Test
    void expWhereTheResultIsSubnormalZeroOrInfinite() {
        int low = Float.floatToIntBits(-104f) - Float.floatToIntBits(-86f) + 1; // negative floats: bits grow with |x|
        int high = Float.floatToIntBits(89f) - Float.floatToIntBits(86f) + 1;
        float[] x = new float[low + high];
        for (int i = 0; i < low; i++) {
            x[i] = Float.intBitsToFloat(Float.floatToIntBits(-104f) - i); // -104 up to -86
        }
        for (int i = 0; i < high; i++) {
            x[low + i] = Float.intBitsToFloat(Float.floatToIntBits(86f) + i); // 86 up to 89
        }
        assertTrue(x[low - 1] == -86f && x[low + high - 1] == 89f && low == 2_359_297 && high == 393_217, "range");
        float[] got = run(Op.EXP, x);
        for (int i = 0; i < x.length; i++) {
            float want = (float) StrictMath.exp(x[i]);
            if (ulps(want, got[i]) > 1) {
                fail("exp(" + x[i] + ") = " + got[i] + ", want " + want);
            }
            if (i > 0 && i != low && got[i] < got[i - 1]) {
                fail("exp decreases: (" + x[i - 1] + ") = " + got[i - 1] + ", (" + x[i] + ") = " + got[i]);
            }
        }
        float[] at = run(Op.EXP, new float[] {-104f, Math.nextDown(-103.97208f), -103.97208f, -87.33655f, -87.33654f,
            88.72283f, Math.nextUp(88.72283f), -1000f, Float.NEGATIVE_INFINITY, 1000f});
        assertTrue(Float.floatToRawIntBits(at[0]) == 0 && Float.floatToRawIntBits(at[1]) == 0, "+0 below -150 ln2: " + at[1]);
        assertTrue(at[2] == Float.MIN_VALUE, "exp(-103.97208f) = " + at[2]);
        assertTrue(at[3] > 0 && at[3] < Float.MIN_NORMAL && at[4] >= Float.MIN_NORMAL, at[3] + ", " + at[4]);
        assertTrue(at[5] == 3.4027985e38f && at[6] == Float.POSITIVE_INFINITY, at[5] + ", " + at[6]);
        assertTrue(Float.floatToRawIntBits(at[7]) == 0 && Float.floatToRawIntBits(at[8]) == 0 && at[9] == Float.POSITIVE_INFINITY,
                at[7] + ", " + at[8] + ", " + at[9]);
        Vectorization.setProvider(vector);
        Tensor t = Tensors.constant(x, x.length);
        Parallel.setThreads(1);
        float[] one = Tensors.exp(t).toFloatArray();
        assertArrayEquals(got, one, "the op on 1 thread, as the kernel");
        Parallel.setThreads(2);
        assertArrayEquals(one, Tensors.exp(t).toFloatArray(), "2 threads");
        for (int i : new int[] {0, 3, low / 3, low - 1, low, low + high / 2, x.length - 1}) {
            float single = Tensors.exp(Tensors.constant(new float[] {x[i]}, 1)).toFloatArray()[0];
            assertTrue(Float.floatToRawIntBits(single) == Float.floatToRawIntBits(one[i]), "exp(" + x[i] + ") alone");
        }
    }

    /**
     * sigmoid where its result leaves the normal floats: every float in [-104, -87] (2,228,225 values, in order; every
     * block takes the rare loop). {@code sigmoid(x) = 1 / (1 + e^-x)} falls below {@code
     * Float.MIN_NORMAL = 2^-126} at {@code x = ln(2^-126 / (1 - 2^-126)) = -87.3365447...} and below half the smallest
     * subnormal, {@code 2^-150}, at {@code ln 2^-150 = -103.9720770...} (mpmath, 50 digits: {@code sigmoid(-103.97208f)
     * = 1.0000007 * 2^-150}, so 1.4e-45; its lower neighbour 0; {@code sigmoid(-87.33655f) = 0.9999969 * 2^-126},
     * subnormal; {@code sigmoid(-87.33654f) = 1.0000045 * 2^-126}). Here {@code 1 + e^-x} exceeds {@code
     * Float.MAX_VALUE} (from x = -88.72) while the result is a subnormal float: a kernel that forms that sum or its
     * reciprocal in float lanes must scale it (the float-lane kernel forms {@code e^x / (1 + e^x)} here, that is
     * {@code e^x} rounded once, within 1 ulp as exp). Asserted: within 1 ulp of the reference, non-decreasing, the two thresholds exactly, and the same bits through
     * {@code Tensors.sigmoid} on 1 and 2 threads and for an element alone.
     */
    @Test
    void sigmoidWhereTheResultIsSubnormalOrZero() {
        int n = (Float.floatToIntBits(-104f) - Float.floatToIntBits(-87f)) + 1; // negative floats: bits grow with |x|
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = Float.intBitsToFloat(Float.floatToIntBits(-104f) - i); // -104 up to -87
        }
        assertTrue(x[n - 1] == -87f && n == 2_228_225, "range");
        float[] got = run(Op.SIGMOID, x);
        double[] ref = reference(Op.SIGMOID, x, n);
        for (int i = 0; i < n; i++) {
            if (ulps((float) ref[i], got[i]) > 1) {
                fail("sigmoid(" + x[i] + ") = " + got[i] + ", want " + (float) ref[i]);
            }
            if (i > 0 && got[i] < got[i - 1]) {
                fail("sigmoid decreases: (" + x[i - 1] + ") = " + got[i - 1] + ", (" + x[i] + ") = " + got[i]);
            }
        }
        float[] at = run(Op.SIGMOID, new float[] {-104f, Math.nextDown(-103.97208f), -103.97208f, -87.33655f, -87.33654f,
            -88.72f, -100f});
        assertTrue(at[0] == 0f && Float.floatToRawIntBits(at[1]) == 0, "rounds to +0 below ln 2^-150: " + at[1]);
        assertTrue(at[2] == Float.MIN_VALUE, "sigmoid(-103.97208f) = " + at[2]);
        assertTrue(at[3] > 0 && at[3] < Float.MIN_NORMAL && at[4] >= Float.MIN_NORMAL, at[3] + ", " + at[4]);
        assertTrue(at[5] > 0 && at[6] > 0, "subnormal results, not 0: " + at[5] + ", " + at[6]);
        Vectorization.setProvider(vector);
        Tensor t = Tensors.constant(x, n);
        Parallel.setThreads(1);
        float[] one = Tensors.sigmoid(t).toFloatArray();
        assertArrayEquals(got, one, "the op on 1 thread, as the kernel");
        Parallel.setThreads(2);
        assertArrayEquals(one, Tensors.sigmoid(t).toFloatArray(), "2 threads");
        for (int i : new int[] {0, 3, n / 3, n / 2 + 5, n - 2}) {
            float single = Tensors.sigmoid(Tensors.constant(new float[] {x[i]}, 1)).toFloatArray()[0];
            assertTrue(Float.floatToRawIntBits(single) == Float.floatToRawIntBits(one[i]), "sigmoid(" + x[i] + ") alone");
        }
    }

    private float[] run(Op op, float[] x) {
        float[] o = new float[x.length];
        assertTrue(vector.unary32(op.p, x, o, 0, x.length), op + " has a vector kernel");
        return o;
    }

    @Test
    void powSameBitsForEveryLengthOffsetThreadCountAndBroadcast() {
        int n = (1 << 15) + 13;
        float[] x = new float[n], y = new float[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(0, 4);
            y[i] = (float) r.nextDouble(-8, 8);
        }
        Vectorization.setProvider(vector);
        Tensor a = Tensors.constant(x, n), b = Tensors.constant(y, n);
        Parallel.setThreads(1);
        float[] one = Tensors.pow(a, b).toFloatArray();
        Parallel.setThreads(2);
        assertArrayEquals(one, Tensors.pow(a, b).toFloatArray(), "2 threads");
        float[] right = Tensors.pow(a, Tensors.constant(y[5])).toFloatArray();
        float[] left = Tensors.pow(Tensors.constant(x[9]), b).toFloatArray();
        for (int i : new int[] {0, 1, 5, 9, n / 2, n - 1}) {
            float single = Tensors.pow(Tensors.constant(new float[] {x[i]}, 1), Tensors.constant(new float[] {y[i]}, 1))
                    .toFloatArray()[0];
            assertTrue(Float.floatToIntBits(single) == Float.floatToIntBits(one[i]), "pow alone at " + i);
            float r5 = Tensors.pow(Tensors.constant(new float[] {x[i]}, 1), Tensors.constant(new float[] {y[5]}, 1))
                    .toFloatArray()[0];
            assertTrue(Float.floatToIntBits(r5) == Float.floatToIntBits(right[i]), "pow(x, scalar) at " + i);
            float l9 = Tensors.pow(Tensors.constant(new float[] {x[9]}, 1), Tensors.constant(new float[] {y[i]}, 1))
                    .toFloatArray()[0];
            assertTrue(Float.floatToIntBits(l9) == Float.floatToIntBits(left[i]), "pow(scalar, y) at " + i);
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
            case LOG1P -> Tensors.log1p(t);
            case EXPM1 -> Tensors.expm1(t);
            case ERF -> Tensors.erf(t);
        };
    }

    /** StrictMath's double result for {@code x[0, len)} (erf: the float64 Vector API kernel's). */
    private double[] reference(Op op, float[] x, int len) {
        double[] d = new double[len];
        for (int i = 0; i < len; i++) {
            d[i] = op.ref == null ? x[i] : op.ref.applyAsDouble(x[i]);
        }
        if (op.ref == null) {
            assertTrue(vector.unary64(op.p, d, d, 0, len), op + " has a float64 vector kernel");
        }
        return d;
    }

    /** The largest ulp distance over {@code x[0, n)} (n = 0: all of x); fails at once beyond 2 ulp or on NaN. */
    private long check(Op op, float[] x, int n) {
        int len = n == 0 ? x.length : n;
        float[] got = new float[len];
        assertTrue(vector.unary32(op.p, x, got, 0, len), op + " has a vector kernel");
        double[] ref = reference(op, x, len);
        long worst = 0;
        for (int i = 0; i < len; i++) {
            long d = ulps((float) ref[i], got[i]);
            worst = Math.max(worst, d <= 2 ? d : distance(op + "(" + x[i] + ")", (float) ref[i], got[i]));
            if (d != 0) {
                offByOne++;
            }
        }
        return worst;
    }

    /**
     * Ulps between want and got, {@link Long#MAX_VALUE} for a NaN mismatch or a zero of the wrong sign (the message
     * is built only on failure: a string per element made the sweep ten times slower).
     */
    private static long ulps(float want, float got) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) == Float.isNaN(got) ? 0 : Long.MAX_VALUE;
        }
        if (want == 0 && got == 0 && Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
            return Long.MAX_VALUE;
        }
        return Math.abs(ordered(want) - ordered(got));
    }

    /** Fails beyond 2 ulp, naming the call; returns the distance. */
    private static long distance(String what, float want, float got) {
        long d = ulps(want, got);
        if (d > 2) {
            fail(what + " = " + got + ", want " + want + (d == Long.MAX_VALUE ? "" : " (" + d + " ulp)"));
        }
        return d;
    }

    /** Floats in order as integers: adjacent floats differ by 1, and -0 = +0. */
    private static long ordered(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b : -(long) (b & 0x7fffffff);
    }
}
