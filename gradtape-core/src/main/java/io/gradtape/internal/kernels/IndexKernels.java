package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Kernels that select by index along one axis: gather and its transpose (scatter-add), argmax/argmin, argsort.
 *
 * <p>All of them view a tensor as {@code [outer, n, inner]} around the axis: {@code outer} is the product of the
 * dimensions before it, {@code inner} of those after. Gather then copies, for every outer index and every index
 * {@code j}, the contiguous block of {@code inner} elements at row {@code indices[j]} ({@link System#arraycopy});
 * scatter-add adds each such block back into its row, so repeated indices add up. Index values are checked here
 * (they are data, not shapes): an index outside {@code [0, n)} is an {@link IllegalArgumentException}.
 */
public final class IndexKernels {
    private IndexKernels() {
    }

    /** The product of {@code dims[from..to)}. */
    static int prod(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** The index values as ints, each checked against {@code [0, n)}. */
    static int[] indices(String op, Tensor indices, int n, String what) {
        Object d = TensorAccess.data(indices);
        int[] r = new int[indices.size()];
        for (int i = 0; i < r.length; i++) {
            long v = Convert.toLong(d, i);
            if (v < 0 || v >= n) {
                throw new IllegalArgumentException(op + ": index " + v + " (at position " + i + " of indices with shape "
                        + indices.shape() + ") is out of range [0, " + n + ") " + what);
            }
            r[i] = (int) v;
        }
        return r;
    }

    /** {@code out[o, j, :] = params[o, indices[j], :]}. */
    public static Object gather(Tensor params, Tensor indices, int axis, Shape out) {
        int[] p = params.shape().dims();
        int outer = prod(p, 0, axis);
        int n = p[axis];
        int inner = prod(p, axis + 1, p.length);
        int[] idx = indices("gather", indices, n, "for axis " + axis + " of params with shape " + params.shape());
        Object src = TensorAccess.data(params);
        Object dst = Convert.allocate(params.dtype(), out.size());
        int k = idx.length;
        if (inner == 1 && src instanceof float[]) { // one element per index (e.g. im2col with one channel)
            float[] s = (float[]) src, t = (float[]) dst;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    t[o * k + j] = s[o * n + idx[j]];
                }
            }
        } else if (inner == 1 && src instanceof double[]) {
            double[] s = (double[]) src, t = (double[]) dst;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    t[o * k + j] = s[o * n + idx[j]];
                }
            }
        } else {
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    System.arraycopy(src, (o * n + idx[j]) * inner, dst, (o * k + j) * inner, inner);
                }
            }
        }
        return dst;
    }

    /** {@code out[o, ids[j], :] += updates[o, j, :]}, into zeros of the output's shape; floats add in double. */
    public static Object scatterAdd(Tensor updates, Tensor ids, int axis, int numSegments, Shape out) {
        int[] u = updates.shape().dims();
        int outer = prod(u, 0, axis);
        int inner = prod(u, axis + ids.rank(), u.length);
        int[] idx = indices("unsortedSegmentSum", ids, numSegments, "(numSegments " + numSegments + ", data shape "
                + updates.shape() + ")");
        int k = idx.length;
        Object src = TensorAccess.data(updates);
        DType dt = updates.dtype();
        if (dt.isFloating()) {
            double[] acc = new double[out.size()];
            double[] u64 = dt == DType.FLOAT64 ? (double[]) src : null;
            float[] u32 = dt == DType.FLOAT32 ? (float[]) src : null;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    int from = (o * k + j) * inner;
                    int to = (o * numSegments + idx[j]) * inner;
                    if (u64 != null) {
                        for (int i = 0; i < inner; i++) {
                            acc[to + i] += u64[from + i];
                        }
                    } else {
                        for (int i = 0; i < inner; i++) {
                            acc[to + i] += u32[from + i];
                        }
                    }
                }
            }
            return dt == DType.FLOAT64 ? acc : Convert.array(acc, DType.FLOAT32);
        }
        long[] acc = new long[out.size()];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                int from = (o * k + j) * inner;
                int to = (o * numSegments + idx[j]) * inner;
                for (int i = 0; i < inner; i++) {
                    acc[to + i] += Convert.toLong(src, from + i);
                }
            }
        }
        return dt == DType.INT64 ? acc : Convert.array(acc, DType.INT32);
    }

    /**
     * The index of the largest ({@code max}) or smallest element along {@code axis}, as longs, as TensorFlow's CPU
     * ArgMax/ArgMin kernels compute it (argmax_op.h: Eigen's {@code argmax}/{@code argmin} with
     * {@code ArgMaxPairReducer}/{@code ArgMinPairReducer}): the accumulator starts at index 0 with the dtype's
     * lowest (argmin: highest) finite value, and an element replaces it only when strictly greater (smaller), so a
     * tie goes to the first index and a NaN is never chosen (every comparison with it is false). For floats this
     * also means that when no element is strictly beyond that start (all NaN, or only -inf and -MAX_VALUE for
     * argmax) the answer is 0. For integers it is exactly the first extreme.
     */
    public static Object argExtreme(Tensor x, int axis, boolean max) {
        return argExtreme(x, axis, max, false);
    }

    /**
     * {@link #argExtreme(Tensor, int, boolean)}, or with {@code nanWins} NumPy's rule instead: the first NaN is
     * the extreme, otherwise the first extreme (maxPool2d keeps it, so that a NaN in a window propagates).
     */
    public static Object argExtreme(Tensor x, int axis, boolean max, boolean nanWins) {
        int[] d = x.shape().dims();
        int outer = prod(d, 0, axis);
        int n = d[axis];
        int inner = prod(d, axis + 1, d.length);
        Object data = TensorAccess.data(x);
        boolean integer = x.dtype().isInteger();
        double start = x.dtype() == DType.FLOAT32 ? (max ? -Float.MAX_VALUE : Float.MAX_VALUE)
                : (max ? -Double.MAX_VALUE : Double.MAX_VALUE);
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                int best = 0;
                if (integer) {
                    long bv = Convert.toLong(data, base);
                    for (int t = 1; t < n; t++) {
                        long v = Convert.toLong(data, base + t * inner);
                        if (max ? v > bv : v < bv) {
                            bv = v;
                            best = t;
                        }
                    }
                } else if (nanWins) {
                    double bv = Convert.toDouble(data, base);
                    for (int t = 1; t < n && bv == bv; t++) {
                        double v = Convert.toDouble(data, base + t * inner);
                        if (v != v || (max ? v > bv : v < bv)) {
                            bv = v;
                            best = t;
                        }
                    }
                } else {
                    double bv = start; // float32 values widen exactly, so comparing in double is comparing in float
                    for (int t = 0; t < n; t++) {
                        double v = Convert.toDouble(data, base + t * inner);
                        if (max ? v > bv : v < bv) {
                            bv = v;
                            best = t;
                        }
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return out;
    }

    /**
     * For every lane along {@code axis}, the permutation that sorts it: a stable sort, so equal elements keep
     * their order whichever the direction. NaN sorts above +inf; -0.0 equals 0.0.
     */
    public static Object argsort(Tensor x, int axis, boolean descending) {
        int[] d = x.shape().dims();
        int outer = prod(d, 0, axis);
        int n = d[axis];
        int inner = prod(d, axis + 1, d.length);
        Object data = TensorAccess.data(x);
        boolean integer = x.dtype().isInteger();
        int[] out = new int[x.size()];
        Integer[] perm = new Integer[n];
        double[] key = new double[n];
        long[] lkey = new long[n];
        Comparator<Integer> cmp = integer ? (a, b) -> Long.compare(lkey[a], lkey[b]) : (a, b) -> compare(key[a], key[b]);
        if (descending) {
            Comparator<Integer> asc = cmp;
            cmp = (a, b) -> asc.compare(b, a);
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                for (int t = 0; t < n; t++) {
                    perm[t] = t;
                    if (integer) {
                        lkey[t] = Convert.toLong(data, base + t * inner);
                    } else {
                        key[t] = Convert.toDouble(data, base + t * inner);
                    }
                }
                Arrays.sort(perm, cmp); // TimSort: stable
                for (int t = 0; t < n; t++) {
                    out[base + t * inner] = perm[t];
                }
            }
        }
        return out;
    }

    /** Ascending order of doubles with NaN last and -0.0 equal to 0.0. */
    private static int compare(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        boolean na = a != a;
        boolean nb = b != b;
        return na == nb ? 0 : na ? 1 : -1;
    }
}
