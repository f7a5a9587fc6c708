package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.BlockedGemm;

/**
 * The reduced SVD behind {@link Dense#svd}: the matrix, transposed if it is wide, is reduced to bidiagonal form by
 * Householder reflections ({@link Bidiagonal}), the bidiagonal SVD is found by the implicit QR iteration of Golub
 * and Kahan with Demmel and Kahan's zero-shift sweeps ({@link BidiagonalQr}), and the reflections are applied to
 * its singular vectors. A matrix with many more rows than columns is first factored {@code G = QR} and the
 * {@code k x k} triangle {@code R} goes through the steps above (Chan, "An improved algorithm for computing the
 * singular value decomposition", ACM TOMS 8, 1982) when {@code p >= }{@link #QR_FIRST}{@code  k}.
 *
 * <p>Accuracy: the singular values carry an absolute error of a modest multiple of {@code eps ||A||} (the
 * bidiagonalization is backward stable in norm), as with LAPACK's {@code gesvd}; the one-sided Jacobi method that
 * was used before ({@link Dense#jacobiSvd}) is slower from 12 x 12 on (20x at n = 1024, see {@code scripts/bench_notes.md}) and
 * still runs for matrices up to {@link #JACOBI_MAX} rows and columns, where it is the faster of the two, for inputs
 * holding NaN or infinity (whose result it defines), and should the QR iteration ever exhaust its budget.
 */
final class SvdKernel {
    /**
     * Rows per column from which the QR factorization comes first (property {@code gradtape.linalg.svdQrFirst}):
     * Chan's operation count gives 5/3. Measured with the blocked {@link Dense#qr} (thread CPU time, one thread,
     * QR first against direct): 400 x 256 82/94 ms, 600 x 256 38/119, 1024 x 256 54/148, 2048 x 256 84/120,
     * 4096 x 128 77/82. (With the unblocked QR before it, the direct path had been the faster at every ratio.)
     */
    static final double QR_FIRST = Double.parseDouble(System.getProperty("gradtape.linalg.svdQrFirst", "1.6667"));
    /**
     * Matrices with at most this many rows and columns go by one-sided Jacobi, which is faster there: 2 us against
     * 3 us at 4 x 4, 7 against 9 at 8 x 8, 22 against 16 at 12 x 12 (best of 20000 calls, one thread; property
     * {@code gradtape.linalg.jacobiSvdMax}).
     */
    static final int JACOBI_MAX = Integer.getInteger("gradtape.linalg.jacobiSvdMax", 8);

    private SvdKernel() {
    }

    /** The contract of {@link Dense#svd}. */
    static void svd(double[] a, int m, int n, double[] s, double[] u, double[] v) {
        int k = Math.min(m, n);
        if (k == 0) {
            return;
        }
        for (int i = 0; i < m * n; i++) {
            if (!(Math.abs(a[i]) <= Double.MAX_VALUE)) {
                Dense.jacobiSvd(a, m, n, s, u, v); // NaN or infinity
                return;
            }
        }
        if (Math.max(m, n) <= JACOBI_MAX) {
            Dense.jacobiSvd(a, m, n, s, u, v);
            return;
        }
        factor(a, m, n, s, u, v);
    }

    /** {@link #svd} without the Jacobi path for small matrices, for finite inputs ({@code min(m, n) >= 1}). */
    static void factor(double[] a, int m, int n, double[] s, double[] u, double[] v) {
        factor(a, m, n, s, u, v, QR_FIRST);
    }

    /** {@link #factor}, with the QR factorization first when {@code max(m, n) >= qrFirst min(m, n)}. */
    static void factor(double[] a, int m, int n, double[] s, double[] u, double[] v, double qrFirst) {
        int k = Math.min(m, n);
        double amax = 0;
        for (int i = 0; i < m * n; i++) {
            amax = Math.max(amax, Math.abs(a[i]));
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
        double[][] f = p >= qrFirst * k && k > 1 ? viaQr(g, p, k, sing) : bidiagonal(g, p, k, sing);
        if (f == null) {
            Dense.jacobiSvd(a, m, n, s, u, v);
            return;
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sing[y], sing[x]));
        double[] uA = tall ? f[0] : f[1]; // U of A, m x k
        double[] vA = tall ? f[1] : f[0]; // V of A, n x k
        for (int c = 0; c < k; c++) {
            int i = order[c];
            s[c] = sing[i] / scale;
            // sign: the entry of largest magnitude of each right singular vector positive
            int best = 0;
            for (int r = 1; r < n; r++) {
                if (Math.abs(vA[r * k + i]) > Math.abs(vA[best * k + i])) {
                    best = r;
                }
            }
            double sg = vA[best * k + i] < 0 ? -1 : 1;
            for (int r = 0; r < n; r++) {
                v[r * k + c] = sg * vA[r * k + i];
            }
            for (int r = 0; r < m; r++) {
                u[r * k + c] = sg * uA[r * k + i];
            }
        }
    }

    /**
     * The SVD of the {@code p x k} matrix {@code g} (rows, overwritten) by bidiagonalization: singular values into
     * {@code sing} (unordered), and {@code {U (p x k), V (k x k)}}, row-major, or null if the bidiagonal QR
     * iteration did not converge.
     */
    static double[][] bidiagonal(double[][] g, int p, int k, double[] sing) {
        Bidiagonal b = Bidiagonal.reduce(g, p, k);
        double[][] ut = new double[k][k];
        double[][] vt = new double[k][k];
        for (int i = 0; i < k; i++) {
            ut[i][i] = 1;
            vt[i][i] = 1;
        }
        if (!BidiagonalQr.solve(b.d, b.e, k, ut, vt)) {
            return null;
        }
        // U = Q [U_B; 0] and V = P V_B, with U_B and V_B transposed out of their row form
        double[] uG = new double[p * k];
        double[] vG = new double[k * k];
        for (int i = 0; i < k; i++) {
            double[] ui = ut[i];
            double[] vi = vt[i];
            for (int r = 0; r < k; r++) {
                uG[r * k + i] = ui[r];
                vG[r * k + i] = vi[r];
            }
        }
        b.applyQ(uG, k);
        b.applyP(vG, k);
        System.arraycopy(b.d, 0, sing, 0, k);
        return new double[][] {uG, vG};
    }

    /** {@link #bidiagonal} for a tall {@code g}: {@code g = QR}, the SVD of {@code R}, and {@code U = Q U_R}. */
    private static double[][] viaQr(double[][] g, int p, int k, double[] sing) {
        double[] flat = new double[p * k];
        for (int r = 0; r < p; r++) {
            System.arraycopy(g[r], 0, flat, r * k, k);
        }
        double[] q = new double[p * k];
        double[] r = new double[k * k];
        Dense.qr(flat, p, k, q, r);
        double[][] rows = new double[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = java.util.Arrays.copyOfRange(r, i * k, i * k + k);
        }
        double[][] f = bidiagonal(rows, k, k, sing);
        if (f == null) {
            return null;
        }
        double[] uG = new double[p * k];
        BlockedGemm.gemm(q, false, f[0], false, uG, p, k, k, 1, (t, which) -> 0);
        return new double[][] {uG, f[1]};
    }
}
