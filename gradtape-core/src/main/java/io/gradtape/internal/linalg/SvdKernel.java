package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.BlockedGemm;

/**
 * The reduced SVD behind {@link Dense#svd}: the matrix, transposed if it is wide, is reduced to bidiagonal form by
 * Householder reflections ({@link Bidiagonal}), the bidiagonal SVD is found by the implicit QR iteration of Golub
 * and Kahan with Demmel and Kahan's zero-shift sweeps ({@link BidiagonalQr}), and the reflections are applied to
 * its singular vectors. A matrix with many more rows than columns is first factored {@code G = QR} and the
 * {@code k x k} triangle {@code R} goes through the steps above (Chan, "An improved algorithm for computing the
 * singular value decomposition", ACM TOMS 8, 1982): bidiagonalizing {@code R} instead of {@code G} saves more than
 * the QR costs once {@code p >= }{@link #QR_FIRST}{@code  k}, Chan's crossover.
 *
 * <p>Accuracy: the singular values carry an absolute error of a modest multiple of {@code eps ||A||} (the
 * bidiagonalization is backward stable in norm), as with LAPACK's {@code gesvd}; the one-sided Jacobi method that
 * was used before ({@link Dense#jacobiSvd}) is 15-60x slower from n = 256 on and still runs for very small
 * matrices, where it is the faster of the two, for inputs holding NaN or infinity (whose result it defines), and
 * should the QR iteration ever exhaust its budget.
 */
final class SvdKernel {
    /** Rows per column from which the QR factorization comes first (Chan 1982: 5/3). */
    static final double QR_FIRST = 5.0 / 3;
    /** Up to this many columns (of the tall orientation), one-sided Jacobi is faster: measured, see {@code scripts/bench_notes.md}. */
    static final int JACOBI_MAX = Integer.getInteger("gradtape.linalg.jacobiSvdMax", 0);

    private SvdKernel() {
    }

    /** The contract of {@link Dense#svd}. */
    static void svd(double[] a, int m, int n, double[] s, double[] u, double[] v) {
        int k = Math.min(m, n);
        if (k == 0) {
            return;
        }
        double amax = 0;
        for (int i = 0; i < m * n; i++) {
            double x = Math.abs(a[i]);
            if (!(x <= Double.MAX_VALUE)) {
                Dense.jacobiSvd(a, m, n, s, u, v); // NaN or infinity
                return;
            }
            amax = Math.max(amax, x);
        }
        if (k <= JACOBI_MAX) {
            Dense.jacobiSvd(a, m, n, s, u, v);
            return;
        }
        boolean tall = m >= n;
        int p = tall ? m : n;
        // scale by a power of two (exact) when squares of the entries could overflow or underflow
        double scale = 1;
        if (amax > 0 && (amax > 0x1p500 || amax < 0x1p-500)) {
            scale = Math.scalb(1.0, -Math.getExponent(amax));
        }
        // G = A (tall) or A^T (wide), p x k, as rows
        double[][] g = new double[p][k];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                double x = a[r * n + c] * scale;
                if (tall) {
                    g[r][c] = x;
                } else {
                    g[c][r] = x;
                }
            }
        }
        double[] sing = new double[k];
        double[][] ut = new double[k][];
        double[][] vt = new double[k][];
        boolean done;
        if (p >= QR_FIRST * k && k > 1) {
            done = viaQr(g, p, k, sing, ut, vt);
        } else {
            done = bidiagonal(g, p, k, sing, ut, vt);
        }
        if (!done) {
            Dense.jacobiSvd(a, m, n, s, u, v);
            return;
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sing[y], sing[x]));
        double[][] uA = tall ? ut : vt; // columns of U of A, as rows of length m
        double[][] vA = tall ? vt : ut; // columns of V of A, length n
        for (int c = 0; c < k; c++) {
            int i = order[c];
            s[c] = sing[i] / scale;
            // sign: the entry of largest magnitude of each right singular vector positive
            double[] vc = vA[i];
            int best = 0;
            for (int r = 1; r < n; r++) {
                if (Math.abs(vc[r]) > Math.abs(vc[best])) {
                    best = r;
                }
            }
            double sg = vc[best] < 0 ? -1 : 1;
            for (int r = 0; r < n; r++) {
                v[r * k + c] = sg * vc[r];
            }
            double[] uc = uA[i];
            for (int r = 0; r < m; r++) {
                u[r * k + c] = sg * uc[r];
            }
        }
    }

    /**
     * The SVD of the {@code p x k} matrix {@code g} (rows, overwritten) by bidiagonalization: singular values into
     * {@code sing} (unordered), the left singular vectors as {@code ut[i]} (length {@code p}) and the right ones as
     * {@code vt[i]} (length {@code k}).
     *
     * @return false if the bidiagonal QR iteration did not converge
     */
    static boolean bidiagonal(double[][] g, int p, int k, double[] sing, double[][] ut, double[][] vt) {
        Bidiagonal b = Bidiagonal.reduce(g, p, k);
        double[][] ub = new double[k][k];
        for (int i = 0; i < k; i++) {
            ub[i][i] = 1;
            vt[i] = new double[k];
            vt[i][i] = 1;
        }
        if (!BidiagonalQr.solve(b.d, b.e, k, ub, vt)) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            ut[i] = p == k ? ub[i] : java.util.Arrays.copyOf(ub[i], p);
        }
        b.applyQ(ut);
        b.applyP(vt);
        System.arraycopy(b.d, 0, sing, 0, k);
        return true;
    }

    /** {@link #bidiagonal} for a tall {@code g}: {@code g = QR}, the SVD of {@code R}, and {@code U = Q U_R}. */
    private static boolean viaQr(double[][] g, int p, int k, double[] sing, double[][] ut, double[][] vt) {
        double[] flat = new double[p * k];
        for (int r = 0; r < p; r++) {
            System.arraycopy(g[r], 0, flat, r * k, k);
        }
        double[] q = new double[p * k];
        double[] r = new double[k * k];
        Dense.qr(flat, p, k, q, r);
        double[][] rr = new double[k][];
        for (int i = 0; i < k; i++) {
            rr[i] = java.util.Arrays.copyOfRange(r, i * k, i * k + k);
        }
        double[][] urt = new double[k][];
        if (!bidiagonal(rr, k, k, sing, urt, vt)) {
            return false;
        }
        // U^T = U_R^T Q^T (k x p)
        double[] ur = new double[k * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(urt[i], 0, ur, i * k, k);
        }
        double[] out = new double[k * p];
        BlockedGemm.gemm(ur, false, q, true, out, k, k, p, 1, (t, which) -> 0);
        for (int i = 0; i < k; i++) {
            ut[i] = java.util.Arrays.copyOfRange(out, i * p, i * p + p);
        }
        return true;
    }
}
