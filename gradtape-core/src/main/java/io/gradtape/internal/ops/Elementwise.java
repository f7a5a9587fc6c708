package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * The elementwise composites of {@code Tensors} (pow with a constant, square, rsqrt, reciprocal, clipByValue) and
 * the argument checks of where and cast. The public entry points are documented on {@code Tensors}.
 */
public final class Elementwise {
    private Elementwise() {
    }

    public static Tensor pow(Tensor x, double p) {
        Objects.requireNonNull(x, "pow: x is null");
        return Tensors.pow(x, scalarFor("pow", x, p));
    }

    public static Tensor square(Tensor x) {
        Objects.requireNonNull(x, "square: x is null");
        ShapeRules.requireNumeric("square", x);
        return mul(x, x);
    }

    public static Tensor where(Tensor cond, Tensor x, Tensor y) {
        Objects.requireNonNull(cond, "where: cond is null");
        Objects.requireNonNull(x, "where: x is null");
        Objects.requireNonNull(y, "where: y is null");
        return Dispatch.apply(Primitive.WHERE, null, cond, x, y);
    }

    public static Tensor cast(Tensor x, DType dtype) {
        Objects.requireNonNull(x, "cast: x is null");
        Objects.requireNonNull(dtype, "cast: dtype is null");
        return Dispatch.apply(Primitive.CAST, new Params.To(dtype), x);
    }

    public static Tensor rsqrt(Tensor x) {
        Objects.requireNonNull(x, "rsqrt: x is null");
        ShapeRules.requireFloating("rsqrt", x);
        return div(scalarLike(x, 1), sqrt(x));
    }

    public static Tensor reciprocal(Tensor x) {
        Objects.requireNonNull(x, "reciprocal: x is null");
        ShapeRules.requireFloating("reciprocal", x);
        return div(scalarLike(x, 1), x);
    }

    public static Tensor clipByValue(Tensor x, Tensor lo, Tensor hi) {
        Objects.requireNonNull(x, "clipByValue: x is null");
        Objects.requireNonNull(lo, "clipByValue: lo is null");
        Objects.requireNonNull(hi, "clipByValue: hi is null");
        String op = "clipByValue";
        ShapeRules.requireNumeric(op, x);
        ShapeRules.sameDType(op, x, lo);
        ShapeRules.sameDType(op, x, hi);
        Shape out = ShapeRules.broadcast(op, ShapeRules.broadcast(op, x.shape(), lo.shape()), hi.shape());
        if (!out.equals(x.shape())) { // TensorFlow's clip_by_value: the bounds must not make the result larger
            throw new IllegalArgumentException(op + ": the bounds lo " + lo.shape() + " and hi " + hi.shape()
                    + " would broadcast x " + x.shape() + " to " + out + "; the result keeps x's shape, so each bound"
                    + " must broadcast to " + x.shape() + " (a scalar always does)");
        }
        return maximum(minimum(x, hi), lo);
    }

    public static Tensor clipByValue(Tensor x, double lo, double hi) {
        Objects.requireNonNull(x, "clipByValue: x is null");
        return clipByValue(x, scalarFor("clipByValue", x, lo), scalarFor("clipByValue", x, hi));
    }
}
