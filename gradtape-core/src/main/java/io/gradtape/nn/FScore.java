package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link F1Score} and {@link FBetaScore} share: Keras's {@code FBetaScore} ({@code
 * keras/src/metrics/f_score_metrics.py}), of which {@code F1Score} is the case {@code beta = 1}. The per-class (or,
 * under {@code MICRO}, pooled) weighted counts of true positives, false positives and false negatives and the
 * weighted positive targets are summed over every batch; the score is {@code (1 + b^2) P R / (b^2 P + R + 1e-7)}
 * with {@code b} the beta, {@code P = tp / (tp + fp + 1e-7)} and {@code R = tp / (tp + fn + 1e-7)}, then averaged
 * as the {@link F1Score.Average} says. See {@link F1Score} for the counting, the averages, the state and its
 * checkpoint.
 */
abstract class FScore extends Metric {
    private static final double EPSILON = Loss.EPSILON;
    private final F1Score.Average average;
    final double beta;
    private final double threshold;   // NaN: the row's largest prediction
    private double[] truePositives;
    private double[] falsePositives;
    private double[] falseNegatives;
    private double[] intermediateWeights;

    /**
     * {@code threshold} NaN: a prediction is positive when it is its row's largest and not 0; otherwise when above it
     * (checked by the caller).
     */
    FScore(F1Score.Average average, double beta, double threshold) {
        String name = getClass().getSimpleName();
        this.average = Objects.requireNonNull(average, () -> name + ": average is null");
        // Keras: beta a Python float > 0; an infinite beta would make every score NaN (0 * inf), so it is refused
        if (!(beta > 0 && beta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + ": beta must be finite and > 0, got " + beta);
        }
        this.beta = beta;
        this.threshold = threshold;
        if (average == F1Score.Average.MICRO) {
            // one pooled slot whatever the class count: Keras's scalar variables, known before the first batch
            truePositives = new double[1];
            falsePositives = new double[1];
            falseNegatives = new double[1];
            intermediateWeights = new double[1];
        }
    }

