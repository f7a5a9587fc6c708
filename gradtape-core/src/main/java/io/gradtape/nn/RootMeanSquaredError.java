package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Keras's {@code RootMeanSquaredError}: {@code sqrt} of the mean of every squared error {@code (yPred - yTrue)^2}
 * added, element by element (no average over the last axis first, as Keras's {@code update_state} adds the
 * squares to a {@link Mean}), weighted by the sample weights as {@link Mean}; the square root is taken of the whole
 * mean in {@link #doubleResult()}, not of each batch's.
 */
public final class RootMeanSquaredError extends ErrorMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * RootMeanSquaredError m = new RootMeanSquaredError();
     * }</pre>
     */
    public RootMeanSquaredError() {
        super(false);
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * RootMeanSquaredError m = new RootMeanSquaredError();
     * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2));
     * m.doubleResult();   // 0.5, Keras's docstring example
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
     * RootMeanSquaredError m = new RootMeanSquaredError();
     * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
     *         Tensors.constant(new float[] {1, 0}, 2));
     * m.doubleResult();   // 0.70710677, Keras's docstring example
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "RootMeanSquaredError.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    @Override
    double error(double t, double p) {
        return (p - t) * (p - t);
    }

    /**
     * {@code sqrt(total / count)}: the root of the weighted mean of the squared errors so far.
     *
     * <pre>{@code
     * new RootMeanSquaredError().doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the root mean squared error
     */
    @Override
    public double doubleResult() {
        return Math.sqrt(super.doubleResult());
    }
}
