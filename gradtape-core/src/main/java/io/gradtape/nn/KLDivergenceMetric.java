package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.KLDivergence} ({@code keras/src/metrics/probabilistic_metrics.py}): the mean over every
 * example added of the {@link KLDivergence} loss, {@code sum(y log(y / p))} over the last axis (both clipped to {@code
 * [1e-7, 1]}), with the sample weights as {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * KLDivergenceMetric m = new KLDivergenceMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2));
 * m.doubleResult();   // 0.45814306, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 0.9162892
 * }</pre>
 */
public final class KLDivergenceMetric extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * KLDivergenceMetric m = new KLDivergenceMetric();
     * }</pre>
     */
    public KLDivergenceMetric() {
        super(new KLDivergence(Loss.Reduction.NONE), false);
    }
}
