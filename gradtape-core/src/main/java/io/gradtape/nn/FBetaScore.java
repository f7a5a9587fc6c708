package io.gradtape.nn;

/**
 * Keras's {@code FBetaScore} ({@code keras/src/metrics/f_score_metrics.py}): the weighted harmonic mean of precision
 * and recall, {@code (1 + b^2) P R / (b^2 P + R)}, where {@code beta = b} weighs recall {@code b} times as much as
 * precision ({@code beta = 1} is {@link F1Score}; {@code 2} favours recall, {@code 0.5} precision). Everything else is
 * {@link F1Score}'s, and the two share one implementation: targets and predictions of shape
 * {@code (batch, classes)}; a prediction positive when above the threshold or, without one, when it is its row's
 * largest and not 0; weighted counts summed over every batch; Keras's {@code 1e-7}s, here
 * {@code P = tp / (tp + fp + 1e-7)}, {@code R = tp / (tp + fn + 1e-7)},
 * {@code F = (1 + b^2) (P R / (b^2 P + R + 1e-7))}; the {@link F1Score.Average averages}; the class count from the
 * first batch, kept by {@link #resetState()}; the {@link #variables()} {@code true_positives}, {@code false_positives},
 * {@code false_negatives} and {@code intermediate_weights} of shape {@code (classes,)} ({@code (0,)} before the first
 * batch, scalars under {@code MICRO}) and their {@linkplain io.gradtape.checkpoint.Checkpoint#metric checkpoint}.
 *
 * <p>Keras requires {@code beta} to be a Python float above 0; here it must also be finite (an infinite beta makes
 * every score NaN in Keras).
 *
 * <pre>{@code
 * FBetaScore f2 = new FBetaScore(F1Score.Average.NONE, 2.0, 0.5);
 * f2.updateState(Tensors.constant(new int[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, 3, 3),
 *         Tensors.constant(new float[] {0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0}, 3, 3));
 * f2.result();   // [0.3846154, 0.90909094, 0.8333334], Keras's docstring example
 * }</pre>
 */
public final class FBetaScore extends FScore {
    /**
     * Per class, with the given beta, a prediction positive when it is its row's largest and not 0 (Keras's
     * defaults but for beta).
     *
     * <pre>{@code
     * FBetaScore f2 = new FBetaScore(2.0);
     * }</pre>
     *
     * @param beta the weight of recall against precision, finite and {@code > 0}
     * @throws IllegalArgumentException if beta is not finite and positive
     */
    public FBetaScore(double beta) {
        this(F1Score.Average.NONE, beta);
    }

    /**
     * With the given averaging and beta, a prediction positive when it is its row's largest and not 0.
     *
     * <pre>{@code
     * FBetaScore macro = new FBetaScore(F1Score.Average.MACRO, 0.5);
     * }</pre>
     *
     * @param average how the per-class scores are combined
     * @param beta    the weight of recall against precision, finite and {@code > 0}
     * @throws IllegalArgumentException if beta is not finite and positive
     * @throws NullPointerException     if average is null
     */
    public FBetaScore(F1Score.Average average, double beta) {
        super(average, beta, Double.NaN);
    }

    /**
     * With the given averaging, beta and threshold: a prediction is positive when above the threshold.
     *
     * <pre>{@code
     * FBetaScore micro = new FBetaScore(F1Score.Average.MICRO, 2.0, 0.5);
     * }</pre>
     *
     * @param average   how the per-class scores are combined
     * @param beta      the weight of recall against precision, finite and {@code > 0}
     * @param threshold in {@code (0, 1]}, as Keras requires
     * @throws IllegalArgumentException if beta is not finite and positive, or the threshold is outside
     *                                  {@code (0, 1]} or NaN
     * @throws NullPointerException     if average is null
     */
    public FBetaScore(F1Score.Average average, double beta, double threshold) {
        super(average, beta, checkThreshold("FBetaScore", threshold));
    }

    /**
     * The beta.
     *
     * <pre>{@code
     * new FBetaScore(2.0).beta();   // 2.0
     * }</pre>
     *
     * @return the weight of recall against precision
     */
    public double beta() {
        return beta;
    }
}
