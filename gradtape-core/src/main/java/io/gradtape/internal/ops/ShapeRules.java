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
 * <p><b>One small rule per primitive family</b> ({@link ShapeRule}), in files named for the family:
 * {@link ElementwiseShapes}, {@link AxisShapes}, {@link IndexShapes}, {@link MatmulShapes}, {@link MovementShapes},
 * and {@code LinalgShapes} (internal.linalg); this class keeps the helpers they share. {@link #infer} calls the
 * rule found by the primitive's ordinal in a table that {@code rule} fills, a {@code switch} expression over
 * {@link Primitive} with no {@code default}: a primitive added to the enum without a rule does not compile.
 *
 * <p>Why a table of rules and not one {@code switch} with every case inline: C2 compiled that {@code infer} (1,457
 * bytes of bytecode) with every case's helpers inlined and the cases not yet seen cut off, so the first new op
 * (an MLP after other work) deoptimized it and C2 compiled the whole method again: 410 ms of C2 time and 32 KB of
 * code before the MLP, 147 ms after (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-02), on the one C2 thread
 * that the MLP's kernels wait for. Now each rule is compiled once, on its own, when its ops get hot; an op new to
 * the JVM runs its own rule and deoptimizes nothing else.
 */
public final class ShapeRules {
    private ShapeRules() {
    }

    /** The dtype and shape of a primitive's output. */
    public record Out(DType dtype, Shape shape) {
    }

    /** Validates the inputs of {@code p} and returns its output's dtype and shape. */
    public static Out infer(Primitive p, Params params, Tensor[] in) {
        Out scalar = KEEPS_SCALARS[p.ordinal()] ? scalarElementwise(in) : null;
        return scalar != null ? scalar : RULES[p.ordinal()].infer(p.opName(), params, in);
    }

    /**
     * The elementwise primitives whose rule ({@link ElementwiseShapes#numericUnary}, {@code floatingUnary},
     * {@code numericBinary}, {@code floatingBinary}) gives, for operands that are all rank 0 and of one floating
     * dtype, that dtype and rank 0: such operands pass every check of those rules (same dtype, numeric, floating;
     * two rank-0 shapes broadcast to rank 0). Comparisons (BOOL result) and {@code where} are not among them.
     */
    private static final boolean[] KEEPS_SCALARS = Primitive.flags(Primitive.NEG, Primitive.ABS, Primitive.SIGN,
            Primitive.RELU, Primitive.ROUND, Primitive.EXP, Primitive.LOG, Primitive.SIN, Primitive.COS, Primitive.TAN,
            Primitive.TANH, Primitive.SQRT, Primitive.SIGMOID, Primitive.LOG1P, Primitive.EXPM1, Primitive.ERF,
            Primitive.FLOOR, Primitive.CEIL, Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.POW,
            Primitive.MAXIMUM, Primitive.MINIMUM, Primitive.DIV, Primitive.FLOOR_DIV, Primitive.FLOOR_MOD,
            Primitive.TRUNCATE_MOD, Primitive.ATAN2); // not TRUNCATE_DIV: integers only

    /** The output of a rank-0 floating op, one per dtype (by ordinal; null for the others): a record is a value. */
    private static final Out[] SCALAR_OUT = new Out[DType.values().length];

    static {
        for (DType d : DType.values()) {
            if (d.isFloating()) {
                SCALAR_OUT[d.ordinal()] = new Out(d, Shape.SCALAR);
            }
        }
    }

    /**
     * {@link #infer}'s shortcut for an elementwise op on rank-0 operands of one floating dtype (the scalar chain
     * of ScalarChainBench, a user's scalar loop): the shared {@link Out} of that dtype, or null when some operand
     * is not rank 0 or the dtypes differ or are not floating (then the primitive's rule decides, and reports the
     * mistake). Each recorded scalar op allocated an {@code Out} (24 of its 177 bytes) and called its rule through
     * the table; see {@link Dispatch} for the measurement.
     */
    private static Out scalarElementwise(Tensor[] in) {
        DType d = in[0].dtype();
        for (Tensor t : in) {
            if (t.shape().rank() != 0 || t.dtype() != d) {
                return null;
            }
        }
        return SCALAR_OUT[d.ordinal()];
    }

    /** Each primitive's rule, by ordinal. */
    private static final ShapeRule[] RULES = table();

    private static ShapeRule[] table() {
        Primitive[] all = Primitive.values();
        ShapeRule[] t = new ShapeRule[all.length];
        for (Primitive p : all) {
            t[p.ordinal()] = rule(p);
        }
        return t;
    }

    /** The rule of {@code p}: a {@code switch} with no {@code default}, so every primitive must have one. */
    private static ShapeRule rule(Primitive p) {
        return switch (p) {
            case NEG, ABS, SIGN, RELU, ROUND -> ElementwiseShapes::numericUnary;
            case EXP, LOG, SIN, COS, TAN, TANH, SQRT, SIGMOID, LOG1P, EXPM1, ERF, FLOOR, CEIL -> ElementwiseShapes::floatingUnary;
            case ADD, SUB, MUL, POW, MAXIMUM, MINIMUM, FLOOR_DIV, FLOOR_MOD, TRUNCATE_MOD -> ElementwiseShapes::numericBinary;
            case DIV -> ElementwiseShapes::floatingBinary;
            case ATAN2 -> ElementwiseShapes::realBinary;
            case TRUNCATE_DIV -> ElementwiseShapes::integerBinary;
            case EQUAL, NOT_EQUAL -> ElementwiseShapes::equality;
            case GREATER, GREATER_EQUAL, LESS, LESS_EQUAL -> ElementwiseShapes::ordering;
            case WHERE -> ElementwiseShapes::where;
            case REDUCE_SUM, REDUCE_MAX, REDUCE_MIN -> AxisShapes::reduce;
            case ARG_MAX, ARG_MIN -> AxisShapes::argExtreme;
            case ARGSORT -> AxisShapes::argsort;
            case SCAN -> AxisShapes::scan;
            case LOG_SOFTMAX -> AxisShapes::logSoftmax;
            case GATHER -> IndexShapes::gather;
            case SCATTER_ADD -> IndexShapes::scatterAdd;
            case MATMUL -> MatmulShapes::matmul;
            case LINEAR -> MatmulShapes::linear;
            case CHOLESKY -> (op, params, in) -> LinalgShapes.cholesky(in[0]);
            case TRIANGULAR_SOLVE, SOLVE -> (op, params, in) -> LinalgShapes.solve(op, in[0], in[1]);
            case LOG_ABS_DET -> (op, params, in) -> LinalgShapes.logAbsDet(in[0]);
            case QR -> (op, params, in) -> LinalgShapes.qr(in[0]);
            case EIGH -> (op, params, in) -> LinalgShapes.eigh(in[0]);
            case SVD -> (op, params, in) -> LinalgShapes.svd(in[0]);
            case CTC_LOSS -> (op, params, in) -> Ctc.shape(true, params, in[0]);
            case CTC_GRADIENT -> (op, params, in) -> Ctc.shape(false, params, in[0]);
            case RESHAPE -> MovementShapes::reshape;
            case TRANSPOSE -> MovementShapes::transpose;
            case BROADCAST_TO -> MovementShapes::broadcastTo;
            case CONCAT -> MovementShapes::concat;
            case SLICE -> MovementShapes::slice;
            case PAD -> MovementShapes::pad;
            case CAST -> MovementShapes::cast;
            case IDENTITY, STOP_GRADIENT, READ_VARIABLE -> MovementShapes::same;
            case CUSTOM -> MovementShapes::custom;
        };
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

    /**
     * Whether {@code from} broadcasts to {@code to} unchanged (NumPy rules): no more axes than {@code to}, and each
     * of its dimensions, aligned right, 1 or equal to {@code to}'s. So broadcasting the two gives {@code to}.
     */
    public static boolean broadcastsTo(Shape from, Shape to) {
        int k = to.rank() - from.rank();
        if (k < 0) {
            return false;
        }
        for (int i = 0; i < from.rank(); i++) {
            int d = from.dim(i);
            if (d != 1 && d != to.dim(k + i)) {
                return false;
            }
        }
        return true;
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

    /**
     * The position of a new axis inserted into {@code shape} (expandDims, stack): {@code -(r + 1) .. r} for an
     * input of rank r, negatives counting from the end of the result.
     */
    public static int insertAxis(String op, int axis, Shape shape) {
        int r = shape.rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for an input of shape " + shape
                    + " (rank " + r + "): the new axis must be in [" + (-r - 1) + ", " + r + "]");
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
