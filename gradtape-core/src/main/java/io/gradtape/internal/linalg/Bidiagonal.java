package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.BlockedGemm;
import io.gradtape.internal.kernels.Parallel;

/**
 * Golub-Kahan bidiagonalization (Golub and Kahan, "Calculating the singular values and pseudo-inverse of a
 * matrix", SIAM J. Numer. Anal. B 2, 1965) of a row-major {@code p x k} matrix {@code G}, {@code p >= k}, by
 * Householder reflections from both sides: {@code G = Q B P^T} with {@code B} upper bidiagonal ({@code k x k},
 * diagonal {@link #d}, superdiagonal {@link #e}), {@code Q = H_0 ... H_{k-1}} ({@code p x p}) and
 * {@code P = K_0 ... K_{k-3}} ({@code k x k}); {@code H_j = I - tauq_j v_j v_j^T} acts on coordinates
 * {@code j..p-1} and {@code K_j = I - taup_j w_j w_j^T} on {@code j+1..k-1}, each vector with a leading 1.
 *
 * <p>Each step makes one pass over the trailing rows, which is the whole cost ({@code 4pk^2 - 4k^3/3} flops): a
 * row gets the left reflection, then the right one, and then adds its share to the product {@code x^T G'} that
 * the next left reflection needs ({@code x} the next column); the row is in L1 for all three, and the rows are
 * split between threads. The usual two passes per step (first {@code v^T G}, then the update) read the trailing
 * matrix twice. The reflections are applied to the singular vectors of {@code B} afterwards by {@link #applyQ}
 * and {@link #applyP}, in blocks, as matrix products.
 */
final class Bidiagonal {
    /** Below this many multiply-adds, one step of the reduction stays on the calling thread. */
    private static final int PARALLEL_WORK = 1 << 15;
    /** Reflectors applied together by {@link #applyQ} and {@link #applyP}. */
    private static final int BLOCK = 32;

    final int p;
    final int k;
    /** The diagonal of {@code B} ({@code k}). */
    final double[] d;
    /** The superdiagonal of {@code B} ({@code k - 1}, or 0 entries when {@code k == 0}). */
    final double[] e;
    /** The left reflectors: {@code vq[j]} ({@code p}) holds {@code v_j}, zero before coordinate {@code j}, 1 at it. */
    final double[][] vq;
    final double[] tauq;
    /** The right reflectors: {@code vp[j]} ({@code k}) holds {@code w_j}, zero before coordinate {@code j + 1}, 1 at it. */
    final double[][] vp;
    final double[] taup;

    private Bidiagonal(int p, int k) {
        this.p = p;
        this.k = k;
        d = new double[k];
        e = new double[Math.max(0, k - 1)];
        vq = new double[k][];
        tauq = new double[k];
        vp = new double[Math.max(0, k - 1)][];
        taup = new double[Math.max(0, k - 1)];
    }

