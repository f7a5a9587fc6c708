package io.gradtape.nn;

import io.gradtape.Tensor;

/**
 * The optional arguments of a {@link MultiHeadAttention} or {@link GroupedQueryAttention} call, Keras 3's
 * {@code layer(query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
 * use_causal_mask=False)} (keras/src/layers/attention/multi_head_attention.py and grouped_query_attention.py, their
 * {@code call}). Immutable: each method returns changed options, starting from {@link #defaults()}. Keras's other
 * two call arguments have their own Java form: {@code return_attention_scores=True} is the layer's
 * {@code callWithScores}, and {@code training} is the layer's {@link Module#training()} flag (set by
 * {@link Module#setTraining} or by {@code model.call(x, true)} on the model that holds the layer).
 *
 * <p><b>How the masks combine</b>, as Keras's {@code _compute_attention_mask}: with {@code T} queries and {@code S}
 * keys, query {@code t} may attend to key {@code s} when all of the given masks allow it,
 * <pre>
 * queryMask[b, t] &amp; valueMask[b, s] &amp; keyMask[b, s] &amp; (s &lt;= t if useCausalMask) &amp; attentionMask[b, t, s]
 * </pre>
 * The three padding masks are BOOL {@code (B, T)} or {@code (B, S)}; the attention mask is true (or nonzero) where
 * attention is allowed, of shape {@code (B, T, S)} or one that broadcasts to it ({@code (T, S)}, {@code (B, 1, S)},
 * ...), or per head {@code (B, heads, T, S)}. A query that may attend to no key (a padded query, under a query mask)
 * gets uniform weights over all keys, as Keras's fused attention path; its output is padding anyway.
 *
 * <p>Keras 3's {@code MultiHeadAttention.call} replaces an explicit {@code query_mask} by the query's own Keras
 * mask ({@code query_mask = backend.get_keras_mask(query)}), so there an explicit query mask on an unmasked query is
 * dropped; its {@code GroupedQueryAttention} and its {@code _compute_attention_mask} use the argument. Both layers
 * here use {@link #queryMask} as given. A masked sequence's own mask (Keras's {@code layer(x, x)} on a masked
 * {@code x}) goes through {@link Module#callMasked}, which is {@code queryMask(mask).valueMask(mask)}.
 *
 * <pre>{@code
 * MultiHeadAttention mha = new MultiHeadAttention(2, 4);
 * Tensor target = Tensors.ones(DType.FLOAT32, 2, 5, 8), source = Tensors.ones(DType.FLOAT32, 2, 7, 8);
 * Tensor sourcePadding = Tensors.ones(DType.BOOL, 2, 7);
 * Tensor y = mha.call(target, source, AttentionOptions.defaults().valueMask(sourcePadding));   // (2, 5, 8)
 * Tensor z = mha.call(target, target, AttentionOptions.defaults().useCausalMask(true));        // causal self-attention
 * }</pre>
 */
public final class AttentionOptions {
    private static final AttentionOptions DEFAULTS = new AttentionOptions(null, null, null, null, null, false);

    private final Tensor key;
    private final Tensor queryMask;
    private final Tensor valueMask;
    private final Tensor keyMask;
    private final Tensor attentionMask;
    private final boolean useCausalMask;

    private AttentionOptions(Tensor key, Tensor queryMask, Tensor valueMask, Tensor keyMask, Tensor attentionMask,
                             boolean useCausalMask) {
        this.key = key;
        this.queryMask = queryMask;
        this.valueMask = valueMask;
        this.keyMask = keyMask;
        this.attentionMask = attentionMask;
        this.useCausalMask = useCausalMask;
    }

