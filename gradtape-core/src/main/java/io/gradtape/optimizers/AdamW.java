package io.gradtape.optimizers;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019):
 * Keras 3's {@code AdamW}. Defaults: those of {@link Adam} and {@code weightDecay = 0.004}.
 *
 * <p>Update at step {@code t}: first {@code w = w - w * weightDecay * lr}, then {@link Adam}'s update. The decay
 * does not pass through the moments, unlike an L2 penalty added to the loss. Variables excluded with
 * {@link #excludeFromWeightDecay} take Adam's update only.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1f));
 * AdamW opt = AdamW.builder().learningRate(0.1).weightDecay(0.5).build();
 * opt.applyGradients(List.of(Tensors.constant(0f)), List.of(w));
 * w.floatValue();   // 0.95f: decayed by 1 - 0.5 * 0.1; a zero gradient moves it no further
 * }</pre>
 */
public final class AdamW extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;

    /**
     * AdamW with TensorFlow's defaults.
     *
     * <pre>{@code
     * AdamW opt = new AdamW();
     * }</pre>
     */
    public AdamW() {
        this(builder());
    }

    /**
     * AdamW with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * AdamW opt = new AdamW(3e-4);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public AdamW(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * AdamW with a learning-rate schedule and the other defaults, as Keras's {@code AdamW(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * AdamW opt = new AdamW(new CosineDecay(1e-3, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public AdamW(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private AdamW(Builder b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.amsgrad = b.amsgrad;
    }

    @Override
    List<String> slotNames() {
        return Adam.slotNames(amsgrad);
    }

    @Override
    void update(Step s) {
        Adam.update(s, beta1, beta2, epsilon, amsgrad);
    }

    /**
     * A builder with TensorFlow's defaults ({@code weightDecay = 0.004}).
     *
     * <pre>{@code
     * AdamW opt = AdamW.builder().weightDecay(0.01).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@link AdamW}'s hyperparameters.
     *
     * <pre>{@code
     * AdamW opt = AdamW.builder().learningRate(1e-3).weightDecay(0.05).build();
     * }</pre>
     */
    public static final class Builder extends Adam.AbstractBuilder<Builder, AdamW> {
        Builder() {
            super(0.001, 0.004);
        }

        @Override
        AdamW make() {
            return new AdamW(this);
        }
    }
}
