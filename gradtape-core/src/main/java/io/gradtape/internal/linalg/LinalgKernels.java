package io.gradtape.internal.linalg;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.ShapeRules;

/**
 * The kernels of the linear-algebra primitives: each runs a {@link Dense} algorithm on every matrix of a batch
 * (the leading dimensions; two-operand ops broadcast them as {@code matmul} does), in parallel over the batch when
 * it has several matrices. Inputs are read as double and outputs rounded once to the output dtype: float32 is
 * computed in double precision internally. Shapes have been checked by {@link LinalgShapes}.
 *
 * <p>The decompositions with several results (qr, eigh, svd) return them packed into one tensor, since a primitive
 * has exactly one output; {@code io.gradtape.Linalg} slices the parts out (the slices are recorded, so the
 * gradients of the parts arrive packed the same way). The layouts are given with each kernel.
 */
public final class LinalgKernels {
    private LinalgKernels() {
    }

    private static double[] doubles(Tensor t) {
        return (double[]) Convert.array(TensorAccess.data(t), DType.FLOAT64);
    }

    private static Object out(double[] d, DType dtype) {
        return dtype == DType.FLOAT64 ? d : Convert.array(d, dtype);
    }

    /** The number of matrices in a tensor of rank >= 2. */
    private static int batch(Shape s) {
        int b = 1;
        for (int i = 0; i < s.rank() - 2; i++) {
            b *= s.dim(i);
        }
        return b;
    }

    /** For each matrix of the broadcast batch {@code out}, the index of the matrix of {@code in} it reads. */
    private static int[] batchMap(Shape in, Shape out) {
        int ob = out.rank() - 2;
        int ib = in.rank() - 2;
        int count = batch(out);
        int[] map = new int[count];
        for (int q = 0; q < count; q++) {
            int rest = q;
            int idx = 0;
            int stride = 1;
            for (int d = ob - 1; d >= 0; d--) {
                int od = out.dim(d);
                int coord = rest % od;
                rest /= od;
                int id = d - (ob - ib);
                if (id >= 0) {
                    int size = in.dim(id);
                    idx += (size == 1 ? 0 : coord) * stride;
                    stride *= size;
                }
            }
            map[q] = idx;
        }
        return map;
    }

    /** The Cholesky factor of every matrix; an IllegalArgumentException names the first that is not positive definite. */
    public static Object cholesky(Tensor a, ShapeRules.Out out) {
        int n = a.shape().dim(-1);
        int count = batch(a.shape());
        double[] x = doubles(a);
        int[] failed = new int[count];
        Parallel.forEach(count, b -> {
            double[] m = new double[n * n];
            System.arraycopy(x, b * n * n, m, 0, n * n);
            failed[b] = Dense.cholesky(m, n);
            System.arraycopy(m, 0, x, b * n * n, n * n);
        });
        for (int b = 0; b < count; b++) {
            if (failed[b] >= 0) {
                throw new IllegalArgumentException("cholesky: the input matrix is not positive definite (the pivot of column "
                        + failed[b] + (count > 1 ? " of matrix " + b + " of the batch" : "") + " is not positive) in "
                        + a.dtype() + " " + a.shape() + "; only the lower triangle is read");
            }
        }
        return out(x, out.dtype());
    }

    /** {@code op(T) X = B} for every pair of the broadcast batch. */
    public static Object triangularSolve(Params.TriangularSolve p, Tensor t, Tensor b, ShapeRules.Out out) {
        int n = t.shape().dim(-1);
        int k = b.shape().dim(-1);
        Shape os = out.shape();
        int count = batch(os);
        int[] tm = batchMap(t.shape(), os);
        int[] bm = batchMap(b.shape(), os);
        double[] tv = doubles(t);
        double[] bv = doubles(b);
        double[] x = new double[count * n * k];
        Parallel.forEach(count, q -> {
            double[] tq = new double[n * n];
            System.arraycopy(tv, tm[q] * n * n, tq, 0, n * n);
            double[] rhs = new double[n * k];
            System.arraycopy(bv, bm[q] * n * k, rhs, 0, n * k);
            Dense.triangularSolve(tq, rhs, n, k, p.lower(), p.adjoint());
            System.arraycopy(rhs, 0, x, q * n * k, n * k);
        });
        return out(x, out.dtype());
    }

