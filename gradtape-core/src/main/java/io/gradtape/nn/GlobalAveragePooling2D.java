package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The mean of each channel over the whole image, for NHWC inputs (Keras's {@code GlobalAveragePooling2D}, named
 * {@code global_average_pooling2d}):
 * <pre>
 *   y[b, c] = sum over i, j of x[b, i, j, c] / (h * w)
 * </pre>
 * giving {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with {@code keepdims} (Keras's
 * {@code keepdims=True}). An image of no cells ({@code h * w = 0}) gives NaN, the mean of nothing, as
 * {@code tf.reduce_mean}. The gradient is {@code g / (h * w)} to every cell. It has no variables.
 *
 * <pre>{@code
 * new GlobalAveragePooling2D().call(Tensors.zeros(DType.FLOAT32, 8, 7, 7, 64));   // shape (8, 64)
 * }</pre>
 */
public class GlobalAveragePooling2D extends Module {
    private final boolean keepdims;

    /**
     * A layer giving {@code (batch, channels)}.
     *
     * <pre>{@code
     * GlobalAveragePooling2D gap = new GlobalAveragePooling2D();
     * }</pre>
     */
    public GlobalAveragePooling2D() {
        this(false);
    }

    /**
     * A layer that keeps the spatial axes as size 1 if {@code keepdims}.
     *
     * <pre>{@code
     * new GlobalAveragePooling2D(true).call(Tensors.zeros(DType.FLOAT32, 2, 5, 5, 3));   // shape (2, 1, 1, 3)
     * }</pre>
     *
     * @param keepdims whether the output keeps rank 4
     */
    public GlobalAveragePooling2D(boolean keepdims) {
        super(null);
        this.keepdims = keepdims;
    }

    /**
     * The per-channel means.
     *
     * <pre>{@code
     * new GlobalAveragePooling2D().call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));   // [[2.5]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating NHWC tensor of rank 4
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        checkPoolingInput("GlobalAveragePooling2D", x, 4, "NHWC input");
        return Tensors.reduceMean(x, keepdims, 1, 2);
    }
}
