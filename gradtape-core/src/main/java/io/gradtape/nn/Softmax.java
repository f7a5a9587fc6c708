package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * The softmax along one or more axes, {@code exp(x) / sum(exp(x))}, with an optional mask (Keras's {@code Softmax},
 * keras/src/layers/activations/softmax.py, named {@code softmax}). Keras's default axis is the last, -1. Over one
 * axis it is {@link Tensors#softmax}; over several, {@code exp(x - logSumExp(x, axes))}, as Keras computes it.
 *
 * <p><b>Mask.</b> {@link #callMasked} takes a BOOL mask true where a position counts; as Keras, it adds
 * {@code (1 - mask) * -1e9} to the logits, then sets the masked positions of the output to exactly 0 (Keras 3.10's
 * {@code where(mask, outputs, 0)}), so a row whose positions are all masked is all zeros, not uniform. The mask
 * must have the input's shape
 * or broadcast to it (as {@code (batch, 1, keys)} does for attention scores {@code (batch, queries, keys)}). The
 * output keeps the input's mask (Keras's {@code supports_masking=True}).
 *
 * <p>As with {@link Activation}'s {@code "softmax"}, an unmasked output over the last axis remembers its logits for
 * the cross-entropy losses, as Keras's {@code activations.softmax} does; over another axis or several, it does not,
 * since those losses normalize over the last axis, nor does a masked output (Keras's masked output is the new
 * tensor of the {@code where}, which has no logits attached). Floating inputs. It has no variables.
 *
 * <pre>{@code
 * new Softmax().call(Tensors.constant(new float[] {1, 2, 1}, 1, 3));   // [[0.21194157, 0.5761169, 0.21194157]]
 * Tensor mask = Tensors.constant(new boolean[] {true, true, false}, 1, 3);
 * new Softmax().callMasked(Tensors.constant(new float[] {1, 2, 1}, 1, 3), mask);   // [[0.26894142, 0.7310586, 0]]
 * }</pre>
 */
public class Softmax extends Module {
    private final int[] axes;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * The softmax over the last axis (Keras's {@code axis=-1}).
     *
     * <pre>{@code
     * Softmax s = new Softmax();
     * }</pre>
     */
    public Softmax() {
        this(-1);
    }

    /**
     * The softmax over {@code axes} (negative from the end), normalized jointly when there are several.
     *
     * <pre>{@code
     * Softmax overPixels = new Softmax(1, 2);   // one distribution over each image's positions, per channel
     * }</pre>
     *
     * @param axes one or more axes
     * @throws IllegalArgumentException if there are none
     */
    public Softmax(int... axes) {
        super(null);
        Objects.requireNonNull(axes, "Softmax: axes is null");
        if (axes.length == 0) {
            throw new IllegalArgumentException("Softmax: needs at least one axis");
        }
        this.axes = axes.clone();
    }

    /**
     * The softmax of {@code x}.
     *
     * <pre>{@code
     * new Softmax().call(Tensors.zeros(DType.FLOAT32, 2, 4));   // every entry 0.25
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating, or an axis is outside its rank or given twice
     */
    @Override
    public Tensor call(Tensor x) {
        return callMasked(x, null);
    }

    /**
     * The softmax of {@code x} with the positions where {@code mask} is false left out (see the class comment):
     * they are 0 in the output, and a row with every position masked is all zeros (Keras 3.10 and later).
     *
     * <pre>{@code
     * Tensor scores = Tensors.zeros(DType.FLOAT32, 1, 2, 3);
     * Tensor keys = Tensors.constant(new boolean[] {true, false, true}, 1, 1, 3);
     * new Softmax().callMasked(scores, keys);   // every row [0.5, 0, 0.5]
     * new Softmax().callMasked(scores, Tensors.constant(new boolean[] {false, false, false}, 3));   // all 0
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating, an axis is outside its rank or given twice, or the
     *                                  mask is not BOOL or does not broadcast to the input's shape
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        ShapeLayers.checkFloating(this, "Softmax", x);
        int[] norm = normalizedAxes(x);
        if (mask != null) {
            if (mask.dtype() != DType.BOOL || !broadcastsTo(mask, x)) {
                throw new IllegalArgumentException(name() + ": Softmax needs a bool mask of the input's shape or one"
                        + " that broadcasts to it, " + x.shape() + ", got shape " + mask.shape() + " and dtype "
                        + mask.dtype());
            }
            // keras/src/layers/activations/softmax.py: inputs += (1 - cast(mask)) * -1e9, then after the softmax
            // where(mask, outputs, 0) (keras-team/keras#21149, Keras 3.10): a fully masked row is zeros, not uniform.
            // The result is a new tensor, so, as in Keras, it carries no logits for the cross-entropy losses
            x = x.add(Tensors.cast(mask, x.dtype()).neg().add(1.0).mul(-1e9));
            Tensor y = norm.length == 1 ? Tensors.softmax(x, norm[0])
                    : Tensors.exp(x.sub(Tensors.logSumExp(x, true, norm)));
            return Tensors.where(Tensors.broadcastTo(mask, x.shape().dims()), y, Tensors.zerosLike(y));
        }
        if (norm.length == 1) {
            Tensor y = Tensors.softmax(x, norm[0]);
            return norm[0] == x.rank() - 1 ? CachedLogits.remember(y, CachedLogits.Kind.SOFTMAX, x) : y;
        }
        return Tensors.exp(x.sub(Tensors.logSumExp(x, true, norm)));
    }

    private int[] normalizedAxes(Tensor x) {
        int[] n = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + x.rank() : axes[i];
            boolean repeated = false;
            for (int j = 0; j < i; j++) {
                repeated |= n[j] == a;
            }
            if (a < 0 || a >= x.rank() || repeated) {
                throw new IllegalArgumentException(name() + ": Softmax's axes " + Arrays.toString(axes)
                        + " must be distinct axes of the input of shape " + x.shape() + " (rank " + x.rank() + ")");
            }
            n[i] = a;
        }
        return n;
    }

    private static boolean broadcastsTo(Tensor mask, Tensor x) {
        if (mask.rank() > x.rank()) {
            return false;
        }
        for (int i = 1; i <= mask.rank(); i++) {
            int m = mask.shape().dim(mask.rank() - i);
            if (m != 1 && m != x.shape().dim(x.rank() - i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The axes, as given.
     *
     * <pre>{@code
     * new Softmax().axes();   // [-1]
     * }</pre>
     *
     * @return a copy
     */
    public int[] axes() {
        return axes.clone();
    }
}
