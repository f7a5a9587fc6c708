package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code MeanSquaredLogarithmicError}: per example
 * {@code mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)} over the last axis, the squared error of
 * {@code log(1 + x)}, for non-negative targets spanning orders of magnitude. Values below {@code 1e-7} (Keras's
 * {@code epsilon}), negatives included, count as {@code 1e-7}, so such a prediction gets no gradient.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2);
 * new MeanSquaredLogarithmicError().call(yTrue, yPred);   // (log 2)^2 / 4 = 0.120
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss msle = new MeanSquaredLogarithmicError();
     * }</pre>
     */
    public MeanSquaredLogarithmicError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss msle = new MeanSquaredLogarithmicError(Loss.Reduction.NONE);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public MeanSquaredLogarithmicError(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        return Tensors.reduceMean(Tensors.square(logOnePlus(tp[1]).sub(logOnePlus(tp[0]))), -1);
    }

    /** Keras's {@code log(maximum(x, epsilon) + 1)}: x first, so at {@code x = 1e-7} the gradient is x's. */
    private static Tensor logOnePlus(Tensor x) {
        return Tensors.log(Tensors.maximum(x, Tensors.zerosLike(x).add(EPSILON)).add(1.0));
    }
}
