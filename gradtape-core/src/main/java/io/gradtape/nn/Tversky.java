package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code Tversky} loss (Salehi et al. 2017, "Tversky loss function for image segmentation using 3D fully
 * convolutional deep networks", arXiv:1706.05721): {@code 1 - TP / (TP + alpha FP + beta FN + 1e-7)} with
 * {@code TP = sum(y p)}, {@code FP = sum((1 - y) p)} and {@code FN = sum(y (1 - p))}, the sums over {@code axis}.
 * {@code alpha} weighs false positives and {@code beta} false negatives; with Keras's defaults, 0.5 and 0.5, it
 * is the {@link Dice} loss. As in Dice, the sums run over every axis by default (Keras's {@code axis=None}), so
 * the whole batch gives one number; name the non-batch axes to get one loss per example.
 *
 * <p>Targets are cast to yPred's dtype and matched to its shape ({@link Loss#matchTargets}); nothing is clipped,
 * as in Keras.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {1, 1, 0, 0, 1, 1, 0, 0}, 2, 2, 2, 1);
 * Tensor p = Tensors.constant(new float[] {0, 1, 0, 1, 0.4f, 0, 0, 0.9f}, 2, 2, 2, 1);
 * new Tversky(0.2, 0.8, new int[] {1, 2, 3}, Loss.Reduction.NONE).call(y, p);   // Keras's test [0.5, 0.78494626]
 * }</pre>
 */
public final class Tversky extends OverlapLoss {
    private final double alpha;
    private final double beta;

    /**
     * Keras's defaults ({@code alpha = beta = 0.5}, every axis) and the default reduction.
     *
     * <pre>{@code
     * Loss tversky = new Tversky();
     * }</pre>
     */
    public Tversky() {
        this(0.5, 0.5);
    }

    /**
     * With the given weights, over every axis, with the default reduction.
     *
     * <pre>{@code
     * Loss tversky = new Tversky(0.3, 0.7);   // false negatives cost more
     * }</pre>
     *
     * @param alpha the weight of false positives, finite and {@code >= 0}
     * @param beta  the weight of false negatives, finite and {@code >= 0}
     * @throws IllegalArgumentException if alpha or beta is negative, infinite or NaN
     */
    public Tversky(double alpha, double beta) {
        this(alpha, beta, null, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With every option, in Keras's order.
     *
     * <pre>{@code
     * Loss tversky = new Tversky(0.3, 0.7, new int[] {1, 2}, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param alpha     the weight of false positives, finite and {@code >= 0}
     * @param beta      the weight of false negatives, finite and {@code >= 0}
     * @param axis      the axes the sums run over, distinct, negative from the end; null for every axis
     * @param reduction the reduction
     * @throws IllegalArgumentException if alpha or beta is negative, infinite or NaN, or axis is empty
     */
    public Tversky(double alpha, double beta, int[] axis, Reduction reduction) {
        super(axis, reduction);
        if (!(alpha >= 0 && alpha < Double.POSITIVE_INFINITY) || !(beta >= 0 && beta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name() + ": alpha and beta must be finite and >= 0, got alpha " + alpha
                    + " and beta " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    Tensor overlap(Tensor y, Tensor p, int[] axes) {
        Tensor one = Tensors.onesLike(p);
        Tensor tp = sum(p.mul(y), axes);
        Tensor fp = sum(one.sub(y).mul(p), axes);
        Tensor fn = sum(y.mul(one.sub(p)), axes);
        Tensor tversky = tp.div(tp.add(fp.mul(alpha)).add(fn.mul(beta)).add(EPSILON));
        return Tensors.onesLike(tversky).sub(tversky);
    }
}
