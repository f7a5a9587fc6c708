package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code MeanAbsolutePercentageError}: per example {@code 100 mean(|yTrue - yPred| / max(|yTrue|, 1e-7))}
 * over the last axis, the error relative to the target in percent. A target of 0 is divided by {@code 1e-7}
 * (Keras's {@code epsilon}), so it gives a huge but finite loss, as in Keras.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {1, 2, 4, 4}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {1.5f, 2, 3, 5}, 2, 2);
 * new MeanAbsolutePercentageError().call(yTrue, yPred);   // (100 (0.5 + 0) / 2 + 100 (0.25 + 0.25) / 2) / 2 = 25
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss mape = new MeanAbsolutePercentageError();
     * }</pre>
     */
    public MeanAbsolutePercentageError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss mape = new MeanAbsolutePercentageError(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public MeanAbsolutePercentageError(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        Tensor y = tp[0];
        Tensor scale = Tensors.maximum(Tensors.abs(y), Tensors.zerosLike(y).add(EPSILON));
        return Tensors.reduceMean(Tensors.abs(y.sub(tp[1]).div(scale)), -1).mul(100.0);
    }
}
