package io.gradtape.blas;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.spi.GemmProvider;
import io.gradtape.spi.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OpenBLAS provider is found by {@code ServiceLoader} (the module path in surefire's default execution, the
 * class path in the {@code class-path} execution of this module's POM), and gives the pure-Java kernel's results (up to rounding)
 * for odd sizes, every transpose combination, broadcast batches, float32 and float64.
 */
class OpenBlasParityTest {
    /**
     * Where {@code org.bytedeco:openblas} has no native library for this machine (a platform without a Maven
     * profile in this module's POM, or a platform jar that failed to load) every test here is skipped, with the
     * reason printed, instead of failing: the provider is optional and core runs without it.
     */
    private static final String SKIP = skipReason();

    /** Null where the native library loads; else why not, printed once. */
    private static String skipReason() {
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no native library for this platform
            String why = "OpenBlasParityTest skipped: no OpenBLAS native library for platform "
                    + org.bytedeco.javacpp.Loader.getPlatform() + " (" + e + ")";
            System.out.println(why);
            return why;
        }
    }

    @BeforeEach
    void nativeLibraryPresent() {
        assumeTrue(SKIP == null, SKIP);
    }

    private final GemmProvider installed = Kernels.gemmProvider();
    private final int threads = Kernels.threads();

    @AfterEach
    void restore() {
        Kernels.setGemmProvider(installed);
        Kernels.setThreads(threads);
    }

    /**
     * Surefire runs this module's tests twice (see its POM): on the module path, where core finds the provider
     * through {@code provides} in module-info, and on the class path, through {@code META-INF/services}.
     */
    @Test
    void runsOnThePathItsExecutionNames() {
        String modulePath = System.getProperty("gradtape.test.modulePath");
        org.junit.jupiter.api.Assumptions.assumeTrue(modulePath != null,
                "runsOnThePathItsExecutionNames skipped: not started by this module's surefire executions");
        org.junit.jupiter.api.Assertions.assertEquals(Boolean.parseBoolean(modulePath), OpenBlasGemm.class.getModule().isNamed(),
                "the provider's module is named exactly when the tests run on the module path");
        org.junit.jupiter.api.Assertions.assertEquals(Boolean.parseBoolean(modulePath), Kernels.class.getModule().isNamed());
        org.junit.jupiter.api.Assertions.assertNotNull(installed, "ServiceLoader found no GemmProvider");
        org.junit.jupiter.api.Assertions.assertEquals(OpenBlasGemm.class, installed.getClass());
    }

    @Test
    void isSelectedAutomatically() {
        assertNotNull(installed, "no GemmProvider found by ServiceLoader");
        assertInstanceOf(OpenBlasGemm.class, installed);
        assertTrue(installed.name().startsWith("OpenBLAS"), installed.name());
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2} batch {3}")
    @CsvSource({
        "64, 64, 64, 1", "65, 67, 63, 1", "1, 512, 513, 1", "513, 300, 1, 1", "129, 257, 65, 1",
        "200, 100, 300, 3", "64, 65, 66, 5", "1024, 64, 64, 1",
    })
    void matchesThePureJavaKernel(int m, int k, int n, int batch) {
        GemmProvider blas = installed;
        assertNotNull(blas);
        SplittableRandom r = new SplittableRandom(m + 31L * k + 977L * n);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                int[] sa = batch == 1 ? (ta ? new int[] {k, m} : new int[] {m, k})
                        : (ta ? new int[] {batch, k, m} : new int[] {batch, m, k});
                int[] sb = ta == tb && batch > 1 ? new int[] {1, tb ? n : k, tb ? k : n} // a broadcast batch
                        : (tb ? new int[] {n, k} : new int[] {k, n});
                Tensor a = random(r, dt, sa);
                Tensor b = random(r, dt, sb);
                for (int th : new int[] {1, 2}) {
                    Kernels.setThreads(th);
                    Kernels.setGemmProvider(null);
                    double[] want = Tensors.matmul(a, b, ta, tb).toDoubleArray();
                    Kernels.setGemmProvider(blas);
                    Tensor got = Tensors.matmul(a, b, ta, tb);
                    assertArrayEquals(Tensors.matmul(a, b, ta, tb).shape().dims(), got.shape().dims());
                    assertClose(want, got.toDoubleArray(), k, dt, dt + " ta=" + ta + " tb=" + tb + " threads=" + th);
                }
            }
        }
    }

    /**
     * Several Java threads at once, with products on both sides of the size from which OpenBLAS runs threaded
     * (so its process-wide thread count changes while other threads call it).
     */
    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        GemmProvider blas = installed;
        SplittableRandom r = new SplittableRandom(5);
        Tensor smallA = random(r, DType.FLOAT32, new int[] {64, 64}), smallB = random(r, DType.FLOAT32, new int[] {64, 64});
        Tensor bigA = random(r, DType.FLOAT32, new int[] {420, 420}), bigB = random(r, DType.FLOAT32, new int[] {420, 420});
        Kernels.setThreads(2);
        Kernels.setGemmProvider(null);
        double[] wantSmall = Tensors.matmul(smallA, smallB).toDoubleArray();
        double[] wantBig = Tensors.matmul(bigA, bigB).toDoubleArray();
        Kernels.setGemmProvider(blas);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        boolean big = (i + id) % 2 == 0;
                        Tensor c = big ? Tensors.matmul(bigA, bigB) : Tensors.matmul(smallA, smallB);
                        assertClose(big ? wantBig : wantSmall, c.toDoubleArray(), big ? 420 : 64, DType.FLOAT32,
                                "thread " + id + " call " + i);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Tensor random(SplittableRandom r, DType dt, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (dt == DType.FLOAT32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) r.nextDouble(-1, 1);
            }
            return Tensors.constant(f, shape);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return Tensors.constant(d, shape);
    }

    private static void assertClose(double[] want, double[] got, int k, DType dt, String what) {
        double eps = dt == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
        double tol = 8 * eps * (k + 2);
        if (want.length != got.length) {
            fail(what + ": " + got.length + " elements, want " + want.length);
        }
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", want " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
