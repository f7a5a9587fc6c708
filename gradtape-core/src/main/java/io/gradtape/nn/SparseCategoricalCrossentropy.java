package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code SparseCategoricalCrossentropy}: the categorical cross entropy with integer class labels,
 * {@code -log p[label]} per example. Labels have shape {@code yPred.shape[:-1]} (or that with a trailing 1),
 * int32, int64 or whole floating values, each in {@code [0, classes)}: an out-of-range label is an
 * {@link IllegalArgumentException}, not a silent zero. From logits, {@link NN#sparseSoftmaxCrossEntropyWithLogits}
 * is used. From probabilities, as Keras 3 does: {@code p} is clipped to {@code c = clip(p, 1e-7, 1 - 1e-7)} and
 * its log given to {@link NN#sparseSoftmaxCrossEntropyWithLogits}, which gives {@code log(sum(c)) - log(c[label])}
 * per row. The row is thus normalized after the clip, not divided by its sum before it as
 * {@link CategoricalCrossentropy} does; so a class with {@code p = 0} gets no gradient (the clip cuts it), and
 * {@code p = [1, 3, 0]} with label 1 gives about {@code log 2}.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new int[] {1, 2}, 2);
 * Tensor p = Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
 * new SparseCategoricalCrossentropy().call(y, p);   // 1.1769392, as Keras
 * }</pre>
 *
 * <p>Given the output of the {@code "softmax"} activation (a layer's or {@link Activations#get}'s), the loss is
 * computed from that activation's logits, as Keras does ({@code CachedLogits}).
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
        Tensor cached = CachedLogits.of(yPred, CachedLogits.Kind.SOFTMAX, fromLogits, name());
        if (cached != null) {   // a softmax activation's output: its logits, as Keras's _get_logits
            return NN.sparseSoftmaxCrossEntropyWithLogits(labels, cached);
        }
        if (fromLogits) {
            return NN.sparseSoftmaxCrossEntropyWithLogits(labels, yPred);
        }
        // Keras 3 (keras/src/backend/tensorflow/nn.py, sparse_categorical_crossentropy): clip, log, then the
        // sparse softmax cross entropy of those logits, log(sum(clip(p))) - log(clip(p)[label]); no division by
        // the row's sum before the clip, unlike the dense categorical loss. So a class with p = 0 gets no
        // gradient (the clip cuts it), and a row that does not sum to 1 is normalized after the clip.
        return NN.sparseSoftmaxCrossEntropyWithLogits(labels, Tensors.log(clip(yPred)));
    }
}
