package io.gradtape.optimizers;

import java.util.List;

/**
 * FTRL-Proximal, "Follow The Regularized Leader" (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", KDD 2013, Algorithm 1), with L2 shrinkage and a general learning-rate power: Keras 3's {@code Ftrl}.
 * Defaults: {@code learningRate = 0.001}, {@code learningRatePower = -0.5}, {@code initialAccumulatorValue = 0.1},
 * {@code l1 = l2 = l2Shrinkage = 0}, {@code beta = 0}. Suited to wide, sparse linear models, where the L1 term
 * sets weights to exactly zero.
 *
 * <p>Update, with gradient {@code g}, {@code p = -learningRatePower} (the paper's per-coordinate rate is
 * {@code p = 1/2}):
 * <pre>
 *   n_new = n + g^2
 *   z = z + (g + 2 * l2Shrinkage * w) - (n_new^p - n^p) / lr * w
 *   w = (clip(z, -l1, l1) - z) / (n_new^p / lr + 2 * (l2 + beta / (2 * lr)))
 *   n = n_new
 * </pre>
 * that is {@code w = 0} where {@code |z| <= l1}, else {@code -(z - sign(z) * l1) / ((beta + sqrt(n)) / lr + 2 * l2)}
 * (for {@code p = 1/2}): the paper's closed form with {@code alpha = lr}. The new weight depends on the old one only
 * through {@code z}, which starts at zero: a variable that does not start at zero keeps only a fraction
 * {@code 1 - sqrt(n / n_new)} of its value after the first step, as in Keras (FTRL's weights start at zero). In
 * float32 the update is computed op by op in float32 as Keras's, since {@code n_new^p - n^p} and
 * {@code clip(z) - z} cancel. Scalars are cast to the variable's dtype as in Keras's {@code update_step}
 * ({@code keras/src/optimizers/ftrl.py}). Slots: {@code accumulator} ({@code n}), starting at
 * {@code initialAccumulatorValue}, and {@code linear} ({@code z}), zeros; Keras's names.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(0.0));
 * Ftrl opt = new Ftrl(0.1);
 * opt.applyGradients(List.of(Tensors.constant(2.0)), List.of(w));
 * w.doubleValue();   // -2 / (sqrt(4.1) / 0.1) = -0.0987...
 * }</pre>
 */
public final class Ftrl extends Optimizer {
    private final double learningRatePower;
    private final double initialAccumulatorValue;
    private final double l1;
    private final double l2;
    private final double l2Shrinkage;
    private final double beta;

    /**
     * FTRL with Keras's defaults.
     *
     * <pre>{@code
     * Ftrl opt = new Ftrl();
     * }</pre>
     */
    public Ftrl() {
        this(builder());
    }

