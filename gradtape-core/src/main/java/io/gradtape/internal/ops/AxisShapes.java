package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import static io.gradtape.internal.ops.ShapeRules.broadcast;
import static io.gradtape.internal.ops.ShapeRules.normalizedAxes;
import static io.gradtape.internal.ops.ShapeRules.normalizedAxis;
import static io.gradtape.internal.ops.ShapeRules.reducedShape;
import static io.gradtape.internal.ops.ShapeRules.requireNumeric;
import static io.gradtape.internal.ops.ShapeRules.sameDType;

/**
 * The shape rules of the primitives that work along axes: reductions, the index of the extreme, the sorting
 * permutation and the scan. Their axes arrive normalized (the facades normalize); here they are checked against
 * the input's rank.
 */
final class AxisShapes {
    private AxisShapes() {
    }

    /** reduceSum, reduceMax, reduceMin over {@link Params.Axes}: the reduced axes dropped or kept as 1. */
    static ShapeRules.Out reduce(String op, Params params, Tensor[] in) {
        requireNumeric(op, in[0]);
        Params.Axes a = (Params.Axes) params;
        normalizedAxes(op, a.axes(), in[0].shape());
        return new ShapeRules.Out(in[0].dtype(), reducedShape(in[0].shape(), a.axes(), a.keepDims()));
    }

    /** argmax, argmin along one non-empty axis ({@link Params.Axis}): INT64, that axis dropped. */
    static ShapeRules.Out argExtreme(String op, Params params, Tensor[] in) {
        requireNumeric(op, in[0]);
        int a = normalizedAxis(op, ((Params.Axis) params).axis(), in[0].shape());
        if (in[0].shape().dim(a) == 0) {
            throw new IllegalArgumentException(op + ": axis " + a + " is empty in shape " + in[0].shape());
        }
        return new ShapeRules.Out(DType.INT64, reducedShape(in[0].shape(), new int[] {a}, false));
    }

    /** argsort along one axis ({@link Params.Sort}): INT32 of the input's shape. */
    static ShapeRules.Out argsort(String op, Params params, Tensor[] in) {
        requireNumeric(op, in[0]);
        normalizedAxis(op, ((Params.Sort) params).axis(), in[0].shape());
        return new ShapeRules.Out(DType.INT32, in[0].shape());
    }

    /** log-softmax along one axis ({@link Params.Axis}): a floating input, its dtype and shape. */
    static ShapeRules.Out logSoftmax(String op, Params params, Tensor[] in) {
        ShapeRules.requireFloating(op, in[0]);
        normalizedAxis(op, ((Params.Axis) params).axis(), in[0].shape());
        return new ShapeRules.Out(in[0].dtype(), in[0].shape());
    }

    /** The scan {@code h[k] = a[k] h[k-1] + b[k]}: a and b of one numeric dtype, broadcast; the axis in range. */
    static ShapeRules.Out scan(String op, Params params, Tensor[] in) {
        sameDType(op, in[0], in[1]);
        requireNumeric(op, in[0]);
        Shape s = broadcast(op, in[0].shape(), in[1].shape());
        normalizedAxis(op, ((Params.Scan) params).axis(), s);
        return new ShapeRules.Out(in[0].dtype(), s);
    }
}
