package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.MetricAccess;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A running statistic over batches (Keras's {@code Metric}): {@code updateState} adds a batch,
 * {@link #result()} gives the value so far, {@link #resetState()} starts again (at each epoch). Metrics
 * accumulate in double precision on the Java side: they record nothing on tapes and are not differentiable.
 * The result of a metric that has seen nothing is 0 (Keras's {@code divide_no_nan}).
 *
 * <p><b>Sample weights.</b> The metrics that average ({@link Mean} and the accuracies) take an optional
 * {@code sampleWeight}, as Keras's {@code Mean.update_state} does ({@code reduce_to_samplewise_values} in
 * {@code keras/src/metrics/reduction_metrics.py}): the weights and the values are matched by
 * {@code squeeze_or_expand_to_same_rank}, the values are averaged over the axes the weights lack, multiplied by the
 * weights (broadcast to their shape), then both are averaged over their axes past the first (one value and one
 * weight per example), and the total grows by the values' sum and the count by the weights' sum. So weights of shape {@code (n,)} weigh whole examples, weights of
 * the values' shape weigh each element, and a weight of 0 leaves an example out; a scalar weight {@code w} makes
 * the whole batch one sample of weight {@code w} (its mean added with weight {@code w}), as in Keras. Without
 * weights, every example (row along the first axis) counts once, its values averaged: {@code count} grows by the
 * number of rows (1 for a scalar), so a batch of shape {@code (2, 3)} adds 2 to it, as in Keras.
 *
 * <p><b>State.</b> {@link #variables()} gives the accumulated state under Keras's variable names (for a
 * {@code Mean}, {@code total} and {@code count}); a {@link io.gradtape.checkpoint.Checkpoint} saves and restores it,
 * so that a metric restored mid-epoch goes on accumulating where the saved one was.
 *
 * <pre>{@code
 * SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
 * acc.updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.9f, 0.1f, 0.8f, 0.2f}, 2, 2));
 * acc.result();   // 0.5
 * acc.resetState();
 * }</pre>
 */
public abstract class Metric {
    double total;
    double count;

    static {
        MetricAccess.install(Metric::prepareAssign);
    }

    Metric() {
    }

