package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The fraction of examples whose integer label is among the {@code k} highest scores (Keras's
 * {@code SparseTopKCategoricalAccuracy}, default {@code k = 5}). Labels have shape {@code yPred.shape[:-1]}, or that
 * with a trailing 1. As TensorFlow's {@code in_top_k}, which Keras calls: a score tied with the k-th highest
 * counts as in the top k, an example with a NaN or infinite score is a miss, and so is a label outside
 * {@code [0, classes)} (no error; a fractional label is truncated, as Keras's cast to int32). Keras's
 * {@code from_sorted_ids} is not offered.
 *
 * <pre>{@code
 * SparseTopKCategoricalAccuracy acc = new SparseTopKCategoricalAccuracy(1);
 * acc.updateState(Tensors.constant(new int[] {2, 1}, 2),
 *         Tensors.constant(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3));
 * acc.doubleResult();   // 0.5, Keras's docstring example
 * }</pre>
 */
public final class SparseTopKCategoricalAccuracy extends TopKAccuracyMetric {

    /**
     * With {@code k = 5}, Keras's default.
     *
     * <pre>{@code
     * SparseTopKCategoricalAccuracy top5 = new SparseTopKCategoricalAccuracy();
     * }</pre>
     */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    /**
     * With the given {@code k}.
     *
     * <pre>{@code
     * SparseTopKCategoricalAccuracy top3 = new SparseTopKCategoricalAccuracy(3);
     * }</pre>
     *
     * @param k how many of the highest scores count, at least 1
     * @throws IllegalArgumentException if k is below 1
     */
    public SparseTopKCategoricalAccuracy(int k) {
        super(k);
    }

    /**
     * The {@code k}.
     *
     * <pre>{@code
     * new SparseTopKCategoricalAccuracy().k();   // 5
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
     * new SparseTopKCategoricalAccuracy(2).updateState(Tensors.constant(new int[] {1}, 1),
     *         Tensors.constant(new float[] {0.5f, 0.3f, 0.2f}, 1, 3));   // a hit: class 1 is second
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
     * Adds a batch with a weight per example or per element (Keras's {@code sample_weight}; see {@link Metric}).
     *
     * <pre>{@code
     * new SparseTopKCategoricalAccuracy(1).updateState(Tensors.constant(new int[] {2, 1}, 2),
     *         Tensors.constant(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3),
     *         Tensors.constant(new float[] {0.7f, 0.3f}, 2));   // 0.3
     * }</pre>
     *
     * @param yTrue        the class labels
     * @param yPred        the scores
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "SparseTopKCategoricalAccuracy.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    @Override
    int[] examples(String op, Tensor yTrue, Tensor yPred) {
        int r = yPred.rank();
        if (r == 0) {
            throw new IllegalArgumentException(op + ": yPred must have a class axis, got a scalar");
        }
        int[] expected = Arrays.copyOf(yPred.shape().dims(), r - 1);
        int[] got = yTrue.shape().dims();
        if (got.length == r && got[r - 1] == 1) {
            got = Arrays.copyOf(got, r - 1);
        }
        if (!Arrays.equals(got, expected)) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " but yPred of shape "
                    + yPred.shape() + " needs one label per example");
        }
        return expected;
    }

    @Override
    double target(double[] t, int i, int n) {
        return t[i];
    }
}
