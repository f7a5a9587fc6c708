package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code Poisson} loss, for counts {@code yTrue} and predicted rates {@code yPred > 0} (e.g. the output of
 * an {@code exp} or {@code softplus}): per example {@code mean(yPred - yTrue * log(yPred + 1e-7))} over the last
 * axis, the negative Poisson log-likelihood without its {@code log(yTrue!)} term. The {@code 1e-7} (Keras's
 * {@code epsilon}) keeps a zero rate finite; a negative rate below {@code -1e-7} gives NaN, as in Keras.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2);
 * new Poisson().call(yTrue, yPred);   // ((1 + 1 - log(1 + 1e-7)) / 2 + 0) / 2 = 0.5
 * }</pre>
 */
public final class Poisson extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss l = new Poisson();
     * }</pre>
     */
    public Poisson() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss l = new Poisson(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public Poisson(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        return Tensors.reduceMean(tp[1].sub(tp[0].mul(Tensors.log(tp[1].add(EPSILON)))), -1);
    }
}
