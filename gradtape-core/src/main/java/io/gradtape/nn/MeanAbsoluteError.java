package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code MeanAbsoluteError}: per example {@code mean(|yPred - yTrue|)} over the last axis. Its gradient
 * is {@code sign(yPred - yTrue) / n} per element (0 where they are equal), so unlike {@link MeanSquaredError} it
 * does not grow with the error.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {1, 1, 1, 0}, 2, 2);
 * new MeanAbsoluteError().call(yTrue, yPred);   // 0.5
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss mae = new MeanAbsoluteError();
     * }</pre>
     */
    public MeanAbsoluteError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss mae = new MeanAbsoluteError(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public MeanAbsoluteError(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        return Tensors.reduceMean(Tensors.abs(tp[1].sub(tp[0])), -1);
    }
}
