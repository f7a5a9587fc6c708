package io.gradtape.internal.ops;

import io.gradtape.Tensor;

import static io.gradtape.Tensors.pad;
import static io.gradtape.Tensors.slice;

/** One composite shared by the scans and their derivative rule, written with public (differentiable) ops. */
public final class Shift {
    private Shift() {
    }

    /**
     * {@code t} moved one step along {@code axis}, a zero entering at the free end: {@code later} gives
     * {@code t'[k] = t[k-1]}, otherwise {@code t'[k] = t[k+1]}.
     */
    public static Tensor byOne(Tensor t, int axis, boolean later) {
        int n = t.shape().dim(axis);
        if (n == 0) {
            return t;
        }
        int[] begin = new int[t.rank()];
        int[] size = t.shape().dims();
        size[axis] = n - 1;
        begin[axis] = later ? 0 : 1;
        int[] before = new int[t.rank()];
        int[] after = new int[t.rank()];
        (later ? before : after)[axis] = 1;
        return pad(slice(t, begin, size), before, after);
    }
}
