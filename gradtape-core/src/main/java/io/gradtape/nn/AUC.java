package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code AUC}: the area under the ROC curve (true positive rate against false positive rate) or the
 * precision-recall curve, from weighted confusion counts at {@code numThresholds} thresholds (default 200) kept over
 * every batch added. A target counts as positive when it is nonzero (Keras casts it to bool); predictions are
 * probabilities, clipped to [0, 1] (or logits, with {@code fromLogits}: a sigmoid first). Targets and predictions pair
 * element by element, so all the labels of a multi-label output go into one curve (Keras's default
 * {@code multi_label=False}).
 *
 * <p>As {@code keras/src/metrics/confusion_metrics.py}: the thresholds are {@code -1e-7}, {@code i / (n - 1)} for
 * {@code i = 1 .. n - 2}, and {@code 1 + 1e-7} (so a prediction of 0 is above the first and 1 below the last); a
 * prediction counts as positive at threshold {@code i} when it lies in bucket {@code >= i}, the bucket being
 * {@code max(ceil(p (n - 1)) - 1, 0)} in float32 (Keras's evenly-spaced path of
 * {@code update_confusion_matrix_variables}); a NaN prediction is in no bucket, so it is negative at every threshold.
 * The area is Keras's {@code summation_method="interpolation"}: for ROC the trapezoid rule over the
 * {@code numThresholds} points; for PR the interpolation of Davis and Goadrich (2006, "The Relationship Between
 * Precision-Recall and ROC Curves", ICML), which integrates precision in closed form between thresholds assuming
 * true and false positives vary linearly. With fewer thresholds than distinct scores the result is an
 * approximation of the exact (rank-based) area; with no positive or no negative example it is 0
 * ({@code divide_no_nan}). Keras's {@code minoring}/{@code majoring} sums, explicit {@code thresholds},
 * {@code multi_label}, {@code label_weights} and the {@code PRGAIN} curve are not offered. Its {@link #variables()}
 * are Keras's {@code true_positives}, {@code false_positives}, {@code true_negatives} and {@code false_negatives}, each
 * of shape {@code (numThresholds,)}: element {@code i} is the weighted count at threshold {@code i}.
 *
 * <pre>{@code
 * AUC auc = new AUC(3, AUC.Curve.ROC, false);
 * auc.updateState(Tensors.constant(new float[] {0, 0, 1, 1}, 4), Tensors.constant(new float[] {0, 0.5f, 0.3f, 0.9f}, 4));
 * auc.doubleResult();   // 0.75, Keras's docstring example
 * }</pre>
 */
public final class AUC extends Metric {
    /** The curve whose area is taken (Keras's {@code curve}). */
    public enum Curve {
        /** The receiver operating characteristic: true positive rate against false positive rate. */
        ROC,
        /** Precision against recall. */
        PR
    }

    private final int numThresholds;
    private final Curve curve;
    private final boolean fromLogits;
    private final double[] truePositives;
    private final double[] falsePositives;
    private final double[] trueNegatives;
    private final double[] falseNegatives;

    /**
     * The ROC area with 200 thresholds, from probabilities (Keras's defaults).
     *
     * <pre>{@code
     * AUC auc = new AUC();
     * }</pre>
     */
    public AUC() {
        this(200, Curve.ROC, false);
    }

    /**
     * With the given number of thresholds, curve and kind of predictions.
     *
     * <pre>{@code
     * AUC prAuc = new AUC(200, AUC.Curve.PR, true);   // the PR area, from logits
     * }</pre>
     *
     * @param numThresholds the number of thresholds, at least 2 (Keras requires {@code > 1})
     * @param curve         the curve
     * @param fromLogits    whether predictions are logits (a sigmoid is applied first)
     * @throws IllegalArgumentException if numThresholds is below 2
     * @throws NullPointerException     if curve is null
     */
    public AUC(int numThresholds, Curve curve, boolean fromLogits) {
        if (numThresholds <= 1) {
            throw new IllegalArgumentException("AUC: numThresholds must be an integer > 1, got " + numThresholds);
        }
        this.curve = Objects.requireNonNull(curve, "AUC: curve is null");
        this.numThresholds = numThresholds;
        this.fromLogits = fromLogits;
        truePositives = new double[numThresholds];
        falsePositives = new double[numThresholds];
        trueNegatives = new double[numThresholds];
        falseNegatives = new double[numThresholds];
    }

    /**
     * The thresholds, as Keras's {@code thresholds} property: {@code -1e-7}, {@code i / (n - 1)} for
     * {@code i = 1 .. n - 2}, then {@code 1 + 1e-7}.
     *
     * <pre>{@code
     * new AUC(3, AUC.Curve.ROC, false).thresholds();   // [-1e-7, 0.5, 1.0000001]
     * }</pre>
     *
     * @return a new array of {@code numThresholds} values
     */
    public double[] thresholds() {
        double[] t = new double[numThresholds];
        t[0] = -Loss.EPSILON;
        for (int i = 1; i < numThresholds - 1; i++) {
            t[i] = i * 1.0 / (numThresholds - 1);   // Keras: (i + 1) * 1.0 / (num_thresholds - 1) for i in range(n - 2)
        }
        t[numThresholds - 1] = 1 + Loss.EPSILON;
        return t;
    }

    /**
     * The curve.
     *
     * <pre>{@code
     * new AUC().curve();   // ROC
     * }</pre>
     *
     * @return the curve
     */
    public Curve curve() {
        return curve;
    }

    // the state: Keras's true_positives, false_positives, true_negatives, false_negatives, each (numThresholds,)
    @Override
    List<String> variableNames() {
        return List.of("true_positives", "false_positives", "true_negatives", "false_negatives");
    }

    @Override
    int[][] variableShapes() {
        int[] s = {numThresholds};
        return new int[][] {s, s, s, s};
    }

    @Override
    double[][] variableValues() {
        return new double[][] {truePositives.clone(), falsePositives.clone(), trueNegatives.clone(), falseNegatives.clone()};
    }

    @Override
    void assignVariables(double[][] values, int[][] shapes) {
        System.arraycopy(values[0], 0, truePositives, 0, numThresholds);
        System.arraycopy(values[1], 0, falsePositives, 0, numThresholds);
        System.arraycopy(values[2], 0, trueNegatives, 0, numThresholds);
        System.arraycopy(values[3], 0, falseNegatives, 0, numThresholds);
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new AUC().updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.3f, 0.8f}, 2));
     * }</pre>
     *
     * @param yTrue targets, positive when nonzero
     * @param yPred predictions (probabilities, or logits with {@code fromLogits}), the same shape up to a trailing
     *              axis of 1
     * @throws IllegalArgumentException if the shapes differ
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch, each pair counting with its weight (Keras's {@code sample_weight}, matched as in
     * {@link Precision#updateState(Tensor, Tensor, Tensor)}): weights of {@code yTrue}'s rank weigh each element,
     * others (e.g. {@code (batch,)} for predictions {@code (batch, labels)}) gain a trailing axis and weigh each row;
     * a scalar weighs the whole batch.
     *
     * <pre>{@code
     * new AUC().updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.3f, 0.8f}, 2),
     *         Tensors.constant(new float[] {2, 1}, 2));
     * }</pre>
     *
     * @param yTrue        targets, positive when nonzero
     * @param yPred        predictions, the same shape (up to a trailing axis of 1)
     * @param sampleWeight numeric weights, broadcastable to yPred as above
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "AUC.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = "AUC.updateState";
        Tensor[] pt = ConfusionMetric.pairs(op, yTrue, yPred);
        double[] weights = sampleWeight == null ? null : ConfusionMetric.weights(op, sampleWeight, pt[0].shape());
        double[] t = pt[1].toDoubleArray();
        double[] p = pt[0].toDoubleArray();
        int n = numThresholds;
        double[] tpBucket = new double[n];
        double[] fpBucket = new double[n];
        double totalTrue = 0, totalFalse = 0;
        float scale = n - 1;
        for (int i = 0; i < p.length; i++) {
            float q = (float) p[i];   // Keras casts the predictions to its float32 variables' dtype
            if (fromLogits) {
                q = (float) (1 / (1 + Math.exp(-q)));
            }
            double w = weights == null ? 1 : weights[i];
            boolean label = t[i] != 0;   // cast to bool: NaN is true, as TensorFlow's cast
            double trueLabel = label ? w : 0, falseLabel = label ? 0 : w;
            totalTrue += trueLabel;
            totalFalse += falseLabel;
            if (Float.isNaN(q)) {
                continue;   // in no bucket: negative at every threshold
            }
            q = Math.min(Math.max(q, 0f), 1f);
            int bucket = Math.max((int) Math.ceil(q * scale) - 1, 0);   // q * scale in float32, as Keras
            tpBucket[bucket] += trueLabel;
            fpBucket[bucket] += falseLabel;
        }
        // counts at threshold i: the buckets >= i (Keras's reversed cumulative sum)
        double tp = 0, fp = 0;
        for (int i = n - 1; i >= 0; i--) {
            tp += tpBucket[i];
            fp += fpBucket[i];
            truePositives[i] += tp;
            falsePositives[i] += fp;
            trueNegatives[i] += totalFalse - fp;
            falseNegatives[i] += totalTrue - tp;
        }
    }

    /**
     * The area so far (Keras's {@code result} with {@code summation_method="interpolation"}; see the class comment).
     *
     * <pre>{@code
     * new AUC().doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the area, in [0, 1]
     */
    @Override
    public double doubleResult() {
        int n = numThresholds;
        double area = 0;
        if (curve == Curve.PR) {
            // Davis & Goadrich: between thresholds i and i + 1, with P = TP + FP varying linearly, precision is
            // (TP_{i+1} + slope (P - P_{i+1})) / P; its integral over recall, in closed form
            for (int i = 0; i < n - 1; i++) {
                double dtp = truePositives[i] - truePositives[i + 1];
                double pA = truePositives[i] + falsePositives[i], pB = truePositives[i + 1] + falsePositives[i + 1];
                double slope = divideNoNan(dtp, Math.max(pA - pB, 0));
                double intercept = truePositives[i + 1] - slope * pB;
                double ratio = pA > 0 && pB > 0 ? divideNoNan(pA, Math.max(pB, 0)) : 1;
                area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)),
                        Math.max(truePositives[i + 1] + falseNegatives[i + 1], 0));
            }
            return area;
        }
        for (int i = 0; i < n - 1; i++) {
            double x0 = divideNoNan(falsePositives[i], falsePositives[i] + trueNegatives[i]);
            double x1 = divideNoNan(falsePositives[i + 1], falsePositives[i + 1] + trueNegatives[i + 1]);
            double y0 = divideNoNan(truePositives[i], truePositives[i] + falseNegatives[i]);
            double y1 = divideNoNan(truePositives[i + 1], truePositives[i + 1] + falseNegatives[i + 1]);
            area += (x0 - x1) * (y0 + y1) / 2;
        }
        return area;
    }

    /** Keras's {@code divide_no_nan}: 0 where the denominator is 0. */
    private static double divideNoNan(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    /**
     * Forgets every batch: all counts to 0.
     *
     * <pre>{@code
     * AUC auc = new AUC();
     * auc.resetState();
     * }</pre>
     */
    @Override
    public void resetState() {
        super.resetState();
        Arrays.fill(truePositives, 0);
        Arrays.fill(falsePositives, 0);
        Arrays.fill(trueNegatives, 0);
        Arrays.fill(falseNegatives, 0);
    }
}
