package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PrecisionAtRecall}, {@link RecallAtPrecision}, {@link SensitivityAtSpecificity} and
 * {@link SpecificityAtSensitivity} share: Keras's {@code SensitivitySpecificityBase}
 * ({@code keras/src/metrics/confusion_metrics.py}). The four weighted confusion counts are kept at
 * {@code numThresholds} thresholds, {@code 0, 1/(n-1), ..., 1} (just {@code 0.5} when {@code n = 1}), and updated by
 * {@link ConfusionCounts} on Keras's evenly-spaced path (for {@code n >= 2}; predictions clipped to {@code [0, 1]}, a
 * prediction of 0 positive at no threshold), optionally for one class's column only ({@code classId}). The result is
 * the largest {@code dependent} rate over the thresholds whose {@code constrained} rate is at least the given value,
 * or 0 when none is (Keras's {@code _find_max_under_constraint}); the rates are Keras's float32
 * {@code divide_no_nan}s (0 over 0 is 0), compared with the value in float32. A NaN rate (only from NaN or infinite
 * weights) is never feasible as the constrained rate, and makes the result NaN as a feasible dependent rate, as in
 * Keras.
 */
abstract class SensitivitySpecificityBase extends Metric {
    private final double value;
    private final int classId;
    private final double[] thresholds;
    private final boolean evenly;
    final double[] truePositives;
    final double[] falsePositives;
    final double[] trueNegatives;
    final double[] falseNegatives;

    /**
     * @param what    the value's name for messages, e.g. {@code "recall"}
     * @param classId the class whose column counts, or -1 for every element
     */
    SensitivitySpecificityBase(String what, double value, int numThresholds, int classId) {
        String name = getClass().getSimpleName();
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + ": " + what + " must be in [0, 1], got " + value);
        }
        if (numThresholds <= 0) {
            throw new IllegalArgumentException(name + ": numThresholds must be an integer > 0, got " + numThresholds);
        }
        if (classId < -1) {
            throw new IllegalArgumentException(name + ": classId must be >= 0, got " + classId);
        }
        this.value = value;
        this.classId = classId;
        if (numThresholds == 1) {
            thresholds = new double[] {0.5};
            evenly = false;
        } else {
            thresholds = new double[numThresholds];
            for (int i = 1; i < numThresholds - 1; i++) {
                thresholds[i] = i * 1.0 / (numThresholds - 1);   // Keras: (i + 1) * 1.0 / (n - 1) for i in range(n - 2)
            }
            thresholds[numThresholds - 1] = 1.0;
            evenly = true;
        }
        truePositives = new double[numThresholds];
        falsePositives = new double[numThresholds];
        trueNegatives = new double[numThresholds];
        falseNegatives = new double[numThresholds];
    }

    /** The constraint's target value given at construction (the recall of PrecisionAtRecall, ...). */
    final double target() {
        return value;
    }

    /** A public constructor's class id: {@code >= 0}. */
    static int checkClassId(String name, int classId) {
        if (classId < 0) {
            throw new IllegalArgumentException(name + ": classId must be >= 0, got " + classId);
        }
        return classId;
    }

    /**
     * The thresholds: {@code i / (numThresholds - 1)} for {@code i = 0 .. numThresholds - 1}, or {@code [0.5]} for one.
     *
     * <pre>{@code
     * new PrecisionAtRecall(0.5, 3).thresholds();   // [0.0, 0.5, 1.0]
     * }</pre>
     *
     * @return a new array
     */
    public final double[] thresholds() {
        return thresholds.clone();
    }

    /**
     * The class whose column counts, or -1 when every element counts.
     *
     * <pre>{@code
     * new RecallAtPrecision(0.8).classId();   // -1
     * }</pre>
     *
     * @return the class id, or -1
     */
    public final int classId() {
        return classId;
    }

    /** The rate the result maximizes, per threshold, as float32 values widened. */
    abstract double[] dependent();

    /** The rate that must reach the value, per threshold. */
    abstract double[] constrained();

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new PrecisionAtRecall(0.5).updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.3f, 0.8f}, 2));
     * }</pre>
     *
     * @param yTrue targets, positive when nonzero
     * @param yPred predictions in {@code [0, 1]} (others are clipped), the same shape up to a trailing axis of 1; with
     *              a class id, of shape {@code (batch, classes)} or more
     * @throws IllegalArgumentException if the shapes differ, or the class id is out of range
     */
    public final void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch, each pair counting with its weight (Keras's {@code sample_weight}, matched as in
     * {@link Precision#updateState(Tensor, Tensor, Tensor)}; with a class id, broadcast to that column).
     *
     * <pre>{@code
     * new RecallAtPrecision(0.8).updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.3f, 0.8f}, 2),
     *         Tensors.constant(new float[] {2, 1}, 2));
     * }</pre>
     *
     * @param yTrue        targets, positive when nonzero
     * @param yPred        predictions, as {@link #updateState(Tensor, Tensor)}
     * @param sampleWeight numeric weights
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public final void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, () -> getClass().getSimpleName() + ".updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ConfusionCounts.add(getClass().getSimpleName() + ".updateState", yTrue, yPred, sampleWeight, thresholds, evenly,
                classId, truePositives, falsePositives, trueNegatives, falseNegatives);
    }

    /** Keras's float32 {@code divide_no_nan(a, a + b)} per threshold, widened to double. */
    static double[] rate(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < r.length; i++) {
            float num = (float) a[i];
            float den = num + (float) b[i];   // float32 sum and quotient, as Keras's variables
            r[i] = den == 0 ? 0 : num / den;
        }
        return r;
    }

    /**
     * The largest {@code dependent} rate among the thresholds where the {@code constrained} rate is at least the
     * value, or 0 (see the class comment).
     *
     * <pre>{@code
     * new SensitivityAtSpecificity(0.5).doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the rate, in [0, 1]; NaN when a feasible threshold's rate is NaN (0 over 0 is 0, so only NaN or
     *         infinite weights, or counts beyond float32's range, make one: an infinite count over itself), as Keras's {@code ops.max}
     */
    @Override
    public final double doubleResult() {
        double[] c = constrained(), d = dependent();
        float v = (float) value;
        double best = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= v) {   // a NaN constrained rate is not feasible (NaN >= v is false, as Keras's predicate)
                if (Double.isNaN(d[i])) {
                    return Double.NaN;   // Keras's ops.max over where(feasible, dependent, 0) propagates a NaN
                }
                best = Math.max(best, d[i]);
            }
        }
        return best;
    }

    /**
     * Forgets every batch: the counts to 0.
     *
     * <pre>{@code
     * SpecificityAtSensitivity m = new SpecificityAtSensitivity(0.5);
     * m.resetState();
     * }</pre>
     */
    @Override
    public final void resetState() {
        super.resetState();
        Arrays.fill(truePositives, 0);
        Arrays.fill(falsePositives, 0);
        Arrays.fill(trueNegatives, 0);
        Arrays.fill(falseNegatives, 0);
    }

    // the state: Keras's true_positives, false_positives, true_negatives, false_negatives, each (numThresholds,)
    @Override
    final List<String> variableNames() {
        return List.of("true_positives", "false_positives", "true_negatives", "false_negatives");
    }

    @Override
    final int[][] variableShapes() {
        int[] s = {thresholds.length};
        return new int[][] {s, s, s, s};
    }

    @Override
    final double[][] variableValues() {
        return new double[][] {truePositives.clone(), falsePositives.clone(), trueNegatives.clone(), falseNegatives.clone()};
    }

    @Override
    final void assignVariables(double[][] values, int[][] shapes) {
        int n = thresholds.length;
        System.arraycopy(values[0], 0, truePositives, 0, n);
        System.arraycopy(values[1], 0, falsePositives, 0, n);
        System.arraycopy(values[2], 0, trueNegatives, 0, n);
        System.arraycopy(values[3], 0, falseNegatives, 0, n);
    }
}
