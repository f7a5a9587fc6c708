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
 * storage is never written after a tensor is made). The routing is a {@code switch} expression over
 * {@link Primitive} with no {@code default}, so a primitive added to the enum does not compile until it is
 * routed here.
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
     * The output values of {@code p} applied to {@code in}.
     *
     * @param p      the primitive
     * @param params its static arguments, or null
     * @param in     the inputs (plain tensors, never variables)
     * @param out    the output dtype and shape
     * @return the storage array
     */
    public static Object run(Primitive p, Params params, Tensor[] in, ShapeRules.Out out) {
        return switch (p) {
            case NEG, ABS, SIGN, RELU, EXP, LOG, SIN, COS, TAN, TANH, SQRT, SIGMOID, LOG1P, EXPM1, ERF,
                    FLOOR, CEIL, ROUND -> ElementwiseKernels.unary(p, in[0].dtype(), TensorAccess.data(in[0]));
            case ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
                    EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL -> ElementwiseKernels.binary(p, in[0], in[1], out);
            case WHERE -> ElementwiseKernels.where(in[0], in[1], in[2], out);
            case REDUCE_SUM, REDUCE_MAX, REDUCE_MIN -> ReduceKernels.reduce(p, in[0], ((Params.Axes) params).axes());
            case ARG_MAX, ARG_MIN -> IndexKernels.argExtreme(in[0], ((Params.Axis) params).axis(), p == Primitive.ARG_MAX);
            case ARGSORT -> {
                Params.Sort so = (Params.Sort) params;
                yield IndexKernels.argsort(in[0], so.axis(), so.descending());
            }
            case SCAN -> {
                Params.Scan sc = (Params.Scan) params;
                yield ScanKernels.scan(in[0], in[1], sc.axis(), sc.reverse(), out.shape(), out.dtype());
            }
            case GATHER -> IndexKernels.gather(in[0], in[1], ((Params.Axis) params).axis(), out.shape());
            case SCATTER_ADD -> {
                Params.Segments sg = (Params.Segments) params;
                yield IndexKernels.scatterAdd(in[0], in[1], sg.axis(), sg.numSegments(), out.shape());
            }
            case MATMUL -> MatmulKernels.matmul((Params.Matmul) params, in[0], in[1], out);
            case CHOLESKY -> LinalgKernels.cholesky(in[0], out);
            case TRIANGULAR_SOLVE -> LinalgKernels.triangularSolve((Params.TriangularSolve) params, in[0], in[1], out);
            case SOLVE -> LinalgKernels.solve((Params.Adjoint) params, in[0], in[1], out);
            case LOG_ABS_DET -> LinalgKernels.logAbsDet(in[0], out);
            case QR -> LinalgKernels.qr(in[0], out);
            case EIGH -> LinalgKernels.eigh(in[0], out);
            case SVD -> LinalgKernels.svd(in[0], out);
            // the same values: storage is never written after a tensor is made, so the input's array is shared
            case RESHAPE, IDENTITY, STOP_GRADIENT, READ_VARIABLE -> TensorAccess.data(in[0]);
            case TRANSPOSE -> MovementKernels.transpose(in[0], ((Params.Perm) params).perm());
            case BROADCAST_TO -> MovementKernels.broadcastTo(in[0], out.shape());
            case CONCAT -> MovementKernels.concat(in, ((Params.Axis) params).axis(), out);
            case SLICE -> MovementKernels.slice(in[0], ((Params.Region) params).begin(), out.shape());
            case PAD -> MovementKernels.pad(in[0], ((Params.Padding) params).before(), out.shape());
            case CUSTOM -> TensorAccess.data(((Params.Custom) params).value());
            case CAST -> in[0].dtype() == out.dtype() ? TensorAccess.data(in[0]) : Convert.array(TensorAccess.data(in[0]), out.dtype());
        };
    }
}
