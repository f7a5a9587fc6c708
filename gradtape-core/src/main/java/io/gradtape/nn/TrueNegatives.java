package io.gradtape.nn;

/**
 * Keras's {@code TrueNegatives} ({@code keras/src/metrics/confusion_metrics.py}): the number of true negatives
 * (negative targets predicted negative), summed over every batch added, or with sample weights the sum of their
 * weights. A target counts as positive when it is nonzero; a prediction when it is above the threshold (default 0.5;
 * use 0 on logits), compared in float32 as Keras does. Targets and predictions pair element by element. With several
 * thresholds, one count per threshold: {@link #result()} is then a vector and {@link #doubleResult()} refuses. Evenly
 * spaced thresholds (three or more, {@code i / (n - 1)}) take Keras's bucketed path, which clips predictions to {@code
 * [0, 1]}; see {@code ConfusionCounts}. The {@link #variables()} are Keras's {@code accumulator}, of shape {@code
 * (thresholds,)}.
 *
 * <pre>{@code
 * TrueNegatives m = new TrueNegatives();
 * m.updateState(Tensors.constant(new int[] {0, 1, 0, 0}, 4), Tensors.constant(new float[] {1, 1, 0, 0}, 4));
 * m.doubleResult();   // 2.0, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new int[] {0, 1, 0, 0}, 4), Tensors.constant(new float[] {1, 1, 0, 0}, 4),
 *         Tensors.constant(new float[] {0, 0, 1, 0}, 4));
 * m.doubleResult();   // 1.0
 * }</pre>
 */
public final class TrueNegatives extends ConfusionConditionCount {
    /**
     * With threshold 0.5.
     *
     * <pre>{@code
     * TrueNegatives m = new TrueNegatives();
     * }</pre>
     */
    public TrueNegatives() {
        super(new double[] {0.5});
    }

    /**
     * With the given thresholds, one count each.
     *
     * <pre>{@code
     * TrueNegatives m = new TrueNegatives(0.0, 0.5, 1.0);
     * }</pre>
     *
     * @param thresholds each in {@code [0, 1]}, at least one
     * @throws IllegalArgumentException if there is none, or one is outside {@code [0, 1]} or NaN
     */
    public TrueNegatives(double... thresholds) {
        super(thresholds);
    }

    @Override
    int condition() {
        return 2;
    }
}
