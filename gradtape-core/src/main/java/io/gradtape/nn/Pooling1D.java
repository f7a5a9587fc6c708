package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * What {@link MaxPooling1D} and {@link AveragePooling1D} share (Keras's {@code BasePooling} with
 * {@code pool_dimensions=1}, keras/src/layers/pooling/base_pooling.py): the pool size, the strides (Keras's
 * {@code strides=None} is the pool size), the padding ({@code valid} or {@code same}, checked as the convolutions'),
 * and the input check, each refusal naming the layer.
 */
abstract class Pooling1D extends Module {
    private final int poolSize;
    private final int stride;
    private final String padding;

    Pooling1D(String kind, int poolSize, int strides, String padding) {
        super(null);
        if (poolSize <= 0 || strides <= 0) {
            throw new IllegalArgumentException(kind + ": poolSize and strides must be positive, got " + poolSize + " and " + strides);
        }
        this.padding = BaseConvBuilder.padding(kind, Objects.requireNonNull(padding, kind + ": padding is null"), false);
        this.poolSize = poolSize;
        this.stride = strides;
    }

    /** The pooled sequences, by {@link NN#maxPool1d} if {@code max}, else {@link NN#avgPool1d}, after the checks. */
    final Tensor pool(Tensor x, String kind, boolean max) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        checkPoolingInput(kind, x, 3, "input (batch, steps, channels)");
        if (padding.equals("VALID") && poolSize > x.shape().dim(1)) {
            // Keras's compute_pooling_output_shape (keras/src/ops/operation_utils.py) refuses a negative size
            throw new IllegalArgumentException(name() + ": the pool of " + poolSize + " steps is longer than the input's "
                    + x.shape().dim(1) + " steps (shape " + x.shape() + ") with valid padding");
        }
        return max ? NN.maxPool1d(x, poolSize, stride, padding) : NN.avgPool1d(x, poolSize, stride, padding);
    }
}
