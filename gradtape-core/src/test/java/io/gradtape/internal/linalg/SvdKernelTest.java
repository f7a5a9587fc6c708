package io.gradtape.internal.linalg;

import io.gradtape.DType;
import io.gradtape.Linalg;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bidiagonalization SVD ({@link SvdKernel#factor}, which {@link Dense#svd} uses above 8 x 8) on matrices chosen to reach every path: square, tall (with and
 * without the QR factorization first), wide, 1 x n and n x 1, rank-deficient, ill-conditioned (cond 1e12), repeated
 * and zero singular values, zero diagonal entries of the bidiagonal, extreme scales, float32 and batches. Each
 * result is checked for the reconstruction {@code ||A - U S V^T|| / ||A||}, orthonormal {@code U} and {@code V},
 * non-negative descending {@code s} and the sign convention, and against the one-sided Jacobi SVD
 * ({@link Dense#jacobiSvd}, the previous kernel) or the known singular values.
 */
class SvdKernelTest {
    private static final double EPS = Math.ulp(1.0);

    /** The three factors of {@code a}, checked for the properties that hold for every input. */
    private static double[][] checked(double[] a, int m, int n) {
        return checked(a, m, n, SvdKernel.QR_FIRST);
    }

    private static double[][] checked(double[] a, int m, int n, double qrFirst) {
        int k = Math.min(m, n);
        double[] s = new double[k];
        double[] u = new double[m * k];
        double[] v = new double[n * k];
        SvdKernel.factor(a, m, n, s, u, v, qrFirst);
        double tol = 30 * EPS * Math.max(m, n);
        String what = m + "x" + n;
        double norm = 0;
        double err = 0;
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                double x = 0;
                for (int i = 0; i < k; i++) {
                    x += u[r * k + i] * s[i] * v[c * k + i];
                }
                err += (x - a[r * n + c]) * (x - a[r * n + c]);
                norm += a[r * n + c] * a[r * n + c];
            }
        }
        assertTrue(Math.sqrt(err) <= tol * Math.sqrt(norm), what + ": ||A - U S V^T|| / ||A|| = " + Math.sqrt(err / norm));
        assertTrue(orthonormalityError(u, m, k) <= tol, what + ": U^T U - I " + orthonormalityError(u, m, k));
        assertTrue(orthonormalityError(v, n, k) <= tol, what + ": V^T V - I " + orthonormalityError(v, n, k));
        for (int i = 0; i < k; i++) {
            assertTrue(s[i] >= 0, what + ": s[" + i + "] = " + s[i]);
            if (i > 0) {
                assertTrue(s[i] <= s[i - 1], what + ": s not descending at " + i);
            }
            int best = 0;
            for (int r = 1; r < n; r++) {
                if (Math.abs(v[r * k + i]) > Math.abs(v[best * k + i])) {
                    best = r;
                }
            }
            assertTrue(v[best * k + i] > 0, what + ": largest entry of v_" + i + " not positive");
        }
        return new double[][] {s, u, v};
    }

    private static double orthonormalityError(double[] q, int rows, int k) {
        double worst = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = 0;
                for (int r = 0; r < rows; r++) {
                    d += q[r * k + i] * q[r * k + j];
                }
                worst = Math.max(worst, Math.abs(d - (i == j ? 1 : 0)));
            }
        }
        return worst;
    }

    /** The Jacobi SVD's factors. */
    private static double[][] jacobi(double[] a, int m, int n) {
        int k = Math.min(m, n);
        double[] s = new double[k];
        double[] u = new double[m * k];
        double[] v = new double[n * k];
        Dense.jacobiSvd(a, m, n, s, u, v);
        return new double[][] {s, u, v};
    }

    /**
     * Checks {@code a} and compares with Jacobi: the singular values to {@code eps ||A||} times a small multiple,
     * and, for a singular value separated from the others by {@code gap s_max} and not below {@code gap s_max},
     * the singular vectors (both kernels sign them alike).
     */
    private static void againstJacobi(double[] a, int m, int n, double gap) {
        double[][] f = checked(a, m, n);
        double[][] j = jacobi(a, m, n);
        int k = Math.min(m, n);
        double smax = j[0][0];
        double tol = 50 * EPS * Math.max(m, n) * smax;
        for (int i = 0; i < k; i++) {
            assertEquals(j[0][i], f[0][i], tol, m + "x" + n + ": s[" + i + "] against Jacobi");
        }
        for (int i = 0; i < k; i++) {
            double sep = Math.min(i > 0 ? j[0][i - 1] - j[0][i] : Double.MAX_VALUE, i < k - 1 ? j[0][i] - j[0][i + 1] : j[0][i]);
            if (sep < gap * smax) {
                continue;
            }
            double vtol = 1e3 * EPS * Math.max(m, n) / gap;
            for (int r = 0; r < n; r++) {
                assertEquals(j[2][r * k + i], f[2][r * k + i], vtol, m + "x" + n + ": v_" + i + " against Jacobi");
            }
            for (int r = 0; r < m; r++) {
                assertEquals(j[1][r * k + i], f[1][r * k + i], vtol, m + "x" + n + ": u_" + i + " against Jacobi");
            }
        }
    }

    private static double[] gaussian(Random r, int m, int n) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    /** A random {@code rows x cols} matrix with orthonormal columns ({@code rows >= cols}). */
    private static double[] orthonormal(Random r, int rows, int cols) {
        double[] q = new double[rows * cols];
        Dense.qr(gaussian(r, rows, cols), rows, cols, q, new double[cols * cols]);
        return q;
    }

    /** {@code U diag(sigma) V^T} with random orthonormal {@code U} ({@code m x k}) and {@code V} ({@code n x k}). */
    private static double[] withSingularValues(Random r, int m, int n, double[] sigma) {
        int k = sigma.length;
        double[] u = orthonormal(r, m, k);
        double[] v = orthonormal(r, n, k);
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = 0;
                for (int c = 0; c < k; c++) {
                    x += u[i * k + c] * sigma[c] * v[j * k + c];
                }
                a[i * n + j] = x;
            }
        }
        return a;
    }

    private static void knownValues(double[] a, int m, int n, double[] sigma) {
        double[] s = checked(a, m, n)[0];
        double tol = 50 * EPS * Math.max(m, n) * sigma[0];
        for (int i = 0; i < sigma.length; i++) {
            assertEquals(sigma[i], s[i], tol, m + "x" + n + ": s[" + i + "]");
        }
    }

    @Test
    void randomMatricesOfEveryShapeMatchJacobi() {
        Random r = new Random(1);
        int[][] shapes = {{1, 1}, {2, 2}, {3, 2}, {2, 3}, {1, 9}, {9, 1}, {5, 5}, {17, 17}, {64, 64}, {90, 60}, {60, 90},
            {300, 40}, {40, 300}, {100, 61}, {131, 129}};
        for (int[] sh : shapes) {
            againstJacobi(gaussian(r, sh[0], sh[1]), sh[0], sh[1], 1e-3);
        }
    }

    @Test
    void tallAndWideMatricesWithTheQrFactorizationFirst() {
        Random r = new Random(9);
        for (int[] sh : new int[][] {{300, 40}, {40, 300}, {50, 30}, {12, 2}}) {
            double[] a = gaussian(r, sh[0], sh[1]);
            double[][] viaQr = checked(a, sh[0], sh[1], 1.5);
            double[][] direct = checked(a, sh[0], sh[1], Double.POSITIVE_INFINITY);
            for (int i = 0; i < viaQr[0].length; i++) {
                assertEquals(direct[0][i], viaQr[0][i], 1e-12 * direct[0][0]);
            }
        }
        double[] sigma = {5, 5, 1, 1e-9, 0, 0};
        double[] a = withSingularValues(r, 60, 6, sigma);
        double[] s = checked(a, 60, 6, 1.5)[0];
        for (int i = 0; i < 6; i++) {
            assertEquals(sigma[i], s[i], 1e-13 * 5);
        }
    }

    @Test
    void largeSquareAndTallMatrices() {
        Random r = new Random(2);
        checked(gaussian(r, 260, 260), 260, 260);
        checked(gaussian(r, 700, 150), 700, 150);
        checked(gaussian(r, 150, 700), 150, 700);
    }

    @Test
    void rankDeficientMatrices() {
        Random r = new Random(3);
        for (int[] sh : new int[][] {{80, 60, 20}, {60, 80, 1}, {200, 30, 10}, {40, 40, 39}}) {
            int m = sh[0];
            int n = sh[1];
            int rank = sh[2];
            double[] x = gaussian(r, m, rank);
            double[] y = gaussian(r, rank, n);
            double[] a = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    for (int c = 0; c < rank; c++) {
                        a[i * n + j] += x[i * rank + c] * y[c * n + j];
                    }
                }
            }
            double[][] f = checked(a, m, n);
            for (int i = rank; i < Math.min(m, n); i++) {
                assertTrue(f[0][i] <= 100 * EPS * Math.max(m, n) * f[0][0], "rank " + rank + ": s[" + i + "] = " + f[0][i]);
            }
            againstJacobi(a, m, n, 1e-3);
        }
        // the 3 x 2 example of LinalgKnownAnswerTest, and a matrix with zero rows and columns
        checked(new double[] {1, 2, 2, 4, 3, 6}, 3, 2);
        againstJacobi(new double[] {0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, 4, 4, 1e-3);
    }

    @Test
    void illConditionedMatrices() {
        Random r = new Random(4);
        for (int[] sh : new int[][] {{50, 50}, {120, 40}, {40, 120}, {200, 200}}) {
            int k = Math.min(sh[0], sh[1]);
            double[] sigma = new double[k];
            for (int i = 0; i < k; i++) {
                sigma[i] = Math.pow(10, -12.0 * i / (k - 1)); // cond 1e12
            }
            double[] a = withSingularValues(r, sh[0], sh[1], sigma);
            knownValues(a, sh[0], sh[1], sigma);
            againstJacobi(a, sh[0], sh[1], 1e-2);
        }
        // graded columns: the bidiagonal's entries span 30 orders of magnitude (exercises the zero-shift sweeps)
        double[] g = gaussian(r, 30, 30);
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                g[i * 30 + j] *= Math.pow(10, -j);
            }
        }
        againstJacobi(g, 30, 30, 1e-3);
    }

    @Test
    void repeatedAndZeroSingularValues() {
        Random r = new Random(5);
        double[] sigma = {3, 3, 3, 2, 1, 1, 1, 1, 0.5, 0, 0, 0};
        knownValues(withSingularValues(r, 12, 12, sigma), 12, 12, sigma);
        knownValues(withSingularValues(r, 40, 12, sigma), 40, 12, sigma);
        knownValues(withSingularValues(r, 12, 25, sigma), 12, 25, sigma);
        double[] ones = new double[100];
        java.util.Arrays.fill(ones, 1);
        knownValues(withSingularValues(r, 100, 100, ones), 100, 100, ones);
        double[] eye = new double[64 * 64];
        for (int i = 0; i < 64; i++) {
            eye[i * 64 + i] = 1;
        }
        knownValues(eye, 64, 64, java.util.Arrays.copyOf(ones, 64));
    }

    @Test
    void zeroMatrices() {
        for (int[] sh : new int[][] {{1, 1}, {4, 4}, {7, 3}, {3, 7}, {50, 10}}) {
            double[][] f = checked(new double[sh[0] * sh[1]], sh[0], sh[1]);
            for (double s : f[0]) {
                assertEquals(0.0, s);
            }
        }
    }

    @Test
    void bidiagonalWithZeroDiagonalEntries() {
        // zeros on the diagonal inside the matrix and at its end take the row and column clearing chases
        double[][] cases = {{1, 0, 2, 0, 3}, {0, 1, 1, 1, 0}, {0, 0, 0, 1, 2}, {2, 1e-300, 3, 0, 1}};
        for (double[] d0 : cases) {
            int k = d0.length;
            double[] e0 = {1, 0.5, 2, 1};
            double[] d = d0.clone();
            double[] e = e0.clone();
            double[][] ut = identity(k);
            double[][] vt = identity(k);
            assertTrue(BidiagonalQr.solve(d, e, k, ut, vt));
            // B = U_B diag(d) V_B^T, with ut and vt holding U_B^T and V_B^T
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double x = 0;
                    for (int c = 0; c < k; c++) {
                        x += ut[c][i] * d[c] * vt[c][j];
                    }
                    double b = i == j ? d0[i] : j == i + 1 ? e0[i] : 0;
                    assertEquals(b, x, 1e-14, java.util.Arrays.toString(d0) + " at " + i + "," + j);
                }
            }
            for (double s : d) {
                assertTrue(s >= 0);
            }
        }
    }

    private static double[][] identity(int k) {
        double[][] q = new double[k][k];
        for (int i = 0; i < k; i++) {
            q[i][i] = 1;
        }
        return q;
    }

    @Test
    void extremeScalesAreScaledExactly() {
        Random r = new Random(6);
        double[] a = gaussian(r, 20, 15);
        double[] s = checked(a, 20, 15)[0];
        for (double scale : new double[] {1e300, 1e-300, 0x1p-1070}) {
            double[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] *= scale;
            }
            double[][] f = checked(b, 20, 15);
            for (int i = 0; i < s.length; i++) {
                assertEquals(s[i] * scale, f[0][i], 1e-12 * s[0] * scale + Double.MIN_VALUE * 64, "scale " + scale);
            }
        }
    }

    @Test
    void denseSvdTakesJacobiForSmallMatricesAndTheKernelOtherwise() {
        Random r = new Random(8);
        for (int[] sh : new int[][] {{5, 3}, {8, 8}, {20, 20}, {3, 30}}) {
            int m = sh[0];
            int n = sh[1];
            int k = Math.min(m, n);
            double[] a = gaussian(r, m, n);
            double[][] expected = Math.max(m, n) <= SvdKernel.JACOBI_MAX ? jacobi(a, m, n) : checked(a, m, n);
            double[] s = new double[k];
            double[] u = new double[m * k];
            double[] v = new double[n * k];
            Dense.svd(a, m, n, s, u, v);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[0], s, 0.0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[1], u, 0.0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[2], v, 0.0);
        }
    }

    @Test
    void nonFiniteInputsGiveNonFiniteValues() {
        double[] s = new double[2];
        Dense.svd(new double[] {1, Double.NaN, 0, 1}, 2, 2, s, new double[4], new double[4]);
        assertTrue(Double.isNaN(s[0]) || Double.isNaN(s[1]), java.util.Arrays.toString(s));
    }

    @Test
    void batchesAndFloat32GoThroughTheKernel() {
        Random r = new Random(7);
        int b = 3;
        int m = 20;
        int n = 15;
        double[] all = gaussian(r, b * m, n);
        Tensor a = Tensors.reshape(Tensors.constant(all), new int[] {b, m, n});
        Linalg.SVD d = Linalg.svd(a);
        double[] s = d.s().toDoubleArray();
        double[] u = d.u().toDoubleArray();
        for (int t = 0; t < b; t++) {
            double[] one = java.util.Arrays.copyOfRange(all, t * m * n, (t + 1) * m * n);
            double[][] f = checked(one, m, n);
            for (int i = 0; i < n; i++) {
                assertEquals(f[0][i], s[t * n + i], 0.0, "batch " + t);
            }
            for (int i = 0; i < m * n; i++) {
                assertEquals(f[1][i], u[t * m * n + i], 0.0, "batch " + t);
            }
        }
        Linalg.SVD f32 = Linalg.svd(Tensors.cast(a, DType.FLOAT32));
        assertEquals(DType.FLOAT32, f32.s().dtype());
        double[] s32 = f32.s().toDoubleArray();
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], s32[i], 1e-5 * s[0]);
        }
    }
}
