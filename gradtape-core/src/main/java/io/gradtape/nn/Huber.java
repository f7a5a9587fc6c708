package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code Huber} loss (Huber 1964): per element, with {@code e = yPred - yTrue}, {@code 0.5 e^2} where
 * {@code |e| <= delta} and {@code delta (|e| - 0.5 delta)} beyond, averaged over the last axis. Quadratic near
 * zero, linear for outliers. Default {@code delta = 1}.
 *
 * <pre>{@code
 * new Huber().call(Tensors.constant(new float[] {0, 0}, 1, 2), Tensors.constant(new float[] {0.5f, 3}, 1, 2));
 * // (0.125 + 2.5) / 2 = 1.3125
 * }</pre>
 */
public final class Huber extends Loss {
    private final double delta;

    /**
     * With {@code delta = 1} and the default reduction.
     *
     * <pre>{@code
     * Loss h = new Huber();
     * }</pre>
     */
    public Huber() {
        this(1.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given delta and reduction.
     *
     * <pre>{@code
     * Loss h = new Huber(0.5, Loss.Reduction.NONE);
     * }</pre>
     *
     * @param delta     where the loss turns linear, positive
     * @param reduction the reduction
     */
    public Huber(double delta, Reduction reduction) {
        super(reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        Tensor abs = Tensors.abs(tp[1].sub(tp[0]));
        Tensor quadratic = Tensors.minimum(abs, Tensors.zerosLike(abs).add(delta));
        Tensor linear = abs.sub(quadratic);
        return Tensors.reduceMean(quadratic.mul(quadratic).mul(0.5).add(linear.mul(delta)), -1);
    }
}
