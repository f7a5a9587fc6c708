package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.MeanSquaredLogarithmicError} ({@code keras/src/metrics/regression_metrics.py}): the mean
 * over every example added of the {@link MeanSquaredLogarithmicError} loss, {@code mean((log(max(y, 1e-7) + 1) -
 * log(max(p, 1e-7) + 1))^2)} over the last axis, with the sample weights as {@link Mean}. The {@link #variables()} are
 * {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * MeanSquaredLogarithmicErrorMetric m = new MeanSquaredLogarithmicErrorMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2));
 * m.doubleResult();   // 0.12011322, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 0.24022643
 * }</pre>
 */
public final class MeanSquaredLogarithmicErrorMetric extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * MeanSquaredLogarithmicErrorMetric m = new MeanSquaredLogarithmicErrorMetric();
     * }</pre>
     */
    public MeanSquaredLogarithmicErrorMetric() {
        super(new MeanSquaredLogarithmicError(Loss.Reduction.NONE), false);
    }
}
