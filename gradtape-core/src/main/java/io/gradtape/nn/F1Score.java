package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * <pre>{@code
 * F1Score f1 = new F1Score(F1Score.Average.NONE, 0.5);
 * f1.updateState(Tensors.constant(new float[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, 3, 3),
 *         Tensors.constant(new float[] {0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0}, 3, 3));
 * f1.result();   // [0.5, 0.8, 0.6666667], Keras's docstring example
 * }</pre>
 */
public final class F1Score extends Metric {
    /** How the per-class scores are combined (Keras's {@code average}). */
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

    private static final double EPSILON = Loss.EPSILON;
    private final Average average;
    private final double threshold;   // NaN: the row's largest prediction
    private double[] truePositives;
    private double[] falsePositives;
    private double[] falseNegatives;
    private double[] intermediateWeights;

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
        this(average, Double.NaN, "F1Score: average is null");
    }

    private F1Score(Average average, double threshold, String nullMessage) {
        this.average = Objects.requireNonNull(average, nullMessage);
        this.threshold = threshold;
        if (average == Average.MICRO) {
            // one pooled slot whatever the class count: Keras's scalar variables, known before the first batch
            truePositives = new double[1];
            falsePositives = new double[1];
            falseNegatives = new double[1];
            intermediateWeights = new double[1];
        }
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
        this(average, checkThreshold(threshold), "F1Score: average is null");
    }

    private static double checkThreshold(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("F1Score: threshold must be in (0, 1], got " + threshold);
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
    public Average average() {
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
        Objects.requireNonNull(sampleWeight, "F1Score.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = "F1Score.updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        if (yPred.rank() != 2 || !yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(op + ": expects yTrue and yPred of one shape (batch, classes), got yTrue "
                    + yTrue.shape() + " and yPred " + yPred.shape());
        }
        int rows = yPred.shape().dim(0), n = yPred.shape().dim(1);
        if (truePositives != null && n != intermediateWeights.length && average != Average.MICRO) {
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
        int slots = average == Average.MICRO ? 1 : n;
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
                double weight = w == null ? 1 : w[i];
                double pr = predicted ? 1 : 0;
                int k = average == Average.MICRO ? 0 : j;
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
        double[] f = new double[truePositives.length];
        for (int k = 0; k < f.length; k++) {
            double precision = truePositives[k] / (truePositives[k] + falsePositives[k] + EPSILON);
            double recall = truePositives[k] / (truePositives[k] + falseNegatives[k] + EPSILON);
            f[k] = 2 * (precision * recall / (precision + recall + EPSILON));
        }
        return f;
    }

    /**
     * The score so far: with {@link Average#NONE} one per class, a float32 vector of shape {@code (classes,)}
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
        if (average != Average.NONE) {
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
     * @throws IllegalStateException with {@link Average#NONE}, which has one score per class (use {@link #result()})
     */
    @Override
    public double doubleResult() {
        if (average == Average.NONE) {
            throw new IllegalStateException("F1Score.doubleResult: Average.NONE gives one score per class; read them with result()");
        }
        if (truePositives == null) {
            return 0;
        }
        double[] f = scores();
        if (average == Average.WEIGHTED) {
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
        int[] s = average == Average.MICRO ? new int[0] : new int[] {truePositives == null ? 0 : truePositives.length};
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
        if (average != Average.MICRO && truePositives != null && unbuilt(shapes)) {
            return null;   // saved before its first batch: restores that state
        }
        if (truePositives != null || average == Average.MICRO) {
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
        if (average != Average.MICRO && values[0].length == 0) {
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
     * The name and value, for logs: the per-class scores with {@link Average#NONE}.
     *
     * <pre>{@code
     * new F1Score().toString();   // "F1Score: []"
     * }</pre>
     */
    @Override
    public String toString() {
        if (average == Average.NONE) {
            return "F1Score: " + Arrays.toString(truePositives == null ? new double[0] : scores());
        }
        return super.toString();
    }
}
