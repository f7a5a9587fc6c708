package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.Parallel;

/**
 * The SVD of an upper bidiagonal matrix {@code B = U_B diag(s) V_B^T} by the implicit QR iteration of Golub and
 * Kahan (1965) with the refinements of Demmel and Kahan ("Accurate singular values of bidiagonal matrices", SIAM J.
 * Sci. Stat. Comput. 11, 1990): a sweep whose shift is negligible against the top of the block runs the zero-shift
 * variant, which computes every new entry from products alone (no cancellation), and an off-diagonal entry is
 * dropped when it is small relative to its two neighbours on the diagonal. The shift is the smaller singular value
 * of the trailing 2 x 2 block. A diagonal entry below {@code eps ||B||} is set to zero and its row or column is
 * cleared by a chase of rotations (Golub and Van Loan, "Matrix Computations", 4th ed., section 8.6.2).
 *
 * <p>The rotations dominate the cost (about {@code 6k} flops each, on {@code U_B} and on {@code V_B}, some
 * {@code k^2} of them). They are not applied as they are made: the columns of {@code U_B} and {@code V_B} are kept
 * as rows ({@code ut[i]} is column {@code i}, so a rotation combines two contiguous rows), the rotations are
 * recorded, and every few thousand of them are applied together to strips of columns narrow enough that a strip of
 * all {@code k} rows stays in the L2 cache, the strips split between threads. Applied one at a time, every sweep
 * would stream both {@code k x k} matrices through memory once.
 */
final class BidiagonalQr {
    /**
     * Below this many rotated entries (rotations times row length) a flush stays on the calling thread: at n = 64
     * the whole SVD takes 0.5 ms on one thread, and on the loaded machine of 2026-12-02 (load 20) every hand-off
     * risked a wait of milliseconds for a descheduled helper (JMH, two threads: 24-45 ms per SVD at n = 64).
     */
    private static final int PARALLEL_WORK = 1 << 20;
    /** Bytes of one strip ({@code k} rows x its width) that {@link #flush} keeps in the L2 cache. */
    private static final int STRIP_BYTES = 256 * 1024;

    private final double[] d;
    private final double[] e;
    private final int k;
    private final Recorded onU;
    private final Recorded onV;
    // the result of the last rotation(f, g)
    private double rc;
    private double rs;
    private double rr;

    private BidiagonalQr(double[] d, double[] e, int k, double[][] ut, double[][] vt) {
        this.d = d;
        this.e = e;
        this.k = k;
        int capacity = Math.max(1024, 8 * k);
        onU = new Recorded(ut, capacity);
        onV = new Recorded(vt, capacity);
    }

    /**
     * Diagonalizes the upper bidiagonal {@code B} (diagonal {@code d}, superdiagonal {@code e}, both overwritten) and
     * applies the transformations to the rows of {@code ut} and {@code vt} ({@code k} rows of length {@code k}
     * each): if they hold {@code U^T} and {@code V^T} on entry, they hold {@code (U U_B)^T} and {@code (V V_B)^T}
     * on return, and {@code d} the singular values, non-negative and unordered.
     *
     * @return false if the iteration did not converge within its budget ({@code 10 k^2} rotations on each side)
     */
    static boolean solve(double[] d, double[] e, int k, double[][] ut, double[][] vt) {
        return new BidiagonalQr(d, e, k, ut, vt).run();
    }

    private boolean run() {
        double eps = Math.ulp(1.0);
        double tol = 2 * eps;
        double tiny = Double.MIN_NORMAL;
        double anorm = 0;
        for (int i = 0; i < k; i++) {
            anorm = Math.max(anorm, Math.abs(d[i]));
            if (i < k - 1) {
                anorm = Math.max(anorm, Math.abs(e[i]));
            }
        }
        double zeroTol = eps * anorm;
        long budget = 10L * k * k + 100;
        int hi = k - 1;
        while (hi > 0) {
            if (negligible(hi - 1, tol, tiny)) {
                e[hi - 1] = 0;
                hi--;
                continue;
            }
            int lo = hi - 1;
            while (lo > 0) {
                if (negligible(lo - 1, tol, tiny)) {
                    e[lo - 1] = 0;
                    break;
                }
                lo--;
            }
            // [lo, hi] is unreduced: first clear any (numerically) zero diagonal entry
            int zero = -1;
            for (int i = lo; i <= hi; i++) {
                if (Math.abs(d[i]) <= zeroTol) {
                    zero = i;
                    break;
                }
            }
            if (zero >= 0) {
                d[zero] = 0;
                if (zero < hi) {
                    clearRow(zero, hi);
                } else {
                    clearColumn(lo, hi);
                }
                continue;
            }
            budget -= hi - lo;
            if (budget < 0) {
                return false;
            }
            double shift = smallerSingularValue(d[hi - 1], e[hi - 1], d[hi]);
            double ratio = shift / d[lo];
            if (ratio * ratio <= eps) {
                zeroShiftSweep(lo, hi);
            } else {
                shiftedSweep(lo, hi, shift);
            }
        }
        Recorded.flush(onU, onV);
        for (int i = 0; i < k; i++) {
            if (d[i] < 0) {
                d[i] = -d[i];
                double[] row = onV.rows[i];
                for (int c = 0; c < row.length; c++) {
                    row[c] = -row[c];
                }
            }
        }
        return true;
    }

