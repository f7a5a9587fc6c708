package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code Dice} loss (Milletari et al. 2016, "V-Net: Fully Convolutional Neural Networks for Volumetric
 * Medical Image Segmentation", arXiv:1606.04797): {@code 1 - 2 sum(y p) / (sum(y) + sum(p) + 1e-7)}, the sums over
 * {@code axis}. By default (Keras's {@code axis=None}) they run over every axis, so the whole batch gives one
 * number; with {@code axis = {1, 2, 3}} on {@code (batch, height, width, channels)} masks each example gets its own
 * loss, of shape {@code (batch,)}, which the reduction then averages. The {@code 1e-7} is Keras's
 * {@code backend.epsilon()}, which keeps an empty target and prediction at a loss of 1 instead of NaN.
 *
 * <p>Targets are cast to yPred's dtype and matched to its shape ({@link Loss#matchTargets}); nothing is clipped,
 * so predictions outside {@code [0, 1]} give losses outside {@code [0, 1]}, as in Keras (its test: -0.5555555).
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {1, 1, 0, 0, 1, 1, 0, 0}, 2, 2, 2, 1);
 * Tensor p = Tensors.constant(new float[] {0, 1, 0, 1, 0.4f, 0, 0, 0.9f}, 2, 2, 2, 1);
 * new Dice(new int[] {1, 2, 3}, Loss.Reduction.NONE).call(y, p);   // Keras's docstring [0.5, 0.75757575]
 * new Dice().call(y, p);                                              // 0.6164384
 * }</pre>
 */
public final class Dice extends OverlapLoss {
    /**
     * Over every axis, with the default reduction.
     *
     * <pre>{@code
     * Loss dice = new Dice();
     * }</pre>
     */
    public Dice() {
        this(null, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * Over {@code axis} (null: every axis), with the given reduction.
     *
     * <pre>{@code
     * Loss dice = new Dice(new int[] {1, 2}, Loss.Reduction.SUM_OVER_BATCH_SIZE);   // one loss per image
     * }</pre>
     *
     * @param axis      the axes the sums run over, distinct, negative from the end; null for every axis
     * @param reduction the reduction
     * @throws IllegalArgumentException if axis is empty
     */
    public Dice(int[] axis, Reduction reduction) {
        super(axis, reduction);
    }

    @Override
    Tensor overlap(Tensor y, Tensor p, int[] axes) {
        Tensor intersection = sum(y.mul(p), axes);
        Tensor dice = intersection.mul(2.0).div(sum(y, axes).add(sum(p, axes)).add(EPSILON));
        return Tensors.onesLike(dice).sub(dice);
    }
}
