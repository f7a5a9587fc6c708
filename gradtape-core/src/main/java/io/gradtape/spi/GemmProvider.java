package io.gradtape.spi;

/**
 * An optional faster matrix product. gradtape-core finds implementations with {@link java.util.ServiceLoader}:
 * a module on the module path declares {@code provides io.gradtape.spi.GemmProvider with ...} in its
 * {@code module-info}, a jar on the class path lists its class in
 * {@code META-INF/services/io.gradtape.spi.GemmProvider} (gradtape-blas does both). Core offers
 * the provider every product of at least {@link #minMacs()} multiply-adds and falls back to its pure-Java kernel
 * when the provider declines or is absent, so core works the same without one; with several available
 * providers, the highest {@link #rank()} wins. The system property {@code gradtape.blas=false} ignores them all.
 *
 * <p>An implementation must give the pure-Java kernel's results up to rounding (its module's tests check that
 * with {@link Kernels#setGemmProvider}) and must be safe to call from several threads.
 *
 * <p>All matrices are row-major in flat arrays at an offset. {@code op(A)} is {@code m x k} (stored {@code k x m}
 * when {@code ta}), {@code op(B)} is {@code k x n} (stored {@code n x k} when {@code tb}); C ({@code m x n}) is
 * overwritten. The arrays are the tensors' own storage: a provider must not keep a reference to any of them after
 * the call returns (a gradient's array may be reused for another tensor once the optimizer has applied it).
 */
public interface GemmProvider {
    /**
     * A short name for logs and benchmark tables, e.g. {@code "OpenBLAS 0.3.21 (bytedeco)"}.
     *
     * @return the name
     */
    String name();

    /**
     * Whether this provider can run in this JVM (a native library loaded, a module present); an unavailable
     * provider is skipped.
     *
     * @return true if this provider can run
     */
    default boolean available() {
        return true;
    }

    /**
     * Among several available providers, the one with the highest rank is used.
     *
     * @return the rank
     */
    default int rank() {
        return 0;
    }

    /**
     * Products smaller than this (in multiply-adds, {@code m * n * k}) stay in Java.
     *
     * @return the threshold
     */
    long minMacs();

    /**
     * {@code C = op(A) op(B)} in float32.
     *
     * @param ta whether A is stored transposed
     * @param tb whether B is stored transposed
     * @param m  rows of C
     * @param n  columns of C
     * @param k  the inner dimension
     * @param a  A's storage
     * @param ao A's offset
     * @param b  B's storage
     * @param bo B's offset
     * @param c  C's storage, overwritten
     * @param co C's offset
     * @return false to decline (the caller then computes it in Java)
     */
    boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co);

    /**
     * {@code C = op(A) op(B)} in float64; the parameters as for {@link #sgemm}.
     *
     * @param ta whether A is stored transposed
     * @param tb whether B is stored transposed
     * @param m  rows of C
     * @param n  columns of C
     * @param k  the inner dimension
     * @param a  A's storage
     * @param ao A's offset
     * @param b  B's storage
     * @param bo B's offset
     * @param c  C's storage, overwritten
     * @param co C's offset
     * @return false to decline (the caller then computes it in Java)
     */
    boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co);
}