    /**
     * Bidiagonalizes the {@code p x k} matrix whose rows are {@code g} ({@code p >= k >= 1}), which is
     * overwritten. The entries must be finite and scaled so that squares neither overflow nor underflow
     * ({@link SvdKernel} scales by a power of two). Rows are separate arrays, and every loop indexes all its arrays
     * with the same column index: that is what lets C2 vectorize them on JDK 17 (see {@code BlockedGemm}).
     */
    static Bidiagonal reduce(double[][] g, int p, int k) {
        Bidiagonal b = new Bidiagonal(p, k);
        int maxChunks = Math.max(1, 2 * Parallel.threads());
        double[][] zPart = new double[maxChunks][k];
        double[] sqPart = new double[maxChunks];
        double[] z = new double[k];
        double[] w = new double[k];
        double[] u = new double[k];
        // the products of column 0 with the rows below row 0, for the first left reflection
        accumulate(g, k, 0, 1, p, z, sqPart, zPart, maxChunks);
        double sumsq = sqPart[0];
        for (int j = 0; j < k; j++) {
            double[] gj = g[j];
            double x0 = gj[j];
            // left reflection H_j from column j (rows j..p-1): x0 and, from the last pass, sumsq = sum of the
            // squares below x0 and z[c] = sum over rows i > j of x_i G[i][c]
            double tq = 0;
            double scale = 0;
            double beta = x0;
            if (sumsq > 0) {
                double norm = Math.sqrt(x0 * x0 + sumsq);
                beta = x0 >= 0 ? -norm : norm;
                tq = (beta - x0) / beta;
                scale = 1 / (x0 - beta);
                // w = v^T G[j:, j+1:] with v = (1, scale x_{j+1}, ...); row j takes its share at once
                for (int c = j + 1; c < k; c++) {
                    double wc = gj[c] + scale * z[c];
                    w[c] = wc;
                    gj[c] -= tq * wc;
                }
            }
            b.d[j] = beta;
            b.tauq[j] = tq;
            // right reflection K_j from row j (columns j+1..k-1)
            double tp = 0;
            if (j < k - 1) {
                double y0 = gj[j + 1];
                double ysq = 0;
                for (int c = j + 2; c < k; c++) {
                    ysq += gj[c] * gj[c];
                }
                double betaP = y0;
                u[j + 1] = 1;
                if (ysq > 0) {
                    double norm = Math.sqrt(y0 * y0 + ysq);
                    betaP = y0 >= 0 ? -norm : norm;
                    tp = (betaP - y0) / betaP;
                    double s = 1 / (y0 - betaP);
                    for (int c = j + 2; c < k; c++) {
                        u[c] = gj[c] * s;
                    }
                } else {
                    java.util.Arrays.fill(u, j + 2, k, 0);
                }
                b.e[j] = betaP;
                b.taup[j] = tp;
                b.vp[j] = u.clone();
                java.util.Arrays.fill(b.vp[j], 0, j + 1, 0);
            }
            // the pass over rows j+1..p-1: store v, apply H_j and K_j, accumulate for column j+1
            int rows = p - j - 1;
            double[] vj = new double[p];
            vj[j] = 1;
            b.vq[j] = vj;
            if (rows > 0) {
                final int jj = j;
                final double tauQ = tq;
                final double tauP = tp;
                final double sc = scale;
                int chunks = chunks(rows, (long) rows * (k - j) * 2, maxChunks);
                java.util.Arrays.fill(sqPart, 0);
                Parallel.forEach(chunks, t -> {
                    int lo = jj + 1 + (int) ((long) rows * t / chunks);
                    int hi = jj + 1 + (int) ((long) rows * (t + 1) / chunks);
                    double[] zp = zPart[t];
                    if (jj + 2 < k) {
                        java.util.Arrays.fill(zp, jj + 2, k, 0);
                    }
                    double sq = 0;
                    for (int i = lo; i < hi; i++) {
                        double[] gi = g[i];
                        double vi = gi[jj] * sc;
                        gi[jj] = 0;
                        vj[i] = vi;
                        if (tauQ != 0) {
                            axpy(-tauQ * vi, w, gi, jj + 1, k);
                        }
                        if (tauP != 0) {
                            double dot = dot(gi, u, jj + 1, k);
                            axpy(-tauP * dot, u, gi, jj + 1, k);
                        }
                        if (i > jj + 1 && jj + 1 < k) {
                            double x = gi[jj + 1];
                            sq += x * x;
                            axpy(x, gi, zp, jj + 2, k);
                        }
                    }
                    sqPart[t] = sq;
                });
                sumsq = 0;
                for (int t = 0; t < chunks; t++) {
                    sumsq += sqPart[t];
                }
                if (j + 2 < k) {
                    System.arraycopy(zPart[0], j + 2, z, j + 2, k - j - 2);
                    for (int t = 1; t < chunks; t++) {
                        double[] zp = zPart[t];
                        for (int c = j + 2; c < k; c++) {
                            z[c] += zp[c];
                        }
                    }
                }
            }
        }
        return b;
    }

    /** How many chunks a pass of {@code work} multiply-adds over {@code rows} rows is split into. */
    private static int chunks(int rows, long work, int maxChunks) {
        if (work < PARALLEL_WORK || Parallel.threads() == 1) {
            return 1;
        }
        return Math.max(1, Math.min(maxChunks, rows / 4));
    }

