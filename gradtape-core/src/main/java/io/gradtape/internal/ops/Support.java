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

    /** The scalar {@code c} in {@code x}'s dtype. */
    public static Tensor scalarLike(Tensor x, double c) {
        return constant(c, x.dtype());
    }

    public static Tensor intVector(int[] v) {
        return TensorAccess.make(DType.INT32, Shape.of(v.length), v);
    }
}