    /**
     * The metric's state under Keras's variable names, in the order Keras creates them
     * ({@code keras/src/metrics/*.py}): {@code total} and {@code count} (scalars) for {@link Mean}, the accuracies and
     * the error metrics (all Keras {@code Mean}s); {@code true_positives} and {@code false_positives} ({@link Precision})
     * or {@code false_negatives} ({@link Recall}) of shape {@code (1,)}, one per threshold; {@link AUC}'s four
     * confusion counts of shape {@code (numThresholds,)}; {@link F1Score}'s four counts of shape {@code (classes,)}
     * (a scalar under {@code MICRO}); each other metric names its own in its class comment. Each is a new float64 tensor (the metrics accumulate in double precision):
     * changing it changes nothing here. This is what a {@link io.gradtape.checkpoint.Checkpoint#metric checkpoint}
     * saves and restores.
     *
     * <pre>{@code
     * Mean m = new Mean();
     * m.updateState(Tensors.constant(new float[] {1, 2, 3}, 3));
     * m.variables();   // {total=6.0, count=3.0}
     * }</pre>
     *
     * @return the variables by name, in Keras's order
     */
    public final Map<String, Tensor> variables() {
        List<String> names = variableNames();
        int[][] shapes = variableShapes();
        double[][] values = variableValues();
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), float64(values[i], shapes[i]));
        }
        return m;
    }

    /** Keras's variable names, in Keras's order; the base's {@code total} and {@code count}. */
    List<String> variableNames() {
        return List.of("total", "count");
    }

    /** The shape of each variable now, in {@link #variableNames()}'s order. */
    int[][] variableShapes() {
        return new int[][] {{}, {}};
    }

    /** A copy of each variable's values, row-major, in {@link #variableNames()}'s order. */
    double[][] variableValues() {
        return new double[][] {{total}, {count}};
    }

    /**
     * Whether arrays of {@code shapes} (one per variable, in order) can be assigned: null if so, else why not. By
     * default each must have its variable's shape; a metric whose shapes are not known yet (an {@link F1Score} before
     * its first batch) accepts more.
     */
    String shapeMismatch(int[][] shapes) {
        int[][] own = variableShapes();
        List<String> names = variableNames();
        for (int i = 0; i < own.length; i++) {
            if (!Arrays.equals(own[i], shapes[i])) {
                return "variable '" + names.get(i) + "' has shape " + Shape.of(own[i]) + " but the value has shape "
                        + Shape.of(shapes[i]);
            }
        }
        return null;
    }

    /** Assigns values already checked by {@link #shapeMismatch}; cannot fail. */
    void assignVariables(double[][] values, int[][] shapes) {
        total = values[0][0];
        count = values[1][0];
    }

    /**
     * Checks {@code values} against this metric's variables (exactly its names, float64, the shapes
     * {@link #shapeMismatch} accepts) and returns their assignment, which cannot fail; changes nothing itself.
     *
     * @throws IllegalArgumentException naming the metric, the variables and the shapes or dtypes if they do not fit
     */
    private Runnable prepareAssign(Map<String, Tensor> values) {
        String op = getClass().getSimpleName();
        List<String> names = variableNames();
        if (!values.keySet().equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException(op + ": the variables are " + names + ", the values are for "
                    + values.keySet());
        }
        int[][] shapes = new int[names.size()][];
        double[][] data = new double[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            Tensor t = values.get(names.get(i));
            if (t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException(op + ": variable '" + names.get(i) + "' is float64, the value is "
                        + t.dtype() + " of shape " + t.shape());
            }
            shapes[i] = t.shape().dims();
            data[i] = t.toDoubleArray();
        }
        String why = shapeMismatch(shapes);
        if (why != null) {
            throw new IllegalArgumentException(op + ": " + why);
        }
        return () -> assignVariables(data, shapes);
    }

    /**
     * The value so far: {@code total / count}, as a float32 scalar.
     *
     * <pre>{@code
     * Mean m = new Mean();
     * m.updateState(Tensors.constant(new float[] {1, 2, 3}, 3));
     * m.result();   // 2.0
     * }</pre>
     *
     * @return the value
     */
    public Tensor result() {
        return Tensors.constant((float) doubleResult());
    }

    /**
     * The value so far in double precision.
     *
     * <pre>{@code
     * new Mean().doubleResult();   // 0.0
     * }</pre>
     *
     * @return {@code total / count}, or 0 if nothing was added
     */
    public double doubleResult() {
        return count == 0 ? 0 : total / count;
    }

    /**
     * Forgets every batch.
     *
     * <pre>{@code
     * Mean m = new Mean();
     * m.updateState(Tensors.constant(5f));
     * m.resetState();
     * m.doubleResult();   // 0.0
     * }</pre>
     */
    public void resetState() {
        total = 0;
        count = 0;
    }

    /**
     * Adds {@code values} (of shape {@code shape}), unweighted when {@code sampleWeight} is null (each example,
     * the values along the first axis averaged over the others, counts once) and otherwise as Keras's {@code Mean.update_state} with a sample weight (class Javadoc). Checks
     * everything before changing the state.
     *
     * @throws IllegalArgumentException naming {@code op} if the weights do not broadcast to the values
     */
    void add(double[] values, int[] shape, Tensor sampleWeight, String op) {
        if (sampleWeight == null) {
            // Keras's Mean.update_state without weights: values of rank > 1 averaged over the axes past the first (one
            // value per example), then the total grows by their sum and the count by the number of examples
            // (shape[0]; 1 for a scalar), so that batches of unequal row lengths, weighted or not, mix as in Keras
            int rows = shape.length == 0 ? 1 : shape[0];
            int per = rows == 0 ? 0 : values.length / rows;
            double t = 0;
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < per; j++) {
                    s += values[r * per + j];
                }
                t += shape.length > 1 ? s / per : s;   // NaN for an empty row, as Keras's mean over no elements
            }
            total += t;
            count += rows;
            return;
        }
        // fresh float64 constants: nothing a tape watches is read, so nothing is recorded
        Tensor v = float64(values, shape);
        Tensor w = float64(sampleWeight.toDoubleArray(), sampleWeight.shape().dims());
        Tensor[] vw = Loss.squeezeOrExpandToSameRank(v, w);
        v = vw[0];
        w = vw[1];
        int wr = w.rank(), vr = v.rank();
        if (vr > wr) {
            v = Tensors.reduceMean(v, IntStream.range(wr, vr).toArray());   // the axes the weights lack
        }
        if (!ShapeRules.broadcastsTo(w.shape(), v.shape())) {
            throw new IllegalArgumentException(op + ": sampleWeight of shape " + sampleWeight.shape()
                    + " does not broadcast to the values of shape " + Shape.of(shape)
                    + " (after Keras's squeeze_or_expand_to_same_rank and averaging over the axes the weights lack)");
        }
        w = Tensors.broadcastTo(w, v.shape().dims());
        v = v.mul(w);
        if (wr > 1) {
            w = Tensors.reduceMean(w, IntStream.range(1, wr).toArray());
        }
        if (v.rank() > 1) {
            v = Tensors.reduceMean(v, IntStream.range(1, v.rank()).toArray());   // one value per example, as the weights
        }
        double t = Tensors.reduceSum(v).doubleValue();
        double c = Tensors.reduceSum(w).doubleValue();
        total += t;
        count += c;
    }

    /** A fresh float64 tensor of {@code data} and {@code shape}, a scalar for an empty shape. */
    static Tensor float64(double[] data, int[] shape) {
        return shape.length == 0 ? Tensors.constant(data[0]) : Tensors.constant(data, shape);
    }

    /** The index of the largest of row {@code row}'s {@code n} values in {@code v}; the first one at a tie. */
    static int argmax(double[] v, int row, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[row * n + j] > v[row * n + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * TensorFlow's {@code in_top_k} for row {@code row} of {@code n} scores ({@code tensorflow/core/kernels/in_topk_op.h}):
     * whether fewer than {@code k} scores are strictly above the target's, so a tie at the boundary counts as in the
     * top k. A target that is not a class index in {@code [0, n)} once truncated (as TensorFlow's cast to int32), or a
     * row holding a non-finite score, is not in the top k.
     */
    static boolean inTopK(double[] scores, int row, int n, double target, int k) {
        if (!(target > -1 && target < n)) {   // NaN too
            return false;
        }
        double s = scores[row * n + (int) target];
        int above = 0;
        for (int j = 0; j < n; j++) {
            double v = scores[row * n + j];
            if (!Double.isFinite(v)) {
                return false;
            }
            if (v > s) {
                above++;
            }
        }
        return above < k;
    }

    /**
     * The name and value, for logs.
     *
     * <pre>{@code
     * new Mean().toString();   // "Mean: 0.0"
     * }</pre>
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + doubleResult();
    }
}
