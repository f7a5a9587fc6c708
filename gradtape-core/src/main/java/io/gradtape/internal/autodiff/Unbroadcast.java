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

    /** {@code g} summed down to {@code shape}; {@code g} itself when the shapes already agree. */
    static Tensor sumTo(Tensor g, Shape shape) {
        Shape gs = g.shape();
        if (gs.equals(shape)) {
            return g;
        }
        int lead = gs.rank() - shape.rank();
        int[] axes = new int[gs.rank()];
        int n = 0;
        for (int i = 0; i < gs.rank(); i++) {
            if (i < lead || (shape.dim(i - lead) == 1 && gs.dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor summed = Tensors.reduceSum(g, java.util.Arrays.copyOf(axes, n));
        return summed.shape().equals(shape) ? summed : Tensors.reshape(summed, shape.dims());
    }
}
