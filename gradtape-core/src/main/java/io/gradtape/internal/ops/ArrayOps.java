package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * The array conveniences and reductions of issue 13 behind {@code Tensors}' facade (documented there): ranges,
 * grids, identity and filled tensors, triangles, reduceProd/All/Any/Variance, boolean masks, scatters, sorted
 * segment sums, unique and searchSorted. The differentiable ones are composed of primitives, so their gradients are
 * those of the primitives; the index computations are plain Java on the index tensors' values.
 */
public final class ArrayOps {
    private ArrayOps() {
    }

    public static Tensor fromNested(Object nested) {
        NestedArrays.Flat f = NestedArrays.flatten("constant", nested);
        return TensorAccess.make(f.dtype(), f.shape(), f.data());
    }

    /**
     * TensorFlow's Range kernel (sequence_ops.cc) for int32: delta must not be 0, start must not be past limit in
     * delta's direction (an error, not an empty vector), size is {@code (|limit - start| + |delta| - 1) / |delta|},
     * computed here in long so that it cannot wrap.
     */
    public static Tensor range(int start, int limit, int delta) {
        return range((double) start, limit, delta, DType.INT32); // ints are exact in double: the int32 kernel below
    }

    /**
     * {@code tf.range(start, limit, delta, dtype)}: the arguments are converted to the dtype first, then the Range
     * kernel runs in that type. A non-integral value for an integer dtype is an error, as TensorFlow's conversion
     * of a Python float to an int tensor is (a TypeError); float32 and float64 compute the size as
     * {@code ceil(|(limit - start) / delta|)} and the values by accumulating {@code val += delta}, both in the
     * dtype, as the kernel does.
     */
    public static Tensor range(double start, double limit, double delta, DType dtype) {
        Objects.requireNonNull(dtype, "range: dtype is null");
        String args = "start " + start + ", limit " + limit + ", delta " + delta;
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("range: needs a numeric dtype (TensorFlow's Range has no bool kernel), "
                    + "got bool for " + args);
        }
        if (!Double.isFinite(delta) || !Double.isFinite(start) || !Double.isFinite(limit)) {
            throw new IllegalArgumentException("range: start, limit and delta must be finite, got " + args);
        }
        if (dtype.isInteger()) {
            for (double v : new double[] {start, limit, delta}) {
                if (!Creation.fits(v, dtype)) {
                    throw new IllegalArgumentException("range: " + v + " is not an integer in " + dtype + "'s range ("
                            + args
                            + "); TensorFlow cannot convert a non-integral value to an " + dtype
                            + " tensor (TypeError) and does not round it: pass integer values or a floating dtype");
                }
            }
            long s = (long) start;
            long l = (long) limit;
            long d = (long) delta;
            checkRange(s, l, d, String.valueOf(s), String.valueOf(l), String.valueOf(d));
            java.math.BigInteger span = java.math.BigInteger.valueOf(l).subtract(java.math.BigInteger.valueOf(s)).abs();
            java.math.BigInteger step = java.math.BigInteger.valueOf(d).abs();
            java.math.BigInteger count = span.add(step).subtract(java.math.BigInteger.ONE).divide(step);
            if (count.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("range: " + count + " elements exceed the maximum tensor size ("
                        + args + ")");
            }
            int n = count.intValue();
            if (dtype == DType.INT32) {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) (s + i * d);
                }
                return TensorAccess.make(dtype, Shape.of(n), v);
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = s + i * d;
            }
            return TensorAccess.make(dtype, Shape.of(n), v);
        }
        if (dtype == DType.FLOAT32) {
            float s = (float) start;
            float l = (float) limit;
            float d = (float) delta;
            checkRange(s, l, d, String.valueOf(s), String.valueOf(l), String.valueOf(d));
            double count = Math.ceil(Math.abs((l - s) / d)); // float division, as the kernel's T
            int n = rangeSize(count, args);
            float[] v = new float[n];
            float val = s;
            for (int i = 0; i < n; i++) {
                v[i] = val;
                val += d;
            }
            return TensorAccess.make(dtype, Shape.of(n), v);
        }
        checkRange(start, limit, delta, String.valueOf(start), String.valueOf(limit), String.valueOf(delta));
        int n = rangeSize(Math.ceil(Math.abs((limit - start) / delta)), args);
        double[] v = new double[n];
        double val = start;
        for (int i = 0; i < n; i++) {
            v[i] = val;
            val += delta;
        }
        return TensorAccess.make(dtype, Shape.of(n), v);
    }

    /** The Range kernel's checks, in its order and words, with gradtape's op name and all three values. */
    private static void checkRange(double start, double limit, double delta, String s, String l, String d) {
        if (delta == 0) {
            throw new IllegalArgumentException("range: Requires delta != 0: " + d + " (start " + s + ", limit " + l
                    + ")");
        }
        if (delta > 0 && !(start <= limit)) {
            throw new IllegalArgumentException("range: Requires start <= limit when delta > 0: " + s + "/" + l
                    + " (delta " + d + ")");
        }
        if (delta < 0 && !(start >= limit)) {
            throw new IllegalArgumentException("range: Requires start >= limit when delta < 0: " + s + "/" + l
                    + " (delta " + d + ")");
        }
    }

    private static int rangeSize(double count, String args) {
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range: " + count + " elements exceed the maximum tensor size (" + args
                    + ")");
        }
        return (int) count;
    }

    /**
     * TensorFlow 2's {@code tf.linspace} ({@code linspace_nd} in math_ops.py), in the dtype: start and stop are
     * converted to it, {@code delta = (stop - start) / max(num - 1, 1)}, the inner values are
     * {@code start + delta * i} (a multiply then an add, each rounded to the dtype), the first is start and the
     * last exactly stop; the result is sliced to {@code num}, so num 0 gives an empty vector, and a negative num
     * is an error (its {@code range(1, -1)} fails).
     */
    public static Tensor linspace(double start, double stop, int num, DType dtype) {
        Objects.requireNonNull(dtype, "linspace: dtype is null");
        if (num < 0 || !dtype.isFloating()) {
            throw new IllegalArgumentException("linspace: needs num >= 0 and a floating dtype, got num " + num + ", "
                    + dtype
                    + " (start " + start + ", stop " + stop + ")");
        }
        int steps = Math.max(num - 1, 1);
        if (dtype == DType.FLOAT32) {
            float s = (float) start;
            float e = (float) stop;
            float delta = (e - s) / (float) steps;
            float[] v = new float[num];
            for (int i = 0; i < num; i++) {
                v[i] = i == 0 ? s : i == num - 1 ? e : s + delta * (float) i;
            }
            return TensorAccess.make(dtype, Shape.of(num), v);
        }
        double delta = (stop - start) / steps;
        double[] v = new double[num];
        for (int i = 0; i < num; i++) {
            v[i] = i == 0 ? start : i == num - 1 ? stop : start + delta * i;
        }
        return TensorAccess.make(dtype, Shape.of(num), v);
    }

    public static Tensor eye(int rows, int cols, DType dtype) {
        Objects.requireNonNull(dtype, "eye: dtype is null");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("eye: sizes must be >= 0, got " + rows + " x " + cols);
        }
        // checked before allocating: rows * cols past 2^31-1 wraps (2 x 2^31-1 gave a NegativeArraySizeException,
        // 65536 x 65537 an ArrayIndexOutOfBoundsException)
        Shape shape = ShapeRules.shape("eye", rows, cols);
        double[] v = new double[shape.size()];
        for (int i = 0; i < Math.min(rows, cols); i++) {
            v[i * cols + i] = 1;
        }
        return TensorAccess.make(dtype, shape, Convert.array(v, dtype));
    }

    public static Tensor fill(int[] dims, Tensor value) {
        Objects.requireNonNull(dims, "fill: dims is null");
        Objects.requireNonNull(value, "fill: value is null");
        if (value.rank() != 0) {
            throw new IllegalArgumentException("fill: value must be a scalar, got shape " + value.shape());
        }
        return broadcastTo(value, dims);
    }

    public static List<Tensor> meshgrid(List<? extends Tensor> xs, String indexing) {
        Objects.requireNonNull(xs, "meshgrid: xs is null");
        if (!"xy".equals(indexing) && !"ij".equals(indexing)) {
            throw new IllegalArgumentException("meshgrid: indexing must be \"xy\" or \"ij\", got " + indexing);
        }
        int n = xs.size();
        int[] dims = new int[n];
        for (int i = 0; i < n; i++) {
            Tensor x = Objects.requireNonNull(xs.get(i), "meshgrid: input " + i + " is null");
            if (x.rank() != 1) {
                throw new IllegalArgumentException("meshgrid: input " + i + " must be 1-D, got shape " + x.shape());
            }
            dims[i] = x.size();
        }
        boolean xy = "xy".equals(indexing) && n >= 2;
        int[] out = dims.clone();
        if (xy) {
            out[0] = dims[1];
            out[1] = dims[0];
        }
        List<Tensor> r = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int axis = xy && i < 2 ? 1 - i : i;
            int[] shape = new int[n];
            Arrays.fill(shape, 1);
            shape[axis] = dims[i];
            r.add(broadcastTo(reshape(xs.get(i), shape), out));
        }
        return r;
    }

    public static Tensor triangle(String op, Tensor x, int k, boolean lower) {
        Objects.requireNonNull(x, op + ": x is null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": needs rank >= 2, got shape " + x.shape());
        }
        int m = x.shape().dim(-2);
        int n = x.shape().dim(-1);
        boolean[] keep = new boolean[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                keep[i * n + j] = lower ? (long) j - i <= k : (long) j - i >= k;
            }
        }
        return where(TensorAccess.make(DType.BOOL, Shape.of(m, n), keep), x, constant(0, x.dtype()));
    }

    public static Tensor reduceProd(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "reduceProd: x is null");
        ShapeRules.requireNumeric("reduceProd", x);
        int[] ax = ShapeRules.axes("reduceProd", axes, x.shape());
        Shape outShape = ShapeRules.reducedShape(x.shape(), ax, keepDims);
        // move the reduced axes last, flatten them into one, and take the last element of the running product
        int r = x.rank();
        boolean[] red = new boolean[r];
        for (int a : ax) {
            red[a] = true;
        }
        int[] perm = new int[r];
        int p = 0;
        int kept = 1;
        for (int d = 0; d < r; d++) {
            if (!red[d]) {
                perm[p++] = d;
                kept *= x.shape().dim(d);
            }
        }
        int count = 1;
        for (int a : ax) {
            perm[p++] = a;
            count *= x.shape().dim(a);
        }
        if (count == 0 || kept == 0) {
            // x has no elements: the value is a constant (1 over an empty axis), but it must stay connected to x, so
            // that the gradient is a zero-size tensor of x's shape (and zeros further up: reduceProd(tile(x, 0, 1),
            // 0) gives x zeros), as TensorFlow's _ProdGrad (math_grad.py) broadcasts g to the input's shape, not
            // null (unconnected). The sum of no elements is 0, so adding it changes no value.
            Tensor value = broadcastTo(constant(count == 0 ? 1 : 0, x.dtype()), outShape.dims());
            return add(value, Reductions.reduce(Primitive.REDUCE_SUM, x, keepDims, ax));
        }
        Tensor flat = reshape(transpose(x, perm), kept, count);
        Tensor last = slice(cumprod(flat, 1), new int[] {0, count - 1}, new int[] {kept, 1});
        return reshape(last, outShape.dims());
    }

    public static Tensor reduceLogical(String op, Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, op + ": x is null");
        if (x.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": expected a bool tensor, got " + x.dtype() + " with shape " + x.shape());
        }
        ShapeRules.axes(op, axes, x.shape());
        boolean all = op.equals("reduceAll");
        // count the elements that decide (false for all, true for any); the result depends on none being there
        Tensor decisive = all ? equal(x, constant(false)) : x;
        Tensor count = Reductions.reduce(Primitive.REDUCE_SUM, cast(decisive, DType.INT64), keepDims, axes);
        return all ? equal(count, constant(0L)) : notEqual(count, constant(0L));
    }

    public static Tensor reduceVariance(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "reduceVariance: x is null");
        ShapeRules.requireFloating("reduceVariance", x);
        Tensor centered = sub(x, Reductions.reduceMean(x, true, axes));
        return Reductions.reduceMean(square(centered), keepDims, axes);
    }

    public static Tensor booleanMask(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, "booleanMask: x is null");
        Objects.requireNonNull(mask, "booleanMask: mask is null");
        int k = mask.rank();
        boolean prefix = mask.dtype() == DType.BOOL && k >= 1 && k <= x.rank();
        for (int d = 0; prefix && d < k; d++) {
            prefix = mask.shape().dim(d) == x.shape().dim(d);
        }
        if (!prefix) {
            throw new IllegalArgumentException("booleanMask: mask (" + mask.dtype() + " " + mask.shape()
                    + ") must be bool, of rank >= 1, with a shape that begins the shape of x " + x.shape());
        }
        boolean[] m = (boolean[]) TensorAccess.data(mask);
        int count = 0;
        for (boolean b : m) {
            count += b ? 1 : 0;
        }
        int[] idx = new int[count];
        for (int i = 0, j = 0; i < m.length; i++) {
            if (m[i]) {
                idx[j++] = i;
            }
        }
        int[] flatDims = new int[x.rank() - k + 1];
        flatDims[0] = m.length;
        System.arraycopy(x.shape().dims(), k, flatDims, 1, x.rank() - k);
        return gather(reshape(x, flatDims), TensorAccess.make(DType.INT32, Shape.of(count), idx), 0);
    }

    public static int[] flatIndices(String op, Tensor indices, int[] shape) {
        ShapeRules.requireIndices(op, indices);
        int m = indices.rank() == 0 ? 0 : indices.shape().dim(-1);
        if (indices.rank() == 0 || m < 1 || m > shape.length) {
            throw new IllegalArgumentException(op + ": indices of shape " + indices.shape() + " must have rank >= 1 and a last "
                    + "dimension in [1, " + shape.length + "] for shape " + Shape.of(shape));
        }
        long[] iv = (long[]) Convert.array(TensorAccess.data(indices), DType.INT64);
        int rows = iv.length / m;
        int[] flat = new int[rows];
        for (int r = 0; r < rows; r++) {
            int f = 0;
            for (int j = 0; j < m; j++) {
                long v = iv[r * m + j];
                if (v < 0 || v >= shape[j]) {
                    throw new IllegalArgumentException(op + ": index " + Arrays.toString(Arrays.copyOfRange(iv, r * m, r * m + m))
                            + " (row " + r + " of indices with shape " + indices.shape() + ") is out of bounds for shape " + Shape.of(shape));
                }
                f = f * shape[j] + (int) v;
            }
            flat[r] = f;
        }
        return flat;
    }

    public static Tensor scatterNd(Tensor indices, Tensor updates, int... shape) {
        Objects.requireNonNull(indices, "scatterNd: indices is null");
        Objects.requireNonNull(updates, "scatterNd: updates is null");
        Objects.requireNonNull(shape, "scatterNd: shape is null");
        ShapeRules.shape("scatterNd", shape); // a negative or too large shape is the caller's, named as scatterNd's
        return scatterNd("scatterNd", indices, updates, shape);
    }

    /**
     * TensorFlow's {@code tensor_scatter_nd_add}: {@code tensor} plus the updates scattered into zeros of its
     * shape, so duplicate indices add up (scatter_nd_op.cc's ADD update, a sum for every index).
     */
    public static Tensor tensorScatterAdd(Tensor tensor, Tensor indices, Tensor updates) {
        Objects.requireNonNull(tensor, "tensorScatterAdd: tensor is null");
        Objects.requireNonNull(indices, "tensorScatterAdd: indices is null");
        Objects.requireNonNull(updates, "tensorScatterAdd: updates is null");
        ShapeRules.sameDType("tensorScatterAdd", tensor, updates);
        ShapeRules.requireNumeric("tensorScatterAdd", tensor);
        return add(tensor, scatterNd("tensorScatterAdd", indices, updates, tensor.shape().dims()));
    }

    /** scatterNd's work, its errors naming {@code op}. */
    private static Tensor scatterNd(String op, Tensor indices, Tensor updates, int[] shape) {
        int[] flat = flatIndices(op, indices, shape);
        int m = indices.shape().dim(-1);
        int lead = 1;
        for (int j = 0; j < m; j++) {
            lead *= shape[j];
        }
        int[] want = new int[indices.rank() - 1 + shape.length - m];
        System.arraycopy(indices.shape().dims(), 0, want, 0, indices.rank() - 1);
        System.arraycopy(shape, m, want, indices.rank() - 1, shape.length - m);
        if (!updates.shape().equals(Shape.of(want))) {
            throw new IllegalArgumentException(op + ": updates have shape " + updates.shape() + " but indices " + indices.shape()
                    + " and shape " + Shape.of(shape) + " need " + Shape.of(want));
        }
        int[] rows = new int[shape.length - m + 1];
        rows[0] = flat.length;
        System.arraycopy(shape, m, rows, 1, shape.length - m);
        Tensor summed = unsortedSegmentSum(reshape(updates, rows), TensorAccess.make(DType.INT32, Shape.of(flat.length), flat), lead);
        return reshape(summed, shape);
    }

    public static Tensor tensorScatterUpdate(Tensor tensor, Tensor indices, Tensor updates) {
        Objects.requireNonNull(tensor, "tensorScatterUpdate: tensor is null");
        Objects.requireNonNull(indices, "tensorScatterUpdate: indices is null");
        Objects.requireNonNull(updates, "tensorScatterUpdate: updates is null");
        ShapeRules.sameDType("tensorScatterUpdate", tensor, updates);
        int[] shape = tensor.shape().dims();
        int[] flat = flatIndices("tensorScatterUpdate", indices, shape);
        int m = indices.shape().dim(-1);
        int lead = 1;
        for (int j = 0; j < m; j++) {
            lead *= shape[j];
        }
        boolean[] hit = new boolean[lead];
        for (int f : flat) {
            if (hit[f]) {
                throw new IllegalArgumentException("tensorScatterUpdate: indices " + indices.shape() + " repeat a position (flat "
                        + f + "); the result would depend on the order of updates");
            }
            hit[f] = true;
        }
        int[] maskShape = new int[shape.length];
        Arrays.fill(maskShape, 1);
        System.arraycopy(shape, 0, maskShape, 0, m);
        Tensor mask = TensorAccess.make(DType.BOOL, Shape.of(maskShape), hit);
        return where(mask, scatterNd(indices, updates, shape), tensor);
    }

    public static Tensor segmentSum(Tensor data, Tensor segmentIds) {
        Objects.requireNonNull(data, "segmentSum: data is null");
        Objects.requireNonNull(segmentIds, "segmentSum: segmentIds is null");
        ShapeRules.requireIndices("segmentSum", segmentIds);
        if (segmentIds.rank() != 1) {
            throw new IllegalArgumentException("segmentSum: segment ids must be 1-D, got shape " + segmentIds.shape());
        }
        long[] ids = (long[]) Convert.array(TensorAccess.data(segmentIds), DType.INT64);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || (i > 0 && ids[i] < ids[i - 1])) {
                throw new IllegalArgumentException("segmentSum: segment ids must be non-negative and sorted, but id " + i + " is "
                        + ids[i] + (i > 0 ? " after " + ids[i - 1] : "") + " (use unsortedSegmentSum for unsorted ids)");
            }
        }
        long last = ids.length == 0 ? -1 : ids[ids.length - 1];
        if (last >= Integer.MAX_VALUE) { // (int) would wrap the count of segments into a wrong range in the message
            throw new IllegalArgumentException("segmentSum: the last segment id " + last + " would need " + (last + 1)
                    + " segments, more than 2^31-1 (data shape " + data.shape() + ")");
        }
        int n = (int) last + 1;
        return unsortedSegmentSum(data, segmentIds, n);
    }

    public static Tensors.Unique unique(Tensor x) {
        Objects.requireNonNull(x, "unique: x is null");
        if (x.rank() != 1) {
            throw new IllegalArgumentException("unique: x must be 1-D, got shape " + x.shape());
        }
        Object data = TensorAccess.data(x);
        int[][] r = NestedArrays.unique(data, x.size());
        int[] first = r[0];
        Object values = Convert.allocate(x.dtype(), first.length);
        for (int i = 0; i < first.length; i++) {
            System.arraycopy(data, first[i], values, i, 1);
        }
        return new Tensors.Unique(TensorAccess.make(x.dtype(), Shape.of(first.length), values), TensorAccess.make(DType.INT32, Shape.of(r[1].length), r[1]));
    }

    public static Tensor searchSorted(Tensor sorted, Tensor values, String side) {
        Objects.requireNonNull(sorted, "searchSorted: sorted is null");
        Objects.requireNonNull(values, "searchSorted: values is null");
        if (!"left".equals(side) && !"right".equals(side)) {
            throw new IllegalArgumentException("searchSorted: side must be \"left\" or \"right\", got " + side);
        }
        ShapeRules.sameDType("searchSorted", sorted, values);
        ShapeRules.requireNumeric("searchSorted", sorted);
        boolean lead = sorted.rank() >= 1 && values.rank() >= 1 && sorted.rank() == values.rank();
        for (int d = 0; lead && d < sorted.rank() - 1; d++) {
            lead = sorted.shape().dim(d) == values.shape().dim(d);
        }
        if (!lead && !(sorted.rank() == 1 && values.rank() >= 0)) {
            throw new IllegalArgumentException("searchSorted: sorted " + sorted.shape() + " and values " + values.shape()
                    + " must have the same leading dimensions (or sorted must be 1-D)");
        }
        int m = sorted.shape().dim(-1);
        int rows = sorted.size() / Math.max(1, m);
        if (m == 0) {
            rows = sorted.rank() == 1 ? 1 : Arrays.stream(sorted.shape().dims()).limit(sorted.rank() - 1).reduce(1, (a, b) -> a * b);
        }
        int k = rows == 0 ? 0 : values.size() / rows;
        int[] out = NestedArrays.searchSorted(TensorAccess.data(sorted), rows, m, TensorAccess.data(values), k,
                "right".equals(side));
        return TensorAccess.make(DType.INT32, values.shape(), out);
    }
}
