package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import java.util.Objects;

/**
 * The options {@link MultiHeadAttention.Builder} and {@link GroupedQueryAttention.Builder} share (Keras 3's common
 * keyword arguments of the two layers: {@code use_bias}, {@code dropout}, the initializers, regularizers and
 * constraints passed to every projection, the input sizes, the dtype and the name); each layer's builder adds its own
 * head options and {@code build()}. The examples use {@link MultiHeadAttention}; they read the same for
 * {@link GroupedQueryAttention}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class AttentionBuilder<B extends AttentionBuilder<B>> {
    /** The layer's name in error messages, e.g. {@code "MultiHeadAttention"}. */
    final String kind;
    boolean useBias = true;
    double dropout;
    Generator generator;
    Initializer kernelInitializer;
    Initializer biasInitializer;
    final WeightOptions weights = new WeightOptions();
    Regularizer activityRegularizer;
    int querySize;
    int valueSize;
    int keySize;
    DType dtype = DType.FLOAT32;
    String name;

    AttentionBuilder(String kind) {
        this.kind = kind;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** {@code n}, or an error naming the layer and {@code what} when it is not positive. */
    int positive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(kind + ": " + what + " must be positive, got " + n);
        }
        return n;
    }

    /**
     * Whether the four projections have biases (default true).
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).useBias(false);
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
     * Dropout on the attention weights in training (default rate 0: none), as a {@link Dropout} sub-module
     * named {@code dropout} drawing from {@code generator}.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).dropout(0.1, Generator.fromSeed(1));
     * }</pre>
     *
     * @param rate      in [0, 1)
     * @param generator the source of the masks
     * @return this builder
     */
    public B dropout(double rate, Generator generator) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(kind + ": dropout must be in [0, 1), got " + rate);
        }
        this.generator = Objects.requireNonNull(generator, kind + ": generator is null");
        this.dropout = rate;
        return self();
    }

    /**
     * The kernels' initializer (default Glorot uniform from {@link Initializers#defaultGenerator()}); each of
     * the four kernels is drawn by its own call, query's first.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).kernelInitializer(Initializers.glorotUniform(Generator.fromSeed(1)));
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
     * The biases' initializer (default zeros).
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).biasInitializer(Initializers.constant(0.1));
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
     * A penalty on each of the four projections' kernels (Keras's {@code kernel_regularizer}, which
     * {@code _get_common_kwargs_for_sublayer} passes to every projection; default none): {@link Module#losses()}
     * includes {@code regularizer.apply(kernel)} for each kernel while it is trainable.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).kernelRegularizer(Regularizers.l2(1e-4));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B kernelRegularizer(Regularizer regularizer) {
        weights.kernelRegularizer = regularizer;
        return self();
    }

    /**
     * A penalty on each projection's bias (Keras's {@code bias_regularizer}; default none); see
     * {@link #kernelRegularizer}.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).biasRegularizer(Regularizers.l1(1e-5));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B biasRegularizer(Regularizer regularizer) {
        weights.biasRegularizer = regularizer;
        return self();
    }

    /**
     * A projection of each of the four kernels after each optimizer step (Keras's {@code kernel_constraint};
     * default none), see {@link Constraint}. Tried on each kernel's initial value when the layer is built:
     * another shape or dtype is an {@link IllegalArgumentException} and the layer stays unbuilt.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).kernelConstraint(Constraints.maxNorm(3.0));
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B kernelConstraint(Constraint constraint) {
        weights.kernelConstraint = constraint;
        return self();
    }

    /**
     * A projection of each projection's bias after each optimizer step (Keras's {@code bias_constraint};
     * default none); see {@link #kernelConstraint}.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).biasConstraint(Constraints.nonNeg());
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B biasConstraint(Constraint constraint) {
        weights.biasConstraint = constraint;
        return self();
    }

    /**
     * A penalty on the output of each of the four projections (Keras's {@code activity_regularizer}, which
     * {@code _get_common_kwargs_for_sublayer} passes to each projection; default none): each call adds, per
     * projection, {@code regularizer.apply(y) / batch} to {@link Module#losses()} ({@code y} that projection's
     * output, as {@link LayerBuilder#activityRegularizer}). The attention layer's own output gets no penalty.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).activityRegularizer(Regularizers.l2(1e-5));
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
     * Builds the layer at construction for query, value and key of feature size {@code features}.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).inputSize(16);
     * }</pre>
     *
     * @param features positive
     * @return this builder
     */
    public B inputSize(int features) {
        return inputSizes(features, features, features);
    }

    /**
     * Builds the layer at construction for the given feature sizes of query, value and key.
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).inputSizes(16, 32, 32);
     * }</pre>
     *
     * @param query positive
     * @param value positive
     * @param key   positive
     * @return this builder
     */
    public B inputSizes(int query, int value, int key) {
        positive("a query size", query);
        positive("a value size", value);
        positive("a key size", key);
        this.querySize = query;
        this.valueSize = value;
        this.keySize = key;
        return self();
    }

    /**
     * The variables' dtype when the layer is built at construction (default float32).
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).inputSize(16).dtype(DType.FLOAT64);
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
     * An explicit name (default: automatic, {@code multi_head_attention}, see {@link Module}).
     *
     * <pre>{@code
     * MultiHeadAttention.builder(2, 8).name("cross_attention");
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
