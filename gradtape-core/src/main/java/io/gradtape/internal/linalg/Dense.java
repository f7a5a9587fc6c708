package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.Parallel;

/**
 * Dense matrix factorizations on one row-major {@code double} matrix each: the algorithms behind the linear-algebra
 * primitives. {@link LinalgKernels} loops these over a batch and converts float32 in and out (float32 inputs are
 * factored in double and rounded once at the end, which is more accurate than float32 arithmetic and costs little:
 * these kernels are bound by memory traffic and loop overhead, not by the width of a multiply).
 *
 * <p>Conventions: {@code n x n} matrices are {@code a[i * n + j]}; every method documents what it reads and writes.
 * The algorithms are the textbook ones (Golub and Van Loan, "Matrix Computations", 4th ed.): Cholesky by columns
 * (Crout order, so that the entries of one column are independent dot products and can run in parallel), LU with
 * partial pivoting (right-looking, rows of the trailing update in parallel), triangular solves by substitution
 * (columns of the right-hand side in parallel), Householder QR blocked with the compact WY form ({@link BlockedQr}),
 * the symmetric eigenproblem by blocked tridiagonalization and the implicit QL iteration ({@link SymmetricEigen}; QL as in
 * Wilkinson, Handbook for Automatic Computation II, 1971), and the SVD by Householder bidiagonalization and the
 * implicit bidiagonal QR iteration ({@code SvdKernel}: Golub and Kahan 1965; Demmel and Kahan 1990 for the zero-shift
 * sweeps), with QR first for tall matrices (Chan 1982); one-sided Jacobi rotations ({@code jacobiSvd}: Hestenes
 * 1958; Demmel and Veselic 1992) remain for matrices up to 8 x 8, non-finite inputs and as the fallback.
 */
public final class Dense {
    /** Below this many multiply-adds in one parallel step, the step stays on the calling thread. */
    private static final int PARALLEL_WORK = 1 << 15;
    /**
     * Cholesky, LU and triangular solves of matrices at least this large go by blocks of {@link #BLOCK} columns, so
     * that most of their work is one matrix product per block (the matmul kernel's speed instead of a loop's);
     * smaller ones by the plain loops.
     */
    static final int BLOCKED_MIN = Integer.getInteger("gradtape.linalg.blockedMin", 128);
    /** The block width: wide enough that the products dominate, narrow enough that the panels stay in cache. */
    static final int BLOCK = 64;

    private Dense() {
    }

    // ------------------------------------------------------------------------------------ Cholesky

