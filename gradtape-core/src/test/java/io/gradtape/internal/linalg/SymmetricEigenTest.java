package io.gradtape.internal.linalg;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SymmetricEigen} at sizes above its block threshold, on random, ill-conditioned, rank-deficient,
 * repeated-eigenvalue and zero matrices: eigenvalues ascending and equal to the known ones, {@code ||AV - VW|| / ||A||}
 * and {@code ||V^T V - I||} at rounding level, each vector's largest entry positive, the upper triangle never read,
 * and the blocked path against the one-reflector-at-a-time path on the same input.
 */
class SymmetricEigenTest {
    static final double EPS = Math.ulp(1.0);

    /** {@code U diag(w) U^T} for a random orthogonal U; only the lower triangle is filled, the upper holds NaN. */
    static double[] withEigenvalues(Random r, double[] w) {
        int n = w.length;
        double[] u = BlockedQrTest.orthonormalColumns(r, n, n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    a[i * n + j] = Double.NaN; // the upper triangle must not be read
                    continue;
                }
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += u[i * n + p] * w[p] * u[j * n + p];
                }
                a[i * n + j] = s;
            }
        }
        return a;
    }

    /** Checks one decomposition against {@code known} eigenvalues (sorted copy compared), returns {w, v}. */
    static double[][] checked(String what, double[] a, int n, int nb, double[] known) {
        double[] w = new double[n];
        double[] v = new double[n * n];
        double[] copy = a.clone();
        SymmetricEigen.eigh(a, n, w, v, nb);
        assertTrue(Arrays.equals(copy, a), what + ": input modified");
        double norm = 0;
        double[] full = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                full[i * n + j] = a[i * n + j];
                full[j * n + i] = a[i * n + j];
            }
        }
        for (double x : full) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        double tol = 20 * n * EPS;
        for (int i = 1; i < n; i++) {
            assertTrue(w[i - 1] <= w[i], what + ": eigenvalues not ascending at " + i);
        }
        if (known != null) {
            double[] sorted = known.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(sorted[i], w[i], tol * Math.max(norm, 1), what + ": eigenvalue " + i);
            }
        }
        double res = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += full[i * n + k] * v[k * n + c];
                }
                double d = s - w[c] * v[i * n + c];
                res += d * d;
            }
        }
        res = Math.sqrt(res) / Math.max(norm, Double.MIN_NORMAL);
        assertTrue(norm == 0 ? res == 0 : res < tol, what + ": ||AV - VW|| / ||A|| = " + res);
        double orth = 0;
        for (int c = 0; c < n; c++) {
            for (int d = c; d < n; d++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[k * n + c] * v[k * n + d];
                }
                orth = Math.max(orth, Math.abs(s - (c == d ? 1 : 0)));
            }
        }
        assertTrue(orth < tol, what + ": ||V^T V - I||_max = " + orth);
        for (int c = 0; c < n; c++) {
            int best = 0;
            for (int k = 1; k < n; k++) {
                if (Math.abs(v[k * n + c]) > Math.abs(v[best * n + c])) {
                    best = k;
                }
            }
            assertTrue(v[best * n + c] > 0, what + ": vector " + c + " has a negative largest entry");
        }
        return new double[][] {w, v};
    }

    /** Blocked and one-at-a-time paths; when the eigenvalues are well separated, the same vectors to rounding. */
    static void bothPaths(String what, double[] a, int n, double[] known, boolean separated) {
        assertTrue(n >= SymmetricEigen.BLOCKED_MIN, what + ": too small to take the blocked path");
        double[][] plain = checked(what + " plain", a, n, n, known);
        double[][] blocked = checked(what + " blocked", a, n, SymmetricEigen.BLOCK, known);
        double[][] odd = checked(what + " blocked by 5", a, n, 5, known);
        double scale = 0;
        for (double x : plain[0]) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(plain[0][i], blocked[0][i], 20 * n * EPS * Math.max(scale, 1), what + ": eigenvalue " + i);
            assertEquals(plain[0][i], odd[0][i], 20 * n * EPS * Math.max(scale, 1), what + ": eigenvalue " + i);
        }
        if (separated) {
            for (int i = 0; i < n * n; i++) {
                assertEquals(plain[1][i], blocked[1][i], 1e-9, what + ": blocked vs plain V[" + i + "]");
                assertEquals(plain[1][i], odd[1][i], 1e-9, what + ": nb = 5 vs plain V[" + i + "]");
            }
        }
    }

    @Test
    void randomSymmetric() {
        Random r = new Random(21);
        for (int n : new int[] {SymmetricEigen.BLOCKED_MIN, 203}) {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i * n + j] = r.nextGaussian();
                }
            }
            bothPaths("gaussian n=" + n, a, n, null, false);
        }
    }

    @Test
    void knownSeparatedEigenvalues() {
        Random r = new Random(22);
        int n = 180;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (i % 2 == 0 ? 1 : -1) * (1 + i); // separated by at least 1, mixed signs, out of order
        }
        bothPaths("separated", withEigenvalues(r, w), n, w, true);
    }

    @Test
    void illConditionedAndRankDeficient() {
        Random r = new Random(23);
        int n = 170;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(10, -12.0 * i / (n - 1)); // condition number 1e12
        }
        bothPaths("cond 1e12", withEigenvalues(r, w), n, w, false);
        double[] low = new double[n];
        for (int i = 0; i < 20; i++) {
            low[i] = 1 + i;
        }
        bothPaths("rank 20", withEigenvalues(r, low), n, low, false);
    }

    @Test
    void repeatedEigenvalues() {
        Random r = new Random(24);
        int n = 176;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = i % 3 - 1; // -1, 0, 1, each about 59 times
        }
        bothPaths("three repeated values", withEigenvalues(r, w), n, w, false);
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) {
            id[i * n + i] = 2;
        }
        double[][] f = checked("2I", id, n, SymmetricEigen.BLOCK, null);
        for (int i = 0; i < n; i++) {
            assertEquals(2.0, f[0][i]);
        }
    }

    @Test
    void zeroMatrixGivesZerosAndTheIdentity() {
        int n = 170;
        double[][] f = checked("zeros", new double[n * n], n, SymmetricEigen.BLOCK, new double[n]);
        for (int i = 0; i < n; i++) {
            assertEquals(0.0, f[0][i]);
            for (int c = 0; c < n; c++) {
                assertEquals(i == c ? 1.0 : 0.0, f[1][i * n + c], "V of zeros at " + i + "," + c);
            }
        }
    }

    @Test
    void denseEighTakesTheBlockedPath() {
        Random r = new Random(25);
        int n = SymmetricEigen.BLOCKED_MIN + 40;
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        double[] w = new double[n];
        double[] v = new double[n * n];
        Dense.eigh(a, n, w, v);
        double[][] f = checked("default", a, n, SymmetricEigen.BLOCK, null);
        assertTrue(Arrays.equals(w, f[0]) && Arrays.equals(v, f[1]), "Dense.eigh takes the blocked path");
    }
}
