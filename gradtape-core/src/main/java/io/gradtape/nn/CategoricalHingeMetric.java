package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.CategoricalHinge} ({@code keras/src/metrics/hinge_metrics.py}): the mean over every
 * example added of the {@link CategoricalHinge} loss, {@code max(max((1 - y) p) - sum(y p) + 1, 0)} over the last axis,
 * with the sample weights as {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * CategoricalHingeMetric m = new CategoricalHingeMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2));
 * m.doubleResult();   // 1.4000001, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 1.2
 * }</pre>
 */
public final class CategoricalHingeMetric extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * CategoricalHingeMetric m = new CategoricalHingeMetric();
     * }</pre>
     */
    public CategoricalHingeMetric() {
        super(new CategoricalHinge(Loss.Reduction.NONE), false);
    }
}
