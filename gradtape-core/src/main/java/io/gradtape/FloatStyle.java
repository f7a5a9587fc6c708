package io.gradtape;

import io.gradtape.internal.kernels.Convert;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * NumPy's default float array style ({@code precision=8, floatmode='maxprec'}), which TensorFlow prints:
 * <ul>
 *   <li>if the largest finite magnitude is at least 1e8, or the smallest non-zero is below 1e-4, or their ratio
 *       exceeds 1e3: scientific, {@code [1.5e-05 2.0e+03]}, mantissas with one shared number of digits, whole
 *       numbers too ({@code [1.e+00 2.e+03]});</li>
 *   <li>else, all finite values integral: {@code [1. 2. 3.]};</li>
 *   <li>else fixed point with at most 8 fractional digits, each value with as few as represent it (rounded to
 *       8), padded on the right so the points line up: {@code [1.5  2.25]}.</li>
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
        boolean sci = maxAbs >= 1e8 || (minAbs < 1e-4) || (minAbs != Double.POSITIVE_INFINITY && maxAbs / minAbs > 1e3);
        if (sci) {
            int digits = 0;
            for (int i : idx) {
                double v = Convert.toDouble(data, i);
                if (Double.isFinite(v) && v != 0) {
                    digits = Math.max(digits, mantissaDigits(shortest(v, f32)));
                }
            }
            for (int k = 0; k < idx.length; k++) {
                double v = Convert.toDouble(data, idx[k]);
                text[k] = Double.isFinite(v) ? scientific(v, digits) : special(v);
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
            if (b.scale() > PRECISION) {
                b = b.setScale(PRECISION, RoundingMode.HALF_EVEN);
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

    /** The shortest decimal that reads back as the same float (or double). */
    private static BigDecimal shortest(double v, boolean f32) {
        return new BigDecimal(f32 ? Float.toString((float) v) : Double.toString(v));
    }

    private static int mantissaDigits(BigDecimal b) {
        int d = b.stripTrailingZeros().precision() - 1;
        return Math.min(Math.max(d, 0), PRECISION);
    }

    /** {@code v} with {@code digits} mantissa digits; none gives NumPy's bare point, {@code 1.e-05}. */
    private static String scientific(double v, int digits) {
        if (v == 0) {
            return (negative(v) ? "-0." : "0.") + "0".repeat(digits) + "e+00";
        }
        String s = String.format(java.util.Locale.ROOT, "%." + digits + "e", v);
        int e = s.indexOf('e');
        String mant = digits == 0 ? s.substring(0, e) + "." : s.substring(0, e);
        int exp = Integer.parseInt(s.substring(e + 1));
        String ed = Integer.toString(Math.abs(exp));
        return mant + "e" + (exp < 0 ? "-" : "+") + (ed.length() < 2 ? "0" : "") + ed;
    }

    /** Whether v has its sign bit set: negative numbers, and -0 (printed {@code -0.}, as NumPy does). */
    private static boolean negative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }

    private static String special(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
