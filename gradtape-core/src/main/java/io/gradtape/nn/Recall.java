package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Keras's {@code Recall}: the fraction of positives that are predicted positive, {@code tp / (tp + fn)} over everything added, with one threshold (Keras's
 * {@code thresholds}, default 0.5). A target counts as positive when it is nonzero; a prediction when it is above
 * the threshold, compared in float32 as Keras does (use probabilities, or threshold 0.5 on {@code sigmoid}
 * outputs). The result with no positives to divide by is 0 (Keras's {@code divide_no_nan}). Targets and predictions
 * pair element by element, so multi-label outputs count each label. Keras's {@code top_k} and {@code class_id}
 * are not offered.
 *
 * <pre>{@code
 * Recall m = new Recall();
 * m.updateState(Tensors.constant(new int[] {0, 1, 1, 1}, 4), Tensors.constant(new float[] {1, 0, 1, 1}, 4));
 * m.doubleResult();   // 0.666...
 * }</pre>
 */
public final class Recall extends ConfusionMetric {
    /**
     * With threshold 0.5.
     *
     * <pre>{@code
     * Recall m = new Recall();
     * }</pre>
     */
    public Recall() {
        this(0.5);
    }

    /**
     * With the given threshold.
     *
     * <pre>{@code
     * Recall strict = new Recall(0.9);
     * }</pre>
     *
     * @param threshold predictions above it count as positive; in [0, 1], as Keras requires
     * @throws IllegalArgumentException if the threshold is outside [0, 1] or NaN
     */
    public Recall(double threshold) {
        super(threshold);
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new Recall().updateState(Tensors.constant(new float[] {1, 0}, 2), Tensors.constant(new float[] {0.7f, 0.2f}, 2));
     * }</pre>
     *
     * @param yTrue targets, positive when nonzero
     * @param yPred predictions, the same shape (up to a trailing axis of 1)
     * @throws IllegalArgumentException if the shapes differ
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch, each pair counting with its weight (Keras's {@code sample_weight}): weights of {@code yTrue}'s
     * rank weigh each element, others (e.g. {@code (batch,)} for predictions {@code (batch, labels)}) gain a
     * trailing axis and weigh each row; a scalar weighs the whole batch.
     *
     * <pre>{@code
     * new Recall().updateState(Tensors.constant(new float[] {1, 0}, 2), Tensors.constant(new float[] {0.7f, 0.8f}, 2),
     *         Tensors.constant(new float[] {3, 1}, 2));
     * }</pre>
     *
     * @param yTrue        targets, positive when nonzero
     * @param yPred        predictions, the same shape (up to a trailing axis of 1)
     * @param sampleWeight numeric weights, broadcastable to yPred as above
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "Recall.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    @Override
    String secondVariable() {
        return "false_negatives";
    }

    @Override
    double secondCount() {
        return falseNegatives;
    }
}
