package io.gradtape.nn;

/**
 * The builders of the convolutions with a {@code kernel} ({@link Conv1D.Builder}, {@link Conv2D.Builder},
 * {@link Conv2DTranspose.Builder}): {@link BaseConvBuilder}'s options and the kernel's initializer, regularizer and
 * constraint (Keras's {@code kernel_*}; {@code keras/src/layers/convolutional/base_conv.py}), as {@link KernelBuilder}
 * gives them to {@link Dense.Builder}.
 *
 * @param <B> the concrete builder
 */
abstract class ConvBuilder<B extends ConvBuilder<B>> extends BaseConvBuilder<B> {
    ConvBuilder(String kind, int filters, int kernelSize) {
        super(kind, filters, kernelSize);
    }

    /**
     * The kernel's initializer (default Glorot uniform from {@link Initializers#defaultGenerator()}). It must return a tensor of the shape and dtype it is
     * given: when the layer is built, another shape or dtype is an {@link IllegalArgumentException} naming the
     * layer and both shapes, and the layer stays unbuilt.
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).kernelInitializer(Initializers.heNormal(Generator.fromSeed(1)));
     * }</pre>
     *
     * @param init the initializer
     * @return this builder
     */
    public B kernelInitializer(Initializer init) {
        return setKernelInitializer(init);
    }

    /**
     * A penalty on the kernel (Keras's {@code kernel_regularizer}; default none): {@link Module#losses()} includes
     * {@code regularizer.apply(kernel)}, computed when it is read, while the kernel is trainable.
     *
     * <pre>{@code
     * Conv2D.builder(64, 3).kernelRegularizer(Regularizers.l2(1e-4));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B kernelRegularizer(Regularizer regularizer) {
        return setKernelRegularizer(regularizer);
    }

    /**
     * A projection of the kernel after each optimizer step (Keras's {@code kernel_constraint}; default none), see
     * {@link Constraint}. The layer tries it on the kernel's initial value when it is built: another shape or dtype
     * is an {@link IllegalArgumentException} naming the layer, and the layer stays unbuilt.
     *
     * <pre>{@code
     * Conv2D.builder(64, 3).kernelConstraint(Constraints.maxNorm(3.0));
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B kernelConstraint(Constraint constraint) {
        return setKernelConstraint(constraint);
    }
}
