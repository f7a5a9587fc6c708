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
public final class TopKCategoricalAccuracy extends TopKAccuracyMetric {

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
        super(k);
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

    @Override
    int[] examples(String op, Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape()) || yPred.rank() == 0) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " but yPred has shape "
                    + yPred.shape() + "; they must agree, with a class axis");
        }
        // one match per example, shape yPred.shape[:-1] (Keras reshapes the matches to argmax(y_true)'s shape)
        return Arrays.copyOf(yPred.shape().dims(), yPred.rank() - 1);
    }

    @Override
    double target(double[] t, int i, int n) {
        return argmax(t, i, n);
    }
}
