package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.BinaryCrossentropy} ({@code keras/src/metrics/probabilistic_metrics.py}): the mean over
 * every example added of the {@link BinaryCrossentropy} loss (its mean over the last axis), from probabilities
 * (clipped to {@code [1e-7, 1 - 1e-7]}) or logits, optionally with label smoothing, with the sample weights as
 * {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * BinaryCrossentropyMetric m = new BinaryCrossentropyMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2));
 * m.doubleResult();   // 0.81492424, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 0.9162905
 * }</pre>
 */
public final class BinaryCrossentropyMetric extends LossMetric {
    /**
     * From probabilities, no label smoothing (Keras's defaults).
     *
     * <pre>{@code
     * BinaryCrossentropyMetric m = new BinaryCrossentropyMetric();
     * }</pre>
     */
    public BinaryCrossentropyMetric() {
        this(false, 0);
    }

    /**
     * From probabilities or logits.
     *
     * <pre>{@code
     * BinaryCrossentropyMetric m = new BinaryCrossentropyMetric(true);
     * }</pre>
     *
     * @param fromLogits whether predictions are logits
     */
    public BinaryCrossentropyMetric(boolean fromLogits) {
        this(fromLogits, 0);
    }

    /**
     * From probabilities or logits, with label smoothing: targets become {@code y (1 - s) + s / 2}.
     *
     * <pre>{@code
     * BinaryCrossentropyMetric m = new BinaryCrossentropyMetric(false, 0.1);
     * }</pre>
     *
     * @param fromLogits     whether predictions are logits
     * @param labelSmoothing in {@code [0, 1]}; 0 turns it off
     * @throws IllegalArgumentException if labelSmoothing is outside {@code [0, 1]}
     */
    public BinaryCrossentropyMetric(boolean fromLogits, double labelSmoothing) {
        super(new BinaryCrossentropy(fromLogits, labelSmoothing, Loss.Reduction.NONE), false);
    }
}
