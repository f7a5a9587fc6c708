package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code CategoricalHinge} loss, for one-hot targets and raw class scores: per example
 * {@code max(neg - pos + 1, 0)} with {@code pos = sum(yTrue * yPred)} (the target class's score) and
 * {@code neg = max((1 - yTrue) * yPred)} over the last axis (the best other score; a masked-out score counts as 0,
 * so with negative scores {@code neg} is at least 0, as in Keras). Targets are not converted.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new CategoricalHinge().call(yTrue, yPred);   // (max(0.6 - 0.4 + 1, 0) + max(0.6 - 0 + 1, 0)) / 2 = 1.4
 * }</pre>
 */
public final class CategoricalHinge extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss l = new CategoricalHinge();
     * }</pre>
     */
    public CategoricalHinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss l = new CategoricalHinge(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public CategoricalHinge(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        Tensor y = tp[0], p = tp[1];
        if (p.shape().dim(p.rank() - 1) == 0) {
            throw new IllegalArgumentException(name() + ": yPred of shape " + yPred.shape()
                    + " has no classes, so there is no best other score (Keras's max over an empty axis)");
        }
        Tensor pos = Tensors.reduceSum(y.mul(p), -1);
        Tensor neg = Tensors.reduceMax(Tensors.onesLike(y).sub(y).mul(p), -1);
        Tensor m = neg.sub(pos).add(1.0);
        return Tensors.maximum(m, Tensors.zerosLike(m));
    }
}
