package io.gradtape.internal.kernels;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.ShapeRules;

/**
 * Kernels that rearrange values without arithmetic: transpose, broadcastTo, concat, slice and pad. Each is an
 * offset map from output to input (or the reverse, for pad) followed by a gather; concat copies contiguous
 * blocks with {@link System#arraycopy}, and broadcastTo copies directly when it repeats the whole array or each
 * element in place.
 */
public final class MovementKernels {
    private MovementKernels() {
    }

    /** Output axis {@code i} is input axis {@code perm[i]}. */
    public static Object transpose(Tensor x, int[] perm) {
        Shape s = x.shape();
        int r = s.rank();
        int[] inStrides = rowMajorStrides(s.dims());
        int[] outDims = new int[r];
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            outDims[i] = s.dim(perm[i]);
            st[i] = inStrides[perm[i]];
        }
        return gather(TensorAccess.data(x), Broadcast.walk(st, outDims, s.size()), x.dtype());
    }

    /** Repeats {@code x} along its size-1 and missing axes to fill {@code out}. */
    public static Object broadcastTo(Tensor x, Shape out) {
        Object src = TensorAccess.data(x);
        int xs = x.size();
        int n = out.size();
        if (xs > 0 && n > 0 && repeatsWhole(x.shape(), out)) {
            // out is copies of x's whole array, end to end (a scalar filled in, a bias row repeated): copied in
            // doubling blocks, no index map (a mean's gradient, () -> (32, 1): about 250 ns through the map)
            Object dst = Convert.allocate(x.dtype(), n);
            System.arraycopy(src, 0, dst, 0, xs);
            for (int filled = xs; filled < n; filled *= 2) {
                System.arraycopy(dst, 0, dst, filled, Math.min(filled, n - filled));
            }
            return dst;
        }
        int each = xs > 0 ? repeatsEach(x.shape(), out) : 0;
        if (each > 0) {
            return repeatEach(src, xs, each, x.dtype());
        }
        return gather(src, Broadcast.indexMap(x.shape(), out), x.dtype());
    }

    /**
     * How many times each element of {@code s} repeats, in place, to fill {@code out}, or 0 when broadcasting
     * does more than that: {@code s} (its rank aligned to {@code out}'s on the right) equals {@code out} up to
     * some axis and is 1 after it, so {@code out}'s row-major values are each of {@code s}'s values repeated
     * the size of those trailing axes (a reduced axis put back, {@code (32, 1) -> (32, 10)}).
     */
    private static int repeatsEach(Shape s, Shape out) {
        int r = s.rank();
        int lead = out.rank() - r;
        int last = r - 1;
        while (last >= 0 && s.dim(last) == 1) {
            last--;
        }
        int times = 1;
        for (int d = last + 1; d < r; d++) {
            times *= out.dim(lead + d);
        }
        for (int d = 0; d < lead; d++) {
            if (out.dim(d) != 1) {
                return 0;
            }
        }
        for (int d = 0; d <= last; d++) {
            if (s.dim(d) != out.dim(lead + d)) {
                return 0;
            }
        }
        return times;
    }

    /**
     * Each of the first {@code xs} values of {@code src} {@code times} times in a row. The gradient of a sum
     * over trailing axes takes this path: the MNIST MLP's loss repeats 128 row sums 10 times each, which went
     * through {@link Broadcast#indexMap} and {@link #gather} (an index per element; in a JVM that had not run
     * them, C2 compiled both, with their loops' OSR versions, in the MLP's first 100 steps: 20-27 ms of its one
     * compiler thread on 2 CPUs, WarmCold mixed 2, -XX:+LogCompilation, 2026-12-05).
     */
    private static Object repeatEach(Object src, int xs, int times, io.gradtape.DType dtype) {
        Object dst = Convert.allocate(dtype, xs * times);
        if (src instanceof float[] f) {
            float[] d = (float[]) dst;
            for (int i = 0, at = 0; i < xs; i++, at += times) {
                java.util.Arrays.fill(d, at, at + times, f[i]);
            }
        } else if (src instanceof double[] f) {
            double[] d = (double[]) dst;
            for (int i = 0, at = 0; i < xs; i++, at += times) {
                java.util.Arrays.fill(d, at, at + times, f[i]);
            }
        } else {
            for (int i = 0, at = 0; i < xs; i++) {
                for (int t = 0; t < times; t++, at++) {
                    Convert.copy(src, i, dst, at);
                }
            }
        }
        return dst;
    }

    /**
     * Whether broadcasting {@code s} to {@code out} only repeats it along leading axes: from {@code s}'s first
     * axis that is not 1 on, its dimensions are {@code out}'s trailing ones (then {@code out}'s row-major values
     * are {@code s}'s array again and again).
     */
    private static boolean repeatsWhole(Shape s, Shape out) {
        int r = s.rank();
        int lead = out.rank() - r;
        int first = 0;
        while (first < r && s.dim(first) == 1) {
            first++;
        }
        for (int d = first; d < r; d++) {
            if (s.dim(d) != out.dim(lead + d)) {
                return false;
            }
        }
        return true;
    }

    /** The region of {@code x} starting at {@code begin} with the output's shape. */
    public static Object slice(Tensor x, int[] begin, Shape out) {
        int[] inStrides = rowMajorStrides(x.shape().dims());
        int base = 0;
        for (int d = 0; d < begin.length; d++) {
            base += begin[d] * inStrides[d];
        }
        int[] map = Broadcast.walk(inStrides, out.dims(), out.size());
        for (int i = 0; i < map.length; i++) {
            map[i] += base;
        }
        return gather(TensorAccess.data(x), map, x.dtype());
    }

    /** {@code x} placed at offset {@code before} inside zeros of the output's shape. */
    public static Object pad(Tensor x, int[] before, Shape out) {
        int[] outStrides = rowMajorStrides(out.dims());
        int base = 0;
        for (int d = 0; d < before.length; d++) {
            base += before[d] * outStrides[d];
        }
        int[] map = Broadcast.walk(outStrides, x.shape().dims(), x.size());
        Object src = TensorAccess.data(x);
        Object dst = Convert.allocate(x.dtype(), out.size());
        for (int i = 0; i < map.length; i++) {
            Convert.copy(src, i, dst, map[i] + base);
        }
        return dst;
    }

    /** The inputs joined along {@code axis}: for each outer index, each input's contiguous block in turn. */
    public static Object concat(Tensor[] in, int axis, ShapeRules.Out out) {
        Shape s = out.shape();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= s.dim(d);
        }
        int inner = 1;
        for (int d = axis + 1; d < s.rank(); d++) {
            inner *= s.dim(d);
        }
        Object dst = Convert.allocate(out.dtype(), s.size());
        int rowOut = s.dim(axis) * inner;
        int at = 0;
        for (Tensor t : in) {
            int block = t.shape().dim(axis) * inner;
            Object src = TensorAccess.data(t);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * block, dst, o * rowOut + at, block);
            }
            at += block;
        }
        return dst;
    }

    /** Row-major strides of a shape. */
    public static int[] rowMajorStrides(int[] dims) {
        int[] st = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= dims[i];
        }
        return st;
    }

    static Object gather(Object src, int[] map, io.gradtape.DType dtype) {
        int n = map.length;
        Object dst = Convert.allocate(dtype, n);
        if (src instanceof float[]) {
            float[] s = (float[]) src, d = (float[]) dst;
            for (int i = 0; i < n; i++) d[i] = s[map[i]];
        } else if (src instanceof double[]) {
            double[] s = (double[]) src, d = (double[]) dst;
            for (int i = 0; i < n; i++) d[i] = s[map[i]];
        } else {
            for (int i = 0; i < n; i++) Convert.copy(src, map[i], dst, i);
        }
        return dst;
    }

}
