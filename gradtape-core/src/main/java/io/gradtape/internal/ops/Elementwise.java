package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * The elementwise composites of {@code Tensors} (pow with a constant, square, rsqrt, reciprocal, clipByValue,
 * xlogy, xlog1py, xdivy) and the argument checks of where and cast. The public entry points are documented on {@code Tensors}.
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

    /** xlogy, xlog1py, xdivy: {@code x f(y)}, 0 where {@code x == 0}; checks first, so a mistake records nothing. */
    private static Tensor zeroWhereXIsZero(String op, Tensor x, Tensor y, double safeY,
            java.util.function.BinaryOperator<Tensor> f) {
        Objects.requireNonNull(x, op + ": x is null");
        Objects.requireNonNull(y, op + ": y is null");
        ShapeRules.sameDType(op, x, y);
        ShapeRules.requireFloating(op, x);
        ShapeRules.broadcast(op, x.shape(), y.shape());
        // the double where: y is replaced where x == 0 by a value where f is finite (log 1, log1p 0, / 1), so the
        // unselected branch's derivative there is finite and the gradient 0, TensorFlow's mask
        Tensor isZero = equal(x, constant(0, x.dtype()));
        Tensor safe = Tensors.where(isZero, constant(safeY, x.dtype()), y);
        return Tensors.where(isZero, constant(0, x.dtype()), f.apply(x, safe));
    }

    /** x log(y), 0 where x == 0 (TensorFlow's xlogy_op: {@code x == 0 ? 0 : x * log(y)}). */
    public static Tensor xlogy(Tensor x, Tensor y) {
        return zeroWhereXIsZero("xlogy", x, y, 1, (a, b) -> mul(a, log(b)));
    }

    /** x log(1 + y), 0 where x == 0 (TensorFlow's xlog1py_op). */
    public static Tensor xlog1py(Tensor x, Tensor y) {
        return zeroWhereXIsZero("xlog1py", x, y, 0, (a, b) -> mul(a, log1p(b)));
    }

    /** x / y, 0 where x == 0 (TensorFlow's xdivy_op). */
    public static Tensor xdivy(Tensor x, Tensor y) {
        return zeroWhereXIsZero("xdivy", x, y, 1, Tensors::div);
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
