package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the regression metrics ({@link MeanSquaredErrorMetric}, {@link MeanAbsoluteErrorMetric},
 * {@link RootMeanSquaredError}) share: targets and predictions matched as Keras's
 * {@code squeeze_or_expand_to_same_rank} (a trailing axis of 1 on one side), then required to have one shape (Keras
 * would broadcast a remaining mismatch; here it is an error, as in {@link Loss}); an error per element, in double
 * precision; averaged over the last axis when {@link #perExample} (Keras's {@code MeanMetricWrapper} around a loss
 * function) or not (RMSE's elementwise squares); then added as {@link Mean} adds values, with the sample weights.
 */
abstract class ErrorMetric extends Metric {
    private final boolean perExample;

    ErrorMetric(boolean perExample) {
        this.perExample = perExample;
    }

    /** The error of one prediction {@code p} against its target {@code t}. */
    abstract double error(double t, double p);

    final void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = getClass().getSimpleName() + ".updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        Tensor[] tp = Loss.squeezeOrExpandToSameRank(yTrue, yPred);
        if (!tp[0].shape().equals(tp[1].shape())) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " and yPred has shape "
                    + yPred.shape() + "; they must agree (a trailing axis of 1 on one side is matched, as Keras's"
                    + " squeeze_or_expand_to_same_rank)");
        }
        int[] shape = tp[1].shape().dims();
        if (perExample && shape.length == 0) {
            throw new IllegalArgumentException(op + ": yPred must have rank >= 1 (its last axis is averaged), got a scalar");
        }
        double[] t = tp[0].toDoubleArray();
        double[] p = tp[1].toDoubleArray();
        double[] e = new double[p.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = error(t[i], p[i]);
        }
        if (perExample) {
            int n = shape[shape.length - 1];
            shape = Arrays.copyOf(shape, shape.length - 1);
            int rows = 1;
            for (int d : shape) {
                rows *= d;
            }
            double[] means = new double[rows];
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += e[r * n + j];
                }
                means[r] = s / n;   // NaN over an empty axis, as the mean Keras takes
            }
            e = means;
        }
        add(e, shape, sampleWeight, op);
    }
}
