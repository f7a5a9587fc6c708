package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.Poisson} ({@code keras/src/metrics/probabilistic_metrics.py}): the mean over every
 * example added of the {@link Poisson} loss, {@code mean(p - y log(p + 1e-7))} over the last axis, with the sample
 * weights as {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * PoissonMetric m = new PoissonMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2));
 * m.doubleResult();   // 0.49999997, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 0.99999994
 * }</pre>
 */
public final class PoissonMetric extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * PoissonMetric m = new PoissonMetric();
     * }</pre>
     */
    public PoissonMetric() {
        super(new Poisson(Loss.Reduction.NONE), false);
    }
}
