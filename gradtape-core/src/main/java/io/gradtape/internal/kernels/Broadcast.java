package io.gradtape.internal.kernels;

import io.gradtape.Shape;

/**
 * Index arithmetic for broadcasting and reducing: which input element feeds each output element.
 *
 * <p>An input of shape {@code in} broadcast to {@code out} (NumPy rules, aligned right) has stride 0 along every
 * axis where it has size 1 or is missing, and its row-major stride elsewhere. Walking the output in row-major
 * order with an odometer over those strides gives the input offset of every output element.
 */
public final class Broadcast {
    private Broadcast() {
    }

    /** Row-major strides of {@code in} aligned to {@code out}'s rank, 0 along broadcast axes. */
    public static int[] strides(Shape in, Shape out) {
        int r = out.rank();
        int[] st = new int[r];
        int s = 1;
        for (int i = in.rank() - 1; i >= 0; i--) {
            int o = i + (r - in.rank());
            st[o] = in.dim(i) == 1 && out.dim(o) != 1 ? 0 : s;
            s *= in.dim(i);
        }
        return st;
    }

    /**
     * For every output element (row-major), the offset of the input element it reads.
     *
     * @param in  the input shape, broadcastable to {@code out}
     * @param out the output shape
     * @return {@code out.size()} offsets into the input
     */
    public static int[] indexMap(Shape in, Shape out) {
        return walk(strides(in, out), out.dims(), out.size());
    }

    /**
     * For every input element (row-major), the offset of the output element it reduces into when the axes
     * marked in {@code reduced} are summed away.
     */
    public static int[] reduceMap(Shape in, boolean[] reduced) {
        int r = in.rank();
        int[] st = new int[r];
        int s = 1;
        for (int i = r - 1; i >= 0; i--) {
            if (reduced[i]) {
                st[i] = 0;
            } else {
                st[i] = s;
                s *= in.dim(i);
            }
        }
        return walk(st, in.dims(), in.size());
    }

    /** Offsets {@code sum(idx[d] * strides[d])} for every index of {@code dims} in row-major order. */
    static int[] walk(int[] strides, int[] dims, int n) {
        int[] map = new int[n];
        int r = dims.length;
        if (n == 0) {
            return map;
        }
        int[] idx = new int[r];
        int off = 0;
        int inner = r == 0 ? 1 : dims[r - 1];
        int innerStride = r == 0 ? 0 : strides[r - 1];
        for (int i = 0; i < n; i += inner) {
            for (int j = 0; j < inner; j++) {
                map[i + j] = off + j * innerStride;
            }
            // advance the odometer over all but the innermost axis
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                off += strides[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                off -= idx[d] * strides[d];
                idx[d] = 0;
            }
        }
        return map;
    }
}
