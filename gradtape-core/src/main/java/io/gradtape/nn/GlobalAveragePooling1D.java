package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The mean of each channel over the steps, for sequences {@code (batch, steps, channels)} (Keras's
 * {@code GlobalAveragePooling1D}, keras/src/layers/pooling/global_average_pooling1d.py, named
 * {@code global_average_pooling1d}):
 * <pre>
 *   y[b, c] = sum over t of x[b, t, c] / steps
 * </pre>
 * giving {@code (batch, channels)}, or {@code (batch, 1, channels)} with {@code keepdims}. A sequence of no steps
 * gives NaN, the mean of nothing, as {@code tf.reduce_mean}.
 *
 * <p><b>Masks.</b> As Keras's layer, it reads its input's mask ({@link #callMasked}; in a {@link Sequential} the
 * mask an {@link Embedding} with {@code maskZero} or a {@link Masking} layer makes) and averages the unmasked steps
 * only:
 * <pre>
 *   y[b, c] = sum over t of where(mask[b, t], x[b, t, c], 0) / (number of t with mask[b, t])
 * </pre>
 * so padding changes nothing; a row masked at every step gives 0 / 0 = NaN, as Keras's. The gradient reaches the
 * unmasked steps only ({@code g / count} each). Its output has no mask (Keras's {@code compute_mask} returns
 * None). It has no variables.
 *
 * <pre>{@code
 * Sequential model = new Sequential(Embedding.builder(1000, 16).maskZero(true).build(), new GlobalAveragePooling1D());
 * model.call(Tensors.constant(new int[] {5, 9, 0, 0}, 1, 4)).shape();   // (1, 16): the mean of 2 embeddings
 * }</pre>
 */
public class GlobalAveragePooling1D extends Module {
    private final boolean keepdims;

    /**
     * A layer giving {@code (batch, channels)}.
     *
     * <pre>{@code
     * GlobalAveragePooling1D gap = new GlobalAveragePooling1D();
     * }</pre>
     */
    public GlobalAveragePooling1D() {
        this(false);
    }

    /**
     * A layer that keeps the steps axis as size 1 if {@code keepdims}.
     *
     * <pre>{@code
     * new GlobalAveragePooling1D(true).call(Tensors.zeros(DType.FLOAT32, 2, 5, 3));   // shape (2, 1, 3)
     * }</pre>
     *
     * @param keepdims whether the output keeps rank 3
     */
    public GlobalAveragePooling1D(boolean keepdims) {
        super(null);
        this.keepdims = keepdims;
    }

    /**
     * The per-channel means over all steps.
     *
     * <pre>{@code
     * new GlobalAveragePooling1D().call(Tensors.constant(new float[] {1, 4, 3, 2}, 1, 2, 2));   // [[2, 3]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating tensor of rank 3
     */
    @Override
    public Tensor call(Tensor x) {
        return callMasked(x, null);
    }

    /**
     * The per-channel means over the steps where {@code mask} is true (see the class comment); all steps for a null
     * mask.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 4, 3, 2, 9, 9}, 1, 3, 2);
     * Tensor mask = Tensors.constant(new boolean[] {true, true, false}, 1, 3);
     * new GlobalAveragePooling1D().callMasked(x, mask);   // [[2, 3]]: the third step is padding
     * }</pre>
     *
     * @param x    {@code (batch, steps, channels)}, floating
     * @param mask null, or a BOOL tensor {@code (batch, steps)}, true at the steps that count
     * @return {@code (batch, channels)}, or {@code (batch, 1, channels)} with {@code keepdims}
     * @throws IllegalArgumentException if the input is not a floating tensor of rank 3, or the mask is not BOOL of
     *                                  shape {@code (batch, steps)}
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        checkPoolingInput("GlobalAveragePooling1D", x, 3, "input (batch, steps, channels)");
        if (mask == null) {
            return Tensors.reduceMean(x, keepdims, 1);
        }
        int batch = x.shape().dim(0);
        int steps = x.shape().dim(1);
        checkMask(mask, "GlobalAveragePooling1D needs a bool mask of shape (batch, steps)", Shape.of(batch, steps), "input",
                x.shape());
        // keras/src/layers/pooling/global_average_pooling1d.py, call: where(mask, x, 0) summed over the steps, divided
        // by the mask's sum (so a fully masked row is 0 / 0)
        Tensor m = Tensors.reshape(mask, batch, steps, 1);
        Tensor kept = Tensors.where(m, x, Tensors.zeros(x.dtype()));
        Tensor count = Tensors.reduceSum(Tensors.cast(m, x.dtype()), keepdims, 1);
        return Tensors.reduceSum(kept, keepdims, 1).div(count);
    }
}
