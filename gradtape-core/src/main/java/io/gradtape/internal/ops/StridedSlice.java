package io.gradtape.internal.ops;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * NumPy-style strided slicing ({@code x[b:e:s]} per axis, with masks): one slice for the unit-stride axes, then
 * one gather per strided axis, so the op needs no derivative rule of its own. The public entry points are documented on {@code Tensors}.
 */
public final class StridedSlice {
    private StridedSlice() {
    }

    public static Tensor stridedSlice(Tensor x, int[] begin, int[] end, int[] strides, int beginMask, int endMask) {
        Objects.requireNonNull(x, "stridedSlice: x is null");
        Objects.requireNonNull(begin, "stridedSlice: begin is null");
        Objects.requireNonNull(end, "stridedSlice: end is null");
        Objects.requireNonNull(strides, "stridedSlice: strides is null");
        int k = begin.length;
        if (end.length != k || strides.length != k || k > x.rank()) {
            throw new IllegalArgumentException("stridedSlice: begin " + Arrays.toString(begin) + ", end " + Arrays.toString(end)
                    + " and strides " + Arrays.toString(strides) + " must have one length, at most the rank of shape " + x.shape());
        }
        int r = x.rank();
        int[] start = new int[r];
        int[] count = x.shape().dims();
        int[] step = new int[r];
        Arrays.fill(step, 1);
        for (int d = 0; d < k; d++) {
            int n = x.shape().dim(d);
            int s = strides[d];
            if (s == 0) {
                throw new IllegalArgumentException("stridedSlice: stride 0 on axis " + d + " (strides " + Arrays.toString(strides)
                        + ", shape " + x.shape() + ")");
            }
            int lo = s > 0 ? 0 : -1;
            int hi = s > 0 ? n : n - 1;
            int b = (beginMask >> d & 1) != 0 ? (s > 0 ? lo : hi) : clampIndex(begin[d], n, lo, hi);
            int e = (endMask >> d & 1) != 0 ? (s > 0 ? hi : lo) : clampIndex(end[d], n, lo, hi);
            long span = s > 0 ? (long) e - b : (long) b - e;
            long stepAbs = Math.abs((long) s);
            start[d] = b;
            count[d] = span <= 0 ? 0 : (int) ((span + stepAbs - 1) / stepAbs);
            step[d] = s;
        }
        // one slice for the unit-stride axes (a copy when nothing is cut), then a gather per other axis
        int[] sliceBegin = new int[r];
        int[] sliceSize = x.shape().dims();
        for (int d = 0; d < r; d++) {
            if (step[d] == 1) {
                sliceBegin[d] = count[d] == 0 ? 0 : start[d];
                sliceSize[d] = count[d];
            }
        }
        Tensor y = slice(x, sliceBegin, sliceSize);
        for (int d = 0; d < r; d++) {
            if (step[d] != 1) {
                int[] idx = new int[count[d]];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = start[d] + i * step[d];
                }
                y = gather(y, intVector(idx), d);
            }
        }
        return y;
    }

    public static int clampIndex(int i, int n, int lo, int hi) {
        long v = i < 0 ? (long) i + n : i;
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
