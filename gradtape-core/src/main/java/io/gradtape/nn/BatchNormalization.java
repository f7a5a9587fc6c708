package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.Objects;

/**
 * Batch normalization over the last axis (Ioffe &amp; Szegedy, ICML 2015; Keras's {@code BatchNormalization}
 * with {@code axis=-1}). Defaults as Keras: {@code momentum = 0.99}, {@code epsilon = 1e-3}, with
 * {@code gamma} (ones) and {@code beta} (zeros).
 *
 * <p>In training ({@link Module#training()}), with the mean {@code mu} and the biased variance {@code var} of
 * the batch over every axis but the last (for a rank-1 input {@code (features,)} that is no axis, as Keras's
 * reduction axes and {@code tf.nn.moments} over none: {@code mu = x}, {@code var = 0}, so {@code y = beta}):
 * <pre>
 *   y = (x - mu) / sqrt(var + epsilon) * gamma + beta
 *   moving_mean     = moving_mean * momentum + mu * (1 - momentum)
 *   moving_variance = moving_variance * momentum + var * (1 - momentum)
 * </pre>
 * Otherwise {@code y = (x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta} and the moving
 * statistics do not change.
 *
 * <p><b>Frozen.</b> A layer frozen with {@link Module#setTrainable setTrainable(false)} (itself or a module above it)
 * runs as above in inference mode even when training: it normalizes with the moving statistics and leaves them
 * unchanged, so a frozen pretrained base keeps the statistics it learned. This is Keras 3's documented behaviour
 * ({@code keras/src/layers/normalization/batch_normalization.py}: batch statistics only when
 * {@code training and self.trainable}); its {@code gamma} and {@code beta} are frozen too.
 *
 * <p>{@code moving_mean} (zeros) and {@code moving_variance} (ones) are non-trainable
 * variables: {@link Module#variables()} lists them (checkpoints save them), {@link Module#trainableVariables()}
 * does not. Their update is an assignment, not recorded by tapes. With a mask ({@link #callMasked}, or from a
 * preceding layer in a {@link Sequential}) the training statistics leave the masked positions out.
 *
 * <pre>{@code
 * BatchNormalization bn = new BatchNormalization(3);
 * Tensor y = bn.call(Tensors.ones(DType.FLOAT32, 4, 3), true);   // zeros: each feature is constant
 * bn.variables().size();   // 4
 * }</pre>
 */
public class BatchNormalization extends Module {
    /** Keras's {@code backend.epsilon()}, added to the count of the kept positions in the masked moments. */
    private static final double KERAS_EPSILON = 1e-7;
    private final double momentum;
    private final double epsilon;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;

    /**
     * A layer with Keras's defaults, built at its first call.
     *
     * <pre>{@code
     * BatchNormalization bn = new BatchNormalization();
     * }</pre>
     */
    public BatchNormalization() {
        this(-1, 0.99, 1e-3, DType.FLOAT32, null);
    }

    /**
     * A float32 layer for {@code features} features, built now.
     *
     * <pre>{@code
     * BatchNormalization bn = new BatchNormalization(64);
     * }</pre>
     *
     * @param features the size of the last axis, positive
     */
    public BatchNormalization(int features) {
        this(features, 0.99, 1e-3, DType.FLOAT32, null);
    }

