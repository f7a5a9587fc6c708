package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Primitive;

/**
 * Sum, max and min over a set of axes. Each input element is folded into the output element whose index is its
 * own with the reduced axes dropped ({@link Broadcast#reduceMap}). float32 sums accumulate in double and round
 * once; max and min propagate NaN; an empty reduction gives 0 for sum and -inf/+inf (the lowest/highest
 * integer) for max/min, as TensorFlow.
 */
public final class ReduceKernels {
    private ReduceKernels() {
    }

    /** The reduction of {@code x} over the normalized {@code axes} (keepDims does not change the values). */
    public static Object reduce(Primitive p, Tensor x, int[] axes) {
        Shape s = x.shape();
        boolean[] reduced = new boolean[s.rank()];
        int outSize = 1;
        for (int a : axes) {
            reduced[a] = true;
        }
        for (int d = 0; d < s.rank(); d++) {
            if (!reduced[d]) {
                outSize *= s.dim(d);
            }
        }
        Object data = TensorAccess.data(x);
        DType dt = x.dtype();
        int n = s.size();
        if (outSize == 1) {
            return all(p, dt, data, n);
        }
        if (p == Primitive.REDUCE_SUM && dt.isFloating()) {
            Object fast = FastLoops.sum(data, s, reduced);
            if (fast != null) {
                return fast;
            }
        }
        int[] map = Broadcast.reduceMap(s, reduced);
        if (dt.isFloating()) {
            double[] acc = new double[outSize];
            if (p != Primitive.REDUCE_SUM) {
                java.util.Arrays.fill(acc, start(p));
            }
            for (int i = 0; i < n; i++) {
                double v = Convert.toDouble(data, i);
                int o = map[i];
                acc[o] = fold(p, acc[o], v);
            }
            return dt == DType.FLOAT64 ? acc : Convert.array(acc, DType.FLOAT32);
        }
        long[] acc = new long[outSize];
        if (p != Primitive.REDUCE_SUM) {
            java.util.Arrays.fill(acc, identity(p, dt));
        }
        for (int i = 0; i < n; i++) {
            long v = Convert.toLong(data, i);
            int o = map[i];
            acc[o] = foldLong(p, acc[o], v);
        }
        return dt == DType.INT64 ? acc : Convert.array(acc, DType.INT32);
    }

    /**
     * The start value of an integer max (min): the lowest (highest) value of the dtype itself, so that an empty
     * int32 reduction gives Integer.MIN_VALUE as TensorFlow, not Long.MIN_VALUE truncated to 0.
     */
    private static long identity(Primitive p, DType dt) {
        boolean i32 = dt == DType.INT32;
        return switch (p) {
            case REDUCE_MAX -> i32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            case REDUCE_MIN -> i32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            default -> throw ElementwiseKernels.noKernel("ReduceKernels", p);
        };
    }

    /** The floating start value: 0 for a sum, -inf for a max, +inf for a min. */
    private static double start(Primitive p) {
        return switch (p) {
            case REDUCE_SUM -> 0;
            case REDUCE_MAX -> Double.NEGATIVE_INFINITY;
            case REDUCE_MIN -> Double.POSITIVE_INFINITY;
            default -> throw ElementwiseKernels.noKernel("ReduceKernels", p);
        };
    }

    private static long foldLong(Primitive p, long acc, long v) {
        return switch (p) {
            case REDUCE_SUM -> acc + v;
            case REDUCE_MAX -> Math.max(acc, v);
            case REDUCE_MIN -> Math.min(acc, v);
            default -> throw ElementwiseKernels.noKernel("ReduceKernels", p);
        };
    }

    private static double fold(Primitive p, double acc, double v) {
        return switch (p) {
            case REDUCE_SUM -> acc + v;
            case REDUCE_MAX -> v > acc || v != v ? v : acc;
            case REDUCE_MIN -> v < acc || v != v ? v : acc;
            default -> throw ElementwiseKernels.noKernel("ReduceKernels", p);
        };
    }

    private static Object all(Primitive p, DType dt, Object data, int n) {
        if (dt.isFloating()) {
            double acc = start(p);
            KernelProvider k = Vectorization.provider(); // scalar or Vector API loops
            if (p == Primitive.REDUCE_SUM && data instanceof float[]) {
                acc = k.sum32((float[]) data, 0, n);
            } else if (p == Primitive.REDUCE_SUM) {
                acc = k.sum64((double[]) data, 0, n);
            } else if (p == Primitive.REDUCE_MAX && data instanceof float[]) {
                acc = k.max32((float[]) data, 0, n);
            } else if (p == Primitive.REDUCE_MAX && data instanceof double[]) {
                acc = k.max64((double[]) data, 0, n);
            } else {
                for (int i = 0; i < n; i++) acc = fold(p, acc, Convert.toDouble(data, i));
            }
            return dt == DType.FLOAT64 ? new double[] {acc} : new float[] {(float) acc};
        }
        long acc = p == Primitive.REDUCE_SUM ? 0 : identity(p, dt);
        for (int i = 0; i < n; i++) {
            long v = Convert.toLong(data, i);
            acc = foldLong(p, acc, v);
        }
        return dt == DType.INT64 ? new long[] {acc} : new int[] {(int) acc};
    }
}
