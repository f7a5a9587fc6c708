package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code LogCosh}: per example {@code mean(log(cosh(yPred - yTrue)))} over the last axis. It is about
 * {@code x^2 / 2} for a small error {@code x} and {@code |x| - log 2} for a large one, so it behaves like
 * {@link MeanSquaredError} near zero and like {@link MeanAbsoluteError} for outliers, and is twice differentiable
 * (its gradient is {@code tanh(x) / n}). Computed as Keras does, {@code x + softplus(-2x) - log 2}, which does not
 * overflow where {@code cosh} would (an error of 1000 gives {@code 1000 - log 2}).
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2);
 * new LogCosh().call(yTrue, yPred);   // log(cosh(1)) / 4 = 0.108
 * }</pre>
 */
public final class LogCosh extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss l = new LogCosh();
     * }</pre>
     */
    public LogCosh() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss l = new LogCosh(Loss.Reduction.NONE);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public LogCosh(Reduction reduction) {
        super(reduction);
    }

    @Override
    String name() {
        return "log_cosh";
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        Tensor x = tp[1].sub(tp[0]);
        // keras/src/losses/losses.py, log_cosh: x + softplus(-2x) - log(2)
        return Tensors.reduceMean(x.add(NN.softplus(x.mul(-2.0))).sub(Math.log(2)), -1);
    }
}
