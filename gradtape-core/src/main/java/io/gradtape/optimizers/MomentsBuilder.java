package io.gradtape.optimizers;

/**
 * The setters of the optimizers that keep Adam's two moment estimates (Adam, AdamW, Adamax, Nadam, Lamb): their decay
 * rates {@code beta1} and {@code beta2} and the {@code epsilon} that keeps the denominator away from zero, with
 * Keras's defaults (0.9, 0.999, 1e-7). Each optimizer's class comment says where its epsilon enters the update.
 *
 * <pre>{@code
 * Nadam opt = Nadam.builder().beta1(0.95).beta2(0.99).epsilon(1e-8).build();
 * }</pre>
 *
 * @param <B> the concrete builder
 * @param <O> the optimizer it builds
 */
abstract class MomentsBuilder<B extends MomentsBuilder<B, O>, O extends Optimizer> extends Optimizer.Builder<B, O> {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-7;

    MomentsBuilder(double learningRate) {
        super(learningRate);
    }

    @SuppressWarnings("unchecked")
    private B me() {
        return (B) this;
    }

    /**
     * The decay rate of the first moment, in [0, 1) (default 0.9).
     *
     * <pre>{@code
     * Adam.builder().beta1(0.8);
     * }</pre>
     *
     * @param beta1 the rate
     * @return this builder
     */
    public B beta1(double beta1) {
        this.beta1 = unit("beta1", beta1, false);
        return me();
    }

    /**
     * The decay rate of the second moment, in [0, 1) (default 0.999).
     *
     * <pre>{@code
     * Adamax.builder().beta2(0.98);
     * }</pre>
     *
     * @param beta2 the rate
     * @return this builder
     */
    public B beta2(double beta2) {
        this.beta2 = unit("beta2", beta2, false);
        return me();
    }

    /**
     * The constant added to the update's denominator (default 1e-7): to {@code sqrt(v)} in Adam and AdamW, to
     * {@code sqrt(v_hat)} in Nadam and Lamb, to the infinity norm {@code u} in Adamax.
     *
     * <pre>{@code
     * Nadam.builder().epsilon(1e-8);
     * }</pre>
     *
     * @param epsilon a non-negative number
     * @return this builder
     */
    public B epsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return me();
    }
}
