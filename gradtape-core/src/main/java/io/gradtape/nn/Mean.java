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
        for (double v : values.toDoubleArray()) {
            total += v;
        }
        count += values.size();
    }
}
