package io.gradtape.ops;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Plain-Java references for the linear-algebra rows, written independently of {@code internal.linalg}: textbook
 * loops on {@code double[][]} (Cholesky-Banachiewicz, Gaussian elimination with partial pivoting, modified
 * Gram-Schmidt QR, cyclic two-sided Jacobi for the symmetric eigenproblem, the SVD from the eigenvectors of
 * {@code A^T A}, a Taylor series for the exponential), applied to every matrix of a batch. Sign conventions match
 * the library's documented ones (R's diagonal positive; each eigenvector's and right singular vector's largest
 * entry positive).
 */
public final class LinalgReference {
    private LinalgReference() {
    }

    // ------------------------------------------------------------------------------------ batching

    /** Applies {@code f} to every matrix of {@code a}; each result is a matrix, stacked in the batch. */
    public static NdArray each(NdArray a, Function<double[][], double[][]> f) {
        int[] s = a.shape();
        int r = s.length;
        int m = s[r - 2];
        int n = s[r - 1];
        int count = a.size() / Math.max(1, m * n);
        double[] out = null;
        int[] outLast = null;
        for (int b = 0; b < count; b++) {
            double[][] mat = new double[m][n];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a.data(), b * m * n + i * n, mat[i], 0, n);
            }
            double[][] res = f.apply(mat);
            if (out == null) {
                outLast = new int[] {res.length, res.length == 0 ? 0 : res[0].length};
                out = new double[count * outLast[0] * outLast[1]];
            }
            for (int i = 0; i < res.length; i++) {
                System.arraycopy(res[i], 0, out, (b * outLast[0] + i) * outLast[1], outLast[1]);
            }
        }
        int[] os = Arrays.copyOf(s, r);
        os[r - 2] = outLast[0];
        os[r - 1] = outLast[1];
        return new NdArray(os, out);
    }

    /** Applies {@code f} to every matrix; each result is a scalar, of the batch shape. */
    public static NdArray eachScalar(NdArray a, Function<double[][], Double> f) {
        NdArray wrapped = each(a, m -> new double[][] {{f.apply(m)}});
        int[] s = a.shape();
        return new NdArray(Arrays.copyOf(s, s.length - 2), wrapped.data());
    }

    /** Applies {@code f} to every matrix; each result is a vector (a row), of the batch shape plus its length. */
    public static NdArray eachVector(NdArray a, Function<double[][], double[]> f) {
        NdArray wrapped = each(a, m -> new double[][] {f.apply(m)});
        int[] s = a.shape();
        int[] o = Arrays.copyOf(s, s.length - 1);
        o[o.length - 1] = wrapped.shape()[wrapped.rank() - 1];
        return new NdArray(o, wrapped.data());
    }

    /** Applies {@code f} to pairs of matrices of two operands of the same batch shape. */
    public static NdArray pairs(NdArray a, NdArray b, java.util.function.BiFunction<double[][], double[][], double[][]> f) {
        int[] sb = b.shape();
        int mb = sb[sb.length - 2];
        int nb = sb[sb.length - 1];
        int[] count = {0};
        return each(a, m -> {
            double[][] rhs = new double[mb][nb];
            for (int i = 0; i < mb; i++) {
                System.arraycopy(b.data(), count[0] * mb * nb + i * nb, rhs[i], 0, nb);
            }
            count[0]++;
            return f.apply(m, rhs);
        });
    }

    // ------------------------------------------------------------------------------------ small matrix helpers

    public static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    public static double[][] t(double[][] a) {
        double[][] c = new double[a.length == 0 ? 0 : a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[j][i] = a[i][j];
            }
        }
        return c;
    }

    /** {@code X X^T + shift I}: symmetric positive definite for shift > 0. */
    public static double[][] spd(double[][] x, double shift) {
        double[][] a = mul(x, t(x));
        for (int i = 0; i < a.length; i++) {
            a[i][i] += shift;
        }
        return a;
    }

    /** {@code (X + X^T) / 2 + shift I}. */
    public static double[][] sym(double[][] x, double shift) {
        int n = x.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (x[i][j] + x[j][i]) + (i == j ? shift : 0);
            }
        }
        return a;
    }

    public static double[][] shifted(double[][] x, double shift) {
        double[][] a = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i].clone();
            a[i][i] += shift;
        }
        return a;
    }

    // ------------------------------------------------------------------------------------ factorizations

    /** Cholesky-Banachiewicz, row by row. */
    public static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        return l;
    }

    /** Gaussian elimination with partial pivoting on {@code [A | B]}, then back substitution. */
    public static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int k = b[0].length;
        double[][] m = new double[n][n + k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            System.arraycopy(b[i], 0, m[i], n, k);
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[p][c])) {
                    p = i;
                }
            }
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j < n + k; j++) {
                    m[i][j] -= f * m[c][j];
                }
            }
        }
        double[][] x = new double[n][k];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j < k; j++) {
                double s = m[i][n + j];
                for (int q = i + 1; q < n; q++) {
                    s -= m[i][q] * x[q][j];
                }
                x[i][j] = s / m[i][i];
            }
        }
        return x;
    }

    /** The triangle of {@code a} (lower or upper), the other zeroed. */
    public static double[][] triangle(double[][] a, boolean lower) {
        int n = a.length;
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = (lower ? j <= i : j >= i) ? a[i][j] : 0;
            }
        }
        return r;
    }

    /** The determinant by elimination (product of pivots, sign of the row swaps). */
    public static double det(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double d = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[p][c])) {
                    p = i;
                }
            }
            if (p != c) {
                double[] tmp = m[c];
                m[c] = m[p];
                m[p] = tmp;
                d = -d;
            }
            d *= m[c][c];
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[i][j] -= f * m[c][j];
                }
            }
        }
        return d;
    }

    /** Modified Gram-Schmidt: {@code {Q (m x k), R (k x n)}} with R's diagonal positive (full column rank of the leading block). */
    public static double[][][] qr(double[][] a) {
        int m = a.length;
        int n = a[0].length;
        int k = Math.min(m, n);
        double[][] q = new double[m][k];
        double[][] r = new double[k][n];
        double[][] v = new double[m][n];
        for (int i = 0; i < m; i++) {
            v[i] = a[i].clone();
        }
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += v[i][j] * v[i][j];
            }
            norm = Math.sqrt(norm);
            r[j][j] = norm;
            for (int i = 0; i < m; i++) {
                q[i][j] = v[i][j] / norm;
            }
            for (int c = j + 1; c < n; c++) {
                double d = 0;
                for (int i = 0; i < m; i++) {
                    d += q[i][j] * v[i][c];
                }
                r[j][c] = d;
                for (int i = 0; i < m; i++) {
                    v[i][c] -= d * q[i][j];
                }
            }
        }
        return new double[][][] {q, r};
    }

    /**
     * Cyclic Jacobi on the symmetric matrix made from the lower triangle of {@code a}:
     * {@code {w (1 x n, ascending), V (n x n)}}.
     */
    public static double[][][] eigh(double[][] a) {
        int n = a.length;
        double[][] s = new double[n][n];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                s[i][j] = a[i][j];
                s[j][i] = a[i][j];
            }
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += s[p][q] * s[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (s[p][q] == 0) {
                        continue;
                    }
                    double theta = (s[q][q] - s[p][p]) / (2 * s[p][q]);
                    double tt = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        tt = 1;
                    }
                    double c = 1 / Math.sqrt(tt * tt + 1);
                    double sn = tt * c;
                    for (int k = 0; k < n; k++) { // S = J^T S J
                        double skp = s[k][p];
                        double skq = s[k][q];
                        s[k][p] = c * skp - sn * skq;
                        s[k][q] = sn * skp + c * skq;
                    }
                    for (int k = 0; k < n; k++) {
                        double spk = s[p][k];
                        double sqk = s[q][k];
                        s[p][k] = c * spk - sn * sqk;
                        s[q][k] = sn * spk + c * sqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[][] sf = s;
        Arrays.sort(order, (x, y) -> Double.compare(sf[x][x], sf[y][y]));
        double[][] w = new double[1][n];
        double[][] vs = new double[n][n];
        for (int c = 0; c < n; c++) {
            int o = order[c];
            w[0][c] = s[o][o];
            int best = 0;
            for (int r = 1; r < n; r++) {
                if (Math.abs(v[r][o]) > Math.abs(v[best][o])) {
                    best = r;
                }
            }
            double sg = v[best][o] < 0 ? -1 : 1;
            for (int r = 0; r < n; r++) {
                vs[r][c] = sg * v[r][o];
            }
        }
        return new double[][][] {w, vs};
    }

    /** {@code {s (1 x k, descending), U (m x k), V (n x k)}} from the eigenvectors of {@code A^T A} (or {@code A A^T}). */
    public static double[][][] svd(double[][] a) {
        int m = a.length;
        int n = a[0].length;
        int k = Math.min(m, n);
        double[][] s = new double[1][k];
        double[][] u = new double[m][k];
        double[][] v = new double[n][k];
        if (m >= n) {
            double[][][] e = eigh(mul(t(a), a));
            for (int c = 0; c < k; c++) {
                int src = n - 1 - c; // descending
                s[0][c] = Math.sqrt(Math.max(0, e[0][0][src]));
                for (int r = 0; r < n; r++) {
                    v[r][c] = e[1][r][src];
                }
            }
            double[][] av = mul(a, v);
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < k; c++) {
                    u[r][c] = av[r][c] / s[0][c];
                }
            }
        } else {
            double[][][] e = eigh(mul(a, t(a)));
            for (int c = 0; c < k; c++) {
                int src = m - 1 - c;
                s[0][c] = Math.sqrt(Math.max(0, e[0][0][src]));
                for (int r = 0; r < m; r++) {
                    u[r][c] = e[1][r][src];
                }
            }
            double[][] atu = mul(t(a), u);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < k; c++) {
                    v[r][c] = atu[r][c] / s[0][c];
                }
            }
            // the library's sign: the largest entry of each v positive
            for (int c = 0; c < k; c++) {
                int best = 0;
                for (int r = 1; r < n; r++) {
                    if (Math.abs(v[r][c]) > Math.abs(v[best][c])) {
                        best = r;
                    }
                }
                if (v[best][c] < 0) {
                    for (int r = 0; r < n; r++) {
                        v[r][c] = -v[r][c];
                    }
                    for (int r = 0; r < m; r++) {
                        u[r][c] = -u[r][c];
                    }
                }
            }
        }
        return new double[][][] {s, u, v};
    }

    /** {@code exp(A)} by a Taylor series (24 terms) on {@code A / 2^s} with norm below 1/4, squared s times. */
    public static double[][] expm(double[][] a) {
        int n = a.length;
        double norm = 0;
        for (double[] row : a) {
            double rs = 0;
            for (double v : row) {
                rs += Math.abs(v);
            }
            norm = Math.max(norm, rs);
        }
        int squarings = Math.max(0, (int) Math.ceil(Math.log(norm) / Math.log(2)) + 2);
        double scale = Math.pow(2, -squarings);
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i][j] = a[i][j] * scale;
            }
        }
        double[][] sum = new double[n][n];
        double[][] term = new double[n][n];
        for (int i = 0; i < n; i++) {
            sum[i][i] = 1;
            term[i][i] = 1;
        }
        for (int k = 1; k < 25; k++) {
            term = mul(term, x);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    term[i][j] /= k;
                    sum[i][j] += term[i][j];
                }
            }
        }
        for (int q = 0; q < squarings; q++) {
            sum = mul(sum, sum);
        }
        return sum;
    }

    /** The singular values of every matrix (descending), for the validity rules. */
    public static double[] singularValues(double[][] a) {
        return svd(a)[0][0];
    }
}
