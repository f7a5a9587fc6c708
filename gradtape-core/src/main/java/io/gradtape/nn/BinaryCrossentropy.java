package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code BinaryCrossentropy}: per element {@code -(y log p + (1 - y) log(1 - p))} for targets
 * {@code y} in [0, 1], averaged over the last axis. From probabilities (the default), {@code p} is clipped to
 * {@code [1e-7, 1 - 1e-7]} first; from logits ({@code fromLogits = true}), the stable form
 * {@link NN#sigmoidCrossEntropyWithLogits} is used.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor p = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new BinaryCrossentropy().call(y, p);   // 0.815
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /**
     * From probabilities, with the default reduction.
     *
     * <pre>{@code
     * Loss bce = new BinaryCrossentropy();
     * }</pre>
     */
    public BinaryCrossentropy() {
        this(false);
    }

    /**
     * From logits or probabilities, with the default reduction.
     *
     * <pre>{@code
     * Loss bce = new BinaryCrossentropy(true);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     */
    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss bce = new BinaryCrossentropy(true, Loss.Reduction.SUM);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     * @param reduction  the reduction
     */
    public BinaryCrossentropy(boolean fromLogits, Reduction reduction) {
        this(fromLogits, 0, reduction);
    }

    /**
     * With label smoothing (Keras's {@code label_smoothing}): targets are moved toward the uniform distribution,
     * {@code y * (1 - s) + s / k} with {@code k = 2}.
     *
     * <pre>{@code
     * Loss l = new BinaryCrossentropy(true, 0.1, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param fromLogits     whether yPred holds logits
     * @param labelSmoothing in [0, 1]; 0 turns it off
     * @param reduction      the reduction
     */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(name() + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        sameAs(yTrue, yPred);
        if (labelSmoothing > 0) {
            yTrue = yTrue.mul(1 - labelSmoothing).add(0.5 * labelSmoothing);
        }
        if (fromLogits) {
            return Tensors.reduceMean(NN.sigmoidCrossEntropyWithLogits(yTrue, yPred), -1);
        }
        Tensor p = clip(yPred);
        Tensor ll = yTrue.mul(Tensors.log(p)).add(Tensors.onesLike(yTrue).sub(yTrue).mul(Tensors.log(Tensors.onesLike(p).sub(p))));
        return Tensors.reduceMean(ll.neg(), -1);
    }
}