    /**
     * FTRL with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Ftrl opt = new Ftrl(0.05);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Ftrl(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * FTRL with a learning-rate schedule and the other defaults, as Keras's {@code Ftrl(learning_rate=schedule)}:
     * the schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Ftrl opt = new Ftrl(new ExponentialDecay(0.05, 100, 0.9));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Ftrl(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Ftrl(Builder b) {
        super(b);
        this.learningRatePower = b.learningRatePower;
        this.initialAccumulatorValue = b.initialAccumulatorValue;
        this.l1 = b.l1;
        this.l2 = b.l2;
        this.l2Shrinkage = b.l2Shrinkage;
        this.beta = b.beta;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Ftrl opt = Ftrl.builder().learningRate(0.05).l1(0.001).l2(0.01).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("accumulator", "linear");
    }

    @Override
    double slotInitialValue(String name) {
        return name.equals("accumulator") ? initialAccumulatorValue : 0;
    }

    @Override
    void update(Step s) {
        // Keras 3's update_step: l2_reg = l2 + beta / (2.0 * lr) with lr a tensor of the dtype (each op in it);
        // grad_to_use = g + 2 * l2_shrinkage * w; new_accum = accum + g^2;
        // linear += grad_to_use - (new_accum^-lr_power - accum^-lr_power) / lr * w;
        // quadratic = new_accum^-lr_power / lr + 2 * l2_reg; w = (clip(linear, -l1, l1) - linear) / quadratic;
        // accum = new_accum. Python floats (-lr_power, 2 * l2_shrinkage, l1) meet tensors of the dtype: cast
        double l2Reg = s.cast(s.cast(l2) + s.div(s.cast(beta), s.mul(2, s.lr)));
        s.ftrl(s.cast(-learningRatePower), s.cast(2 * l2Shrinkage), s.cast(l1), s.mul(2, l2Reg));
    }

    /**
     * {@link Ftrl}'s hyperparameters.
     *
     * <pre>{@code
     * Ftrl opt = Ftrl.builder().l1(0.01).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, Ftrl> {
        double learningRatePower = -0.5;
        double initialAccumulatorValue = 0.1;
        double l1;
        double l2;
        double l2Shrinkage;
        double beta;

        Builder() {
            super(0.001);
        }

        /**
         * The power of the accumulator in the per-coordinate rate, at most zero (default -0.5; zero gives a fixed
         * rate).
         *
         * <pre>{@code
         * Ftrl.builder().learningRatePower(-0.25);
         * }</pre>
         *
         * @param power a finite number {@code <= 0}
         * @return this builder
         */
        public Builder learningRatePower(double power) {
            if (!(power <= 0) || !Double.isFinite(power)) {
                throw new IllegalArgumentException(name() + ": learningRatePower must be finite and at most 0, got "
                        + power);
            }
            this.learningRatePower = power;
            return this;
        }

        /**
         * The accumulator's starting value, non-negative (default 0.1).
         *
         * <pre>{@code
         * Ftrl.builder().initialAccumulatorValue(0.01);
         * }</pre>
         *
         * @param value the value
         * @return this builder
         */
        public Builder initialAccumulatorValue(double value) {
            this.initialAccumulatorValue = nonNegative("initialAccumulatorValue", value);
            return this;
        }

        /**
         * The L1 regularization strength (Keras's {@code l1_regularization_strength}), non-negative (default 0):
         * a weight whose linear term is within {@code [-l1, l1]} is exactly zero.
         *
         * <pre>{@code
         * Ftrl.builder().l1(0.001);
         * }</pre>
         *
         * @param l1 the strength
         * @return this builder
         */
        public Builder l1(double l1) {
            this.l1 = nonNegative("l1", l1);
            return this;
        }

        /**
         * The stabilizing L2 regularization strength of the paper (Keras's {@code l2_regularization_strength}),
         * non-negative (default 0).
         *
         * <pre>{@code
         * Ftrl.builder().l2(0.01);
         * }</pre>
         *
         * @param l2 the strength
         * @return this builder
         */
        public Builder l2(double l2) {
            this.l2 = nonNegative("l2", l2);
            return this;
        }

        /**
         * The L2 shrinkage strength (Keras's {@code l2_shrinkage_regularization_strength}), non-negative (default
         * 0): adds {@code 2 * l2Shrinkage * w} to the gradient, an L2 penalty on the weights' magnitude.
         *
         * <pre>{@code
         * Ftrl.builder().l2Shrinkage(0.01);
         * }</pre>
         *
         * @param l2Shrinkage the strength
         * @return this builder
         */
        public Builder l2Shrinkage(double l2Shrinkage) {
            this.l2Shrinkage = nonNegative("l2Shrinkage", l2Shrinkage);
            return this;
        }

        /**
         * The paper's {@code beta}, added to {@code sqrt(n)} in the per-coordinate rate, non-negative (default 0).
         *
         * <pre>{@code
         * Ftrl.builder().beta(1.0);
         * }</pre>
         *
         * @param beta the value
         * @return this builder
         */
        public Builder beta(double beta) {
            this.beta = nonNegative("beta", beta);
            return this;
        }

        @Override
        Ftrl make() {
            return new Ftrl(this);
        }
    }
}
