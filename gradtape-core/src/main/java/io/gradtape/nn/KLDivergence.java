package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code KLDivergence}: the Kullback-Leibler divergence of the predicted distribution from the target
 * one, per example {@code sum(y * log(y / p))} over the last axis. As in Keras ({@code kl_divergence} in
 * {@code keras/src/losses/losses.py}), both {@code y} and {@code p} are first clipped to {@code [1e-7, 1]}
 * ({@link Loss#EPSILON}), so a target of 0 adds about {@code 1e-7 * log(1e-7 / p)}, not exactly 0, and a
 * prediction of 0 gives a large finite loss; the clip passes no gradient to a prediction outside that range. The
 * rows are not normalized: give probabilities (e.g. a softmax's output).
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor p = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new KLDivergence().call(y, p);   // 0.458
 * }</pre>
 */
public final class KLDivergence extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss kl = new KLDivergence();
     * }</pre>
     */
    public KLDivergence() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss kl = new KLDivergence(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public KLDivergence(Reduction reduction) {
        super(reduction);
    }

    @Override
    String name() {
        return "kl_divergence";
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        Tensor y = Tensors.clipByValue(tp[0], EPSILON, 1);
        Tensor p = Tensors.clipByValue(tp[1], EPSILON, 1);
        return Tensors.reduceSum(y.mul(Tensors.log(y.div(p))), -1);
    }
}
