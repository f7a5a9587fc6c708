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

    /**
     * TensorFlow's {@code gather(params, indices, axis, batch_dims)}: the first {@code b} axes of params and
     * indices are paired, {@code out[b.., m.., k.., i..] = params[b.., m.., indices[b.., k..], i..]}. The flat row
     * of every picked slice is worked out here (the indices are data), then one gather of params viewed as
     * {@code (rows, inner)} does the copying, so the gradient is that gather's scatter-add.
     */
    public static Tensor gather(Tensor params, Tensor indices, int axis, int batchDims) {
        String op = "gather";
        Objects.requireNonNull(params, "gather: params is null");
        Objects.requireNonNull(indices, "gather: indices is null");
        ShapeRules.requireIndices(op, indices);
        int b = batchDims < 0 ? batchDims + indices.rank() : batchDims;
        String where = " (params " + params.shape() + ", indices " + indices.shape() + ", axis " + axis + ", batchDims "
                + batchDims + ")";
        if (b < 0 || b > indices.rank() || b >= Math.max(params.rank(), 1)) {
            throw new IllegalArgumentException(op + ": batchDims must be in [-indices.rank, indices.rank] and less than "
                    + "params' rank" + where);
        }
        int ax = axis < 0 ? axis + params.rank() : axis;
        if (ax < b || ax >= params.rank()) {
            throw new IllegalArgumentException(op + ": axis must be in [batchDims, params.rank) after counting a "
                    + "negative one from the end" + where);
        }
        int[] pd = params.shape().dims();
        int[] id = indices.shape().dims();
        for (int d = 0; d < b; d++) {
            if (pd[d] != id[d]) {
                throw new IllegalArgumentException(op + ": the first batchDims dimensions of params and indices must be "
                        + "equal" + where);
            }
        }
        if (b == 0) {
            return gather(params, indices, ax);
        }
        // out = params[:axis] + indices[b:] + params[axis+1:], checked for size before anything is built
        int[] out = new int[ax + (id.length - b) + (pd.length - ax - 1)];
        System.arraycopy(pd, 0, out, 0, ax);
        System.arraycopy(id, b, out, ax, id.length - b);
        System.arraycopy(pd, ax + 1, out, ax + id.length - b, pd.length - ax - 1);
        ShapeRules.shape(op, out);
        int batch = 1;
        for (int d = 0; d < b; d++) {
            batch *= pd[d];
        }
        int mid = 1;
        for (int d = b; d < ax; d++) {
            mid *= pd[d];
        }
        int n = pd[ax];
        int inner = 1;
        for (int d = ax + 1; d < pd.length; d++) {
            inner *= pd[d];
        }
        int k = batch == 0 ? 0 : indices.size() / batch;
        IndexShapes.checkIndices(op, indices, n, "for axis " + ax + " of params with shape " + params.shape()
                + " (batchDims " + batchDims + ")");
        long[] iv = (long[]) Convert.array(TensorAccess.data(indices), DType.INT64);
        // with no inner elements the result is empty whatever the rows: none are listed (an empty output of
        // (1, 40000, 40000, 0) would otherwise list 1.6e9 rows, 6 GB of ints, to copy nothing)
        int[] rows = new int[inner == 0 ? 0 : batch * mid * k];
        for (int bb = 0; bb < batch && inner > 0; bb++) {
            for (int m = 0; m < mid; m++) {
                for (int j = 0; j < k; j++) {
                    rows[(bb * mid + m) * k + j] = (bb * mid + m) * n + (int) iv[bb * k + j];
                }
            }
        }
        Tensor flat = reshape(params, batch * mid * n, inner);
        return reshape(gather(flat, TensorAccess.make(DType.INT32, Shape.of(rows.length), rows), 0), out);
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

    /**
     * tf.one_hot with on_value, off_value, axis and dtype (OneHotOp, kernels/one_hot_op.cc): {@code onValue} where
     * the index equals the position along the new axis, {@code offValue} elsewhere, so an index outside
     * {@code [0, depth)} gives a row of {@code offValue}. The new axis is the last for -1, else at {@code axis} in
     * {@code [0, rank]}; other negatives are an error, as the kernel's check.
     */
    public static Tensor oneHot(Tensor indices, int depth, double onValue, double offValue, int axis, DType dtype) {
        Objects.requireNonNull(indices, "oneHot: indices is null");
        Objects.requireNonNull(dtype, "oneHot: dtype is null");
        ShapeRules.requireIndices("oneHot", indices);
        int r = indices.rank();
        if (axis != -1 && (axis < 0 || axis > r)) {
            throw new IllegalArgumentException("oneHot: axis must be -1 or in [0, " + r + "], got " + axis + " (indices shape "
                    + indices.shape() + ")");
        }
        Tensor on = oneHotValue("onValue", onValue, dtype, indices);
        Tensor off = oneHotValue("offValue", offValue, dtype, indices);
        Tensor hot = oneHot(indices, depth); // checks depth and the shape; float32 1 and 0
        Tensor y = where(cast(hot, DType.BOOL), broadcastTo(on, hot.shape().dims()), off);
        if (axis == -1 || axis == r) {
            return y;
        }
        int[] perm = new int[r + 1];
        for (int d = 0, k = 0; d <= r; d++) { // the last axis (depth) moves to position axis
            perm[d] = d == axis ? r : k++;
        }
        return transpose(y, perm);
    }

    /** on/off value as a scalar of {@code dtype}, refused where TensorFlow's conversion refuses it. */
    private static Tensor oneHotValue(String name, double v, DType dtype, Tensor indices) {
        boolean fits = dtype == DType.BOOL ? v == 0 || v == 1 : Creation.fits(v, dtype);
        if (!fits) {
            throw new IllegalArgumentException("oneHot: " + name + " " + v + " does not fit dtype " + dtype + " (indices shape "
                    + indices.shape() + ")");
        }
        return dtype == DType.BOOL ? constant(v != 0) : constant(v, dtype);
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
        if (indices.size() == 0) { // nothing to compare: no depth-long range, whatever the depth
            return zeros(DType.FLOAT32, out);
        }
        Tensor classes = range(0, depth, 1, indices.dtype());
        return cast(equal(expandDims(indices, -1), classes), DType.FLOAT32);
    }
}
