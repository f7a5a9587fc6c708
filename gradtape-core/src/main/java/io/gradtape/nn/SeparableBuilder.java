package io.gradtape.nn;

import java.util.Objects;

/**
 * What the separable convolution builders ({@link SeparableConv1D.Builder}, {@link SeparableConv2D.Builder}) add to
 * {@link DepthwiseBuilder}'s: the pointwise kernel's initializer (Keras's {@code pointwise_initializer}, Glorot uniform
 * by default; keras/src/layers/convolutional/base_separable_conv.py).
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
     * {@code in * multiplier} and {@code filters}), under the rule of {@link LayerBuilder#kernelInitializer}.
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
}
