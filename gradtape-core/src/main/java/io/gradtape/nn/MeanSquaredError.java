package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code MeanSquaredError}: per example {@code mean((yPred - yTrue)^2)} over the last axis.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {1, 1, 1, 0}, 2, 2);
 * new MeanSquaredError().call(yTrue, yPred);   // 0.5
 * }</pre>
 */
public final class MeanSquaredError extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss mse = new MeanSquaredError();
     * }</pre>
     */
    public MeanSquaredError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss mse = new MeanSquaredError(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public MeanSquaredError(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        return Tensors.reduceMean(Tensors.square(tp[1].sub(tp[0])), -1);
    }
}
