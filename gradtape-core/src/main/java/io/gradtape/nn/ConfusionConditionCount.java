package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TruePositives}, {@link FalsePositives}, {@link TrueNegatives} and {@link FalseNegatives} share: Keras's
 * {@code _ConfusionMatrixConditionCount} ({@code keras/src/metrics/confusion_metrics.py}), one weighted count per
 * threshold kept in the variable {@code accumulator} of shape {@code (thresholds,)}, updated by
 * {@link ConfusionCounts} (Keras's {@code update_confusion_matrix_variables}, with its evenly-spaced path when the
 * thresholds are, as Keras decides).
 */
abstract class ConfusionConditionCount extends Metric {
    private final double[] thresholds;
    private final boolean evenly;
    private final double[] accumulator;

    ConfusionConditionCount(double[] thresholds) {
        this.thresholds = ConfusionCounts.checkThresholds(getClass().getSimpleName(), thresholds);
        this.evenly = ConfusionCounts.evenlySpaced(this.thresholds);
        this.accumulator = new double[this.thresholds.length];
    }

    /** Which of the four counts this metric keeps: 0 tp, 1 fp, 2 tn, 3 fn. */
    abstract int condition();

    /**
     * The thresholds.
     *
     * <pre>{@code
     * new TruePositives(0.3, 0.7).thresholds();   // [0.3, 0.7]
     * }</pre>
     *
     * @return a copy of the thresholds, in the order given
     */
    public final double[] thresholds() {
        return thresholds.clone();
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new FalsePositives().updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.7f, 0.2f}, 2));
     * }</pre>
     *
     * @param yTrue targets, positive when nonzero
     * @param yPred predictions, the same shape (up to a trailing axis of 1)
     * @throws IllegalArgumentException if the shapes differ
     */
    public final void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch, each pair counting with its weight (Keras's {@code sample_weight}, matched as in
     * {@link Precision#updateState(Tensor, Tensor, Tensor)}): weights of {@code yTrue}'s rank weigh each element,
     * others (e.g. {@code (batch,)} for predictions {@code (batch, labels)}) gain a trailing axis and weigh each row;
     * a scalar weighs the whole batch; a weight of 0 leaves a pair out.
     *
     * <pre>{@code
     * new TrueNegatives().updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.2f, 0.2f}, 2),
     *         Tensors.constant(new float[] {3, 1}, 2));
     * }</pre>
     *
     * @param yTrue        targets, positive when nonzero
     * @param yPred        predictions, the same shape (up to a trailing axis of 1)
     * @param sampleWeight numeric weights, broadcastable to yPred as above
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public final void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, () -> getClass().getSimpleName() + ".updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        double[][] four = new double[4][];
        four[condition()] = accumulator;
        ConfusionCounts.add(getClass().getSimpleName() + ".updateState", yTrue, yPred, sampleWeight, thresholds, evenly,
                -1, four[0], four[1], four[2], four[3]);
    }

    /**
     * The count so far: a float32 scalar with one threshold, else a float32 vector of one count per threshold (as
     * Keras's {@code result}).
     *
     * <pre>{@code
     * new TruePositives(0.3, 0.7).result();   // [0.0, 0.0] before any batch
     * }</pre>
     *
     * @return the count or counts
     */
    @Override
    public final Tensor result() {
        if (accumulator.length == 1) {
            return super.result();
        }
        float[] v = new float[accumulator.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) accumulator[i];
        }
        return Tensors.constant(v, v.length);
    }

    /**
     * The count at the one threshold, in double precision.
     *
     * <pre>{@code
     * new FalseNegatives().doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the weighted count
     * @throws IllegalStateException with several thresholds (read their counts with {@link #result()})
     */
    @Override
    public final double doubleResult() {
        if (accumulator.length != 1) {
            throw new IllegalStateException(getClass().getSimpleName() + ".doubleResult: " + accumulator.length
                    + " thresholds give one count each; read them with result()");
        }
        return accumulator[0];
    }

    /**
     * Forgets every batch: the counts to 0.
     *
     * <pre>{@code
     * TruePositives tp = new TruePositives();
     * tp.resetState();
     * }</pre>
     */
    @Override
    public final void resetState() {
        super.resetState();
        Arrays.fill(accumulator, 0);
    }

    // the state: Keras's accumulator, (len(thresholds),)
    @Override
    final List<String> variableNames() {
        return List.of("accumulator");
    }

    @Override
    final int[][] variableShapes() {
        return new int[][] {{accumulator.length}};
    }

    @Override
    final double[][] variableValues() {
        return new double[][] {accumulator.clone()};
    }

    @Override
    final void assignVariables(double[][] values, int[][] shapes) {
        System.arraycopy(values[0], 0, accumulator, 0, accumulator.length);
    }

    /**
     * The name and value, for logs: the counts with several thresholds.
     *
     * <pre>{@code
     * new TruePositives().toString();   // "TruePositives: 0.0"
     * }</pre>
     */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + ": "
                + (accumulator.length == 1 ? Double.toString(accumulator[0]) : Arrays.toString(accumulator));
    }
}
