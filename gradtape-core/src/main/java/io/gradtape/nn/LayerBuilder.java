package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;

import java.util.Objects;
import java.util.function.Function;

/**
 * The options that {@link Dense.Builder} and the convolution builders ({@link ConvBuilder}) share: activation, bias,
 * the two initializers, dtype and name. {@code B} is the concrete builder, so each setter returns it and chains into
 * the layer's own options.
 *
 * @param <B> the concrete builder
 */
abstract class LayerBuilder<B extends LayerBuilder<B>> {
    Function<Tensor, Tensor> activation = Activations.get(null);
    boolean useBias = true;
    Initializer kernelInitializer;
    Initializer biasInitializer;
    DType dtype = DType.FLOAT32;
    String name;

    LayerBuilder() {
    }

    /** This builder as its concrete type, for the setters of this class and its subclasses to return. */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /**
     * A named activation ({@link Activations}); null for none.
     *
     * <pre>{@code
     * Dense.builder(8).activation("relu");
     * }</pre>
     *
     * @param name the name
     * @return this builder
     */
    public B activation(String name) {
        this.activation = Activations.get(name);
        return self();
    }

    /**
     * An activation function.
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).activation(NN::gelu);
     * }</pre>
     *
     * @param f the function
     * @return this builder
     */
    public B activation(Function<Tensor, Tensor> f) {
        this.activation = Objects.requireNonNull(f, "activation is null");
        return self();
    }

    /**
     * Whether to add a bias (default true).
     *
     * <pre>{@code
     * Dense.builder(8).useBias(false);
     * }</pre>
     *
     * @param useBias the flag
     * @return this builder
     */
    public B useBias(boolean useBias) {
        this.useBias = useBias;
        return self();
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
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer is null");
        return self();
    }

    /**
     * The bias's initializer (default zeros). It must return a tensor of the shape and dtype it is
     * given: when the layer is built, another shape or dtype is an {@link IllegalArgumentException} naming the
     * layer and both shapes, and the layer stays unbuilt.
     *
     * <pre>{@code
     * Dense.builder(8).biasInitializer(Initializers.constant(0.1));
     * }</pre>
     *
     * @param init the initializer
     * @return this builder
     */
    public B biasInitializer(Initializer init) {
        this.biasInitializer = Objects.requireNonNull(init, "biasInitializer is null");
        return self();
    }

    /**
     * The variables' dtype when the layer is built at construction (default float32).
     *
     * <pre>{@code
     * Dense.builder(8).inputSize(4).dtype(DType.FLOAT64);
     * }</pre>
     *
     * @param dtype float32 or float64
     * @return this builder
     */
    public B dtype(DType dtype) {
        this.dtype = Objects.requireNonNull(dtype, "dtype is null");
        return self();
    }

    /**
     * An explicit name (default: automatic, see {@link Module}).
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).name("stem");
     * }</pre>
     *
     * @param name the name
     * @return this builder
     */
    public B name(String name) {
        this.name = name;
        return self();
    }
}
