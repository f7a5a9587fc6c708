package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code SquaredHinge} loss: per example {@code mean(max(1 - yTrue * yPred, 0)^2)} over the last axis,
 * for targets in {@code {-1, 1}}; targets that are all 0 or 1 are read as {@code {-1, 1}} first, as in
 * {@link Hinge}. Unlike the hinge it has a continuous gradient, {@code -2 yTrue max(1 - yTrue * yPred, 0) / n}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new SquaredHinge().call(yTrue, yPred);   // ((1.6^2 + 0.6^2) / 2 + (1.4^2 + 1.6^2) / 2) / 2 = 1.86
 * }</pre>
 */
public final class SquaredHinge extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss l = new SquaredHinge();
     * }</pre>
     */
    public SquaredHinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss l = new SquaredHinge(Loss.Reduction.NONE);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public SquaredHinge(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        return Tensors.reduceMean(Tensors.square(Hinge.margins(matchTargets(yTrue, yPred))), -1);
    }
}
