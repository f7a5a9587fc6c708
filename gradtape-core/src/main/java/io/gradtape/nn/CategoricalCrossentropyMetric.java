package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.CategoricalCrossentropy} ({@code keras/src/metrics/probabilistic_metrics.py}): the mean
 * over every example added of the {@link CategoricalCrossentropy} loss (over the last axis, the classes), from
 * probabilities (each row divided by its sum, then clipped to {@code [1e-7, 1 - 1e-7]}) or logits, optionally with
 * label smoothing, with the sample weights as {@link Mean}. The {@link #variables()} are {@code total} and {@code
 * count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * CategoricalCrossentropyMetric m = new CategoricalCrossentropyMetric();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0, 0, 1}, 2, 3), Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3));
 * m.doubleResult();   // 1.1769392, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0, 0, 1}, 2, 3), Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3),
 *         Tensors.constant(new float[] {0.3f, 0.7f}, 2));
 * m.doubleResult();   // 1.6271976
 * }</pre>
 */
public final class CategoricalCrossentropyMetric extends LossMetric {
    /**
     * From probabilities, no label smoothing (Keras's defaults).
     *
     * <pre>{@code
     * CategoricalCrossentropyMetric m = new CategoricalCrossentropyMetric();
     * }</pre>
     */
    public CategoricalCrossentropyMetric() {
        this(false, 0);
    }

    /**
     * From probabilities or logits.
     *
     * <pre>{@code
     * CategoricalCrossentropyMetric m = new CategoricalCrossentropyMetric(true);
     * }</pre>
     *
     * @param fromLogits whether predictions are logits
     */
    public CategoricalCrossentropyMetric(boolean fromLogits) {
        this(fromLogits, 0);
    }

    /**
     * From probabilities or logits, with label smoothing: targets become {@code y (1 - s) + s / classes}.
     *
     * <pre>{@code
     * CategoricalCrossentropyMetric m = new CategoricalCrossentropyMetric(false, 0.1);
     * }</pre>
     *
     * @param fromLogits     whether predictions are logits
     * @param labelSmoothing in {@code [0, 1]}; 0 turns it off
     * @throws IllegalArgumentException if labelSmoothing is outside {@code [0, 1]}
     */
    public CategoricalCrossentropyMetric(boolean fromLogits, double labelSmoothing) {
        super(new CategoricalCrossentropy(fromLogits, labelSmoothing, Loss.Reduction.NONE), false);
    }
}
