package io.gradtape.kernels;

import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact bits of {@code VectorGemm}'s float32 products, A packed from either layout (as stored, or stored
 * transposed): each element of C is, per 256-deep slab of k, the chain of fused multiply-adds over p in increasing
 * order starting from +0 ({@link Math#fma}, which is what a vector lane's {@code fma} is), and a product two slabs
 * deep adds the second slab's chain to the first's. That is the reference here, computed element by element; every
 * transpose combination, operands and result at offsets, m across the 8-row group (edge groups packed by their own
 * packers), n across the 32-column panel (up to 4 panels and more), k of one and two slabs, one and two threads.
 * The rest of C's array must be untouched. (Written for a row-by-row layout of A at n up to 128 that was later taken
 * out again; see "Tried, landed, and taken out again" in VectorGemm's class comment.)
 */
class VectorGemmLayoutBitsTest {
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
        // n up to 128 (at most 4 panels), m across the 8-row group, k of one slab
        "128, 128, 128", "64, 64, 64", "100, 100, 100", "9, 96, 200", "13, 128, 256", "129, 120, 70",
        "1, 128, 256", "200, 40, 33",
        // more than 4 panels
        "100, 129, 100", "24, 256, 128", "17, 300, 64",
        // two slabs of k (256 + 44): the second slab's chain added to the first's
        "40, 128, 300", "33, 100, 300", "16, 200, 300",
    })
    void everyElementIsTheFmaChainOfItsSlabs(int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
        int ao = 3, bo = 5, co = 7, pad = 11;
        for (int tr = 0; tr < 4; tr++) {
            boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
            float[] a = new float[ao + m * k], b = new float[bo + k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextDouble(-1, 1);
            }
            float[] want = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p0 = 0; p0 < k; p0 += 256) {
                        float chain = 0f;
                        for (int p = p0; p < Math.min(k, p0 + 256); p++) {
                            float x = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                            float y = tb ? b[bo + j * k + p] : b[bo + p * n + j];
                            chain = Math.fma(x, y, chain);
                        }
                        sum = p0 == 0 ? chain : chain + sum;
                    }
                    want[i * n + j] = sum;
                }
            }
            for (int th = 1; th <= 2; th++) {
                Parallel.setThreads(th);
                String what = m + "x" + k + " @ " + k + "x" + n + " ta=" + ta + " tb=" + tb + ", " + th + " thread(s)";
                float[] c = new float[co + m * n + pad];
                java.util.Arrays.fill(c, Float.NaN);
                assertTrue(vector.sgemm(ta, tb, m, n, k, a, ao, b, bo, c, co), what + ": declined");
                for (int e = 0; e < m * n; e++) {
                    assertEquals(Float.floatToRawIntBits(want[e]), Float.floatToRawIntBits(c[co + e]),
                            what + ": element (" + e / n + ", " + e % n + ") is " + c[co + e]
                                    + ", the fma chain gives " + want[e]);
                }
                for (int e = 0; e < co; e++) {
                    assertTrue(Float.isNaN(c[e]), what + ": wrote before C");
                }
                for (int e = co + m * n; e < c.length; e++) {
                    assertTrue(Float.isNaN(c[e]), what + ": wrote after C");
                }
            }
        }
    }
}
