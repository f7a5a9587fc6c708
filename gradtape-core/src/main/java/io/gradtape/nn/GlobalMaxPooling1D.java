package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The maximum of each channel over all steps, for sequences {@code (batch, steps, channels)} (Keras's
 * {@code GlobalMaxPooling1D}, keras/src/layers/pooling/global_max_pooling1d.py, named {@code global_max_pooling1d}):
 * <pre>
 *   y[b, c] = max over t of x[b, t, c]
 * </pre>
 * giving {@code (batch, channels)}, or {@code (batch, 1, channels)} with {@code keepdims} (Keras's
 * {@code keepdims=True}). Computed by {@link Tensors#reduceMax}, whose rules it keeps: the gradient goes to the
 * maximum, shared equally among tied steps, as {@code tf.reduce_max}'s, and a NaN gives NaN. A mask is not read
 * (Keras's layer has no {@code mask} argument and does not support masking: a padding step can be the maximum) and
 * its output has none. It has no variables.
 *
 * <pre>{@code
 * new GlobalMaxPooling1D().call(Tensors.zeros(DType.FLOAT32, 8, 20, 64));   // shape (8, 64)
 * }</pre>
 */
public class GlobalMaxPooling1D extends Module {
    private final boolean keepdims;

    /**
     * A layer giving {@code (batch, channels)}.
     *
     * <pre>{@code
     * GlobalMaxPooling1D gmp = new GlobalMaxPooling1D();
     * }</pre>
     */
    public GlobalMaxPooling1D() {
        this(false);
    }

    /**
     * A layer that keeps the steps axis as size 1 if {@code keepdims}.
     *
     * <pre>{@code
     * new GlobalMaxPooling1D(true).call(Tensors.zeros(DType.FLOAT32, 2, 5, 3));   // shape (2, 1, 3)
     * }</pre>
     *
     * @param keepdims whether the output keeps rank 3
     */
    public GlobalMaxPooling1D(boolean keepdims) {
        super(null);
        this.keepdims = keepdims;
    }

    /**
     * The per-channel maxima.
     *
     * <pre>{@code
     * new GlobalMaxPooling1D().call(Tensors.constant(new float[] {1, 4, 3, 2}, 1, 2, 2));   // [[3, 4]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating tensor of rank 3
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        checkPoolingInput("GlobalMaxPooling1D", x, 3, "input (batch, steps, channels)");
        return Tensors.reduceMax(x, keepdims, 1);
    }
}
