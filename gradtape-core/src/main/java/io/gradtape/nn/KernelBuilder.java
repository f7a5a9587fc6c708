package io.gradtape.nn;

/**
 * {@link LayerBuilder}'s options and the kernel's initializer, regularizer and constraint (Keras's
 * {@code kernel_initializer}, {@code kernel_regularizer}, {@code kernel_constraint}): the builders of the layers with a
 * {@code kernel}, {@link Dense.Builder} and the recurrent ones ({@link RecurrentBuilder}). The convolutions have the
 * same three in {@link ConvBuilder}.
 *
 * @param <B> the concrete builder
 */
abstract class KernelBuilder<B extends KernelBuilder<B>> extends LayerBuilder<B> {
    KernelBuilder() {
    }

    /**
     * The kernel's initializer (default Glorot uniform from {@link Initializers#defaultGenerator()}). It must return a tensor of the shape and dtype it is
     * given: when the layer is built, another shape or dtype is an {@link IllegalArgumentException} naming the
     * layer and both shapes, and the layer stays unbuilt.
     *
     * <pre>{@code
     * Dense.builder(8).kernelInitializer(Initializers.heNormal(Generator.fromSeed(1)));
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
     * Dense.builder(64).kernelRegularizer(Regularizers.l2(1e-4));
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
     * Dense.builder(64).kernelConstraint(Constraints.maxNorm(3.0));
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B kernelConstraint(Constraint constraint) {
        return setKernelConstraint(constraint);
    }
}
