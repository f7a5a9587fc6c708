package io.gradtape.ops;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The reference side of the op table: a plain row-major array of doubles with a shape, and the reference
 * implementations of the non-elementwise ops as naive loops over it. Nothing here touches gradtape, so a bug in
 * the library cannot hide in its own reference. Written for clarity, not speed (inputs are tiny).
 */
public final class NdArray {
    private final int[] shape;
    private final double[] data;

    /** An array over {@code data} (not copied) with {@code shape}; the sizes must agree. */
    public NdArray(int[] shape, double[] data) {
        this.shape = shape.clone();
        this.data = data;
        if (size(shape) != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + format(shape));
        }
    }

    /** Zeros of {@code shape}. */
    public static NdArray zeros(int... shape) {
        return new NdArray(shape, new double[size(shape)]);
    }

    public int[] shape() {
        return shape.clone();
    }

    public double[] data() {
        return data;
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    public double get(int... idx) {
        return data[ravel(idx, shape)];
    }

    public void set(double v, int... idx) {
        data[ravel(idx, shape)] = v;
    }

    @Override
    public String toString() {
        return format(shape) + Arrays.toString(data);
    }

    // ------------------------------------------------------------------------------------ index helpers

    /** The number of elements of {@code shape} (1 for a scalar). */
    public static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The multi-index of flat (row-major) position {@code flat}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** The flat (row-major) position of {@code idx}. */
    public static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (idx[d] < 0 || idx[d] >= shape[d]) {
                throw new IndexOutOfBoundsException(Arrays.toString(idx) + " in " + format(shape));
            }
            flat = flat * shape[d] + idx[d];
        }
        return flat;
    }

    /** TensorFlow's shape notation: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    public static String format(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }

    /** The NumPy broadcast of shapes, or null if they are not compatible. */
    public static int[] broadcastShape(int[]... shapes) {
        int r = 0;
        for (int[] s : shapes) {
            r = Math.max(r, s.length);
        }
        int[] out = new int[r];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = r - s.length + i;
                if (s[i] == out[o] || s[i] == 1) {
                    continue;
                }
                if (out[o] != 1) {
                    return null;
                }
                out[o] = s[i];
            }
        }
        return out;
    }

    /** The element of this array that broadcasting puts at index {@code outIdx} of a larger (or equal) shape. */
    public double atBroadcast(int[] outIdx) {
        int lead = outIdx.length - shape.length;
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            int i = shape[d] == 1 ? 0 : outIdx[lead + d];
            flat = flat * shape[d] + i;
        }
        return data[flat];
    }

    // ------------------------------------------------------------------------------------ elementwise

    public static NdArray map(NdArray a, DoubleUnaryOperator f) {
        double[] o = new double[a.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = f.applyAsDouble(a.data[i]);
        }
        return new NdArray(a.shape, o);
    }

    /** {@code f(a, b)} elementwise over the broadcast shape. */
    public static NdArray zip(NdArray a, NdArray b, DoubleBinaryOperator f) {
        int[] s = broadcastShape(a.shape, b.shape);
        if (s == null) {
            throw new IllegalArgumentException("incompatible " + format(a.shape) + " " + format(b.shape));
        }
        NdArray o = zeros(s);
        for (int i = 0; i < o.size(); i++) {
            int[] idx = unravel(i, s);
            o.data[i] = f.applyAsDouble(a.atBroadcast(idx), b.atBroadcast(idx));
        }
        return o;
    }

    /** {@code cond != 0 ? x : y} over the broadcast of the three shapes. */
    public static NdArray where(NdArray cond, NdArray x, NdArray y) {
        int[] s = broadcastShape(cond.shape, x.shape, y.shape);
        NdArray o = zeros(s);
        for (int i = 0; i < o.size(); i++) {
            int[] idx = unravel(i, s);
            o.data[i] = cond.atBroadcast(idx) != 0 ? x.atBroadcast(idx) : y.atBroadcast(idx);
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ reductions

    /** A reduction kind for {@link #reduce}. */
    public enum Reduce { SUM, MEAN, MAX, MIN }

    /** Reduces {@code axes} (none: all; negative from the end), keeping them as size 1 when asked. */
    public static NdArray reduce(NdArray a, Reduce kind, boolean keepDims, int... axes) {
        int r = a.rank();
        boolean[] red = new boolean[r];
        if (axes.length == 0) {
            Arrays.fill(red, true);
        }
        for (int ax : axes) {
            red[ax < 0 ? ax + r : ax] = true;
        }
        int[] kept = new int[r];
        int outRank = 0;
        for (int d = 0; d < r; d++) {
            kept[d] = red[d] ? 1 : a.shape[d];
            if (!red[d] || keepDims) {
                outRank++;
            }
        }
        int n = size(kept);
        double[] acc = new double[n];
        int[] count = new int[n];
        Arrays.fill(acc, kind == Reduce.MAX ? Double.NEGATIVE_INFINITY : kind == Reduce.MIN ? Double.POSITIVE_INFINITY : 0);
        for (int i = 0; i < a.size(); i++) {
            int[] idx = unravel(i, a.shape);
            for (int d = 0; d < r; d++) {
                if (red[d]) {
                    idx[d] = 0;
                }
            }
            int o = ravel(idx, kept);
            double v = a.data[i];
            switch (kind) {
                case MAX: acc[o] = Math.max(acc[o], v); break;
                case MIN: acc[o] = Math.min(acc[o], v); break;
                default: acc[o] += v; break;
            }
            count[o]++;
        }
        if (kind == Reduce.MEAN) {
            for (int o = 0; o < n; o++) {
                acc[o] /= count[o];
            }
        }
        int[] outShape = new int[outRank];
        int k = 0;
        for (int d = 0; d < r; d++) {
            if (!red[d] || keepDims) {
                outShape[k++] = kept[d];
            }
        }
        return new NdArray(outShape, acc);
    }

    // ------------------------------------------------------------------------------------ linear algebra

    /** The last two axes swapped. */
    public static NdArray swapLast(NdArray a) {
        int r = a.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return transpose(a, perm);
    }

    /** {@code op(a) @ op(b)} over the last two axes, with broadcast batch axes; op transposes when asked. */
    public static NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB) {
        NdArray x = transposeA ? swapLast(a) : a;
        NdArray y = transposeB ? swapLast(b) : b;
        int m = x.shape[x.rank() - 2];
        int k = x.shape[x.rank() - 1];
        int n = y.shape[y.rank() - 1];
        if (y.shape[y.rank() - 2] != k) {
            throw new IllegalArgumentException("inner mismatch");
        }
        int[] ba = Arrays.copyOf(x.shape, x.rank() - 2);
        int[] bb = Arrays.copyOf(y.shape, y.rank() - 2);
        int[] batch = broadcastShape(ba, bb);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        NdArray o = zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] idx = unravel(flat, outShape);
            int[] ia = Arrays.copyOf(idx, idx.length);
            int[] ib = Arrays.copyOf(idx, idx.length);
            double s = 0;
            for (int t = 0; t < k; t++) {
                ia[idx.length - 1] = t;
                ib[idx.length - 2] = t;
                s += x.atBroadcast(ia) * y.atBroadcast(ib);
            }
            o.data[flat] = s;
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ movement

    /** Output axis {@code i} is input axis {@code perm[i]}. */
    public static NdArray transpose(NdArray a, int... perm) {
        int r = a.rank();
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = a.shape[perm[i]];
        }
        NdArray o = zeros(outShape);
        int[] src = new int[r];
        for (int flat = 0; flat < o.size(); flat++) {
            int[] idx = unravel(flat, outShape);
            for (int i = 0; i < r; i++) {
                src[perm[i]] = idx[i];
            }
            o.data[flat] = a.get(src);
        }
        return o;
    }

    /** The same values in a new shape; one dimension may be -1. */
    public static NdArray reshape(NdArray a, int... newShape) {
        int[] s = newShape.clone();
        int known = 1;
        int infer = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            s[infer] = a.size() / known;
        }
        return new NdArray(s, a.data.clone());
    }

    /** {@code a} repeated to {@code shape}. */
    public static NdArray broadcastTo(NdArray a, int... shape) {
        NdArray o = zeros(shape);
        for (int flat = 0; flat < o.size(); flat++) {
            o.data[flat] = a.atBroadcast(unravel(flat, shape));
        }
        return o;
    }

    /** The arrays joined along {@code axis} (negative from the end). */
    public static NdArray concat(List<NdArray> parts, int axis) {
        int r = parts.get(0).rank();
        int ax = axis < 0 ? axis + r : axis;
        int[] outShape = parts.get(0).shape();
        outShape[ax] = 0;
        for (NdArray p : parts) {
            outShape[ax] += p.shape[ax];
        }
        NdArray o = zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] idx = unravel(flat, outShape);
            int at = idx[ax];
            for (NdArray p : parts) {
                if (at < p.shape[ax]) {
                    idx[ax] = at;
                    o.data[flat] = p.get(idx);
                    break;
                }
                at -= p.shape[ax];
            }
        }
        return o;
    }

    /** The region starting at {@code begin} of extent {@code size} (-1: to the end). */
    public static NdArray slice(NdArray a, int[] begin, int[] size) {
        int r = a.rank();
        int[] outShape = new int[r];
        for (int d = 0; d < r; d++) {
            outShape[d] = size[d] == -1 ? a.shape[d] - begin[d] : size[d];
        }
        NdArray o = zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] idx = unravel(flat, outShape);
            for (int d = 0; d < r; d++) {
                idx[d] += begin[d];
            }
            o.data[flat] = a.get(idx);
        }
        return o;
    }

    /** {@code a} surrounded by zeros. */
    public static NdArray pad(NdArray a, int[] before, int[] after) {
        int r = a.rank();
        int[] outShape = new int[r];
        for (int d = 0; d < r; d++) {
            outShape[d] = before[d] + a.shape[d] + after[d];
        }
        NdArray o = zeros(outShape);
        for (int flat = 0; flat < a.size(); flat++) {
            int[] idx = unravel(flat, a.shape);
            for (int d = 0; d < r; d++) {
                idx[d] += before[d];
            }
            o.set(a.data[flat], idx);
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ softmax

    /** {@code exp(x_i) / sum_j exp(x_j)} along {@code axis}, straight from the definition (inputs are small). */
    public static NdArray softmax(NdArray a, int axis) {
        int ax = axis < 0 ? axis + a.rank() : axis;
        NdArray o = zeros(a.shape);
        for (int flat = 0; flat < a.size(); flat++) {
            int[] idx = unravel(flat, a.shape);
            double denom = 0;
            int[] j = idx.clone();
            for (int t = 0; t < a.shape[ax]; t++) {
                j[ax] = t;
                denom += Math.exp(a.get(j));
            }
            o.data[flat] = Math.exp(a.data[flat]) / denom;
        }
        return o;
    }

    /** {@code x_i - log(sum_j exp(x_j))} along {@code axis}. */
    public static NdArray logSoftmax(NdArray a, int axis) {
        int ax = axis < 0 ? axis + a.rank() : axis;
        NdArray o = zeros(a.shape);
        for (int flat = 0; flat < a.size(); flat++) {
            int[] idx = unravel(flat, a.shape);
            int[] j = idx.clone();
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < a.shape[ax]; t++) {
                j[ax] = t;
                max = Math.max(max, a.get(j));
            }
            double denom = 0; // shifted by the line's maximum, so logits of magnitude 1000 do not overflow
            for (int t = 0; t < a.shape[ax]; t++) {
                j[ax] = t;
                denom += Math.exp(a.get(j) - max);
            }
            o.data[flat] = a.data[flat] - max - Math.log(denom);
        }
        return o;
    }
}
