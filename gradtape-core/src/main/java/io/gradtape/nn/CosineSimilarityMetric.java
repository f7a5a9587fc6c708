package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.CosineSimilarity} ({@code keras/src/metrics/regression_metrics.py}): the mean over
 * every example added of the cosine of the angle between target and prediction along {@code axis} (default the last),
 * {@code sum(l2normalize(y) * l2normalize(p))}, with the sample weights as {@link Mean}: 1 for vectors pointing the
 * same way, -1 for opposite ones. It is the {@link CosineSimilarity} loss negated (Keras's loss is the negated
 * similarity, its metric the similarity), normalized as the loss does ({@code 1 / sqrt(max(sum(x^2), 1e-14))}, so a
 * zero vector gives 0). The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras has a loss and a metric of this name; here both live in {@code io.gradtape.nn}, so the metric
 * takes the {@code Metric} suffix, as {@link MeanSquaredErrorMetric} does.
 *
 * <pre>{@code
 * CosineSimilarityMetric m = new CosineSimilarityMetric(1);
 * m.updateState(Tensors.constant(new float[] {0, 1, 1, 1}, 2, 2), Tensors.constant(new float[] {1, 0, 1, 1}, 2, 2));
 * m.doubleResult();   // 0.49999997, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 1, 1}, 2, 2), Tensors.constant(new float[] {1, 0, 1, 1}, 2, 2),
 *         Tensors.constant(new float[] {0.3f, 0.7f}, 2));
 * m.doubleResult();   // 0.6999999
 * }</pre>
 */
public final class CosineSimilarityMetric extends LossMetric {
    /**
     * Along the last axis (Keras's default).
     *
     * <pre>{@code
     * CosineSimilarityMetric m = new CosineSimilarityMetric();
     * }</pre>
     */
    public CosineSimilarityMetric() {
        this(-1);
    }

    /**
     * Along {@code axis}; the per-example values have the predictions' shape without it.
     *
     * <pre>{@code
     * CosineSimilarityMetric m = new CosineSimilarityMetric(1);
     * }</pre>
     *
     * @param axis the axis of the vectors; negative counts from the end
     */
    public CosineSimilarityMetric(int axis) {
        super(new CosineSimilarity(axis, Loss.Reduction.NONE), true);
    }
}