    /** Whether {@code e[i]} may be set to zero: small against {@code |d[i]| + |d[i+1]|} (relative) or tiny. */
    private boolean negligible(int i, double tol, double tiny) {
        double x = Math.abs(e[i]);
        return x <= tol * (Math.abs(d[i]) + Math.abs(d[i + 1])) || x <= tiny;
    }

    /**
     * One implicit QR sweep with shift {@code shift} on rows and columns {@code lo..hi}: a right rotation aimed at
     * the first column of {@code B^T B - shift^2 I} creates a bulge below the diagonal, and alternating left and
     * right rotations chase it off the bottom.
     */
    private void shiftedSweep(int lo, int hi, double shift) {
        // first column of B^T B - shift^2 I, divided by d[lo]: (d^2 - shift^2) / d, e (no overflow, no cancellation in d^2)
        double f = (Math.abs(d[lo]) - shift) * (Math.copySign(1, d[lo]) + shift / d[lo]);
        double g = e[lo];
        for (int i = lo; i < hi; i++) {
            rotation(f, g);
            if (i > lo) {
                e[i - 1] = rr;
            }
            double c = rc;
            double s = rs;
            double di = d[i];
            double ei = e[i];
            double dn = d[i + 1];
            f = c * di + s * ei;
            e[i] = c * ei - s * di;
            g = s * dn;
            d[i + 1] = c * dn;
            onV.add(i, i + 1, c, s);
            rotation(f, g);
            c = rc;
            s = rs;
            d[i] = rr;
            ei = e[i];
            dn = d[i + 1];
            f = c * ei + s * dn;
            d[i + 1] = c * dn - s * ei;
            if (i < hi - 1) {
                g = s * e[i + 1];
                e[i + 1] = c * e[i + 1];
            }
            onU.add(i, i + 1, c, s);
        }
        e[hi - 1] = f;
    }

    /**
     * The zero-shift sweep of Demmel and Kahan on rows and columns {@code lo..hi}: with shift 0 the right rotation
     * leaves no entry above the bulge, and every new entry is a product of old ones and of cosines and sines.
     */
    private void zeroShiftSweep(int lo, int hi) {
        double cs = 1;
        double oldCs = 1;
        double oldSn = 0;
        for (int i = lo; i < hi; i++) {
            rotation(d[i] * cs, e[i]);
            cs = rc;
            double sn = rs;
            double r = rr;
            if (i > lo) {
                e[i - 1] = oldSn * r;
            }
            onV.add(i, i + 1, cs, sn);
            rotation(oldCs * r, d[i + 1] * sn);
            oldCs = rc;
            oldSn = rs;
            d[i] = rr;
            onU.add(i, i + 1, oldCs, oldSn);
        }
        double h = d[hi] * cs;
        d[hi] = h * oldCs;
        e[hi - 1] = h * oldSn;
    }

    /** With {@code d[i] == 0}, {@code i < hi}: left rotations of rows {@code j, i} ({@code j = i+1..hi}) clear row {@code i}. */
    private void clearRow(int i, int hi) {
        double f = e[i];
        e[i] = 0;
        for (int j = i + 1; j <= hi && f != 0; j++) {
            rotation(d[j], f);
            d[j] = rr;
            onU.add(j, i, rc, rs);
            if (j < hi) {
                f = -rs * e[j];
                e[j] = rc * e[j];
            }
        }
    }

    /** With {@code d[hi] == 0}: right rotations of columns {@code j, hi} ({@code j = hi-1..lo}) clear column {@code hi}. */
    private void clearColumn(int lo, int hi) {
        double f = e[hi - 1];
        e[hi - 1] = 0;
        for (int j = hi - 1; j >= lo && f != 0; j--) {
            rotation(d[j], f);
            d[j] = rr;
            onV.add(j, hi, rc, rs);
            if (j > lo) {
                f = -rs * e[j - 1];
                e[j - 1] = rc * e[j - 1];
            }
        }
    }

