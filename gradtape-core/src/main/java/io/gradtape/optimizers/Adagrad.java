package io.gradtape.optimizers;

import java.util.List;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 12, 2011): Keras 3's {@code Adagrad}. Defaults: {@code learningRate = 0.001},
 * {@code initialAccumulatorValue = 0.1}, {@code epsilon = 1e-7}.
 *
 * <p>Update, with gradient {@code g}:
 * <pre>
 *   accumulator = accumulator + g^2
 *   w = w - lr * g / sqrt(accumulator + epsilon)
 * </pre>
 * Epsilon is inside the square root, as in Keras. Slot: {@code accumulator}, starting at
 * {@code initialAccumulatorValue}.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1.0));
 * Adagrad opt = new Adagrad(0.1);
 * opt.applyGradients(List.of(Tensors.constant(1.0)), List.of(w));
 * w.doubleValue();   // 1 - 0.1 / sqrt(1.1 + 1e-7) = 0.904653...
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private final double initialAccumulatorValue;
    private final double epsilon;

    /**
     * Adagrad with TensorFlow's defaults.
     *
     * <pre>{@code
     * Adagrad opt = new Adagrad();
     * }</pre>
     */
    public Adagrad() {
        this(builder());
    }

    /**
     * Adagrad with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Adagrad opt = new Adagrad(0.1);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Adagrad(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Adagrad with a learning-rate schedule and the other defaults, as Keras's {@code Adagrad(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Adagrad opt = new Adagrad(new ExponentialDecay(0.1, 100, 0.9));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Adagrad(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Adagrad(Builder b) {
        super(b);
        this.initialAccumulatorValue = b.initialAccumulatorValue;
        this.epsilon = b.epsilon;
    }

    /**
     * A builder with TensorFlow's defaults.
     *
     * <pre>{@code
     * Adagrad opt = Adagrad.builder().initialAccumulatorValue(0.0).epsilon(1e-10).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("accumulator");
    }

    @Override
    double slotInitialValue(String name) {
        return initialAccumulatorValue;
    }

    @Override
    void update(Step s) {
        // accumulator = accumulator + g^2; w = w - lr * g / sqrt(accumulator + epsilon)
        s.adagrad(s.cast(epsilon));   // epsilon meets the accumulator in its dtype, as in Keras
    }

    /**
     * {@link Adagrad}'s hyperparameters.
     *
     * <pre>{@code
     * Adagrad opt = Adagrad.builder().initialAccumulatorValue(0.01).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, Adagrad> {
        double initialAccumulatorValue = 0.1;
        double epsilon = 1e-7;

        Builder() {
            super(0.001);
        }

        /**
         * The accumulator's starting value, non-negative (default 0.1).
         *
         * <pre>{@code
         * Adagrad.builder().initialAccumulatorValue(0.01);
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
         * The constant added under the square root (default 1e-7).
         *
         * <pre>{@code
         * Adagrad.builder().epsilon(1e-10);
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
        Adagrad make() {
            return new Adagrad(this);
        }
    }
}
