package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code CategoricalCrossentropy}: per example {@code -sum(y * log p)} over the last axis, for targets
 * {@code y} that are one-hot or probability rows. From probabilities (the default), each row of {@code p} is
 * divided by its sum and clipped to {@code [1e-7, 1 - 1e-7]}; from logits, the stable
 * {@link NN#softmaxCrossEntropyWithLogits} is used.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
 * Tensor p = Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
 * new CategoricalCrossentropy().call(y, p);   // 1.177
 * }</pre>
 *
 * <p>Given the output of the {@code "softmax"} activation (a layer's or {@link Activations#get}'s), the loss is
 * computed from that activation's logits, as Keras does, so a saturated softmax keeps its gradient
 * ({@code CachedLogits}).
 */
public final class CategoricalCrossentropy extends Crossentropy {
    /**
     * From probabilities, with the default reduction.
     *
     * <pre>{@code
     * Loss cce = new CategoricalCrossentropy();
     * }</pre>
     */
    public CategoricalCrossentropy() {
        this(false);
    }

    /**
     * From logits or probabilities, with the default reduction.
     *
     * <pre>{@code
     * Loss cce = new CategoricalCrossentropy(true);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     */
    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss cce = new CategoricalCrossentropy(true, Loss.Reduction.NONE);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     * @param reduction  the reduction
     */
    public CategoricalCrossentropy(boolean fromLogits, Reduction reduction) {
        this(fromLogits, 0, reduction);
    }

    /**
     * With label smoothing (Keras's {@code label_smoothing}): targets are moved toward the uniform distribution,
     * {@code y * (1 - s) + s / k} with {@code k = the number of classes}.
     *
     * <pre>{@code
     * Loss l = new CategoricalCrossentropy(true, 0.1, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param fromLogits     whether yPred holds logits
     * @param labelSmoothing in [0, 1]; 0 turns it off
     * @param reduction      the reduction
     */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super(fromLogits, labelSmoothing, reduction);
    }

    @Override
    int smoothingClasses(Tensor yPred) {
        return yPred.shape().dim(yPred.rank() - 1);
    }

    @Override
    CachedLogits.Kind logitsKind() {
        return CachedLogits.Kind.SOFTMAX;
    }

    @Override
    Tensor logitsLoss(Tensor yTrue, Tensor logits) {
        return NN.softmaxCrossEntropyWithLogits(yTrue, logits);
    }

    @Override
    Tensor probabilitiesLoss(Tensor yTrue, Tensor probabilities) {
        Tensor p = clip(probabilities.div(Tensors.reduceSum(probabilities, true, -1)));
        return Tensors.reduceSum(yTrue.mul(Tensors.log(p)), -1).neg();
    }
}
