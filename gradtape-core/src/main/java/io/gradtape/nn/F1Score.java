package io.gradtape.nn;


/**
 * Keras's {@code F1Score} ({@code FBetaScore} with {@code beta = 1}, {@code keras/src/metrics/f_score_metrics.py}):
 * the harmonic mean of precision and recall, {@code 2 P R / (P + R)}, per class for targets and predictions of
 * shape {@code (batch, classes)} (multi-class one-hot or multi-label). A prediction counts as positive when it is
 * above the threshold, or, with no threshold (the default), when it is the row's largest and not 0 (Keras:
 * {@code y_pred >= max(y_pred, -1)} and {@code |y_pred| > 1e-9}, so tied maxima all count), compared in float32
 * as Keras does; targets are taken as numbers (1 for positive). The counts are summed over every batch added,
 * with the sample weights, and the score computed from them as Keras does, with its {@code 1e-7}:
 * {@code P = tp / (tp + fp + 1e-7)}, {@code R = tp / (tp + fn + 1e-7)}, {@code F1 = 2 P R / (P + R + 1e-7)}.
 *
 * <p>{@link Average}: {@code NONE} (Keras's default) gives one score per class ({@link #result()} has shape
 * {@code (classes,)}, and {@link #doubleResult()} refuses); {@code MICRO} pools the counts of all classes first;
 * {@code MACRO} is the mean of the per-class scores; {@code WEIGHTED} weighs them by their (weighted) number of
 * positive targets. The number of classes is taken from the first batch, as Keras builds its variables then, and
 * kept by {@link #resetState()} (so a batch with another number of classes is refused); under {@code MICRO} any
 * number is accepted. Its {@link #variables()} are Keras's {@code true_positives}, {@code false_positives},
 * {@code false_negatives} and {@code intermediate_weights} (the weighted positive targets), each of shape
 * {@code (classes,)} (of shape {@code (0,)} before the first batch) or a scalar under {@code MICRO}. A
 * {@linkplain io.gradtape.checkpoint.Checkpoint#metric checkpoint} restores the state it saved: arrays of shape
 * {@code (classes,)} into an F1Score with that class count or none yet, and the {@code (0,)} arrays of one saved
 * before its first batch into any (e.g. rolling back to epoch 0), which then has no class count and takes it from
 * its next batch again, as a new one. (Keras builds the variables at the first batch, so a TensorFlow checkpoint of
 * an unbuilt metric holds none of them; restored into a built metric, TensorFlow leaves the variables as they were,
 * or, asked to check with {@code assert_existing_objects_matched}, raises.)
 *
 * <p>{@link FBetaScore} is the same metric with another weight of recall against precision; the two share one
 * implementation (package-private {@code FScore}), as Keras's {@code F1Score} subclasses {@code FBetaScore}.
 *
 * <pre>{@code
 * F1Score f1 = new F1Score(F1Score.Average.NONE, 0.5);
 * f1.updateState(Tensors.constant(new float[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, 3, 3),
 *         Tensors.constant(new float[] {0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0}, 3, 3));
 * f1.result();   // [0.5, 0.8, 0.6666667], Keras's docstring example
 * }</pre>
 */
public final class F1Score extends FScore {
    /** How the per-class scores are combined (Keras's {@code average}); {@link FBetaScore} takes it too. */
    public enum Average {
        /** One score per class. */
        NONE,
        /** The score of the counts pooled over all classes. */
        MICRO,
        /** The mean of the per-class scores. */
        MACRO,
        /** The per-class scores weighted by each class's (weighted) number of positive targets. */
        WEIGHTED
    }

    /**
     * Per class, a prediction positive when it is its row's largest (Keras's defaults).
     *
     * <pre>{@code
     * F1Score f1 = new F1Score();
     * }</pre>
     */
    public F1Score() {
        this(Average.NONE);
    }

    /**
     * With the given averaging, a prediction positive when it is its row's largest and not 0.
     *
     * <pre>{@code
     * F1Score macro = new F1Score(F1Score.Average.MACRO);
     * }</pre>
     *
     * @param average how the per-class scores are combined
     * @throws NullPointerException if average is null
     */
    public F1Score(Average average) {
        super(average, 1, Double.NaN);
    }

    /**
     * With the given averaging and threshold: a prediction is positive when above it.
     *
     * <pre>{@code
     * F1Score micro = new F1Score(F1Score.Average.MICRO, 0.5);
     * }</pre>
     *
     * @param average   how the per-class scores are combined
     * @param threshold in {@code (0, 1]}, as Keras requires
     * @throws IllegalArgumentException if the threshold is outside {@code (0, 1]} or NaN
     * @throws NullPointerException     if average is null
     */
    public F1Score(Average average, double threshold) {
        super(average, 1, checkThreshold("F1Score", threshold));
    }
}
