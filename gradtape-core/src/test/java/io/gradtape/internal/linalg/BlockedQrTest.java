package io.gradtape.internal.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BlockedQr} at sizes above its block threshold, on random, ill-conditioned, rank-deficient and zero
 * matrices, tall and wide: Q's columns orthonormal, {@code A = QR}, R upper triangular with a non-negative
 * diagonal, and the blocked path against the plain one (one panel, no products) on the same input.
 */
class BlockedQrTest {
    static final double EPS = Math.ulp(1.0);

    static double[] gaussian(Random r, int m, int n) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    /** {@code U diag(s) V^T} with random orthonormal U ({@code m x k}) and V ({@code n x k}), {@code k = s.length}. */
    static double[] withSingularValues(Random r, int m, int n, double[] s) {
        int k = s.length;
        double[] u = orthonormalColumns(r, m, k);
        double[] v = orthonormalColumns(r, n, k);
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int p = 0; p < k; p++) {
                    t += u[i * k + p] * s[p] * v[j * k + p];
                }
                a[i * n + j] = t;
            }
        }
        return a;
    }

    /** Orthonormal columns by Gram-Schmidt twice (independent of the code under test). */
    static double[] orthonormalColumns(Random r, int m, int k) {
        double[] q = gaussian(r, m, k);
        for (int c = 0; c < k; c++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < c; p++) {
                    double d = 0;
                    for (int i = 0; i < m; i++) {
                        d += q[i * k + p] * q[i * k + c];
                    }
                    for (int i = 0; i < m; i++) {
                        q[i * k + c] -= d * q[i * k + p];
                    }
                }
            }
            double nrm = 0;
            for (int i = 0; i < m; i++) {
                nrm += q[i * k + c] * q[i * k + c];
            }
            nrm = Math.sqrt(nrm);
            for (int i = 0; i < m; i++) {
                q[i * k + c] /= nrm;
            }
        }
        return q;
    }

    static double frobenius(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Checks one factorization; returns (Q, R) for comparisons. */
    static double[][] checked(String what, double[] a, int m, int n, int nb) {
        int k = Math.min(m, n);
        double[] q = new double[m * k];
        double[] r = new double[k * n];
        double[] copy = a.clone();
        BlockedQr.qr(a, m, n, q, r, nb);
        assertTrue(java.util.Arrays.equals(copy, a), what + ": input modified");
        double tol = 40 * Math.max(m, n) * EPS;
        double orth = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += q[i * k + c] * q[i * k + d];
                }
                orth = Math.max(orth, Math.abs(s - (c == d ? 1 : 0)));
            }
        }
        assertTrue(orth < tol, what + ": ||Q^T Q - I||_max = " + orth);
        double[] res = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p <= Math.min(j, k - 1); p++) {
                    s += q[i * k + p] * r[p * n + j];
                }
                res[i * n + j] = a[i * n + j] - s;
            }
        }
        double scale = Math.max(frobenius(a), Double.MIN_NORMAL);
        double rel = frobenius(res) / scale;
        assertTrue(rel < tol, what + ": ||A - QR|| / ||A|| = " + rel);
        for (int i = 0; i < k; i++) {
            assertTrue(r[i * n + i] >= 0, what + ": R[" + i + "][" + i + "] = " + r[i * n + i]);
            for (int j = 0; j < i; j++) {
                assertEquals(0.0, r[i * n + j], what + ": R not upper triangular at " + i + "," + j);
            }
        }
        return new double[][] {q, r};
    }

    static void blockedAgreesWithPlain(String what, double[] a, int m, int n, boolean wellConditioned) {
        int k = Math.min(m, n);
        assertTrue(k >= BlockedQr.BLOCKED_MIN || k > BlockedQr.BLOCK, what + ": too small to take the blocked path");
        double[][] plain = checked(what + " plain", a, m, n, Math.max(k, 1));
        double[][] blocked = checked(what + " blocked", a, m, n, BlockedQr.BLOCK);
        double[][] odd = checked(what + " blocked by 7", a, m, n, 7);
        if (wellConditioned) { // the factorization is unique: both paths give the same Q and R to rounding
            double tol = 1e3 * Math.max(m, n) * EPS;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < plain[i].length; j++) {
                    assertEquals(plain[i][j], blocked[i][j], tol * (i == 0 ? 1 : Math.max(1, Math.abs(plain[i][j]))),
                            what + ": blocked vs plain, " + (i == 0 ? "Q" : "R") + "[" + j + "]");
                    assertEquals(plain[i][j], odd[i][j], tol * (i == 0 ? 1 : Math.max(1, Math.abs(plain[i][j]))),
                            what + ": nb = 7 vs plain, " + (i == 0 ? "Q" : "R") + "[" + j + "]");
                }
            }
        }
    }

    @Test
    void randomSquareTallAndWide() {
        Random r = new Random(13);
        int[][] shapes = {{200, 200}, {300, 150}, {150, 300}, {161, 139}, {129, 257}};
        for (int[] s : shapes) {
            blockedAgreesWithPlain("gaussian " + s[0] + "x" + s[1], gaussian(r, s[0], s[1]), s[0], s[1], true);
        }
    }

    @Test
    void illConditioned() {
        Random r = new Random(14);
        int n = 160;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(10, -12.0 * i / (n - 1)); // condition number 1e12
        }
        blockedAgreesWithPlain("cond 1e12", withSingularValues(r, n, n, s), n, n, false);
    }

    @Test
    void rankDeficient() {
        Random r = new Random(15);
        double[] s = new double[40];
        java.util.Arrays.fill(s, 1);
        blockedAgreesWithPlain("rank 40 of 180x150", withSingularValues(r, 180, 150, s), 180, 150, false);
        // exactly repeated columns: later columns are already in the span (zero tails: tau = 0 reflectors)
        int m = 150;
        int n = 140;
        double[] a = new double[m * n];
        double[] g = gaussian(r, m, 10);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = g[i * 10 + j % 10];
            }
        }
        blockedAgreesWithPlain("repeated columns", a, m, n, false);
    }

    @Test
    void zeroMatrixGivesIdentityQAndZeroR() {
        int m = 170;
        int n = 140;
        double[][] f = checked("zeros", new double[m * n], m, n, BlockedQr.BLOCK);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < n; c++) {
                assertEquals(i == c ? 1.0 : 0.0, f[0][i * n + c], "Q of zeros at " + i + "," + c);
            }
        }
        for (double v : f[1]) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void defaultPathMatchesTheExplicitBlockSize() {
        Random r = new Random(16);
        int n = 2 * BlockedQr.BLOCKED_MIN;
        double[] a = gaussian(r, n, n);
        double[] q = new double[n * n];
        double[] rr = new double[n * n];
        Dense.qr(a, n, n, q, rr);
        double[][] f = checked("default", a, n, n, BlockedQr.BLOCK);
        assertTrue(java.util.Arrays.equals(q, f[0]) && java.util.Arrays.equals(rr, f[1]), "Dense.qr takes the blocked path");
    }
}
