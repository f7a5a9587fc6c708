package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code R2Score} ({@code keras/src/metrics/regression_metrics.py}), the coefficient of determination:
 * per output (each column of targets and predictions of shape {@code (batch, outputs)}),
 * {@code R2 = 1 - SS_res / SS_tot} with {@code SS_res = sum(w (y - p)^2)} and
 * {@code SS_tot = sum(w y^2) - sum(w y)^2 / sum(w)}, the weighted sums taken over every example added. 1 is a perfect
 * fit, 0 no better than predicting the mean, and it can be negative. An output whose {@code SS_res / SS_tot} is
 * infinite (constant targets, some error) scores 0, as in Keras; constant targets predicted exactly give
 * {@code 1 - 0/0}, NaN.
 *
 * <p>{@link ClassAggregation} combines the outputs' scores: {@code UNIFORM_AVERAGE} (the default) is their mean,
 * {@code VARIANCE_WEIGHTED_AVERAGE} weighs each by its {@code SS_tot}, {@code NONE} gives one per output
 * ({@link #result()} of shape {@code (outputs,)}; {@link #doubleResult()} refuses). With {@code numRegressors = k > 0}
 * the score is Keras's adjusted R2, {@code 1 - (1 - R2) (n - 1) / (n - k - 1)}, {@code n} being the number of
 * examples with a nonzero weight for some output; when {@code k >= n - 1} it is the plain R2 (Keras warns and does
 * the same).
 *
 * <p>Targets of rank 1 against predictions {@code (batch, 1)} (or the reverse) are matched by Keras's
 * {@code squeeze_or_expand_to_same_rank}; both must then have one shape of rank 2. Sample weights of shape
 * {@code (batch,)} gain a trailing axis and weigh whole examples; {@code (batch, outputs)} weigh each element; a
 * scalar the whole batch. Values are read as float32, as Keras converts them to its dtype; the sums are in double
 * precision.
 *
 * <p><b>State.</b> The {@link #variables()} are Keras's, in its order: {@code num_samples} (a scalar), then
 * {@code squared_sum}, {@code sum}, {@code residual} and {@code count}, each of shape {@code (outputs,)}. As with
 * {@link F1Score}, the number of outputs is taken from the first batch (Keras builds those four variables then) and
 * kept by {@link #resetState()}; before the first batch they have shape {@code (0,)}, a checkpoint of that state
 * restores it, and an unbuilt R2Score takes its output count from the arrays it restores. Before the first batch
 * the result is 0 (Keras has no variables to read yet and raises); after {@link #resetState()} it is NaN (Keras
 * computes {@code 0 / 0}).
 *
 * <pre>{@code
 * R2Score r2 = new R2Score();
 * r2.updateState(Tensors.constant(new float[] {1, 4, 3}, 3, 1), Tensors.constant(new float[] {2, 4, 4}, 3, 1));
 * r2.doubleResult();   // 0.5714285..., Keras's docstring example (0.57142854 in float32)
 * }</pre>
 */
public final class R2Score extends Metric {
    /** How the outputs' scores are combined (Keras's {@code class_aggregation}). */
    public enum ClassAggregation {
        /** One score per output (Keras's {@code None}). */
        NONE,
        /** The mean of the outputs' scores (Keras's default, {@code "uniform_average"}). */
        UNIFORM_AVERAGE,
        /** The outputs' scores weighted by their total sums of squares ({@code "variance_weighted_average"}). */
        VARIANCE_WEIGHTED_AVERAGE
    }

    private final ClassAggregation classAggregation;
    private final int numRegressors;
    private double numSamples;
    private double[] squaredSum;   // null before the first batch
    private double[] sum;
    private double[] residual;
    private double[] weightCount;

    /**
     * The plain R2, averaged over the outputs (Keras's defaults).
     *
     * <pre>{@code
     * R2Score r2 = new R2Score();
     * }</pre>
     */
    public R2Score() {
        this(ClassAggregation.UNIFORM_AVERAGE, 0);
    }

    /**
     * With the given aggregation and number of regressors (0 for the plain R2).
     *
     * <pre>{@code
     * R2Score adjusted = new R2Score(R2Score.ClassAggregation.NONE, 2);
     * }</pre>
     *
     * @param classAggregation how the outputs' scores are combined
     * @param numRegressors    the number of independent regressors of the adjusted R2, {@code >= 0}
     * @throws IllegalArgumentException if numRegressors is negative
     * @throws NullPointerException     if classAggregation is null
     */
    public R2Score(ClassAggregation classAggregation, int numRegressors) {
        this.classAggregation = Objects.requireNonNull(classAggregation, "R2Score: classAggregation is null");
        if (numRegressors < 0) {
            throw new IllegalArgumentException("R2Score: numRegressors must be >= 0, got " + numRegressors);
        }
        this.numRegressors = numRegressors;
    }

    /**
     * The aggregation.
     *
     * <pre>{@code
     * new R2Score().classAggregation();   // UNIFORM_AVERAGE
     * }</pre>
     *
     * @return the aggregation
     */
    public ClassAggregation classAggregation() {
        return classAggregation;
    }

    /**
     * The number of regressors of the adjusted R2 (0: the plain R2).
     *
     * <pre>{@code
     * new R2Score().numRegressors();   // 0
     * }</pre>
     *
     * @return the number of regressors
     */
    public int numRegressors() {
        return numRegressors;
    }

    /**
     * Adds a batch, every element weighing 1.
     *
     * <pre>{@code
     * new R2Score().updateState(Tensors.constant(new float[] {1, 2}, 2, 1), Tensors.constant(new float[] {1.5f, 2}, 2, 1));
     * }</pre>
     *
     * @param yTrue the targets, shape {@code (batch, outputs)} (or {@code (batch,)} against {@code (batch, 1)})
     * @param yPred the predictions, the same shape
     * @throws IllegalArgumentException if the shapes are not one shape of rank 2 once matched, or the number of
     *                                  outputs differs from the first batch's
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with sample weights (Keras's {@code sample_weight}): {@code (batch,)} weighs each example,
     * {@code (batch, outputs)} each element, a scalar the whole batch.
     *
     * <pre>{@code
     * new R2Score().updateState(Tensors.constant(new float[] {1, 2, 4}, 3, 1), Tensors.constant(new float[] {1.5f, 2, 3}, 3, 1),
     *         Tensors.constant(new float[] {1, 0, 2}, 3));
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights, as above
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, "R2Score.updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = "R2Score.updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        Tensor[] tp = Loss.squeezeOrExpandToSameRank(yTrue, yPred);
        if (tp[1].rank() != 2 || !tp[0].shape().equals(tp[1].shape())) {
            throw new IllegalArgumentException(op + ": expects yTrue and yPred of one shape (batch, outputs), got yTrue "
                    + yTrue.shape() + " and yPred " + yPred.shape() + " (a trailing axis of 1 on one side is matched, as"
                    + " Keras's squeeze_or_expand_to_same_rank)");
        }
        Shape shape = tp[1].shape();
        int rows = shape.dim(0), n = shape.dim(1);
        if (n == 0) {
            throw new IllegalArgumentException(op + ": yPred of shape " + yPred.shape() + " has no outputs");
        }
        if (sum != null && n != sum.length) {
            throw new IllegalArgumentException(op + ": yPred of shape " + yPred.shape() + " has " + n
                    + " outputs, but the first batch had " + sum.length);
        }
        double[] w = null;
        if (sampleWeight != null) {
            int[] ws = sampleWeight.shape().dims();
            if (ws.length == 1) {   // Keras: expand_dims(sample_weight, axis=1)
                ws = new int[] {ws[0], 1};
            }
            if (ws.length > 2 || !ShapeRules.broadcastsTo(Shape.of(ws), shape)) {
                throw new IllegalArgumentException(op + ": sampleWeight of shape " + sampleWeight.shape()
                        + " does not broadcast to the targets' shape " + shape + " (weights of shape (batch,) gain a"
                        + " trailing axis first, as Keras)");
            }
            w = Tensors.broadcastTo(float64(sampleWeight.toDoubleArray(), ws), shape.dims()).toDoubleArray();
        }
        double[] t = tp[0].toDoubleArray();
        double[] p = tp[1].toDoubleArray();
        double[] s = new double[n], sq = new double[n], res = new double[n], c = new double[n];
        double samples = 0;
        for (int r = 0; r < rows; r++) {
            boolean counted = false;
            for (int j = 0; j < n; j++) {
                int i = r * n + j;
                double y = (float) t[i], q = (float) p[i];   // Keras converts both to its float32 dtype
                double weight = w == null ? 1 : (float) w[i];
                double wy = y * weight;
                s[j] += wy;
                sq[j] += y * wy;
                res[j] += (y - q) * (y - q) * weight;
                c[j] += weight;
                counted |= weight != 0;   // NaN too, as Keras's not_equal
            }
            samples += counted ? 1 : 0;
        }
        if (sum == null) {
            sum = new double[n];
            squaredSum = new double[n];
            residual = new double[n];
            weightCount = new double[n];
        }
        for (int j = 0; j < n; j++) {
            sum[j] += s[j];
            squaredSum[j] += sq[j];
            residual[j] += res[j];
            weightCount[j] += c[j];
        }
        numSamples += samples;
    }

    /** Each output's raw score, Keras's {@code raw_scores} with infinities set to 0; also its {@code SS_tot}. */
    private double[][] rawScores() {
        int n = sum.length;
        double[] raw = new double[n], total = new double[n];
        for (int j = 0; j < n; j++) {
            double mean = sum[j] / weightCount[j];
            total[j] = squaredSum[j] - sum[j] * mean;
            raw[j] = 1 - residual[j] / total[j];
            if (Double.isInfinite(raw[j])) {
                raw[j] = 0;
            }
        }
        return new double[][] {raw, total};
    }

    /** Keras's adjustment for {@code numRegressors}, or the score as it is when Keras falls back to it. */
    private double adjust(double r2) {
        if (numRegressors == 0 || numRegressors >= numSamples - 1) {
            return r2;   // Keras warns (more regressors than examples, or a division by zero) and keeps the plain R2
        }
        return 1 - (1 - r2) * (numSamples - 1) / (numSamples - numRegressors - 1);
    }

    /**
     * The score so far: with {@link ClassAggregation#NONE} one per output, a float32 vector of shape
     * {@code (outputs,)} (empty before any batch); otherwise a float32 scalar, as {@link #doubleResult()}.
     *
     * <pre>{@code
     * new R2Score(R2Score.ClassAggregation.NONE, 0).result();   // [] before any batch
     * }</pre>
     *
     * @return the score or scores
     */
    @Override
    public Tensor result() {
        if (classAggregation != ClassAggregation.NONE) {
            return super.result();
        }
        if (sum == null) {
            return Tensors.constant(new float[0], 0);
        }
        double[] raw = rawScores()[0];
        float[] v = new float[raw.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) adjust(raw[j]);
        }
        return Tensors.constant(v, v.length);
    }

    /**
     * The aggregated score in double precision.
     *
     * <pre>{@code
     * new R2Score().doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the score: 0 before any batch, NaN after {@link #resetState()} until a batch is added (as Keras)
     * @throws IllegalStateException with {@link ClassAggregation#NONE}, which has one score per output (use
     *                               {@link #result()})
     */
    @Override
    public double doubleResult() {
        if (classAggregation == ClassAggregation.NONE) {
            throw new IllegalStateException("R2Score.doubleResult: ClassAggregation.NONE gives one score per output;"
                    + " read them with result()");
        }
        if (sum == null) {
            return 0;
        }
        double[][] rt = rawScores();
        double[] raw = rt[0], total = rt[1];
        double r2;
        if (classAggregation == ClassAggregation.UNIFORM_AVERAGE) {
            double s = 0;
            for (double v : raw) {
                s += v;
            }
            r2 = s / raw.length;
        } else {
            double weighted = 0, weights = 0;
            for (int j = 0; j < raw.length; j++) {
                weighted += total[j] * raw[j];
                weights += total[j];
            }
            r2 = weighted / weights;
        }
        return adjust(r2);
    }

    /**
     * Forgets every batch: the sums to 0. The number of outputs, once taken from a first batch, is kept (Keras's
     * {@code reset_state} zeroes the variables built at the first batch).
     *
     * <pre>{@code
     * R2Score r2 = new R2Score();
     * r2.resetState();
     * }</pre>
     */
    @Override
    public void resetState() {
        super.resetState();
        numSamples = 0;
        if (sum != null) {
            Arrays.fill(sum, 0);
            Arrays.fill(squaredSum, 0);
            Arrays.fill(residual, 0);
            Arrays.fill(weightCount, 0);
        }
    }

    // the state: Keras's num_samples (()), made in __init__, then squared_sum, sum, residual and count ((outputs,)),
    // made at the first batch; before it those four have shape (0,), as F1Score's
    @Override
    List<String> variableNames() {
        return List.of("num_samples", "squared_sum", "sum", "residual", "count");
    }

    @Override
    int[][] variableShapes() {
        int[] s = {sum == null ? 0 : sum.length};
        return new int[][] {{}, s, s, s, s};
    }

    @Override
    double[][] variableValues() {
        if (sum == null) {
            return new double[][] {{numSamples}, {}, {}, {}, {}};
        }
        return new double[][] {{numSamples}, squaredSum.clone(), sum.clone(), residual.clone(), weightCount.clone()};
    }

    @Override
    String shapeMismatch(int[][] shapes) {
        if (shapes[0].length != 0) {
            return "variable 'num_samples' is a scalar but the value has shape " + Shape.of(shapes[0]);
        }
        for (int i = 1; i < shapes.length; i++) {
            if (shapes[i].length != 1 || shapes[i][0] != shapes[1][0]) {
                return "the variables squared_sum, sum, residual and count must all have one shape (outputs,), got "
                        + Shape.of(shapes[1]) + " (squared_sum) and " + Shape.of(shapes[i]) + " ("
                        + variableNames().get(i) + ")";
            }
        }
        int n = shapes[1][0];
        if (sum != null && n != 0 && n != sum.length) {
            return "variable 'sum' has shape " + Shape.of(sum.length) + " but the value has shape " + Shape.of(n);
        }
        return null;
    }

    @Override
    void assignVariables(double[][] values, int[][] shapes) {
        numSamples = values[0][0];
        if (values[1].length == 0) {
            // saved before any batch: unbuilt, the output count to be taken from the next batch again
            sum = null;
            squaredSum = null;
            residual = null;
            weightCount = null;
            return;
        }
        squaredSum = values[1].clone();
        sum = values[2].clone();
        residual = values[3].clone();
        weightCount = values[4].clone();
    }

    /**
     * The name and value, for logs: the per-output scores with {@link ClassAggregation#NONE}.
     *
     * <pre>{@code
     * new R2Score().toString();   // "R2Score: 0.0"
     * }</pre>
     */
    @Override
    public String toString() {
        if (classAggregation == ClassAggregation.NONE) {
            return "R2Score: " + Arrays.toString(result().toFloatArray());
        }
        return super.toString();
    }
}
