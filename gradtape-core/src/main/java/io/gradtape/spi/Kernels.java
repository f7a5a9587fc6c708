package io.gradtape.spi;

import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * What a kernel provider, its tests and benchmarks may use of gradtape-core's kernels: the thread budget and the
 * pool core's own kernels run on (so a provider does not oversubscribe the cores), and the {@link GemmProvider}
 * in use (so a test can compare a provider with the pure-Java kernel).
 *
 * <pre>{@code
 * int n = io.gradtape.spi.Kernels.threads();   // the cores core's kernels use
 * }</pre>
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * The number of threads core's kernels use: the system property {@code gradtape.threads}, else the number of
     * available processors.
     *
     * @return at least 1
     */
    public static int threads() {
        return Parallel.threads();
    }

    /**
     * Sets the number of threads core's kernels (and well-behaved providers) use.
     *
     * @param n at least 1
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setThreads(int n) {
        Parallel.setThreads(n);
    }

    /**
     * Runs {@code body} for every task number in {@code [0, tasks)} on core's pool, the calling thread taking
     * part, and returns when all have run; in the calling thread alone when one thread is allowed or when called
     * from a pool thread (no nested parallelism).
     *
     * @param tasks the number of tasks
     * @param body  the work of one task
     */
    public static void forEach(int tasks, IntConsumer body) {
        Objects.requireNonNull(body, "forEach: body is null");
        Parallel.forEach(tasks, body::accept);
    }

    /**
     * The matrix-product provider in use.
     *
     * @return the provider, or null when every product runs in core's pure-Java kernel
     */
    public static GemmProvider gemmProvider() {
        return MatmulKernels.nativeGemm();
    }

    /**
     * Replaces the matrix-product provider; null makes every product run in core's pure-Java kernel. Tests and
     * benchmarks compare the two this way.
     *
     * @param p the provider, or null
     */
    public static void setGemmProvider(GemmProvider p) {
        MatmulKernels.setNativeGemm(p);
    }
}
