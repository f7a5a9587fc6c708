package io.gradtape;

import io.gradtape.internal.kernels.Convert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * NumPy's default float array style ({@code precision=8, floatmode='maxprec'}), which TensorFlow prints:
 * <ul>
 *   <li>if the largest finite magnitude is at least 1e8, or the smallest non-zero is below 1e-4, or their ratio
 *       (computed in the array's dtype) exceeds 1e3: scientific, {@code [1.5e-05 2.0e+03]}, mantissas with one
 *       shared number of digits (the most any element's shortest digits need, at most 8), each element's exact
 *       value rounded to them, whole numbers too ({@code [1.e+00 2.e+03]}), and exponents with one shared number
 *       of digits, at least two ({@code [1.e+000 1.e-300]});</li>
 *   <li>else, all finite values integral: {@code [1. 2. 3.]};</li>
 *   <li>else fixed point with every integer digit and at most 8 fractional digits, as few as represent the value
 *       (past 8, its exact value rounded to 8, ties to even), padded on the right so the points line up:
 *       {@code [1.5  2.25]}, {@code [  100000.5 86648896. ]}.</li>
 * </ul>
 * NaN and infinities print as {@code nan}, {@code inf}, {@code -inf}.
 */
final class FloatStyle {
    private static final int PRECISION = 8;

    private FloatStyle() {
    }

    /**
     * Sets {@code text[k]} to element {@code idx[k]} of {@code data}, for every {@code k}; the style depends on
     * those elements alone.
     */
    static void format(Object data, int[] idx, String[] text) {
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        boolean integral = true;
        for (int i : idx) {
            double v = Convert.toDouble(data, i);
            if (!Double.isFinite(v)) {
                continue;
            }
            double a = Math.abs(v);
            maxAbs = Math.max(maxAbs, a);
            if (a != 0) {
                minAbs = Math.min(minAbs, a);
            }
            integral &= v == Math.rint(v);
        }
        boolean f32 = data instanceof float[];
        // NumPy divides in the array's own type: a float32 ratio a hair above 1000 rounds to 1000 and stays fixed
        double ratio = f32 ? (float) maxAbs / (float) minAbs : maxAbs / minAbs;
        boolean sci = maxAbs >= 1e8 || (minAbs < 1e-4) || (minAbs != Double.POSITIVE_INFINITY && ratio > 1e3);
        if (sci) {
            int digits = 0;
            for (int i : idx) {
                double v = Convert.toDouble(data, i);
                if (Double.isFinite(v) && v != 0) {
                    digits = Math.max(digits, mantissaDigits(v, f32));
                }
            }
            BigDecimal[] rounded = new BigDecimal[idx.length];
            int expWidth = 2; // NumPy writes every exponent with as many digits as the longest needs
            for (int k = 0; k < idx.length; k++) {
                double v = Convert.toDouble(data, idx[k]);
                if (Double.isFinite(v) && v != 0) {
                    rounded[k] = new BigDecimal(v).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
                    expWidth = Math.max(expWidth, Integer.toString(Math.abs(exponentOf(rounded[k]))).length());
                }
            }
            for (int k = 0; k < idx.length; k++) {
                double v = Convert.toDouble(data, idx[k]);
                text[k] = !Double.isFinite(v) ? special(v)
                        : v == 0 ? (negative(v) ? "-0." : "0.") + "0".repeat(digits) + exponent(0, expWidth)
                        : scientific(rounded[k], digits, expWidth);
            }
            return;
        }
        if (integral) { // below 1e8 here, so every value prints exactly
            for (int k = 0; k < idx.length; k++) {
                double v = Convert.toDouble(data, idx[k]);
                text[k] = Double.isFinite(v) ? new BigDecimal(v).toPlainString() + "." : special(v);
                if (v == 0 && negative(v)) { // BigDecimal has no -0
                    text[k] = "-0.";
                }
            }
            return;
        }
        String[] intPart = new String[idx.length];
        String[] fracPart = new String[idx.length];
        int fracWidth = 0;
        for (int k = 0; k < idx.length; k++) {
            double v = Convert.toDouble(data, idx[k]);
            if (!Double.isFinite(v)) {
                continue;
            }
            BigDecimal b = shortest(v, f32);
            if (b.scale() > PRECISION) { // rounded from the exact value, as NumPy's Dragon4 cuts it off: ties to even
                b = new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN);
            } else if (b.scale() < 0) { // a float32 from 2^24 up: NumPy writes every integer digit, 86648896.
                b = new BigDecimal(v);
            }
            b = b.stripTrailingZeros();
            String plain = b.scale() <= 0 ? b.setScale(0).toPlainString() + "." : b.toPlainString();
            if (negative(v) && !plain.startsWith("-")) { // also -0, which BigDecimal has no sign for
                plain = "-" + plain;
            }
            int dot = plain.indexOf('.');
            intPart[k] = plain.substring(0, dot + 1);
            fracPart[k] = plain.substring(dot + 1);
            fracWidth = Math.max(fracWidth, fracPart[k].length());
        }
        for (int k = 0; k < idx.length; k++) {
            double v = Convert.toDouble(data, idx[k]);
            text[k] = Double.isFinite(v) ? intPart[k] + fracPart[k] + " ".repeat(fracWidth - fracPart[k].length()) : special(v);
        }
    }

    /**
     * The shortest decimal that reads back as {@code v} (a float32 value when {@code f32}), and of those the one
     * nearest to {@code v}: the digits NumPy prints (its Dragon4 in unique mode). JDK 17's {@code Float.toString}
     * is not always the shortest: from 1e7 up it gives one or two digits too many for most floats
     * ({@code 8.1109158E8}, where NumPy prints {@code 8.110916e+08}; 32,620 of 298,831 random float bit patterns,
     * none below 1e7), and {@code Double.toString} for 0.3% of doubles (JDK-4511638, fixed in JDK 19). Java's
     * digits do read back, so they bound the length; shorter lengths are tried while one reads back. That stops at
     * the shortest because a length that reads back makes every longer one read back too: if some decimal with
     * {@code n} digits lies in the interval of numbers that round to {@code v}, it is also a decimal with
     * {@code n + 1} digits, so the nearest {@code (n + 1)}-digit decimal on its side of {@code v} lies between it
     * and {@code v}, inside the interval. Each try rounds the exact value of {@code v}, up to about 750 digits for
     * a float64 subnormal: 1,000 of those print in 0.1-0.3 s, ordinary values in a few ms.
     */
    private static BigDecimal shortest(double v, boolean f32) {
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(v); // a float widened to double is exact too
        String java = f32 ? Float.toString((float) v) : Double.toString(v);
        int digits = new BigDecimal(java).stripTrailingZeros().precision();
        BigDecimal best = nearestReadingBack(exact, digits, v, f32);
        for (BigDecimal shorter; digits > 1 && (shorter = nearestReadingBack(exact, digits - 1, v, f32)) != null; ) {
            best = shorter;
            digits--;
        }
        return best;
    }

    /**
     * Of the two decimals with {@code digits} significant digits around {@code exact}, the nearer one that reads
     * back as {@code v} (ties to the even last digit), or null if neither does.
     */
    private static BigDecimal nearestReadingBack(BigDecimal exact, int digits, double v, boolean f32) {
        BigDecimal below = exact.round(new MathContext(digits, RoundingMode.FLOOR));
        BigDecimal above = exact.round(new MathContext(digits, RoundingMode.CEILING));
        boolean belowOk = readsBack(below, v, f32);
        boolean aboveOk = readsBack(above, v, f32);
        if (belowOk && aboveOk) {
            int c = exact.subtract(below).compareTo(above.subtract(exact));
            return c < 0 ? below : c > 0 ? above : below.unscaledValue().testBit(0) ? above : below;
        }
        return belowOk ? below : aboveOk ? above : null;
    }

    private static boolean readsBack(BigDecimal d, double v, boolean f32) {
        return f32 ? d.floatValue() == (float) v : d.doubleValue() == v;
    }

    /**
     * How many mantissa digits {@code v} needs in scientific style: those of its shortest digits, or, past
     * {@value #PRECISION}, of its exact value rounded to {@value #PRECISION} with trailing zeros dropped
     * ({@code 1.24569430e-53} counts 7).
     */
    private static int mantissaDigits(double v, boolean f32) {
        BigDecimal b = shortest(v, f32).stripTrailingZeros();
        if (b.precision() - 1 > PRECISION) {
            b = new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        }
        return Math.max(b.precision() - 1, 0);
    }

    /**
     * A value already rounded to {@code digits + 1} significant digits (its exact value, ties to even: NumPy's
     * Dragon4 continues past an element's shortest digits to the array's count), written with {@code digits}
     * mantissa digits; none gives NumPy's bare point, {@code 1.e-05}.
     */
    private static String scientific(BigDecimal rounded, int digits, int expWidth) {
        String u = rounded.unscaledValue().abs().toString();
        u += "0".repeat(digits + 1 - u.length());
        return (rounded.signum() < 0 ? "-" : "") + u.charAt(0) + "." + u.substring(1)
                + exponent(exponentOf(rounded), expWidth);
    }

    /** The decimal exponent of a non-zero value in scientific style: {@code 1.5e+03} has 3. */
    private static int exponentOf(BigDecimal b) {
        return b.precision() - 1 - b.scale();
    }

    /**
     * NumPy's repr of one float scalar, which TensorFlow prints for a tensor of shape {@code ()}: its shortest
     * digits ({@link #shortest}), positional from 1e-4 up to 1e16 ({@code 0.0006053583}, {@code 10000000.0},
     * {@code 123456790.0}), scientific outside ({@code 1e-05}, {@code 9.9e-05}, {@code 1e+16}); {@code nan},
     * {@code inf}, {@code -inf}. Java's own switch to scientific, below 1e-3 and from 1e7, is not NumPy's.
     */
    static String repr(double v, boolean f32) {
        if (!Double.isFinite(v)) {
            return special(v);
        }
        if (v == 0) {
            return negative(v) ? "-0.0" : "0.0";
        }
        BigDecimal b = shortest(v, f32).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e16) {
            return b.scale() <= 0 ? b.setScale(0).toPlainString() + ".0" : b.toPlainString();
        }
        String u = b.unscaledValue().abs().toString();
        String mantissa = u.charAt(0) + (u.length() > 1 ? "." + u.substring(1) : "");
        return (v < 0 ? "-" : "") + mantissa + exponent(exponentOf(b), 2);
    }

    /** {@code e+05}, {@code e-12}, {@code e+002}: a sign and at least {@code width} digits, as NumPy writes them. */
    private static String exponent(int exp, int width) {
        String digits = Integer.toString(Math.abs(exp));
        return "e" + (exp < 0 ? "-" : "+") + "0".repeat(Math.max(width - digits.length(), 0)) + digits;
    }

    /** Whether v has its sign bit set: negative numbers, and -0 (printed {@code -0.}, as NumPy does). */
    private static boolean negative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }

    private static String special(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
