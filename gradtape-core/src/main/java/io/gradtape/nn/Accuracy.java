package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The fraction of predictions equal to their targets, element by element (Keras's {@code Accuracy}), for
 * predictions that are already labels. As in Keras, the targets are cast to the predictions' dtype before the
 * comparison (float64 0.1 equals float32 0.1f), and a trailing axis of
 * 1 on one side is matched as Keras's {@code squeeze_or_expand_to_same_rank} does.
 *
 * <pre>{@code
 * Accuracy acc = new Accuracy();
 * acc.updateState(Tensors.constant(new int[] {1, 2, 3}, 3), Tensors.constant(new int[] {1, 2, 4}, 3));
 * acc.doubleResult();   // 0.666...
 * }</pre>
 */
public final class Accuracy extends Metric {
    /**
     * An empty accuracy.
     *
     * <pre>{@code
     * Accuracy acc = new Accuracy();
     * }</pre>
     */
    public Accuracy() {
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new Accuracy().updateState(Tensors.constant(new int[] {1}, 1), Tensors.constant(new int[] {1}, 1));
     * }</pre>
     *
     * @param yTrue the targets
     * @param yPred the predicted labels, the same shape (up to a trailing axis of 1)
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
     * new Accuracy().updateState(Tensors.constant(new int[] {1, 2}, 2), Tensors.constant(new int[] {1, 3}, 2),
     *         Tensors.constant(new float[] {3, 1}, 2));   // 0.75
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, e.g. of shape {@code (batch,)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "Accuracy.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(yTrue, "Accuracy.updateState: yTrue is null");
        Objects.requireNonNull(yPred, "Accuracy.updateState: yPred is null");
        // Keras's accuracy: y_true = convert_to_tensor(y_true, dtype=y_pred.dtype), then
        // squeeze_or_expand_to_same_rank(y_true, y_pred), then equal
        Tensor[] tp = Loss.squeezeOrExpandToSameRank(
                yTrue.dtype() == yPred.dtype() ? yTrue : Tensors.cast(yTrue, yPred.dtype()), yPred);
        yTrue = tp[0];
        yPred = tp[1];
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException("Accuracy.updateState: yTrue has shape " + yTrue.shape() + " but yPred has shape "
                    + yPred.shape());
        }
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        double[] matches = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            matches[i] = t[i] == p[i] ? 1 : 0;
        }
        add(matches, yPred.shape().dims(), sampleWeight, "Accuracy.updateState");
    }
}