    /**
     * A layer with the given options; built now if {@code features > 0}, at its first call if it is -1.
     *
     * <pre>{@code
     * BatchNormalization bn = new BatchNormalization(64, 0.9, 1e-5, DType.FLOAT32, "bn1");
     * }</pre>
     *
     * @param features the size of the last axis, or -1 to build at the first call
     * @param momentum the moving statistics' momentum, in [0, 1]
     * @param epsilon  added to the variance, positive
     * @param dtype    the variables' dtype when built now
     * @param name     the name, or null for {@code batch_normalization}
     */
    public BatchNormalization(int features, double momentum, double epsilon, DType dtype, String name) {
        super(name);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + momentum);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be positive, got " + epsilon);
        }
        if (features == 0 || features < -1) {
            throw new IllegalArgumentException("BatchNormalization: features must be positive (or -1: at the first call), got " + features);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        if (features > 0) {
            build(features, Objects.requireNonNull(dtype, "BatchNormalization: dtype is null"));
        }
    }

    private void build(int features, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(name() + ": BatchNormalization needs a floating input, got dtype " + dtype);
        }
        gamma = addVariable("gamma", Tensors.ones(dtype, features), true);
        beta = addVariable("beta", Tensors.zeros(dtype, features), true);
        movingMean = addVariable("moving_mean", Tensors.zeros(dtype, features), false);
        movingVariance = addVariable("moving_variance", Tensors.ones(dtype, features), false);
    }

    @Override
    boolean unbuilt() {
        return gamma == null;
    }

    /**
     * The normalized input; in training, unless the layer is frozen ({@link Module#trainable()} false), with the
     * batch's statistics, the moving statistics updated.
     *
     * <pre>{@code
     * new BatchNormalization(2).call(Tensors.zeros(DType.FLOAT32, 3, 2));   // zeros
     * }</pre>
     *
     * @throws IllegalArgumentException for a scalar input, or a last dimension or dtype other than the layer's
     */
    @Override
    public Tensor call(Tensor x) {
        return normalize(x, null);
    }

    /**
     * Keras's {@code BatchNormalization(...)(x, mask=mask)}: as {@link #call(Tensor)}, but in training the batch's
     * mean and variance count only the positions where {@code mask} is true (Keras's {@code _moments} with a mask,
     * keras/src/layers/normalization/batch_normalization.py), with {@code n} their number per feature and
     * {@code eps = 1e-7} (Keras's {@code backend.epsilon()}):
     * <pre>
     *   mu  = sum(mask * x) / (n + eps)
     *   var = sum(mask * (x - mu)^2) / (n + eps)
     * </pre>
     * and these update the moving statistics. Every position is normalized, masked or not; outside training the mask
     * changes nothing. The output keeps the mask ({@link Module#computeMask}), so in a {@link Sequential} a recurrent
     * layer after this one still skips the padding.
     *
     * <pre>{@code
     * BatchNormalization bn = new BatchNormalization(2);
     * bn.setTraining(true);
     * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 100, 100}, 1, 3, 2);
     * bn.callMasked(x, Tensors.constant(new boolean[] {true, true, false}, 1, 3));   // mean (2, 3), the padding left out
     * }</pre>
     *
     * @param x    the input, with a feature axis last
     * @param mask null, or a BOOL tensor of the input's shape without its last axis
     * @return the normalized input
     * @throws IllegalArgumentException as {@link #call(Tensor)}, or if the mask is not BOOL of that shape
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (mask != null && x.rank() > 0) {
            int[] d = x.shape().dims();
            checkMask(mask, "BatchNormalization needs a bool mask of the input's shape without its last axis",
                    Shape.of(java.util.Arrays.copyOf(d, d.length - 1)), "input", x.shape());
        }
        return normalize(x, mask);
    }

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask. */
    @Override
    boolean passesMask() {
        return true;
    }

    private Tensor normalize(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() == 0) {
            throw new IllegalArgumentException(name() + ": BatchNormalization needs an input with a feature axis, got a scalar");
        }
        int c = x.shape().dim(x.rank() - 1);
        if (gamma == null) {
            build(c, x.dtype());
        }
        if (c != gamma.size() || x.dtype() != gamma.dtype()) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for inputs (..., " + gamma.size() + ") of dtype " + gamma.dtype());
        }
        Tensor mean;
        Tensor variance;
        if (training() && trainable()) {   // Keras 3: `if training and self.trainable`
            if (mask != null) {
                // Keras's _moments with a mask: sums over the reduction axes (none for a rank-1 input) of the positions
                // kept, divided by their count plus backend.epsilon(). The count is the same for every feature:
                // summed over the mask itself (Keras's sum of the (..., 1) mask weights), a scalar
                Tensor keep = Tensors.expandDims(mask, -1);
                Tensor zero = Tensors.zeros(x.dtype());
                Tensor count = Tensors.cast(mask, x.dtype());
                Tensor masked = Tensors.where(keep, x, zero);
                if (x.rank() > 1) {
                    int[] axes = new int[x.rank() - 1];
                    for (int i = 0; i < axes.length; i++) {
                        axes[i] = i;
                    }
                    count = Tensors.reduceSum(count);
                    mean = Tensors.reduceSum(masked, axes).div(count.add(KERAS_EPSILON));
                    variance = Tensors.reduceSum(Tensors.square(Tensors.where(keep, x.sub(mean), zero)), axes)
                            .div(count.add(KERAS_EPSILON));
                } else {
                    mean = masked.div(count.add(KERAS_EPSILON));
                    variance = Tensors.square(Tensors.where(keep, x.sub(mean), zero)).div(count.add(KERAS_EPSILON));
                }
            } else if (x.rank() == 1) {
                // Keras's reduction axes are every axis but the feature axis: none for a rank-1 input, and
                // tf.nn.moments over no axes is the input itself with variance (x - x)^2. An empty axes array would
                // mean "all axes" to Tensors.reduceMean, normalizing across the features.
                mean = x;
                variance = Tensors.square(x.sub(x));
            } else {
                int[] axes = new int[x.rank() - 1];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i;
                }
                mean = Tensors.reduceMean(x, axes);
                variance = Tensors.reduceMean(Tensors.square(x.sub(mean)), axes);
            }
            Tensor m = Tensors.stopGradient(mean);
            Tensor v = Tensors.stopGradient(variance);
            movingMean.assign(movingMean.mul(momentum).add(m.mul(1 - momentum)));
            movingVariance.assign(movingVariance.mul(momentum).add(v.mul(1 - momentum)));
        } else {
            mean = movingMean;
            variance = movingVariance;
        }
        Tensor inv = Tensors.rsqrt(variance.add(epsilon)).mul(gamma);
        return x.sub(mean).mul(inv).add(beta);
    }
}
