package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * What the metrics that average a loss share ({@link BinaryCrossentropyMetric}, {@link KLDivergenceMetric},
 * {@link LogCoshError} and their kin): Keras's {@code MeanMetricWrapper} around a loss function
 * ({@code keras/src/metrics/reduction_metrics.py}). Each batch's per-example values are the loss's, unreduced (its
 * {@link Loss.Reduction#NONE} values, shape {@code yPred.shape[:-1]}; negated for {@link CosineSimilarityMetric},
 * whose Keras function is the similarity itself), and they are added as {@link Mean} adds values, with the sample
 * weights; the result is their (weighted) mean over everything added. Integer predictions are read as float32 (Keras's
 * functions compute them in floating point); targets and predictions are matched as the loss matches them. The
 * {@link #variables()} are {@code total} and {@code count}, as every Keras {@code Mean}.
 */
abstract class LossMetric extends Metric {
    private final Loss loss;
    private final boolean negate;

    /** {@code loss} must have {@link Loss.Reduction#NONE}. */
    LossMetric(Loss loss, boolean negate) {
        this.loss = loss;
        this.negate = negate;
    }

    /**
     * Adds a batch: its examples' values, each counting once.
     *
     * <pre>{@code
     * new HingeMetric().updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2));
     * }</pre>
     *
     * @param yTrue the targets, as the loss takes them
     * @param yPred the predictions, rank {@code >= 1}
     * @throws IllegalArgumentException if the loss refuses them (shapes, labels)
     */
    public final void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with sample weights (Keras's {@code sample_weight}; see {@link Metric}): weights of shape
     * {@code (batch,)} weigh each example, weights of the per-example values' shape each value; a scalar weighs the
     * batch as one sample.
     *
     * <pre>{@code
     * new HingeMetric().updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2),
     *         Tensors.constant(new float[] {1, 0}, 2));
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public final void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, () -> getClass().getSimpleName() + ".updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = getClass().getSimpleName() + ".updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        Tensor p = yPred.dtype().isFloating() ? yPred : Tensors.cast(yPred, DType.FLOAT32);
        Tensor values;
        try {
            values = loss.call(yTrue, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
        double[] v = values.toDoubleArray();
        if (negate) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        add(v, values.shape().dims(), sampleWeight, op);
    }
}
