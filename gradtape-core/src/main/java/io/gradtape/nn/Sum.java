package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.ops.ShapeRules;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Keras's {@code Sum} ({@code keras/src/metrics/reduction_metrics.py}): the (weighted) sum of every value added, e.g.
 * a count of examples over an epoch. With sample weights, Keras's {@code reduce_to_samplewise_values} with a sum:
 * weights and values are matched by {@code squeeze_or_expand_to_same_rank}, the values summed over the axes the
 * weights lack, multiplied by the weights (broadcast to their shape) and summed; so weights of shape {@code (n,)}
 * weigh the rows of values {@code (n, ...)}, weights of the values' shape each element, and a scalar the whole batch.
 * Summed in double precision. The {@link #variables()} are Keras's {@code total} alone (a scalar).
 *
 * <pre>{@code
 * Sum s = new Sum();
 * s.updateState(Tensors.constant(new float[] {1, 3, 5, 7}, 4));
 * s.doubleResult();   // 16.0, Keras's docstring example
 * s.resetState();
 * s.updateState(Tensors.constant(new float[] {1, 3, 5, 7}, 4), Tensors.constant(new float[] {1, 1, 0, 0}, 4));
 * s.doubleResult();   // 4.0
 * }</pre>
 */
public final class Sum extends Metric {
    /**
     * A sum of 0.
     *
     * <pre>{@code
     * Sum s = new Sum();
     * }</pre>
     */
    public Sum() {
    }

    /**
     * Adds every element of {@code values}.
     *
     * <pre>{@code
     * new Sum().updateState(Tensors.constant(new float[] {1, 2}, 2));
     * }</pre>
     *
     * @param values any numeric tensor
     */
    public void updateState(Tensor values) {
        Objects.requireNonNull(values, "Sum.updateState: values is null");
        double t = 0;
        for (double v : values.toDoubleArray()) {
            t += v;
        }
        total += t;
    }

    /**
     * Adds {@code values} weighted by {@code sampleWeight} (see the class comment).
     *
     * <pre>{@code
     * new Sum().updateState(Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2), Tensors.constant(new float[] {2, 0}, 2));   // adds 6
     * }</pre>
     *
     * @param values       any numeric tensor
     * @param sampleWeight numeric weights, broadcastable to the values once matched
     * @throws IllegalArgumentException if the weights do not fit the values
     */
    public void updateState(Tensor values, Tensor sampleWeight) {
        Objects.requireNonNull(values, "Sum.updateState: values is null");
        Objects.requireNonNull(sampleWeight, "Sum.updateState: sampleWeight is null");
        // fresh float64 constants: nothing a tape watches is read, so nothing is recorded
        Tensor v = float64(values.toDoubleArray(), values.shape().dims());
        Tensor w = float64(sampleWeight.toDoubleArray(), sampleWeight.shape().dims());
        Tensor[] vw = Loss.squeezeOrExpandToSameRank(v, w);
        v = vw[0];
        w = vw[1];
        if (v.rank() > w.rank()) {
            v = Tensors.reduceSum(v, IntStream.range(w.rank(), v.rank()).toArray());   // the axes the weights lack
        }
        if (!ShapeRules.broadcastsTo(w.shape(), v.shape())) {
            throw new IllegalArgumentException("Sum.updateState: sampleWeight of shape " + sampleWeight.shape()
                    + " does not broadcast to the values of shape " + values.shape()
                    + " (after Keras's squeeze_or_expand_to_same_rank and summing over the axes the weights lack)");
        }
        total += Tensors.reduceSum(v.mul(Tensors.broadcastTo(w, v.shape().dims()))).doubleValue();
    }

    /**
     * The sum so far.
     *
     * <pre>{@code
     * new Sum().doubleResult();   // 0.0
     * }</pre>
     *
     * @return the total
     */
    @Override
    public double doubleResult() {
        return total;
    }

    @Override
    List<String> variableNames() {
        return List.of("total");
    }

    @Override
    int[][] variableShapes() {
        return new int[][] {{}};
    }

    @Override
    double[][] variableValues() {
        return new double[][] {{total}};
    }

    @Override
    void assignVariables(double[][] values, int[][] shapes) {
        total = values[0][0];
    }
}
