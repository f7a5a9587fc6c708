package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Primitive;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

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
        try {
            return (Object) PATHS[FLOATING_SUM[p.ordinal()] & FLOATING[dt.ordinal()]]
                    .invokeExact(p, s, reduced, data, dt, n, outSize);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** {@link #reduce} over some axes: a floating sum, by {@link FastLoops#sum} when it takes the pattern. */
    private static Object summed(Primitive p, Shape s, boolean[] reduced, Object data, DType dt, int n, int outSize) {
        Object fast = FastLoops.sum(data, s, reduced);
        return fast != null ? fast : folded(p, s, reduced, data, dt, n, outSize);
    }

    /**
     * {@link #reduce}'s two paths over some axes ({@code [0]} {@link #folded}, {@code [1]} {@link #summed}, picked
     * by {@link #FLOATING_SUM} and {@link #FLOATING} without a branch) as handles read from an array, so that C2
     * neither treats them as constants nor inlines them into reduce: a reduction a JVM meets late compiles its own
     * code and throws away none of reduce's. Before, reduce tested {@code p == REDUCE_SUM && dt.isFloating()}: in
     * WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:26-13:30 UTC, load 2-4, 2 runs), after other work whose
     * reductions over some axes were all float sums, the MNIST MLP's first max along an axis (its log-softmax)
     * trapped at reduce@129 and C2 compiled reduce again (4.1-5.5 KB, and its OSR) during the MLP's first steps.
     */
    private static final MethodHandle[] PATHS = {path("folded"), path("summed")};
    /** 1 for REDUCE_SUM, else 0, by ordinal. */
    private static final int[] FLOATING_SUM = new int[Primitive.values().length];
    /** 1 for a floating dtype, else 0, by ordinal. */
    private static final int[] FLOATING = new int[DType.values().length];

    static {
        FLOATING_SUM[Primitive.REDUCE_SUM.ordinal()] = 1;
        for (DType d : DType.values()) {
            FLOATING[d.ordinal()] = d.isFloating() ? 1 : 0;
        }
    }

    private static MethodHandle path(String name) {
        return KernelHandles.find(MethodHandles.lookup(), ReduceKernels.class, name, MethodType.methodType(Object.class,
                Primitive.class, Shape.class, boolean[].class, Object.class, DType.class, int.class, int.class));
    }

    /** {@link #reduce} over some axes, each element folded into its output element through the index map. */
    private static Object folded(Primitive p, Shape s, boolean[] reduced, Object data, DType dt, int n, int outSize) {
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
