package io.gradtape.nn;

import java.util.Objects;

/**
 * The options that the depthwise and separable convolution builders ({@link DepthwiseConv1D.Builder},
 * {@link DepthwiseConv2D.Builder}, and through {@link SeparableBuilder} {@link SeparableConv1D.Builder} and
 * {@link SeparableConv2D.Builder}) add to {@link BaseConvBuilder}'s: the depth multiplier and the depthwise kernel's
 * initializer, regularizer and constraint, as Keras's {@code BaseDepthwiseConv} and {@code BaseSeparableConv} take them
 * (keras/src/layers/convolutional/base_depthwise_conv.py, base_separable_conv.py: {@code depth_multiplier} positive,
 * {@code depthwise_initializer} Glorot uniform by default, {@code depthwise_regularizer}, {@code depthwise_constraint}).
 * There is no {@code kernelInitializer}, {@code kernelRegularizer} or {@code kernelConstraint} here (Keras's
 * constructors refuse those names): the kernel setters live in {@link ConvBuilder} and {@link KernelBuilder} only.
 *
 * @param <B> the concrete builder
 */
abstract class DepthwiseBuilder<B extends DepthwiseBuilder<B>> extends BaseConvBuilder<B> {
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
     * {@link KernelBuilder#kernelInitializer}.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthwiseInitializer(Initializers.heNormal(Generator.fromSeed(1)));
     * }</pre>
     *
     * @param init the initializer
     * @return this builder
     */
    public B depthwiseInitializer(Initializer init) {
        Objects.requireNonNull(init, () -> kind + ": depthwiseInitializer is null");
        return setKernelInitializer(init);
    }

    /**
     * A penalty on the depthwise kernel (Keras's {@code depthwise_regularizer}; default none): {@link Module#losses()}
     * includes {@code regularizer.apply(kernel)} (a separable layer's {@code depthwise_kernel}), computed when it is
     * read, while the kernel is trainable.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthwiseRegularizer(Regularizers.l2(1e-4));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B depthwiseRegularizer(Regularizer regularizer) {
        return setKernelRegularizer(regularizer);
    }

    /**
     * A projection of the depthwise kernel after each optimizer step (Keras's {@code depthwise_constraint}; default
     * none), see {@link Constraint}. The layer tries it on the kernel's initial value when it is built: another shape
     * or dtype is an {@link IllegalArgumentException} naming the layer, and the layer stays unbuilt.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthwiseConstraint(Constraints.maxNorm(2.0, 0, 1));
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B depthwiseConstraint(Constraint constraint) {
        return setKernelConstraint(constraint);
    }
}
