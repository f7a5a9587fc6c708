package io.gradtape.optimizers;

import java.util.List;

/**
 * Adamax, Adam with the infinity norm in place of the second moment (Kingma &amp; Ba, "Adam: A Method for
 * Stochastic Optimization", ICLR 2015, section 7.1, Algorithm 2): Keras 3's {@code Adamax}. Defaults:
 * {@code learningRate = 0.001}, {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code epsilon = 1e-7}.
 *
 * <p>Update at step {@code t} (from 1), with gradient {@code g}:
 * <pre>
 *   m = m + (g - m) * (1 - beta1)
 *   u = max(beta2 * u, |g|)
 *   w = w - lr * m / ((1 - beta1^t) * (u + epsilon))
 * </pre>
 * The paper has no epsilon ({@code u} is positive once any gradient element was nonzero); Keras adds it to
 * {@code u}, so an element whose gradients were all zero stays put instead of becoming NaN. {@code 1 - beta1^t}
 * is computed in the variable's dtype from {@code beta1} cast to it, as Keras's {@code update_step}
 * ({@code keras/src/optimizers/adamax.py}) does. Slots: {@code momentum} ({@code m}) and {@code norm}
 * ({@code u}), zeros, Keras's names.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1.0));
 * Adamax opt = new Adamax(0.1);
 * opt.applyGradients(List.of(Tensors.constant(2.0)), List.of(w));
 * w.doubleValue();   // 1 - 0.1 * 0.2 / (0.1 * (2 + 1e-7)) = 0.90000000499...
 * }</pre>
 */
public final class Adamax extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /**
     * Adamax with Keras's defaults.
     *
     * <pre>{@code
     * Adamax opt = new Adamax();
     * }</pre>
     */
    public Adamax() {
        this(builder());
    }

    /**
     * Adamax with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Adamax opt = new Adamax(0.002);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Adamax(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Adamax with a learning-rate schedule and the other defaults, as Keras's {@code Adamax(learning_rate=schedule)}:
     * the schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Adamax opt = new Adamax(new CosineDecay(2e-3, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Adamax(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Adamax(Builder b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Adamax opt = Adamax.builder().learningRate(0.002).beta2(0.99).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("momentum", "norm");
    }

    @Override
    void update(Step s) {
        // Keras 3's update_step: beta_1_power = power(cast(beta_1), local_step) in the dtype;
        // m += (g - m) * (1 - beta_1); u = max(beta_2 * u, |g|); w -= lr * m / ((1 - beta_1_power) * (u + epsilon)),
        // where 1 - self.beta_1, beta_2 and epsilon are Python floats meeting tensors of the dtype: cast to it
        s.adamax(s.cast(1 - beta1), s.cast(beta2), s.sub(1, s.power(beta1)), s.cast(epsilon));
    }

    /**
     * {@link Adamax}'s hyperparameters.
     *
     * <pre>{@code
     * Adamax opt = Adamax.builder().epsilon(1e-8).build();
     * }</pre>
     */
    public static final class Builder extends MomentsBuilder<Builder, Adamax> {
        Builder() {
            super(0.001);
        }

        @Override
        Adamax make() {
            return new Adamax(this);
        }
    }
}
