package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * The fraction of examples whose most probable class is the target's (argmax of both last axes; Keras's
 * {@code CategoricalAccuracy}), for one-hot targets.
 *
 * <pre>{@code
 * CategoricalAccuracy acc = new CategoricalAccuracy();
 * acc.updateState(Tensors.constant(new float[] {0, 0, 1, 0, 1, 0}, 2, 3),
 *         Tensors.constant(new float[] {0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0}, 2, 3));
 * acc.doubleResult();   // 0.5
 * }</pre>
 */
public final class CategoricalAccuracy extends Metric {
    /**
     * An empty accuracy.
     *
     * <pre>{@code
     * CategoricalAccuracy acc = new CategoricalAccuracy();
     * }</pre>
     */
    public CategoricalAccuracy() {
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new CategoricalAccuracy().updateState(Tensors.constant(new float[] {0, 1}, 1, 2), Tensors.constant(new float[] {0.2f, 0.8f}, 1, 2));
     * }</pre>
     *
     * @param yTrue one-hot (or probability) targets
     * @param yPred the scores, the same shape, rank >= 1
     * @throws IllegalArgumentException if the shapes differ
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with a weight per example or per element (Keras's {@code sample_weight}; see {@link Metric}):
     * the result becomes the weighted fraction of right predictions.
     *
     * <pre>{@code
     * new CategoricalAccuracy().updateState(Tensors.constant(new float[] {0, 1, 1, 0}, 2, 2),
     *         Tensors.constant(new float[] {0.2f, 0.8f, 0.4f, 0.6f}, 2, 2), Tensors.constant(new float[] {3, 1}, 2));   // 0.75
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "CategoricalAccuracy.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(yTrue, "CategoricalAccuracy.updateState: yTrue is null");
        Objects.requireNonNull(yPred, "CategoricalAccuracy.updateState: yPred is null");
        if (!yTrue.shape().equals(yPred.shape()) || yPred.rank() == 0) {
            throw new IllegalArgumentException("CategoricalAccuracy.updateState: yTrue has shape " + yTrue.shape()
                    + " but yPred has shape " + yPred.shape() + "; they must agree, with a class axis");
        }
        int n = yPred.shape().dim(yPred.rank() - 1);
        int rows = n == 0 ? 0 : yPred.size() / n;
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        if (n == 0 && sampleWeight != null) {
            throw new IllegalArgumentException("CategoricalAccuracy.updateState: yPred of shape " + yPred.shape()
                    + " has no classes, so its examples have no argmax to weigh");
        }
        double[] matches = new double[rows];
        for (int i = 0; i < rows; i++) {
            matches[i] = argmax(p, i, n) == argmax(t, i, n) ? 1 : 0;
        }
        // one match per example, shape yPred.shape[:-1] (Keras's categorical_accuracy)
        add(matches, java.util.Arrays.copyOf(yPred.shape().dims(), yPred.rank() - 1), sampleWeight, "CategoricalAccuracy.updateState");
    }
}
