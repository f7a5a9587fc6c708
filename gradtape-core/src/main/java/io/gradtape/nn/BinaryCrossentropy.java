package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code BinaryCrossentropy}: per element {@code -(y log p + (1 - y) log(1 - p))} for targets
 * {@code y} in [0, 1], averaged over the last axis. From probabilities (the default), {@code p} is clipped to
 * {@code [1e-7, 1 - 1e-7]} first; from logits ({@code fromLogits = true}), the stable form
 * {@link NN#sigmoidCrossEntropyWithLogits} is used. Given the output of the {@code "sigmoid"} activation (a layer's
 * or {@link Activations#get}'s), the loss is computed from that activation's logits, as Keras does, so a
 * saturated unit keeps its gradient ({@code CachedLogits}).
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor p = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new BinaryCrossentropy().call(y, p);   // 0.815
 * }</pre>
 */
public final class BinaryCrossentropy extends Crossentropy {
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
        super(fromLogits, labelSmoothing, reduction);
    }

    @Override
    int smoothingClasses(Tensor yPred) {
        return 2;
    }

    @Override
    CachedLogits.Kind logitsKind() {
        return CachedLogits.Kind.SIGMOID;
    }

    @Override
    Tensor logitsLoss(Tensor yTrue, Tensor logits) {
        return Tensors.reduceMean(NN.sigmoidCrossEntropyWithLogits(yTrue, logits), -1);
    }

    @Override
    Tensor probabilitiesLoss(Tensor yTrue, Tensor probabilities) {
        return Tensors.reduceMean(elementwise(yTrue, probabilities), -1);
    }

    /**
     * Keras's {@code binary_crossentropy} from probabilities, element by element:
     * {@code -(y log c + (1 - y) log(1 - c))} with {@code c = clip(p, 1e-7, 1 - 1e-7)}.
     */
    static Tensor elementwise(Tensor yTrue, Tensor probabilities) {
        Tensor p = clip(probabilities);
        Tensor ll = yTrue.mul(Tensors.log(p)).add(Tensors.onesLike(yTrue).sub(yTrue).mul(Tensors.log(Tensors.onesLike(p).sub(p))));
        return ll.neg();
    }
}
