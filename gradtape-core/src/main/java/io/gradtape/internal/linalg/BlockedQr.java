package io.gradtape.internal.linalg;

/**
 * Householder QR by blocks of columns, with the compact WY representation of a block of reflectors (Schreiber and
 * Van Loan, "A storage-efficient WY representation for products of Householder transformations", SIAM J. Sci.
 * Stat. Comput. 10(1), 1989; Golub and Van Loan, "Matrix Computations", 4th ed., sections 5.1.7 and 5.2.3).
 *
 * <p><b>Algorithm.</b> The matrix is held transposed ({@code at}, {@code n x m}, row {@code j} = column {@code j} of
 * A) so that every column the algorithm touches, and every Householder vector, is contiguous. For each panel of
 * {@code nb} columns:
 * <ol>
 *   <li>the panel is factored by the plain algorithm: reflector {@code H_j = I - tau_j v_j v_j^T} (with
 *       {@code v_j[j] = 1}) zeroes column {@code j} below the diagonal and is applied to the panel's later columns
 *       (dot products and updates over contiguous rows: {@code 2 m nb^2} flops per panel);</li>
 *   <li>the panel's reflectors are written as {@code H_j0 ... H_j0+nb-1 = I - V T V^T}, {@code T} upper triangular
 *       {@code nb x nb} ({@code T_pp = tau_p}, {@code T[0:p, p] = -tau_p T[0:p, 0:p] V[:, 0:p]^T v_p});</li>
 *   <li>the trailing columns get {@code A2 <- (I - V T^T V^T) A2} as two matrix products,
 *       {@code W = A2^T V}, {@code A2^T -= (W T) V^T}: {@code 4 m' n' nb} flops in the GEMM kernel, in parallel.</li>
 * </ol>
 * The reduced Q is then formed backwards from {@code [I; 0]}, one block of reflectors at a time, with the same two
 * products per block (as LAPACK's {@code orgqr}): for a square {@code n x n} matrix about {@code 4/3 n^3} flops for R
 * and {@code 4/3 n^3} for Q, nearly all of them in the GEMM kernel once {@code n >> nb}.
 *
 * <p><b>Signs.</b> Each reflector maps its column to {@code -sign(x_0) ||x|| e_1} (no cancellation in
 * {@code x_0 - beta}); a column already zero below the diagonal gives {@code tau = 0} ({@code H = I}). At the end, rows of R with a negative
 * diagonal are negated along with the matching columns of Q, so that R's diagonal is non-negative (see
 * {@link Dense#qr}).
 */
final class BlockedQr {
    /**
     * Columns per block. Measured 2026-12-02 10:04 UTC (load 2.7; one JVM, best of the last 3 of 6 square
     * {@code n = 1024} factorizations, 2 threads, VectorDgemm on AVX-512): nb = 16, 32, 48, 64, 96 took 173, 135,
     * 138, 202, 208 ms (unblocked 717 ms, the former row-major code 948 ms); at n = 256, 16 and 32 took 3.1 and
     * 3.4 ms. Narrower blocks leave more of the work in the panel's loops, wider ones make the panel (whose cost
     * grows as {@code m nb^2}) and the T products dominate; 32 and 48 tie, 32 wins at small n.
     */
    static final int BLOCK = Integer.getInteger("gradtape.linalg.qrBlock", 32);
    /**
     * Matrices with {@code min(m, n)} below this are factored as one panel, no products. Measured 10:10 UTC (load
     * 9-15, so best of the last 300 of 600 runs, two JVMs each): unblocked vs nb = 32 took 0.17 vs 0.70 ms at
     * n = 64, 0.55 vs 1.77 ms at 96, 1.3 vs 0.64 ms at 128, 4.5-5.8 vs 1.5-2.0 ms at 192; below 128 the per-product
     * overhead (copies, packing, the T factor) outweighs the faster products. (The plain algorithm on the
     * transposed matrix is itself 10-20% faster than the former row-major loop: 0.17 vs 0.21 ms at 64.)
     */
    static final int BLOCKED_MIN = Integer.getInteger("gradtape.linalg.qrBlockedMin", 128);

