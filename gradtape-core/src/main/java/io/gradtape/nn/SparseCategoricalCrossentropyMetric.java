package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.SparseCategoricalCrossentropy} ({@code keras/src/metrics/probabilistic_metrics.py}): the
 * mean over every example added of the {@link SparseCategoricalCrossentropy} loss, {@code -log p[label]} for integer
 * class labels of shape {@code yPred.shape[:-1]}, from probabilities or logits, with the sample weights as
 * {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p>Keras's {@code ignore_class} is not offered: its metric leaves an ignored example in the count with a value of 0
 * when there are no sample weights, and out of it when there are (its mask reaches only the weighted path of
 * {@code reduce_to_samplewise_values}). Give the ignored examples a sample weight of 0 instead.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * SparseCategoricalCrossentropyMetric m = new SparseCategoricalCrossentropyMetric();
 * m.updateState(Tensors.constant(new int[] {1, 2}, 2), Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3));
 * m.doubleResult();   // 1.1769392, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new int[] {1, 2}, 2), Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3),
 *         Tensors.constant(new float[] {0.3f, 0.7f}, 2));
 * m.doubleResult();   // 1.6271976
 * }</pre>
 */
public final class SparseCategoricalCrossentropyMetric extends LossMetric {
    /**
     * From probabilities (Keras's default).
     *
     * <pre>{@code
     * SparseCategoricalCrossentropyMetric m = new SparseCategoricalCrossentropyMetric();
     * }</pre>
     */
    public SparseCategoricalCrossentropyMetric() {
        this(false);
    }

    /**
     * From probabilities or logits.
     *
     * <pre>{@code
     * SparseCategoricalCrossentropyMetric m = new SparseCategoricalCrossentropyMetric(true);
     * }</pre>
     *
     * @param fromLogits whether predictions are logits
     */
    public SparseCategoricalCrossentropyMetric(boolean fromLogits) {
        super(new SparseCategoricalCrossentropy(fromLogits, Loss.Reduction.NONE), false);
    }
}
