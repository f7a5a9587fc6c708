package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Keras's {@code keras.metrics.MeanAbsoluteError}: the mean over every example added of {@code mean(|yPred - yTrue|)}
 * over its last axis (the per-example value of the {@link MeanAbsoluteError} loss), weighted by the sample weights
 * as {@link Mean}. Named with a suffix because the loss holds the plain name in this package (see
 * {@link MeanSquaredErrorMetric}).
 */
public final class MeanAbsoluteErrorMetric extends ErrorMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * MeanAbsoluteErrorMetric m = new MeanAbsoluteErrorMetric();
     * }</pre>
     */
    public MeanAbsoluteErrorMetric() {
        super(true);
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * MeanAbsoluteErrorMetric m = new MeanAbsoluteErrorMetric();
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
     * MeanAbsoluteErrorMetric m = new MeanAbsoluteErrorMetric();
     * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
     *         Tensors.constant(new float[] {1, 0}, 2));
     * m.doubleResult();   // 0.5, Keras's docstring example
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "MeanAbsoluteErrorMetric.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    @Override
    double error(double t, double p) {
        return Math.abs(p - t);
    }
}
