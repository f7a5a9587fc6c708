package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * float32 {@code exp}, {@code log}, {@code log1p}, {@code expm1}, {@code sin}, {@code cos}, {@code tanh},
 * {@code sigmoid}, {@code erf} and {@code pow} with the Vector API: exp and sigmoid in float lanes (see {@link #expLoop}
 * and {@link #sigmoidLoop}); the others evaluated in double lanes and rounded once to float.
 *
 * <p><b>Accuracy.</b> exp: at most 1 ulp from the correctly rounded float, 0.25% of all 2^32 floats 1 ulp off (see
 * {@link #expLoop}); sigmoid: at most 2 ulp, 2.9% 1 ulp and 197,181 floats 2 ulp off (see {@link #sigmoidLoop}).
 * Each other function is computed in double with a relative error below {@code 1e-12} (the polynomial
 * remainders are given beside each one; pow's {@code y ln|x|} within 1e-12 relative, so the result within 1e-10),
 * far below half a float ulp ({@code 2^-24 ~ 6e-8}), so the float result is the correctly rounded one except when
 * the exact value lies within about {@code 1e-10} relative of a rounding tie: at most 1 ulp from the correctly
 * rounded result (the contract published in {@code Tensors} is 2 ulp; the sweep of {@code VectorMathAccuracyTest}
 * measures the maximum). Correct rounding on ordinary values is required of these double-lane ops: printed results
 * reproduce TensorFlow's
 * ({@code sin(1f) = 0.84147096}). sigmoid's double-lane rational form, replaced by the float lanes, was 1.1e-14: 71 of
 * all 2^32 floats rounded the other way (its degree-8 polynomial before, at 1.1e-12: 724, such as {@code
 * sigmoid(-0.0061189723f)}: 0.49847028 instead of 0.49847025). Float lanes (16 per vector, twice as fast) were
 * tried and reverted twice for these ops when correct rounding was the goal: with float polynomials and reductions
 * 0.2-1% of the results were 1 ulp off (see {@code scripts/bench_notes.md}); exp and sigmoid now take them under
 * issue 12's 2-ulp contract. Special values follow {@link Math}: NaN in, NaN out; {@code exp(-inf) = 0},
 * {@code exp(+inf) = +inf}, {@code log(0) = -inf}, {@code log(x < 0) = NaN}, {@code log(+inf) = +inf},
 * {@code sin(+-inf) = cos(+-inf) = NaN}, {@code sin(+-0) = +-0},
 * {@code tanh(+-0) = +-0}, {@code tanh(+-inf) = +-1}, {@code log1p(-1) = -inf}, {@code log1p(x < -1) = NaN},
 * {@code expm1(-inf) = -1}, {@code erf(+-inf) = +-1}, and log1p, expm1 and erf keep the sign of a zero; overflow
 * gives infinity and underflow zero or a subnormal float, both by the final rounding; pow as {@link #pow32}.
 *
 * <p><b>Speed.</b> JDK 17's C2 compiles a compare and a blend of 512-bit double vectors into several
 * instructions each, and lanewise {@code max}/{@code min} (Java's rules for NaN and -0) into more: in the exp loop
 * the clamp {@code max(-708).min(708)} was 30% of the time. So the kernels clamp and set special values in the
 * 256-bit float lanes of the input or the result (plain AVX compares and blends; exp 734 -> 547 us per 1M floats
 * on one thread), take a float's exponent and mantissa by integer operations (log: no blend, 907 -> 489 us), pick
 * sin/cos quadrants by bit operations, and leave the remaining rare cases to a branch taken only when a vector
 * holds one (log's zero, negative, infinite and NaN inputs; pow's special operands), or a block of 1024 floats
 * (exp's and sigmoid's rare loops when some |x| exceeds 86 or is NaN, where the fast formula stops being valid; the scan of the next block during a block's loop also prefetches the input: the double-lane exp
 * 0.77-0.88 of the time at 1M floats). The polynomials are as short
 * as the 1e-12 budget with a margin allows and evaluated in two interleaved chains where the chain was long: the
 * double-lane exp (and sigmoid) by a degree-10 fit instead of Taylor's, with {@code 2^k} added to the exponent bits
 * (exp 562 -> 449 us per 1M floats on one thread, sigmoid 774 -> 527; exp later by Horner's rule, then in float
 * lanes: 0.58-0.72 of that time, and sigmoid, in float lanes, 0.64-0.74 of its rational form's); sin and cos share one odd polynomial after a reduction
 * by half turns (sin) or odd quarter turns (cos), so no lane computes both a sine and a cosine polynomial and picks
 * one (sin 796 -> 450 us, cos 788 -> 501, then one fma more for accuracy: about 490 and 550). Measured best-of-many on the 2-core test machine under load (2.6-4.4 for
 * these; 9-12 for the earlier ones), so the ratios are the evidence, not the figures.
 *
 * <p><b>Determinism.</b> Only IEEE operations that are exact by specification (add, sub, mul, div, fma, compares,
 * blends, bit operations, float/double conversions) are used, never {@code lanewise(EXP)} (whose intrinsic and
 * fallback differ) or {@code reduceLanes}, so the interpreter, C1 and C2 all give the same bits. Every element,
 * the tail included (padded to a whole vector), goes through the same vector code, so a value's result does not
 * depend on the array's length, the chunking or the thread count.
 */
final class VectorMath {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats that widen into one double vector (the same lane count), as a constant species C2 folds. */
    private static final VectorSpecies<Float> HF = D.length() == 8 ? FloatVector.SPECIES_256
            : D.length() == 4 ? FloatVector.SPECIES_128 : FloatVector.SPECIES_64;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final VectorSpecies<Integer> HI = HF.withLanes(int.class);

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2 = 0.6931471805599453;
    /** ln 2 split so that {@code k * LN2_HI} is exact for |k| < 2^20 (fdlibm's constants). */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** Adding 1.5 * 2^52 rounds a double below 2^51 to an integer, kept in the low bits of the sum. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    private static final double SQRT2 = 1.4142135623730951;
    private static final double TWO_OVER_PI = 0.6366197723675814;
    /** pi/2 in three 33-bit parts (fdlibm's pio2_1, pio2_2, pio2_3): {@code k * PIO2_1} is exact for k < 2^20. */
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    /**
     * Below this |x| (so k < 2^19 quarter turns) the three-part reduction leaves an error near 2^-52 relative to
     * the reduced argument; above it (and never for a float smaller) fdlibm's full reduction runs per element.
     */
    static final float TRIG_LIMIT = 0x1p19f;

    private VectorMath() {
    }


    /** Whether {@code p} has a vector float32 kernel here. */
    static boolean has(Primitive p) {
        return HAS[p.ordinal()];
    }

    /** Whether {@link #pow32} runs here. */
    static boolean hasPow() {
        return HF.length() == D.length() && I.length() == F.length() && F.length() % HF.length() == 0;
    }

    /**
     * {@code o[i] = f(a[i])} for i in {@code [lo, hi)}; {@link #has} must be true. Each op has its own entry
     * ({@link #exp32} ... {@link #cos32}: its loop, then its tail), called through a {@link MethodHandle} from a
     * table by ordinal, not a {@code switch}: C2 compiled the switch with the cases no call had reached cut off,
     * so in a JVM whose transcendentals had been exp and sin (WarmCold mixed 2, 2026-12-03, -XX:+LogCompilation),
     * the MNIST MLP's first log (its log-softmax) trapped here and in the loop's switch, made this method and
     * every method that had inlined it ({@code FastLoops.f32Unary}, {@code VectorKernels.unary32}) not entrant,
     * and C2 compiled them again (f32Unary 3.5 KB and its OSR, 67 + 32 ms of C2 time, while the MLP's first
     * steps ran them in C1). A call through a handle that is not a constant is not inlined and has no receiver
     * profile: a new op compiles its own entry and deoptimizes nothing.
     */
    static void unary32(Primitive p, float[] a, float[] o, int lo, int hi) {
        try {
            UNARY32[p.ordinal()].invokeExact(a, o, lo, hi);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /*
     * The entries: the op's loop over whole steps (one vector a step: 16 float lanes for exp and sigmoid, 8 otherwise), then a
     * tail shorter than a step through the same vector code on a zero-padded copy (sin and cos: element by
     * element, trigTail). Each loop has its whole computation inlined: a vector passed to or returned from a
     * method C2 does not inline is boxed on the heap, which made a first version (one shared loop calling a switch
     * over the ops) run at the scalar kernels' speed; widening and narrowing through a double buffer in plain
     * loops instead of convertShape measured 1.5x slower.
     */

    private static void exp32(float[] a, float[] o, int lo, int hi) {
        int len = F.length(), bound = lo + (hi - lo) / len * len;
        expLoop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            expLoop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void sigmoid32(float[] a, float[] o, int lo, int hi) {
        int len = F.length(), bound = lo + (hi - lo) / len * len;
        sigmoidLoop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            sigmoidLoop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void log32(float[] a, float[] o, int lo, int hi) {
        int len = HF.length(), bound = lo + (hi - lo) / len * len;
        logLoop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            logLoop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void tanh32(float[] a, float[] o, int lo, int hi) {
        int len = HF.length(), bound = lo + (hi - lo) / len * len;
        tanhLoop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            tanhLoop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void log1p32(float[] a, float[] o, int lo, int hi) {
        int len = HF.length(), bound = lo + (hi - lo) / len * len;
        log1pLoop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            log1pLoop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void expm132(float[] a, float[] o, int lo, int hi) {
        int len = HF.length(), bound = lo + (hi - lo) / len * len;
        expm1Loop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            expm1Loop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void erf32(float[] a, float[] o, int lo, int hi) {
        int len = HF.length(), bound = lo + (hi - lo) / len * len;
        erfLoop(a, o, lo, bound);
        if (bound < hi) {
            float[] t = padded(a, bound, hi, len);
            erfLoop(t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
    }

    private static void sin32(float[] a, float[] o, int lo, int hi) {
        trig32(a, o, lo, hi, false);
    }

    private static void cos32(float[] a, float[] o, int lo, int hi) {
        trig32(a, o, lo, hi, true);
    }

    private static void trig32(float[] a, float[] o, int lo, int hi, boolean cos) {
        int len = HF.length(), bound = lo + (hi - lo) / len * len;
        boolean large = trigLoop(a, o, lo, bound, cos);
        if (bound < hi) { // the tail, element by element
            large |= trigTail(a, o, bound, hi, cos);
        }
        if (large) {
            trigFallback(cos ? Primitive.COS : Primitive.SIN, a, o, lo, hi);
        }
    }

    /** {@code a[from, to)} in a zeroed array of {@code len} floats (a tail shorter than one step). */
    private static float[] padded(float[] a, int from, int to, int len) {
        float[] t = new float[len];
        System.arraycopy(a, from, t, 0, to - from);
        return t;
    }

    /** The ops with an entry here, by ordinal ({@link #has}). */
    private static final boolean[] HAS;
    /** The ops' entries by ordinal ({@code (float[] a, float[] o, int lo, int hi)void}), null for the others. */
    private static final MethodHandle[] UNARY32 = new MethodHandle[Primitive.values().length];

    static {
        Primitive[] ops = {Primitive.EXP, Primitive.LOG, Primitive.LOG1P, Primitive.EXPM1, Primitive.TANH,
            Primitive.SIGMOID, Primitive.SIN, Primitive.COS, Primitive.ERF};
        String[] entries = {"exp32", "log32", "log1p32", "expm132", "tanh32", "sigmoid32", "sin32", "cos32", "erf32"};
        // the vector lanes in double need as many lanes as the float vectors' halves (see HF)
        boolean lanes = HF.length() == D.length();
        HAS = lanes ? Primitive.flags(ops) : new boolean[Primitive.values().length];
        MethodType type = MethodType.methodType(void.class, float[].class, float[].class, int.class, int.class);
        for (int i = 0; i < ops.length; i++) {
            UNARY32[ops[i].ordinal()] = KernelHandles.find(MethodHandles.lookup(), VectorMath.class, entries[i], type);
        }
    }

    /**
     * {@code e^x} in float lanes (16 per 512-bit vector, one vector a step): {@code x = k ln2 + r} with {@code k =
     * rint(x log2e)} taken from the low bits of {@code t = x log2e + 1.5 * 2^23} (one fma), {@code r = (x - k LN2_HI)
     * - k LN2_LO} (two fmas; {@code LN2_HI} has 16 significant bits, so for {@code |k| <= 150} the first difference is
     * exact, and {@code |r| <= 1.0001 ln2/2}), {@code e^r ~ 1 + r + r^2 (C2 + C3 r + ... + C6 r^4)} (fitted with the
     * constant and linear terms exact, coefficients rounded to float: relative error 3.8e-9, about 2^-28; {@code
     * scripts/fixtures/exp_float_fit.py}) by Horner's rule to the end (6 fmas), then {@code 2^k}: k sits in t's low
     * bits, so t's bits shifted left by 23 are {@code k * 2^23}, added to the polynomial's bits.
     *
     * <p><b>Accuracy.</b> At most 1 ulp from the correctly rounded float (faithful), measured on all 2^32 floats
     * (2026-12-05, development harness, against the double-lane kernel this one replaced, which gave {@code
     * StrictMath.exp} rounded to float for every float): 10,549,788 results (0.25%) 1 ulp off, none further, NaN for
     * NaN; of the 1-ulp results two lie within 2^-51 (relative) of the midpoint between the two floats, where StrictMath
     * alone cannot settle them ({@code exp(-0.0073525836f)}, {@code exp(-14.56709f)}: 2.7e-16 and 1.4e-16 above it,
     * mpmath at 60 digits; the reference is right), the others StrictMath settles. Evaluating the polynomial as {@code 1 + (r + r^2 q)} instead of Horner's rule to
     * the end: 17,353,962 off, also none by 2 ulp.
     *
     * <p>The floats go in blocks of {@link #EXP_BLOCK} (1024); the largest |x| of a block (its float bits as integers,
     * so NaN counts as above every bound) picks the block's loop. Every |x| at most {@link #EXP_FAST} (86): the result
     * is a normal float ({@code k} in [-125, 125], {@code e^r} in [0.70, 1.42]) and the exponent addition above is
     * exact. Otherwise the block goes to {@link #expRare}: x clamped to [-104, 89] ({@code e^-104 < 2^-150} rounds to
     * 0, {@code e^89} overflows, NaN stays NaN), the same reduction and polynomial, and {@code p 2^k} formed exactly in
     * double lanes and converted to float: one rounding, to a subnormal, 0 or infinity where the result is one, and
     * the fast loop's bits where it is a normal float: all 2^32 floats through expRare against the op, 0 differences.
     * So a
     * lane's result does not depend on its neighbours, its block, the chunking or the thread count ({@code
     * VectorMathAccuracyTest} checks the same bits beside a 100, a 1000 and a NaN). The first block is scanned alone;
     * every block's loop then scans the next block, one vector per step (the index clamped to the last vector), so
     * these loads run 4 KB ahead of the computation and act as a prefetch of the input (kept from the double-lane
     * kernel, where it measured 0.77-0.88 of the time at 1M floats).
     *
     * <p>Measured 2026-12-05 on the 2-core Intel Xeon with AVX-512 (the call of {@code UnaryKernelBench}, 1M floats cut
     * in 8192-float chunks, one thread, thread CPU time, the double-lane kernel and this one alternated in one JVM, 300
     * rounds each after 200 of warm-up, medians; the machine shared, load 2-3): in [-2, 2] 509-515 -> 311-353 us
     * (0.61-0.69 of the time), in [-80, 80] 543-562 -> 352-381 (0.65-0.68), 8192 floats in cache (the same 1M
     * calls) 458-527 -> 289-333 (0.63-0.70). Per 16 floats: 10 fmas, a subtraction, a shift and an integer add, and
     * the scan's load, and, max; the double-lane loop spent about 44 512-bit uops on the same 16 (4 conversions of 2
     * uops each, 2 x 14 fmas). Again at the end (final code, three JVMs, each
     * 300 alternated rounds, load 4-6): [-2, 2] 556-612 -> 343-418 us (0.58-0.68), [-80, 80] 574-625 -> 370-435
     * (0.59-0.72), in cache 525-544 -> 323-345 (0.59-0.66); [-100, 100], where every block takes expRare, 557-588 ->
     * 825-903 (1.48-1.54x the time: the rare loop converts to double and back). The public op in a TensorScope
     * ({@code ScopedUnaryBench.f32}, JMH, wall time, 1M floats in [-2, 2], builds of 1b8886f and of this code
     * alternated, two rounds, 18:28-18:30 UTC, load 1.7-2.4): 2 threads 278-288 -> 191-192 us, 1 thread 471-486 ->
     * 340-386; PyTorch's {@code torch.exp(a, out=o)} in the same window 257 us on 2 threads, 562 on 1 (1.34x and
     * 1.46-1.65x). Tried and dropped: two vectors a step, interleaved (as the double-lane loop did):
     * C2 boxed the vectors, 1,135-1,196 us against 275-318. In the rare loop, {@code 2^k} as two float
     * multiplications by {@code 2^(k >> 1)} and {@code 2^(k - (k >> 1))} (the same bits): each subnormal product costs
     * a microcode assist, 2.5-3.0 ms per 1M floats in [-100, 100]; by integer operations (the polynomial's bits plus
     * {@code k * 2^23}, and the subnormal's bits as the integer nearest {@code p 2^(k + 149)}, found by adding 2^23),
     * also the same bits and 0.63-0.67 ms alone, but with its compares and blends of 512-bit vectors 4-5 ms in a JVM
     * whose double-lane kernels had run on such inputs (as the fast loop inlined: 1.7-1.8 ms); expRare uses no vector
     * mask. The earlier float-lane attempts (see {@code
     * scripts/bench_notes.md}) were not taken because they were not correctly rounded; issue 12's contract is 2 ulp.
     */
    private static void expLoop(float[] a, float[] o, int lo, int hi) {
        if (lo >= hi) {
            return;
        }
        int step = F.length(); // hi - lo is a multiple of it
        int last = hi - step;
        // the first block's scan; each block's loop then scans the next block (one vector per step, the index
        // clamped to the last vector: a value scanned twice or a neighbour's value only makes the choice safer)
        int end = Math.min(lo + EXP_BLOCK, hi);
        IntVector m = FloatVector.fromArray(F, a, lo).reinterpretAsInts().and(I_ABS);
        for (int i = lo + step; i < end; i += step) {
            m = m.max(FloatVector.fromArray(F, a, i).reinterpretAsInts().and(I_ABS));
        }
        for (int b = lo; b < hi; b = end, end = Math.min(end + EXP_BLOCK, hi)) {
            boolean rare = m.compare(VectorOperators.GT, I_EXP_FAST).anyTrue();
            m = FloatVector.fromArray(F, a, Math.min(end, last)).reinterpretAsInts().and(I_ABS);
            if (!rare) {
                for (int i = b; i < end; i += step) {
                    m = m.max(FloatVector.fromArray(F, a, Math.min(i + EXP_BLOCK, last)).reinterpretAsInts().and(I_ABS));
                    FloatVector x = FloatVector.fromArray(F, a, i);
                    FloatVector t = x.fma(EXPF_LOG2E, EXPF_SHIFTER);
                    FloatVector k = t.sub(EXPF_SHIFTER);
                    FloatVector r = k.fma(EXPF_NEG_LN2_LO, k.fma(EXPF_NEG_LN2_HI, x));
                    FloatVector p = EXPF_C6.fma(r, EXPF_C5).fma(r, EXPF_C4).fma(r, EXPF_C3).fma(r, EXPF_C2)
                            .fma(r, EXPF_ONE).fma(r, EXPF_ONE);
                    p.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                            .reinterpretAsFloats().intoArray(o, i);
                }
            } else {
                expRare(a, o, b, end);
                for (int i = Math.min(end, last) + step, to = Math.min(end + EXP_BLOCK, hi); i < to; i += step) {
                    m = m.max(FloatVector.fromArray(F, a, i).reinterpretAsInts().and(I_ABS));
                }
            }
        }
    }

    /**
     * expLoop's block with some |x| > 86 or NaN: x clamped to [-104, 89] (lanewise max and min, which keep NaN), the
     * fast loop's reduction and polynomial in float lanes, then {@code p 2^k} in double lanes ({@code 2^k} built in the
     * exponent bits, the product exact) converted to float: one rounding, to a subnormal, 0 or infinity where the result
     * is one, and where it is a normal float the fast loop's bits. No float operation sees or makes a subnormal number,
     * and no vector mask is used (see {@link #sigmoidRare} for both).
     */
    private static void expRare(float[] a, float[] o, int b, int end) {
        for (int i = b; i < end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, i).max(EXPF_MIN).min(EXPF_MAX);
            FloatVector t = x.fma(EXPF_LOG2E, EXPF_SHIFTER);
            FloatVector k = t.sub(EXPF_SHIFTER);
            FloatVector r = k.fma(EXPF_NEG_LN2_LO, k.fma(EXPF_NEG_LN2_HI, x));
            FloatVector p = EXPF_C6.fma(r, EXPF_C5).fma(r, EXPF_C4).fma(r, EXPF_C3).fma(r, EXPF_C2)
                    .fma(r, EXPF_ONE).fma(r, EXPF_ONE);
            // a loop over the two halves: written out, C2 compiled this method at 3.1-3.3 ms per 1M floats in [-100, 100]
            // (0.8-0.9 ms so); sigmoidRare, the other way round, boxed its vectors in such a loop (6.6-7.1 ms, 1.3-1.4
            // written out)
            for (int part = 0; part < 2; part++) {
                DoubleVector kd = (DoubleVector) k.convertShape(VectorOperators.F2D, D, part);
                DoubleVector scale = kd.add(SHIFTER_D).reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52)
                        .add(ONE_BITS_D).reinterpretAsDoubles(); // 2^k (NaN x: any number, p is NaN)
                DoubleVector y = ((DoubleVector) p.convertShape(VectorOperators.F2D, D, part)).mul(scale);
                ((FloatVector) y.convertShape(VectorOperators.D2F, HF, 0)).intoArray(o, i + part * HF.length());
            }
        }
    }

    /**
     * {@code ln x} by {@link #logCore} for every lane; the lanes of 0, negative, infinite or NaN x (if any in the
     * vector) are then set in float lanes: {@code ln 0 = -inf}, {@code ln(x < 0) = NaN}, {@code ln(+inf) = +inf}.
     */
    private static void logLoop(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = FloatVector.fromArray(HF, a, i);
            DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            FloatVector y = (FloatVector) logCore(x).convertShape(VectorOperators.D2F, HF, 0);
            VectorMask<Float> ordinary = xf.compare(VectorOperators.GT, F_0).and(xf.compare(VectorOperators.LT, F_INF));
            if (!ordinary.allTrue()) {
                y = y.blend(F_NEG_INF, xf.compare(VectorOperators.EQ, F_0));
                y = y.blend(F_INF, xf.compare(VectorOperators.EQ, F_INF));
                y = y.blend(F_NAN, xf.compare(VectorOperators.LT, F_0).or(xf.compare(VectorOperators.NE, xf)));
            }
            y.intoArray(o, i);
        }
    }

    /**
     * {@code tanh x = sign(x) (-E) / (2 + E)} with {@code E = e^(-2|x|) - 1} as in {@link #expm1Loop} (no
     * cancellation: E in (-1, 0], so the quotient keeps E's relative error, below 1e-13, also near 0); |x| clamped
     * to 20 in float lanes (tanh rounds to 1 in float from 9.01). The sign is copied from x (so +-0 give +-0).
     */
    private static void tanhLoop(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = FloatVector.fromArray(HF, a, i);
            FloatVector af = xf.abs();
            af = af.blend(F_20, af.compare(VectorOperators.GT, F_20)); // NaN stays NaN
            DoubleVector x = ((DoubleVector) af.convertShape(VectorOperators.F2D, D, 0)).mul(-2.0);
            DoubleVector t = x.fma(LOG2E_D, SHIFTER_D);
            DoubleVector k = t.sub(SHIFTER_D);
            DoubleVector r = k.fma(NEG_LN2_HI_D, x);
            r = k.fma(NEG_LN2_LO_D, r);
            DoubleVector p = R11_D;
            p = p.fma(r, R10_D);
            p = p.fma(r, R9_D);
            p = p.fma(r, R8_D);
            p = p.fma(r, R7_D);
            p = p.fma(r, R6_D);
            p = p.fma(r, R5_D);
            p = p.fma(r, R4_D);
            p = p.fma(r, R3_D);
            p = p.fma(r, HALF_D);
            p = p.fma(r, ONE_D);
            LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS); // k in [-58, 0]
            DoubleVector scale = ki.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector em = scale.fma(r.mul(p), scale.sub(ONE_D));
            DoubleVector y = em.neg().div(em.add(TWO_D));
            FloatVector yf = ((FloatVector) y.convertShape(VectorOperators.D2F, HF, 0)).abs();
            yf.reinterpretAsInts().or(xf.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats().intoArray(o, i);
        }
    }

    /**
     * {@code sigmoid(x) = 1 / (1 + e^-x)} in float lanes (16 per 512-bit vector, one vector a step): {@code E =
     * e^-|x|} by {@link #expLoop}'s formula on {@code -|x|} (the sign bit set by an OR; so {@code E} is in (0, 1] and
     * never overflows), then {@code 1 / (1 + E)} for {@code x >= 0} and {@code E / (1 + E)} for {@code x < 0} (the
     * numerator picked by a compare and a blend), one division. For {@code x < -88.7}, where {@code e^-x} overflows a
     * float while the result is a subnormal float, the second form keeps E: {@code 1 + E} rounds to 1 and the result
     * is E rounded once.
     *
     * <p><b>Accuracy.</b> At most 2 ulp from the correctly rounded float, measured on all 2^32 floats (2026-12-05,
     * development harness, against {@code 1 / (1 + StrictMath.exp(-x))} for {@code x >= 0} and {@code e / (1 + e)},
     * {@code e = StrictMath.exp(x)}, otherwise, in double, rounded to float): about 125,351,800 results (2.9%) 1 ulp
     * off, 197,181 2 ulp off (all for x in [-15.7, -1.09], results just below a power of two, where the relative ulp
     * is smallest and the errors of E (faithful), of {@code 1 + E} and of the division add up; the first of them at
     * {@code x = -ln 3 = -1.0986}, {@code sigmoid = 1/4}: {@code sigmoid(-1.098797f)} is 0.2499654 instead of
     * 0.24996537), none further, NaN for NaN.
     * The double-lane kernel this one replaced (a rational form of {@code e^-s}, {@code (E - sO) / (E + sO)}, refitted
     * from exp's [4/4] Pade approximant, {@code scripts/fixtures/sigmoid_rational_fit.py}; its measurements and the
     * division experiments are in {@code scripts/bench_notes.md}, the float32 sigmoid part) had 71 results 1 ulp off;
     * issue 12's contract is 2 ulp.
     *
     * <p>The floats go in blocks of {@link #EXP_BLOCK}, the block's loop picked by its largest |x| as in {@link
     * #expLoop}: every |x| at most {@link #EXP_FAST} (86), E is a normal float and {@code 2^k} is added to its exponent
     * bits; otherwise the block goes to {@link #sigmoidRare}, the same steps in double lanes, each rounded to float:
     * the same bits wherever the fast loop applies. All 2^32 floats through sigmoidRare against a float-lane version of
     * the op with its rare loop forced, and the op against it: 0 differences (the counts above are the op's).
     *
     * <p>Measured 2026-12-05 on the 2-core Intel Xeon with AVX-512 (as {@link #expLoop}: 1M floats in 8192-float
     * chunks, one thread, thread CPU time, the double-lane kernel and this one alternated in one JVM, 300 rounds each
     * after 200 of warm-up, medians; the machine shared, load 2-6; three JVMs): 1M floats in [-2, 2] 692-750 -> 472-511 us
     * (0.68 of the time; 0.62-0.67 in earlier runs), in [-80, 80] 698-743 -> 477-512 (0.66-0.69), 8192 floats in cache
     * 700-815 -> 450-600 (0.64-0.74); [-100, 100], where every block takes sigmoidRare, 625-642 -> 1,367-1,435 (2.2x
     * the time: two double divisions and ten conversions per 16 floats). The public op in a TensorScope (as expLoop's):
     * 2 threads 317-335 -> 242-260 us, 1 thread 625-633 -> 477-483; PyTorch's {@code torch.sigmoid(a, out=o)} in the
     * same window 331 us on 2 threads, 722 on 1 (1.27-1.37x and 1.5x). The division ({@code vdivps} on 16 lanes) is
     * most of the difference from exp's time. Tried and dropped: a faithful variant (E as a float and its rounding
     * error, {@code 1 + E} likewise by a two-sum, the quotient {@code y0 = num (1 / d)} corrected by one residual
     * step, {@code y0 + (num - y0 d + num_lo - y0 d_lo) / d}; all 2^32 floats: 7,014,008 results 1 ulp off, none by
     * 2): in this loop C2 failed to intrinsify the store and boxed the result (2.4-2.6x the double-lane kernel's
     * time); with the fast block in its own method (the scan's vector stored to an {@code int[]}, because returning it
     * boxed it at every step: 1.6x) it ran at 0.94-1.01x the double-lane kernel's time, no gain.
     */
    private static void sigmoidLoop(float[] a, float[] o, int lo, int hi) {
        if (lo >= hi) {
            return;
        }
        int step = F.length(); // hi - lo is a multiple of it
        int last = hi - step;
        int end = Math.min(lo + EXP_BLOCK, hi);
        IntVector m = FloatVector.fromArray(F, a, lo).reinterpretAsInts().and(I_ABS);
        for (int i = lo + step; i < end; i += step) {
            m = m.max(FloatVector.fromArray(F, a, i).reinterpretAsInts().and(I_ABS));
        }
        for (int b = lo; b < hi; b = end, end = Math.min(end + EXP_BLOCK, hi)) {
            boolean rare = m.compare(VectorOperators.GT, I_EXP_FAST).anyTrue();
            m = FloatVector.fromArray(F, a, Math.min(end, last)).reinterpretAsInts().and(I_ABS);
            if (!rare) {
                for (int i = b; i < end; i += step) {
                    m = m.max(FloatVector.fromArray(F, a, Math.min(i + EXP_BLOCK, last)).reinterpretAsInts().and(I_ABS));
                    FloatVector x = FloatVector.fromArray(F, a, i);
                    FloatVector nx = x.reinterpretAsInts().or(SIGN).reinterpretAsFloats(); // -|x|
                    FloatVector t = nx.fma(EXPF_LOG2E, EXPF_SHIFTER);
                    FloatVector k = t.sub(EXPF_SHIFTER);
                    FloatVector r = k.fma(EXPF_NEG_LN2_LO, k.fma(EXPF_NEG_LN2_HI, nx));
                    FloatVector p = EXPF_C6.fma(r, EXPF_C5).fma(r, EXPF_C4).fma(r, EXPF_C3).fma(r, EXPF_C2)
                            .fma(r, EXPF_ONE).fma(r, EXPF_ONE);
                    FloatVector e = p.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                            .reinterpretAsFloats();
                    EXPF_ONE.blend(e, x.compare(VectorOperators.LT, EXPF_ZERO)).div(e.add(EXPF_ONE)).intoArray(o, i);
                }
            } else {
                sigmoidRare(a, o, b, end);
                for (int i = Math.min(end, last) + step, to = Math.min(end + EXP_BLOCK, hi); i < to; i += step) {
                    m = m.max(FloatVector.fromArray(F, a, i).reinterpretAsInts().and(I_ABS));
                }
            }
        }
    }

    /**
     * sigmoidLoop's block with some |x| > 86 or NaN: E, {@code 1 + E} and the quotient as in the fast loop, each
     * rounded to float, but computed in double lanes ({@code E = p 2^k} exact in double, then converted), so that no
     * float operation sees or makes a subnormal number: each costs a microcode assist on this machine (a float-lane
     * version that formed a subnormal E by two multiplications took 5.8 ms per 1M floats in [-100, 100], 9.6x the
     * double-lane kernel). The double results are the float ones: {@code 1 + E} and the quotient of two floats,
     * rounded to double and then to float, are rounded once (53 >= 2 * 24 + 2 bits: S. A. Figueroa, "When is double
     * rounding innocuous?", ACM SIGNUM Newsletter 30(3), 1995). The numerator {@code s E + (1 - s)}, s = 1 for x < 0
     * and 0 otherwise from x's sign bit, is exact ({@code 1 + s (E - 1)} is not: E - 1 rounds in double). No vector
     * mask is used: with compares and blends of 512-bit floats here and in expRare, both loops ran at 4-5 ms per 1M
     * floats in a JVM whose double-lane kernels had run on such inputs (0.7 and 1.3 ms in a JVM without them).
     */
    private static void sigmoidRare(float[] a, float[] o, int b, int end) {
        for (int i = b; i < end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            FloatVector nx = x.reinterpretAsInts().or(SIGN).reinterpretAsFloats().max(EXPF_MIN); // -|x| >= -104, or NaN
            FloatVector t = nx.fma(EXPF_LOG2E, EXPF_SHIFTER);
            FloatVector k = t.sub(EXPF_SHIFTER);
            FloatVector r = k.fma(EXPF_NEG_LN2_LO, k.fma(EXPF_NEG_LN2_HI, nx));
            FloatVector p = EXPF_C6.fma(r, EXPF_C5).fma(r, EXPF_C4).fma(r, EXPF_C3).fma(r, EXPF_C2)
                    .fma(r, EXPF_ONE).fma(r, EXPF_ONE);
            FloatVector s = x.reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).and(I_EXPF_ONE_BITS).reinterpretAsFloats();
            // the two halves written out: as a loop over them (as in expRare) C2 boxed the vectors, 6.6-7.1 ms
            DoubleVector scale0 = ((DoubleVector) k.convertShape(VectorOperators.F2D, D, 0)).add(SHIFTER_D).reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52).add(ONE_BITS_D).reinterpretAsDoubles(); // 2^k (NaN x: p is NaN)
            DoubleVector e0 = ((DoubleVector) p.convertShape(VectorOperators.F2D, D, 0)).mul(scale0);
            e0 = (DoubleVector) ((FloatVector) e0.convertShape(VectorOperators.D2F, HF, 0)).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector d0 = e0.add(ONE_D);
            d0 = (DoubleVector) ((FloatVector) d0.convertShape(VectorOperators.D2F, HF, 0)).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector s0 = (DoubleVector) s.convertShape(VectorOperators.F2D, D, 0);
            ((FloatVector) e0.fma(s0, ONE_D.sub(s0)).div(d0).convertShape(VectorOperators.D2F, HF, 0)).intoArray(o, i);
            DoubleVector scale1 = ((DoubleVector) k.convertShape(VectorOperators.F2D, D, 1)).add(SHIFTER_D).reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52).add(ONE_BITS_D).reinterpretAsDoubles(); // 2^k (NaN x: p is NaN)
            DoubleVector e1 = ((DoubleVector) p.convertShape(VectorOperators.F2D, D, 1)).mul(scale1);
            e1 = (DoubleVector) ((FloatVector) e1.convertShape(VectorOperators.D2F, HF, 0)).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector d1 = e1.add(ONE_D);
            d1 = (DoubleVector) ((FloatVector) d1.convertShape(VectorOperators.D2F, HF, 0)).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector s1 = (DoubleVector) s.convertShape(VectorOperators.F2D, D, 1);
            ((FloatVector) e1.fma(s1, ONE_D.sub(s1)).div(d1).convertShape(VectorOperators.D2F, HF, 0)).intoArray(o, i + HF.length());
        }
    }

    /**
     * {@code ln(1 + x)}: {@code u = 1 + x} in double, {@code u = 2^e m} with {@code m in [sqrt(1/2), sqrt(2))} as in
     * {@link #log(DoubleVector)}, {@code f = m - 1} (exact). For a float x with {@code 2^-29 <= |x| < 2^53},
     * {@code 1 + x} is exact in double, so for {@code e = 0} ({@code x in [-0.29, 0.41)}) f is x itself and there
     * is no cancellation; beyond 2^53 the rounding of u changes ln u by less than 2^-53. Below 2^-29 the result is
     * x itself ({@link #F_LOG1P_TINY}), set in float lanes with the special values. {@code ln(1 + f) = 2 atanh(s)},
     * {@code s = f / (2 + f)}, {@code |s| <= 0.1716}, by its odd series to {@code s^15} (remainder {@code < s^16 /
     * 17 ~ 3e-14} relative), then {@code e ln2 +} that: relative error below {@code 1e-13}. The exponent split is
     * by integer operations as in {@link #logCore}; -1 gives -inf, below -1 NaN, +inf +inf, |x| below 2^-29
     * (+-0 among them) x, set in float lanes in the vectors that hold such an input (1.40 -> 0.87 ms per 1M floats
     * on one thread against double-lane blends for all of these; then 0.85 -> 0.70 ms, and 0.46 -> 0.35-0.37 on two
     * threads, once {@code e = 0} needed no double-lane blend of x: {@code UnaryKernelBench}, two alternated pairs,
     * 2026-12-04, 2-core AMD EPYC). Every float below 2^-29 was checked: {@code (float) StrictMath.log1p(x) == x}.
     */
    private static void log1pLoop(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = FloatVector.fromArray(HF, a, i);
            DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector u = x.add(ONE_D);
            LongVector bits = u.reinterpretAsLongs();
            LongVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52L);
            DoubleVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 52L)).reinterpretAsDoubles();
            DoubleVector ed = e.add(SHIFTER_BITS).reinterpretAsDoubles().sub(SHIFTER_D);
            DoubleVector f = m.sub(ONE_D);
            DoubleVector s = f.div(f.add(TWO_D));
            DoubleVector z = s.mul(s);
            DoubleVector q = INV15_D;
            q = q.fma(z, INV13_D);
            q = q.fma(z, INV11_D);
            q = q.fma(z, INV9_D);
            q = q.fma(z, INV7_D);
            q = q.fma(z, INV5_D);
            q = q.fma(z, INV3_D);
            q = q.fma(z, ONE_D);
            FloatVector y = (FloatVector) ed.fma(LN2_D, s.add(s).mul(q)).convertShape(VectorOperators.D2F, HF, 0);
            FloatVector ax = xf.abs();
            VectorMask<Float> ordinary = xf.compare(VectorOperators.GT, F_M1).and(xf.compare(VectorOperators.LT, F_INF))
                    .and(ax.compare(VectorOperators.GE, F_LOG1P_TINY));
            if (!ordinary.allTrue()) {
                y = y.blend(xf, ax.compare(VectorOperators.LT, F_LOG1P_TINY)); // x itself (and the sign of a zero)
                y = y.blend(F_NEG_INF, xf.compare(VectorOperators.EQ, F_M1));
                y = y.blend(F_INF, xf.compare(VectorOperators.EQ, F_INF));
                y = y.blend(F_NAN, xf.compare(VectorOperators.LT, F_M1).or(xf.compare(VectorOperators.NE, xf)));
            }
            y.intoArray(o, i);
        }
    }

    /**
     * {@code e^x - 1 = 2^k (e^r - 1) + (2^k - 1)}: k and r as in {@link #exp(DoubleVector)}, {@code e^r - 1 =
     * r (1 + r/2! + ... + r^10/11!)} (remainder {@code < 0.347^11 / 12! ~ 2e-14} relative), one fma. For k = 0
     * ({@code |x| < 0.35}) r = x and the result is that product: no cancellation near 0. For k != 0 the result is
     * at least 0.29 in magnitude and the sum cancels at most a factor 3.4. x is clamped to [-30, 89] (e^-30 - 1
     * rounds to -1 in float, e^89 overflows it) and +-0 give themselves, both in float lanes (0.88 -> 0.65 ms per
     * 1M floats on one thread against a double-lane max/min and blend).
     */
    private static void expm1Loop(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = FloatVector.fromArray(HF, a, i);
            FloatVector cf = xf.blend(F_M30, xf.compare(VectorOperators.LT, F_M30)).blend(F_89, xf.compare(VectorOperators.GT, F_89));
            DoubleVector x = (DoubleVector) cf.convertShape(VectorOperators.F2D, D, 0); // NaN stays NaN
            DoubleVector t = x.fma(LOG2E_D, SHIFTER_D);
            DoubleVector k = t.sub(SHIFTER_D);
            DoubleVector r = k.fma(NEG_LN2_HI_D, x);
            r = k.fma(NEG_LN2_LO_D, r);
            DoubleVector p = R11_D;
            p = p.fma(r, R10_D);
            p = p.fma(r, R9_D);
            p = p.fma(r, R8_D);
            p = p.fma(r, R7_D);
            p = p.fma(r, R6_D);
            p = p.fma(r, R5_D);
            p = p.fma(r, R4_D);
            p = p.fma(r, R3_D);
            p = p.fma(r, HALF_D);
            p = p.fma(r, ONE_D);
            LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS); // |k| <= 129
            DoubleVector scale = ki.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            FloatVector y = (FloatVector) scale.fma(r.mul(p), scale.sub(ONE_D)).convertShape(VectorOperators.D2F, HF, 0);
            y.blend(xf, xf.compare(VectorOperators.EQ, F_0)).intoArray(o, i); // the sign of a zero
        }
    }

    /**
     * {@code erf x = sign(x) erf|x|}: for {@code |x| <= 1/2} the Taylor series {@code |x| (2/sqrt(pi)) (1 - z/3 +
     * z^2/10 - ...)}, {@code z = x^2}, to {@code x^21} (next term {@code < 2e-16} absolute); above, with |x|
     * clamped to 3.95 (erf rounds to 1 in float from 3.9193), a polynomial in {@code d = |x| - m}: degree 15 on
     * [0.5, 1.5] (m = 1), degree 21 on [1.5, 3.95] (m = 2.725). Both are Chebyshev interpolants of erf (mpmath at 40
     * digits, coefficients rounded to double), maximum absolute error with the double evaluation 1.2e-15 and
     * 2.9e-15 (erf > 0.52 there: relative below 6e-15). All three pieces are computed for every lane and the
     * result picked by two blends. Measured per 1M floats on one thread (load average 8-12, best of many calls):
     * one polynomial on three intervals (degree 14-16) with its coefficients picked per lane by 30 blends took
     * 4.0 ms as one Horner chain, 3.4 ms as four interleaved chains in {@code d^4} (Estrin's split), 1.4 ms with
     * the blends removed (wrong values, for the measurement): JDK 17's C2 makes a masked blend cost several
     * instructions. This version, both polynomials as four interleaved chains: 1.6 ms (exp: 0.75 ms); with the
     * clamp and the sign in float lanes instead of a double-lane {@code min} and bit operations: 1.42 ms.
     */
    private static void erfLoop(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = FloatVector.fromArray(HF, a, i);
            FloatVector af = xf.abs();
            DoubleVector ax = (DoubleVector) af.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector c = (DoubleVector) af.blend(F_395, af.compare(VectorOperators.GT, F_395))
                    .convertShape(VectorOperators.F2D, D, 0); // NaN stays NaN
            DoubleVector z = ax.mul(ax);
            DoubleVector z2 = z.mul(z); // two interleaved Horner chains in z^2
            DoubleVector se = ERF_S10.fma(z2, ERF_S8).fma(z2, ERF_S6).fma(z2, ERF_S4).fma(z2, ERF_S2).fma(z2, ERF_S0);
            DoubleVector so = ERF_S9.fma(z2, ERF_S7).fma(z2, ERF_S5).fma(z2, ERF_S3).fma(z2, ERF_S1);
            DoubleVector small = ax.mul(so.fma(z, se));
            // each polynomial as P0(d^4) + d P1(d^4) + d^2 P2(d^4) + d^3 P3(d^4), Pk with the coefficients of d^(4i+k)
            DoubleVector d = c.sub(ONE_D);
            DoubleVector d2 = d.mul(d);
            DoubleVector d4 = d2.mul(d2);
            DoubleVector pa0 = ERF_A12.fma(d4, ERF_A8).fma(d4, ERF_A4).fma(d4, ERF_A0);
            DoubleVector pa1 = ERF_A13.fma(d4, ERF_A9).fma(d4, ERF_A5).fma(d4, ERF_A1);
            DoubleVector pa2 = ERF_A14.fma(d4, ERF_A10).fma(d4, ERF_A6).fma(d4, ERF_A2);
            DoubleVector pa3 = ERF_A15.fma(d4, ERF_A11).fma(d4, ERF_A7).fma(d4, ERF_A3);
            DoubleVector pa = pa3.fma(d, pa2).fma(d2, pa1.fma(d, pa0));
            DoubleVector e = c.sub(ERF_MB);
            DoubleVector e2 = e.mul(e);
            DoubleVector e4 = e2.mul(e2);
            DoubleVector pb0 = ERF_B20.fma(e4, ERF_B16).fma(e4, ERF_B12).fma(e4, ERF_B8).fma(e4, ERF_B4).fma(e4, ERF_B0);
            DoubleVector pb1 = ERF_B21.fma(e4, ERF_B17).fma(e4, ERF_B13).fma(e4, ERF_B9).fma(e4, ERF_B5).fma(e4, ERF_B1);
            DoubleVector pb2 = ERF_B18.fma(e4, ERF_B14).fma(e4, ERF_B10).fma(e4, ERF_B6).fma(e4, ERF_B2);
            DoubleVector pb3 = ERF_B19.fma(e4, ERF_B15).fma(e4, ERF_B11).fma(e4, ERF_B7).fma(e4, ERF_B3);
            DoubleVector pb = pb3.fma(e, pb2).fma(e2, pb1.fma(e, pb0));
            DoubleVector p = pa.blend(pb, c.compare(VectorOperators.GT, 1.5));
            DoubleVector y = small.blend(p, ax.compare(VectorOperators.GT, 0.5));
            FloatVector yf = (FloatVector) y.convertShape(VectorOperators.D2F, HF, 0);
            yf.reinterpretAsInts().or(xf.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats().intoArray(o, i);
        }
    }

    /**
     * {@code sin x} ({@code cos = false}) or {@code cos x} ({@code cos = true}) for {@code |x| <=}
     * {@link #TRIG_LIMIT}, by one polynomial for both: sin reduces by half turns, {@code x = n pi + r} with
     * {@code n = rint(x / pi)}, and {@code sin x = (-1)^n sin r}; cos by odd quarter turns,
     * {@code x = (n + 1/2) pi - r'} with {@code n = rint(x / pi - 1/2)}, and {@code cos x = (-1)^n sin r'}. Either
     * way {@code |r| <= pi/2} (and a little more where {@code x / pi} rounds across a half), r is computed by three
     * fused steps with the parts of pi (twice fdlibm's parts of pi/2, so each {@code n * part} is exact and the
     * steps are the same as a quarter-turn reduction with an even or odd multiple), and
     * {@code sin r = r (1 + z Q(z))}, {@code z = r^2}, Q of degree 7 (Chebyshev interpolation of
     * {@code (sin r / r - 1) / z} on {@code [0, (pi/2)^2]}, mpmath at 50 digits; relative error of sin r
     * {@code 3.6e-17} with the coefficients rounded to double; {@code r (1 + ...)}, not {@code r + r z Q}, keeps
     * {@code sin(-0) = -0}). Degree 6 ({@code 7.6e-16}) was 5-10% faster but rounded cos(49.89141f), 2.3e-16 from
     * a tie, the wrong way (every 13th float bit pattern, 330M values: 1 result off for cos, 0 with degree 7 and
     * with the former loop). The sign {@code (-1)^n} is the low bit of n (in the low bits of
     * {@code t = x / pi + 1.5 * 2^52}) moved to the sign bit and xored in. The former loop reduced by quarter
     * turns and computed both Taylor polynomials (sin to {@code r^15}, cos to {@code r^16}) on every lane and
     * picked one by bit operations (about 40 vector instructions per 8 floats, now about 23): 1M floats, one
     * thread, best of many calls (load 2.6-4.4): sin 793-799 -> 446-454 us, cos 780-795 -> 498-504 us with Q of
     * degree 6; degree 7 adds one fma (sin 436-453 -> 474-516 us, cos 484-510 -> 543-571, load 1.5-1.8 with a
     * sweep running beside).
     * Larger |x|, infinities and NaN give values that are replaced ({@code StrictMath}, see
     * {@link #trigFallback}); the loop returns whether some |x| exceeds the limit, tested per vector in float
     * lanes (a vector carried from one iteration to the next, an integer max of the |x| bits, was boxed by C2 on
     * each iteration when the loop was compiled for short calls: 3.5 ms instead of 0.75). The whole computation
     * is written inside the loop: a call with vector arguments that C2 does not inline boxes them (3.4 ms per 1M
     * elements instead of 1).
     */
    private static boolean trigLoop(float[] a, float[] o, int lo, int hi, boolean cos) {
        boolean large = false;
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = FloatVector.fromArray(HF, a, i);
            large |= xf.abs().compare(VectorOperators.GT, F_TRIG_LIMIT).anyTrue();
            DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector t;
            DoubleVector r;
            if (cos) { // r' = (n + 1/2) pi - x: the same three steps with the signs turned
                t = x.fma(INV_PI_D, NEG_HALF_D).add(SHIFTER_D);
                DoubleVector m = t.sub(SHIFTER_D).add(HALF_D);
                r = m.fma(PI_1_D, x.neg());
                r = m.fma(PI_2_D, r);
                r = m.fma(PI_3_D, r);
            } else {
                t = x.fma(INV_PI_D, SHIFTER_D);
                DoubleVector n = t.sub(SHIFTER_D);
                r = n.fma(NEG_PI_1_D, x);
                r = n.fma(NEG_PI_2_D, r);
                r = n.fma(NEG_PI_3_D, r);
            }
            DoubleVector z = r.mul(r);
            DoubleVector q = SIN_C7.fma(z, SIN_C6).fma(z, SIN_C5).fma(z, SIN_C4).fma(z, SIN_C3).fma(z, SIN_C2).fma(z, SIN_C1).fma(z, SIN_C0);
            DoubleVector s = r.mul(q.fma(z, ONE_D));
            LongVector sign = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 63L);
            DoubleVector y = s.reinterpretAsLongs().lanewise(VectorOperators.XOR, sign).reinterpretAsDoubles();
            ((FloatVector) y.convertShape(VectorOperators.D2F, HF, 0)).intoArray(o, i);
        }
        return large;
    }

    /**
     * {@link #trigLoop} for the elements of a tail shorter than one vector, one at a time: the same operations in
     * the same order on doubles ({@link Math#fma} is the lanes' fused multiply-add, {@code (float)} their
     * round-to-nearest narrowing, the sign the same bit moved and xored), so the same bits; the same |x| test
     * (NaN not counted, in float). A one-element float32 sin or cos (a scalar chain, the cos of sin's gradient
     * rule) before went through a zero-padded temporary vector and two copies, which JFR put at about a quarter
     * of a recorded scalar op of ScalarChainBench's chain (FloatVector.intoArray alone 7-11% of the samples).
     * Measured with the chain (CPU time per op, builds alternating in one JVM, p10 / median): see
     * {@code io.gradtape.internal.ops.Dispatch}. (A change by the helper "chain" to f32kern's file.)
     */
    private static boolean trigTail(float[] a, float[] o, int lo, int hi, boolean cos) {
        boolean large = false;
        for (int i = lo; i < hi; i++) {
            float xf = a[i];
            large |= Math.abs(xf) > TRIG_LIMIT;
            double x = xf;
            double t;
            double r;
            if (cos) {
                t = Math.fma(x, INV_PI, -0.5) + SHIFTER;
                double m = t - SHIFTER + 0.5;
                r = Math.fma(m, PI_1, -x);
                r = Math.fma(m, PI_2, r);
                r = Math.fma(m, PI_3, r);
            } else {
                t = Math.fma(x, INV_PI, SHIFTER);
                double n = t - SHIFTER;
                r = Math.fma(n, -PI_1, x);
                r = Math.fma(n, -PI_2, r);
                r = Math.fma(n, -PI_3, r);
            }
            double z = r * r;
            double q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(SIN_Q7, z, SIN_Q6), z, SIN_Q5),
                    z, SIN_Q4), z, SIN_Q3), z, SIN_Q2), z, SIN_Q1), z, SIN_Q0);
            double s = r * Math.fma(q, z, 1.0);
            long sign = Double.doubleToRawLongBits(t) << 63;
            o[i] = (float) Double.longBitsToDouble(Double.doubleToRawLongBits(s) ^ sign);
        }
        return large;
    }

    /**
     * Elements beyond {@link #TRIG_LIMIT}, infinite or NaN: fdlibm's sin and cos in double ({@code StrictMath},
     * within 1 ulp; NaN for infinities and NaN).
     */
    private static void trigFallback(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            if (!(Math.abs(a[j]) <= TRIG_LIMIT)) { // NaN too: StrictMath gives NaN, as the vector code
                o[j] = (float) (p == Primitive.SIN ? StrictMath.sin(a[j]) : StrictMath.cos(a[j]));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- pow

    /**
     * {@code o[i] = a[i * as] ** b[i * bs]} for i in {@code [lo, hi)}, strides 0 (a one-element operand) or 1,
     * in two passes. {@link #powMagnitude}: {@code |a|^b = e^(b ln|a|)} in double lanes with
     * {@link #log(DoubleVector)} and {@link #exp(DoubleVector)} (relative error below 1e-12 each; {@code b ln|a|}
     * stays within 1e-12 relative, so the result within {@code 1e-10} relative), rounded once to float: at most
     * 1 ulp. Zeros and infinities come out of the same formula ({@code ln 0 = -inf}). Then {@link #powSign} in
     * float lanes (exact operations on the rounded value): a negative base (or -0, -inf) with an odd integer
     * exponent negates, a finite negative base with a finite non-integer exponent gives NaN, and {@code b = 0} or
     * {@code a = 1} give 1 for every other operand, NaN included, and so does {@code a = -1} with
     * {@code b = +-inf} ({@code Math.pow} says NaN for {@code pow(1, NaN)}, {@code pow(1, +-inf)} and
     * {@code pow(-1, +-inf)}; IEEE 754, C99 and the scalar kernel say 1). One pass held too
     * many vector operations for C2's inlining budget (NodeCountInliningCutoff: 7 ms per 1M elements, boxed).
     */
    static void pow32(float[] a, int as, float[] b, int bs, float[] o, int lo, int hi) {
        int bound = lo + F.loopBound(hi - lo);
        powMagnitude(a, as, b, bs, o, lo, bound);
        powSign(a, as, b, bs, o, lo, bound);
        if (bound < hi) {
            int len = F.length();
            float[] ta = new float[len], tb = new float[len], to = new float[len];
            for (int j = bound; j < hi; j++) {
                ta[j - bound] = a[j * as];
                tb[j - bound] = b[j * bs];
            }
            powMagnitude(ta, 1, tb, 1, to, 0, len);
            powSign(ta, 1, tb, 1, to, 0, len);
            System.arraycopy(to, 0, o, bound, hi - bound);
        }
    }

    private static void powMagnitude(float[] a, int as, float[] b, int bs, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector xf = as == 1 ? FloatVector.fromArray(HF, a, i) : FloatVector.broadcast(HF, a[0]);
            FloatVector yf = bs == 1 ? FloatVector.fromArray(HF, b, i) : FloatVector.broadcast(HF, b[0]);
            FloatVector af = xf.abs();
            DoubleVector x = (DoubleVector) af.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector y = (DoubleVector) yf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector p = y.mul(logCore(x));
            DoubleVector r;
            if (af.compare(VectorOperators.GT, F_0).and(af.compare(VectorOperators.LT, F_INF)).allTrue()
                    && p.abs().compare(VectorOperators.LE, EXP_MAX_D).allTrue()) {
                r = expCore(p); // every lane ordinary: the same bits as the general line below, without its blends
            } else {
                r = exp(y.mul(log(x)));
            }
            ((FloatVector) r.convertShape(VectorOperators.D2F, HF, 0)).intoArray(o, i);
        }
    }

    /**
     * The signs and special values of pow on the magnitudes in {@code o}. y is an integer when {@code |y| >= 2^23}
     * or {@code rint(|y|) = |y|}, {@code rint} by adding and subtracting 2^23; its parity is the low bit of
     * {@code |y| + 2^23} (below 2^23) or of |y| itself (from 2^23 to 2^24; above, every float is even).
     */
    private static void powSign(float[] a, int as, float[] b, int bs, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += HF.length()) {
            FloatVector x = as == 1 ? FloatVector.fromArray(HF, a, i) : FloatVector.broadcast(HF, a[0]);
            FloatVector y = bs == 1 ? FloatVector.fromArray(HF, b, i) : FloatVector.broadcast(HF, b[0]);
            FloatVector r = FloatVector.fromArray(HF, o, i);
            FloatVector ay = y.abs();
            FloatVector shifted = ay.add(H_TWO_23);
            VectorMask<Float> small = ay.compare(VectorOperators.LT, H_TWO_23);
            VectorMask<Float> integral = shifted.sub(H_TWO_23).compare(VectorOperators.EQ, ay)
                    .or(ay.compare(VectorOperators.GE, H_TWO_23));
            IntVector low = ay.blend(shifted, small).reinterpretAsInts().lanewise(VectorOperators.LSHL, 31);
            VectorMask<Float> odd = low.compare(VectorOperators.NE, 0).cast(HF).and(integral)
                    .and(ay.compare(VectorOperators.LT, H_TWO_24));
            IntVector sign = x.reinterpretAsInts().and(H_SIGN);
            r = r.reinterpretAsInts().or(sign).reinterpretAsFloats().blend(r, odd.not());
            VectorMask<Float> nan = x.compare(VectorOperators.LT, H_ZERO).and(x.compare(VectorOperators.GT, H_NEG_INF))
                    .and(ay.compare(VectorOperators.LT, H_INF)).and(integral.not());
            r = r.blend(H_NAN, nan);
            VectorMask<Float> one = y.compare(VectorOperators.EQ, H_ZERO).or(x.compare(VectorOperators.EQ, H_ONE))
                    .or(x.compare(VectorOperators.EQ, H_MINUS_ONE).and(ay.compare(VectorOperators.EQ, H_INF)));
            r.blend(H_ONE, one).intoArray(o, i);
        }
    }

    // ------------------------------------------------------------------------------ double helpers (pow)
    // double constants of exp and log as vectors (as the float ones: fewer IR nodes, no inlining cut-off); R_n = 1/n!
    private static final DoubleVector NEG_LN2_HI_D = DoubleVector.broadcast(D, -LN2_HI);
    private static final DoubleVector NEG_LN2_LO_D = DoubleVector.broadcast(D, -LN2_LO);
    private static final DoubleVector R10_D = DoubleVector.broadcast(D, 1.0 / 3628800);
    private static final DoubleVector R9_D = DoubleVector.broadcast(D, 1.0 / 362880);
    private static final DoubleVector R8_D = DoubleVector.broadcast(D, 1.0 / 40320);
    private static final DoubleVector R7_D = DoubleVector.broadcast(D, 1.0 / 5040);
    private static final DoubleVector R6_D = DoubleVector.broadcast(D, 1.0 / 720);
    private static final DoubleVector R5_D = DoubleVector.broadcast(D, 1.0 / 120);
    private static final DoubleVector R4_D = DoubleVector.broadcast(D, 1.0 / 24);
    private static final DoubleVector R3_D = DoubleVector.broadcast(D, 1.0 / 6);
    private static final DoubleVector INV13_D = DoubleVector.broadcast(D, 1.0 / 13);
    private static final DoubleVector INV11_D = DoubleVector.broadcast(D, 1.0 / 11);
    private static final DoubleVector INV9_D = DoubleVector.broadcast(D, 1.0 / 9);
    private static final DoubleVector INV7_D = DoubleVector.broadcast(D, 1.0 / 7);
    private static final DoubleVector INV5_D = DoubleVector.broadcast(D, 1.0 / 5);
    private static final DoubleVector INV3_D = DoubleVector.broadcast(D, 1.0 / 3);
    private static final DoubleVector LN2_D = DoubleVector.broadcast(D, LN2);
    private static final DoubleVector ONE_D = DoubleVector.broadcast(D, 1.0), HALF_D = DoubleVector.broadcast(D, 0.5);
    private static final DoubleVector EXP_MIN_D = DoubleVector.broadcast(D, -708.0), EXP_MAX_D = DoubleVector.broadcast(D, 708.0);
    private static final DoubleVector LOG2E_D = DoubleVector.broadcast(D, LOG2E), SHIFTER_D = DoubleVector.broadcast(D, SHIFTER);
    private static final DoubleVector EXP_BIAS_D = DoubleVector.broadcast(D, 0x1p52 + 1023), SQRT2_D = DoubleVector.broadcast(D, SQRT2);


    /** Bits of (about) sqrt(1/2): subtracting them from x's bits puts the exponent of x / sqrt(1/2) in the top bits. */
    private static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;
    // float-lane constants of the clamps and special values
    private static final FloatVector F_0 = FloatVector.zero(HF), F_INF = FloatVector.broadcast(HF, Float.POSITIVE_INFINITY);
    private static final FloatVector F_NEG_INF = FloatVector.broadcast(HF, Float.NEGATIVE_INFINITY);
    private static final FloatVector F_NAN = FloatVector.broadcast(HF, Float.NaN), F_20 = FloatVector.broadcast(HF, 20f);
    private static final FloatVector F_TRIG_LIMIT = FloatVector.broadcast(HF, TRIG_LIMIT);
    private static final FloatVector F_89 = FloatVector.broadcast(HF, 89f), F_M30 = FloatVector.broadcast(HF, -30f);
    private static final FloatVector F_M1 = FloatVector.broadcast(HF, -1f), F_395 = FloatVector.broadcast(HF, 3.95f);
    /**
     * Below this |x| a float's {@code ln(1 + x)} rounds to x itself (it differs from x by about {@code x^2 / 2},
     * under {@code 2^-30 |x|}; a float's half ulp is more than {@code 2^-25 |x|}), and above it {@code 1 + x} is
     * exact in double.
     */
    private static final FloatVector F_LOG1P_TINY = FloatVector.broadcast(HF, 0x1p-29f);
    /**
     * expLoop's constants, in full-width float lanes: log2e and the shifter 1.5 * 2^23 (adding it rounds a float below
     * 2^22 to an integer, kept in the low bits of the sum); ln2 in two parts (LN2_HI = 0x1.62e4p-1 has 16 significant
     * bits, so {@code k LN2_HI} is exact for |k| < 256; LN2_LO = ln2 - LN2_HI rounded to float); the polynomial
     * {@code e^r ~ 1 + r + r^2 (C2 + C3 r + C4 r^2 + C5 r^3 + C6 r^4)} ({@code scripts/fixtures/exp_float_fit.py},
     * relative error 3.8e-9 on {@code |r| <= 1.0001 ln2/2}); the clamp of the rare loop (sigmoidLoop: the same, and 0).
     */
    private static final FloatVector EXPF_LOG2E = FloatVector.broadcast(F, 1.442695f),
            EXPF_SHIFTER = FloatVector.broadcast(F, 0x1.8p23f), EXPF_NEG_LN2_HI = FloatVector.broadcast(F, -0x1.62e4p-1f),
            EXPF_NEG_LN2_LO = FloatVector.broadcast(F, (float) -(LN2 - 0x1.62e4p-1)),
            EXPF_C2 = FloatVector.broadcast(F, 0x1.fffffcp-2f), EXPF_C3 = FloatVector.broadcast(F, 0x1.555492p-3f),
            EXPF_C4 = FloatVector.broadcast(F, 0x1.5558f2p-5f), EXPF_C5 = FloatVector.broadcast(F, 0x1.1239e2p-7f),
            EXPF_C6 = FloatVector.broadcast(F, 0x1.6a2434p-10f), EXPF_ONE = FloatVector.broadcast(F, 1f),
            EXPF_MIN = FloatVector.broadcast(F, -104f), EXPF_MAX = FloatVector.broadcast(F, 89f),
            EXPF_ZERO = FloatVector.zero(F);
    private static final int EXPF_SHIFTER_BITS = Float.floatToRawIntBits(0x1.8p23f);
    /** The rare loops: the bits of 1f (sigmoidRare's s) and of 1.0. */
    private static final IntVector I_EXPF_ONE_BITS = IntVector.broadcast(I, Float.floatToRawIntBits(1f));
    private static final long ONE_BITS_D = Double.doubleToRawLongBits(1.0);
    private static final FloatVector F_700 = FloatVector.broadcast(HF, 700f);
    /** expLoop and sigmoidLoop: floats per block (a multiple of every vector length), also the scan's lead. */
    private static final int EXP_BLOCK = 1024;
    /** expLoop and sigmoidLoop: up to this |x| every e^x, e^-|x| is a normal float, and the block takes the fast loop. */
    private static final float EXP_FAST = 86f;
    private static final IntVector I_EXP_FAST = IntVector.broadcast(I, Float.floatToIntBits(EXP_FAST));
    /** The bits of |x| for floats in the full-width int species (the block scan of expLoop and sigmoidLoop). */
    private static final IntVector I_ABS = IntVector.broadcast(I, 0x7FFFFFFF);
    private static final VectorSpecies<Long> DL = D.withLanes(long.class);
    /** The bits of |x| for floats (as integers, ordered as the magnitudes, NaN above infinity), and of 700. */
    private static final IntVector H_ABS = IntVector.broadcast(HI, 0x7FFFFFFF);
    private static final IntVector H_700 = IntVector.broadcast(HI, Float.floatToIntBits(700f));
    /** 1/pi; pi in three parts, twice fdlibm's parts of pi/2 (exact doublings): {@code n * PI_1} exact for n < 2^20. */
    private static final double INV_PI = 0.3183098861837907, PI_1 = 2 * PIO2_1, PI_2 = 2 * PIO2_2, PI_3 = 2 * PIO2_3;
    private static final DoubleVector INV_PI_D = DoubleVector.broadcast(D, INV_PI);
    private static final DoubleVector PI_1_D = DoubleVector.broadcast(D, PI_1), NEG_PI_1_D = PI_1_D.neg();
    private static final DoubleVector PI_2_D = DoubleVector.broadcast(D, PI_2), NEG_PI_2_D = PI_2_D.neg();
    private static final DoubleVector PI_3_D = DoubleVector.broadcast(D, PI_3), NEG_PI_3_D = PI_3_D.neg();
    private static final DoubleVector NEG_HALF_D = DoubleVector.broadcast(D, -0.5);
    /**
     * trigLoop's {@code sin r = r (1 + z (SIN_C0 + SIN_C1 z + ... + SIN_C7 z^7))}, {@code |r| <= pi/2}; SIN_Qk the
     * same coefficients as doubles for {@link #trigTail}.
     */
    private static final double SIN_Q0 = -0.16666666666666666, SIN_Q1 = 0.008333333333333316,
            SIN_Q2 = -0.00019841269841254974, SIN_Q3 = 2.7557319219163234e-06, SIN_Q4 = -2.5052107616996182e-08,
            SIN_Q5 = 1.6058977312464087e-10, SIN_Q6 = -7.643970296798572e-13, SIN_Q7 = 2.7314447669863995e-15;
    private static final DoubleVector SIN_C0 = DoubleVector.broadcast(D, SIN_Q0),
            SIN_C1 = DoubleVector.broadcast(D, SIN_Q1), SIN_C2 = DoubleVector.broadcast(D, SIN_Q2),
            SIN_C3 = DoubleVector.broadcast(D, SIN_Q3), SIN_C4 = DoubleVector.broadcast(D, SIN_Q4),
            SIN_C5 = DoubleVector.broadcast(D, SIN_Q5), SIN_C6 = DoubleVector.broadcast(D, SIN_Q6),
            SIN_C7 = DoubleVector.broadcast(D, SIN_Q7);
    private static final DoubleVector R11_D = DoubleVector.broadcast(D, 1.0 / 39916800);
    private static final DoubleVector INV15_D = DoubleVector.broadcast(D, 1.0 / 15);
    private static final DoubleVector TWO_D = DoubleVector.broadcast(D, 2.0), ZERO_D = DoubleVector.zero(D);

    // erf: the Taylor coefficients 2/sqrt(pi) (-1)^n / (n! (2n + 1)) of |x| <= 1/2, the clamp, the interval centres
    // and the coefficients ERF_Aj, ERF_Bj of d^j (see erfLoop)
    private static final DoubleVector ERF_S0 = DoubleVector.broadcast(D, 1.1283791670955126);
    private static final DoubleVector ERF_S1 = DoubleVector.broadcast(D, -0.37612638903183754);
    private static final DoubleVector ERF_S2 = DoubleVector.broadcast(D, 0.11283791670955126);
    private static final DoubleVector ERF_S3 = DoubleVector.broadcast(D, -0.026866170645131252);
    private static final DoubleVector ERF_S4 = DoubleVector.broadcast(D, 0.005223977625442188);
    private static final DoubleVector ERF_S5 = DoubleVector.broadcast(D, -0.0008548327023450853);
    private static final DoubleVector ERF_S6 = DoubleVector.broadcast(D, 0.00012055332981789664);
    private static final DoubleVector ERF_S7 = DoubleVector.broadcast(D, -1.492565035840625e-05);
    private static final DoubleVector ERF_S8 = DoubleVector.broadcast(D, 1.6462114365889248e-06);
    private static final DoubleVector ERF_S9 = DoubleVector.broadcast(D, -1.6365844691234924e-07);
    private static final DoubleVector ERF_S10 = DoubleVector.broadcast(D, 1.4807192815879218e-08);
    private static final DoubleVector ERF_A0 = DoubleVector.broadcast(D, 0.8427007929497158);
    private static final DoubleVector ERF_A1 = DoubleVector.broadcast(D, 0.41510749742059433);
    private static final DoubleVector ERF_A2 = DoubleVector.broadcast(D, -0.41510749742106184);
    private static final DoubleVector ERF_A3 = DoubleVector.broadcast(D, 0.1383691658070454);
    private static final DoubleVector ERF_A4 = DoubleVector.broadcast(D, 0.06918458294269608);
    private static final DoubleVector ERF_A5 = DoubleVector.broadcast(D, -0.06918458291861056);
    private static final DoubleVector ERF_A6 = DoubleVector.broadcast(D, 0.004612304268958771);
    private static final DoubleVector ERF_A7 = DoubleVector.broadcast(D, 0.015154718646601367);
    private static final DoubleVector ERF_A8 = DoubleVector.broadcast(D, -0.004777010917205126);
    private static final DoubleVector ERF_A9 = DoubleVector.broadcast(D, -0.0018851960489583073);
    private static final DoubleVector ERF_A10 = DoubleVector.broadcast(D, 0.001226118002175987);
    private static final DoubleVector ERF_A11 = DoubleVector.broadcast(D, 8.558992999186285e-05);
    private static final DoubleVector ERF_A12 = DoubleVector.broadcast(D, -0.00019924884882431643);
    private static final DoubleVector ERF_A13 = DoubleVector.broadcast(D, 1.840146713565018e-05);
    private static final DoubleVector ERF_A14 = DoubleVector.broadcast(D, 2.1698650739828533e-05);
    private static final DoubleVector ERF_A15 = DoubleVector.broadcast(D, -4.684632685878597e-06);
    private static final DoubleVector ERF_B0 = DoubleVector.broadcast(D, 0.9998836690515923);
    private static final DoubleVector ERF_B1 = DoubleVector.broadcast(D, 0.0006722752101505381);
    private static final DoubleVector ERF_B2 = DoubleVector.broadcast(D, -0.0018319499480994514);
    private static final DoubleVector ERF_B3 = DoubleVector.broadcast(D, 0.003103950668204858);
    private static final DoubleVector ERF_B4 = DoubleVector.broadcast(D, -0.0036184827911340117);
    private static final DoubleVector ERF_B5 = DoubleVector.broadcast(D, 0.0030129610545132665);
    private static final DoubleVector ERF_B6 = DoubleVector.broadcast(D, -0.0017718443330993847);
    private static final DoubleVector ERF_B7 = DoubleVector.broadcast(D, 0.0006621356002666875);
    private static final DoubleVector ERF_B8 = DoubleVector.broadcast(D, -7.139831631805942e-05);
    private static final DoubleVector ERF_B9 = DoubleVector.broadcast(D, -8.55125534547097e-05);
    private static final DoubleVector ERF_B10 = DoubleVector.broadcast(D, 5.929541973093093e-05);
    private static final DoubleVector ERF_B11 = DoubleVector.broadcast(D, -1.538621034373649e-05);
    private static final DoubleVector ERF_B12 = DoubleVector.broadcast(D, -1.9924794274749623e-06);
    private static final DoubleVector ERF_B13 = DoubleVector.broadcast(D, 3.0067814636653532e-06);
    private static final DoubleVector ERF_B14 = DoubleVector.broadcast(D, -9.124248523385274e-07);
    private static final DoubleVector ERF_B15 = DoubleVector.broadcast(D, -4.2506677111929916e-08);
    private static final DoubleVector ERF_B16 = DoubleVector.broadcast(D, 1.246487590147326e-07);
    private static final DoubleVector ERF_B17 = DoubleVector.broadcast(D, -3.403385449010701e-08);
    private static final DoubleVector ERF_B18 = DoubleVector.broadcast(D, -4.570646585492209e-09);
    private static final DoubleVector ERF_B19 = DoubleVector.broadcast(D, 4.143088605880187e-09);
    private static final DoubleVector ERF_B20 = DoubleVector.broadcast(D, -1.8144101617988985e-10);
    private static final DoubleVector ERF_B21 = DoubleVector.broadcast(D, -1.874572111551985e-10);
    private static final DoubleVector ERF_MB = DoubleVector.broadcast(D, 2.725);

    // float constants of pow's second pass, as static final vectors: a broadcast inside a loop adds IR nodes,
    // and a pow loop with them exceeded C2's inlining budget (NodeCountInliningCutoff) and boxed every vector
    private static FloatVector vf(float v) {
        return FloatVector.broadcast(F, v);
    }

    private static final FloatVector ZERO = vf(0f), ONE = vf(1f), INF = vf(Float.POSITIVE_INFINITY);
    private static final FloatVector NEG_INF = vf(Float.NEGATIVE_INFINITY), NAN = vf(Float.NaN);
    private static final FloatVector TWO_23 = vf(0x1p23f), TWO_24 = vf(0x1p24f);
    private static final IntVector SIGN = IntVector.broadcast(I, 0x80000000);
    // the same in half-width float lanes (powSign): masks of 256-bit vectors are plain AVX vectors, cheaper in JDK 17
    private static final FloatVector H_ZERO = FloatVector.zero(HF), H_ONE = FloatVector.broadcast(HF, 1f);
    private static final FloatVector H_MINUS_ONE = FloatVector.broadcast(HF, -1f);
    private static final FloatVector H_INF = FloatVector.broadcast(HF, Float.POSITIVE_INFINITY);
    private static final FloatVector H_NEG_INF = FloatVector.broadcast(HF, Float.NEGATIVE_INFINITY);
    private static final FloatVector H_NAN = FloatVector.broadcast(HF, Float.NaN);
    private static final FloatVector H_TWO_23 = FloatVector.broadcast(HF, 0x1p23f), H_TWO_24 = FloatVector.broadcast(HF, 0x1p24f);
    private static final IntVector H_SIGN = IntVector.broadcast(HI, 0x80000000);

    /**
     * {@code e^x} in double for {@code |x| <= 708} (the callers clamp in float lanes): {@code x = k ln2 + r} with
     * {@code k = rint(x / ln2)} and {@code |r| <= ln2 / 2} (two-part ln2, exact products), {@code e^r} by its
     * Taylor polynomial of degree 10 (remainder {@code < 0.347^11 / 11! ~ 2.2e-13}), times {@code 2^k} built in
     * the exponent bits.
     */
    static DoubleVector expCore(DoubleVector x) {
        DoubleVector t = x.fma(LOG2E_D, SHIFTER_D);
        DoubleVector k = t.sub(SHIFTER_D);
        DoubleVector r = k.fma(NEG_LN2_HI_D, x);
        r = k.fma(NEG_LN2_LO_D, r);
        DoubleVector p = R10_D;
        p = p.fma(r, R9_D);
        p = p.fma(r, R8_D);
        p = p.fma(r, R7_D);
        p = p.fma(r, R6_D);
        p = p.fma(r, R5_D);
        p = p.fma(r, R4_D);
        p = p.fma(r, R3_D);
        p = p.fma(r, HALF_D);
        p = p.fma(r, ONE_D);
        p = p.fma(r, ONE_D);
        LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);
        DoubleVector scale = ki.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
        return p.mul(scale);
    }

    /**
     * {@code ln x} in double for a positive finite x from a float (a normal double; other lanes give values the
     * caller replaces): {@code x = 2^e m} with {@code m in [sqrt(1/2), sqrt(2))} by integer operations on the bits
     * (subtracting the bits of sqrt(1/2) puts the exponent of {@code x / sqrt(1/2)} in the top bits; no compare or
     * blend), {@code ln m = 2 atanh(s)}, {@code s = (m - 1) / (m + 1)}, {@code |s| <= 0.1716}, by its odd series to
     * {@code s^13} (remainder {@code < s^15 / 15 ~ 2.2e-13} relative), then {@code e ln2 + ln m}.
     */
    static DoubleVector logCore(DoubleVector x) {
        LongVector bits = x.reinterpretAsLongs();
        LongVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52L);
        DoubleVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 52L)).reinterpretAsDoubles();
        DoubleVector ed = e.add(SHIFTER_BITS).reinterpretAsDoubles().sub(SHIFTER_D);
        DoubleVector s = m.sub(ONE_D).div(m.add(ONE_D));
        DoubleVector z = s.mul(s);
        DoubleVector q = INV13_D;
        q = q.fma(z, INV11_D);
        q = q.fma(z, INV9_D);
        q = q.fma(z, INV7_D);
        q = q.fma(z, INV5_D);
        q = q.fma(z, INV3_D);
        q = q.fma(z, ONE_D);
        return ed.fma(LN2_D, s.add(s).mul(q));
    }

    /**
     * {@code e^x} in double, for any x (clamped to [-708, 708], where e^x is a normal double, which is enough for
     * every float32 result: e^708 overflows a float and e^-708 underflows it). {@code x = k ln2 + r} with
     * {@code k = rint(x / ln2)} and {@code |r| <= ln2 / 2} (two-part ln2, exact products), {@code e^r} by its Taylor
     * polynomial of degree 10 (remainder {@code < 0.347^11 / 11! ~ 2.2e-13}), times {@code 2^k} built in the
     * exponent bits.
     */
    static DoubleVector exp(DoubleVector x) {
        x = x.max(EXP_MIN_D).min(EXP_MAX_D); // NaN stays NaN (lanewise max/min propagate it, as Math.max does)
        DoubleVector t = x.fma(LOG2E_D, SHIFTER_D);
        DoubleVector k = t.sub(SHIFTER_D);
        DoubleVector r = k.fma(NEG_LN2_HI_D, x);
        r = k.fma(NEG_LN2_LO_D, r);
        DoubleVector p = R10_D;
        p = p.fma(r, R9_D);
        p = p.fma(r, R8_D);
        p = p.fma(r, R7_D);
        p = p.fma(r, R6_D);
        p = p.fma(r, R5_D);
        p = p.fma(r, R4_D);
        p = p.fma(r, R3_D);
        p = p.fma(r, HALF_D);
        p = p.fma(r, ONE_D);
        p = p.fma(r, ONE_D);
        LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS); // k as an integer (|k| <= 1022)
        DoubleVector scale = ki.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
        return p.mul(scale);
    }

    /**
     * {@code ln x} in double for float inputs (always normal in double). {@code x = m 2^e} with
     * {@code m in [sqrt(1/2), sqrt(2))}; {@code ln m = 2 atanh(s)}, {@code s = (m - 1) / (m + 1)},
     * {@code |s| <= 0.1716}, by its odd series to {@code s^13} (remainder {@code < s^15 / 15 ~ 2.2e-13} relative);
     * then {@code e ln2 + ln m}. Zero, negatives, infinity and NaN are set at the end.
     */
    static DoubleVector log(DoubleVector x) {
        LongVector bits = x.reinterpretAsLongs();
        DoubleVector m = bits.and(0x000FFFFFFFFFFFFFL).or(0x3FF0000000000000L).reinterpretAsDoubles();
        // the biased exponent as a double: OR it into the mantissa of 2^52, subtract 2^52 + 1023
        DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52L).or(0x4330000000000000L).reinterpretAsDoubles()
                .sub(EXP_BIAS_D);
        VectorMask<Double> big = m.compare(VectorOperators.GT, SQRT2_D);
        m = m.blend(m.mul(HALF_D), big);
        e = e.blend(e.add(ONE_D), big);
        DoubleVector s = m.sub(ONE_D).div(m.add(ONE_D));
        DoubleVector z = s.mul(s);
        DoubleVector q = INV13_D;
        q = q.fma(z, INV11_D);
        q = q.fma(z, INV9_D);
        q = q.fma(z, INV7_D);
        q = q.fma(z, INV5_D);
        q = q.fma(z, INV3_D);
        q = q.fma(z, ONE_D);
        DoubleVector y = e.fma(LN2_D, s.add(s).mul(q));
        y = y.blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0.0));
        y = y.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
        return y.blend(Double.NaN, x.compare(VectorOperators.LT, 0.0).or(x.compare(VectorOperators.NE, x)));
    }

    /**
     * {@code tanh x}: {@code sign(x) (1 - e) / (1 + e)} with {@code e = e^(-2|x|)}; for {@code |x| < 2^-10},
     * where {@code 1 - e} would cancel, {@code x - x^3/3 + 2x^5/15} (next term {@code 17x^7/315}, relative
     * {@code < 2^-60}). Relative error below {@code 1e-12} on both branches (the first loses at most
     * {@code log2(1 / 2|x|) <= 9} bits of e's 52).
     */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector ax = x.abs();
        DoubleVector e = exp(ax.mul(-2.0));
        DoubleVector big = e.neg().add(1.0).div(e.add(1.0));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0.0));
        DoubleVector z = x.mul(x);
        DoubleVector small = x.mul(z.fma(2.0 / 15, -1.0 / 3).fma(z, DoubleVector.broadcast(D, 1.0))); // x (1 + ...): tanh(-0) = -0
        return big.blend(small, ax.compare(VectorOperators.LT, 0x1p-10));
    }


    /** {@code 1 / (1 + e^-x)}: no cancellation anywhere, relative error that of {@link #exp} plus two roundings. */
    static DoubleVector sigmoid(DoubleVector x) {
        return DoubleVector.broadcast(D, 1.0).div(exp(x.neg()).add(1.0));
    }
}
