package io.gradtape.nn;

import java.util.Objects;

/**
 * The options that the depthwise and separable convolution builders ({@link DepthwiseConv1D.Builder},
 * {@link DepthwiseConv2D.Builder}, and through {@link SeparableBuilder} {@link SeparableConv1D.Builder} and
 * {@link SeparableConv2D.Builder}) add to {@link ConvBuilder}'s: the depth multiplier and the depthwise kernel's
 * initializer, as Keras's {@code BaseDepthwiseConv} and {@code BaseSeparableConv} take them
 * (keras/src/layers/convolutional/base_depthwise_conv.py, base_separable_conv.py: {@code depth_multiplier} positive,
 * {@code depthwise_initializer} Glorot uniform by default).
 *
 * @param <B> the concrete builder
 */
abstract class DepthwiseBuilder<B extends DepthwiseBuilder<B>> extends ConvBuilder<B> {
    int depthMultiplier = 1;

    /** A depthwise builder: no filters. */
    DepthwiseBuilder(String kind, int kernelSize) {
        super(kind, kernelSize);
    }

    /** A separable builder: the pointwise step's filters. */
    DepthwiseBuilder(String kind, int filters, int kernelSize) {
        super(kind, filters, kernelSize);
    }

    /**
     * The number of depthwise output channels per input channel (default 1, Keras's {@code depth_multiplier}): the
     * depthwise step has {@code inputChannels * depthMultiplier} output channels, channel {@code c M + m} the
     * {@code m}-th filter of input channel {@code c}.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthMultiplier(2);
     * }</pre>
     *
     * @param multiplier positive
     * @return this builder
     */
    public B depthMultiplier(int multiplier) {
        if (multiplier <= 0) {
            throw new IllegalArgumentException(kind + ": depthMultiplier must be positive, got " + multiplier);
        }
        this.depthMultiplier = multiplier;
        return self();
    }

    /**
     * The depthwise kernel's initializer (default Glorot uniform from {@link Initializers#defaultGenerator()}, whose
     * fans for a kernel {@code (kh, kw, in, multiplier)} are {@code kh kw in} and {@code kh kw multiplier}, Keras's
     * {@code compute_fans}). It must return a tensor of the shape and dtype it is given, under the rule of
     * {@link LayerBuilder#kernelInitializer}.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthwiseInitializer(Initializers.heNormal(Generator.fromSeed(1)));
     * }</pre>
     *
     * @param init the initializer
     * @return this builder
     */
    public B depthwiseInitializer(Initializer init) {
        this.kernelInitializer = Objects.requireNonNull(init, () -> kind + ": depthwiseInitializer is null");
        return self();
    }

    /**
     * Refused: these layers have no option of that name (Keras's take {@code depthwise_initializer} and, when
     * separable, {@code pointwise_initializer}; a {@code kernel_initializer} is a TypeError there).
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthwiseInitializer(Initializers.ones());   // not kernelInitializer
     * }</pre>
     *
     * @param init ignored
     * @return never
     * @throws IllegalStateException always, naming the setters to use
     */
    /**
     * Refused: Keras's depthwise layers call this penalty {@code depthwise_regularizer} (and separable ones have a
     * {@code pointwise_regularizer} too); gradtape does not offer them yet, and taking this option without applying
     * it would drop the penalty in silence. {@link #biasRegularizer} and {@link #activityRegularizer} apply.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).biasRegularizer(Regularizers.l2(1e-4));   // not kernelRegularizer
     * }</pre>
     *
     * @param regularizer ignored
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    public B kernelRegularizer(Regularizer regularizer) {
        throw new IllegalStateException(kind + " has no kernelRegularizer (Keras's depthwise_regularizer"
                + (filters > 0 ? " and pointwise_regularizer" : "") + " are not offered yet); biasRegularizer and activityRegularizer apply");
    }

    /**
     * Refused, as {@link #kernelRegularizer}: Keras's option is {@code depthwise_constraint} (and
     * {@code pointwise_constraint}), not offered yet. {@link #biasConstraint} applies.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).biasConstraint(Constraints.nonNeg());   // not kernelConstraint
     * }</pre>
     *
     * @param constraint ignored
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    public B kernelConstraint(Constraint constraint) {
        throw new IllegalStateException(kind + " has no kernelConstraint (Keras's depthwise_constraint"
                + (filters > 0 ? " and pointwise_constraint" : "") + " are not offered yet); biasConstraint applies");
    }

    @Override
    public B kernelInitializer(Initializer init) {
        throw new IllegalStateException(kind + " has no kernelInitializer: use depthwiseInitializer"
                + (filters > 0 ? " and pointwiseInitializer" : "") + " (Keras's depthwise_initializer"
                + (filters > 0 ? " and pointwise_initializer" : "") + ")");
    }
}
