package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.linalg.LinalgShapes;

import java.util.Arrays;

/**
 * Output dtype and shape of every primitive, and the validation of its inputs. A caller's mistake is an
 * {@link IllegalArgumentException} whose message starts with the op's public name and shows the shapes or dtypes
 * involved. Nothing here computes values.
 *
 * <p><b>Every path into {@link Dispatch} is checked here</b>, not only the public facades: the static arguments
 * ({@link Params}) are validated against the inputs (axes in range, a permutation, a region inside the input,
 * non-negative paddings), and every output dimension is computed in {@code long} and checked with
 * {@link #shape(String, long...)}, so an overflow is an {@link IllegalArgumentException} naming the op, never a
 * wrapped dimension. The facades only normalize (negative axes, a {@code -1} dimension) before calling.
 *
 * <p>{@link #infer} is a {@code switch} expression over {@link Primitive} with no {@code default}: a primitive
 * added to the enum without a case here does not compile.
 */
public final class ShapeRules {
    private ShapeRules() {
    }

    /** The dtype and shape of a primitive's output. */
    public record Out(DType dtype, Shape shape) {
    }

    /** Validates the inputs of {@code p} and returns its output's dtype and shape. */
    public static Out infer(Primitive p, Params params, Tensor[] in) {
        String op = p.opName();
        return switch (p) {
            case NEG, ABS, SIGN, RELU, ROUND -> unaryNumeric(op, in[0]);
            case EXP, LOG, SIN, COS, TAN, TANH, SQRT, SIGMOID, LOG1P, EXPM1, ERF, FLOOR, CEIL -> {
                requireFloating(op, in[0]);
                yield new Out(in[0].dtype(), in[0].shape());
            }
            case ADD, SUB, MUL, POW, MAXIMUM, MINIMUM -> {
                sameDType(op, in[0], in[1]);
                requireNumeric(op, in[0]);
                yield new Out(in[0].dtype(), broadcast(op, in[0].shape(), in[1].shape()));
            }
            case DIV -> {
                sameDType(op, in[0], in[1]);
                requireFloating(op, in[0]);
                yield new Out(in[0].dtype(), broadcast(op, in[0].shape(), in[1].shape()));
            }
            case EQUAL, NOT_EQUAL -> {
                sameDType(op, in[0], in[1]);
                yield new Out(DType.BOOL, broadcast(op, in[0].shape(), in[1].shape()));
            }
            case GREATER, GREATER_EQUAL, LESS, LESS_EQUAL -> {
                sameDType(op, in[0], in[1]);
                requireNumeric(op, in[0]);
                yield new Out(DType.BOOL, broadcast(op, in[0].shape(), in[1].shape()));
            }
            case WHERE -> {
                if (in[0].dtype() != DType.BOOL) {
                    throw new IllegalArgumentException(op + ": condition must have dtype bool, got " + in[0].dtype());
                }
                sameDType(op, in[1], in[2]);
                Shape s = broadcast(op, in[1].shape(), in[2].shape());
                yield new Out(in[1].dtype(), broadcast(op, in[0].shape(), s));
            }
            case REDUCE_SUM, REDUCE_MAX, REDUCE_MIN -> {
                requireNumeric(op, in[0]);
                Params.Axes a = (Params.Axes) params;
                normalizedAxes(op, a.axes(), in[0].shape());
                yield new Out(in[0].dtype(), reducedShape(in[0].shape(), a.axes(), a.keepDims()));
            }
            case ARG_MAX, ARG_MIN -> {
                requireNumeric(op, in[0]);
                int a = normalizedAxis(op, ((Params.Axis) params).axis(), in[0].shape());
                if (in[0].shape().dim(a) == 0) {
                    throw new IllegalArgumentException(op + ": axis " + a + " is empty in shape " + in[0].shape());
                }
                yield new Out(DType.INT64, reducedShape(in[0].shape(), new int[] {a}, false));
            }
            case ARGSORT -> {
                requireNumeric(op, in[0]);
                normalizedAxis(op, ((Params.Sort) params).axis(), in[0].shape());
                yield new Out(DType.INT32, in[0].shape());
            }
            case SCAN -> {
                sameDType(op, in[0], in[1]);
                requireNumeric(op, in[0]);
                Shape s = broadcast(op, in[0].shape(), in[1].shape());
                normalizedAxis(op, ((Params.Scan) params).axis(), s);
                yield new Out(in[0].dtype(), s);
            }
            case GATHER -> gather(((Params.Axis) params).axis(), in[0], in[1]);
            case SCATTER_ADD -> scatterAdd((Params.Segments) params, in[0], in[1]);
            case MATMUL -> matmul((Params.Matmul) params, in[0], in[1]);
            case CHOLESKY -> LinalgShapes.cholesky(in[0]);
            case TRIANGULAR_SOLVE, SOLVE -> LinalgShapes.solve(op, in[0], in[1]);
            case LOG_ABS_DET -> LinalgShapes.logAbsDet(in[0]);
            case QR -> LinalgShapes.qr(in[0]);
            case EIGH -> LinalgShapes.eigh(in[0]);
            case SVD -> LinalgShapes.svd(in[0]);
            case RESHAPE -> {
                Shape to = ((Params.ToShape) params).shape();
                if (to.size() != in[0].size()) {
                    throw new IllegalArgumentException(op + ": cannot reshape a tensor of shape " + in[0].shape()
                            + " (" + in[0].size() + " elements) to " + to + " (" + to.size() + " elements)");
                }
                yield new Out(in[0].dtype(), to);
            }
            case TRANSPOSE -> {
                int[] perm = ((Params.Perm) params).perm();
                int[] d = in[0].shape().dims();
                boolean[] seen = new boolean[d.length];
                boolean ok = perm.length == d.length;
                for (int i = 0; ok && i < perm.length; i++) {
                    ok = perm[i] >= 0 && perm[i] < d.length && !seen[perm[i]];
                    if (ok) {
                        seen[perm[i]] = true;
                    }
                }
                if (!ok) {
                    throw new IllegalArgumentException(op + ": " + Arrays.toString(perm) + " is not a permutation of the axes of shape "
                            + in[0].shape());
                }
                int[] o = new int[d.length];
                for (int i = 0; i < d.length; i++) {
                    o[i] = d[perm[i]];
                }
                yield new Out(in[0].dtype(), Shape.of(o));
            }
            case BROADCAST_TO -> {
                Shape to = ((Params.ToShape) params).shape();
                Shape b = broadcast(op, in[0].shape(), to);
                if (!b.equals(to)) {
                    throw new IllegalArgumentException(op + ": cannot broadcast shape " + in[0].shape() + " to " + to);
                }
                yield new Out(in[0].dtype(), to);
            }
            case CONCAT -> concat(((Params.Axis) params).axis(), in);
            case SLICE -> slice((Params.Region) params, in[0]);
            case PAD -> pad((Params.Padding) params, in[0]);
            case CAST -> new Out(java.util.Objects.requireNonNull(((Params.To) params).dtype(), "cast: dtype is null"), in[0].shape());
            case IDENTITY, STOP_GRADIENT, READ_VARIABLE -> new Out(in[0].dtype(), in[0].shape());
            case CUSTOM -> {
                Tensor v = ((Params.Custom) params).value();
                yield new Out(v.dtype(), v.shape());
            }
        };
    }

