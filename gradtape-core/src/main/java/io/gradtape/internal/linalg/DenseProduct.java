package io.gradtape.internal.linalg;

import io.gradtape.internal.kernels.BlockedGemm;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.spi.GemmProvider;

/**
 * The float64 matrix product {@code C = op(A) op(B)} for the blocked factorizations ({@link BlockedQr},
 * {@link SymmetricEigen}), through the fastest kernel present, in the order {@code matmul} itself uses: a native
 * {@link GemmProvider} when one is loaded and the product is at least its {@code minMacs()}, else the Vector API
 * kernel ({@code VectorDgemm}) when the JVM has {@code jdk.incubator.vector}, else {@link BlockedGemm}. All three
 * split large products across {@link Parallel#threads()} threads, which is where the blocked factorizations get
 * their parallelism. Operands are contiguous row-major blocks; the factorizations copy sub-blocks out and back.
 */
final class DenseProduct {
    /** Below this many elements an elementwise block copy or subtraction stays on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 16;

    private DenseProduct() {
    }

    /**
     * {@code c = op(a) op(b)}, {@code m x n} (overwritten), with {@code op(a)} {@code m x k} ({@code a} stored
     * {@code k x m} when {@code ta}) and {@code op(b)} {@code k x n} ({@code b} stored {@code n x k} when
     * {@code tb}).
     */
    static void multiply(boolean ta, boolean tb, int m, int n, int k, double[] a, double[] b, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0d);
            return;
        }
        GemmProvider g = MatmulKernels.nativeGemm();
        if (g != null && (long) m * n * k >= g.minMacs() && g.dgemm(ta, tb, m, n, k, a, 0, b, 0, c, 0)) {
            return;
        }
        KernelProvider v = Vectorization.provider();
        if (v.vectorized() && v.dgemm(ta, tb, m, n, k, a, 0, b, 0, c, 0)) {
            return;
        }
        BlockedGemm.gemm(a, ta, b, tb, c, m, k, n, 1, (t, which) -> 0);
    }

    /** Copies the {@code rows x cols} block at offset {@code so} of {@code src} (row stride {@code lds}) into {@code dst}, contiguous. */
    static void copyOut(double[] src, int lds, int so, int rows, int cols, double[] dst) {
        Parallel.forRange(rows, 32, (long) rows * cols > PARALLEL_ELEMENTS ? 64 : Integer.MAX_VALUE, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                System.arraycopy(src, so + i * lds, dst, i * cols, cols);
            }
        });
    }

    /**
     * {@code dst[dof + i * ldd + j] -= p[i * cols + j]} for the contiguous {@code rows x cols} block {@code p}; only
     * {@code j <= i} (the lower triangle and diagonal) when {@code lowerOnly}.
     */
    static void subtractInto(double[] p, int rows, int cols, double[] dst, int ldd, int dof, boolean lowerOnly) {
        Parallel.forRange(rows, 32, (long) rows * cols > PARALLEL_ELEMENTS ? 64 : Integer.MAX_VALUE, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int d = dof + i * ldd;
                int s = i * cols;
                int last = lowerOnly ? Math.min(cols, i + 1) : cols;
                for (int j = 0; j < last; j++) {
                    dst[d + j] -= p[s + j];
                }
            }
        });
    }

    /** {@code dst = src^T}: {@code src} is {@code rows x cols}, {@code dst} {@code cols x rows}; by 32 x 32 tiles so both sides stay in cache. */
    static void transpose(double[] src, int rows, int cols, double[] dst) {
        final int t = 32;
        for (int i0 = 0; i0 < rows; i0 += t) {
            int i1 = Math.min(rows, i0 + t);
            for (int j0 = 0; j0 < cols; j0 += t) {
                int j1 = Math.min(cols, j0 + t);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        dst[j * rows + i] = src[i * cols + j];
                    }
                }
            }
        }
    }
}
