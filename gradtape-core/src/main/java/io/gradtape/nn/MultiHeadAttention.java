package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Multi-head attention (Vaswani et al., "Attention Is All You Need", 2017), Keras 3's {@code MultiHeadAttention}
 * (keras/src/layers/attention/multi_head_attention.py) for inputs {@code (batch, sequence, features)}. The query
 * {@code (B, T, dq)}, key {@code (B, S, dk)} and value {@code (B, S, dv)} are each projected to {@code numHeads}
 * heads, {@code (B, T, N, keyDim)}, {@code (B, S, N, keyDim)} and {@code (B, S, N, valueDim)}; each head attends
 * with scaled dot products ({@link io.gradtape.NN#dotProductAttention}, scale {@code 1 / sqrt(keyDim)}); the heads'
 * results {@code (B, T, N, valueDim)} are projected to {@code (B, T, outputDim)}, {@code outputDim} being the
 * query's feature size unless given ({@link Builder#outputShape}; a shape of several axes {@code (o1, o2, ...)} gives
 * {@code (B, T, o1, o2, ...)}, as Keras's tuple {@code output_shape}).
 *
 * <p><b>Variables</b>, with Keras's names and shapes, so that checkpoint paths line up: sub-modules {@code query},
 * {@code key} and {@code value}, each with {@code kernel (features, numHeads, size)} and {@code bias
 * (numHeads, size)}, and {@code attention_output} with {@code kernel (numHeads, valueDim, outputDim)} and
 * {@code bias (outputDim,)} (with an output shape of several axes, {@code kernel (numHeads, valueDim, o1, o2, ...)} and
 * {@code bias (o1, o2, ...)}); paths {@code multi_head_attention/query/kernel}, ... Kernels start Glorot uniform
 * (fans by Keras's {@code compute_fans}: for {@code (dq, N, H)}, {@code fanIn = N dq}, {@code fanOut = H dq}),
 * biases zero. The layer is built at its first call from the three feature sizes and the query's dtype, or at
 * construction with {@link Builder#inputSize}.
 *
 * <p><b>Masks</b> ({@link AttentionOptions}): Keras's {@code query_mask}, {@code value_mask}, {@code key_mask},
 * {@code attention_mask} and {@code use_causal_mask}, combined by "and" as Keras's {@code _compute_attention_mask}.
 * A query whose keys are all masked gets uniform weights (the mean of the projected values over all keys), as
 * Keras's fused path ({@code ops.dot_product_attention}); see {@link io.gradtape.NN#dotProductAttention} for Keras's
 * other path. Keras's automatic masks (from {@code Embedding(mask_zero=True)}): {@link #callMasked} is Keras's
 * {@code layer(x, x)} on a masked {@code x}, and the output keeps the query's mask.
 *
 * <p><b>Inputs of rank 4 or more</b> ({@link Builder#attentionAxes}, Keras's {@code attention_axes}): query
 * {@code (B, q1, ..., qm, dq)} and value {@code (B, s1, ..., sm, dv)} attend over the attention axes (all of
 * {@code 1..m} by default) with one softmax over all key positions, the other axes being batch axes; the output is
 * {@code (B, q1, ..., qm, outputDim)}. Such inputs take an {@code attentionMask} (broadcastable to the scores, see
 * {@link Builder#attentionAxes}) but no padding masks and no causal mask, which Keras defines for sequences only.
 *
 * <p><b>Dropout</b> ({@link Builder#dropout}) drops attention weights in training, as Keras; the scores
 * returned by {@link #callWithScores} are the weights before dropout, as Keras's.
 *
 * <pre>{@code
 * MultiHeadAttention mha = MultiHeadAttention.builder(2, 8).build();
 * Tensor x = Tensors.ones(DType.FLOAT32, 4, 10, 16);
 * Tensor y = mha.call(x, x, AttentionOptions.defaults().useCausalMask(true));   // causal self-attention, (4, 10, 16)
 * mha.namedVariables().keySet();   // [query/kernel, query/bias, key/kernel, key/bias, value/kernel, ...]
 * }</pre>
 */
public class MultiHeadAttention extends Module {
    private final int numHeads;
    private final int keyDim;
    private final int valueDim;
    /** Keras's {@code attention_axes} as given, or null for all axes but the batch and the features. */
    private final int[] attentionAxes;
    /** Keras's {@code output_shape}, or null for the query's feature size. */
    private final int[] outputShape;
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
     * @param output the output, {@code (B, T, outputDim)} (or {@code (B, T, o1, o2, ...)})
     * @param scores the attention weights before dropout, {@code (B, numHeads, T, S)}, each row summing to 1
     */
    public record Output(Tensor output, Tensor scores) {
    }

    /**
     * A layer of {@code numHeads} heads of size {@code keyDim} (for values too), with biases, no dropout, built at
     * its first call.
     *
     * <pre>{@code
     * MultiHeadAttention mha = new MultiHeadAttention(4, 16);
     * }</pre>
     *
     * @param numHeads the number of heads, positive
     * @param keyDim   the size of each head for query and key, positive
     */
    public MultiHeadAttention(int numHeads, int keyDim) {
        this(builder(numHeads, keyDim));
    }

    private MultiHeadAttention(Builder b) {
        super(b.name);
        this.numHeads = b.numHeads;
        this.keyDim = b.keyDim;
        this.valueDim = b.valueDim > 0 ? b.valueDim : b.keyDim;
        this.outputShape = b.outputShape;
        this.attentionAxes = b.attentionAxes;
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
     * A builder for the other options: value size, output size, bias, dropout, initializers, input sizes, dtype
     * and name.
     *
     * <pre>{@code
     * MultiHeadAttention mha = MultiHeadAttention.builder(8, 64).dropout(0.1, Generator.fromSeed(1)).build();
     * }</pre>
     *
     * @param numHeads the number of heads, positive
     * @param keyDim   the size of each head for query and key, positive
     * @return a new builder
     */
    public static Builder builder(int numHeads, int keyDim) {
        return new Builder(numHeads, keyDim);
    }

    /** Makes all four projections, then registers them: an initializer that fails leaves the layer unbuilt. */
    private void build(int querySize, int valueSize, int keySize, DType dtype) {
        int[] out = outputShape != null ? outputShape.clone() : new int[] {querySize};
        String kind = "MultiHeadAttention";
        AttentionProjection q = new AttentionProjection(kind, "query", dtype, new int[] {querySize},
                new int[] {numHeads, keyDim}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        AttentionProjection k = new AttentionProjection(kind, "key", dtype, new int[] {keySize},
                new int[] {numHeads, keyDim}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        AttentionProjection v = new AttentionProjection(kind, "value", dtype, new int[] {valueSize},
                new int[] {numHeads, valueDim}, useBias, kernelInitializer, biasInitializer,
                weights, activityRegularizer);
        AttentionProjection o = new AttentionProjection(kind, "attention_output", dtype, new int[] {numHeads, valueDim},
                out, useBias, kernelInitializer, biasInitializer,
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
     * Self-attention, {@code call(x, x, AttentionOptions.defaults())}, so that the layer fits {@link Sequential} and
     * {@link Module#build(DType, int...)} ({@code build(dtype, T, features)} builds it for self-attention).
     *
     * <pre>{@code
     * new MultiHeadAttention(2, 4).call(Tensors.ones(DType.FLOAT32, 3, 5, 6)).shape();   // (3, 5, 6)
     * }</pre>
     *
     * @param x {@code (B, T, features)}, floating
     * @return {@code (B, T, outputDim)} (or {@code (B, T, o1, o2, ...)})
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}
     */
    @Override
    public Tensor call(Tensor x) {
        return call(x, x, AttentionOptions.defaults());
    }

    /**
     * Self-attention over a masked sequence: Keras's {@code layer(x, x)} where {@code x} carries the mask
     * {@code (B, T)} (from {@link Embedding} with {@code maskZero}, say). Keras's {@code Layer.__call__} passes it as
     * both {@code query_mask} and {@code value_mask} (keras/src/layers/layer.py), and {@code _compute_attention_mask}
     * makes the attention mask {@code mask[:, :, None] & mask[:, None, :]}: padded keys get weight 0 and padded
     * queries attend uniformly to all keys (their outputs are padding too: the output keeps the mask,
     * {@link #computeMask}). So this is {@code call(x, x, AttentionOptions.defaults().queryMask(mask).valueMask(mask))};
     * for a causal or cross-attention over masked sequences, give those options. A null mask is {@link #call(Tensor)}.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 3, 8);
     * Tensor mask = Tensors.constant(new boolean[] {true, true, true, true, false, false}, 2, 3);
     * Tensor y = new MultiHeadAttention(2, 4).callMasked(x, mask);   // (2, 3, 8); example 1 ignores its last two steps
     * }</pre>
     *
     * @param x    {@code (B, T, features)}, floating
     * @param mask null, or a BOOL tensor {@code (B, T)}, true at the steps that count
     * @return {@code (B, T, outputDim)} (or {@code (B, T, o1, o2, ...)})
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
        checkMask(mask, "MultiHeadAttention needs a bool mask of shape (batch, timesteps)",
                d.length == 3 ? Shape.of(d[0], d[1]) : null, "input", x.shape());
        return call(x, x, AttentionOptions.defaults().queryMask(mask).valueMask(mask));
    }

    /** Keras's {@code supports_masking=True} and {@code set_keras_mask(attention_output, query_mask)}. */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * Attention of {@code query} over {@code value}, which is also the key: Keras's {@code layer(query, value)}.
     *
     * <pre>{@code
     * Tensor q = Tensors.ones(DType.FLOAT32, 2, 3, 8), v = Tensors.ones(DType.FLOAT32, 2, 5, 4);
     * new MultiHeadAttention(2, 4).call(q, v).shape();   // (2, 3, 8)
     * }</pre>
     *
     * @param query {@code (B, T, dq)}, floating
     * @param value {@code (B, S, dv)}, query's dtype
     * @return {@code (B, T, outputDim)} (or {@code (B, T, o1, o2, ...)})
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}
     */
    public Tensor call(Tensor query, Tensor value) {
        return call(query, value, AttentionOptions.defaults());
    }

    /**
     * Keras's {@code layer(query, value, key=..., query_mask=..., value_mask=..., key_mask=..., attention_mask=...,
     * use_causal_mask=...)}, the optional arguments in {@code options} (see {@link AttentionOptions} for how the
     * masks combine). Builds the layer first if needed; a call that throws leaves it as it was.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 4, 8);
     * // padding: the second example's last step is not attended to
     * Tensor keep = Tensors.constant(new boolean[] {true, true, true, true, true, true, true, false}, 2, 4);
     * Tensor y = new MultiHeadAttention(2, 4).call(x, x, AttentionOptions.defaults().valueMask(keep));   // (2, 4, 8)
     * }</pre>
     *
     * @param query   {@code (B, T, dq)}, floating
     * @param value   {@code (B, S, dv)}, query's dtype
     * @param options the key, masks and causal flag ({@link AttentionOptions#defaults()} for none)
     * @return {@code (B, T, outputDim)} (or {@code (B, T, o1, o2, ...)})
     * @throws IllegalArgumentException if an input does not have rank 3, the batch sizes differ, key and value
     *                                  differ in length, the dtypes differ or are not floating, the feature sizes
     *                                  are not those the layer was built for, a padding mask is not BOOL of its shape,
     *                                  or the attention mask does not broadcast
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
     * MultiHeadAttention.Output r = new MultiHeadAttention(2, 4).callWithScores(x, x,
     *         AttentionOptions.defaults().useCausalMask(true));
     * r.scores().shape();   // (2, 2, 4, 4), lower triangular
     * }</pre>
     *
     * @param query   {@code (B, T, dq)}, floating
     * @param value   {@code (B, S, dv)}, query's dtype
     * @param options the key, masks and causal flag ({@link AttentionOptions#defaults()} for none)
     * @return the output and the weights {@code (B, numHeads, T, S)} before dropout
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, AttentionOptions)}
     */
    public Output callWithScores(Tensor query, Tensor value, AttentionOptions options) {
        return attend(query, value, options, true);
    }

    private Output attend(Tensor query, Tensor value, AttentionOptions options, boolean scores) {
        Objects.requireNonNull(query, () -> name() + ": query is null");
        Objects.requireNonNull(value, () -> name() + ": value is null");
        Objects.requireNonNull(options, () -> name() + ": options are null (AttentionOptions.defaults() for none)");
        Tensor k = options.key() != null ? options.key() : value;
        int[] axes = check(query, value, k);
        if (query.rank() > 3) {
            return attendOverAxes(query, value, k, options, axes, scores);
        }
        Tensor mask = combinedMask(this, "MultiHeadAttention", numHeads, query, value, options);
        if (queryDense == null) {
            build(query.shape().dim(2), value.shape().dim(2), k.shape().dim(2), query.dtype());
        }
        Tensor q = queryDense.call(query);
        Tensor kp = keyDense.call(k);
        Tensor v = valueDense.call(value);
        Tensor probs = NN.dotProductAttentionWeights(q, kp, null, mask, 1 / Math.sqrt(keyDim), options.useCausalMask());
        Tensor dropped = dropout != null ? dropout.call(probs) : probs;
        // (B, N, T, S) @ (B, N, S, valueDim), back to (B, T, N, valueDim)
        Tensor heads = Tensors.transpose(Tensors.matmul(dropped, Tensors.transpose(v, 0, 2, 1, 3)), 0, 2, 1, 3);
        Tensor out = outputDense.call(heads);
        return new Output(out, scores ? probs : null);
    }

    /**
     * Ranks, dtypes and sizes of the inputs, and the feature sizes against a built layer, before anything runs; the
     * attention axes, resolved against the inputs' rank.
     */
    private int[] check(Tensor query, Tensor value, Tensor key) {
        int r = query.rank();
        checkInputs(this, "MultiHeadAttention", query, value, key, true);
        int[] axes = resolveAxes(r);
        int[] qd = query.shape().dims();
        int[] vd = value.shape().dims();
        int[] kd = key.shape().dims();
        if (r > 3) {
            boolean ok = qd[0] == vd[0];
            for (int i = 0; i < r - 1; i++) {
                ok &= vd[i] == kd[i];
            }
            for (int i = 1; i < r - 1; i++) {
                final int axis = i;
                ok &= java.util.Arrays.stream(axes).anyMatch(a -> a == axis) || qd[i] == vd[i];
            }
            if (!ok) {
                throw new IllegalArgumentException(name() + ": query, value and key must agree in the batch axis and the"
                        + " axes outside attentionAxes " + java.util.Arrays.toString(axes) + ", and value and key in all"
                        + " axes but the last, got shapes " + query.shape() + ", " + value.shape() + " and " + key.shape());
            }
        }
        checkBuilt(this, query, value, key, queryDense, valueDense, keyDense);
        return axes;
    }

    /**
     * The check of {@link MultiHeadAttention} and {@link GroupedQueryAttention} once built (the projections not
     * null): the inputs' last axes are the feature sizes, and the query's dtype the dtype, the layer was built for.
     */
    static void checkBuilt(Module layer, Tensor query, Tensor value, Tensor key, AttentionProjection queryDense,
                           AttentionProjection valueDense, AttentionProjection keyDense) {
        if (queryDense == null) {
            return;
        }
        int eq = queryDense.kernel().shape().dim(0);
        int ev = valueDense.kernel().shape().dim(0);
        int ek = keyDense.kernel().shape().dim(0);
        DType dt = queryDense.kernel().dtype();
        if (query.shape().dim(query.rank() - 1) != eq || value.shape().dim(value.rank() - 1) != ev
                || key.shape().dim(key.rank() - 1) != ek || query.dtype() != dt) {
            throw new IllegalArgumentException(layer.name() + ": inputs of shapes " + query.shape() + ", " + value.shape()
                    + " and " + key.shape() + " (query, value, key) and dtype " + query.dtype() + ", but the layer was"
                    + " built for feature sizes " + eq + ", " + ev + " and " + ek + " and dtype " + dt);
        }
    }

    /**
     * Keras's {@code _build_attention}: the attention axes for inputs of rank {@code r}, each in {@code 1..r-2}, a
     * negative one counted as {@code r + axis}; by default all of {@code 1..r-2}.
     */
    private int[] resolveAxes(int r) {
        if (attentionAxes == null) {
            return java.util.stream.IntStream.range(1, r - 1).toArray();
        }
        int[] axes = new int[attentionAxes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = attentionAxes[i] < 0 ? r + attentionAxes[i] : attentionAxes[i];
            if (a < 1 || a > r - 2) {
                throw new IllegalArgumentException(name() + ": attentionAxes " + java.util.Arrays.toString(attentionAxes)
                        + " for inputs of rank " + r + " must lie in 1.." + (r - 2) + " (or " + (1 - r) + "..-2), got "
                        + attentionAxes[i]);
            }
            axes[i] = a;
        }
        if (java.util.Arrays.stream(axes).distinct().count() != axes.length) {
            throw new IllegalArgumentException(name() + ": attentionAxes " + java.util.Arrays.toString(attentionAxes)
                    + " name one axis twice for inputs of rank " + r);
        }
        return axes;
    }

    /**
     * Attention over the given axes of inputs of rank 4 or more, Keras's {@code _build_attention_equation}: the
     * projected query {@code (B, q..., N, H)} is permuted to (batch axes with the heads, attention axes, H) and
     * flattened to {@code (batch, 1, Tf, H)}, the key and value likewise, so that one softmax runs over all key
     * positions; the weights are returned in Keras's layout (batch axes, heads, query axes, key axes).
     */
    private Output attendOverAxes(Tensor query, Tensor value, Tensor key, AttentionOptions o, int[] axes,
                                  boolean scores) {
        int r = query.rank();
        if (o.queryMask() != null || o.valueMask() != null || o.keyMask() != null || o.useCausalMask()) {
            // Keras's _compute_attention_mask reshapes these for (B, T) and (B, S) sequences, axis 1 only
            throw new IllegalArgumentException(name() + ": queryMask, valueMask, keyMask and useCausalMask need inputs of"
                    + " rank 3; for inputs of shapes " + query.shape() + " and " + value.shape() + " give an attentionMask");
        }
        int p = r + 1;   // the projections' rank: (B, ..., N, H)
        int k = axes.length;
        int[] batchAxes = java.util.stream.IntStream.range(0, p - 1)
                .filter(i -> java.util.Arrays.stream(axes).noneMatch(a -> a == i)).toArray();
        int[] perm = new int[p];
        System.arraycopy(batchAxes, 0, perm, 0, batchAxes.length);
        System.arraycopy(axes, 0, perm, batchAxes.length, k);
        perm[p - 1] = p - 1;
        int[] qd = new int[p];
        int[] sd = new int[p];
        int[] in = query.shape().dims();
        int[] vin = value.shape().dims();
        System.arraycopy(in, 0, qd, 0, r - 1);
        System.arraycopy(vin, 0, sd, 0, r - 1);
        qd[r - 1] = numHeads;
        sd[r - 1] = numHeads;
        int[] scoreShape = new int[batchAxes.length + 2 * k];
        int bf = 1;
        int tf = 1;
        int sf = 1;
        for (int i = 0; i < batchAxes.length; i++) {
            scoreShape[i] = qd[batchAxes[i]];
            bf *= qd[batchAxes[i]];
        }
        for (int i = 0; i < k; i++) {
            scoreShape[batchAxes.length + i] = qd[axes[i]];
            scoreShape[batchAxes.length + k + i] = sd[axes[i]];
            tf *= qd[axes[i]];
            sf *= sd[axes[i]];
        }
        Tensor mask = o.attentionMask() == null ? null : maskOverAxes(o.attentionMask(), scoreShape, k, bf, tf, sf);
        if (queryDense == null) {
            build(in[r - 1], vin[r - 1], key.shape().dim(r - 1), query.dtype());
        }
        Tensor q = Tensors.reshape(Tensors.transpose(queryDense.call(query), perm), bf, tf, 1, keyDim);
        Tensor kp = Tensors.reshape(Tensors.transpose(keyDense.call(key), perm), bf, sf, 1, keyDim);
        Tensor v = Tensors.reshape(Tensors.transpose(valueDense.call(value), perm), bf, sf, valueDim);
        Tensor probs = Tensors.reshape(NN.dotProductAttentionWeights(q, kp, null, mask, 1 / Math.sqrt(keyDim), false),
                scoreShape);
        Tensor dropped = dropout != null ? dropout.call(probs) : probs;
        Tensor heads = Tensors.matmul(Tensors.reshape(dropped, bf, tf, sf), v);   // (bf, tf, valueDim)
        int[] permuted = new int[p];
        for (int i = 0; i < p - 1; i++) {
            permuted[i] = qd[perm[i]];
        }
        permuted[p - 1] = valueDim;
        int[] inverse = new int[p];
        for (int i = 0; i < p; i++) {
            inverse[perm[i]] = i;
        }
        Tensor back = Tensors.transpose(Tensors.reshape(heads, permuted), inverse);   // (B, q..., N, valueDim)
        return new Output(outputDense.call(back), scores ? probs : null);
    }

    /**
     * An attention mask for {@link #attendOverAxes}: axes inserted before its query axes until it has the scores'
     * rank (Keras's {@code _masked_softmax}, which expands at axis {@code -2k - 1}), checked to broadcast to the
     * scores' shape, then flattened to {@code (bf, 1, tf, sf)}.
     */
    private Tensor maskOverAxes(Tensor mask, int[] scoreShape, int k, int bf, int tf, int sf) {
        Tensor m = mask;
        boolean ok = m.rank() >= 2 * k && m.rank() <= scoreShape.length;
        while (ok && m.rank() < scoreShape.length) {
            m = Tensors.expandDims(m, m.rank() - 2 * k);
        }
        for (int i = 0; ok && i < scoreShape.length; i++) {
            ok = m.shape().dim(i) == scoreShape[i] || m.shape().dim(i) == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException(name() + ": attentionMask of shape " + mask.shape() + " does not broadcast"
                    + " to the attention scores " + Shape.of(scoreShape) + " (batch axes, heads, query attention axes, key"
                    + " attention axes; the heads axis may be left out)");
        }
        Tensor b = Tensors.broadcastTo(Tensors.cast(m, DType.BOOL), scoreShape);
        return Tensors.reshape(b, bf, 1, tf, sf);
    }

    /**
     * The input check of {@link MultiHeadAttention} and {@link GroupedQueryAttention}: query {@code (B, T, dq)},
     * value {@code (B, S, dv)} and key {@code (B, S, dk)}, floating, of one dtype.
     */
    static void checkInputs(Module layer, String kind, Tensor query, Tensor value, Tensor key, boolean higherRanks) {
        int r = query.rank();
        boolean high = higherRanks && r > 3 && value.rank() == r && key.rank() == r;
        if (!high && (query.rank() != 3 || value.rank() != 3 || key.rank() != 3)) {
            throw new IllegalArgumentException(layer.name() + ": " + kind + " needs query, value and key of rank 3"
                    + " (batch, sequence, features)" + (higherRanks ? ", or of one rank above 3 (batch, ..., features)" : "")
                    + ", got shapes " + query.shape() + ", " + value.shape() + " and " + key.shape());
        }
        if (!query.dtype().isFloating() || value.dtype() != query.dtype() || key.dtype() != query.dtype()) {
            throw new IllegalArgumentException(layer.name() + ": " + kind + " needs floating inputs of one dtype, got "
                    + query.dtype() + ", " + value.dtype() + " and " + key.dtype() + " (query, value, key)");
        }
        int[] qd = query.shape().dims();
        int[] vd = value.shape().dims();
        int[] kd = key.shape().dims();
        if (!high && (qd[0] != vd[0] || qd[0] != kd[0] || vd[1] != kd[1])) {
            throw new IllegalArgumentException(layer.name() + ": query (B, T, dq), value (B, S, dv) and key (B, S, dk)"
                    + " must agree in batch size and value and key in length, got shapes " + query.shape() + ", "
                    + value.shape() + " and " + key.shape());
        }
    }

    /**
     * Keras's {@code _compute_attention_mask} without the causal part (which {@link NN#dotProductAttentionWeights}
     * applies, "and"-ed in the same way): {@code queryMask[:, None, :, None] & valueMask[:, None, None, :] &
     * keyMask[:, None, None, :] & attentionMask}, as 0/1 numbers of the query's dtype broadcastable to
     * {@code (B, heads, T, S)}, or null when no mask is given. Every mask is checked before anything is computed.
     */
    static Tensor combinedMask(Module layer, String kind, int heads, Tensor query, Tensor value, AttentionOptions o) {
        int b = query.shape().dim(0);
        int t = query.shape().dim(1);
        int s = value.shape().dim(1);
        Tensor key = o.key() != null ? o.key() : value;
        layer.checkMask(o.queryMask(), kind + " needs a bool queryMask of shape (batch, query length)", Shape.of(b, t),
                "query", query.shape());
        layer.checkMask(o.valueMask(), kind + " needs a bool valueMask of shape (batch, value length)", Shape.of(b, s),
                "value", value.shape());
        layer.checkMask(o.keyMask(), kind + " needs a bool keyMask of shape (batch, key length)", Shape.of(b, s),
                "key", key.shape());
        Tensor attention = o.attentionMask() == null ? null : mask4(layer, o.attentionMask(), b, heads, t, s);
        DType dt = query.dtype();
        Tensor m = null;
        if (o.queryMask() != null) {
            m = Tensors.reshape(Tensors.cast(o.queryMask(), dt), b, 1, t, 1);
        }
        for (Tensor pad : new Tensor[] {o.valueMask(), o.keyMask()}) {
            if (pad != null) {
                Tensor p = Tensors.reshape(Tensors.cast(pad, dt), b, 1, 1, s);
                m = m == null ? p : m.mul(p);
            }
        }
        if (attention != null) {
            // numbers count as true where nonzero (Keras's ops.cast(attention_mask, "bool"))
            Tensor a = Tensors.cast(Tensors.cast(attention, DType.BOOL), dt);
            m = m == null ? a : m.mul(a);
        }
        return m;
    }

    /** The mask as {@code (B, N, T, S)} or broadcastable to it, after checking it broadcasts to {@code (B, T, S)}. */
    private static Tensor mask4(Module layer, Tensor mask, int b, int heads, int t, int s) {
        int[] d = mask.shape().dims();
        int[] target = d.length == 4 ? new int[] {b, heads, t, s} : new int[] {b, t, s};
        boolean ok = d.length >= 2 && d.length <= 4;
        for (int i = 0; ok && i < d.length; i++) {
            int want = target[target.length - d.length + i];
            ok = d[i] == want || d[i] == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException(layer.name() + ": attentionMask of shape " + mask.shape() + " does not"
                    + " broadcast to (batch, query length, key length) = " + Shape.of(b, t, s) + " (or (batch, heads,"
                    + " query length, key length) = " + Shape.of(b, heads, t, s) + ")");
        }
        // Keras inserts the heads axis before the query axis of a (B, T, S) mask
        return d.length == 3 ? Tensors.expandDims(mask, 1) : mask;
    }

    /**
     * The number of heads.
     *
     * <pre>{@code
     * new MultiHeadAttention(4, 16).numHeads();   // 4
     * }</pre>
     *
     * @return the heads
     */
    public int numHeads() {
        return numHeads;
    }

    /**
     * The size of each head for query and key.
     *
     * <pre>{@code
     * new MultiHeadAttention(4, 16).keyDim();   // 16
     * }</pre>
     *
     * @return the key size
     */
    public int keyDim() {
        return keyDim;
    }

    /**
     * The size of each head for value (keyDim unless given).
     *
     * <pre>{@code
     * MultiHeadAttention.builder(4, 16).valueDim(8).build().valueDim();   // 8
     * }</pre>
     *
     * @return the value size
     */
    public int valueDim() {
        return valueDim;
    }

    /**
     * {@link MultiHeadAttention}'s options.
     *
     * <pre>{@code
     * MultiHeadAttention mha = MultiHeadAttention.builder(2, 8).valueDim(4).outputShape(32).useBias(false)
     *         .inputSize(16).dtype(DType.FLOAT64).name("self_attention").build();
     * }</pre>
     */
    public static final class Builder extends AttentionBuilder<Builder> {
        private final int numHeads;
        private final int keyDim;
        private int valueDim;
        private int[] outputShape;
        private int[] attentionAxes;

        Builder(int numHeads, int keyDim) {
            super("MultiHeadAttention");
            if (numHeads <= 0 || keyDim <= 0) {
                throw new IllegalArgumentException("MultiHeadAttention: numHeads and keyDim must be positive, got "
                        + numHeads + " and " + keyDim);
            }
            this.numHeads = numHeads;
            this.keyDim = keyDim;
        }

        /**
         * The size of each head for value (default keyDim).
         *
         * <pre>{@code
         * MultiHeadAttention.builder(2, 8).valueDim(4);
         * }</pre>
         *
         * @param valueDim positive
         * @return this builder
         */
        public Builder valueDim(int valueDim) {
            this.valueDim = positive("valueDim", valueDim);
            return this;
        }

        /**
         * The shape of each output position (Keras's {@code output_shape}, an int or a tuple; default: the query's
         * feature size): one size {@code o} gives outputs {@code (B, T, o)}; several, {@code (o1, o2, ...)}, give
         * {@code (B, T, o1, o2, ...)}, the output projection's kernel being {@code (numHeads, valueDim, o1, o2, ...)}
         * and its bias {@code (o1, o2, ...)} (Keras's {@code _make_output_dense}).
         *
         * <pre>{@code
         * MultiHeadAttention.builder(2, 8).outputShape(32);      // (B, T, 32)
         * MultiHeadAttention.builder(2, 8).outputShape(4, 8);    // (B, T, 4, 8)
         * }</pre>
         *
         * @param shape one or more positive sizes
         * @return this builder
         * @throws IllegalArgumentException if no size is given or a size is not positive
         */
        public Builder outputShape(int... shape) {
            Objects.requireNonNull(shape, "MultiHeadAttention: outputShape is null");
            if (shape.length == 0) {
                throw new IllegalArgumentException("MultiHeadAttention: outputShape needs at least one size");
            }
            for (int d : shape) {
                positive("outputShape " + java.util.Arrays.toString(shape) + ": each size", d);
            }
            this.outputShape = shape.clone();
            return this;
        }

        /**
         * The axes attention runs over, for inputs of rank 4 or more (Keras's {@code attention_axes}; default: every
         * axis but the batch and the features). With query {@code (B, q1, ..., qm, dq)} and value
         * {@code (B, s1, ..., sm, dv)}, each query position attends to every key position over these axes at once
         * (one softmax over all of them), and the other axes are batch axes (the query's and the value's sizes must
         * agree there). Axes count in the input, negative ones from its end ({@code -2} is the last before the
         * features). The weights returned by {@link #callWithScores} have Keras's layout: the batch axes, then
         * {@code numHeads} after them, then the query's attention axes, then the key's. Rank 3 inputs attend over
         * axis 1, the only choice.
         *
         * <pre>{@code
         * // images (B, H, W, C): attend along the width only, each row on its own
         * MultiHeadAttention rows = MultiHeadAttention.builder(2, 8).attentionAxes(2).build();
         * }</pre>
         *
         * @param axes one or more distinct axes
         * @return this builder
         * @throws IllegalArgumentException if no axis is given or one repeats
         */
        public Builder attentionAxes(int... axes) {
            Objects.requireNonNull(axes, "MultiHeadAttention: attentionAxes is null");
            if (axes.length == 0 || java.util.Arrays.stream(axes).distinct().count() != axes.length) {
                throw new IllegalArgumentException("MultiHeadAttention: attentionAxes must be one or more distinct axes,"
                        + " got " + java.util.Arrays.toString(axes));
            }
            this.attentionAxes = axes.clone();
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * MultiHeadAttention mha = MultiHeadAttention.builder(2, 8).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if input sizes are given and the dtype is not floating or an
         *                                  initializer returns another shape or dtype than it is asked for
         */
        public MultiHeadAttention build() {
            return new MultiHeadAttention(this);
        }
    }
}
