package io.gradtape.internal.kernels;

import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.linalg.LinalgKernels;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.ShapeRules;

/**
 * Routes each primitive to its kernel. Inputs have been validated by {@link ShapeRules}; the result is a fresh
 * storage array of {@code out}'s dtype and size (or an input's own array when the values are the same, since
 * storage is never written after a tensor is made). The routing is a table of kernel calls by ordinal, filled by
 * a {@code switch} expression over {@link Primitive} with no {@code default}, so a primitive added to the enum
 * does not compile until it is routed here.
 *
 * <p>There is one implementation, in Java, and no backend interface: the one place where another implementation
 * pays (a large matrix product) has its own seam, {@link io.gradtape.spi.GemmProvider}, which
 * {@link MatmulKernels} consults; every other kernel is memory-bound Java that a second backend would only
 * duplicate.
 */
public final class KernelTable {
    private KernelTable() {
    }

    /**
     * {@link #run}'s shortcut for an elementwise op on one-element floating operands, taken when
     * {@link ShapeRules#infer} gave a rank-0 output of a floating dtype: {@code + - * /} of two float32 or two
     * float64 scalars computed here, and a one-input op handed straight to {@link FastLoops#unary}, which is what
     * {@link ElementwiseKernels#unary} calls for a floating dtype. Null for anything else ({@link #run} then routes
     * it). The same bits as {@link #run}: every kernel behind it computes a scalar's {@code + - * /} as one IEEE
     * operation of the dtype (float32 through double and back is the same rounding for these four), and one-input
     * ops go through the same code.
     *
     * <p>Why: {@link #run} (725 bytes of bytecode before it became a table) was too large for C2 to inline into {@link
     * io.gradtape.internal.ops.Dispatch}, and under it a scalar {@code mul} passed through
     * {@code ElementwiseKernels.binary}, {@code FastLoops.binary}, the provider and the operator's loop object
     * (five calls, three of them not inlined) to compute one product. This method is small enough to inline.
     *
     * @param p   the primitive
     * @param in  the inputs (plain tensors, never variables), all rank 0 when {@code p} is elementwise
     * @return the storage array, or null
     */
    public static Object scalar(Primitive p, Tensor[] in) {
        Object a = TensorAccess.data(in[0]);
        if (in.length == 1) {
            return UNARY[p.ordinal()] ? FastLoops.unary(p, a) : null; // float32 or float64: rank-0 floating output
        }
        if (in.length != 2 || !ARITHMETIC[p.ordinal()]) {
            return null;
        }
        Object b = TensorAccess.data(in[1]);
        if (a instanceof float[] && b instanceof float[]) {
            float x = ((float[]) a)[0], y = ((float[]) b)[0];
            return new float[] {p == Primitive.ADD ? x + y : p == Primitive.SUB ? x - y : p == Primitive.MUL ? x * y : x / y};
        }
        if (a instanceof double[] && b instanceof double[]) {
            double x = ((double[]) a)[0], y = ((double[]) b)[0];
            return new double[] {p == Primitive.ADD ? x + y : p == Primitive.SUB ? x - y : p == Primitive.MUL ? x * y : x / y};
        }
        return null;
    }

    /** The one-input elementwise primitives (floating operands go to {@link FastLoops#unary}), by ordinal. */
    private static final boolean[] UNARY = Primitive.flags(Primitive.NEG, Primitive.ABS, Primitive.SIGN, Primitive.RELU,
            Primitive.ROUND, Primitive.EXP, Primitive.LOG, Primitive.SIN, Primitive.COS, Primitive.TAN,
            Primitive.TANH, Primitive.SQRT, Primitive.SIGMOID, Primitive.LOG1P, Primitive.EXPM1, Primitive.ERF,
            Primitive.FLOOR, Primitive.CEIL);
    /** The four arithmetic operators computed by {@link #scalar}, by ordinal. */
    private static final boolean[] ARITHMETIC = Primitive.flags(Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.DIV);

    /**
     * The output values of {@code p} applied to {@code in}: one call through {@link #KERNELS}, the table of each
     * primitive's kernel call by ordinal.
     *
     * <p>Why a table: C2 compiled the {@code switch} this method held with the cases no op had reached cut off,
     * and the first op of a kind new to the JVM trapped there and threw the whole method's code away with the
     * kernels inlined in it. In WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:26-13:30 UTC, load 2-4, 2
     * runs) the MNIST MLP's first steps after other work trapped at run@8 (unstable_if) in one of the two runs and
     * C2 compiled run again (7.1 KB, 45 ms). Now each kernel call is a small lambda compiled on its own when its
     * ops get hot, and an op new to the JVM deoptimizes nothing else (as {@code VjpRules}' table, 638c513).
     *
     * @param p      the primitive
     * @param params its static arguments, or null
     * @param in     the inputs (plain tensors, never variables)
     * @param out    the output dtype and shape
     * @return the storage array
     */
    public static Object run(Primitive p, Params params, Tensor[] in, ShapeRules.Out out) {
        return KERNELS[p.ordinal()].run(p, params, in, out);
    }

    /** One primitive's kernel call ({@link #run}'s arguments). */
    private interface Kernel {
        Object run(Primitive p, Params params, Tensor[] in, ShapeRules.Out out);
    }

    private static final Kernel[] KERNELS = table();