    /**
     * No key (the value is the key), no masks, not causal: Keras's defaults.
     *
     * <pre>{@code
     * AttentionOptions o = AttentionOptions.defaults();
     * }</pre>
     *
     * @return the default options
     */
    public static AttentionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The key {@code (B, S, dk)}, when it is not the value (Keras's {@code key}); null for the value.
     *
     * <pre>{@code
     * AttentionOptions o = AttentionOptions.defaults().key(Tensors.ones(DType.FLOAT32, 2, 7, 3));
     * }</pre>
     *
     * @param key the key, of the query's dtype, or null
     * @return changed options
     */
    public AttentionOptions key(Tensor key) {
        return new AttentionOptions(key, queryMask, valueMask, keyMask, attentionMask, useCausalMask);
    }

    /**
     * The query's padding mask, BOOL {@code (B, T)}, true at the queries that count (Keras's {@code query_mask}): a
     * false query attends to no key (uniform weights; see the class comment). Null for none.
     *
     * <pre>{@code
     * AttentionOptions o = AttentionOptions.defaults().queryMask(Tensors.ones(DType.BOOL, 2, 5));
     * }</pre>
     *
     * @param queryMask the mask, or null
     * @return changed options
     */
    public AttentionOptions queryMask(Tensor queryMask) {
        return new AttentionOptions(key, queryMask, valueMask, keyMask, attentionMask, useCausalMask);
    }

    /**
     * The value's padding mask, BOOL {@code (B, S)}, true at the keys that count (Keras's {@code value_mask}): no
     * query attends to a false key. Null for none.
     *
     * <pre>{@code
     * AttentionOptions o = AttentionOptions.defaults().valueMask(Tensors.ones(DType.BOOL, 2, 7));
     * }</pre>
     *
     * @param valueMask the mask, or null
     * @return changed options
     */
    public AttentionOptions valueMask(Tensor valueMask) {
        return new AttentionOptions(key, queryMask, valueMask, keyMask, attentionMask, useCausalMask);
    }

    /**
     * The key's padding mask, BOOL {@code (B, S)}, combined with the value's by "and" (Keras's {@code key_mask}).
     * Null for none.
     *
     * <pre>{@code
     * AttentionOptions o = AttentionOptions.defaults().keyMask(Tensors.ones(DType.BOOL, 2, 7));
     * }</pre>
     *
     * @param keyMask the mask, or null
     * @return changed options
     */
    public AttentionOptions keyMask(Tensor keyMask) {
        return new AttentionOptions(key, queryMask, valueMask, keyMask, attentionMask, useCausalMask);
    }

    /**
     * Where query {@code t} may attend to key {@code s} (Keras's {@code attention_mask}): BOOL, or numbers nonzero
     * there, of shape {@code (B, T, S)} or broadcastable to it, or {@code (B or 1, heads or 1, T or 1, S or 1)}.
     * Null for none.
     *
     * <pre>{@code
     * // a (T, S) = (5, 7) pattern shared by every example
     * AttentionOptions o = AttentionOptions.defaults().attentionMask(Tensors.ones(DType.BOOL, 5, 7));
     * }</pre>
     *
     * @param attentionMask the mask, or null
     * @return changed options
     */
    public AttentionOptions attentionMask(Tensor attentionMask) {
        return new AttentionOptions(key, queryMask, valueMask, keyMask, attentionMask, useCausalMask);
    }

    /**
     * Whether query {@code t} is also kept from the keys {@code s > t} (Keras's {@code use_causal_mask}; false by
     * default). The pattern is top-left aligned, Keras's {@code _compute_causal_mask}: with fewer queries than keys,
     * query {@code t} still sees keys {@code 0..t}.
     *
     * <pre>{@code
     * AttentionOptions o = AttentionOptions.defaults().useCausalMask(true);
     * }</pre>
     *
     * @param useCausalMask the flag
     * @return changed options
     */
    public AttentionOptions useCausalMask(boolean useCausalMask) {
        return new AttentionOptions(key, queryMask, valueMask, keyMask, attentionMask, useCausalMask);
    }

    Tensor key() {
        return key;
    }

    Tensor queryMask() {
        return queryMask;
    }

    Tensor valueMask() {
        return valueMask;
    }

    Tensor keyMask() {
        return keyMask;
    }

    Tensor attentionMask() {
        return attentionMask;
    }

    boolean useCausalMask() {
        return useCausalMask;
    }
}
