package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.ops.ShapeRules;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Precision} and {@link Recall} share: Keras's {@code update_confusion_matrix_variables}
 * ({@code keras/src/metrics/metrics_utils.py}) for one threshold. A target is positive when it is nonzero (Keras
 * casts it to bool), a prediction when it is above the threshold once both are float32 (Keras casts them to its
 * float32 variables' dtype); the weighted counts of true positives, false positives and false negatives are summed.
 */
abstract class ConfusionMetric extends Metric {
    private final double threshold;
    /** The weighted counts so far; Precision keeps the first two as Keras's variables, Recall the first and third. */
    double truePositives;
    double falsePositives;
    double falseNegatives;

    ConfusionMetric(double threshold) {
        // Keras's parse_init_thresholds: each threshold in [0, 1]
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    /** Keras's name of the count besides {@code true_positives}: {@code false_positives} or {@code false_negatives}. */
    abstract String secondVariable();

    /** The count besides the true positives that the result divides by (with them). */
    abstract double secondCount();

    /**
     * {@code tp / (tp + second)}, or 0 with nothing to divide by (Keras's {@code divide_no_nan}).
     *
     * <pre>{@code
     * new Precision().doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the ratio
     */
    @Override
    public final double doubleResult() {
        double d = truePositives + secondCount();
        return d == 0 ? 0 : truePositives / d;
    }

    /**
     * Forgets every batch: the counts to 0.
     *
     * <pre>{@code
     * Recall r = new Recall();
     * r.resetState();
     * }</pre>
     */
    @Override
    public final void resetState() {
        super.resetState();
        truePositives = 0;
        falsePositives = 0;
        falseNegatives = 0;
    }

    @Override
    final List<String> variableNames() {
        return List.of("true_positives", secondVariable());   // Keras's order
    }

    @Override
    final int[][] variableShapes() {
        return new int[][] {{1}, {1}};   // one per threshold, Keras's (len(thresholds),)
    }

    @Override
    final double[][] variableValues() {
        return new double[][] {{truePositives}, {secondCount()}};
    }

    @Override
    final void assignVariables(double[][] values, int[][] shapes) {
        truePositives = values[0][0];
        if (secondVariable().equals("false_positives")) {
            falsePositives = values[1][0];
        } else {
            falseNegatives = values[1][0];
        }
    }

    /**
     * The threshold.
     *
     * <pre>{@code
     * new Precision().threshold();   // 0.5
     * }</pre>
     *
     * @return the threshold predictions must exceed to count as positive
     */
    public double threshold() {
        return threshold;
    }

    final void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = getClass().getSimpleName() + ".updateState";
        Tensor[] pt = pairs(op, yTrue, yPred);
        double[] weights = sampleWeight == null ? null : weights(op, sampleWeight, pt[0].shape());
        double[] t = pt[1].toDoubleArray();
        double[] p = pt[0].toDoubleArray();
        float thr = (float) threshold;
        double tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean label = t[i] != 0;                 // cast to bool: NaN is true, as TensorFlow's cast
            boolean predicted = (float) p[i] > thr;   // float32 comparison; NaN is never above
            double weight = weights == null ? 1 : weights[i];
            if (label && predicted) {
                tp += weight;
            } else if (predicted) {
                fp += weight;
            } else if (label) {
                fn += weight;
            }
        }
        truePositives += tp;
        falsePositives += fp;
        falseNegatives += fn;
    }

    /**
     * Keras's {@code squeeze_or_expand_to_same_rank(y_pred, y_true)}, after which the two must pair element by
     * element.
     *
     * @return {@code {yPred, yTrue}}, matched
     * @throws IllegalArgumentException naming {@code op} and both shapes if they do not pair
     */
    static Tensor[] pairs(String op, Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        Tensor[] pt = Loss.squeezeOrExpandToSameRank(yPred, yTrue);
        if (!pt[0].shape().equals(pt[1].shape())) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " but yPred has shape " + yPred.shape()
                    + "; they must agree (a trailing axis of 1 on one side is matched)");
        }
        return pt;
    }

    /**
     * One weight per element of {@code shape} (the matched predictions'), as Keras's
     * {@code update_confusion_matrix_variables}: {@code expand_dims(sample_weight, -1)}, then
     * {@code squeeze_or_expand_to_same_rank(y_true, it, expand_rank_1=False)} takes that axis back when the weights
     * had the predictions' rank; then {@code broadcast_to(weights, y_pred.shape)}.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes if the weights do not broadcast
     */
    static double[] weights(String op, Tensor sampleWeight, Shape shape) {
        int[] w = sampleWeight.shape().dims();
        if (w.length != shape.rank()) {
            w = java.util.Arrays.copyOf(w, w.length + 1);
            w[w.length - 1] = 1;
        }
        if (!ShapeRules.broadcastsTo(Shape.of(w), shape)) {
            throw new IllegalArgumentException(op + ": sampleWeight of shape " + sampleWeight.shape()
                    + " does not broadcast to yPred's shape " + shape + " (as Keras, a weight whose rank is not yPred's gains"
                    + " a trailing axis of 1 first)");
        }
        // a fresh tensor of them: nothing a tape watches is read
        return Tensors.broadcastTo(float64(sampleWeight.toDoubleArray(), w), shape.dims()).toDoubleArray();
    }
}
