package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.Parallel;

/**
 * The symmetric eigenproblem {@code A = V diag(w) V^T} in three stages, each organised so that its bulk runs in a
 * matrix product or in long contiguous loops split across threads.
 *
 * <ol>
 *   <li><b>Tridiagonalization</b> {@code A = Q T Q^T} by Householder reflectors {@code H_j} that zero column
 *       {@code j} below the sub-diagonal, blocked as in Dongarra, Sorensen and Hammarling, "Block reduction of
 *       matrices to condensed forms for eigenvalue computations", J. Comput. Appl. Math. 27, 1989 (LAPACK's
 *       {@code sytrd}/{@code latrd} idea): within a panel of {@code nb} columns the trailing matrix is not touched;
 *       instead each reflector's {@code w = tau (A v - V W^T v - W V^T v) - (tau/2)(...)v} is computed against
 *       the panel's earlier pairs {@code (V, W)}, and after the panel the trailing matrix gets the rank-{@code 2nb}
 *       update {@code A22 -= V W^T + W V^T} as one matrix product. The matrix is kept in full (both triangles), so
 *       that every column is also a contiguous row: the matrix-vector product {@code A22 v} (half of the
 *       {@code 4/3 n^3} flops, bound by memory bandwidth) runs as row-wise updates over column ranges in parallel,
 *       and the symmetric update is a plain GEMM ({@code 2 n2^2 nb} flops per panel, twice a triangle's, at the
 *       GEMM kernel's speed).</li>
 *   <li><b>Q</b> is formed explicitly by {@link BlockedQr#formQt} (blocked backward accumulation, two GEMMs per
 *       block, {@code 4/3 n^3} flops) and becomes the starting eigenvector matrix.</li>
 *   <li><b>The tridiagonal eigenproblem</b> by the implicit QL iteration with Wilkinson-type shifts (Bowdler,
 *       Martin, Reinsch and Wilkinson, "The QR and QL algorithms for symmetric matrices", Numer. Math. 11, 1968;
 *       EISPACK's {@code tql2}), whose plane rotations are also applied to the eigenvectors. The eigenvalue part
 *       costs {@code O(n^2)}; the rotations cost about {@code 6 n} flops each, {@code 3-6 n^3} in all, and are the
 *       dominant cost. They are recorded rather than applied one by one, then applied a batch at a time by blocks
 *       of {@link #ROTATION_COLUMNS} eigenvector components: each block of components (rows of {@code V}, which
 *       the rotations never mix) is a separate task, stays in cache while a whole batch of sweeps passes over it,
 *       and its inner loop is a contiguous, vectorizable update of two rows.</li>
 * </ol>
 * The eigenvalues are then sorted ascending with their vectors, and each vector's sign is fixed as
 * {@link Dense#eigh} documents.
 */
final class SymmetricEigen {
    /**
     * Panel width of the tridiagonalization and block of the Q formation. Measured 2026-12-02 10:20 UTC, n = 1024,
     * one JVM, best of the last 2-3 of 4-6 runs, 2 threads, but under load 12-15 (eight helpers shared the 2
     * cores): nb = 16, 32, 48, 64 took 2.5, 1.7, 3.7, 4.5 s in all (the former tred2 + tql2 code 4.7 s); the
     * tridiagonalization alone 430-750 ms at 16 and 32, 530-900 ms at 64: wider panels spend more in the
     * panel's {@code p}-term corrections and in the Q factor's T, narrower ones in the matrix-vector products.
     */
    static final int BLOCK = Integer.getInteger("gradtape.linalg.eighBlock", 32);
    /**
     * Trailing matrices smaller than this are reduced one reflector at a time, and Q of a matrix smaller than
     * this is formed one reflector at a time (no products). Measured 10:36 UTC (load 17, best of the last 150 of
     * 300 runs, two JVMs each): blocked from 128 on took 5.7-6.9 ms at n = 128 against 4.5-4.7 ms unblocked (and
     * 4.3-4.6 ms for the former code); at n = 192, 4.8-5.5 ms against 7.9 ms unblocked (16-29 ms former).
     */
    static final int BLOCKED_MIN = Integer.getInteger("gradtape.linalg.eighBlockedMin", 160);
    /**
     * Width (in eigenvector components) of one task applying a batch of rotations. Measured 10:30 UTC (n = 1024,
     * load 19): 32, 64, 128 columns applied the 939 000 rotations in 2.1-2.4, 1.6, 1.6-2.2 s. 64 doubles per row
     * keep the block's rows (n x 512 bytes) within a core's L2 across a batch of sweeps.
     */
    static final int ROTATION_COLUMNS = Integer.getInteger("gradtape.linalg.eighRotationColumns", 64);
    /**
     * Rotations recorded, per {@code n}, before they are applied. Measured 10:39 UTC (n = 1024, load 18): batches of
     * 2n, 16n, 64n rotations took 2.2-3.2, 1.7, 1.4-1.7 s to apply: a batch must hold several sweeps for the
     * blocks to be reused from cache; 16n is within noise of 64n at a quarter of the memory (20 bytes a rotation).
     */
    static final int ROTATION_BATCH = Integer.getInteger("gradtape.linalg.eighRotationBatch", 16);

