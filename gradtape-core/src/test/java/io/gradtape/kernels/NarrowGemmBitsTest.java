package io.gradtape.kernels;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.BlockedGemm;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.spi.GemmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * float32 products with fewer than 16 columns and many rows (the MNIST MLP's {@code 128x128 @ 128x10}): with the
 * Vector API kernels on, {@code VectorKernels.sgemm} computes those up to 256 deep on the vector kernel, in one edge
 * panel; without them, and past 256, {@link BlockedGemm} computes them transposed. Either way each element is one chain of fused
 * multiply-adds over p in order from +0, so C must have the same bits as {@link BlockedGemm#gemm} called directly:
 * every transpose combination, n from 1 to 15, m and k on both sides of the tile and slab edges (k = 257 is past
 * the vector path and stays in BlockedGemm), one and two threads, and a batch of three products.
 */
class NarrowGemmBitsTest {
    private GemmProvider savedNative;
    private int savedThreads;

    @BeforeEach
    void pureJava() {
        savedNative = MatmulKernels.nativeGemm();
        savedThreads = Parallel.threads();
        MatmulKernels.setNativeGemm(null);
    }

    @AfterEach
    void restore() {
        MatmulKernels.setNativeGemm(savedNative);
        Parallel.setThreads(savedThreads);
    }

    @Test
    void narrowProductsHaveBlockedGemmsBits() {
        SplittableRandom r = new SplittableRandom(12);
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            for (int m : new int[] {16, 17, 40, 128, 300}) {
                for (int n : new int[] {1, 2, 7, 10, 15}) {
                    for (int k : new int[] {1, 3, 64, 255, 256, 257}) {
                        for (int tr = 0; tr < 4; tr++) {
                            check(r, 1, m, n, k, (tr & 1) != 0, (tr & 2) != 0);
                        }
                    }
                }
            }
            check(r, 3, 128, 10, 128, false, false);
            check(r, 3, 40, 7, 100, true, true);
        }
    }

    private static void check(SplittableRandom r, int batches, int m, int n, int k, boolean ta, boolean tb) {
        float[] a = random(r, batches * m * k);
        float[] b = random(r, batches * k * n);
        float[] want = new float[batches * m * n];
        BlockedGemm.gemm(a, ta, b, tb, want, m, k, n, batches, (t, which) -> t * (which == 0 ? m * k
                : which == 1 ? k * n : m * n));
        int[] sa = ta ? new int[] {k, m} : new int[] {m, k};
        int[] sb = tb ? new int[] {n, k} : new int[] {k, n};
        Tensor ta0 = Tensors.constant(a, batches == 1 ? sa : new int[] {batches, sa[0], sa[1]});
        Tensor tb0 = Tensors.constant(b, batches == 1 ? sb : new int[] {batches, sb[0], sb[1]});
        float[] got = Tensors.matmul(ta0, tb0, ta, tb).toFloatArray();
        assertArrayEquals(bits(want), bits(got), () -> "batches " + batches + ", " + m + "x" + k + " @ " + k + "x" + n
                + " ta=" + ta + " tb=" + tb + " threads=" + Parallel.threads());
    }

    private static int[] bits(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Float.floatToRawIntBits(x[i]);
        }
        return out;
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }
}