    /** Keras's check of an explicit threshold: in {@code (0, 1]}. */
    static double checkThreshold(String name, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(name + ": threshold must be in (0, 1], got " + threshold);
        }
        return threshold;
    }

    /**
     * The averaging.
     *
     * <pre>{@code
     * new F1Score().average();   // NONE
     * }</pre>
     *
     * @return the averaging
     */
    public F1Score.Average average() {
        return average;
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new F1Score().updateState(Tensors.constant(new float[] {1, 0, 0, 1}, 2, 2), Tensors.constant(new float[] {0.7f, 0.3f, 0.6f, 0.4f}, 2, 2));
     * }</pre>
     *
     * @param yTrue targets, shape {@code (batch, classes)}, 1 for positive and 0 for negative
     * @param yPred predictions, the same shape
     * @throws IllegalArgumentException if the shapes are not equal and of rank 2, or the number of classes differs
     *                                  from the first batch's
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch, each element counting with its weight (Keras's {@code sample_weight}): weights of shape
     * {@code (batch,)} gain a trailing axis and weigh each row; {@code (batch, classes)} weighs each element; a scalar
     * the whole batch.
     *
     * <pre>{@code
     * new F1Score().updateState(Tensors.constant(new float[] {1, 0, 0, 1}, 2, 2), Tensors.constant(new float[] {0.7f, 0.3f, 0.6f, 0.4f}, 2, 2),
     *         Tensors.constant(new float[] {1, 3}, 2));
     * }</pre>
     *
     * @param yTrue        targets, shape {@code (batch, classes)}
     * @param yPred        predictions, the same shape
     * @param sampleWeight numeric weights, broadcastable as above
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, () -> getClass().getSimpleName() + ".updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = getClass().getSimpleName() + ".updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        if (yPred.rank() != 2 || !yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(op + ": expects yTrue and yPred of one shape (batch, classes), got yTrue "
                    + yTrue.shape() + " and yPred " + yPred.shape());
        }
        int rows = yPred.shape().dim(0), n = yPred.shape().dim(1);
        if (truePositives != null && n != intermediateWeights.length && average != F1Score.Average.MICRO) {
            throw new IllegalArgumentException(op + ": yPred of shape " + yPred.shape() + " has " + n
                    + " classes, but the first batch had " + intermediateWeights.length);
        }
        double[] w = null;
        if (sampleWeight != null) {
            int[] ws = sampleWeight.shape().dims();
            if (ws.length < 2) {   // Keras: expand_dims up to y_true's rank, on the right
                ws = Arrays.copyOf(ws, 2);
                Arrays.fill(ws, sampleWeight.rank(), 2, 1);
            }
            if (!ShapeRules.broadcastsTo(Shape.of(ws), yPred.shape())) {
                throw new IllegalArgumentException(op + ": sampleWeight of shape " + sampleWeight.shape()
                        + " does not broadcast to yPred's shape " + yPred.shape() + " (a weight of lower rank gains trailing"
                        + " axes of 1 first, as Keras)");
            }
            w = Tensors.broadcastTo(float64(sampleWeight.toDoubleArray(), ws), yPred.shape().dims()).toDoubleArray();
        }
        double[] t = yTrue.toDoubleArray();
        double[] p = yPred.toDoubleArray();
        int slots = average == F1Score.Average.MICRO ? 1 : n;
        double[] tp = new double[slots], fp = new double[slots], fn = new double[slots], iw = new double[slots];
        float thr = (float) threshold;
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            if (Double.isNaN(threshold)) {
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, (float) p[r * n + j]);   // NaN propagates, as TensorFlow's reduce_max
                }
            }
            for (int j = 0; j < n; j++) {
                int i = r * n + j;
                float q = (float) p[i];
                boolean predicted = Double.isNaN(threshold) ? q >= max && Math.abs(q) > 1e-9f : q > thr;
                double y = (float) t[i];   // Keras casts the targets to its float32 dtype
                double weight = w == null ? 1 : (float) w[i];   // float32, as Keras's cast to its dtype
                double pr = predicted ? 1 : 0;
                int k = average == F1Score.Average.MICRO ? 0 : j;
                tp[k] += pr * y * weight;
                fp[k] += pr * (1 - y) * weight;
                fn[k] += (1 - pr) * y * weight;
                iw[k] += y * weight;
            }
        }
        if (truePositives == null) {
            truePositives = new double[slots];
            falsePositives = new double[slots];
            falseNegatives = new double[slots];
            intermediateWeights = new double[slots];
        }
        for (int k = 0; k < slots; k++) {
            truePositives[k] += tp[k];
            falsePositives[k] += fp[k];
            falseNegatives[k] += fn[k];
            intermediateWeights[k] += iw[k];
        }
    }

    /** The score of each slot (each class, or the one pooled slot under MICRO), as Keras's result before averaging. */
    private double[] scores() {
        double b2 = beta * beta;
        double[] f = new double[truePositives.length];
        for (int k = 0; k < f.length; k++) {
            double precision = truePositives[k] / (truePositives[k] + falsePositives[k] + EPSILON);
            double recall = truePositives[k] / (truePositives[k] + falseNegatives[k] + EPSILON);
            // Keras: mean = P R / (beta^2 P + R + eps), score = mean (1 + beta^2); with beta 1 exactly F1Score's
            // 2 (P R / (P + R + eps)), as 1 * P = P and the doubling is exact
            f[k] = precision * recall / (b2 * precision + recall + EPSILON) * (1 + b2);
        }
        return f;
    }

    /**
     * The score so far: with {@link F1Score.Average#NONE} one per class, a float32 vector of shape {@code (classes,)}
     * (empty before any batch); otherwise a float32 scalar, as {@link #doubleResult()}.
     *
     * <pre>{@code
     * new F1Score(F1Score.Average.MACRO).result();   // 0.0 before any batch
     * }</pre>
     *
     * @return the score or scores
     */
    @Override
    public Tensor result() {
        if (average != F1Score.Average.NONE) {
            return super.result();
        }
        double[] f = truePositives == null ? new double[0] : scores();
        float[] v = new float[f.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) f[i];
        }
        return Tensors.constant(v, v.length);
    }

    /**
     * The averaged score in double precision.
     *
     * <pre>{@code
     * new F1Score(F1Score.Average.WEIGHTED).doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the score, or 0 before any batch
     * @throws IllegalStateException with {@link F1Score.Average#NONE}, which has one score per class (use {@link #result()})
     */
    @Override
    public double doubleResult() {
        if (average == F1Score.Average.NONE) {
            throw new IllegalStateException(getClass().getSimpleName() + ".doubleResult: Average.NONE gives one score per class; read them with result()");
        }
        if (truePositives == null) {
            return 0;
        }
        double[] f = scores();
        if (average == F1Score.Average.WEIGHTED) {
            double total = 0;
            for (double v : intermediateWeights) {
                total += v;
            }
            double s = 0;
            for (int k = 0; k < f.length; k++) {
                s += f[k] * (intermediateWeights[k] / (total + EPSILON));
            }
            return s;
        }
        double s = 0;
        for (double v : f) {
            s += v;
        }
        return s / f.length;
    }

    // the state: Keras's true_positives, false_positives, false_negatives and intermediate_weights, each
    // (classes,), or () under MICRO; before the first batch (unbuilt) of shape (0,). Unbuilt, any (n,) is restored;
    // built with n classes, (n,) or the unbuilt (0,), which makes it unbuilt again (see the class comment)
    @Override
    List<String> variableNames() {
        return List.of("true_positives", "false_positives", "false_negatives", "intermediate_weights");
    }

    @Override
    int[][] variableShapes() {
        int[] s = average == F1Score.Average.MICRO ? new int[0] : new int[] {truePositives == null ? 0 : truePositives.length};
        return new int[][] {s, s, s, s};
    }

    @Override
    double[][] variableValues() {
        if (truePositives == null) {
            return new double[4][0];
        }
        return new double[][] {truePositives.clone(), falsePositives.clone(), falseNegatives.clone(),
            intermediateWeights.clone()};
    }

    @Override
    String shapeMismatch(int[][] shapes) {
        if (average != F1Score.Average.MICRO && truePositives != null && unbuilt(shapes)) {
            return null;   // saved before its first batch: restores that state
        }
        if (truePositives != null || average == F1Score.Average.MICRO) {
            return super.shapeMismatch(shapes);   // built: the class count is fixed, as Keras's variables
        }
        for (int i = 0; i < shapes.length; i++) {
            if (shapes[i].length != 1 || shapes[i][0] != shapes[0][0]) {
                return "before its first batch it takes the class count from the values, which must all have one "
                        + "shape (classes,); they have shapes " + Shape.of(shapes[0]) + " (" + variableNames().get(0)
                        + ") and " + Shape.of(shapes[i]) + " (" + variableNames().get(i) + ")";
            }
        }
        return null;
    }

    /** Whether every array has the shape {@code (0,)} of a (non-MICRO) F1Score's variables before its first batch. */
    private static boolean unbuilt(int[][] shapes) {
        for (int[] s : shapes) {
            if (s.length != 1 || s[0] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    void assignVariables(double[][] values, int[][] shapes) {
        if (average != F1Score.Average.MICRO && values[0].length == 0) {
            // saved before any batch: unbuilt, the class count to be taken from the next batch again
            truePositives = null;
            falsePositives = null;
            falseNegatives = null;
            intermediateWeights = null;
            return;
        }
        if (truePositives == null) {
            int n = values[0].length;
            truePositives = new double[n];
            falsePositives = new double[n];
            falseNegatives = new double[n];
            intermediateWeights = new double[n];
        }
        System.arraycopy(values[0], 0, truePositives, 0, truePositives.length);
        System.arraycopy(values[1], 0, falsePositives, 0, falsePositives.length);
        System.arraycopy(values[2], 0, falseNegatives, 0, falseNegatives.length);
        System.arraycopy(values[3], 0, intermediateWeights, 0, intermediateWeights.length);
    }

    /**
     * Forgets every batch: the counts to 0. The number of classes, once taken from a first batch, is kept (Keras's
     * {@code reset_state} zeroes the variables built with shape {@code (classes,)}), so a later batch with another
     * number of classes is refused, as in Keras.
     *
     * <pre>{@code
     * F1Score f1 = new F1Score();
     * f1.resetState();
     * }</pre>
     */
    @Override
    public void resetState() {
        super.resetState();
        if (truePositives != null) {
            Arrays.fill(truePositives, 0);
            Arrays.fill(falsePositives, 0);
            Arrays.fill(falseNegatives, 0);
            Arrays.fill(intermediateWeights, 0);
        }
    }

    /**
     * The name and value, for logs: the per-class scores with {@link F1Score.Average#NONE}.
     *
     * <pre>{@code
     * new F1Score().toString();   // "F1Score: []"
     * }</pre>
     */
    @Override
    public String toString() {
        if (average == F1Score.Average.NONE) {
            return getClass().getSimpleName() + ": " + Arrays.toString(truePositives == null ? new double[0] : scores());
        }
        return super.toString();
    }
}
