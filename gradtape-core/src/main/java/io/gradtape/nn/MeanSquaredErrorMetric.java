package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Keras's {@code keras.metrics.MeanSquaredError}: the mean over every example added of {@code mean((yPred - yTrue)^2)}
 * over its last axis (the per-example value of the {@link MeanSquaredError} loss), weighted by the sample weights
 * as {@link Mean}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric both called {@code MeanSquaredError}, in two modules. Here losses
 * and metrics share {@code io.gradtape.nn}, where one simple name can name one class, so the loss keeps the plain
 * name (it is what a model is trained with, and existing code names it) and the metric takes the suffix: both read
 * apart at a glance in one file, both come up when an IDE completes {@code MeanSquaredError}, and neither needs a
 * fully qualified name. (A separate {@code metrics} package would split Keras's one namespace and make the two
 * clash in any file that imports both packages.)
 */
public final class MeanSquaredErrorMetric extends ErrorMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * MeanSquaredErrorMetric m = new MeanSquaredErrorMetric();
     * }</pre>
     */
    public MeanSquaredErrorMetric() {
        super(true);
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * MeanSquaredErrorMetric m = new MeanSquaredErrorMetric();
     * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2));
     * m.doubleResult();   // 0.25, Keras's docstring example
     * }</pre>
     *
     * @param yTrue the targets, numeric
     * @param yPred the predictions, numeric, the same shape (up to a trailing axis of 1)
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with a weight per example or per element (Keras's {@code sample_weight}; see {@link Metric}).
     *
     * <pre>{@code
     * MeanSquaredErrorMetric m = new MeanSquaredErrorMetric();
     * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
     *         Tensors.constant(new float[] {1, 0}, 2));
     * m.doubleResult();   // 0.5, the first example only
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "MeanSquaredErrorMetric.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    @Override
    double error(double t, double p) {
        return (p - t) * (p - t);
    }
}
