package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The fraction of examples whose target class (the argmax of the one-hot target's last axis) is among the
 * {@code k} highest scores (Keras's {@code TopKCategoricalAccuracy}, default {@code k = 5}). As TensorFlow's
 * {@code in_top_k}, which Keras calls: a score tied with the k-th highest counts as in the top k (so ties never
 * lower the accuracy), and an example with a NaN or infinite score is a miss. Targets and scores have the same
 * shape, classes on the last axis.
 *
 * <pre>{@code
 * TopKCategoricalAccuracy acc = new TopKCategoricalAccuracy(1);
 * acc.updateState(Tensors.constant(new float[] {0, 0, 1, 0, 1, 0}, 2, 3),
 *         Tensors.constant(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3));
 * acc.doubleResult();   // 0.5, Keras's docstring example
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends Metric {
    private final int k;

    /**
     * With {@code k = 5}, Keras's default.
     *
     * <pre>{@code
     * TopKCategoricalAccuracy top5 = new TopKCategoricalAccuracy();
     * }</pre>
     */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    /**
     * With the given {@code k}.
     *
     * <pre>{@code
     * TopKCategoricalAccuracy top3 = new TopKCategoricalAccuracy(3);
     * }</pre>
     *
     * @param k how many of the highest scores count, at least 1
     * @throws IllegalArgumentException if k is below 1
     */
    public TopKCategoricalAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be >= 1, got " + k);
        }
        this.k = k;
    }

    /**
     * The {@code k}.
     *
     * <pre>{@code
     * new TopKCategoricalAccuracy().k();   // 5
     * }</pre>
     *
     * @return k
     */
    public int k() {
        return k;
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new TopKCategoricalAccuracy(2).updateState(Tensors.constant(new float[] {0, 0, 1}, 1, 3),
     *         Tensors.constant(new float[] {0.5f, 0.3f, 0.2f}, 1, 3));   // a miss: class 2 is third
     * }</pre>
     *
     * @param yTrue one-hot targets
     * @param yPred the scores, the same shape, rank >= 1
     * @throws IllegalArgumentException if the shapes differ
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with a weight per example or per element (Keras's {@code sample_weight}; see {@link Metric}).
     *
     * <pre>{@code
     * new TopKCategoricalAccuracy(1).updateState(Tensors.constant(new float[] {0, 0, 1, 0, 1, 0}, 2, 3),
     *         Tensors.constant(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3),
     *         Tensors.constant(new float[] {0.7f, 0.3f}, 2));   // 0.3
     * }</pre>
     *
     * @param yTrue        one-hot targets
     * @param yPred        the scores
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "TopKCategoricalAccuracy.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = "TopKCategoricalAccuracy.updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        if (!yTrue.shape().equals(yPred.shape()) || yPred.rank() == 0) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " but yPred has shape "
                    + yPred.shape() + "; they must agree, with a class axis");
        }
        int n = yPred.shape().dim(yPred.rank() - 1);
        if (n == 0 && sampleWeight != null) {
            throw new IllegalArgumentException(op + ": yPred of shape " + yPred.shape()
                    + " has no classes, so its examples have no target class to weigh");
        }
        int rows = n == 0 ? 0 : yPred.size() / n;
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        double[] matches = new double[rows];
        for (int i = 0; i < rows; i++) {
            matches[i] = inTopK(p, i, n, argmax(t, i, n), k) ? 1 : 0;
        }
        // one match per example, shape yPred.shape[:-1] (Keras reshapes the matches to argmax(y_true)'s shape)
        add(matches, Arrays.copyOf(yPred.shape().dims(), yPred.rank() - 1), sampleWeight, op);
    }
}
