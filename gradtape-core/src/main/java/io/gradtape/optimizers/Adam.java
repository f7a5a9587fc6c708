package io.gradtape.optimizers;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with the AMSGrad variant
 * (Reddi, Kale &amp; Kumar, ICLR 2018) as an option: Keras 3's {@code Adam}. Defaults: {@code learningRate =
 * 0.001}, {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code epsilon = 1e-7}, {@code amsgrad = false}.
 *
 * <p>Update at step {@code t} (from 1), with gradient {@code g}:
 * <pre>
 *   m = m + (g - m) * (1 - beta1)
 *   v = v + (g^2 - v) * (1 - beta2)
 *   vhat = max(vhat, v); v = vhat                      (amsgrad only)
 *   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *   w = w - m * alpha / (sqrt(v) + epsilon)
 * </pre>
 * {@code alpha} is computed in the variable's dtype, each op rounded, from {@code lr}, {@code beta1} and
 * {@code beta2} cast to it (Keras's {@code ops.power(ops.cast(beta_1, variable.dtype), local_step)}): for float32
 * the first step's {@code 1 - beta2} is {@code 1 - 0.999f}, 1.3e-5 relative below 0.001.
 * Epsilon is added to {@code sqrt(v)} with the bias correction folded into {@code alpha}: the paper's "epsilon
 * hat" (the formula before its section 2.1), as in Keras and TensorFlow. Slots: {@code momentum} ({@code m}),
 * {@code velocity} ({@code v}) and, with amsgrad, {@code velocity_hat} ({@code vhat}), zeros: Keras 3's names
 * ({@code keras/src/optimizers/adam.py} {@code build}). Keras 2's {@code tf.keras}, and gradtape before December
 * 2026, named them {@code m}, {@code v} and {@code vhat}: a checkpoint saved then has keys {@code optimizer/m/...},
 * which {@link io.gradtape.checkpoint.Npz#read} and {@link io.gradtape.checkpoint.Npz#write} can rename.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1f));
 * Adam adam = new Adam(0.1);
 * adam.applyGradients(List.of(Tensors.constant(2f)), List.of(w));
 * w.floatValue();   // 0.9000008f, as Keras: the first step moves every element by about lr
 * }</pre>
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;

    /**
     * Adam with TensorFlow's defaults.
     *
     * <pre>{@code
     * Adam adam = new Adam();
     * }</pre>
     */
    public Adam() {
        this(builder());
    }

    /**
     * Adam with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Adam adam = new Adam(3e-4);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Adam(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Adam with a learning-rate schedule and the other defaults, as Keras's {@code Adam(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Adam opt = new Adam(new CosineDecay(1e-3, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Adam(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    Adam(AbstractBuilder<?, ?> b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.amsgrad = b.amsgrad;
    }

    /**
     * A builder with TensorFlow's defaults.
     *
     * <pre>{@code
     * Adam adam = Adam.builder().learningRate(1e-3).beta2(0.98).amsgrad(true).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return slotNames(amsgrad);
    }

    static List<String> slotNames(boolean amsgrad) {
        return amsgrad ? List.of("momentum", "velocity", "velocity_hat") : List.of("momentum", "velocity");
    }

    @Override
    void update(Step s) {
        update(s, beta1, beta2, epsilon, amsgrad);
    }

    /** Adam's update, shared with AdamW. */
    static void update(Step s, double beta1, double beta2, double epsilon, boolean amsgrad) {
        // Keras 3's update_step: the scalars in the variable's dtype, in its order (beta_1_power =
        // power(cast(beta_1), local_step), alpha = lr * sqrt(1 - beta_2_power) / (1 - beta_1_power)); then
        // m = m + (g - m) * (1 - beta1); v = v + (g^2 - v) * (1 - beta2); vhat = max(vhat, v), v = vhat (amsgrad);
        // w = w - m * alpha / (sqrt(v) + epsilon); each stored value rounded to the dtype, and read back so
        double beta1Power = s.power(beta1), beta2Power = s.power(beta2);
        double alpha = s.div(s.mul(s.lr, s.sqrt(s.sub(1, beta2Power))), s.sub(1, beta1Power));
        s.adam(s.cast(1 - beta1), s.cast(1 - beta2), alpha, s.cast(epsilon), amsgrad);
    }

    /**
     * {@link Adam}'s hyperparameters ({@link AdamW} has its own builder with the same setters).
     *
     * <pre>{@code
     * Adam adam = Adam.builder().epsilon(1e-8).build();
     * }</pre>
     */
    public static final class Builder extends AbstractBuilder<Builder, Adam> {
        Builder() {
            super(0.001, 0);
        }

        @Override
        Adam make() {
            return new Adam(this);
        }
    }

    /**
     * The setters Adam and AdamW share.
     *
     * <pre>{@code
     * AdamW opt = AdamW.builder().beta1(0.85).build();
     * }</pre>
     *
     * @param <B> the concrete builder
     * @param <O> the optimizer it builds
     */
    public abstract static class AbstractBuilder<B extends AbstractBuilder<B, O>, O extends Optimizer> extends MomentsBuilder<B, O> {
        boolean amsgrad;

        AbstractBuilder(double learningRate, double weightDecay) {
            super(learningRate);
            this.weightDecay = weightDecay;
        }

        @SuppressWarnings("unchecked")
        private B me() {
            return (B) this;
        }

        /**
         * Whether to use AMSGrad: the maximum of all second moments so far (default false).
         *
         * <pre>{@code
         * Adam.builder().amsgrad(true);
         * }</pre>
         *
         * @param amsgrad the flag
         * @return this builder
         */
        public B amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return me();
        }
    }
}
