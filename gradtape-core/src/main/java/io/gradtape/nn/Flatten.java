package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Flattens each example to a vector, keeping the batch axis: {@code (batch, d1, d2, ...)} becomes
 * {@code (batch, d1 * d2 * ...)}, and a rank-1 input {@code (batch,)} becomes {@code (batch, 1)} (Keras's
 * {@code Flatten}). The feature count comes from the shape, so an empty batch keeps it: {@code (0, 3, 4)} becomes
 * {@code (0, 12)}. It has no variables.
 *
 * <pre>{@code
 * new Flatten().call(Tensors.zeros(DType.FLOAT32, 2, 8, 8, 3));   // shape (2, 192)
 * }</pre>
 */
public class Flatten extends Module {
    /**
     * A flatten layer.
     *
     * <pre>{@code
     * Flatten f = new Flatten();
     * }</pre>
     */
    public Flatten() {
        super(null);
    }

    /**
     * The flattened input.
     *
     * <pre>{@code
     * new Flatten().call(Tensors.zeros(DType.FLOAT32, 4, 2, 2));   // shape (4, 4)
     * }</pre>
     *
     * @throws IllegalArgumentException for a scalar input
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() == 0) {
            throw new IllegalArgumentException(name() + ": Flatten needs a batch axis, got a scalar");
        }
        // Keras's compute_output_shape: (batch, prod(non-batch dims)), from the shape, so that an empty batch
        // (0, 3, 4) gives (0, 12), not the (0, 0) that size / batch would. No overflow: a shape's non-zero
        // dimensions multiply to at most 2^31 - 1.
        int features = 1;
        for (int i = 1; i < x.rank(); i++) {
            features *= x.shape().dim(i);
        }
        return Tensors.reshape(x, x.shape().dim(0), features);
    }
}
