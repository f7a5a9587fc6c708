package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Indexing: gather along an axis, gatherNd (indices flattened into one gather), unsortedSegmentSum, oneHot. The public entry points are documented on {@code Tensors}.
 */
public final class Indexing {
    private Indexing() {
    }

    public static Tensor gather(Tensor params, Tensor indices, int axis) {
        Objects.requireNonNull(params, "gather: params is null");
        Objects.requireNonNull(indices, "gather: indices is null");
        int ax = ShapeRules.axis("gather", axis, params.rank(), params.shape());
        return Dispatch.apply(Primitive.GATHER, new Params.Axis(ax), params, indices);
    }

    public static Tensor gatherNd(Tensor params, Tensor indices) {
        Objects.requireNonNull(params, "gatherNd: params is null");
        Objects.requireNonNull(indices, "gatherNd: indices is null");
        int[] pd = params.shape().dims();
        int[] flat = ArrayOps.flatIndices("gatherNd", indices, pd);
        int m = indices.shape().dim(-1);
        int[] flatDims = new int[pd.length - m + 1];
        flatDims[0] = 1;
        for (int j = 0; j < m; j++) {
            flatDims[0] *= pd[j];
        }
        System.arraycopy(pd, m, flatDims, 1, pd.length - m);
        int[] lead = Arrays.copyOf(indices.shape().dims(), indices.rank() - 1);
        return gather(reshape(params, flatDims), TensorAccess.make(DType.INT32, Shape.of(lead), flat), 0);
    }

    public static Tensor unsortedSegmentSum(Tensor data, Tensor segmentIds, int numSegments, int axis) {
        Objects.requireNonNull(data, "unsortedSegmentSum: data is null");
        Objects.requireNonNull(segmentIds, "unsortedSegmentSum: segmentIds is null");
        if (axis < -data.rank()) { // a positive axis is checked by the shape rule, with the ids
            throw new IllegalArgumentException("unsortedSegmentSum: axis " + axis + " is out of range for data of "
                    + "shape " + data.shape() + " (rank " + data.rank() + ", segment ids of shape " + segmentIds.shape()
                    + ")");
        }
        int ax = axis < 0 ? axis + data.rank() : axis;
        return Dispatch.apply(Primitive.SCATTER_ADD, new Params.Segments(ax, numSegments), data, segmentIds);
    }

    public static Tensor oneHot(Tensor indices, int depth) {
        Objects.requireNonNull(indices, "oneHot: indices is null");
        ShapeRules.requireIndices("oneHot", indices);
        if (depth < 0) {
            throw new IllegalArgumentException("oneHot: depth must be >= 0, got " + depth + " (indices shape " + indices.shape() + ")");
        }
        int[] out = java.util.Arrays.copyOf(indices.shape().dims(), indices.rank() + 1);
        out[indices.rank()] = depth;
        ShapeRules.shape("oneHot", out);
        if (indices.size() == 0) { // nothing to compare: no depth-long iota, whatever the depth
            return zeros(DType.FLOAT32, out);
        }
        int[] iota = new int[depth];
        for (int i = 0; i < depth; i++) {
            iota[i] = i;
        }
        Tensor classes = cast(intVector(iota), indices.dtype());
        return cast(equal(expandDims(indices, -1), classes), DType.FLOAT32);
    }
}
