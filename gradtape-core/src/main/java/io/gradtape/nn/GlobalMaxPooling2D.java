package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The maximum of each channel over the whole image, for NHWC inputs (Keras's {@code GlobalMaxPooling2D}, named
 * {@code global_max_pooling2d}):
 * <pre>
 *   y[b, c] = max over i, j of x[b, i, j, c]
 * </pre>
 * giving {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with {@code keepdims} (Keras's
 * {@code keepdims=True}). Computed by {@link Tensors#reduceMax}, whose rules it keeps: the gradient goes to the
 * maximum, shared equally among tied cells, as {@code tf.reduce_max}'s, and a NaN in the image gives NaN. It has
 * no variables.
 *
 * <pre>{@code
 * new GlobalMaxPooling2D().call(Tensors.zeros(DType.FLOAT32, 8, 7, 7, 64));   // shape (8, 64)
 * }</pre>
 */
public class GlobalMaxPooling2D extends Module {
    private final boolean keepdims;

    /**
     * A layer giving {@code (batch, channels)}.
     *
     * <pre>{@code
     * GlobalMaxPooling2D gmp = new GlobalMaxPooling2D();
     * }</pre>
     */
    public GlobalMaxPooling2D() {
        this(false);
    }

    /**
     * A layer that keeps the spatial axes as size 1 if {@code keepdims}.
     *
     * <pre>{@code
     * new GlobalMaxPooling2D(true).call(Tensors.zeros(DType.FLOAT32, 2, 5, 5, 3));   // shape (2, 1, 1, 3)
     * }</pre>
     *
     * @param keepdims whether the output keeps rank 4
     */
    public GlobalMaxPooling2D(boolean keepdims) {
        super(null);
        this.keepdims = keepdims;
    }

    /**
     * The per-channel maxima.
     *
     * <pre>{@code
     * new GlobalMaxPooling2D().call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));   // [[4.]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating NHWC tensor of rank 4
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        checkPoolingInput("GlobalMaxPooling2D", x, 4, "NHWC input");
        return Tensors.reduceMax(x, keepdims, 1, 2);
    }
}
