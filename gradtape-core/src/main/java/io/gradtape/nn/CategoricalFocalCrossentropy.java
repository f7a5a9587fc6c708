package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Keras's {@code CategoricalFocalCrossentropy} (Lin et al. 2017, "Focal Loss for Dense Object Detection",
 * arXiv:1708.02002): the categorical cross entropy of each class scaled by {@code alpha (1 - p)^gamma}, so classes
 * predicted with confidence weigh less; per example {@code sum(alpha (1 - p)^gamma (-y log p))} along {@code axis}
 * (the last by default), for targets {@code y} that are one-hot or probability rows. Defaults as Keras:
 * {@code alpha = 0.25}, {@code gamma = 2}, from probabilities, no label smoothing ({@code y (1 - s) + s / k} with
 * {@code k} the number of classes).
 *
 * <p>As Keras's {@code categorical_focal_crossentropy} ({@code keras/src/losses/losses.py}): from logits
 * ({@code fromLogits}) {@code p = softmax(logits)} along {@code axis}; then (from logits or probabilities) each
 * row is divided by its sum and clipped to {@code [1e-7, 1 - 1e-7]}, and both the logarithm and the focal factor
 * read the clipped {@code p}. Keras computes this loss from the probabilities even when they are the output of a
 * softmax activation (it does not look for that activation's logits, as {@link CategoricalCrossentropy} does), and
 * so does this class. {@code alpha} may be one number or one weight per class (Keras's list), which multiplies
 * the terms along the last axis; {@code gamma = 0} gives {@code alpha} times the categorical cross entropy.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
 * Tensor p = Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
 * new CategoricalFocalCrossentropy().call(y, p);   // Keras's docstring value 0.23315276
 * }</pre>
 */
public final class CategoricalFocalCrossentropy extends Loss {
    private final double alpha;
    private final double[] classAlpha;
    private final double gamma;
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    /**
     * From probabilities, with Keras's defaults ({@code alpha = 0.25}, {@code gamma = 2}, no label smoothing, the
     * last axis) and the default reduction.
     *
     * <pre>{@code
     * Loss focal = new CategoricalFocalCrossentropy();
     * }</pre>
     */
    public CategoricalFocalCrossentropy() {
        this(false);
    }

    /**
     * From logits or probabilities, with Keras's defaults otherwise.
     *
     * <pre>{@code
     * Loss focal = new CategoricalFocalCrossentropy(true);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     */
    public CategoricalFocalCrossentropy(boolean fromLogits) {
        this(0.25, 2.0, fromLogits, 0, -1, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With every option, in Keras's order, and one {@code alpha} for all classes.
     *
     * <pre>{@code
     * Loss focal = new CategoricalFocalCrossentropy(0.25, 2.0, true, 0.1, -1, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param alpha          the weight of every term, finite
     * @param gamma          the focusing exponent, finite and {@code >= 0}; 0 turns the focal factor off
     * @param fromLogits     whether yPred holds logits
     * @param labelSmoothing in [0, 1]; 0 turns it off
     * @param axis           the class axis; negative counts from the end
     * @param reduction      the reduction
     * @throws IllegalArgumentException if alpha, gamma or labelSmoothing is out of range or NaN
     */
    public CategoricalFocalCrossentropy(double alpha, double gamma, boolean fromLogits, double labelSmoothing, int axis,
                                       Reduction reduction) {
        this(alpha, null, gamma, fromLogits, labelSmoothing, axis, reduction);
    }

    /**
     * With one {@code alpha} per class (Keras's list form, e.g. inverse class frequencies), applied along the last
     * axis as Keras's broadcasting does; the class axis is then the last one.
     *
     * <pre>{@code
     * Loss focal = new CategoricalFocalCrossentropy(new double[] {0.2, 0.3, 0.5}, 2.0, false, 0,
     *         Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param alpha          one finite weight per class; its length must be yPred's last dimension
     * @param gamma          the focusing exponent, finite and {@code >= 0}
     * @param fromLogits     whether yPred holds logits
     * @param labelSmoothing in [0, 1]; 0 turns it off
     * @param reduction      the reduction
     * @throws IllegalArgumentException if a weight, gamma or labelSmoothing is out of range or NaN, or alpha is empty
     */
    public CategoricalFocalCrossentropy(double[] alpha, double gamma, boolean fromLogits, double labelSmoothing,
                                       Reduction reduction) {
        this(Double.NaN, Objects.requireNonNull(alpha, "categorical_focal_crossentropy: alpha is null").clone(), gamma,
                fromLogits, labelSmoothing, -1, reduction);
    }

    private CategoricalFocalCrossentropy(double alpha, double[] classAlpha, double gamma, boolean fromLogits,
                                         double labelSmoothing, int axis, Reduction reduction) {
        super(reduction);
        if (classAlpha == null) {
            requireFinite("alpha", alpha);
        } else {
            if (classAlpha.length == 0) {
                throw new IllegalArgumentException(name() + ": alpha needs one weight per class, got none");
            }
            for (double a : classAlpha) {
                requireFinite("alpha", a);
            }
        }
        if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name() + ": gamma must be finite and >= 0, got " + gamma);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(name() + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.alpha = alpha;
        this.classAlpha = classAlpha;
        this.gamma = gamma;
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.axis = axis;
    }

    private void requireFinite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name() + ": " + what + " must be finite, got " + v);
        }
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        Tensor y = tp[0];
        Tensor p = tp[1];
        int r = p.rank();
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(name() + ": axis " + axis + " is out of range for yPred of shape "
                    + p.shape());
        }
        int a = axis < 0 ? axis + r : axis;
        int classes = p.shape().dim(a);
        if (classAlpha != null && classAlpha.length != p.shape().dim(r - 1)) {
            throw new IllegalArgumentException(name() + ": alpha has " + classAlpha.length + " weights but yPred of shape "
                    + p.shape() + " has " + p.shape().dim(r - 1) + " classes on its last axis");
        }
        if (labelSmoothing > 0) {
            y = y.mul(1 - labelSmoothing).add(labelSmoothing / classes);
        }
        if (fromLogits) {
            p = Tensors.softmax(p, a);
        }
        // Keras: output = y_pred / sum(y_pred, axis); clip(output, eps, 1 - eps); both factors read the clipped value
        Tensor output = clip(p.div(Tensors.reduceSum(p, true, a)));
        Tensor cce = y.mul(Tensors.log(output)).neg();
        Tensor modulating = gamma == 0 ? null : Tensors.pow(Tensors.onesLike(output).sub(output), gamma);
        Tensor weighting = classAlpha == null ? Tensors.constant(alpha, p.dtype())
                : Tensors.cast(Tensors.constant(classAlpha, classAlpha.length), p.dtype());
        if (modulating != null) {
            weighting = modulating.mul(weighting);
        }
        return Tensors.reduceSum(weighting.mul(cce), a);
    }
}
