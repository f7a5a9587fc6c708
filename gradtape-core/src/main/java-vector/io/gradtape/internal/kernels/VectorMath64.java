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
 * it to about 2^-100 relative), evaluates a Taylor polynomial whose remainder is below 2^-57 of the result, and
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
 * ({@code |x| > 2^19} for sin and cos; for pow non-positive or non-finite operands and results near the limits,
 * see {@link #pow64}) are recomputed with {@link StrictMath} (fdlibm, under 1 ulp), also the same bits everywhere.
 *
 * <p>Constants: the splits of {@code ln 2} and {@code pi/2} into parts whose multiples by small integers are exact
 * are fdlibm's published values ({@code e_exp.c}, {@code e_rem_pio2.c}); the polynomial coefficients are Taylor
 * coefficients {@code 1/n!} and {@code 2/(2n+1)}, rounded once from exact integers.
 */
final class VectorMath64 {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 = LN2_HI + LN2_LO + O(2^-100); LN2_HI has 32 significant bits, so {@code k * LN2_HI} is exact for |k| < 2^21. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** Adding 1.5 * 2^52 rounds a double below 2^51 to an integer, kept in the low bits of the sum. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    /** Bits of (about) sqrt(1/2): subtracting them from x's bits puts the exponent of x / sqrt(2) in the top bits. */
    private static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;
    private static final double TWO_OVER_PI = 0.6366197723675814;
    /** pi/2 in four parts, the first three of 33 significant bits ({@code k * PIO2_n} exact for k < 2^20). */
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;
    /** Above this |x| sin and cos lanes are recomputed with {@link StrictMath} (k would pass 2^19). */
    static final double TRIG_LIMIT = 0x1p19;

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
        int len = D.length();
        int bound = lo + D.loopBound(hi - lo);
        boolean large = loop(p, a, o, lo, bound);
        if (bound < hi) { // the tail through the same vector code, padded with zeros
            double[] t = new double[len];
            System.arraycopy(a, bound, t, 0, hi - bound);
            large |= loop(p, t, t, 0, len);
            System.arraycopy(t, 0, o, bound, hi - bound);
        }
        if (large) {
            for (int j = lo; j < hi; j++) {
                if (!(Math.abs(a[j]) <= TRIG_LIMIT)) {
                    o[j] = p == Primitive.SIN ? StrictMath.sin(a[j]) : StrictMath.cos(a[j]);
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
            case EXP -> expLoop(a, o, lo, hi);
            case LOG -> logLoop(a, o, lo, hi);
            case LOG1P -> log1pLoop(a, o, lo, hi);
            case EXPM1 -> expm1Loop(a, o, lo, hi);
            case TANH -> tanhLoop(a, o, lo, hi);
            case SIGMOID -> sigmoidLoop(a, o, lo, hi);
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
     * {@code e^x = 2^k e^r}: {@code k = rint(x / ln2)}, {@code r = x - k ln2} as {@code rh + rl} ({@code x - k LN2_HI}
     * is exact, the rounding error of subtracting {@code k LN2_LO} is recovered with one more fma);
     * {@code e^r = (1 + rh) + (rl + rh rl + rh^2 q(rh))} with {@code q(r) = (e^r - 1 - r) / r^2 = 1/2! + r/3! + ... +
     * r^12/14!} (|r| <= ln2/2 and a hair; the next term {@code r^13/15!} is below {@code 1e-19}), {@code 1 + rh}
     * split exactly (Fast2Sum), so only the final sum rounds; then times {@code 2^k} as two factors
     * {@code 2^(k/2)} (the first product exact, so one rounding also for subnormal results and overflow). x is
     * clamped to [-746, 710], beyond which e^x rounds to 0 or overflows.
     */
    private static void expLoop(double[] a, double[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i).max(-746.0).min(710.0); // NaN stays NaN
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
            DoubleVector h = rh.add(1.0);
            DoubleVector hl = one.sub(h).add(rh);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1L); // 2^k as 2^k1 2^(k - k1): one rounding
            DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector s2 = ki.sub(k1).add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            h.add(hl.add(sl)).mul(s1).mul(s2).intoArray(o, i);
        }
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
     * {@code eh + el} from the steps of {@link #expLoop} (scaled, so subnormal results keep one rounding), the
     * denominator summed exactly, the quotient corrected once with its fma residual.
     */
    private static void sigmoidLoop(double[] a, double[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, i);
            DoubleVector x = x0.abs().neg().max(-746.0);
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
            DoubleVector h = rh.add(1.0);
            DoubleVector hl = one.sub(h).add(rh).add(sl);
            DoubleVector eh = h.add(hl);
            DoubleVector el = h.sub(eh).add(hl);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1L);
            DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector s2 = ki.sub(k1).add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles();
            DoubleVector nh = eh.mul(s1).mul(s2);
            DoubleVector nl = el.mul(s1).mul(s2);
            DoubleVector dh = nh.add(1.0);
            DoubleVector dl = one.sub(dh).add(nh).add(nl);
            VectorMask<Double> neg = x0.compare(VectorOperators.LT, 0.0);
            DoubleVector uh = one.blend(nh, neg);
            DoubleVector ul = DoubleVector.zero(D).blend(nl, neg);
            DoubleVector rcp = one.div(dh);
            DoubleVector q0 = uh.mul(rcp);
            DoubleVector rem = q0.neg().fma(dh, uh).add(q0.neg().fma(dl, ul));
            rem.fma(rcp, q0).intoArray(o, i);
        }
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
     * {@link StrictMath#pow} (fdlibm, under 1 ulp), except {@code 1 ** y = 1} for every y (IEEE 754, as the scalar
     * kernel).
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
                    o[j] = x == 1 ? 1 : StrictMath.pow(x, y);
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
     * k pi/2 + r}, {@code k = rint(2x/pi)}; {@code x - k PIO2_1} and the products {@code k PIO2_2}, {@code k PIO2_3}
     * are exact, the two differences TwoSums, so r = rh + rl to about 2^-150 absolute however close x lies to a
     * multiple of pi/2. By the quadrant {@code (k + shift) mod 4} one of {@code sin r, cos r, -sin r, -cos r}:
     * {@code sin(rh + rl) = rh + (rh^3 P(rh^2) + rl (1 - rh^2/2))}, P the Taylor polynomial to {@code r^17/17!}
     * (remainder {@code < 1e-19} relative); {@code cos(rh + rl) = (1 - rh^2/2) + (rh^4 C(rh^2) - rh rl)} with
     * {@code 1 - rh^2/2} split exactly, C to {@code r^16/16!} (remainder {@code < 3e-18}). sin gives x itself for
     * {@code |x| < 2^-27} (also -0). Returns whether some lane is beyond 2^19, inf or NaN.
     */
    private static boolean trigLoop(double[] a, double[] o, int lo, int hi, long shift) {
        boolean large = false;
        for (int i = lo; i < hi; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            DoubleVector ax = x.abs();
            large |= ax.compare(VectorOperators.LE, TRIG_LIMIT).not().anyTrue();
            DoubleVector t = x.fma(TWO_OVER_PI, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            LongVector q = t.reinterpretAsLongs().sub(SHIFTER_BITS - shift);
            DoubleVector r0 = k.fma(DoubleVector.broadcast(D, -PIO2_1), x);
            DoubleVector w2 = k.mul(PIO2_2);
            DoubleVector a1 = r0.sub(w2);
            DoubleVector b1 = a1.sub(r0);
            DoubleVector e1 = r0.sub(a1.sub(b1)).sub(w2.add(b1));
            DoubleVector w3 = k.mul(PIO2_3);
            DoubleVector a2 = a1.sub(w3);
            DoubleVector b2 = a2.sub(a1);
            DoubleVector e2 = a1.sub(a2.sub(b2)).sub(w3.add(b2));
            DoubleVector e3 = e1.add(e2).sub(k.mul(PIO2_3T));
            DoubleVector rh = a2.add(e3);
            DoubleVector rl = a2.sub(rh).add(e3);
            DoubleVector z = rh.mul(rh);
            DoubleVector ps = z.fma(1.0 / 355687428096000L, -1.0 / 1307674368000L);
            ps = ps.fma(z, DoubleVector.broadcast(D, 1.0 / 6227020800L));
            ps = ps.fma(z, DoubleVector.broadcast(D, -1.0 / 39916800));
            ps = ps.fma(z, DoubleVector.broadcast(D, 1.0 / 362880));
            ps = ps.fma(z, DoubleVector.broadcast(D, -1.0 / 5040));
            ps = ps.fma(z, DoubleVector.broadcast(D, 1.0 / 120));
            ps = ps.fma(z, DoubleVector.broadcast(D, -1.0 / 6));
            DoubleVector sin = rh.add(rh.mul(z).fma(ps, z.mul(-0.5).fma(rl, rl)));
            DoubleVector pc = z.fma(1.0 / 20922789888000L, -1.0 / 87178291200L);
            pc = pc.fma(z, DoubleVector.broadcast(D, 1.0 / 479001600));
            pc = pc.fma(z, DoubleVector.broadcast(D, -1.0 / 3628800));
            pc = pc.fma(z, DoubleVector.broadcast(D, 1.0 / 40320));
            pc = pc.fma(z, DoubleVector.broadcast(D, -1.0 / 720));
            pc = pc.fma(z, DoubleVector.broadcast(D, 1.0 / 24));
            DoubleVector zl = rh.fma(rh, z.neg());
            DoubleVector hz = z.mul(0.5);
            DoubleVector w = hz.neg().add(1.0);
            DoubleVector wl = DoubleVector.broadcast(D, 1.0).sub(w).sub(hz);
            DoubleVector cl = z.mul(z).fma(pc, wl.sub(zl.mul(0.5)).sub(rh.mul(rl)));
            DoubleVector cos = w.add(cl);
            VectorMask<Double> odd = q.and(1L).compare(VectorOperators.NE, 0L).cast(D);
            VectorMask<Double> negate = q.and(2L).compare(VectorOperators.NE, 0L).cast(D);
            DoubleVector y = sin.blend(cos, odd);
            y = y.blend(y.neg(), negate);
            if (shift == 0L) {
                y = y.blend(x, ax.compare(VectorOperators.LT, 0x1p-27));
            }
            y.intoArray(o, i);
        }
        return large;
    }
}
