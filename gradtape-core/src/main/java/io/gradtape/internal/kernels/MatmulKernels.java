package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.ShapeRules;

/**
 * Matrix products {@code C = op(A) @ op(B)}, where op transposes the last two axes when asked, over broadcast
 * batch dimensions. Each batch element is one {@code m x k} by {@code k x n} product computed by
 * {@link #gemm}. A transposed operand is first copied into row-major order, so the inner loop always walks a row
 * of B and a row of C with unit stride.
 */
public final class MatmulKernels {
    private MatmulKernels() {
    }

    /** The batched product; see {@link ShapeRules} for the shapes. */
    public static Object matmul(Params.Matmul flags, Tensor a, Tensor b, ShapeRules.Out out) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        Shape so = out.shape();
        int r = so.rank();
        int m = so.dim(r - 2);
        int n = so.dim(r - 1);
        int k = flags.transposeA() ? sa.dim(-2) : sa.dim(-1);
        if (so.size() == 0 || k == 0) {
            return Convert.allocate(out.dtype(), so.size()); // an empty product, or a sum of no terms: zeros
        }
        Shape batch = ShapeRules.batchShape(so);
        int[] ia = Broadcast.indexMap(ShapeRules.batchShape(sa), batch);
        int[] ib = Broadcast.indexMap(ShapeRules.batchShape(sb), batch);
        int batches = batch.size();
        boolean f32 = a.dtype() == DType.FLOAT32;
        Object ad = TensorAccess.data(a);
        Object bd = TensorAccess.data(b);
        if (flags.transposeA()) {
            ad = transposeLast2(ad, sa.size() / (k * m), k, m);
        }
        if (flags.transposeB()) {
            bd = transposeLast2(bd, sb.size() / (n * k), n, k);
        }
        Object c = Convert.allocate(out.dtype(), so.size());
        for (int t = 0; t < batches; t++) {
            if (f32) {
                gemm((float[]) ad, ia[t] * m * k, (float[]) bd, ib[t] * k * n, (float[]) c, t * m * n, m, k, n);
            } else {
                gemm((double[]) ad, ia[t] * m * k, (double[]) bd, ib[t] * k * n, (double[]) c, t * m * n, m, k, n);
            }
        }
        return c;
    }

    /** {@code count} row-major {@code rows x cols} matrices, each transposed to {@code cols x rows}. */
    static Object transposeLast2(Object data, int count, int rows, int cols) {
        if (data instanceof float[]) {
            float[] s = (float[]) data, d = new float[s.length];
            for (int t = 0; t < count; t++) {
                int off = t * rows * cols;
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        d[off + j * rows + i] = s[off + i * cols + j];
                    }
                }
            }
            return d;
        }
        double[] s = (double[]) data, d = new double[s.length];
        for (int t = 0; t < count; t++) {
            int off = t * rows * cols;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d[off + j * rows + i] = s[off + i * cols + j];
                }
            }
        }
        return d;
    }

    /** {@code C[m x n] += A[m x k] @ B[k x n]}, all row-major at the given offsets. */
    static void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * n;
            for (int p = 0; p < k; p++) {
                float aip = a[ao + i * k + p];
                int bp = bo + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** {@code C[m x n] += A[m x k] @ B[k x n]}, all row-major at the given offsets. */
    static void gemm(double[] a, int ao, double[] b, int bo, double[] c, int co, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * n;
            for (int p = 0; p < k; p++) {
                double aip = a[ao + i * k + p];
                int bp = bo + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }
}
