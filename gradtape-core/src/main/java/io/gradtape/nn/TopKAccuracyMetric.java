package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * What {@link TopKCategoricalAccuracy} and {@link SparseTopKCategoricalAccuracy} share: the {@code k}, and one match
 * per example (TensorFlow's {@code in_top_k}: {@link Metric#inTopK}) added as {@link Mean} adds values, with the
 * sample weights. The subclasses differ only in how the target class is read from {@code yTrue}.
 */
abstract class TopKAccuracyMetric extends Metric {
    final int k;

    TopKAccuracyMetric(int k) {
        if (k < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": k must be >= 1, got " + k);
        }
        this.k = k;
    }

    /** Checks {@code yTrue} against {@code yPred} (rank >= 1); returns the examples' shape, yPred.shape[:-1]. */
    abstract int[] examples(String op, Tensor yTrue, Tensor yPred);

    /** The target class of example {@code i}, from yTrue's values {@code t} and the {@code n} classes. */
    abstract double target(double[] t, int i, int n);

    final void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = getClass().getSimpleName() + ".updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        int[] shape = examples(op, yTrue, yPred);
        int n = yPred.shape().dim(yPred.rank() - 1);
        if (n == 0 && sampleWeight != null) {
            throw new IllegalArgumentException(op + ": yPred of shape " + yPred.shape()
                    + " has no classes, so its examples have no scores to weigh");
        }
        int rows = n == 0 ? 0 : yPred.size() / n;
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        double[] matches = new double[rows];
        for (int i = 0; i < rows; i++) {
            matches[i] = inTopK(p, i, n, target(t, i, n), k) ? 1 : 0;
        }
        add(matches, shape, sampleWeight, op);
    }
}
