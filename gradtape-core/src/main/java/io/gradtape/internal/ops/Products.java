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

    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Objects.requireNonNull(a, "matmul: first operand is null");
        Objects.requireNonNull(b, "matmul: second operand is null");
        Params.Matmul flags = !transposeA && !transposeB ? Params.Matmul.PLAIN : new Params.Matmul(transposeA, transposeB);
        return Dispatch.apply(Primitive.MATMUL, flags, a, b);
    }
}
