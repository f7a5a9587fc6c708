package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.ShapeRules;
import io.gradtape.spi.GemmProvider;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Matrix products {@code C = op(A) @ op(B)}, where op transposes the last two axes when asked, over broadcast
 * batch dimensions. Each batch element is one {@code m x k} by {@code k x n} product. The pure-Java
 * {@link BlockedGemm} computes them by default (transposed operands are read in place, never copied), or in float32
 * the Vector API kernel of {@link Vectorization} when the JVM runs with {@code --add-modules jdk.incubator.vector};
 * when a {@link GemmProvider} is on the module path or the class path and available (module {@code gradtape-blas}), products of at least
 * its {@link GemmProvider#minMacs()} multiply-adds go to it instead; with several, the highest
 * {@link GemmProvider#rank()} wins. Set the system property {@code gradtape.blas=false} to ignore all providers.
 */
public final class MatmulKernels {
    private static volatile GemmProvider nativeGemm = load();

    private MatmulKernels() {
    }

    private static GemmProvider load() {
        if (!Boolean.parseBoolean(System.getProperty("gradtape.blas", "true"))) {
            return null;
        }
        GemmProvider best = null; // module-info declares "uses", so this finds providers on both paths
        java.util.Iterator<GemmProvider> it =
                ServiceLoader.load(GemmProvider.class, MatmulKernels.class.getClassLoader()).iterator();
        while (true) {
            GemmProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
                if (!p.available()) {
                    continue;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                System.getLogger("io.gradtape.kernels").log(System.Logger.Level.WARNING,
                        "matmul: a GEMM provider could not be loaded; skipping it", e);
                continue;
            }
            if (best == null || p.rank() > best.rank()) {
                best = p;
            }
        }
        return best;
    }

    /** The provider in use, or null when every product runs in core's kernel. */
    public static GemmProvider nativeGemm() {
        return nativeGemm;
    }

    /**
     * Replaces the native provider; null makes every product run in Java. Tests and benchmarks compare the two
     * this way.
     *
     * @param p the provider, or null
     */
    public static void setNativeGemm(GemmProvider p) {
        nativeGemm = p;
    }

    /**
     * A product's output array, float32 or float64, of {@code n > 0} elements: one the pool of dead arrays hands
     * back is not zeroed first ({@link Convert#floatsToFill}), since every kernel a product can run overwrites all
     * of C, never reading it: {@link BlockedGemm#gemm} ("overwriting C"), the Vector API kernels
     * ({@code VectorGemm}: "its previous contents are never read"; {@code VectorSmallGemm} stores each element's
     * sum) and a {@link GemmProvider} ("C's storage, overwritten"), each batch element's block in turn, the blocks
     * tiling C. Measured on the MNIST MLP's step (784-256-128-10, b128, SGD, one thread, 2026-12-05, main-thread
     * CPU, one JVM alternating 12 blocks of 200 steps zeroed / not zeroed after 4,000 steps of warm-up, helpers
     * building): with {@code minimize}, whose reused arrays include the 800 KB weight gradient, 1,197 -> 1,160 and
     * 1,221 -> 1,200 us (faster in 11 of 12 pairs, twice); with {@code applyGradients(tape.gradient(...))}, which
     * reuses only 64-128 KB activations and cotangents, 1,210 -> 1,218 and 1,318 -> 1,310 (5 and 9 of 12): no change.
     */
    private static Object output(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? Convert.floatsToFill(n) : Convert.doublesToFill(n);
    }

    /** Below this many multiply-adds per batch element, one shared A times many B's is packed into one product. */
    static final long SMALL_MACS = 1 << 15;

    /** One 2-D product {@code op(A) @ op(B)}, {@code m x k} by {@code k x n}. */
    private static Object product(Object ad, boolean ta, Object bd, boolean tb, int m, int k, int n, DType dtype) {
        Object c = output(dtype, m * n);
        BlockedGemm.Batch none = (t, which) -> 0;
        if (dtype == DType.FLOAT32) {
            GemmProvider g = nativeGemm;
            if (g == null || (long) m * n * k < g.minMacs()
                    || !g.sgemm(ta, tb, m, n, k, (float[]) ad, 0, (float[]) bd, 0, (float[]) c, 0)) {
                javaGemm(ta, tb, m, n, k, (float[]) ad, (float[]) bd, (float[]) c, 1, none);
            }
        } else {
            GemmProvider g = nativeGemm;
            if (g == null || (long) m * n * k < g.minMacs()
                    || !g.dgemm(ta, tb, m, n, k, (double[]) ad, 0, (double[]) bd, 0, (double[]) c, 0)) {
                javaGemm(ta, tb, m, n, k, (double[]) ad, (double[]) bd, (double[]) c, 1, none);
            }
        }
        return c;
    }

    /**
     * {@code op(A) @ B[t]} for a batch of small products sharing {@code A} (a jacobian's batched cotangents meet
     * this): the B's are laid side by side as one {@code k x (batches*n)} matrix, multiplied once, and the result
     * is cut back into {@code batches} blocks of {@code m x n}. Per-product overhead would otherwise dominate.
     */
    private static Object sharedLeft(Object ad, boolean ta, Object bd, int m, int k, int n, int batches, DType dtype) {
        int wide = batches * n;
        Object packed = Convert.allocate(dtype, k * wide);
        // B[t][p][j] -> packed[p][t*n + j], and back for C: a transpose of (batches, rows, n) blocks
        swapLeadingAxes(bd, packed, batches, k, n);
        Object cw = product(ad, ta, packed, false, m, k, wide, dtype);
        Object c = Convert.allocate(dtype, batches * m * n);
        swapLeadingAxes(cw, c, m, batches, n);
        return c;
    }

    /** {@code dst[j][i][*] = src[i][j][*]} for {@code src} of shape {@code (rows, cols, n)}, row-major. */
    private static void swapLeadingAxes(Object src, Object dst, int rows, int cols, int n) {
        if (n >= 8) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    System.arraycopy(src, (i * cols + j) * n, dst, (j * rows + i) * n, n);
                }
            }
        } else if (src instanceof float[]) {
            float[] s = (float[]) src, d = (float[]) dst;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    for (int e = 0; e < n; e++) {
                        d[(j * rows + i) * n + e] = s[(i * cols + j) * n + e];
                    }
                }
            }
        } else {
            double[] s = (double[]) src, d = (double[]) dst;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    for (int e = 0; e < n; e++) {
                        d[(j * rows + i) * n + e] = s[(i * cols + j) * n + e];
                    }
                }
            }
        }
    }

    /**
     * float32 products in Java: the Vector API kernel of {@link Vectorization#provider()} when it takes them
     * (enough multiply-adds, and 16 columns or else 16 rows and at most 256 deep), else {@link BlockedGemm}.
     */
    private static void javaGemm(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c,
                                 int batches, BlockedGemm.Batch at) {
        KernelProvider v = Vectorization.provider();
        if (v.vectorized() && v.sgemm(ta, tb, m, n, k, a, at.offset(0, 0), b, at.offset(0, 1), c, at.offset(0, 2))) {
            for (int t = 1; t < batches; t++) {
                v.sgemm(ta, tb, m, n, k, a, at.offset(t, 0), b, at.offset(t, 1), c, at.offset(t, 2));
            }
            return;
        }
        BlockedGemm.gemm(a, ta, b, tb, c, m, k, n, batches, at);
    }

    /** As the float32 {@code javaGemm}, in float64. */
    private static void javaGemm(boolean ta, boolean tb, int m, int n, int k, double[] a, double[] b, double[] c,
                                 int batches, BlockedGemm.Batch at) {
        KernelProvider v = Vectorization.provider();
        if (v.vectorized() && v.dgemm(ta, tb, m, n, k, a, at.offset(0, 0), b, at.offset(0, 1), c, at.offset(0, 2))) {
            for (int t = 1; t < batches; t++) {
                v.dgemm(ta, tb, m, n, k, a, at.offset(t, 0), b, at.offset(t, 1), c, at.offset(t, 2));
            }
            return;
        }
        BlockedGemm.gemm(a, ta, b, tb, c, m, k, n, batches, at);
    }

    /**
     * {@code x @ w + b} for {@code x} of {@code m x k}, {@code w} of {@code k x n}, {@code b} of {@code n}, and
     * relu of it if asked: the product into its new array, then the bias added to each row and the relu applied,
     * in place, while the array is in the cache. The same roundings per element as {@code add(matmul(x, w), b)},
     * and relu's own max ({@link KernelProvider#relu32}), so the same bits as the composed ops. Measured
     * 2026-12-03 (one thread, the MNIST MLP's 128x128 layer): a scalar {@code Math.max(v, 0)} pass cost 18 us, as
     * much as the separate relu op; a branch {@code v > 0 ? v : ...} on signs at random made the whole step 13%
     * slower. float32 runs both in one vector pass ({@link KernelProvider#biasRelu32}): the scalar bias loop (C2
     * did not vectorize it) and the relu pass after it were 1.6% and 0.4% of the MNIST MLP step's JFR samples
     * (one thread, 2026-12-05), the one pass 0.6%; the step's main-thread CPU 1,323 -> 1,293 us
     * ({@code MlpBench}'s step, one JVM alternating 12 blocks of 200 steps with the two passes and the one after
     * 4,000 steps of warm-up; faster in 12 of 12 pairs; with {@code minimize} 1,200 -> 1,180, 10 of 12).
     */
    public static Object linear(boolean relu, Tensor x, Tensor w, Tensor b, ShapeRules.Out out) {
        Object c = matmul(Params.Matmul.PLAIN, x, w, out); // always a new array, so writing it is safe
        int n = out.shape().dim(1);
        if (n == 0) {
            return c;
        }
        if (c instanceof float[] cf) {
            Vectorization.provider().biasRelu32(cf, (float[]) TensorAccess.data(b), n, 0, cf.length / n, relu);
        } else {
            double[] cd = (double[]) c;
            double[] bd = (double[]) TensorAccess.data(b);
            for (int row = 0; row < cd.length; row += n) {
                for (int j = 0; j < n; j++) {
                    cd[row + j] += bd[j];
                }
            }
            if (relu) {
                Vectorization.provider().relu64(cd, cd, 0, cd.length);
            }
        }
        return c;
    }

    /** The batched product; see {@link ShapeRules} for the shapes. */
    public static Object matmul(Params.Matmul flags, Tensor a, Tensor b, ShapeRules.Out out) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        Shape so = out.shape();
        int r = so.rank();
        int m = so.dim(r - 2);
        int n = so.dim(r - 1);
        boolean ta = flags.transposeA();
        boolean tb = flags.transposeB();
        int k = ta ? sa.dim(-2) : sa.dim(-1);
        if (so.size() == 0 || k == 0) {
            return Convert.allocate(out.dtype(), so.size()); // an empty product, or a sum of no terms: zeros
        }
        Object ad = TensorAccess.data(a);
        Object bd = TensorAccess.data(b);
        if (r > 2 && sb.rank() == 2 && !ta && sa.rank() == r && ShapeRules.batchShape(sa).equals(ShapeRules.batchShape(so))) {
            // a stack of A's times one B is one product of the stacked rows: (batch*m, k) @ op(B)
            return product(ad, false, bd, tb, so.size() / (m * n) * m, k, n, out.dtype());
        }
        if (r > 2 && sa.rank() == 2 && !tb && sb.rank() == r && (long) m * n * k < SMALL_MACS
                && ShapeRules.batchShape(sb).equals(ShapeRules.batchShape(so))) {
            return sharedLeft(ad, ta, bd, m, k, n, so.size() / (m * n), out.dtype());
        }
        Object c = output(out.dtype(), so.size());
        int batches;
        BlockedGemm.Batch at;
        if (r == 2) {
            batches = 1;
            at = (t, which) -> 0;
        } else {
            Shape batch = ShapeRules.batchShape(so);
            batches = batch.size();
            int[] ia = sa.rank() == 2 ? null : Broadcast.indexMap(ShapeRules.batchShape(sa), batch);
            int[] ib = sb.rank() == 2 ? null : Broadcast.indexMap(ShapeRules.batchShape(sb), batch);
            int sizeA = m * k, sizeB = k * n, sizeC = m * n;
            at = (t, which) -> which == 0 ? (ia == null ? 0 : ia[t] * sizeA)
                    : which == 1 ? (ib == null ? 0 : ib[t] * sizeB) : t * sizeC;
        }
        if (a.dtype() == DType.FLOAT32) {
            float[] af = (float[]) ad, bf = (float[]) bd, cf = (float[]) c;
            GemmProvider g = nativeGemm;
            if (g != null && (long) m * n * k >= g.minMacs()) {
                boolean all = true;
                for (int t = 0; t < batches && all; t++) {
                    all = g.sgemm(ta, tb, m, n, k, af, at.offset(t, 0), bf, at.offset(t, 1), cf, at.offset(t, 2));
                }
                if (all) {
                    return c;
                }
            }
            javaGemm(ta, tb, m, n, k, af, bf, cf, batches, at);
        } else {
            double[] af = (double[]) ad, bf = (double[]) bd, cf = (double[]) c;
            GemmProvider g = nativeGemm;
            if (g != null && (long) m * n * k >= g.minMacs()) {
                boolean all = true;
                for (int t = 0; t < batches && all; t++) {
                    all = g.dgemm(ta, tb, m, n, k, af, at.offset(t, 0), bf, at.offset(t, 1), cf, at.offset(t, 2));
                }
                if (all) {
                    return c;
                }
            }
            javaGemm(ta, tb, m, n, k, af, bf, cf, batches, at);
        }
        return c;
    }
}
