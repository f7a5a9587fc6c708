package io.gradtape.optimizers;

import java.util.List;

/**
 * LAMB, layer-wise adaptive moments for large batches (You et al., "Large Batch Optimization for Deep Learning:
 * Training BERT in 76 minutes", ICLR 2020, arXiv:1904.00962): Keras 3's {@code Lamb}
 * ({@code keras/src/optimizers/lamb.py}). Adam's direction, rescaled per variable so that each step moves the
 * variable by {@code lr} times its own norm.
 * Defaults: {@code learningRate = 0.001}, {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code epsilon = 1e-7}.
 *
 * <p>Update at step {@code t} (from 1), with gradient {@code g}, norms over the whole variable:
 * <pre>
 *   m = m + (g - m) * (1 - beta1)
 *   v = v + (g^2 - v) * (1 - beta2)
 *   u = (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 *   ratio = ||w|| / ||u||   if both norms are positive, else 1
 *   w = w - ratio * lr * u
 * </pre>
 * Slots: {@code momentum} ({@code m}) and {@code velocity} ({@code v}), zeros, Keras's names. The scalars are
 * computed in the variable's dtype in Keras's order; the norms are summed in double and rounded to the dtype. As in
 * Keras, the trust ratio takes Adam's direction alone: decoupled weight decay ({@code weightDecay}) shrinks the
 * variable before the step, outside the ratio, where the paper adds {@code lambda w} to {@code u} inside it; and
 * the ratio is not clipped (the paper's scaling function {@code phi} is the identity).
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(new float[] {3f, 4f}, 2));
 * Lamb opt = new Lamb(0.1);
 * opt.applyGradients(List.of(Tensors.constant(new float[] {1f, -1f}, 2)), List.of(w));
 * w.toFloatArray();   // about [2.6464, 4.3536]: u = [1, -1], so each moves by 0.1 * ||w|| / sqrt(2) = 0.3536
 * }</pre>
 */
public final class Lamb extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /**
     * Lamb with Keras's defaults.
     *
     * <pre>{@code
     * Lamb opt = new Lamb();
     * }</pre>
     */
    public Lamb() {
        this(builder());
    }

    /**
     * Lamb with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Lamb opt = new Lamb(2e-3);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Lamb(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Lamb with a learning-rate schedule and the other defaults, as Keras's {@code Lamb(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Lamb opt = new Lamb(new PolynomialDecay(1e-3, 10000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Lamb(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Lamb(Builder b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Lamb opt = Lamb.builder().learningRate(1e-3).weightDecay(0.01).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("momentum", "velocity");
    }

    @Override
    void update(Step s) {
        // Keras 3's update_step: beta_i_power = power(cast(beta_i), local_step) in the dtype; 1 - self.beta_i and
        // epsilon are Python floats meeting tensors of the dtype (cast to it); 1.0 - beta_i_power in the dtype
        double beta1Power = s.power(beta1), beta2Power = s.power(beta2);
        s.lamb(s.cast(1 - beta1), s.cast(1 - beta2), s.sub(1, beta1Power), s.sub(1, beta2Power), s.cast(epsilon));
    }

    /**
     * {@link Lamb}'s hyperparameters.
     *
     * <pre>{@code
     * Lamb opt = Lamb.builder().beta2(0.98).epsilon(1e-6).build();
     * }</pre>
     */
    public static final class Builder extends MomentsBuilder<Builder, Lamb> {
        Builder() {
            super(0.001);
        }

        @Override
        Lamb make() {
            return new Lamb(this);
        }
    }
}