    /** {@code op(A) X = B} by LU with partial pivoting; a singular A is an IllegalArgumentException, as TensorFlow. */
    public static Object solve(Params.Adjoint p, Tensor a, Tensor b, ShapeRules.Out out) {
        int n = a.shape().dim(-1);
        int k = b.shape().dim(-1);
        Shape os = out.shape();
        int count = batch(os);
        int[] am = batchMap(a.shape(), os);
        int[] bm = batchMap(b.shape(), os);
        double[] av = doubles(a);
        double[] bv = doubles(b);
        double[] x = new double[count * n * k];
        boolean[] singular = new boolean[count];
        Parallel.forEach(count, q -> {
            double[] lu = new double[n * n];
            System.arraycopy(av, am[q] * n * n, lu, 0, n * n);
            int[] perm = new int[n];
            if (Dense.lu(lu, n, perm) == 0) {
                singular[q] = true;
                return;
            }
            double[] rhs = new double[n * k];
            System.arraycopy(bv, bm[q] * n * k, rhs, 0, n * k);
            Dense.luSolve(lu, perm, rhs, n, k, p.adjoint());
            System.arraycopy(rhs, 0, x, q * n * k, n * k);
        });
        for (int q = 0; q < count; q++) {
            if (singular[q]) {
                throw new IllegalArgumentException("solve: the input matrix is not invertible (LU found an exactly zero pivot"
                        + (count > 1 ? " in matrix " + am[q] + " of the batch" : "") + ") in " + a.dtype() + " " + a.shape());
            }
        }
        return out(x, out.dtype());
    }

    /** {@code log|det A|} of every matrix; {@code -inf} for a singular one. */
    public static Object logAbsDet(Tensor a, ShapeRules.Out out) {
        return slogdet(a, false, out.dtype());
    }

    /** The sign (+1, -1, or 0 for a singular matrix) of every determinant, of {@code dtype}; not differentiable. */
    public static Object detSign(Tensor a, DType dtype) {
        return slogdet(a, true, dtype);
    }

    private static Object slogdet(Tensor a, boolean sign, DType dtype) {
        int n = a.shape().dim(-1);
        int count = batch(a.shape());
        double[] av = doubles(a);
        double[] r = new double[count];
        Parallel.forEach(count, q -> {
            double[] lu = new double[n * n];
            System.arraycopy(av, q * n * n, lu, 0, n * n);
            int s = Dense.lu(lu, n, new int[n]);
            double logAbs = 0;
            for (int i = 0; i < n; i++) {
                double d = lu[i * n + i];
                logAbs += Math.log(Math.abs(d));
                if (d < 0) {
                    s = -s;
                }
            }
            if (s == 0) {
                logAbs = Double.NEGATIVE_INFINITY;
            }
            r[q] = sign ? (Double.isNaN(logAbs) ? Double.NaN : s) : logAbs;
        });
        return out(r, dtype);
    }

    /**
     * Reduced QR of every {@code m x n} matrix, packed as {@code (m + n) x k}, {@code k = min(m, n)}: rows
     * {@code 0 .. m-1} are Q, rows {@code m .. m+n-1} are {@code R^T}.
     */
    public static Object qr(Tensor a, ShapeRules.Out out) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        int k = Math.min(m, n);
        int count = batch(a.shape());
        double[] av = doubles(a);
        double[] packed = new double[count * (m + n) * k];
        Parallel.forEach(count, b -> {
            double[] mat = new double[m * n];
            System.arraycopy(av, b * m * n, mat, 0, m * n);
            double[] q = new double[m * k];
            double[] r = new double[k * n];
            Dense.qr(mat, m, n, q, r);
            int base = b * (m + n) * k;
            System.arraycopy(q, 0, packed, base, m * k);
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < n; c++) {
                    packed[base + (m + c) * k + i] = r[i * n + c];
                }
            }
        });
        return out(packed, out.dtype());
    }

    /** Eigendecomposition of every symmetric {@code n x n} matrix, packed as {@code (n + 1) x n}: row 0 the eigenvalues (ascending), rows 1.. the eigenvectors as columns. */
    public static Object eigh(Tensor a, ShapeRules.Out out) {
        int n = a.shape().dim(-1);
        int count = batch(a.shape());
        double[] av = doubles(a);
        double[] packed = new double[count * (n + 1) * n];
        Parallel.forEach(count, b -> {
            double[] mat = new double[n * n];
            System.arraycopy(av, b * n * n, mat, 0, n * n);
            double[] w = new double[n];
            double[] v = new double[n * n];
            Dense.eigh(mat, n, w, v);
            int base = b * (n + 1) * n;
            System.arraycopy(w, 0, packed, base, n);
            System.arraycopy(v, 0, packed, base + n, n * n);
        });
        return out(packed, out.dtype());
    }

    /** Reduced SVD of every {@code m x n} matrix, packed as {@code (1 + m + n) x k}: row 0 s (descending), rows 1..m U, rows m+1..m+n V. */
    public static Object svd(Tensor a, ShapeRules.Out out) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        int k = Math.min(m, n);
        int count = batch(a.shape());
        double[] av = doubles(a);
        double[] packed = new double[count * (1 + m + n) * k];
        Parallel.forEach(count, b -> {
            double[] mat = new double[m * n];
            System.arraycopy(av, b * m * n, mat, 0, m * n);
            double[] s = new double[k];
            double[] u = new double[m * k];
            double[] v = new double[n * k];
            Dense.svd(mat, m, n, s, u, v);
            int base = b * (1 + m + n) * k;
            System.arraycopy(s, 0, packed, base, k);
            System.arraycopy(u, 0, packed, base + k, m * k);
            System.arraycopy(v, 0, packed, base + k + m * k, n * k);
        });
        return out(packed, out.dtype());
    }
}
