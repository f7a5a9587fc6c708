package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.Rows.*;

/**
 * The op table's rows for indexing ops: {@code gather} (repeated indices add up in the gradient), {@code gatherNd},
 * {@code unsortedSegmentSum} and {@code oneHot}. Integer indices are constants of the row, made inside the op.
 * References are plain loops over {@link NdArray} and {@link LibraryReference}, never gradtape.
 */
public final class IndexingOpCases {
    private IndexingOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        // gather: repeated indices add up in the gradient
        t.add(op("gather", in -> gather(in.get(0), ints(new int[] {3, 0, 3, 1}, 4)),
                in -> LibraryReference.gather(in.get(0), new int[] {3, 0, 3, 1}, s(4), 0))
                .variant("idx=[3, 0, 3, 1]").shapes(s(5)));
        t.add(gatherRow(new int[] {2, 0, 2, 3}, s(2, 2), 0, false).shapes(s(4, 3)));
        t.add(gatherRow(new int[] {2, 2, 0}, s(3), 1, false).shapes(s(3, 4)));
        t.add(gatherRow(new int[] {3, 1}, s(2), -1, true).shapes(s(2, 3, 4)));
        t.add(gatherRow(new int[] {1}, s(), 0, false).shapes(s(3, 4)));
        // gather with batchDims (TF gather's batch_dims): each batch element picks from its own slice; a repeated
        // index adds up in the gradient. (2, 3, 4) params, axis 2 and axis 1, batchDims 1, indices (2, 2)
        int[] bIdx = {3, 3, 0, 2};
        t.add(op("gather", in -> gather(in.get(0), ints(bIdx, 2, 2), 2, 1), in -> batchGather(in.get(0), bIdx, 2, 2, 2))
                .variant("idx=[[3 3] [0 2]] axis=2 batchDims=1").shapes(s(2, 3, 4)));
        int[] rIdx = {1, 1, 2, 0};
        t.add(op("gather", in -> gather(in.get(0), ints(rIdx, 2, 2), 1, -1), in -> batchGather(in.get(0), rIdx, 2, 2, 1))
                .variant("idx=[[1 1] [2 0]] axis=1 batchDims=-1").shapes(s(2, 3, 4)));
        // gatherNd: elements (repeated), rows, slices of a rank-3 tensor, one element
        t.add(gatherNd(new int[] {0, 1, 2, 3, 0, 1}, s(3, 2)).shapes(s(3, 4)));
        t.add(gatherNd(new int[] {2, 0}, s(2, 1)).shapes(s(3, 4)));
        t.add(gatherNd(new int[] {0, 1, 1, 2, 1, 0, 0, 1}, s(2, 2, 2)).shapes(s(2, 3, 4)));
        t.add(gatherNd(new int[] {1, 2}, s(2)).shapes(s(2, 3)));
        // unsortedSegmentSum: an empty segment, a middle axis, rank-2 ids, int64 ids
        t.add(op("unsortedSegmentSum", in -> unsortedSegmentSum(in.get(0), ints(new int[] {1, 0, 1, 3, 1}, 5), 4),
                in -> LibraryReference.segmentSum(in.get(0), new int[] {1, 0, 1, 3, 1}, s(5), 4, 0))
                .variant("ids=[1, 0, 1, 3, 1] n=4").shapes(s(5)));
        t.add(segmentSum(new int[] {0, 2, 0, 1}, s(4), 3, 0, false).shapes(s(4, 3)));
        t.add(segmentSum(new int[] {0, 0, 1}, s(3), 2, 1, false).shapes(s(2, 3, 4)));
        t.add(segmentSum(new int[] {0, 2, 2, 1, 0, 2}, s(2, 3), 3, 0, false).shapes(s(2, 3, 4)));
        t.add(segmentSum(new int[] {1, 1, 0, 1}, s(4), 2, -1, true).shapes(s(3, 4)));
        t.add(segmentSum(new int[] {2, 0, 2, 1, 0, 0, 2, 2, 1, 1, 0, 2}, s(3, 4), 3, -2, false).shapes(s(2, 3, 4)));
        // oneHot: an index outside [0, depth) gives a row of zeros; float32 whatever the indices; no gradient
        t.add(oneHot(4, DType.INT32).shapes(s(5)));
        t.add(oneHot(3, DType.INT64).shapes(s(2, 3)));
        t.add(oneHot(3, DType.INT32).shapes(s()));

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(gatherRow(new int[0], s(0), 0, false).variant("empty indices").shapes(s(4, 3)));
        t.add(gatherRow(new int[] {2, 0}, s(2), 1, false).variant("empty params").shapes(s(0, 3)));
        t.add(gatherNd(new int[0], s(0, 2)).variant("empty indices").shapes(s(3, 4)));
        t.add(segmentSum(new int[0], s(0), 2, 0, false).variant("empty data").shapes(s(0, 3)));
        t.add(oneHot(0, DType.INT32).variant("depth=0").shapes(s(3)));
        t.add(oneHot(3, DType.INT32).variant("depth=3 empty indices").shapes(s(0)));

