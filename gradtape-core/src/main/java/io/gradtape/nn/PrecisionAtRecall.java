package io.gradtape.nn;

/**
 * Keras's {@code PrecisionAtRecall} ({@code keras/src/metrics/confusion_metrics.py}): the best precision ({@code tp /
 * (tp + fp)}) at a recall ({@code tp / (tp + fn)}) of at least the given value. The four weighted confusion counts are
 * kept at {@code numThresholds} evenly spaced thresholds in {@code [0, 1]} (default 200) over every batch added; the
 * result is the largest precision among the thresholds whose recall is at least {@code recall}, or 0 when no threshold
 * reaches it. A target counts as positive when it is nonzero, a prediction (a probability; others are clipped to
 * {@code [0, 1]}) when it is above the threshold. With a {@code classId}, only that class's column of targets and
 * predictions of shape {@code (batch, classes)} counts. The {@link #variables()} are Keras's {@code true_positives},
 * {@code false_positives}, {@code true_negatives} and {@code false_negatives}, each of shape {@code (numThresholds,)}.
 * See {@code SensitivitySpecificityBase} for the details Keras fixes (the thresholds, the float32 rates and
 * comparison).
 *
 * <pre>{@code
 * PrecisionAtRecall m = new PrecisionAtRecall(0.5);
 * m.updateState(Tensors.constant(new int[] {0, 0, 0, 1, 1}, 5), Tensors.constant(new float[] {0, 0.3f, 0.8f, 0.3f, 0.8f}, 5));
 * m.doubleResult();   // 0.5, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new int[] {0, 0, 0, 1, 1}, 5), Tensors.constant(new float[] {0, 0.3f, 0.8f, 0.3f, 0.8f}, 5),
 *         Tensors.constant(new float[] {2, 2, 2, 1, 1}, 5));
 * m.doubleResult();   // 0.33333333
 * }</pre>
 */
public final class PrecisionAtRecall extends SensitivitySpecificityBase {
    /**
     * With 200 thresholds, over every element (Keras's defaults).
     *
     * <pre>{@code
     * PrecisionAtRecall m = new PrecisionAtRecall(0.5);
     * }</pre>
     *
     * @param recall the recall to reach, in {@code [0, 1]}
     * @throws IllegalArgumentException if recall is outside {@code [0, 1]} or NaN
     */
    public PrecisionAtRecall(double recall) {
        this(recall, 200);
    }

    /**
     * With the given number of thresholds, over every element.
     *
     * <pre>{@code
     * PrecisionAtRecall m = new PrecisionAtRecall(0.5, 100);
     * }</pre>
     *
     * @param recall the recall to reach, in {@code [0, 1]}
     * @param numThresholds the number of thresholds, {@code > 0} (1 gives the one threshold 0.5)
     * @throws IllegalArgumentException if recall is outside {@code [0, 1]} or NaN, or numThresholds is not positive
     */
    public PrecisionAtRecall(double recall, int numThresholds) {
        super("recall", recall, numThresholds, -1);
    }

    /**
     * With the given number of thresholds, over one class's column of predictions of shape
     * {@code (batch, classes)}.
     *
     * <pre>{@code
     * PrecisionAtRecall m = new PrecisionAtRecall(0.5, 200, 1);
     * }</pre>
     *
     * @param recall the recall to reach, in {@code [0, 1]}
     * @param numThresholds the number of thresholds, {@code > 0}
     * @param classId       the class, {@code >= 0} and below the number of classes of the batches
     * @throws IllegalArgumentException if recall is outside {@code [0, 1]} or NaN, numThresholds is not positive, or
     *                                  classId is negative
     */
    public PrecisionAtRecall(double recall, int numThresholds, int classId) {
        super("recall", recall, numThresholds, checkClassId("PrecisionAtRecall", classId));
    }

    /**
     * The recall to reach.
     *
     * <pre>{@code
     * new PrecisionAtRecall(0.5).recall();   // 0.5
     * }</pre>
     *
     * @return the recall
     */
    public double recall() {
        return target();
    }

    @Override
    double[] dependent() {
        return rate(truePositives, falsePositives);
    }

    @Override
    double[] constrained() {
        return rate(truePositives, falseNegatives);
    }
}