    /**
     * The Cholesky factor {@code L} (lower, positive diagonal, {@code A = L L^T}) of the symmetric matrix whose
     * lower triangle is in {@code a}, in place: the lower triangle of {@code a} becomes {@code L} and the strict
     * upper triangle 0. The upper triangle of the input is never read (as LAPACK's {@code potrf} with uplo = L).
     *
     * @return -1 on success, else the first column {@code j} whose pivot {@code A_jj - sum L_jk^2} is not positive
     *         (or NaN): the matrix is not positive definite
     */
    public static int cholesky(double[] a, int n) {
        int failed = -1;
        if (n < BLOCKED_MIN) {
            failed = choleskyBlock(a, n, 0, n);
        } else {
            // right-looking by blocks of columns: factor the diagonal block, solve the panel below it, and take
            // the panel's product out of the trailing matrix with one GEMM (where nearly all the work goes)
            for (int k0 = 0; k0 < n && failed < 0; k0 += BLOCK) {
                int kb = Math.min(BLOCK, n - k0);
                int f = choleskyBlock(a, n, k0, kb);
                if (f >= 0) {
                    failed = k0 + f;
                    break;
                }
                int r0 = k0 + kb;
                int rows = n - r0;
                if (rows == 0) {
                    break;
                }
                int kk = k0;
                // L21 = A21 L11^-T: each row of the panel solves L11 x = a by forward substitution
                Parallel.forRange(rows, 8, rows * (long) kb * kb > PARALLEL_WORK ? 16 : Integer.MAX_VALUE, (lo, hi) -> {
                    for (int r = r0 + lo; r < r0 + hi; r++) {
                        int rr = r * n + kk;
                        for (int j = 0; j < kb; j++) {
                            int rj = (kk + j) * n + kk;
                            double v = a[rr + j];
                            for (int q = 0; q < j; q++) {
                                v -= a[rj + q] * a[rr + q];
                            }
                            a[rr + j] = v / a[rj + j];
                        }
                    }
                });
                double[] l21 = new double[rows * kb];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(a, (r0 + r) * n + k0, l21, r * kb, kb);
                }
                gemmSub(l21, l21, true, rows, kb, rows, a, r0 * n + r0, n, true); // A22 -= L21 L21^T (lower part)
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[i * n + j] = 0;
            }
        }
        return failed;
    }

    /**
     * Cholesky of the diagonal block at {@code (k0, k0)} of size {@code kb} of the {@code n x n} matrix {@code a},
     * in place, by columns (Crout): the entries of one column below the diagonal are independent dot products.
     *
     * @return -1, or the column (relative to the block) whose pivot is not positive
     */
    private static int choleskyBlock(double[] a, int n, int k0, int kb) {
        for (int jj = 0; jj < kb; jj++) {
            int j = k0 + jj;
            int rj = j * n;
            double d = a[rj + j];
            for (int k = k0; k < j; k++) {
                d -= a[rj + k] * a[rj + k];
            }
            if (!(d > 0)) {
                return jj;
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            int col = j;
            int end = k0 + kb;
            Parallel.forRange(end - j - 1, 16, (end - j - 1) * (long) (j - k0) > PARALLEL_WORK ? 32 : Integer.MAX_VALUE, (lo, hi) -> {
                for (int i = col + 1 + lo; i < col + 1 + hi; i++) {
                    int ri = i * n;
                    double s = a[ri + col];
                    for (int k = k0; k < col; k++) {
                        s -= a[ri + k] * a[rj + k];
                    }
                    a[ri + col] = s / ljj;
                }
            });
        }
        return -1;
    }

    /**
     * {@code C -= A op(B)} where A is {@code m x k} and op(B) {@code k x n}, both contiguous ({@code B} stored
     * {@code n x k} when {@code tb}), and C is the {@code m x n} block at {@code co} with row stride {@code ldc};
     * only its lower triangle (and diagonal) when {@code lowerOnly}. The product runs in {@link DenseProduct} (the
     * native provider when one is loaded, else the Vector API kernel, else {@code BlockedGemm}), on its threads.
     */
    static void gemmSub(double[] a, double[] b, boolean tb, int m, int k, int n, double[] c, int co, int ldc, boolean lowerOnly) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        double[] p = new double[m * n];
        DenseProduct.multiply(false, tb, m, n, k, a, b, p);
        DenseProduct.subtractInto(p, m, n, c, ldc, co, lowerOnly);
    }

    // ------------------------------------------------------------------------------------ triangular solve

    /**
     * Solves {@code op(T) X = B} in place in {@code b} ({@code n x k}), where {@code T} ({@code n x n}) is the
     * lower ({@code lower}) or upper triangle of {@code t} (the other triangle is not read) and {@code op} is the
     * transpose when {@code adjoint}. A zero on the diagonal gives infinities and NaNs, as LAPACK's {@code trtrs}
     * without its check and as TensorFlow's {@code matrix_triangular_solve}.
     */
    public static void triangularSolve(double[] t, double[] b, int n, int k, boolean lower, boolean adjoint) {
        solveTriangle(t, b, n, k, lower, adjoint, false);
    }

    /**
     * {@link #triangularSolve}, with a unit diagonal assumed (and not read) when {@code unit}. Large systems with
     * many right-hand sides go by blocks of rows: each block is solved by substitution and taken out of the rows
     * still to solve with one GEMM.
     */
    static void solveTriangle(double[] t, double[] b, int n, int k, boolean lower, boolean adjoint, boolean unit) {
        boolean forward = lower != adjoint; // op(T) is lower triangular: forward substitution
        if (n < BLOCKED_MIN || k < 16) {
            substitute(t, b, n, k, lower, adjoint, unit, forward, 0, n);
            return;
        }
        // op(T) made explicit (transposed when adjoint), so that its blocks are plain row-major slices
        double[] m = t;
        if (adjoint) {
            m = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[j * n + i] = t[i * n + j];
                }
            }
        }
        double[] mm = m;
        if (forward) {
            for (int i0 = 0; i0 < n; i0 += BLOCK) {
                int ib = Math.min(BLOCK, n - i0);
                substitute(mm, b, n, k, true, false, unit, true, i0, i0 + ib);
                int rest = n - i0 - ib;
                if (rest > 0) { // B[i0+ib:, :] -= M[i0+ib:, i0:i0+ib] X[i0:i0+ib, :]
                    double[] blk = new double[rest * ib];
                    for (int r = 0; r < rest; r++) {
                        System.arraycopy(mm, (i0 + ib + r) * n + i0, blk, r * ib, ib);
                    }
                    double[] x = java.util.Arrays.copyOfRange(b, i0 * k, (i0 + ib) * k);
                    gemmSub(blk, x, false, rest, ib, k, b, (i0 + ib) * k, k, false);
                }
            }
        } else {
            int top = ((n - 1) / BLOCK) * BLOCK;
            for (int i0 = top; i0 >= 0; i0 -= BLOCK) {
                int ib = Math.min(BLOCK, n - i0);
                substitute(mm, b, n, k, false, false, unit, false, i0, i0 + ib);
                if (i0 > 0) { // B[:i0, :] -= M[:i0, i0:i0+ib] X[i0:i0+ib, :]
                    double[] blk = new double[i0 * ib];
                    for (int r = 0; r < i0; r++) {
                        System.arraycopy(mm, r * n + i0, blk, r * ib, ib);
                    }
                    double[] x = java.util.Arrays.copyOfRange(b, i0 * k, (i0 + ib) * k);
                    gemmSub(blk, x, false, i0, ib, k, b, 0, k, false);
                }
            }
        }
    }

    /**
     * Substitution for rows {@code r0 .. r1 - 1} of {@code op(T) X = B}, using only the entries of op(T) among those
     * rows' columns (the rest were taken out of B already, or there are none); columns of B in parallel.
     */
    private static void substitute(double[] t, double[] b, int n, int k, boolean lower, boolean adjoint, boolean unit,
                                   boolean forward, int r0, int r1) {
        Parallel.forRange(k, 64, (long) (r1 - r0) * (r1 - r0) * k > PARALLEL_WORK * 4L ? 128 : Integer.MAX_VALUE, (c0, c1) -> {
            if (forward) {
                for (int i = r0; i < r1; i++) {
                    int ri = i * k;
                    for (int j = r0; j < i; j++) {
                        double c = adjoint ? t[j * n + i] : t[i * n + j];
                        if (c != 0) {
                            int rj = j * k;
                            for (int q = c0; q < c1; q++) {
                                b[ri + q] -= c * b[rj + q];
                            }
                        }
                    }
                    if (!unit) {
                        double d = t[i * n + i];
                        for (int q = c0; q < c1; q++) {
                            b[ri + q] /= d;
                        }
                    }
                }
            } else {
                for (int i = r1 - 1; i >= r0; i--) {
                    int ri = i * k;
                    for (int j = i + 1; j < r1; j++) {
                        double c = adjoint ? t[j * n + i] : t[i * n + j];
                        if (c != 0) {
                            int rj = j * k;
                            for (int q = c0; q < c1; q++) {
                                b[ri + q] -= c * b[rj + q];
                            }
                        }
                    }
                    if (!unit) {
                        double d = t[i * n + i];
                        for (int q = c0; q < c1; q++) {
                            b[ri + q] /= d;
                        }
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------ LU

    /**
     * LU with partial pivoting in place: {@code P A = L U}, {@code L} unit lower (below the diagonal of {@code a}),
     * {@code U} upper (on and above it); {@code perm[i]} is the row of {@code A} that became row {@code i}. A column
     * with no non-zero pivot is skipped (the factorization goes on, so the determinant is exactly 0).
     *
     * @return the sign of the permutation (+1 or -1), or 0 if a pivot was exactly zero (the matrix is singular)
     */
    public static int lu(double[] a, int n, int[] perm) {
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int[] sign = {1};
        boolean[] singular = {false};
        int nb = n < BLOCKED_MIN ? n : BLOCK;
        for (int k0 = 0; k0 < n; k0 += nb) {
            int kb = Math.min(nb, n - k0);
            int pend = k0 + kb; // the panel's columns end here; unblocked, it is n
            // the panel: pivoting and elimination within its columns (whole rows are swapped)
            for (int k = k0; k < pend; k++) {
                int p = k;
                double best = Math.abs(a[k * n + k]);
                for (int i = k + 1; i < n; i++) {
                    double v = Math.abs(a[i * n + k]);
                    if (v > best) {
                        best = v;
                        p = i;
                    }
                }
                if (p != k) {
                    for (int j = 0; j < n; j++) {
                        double tmp = a[k * n + j];
                        a[k * n + j] = a[p * n + j];
                        a[p * n + j] = tmp;
                    }
                    int tp = perm[k];
                    perm[k] = perm[p];
                    perm[p] = tp;
                    sign[0] = -sign[0];
                }
                double pivot = a[k * n + k];
                if (pivot == 0) {
                    singular[0] = true;
                    continue;
                }
                int kk = k;
                int rk = k * n;
                int rows = n - k - 1;
                Parallel.forRange(rows, 8, (long) rows * (pend - k) > PARALLEL_WORK ? 16 : Integer.MAX_VALUE, (lo, hi) -> {
                    for (int i = kk + 1 + lo; i < kk + 1 + hi; i++) {
                        int ri = i * n;
                        double l = a[ri + kk] / pivot;
                        a[ri + kk] = l;
                        if (l != 0) {
                            for (int j = kk + 1; j < pend; j++) {
                                a[ri + j] -= l * a[rk + j];
                            }
                        }
                    }
                });
            }
            int cols = n - pend;
            if (cols == 0) {
                continue;
            }
            // U12 = L11^-1 A12 (unit lower), then A22 -= L21 U12 in one GEMM
            for (int i = k0 + 1; i < pend; i++) {
                for (int p = k0; p < i; p++) {
                    double l = a[i * n + p];
                    if (l != 0) {
                        for (int j = pend; j < n; j++) {
                            a[i * n + j] -= l * a[p * n + j];
                        }
                    }
                }
            }
            int rows = n - pend;
            double[] l21 = new double[rows * kb];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(a, (pend + r) * n + k0, l21, r * kb, kb);
            }
            double[] u12 = new double[kb * cols];
            for (int r = 0; r < kb; r++) {
                System.arraycopy(a, (k0 + r) * n + pend, u12, r * cols, cols);
            }
            gemmSub(l21, u12, false, rows, kb, cols, a, pend * n + pend, n, false);
        }
        return singular[0] ? 0 : sign[0];
    }

    /**
     * Solves {@code A X = B} ({@code adjoint}: {@code A^T X = B}) in place in {@code b} ({@code n x k}) from the
     * factors of {@link #lu}.
     */
    public static void luSolve(double[] lu, int[] perm, double[] b, int n, int k, boolean adjoint) {
        if (!adjoint) { // A = P^T L U: X = U^-1 L^-1 (P B)
            double[] pb = new double[n * k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(b, perm[i] * k, pb, i * k, k);
            }
            solveTriangle(lu, pb, n, k, true, false, true);
            solveTriangle(lu, pb, n, k, false, false, false);
            System.arraycopy(pb, 0, b, 0, n * k);
        } else { // A^T = U^T L^T P: X = P^T L^-T U^-T B
            solveTriangle(lu, b, n, k, false, true, false);
            solveTriangle(lu, b, n, k, true, true, true);
            double[] x = new double[n * k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(b, i * k, x, perm[i] * k, k);
            }
            System.arraycopy(x, 0, b, 0, n * k);
        }
    }

    // ------------------------------------------------------------------------------------ QR

    /**
     * The reduced QR decomposition of the {@code m x n} matrix {@code a} (not modified): {@code q} ({@code m x k})
     * with orthonormal columns and {@code r} ({@code k x n}) upper triangular, {@code k = min(m, n)}, by Householder
     * reflections. The signs are fixed so that the diagonal of {@code R} is non-negative: for a matrix of full
     * column rank that makes the factorization unique, hence a smooth function of {@code a} (LAPACK, and so
     * TensorFlow, may return some rows of R negated along with the matching columns of Q). The algorithm, blocked
     * Householder with the compact WY form and its costs are in {@link BlockedQr}.
     */
    public static void qr(double[] a, int m, int n, double[] q, double[] r) {
        BlockedQr.qr(a, m, n, q, r);
    }

    // ------------------------------------------------------------------------------------ symmetric eigenproblem

    /**
     * Eigenvalues (ascending, into {@code w}) and orthonormal eigenvectors (the columns of {@code v}, {@code n x n})
     * of the symmetric matrix whose lower triangle is in {@code a} (the upper triangle is not read, as LAPACK's
     * {@code syevd} with uplo = L and TensorFlow's {@code eigh}). Each eigenvector's sign is fixed so that its
     * entry of largest magnitude is positive, which makes the vectors a smooth function of {@code a} wherever the
     * eigenvalues are distinct (TensorFlow leaves the sign to LAPACK). The algorithm (blocked tridiagonalization,
     * implicit QL with batched rotations) and its costs are in {@link SymmetricEigen}.
     */
    public static void eigh(double[] a, int n, double[] w, double[] v) {
        SymmetricEigen.eigh(a, n, w, v);
    }

    // ------------------------------------------------------------------------------------ SVD

    /**
     * The reduced SVD {@code A = U diag(s) V^T} of the {@code m x n} matrix {@code a} (not modified):
     * {@code s} ({@code k = min(m, n)}, descending, non-negative), {@code u} ({@code m x k}) and {@code v}
     * ({@code n x k}) with orthonormal columns, by Householder bidiagonalization and the bidiagonal QR iteration
     * ({@link SvdKernel}; Golub and Kahan 1965, Demmel and Kahan 1990, with a QR factorization first for tall
     * matrices, Chan 1982). Each pair {@code (u_i, v_i)} is signed so that the entry of {@code v_i} of largest
     * magnitude is positive (the factorization is then smooth where the singular values are distinct and
     * non-zero). Columns of {@code U} for zero singular values complete an orthonormal set.
     */
    public static void svd(double[] a, int m, int n, double[] s, double[] u, double[] v) {
        SvdKernel.svd(a, m, n, s, u, v);
    }

    /**
     * {@link #svd} by one-sided Jacobi rotations on the columns of {@code A} (or of {@code A^T} when
     * {@code m < n}; Hestenes 1958, Demmel and Veselic 1992), with the same results and conventions. It is
     * {@code O(sweeps k^2 p)} on one thread: the fastest for very small matrices, and kept for inputs with NaN or
     * infinity and as the fallback of {@link SvdKernel}.
     */
    static void jacobiSvd(double[] a, int m, int n, double[] s, double[] u, double[] v) {
        boolean tall = m >= n;
        int p = tall ? m : n; // length of the columns being orthogonalized
        int k = tall ? n : m; // their number
        // g holds the columns of G (G = A if tall, else A^T) as rows: g[i * p + r] = G[r][i]
        double[] g = new double[k * p];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                if (tall) {
                    g[c * p + r] = a[r * n + c];
                } else {
                    g[r * p + c] = a[r * n + c];
                }
            }
        }
        double[] vt = new double[k * k]; // the columns of V_G as rows
        for (int i = 0; i < k; i++) {
            vt[i * k + i] = 1;
        }
        double eps = Math.ulp(1.0);
        for (int sweep = 0; sweep < 80; sweep++) {
            boolean rotated = false;
            for (int i = 0; i < k - 1; i++) {
                for (int j = i + 1; j < k; j++) {
                    int gi = i * p;
                    int gj = j * p;
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int r = 0; r < p; r++) {
                        double x = g[gi + r];
                        double y = g[gj + r];
                        alpha += x * x;
                        beta += y * y;
                        gamma += x * y;
                    }
                    if (gamma == 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double sn = c * t;
                    for (int r = 0; r < p; r++) {
                        double x = g[gi + r];
                        double y = g[gj + r];
                        g[gi + r] = c * x - sn * y;
                        g[gj + r] = sn * x + c * y;
                    }
                    int vi = i * k;
                    int vj = j * k;
                    for (int r = 0; r < k; r++) {
                        double x = vt[vi + r];
                        double y = vt[vj + r];
                        vt[vi + r] = c * x - sn * y;
                        vt[vj + r] = sn * x + c * y;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        // singular values, descending order
        double[] norms = new double[k];
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int r = 0; r < p; r++) {
                sum = Math.hypot(sum, g[i * p + r]);
            }
            norms[i] = sum;
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        double smax = k == 0 ? 0 : norms[order[0]];
        double[] uG = new double[p * k]; // U of G, p x k
        double[] vG = new double[k * k]; // V of G, k x k
        for (int c = 0; c < k; c++) {
            int i = order[c];
            s[c] = norms[i];
            for (int r = 0; r < k; r++) {
                vG[r * k + c] = vt[i * k + r];
            }
            if (norms[i] > smax * eps * p && norms[i] > 0) {
                for (int r = 0; r < p; r++) {
                    uG[r * k + c] = g[i * p + r] / norms[i];
                }
            } else {
                complete(uG, p, k, c);
            }
        }
        // sign: the largest entry of each right singular vector (of A) positive
        double[] uA = tall ? uG : vG; // m x k
        double[] vA = tall ? vG : uG; // n x k
        for (int c = 0; c < k; c++) {
            int best = 0;
            for (int r = 1; r < n; r++) {
                if (Math.abs(vA[r * k + c]) > Math.abs(vA[best * k + c])) {
                    best = r;
                }
            }
            double sg = vA[best * k + c] < 0 ? -1 : 1;
            for (int r = 0; r < n; r++) {
                v[r * k + c] = sg * vA[r * k + c];
            }
            for (int r = 0; r < m; r++) {
                u[r * k + c] = sg * uA[r * k + c];
            }
        }
    }

    /** Sets column {@code c} of the {@code p x k} matrix {@code q} to a unit vector orthogonal to columns 0..c-1 and the later ones already set. */
    private static void complete(double[] q, int p, int k, int c) {
        for (int e = 0; e < p; e++) {
            double[] x = new double[p];
            x[e] = 1;
            for (int pass = 0; pass < 2; pass++) { // Gram-Schmidt twice for orthogonality to working precision
                for (int o = 0; o < k; o++) {
                    if (o == c) {
                        continue;
                    }
                    double d = 0;
                    for (int r = 0; r < p; r++) {
                        d += q[r * k + o] * x[r];
                    }
                    for (int r = 0; r < p; r++) {
                        x[r] -= d * q[r * k + o];
                    }
                }
            }
            double norm = 0;
            for (double xr : x) {
                norm = Math.hypot(norm, xr);
            }
            if (norm > 0.5) {
                for (int r = 0; r < p; r++) {
                    q[r * k + c] = x[r] / norm;
                }
                return;
            }
        }
    }
}
