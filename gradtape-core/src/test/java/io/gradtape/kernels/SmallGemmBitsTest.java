package io.gradtape.kernels;

import io.gradtape.internal.kernels.BlockedGemm;
import io.gradtape.internal.kernels.KernelProvider;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API provider's small float32 products ({@code VectorSmallGemm}: up to 2^14 multiply-adds, k up to
 * 256) have the bits of the kernels they replaced: for these sizes {@code VectorGemm} (one slab of k) and
 * {@link BlockedGemm} both sum each element over p in order from +0, fused above BlockedGemm's unpacked-loop
 * threshold and rounded product plus rounded add below it, so BlockedGemm's result is the reference. Every
 * transpose combination, operands and result at offsets, m and n on both sides of a vector (8 or 16 floats)
 * and of the 4-row group, k on both sides of the fused threshold, and signed zeros (a -0 product added to +0).
 * The rest of C's array must be untouched.
 */
class SmallGemmBitsTest {
    @Test
    void smallProductsHaveTheBitsOfTheKernelsTheyReplace() {
        KernelProvider vector = VectorKernelsOrSkip.vectorKernels("the small products' bits");
        SplittableRandom r = new SplittableRandom(12);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48};
        int[] depths = {1, 2, 3, 5, 8, 16, 17, 32, 100, 256};
        int compared = 0;
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : depths) {
                    if ((long) m * n * k > 1 << 14) {
                        continue;
                    }
                    for (int tr = 0; tr < 4; tr++) {
                        boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                        int ao = 3, bo = 5, co = 2, pad = 3;
                        float[] a = new float[ao + m * k], b = new float[bo + k * n];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = (float) r.nextDouble(-1, 1);
                        }
                        for (int i = 0; i < b.length; i++) {
                            b[i] = (float) r.nextDouble(-1, 1);
                        }
                        a[ao] = -0f; // a -0 product: +0 + -0 is +0 in both accumulations
                        float[] want = new float[m * n];
                        BlockedGemm.gemm(a, ta, b, tb, want, m, k, n, 1, (t, w) -> w == 0 ? ao : w == 1 ? bo : 0);
                        float[] c = new float[co + m * n + pad];
                        java.util.Arrays.fill(c, Float.NaN);
                        String what = m + "x" + k + " @ " + k + "x" + n + " ta=" + ta + " tb=" + tb;
                        assertTrue(vector.sgemm(ta, tb, m, n, k, a, ao, b, bo, c, co), what + ": declined");
                        for (int i = 0; i < m * n; i++) {
                            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(c[co + i]),
                                    what + ": element " + i + " is " + c[co + i] + ", BlockedGemm gives " + want[i]);
                        }
                        for (int i = 0; i < co; i++) {
                            assertTrue(Float.isNaN(c[i]), what + ": wrote before C");
                        }
                        for (int i = co + m * n; i < c.length; i++) {
                            assertTrue(Float.isNaN(c[i]), what + ": wrote past C");
                        }
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 1000, "compared " + compared + " products");
    }
}
