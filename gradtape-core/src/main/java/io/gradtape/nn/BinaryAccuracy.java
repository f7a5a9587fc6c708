package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The fraction of predictions on the right side of a threshold (Keras's {@code BinaryAccuracy}): a prediction
 * counts as 1 when it is above {@code threshold} (default 0.5; use 0 for logits), and is right when that equals
 * its target (0 or 1). As in Keras, the threshold is cast to the predictions' dtype first: with float32
 * predictions, {@code new BinaryAccuracy(0.1)} compares against {@code 0.1f}, so a prediction of {@code 0.1f} is
 * not above it. A trailing axis of 1 on one side is matched as Keras's {@code squeeze_or_expand_to_same_rank} does.
 *
 * <pre>{@code
 * BinaryAccuracy acc = new BinaryAccuracy();
 * acc.updateState(Tensors.constant(new float[] {1, 1, 0, 0}, 4), Tensors.constant(new float[] {0.98f, 1, 0, 0.6f}, 4));
 * acc.doubleResult();   // 0.75
 * }</pre>
 */
public final class BinaryAccuracy extends Metric {
    private final double threshold;

    /**
     * With threshold 0.5, for probabilities.
     *
     * <pre>{@code
     * BinaryAccuracy acc = new BinaryAccuracy();
     * }</pre>
     */
    public BinaryAccuracy() {
        this(0.5);
    }

    /**
     * With the given threshold.
     *
     * <pre>{@code
     * BinaryAccuracy onLogits = new BinaryAccuracy(0.0);
     * }</pre>
     *
     * @param threshold predictions above it count as 1
     */
    public BinaryAccuracy(double threshold) {
        this.threshold = threshold;
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new BinaryAccuracy().updateState(Tensors.constant(new float[] {1}, 1), Tensors.constant(new float[] {0.7f}, 1));
     * }</pre>
     *
     * @param yTrue targets, 0 or 1
     * @param yPred predictions, the same shape (up to a trailing axis of 1)
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
     * new BinaryAccuracy().updateState(Tensors.constant(new float[] {1, 0}, 2), Tensors.constant(new float[] {0.7f, 0.9f}, 2),
     *         Tensors.constant(new float[] {3, 1}, 2));   // 0.75
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "BinaryAccuracy.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(yTrue, "BinaryAccuracy.updateState: yTrue is null");
        Objects.requireNonNull(yPred, "BinaryAccuracy.updateState: yPred is null");
        // Keras's binary_accuracy: squeeze_or_expand_to_same_rank(y_true, y_pred); threshold = cast(threshold,
        // y_pred.dtype); y_pred = cast(y_pred > threshold, y_true.dtype); equal(y_true, y_pred)
        Tensor[] tp = Loss.squeezeOrExpandToSameRank(yTrue, yPred);
        yTrue = tp[0];
        yPred = tp[1];
        double threshold = Tensors.cast(Tensors.constant(this.threshold), yPred.dtype()).doubleValue();
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException("BinaryAccuracy.updateState: yTrue has shape " + yTrue.shape() + " but yPred has shape "
                    + yPred.shape());
        }
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        double[] matches = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            matches[i] = (p[i] > threshold ? 1.0 : 0.0) == t[i] ? 1 : 0;
        }
        add(matches, yPred.shape().dims(), sampleWeight, "BinaryAccuracy.updateState");
    }
}
