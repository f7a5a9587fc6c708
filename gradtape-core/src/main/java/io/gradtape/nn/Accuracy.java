package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * The fraction of predictions equal to their targets, element by element (Keras's {@code Accuracy}), for
 * predictions that are already labels.
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
     * @param yPred the predicted labels, the same shape
     * @throws IllegalArgumentException if the shapes differ
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "Accuracy.updateState: yTrue is null");
        Objects.requireNonNull(yPred, "Accuracy.updateState: yPred is null");
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException("Accuracy.updateState: yTrue has shape " + yTrue.shape() + " but yPred has shape "
                    + yPred.shape());
        }
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        for (int i = 0; i < t.length; i++) {
            total += t[i] == p[i] ? 1 : 0;
        }
        count += t.length;
    }
}
