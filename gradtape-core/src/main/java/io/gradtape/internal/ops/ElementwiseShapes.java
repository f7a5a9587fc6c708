package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import static io.gradtape.internal.ops.ShapeRules.broadcast;
import static io.gradtape.internal.ops.ShapeRules.requireFloating;
import static io.gradtape.internal.ops.ShapeRules.requireNumeric;
import static io.gradtape.internal.ops.ShapeRules.sameDType;

/**
 * The shape rules of the elementwise primitives: one input keeps its dtype and shape; two inputs have the same
 * dtype (never promoted) and broadcast as NumPy; comparisons give BOOL; {@code where} broadcasts three ways.
 */
final class ElementwiseShapes {
    private ElementwiseShapes() {
    }

    /** neg, abs, sign, relu, round: any numeric dtype. */
    static ShapeRules.Out numericUnary(String op, Params params, Tensor[] in) {
        requireNumeric(op, in[0]);
        return new ShapeRules.Out(in[0].dtype(), in[0].shape());
    }

    /** exp, log, sin, ... floor, ceil: float32 or float64. */
    static ShapeRules.Out floatingUnary(String op, Params params, Tensor[] in) {
        requireFloating(op, in[0]);
        return new ShapeRules.Out(in[0].dtype(), in[0].shape());
    }

    /**
     * add, sub, mul, pow, maximum, minimum, floorDiv, floorMod, truncateMod: two numeric inputs of one dtype,
     * broadcast.
     */
    static ShapeRules.Out numericBinary(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        requireNumeric(op, in[0]);
        return new ShapeRules.Out(in[0].dtype(), broadcast(op, in[0].shape(), in[1].shape()));
    }

    /** div: two floating inputs of one dtype, broadcast. */
    static ShapeRules.Out floatingBinary(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        if (in[0].dtype().isInteger()) { // TensorFlow's a / b on integers is truediv: both cast to float64 first
            throw new IllegalArgumentException(op + ": integer operands (" + in[0].dtype() + " " + in[0].shape() + " and "
                    + in[1].dtype() + " " + in[1].shape() + "); TensorFlow's / on integers casts both to float64 (truediv),"
                    + " which gradtape leaves to you: div(cast(a, DType.FLOAT64), cast(b, DType.FLOAT64))");
        }
        requireFloating(op, in[0]);
        return new ShapeRules.Out(in[0].dtype(), broadcast(op, in[0].shape(), in[1].shape()));
    }

    /** atan2: two floating inputs of one dtype, broadcast (TensorFlow registers Atan2 for floating types only). */
    static ShapeRules.Out realBinary(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        requireFloating(op, in[0]);
        return new ShapeRules.Out(in[0].dtype(), broadcast(op, in[0].shape(), in[1].shape()));
    }

    /**
     * truncateDiv: two int32 or int64 inputs of one dtype, broadcast. TensorFlow's TruncateDiv has integer kernels
     * only (cwise_op_div.cc); for floats the message points to div.
     */
    static ShapeRules.Out integerBinary(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        if (!in[0].dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": expected int32 or int64 operands, got " + in[0].dtype() + " "
                    + in[0].shape() + " and " + in[1].dtype() + " " + in[1].shape()
                    + (in[0].dtype().isFloating() ? " (TensorFlow's TruncateDiv has integer kernels only; for floats"
                    + " use div, or floorDiv to round down)" : ""));
        }
        return new ShapeRules.Out(in[0].dtype(), broadcast(op, in[0].shape(), in[1].shape()));
    }

    /** equal, notEqual: any dtype (bool too), BOOL result. */
    static ShapeRules.Out equality(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        return new ShapeRules.Out(DType.BOOL, broadcast(op, in[0].shape(), in[1].shape()));
    }

    /** greater, greaterEqual, less, lessEqual: numeric inputs, BOOL result. */
    static ShapeRules.Out ordering(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        requireNumeric(op, in[0]);
        return new ShapeRules.Out(DType.BOOL, broadcast(op, in[0].shape(), in[1].shape()));
    }

    /** where(cond, x, y): a BOOL condition, x and y of one dtype; the three shapes broadcast together. */
    static ShapeRules.Out where(String op, Params params, Tensor[] in) {
        if (in[0].dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": condition must have dtype bool, got " + in[0].dtype()
                    + " (condition " + in[0].shape() + ", x " + in[1].dtype() + " " + in[1].shape() + ", y "
                    + in[2].dtype() + " " + in[2].shape() + ")");
        }
        sameDType(op, in[1], in[2]);
        Shape s = broadcast(op, in[1].shape(), in[2].shape());
        return new ShapeRules.Out(in[1].dtype(), broadcast(op, in[0].shape(), s));
    }
}
