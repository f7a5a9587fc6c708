package io.gradtape.kernels;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Reference values for the float64 accuracy tests: the elementary functions of an exact double argument in
 * {@link BigDecimal} with {@link #DIGITS} significant digits (argument reduction with enough digits of pi and
 * ln 2 for any double), by plain series: exp by its Taylor series after {@code x = k ln2 + r} and ten halvings,
 * ln by {@code 2 atanh(s)}, sin and cos by their Taylor series after reduction by pi/2, erf by the series of
 * Abramowitz and Stegun 7.1.6 (all terms positive). Slow (microseconds per value) and simple enough to check by
 * reading; {@link BigDecimal#doubleValue()} rounds the result correctly.
 */
final class BigMath {
    static final int DIGITS = 45;
    static final MathContext MC = new MathContext(DIGITS + 10, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal EPS = BigDecimal.ONE.movePointLeft(DIGITS + 8);
    /** pi to 420 digits (Machin's formula), enough to reduce any double by pi/2. */
    static final BigDecimal PI = machinPi(new MathContext(420));
    static final BigDecimal HALF_PI = PI.divide(TWO);
    static final BigDecimal LN2 = atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(3), new MathContext(80)),
            new MathContext(80)).multiply(TWO);
    static final BigDecimal TWO_OVER_SQRT_PI = TWO.divide(PI.sqrt(MC), MC);

    private BigMath() {
    }

    static BigDecimal exact(double x) {
        return new BigDecimal(x);
    }

    static BigDecimal exp(BigDecimal x) {
        BigInteger k = x.divide(LN2, MC).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
        BigDecimal r = x.subtract(LN2.multiply(new BigDecimal(k)), MC).divide(BigDecimal.valueOf(1024));
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        for (int n = 1; term.abs().compareTo(EPS) > 0; n++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < 10; i++) {
            sum = sum.multiply(sum, MC);
        }
        return pow2(sum, k.intValueExact());
    }

    /** {@code e^x - 1} without cancellation for small |x| (its own series below 1). */
    static BigDecimal expm1(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.ONE) >= 0) {
            return exp(x).subtract(BigDecimal.ONE, MC);
        }
        BigDecimal sum = BigDecimal.ZERO, term = BigDecimal.ONE;
        BigDecimal eps = x.abs().multiply(EPS);
        for (int n = 1; n == 1 || term.abs().compareTo(eps) > 0; n++) {
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    private static BigDecimal pow2(BigDecimal v, int k) {
        BigDecimal p = new BigDecimal(BigInteger.ONE.shiftLeft(Math.abs(k)));
        return k >= 0 ? v.multiply(p, MC) : v.divide(p, MC);
    }

    /** ln v for v > 0: {@code v = 2^e m}, m in [sqrt(1/2), sqrt(2)], {@code ln m = 2 atanh((m - 1) / (m + 1))}. */
    static BigDecimal log(BigDecimal v) {
        double d = v.doubleValue();
        int e = d >= Double.MIN_NORMAL ? Math.getExponent(d) : Math.getExponent(d * 0x1p60) - 60;
        BigDecimal m = pow2(v, -e);
        if (m.compareTo(new BigDecimal("1.41421356")) > 0) {
            m = m.divide(TWO, MC);
            e++;
        }
        BigDecimal s = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        return atanhSeries(s, MC).multiply(TWO).add(LN2.multiply(BigDecimal.valueOf(e)), MC);
    }

    /** ln(1 + x) for x > -1, relative to x also when |x| is far below the working precision. */
    static BigDecimal log1p(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.valueOf(0.25)) > 0) {
            return log(BigDecimal.ONE.add(x));
        }
        return atanhSeries(x.divide(TWO.add(x), MC), MC).multiply(TWO);
    }

    private static BigDecimal atanhSeries(BigDecimal s, MathContext mc) {
        BigDecimal z = s.multiply(s, mc), pow = s, sum = s;
        BigDecimal eps = s.abs().multiply(BigDecimal.ONE.movePointLeft(mc.getPrecision() - 2));
        for (int n = 1; pow.abs().compareTo(eps) > 0; n++) {
            pow = pow.multiply(z, mc);
            sum = sum.add(pow.divide(BigDecimal.valueOf(2L * n + 1), mc), mc);
        }
        return sum;
    }

    /** sin x ({@code cos = false}) or cos x of an exact double. */
    static BigDecimal sinCos(double x, boolean cos) {
        BigDecimal bx = exact(x);
        int digits = Math.max(0, Math.getExponent(x)) * 31 / 100 + DIGITS + 20;
        MathContext rc = new MathContext(digits);
        BigInteger k = bx.divide(HALF_PI, rc).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
        BigDecimal r = bx.subtract(HALF_PI.multiply(new BigDecimal(k)), rc).round(MC);
        int q = k.add(BigInteger.valueOf(cos ? 1 : 0)).mod(BigInteger.valueOf(4)).intValue();
        BigDecimal v = (q & 1) == 0 ? sinSeries(r) : cosSeries(r);
        return (q & 2) == 0 ? v : v.negate();
    }

    private static BigDecimal sinSeries(BigDecimal r) {
        BigDecimal z = r.multiply(r, MC), term = r, sum = r;
        BigDecimal eps = r.abs().multiply(EPS);
        for (int n = 1; term.abs().compareTo(eps) > 0; n++) {
            term = term.multiply(z, MC).divide(BigDecimal.valueOf(-(2L * n) * (2L * n + 1)), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    private static BigDecimal cosSeries(BigDecimal r) {
        BigDecimal z = r.multiply(r, MC), term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int n = 1; term.abs().compareTo(EPS) > 0; n++) {
            term = term.multiply(z, MC).divide(BigDecimal.valueOf(-(2L * n - 1) * (2L * n)), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    /**
     * erf of an exact double, |x| < 7: {@code 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1))}
     * (every term of x's sign, so nothing cancels).
     */
    static BigDecimal erf(BigDecimal x) {
        BigDecimal twoX2 = x.multiply(x).multiply(TWO), term = x, sum = x;
        BigDecimal eps = x.abs().multiply(EPS);
        for (int n = 0; term.abs().compareTo(eps) > 0 || n < 2 * twoX2.doubleValue(); n++) {
            term = term.multiply(twoX2, MC).divide(BigDecimal.valueOf(2L * n + 3), MC);
            sum = sum.add(term, MC);
        }
        return TWO_OVER_SQRT_PI.multiply(exp(x.multiply(x).negate()), MC).multiply(sum, MC);
    }

    private static BigDecimal machinPi(MathContext mc) {
        // pi = 16 atan(1/5) - 4 atan(1/239)
        return atanInv(5, mc).multiply(BigDecimal.valueOf(16)).subtract(atanInv(239, mc).multiply(BigDecimal.valueOf(4)), mc);
    }

    private static BigDecimal atanInv(int n, MathContext mc) {
        BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc);
        BigDecimal x2 = x.multiply(x, mc), pow = x, sum = x;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int k = 1; pow.compareTo(eps) > 0; k++) {
            pow = pow.multiply(x2, mc);
            BigDecimal t = pow.divide(BigDecimal.valueOf(2L * k + 1), mc);
            sum = (k & 1) == 1 ? sum.subtract(t, mc) : sum.add(t, mc);
        }
        return sum;
    }
}