    /** The sum of squares of column {@code col} over rows {@code lo..hi-1} into {@code sqPart[0]}, and its products with the later columns added to {@code z}. */
    private static void accumulate(double[][] g, int k, int col, int lo, int hi, double[] z,
                                   double[] sqPart, double[][] zPart, int maxChunks) {
        int rows = hi - lo;
        if (rows <= 0) {
            sqPart[0] = 0;
            return;
        }
        int chunks = chunks(rows, (long) rows * k, maxChunks);
        Parallel.forEach(chunks, t -> {
            int a = lo + (int) ((long) rows * t / chunks);
            int bnd = lo + (int) ((long) rows * (t + 1) / chunks);
            double[] zp = zPart[t];
            java.util.Arrays.fill(zp, 0);
            double sq = 0;
            for (int i = a; i < bnd; i++) {
                double x = g[i][col];
                sq += x * x;
                axpy(x, g[i], zp, col + 1, k);
            }
            sqPart[t] = sq;
        });
        double sq = 0;
        for (int t = 0; t < chunks; t++) {
            sq += sqPart[t];
            for (int c = col + 1; c < k; c++) {
                z[c] += zPart[t][c];
            }
        }
        sqPart[0] = sq;
    }

    /**
     * Replaces the {@code p x count} row-major matrix {@code x} by {@code Q x}: {@code H_{k-1}} is applied first and
     * {@code H_0} last.
     */
    void applyQ(double[] x, int count) {
        apply(x, count, vq, tauq, 0, p);
    }

    /** Replaces the {@code k x count} row-major matrix {@code x} by {@code P x}. */
    void applyP(double[] x, int count) {
        apply(x, count, vp, taup, 1, k);
    }

    /**
     * Applies the reflectors {@code I - tau[j] v[j] v[j]^T} ({@code v[j]} zero before coordinate {@code j + shift},
     * where its 1 is) to the columns of the {@code len x count} matrix {@code x}, from the last reflector to the
     * first, {@link #BLOCK} at a time in the compact WY form {@code H_j0 ... H_j1-1 = I - Y T Y^T} (Schreiber and
     * Van Loan, "A storage-efficient WY representation for products of Householder transformations", SIAM J. Sci.
     * Stat. Comput. 10, 1989): {@code X <- X - Y (T (Y^T X))}, two products in the matmul kernel per block instead
     * of {@code 2 BLOCK} passes over {@code X}.
     */
    private static void apply(double[] x, int count, double[][] v, double[] tau, int shift, int len) {
        for (int j1 = v.length; j1 > 0; j1 -= BLOCK) {
            int j0 = Math.max(0, j1 - BLOCK);
            int nb = j1 - j0;
            int from = j0 + shift; // the first coordinate the block touches
            int rows = len - from;
            if (rows <= 0 || count == 0) {
                continue;
            }
            double[] y = new double[rows * nb];
            double[] t = new double[nb * nb];
            double[] dots = new double[nb];
            boolean any = false;
            for (int q = 0; q < nb; q++) {
                double[] vq = v[j0 + q];
                for (int r = q; r < rows; r++) {
                    y[r * nb + q] = vq[from + r];
                }
                // T[0:q, q] = -tau_q T[0:q, 0:q] (Y[:, 0:q]^T y_q), T[q][q] = tau_q
                double tq = tau[j0 + q];
                t[q * nb + q] = tq;
                if (tq == 0) {
                    continue;
                }
                any = true;
                for (int r = 0; r < q; r++) {
                    dots[r] = dot(v[j0 + r], vq, from + q, len);
                }
                for (int r = 0; r < q; r++) {
                    double sum = 0;
                    for (int c = r; c < q; c++) {
                        sum += t[r * nb + c] * dots[c];
                    }
                    t[r * nb + q] = -tq * sum;
                }
            }
            if (!any) {
                continue;
            }
            int off = from * count;
            double[] w = new double[nb * count];
            BlockedGemm.gemm(y, true, x, false, w, nb, rows, count, 1, (b, which) -> which == 1 ? off : 0);
            double[] tw = new double[nb * count];
            BlockedGemm.gemm(t, false, w, false, tw, nb, nb, count, 1, (b, which) -> 0);
            Dense.gemmSub(y, tw, false, rows, nb, count, x, off, count, false);
        }
    }

    /** {@code y[i] += a * x[i]} for {@code i} in {@code [from, to)}. */
    static void axpy(double a, double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += a * x[i];
        }
    }

    /** The sum of {@code x[i] y[i]} over {@code [from, to)}, with four partial sums (for the pipeline). */
    static double dot(double[] x, double[] y, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < to; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
