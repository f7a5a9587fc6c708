package io.gradtape.internal.autodiff;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * The one place where a gradient is reduced back to the shape of the input it belongs to. A binary op
 * broadcasts its inputs to the output shape; its derivative rule therefore returns gradients of the output
 * shape, and the backward sweep sums them over the axes along which the input was repeated: the leading axes it
 * lacked, and the axes where it had size 1. Derivative rules never think about broadcasting.
 */
final class Unbroadcast {
    private Unbroadcast() {
    }

    /**
     * {@code g} summed down to {@code batch + shape}, where {@code batch} is the first {@code batchRank}
     * dimensions of {@code g} (a batch of cotangents, kept as is); {@code g} itself when the shapes already agree.
     */
    static Tensor sumTo(Tensor g, Shape shape, int batchRank) {
        Shape gs = g.shape();
        int lead = gs.rank() - batchRank - shape.rank();
        if (lead == 0 && sameTail(gs, shape, batchRank)) {
            return g;
        }
        int[] axes = new int[gs.rank()];
        int n = 0;
        for (int i = batchRank; i < gs.rank(); i++) {
            int j = i - batchRank - lead;
            if (j < 0 || (shape.dim(j) == 1 && gs.dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor summed = n == 0 ? g : Tensors.reduceSum(g, java.util.Arrays.copyOf(axes, n));
        int[] want = java.util.Arrays.copyOf(gs.dims(), batchRank + shape.rank());
        System.arraycopy(shape.dims(), 0, want, batchRank, shape.rank());
        return summed.shape().equals(Shape.of(want)) ? summed : Tensors.reshape(summed, want);
    }

    private static boolean sameTail(Shape gs, Shape shape, int batchRank) {
        for (int i = 0; i < shape.rank(); i++) {
            if (gs.dim(batchRank + i) != shape.dim(i)) {
                return false;
            }
        }
        return true;
    }
}