    private BlockedQr() {
    }

    /** The reduced QR of {@link Dense#qr}, with the default block size. */
    static void qr(double[] a, int m, int n, double[] q, double[] r) {
        int k = Math.min(m, n);
        qr(a, m, n, q, r, k >= BLOCKED_MIN ? BLOCK : Math.max(k, 1));
    }

    /**
     * The reduced QR of {@link Dense#qr} with panels of {@code nb} columns: {@code nb >= min(m, n)} is the plain
     * (unblocked) algorithm, applying each reflector as soon as it is formed.
     */
    static void qr(double[] a, int m, int n, double[] q, double[] r, int nb) {
        int k = Math.min(m, n);
        double[] at = new double[n * m];
        DenseProduct.transpose(a, m, n, at);
        double[] taus = new double[k];
        for (int j0 = 0; j0 < k; j0 += nb) {
            int b = Math.min(nb, k - j0);
            // the plain algorithm updates every later column itself; a blocked panel only its own columns
            int updateEnd = nb >= k ? n : j0 + b;
            panel(at, m, j0, b, updateEnd, taus);
            int rest = n - (j0 + b);
            if (nb < k && rest > 0) {
                applyBlockTransposed(at, m, j0, b, taus, j0 + b, rest);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < n; c++) {
                r[i * n + c] = c < i ? 0 : at[c * m + i];
            }
        }
        double[] qt = new double[k * m];
        formQt(at, m, 0, 0, k, taus, m, k, qt, m, 0, nb);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < k; c++) {
                q[i * k + c] = qt[c * m + i];
            }
        }
        for (int i = 0; i < k; i++) {
            if (r[i * n + i] < 0) {
                for (int c = i; c < n; c++) {
                    r[i * n + c] = -r[i * n + c];
                }
                for (int row = 0; row < m; row++) {
                    q[row * k + i] = -q[row * k + i];
                }
            }
        }
    }

    /**
     * Factors columns {@code j0 .. j0+b-1} (rows of {@code at}, length {@code m}): each reflector is generated in
     * place ({@link #reflector}) and applied to the rows of {@code at} after it up to {@code updateEnd}.
     */
    private static void panel(double[] at, int m, int j0, int b, int updateEnd, double[] taus) {
        for (int j = j0; j < j0 + b; j++) {
            int vo = j * m + j;
            double tau = reflector(at, vo, m - j);
            taus[j] = tau;
            if (tau == 0) {
                continue;
            }
            for (int c = j + 1; c < updateEnd; c++) {
                applyReflector(at, vo, m - j, tau, at, c * m + j);
            }
        }
    }

    /**
     * Turns {@code x = a[o .. o+len)} into a Householder reflector {@code H = I - tau v v^T} with {@code H x =
     * beta e_1}: {@code a[o]} becomes {@code beta = -sign(x_0) ||x||} and {@code a[o+1 ..]} the tail of {@code v}
     * ({@code v_0 = 1} is implicit). Returns {@code tau} ({@code 0}, {@code H = I} and nothing changed when the tail of {@code x} is already zero).
     */
    static double reflector(double[] a, int o, int len) {
        double tail = norm2(a, o + 1, o + len);
        if (tail == 0) {
            return 0; // x is already a multiple of e_1: H = I, beta = x_0
        }
        double x0 = a[o];
        double norm = Math.hypot(x0, tail);
        double beta = x0 >= 0 ? -norm : norm;
        double scale = 1 / (x0 - beta);
        for (int i = o + 1; i < o + len; i++) {
            a[i] *= scale;
        }
        a[o] = beta;
        return (beta - x0) / beta;
    }

    /** {@code y <- (I - tau v v^T) y} for {@code v = (1, a[vo+1 .. vo+len))} and {@code y = y[yo .. yo+len)}. */
    static void applyReflector(double[] v, int vo, int len, double tau, double[] y, int yo) {
        double dot = y[yo] + dot(v, vo + 1, y, yo + 1, len - 1);
        double s = tau * dot;
        y[yo] -= s;
        for (int i = 1; i < len; i++) {
            y[yo + i] -= s * v[vo + i];
        }
    }

    /** {@code sum x[xo+i] y[yo+i]} over {@code i < len}, with four partial sums. */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 += x[xo + i] * y[yo + i];
            s1 += x[xo + i + 1] * y[yo + i + 1];
            s2 += x[xo + i + 2] * y[yo + i + 2];
            s3 += x[xo + i + 3] * y[yo + i + 3];
        }
        for (; i < len; i++) {
            s0 += x[xo + i] * y[yo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The 2-norm of {@code a[from .. to)}, rescaled when the plain sum of squares would overflow or underflow. */
    static double norm2(double[] a, int from, int to) {
        double s = dot(a, from, a, from, to - from);
        if (s > 1e-280 && s < 1e280) {
            return Math.sqrt(s);
        }
        double max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(a[i]));
        }
        if (max == 0 || !(max < Double.POSITIVE_INFINITY)) {
            return max == 0 ? 0 : max; // zero, infinite or NaN entries
        }
        double t = 0;
        for (int i = from; i < to; i++) {
            double x = a[i] / max;
            t += x * x;
        }
        return max * Math.sqrt(t);
    }

    /**
     * The reflectors {@code p0 .. p0+b-1} as an explicit {@code b x len} matrix {@code V^T} (row {@code i}: zeros
     * before column {@code i}, 1 at {@code i}, then the stored tail), where reflector {@code p} is stored in
     * {@code v} at row {@code vr0 + p}, from column {@code vc0 + p} (its implicit 1), over components
     * {@code p .. M-1}; {@code len = M - p0}.
     */
    static double[] explicitV(double[] v, int ldv, int vr0, int vc0, int p0, int b, int len) {
        double[] vt = new double[b * len];
        for (int i = 0; i < b; i++) {
            int src = (vr0 + p0 + i) * ldv + vc0 + p0 + i;
            vt[i * len + i] = 1;
            System.arraycopy(v, src + 1, vt, i * len + i + 1, len - i - 1);
        }
        return vt;
    }

    /** The upper-triangular {@code b x b} factor T of {@code H_0 ... H_b-1 = I - V T V^T}, from {@code V^T} ({@code b x len}, rows unit-led). */
    static double[] triangularFactor(double[] vt, int b, int len, double[] taus, int t0) {
        double[] t = new double[b * b];
        double[] w = new double[b];
        for (int p = 0; p < b; p++) {
            double tau = taus[t0 + p];
            t[p * b + p] = tau;
            if (tau == 0) {
                continue; // H_p = I: column p of T is zero
            }
            // w = V[:, 0:p]^T v_p; v_p is zero before component p
            for (int i = 0; i < p; i++) {
                w[i] = dot(vt, i * len + p, vt, p * len + p, len - p);
            }
            // T[0:p, p] = -tau T[0:p, 0:p] w
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int c = i; c < p; c++) {
                    s += t[i * b + c] * w[c];
                }
                t[i * b + p] = -tau * s;
            }
        }
        return t;
    }

    /**
     * Applies {@code (H_j0 ... H_j0+b-1)^T = I - V T^T V^T} to the columns {@code c0 .. c0+cols-1} of A, which are
     * the rows of {@code at} (length {@code m}); on those rows, components {@code j0 .. m-1}: with
     * {@code C = at[c0.., j0..]}, {@code C -= ((C V) T) V^T}, two matrix products.
     */
    private static void applyBlockTransposed(double[] at, int m, int j0, int b, double[] taus, int c0, int cols) {
        int len = m - j0;
        double[] vt = explicitV(at, m, 0, 0, j0, b, len);
        double[] t = triangularFactor(vt, b, len, taus, j0);
        double[] c = new double[cols * len];
        DenseProduct.copyOut(at, m, c0 * m + j0, cols, len, c);
        double[] w = new double[cols * b];
        DenseProduct.multiply(false, true, cols, b, len, c, vt, w);
        multiplyUpperRight(w, cols, t, b);
        DenseProduct.multiply(false, false, cols, len, b, w, vt, c);
        DenseProduct.subtractInto(c, cols, len, at, m, c0 * m + j0, false);
    }

    /** {@code w <- w T} in place, {@code w} {@code rows x b}, {@code T} upper triangular {@code b x b}. */
    static void multiplyUpperRight(double[] w, int rows, double[] t, int b) {
        for (int r = 0; r < rows; r++) {
            int o = r * b;
            for (int c = b - 1; c >= 0; c--) { // column c reads w[0..c], which later (smaller) c still need unchanged
                double s = 0;
                for (int p = 0; p <= c; p++) {
                    s += w[o + p] * t[p * b + c];
                }
                w[o + c] = s;
            }
        }
    }

    /** {@code w <- w T^T} in place, {@code w} {@code rows x b}, {@code T} upper triangular {@code b x b}. */
    static void multiplyUpperTransposedRight(double[] w, int rows, double[] t, int b) {
        for (int r = 0; r < rows; r++) {
            int o = r * b;
            for (int c = 0; c < b; c++) { // column c reads w[c..b-1], which later (larger) c still need unchanged
                double s = 0;
                for (int p = c; p < b; p++) {
                    s += w[o + p] * t[c * b + p];
                }
                w[o + c] = s;
            }
        }
    }

    /**
     * Forms {@code Q^T} ({@code K x M}) of {@code Q = H_0 ... H_count-1 [I_K; 0]} ({@code count <= K <= M}) into
     * {@code qt} at offset {@code qo}, row stride {@code ldq}; reflector {@code p} is stored as
     * {@link #explicitV} reads it. Backwards, by blocks of {@code nb} reflectors (the columns of Q before a block
     * are still those of the identity, so each block updates only {@code Q[p0.., p0..]}); {@code nb >= count}
     * applies one reflector at a time. About {@code 4 M K count - 2 (M + K) count^2 + 4/3 count^3} flops.
     */
    static void formQt(double[] v, int ldv, int vr0, int vc0, int count, double[] taus, int bigM, int bigK,
                       double[] qt, int ldq, int qo, int nb) {
        for (int i = 0; i < bigK; i++) {
            java.util.Arrays.fill(qt, qo + i * ldq, qo + i * ldq + bigM, 0d);
            qt[qo + i * ldq + i] = 1;
        }
        if (nb >= count) {
            for (int p = count - 1; p >= 0; p--) {
                double tau = taus[p];
                if (tau == 0) {
                    continue;
                }
                int vo = (vr0 + p) * ldv + vc0 + p;
                for (int c = p; c < bigK; c++) {
                    applyReflector(v, vo, bigM - p, tau, qt, qo + c * ldq + p);
                }
            }
            return;
        }
        int blocks = (count + nb - 1) / nb;
        for (int blk = blocks - 1; blk >= 0; blk--) {
            int p0 = blk * nb;
            int b = Math.min(nb, count - p0);
            int len = bigM - p0;
            int rows = bigK - p0;
            double[] vt = explicitV(v, ldv, vr0, vc0, p0, b, len);
            double[] t = triangularFactor(vt, b, len, taus, p0);
            // D = Q[p0:, p0:]^T (rows x len); D <- D - ((D V) T^T) V^T
            double[] d = new double[rows * len];
            DenseProduct.copyOut(qt, ldq, qo + p0 * ldq + p0, rows, len, d);
            double[] w = new double[rows * b];
            DenseProduct.multiply(false, true, rows, b, len, d, vt, w);
            multiplyUpperTransposedRight(w, rows, t, b);
            DenseProduct.multiply(false, false, rows, len, b, w, vt, d);
            DenseProduct.subtractInto(d, rows, len, qt, ldq, qo + p0 * ldq + p0, false);
        }
    }
}
