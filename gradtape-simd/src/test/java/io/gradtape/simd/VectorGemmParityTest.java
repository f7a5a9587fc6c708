package io.gradtape.simd;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.GemmProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Vector API kernel (this module's tests run with {@code --add-modules jdk.incubator.vector}) is found on
 * the class path and gives core's results, up to rounding, for odd sizes on both sides of its blocking (6-row
 * tiles, 2-vector panels, 128-deep slabs, 512-column blocks), every transpose combination, broadcast batches,
 * on one and two threads; float64 is declined and stays in core.
 */
class VectorGemmParityTest {
    private final GemmProvider installed = MatmulKernels.nativeGemm();
    private final int threads = Parallel.threads();

    @AfterEach
    void restore() {
        MatmulKernels.setNativeGemm(installed);
        Parallel.setThreads(threads);
    }

    @Test
    void isSelectedAutomaticallyWhenTheModuleIsPresent() {
        assertInstanceOf(VectorGemm.class, installed);
        assertTrue(installed.available());
        assertTrue(installed.name().startsWith("Vector API"), installed.name());
        assertFalse(installed.dgemm(false, false, 1, 1, 1, new double[1], 0, new double[1], 0, new double[1], 0));
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2} batch {3}")
    @CsvSource({
        "1, 1, 1, 1", "6, 1, 32, 1", "7, 3, 5, 1", "17, 17, 17, 1", "12, 129, 31, 1", "13, 128, 33, 1",
        "64, 64, 64, 1", "65, 257, 63, 1", "1, 512, 513, 1", "513, 300, 1, 1", "128, 784, 256, 1",
        "200, 100, 300, 3", "37, 65, 66, 4", "300, 40, 1100, 1",
    })
    void matchesCoresKernel(int m, int k, int n, int batch) {
        VectorGemm simd = (VectorGemm) installed;
        SplittableRandom r = new SplittableRandom(m + 31L * k + 977L * n);
        for (int tr = 0; tr < 4; tr++) {
            boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
            int[] sa = batch == 1 ? (ta ? new int[] {k, m} : new int[] {m, k})
                    : (ta ? new int[] {batch, k, m} : new int[] {batch, m, k});
            int[] sb = batch > 1 && tr == 3 ? new int[] {1, n, k} : (tb ? new int[] {n, k} : new int[] {k, n});
            Tensor a = random(r, sa);
            Tensor b = random(r, sb);
            for (int th : new int[] {1, 2}) {
                Parallel.setThreads(th);
                MatmulKernels.setNativeGemm(null);
                Tensor want = Tensors.matmul(a, b, ta, tb);
                MatmulKernels.setNativeGemm(simd);
                Tensor got = Tensors.matmul(a, b, ta, tb);
                assertArrayEquals(want.shape().dims(), got.shape().dims());
                assertClose(want.toDoubleArray(), got.toDoubleArray(), k, "ta=" + ta + " tb=" + tb + " threads=" + th);
            }
        }
        // float64 goes to core's kernel through the same call
        MatmulKernels.setNativeGemm(simd);
        Tensor d = Tensors.matmul(Tensors.cast(random(r, m, k), DType.FLOAT64), Tensors.cast(random(r, k, n), DType.FLOAT64));
        assertArrayEquals(new int[] {m, n}, d.shape().dims());
    }

    private static Tensor random(SplittableRandom r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextDouble(-1, 1);
        }
        return Tensors.constant(f, shape);
    }

    private static void assertClose(double[] want, double[] got, int k, String what) {
        double tol = 8 * 0x1p-23 * (k + 2);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", want " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
