package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;

import java.util.Objects;
import java.util.function.Function;

/**
 * The options that every layer builder here shares, each consumed by every layer built: activation, bias and its
 * initializer, regularizer and constraint, the activity regularizer, dtype and name. The kernel's initializer,
 * regularizer and constraint are public only in {@link KernelBuilder} ({@link Dense.Builder}, {@link RecurrentBuilder})
 * and {@link ConvBuilder} (Conv1D, Conv2D, Conv2DTranspose), the builders whose layers have a {@code kernel} option:
 * the depthwise and separable builders ({@link DepthwiseBuilder}, {@link SeparableBuilder}) take Keras's
 * {@code depthwise_*} and {@code pointwise_*} instead, so no builder has a setter its layer would ignore. {@code B} is
 * the concrete builder, so each setter returns it and chains into the layer's own options.
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
    final WeightOptions weights = new WeightOptions();
    Regularizer activityRegularizer;

    LayerBuilder() {
    }

    /** The kernel setters of {@link KernelBuilder} and {@link ConvBuilder}, in one place. */
    final B setKernelInitializer(Initializer init) {
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer is null");
        return self();
    }

    final B setKernelRegularizer(Regularizer regularizer) {
        this.weights.kernelRegularizer = regularizer;
        return self();
    }

    final B setKernelConstraint(Constraint constraint) {
        this.weights.kernelConstraint = constraint;
        return self();
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
     * A penalty on the bias (Keras's {@code bias_regularizer}; default none); see {@link #kernelRegularizer}.
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).biasRegularizer(Regularizers.l1(1e-5));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B biasRegularizer(Regularizer regularizer) {
        this.weights.biasRegularizer = regularizer;
        return self();
    }

    /**
     * A penalty on the layer's output (Keras's {@code activity_regularizer}; default none): each call adds
     * {@code regularizer.apply(output) / batchSize} to {@link Module#losses()} (for each output: a recurrent layer with
     * {@code returnState} also penalizes its final states, as Keras).
     *
     * <pre>{@code
     * Dense.builder(64).activityRegularizer(Regularizers.l1(1e-5));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B activityRegularizer(Regularizer regularizer) {
        this.activityRegularizer = regularizer;
        return self();
    }

    /**
     * A projection of the bias after each optimizer step (Keras's {@code bias_constraint}; default none); see
     * {@link #kernelConstraint}.
     *
     * <pre>{@code
     * Dense.builder(64).biasConstraint(Constraints.nonNeg());
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B biasConstraint(Constraint constraint) {
        this.weights.biasConstraint = constraint;
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
