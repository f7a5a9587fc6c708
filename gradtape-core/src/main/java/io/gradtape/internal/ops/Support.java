package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;

import static io.gradtape.Tensors.*;

/**
 * Small helpers shared by the internal op classes. The public entry points are documented on {@code Tensors}.
 */
public final class Support {
    private Support() {
    }

    /** A tensor made from storage that is not shared with anyone. */
    public static Tensor make(DType dtype, Shape shape, Object data) {
        return TensorAccess.make(dtype, shape, data);
    }

    /**
     * The Java number {@code c} as a scalar of {@code x}'s dtype, for {@code op} (as in {@code x.add(1.5)}): a
     * fraction or an out-of-range value for an integer tensor, a finite value past float32's range for a float32
     * tensor (TensorFlow's conversion refuses it rather than making inf), or any number for a bool tensor, is an
     * {@link IllegalArgumentException} that names {@code op}, not the inner {@code constant}.
     */
    public static Tensor scalarFor(String op, Tensor x, double c) {
        java.util.Objects.requireNonNull(x, () -> op + ": x is null");
        DType dt = x.dtype();
        if (dt == DType.BOOL) {
            throw new IllegalArgumentException(op + ": cannot combine the number " + c + " with a bool tensor of shape " + x.shape()
                    + " (cast it to a numeric dtype first)");
        }
        if (dt == DType.FLOAT32 && Creation.overflowsFloat32(c)) {
            throw new IllegalArgumentException(op + ": the number " + c + " is out of float32's range (largest finite "
                    + Float.MAX_VALUE + ") for the float32 tensor of shape " + x.shape()
                    + " (it would round to an infinity; pass the infinity itself or cast the tensor to float64)");
        }
        if (!Creation.fits(c, dt)) {
            throw new IllegalArgumentException(op + ": the number " + c + " does not fit the " + dt + " tensor of shape " + x.shape()
                    + " (integer tensors take whole numbers only; cast the tensor to float32 or float64 first)");
        }
        return constant(c, dt);
    }

    /**
     * The Java integer {@code c} as a scalar of {@code x}'s dtype, for {@code op} (as in {@code x.add(1)}): exact
     * for an int64 tensor at every value (a {@code double} would round a long above 2^53), checked for int32,
     * rounded once to nearest for a float tensor; any number for a bool tensor is an
     * {@link IllegalArgumentException} that names {@code op}.
     */
    public static Tensor scalarFor(String op, Tensor x, long c) {
        java.util.Objects.requireNonNull(x, () -> op + ": x is null");
        switch (x.dtype()) {
            case INT64:
                return constant(c);
            case INT32:
                if (c != (int) c) {
                    throw new IllegalArgumentException(op + ": the number " + c + " does not fit the int32 tensor of shape "
                            + x.shape() + " (cast the tensor to int64 first)");
                }
                return constant((int) c);
            case FLOAT32:
                return constant((float) c);
            case FLOAT64:
                return constant((double) c);
            default:
                throw new IllegalArgumentException(op + ": cannot combine the number " + c + " with a bool tensor of shape "
                        + x.shape() + " (cast it to a numeric dtype first)");
        }
    }

    /** The scalar {@code c} in {@code x}'s dtype. */
    public static Tensor scalarLike(Tensor x, double c) {
        return constant(c, x.dtype());
    }

    public static Tensor intVector(int[] v) {
        return TensorAccess.make(DType.INT32, Shape.of(v.length), v);
    }
}
