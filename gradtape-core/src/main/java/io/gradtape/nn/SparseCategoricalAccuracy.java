package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The fraction of examples whose most probable class (the argmax of the last axis of the scores, logits or
 * probabilities) is the integer label (Keras's {@code SparseCategoricalAccuracy}). Labels have shape
 * {@code yPred.shape[:-1]}, or that with a trailing 1. At a tie the first class wins, as argmax.
 *
 * <pre>{@code
 * SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
 * acc.updateState(Tensors.constant(new int[] {2, 1}, 2),
 *         Tensors.constant(new float[] {0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0}, 2, 3));
 * acc.doubleResult();   // 0.5
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends Metric {
    /**
     * An empty accuracy.
     *
     * <pre>{@code
     * SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
     * }</pre>
     */
    public SparseCategoricalAccuracy() {
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new SparseCategoricalAccuracy().updateState(Tensors.constant(new int[] {0}, 1), Tensors.constant(new float[] {1, 0}, 1, 2));
     * }</pre>
     *
     * @param yTrue the class labels
     * @param yPred the scores, rank >= 1, classes on the last axis
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with a weight per example or per element (Keras's {@code sample_weight}; see {@link Metric}):
     * the result becomes the weighted fraction of right predictions.
     *
     * <pre>{@code
     * new SparseCategoricalAccuracy().updateState(Tensors.constant(new int[] {1, 0}, 2),
     *         Tensors.constant(new float[] {0.2f, 0.8f, 0.4f, 0.6f}, 2, 2), Tensors.constant(new float[] {3, 1}, 2));   // 0.75
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "SparseCategoricalAccuracy.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(yTrue, "SparseCategoricalAccuracy.updateState: yTrue is null");
        Objects.requireNonNull(yPred, "SparseCategoricalAccuracy.updateState: yPred is null");
        int r = yPred.rank();
        if (r == 0) {
            throw new IllegalArgumentException("SparseCategoricalAccuracy.updateState: yPred must have a class axis, got a scalar");
        }
        int n = yPred.shape().dim(r - 1);
        int rows = n == 0 ? 0 : yPred.size() / n;
        int[] expected = Arrays.copyOf(yPred.shape().dims(), r - 1);
        int[] got = yTrue.shape().dims();
        if (got.length == r && got[r - 1] == 1) {
            got = Arrays.copyOf(got, r - 1);
        }
        if (!Arrays.equals(got, expected)) {
            throw new IllegalArgumentException("SparseCategoricalAccuracy.updateState: yTrue has shape " + yTrue.shape()
                    + " but yPred of shape " + yPred.shape() + " needs one label per example");
        }
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        if (n == 0 && sampleWeight != null) {
            throw new IllegalArgumentException("SparseCategoricalAccuracy.updateState: yPred of shape " + yPred.shape()
                    + " has no classes, so its examples have no argmax to weigh");
        }
        double[] matches = new double[rows];
        for (int i = 0; i < rows; i++) {
            matches[i] = argmax(p, i, n) == t[i] ? 1 : 0;
        }
        // one match per example, shape yPred.shape[:-1] (Keras's sparse_categorical_accuracy squeezes a trailing 1)
        add(matches, expected, sampleWeight, "SparseCategoricalAccuracy.updateState");
    }
}
