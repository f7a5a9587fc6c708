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
    private final Double ignoreClass;

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
        this.ignoreClass = null;
    }

    /**
     * Ignoring the examples labelled {@code ignoreClass} (Keras's {@code ignore_class}, e.g. -1 or 255 for the
     * "void" pixels of a segmentation map): such a label may lie outside {@code [0, classes)}, its example's loss
     * is 0 and gets no gradient, and the reduction leaves it out, as Keras's loss mask does
     * ({@code apply_mask} in {@code keras/src/losses/loss.py}): {@code SUM_OVER_BATCH_SIZE} divides by the number
     * of examples kept (0 when none is), {@code SUM} adds the kept ones, {@code NONE} gives 0 for the ignored ones.
     * Sample weights multiply in as usual. A softmax activation's output is still read through its cached logits
     * (Keras's masking of {@code y_pred} makes a new tensor that loses them).
     *
     * <pre>{@code
     * Loss l = new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * l.call(Tensors.constant(new int[] {0, -1}, 2), Tensors.constant(new float[] {0, 0, 5, 5}, 2, 2));   // log 2
     * }</pre>
     *
     * @param fromLogits  whether yPred holds logits
     * @param ignoreClass the label to leave out
     * @param reduction   the reduction
     */
    public SparseCategoricalCrossentropy(boolean fromLogits, int ignoreClass, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
        this.ignoreClass = (double) ignoreClass;
    }

    @Override
    Tensor validMask(Tensor yTrue, Tensor yPred) {
        if (ignoreClass == null) {
            return null;
        }
        // yTrue was checked by perExample: yPred.shape[:-1], or that with a trailing 1
        int r = yPred.rank();
        int[] shape = java.util.Arrays.copyOf(yPred.shape().dims(), r - 1);
        double[] v = yTrue.toDoubleArray();
        boolean[] valid = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            valid[i] = v[i] != ignoreClass;   // Keras: not_equal(y_true, cast(ignore_class, y_pred.dtype))
        }
        return shape.length == 0 ? Tensors.constant(valid[0]) : Tensors.constant(valid, shape);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor labels = classLabels(yTrue, yPred, ignoreClass);
        if (ignoreClass != null) {
            // Keras's sparse_categorical_crossentropy with ignore_class: labels and prediction rows of ignored
            // examples become 0, and so do their losses
            Tensor valid = validMask(yTrue, yPred);
            Tensor rows = Tensors.expandDims(valid, -1);
            Tensor cached = CachedLogits.of(yPred, CachedLogits.Kind.SOFTMAX, fromLogits, name());
            Tensor in = cached != null ? cached : yPred;
            Tensor res = lossOf(labels, Tensors.where(rows, in, Tensors.zerosLike(in)), cached != null || fromLogits);
            return Tensors.where(valid, res, Tensors.zerosLike(res));
        }
        // a softmax activation's output: its logits, as Keras's _get_logits
        Tensor cached = CachedLogits.of(yPred, CachedLogits.Kind.SOFTMAX, fromLogits, name());
        return cached != null ? lossOf(labels, cached, true) : lossOf(labels, yPred, fromLogits);
    }

    /**
     * The per-example loss of labels against logits or probabilities. From probabilities as Keras 3
     * ({@code keras/src/backend/tensorflow/nn.py}, {@code sparse_categorical_crossentropy}): clip, log, then the
     * sparse softmax cross entropy of those logits, {@code log(sum(clip(p))) - log(clip(p)[label])}; no division by
     * the row's sum before the clip, unlike the dense categorical loss. So a class with p = 0 gets no gradient (the
     * clip cuts it), and a row that does not sum to 1 is normalized after the clip.
     */
    private static Tensor lossOf(Tensor labels, Tensor yPred, boolean logits) {
        return NN.sparseSoftmaxCrossEntropyWithLogits(labels, logits ? yPred : Tensors.log(clip(yPred)));
    }
}
