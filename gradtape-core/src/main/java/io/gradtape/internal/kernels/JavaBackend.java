package io.gradtape.internal.kernels;

import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.ShapeRules;

/** The pure-Java backend: routes each primitive to its kernel family. */
public class JavaBackend implements Backend {
    @Override
    public Object run(Primitive p, Params params, Tensor[] in, ShapeRules.Out out) {
        switch (p) {
            case NEG: case ABS: case SIGN: case RELU:
            case EXP: case LOG: case SIN: case COS: case TAN: case TANH: case SQRT: case SIGMOID:
            case LOG1P: case EXPM1: case ERF: case FLOOR: case CEIL: case ROUND:
                return ElementwiseKernels.unary(p, in[0].dtype(), TensorAccess.data(in[0]));
            case ADD: case SUB: case MUL: case DIV: case POW: case MAXIMUM: case MINIMUM:
            case EQUAL: case NOT_EQUAL: case GREATER: case GREATER_EQUAL: case LESS: case LESS_EQUAL:
                return ElementwiseKernels.binary(p, in[0], in[1], out);
            case WHERE:
                return ElementwiseKernels.where(in[0], in[1], in[2], out);
            case REDUCE_SUM: case REDUCE_MAX: case REDUCE_MIN:
                return ReduceKernels.reduce(p, in[0], ((Params.Axes) params).axes());
            case ARG_MAX: case ARG_MIN:
                return IndexKernels.argExtreme(in[0], ((Params.Axis) params).axis(), p == Primitive.ARG_MAX);
            case ARGSORT: {
                Params.Sort so = (Params.Sort) params;
                return IndexKernels.argsort(in[0], so.axis(), so.descending());
            }
            case SCAN: {
                Params.Scan sc = (Params.Scan) params;
                return ScanKernels.scan(in[0], in[1], sc.axis(), sc.reverse(), out.shape(), out.dtype());
            }
            case GATHER:
                return IndexKernels.gather(in[0], in[1], ((Params.Axis) params).axis(), out.shape());
            case SCATTER_ADD: {
                Params.Segments sg = (Params.Segments) params;
                return IndexKernels.scatterAdd(in[0], in[1], sg.axis(), sg.numSegments(), out.shape());
            }
            case MATMUL:
                return MatmulKernels.matmul((Params.Matmul) params, in[0], in[1], out);
            case RESHAPE: case IDENTITY: case STOP_GRADIENT: case READ_VARIABLE:
                return TensorAccess.data(in[0]);
            case TRANSPOSE:
                return MovementKernels.transpose(in[0], ((Params.Perm) params).perm());
            case BROADCAST_TO:
                return MovementKernels.broadcastTo(in[0], out.shape());
            case CONCAT:
                return MovementKernels.concat(in, ((Params.Axis) params).axis(), out);
            case SLICE:
                return MovementKernels.slice(in[0], ((Params.Region) params).begin(), out.shape());
            case PAD:
                return MovementKernels.pad(in[0], ((Params.Padding) params).before(), out.shape());
            case CUSTOM:
                return TensorAccess.data(((Params.Custom) params).value());
            case CAST:
                return in[0].dtype() == out.dtype() ? TensorAccess.data(in[0]) : Convert.array(TensorAccess.data(in[0]), out.dtype());
            default:
                throw new AssertionError(p);
        }
    }
}
