package io.gradtape.kernels;

import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Vector API matrix products ({@code VectorGemm}, {@code VectorDgemm}) at the edges of their tiling, called
 * through the provider with A, B and C at offsets: m, n and k on both sides of the register tile (8 rows; 2
 * vectors of columns, i.e. 16 or 32 floats and 8 or 16 doubles), of the k slab (256), of the row block a task
 * packs (128), of the block of B (1024 columns by 1024 deep), and 1, in all four transpose combinations.
 * Each element must be within {@code (k + 2) u sum_p |a_ip b_pj|} of the exact product (u the unit roundoff:
 * the error bound of any order of k fused multiply-adds), computed in double for float32 and with compensated
 * (two-product, two-sum) arithmetic for float64; the rest of C's array must be untouched and C's previous
 * contents (NaN here) overwritten, and 1, 2 and 3 threads must give the same bits.
 */
class VectorGemmTilingTest {
    private KernelProvider vector;
    private final int threads = Parallel.threads();

    @BeforeEach
    void needsVectorModule() {
        vector = VectorKernelsOrSkip.vectorKernels("VectorGemm is not loaded");
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(threads);
    }

    @ParameterizedTest(name = "{0}x{2} @ {2}x{1}")
    @CsvSource({
        // m across the 8-row tile and the 128-row block
        "1, 33, 130", "7, 33, 130", "8, 33, 130", "9, 33, 130", "15, 33, 130", "17, 33, 130", "127, 33, 130",
        "128, 33, 130", "129, 33, 130", "257, 40, 70",
        // n across the two-vector tile (16 / 32 floats, 8 / 16 doubles) and the 1024-column B block
        "9, 16, 40", "9, 17, 40", "9, 31, 40", "9, 32, 40", "9, 33, 40", "9, 63, 40", "9, 65, 40",
        "3, 1023, 20", "3, 1025, 20", "20, 1057, 1030",
        // k across the 256 slab and the 1024-deep B block, and k = 1, 2
        "70, 70, 1", "70, 70, 2", "70, 70, 255", "70, 70, 256", "70, 70, 257", "17, 47, 1023", "17, 47, 1025",
        // a second 1024-deep block of two slabs: its whole tiles of C add C, go to the task's stage, and back to C
        "24, 70, 1300",
        // split across threads by rows, each thread packing B for itself: small blocks of B
        "300, 200, 520", "1000, 48, 300", "8, 2000, 70", "129, 129, 129",
        // larger blocks of B: many row blocks; few rows, so tasks of 16 rows
        "300, 520, 300", "40, 1030, 1030",
    })
    void matchesTheExactProductAtEveryTileEdge(int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
        for (int tr = 0; tr < 4; tr++) {
            boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
            float32(r, ta, tb, m, n, k);
            float64(r, ta, tb, m, n, k);
        }
    }

    private void float32(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k) {
        int ao = 3, bo = 5, co = 7, pad = 11;
        float[] a = new float[ao + m * k], b = new float[bo + k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-1, 1);
        }
        String what = "float32 " + m + "x" + k + " @ " + k + "x" + n + " ta=" + ta + " tb=" + tb;
        float[] first = null;
        for (int th = 1; th <= 3; th++) {
            Parallel.setThreads(th);
            float[] c = new float[co + m * n + pad];
            java.util.Arrays.fill(c, Float.NaN);
            java.util.Arrays.fill(c, 0, co, -7f);
            java.util.Arrays.fill(c, co + m * n, c.length, -9f);
            boolean took = vector.sgemm(ta, tb, m, n, k, a, ao, b, bo, c, co);
            assertEquals(n >= 16 && (long) m * n * k >= 4096, took, what + ": which products the provider takes");
            if (!took) {
                return;
            }
            for (int i = 0; i < co; i++) {
                assertEquals(-7f, c[i], what + ": element " + i + " before C written");
            }
            for (int i = co + m * n; i < c.length; i++) {
                assertEquals(-9f, c[i], what + ": element " + i + " after C written");
            }
            if (first == null) {
                first = c;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double dot = 0, mag = 0;
                        for (int p = 0; p < k; p++) {
                            double x = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                            double y = tb ? b[bo + j * k + p] : b[bo + p * n + j];
                            dot += x * y;
                            mag += Math.abs(x * y);
                        }
                        double got = c[co + i * n + j];
                        if (!(Math.abs(got - dot) <= (k + 2) * 0x1p-24 * mag)) {
                            fail(what + ": C(" + i + ", " + j + ") is " + got + ", exact " + dot);
                        }
                    }
                }
            } else {
                for (int i = 0; i < c.length; i++) {
                    if (Float.floatToIntBits(first[i]) != Float.floatToIntBits(c[i])) {
                        fail(what + ": element " + i + " is " + c[i] + " on " + th + " threads, " + first[i]
                                + " on one");
                    }
                }
            }
        }
    }

    private void float64(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k) {
        int ao = 5, bo = 3, co = 9, pad = 6;
        double[] a = new double[ao + m * k], b = new double[bo + k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextDouble(-1, 1);
        }
        String what = "float64 " + m + "x" + k + " @ " + k + "x" + n + " ta=" + ta + " tb=" + tb;
        double[] first = null;
        for (int th = 1; th <= 3; th++) {
            Parallel.setThreads(th);
            double[] c = new double[co + m * n + pad];
            java.util.Arrays.fill(c, Double.NaN);
            java.util.Arrays.fill(c, 0, co, -7d);
            java.util.Arrays.fill(c, co + m * n, c.length, -9d);
            boolean took = vector.dgemm(ta, tb, m, n, k, a, ao, b, bo, c, co);
            assertEquals(n >= 8 && (long) m * n * k >= 4096, took, what + ": which products the provider takes");
            if (!took) {
                return;
            }
            for (int i = 0; i < co; i++) {
                assertEquals(-7d, c[i], what + ": element " + i + " before C written");
            }
            for (int i = co + m * n; i < c.length; i++) {
                assertEquals(-9d, c[i], what + ": element " + i + " after C written");
            }
            if (first == null) {
                first = c;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        // compensated dot product: s + e carries the sum to about twice double's precision
                        double s = 0, e = 0, mag = 0;
                        for (int p = 0; p < k; p++) {
                            double x = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                            double y = tb ? b[bo + j * k + p] : b[bo + p * n + j];
                            double h = x * y, l = Math.fma(x, y, -h);
                            double t = s + h, bv = t - s;
                            e += (s - (t - bv)) + (h - bv) + l;
                            s = t;
                            mag += Math.abs(h);
                        }
                        double exact = s + e;
                        double got = c[co + i * n + j];
                        if (!(Math.abs(got - exact) <= (k + 2) * 0x1p-53 * mag)) {
                            fail(what + ": C(" + i + ", " + j + ") is " + got + ", exact " + exact);
                        }
                    }
                }
            } else {
                for (int i = 0; i < c.length; i++) {
                    if (Double.doubleToLongBits(first[i]) != Double.doubleToLongBits(c[i])) {
                        fail(what + ": element " + i + " is " + c[i] + " on " + th + " threads, " + first[i]
                                + " on one");
                    }
                }
            }
        }
    }
}
