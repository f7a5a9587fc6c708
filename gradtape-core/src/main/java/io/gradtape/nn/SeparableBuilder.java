package io.gradtape.nn;

import java.util.Objects;

/**
 * What the separable convolution builders ({@link SeparableConv1D.Builder}, {@link SeparableConv2D.Builder}) add to
 * {@link DepthwiseBuilder}'s: the pointwise kernel's initializer (Keras's {@code pointwise_initializer}, Glorot uniform
 * by default), regularizer and constraint ({@code pointwise_regularizer}, {@code pointwise_constraint};
 * keras/src/layers/convolutional/base_separable_conv.py).
 *
 * @param <B> the concrete builder
 */
abstract class SeparableBuilder<B extends SeparableBuilder<B>> extends DepthwiseBuilder<B> {
    Initializer pointwiseInitializer;

    SeparableBuilder(String kind, int filters, int kernelSize) {
        super(kind, filters, kernelSize);
    }

    /**
     * The pointwise kernel's initializer (default Glorot uniform from {@link Initializers#defaultGenerator()}, fans
     * {@code in * multiplier} and {@code filters}), under the rule of {@link KernelBuilder#kernelInitializer}.
     *
     * <pre>{@code
     * SeparableConv2D.builder(16, 3).pointwiseInitializer(Initializers.heUniform(Generator.fromSeed(2)));
     * }</pre>
     *
     * @param init the initializer
     * @return this builder
     */
    public B pointwiseInitializer(Initializer init) {
        this.pointwiseInitializer = Objects.requireNonNull(init, () -> kind + ": pointwiseInitializer is null");
        return self();
    }

    /**
     * A penalty on the pointwise kernel (Keras's {@code pointwise_regularizer}; default none): {@link Module#losses()}
     * includes {@code regularizer.apply(pointwise_kernel)}, computed when it is read, while the kernel is trainable.
     *
     * <pre>{@code
     * SeparableConv2D.builder(16, 3).pointwiseRegularizer(Regularizers.l2(1e-4));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B pointwiseRegularizer(Regularizer regularizer) {
        this.weights.pointwiseRegularizer = regularizer;
        return self();
    }

    /**
     * A projection of the pointwise kernel after each optimizer step (Keras's {@code pointwise_constraint}; default
     * none), see {@link Constraint}; tried on the initial value when the layer is built, as
     * {@link #depthwiseConstraint}.
     *
     * <pre>{@code
     * SeparableConv2D.builder(16, 3).pointwiseConstraint(Constraints.unitNorm(0, 1, 2));
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B pointwiseConstraint(Constraint constraint) {
        this.weights.pointwiseConstraint = constraint;
        return self();
    }
}
