package io.gradtape.optimizers;

import java.util.List;

/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012, Algorithm 1), with a
 * learning rate scaling the update as in Keras: Keras 3's {@code Adadelta}. Defaults: {@code learningRate =
 * 0.001}, {@code rho = 0.95}, {@code epsilon = 1e-7}. The paper's method has no learning rate; use
 * {@code learningRate = 1.0} for it exactly. Adadelta usually wants a much larger rate than Keras's default.
 *
 * <p>Update, with gradient {@code g}:
 * <pre>
 *   accumulated_grad = rho * accumulated_grad + (1 - rho) * g^2
 *   delta = -sqrt(accumulated_delta_var + epsilon) * g / sqrt(accumulated_grad + epsilon)
 *   accumulated_delta_var = rho * accumulated_delta_var + (1 - rho) * delta^2
 *   w = w + lr * delta
 * </pre>
 * The step's ratio of root-mean-squares uses the new gradient average and the previous update average, as the
 * paper. The hyperparameters are cast to the variable's dtype, as in Keras's {@code update_step}
 * ({@code keras/src/optimizers/adadelta.py}). Slots: {@code accumulated_grad} and {@code accumulated_delta_var},
 * zeros, Keras's names.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1.0));
 * Adadelta opt = new Adadelta(1.0);
 * opt.applyGradients(List.of(Tensors.constant(2.0)), List.of(w));
 * w.doubleValue();   // 1 - sqrt(1e-7) * 2 / sqrt(0.05 * 4 + 1e-7) = 0.99859...
 * }</pre>
 */
public final class Adadelta extends Optimizer {
    private final double rho;
    private final double epsilon;

    /**
     * Adadelta with Keras's defaults.
     *
     * <pre>{@code
     * Adadelta opt = new Adadelta();
     * }</pre>
     */
    public Adadelta() {
        this(builder());
    }

    /**
     * Adadelta with the given learning rate and the other defaults ({@code 1.0} is the paper's method).
     *
     * <pre>{@code
     * Adadelta opt = new Adadelta(1.0);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Adadelta(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Adadelta with a learning-rate schedule and the other defaults, as Keras's
     * {@code Adadelta(learning_rate=schedule)}: the schedule is evaluated at {@link Optimizer#iterations()} before
     * each step.
     *
     * <pre>{@code
     * Adadelta opt = new Adadelta(new ExponentialDecay(1.0, 100, 0.9));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Adadelta(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Adadelta(Builder b) {
        super(b);
        this.rho = b.rho;
        this.epsilon = b.epsilon;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Adadelta opt = Adadelta.builder().learningRate(1.0).rho(0.9).epsilon(1e-6).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("accumulated_grad", "accumulated_delta_var");
    }

    @Override
    void update(Step s) {
        // Keras 3's update_step: rho, 1 - rho and epsilon are Python floats meeting tensors of the dtype (cast);
        // accumulated_grad = rho * accumulated_grad + (1 - rho) * g^2;
        // delta = -(sqrt(accumulated_delta_var + epsilon) * g) / sqrt(accumulated_grad + epsilon);
        // accumulated_delta_var = rho * accumulated_delta_var + (1 - rho) * delta^2; w += lr * delta
        s.adadelta(s.cast(rho), s.cast(1 - rho), s.cast(epsilon));
    }

    /**
     * {@link Adadelta}'s hyperparameters.
     *
     * <pre>{@code
     * Adadelta opt = Adadelta.builder().rho(0.9).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, Adadelta> {
        double rho = 0.95;
        double epsilon = 1e-7;

        Builder() {
            super(0.001);
        }

        /**
         * The decay rate of both running averages, in [0, 1) (default 0.95).
         *
         * <pre>{@code
         * Adadelta.builder().rho(0.9);
         * }</pre>
         *
         * @param rho the rate
         * @return this builder
         */
        public Builder rho(double rho) {
            this.rho = unit("rho", rho, false);
            return this;
        }

        /**
         * The constant added under both square roots (default 1e-7; the paper uses 1e-6). It also sets the size of
         * the first steps, whose update average is still zero.
         *
         * <pre>{@code
         * Adadelta.builder().epsilon(1e-6);
         * }</pre>
         *
         * @param epsilon a non-negative number
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            this.epsilon = nonNegative("epsilon", epsilon);
            return this;
        }

        @Override
        Adadelta make() {
            return new Adadelta(this);
        }
    }
}
