package io.gradtape.optimizers;

import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop (Tieleman &amp; Hinton, "Lecture 6.5 - rmsprop", COURSERA: Neural Networks for Machine Learning, 2012),
 * with plain momentum and the centered variant (Graves 2013) as options: Keras 3's {@code RMSprop}. Defaults:
 * {@code learningRate = 0.001}, {@code rho = 0.9}, {@code momentum = 0}, {@code epsilon = 1e-7},
 * {@code centered = false}.
 *
 * <p>Update, with gradient {@code g}:
 * <pre>
 *   velocity = rho * velocity + (1 - rho) * g^2
 *   average_gradient = rho * average_gradient + (1 - rho) * g          (centered only)
 *   denominator = velocity + epsilon, or velocity - average_gradient^2 + epsilon when centered
 *   increment = lr * g / sqrt(denominator)
 *   momentum &gt; 0:  mom = momentum * mom + increment;  w = w - mom
 *   otherwise:     w = w - increment
 * </pre>
 * Epsilon is inside the square root, as in Keras. Slots: {@code velocity}, then {@code momentum} (with
 * momentum) and {@code average_gradient} (centered), zeros.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(10f));
 * RMSprop opt = new RMSprop(0.1);
 * opt.minimize(() -> w.mul(w).div(2.0), List.of(w));
 * w.floatValue();   // 9.683772f, as in Keras's example
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    /**
     * RMSprop with TensorFlow's defaults.
     *
     * <pre>{@code
     * RMSprop opt = new RMSprop();
     * }</pre>
     */
    public RMSprop() {
        this(builder());
    }

    /**
     * RMSprop with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * RMSprop opt = new RMSprop(0.01);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public RMSprop(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * RMSprop with a learning-rate schedule and the other defaults, as Keras's {@code RMSprop(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * RMSprop opt = new RMSprop(new ExponentialDecay(0.01, 100, 0.9));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public RMSprop(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private RMSprop(Builder b) {
        super(b);
        this.rho = b.rho;
        this.momentum = b.momentum;
        this.epsilon = b.epsilon;
        this.centered = b.centered;
    }

    /**
     * A builder with TensorFlow's defaults.
     *
     * <pre>{@code
     * RMSprop opt = RMSprop.builder().rho(0.95).momentum(0.9).centered(true).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        List<String> names = new ArrayList<>(List.of("velocity"));
        if (momentum > 0) {
            names.add("momentum");
        }
        if (centered) {
            names.add("average_gradient");
        }
        return names;
    }

    @Override
    void update(Step s) {
        // velocity = rho * velocity + (1 - rho) * g^2; average_gradient = rho * average_gradient + (1 - rho) * g
        // (centered); increment = lr * g / sqrt(velocity [- average_gradient^2] + epsilon);
        // mom = momentum * mom + increment, increment = mom (momentum); w = w - increment
        int mom = momentum > 0 ? 1 : -1;   // slot order: velocity, momentum, average_gradient (-1: none)
        int avg = centered ? (momentum > 0 ? 2 : 1) : -1;
        // rho, 1 - rho, momentum and epsilon are Python floats meeting tensors of the dtype in Keras: cast to it
        s.rmsprop(s.cast(rho), s.cast(1 - rho), s.cast(momentum), s.cast(epsilon), mom, avg);
    }

    /**
     * {@link RMSprop}'s hyperparameters.
     *
     * <pre>{@code
     * RMSprop opt = RMSprop.builder().epsilon(1e-6).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, RMSprop> {
        double rho = 0.9;
        double momentum;
        double epsilon = 1e-7;
        boolean centered;

        Builder() {
            super(0.001);
        }

        /**
         * The discounting factor of the squared-gradient average, in [0, 1) (default 0.9).
         *
         * <pre>{@code
         * RMSprop.builder().rho(0.95);
         * }</pre>
         *
         * @param rho the factor
         * @return this builder
         */
        public Builder rho(double rho) {
            this.rho = unit("rho", rho, false);
            return this;
        }

        /**
         * Plain momentum on the increments, in [0, 1) (default 0: none).
         *
         * <pre>{@code
         * RMSprop.builder().momentum(0.9);
         * }</pre>
         *
         * @param momentum the momentum
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = unit("momentum", momentum, false);
            return this;
        }

        /**
         * The constant added under the square root (default 1e-7).
         *
         * <pre>{@code
         * RMSprop.builder().epsilon(1e-6);
         * }</pre>
         *
         * @param epsilon a non-negative number
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            this.epsilon = nonNegative("epsilon", epsilon);
            return this;
        }

        /**
         * Whether to divide by the estimated variance (centered) rather than the second moment (default false).
         *
         * <pre>{@code
         * RMSprop.builder().centered(true);
         * }</pre>
         *
         * @param centered the flag
         * @return this builder
         */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        @Override
        RMSprop make() {
            return new RMSprop(this);
        }
    }
}
