package io.gradtape.nn;

/**
 * Keras's {@code RecallAtPrecision} ({@code keras/src/metrics/confusion_metrics.py}): the best recall ({@code tp / (tp
 * + fn)}) at a precision ({@code tp / (tp + fp)}) of at least the given value; 0 when no threshold reaches that
 * precision. The four weighted confusion counts are kept at {@code numThresholds} evenly spaced thresholds in {@code
 * [0, 1]} (default 200) over every batch added; the result is the largest recall among the thresholds whose precision
 * is at least {@code precision}, or 0 when no threshold reaches it. A target counts as positive when it is nonzero, a
 * prediction (a probability; others are clipped to {@code [0, 1]}) when it is above the threshold. With a {@code
 * classId}, only that class's column of targets and predictions of shape {@code (batch, classes)} counts. The {@link
 * #variables()} are Keras's {@code true_positives}, {@code false_positives}, {@code true_negatives} and {@code
 * false_negatives}, each of shape {@code (numThresholds,)}. See {@code SensitivitySpecificityBase} for the details
 * Keras fixes (the thresholds, the float32 rates and comparison).
 *
 * <pre>{@code
 * RecallAtPrecision m = new RecallAtPrecision(0.8);
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1}, 4), Tensors.constant(new float[] {0, 0.5f, 0.3f, 0.9f}, 4));
 * m.doubleResult();   // 0.5, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1}, 4), Tensors.constant(new float[] {0, 0.5f, 0.3f, 0.9f}, 4),
 *         Tensors.constant(new float[] {1, 0, 0, 1}, 4));
 * m.doubleResult();   // 1.0
 * }</pre>
 */
public final class RecallAtPrecision extends SensitivitySpecificityBase {
    /**
     * With 200 thresholds, over every element (Keras's defaults).
     *
     * <pre>{@code
     * RecallAtPrecision m = new RecallAtPrecision(0.8);
     * }</pre>
     *
     * @param precision the precision to reach, in {@code [0, 1]}
     * @throws IllegalArgumentException if precision is outside {@code [0, 1]} or NaN
     */
    public RecallAtPrecision(double precision) {
        this(precision, 200);
    }

    /**
     * With the given number of thresholds, over every element.
     *
     * <pre>{@code
     * RecallAtPrecision m = new RecallAtPrecision(0.8, 100);
     * }</pre>
     *
     * @param precision the precision to reach, in {@code [0, 1]}
     * @param numThresholds the number of thresholds, {@code > 0} (1 gives the one threshold 0.5)
     * @throws IllegalArgumentException if precision is outside {@code [0, 1]} or NaN, or numThresholds is not positive
     */
    public RecallAtPrecision(double precision, int numThresholds) {
        super("precision", precision, numThresholds, -1);
    }

    /**
     * With the given number of thresholds, over one class's column of predictions of shape
     * {@code (batch, classes)}.
     *
     * <pre>{@code
     * RecallAtPrecision m = new RecallAtPrecision(0.8, 200, 1);
     * }</pre>
     *
     * @param precision the precision to reach, in {@code [0, 1]}
     * @param numThresholds the number of thresholds, {@code > 0}
     * @param classId       the class, {@code >= 0} and below the number of classes of the batches
     * @throws IllegalArgumentException if precision is outside {@code [0, 1]} or NaN, numThresholds is not positive, or
     *                                  classId is negative
     */
    public RecallAtPrecision(double precision, int numThresholds, int classId) {
        super("precision", precision, numThresholds, checkClassId("RecallAtPrecision", classId));
    }

    /**
     * The precision to reach.
     *
     * <pre>{@code
     * new RecallAtPrecision(0.8).precision();   // 0.8
     * }</pre>
     *
     * @return the precision
     */
    public double precision() {
        return target();
    }

    @Override
    double[] dependent() {
        return rate(truePositives, falseNegatives);
    }

    @Override
    double[] constrained() {
        return rate(truePositives, falsePositives);
    }
}
