package io.gradtape.optimizers;

import java.util.List;

/**
 * Lion, "EvoLved Sign Momentum" (Chen et al., "Symbolic Discovery of Optimization Algorithms", NeurIPS 2023):
 * Keras 3's {@code Lion}. Defaults: {@code learningRate = 0.001} (Keras 3, TensorFlow 2.16+), {@code beta1 =
 * 0.9}, {@code beta2 = 0.99}. Its steps have unit size per element, so its learning rate is usually 3-10 times
 * smaller than AdamW's, and its weight decay as much larger.
 *
 * <p>Update, with gradient {@code g}:
 * <pre>
 *   w = w - lr * sign(beta1 * m + (1 - beta1) * g)
 *   m = beta2 * m + (1 - beta2) * g
 * </pre>
 * Slot: {@code momentum} ({@code m} above), zeros, Keras 3's name ({@code keras/src/optimizers/lion.py}).
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1f));
 * Lion opt = Lion.builder().learningRate(0.1).build();
 * opt.applyGradients(List.of(Tensors.constant(5f)), List.of(w));
 * w.floatValue();   // 0.9f
 * }</pre>
 */
public final class Lion extends Optimizer {
    private final double beta1;
    private final double beta2;

    /**
     * Lion with TensorFlow's defaults.
     *
     * <pre>{@code
     * Lion opt = new Lion();
     * }</pre>
     */
    public Lion() {
        this(builder());
    }

    /**
     * Lion with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Lion opt = new Lion(1e-4);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Lion(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Lion with a learning-rate schedule and the other defaults, as Keras's {@code Lion(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Lion opt = new Lion(new CosineDecay(1e-4, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Lion(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Lion(Builder b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
    }

    /**
     * A builder with TensorFlow's defaults.
     *
     * <pre>{@code
     * Lion opt = Lion.builder().learningRate(1e-4).weightDecay(0.1).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("momentum");
    }

    @Override
    void update(Step s) {
        // w = w - lr * sign(beta1 * m + (1 - beta1) * g); m = beta2 * m + (1 - beta2) * g
        // Keras casts beta_1 and beta_2 to the dtype and subtracts there: 1 - 0.99f is 0.00999999, not 0.01
        double b1 = s.cast(beta1), b2 = s.cast(beta2);
        s.lion(b1, s.sub(1, b1), b2, s.sub(1, b2));
    }

    /**
     * {@link Lion}'s hyperparameters.
     *
     * <pre>{@code
     * Lion opt = Lion.builder().beta2(0.98).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, Lion> {
        double beta1 = 0.9;
        double beta2 = 0.99;

        Builder() {
            super(0.001);
        }

        /**
         * The interpolation between momentum and gradient for the sign, in (0, 1] (default 0.9).
         *
         * <pre>{@code
         * Lion.builder().beta1(0.95);
         * }</pre>
         *
         * @param beta1 the rate
         * @return this builder
         */
        public Builder beta1(double beta1) {
            if (!(beta1 > 0 && beta1 <= 1)) {
                throw new IllegalArgumentException(name() + ": beta1 must be in (0, 1] (at 0 Lion degenerates to sign SGD), "
                        + "got " + beta1);
            }
            this.beta1 = beta1;
            return this;
        }

        /**
         * The decay rate of the momentum, in [0, 1) (default 0.99).
         *
         * <pre>{@code
         * Lion.builder().beta2(0.98);
         * }</pre>
         *
         * @param beta2 the rate
         * @return this builder
         */
        public Builder beta2(double beta2) {
            this.beta2 = unit("beta2", beta2, false);
            return this;
        }

        @Override
        Lion make() {
            return new Lion(this);
        }
    }
}