    private SymmetricEigen() {
    }

    /** {@link Dense#eigh} with the default block size. */
    static void eigh(double[] a, int n, double[] w, double[] v) {
        eigh(a, n, w, v, BLOCK);
    }

    /**
     * {@link Dense#eigh} with tridiagonalization panels (and Q blocks) of {@code nb} columns; {@code nb >= n}
     * reduces one reflector at a time.
     */
    static void eigh(double[] a, int n, double[] w, double[] v, int nb) {
        if (n == 0) {
            return;
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                s[i][j] = a[i * n + j];
                s[j][i] = a[i * n + j];
            }
        }
        double[] e = new double[n];
        double[] taus = new double[Math.max(n - 1, 0)];
        tridiagonalize(s, n, w, e, taus, nb);
        // z = Q^T: row i is the i-th column of Q = diag(1, H_0' ... H_n-2'), the starting eigenvectors
        double[] flat = new double[n * n];
        for (int i = 0; i < n - 1; i++) {
            System.arraycopy(s[i], 0, flat, i * n, n);
        }
        double[] qt = new double[n * n];
        qt[0] = 1;
        if (n > 1) {
            BlockedQr.formQt(flat, n, 0, 1, n - 1, taus, n - 1, n - 1, qt, n, n + 1, nb >= n || n < BLOCKED_MIN ? n : nb);
        }
        double[][] z = s; // s is no longer needed: its rows become the eigenvectors
        for (int i = 0; i < n; i++) {
            System.arraycopy(qt, i * n, z[i], 0, n);
        }
        implicitQl(z, n, w, e);
        for (int c = 0; c < n; c++) {
            double[] zc = z[c];
            int best = 0;
            for (int r = 1; r < n; r++) {
                if (Math.abs(zc[r]) > Math.abs(zc[best])) {
                    best = r;
                }
            }
            if (zc[best] < 0) {
                for (int r = 0; r < n; r++) {
                    zc[r] = -zc[r];
                }
            }
            System.arraycopy(zc, 0, qt, c * n, n);
        }
        DenseProduct.transpose(qt, n, n, v);
    }

    // ------------------------------------------------------------------------------------ tridiagonalization

    /**
     * Reduces the full symmetric {@code s} to tridiagonal form: diagonal {@code d}, sub-diagonal
     * {@code e[0 .. n-2]} ({@code e[n-1] = 0}); reflector {@code j} is left in row {@code j} of {@code s} from
     * column {@code j + 1} (its implicit 1; the tail after it) with factor {@code taus[j]}.
     */
    static void tridiagonalize(double[][] s, int n, double[] d, double[] e, double[] taus, int nb) {
        if (n == 1) {
            d[0] = s[0][0];
            e[0] = 0;
            return;
        }
        int width = Math.min(nb, n - 1);
        double[][] vt = new double[width][n];
        double[][] wt = new double[width][n];
        double[] y = new double[n];
        int j0 = 0;
        while (j0 < n - 1) {
            // blocked while the trailing matrix is large; the last columns one reflector at a time
            int b = n - j0 >= BLOCKED_MIN && nb < n ? Math.min(nb, n - 1 - j0) : 1;
            panel(s, n, j0, b, d, e, taus, vt, wt, y);
            update(s, n, j0 + b, b, vt, wt);
            j0 += b;
        }
        d[n - 1] = s[n - 1][n - 1];
        e[n - 1] = 0;
    }

    /**
     * Forms reflectors {@code j0 .. j0+b-1} and their {@code w} vectors ({@code vt}, {@code wt} rows {@code 0 ..
     * b-1}, full length {@code n}, zero before the reflector's first component) without updating the trailing
     * matrix; rows {@code j} of the panel are brought up to date just before their reflector is formed.
     */
    private static void panel(double[][] s, int n, int j0, int b, double[] d, double[] e, double[] taus,
                              double[][] vt, double[][] wt, double[] y) {
        for (int p = 0; p < b; p++) {
            java.util.Arrays.fill(vt[p], 0d);
            java.util.Arrays.fill(wt[p], 0d);
        }
        for (int p = 0; p < b; p++) {
            int j = j0 + p;
            double[] sj = s[j];
            for (int q = 0; q < p; q++) { // row j (= column j) -= V W[j]^T + W V[j]^T, from column j on
                double[] vq = vt[q];
                double[] wq = wt[q];
                double wj = wq[j];
                double vj = vq[j];
                for (int c = j; c < n; c++) {
                    sj[c] -= vq[c] * wj + wq[c] * vj;
                }
            }
            d[j] = sj[j];
            int len = n - 1 - j;
            double tau = BlockedQr.reflector(sj, j + 1, len);
            e[j] = sj[j + 1];
            taus[j] = tau;
            double[] vp = vt[p];
            vp[j + 1] = 1;
            System.arraycopy(sj, j + 2, vp, j + 2, len - 1);
            if (tau == 0) {
                continue; // H_j = I: w = 0
            }
            int from = j + 1;
            matrixVector(s, n, from, vp, y);
            for (int q = 0; q < p; q++) {
                double[] vq = vt[q];
                double[] wq = wt[q];
                double wv = BlockedQr.dot(wq, from, vp, from, len);
                double vv = BlockedQr.dot(vq, from, vp, from, len);
                for (int c = from; c < n; c++) {
                    y[c] -= vq[c] * wv + wq[c] * vv;
                }
            }
            for (int c = from; c < n; c++) {
                y[c] *= tau;
            }
            double h = -0.5 * tau * BlockedQr.dot(y, from, vp, from, len);
            double[] wp = wt[p];
            for (int c = from; c < n; c++) {
                wp[c] = y[c] + h * vp[c];
            }
        }
    }

    /**
     * {@code y[c] = sum_r v[r] s[r][c]} over {@code r, c >= from} (the trailing matrix times {@code v}, by
     * symmetry): row-wise updates of {@code y}, four rows at a time; column ranges in parallel.
     */
    private static void matrixVector(double[][] s, int n, int from, double[] v, double[] y) {
        int len = n - from;
        int grain = Math.max(64, ((len + 4 * Parallel.threads() - 1) / (4 * Parallel.threads()) + 15) & ~15);
        Parallel.forRange(len, grain, len * (long) len > 1 << 16 ? grain + 1 : Integer.MAX_VALUE, (lo, hi) -> {
            int c0 = from + lo;
            int c1 = from + hi;
            java.util.Arrays.fill(y, c0, c1, 0d);
            int r = from;
            for (; r + 4 <= n; r += 4) {
                double v0 = v[r], v1 = v[r + 1], v2 = v[r + 2], v3 = v[r + 3];
                double[] s0 = s[r], s1 = s[r + 1], s2 = s[r + 2], s3 = s[r + 3];
                for (int c = c0; c < c1; c++) {
                    y[c] += v0 * s0[c] + v1 * s1[c] + v2 * s2[c] + v3 * s3[c];
                }
            }
            for (; r < n; r++) {
                double v0 = v[r];
                double[] s0 = s[r];
                for (int c = c0; c < c1; c++) {
                    y[c] += v0 * s0[c];
                }
            }
        });
    }

    /** The trailing matrix {@code s[t.., t..] -= V W^T + W V^T} for the panel's {@code b} pairs: one GEMM when large. */
    private static void update(double[][] s, int n, int t, int b, double[][] vt, double[][] wt) {
        int n2 = n - t;
        if (n2 <= 0) {
            return;
        }
        if (b >= 8 && n2 >= 32) {
            double[] x = new double[2 * b * n2];
            double[] yy = new double[2 * b * n2];
            for (int q = 0; q < b; q++) {
                System.arraycopy(vt[q], t, x, q * n2, n2);
                System.arraycopy(wt[q], t, x, (b + q) * n2, n2);
                System.arraycopy(wt[q], t, yy, q * n2, n2);
                System.arraycopy(vt[q], t, yy, (b + q) * n2, n2);
            }
            double[] p = new double[n2 * n2];
            DenseProduct.multiply(true, false, n2, n2, 2 * b, x, yy, p);
            Parallel.forRange(n2, 32, n2 * (long) n2 > 1 << 16 ? 64 : Integer.MAX_VALUE, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double[] row = s[t + i];
                    int off = i * n2 - t;
                    for (int c = t; c < n; c++) {
                        row[c] -= p[c + off];
                    }
                }
            });
            return;
        }
        Parallel.forRange(n2, 16, n2 * (long) n2 * b > 1 << 15 ? 32 : Integer.MAX_VALUE, (lo, hi) -> {
            for (int r = t + lo; r < t + hi; r++) {
                double[] row = s[r];
                for (int q = 0; q < b; q++) {
                    double[] vq = vt[q];
                    double[] wq = wt[q];
                    double vr = vq[r];
                    double wr = wq[r];
                    for (int c = t; c < n; c++) {
                        row[c] -= vq[c] * wr + wq[c] * vr;
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------ implicit QL

    /**
     * The eigenvalues of the tridiagonal matrix (diagonal {@code d}, sub-diagonal {@code e[0 .. n-2]}) into
     * {@code d}, ascending, by the implicit QL iteration; its rotations are applied to the rows of {@code z}
     * (eigenvectors as rows: {@code z = V^T}), which are sorted along with {@code d}.
     */
    static void implicitQl(double[][] z, int n, double[] d, double[] e) {
        e[n - 1] = 0;
        Rotations rot = new Rotations(z, n);
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            if (m >= n) {
                m = n - 1; // e[n-1] = 0, so only NaN input gets here
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 60 * n) {
                        break; // NaN or Inf input: stop rather than loop forever; the result carries the NaN
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        rot.add(i, c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        rot.flush();
        // selection sort, ascending, with the vectors
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++) {
                if (d[j] < p) {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i) {
                d[k] = d[i];
                d[i] = p;
                double[] t = z[i];
                z[i] = z[k];
                z[k] = t;
            }
        }
    }

    /**
     * Plane rotations of rows {@code (i, i+1)} of {@code z}, {@code (z_i, z_i+1) <- (c z_i - s z_i+1, s z_i +
     * c z_i+1)}, recorded in order and applied a batch at a time (rotations commute with nothing, but they act on
     * every column alike, so each block of columns can take the whole batch in order on its own).
     */
    private static final class Rotations {
        private final double[][] z;
        private final int n;
        private final int[] rows;
        private final double[] cs;
        private final double[] ss;
        private int count;

        Rotations(double[][] z, int n) {
            this.z = z;
            this.n = n;
            int cap = Math.max(64, ROTATION_BATCH * n);
            rows = new int[cap];
            cs = new double[cap];
            ss = new double[cap];
        }

        void add(int i, double c, double s) {
            if (count == rows.length) {
                flush();
            }
            rows[count] = i;
            cs[count] = c;
            ss[count] = s;
            count++;
        }

        void flush() {
            int k = count;
            if (k == 0) {
                return;
            }
            int w = ROTATION_COLUMNS;
            Parallel.forRange(n, w, (long) k * n > 1 << 16 ? w + 1 : Integer.MAX_VALUE, (lo, hi) -> {
                for (int t = 0; t < k; t++) {
                    double[] za = z[rows[t]];
                    double[] zb = z[rows[t] + 1];
                    double c = cs[t];
                    double s = ss[t];
                    for (int j = lo; j < hi; j++) { // separate row arrays: C2 vectorizes this (one flat array it did not, 3.5x slower)
                        double x = za[j];
                        double y = zb[j];
                        za[j] = c * x - s * y;
                        zb[j] = s * x + c * y;
                    }
                }
            });
            count = 0;
        }
    }
}
