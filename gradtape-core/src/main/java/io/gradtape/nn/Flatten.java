package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Flattens each example to a vector, keeping the batch axis: {@code (batch, d1, d2, ...)} becomes
 * {@code (batch, d1 * d2 * ...)}, and a rank-1 input {@code (batch,)} becomes {@code (batch, 1)} (Keras's
 * {@code Flatten}). It has no variables.
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
        int batch = x.shape().dim(0);
        return Tensors.reshape(x, batch, batch == 0 ? 0 : x.size() / batch);
    }
}
