package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;

import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Extremes and orderings along an axis: argmax, argmin, argsort, and sort and topK gathered along the axis. The public entry points are documented on {@code Tensors}.
 */
public final class Sorting {
    private Sorting() {
    }

    public static Tensor argmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "argmax: x is null");
        return Dispatch.apply(Primitive.ARG_MAX, new Params.Axis(ShapeRules.axis("argmax", axis, x.rank(), x.shape())), x);
    }

    public static Tensor argmin(Tensor x, int axis) {
        Objects.requireNonNull(x, "argmin: x is null");
        return Dispatch.apply(Primitive.ARG_MIN, new Params.Axis(ShapeRules.axis("argmin", axis, x.rank(), x.shape())), x);
    }

    public static Tensor argsort(Tensor x, int axis, boolean descending) {
        Objects.requireNonNull(x, "argsort: x is null");
        int ax = ShapeRules.axis("argsort", axis, x.rank(), x.shape());
        return Dispatch.apply(Primitive.ARGSORT, new Params.Sort(ax, descending), x);
    }

    public static Tensor sort(Tensor x, int axis, boolean descending) {
        Objects.requireNonNull(x, "sort: x is null");
        ShapeRules.requireNumeric("sort", x);
        ShapeRules.axis("sort", axis, x.rank(), x.shape());
        Tensor perm = argsort(x, axis, descending);
        return takeAlongAxis(x, perm, ShapeRules.axis("sort", axis, x.rank(), x.shape()));
    }

    public static Tensors.TopK topK(Tensor x, int k) {
        Objects.requireNonNull(x, "topK: x is null");
        ShapeRules.requireNumeric("topK", x);
        if (x.rank() == 0) {
            throw new IllegalArgumentException("topK: input must have rank >= 1, got shape " + x.shape());
        }
        int n = x.shape().dim(-1);
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topK: k = " + k + " is out of range [0, " + n + "] for the last dimension of shape " + x.shape());
        }
        int r = x.rank();
        int[] begin = new int[r];
        int[] size = x.shape().dims();
        size[r - 1] = k;
        Tensor idx = slice(argsort(x, -1, true), begin, size);
        return new Tensors.TopK(takeAlongAxis(x, idx, r - 1), idx);
    }

    public static Tensor takeAlongAxis(Tensor x, Tensor idx, int axis) {
        int[] xd = x.shape().dims();
        int[] id = idx.shape().dims();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= xd[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < xd.length; d++) {
            inner *= xd[d];
        }
        int n = xd[axis];
        int k = id[axis];
        int[] iv = idx.toIntArray();
        int[] flat = new int[iv.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < inner; i++) {
                    int at = (o * k + j) * inner + i;
                    flat[at] = (o * n + iv[at]) * inner + i;
                }
            }
        }
        return reshape(gather(reshape(x, -1), TensorAccess.make(DType.INT32, Shape.of(flat.length), flat), 0), id);
    }
}
