package io.gradtape.internal.kernels;

/**
 * An optional faster matrix product, found with {@link java.util.ServiceLoader} when a module that provides
 * one is on the class path: {@code gradtape-blas} (OpenBLAS) or {@code gradtape-simd} (the Vector API). {@link MatmulKernels} offers it every
 * product at least {@link #minMacs()} multiply-adds large and falls back to {@link BlockedGemm} when it declines
 * or is absent, so core works the same without it. An implementation must give the same results as the
 * pure-Java kernel up to rounding (its module's tests check that) and must be safe to call from several threads.
 *
 * <p>All matrices are row-major in flat arrays at an offset. {@code op(A)} is {@code m x k} (stored {@code k x m}
 * when {@code ta}), {@code op(B)} is {@code k x n} (stored {@code n x k} when {@code tb}); C ({@code m x n}) is
 * overwritten.
 */
public interface GemmProvider {
    /** A short name for logs and benchmark tables, e.g. {@code "OpenBLAS 0.3.21 (bytedeco)"}. */
    String name();

    /**
     * Whether this provider can run in this JVM (a native library loaded, a module present); an unavailable
     * provider is skipped.
     */
    default boolean available() {
        return true;
    }

    /** Among several available providers on the class path, the one with the highest rank is used. */
    default int rank() {
        return 0;
    }

    /** Products smaller than this (in multiply-adds, {@code m * n * k}) stay in Java. */
    long minMacs();

    /**
     * {@code C = op(A) op(B)} in float32.
     *
     * @return false to decline (the caller then computes it in Java)
     */
    boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co);

    /**
     * {@code C = op(A) op(B)} in float64.
     *
     * @return false to decline (the caller then computes it in Java)
     */
    boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co);
}