    private static Kernel[] table() {
        Primitive[] all = Primitive.values();
        Kernel[] t = new Kernel[all.length];
        for (Primitive q : all) {
            t[q.ordinal()] = kernel(q);
        }
        return t;
    }

    /**
     * The kernel call of {@code q}: a {@code switch} with no {@code default}, so a primitive added to the enum
     * does not compile until it is routed here. The lambdas capture nothing (the primitive is an argument), so
     * primitives that share a kernel share one lambda.
     */
    private static Kernel kernel(Primitive q) {
        return switch (q) {
            case NEG, ABS, SIGN, RELU, EXP, LOG, SIN, COS, TAN, TANH, SQRT, SIGMOID, LOG1P, EXPM1, ERF,
                    FLOOR, CEIL, ROUND -> (p, params, in, out) -> ElementwiseKernels.unary(p, in[0].dtype(), TensorAccess.data(in[0]));
            case ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2,
                    EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL -> (p, params, in, out) -> ElementwiseKernels.binary(p, in[0], in[1], out);
            case FLOOR_DIV, FLOOR_MOD, TRUNCATE_DIV, TRUNCATE_MOD -> (p, params, in, out) -> ElementwiseKernels.divMod(p, in[0], in[1], out);
            case WHERE -> (p, params, in, out) -> ElementwiseKernels.where(in[0], in[1], in[2], out);
            case REDUCE_SUM, REDUCE_MAX, REDUCE_MIN -> (p, params, in, out) -> ReduceKernels.reduce(p, in[0], ((Params.Axes) params).axes());
            case ARG_MAX, ARG_MIN -> (p, params, in, out) -> IndexKernels.argExtreme(in[0], ((Params.Axis) params).axis(), p == Primitive.ARG_MAX);
            case ARGSORT -> (p, params, in, out) -> {
                Params.Sort so = (Params.Sort) params;
                return IndexKernels.argsort(in[0], so.axis(), so.descending());
            };
            case SCAN -> (p, params, in, out) -> {
                Params.Scan sc = (Params.Scan) params;
                return ScanKernels.scan(in[0], in[1], sc.axis(), sc.reverse(), out.shape(), out.dtype());
            };
            case LOG_SOFTMAX -> (p, params, in, out) -> SoftmaxKernels.logSoftmax(in[0], ((Params.Axis) params).axis());
            case GATHER -> (p, params, in, out) -> IndexKernels.gather(in[0], in[1], ((Params.Axis) params).axis(), out.shape());
            case SCATTER_ADD -> (p, params, in, out) -> {
                Params.Segments sg = (Params.Segments) params;
                return IndexKernels.scatterAdd(in[0], in[1], sg.axis(), sg.numSegments(), out.shape());
            };
            case MATMUL -> (p, params, in, out) -> MatmulKernels.matmul((Params.Matmul) params, in[0], in[1], out);
            case LINEAR -> (p, params, in, out) -> MatmulKernels.linear(((Params.Linear) params).relu(), in[0], in[1], in[2], out);
            case CHOLESKY -> (p, params, in, out) -> LinalgKernels.cholesky(in[0], out);
            case TRIANGULAR_SOLVE -> (p, params, in, out) -> LinalgKernels.triangularSolve((Params.TriangularSolve) params, in[0], in[1], out);
            case SOLVE -> (p, params, in, out) -> LinalgKernels.solve((Params.Adjoint) params, in[0], in[1], out);
            case LOG_ABS_DET -> (p, params, in, out) -> LinalgKernels.logAbsDet(in[0], out);
            case QR -> (p, params, in, out) -> LinalgKernels.qr(in[0], out);
            case EIGH -> (p, params, in, out) -> LinalgKernels.eigh(in[0], out);
            case SVD -> (p, params, in, out) -> LinalgKernels.svd(in[0], out);
            case CTC_LOSS -> (p, params, in, out) -> CtcKernels.loss((Params.Ctc) params, in[0], out);
            case CTC_GRADIENT -> (p, params, in, out) -> CtcKernels.gradient((Params.Ctc) params, in[0], out);
            // the same values: storage is never written after a tensor is made, so the input's array is shared
            case RESHAPE, IDENTITY, STOP_GRADIENT, READ_VARIABLE -> (p, params, in, out) -> TensorAccess.data(in[0]);
            case TRANSPOSE -> (p, params, in, out) -> MovementKernels.transpose(in[0], ((Params.Perm) params).perm());
            case BROADCAST_TO -> (p, params, in, out) -> MovementKernels.broadcastTo(in[0], out.shape());
            case CONCAT -> (p, params, in, out) -> MovementKernels.concat(in, ((Params.Axis) params).axis(), out);
            case SLICE -> (p, params, in, out) -> MovementKernels.slice(in[0], ((Params.Region) params).begin(), out.shape());
            case PAD -> (p, params, in, out) -> MovementKernels.pad(in[0], ((Params.Padding) params).before(), out.shape());
            case CUSTOM -> (p, params, in, out) -> TensorAccess.data(((Params.Custom) params).value());
            case CAST -> (p, params, in, out) -> in[0].dtype() == out.dtype() ? TensorAccess.data(in[0])
                    : Convert.array(TensorAccess.data(in[0]), out.dtype());
        };
    }
}
