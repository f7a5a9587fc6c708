package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * The mean of every value added (Keras's {@code Mean}), e.g. the loss over an epoch.
 *
 * <pre>{@code
 * Mean trainLoss = new Mean();
 * trainLoss.updateState(Tensors.constant(0.5f));
 * trainLoss.updateState(Tensors.constant(0.3f));
 * trainLoss.doubleResult();   // 0.4
 * }</pre>
 */
public final class Mean extends Metric {
    /**
     * An empty mean.
     *
     * <pre>{@code
     * Mean m = new Mean();
     * }</pre>
     */
    public Mean() {
    }

    /**
     * Adds every element of {@code values}.
     *
     * <pre>{@code
     * new Mean().updateState(Tensors.constant(new float[] {1, 2}, 2));
     * }</pre>
     *
     * @param values any numeric tensor
     */
    public void updateState(Tensor values) {
        Objects.requireNonNull(values, "Mean.updateState: values is null");
        add(values.toDoubleArray(), values.shape().dims(), null, "Mean.updateState");
    }

    /**
     * Adds {@code values} weighted by {@code sampleWeight}, as Keras's {@code Mean.update_state(values,
     * sample_weight)}: the result becomes {@code sum(w * v) / sum(w)} over everything added (see {@link Metric} for
     * weights of a lower rank than the values).
     *
     * <pre>{@code
     * Mean m = new Mean();
     * m.updateState(Tensors.constant(new float[] {1, 3, 5, 7}, 4), Tensors.constant(new float[] {1, 1, 0, 0}, 4));
     * m.doubleResult();   // 2.0
     * }</pre>
     *
     * @param values       any numeric tensor
     * @param sampleWeight numeric weights, broadcastable to {@code values} once matched
     * @throws IllegalArgumentException if the weights do not fit the values
     */
    public void updateState(Tensor values, Tensor sampleWeight) {
        Objects.requireNonNull(values, "Mean.updateState: values is null");
        Objects.requireNonNull(sampleWeight, "Mean.updateState: sampleWeight is null");
        add(values.toDoubleArray(), values.shape().dims(), sampleWeight, "Mean.updateState");
    }
}
