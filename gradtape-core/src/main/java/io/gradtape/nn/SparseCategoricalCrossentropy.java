package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code SparseCategoricalCrossentropy}: {@link CategoricalCrossentropy} with integer class labels,
 * {@code -log p[label]} per example. Labels have shape {@code yPred.shape[:-1]} (or that with a trailing 1),
 * int32, int64 or whole floating values, each in {@code [0, classes)}: an out-of-range label is an
 * {@link IllegalArgumentException}, not a silent zero. From probabilities, each row is divided by its sum and
 * clipped to {@code [1e-7, 1 - 1e-7]}; from logits, {@link NN#sparseSoftmaxCrossEntropyWithLogits} is used.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new int[] {1, 2}, 2);
 * Tensor p = Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
 * new SparseCategoricalCrossentropy().call(y, p);   // 1.1769392, as Keras
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /**
     * From probabilities, with the default reduction.
     *
     * <pre>{@code
     * Loss scce = new SparseCategoricalCrossentropy();
     * }</pre>
     */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /**
     * From logits or probabilities, with the default reduction.
     *
     * <pre>{@code
     * Loss scce = new SparseCategoricalCrossentropy(true);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss scce = new SparseCategoricalCrossentropy(true, Loss.Reduction.SUM);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     * @param reduction  the reduction
     */
    public SparseCategoricalCrossentropy(boolean fromLogits, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor labels = classLabels(yTrue, yPred);
        if (fromLogits) {
            return NN.sparseSoftmaxCrossEntropyWithLogits(labels, yPred);
        }
        int classes = yPred.shape().dim(yPred.rank() - 1);
        Tensor p = clip(yPred.div(Tensors.reduceSum(yPred, true, -1)));
        Tensor oneHot = Tensors.cast(Tensors.oneHot(labels, classes), yPred.dtype());
        return Tensors.reduceSum(oneHot.mul(Tensors.log(p)), -1).neg();
    }
}
