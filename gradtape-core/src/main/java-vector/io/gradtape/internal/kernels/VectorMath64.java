package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 {@code exp}, {@code log}, {@code log1p}, {@code expm1}, {@code sin}, {@code cos}, {@code tanh},
 * {@code sigmoid}, {@code erf} and {@code pow} with the Vector API.
 *
 * <p><b>Accuracy.</b> Each function reduces its argument exactly (or into a head and a tail that together carry
 * it to about 2^-62 relative or better), evaluates a polynomial (Taylor's, or for exp's a fit) whose error is
 * below 2^-57 of the result, and
 * keeps the result as an unevaluated sum {@code hi + lo} of two doubles (error-free transformations: Fast2Sum,
 * TwoSum, the product error {@code fma(a, b, -ab)}) until one last rounding. The error is then half an ulp from
 * that rounding plus a few hundredths of an ulp from the rest, so every result is within 1 ulp of the
 * correctly rounded one (at most one rounding-direction disagreement, near a midpoint). The sweep of
 * {@code VectorMath64AccuracyTest}, against a 40-digit {@code BigDecimal} reference, measures the bound per op; the
 * numbers are in {@code Tensors}' Javadoc. Special values follow {@link Math}: NaN in, NaN out; infinities,
 * signed zeros, subnormal inputs and results, overflow and underflow as {@code Math} gives them.
 *
 * <p><b>Determinism.</b> As {@code VectorMath}: only exactly specified IEEE operations (add, sub, mul, div, fma,
 * compares, blends, bit operations), never {@code lanewise(EXP)} and the like, so the interpreter, C1 and C2
 * compute the same bits; the tail of an array goes through the same vector code (padded), so a value's result
 * does not depend on the length, the chunking or the thread count. Lanes the vector code does not cover
 * ({@code |x| > 707}, inf and NaN for exp and sigmoid; {@code |x| > 2^19}, inf, NaN and x within {@code 2^-27} of a
 * multiple of pi/2 for sin and cos; for pow non-positive or non-finite operands and results near the limits, see
 * {@link #pow64}) are recomputed with {@link StrictMath} (fdlibm, under 1 ulp), also the same bits everywhere: the
 * vector loop reports whether a block had such lanes, and a scalar pass over the block finds them again with the
 * same test.
 *
 * <p>Constants: the split of {@code ln 2} into parts whose multiples by small integers are exact is fdlibm's
 * published value ({@code e_exp.c}); pi/2 is split into the nearest double and the nearest double to the rest; the
 * polynomial coefficients are Taylor coefficients {@code 1/n!} and {@code 2/(2n+1)}, rounded once from exact
 * integers, and for exp (also in expm1, tanh, sigmoid, erf, pow) a fit computed with mpmath (see {@link #expLoop}).
 */
final class VectorMath64 {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 = LN2_HI + LN2_LO + O(2^-100); LN2_HI has 32 significant bits, so {@code k * LN2_HI} is exact for |k| < 2^21. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /**
     * {@code (e^r - 1 - r) / r^2} on {@code |r| <= ln2/2}, degree 10 (Chebyshev interpolation, mpmath, 60 digits;
     * {@code |r^2 (q - fit)| < 2^-61} with the coefficients as rounded here).
     */
    private static final double EXP_Q0 = 0.5, EXP_Q1 = 0.1666666666666667, EXP_Q2 = 0.04166666666666667,
            EXP_Q3 = 0.008333333333326141, EXP_Q4 = 0.0013888888888883752, EXP_Q5 = 0.00019841269874800493,
            EXP_Q6 = 2.4801587325533363e-05, EXP_Q7 = 2.7557255425746435e-06, EXP_Q8 = 2.7557273661348637e-07,
            EXP_Q9 = 2.5105206373957107e-08, EXP_Q10 = 2.0914679376584005e-09;
    /** Adding 1.5 * 2^52 rounds a double below 2^51 to an integer, kept in the low bits of the sum. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    /** Bits of (about) sqrt(1/2): subtracting them from x's bits puts the exponent of x / sqrt(2) in the top bits. */
    private static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;
    private static final double TWO_OVER_PI = 0.6366197723675814;
    /** Above this |x| sin and cos lanes are recomputed with {@link StrictMath} (k would pass 2^19). */
    static final double TRIG_LIMIT = 0x1p19;
    /** pi/2 = PIO2_H + PIO2_M - 1.5e-33: the double nearest pi/2, then the double nearest the rest. */
    private static final double PIO2_H = 1.5707963267948966;
    private static final double PIO2_M = 6.123233995736766e-17;
    /** Below this |x - k PIO2_H| (and for |x| > TRIG_LIMIT, inf, NaN) sin and cos lanes go to {@link StrictMath}. */
    private static final double TRIG_TINY = 0x1p-27;
    /** Up to this |x| exp and sigmoid take the vector path (results normal, {@code 2^k} one exponent add). */
    private static final double EXP_FAST = 707.0;

    private VectorMath64() {
    }

    /** Whether {@code p} has a vector float64 kernel here. */
    static boolean has(Primitive p) {
        return switch (p) {
            case EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH, SIGMOID, ERF -> true;
            default -> false;
        };
    }

    /** {@code o[i] = f(a[i])} for i in {@code [lo, hi)}; {@link #has} must be true. */
    static void unary64(Primitive p, double[] a, double[] o, int lo, int hi) {
        int len = p == Primitive.SIGMOID ? 2 * D.length() : D.length(); // sigmoid's loop takes two vectors a step
        int bound = lo + (hi - lo) / len * len;
        boolean slow = loop(p, a, o, lo, bound);
        if (bound < hi) { // the tail through the same vector code, padded with zeros
            double[] t = new double[len];
            System.arraycopy(a, bound, t, 0, hi - bound);
            slow |= loop(p, t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
        if (slow) { // lanes the vector code leaves to StrictMath, found again by the same (scalar) test
            for (int j = lo; j < hi; j++) {
                double x = a[j];
                switch (p) {
                    case EXP -> {
                        if (!(Math.abs(x) <= EXP_FAST)) {
                            o[j] = StrictMath.exp(x);
                        }
                    }
                    case SIGMOID -> {
                        if (!(Math.abs(x) <= EXP_FAST)) {
                            o[j] = x > 0 ? 1.0 : StrictMath.exp(x); // e^x / (1 + e^x) rounds as e^x here
                        }
                    }
                    case SIN, COS -> {
                        double k = Math.fma(x, TWO_OVER_PI, SHIFTER) - SHIFTER;
                        if (!(Math.abs(x) <= TRIG_LIMIT && Math.abs(Math.fma(-k, PIO2_H, x)) >= TRIG_TINY)) {
                            o[j] = p == Primitive.SIN ? StrictMath.sin(x) : StrictMath.cos(x);
                        }
                    }
                    default -> throw ElementwiseKernels.noKernel("VectorMath64", p);
                }
            }
        }
    }

    /**
     * One loop per op with its whole computation written inside, no helper methods: a vector passed to a method
     * C2 does not inline is boxed, and C2 stops inlining once a method's graph passes its node limit
     * ({@code NodeCountInliningCutoff}), which the Vector API's intrinsics reach early. With the reduction,
     * polynomial and scaling in helpers, exp ran at 4.9 ms and sigmoid at 22 ms per 1M doubles (PrintInlining:
     * a {@code pow2} left out); written inline, like sin (2.4 ms), see scripts/bench_notes.md. {@code hi - lo} is a
     * multiple of the vector length. Returns whether some lane needs the scalar fallback.
     */
    private static boolean loop(Primitive p, double[] a, double[] o, int lo, int hi) {
        switch (p) {
            case EXP -> {
                return expLoop(a, o, lo, hi);
            }
            case LOG -> logLoop(a, o, lo, hi);
            case LOG1P -> log1pLoop(a, o, lo, hi);
            case EXPM1 -> expm1Loop(a, o, lo, hi);
            case TANH -> tanhLoop(a, o, lo, hi);
            case SIGMOID -> {
                return sigmoidLoop(a, o, lo, hi);
            }
            case ERF -> erfLoop(a, o, lo, hi);
            case SIN -> {
                return trigLoop(a, o, lo, hi, 0L);
            }
            case COS -> {
                return trigLoop(a, o, lo, hi, 1L);
            }
            default -> throw ElementwiseKernels.noKernel("VectorMath64", p);
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ exp

    /**
     * {@code e^x = 2^k e^r} for {@code |x| <= 707}: {@code k = rint(x / ln2)}, {@code r = x - k ln2} as
     * {@code rh + rl} ({@code x - k LN2_HI} is exact, the rounding error of subtracting {@code k LN2_LO} is
     * recovered with one more fma); {@code e^r = (1 + rh) + (rl + rh rl + rh^2 q(rh))} with q a degree-10 polynomial
     * fitted to {@code (e^r - 1 - r) / r^2} on {@code |r| <= ln2/2} (Chebyshev interpolation computed with mpmath at
     * 60 digits; with its coefficients rounded to double, {@code |r^2 (q - q(r))| < 2^-61}, where the Taylor series
     * needs degree 12), {@code 1 + rh} split exactly (Fast2Sum), so only the final sum rounds: the rounding errors
     * before it (the sum of the small terms, {@code rh^2}, the polynomial) are below {@code 3 * 2^-57} against a
     * result of at least {@code 2^-0.5}, under 0.2 ulp, so the bound is 0.7 ulp. Then {@code 2^k} is added to the
     * exponent field (the result is normal for {@code |x| <= 707}). Lanes beyond (overflow, subnormal results,
     * inf, NaN) are left to {@link StrictMath#exp} (fdlibm, under 1 ulp); returns whether there are any.
     *
     * <p>The polynomial goes by Estrin's scheme (powers {@code r^2, r^4, r^8}, independent pairs): two more
     * multiplications than Horner's, but a dependency chain of 4 fmas instead of 10, and the loop is bound by
     * latency as much as by throughput (602 -> 544 µs per 1M doubles). Against the former loop (Taylor to degree 14
     * by Horner, clamping with {@code max}/{@code min}, whose Java semantics cost several instructions each, and
     * {@code 2^k} as two products so that subnormal results round once): 1.16-1.22 ms -> 0.52-0.62 ms per 1M
     * doubles, kernel alone, one thread, CPU time, best of 30 (scripts/bench_notes.md).
     */
    private static boolean expLoop(double[] a, double[] o, int lo, int hi) {
        boolean slow = false;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            slow |= !x.abs().compare(VectorOperators.LE, EXP_FAST).allTrue(); // also NaN
            DoubleVector t = x.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1);
            DoubleVector rl = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1.sub(rh));
            DoubleVector r2 = rh.mul(rh); // (e^r - 1 - r) / r^2, degree 10, by Estrin's scheme
            DoubleVector r4 = r2.mul(r2);
            DoubleVector p03 = rh.fma(EXP_Q3, EXP_Q2).fma(r2, rh.fma(EXP_Q1, EXP_Q0));
            DoubleVector p47 = rh.fma(EXP_Q7, EXP_Q6).fma(r2, rh.fma(EXP_Q5, EXP_Q4));
            DoubleVector p810 = r2.fma(DoubleVector.broadcast(D, EXP_Q10), rh.fma(EXP_Q9, EXP_Q8));
            DoubleVector q = p810.fma(r4.mul(r4), p47.fma(r4, p03));
            DoubleVector sl = r2.fma(q, rh.fma(rl, rl));
            DoubleVector h = rh.add(1.0);
            DoubleVector hl = one.sub(h).add(rh);
            LongVector scale = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52L); // k in the exponent field
            h.add(hl.add(sl)).reinterpretAsLongs().add(scale).reinterpretAsDoubles().intoArray(o, i);
        }
        return slow;
    }

    /**
     * {@code e^x - 1 = 2^k ((1 - 2^-k) + e^r - 1)} with r as in {@link #expLoop} and {@code 1 - 2^-k} split exactly
     * (TwoSum): for k = 0 the result is {@code rh + (rl + ...)} with no cancellation, for k != 0 the sum of
     * {@code 1 - 2^-k} and rh is exact, so again one final rounding. x is clamped to [-40, 710]
     * ({@code e^-40 - 1} rounds to -1); {@code |x| < 2^-54} gives x itself (also the sign of a zero).
     */
    private static void expm1Loop(double[] a, double[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, i);
            DoubleVector x = x0.max(-40.0).min(710.0);
            DoubleVector t = x.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1);
            DoubleVector rl = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1.sub(rh));
            DoubleVector q = rh.fma(1.0 / 87178291200L, 1.0 / 6227020800L); // (e^r - 1 - r) / r^2 to r^12/14!
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 479001600));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 39916800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 3628800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 362880));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 40320));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 5040));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 720));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 120));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 24));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 6));
            q = q.fma(rh, DoubleVector.broadcast(D, 0.5));
            DoubleVector sl = rh.mul(rh).fma(q, rh.fma(rl, rl));
            DoubleVector one = DoubleVector.broadcast(D, 1.0);
            DoubleVector pk = ki.min(60L).neg().add(1023L).lanewise(VectorOperators.LSHL, 52L)
                    .reinterpretAsDoubles(); // 2^-k; for k > 60 it no longer matters
            DoubleVector th = one.sub(pk);
            DoubleVector tb = th.sub(one);
            DoubleVector tl = one.sub(th.sub(tb)).add(pk.neg().sub(tb));
            DoubleVector wh = th.add(rh);
            DoubleVector wb = wh.sub(th);
            DoubleVector wl = th.sub(wh.sub(wb)).add(rh.sub(wb));
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1L);
            DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector s2 = ki.sub(k1).add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector y = wh.add(wl.add(tl).add(sl)).mul(s1).mul(s2);
            y.blend(x0, x0.abs().compare(VectorOperators.LT, 0x1p-54)).intoArray(o, i);
        }
    }

    /**
     * {@code tanh|x| = W / (W + 2^(1-k))} where {@code e^(2|x|) - 1 = 2^k W} as in {@link #expm1Loop}, W normalized
     * to {@code wh + wl}, the denominator summed exactly, the quotient corrected once with its fma residual; the sign
     * of x is copied on. |x| is clamped to 20 (tanh rounds to 1 from 19.06); {@code |x| < 2^-27} gives x.
     */
    private static void tanhLoop(double[] a, double[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, i);
            DoubleVector ax = x0.abs();
            DoubleVector x = ax.min(20.0).mul(2.0);
            DoubleVector t = x.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1);
            DoubleVector rl = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1.sub(rh));
            DoubleVector q = rh.fma(1.0 / 87178291200L, 1.0 / 6227020800L); // (e^r - 1 - r) / r^2 to r^12/14!
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 479001600));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 39916800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 3628800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 362880));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 40320));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 5040));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 720));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 120));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 24));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 6));
            q = q.fma(rh, DoubleVector.broadcast(D, 0.5));
            DoubleVector sl = rh.mul(rh).fma(q, rh.fma(rl, rl));
            DoubleVector one = DoubleVector.broadcast(D, 1.0);
            DoubleVector pk = ki.neg().add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles(); // 2^-k, k in [0, 58]
            DoubleVector th = one.sub(pk);
            DoubleVector tb = th.sub(one);
            DoubleVector tl = one.sub(th.sub(tb)).add(pk.neg().sub(tb));
            DoubleVector wh = th.add(rh);
            DoubleVector wb = wh.sub(th);
            DoubleVector wl = th.sub(wh.sub(wb)).add(rh.sub(wb)).add(tl).add(sl);
            DoubleVector w = wh.add(wl); // normalize: |wl| <= half an ulp of w
            wl = wh.sub(w).add(wl);
            DoubleVector two = pk.add(pk);
            DoubleVector dh = w.add(two);
            DoubleVector db = dh.sub(w);
            DoubleVector dl = w.sub(dh.sub(db)).add(two.sub(db)).add(wl);
            DoubleVector rcp = one.div(dh);
            DoubleVector q0 = w.mul(rcp);
            DoubleVector rem = q0.neg().fma(dh, w).add(q0.neg().fma(dl, wl));
            DoubleVector quo = rem.fma(rcp, q0);
            LongVector sign = x0.reinterpretAsLongs().and(Long.MIN_VALUE);
            DoubleVector y = quo.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
            y.blend(x0, ax.compare(VectorOperators.LT, 0x1p-27)).intoArray(o, i);
        }
    }

    /**
     * {@code sigmoid x = 1 / (1 + E)} for x >= 0 and {@code E / (1 + E)} for x < 0, with {@code E = e^-|x|} as
     * {@code eh + el} from the steps of {@link #expLoop} (relative error below {@code 2^-54.9}), the denominator
     * summed exactly, the quotient corrected once with its fma residual: the error before the last rounding is
     * below {@code 2^-54.4} relative (x < 0; half that for x >= 0), under 0.4 ulp, so the bound is 0.9 ulp.
     * {@code |x| > 707}, inf and NaN go to {@code x > 0 ? 1 : StrictMath.exp(x)} (there {@code e^x} rounds to the
     * same double as {@code e^x / (1 + e^x)}); returns whether there are such lanes. E is kept as
     * {@code 2^k (h + hl)} unnormalized and only {@code 1 + E} normalized (normalizing E first cost 1.33 against
     * 1.05 ms per 1M doubles: the loop is bound by its dependency chain); the former loop (Horner, {@code 2^k} as
     * two products, both sums normalized) took 1.71-1.79 ms, this one 0.95-1.27 (kernel alone, one thread).
     * Each iteration takes two vectors (A, then B, with the suffix B), their statements interleaved, so that the
     * out-of-order core finds independent work next to each long chain: 1.06-1.09 -> 0.89-0.97 ms (the same for
     * exp gained nothing, and sin's loop so doubled ran 3.5x slower, not investigated). {@code hi - lo} is a
     * multiple of twice the vector length here.
     */
    private static boolean sigmoidLoop(double[] a, double[] o, int lo, int hi) {
        boolean slow = false;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = lo; i < hi; i += 2 * D.length()) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, i);
            DoubleVector x0B = DoubleVector.fromArray(D, a, i + D.length());
            DoubleVector x = x0.abs().neg();
            DoubleVector xB = x0B.abs().neg();
            slow |= !x.compare(VectorOperators.GE, -EXP_FAST).allTrue(); // also NaN
            slow |= !xB.compare(VectorOperators.GE, -EXP_FAST).allTrue();
            DoubleVector t = x.fma(LOG2E, SHIFTER);
            DoubleVector tB = xB.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            DoubleVector kB = tB.sub(SHIFTER);
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
            DoubleVector r1B = kB.fma(DoubleVector.broadcast(D, -LN2_HI), xB);
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1);
            DoubleVector rhB = kB.fma(DoubleVector.broadcast(D, -LN2_LO), r1B);
            DoubleVector rl = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1.sub(rh));
            DoubleVector rlB = kB.fma(DoubleVector.broadcast(D, -LN2_LO), r1B.sub(rhB));
            DoubleVector r2 = rh.mul(rh); // (e^r - 1 - r) / r^2, degree 10, by Estrin's scheme
            DoubleVector r2B = rhB.mul(rhB);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector r4B = r2B.mul(r2B);
            DoubleVector p03 = rh.fma(EXP_Q3, EXP_Q2).fma(r2, rh.fma(EXP_Q1, EXP_Q0));
            DoubleVector p03B = rhB.fma(EXP_Q3, EXP_Q2).fma(r2B, rhB.fma(EXP_Q1, EXP_Q0));
            DoubleVector p47 = rh.fma(EXP_Q7, EXP_Q6).fma(r2, rh.fma(EXP_Q5, EXP_Q4));
            DoubleVector p47B = rhB.fma(EXP_Q7, EXP_Q6).fma(r2B, rhB.fma(EXP_Q5, EXP_Q4));
            DoubleVector p810 = r2.fma(DoubleVector.broadcast(D, EXP_Q10), rh.fma(EXP_Q9, EXP_Q8));
            DoubleVector p810B = r2B.fma(DoubleVector.broadcast(D, EXP_Q10), rhB.fma(EXP_Q9, EXP_Q8));
            DoubleVector q = p810.fma(r4.mul(r4), p47.fma(r4, p03));
            DoubleVector qB = p810B.fma(r4B.mul(r4B), p47B.fma(r4B, p03B));
            DoubleVector sl = r2.fma(q, rh.fma(rl, rl));
            DoubleVector slB = r2B.fma(qB, rhB.fma(rlB, rlB));
            DoubleVector h = rh.add(1.0);
            DoubleVector hB = rhB.add(1.0);
            DoubleVector hl = one.sub(h).add(rh).add(sl);
            DoubleVector hlB = one.sub(hB).add(rhB).add(slB);
            DoubleVector scale = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52L)
                    .add(0x3FF0000000000000L).reinterpretAsDoubles(); // 2^k, k in [-1020, 0]
            DoubleVector scaleB = tB.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52L)
                    .add(0x3FF0000000000000L).reinterpretAsDoubles();
            DoubleVector nh = h.mul(scale); // E = nh + nl, not normalized (|nl| up to 0.06 nh)
            DoubleVector nhB = hB.mul(scaleB);
            DoubleVector nl = hl.mul(scale);
            DoubleVector nlB = hlB.mul(scaleB);
            DoubleVector d0 = nh.add(1.0); // 1 + E = dh + dl normalized (two Fast2Sums), for the quotient step
            DoubleVector d0B = nhB.add(1.0);
            DoubleVector dh = d0.add(nl);
            DoubleVector dhB = d0B.add(nlB);
            DoubleVector dl = one.sub(d0).add(nh).add(nl.sub(dh.sub(d0)));
            DoubleVector dlB = one.sub(d0B).add(nhB).add(nlB.sub(dhB.sub(d0B)));
            VectorMask<Double> neg = x0.compare(VectorOperators.LT, 0.0);
            VectorMask<Double> negB = x0B.compare(VectorOperators.LT, 0.0);
            DoubleVector uh = one.blend(nh, neg);
            DoubleVector uhB = one.blend(nhB, negB);
            DoubleVector ul = zero.blend(nl, neg);
            DoubleVector ulB = zero.blend(nlB, negB);
            DoubleVector rcp = one.div(dh);
            DoubleVector rcpB = one.div(dhB);
            DoubleVector q0 = uh.mul(rcp);
            DoubleVector q0B = uhB.mul(rcpB);
            DoubleVector rem = q0.neg().fma(dh, uh).add(q0.neg().fma(dl, ul));
            DoubleVector remB = q0B.neg().fma(dhB, uhB).add(q0B.neg().fma(dlB, ulB));
            rem.fma(rcp, q0).intoArray(o, i);
            remB.fma(rcpB, q0B).intoArray(o, i + D.length());
        }
        return slow;
    }

    // ------------------------------------------------------------------------------------------ erf

    /**
     * {@code erf x = sign(x) erf|x|} in three pieces, each computed for every lane and picked by blends:
     * <ul>
     *   <li>{@code |x| <= 1/2}: {@code |x| (2/sqrt(pi) + z Q(z))}, Q the Taylor series (A&amp;S 7.1.5) to
     *       {@code x^23}, {@code 2/sqrt(pi)} as two doubles, the leading product inside one fma;</li>
     *   <li>{@code 1/2 < |x| <= 2}: three degree-15 polynomials in {@code d = 4 (|x| - m)} on the intervals of
     *       width 1/2 centred at m = 3/4, 5/4, 7/4 (Chebyshev fits to erf, computed with mpmath at 60 digits, error
     *       below {@code 3e-20}); {@code c0 + c1 d} summed exactly (c0 as two doubles, the product error by fma),
     *       the rest to the tail;</li>
     *   <li>{@code |x| > 2}: {@code 1 - e^(-x^2) g(x)} with {@code g = e^(x^2) erfc(x)} a degree-22 polynomial
     *       in {@code d = (|x| - 4) / 2} on [2, 6] (Chebyshev fit, absolute error {@code < 3.2e-17}; the product
     *       with {@code e^(-x^2) < 0.02} makes that {@code < 2^-58}), {@code x^2} split exactly and
     *       {@code e^(-x^2)} by the steps of {@link #expLoop}. |x| is clamped to 6, where erf rounds to 1.</li>
     * </ul>
     */
    private static void erfLoop(double[] a, double[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, i);
            DoubleVector ax = x0.abs();
            // |x| <= 1/2: x (2/sqrt(pi) + z Q(z)), z = x^2, the Taylor series to x^23 (next term < 6e-18)
            DoubleVector z = ax.mul(ax);
            DoubleVector qs = z.fma(-1.2290555301717928e-09, 1.4807192815879218e-08);
            qs = qs.fma(z, DoubleVector.broadcast(D, -1.6365844691234924e-07));
            qs = qs.fma(z, DoubleVector.broadcast(D, 1.6462114365889248e-06));
            qs = qs.fma(z, DoubleVector.broadcast(D, -1.492565035840625e-05));
            qs = qs.fma(z, DoubleVector.broadcast(D, 0.00012055332981789664));
            qs = qs.fma(z, DoubleVector.broadcast(D, -0.0008548327023450853));
            qs = qs.fma(z, DoubleVector.broadcast(D, 0.005223977625442188));
            qs = qs.fma(z, DoubleVector.broadcast(D, -0.026866170645131252));
            qs = qs.fma(z, DoubleVector.broadcast(D, 0.11283791670955126));
            qs = qs.fma(z, DoubleVector.broadcast(D, -0.37612638903183754));
            DoubleVector small = ax.fma(DoubleVector.broadcast(D, 1.1283791670955126), ax.mul(z.fma(qs, DoubleVector.broadcast(D, 1.533545961316588e-17))));
            // 1/2 < |x| <= 2: three polynomials in d = 4 (|x| - m), m = 3/4, 5/4, 7/4, picked per lane by blends
            VectorMask<Double> i1 = ax.compare(VectorOperators.GT, 1.0);
            VectorMask<Double> i2 = ax.compare(VectorOperators.GT, 1.5);
            DoubleVector d = ax.sub(DoubleVector.broadcast(D, 0.75).blend(1.25, i1).blend(1.75, i2)).mul(4.0);
            DoubleVector pm = DoubleVector.broadcast(D, 6.5575504473683255e-15).blend(-5.851907800202862e-15, i1).blend(2.973447719341764e-15, i2);
            pm = pm.fma(d, DoubleVector.broadcast(D, 7.941919470579784e-14).blend(-9.999829219812238e-15, i1).blend(-1.738435299905577e-14, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, -1.1285087265169176e-12).blend(8.317135200795723e-13, i1).blend(-2.6393557581917175e-13, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, -6.324289795634492e-12).blend(-3.145417301683526e-12, i1).blend(4.093393929862181e-12, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, 1.4876914125702992e-10).blend(-7.723713866989199e-11, i1).blend(-1.2984088112119556e-12, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, 1.7741012764524502e-10).blend(7.567532109391676e-10, i1).blend(-4.2223998294520185e-10, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, -1.5137712199228714e-08).blend(3.347916242630311e-09, i1).blend(3.411032707097245e-09, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, 3.5122504096870066e-08).blend(-8.69396684102258e-08, i1).blend(1.1139698079556553e-08, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, 1.1251974595701546e-06).blend(2.2131241514631347e-07, i1).blend(-3.697968426874901e-07, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, -6.560671273131536e-06).blend(5.200506094793874e-06, i1).blend(2.1882434322824957e-06, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, -5.19948527028571e-05).blend(-4.607523086411391e-05, i1).blend(6.46910299640363e-06, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, 0.000588620973994696).blend(-2.406017277501782e-05, i1).blend(-0.00018789925715690447, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, 0.00041857491484062964).blend(0.002617746797919234, i1).blend(0.0014087075736563576, i2));
            pm = pm.fma(d, DoubleVector.broadcast(D, -0.030137393868525347).blend(-0.018478212691194592, i1).blend(-0.005772265179860197, i2));
            DoubleVector c1 = DoubleVector.broadcast(D, 0.16073276729880184).blend(0.0591302806118227, i1).blend(0.013193748982537593, i2);
            DoubleVector c0 = DoubleVector.broadcast(D, 0.7111556336535151).blend(0.9229001282564583, i1).blend(0.9866716712191824, i2);
            DoubleVector c0l = DoubleVector.broadcast(D, 4.699684761545256e-17).blend(-5.518678885613678e-17, i1).blend(2.1432301476342562e-17, i2);
            DoubleVector c1d = c1.mul(d);
            DoubleVector head = c0.add(c1d);
            DoubleVector mid = head.add(c0.sub(head).add(c1d).add(c0l).add(c1.fma(d, c1d.neg())).add(d.mul(d).mul(pm)));
            // 2 < |x|: 1 - e^(-x^2) g(x), g(x) = e^(x^2) erfc(x) a polynomial in d = (min(|x|, 6) - 4) / 2
            DoubleVector xf = ax.min(6.0).max(2.0);
            DoubleVector df = xf.sub(4.0).mul(0.5);
            DoubleVector g = df.fma(2.720123111973317e-10, -8.166746651479502e-10);
            g = g.fma(df, DoubleVector.broadcast(D, 8.629966046373942e-10));
            g = g.fma(df, DoubleVector.broadcast(D, -2.442138832511043e-09));
            g = g.fma(df, DoubleVector.broadcast(D, 1.0723835896540834e-08));
            g = g.fma(df, DoubleVector.broadcast(D, -3.04675061071688e-08));
            g = g.fma(df, DoubleVector.broadcast(D, 7.99784942605959e-08));
            g = g.fma(df, DoubleVector.broadcast(D, -2.2060845634668786e-07));
            g = g.fma(df, DoubleVector.broadcast(D, 6.055795367733777e-07));
            g = g.fma(df, DoubleVector.broadcast(D, -1.628018897393711e-06));
            g = g.fma(df, DoubleVector.broadcast(D, 4.313315804296021e-06));
            g = g.fma(df, DoubleVector.broadcast(D, -1.1270541448280497e-05));
            g = g.fma(df, DoubleVector.broadcast(D, 2.9011975333511543e-05));
            g = g.fma(df, DoubleVector.broadcast(D, -7.352146720170117e-05));
            g = g.fma(df, DoubleVector.broadcast(D, 0.0001833076857658808));
            g = g.fma(df, DoubleVector.broadcast(D, -0.00044932691779259816));
            g = g.fma(df, DoubleVector.broadcast(D, 0.00108196155286389));
            g = g.fma(df, DoubleVector.broadcast(D, -0.002557084170898663));
            g = g.fma(df, DoubleVector.broadcast(D, 0.005925639503914783));
            g = g.fma(df, DoubleVector.broadcast(D, -0.013449456613925681));
            g = g.fma(df, DoubleVector.broadcast(D, 0.029861732979902442));
            g = g.fma(df, DoubleVector.broadcast(D, -0.0647670121900434));
            g = g.fma(df, DoubleVector.broadcast(D, 0.13699945762506138));
            DoubleVector zh = xf.mul(xf);
            DoubleVector zl = xf.fma(xf, zh.neg());
            DoubleVector xe = zh.neg();
            DoubleVector t = xe.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -LN2_HI), xe);
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1);
            DoubleVector q = rh.fma(1.0 / 87178291200L, 1.0 / 6227020800L);
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 479001600));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 39916800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 3628800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 362880));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 40320));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 5040));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 720));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 120));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 24));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 6));
            q = q.fma(rh, DoubleVector.broadcast(D, 0.5));
            DoubleVector scale = ki.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector e = rh.mul(rh).fma(q, rh).add(1.0).mul(scale); // e^-zh, k in [-52, -5]
            e = e.neg().fma(zl, e); // e^-(zh + zl)
            DoubleVector far = e.neg().fma(g, DoubleVector.broadcast(D, 1.0));
            DoubleVector y = small.blend(mid, ax.compare(VectorOperators.GT, 0.5)).blend(far, ax.compare(VectorOperators.GT, 2.0));
            LongVector sign = x0.reinterpretAsLongs().and(Long.MIN_VALUE);
            y.reinterpretAsLongs().or(sign).reinterpretAsDoubles().intoArray(o, i);
        }
    }

    // ------------------------------------------------------------------------------------------ pow

    /**
     * {@code o[i] = a[i] ** b[i]} for i in {@code [lo, hi)}, or {@code a[i] ** b[0]} when b has one element. Lanes
     * with {@code 0 < x < inf}, finite y and {@code |y ln x| <= 708} (a normal result) take the vector path:
     * <ul>
     *   <li>{@code ln x} to about 2^-64 relative, as {@code lh + ll}: x = 2^e m as in {@link #logLoop},
     *       {@code s = f / (2 + f)} as two doubles (the denominator split exactly, the quotient's residual by fma),
     *       {@code ln m = 2s + (2/3) s^3 + s^5 (2/5 + 2s^2/7 + ... + 2s^20/25)} (next term {@code < 2^-70}
     *       relative) with {@code (2/3) s^3} as a product of two-double numbers, the terms and {@code e ln2}
     *       summed exactly (Fast2Sum) and normalized;</li>
     *   <li>{@code P = y ln x} as {@code ph + pl} (the product error by fma);</li>
     *   <li>{@code e^P} by the steps of {@link #expLoop}, pl added to the low part rl of the reduced argument; as
     *       rl reaches 2^-44 (exp's stays below 2^-53 |rh|), it is multiplied by all of {@code e^rh}, not by
     *       {@code 1 + rh} (that version was 2 ulp off at {@code 1e300 ** 0.5}).</li>
     * </ul>
     * An error of {@code 2^-64} relative in ln x is {@code |P| 2^-64} absolute in P: at most {@code 2^-54.5}
     * (a quarter ulp of the result) at the edge {@code |P| = 708}, far less for moderate powers. Every other lane
     * (x <= 0, x = +-inf or NaN, y infinite or NaN, results near overflow or underflow) is computed afterwards with
     * {@link StrictMath#pow} (fdlibm, under 1 ulp), except {@code 1 ** y = 1} for every y and
     * {@code (-1) ** +-inf = 1} (IEEE 754 and C99, as the scalar kernel).
     */
    static void pow64(double[] a, double[] b, double[] o, int lo, int hi) {
        int len = D.length();
        int bound = lo + D.loopBound(hi - lo);
        boolean fallback = powLoop(a, b, o, lo, bound);
        if (bound < hi) { // the tail through the same vector code, padded with ones
            double[] t = new double[len];
            double[] u = b.length == 1 ? b : new double[len];
            java.util.Arrays.fill(t, 1.0);
            System.arraycopy(a, bound, t, 0, hi - bound);
            if (b.length != 1) {
                System.arraycopy(b, bound, u, 0, hi - bound);
            }
            fallback |= powLoop(t, u, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
        if (fallback) {
            for (int j = lo; j < hi; j++) {
                if (Double.isNaN(o[j])) { // vector lanes never give NaN: these are the lanes left to StrictMath
                    double x = a[j], y = b.length == 1 ? b[0] : b[j];
                    o[j] = ElementwiseKernels.powIsOne(x, y) ? 1 : StrictMath.pow(x, y);
                }
            }
        }
    }

    /** The vector lanes of {@link #pow64}; the others are set to NaN. Returns whether there are others. */
    private static boolean powLoop(double[] a, double[] b, double[] o, int lo, int hi) {
        boolean fallback = false;
        boolean scalar = b.length == 1;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            DoubleVector y = scalar ? DoubleVector.broadcast(D, b[0]) : DoubleVector.fromArray(D, b, i);
            VectorMask<Double> sub = x.compare(VectorOperators.LT, 0x1p-1022);
            DoubleVector us = x.blend(x.mul(0x1p54), sub);
            LongVector bits = us.reinterpretAsLongs();
            LongVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52L);
            DoubleVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 52L)).reinterpretAsDoubles();
            DoubleVector ed = e.add(SHIFTER_BITS).reinterpretAsDoubles().sub(SHIFTER).sub(zero.blend(54.0, sub));
            DoubleVector f = m.sub(1.0);
            DoubleVector uh = f.add(2.0);
            DoubleVector ul = f.sub(uh.sub(2.0));
            DoubleVector rcp = one.div(uh);
            DoubleVector sh = f.mul(rcp);
            DoubleVector sl = sh.neg().fma(uh, f).sub(sh.mul(ul)).mul(rcp);
            DoubleVector ah = sh.mul(sh); // s^2 = ah + al, s^3 = bh + bl
            DoubleVector al = sh.fma(sh, ah.neg());
            DoubleVector bh = ah.mul(sh);
            DoubleVector bl = ah.fma(sh, bh.neg()).add(al.mul(sh)).add(ah.mul(sl).mul(3.0));
            DoubleVector th = bh.mul(0.6666666666666666); // (2/3) s^3 = th + tl, 2/3 as two doubles
            DoubleVector tl = bh.fma(DoubleVector.broadcast(D, 0.6666666666666666), th.neg())
                    .add(bl.mul(0.6666666666666666)).add(bh.mul(3.700743415417188e-17));
            DoubleVector w = ah.fma(2.0 / 25, 2.0 / 23);
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 21));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 19));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 17));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 15));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 13));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 11));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 9));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 7));
            w = w.fma(ah, DoubleVector.broadcast(D, 2.0 / 5));
            DoubleVector t5 = bh.mul(ah).mul(w);
            DoubleVector s2 = sh.add(sh);
            DoubleVector bb = s2.add(th);
            DoubleVector bbl = s2.sub(bb).add(th);
            DoubleVector eh = ed.mul(LN2_HI);
            DoubleVector big = eh.add(bb);
            DoubleVector tail = eh.sub(big).add(bb).add(bbl).add(sl.add(sl)).add(tl).add(t5).add(ed.mul(LN2_LO));
            DoubleVector lh = big.add(tail);
            DoubleVector ll = big.sub(lh).add(tail);
            DoubleVector ph = y.mul(lh);
            DoubleVector pl = y.fma(lh, ph.neg()).add(y.mul(ll));
            VectorMask<Double> ok = x.compare(VectorOperators.GT, 0.0)
                    .and(x.compare(VectorOperators.LT, Double.POSITIVE_INFINITY))
                    .and(y.abs().compare(VectorOperators.LT, Double.POSITIVE_INFINITY))
                    .and(ph.abs().compare(VectorOperators.LE, 708.0));
            fallback |= !ok.allTrue();
            DoubleVector p = ph.blend(0.0, ok.not());
            DoubleVector t = p.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -LN2_HI), p);
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1);
            DoubleVector rl = k.fma(DoubleVector.broadcast(D, -LN2_LO), r1.sub(rh)).add(pl.blend(0.0, ok.not()));
            DoubleVector q = rh.fma(1.0 / 87178291200L, 1.0 / 6227020800L); // (e^r - 1 - r) / r^2 to r^12/14!
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 479001600));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 39916800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 3628800));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 362880));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 40320));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 5040));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 720));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 120));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 24));
            q = q.fma(rh, DoubleVector.broadcast(D, 1.0 / 6));
            q = q.fma(rh, DoubleVector.broadcast(D, 0.5));
            DoubleVector em = rh.mul(rh).mul(q); // e^rh = 1 + rh + em; rl (up to 2^-44 from pl) times all of it
            DoubleVector sl2 = rl.fma(rh.add(em).add(1.0), em);
            DoubleVector h = rh.add(1.0);
            DoubleVector hl = one.sub(h).add(rh);
            DoubleVector scale = ki.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles(); // |k| <= 1022
            h.add(hl.add(sl2)).mul(scale).blend(Double.NaN, ok.not()).intoArray(o, i);
        }
        return fallback;
    }

    // ------------------------------------------------------------------------------------------ log

    /**
     * {@code ln u + cu} with {@code u = x}, {@code cu = 0} (log1p's loop repeats this with a correction).
     * {@code u = 2^e m}, {@code m in [sqrt(1/2), sqrt(2))} (subnormal u scaled by 2^54 first), {@code f = m - 1}
     * (exact), {@code s = f / (2 + f)}; then {@code ln m = f - f^2/2 + s (f^2/2 + R)} with
     * {@code R = 2 atanh(s)/s - 2 = 2s^2/3 + 2s^4/5 + ... + 2s^20/21} (|s| <= 0.1716, next term {@code < 2^-60}
     * relative), and {@code e ln2 + f - f^2/2} summed exactly (the product error of {@code f^2/2}, Fast2Sum twice),
     * every smaller term added to the tail, one final rounding. Then ln 0 = -inf, ln(x < 0) = NaN,
     * ln(+inf) = +inf, NaN stays NaN.
     */
    private static void logLoop(double[] a, double[] o, int lo, int hi) {
        DoubleVector zero = DoubleVector.zero(D);
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            DoubleVector u = x;
            DoubleVector cu = zero;
            VectorMask<Double> sub = u.compare(VectorOperators.LT, 0x1p-1022);
            DoubleVector us = u.blend(u.mul(0x1p54), sub);
            LongVector bits = us.reinterpretAsLongs();
            LongVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52L);
            DoubleVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 52L)).reinterpretAsDoubles();
            DoubleVector ed = e.add(SHIFTER_BITS).reinterpretAsDoubles().sub(SHIFTER)
                    .sub(DoubleVector.zero(D).blend(54.0, sub));
            DoubleVector f = m.sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector r = z.fma(2.0 / 21, 2.0 / 19);
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 17));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 15));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 13));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 11));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 9));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 7));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 5));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 3)).mul(z);
            DoubleVector hf = f.mul(0.5);
            DoubleVector hh = hf.mul(f);
            DoubleVector hl = hf.fma(f, hh.neg());
            DoubleVector yh = f.sub(hh);
            DoubleVector yl = f.sub(yh).sub(hh);
            DoubleVector eh = ed.mul(LN2_HI);
            DoubleVector big = eh.add(yh);
            DoubleVector tail = eh.sub(big).add(yh).add(yl).sub(hl).add(cu);
            tail = s.fma(hh.add(r), ed.fma(DoubleVector.broadcast(D, LN2_LO), tail));
            DoubleVector y = big.add(tail);
            y = y.blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0.0));
            y = y.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
            y.blend(Double.NaN, x.compare(VectorOperators.LT, 0.0).or(x.compare(VectorOperators.NE, x))).intoArray(o, i);
        }
    }

    /**
     * {@code ln(1 + x) = ln u + c/u} with {@code u = 1 + x} rounded and c its exact rounding error (TwoSum), by
     * the steps of {@link #logLoop}. {@code |x| < 2^-54} gives x; -1 gives -inf, below -1 NaN.
     */
    private static void log1pLoop(double[] a, double[] o, int lo, int hi) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            DoubleVector u = x.add(1.0);
            DoubleVector b = u.sub(x);
            DoubleVector c = x.sub(u.sub(b)).add(one.sub(b));
            DoubleVector cu = c.div(u);
            VectorMask<Double> sub = u.compare(VectorOperators.LT, 0x1p-1022);
            DoubleVector us = u.blend(u.mul(0x1p54), sub);
            LongVector bits = us.reinterpretAsLongs();
            LongVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52L);
            DoubleVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 52L)).reinterpretAsDoubles();
            DoubleVector ed = e.add(SHIFTER_BITS).reinterpretAsDoubles().sub(SHIFTER)
                    .sub(DoubleVector.zero(D).blend(54.0, sub));
            DoubleVector f = m.sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector r = z.fma(2.0 / 21, 2.0 / 19);
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 17));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 15));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 13));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 11));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 9));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 7));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 5));
            r = r.fma(z, DoubleVector.broadcast(D, 2.0 / 3)).mul(z);
            DoubleVector hf = f.mul(0.5);
            DoubleVector hh = hf.mul(f);
            DoubleVector hl = hf.fma(f, hh.neg());
            DoubleVector yh = f.sub(hh);
            DoubleVector yl = f.sub(yh).sub(hh);
            DoubleVector eh = ed.mul(LN2_HI);
            DoubleVector big = eh.add(yh);
            DoubleVector tail = eh.sub(big).add(yh).add(yl).sub(hl).add(cu);
            tail = s.fma(hh.add(r), ed.fma(DoubleVector.broadcast(D, LN2_LO), tail));
            DoubleVector y = big.add(tail);
            y = y.blend(x, x.abs().compare(VectorOperators.LT, 0x1p-54));
            y = y.blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, -1.0));
            y = y.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
            y.blend(Double.NaN, x.compare(VectorOperators.LT, -1.0).or(x.compare(VectorOperators.NE, x))).intoArray(o, i);
        }
    }

    // ------------------------------------------------------------------------------------------ sin, cos

    /**
     * {@code sin x} ({@code shift = 0}) or {@code cos x} ({@code shift = 1}) for {@code |x| <= 2^19}: {@code x =
     * k pi/2 + r}, {@code k = rint(2x/pi)}, {@code pi/2 = PIO2_H + PIO2_M + 1.5e-33}. {@code r1 = x - k PIO2_H}
     * (one fma) is exact: x and {@code k PIO2_H} are multiples of {@code 2^-53} (of {@code 2^-52} from
     * {@code |x| >= 1}; k = 0 below pi/4) and {@code |r1| < 1}. {@code rh = r1 - k PIO2_M} rounded and
     * {@code rl = (r1 - rh) - k PIO2_M} (fmas; {@code r1 - rh} is exact by Sterbenz as long as
     * {@code |r1| >= 2^-27 > 2^5 |k PIO2_M|}), so {@code rh + rl} is r to about {@code 2^-62} relative (the
     * neglected {@code k 1.5e-33} included). Lanes with {@code |r1| < 2^-27} (x within {@code 2^-27} of a multiple
     * of pi/2, tiny x included), {@code |x| > 2^19}, inf or NaN are left to {@link StrictMath} (fdlibm, under 1 ulp);
     * returns whether there are any. By the quadrant {@code (k + shift) mod 4} one of {@code sin r, cos r, -sin r,
     * -cos r}: {@code sin(rh + rl) = rh + (rh^3 P(rh^2) + rl (1 - rh^2/2))}, P the Taylor polynomial to
     * {@code r^17/17!} (remainder {@code < 1e-19} relative); {@code cos(rh + rl) = (1 - rh^2/2) + (rh^4 C(rh^2) -
     * rh rl)} with {@code 1 - rh^2/2} split exactly, C to {@code r^16/16!} (remainder {@code < 3e-18}).
     *
     * <p>The former reduction (three 33-bit parts of pi/2, two TwoSums, exact for every x up to 2^19) and the sign
     * by compare and blend took about a quarter of the instructions: 1.43-1.60 ms per 1M doubles against 0.90-1.10
     * now (kernel alone, one thread, CPU time; scripts/bench_notes.md). Both polynomials go by Estrin's scheme.
     */
    private static boolean trigLoop(double[] a, double[] o, int lo, int hi, long shift) {
        boolean slow = false;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            DoubleVector t = x.fma(TWO_OVER_PI, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            LongVector q = t.reinterpretAsLongs().add(shift); // SHIFTER's low bits are 0: q = k + shift mod 4
            DoubleVector r1 = k.fma(DoubleVector.broadcast(D, -PIO2_H), x);
            slow |= !r1.abs().compare(VectorOperators.GE, TRIG_TINY)
                    .and(x.abs().compare(VectorOperators.LE, TRIG_LIMIT)).allTrue(); // also inf, NaN
            DoubleVector rh = k.fma(DoubleVector.broadcast(D, -PIO2_M), r1);
            DoubleVector rl = k.fma(DoubleVector.broadcast(D, -PIO2_M), r1.sub(rh));
            DoubleVector z = rh.mul(rh); // both polynomials by Estrin's scheme in z, z^2, z^4
            DoubleVector z2 = z.mul(z);
            DoubleVector z4 = z2.mul(z2);
            DoubleVector ps = z.fma(1.0 / 355687428096000L, -1.0 / 1307674368000L)
                    .fma(z2, z.fma(1.0 / 6227020800L, -1.0 / 39916800))
                    .fma(z4, z.fma(1.0 / 362880, -1.0 / 5040).fma(z2, z.fma(1.0 / 120, -1.0 / 6)));
            DoubleVector sin = rh.add(rh.mul(z).fma(ps, z.mul(-0.5).fma(rl, rl)));
            DoubleVector pc = z2.fma(DoubleVector.broadcast(D, 1.0 / 20922789888000L),
                            z.fma(-1.0 / 87178291200L, 1.0 / 479001600))
                    .fma(z4, z.fma(-1.0 / 3628800, 1.0 / 40320).fma(z2, z.fma(-1.0 / 720, 1.0 / 24)));
            DoubleVector zl = rh.fma(rh, z.neg());
            DoubleVector hz = z.mul(0.5);
            DoubleVector w = hz.neg().add(1.0);
            DoubleVector wl = one.sub(w).sub(hz);
            DoubleVector cl = z2.fma(pc, wl.sub(zl.mul(0.5)).sub(rh.mul(rl)));
            DoubleVector cos = w.add(cl);
            VectorMask<Double> odd = q.lanewise(VectorOperators.LSHL, 63L).compare(VectorOperators.LT, 0L).cast(D);
            LongVector sign = q.lanewise(VectorOperators.LSHR, 1L).lanewise(VectorOperators.LSHL, 63L); // bit 1 of q
            sin.blend(cos, odd).reinterpretAsLongs().lanewise(VectorOperators.XOR, sign).reinterpretAsDoubles()
                    .intoArray(o, i);
        }
        return slow;
    }
}
