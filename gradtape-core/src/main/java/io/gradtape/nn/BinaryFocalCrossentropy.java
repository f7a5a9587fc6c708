package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code BinaryFocalCrossentropy} (Lin et al. 2017, "Focal Loss for Dense Object Detection",
 * arXiv:1708.02002): the binary cross entropy of each element scaled by {@code (1 - p_t)^gamma}, where
 * {@code p_t = y p + (1 - y)(1 - p)} is the probability given to the target, so well-classified elements weigh
 * less; averaged over the last axis. With {@code applyClassBalancing} each element is also scaled by
 * {@code alpha} for {@code y = 1} and {@code 1 - alpha} for {@code y = 0} ({@code y alpha + (1 - y)(1 - alpha)}).
 * Defaults as Keras: {@code gamma = 2}, {@code alpha = 0.25}, no class balancing, no label smoothing
 * ({@code y (1 - s) + s / 2}).
 *
 * <p>As Keras's {@code binary_focal_crossentropy} ({@code keras/src/losses/losses.py}): from probabilities, the
 * cross entropy clips {@code p} to {@code [1e-7, 1 - 1e-7]} and {@code p_t} uses {@code p} unclipped; from logits
 * ({@code fromLogits}), {@code p = sigmoid(logits)} and the cross entropy is the stable
 * {@link NN#sigmoidCrossEntropyWithLogits} (Keras's TensorFlow backend finds the logits its sigmoid attached);
 * given the output of the {@code "sigmoid"} activation, its cached logits are used the same way
 * ({@code CachedLogits}). With {@code gamma = 0} the focal factor is left out (it is the constant 1), so where
 * {@code p_t = 1} the gradient is the cross entropy's and not the NaN that TensorFlow's {@code pow} gradient,
 * {@code 0 * 0^-1}, would give; for {@code 0 < gamma < 1} the factor's derivative is infinite there, as in TensorFlow.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor p = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new BinaryFocalCrossentropy().call(y, p);   // mean of Keras's docstring values [0.330, 0.206] = 0.268
 * }</pre>
 */
public final class BinaryFocalCrossentropy extends Crossentropy {
    private final boolean applyClassBalancing;
    private final double alpha;
    private final double gamma;

    /**
     * From probabilities, with Keras's defaults ({@code gamma = 2}, no class balancing, no label smoothing) and the
     * default reduction.
     *
     * <pre>{@code
     * Loss focal = new BinaryFocalCrossentropy();
     * }</pre>
     */
    public BinaryFocalCrossentropy() {
        this(false);
    }

    /**
     * From logits or probabilities, with Keras's defaults otherwise.
     *
     * <pre>{@code
     * Loss focal = new BinaryFocalCrossentropy(true);
     * }</pre>
     *
     * @param fromLogits whether yPred holds logits
     */
    public BinaryFocalCrossentropy(boolean fromLogits) {
        this(false, 0.25, 2.0, fromLogits, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With every option, in Keras's order.
     *
     * <pre>{@code
     * Loss focal = new BinaryFocalCrossentropy(true, 0.25, 2.0, true, 0.1, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param applyClassBalancing whether to weigh positives by {@code alpha} and negatives by {@code 1 - alpha}
     * @param alpha               the positives' weight under class balancing, in [0, 1]
     * @param gamma               the focusing exponent, {@code >= 0}; 0 gives the binary cross entropy
     * @param fromLogits          whether yPred holds logits
     * @param labelSmoothing      in [0, 1]; 0 turns it off
     * @param reduction           the reduction
     * @throws IllegalArgumentException if alpha, gamma or labelSmoothing is out of range or NaN
     */
    public BinaryFocalCrossentropy(boolean applyClassBalancing, double alpha, double gamma, boolean fromLogits,
                                   double labelSmoothing, Reduction reduction) {
        super(fromLogits, labelSmoothing, reduction);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(name() + ": alpha must be in [0, 1], got " + alpha);
        }
        if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name() + ": gamma must be finite and >= 0, got " + gamma);
        }
        this.applyClassBalancing = applyClassBalancing;
        this.alpha = alpha;
        this.gamma = gamma;
    }

    @Override
    int smoothingClasses(Tensor yPred) {
        return 2;   // Keras: y * (1 - s) + 0.5 * s
    }

    @Override
    CachedLogits.Kind logitsKind() {
        return CachedLogits.Kind.SIGMOID;
    }

    @Override
    Tensor logitsLoss(Tensor yTrue, Tensor logits) {
        return focal(yTrue, Tensors.sigmoid(logits), NN.sigmoidCrossEntropyWithLogits(yTrue, logits));
    }

    @Override
    Tensor probabilitiesLoss(Tensor yTrue, Tensor probabilities) {
        return focal(yTrue, probabilities, BinaryCrossentropy.elementwise(yTrue, probabilities));
    }

    /** {@code mean((1 - p_t)^gamma * bce [* class weight])} over the last axis. */
    private Tensor focal(Tensor y, Tensor p, Tensor bce) {
        Tensor one = Tensors.onesLike(y);
        Tensor pt = y.mul(p).add(one.sub(y).mul(one.sub(p)));
        // gamma 0 is the plain cross entropy: no pow, whose derivative 0 * 0^-1 would make the gradient NaN where
        // p_t = 1 (TensorFlow's Pow gradient does so; the factor is the constant 1, so its true derivative is 0)
        Tensor loss = gamma == 0 ? bce : Tensors.pow(one.sub(pt), gamma).mul(bce);
        if (applyClassBalancing) {
            loss = y.mul(alpha).add(one.sub(y).mul(1 - alpha)).mul(loss);
        }
        return Tensors.reduceMean(loss, -1);
    }
}
