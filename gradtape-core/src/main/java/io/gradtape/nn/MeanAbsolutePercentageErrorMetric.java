package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.MeanAbsolutePercentageError} ({@code keras/src/metrics/regression_metrics.py}): the mean
 * over every example added of the {@link MeanAbsolutePercentageError} loss, {@code 100 mean(|y - p| / max(|y|, 1e-7))}
 * over the last axis, with the sample weights as {@link Mean}. The {@link #variables()} are {@code total} and {@code
 * count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * MeanAbsolutePercentageErrorMetric m = new MeanAbsolutePercentageErrorMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2));
 * m.doubleResult();   // 250000000.0, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 500000000.0
 * }</pre>
 */
public final class MeanAbsolutePercentageErrorMetric extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * MeanAbsolutePercentageErrorMetric m = new MeanAbsolutePercentageErrorMetric();
     * }</pre>
     */
    public MeanAbsolutePercentageErrorMetric() {
        super(new MeanAbsolutePercentageError(Loss.Reduction.NONE), false);
    }
}