        // masks and scatters
        // booleanMask: elements of a vector, rows of a matrix
        boolean[] m5 = {true, false, true, true, false};
        t.add(op("booleanMask", in -> booleanMask(in.get(0), Tensors.constant((Object) m5)), in -> mask(in.get(0), m5))
                .variant("mask=[T F T T F]").shapes(s(5)));
        boolean[] m3 = {false, true, true};
        t.add(op("booleanMask", in -> booleanMask(in.get(0), Tensors.constant((Object) m3)), in -> mask(in.get(0), m3))
                .variant("rows [F T T]").shapes(s(3, 4)));
        // scatterNd: duplicates add up; slices of a matrix
        t.add(op("scatterNd", in -> scatterNd(Tensors.constant(new int[][] {{1}, {3}, {1}}), in.get(0), 5),
                in -> scatter(in.get(0), new int[] {1, 3, 1}, 5, 1)).variant("[[1] [3] [1]] into (5)").shapes(s(3)));
        t.add(op("scatterNd", in -> scatterNd(Tensors.constant(new int[][] {{2}, {0}}), in.get(0), 3, 4),
                in -> scatter(in.get(0), new int[] {2, 0}, 3, 4)).variant("rows [[2] [0]] into (3, 4)").shapes(s(2, 4)));
        t.add(op("scatterNd", in -> scatterNd(Tensors.constant(new int[][] {{0, 1}, {2, 3}}), in.get(0), 3, 4),
                in -> NdArray.reshape(scatter(in.get(0), new int[] {1, 11}, 12, 1), 3, 4)).variant("elements into (3, 4)").shapes(s(2)));
        // tensorScatterUpdate: both the tensor and the updates are differentiated
        t.add(op("tensorScatterUpdate", in -> tensorScatterUpdate(in.get(0), Tensors.constant(new int[][] {{2}, {0}}), in.get(1)),
                in -> update(in.get(0), in.get(1), new int[] {2, 0})).variant("rows [[2] [0]]").shapes(s(3, 4), s(2, 4)));
        // tensorScatterAdd (TF tensor_scatter_nd_add): row 2 twice, so it gains both update rows; both inputs differentiated
        t.add(op("tensorScatterAdd", in -> tensorScatterAdd(in.get(0), Tensors.constant(new int[][] {{2}, {0}, {2}}), in.get(1)),
                in -> NdArray.zip(in.get(0), scatter(in.get(1), new int[] {2, 0, 2}, 3, 4), Double::sum))
                .variant("rows [[2] [0] [2]]").shapes(s(3, 4), s(3, 4)));
        // segmentSum: sorted ids with an empty segment
        t.add(op("segmentSum", in -> Tensors.segmentSum(in.get(0), Tensors.constant(new int[] {0, 0, 1, 3, 3}, 5)),
                in -> scatter(in.get(0), new int[] {0, 0, 1, 3, 3}, 4, 3)).variant("ids=[0 0 1 3 3]").shapes(s(5, 3)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    private static OpCase.Builder gatherRow(int[] idx, int[] idxShape, int axis, boolean int64) {
        return op("gather", in -> gather(in.get(0), indices(idx, idxShape, int64), axis),
                in -> LibraryReference.gather(in.get(0), idx, idxShape, axis))
                .variant("idx=" + Arrays.toString(idx) + " " + NdArray.format(idxShape) + " axis=" + axis + (int64 ? " int64" : ""));
    }

    private static OpCase.Builder gatherNd(int[] idx, int[] idxShape) {
        return op("gatherNd", in -> Tensors.gatherNd(in.get(0), indices(idx, idxShape, false)),
                in -> LibraryReference.gatherNd(in.get(0), idx, idxShape))
                .variant("idx=" + Arrays.toString(idx) + " " + NdArray.format(idxShape));
    }

    private static OpCase.Builder segmentSum(int[] ids, int[] idsShape, int n, int axis, boolean int64) {
        return op("unsortedSegmentSum", in -> unsortedSegmentSum(in.get(0), indices(ids, idsShape, int64), n, axis),
                in -> LibraryReference.segmentSum(in.get(0), ids, idsShape, n, axis < 0 ? axis + in.get(0).rank() : axis))
                .variant("ids=" + Arrays.toString(ids) + " " + NdArray.format(idsShape) + " n=" + n + " axis=" + axis
                        + (int64 ? " int64" : ""));
    }

    private static OpCase.Builder oneHot(int depth, DType indexType) {
        return op("oneHot", in -> Tensors.oneHot(cast(in.get(0), indexType), depth), in -> LibraryReference.oneHot(in.get(0), depth))
                .variant("depth=" + depth + " " + indexType).integers(-1, depth).noGradient().outputDType(d -> DType.FLOAT32);
    }

    private static NdArray mask(NdArray a, boolean[] m) {
        int inner = a.size() / m.length;
        List<Double> out = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                rows++;
                for (int j = 0; j < inner; j++) {
                    out.add(a.data()[i * inner + j]);
                }
            }
        }
        int[] shape = a.shape();
        shape[0] = rows;
        return new NdArray(shape, out.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Rows of {@code a} (each {@code inner} long) added into rows {@code at} of a {@code rows x inner} zero array. */
    private static NdArray scatter(NdArray a, int[] at, int rows, int inner) {
        double[] out = new double[rows * inner];
        for (int i = 0; i < at.length; i++) {
            for (int j = 0; j < inner; j++) {
                out[at[i] * inner + j] += a.data()[i * inner + j];
            }
        }
        return inner == 1 ? new NdArray(s(rows), out) : new NdArray(s(rows, inner), out);
    }

    /** {@code out[b, .., j, ..] = a[b, .., idx[b, j], ..]} for a (B, D1, D2) array, idx (B, k), one batch axis. */
    private static NdArray batchGather(NdArray a, int[] idx, int batch, int k, int axis) {
        int[] sh = a.shape();
        int mid = axis == 2 ? sh[1] : 1;
        int n = sh[axis];
        int inner = axis == 2 ? 1 : sh[2];
        double[] out = new double[batch * mid * k * inner];
        for (int b = 0; b < batch; b++) {
            for (int m = 0; m < mid; m++) {
                for (int j = 0; j < k; j++) {
                    for (int i = 0; i < inner; i++) {
                        out[((b * mid + m) * k + j) * inner + i] = a.data()[((b * mid + m) * n + idx[b * k + j]) * inner + i];
                    }
                }
            }
        }
        return new NdArray(axis == 2 ? s(batch, mid, k) : s(batch, k, inner), out);
    }

    private static NdArray update(NdArray t, NdArray u, int[] rows) {
        double[] out = t.data().clone();
        int inner = t.shape()[1];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(u.data(), i * inner, out, rows[i] * inner, inner);
        }
        return new NdArray(t.shape(), out);
    }
}