    /** {@code begin[d] .. begin[d] + size[d]} must lie inside {@code x}'s dimension {@code d}, checked in long. */
    private static Out slice(Params.Region r, Tensor x) {
        String op = "slice";
        int[] b = r.begin();
        int[] sz = r.size();
        Shape s = x.shape();
        boolean ok = b.length == s.rank() && sz.length == s.rank();
        for (int d = 0; ok && d < b.length; d++) {
            ok = b[d] >= 0 && sz[d] >= 0 && (long) b[d] + sz[d] <= s.dim(d);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": begin " + Arrays.toString(b) + " and size " + Arrays.toString(sz)
                    + " do not give a region inside shape " + s + " (one entry per axis, begin >= 0, size >= 0, begin + size <= dimension)");
        }
        return new Out(x.dtype(), Shape.of(sz));
    }

    /** Non-negative paddings, one pair per axis; each padded dimension computed in long. */
    private static Out pad(Params.Padding p, Tensor x) {
        String op = "pad";
        int[] before = p.before();
        int[] after = p.after();
        Shape s = x.shape();
        boolean ok = before.length == s.rank() && after.length == s.rank();
        for (int d = 0; ok && d < before.length; d++) {
            ok = before[d] >= 0 && after[d] >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": paddings before " + Arrays.toString(before) + " and after " + Arrays.toString(after)
                    + " must be >= 0, one per axis of shape " + s);
        }
        long[] o = new long[s.rank()];
        for (int d = 0; d < o.length; d++) {
            o[d] = (long) s.dim(d) + before[d] + after[d];
        }
        return new Out(x.dtype(), shape(op, o));
    }

    /**
     * The shape with dimensions {@code dims} computed by {@code op}, each checked to be in {@code [0, 2^31-1]} and
     * their non-zero product to fit in an int ({@link Shape#of}'s rule); an overflow is an
     * {@link IllegalArgumentException} that names {@code op}.
     */
    public static Shape shape(String op, long... dims) {
        int[] d = new int[dims.length];
        long nonZero = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + Arrays.toString(dims));
            }
            if (dims[i] > Integer.MAX_VALUE
                    || (dims[i] > 0 && (nonZero = nonZero * dims[i]) > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(op + ": the result shape " + Arrays.toString(dims) + " is too large (every "
                        + "dimension and the product of the non-zero ones must be at most 2^31-1)");
            }
            d[i] = (int) dims[i];
        }
        return Shape.of(d);
    }

    /** {@link #shape(String, long...)} for int dimensions (which may still multiply to too many). */
    public static Shape shape(String op, int... dims) {
        java.util.Objects.requireNonNull(dims, () -> op + ": shape is null");
        long[] l = new long[dims.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = dims[i];
        }
        return shape(op, l);
    }

    /** A normalized axis (as {@link Params} hold them): in {@code [0, rank)}. */
    static int normalizedAxis(String op, int axis, Shape s) {
        if (axis < 0 || axis >= s.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + s + " (rank " + s.rank() + ")");
        }
        return axis;
    }

    /** Normalized axes: each in {@code [0, rank)}, strictly increasing. */
    static void normalizedAxes(String op, int[] axes, Shape s) {
        for (int i = 0; i < axes.length; i++) {
            normalizedAxis(op, axes[i], s);
            if (i > 0 && axes[i] <= axes[i - 1]) {
                throw new IllegalArgumentException(op + ": axes " + Arrays.toString(axes) + " must be unique (shape " + s + ")");
            }
        }
    }

    private static Out unaryNumeric(String op, Tensor x) {
        requireNumeric(op, x);
        return new Out(x.dtype(), x.shape());
    }

    /** NumPy broadcasting of two shapes: align right; each pair of dimensions equal or one of them 1. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " are not broadcast-compatible");
            }
            o[i] = da == 1 ? db : da;
        }
        return shape(op, o);
    }

    /** The shape left after reducing {@code axes} (normalized), kept as 1 when {@code keepDims}. */
    public static Shape reducedShape(Shape s, int[] axes, boolean keepDims) {
        int[] d = s.dims();
        boolean[] reduce = new boolean[d.length];
        for (int a : axes) {
            reduce[a] = true;
        }
        int[] o = new int[keepDims ? d.length : d.length - axes.length];
        int k = 0;
        for (int i = 0; i < d.length; i++) {
            if (!reduce[i]) {
                o[k++] = d[i];
            } else if (keepDims) {
                o[k++] = 1;
            }
        }
        return Shape.of(o);
    }

    /** Normalizes one axis against a rank: negative counts from the end; out of range is an error. */
    public static int axis(String op, int axis, int rank, Shape shape) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + shape
                    + " (rank " + rank + ")");
        }
        return a;
    }

    /** Normalizes reduction axes: none means all; negatives count from the end; duplicates are an error. */
    public static int[] axes(String op, int[] axes, Shape shape) {
        int r = shape.rank();
        if (axes == null || axes.length == 0) {
            int[] all = new int[r];
            for (int i = 0; i < r; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] o = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            o[i] = axis(op, axes[i], r, shape);
        }
        Arrays.sort(o);
        for (int i = 1; i < o.length; i++) {
            if (o[i] == o[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + o[i] + " repeated in " + Arrays.toString(axes)
                        + " for shape " + shape);
            }
        }
        return o;
    }

    private static Out matmul(Params.Matmul m, Tensor a, Tensor b) {
        String op = "matmul";
        sameDType(op, a, b);
        requireFloating(op, a);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException(op + ": both operands need rank >= 2, got shapes " + a.shape() + " and " + b.shape());
        }
        Shape sa = a.shape();
        Shape sb = b.shape();
        int m1 = m.transposeA() ? sa.dim(-1) : sa.dim(-2);
        int k1 = m.transposeA() ? sa.dim(-2) : sa.dim(-1);
        int k2 = m.transposeB() ? sb.dim(-1) : sb.dim(-2);
        int n2 = m.transposeB() ? sb.dim(-2) : sb.dim(-1);
        if (k1 != k2) {
            throw new IllegalArgumentException(op + ": cannot multiply " + sa + (m.transposeA() ? "^T" : "") + " by " + sb
                    + (m.transposeB() ? "^T" : "") + ": inner dimensions " + k1 + " and " + k2 + " differ");
        }
        if (sa.rank() == 2 && sb.rank() == 2) {
            return new Out(a.dtype(), shape(op, new int[] {m1, n2})); // no batch dimensions (most products)
        }
        Shape batch;
        try {
            batch = broadcast(op, batchShape(sa), batchShape(sb));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": batch dimensions of " + sa + " and " + sb + " are not broadcast-compatible");
        }
        int[] o = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        o[batch.rank()] = m1;
        o[batch.rank() + 1] = n2;
        return new Out(a.dtype(), shape(op, o));
    }

    /** {@code params[:axis] + indices.shape + params[axis+1:]}; indices must be integers. */
    private static Out gather(int axis, Tensor params, Tensor indices) {
        String op = "gather";
        requireIndices(op, indices);
        int[] p = params.shape().dims();
        normalizedAxis(op, axis, params.shape());
        int[] ix = indices.shape().dims();
        checkIndices(op, indices, p[axis], "for axis " + axis + " of params with shape " + params.shape());
        int[] o = new int[p.length - 1 + ix.length];
        System.arraycopy(p, 0, o, 0, axis);
        System.arraycopy(ix, 0, o, axis, ix.length);
        System.arraycopy(p, axis + 1, o, axis + ix.length, p.length - axis - 1);
        return new Out(params.dtype(), shape(op, o));
    }

    /** The inverse shape map of gather: the indices' axes inside {@code updates} become one axis of numSegments. */
    private static Out scatterAdd(Params.Segments seg, Tensor updates, Tensor ids) {
        String op = "unsortedSegmentSum";
        requireNumeric(op, updates);
        requireIndices(op, ids);
        int[] u = updates.shape().dims();
        int[] ix = ids.shape().dims();
        int axis = seg.axis();
        boolean fits = axis >= 0 && axis + ix.length <= u.length;
        for (int i = 0; fits && i < ix.length; i++) {
            fits = u[axis + i] == ix[i];
        }
        if (!fits || seg.numSegments() < 0) {
            throw new IllegalArgumentException(op + ": segment ids of shape " + ids.shape() + " must match the dimensions of data "
                    + updates.shape() + " starting at axis " + axis + " (and numSegments " + seg.numSegments() + " must be >= 0)");
        }
        checkIndices(op, ids, seg.numSegments(), "(numSegments " + seg.numSegments() + ", data shape " + updates.shape() + ")");
        int[] o = new int[u.length - ix.length + 1];
        System.arraycopy(u, 0, o, 0, axis);
        o[axis] = seg.numSegments();
        System.arraycopy(u, axis + ix.length, o, axis + 1, u.length - axis - ix.length);
        return new Out(updates.dtype(), shape(op, o));
    }

    /**
     * Every index value must lie in {@code [0, n)}. Index values are data, but they decide which elements exist,
     * so they are checked here, before a variable is read or anything is recorded (a variable holding indices
     * is looked at without a recorded read).
     */
    static void checkIndices(String op, Tensor indices, int n, String what) {
        Tensor t = indices instanceof io.gradtape.Variable ? io.gradtape.internal.TensorAccess.peekValue((io.gradtape.Variable) indices) : indices;
        Object d = io.gradtape.internal.TensorAccess.data(t);
        int size = t.size();
        for (int i = 0; i < size; i++) {
            long v = d instanceof int[] ? ((int[]) d)[i] : ((long[]) d)[i];
            if (v < 0 || v >= n) {
                throw new IllegalArgumentException(op + ": index " + v + " (at position " + i + " of indices with shape "
                        + indices.shape() + ") is out of range [0, " + n + ") " + what);
            }
        }
    }

    /** The tensor must hold indices: int32 or int64. */
    public static void requireIndices(String op, Tensor t) {
        if (!t.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": indices must be int32 or int64, got " + t.dtype() + " with shape " + t.shape());
        }
    }

    /** All but the last two dimensions. */
    public static Shape batchShape(Shape s) {
        return Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
    }

    private static Out concat(int axis, Tensor[] in) {
        String op = "concat";
        Tensor first = in[0];
        normalizedAxis(op, axis, first.shape());
        long[] o = new long[first.rank()];
        for (int d = 0; d < o.length; d++) {
            o[d] = first.shape().dim(d);
        }
        long total = 0;
        for (Tensor t : in) {
            sameDType(op, first, t);
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException(op + ": ranks differ, shapes " + first.shape() + " and " + t.shape());
            }
            for (int d = 0; d < o.length; d++) {
                if (d != axis && t.shape().dim(d) != o[d]) {
                    throw new IllegalArgumentException(op + ": shapes " + first.shape() + " and " + t.shape()
                            + " differ outside axis " + axis);
                }
            }
            total += t.shape().dim(axis);
        }
        o[axis] = total;
        return new Out(first.dtype(), shape(op, o));
    }

    /** Both tensors must have the same dtype: gradtape never promotes silently, as TensorFlow. */
    public static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ, " + a.dtype() + " " + a.shape() + " and "
                    + b.dtype() + " " + b.shape() + " (gradtape never promotes; " + literalHint(op, a, b) + ")");
        }
    }

    /**
     * The fix for a dtype clash: a float64 scalar beside a float32 tensor is most often a Java double literal
     * ({@code constant(3.0)}), so say how to write it; otherwise, cast.
     */
    private static String literalHint(String op, Tensor a, Tensor b) {
        Tensor scalar = a.dtype() == DType.FLOAT64 && a.rank() == 0 && b.dtype() == DType.FLOAT32 ? a
                : b.dtype() == DType.FLOAT64 && b.rank() == 0 && a.dtype() == DType.FLOAT32 ? b : null;
        if (scalar == null || !(io.gradtape.internal.TensorAccess.data(scalar) instanceof double[])) {
            return "use cast";
        }
        double v = ((double[]) io.gradtape.internal.TensorAccess.data(scalar))[0];
        boolean method = op.equals("add") || op.equals("sub") || op.equals("mul") || op.equals("div") || op.equals("pow");
        return v + " is float64; write " + (float) v + "f" + (method ? " or use x." + op + "(" + v + ")" : " or cast it");
    }

    /** The tensor must be float32 or float64. */
    public static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected a floating dtype (float32 or float64), got "
                    + t.dtype() + " with shape " + t.shape());
        }
    }

    /** The tensor must not be BOOL. */
    public static void requireNumeric(String op, Tensor t) {
        if (t.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": expected a numeric dtype, got bool with shape " + t.shape());
        }
    }
}