    /** {@code rc, rs, rr} with {@code rc f + rs g = rr >= 0} and {@code rc g - rs f = 0}. */
    private void rotation(double f, double g) {
        double m = Math.max(Math.abs(f), Math.abs(g));
        if (m == 0) {
            rc = 1;
            rs = 0;
            rr = 0;
            return;
        }
        double r = m > 1e-150 && m < 1e150 ? Math.sqrt(f * f + g * g) : Math.hypot(f, g);
        rc = f / r;
        rs = g / r;
        rr = r;
    }

    /**
     * The smaller singular value of {@code [[f, g], [0, h]]}, from {@code smax + smin = sqrt((|f|+|h|)^2 + g^2)},
     * {@code smax - smin = sqrt((|f|-|h|)^2 + g^2)} and {@code smax smin = |f h|}.
     */
    static double smallerSingularValue(double f, double g, double h) {
        double fa = Math.abs(f);
        double ha = Math.abs(h);
        if (fa == 0 || ha == 0) {
            return 0;
        }
        double smax = 0.5 * (Math.hypot(fa + ha, g) + Math.hypot(fa - ha, g));
        return fa / smax * ha;
    }

    /** Rotations recorded for one side, applied in order to the rows of {@link #rows} by {@link #flush}. */
    private static final class Recorded {
        final double[][] rows;
        final int[] a;
        final int[] b;
        final double[] c;
        final double[] s;
        int count;

        Recorded(double[][] rows, int capacity) {
            this.rows = rows;
            a = new int[capacity];
            b = new int[capacity];
            c = new double[capacity];
            s = new double[capacity];
        }

        /** Records {@code rows[ia] <- c rows[ia] + s rows[ib]}, {@code rows[ib] <- c rows[ib] - s rows[ia]}. */
        void add(int ia, int ib, double cc, double ss) {
            if (count == a.length) {
                flush(this, null);
            }
            a[count] = ia;
            b[count] = ib;
            c[count] = cc;
            s[count] = ss;
            count++;
        }

        /** Applies and forgets the recorded rotations of {@code x} and of {@code y} (may be null), strip by strip. */
        static void flush(Recorded x, Recorded y) {
            int len = x.rows.length == 0 ? 0 : x.rows[0].length;
            if (len == 0) {
                x.count = 0;
                if (y != null) {
                    y.count = 0;
                }
                return;
            }
            int width = Math.max(16, STRIP_BYTES / 8 / Math.max(1, x.rows.length) / 8 * 8);
            width = Math.min(width, len);
            int strips = (len + width - 1) / width;
            int tasks = y == null ? strips : 2 * strips;
            long work = ((long) x.count + (y == null ? 0 : y.count)) * len;
            int w = width;
            if (work < PARALLEL_WORK) {
                for (int t = 0; t < tasks; t++) {
                    strip(t < strips ? x : y, (t % strips) * w, Math.min(len, (t % strips) * w + w));
                }
            } else {
                Parallel.forEach(tasks, t -> strip(t < strips ? x : y, (t % strips) * w, Math.min(len, (t % strips) * w + w)));
            }
            x.count = 0;
            if (y != null) {
                y.count = 0;
            }
        }

        private static void strip(Recorded r, int lo, int hi) {
            double[][] rows = r.rows;
            int[] ia = r.a;
            int[] ib = r.b;
            double[] cs = r.c;
            double[] sn = r.s;
            int count = r.count;
            for (int q = 0; q < count; q++) {
                double[] x = rows[ia[q]];
                double[] y = rows[ib[q]];
                double c = cs[q];
                double s = sn[q];
                if (q + 1 < count && ia[q + 1] == ib[q] && ib[q + 1] != ia[q]) {
                    // two rotations of one chase, (x, y) then (y, z): y is loaded and stored once
                    double[] z = rows[ib[q + 1]];
                    double c2 = cs[q + 1];
                    double s2 = sn[q + 1];
                    for (int j = lo; j < hi; j++) {
                        double xv = x[j];
                        double yv = y[j];
                        double zv = z[j];
                        double y1 = c * yv - s * xv;
                        x[j] = c * xv + s * yv;
                        y[j] = c2 * y1 + s2 * zv;
                        z[j] = c2 * zv - s2 * y1;
                    }
                    q++;
                    continue;
                }
                for (int j = lo; j < hi; j++) {
                    double xv = x[j];
                    double yv = y[j];
                    x[j] = c * xv + s * yv;
                    y[j] = c * yv - s * xv;
                }
            }
        }
    }
}
