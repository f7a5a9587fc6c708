package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.SquaredHinge} ({@code keras/src/metrics/hinge_metrics.py}): the mean over every example
 * added of the {@link SquaredHinge} loss, {@code mean(max(1 - y p, 0)^2)} over the last axis (targets 0/1 read as
 * -1/1), with the sample weights as {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * SquaredHingeMetric m = new SquaredHingeMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2));
 * m.doubleResult();   // 1.86, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 1.46
 * }</pre>
 */
public final class SquaredHingeMetric extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * SquaredHingeMetric m = new SquaredHingeMetric();
     * }</pre>
     */
    public SquaredHingeMetric() {
        super(new SquaredHinge(Loss.Reduction.NONE), false);
    }
}
