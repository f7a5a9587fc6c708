package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Grouped-query attention (Ainslie et al., "GQA: Training Generalized Multi-Query Transformer Models from Multi-Head
 * Checkpoints", 2023), Keras 3's {@code GroupedQueryAttention} (keras/src/layers/attention/grouped_query_attention.py)
 * for inputs {@code (batch, sequence, features)}: {@code numQueryHeads} query heads share
 * {@code numKeyValueHeads} key and value heads, each key/value head serving {@code numQueryHeads / numKeyValueHeads}
 * consecutive query heads (Keras's {@code ops.repeat(key, num_repeats, axis=2)}: query head {@code u} reads
 * key/value head {@code u / numRepeats}). One key/value head is multi-query attention; as many as query heads is
 * {@link MultiHeadAttention} with {@code keyDim = valueDim = headDim}. Per query head, as Keras's
 * {@code _compute_attention}:
 * <pre>
 * q = query Wq + bq            (B, T, U, H)     U = numQueryHeads, H = headDim
 * k = key Wk + bk,  v = value Wv + bv   (B, S, V, H), repeated to (B, S, U, H)
 * weights = softmax_s(q k^T / sqrt(H)), masked   (B, U, T, S)   (dropout in training)
 * out = sum_u (weights v)[b, t, u, :] Wo[u] + bo   (B, T, features of the query)
 * </pre>
 *
 * <p><b>Variables</b>, Keras's names and shapes (checkpoint paths {@code grouped_query_attention/query/kernel}, ...):
 * {@code query/kernel (dq, U, H)}, {@code query/bias (U, H)}, {@code key/kernel (dk, V, H)}, {@code key/bias (V, H)},
 * {@code value/kernel (dv, V, H)}, {@code value/bias (V, H)}, {@code attention_output/kernel (U, H, dq)} and
 * {@code attention_output/bias (dq,)}. Kernels start Glorot uniform with Keras's {@code compute_fans} (for
 * {@code (dq, U, H)}: {@code fanIn = U dq}, {@code fanOut = H dq}), biases zero. The output has the query's feature
 * size (Keras's layer has no {@code output_shape}). Built at the first call from the three feature sizes and the
 * query's dtype, or at construction with {@link Builder#inputSize}.
 *
 * <p><b>Masks</b> ({@link AttentionOptions}): as {@link MultiHeadAttention}'s, Keras's
 * {@code _compute_attention_mask}; a per-head attention mask is {@code (B, numQueryHeads, T, S)}. {@link #callMasked}
 * is Keras's {@code layer(x, x)} on a masked {@code x}, and the output keeps the query's mask. <b>Dropout</b>
 * ({@link Builder#dropout}) drops attention weights in training; {@link #callWithScores} returns them before
 * dropout, as Keras.
 *
 * <pre>{@code
 * GroupedQueryAttention gqa = new GroupedQueryAttention(16, 8, 2);   // 8 query heads in 4 groups of 2 key/value heads
 * Tensor x = Tensors.ones(DType.FLOAT32, 4, 10, 32);
 * Tensor y = gqa.call(x, x, AttentionOptions.defaults().useCausalMask(true));   // (4, 10, 32)
 * gqa.namedVariables().get("key/kernel").shape();   // (32, 2, 16)
 * }</pre>
 */
public class GroupedQueryAttention extends Module {
    private static final String KIND = "GroupedQueryAttention";
    private final int headDim;
    private final int numQueryHeads;
    private final int numKeyValueHeads;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    /** The projections' regularizers and constraints (one copy per layer) and their activity regularizer. */
    private final WeightOptions weights;
    private final Regularizer activityRegularizer;
    private final Dropout dropout;
    private AttentionProjection queryDense;
    private AttentionProjection keyDense;
    private AttentionProjection valueDense;
    private AttentionProjection outputDense;

    /**
     * The result of {@link #callWithScores}: the layer's output and the attention weights.
     *
     * @param output the output, {@code (B, T, dq)}
     * @param scores the attention weights before dropout, {@code (B, numQueryHeads, T, S)}, each row summing to 1
     */
    public record Output(Tensor output, Tensor scores) {
    }

    /**
     * A layer with biases and no dropout, built at its first call: Keras's
     * {@code GroupedQueryAttention(head_dim, num_query_heads, num_key_value_heads)}.
     *
     * <pre>{@code
     * GroupedQueryAttention gqa = new GroupedQueryAttention(64, 8, 2);
     * }</pre>
     *
     * @param headDim          the size of each head, positive
     * @param numQueryHeads    the query heads, a positive multiple of {@code numKeyValueHeads}
     * @param numKeyValueHeads the key and value heads, positive
     * @throws IllegalArgumentException if a size is not positive or the query heads are not a multiple of the
     *                                  key/value heads
     */
    public GroupedQueryAttention(int headDim, int numQueryHeads, int numKeyValueHeads) {
        this(builder(headDim, numQueryHeads, numKeyValueHeads));
    }

    private GroupedQueryAttention(Builder b) {
        super(b.name);
        this.headDim = b.headDim;
        this.numQueryHeads = b.numQueryHeads;
        this.numKeyValueHeads = b.numKeyValueHeads;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        this.weights = b.weights.copy();
        this.activityRegularizer = b.activityRegularizer;
        this.dropout = b.dropout > 0 ? addModule(new Dropout(b.dropout, b.generator)) : null;
        if (b.querySize > 0) {
            build(b.querySize, b.valueSize, b.keySize, b.dtype);
        }
    }

    /**
     * A builder for the other options: bias, dropout, initializers, input sizes, dtype and name.
     *
     * <pre>{@code
     * GroupedQueryAttention gqa = GroupedQueryAttention.builder(64, 8, 1).dropout(0.1, Generator.fromSeed(1)).build();
     * }</pre>
     *
     * @param headDim          the size of each head, positive
     * @param numQueryHeads    the query heads, a positive multiple of {@code numKeyValueHeads}
     * @param numKeyValueHeads the key and value heads, positive
     * @return a new builder
     * @throws IllegalArgumentException if a size is not positive or the query heads are not a multiple of the
     *                                  key/value heads
     */
    public static Builder builder(int headDim, int numQueryHeads, int numKeyValueHeads) {
        return new Builder(headDim, numQueryHeads, numKeyValueHeads);
    }

    /** Makes all four projections, then registers them: an initializer that fails leaves the layer unbuilt. */
    private void build(int querySize, int valueSize, int keySize, DType dtype) {
        // Keras's einsums "bqm,muh->bquh", "bkm,mvh->bkvh" (key and value) and "bquh,uhm->bqm"
        AttentionProjection q = new AttentionProjection(KIND, "query", dtype, new int[] {querySize},
                new int[] {numQueryHeads, headDim}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        AttentionProjection k = new AttentionProjection(KIND, "key", dtype, new int[] {keySize},
                new int[] {numKeyValueHeads, headDim}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        AttentionProjection v = new AttentionProjection(KIND, "value", dtype, new int[] {valueSize},
                new int[] {numKeyValueHeads, headDim}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        AttentionProjection o = new AttentionProjection(KIND, "attention_output", dtype,
                new int[] {numQueryHeads, headDim}, new int[] {querySize}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        queryDense = addModule(q);
        keyDense = addModule(k);
        valueDense = addModule(v);
        outputDense = addModule(o);
    }

    @Override
    boolean unbuilt() {
        return queryDense == null;
    }

    /**
     * Self-attention, {@code call(x, x, AttentionOptions.defaults())}; fits {@link Sequential} and
     * {@link Module#build(DType, int...)}.
     *
     * <pre>{@code
     * new GroupedQueryAttention(4, 4, 2).call(Tensors.ones(DType.FLOAT32, 3, 5, 6)).shape();   // (3, 5, 6)
     * }</pre>
     *
     * @param x {@code (B, T, features)}, floating
     * @return {@code (B, T, features)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}
     */
    @Override
    public Tensor call(Tensor x) {
        return call(x, x, AttentionOptions.defaults());
    }

    /**
     * Self-attention over a masked sequence, Keras's {@code layer(x, x)} on a masked {@code x}:
     * {@code call(x, x, AttentionOptions.defaults().queryMask(mask).valueMask(mask))} (see
     * {@link MultiHeadAttention#callMasked}). A null mask is {@link #call(Tensor)}.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 3, 8);
     * Tensor mask = Tensors.constant(new boolean[] {true, true, true, true, false, false}, 2, 3);
     * Tensor y = new GroupedQueryAttention(4, 2, 1).callMasked(x, mask);   // (2, 3, 8)
     * }</pre>
     *
     * @param x    {@code (B, T, features)}, floating
     * @param mask null, or a BOOL tensor {@code (B, T)}, true at the steps that count
     * @return {@code (B, T, features)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}, or if the mask is not BOOL
     *                                  of shape {@code (B, T)}
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (mask == null) {
            return call(x);
        }
        int[] d = x.shape().dims();
        checkMask(mask, KIND + " needs a bool mask of shape (batch, timesteps)", d.length == 3 ? Shape.of(d[0], d[1]) : null,
                "input", x.shape());
        return call(x, x, AttentionOptions.defaults().queryMask(mask).valueMask(mask));
    }

    /** Keras's {@code supports_masking=True}: the output keeps the query's mask. */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * Attention of {@code query} over {@code value}, which is also the key: Keras's {@code layer(query, value)}.
     *
     * <pre>{@code
     * Tensor q = Tensors.ones(DType.FLOAT32, 2, 3, 8), v = Tensors.ones(DType.FLOAT32, 2, 5, 4);
     * new GroupedQueryAttention(4, 4, 2).call(q, v).shape();   // (2, 3, 8)
     * }</pre>
     *
     * @param query {@code (B, T, dq)}, floating
     * @param value {@code (B, S, dv)}, query's dtype
     * @return {@code (B, T, dq)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}
     */
    public Tensor call(Tensor query, Tensor value) {
        return call(query, value, AttentionOptions.defaults());
    }

    /**
     * Keras's {@code layer(query, value, key=..., query_mask=..., value_mask=..., key_mask=..., attention_mask=...,
     * use_causal_mask=...)}, the optional arguments in {@code options} (see {@link AttentionOptions}). Builds the
     * layer first if needed; a call that throws leaves it as it was.
     *
     * <pre>{@code
     * Tensor q = Tensors.ones(DType.FLOAT32, 2, 4, 8), kv = Tensors.ones(DType.FLOAT32, 2, 6, 8);
     * Tensor kvPadding = Tensors.ones(DType.BOOL, 2, 6);
     * Tensor y = new GroupedQueryAttention(4, 4, 2).call(q, kv, AttentionOptions.defaults().valueMask(kvPadding));
     * }</pre>
     *
     * @param query   {@code (B, T, dq)}, floating
     * @param value   {@code (B, S, dv)}, query's dtype
     * @param options the key, masks and causal flag ({@link AttentionOptions#defaults()} for none)
     * @return {@code (B, T, dq)}
     * @throws IllegalArgumentException if an input does not have rank 3, the batch sizes differ, key and value
     *                                  differ in length, the dtypes differ or are not floating, the feature sizes are
     *                                  not those the layer was built for, a padding mask is not BOOL of its shape, or
     *                                  the attention mask does not broadcast
     */
    public Tensor call(Tensor query, Tensor value, AttentionOptions options) {
        return attend(query, value, options, false).output();
    }

    /**
     * {@link #call(Tensor, Tensor, AttentionOptions)} that also returns the attention weights, Keras's
     * {@code return_attention_scores=True}.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 4, 8);
     * GroupedQueryAttention.Output r = new GroupedQueryAttention(4, 4, 2).callWithScores(x, x, AttentionOptions.defaults());
     * r.scores().shape();   // (2, 4, 4, 4): one row of weights per query head
     * }</pre>
     *
     * @param query   {@code (B, T, dq)}, floating
     * @param value   {@code (B, S, dv)}, query's dtype
     * @param options the key, masks and causal flag
     * @return the output and the weights {@code (B, numQueryHeads, T, S)} before dropout
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}
     */
    public Output callWithScores(Tensor query, Tensor value, AttentionOptions options) {
        return attend(query, value, options, true);
    }

    private Output attend(Tensor query, Tensor value, AttentionOptions options, boolean scores) {
        Objects.requireNonNull(query, () -> name() + ": query is null");
        Objects.requireNonNull(value, () -> name() + ": value is null");
        Objects.requireNonNull(options, () -> name() + ": options are null (AttentionOptions.defaults() for none)");
        Tensor key = options.key() != null ? options.key() : value;
        MultiHeadAttention.checkInputs(this, KIND, query, value, key, false);
        MultiHeadAttention.checkBuilt(this, query, value, key, queryDense, valueDense, keyDense);
        Tensor mask = MultiHeadAttention.combinedMask(this, KIND, numQueryHeads, query, value, options);
        if (queryDense == null) {
            build(query.shape().dim(2), value.shape().dim(2), key.shape().dim(2), query.dtype());
        }
        Tensor q = queryDense.call(query);
        Tensor k = repeatHeads(keyDense.call(key));
        Tensor v = repeatHeads(valueDense.call(value));
        Tensor probs = NN.dotProductAttentionWeights(q, k, null, mask, 1 / Math.sqrt(headDim), options.useCausalMask());
        Tensor dropped = dropout != null ? dropout.call(probs) : probs;
        // (B, U, T, S) @ (B, U, S, H), back to (B, T, U, H)
        Tensor heads = Tensors.transpose(Tensors.matmul(dropped, Tensors.transpose(v, 0, 2, 1, 3)), 0, 2, 1, 3);
        return new Output(outputDense.call(heads), scores ? probs : null);
    }

    /** {@code (B, S, V, H)} to {@code (B, S, U, H)}, each key/value head repeated for its group: Keras's {@code ops.repeat}. */
    private Tensor repeatHeads(Tensor x) {
        return ShapeLayers.repeat(x, 2, numQueryHeads / numKeyValueHeads);
    }

    /**
     * The size of each head.
     *
     * <pre>{@code
     * new GroupedQueryAttention(64, 8, 2).headDim();   // 64
     * }</pre>
     *
     * @return the head size
     */
    public int headDim() {
        return headDim;
    }

    /**
     * The number of query heads.
     *
     * <pre>{@code
     * new GroupedQueryAttention(64, 8, 2).numQueryHeads();   // 8
     * }</pre>
     *
     * @return the query heads
     */
    public int numQueryHeads() {
        return numQueryHeads;
    }

    /**
     * The number of key and value heads.
     *
     * <pre>{@code
     * new GroupedQueryAttention(64, 8, 2).numKeyValueHeads();   // 2
     * }</pre>
     *
     * @return the key/value heads
     */
    public int numKeyValueHeads() {
        return numKeyValueHeads;
    }

    /**
     * {@link GroupedQueryAttention}'s options.
     *
     * <pre>{@code
     * GroupedQueryAttention gqa = GroupedQueryAttention.builder(8, 4, 2).useBias(false).inputSize(16)
     *         .dtype(DType.FLOAT64).name("self_attention").build();
     * }</pre>
     */
    public static final class Builder extends AttentionBuilder<Builder> {
        private final int headDim;
        private final int numQueryHeads;
        private final int numKeyValueHeads;

        Builder(int headDim, int numQueryHeads, int numKeyValueHeads) {
            super(KIND);
            if (headDim <= 0 || numQueryHeads <= 0 || numKeyValueHeads <= 0) {
                throw new IllegalArgumentException(KIND + ": headDim, numQueryHeads and numKeyValueHeads must be positive,"
                        + " got " + headDim + ", " + numQueryHeads + " and " + numKeyValueHeads);
            }
            if (numQueryHeads % numKeyValueHeads != 0) {
                // Keras: "`num_query_heads` must be divisible by `num_key_value_heads`."
                throw new IllegalArgumentException(KIND + ": numQueryHeads must be divisible by numKeyValueHeads, got "
                        + numQueryHeads + " and " + numKeyValueHeads);
            }
            this.headDim = headDim;
            this.numQueryHeads = numQueryHeads;
            this.numKeyValueHeads = numKeyValueHeads;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * GroupedQueryAttention gqa = GroupedQueryAttention.builder(8, 4, 2).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if input sizes are given and the dtype is not floating or an
         *                                  initializer returns another shape or dtype than it is asked for
         */
        public GroupedQueryAttention build() {
            return new GroupedQueryAttention(this);
        }
    }
}
