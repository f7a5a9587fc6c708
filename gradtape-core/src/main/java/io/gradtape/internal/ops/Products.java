package io.gradtape.internal.ops;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * The matrix product: argument checks and the choice of transpose flags for MATMUL. The public entry points are documented on {@code Tensors}.
 */
public final class Products {
    private Products() {
    }

    public static Tensor linear(Tensor x, Tensor kernel, Tensor bias, String activation) {
        Objects.requireNonNull(x, "linear: x is null");
        Objects.requireNonNull(kernel, "linear: kernel is null");
        Objects.requireNonNull(bias, "linear: bias is null");
        Params.Linear p;
        if (activation == null || activation.equals("linear")) {
            p = Params.Linear.AFFINE;
        } else if (activation.equals("relu")) {
            p = Params.Linear.RELU;
        } else {
            throw new IllegalArgumentException("linear: activation must be null, \"linear\" or \"relu\", got \"" + activation
                    + "\"; apply other activations to linear's result");
        }
        return Dispatch.apply(Primitive.LINEAR, p, x, kernel, bias);
    }

    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Objects.requireNonNull(a, "matmul: first operand is null");
        Objects.requireNonNull(b, "matmul: second operand is null");
        Params.Matmul flags = !transposeA && !transposeB ? Params.Matmul.PLAIN : new Params.Matmul(transposeA, transposeB);
        return Dispatch.apply(Primitive.MATMUL, flags, a, b);
    }
}
