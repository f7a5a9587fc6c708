package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * What {@link Precision} and {@link Recall} share: Keras's {@code update_confusion_matrix_variables}
 * ({@code keras/src/metrics/metrics_utils.py}) for one threshold. A target is positive when it is nonzero (Keras
 * casts it to bool), a prediction when it is above the threshold once both are float32 (Keras casts them to its
 * float32 variables' dtype); weighted counts of true positives, false positives and false negatives go to
 * {@link #accumulate}.
 */
abstract class ConfusionMetric extends Metric {
    private final double threshold;

    ConfusionMetric(double threshold) {
        // Keras's parse_init_thresholds: each threshold in [0, 1]
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    /** Adds the weighted counts of one batch. */
    abstract void accumulate(double truePositives, double falsePositives, double falseNegatives);

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
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        // squeeze_or_expand_to_same_rank(y_pred, y_true), then the two must pair element by element
        Tensor[] pt = Loss.squeezeOrExpandToSameRank(yPred, yTrue);
        Shape shape = pt[0].shape();
        if (!shape.equals(pt[1].shape())) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " but yPred has shape " + yPred.shape()
                    + "; they must agree (a trailing axis of 1 on one side is matched)");
        }
        double[] weights = null;
        if (sampleWeight != null) {
            // Keras: expand_dims(sample_weight, -1), then squeeze_or_expand_to_same_rank(y_true, it, expand_rank_1=False)
            // takes that axis back when the weights had y_true's rank; then broadcast_to(weights, y_pred.shape)
            int[] w = sampleWeight.shape().dims();
            if (w.length != shape.rank()) {
                w = java.util.Arrays.copyOf(w, w.length + 1);
                w[w.length - 1] = 1;
            }
            if (!broadcastsTo(Shape.of(w), shape)) {
                throw new IllegalArgumentException(op + ": sampleWeight of shape " + sampleWeight.shape()
                        + " does not broadcast to yPred's shape " + shape + " (as Keras, a weight whose rank is not yPred's gains"
                        + " a trailing axis of 1 first)");
            }
            double[] v = sampleWeight.toDoubleArray();   // a fresh tensor of them: nothing a tape watches is read
            Tensor fresh = w.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, w);
            weights = Tensors.broadcastTo(fresh, shape.dims()).toDoubleArray();
        }
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
        accumulate(tp, fp, fn);
    }
}
