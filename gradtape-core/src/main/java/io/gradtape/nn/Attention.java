package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.Objects;

/**
 * Dot-product (Luong-style) attention without projections, Keras 3's {@code layers.Attention}
 * (keras/src/layers/attention/attention.py): for a query {@code (B, Tq, dim)}, a value {@code (B, Tv, dv)} and a
 * key {@code (B, Tv, dim)} (the value when not given),
 * <pre>
 * scores  = q k^T                                             (scoreMode "dot"; times scale with useScale)
 * scores  = concat_score_weight * sum_d tanh(q[:, :, None] + k[:, None, :])   ("concat"; scale inside the tanh)
 * scores -= 1e9                                               where a key is masked
 * weights = softmax(scores)   (dropout in training)
 * output  = weights @ value, times the query mask
 * </pre>
 * Variables, Keras's names: {@code scale} (a scalar, 1 at first) with {@code useScale}, and
 * {@code concat_score_weight} (a scalar, 1) with scoreMode {@code "concat"}; they are made at construction in the
 * builder's dtype (default float32), and inputs must have that dtype when there are any.
 *
 * <p><b>Masks</b>: a value mask {@code (B, Tv)} keeps keys from every query, as the layer's docstring says and as
 * Keras does since keras-team/keras#21595 (the fix of #21483: before it, a {@code (B, Tv)} mask without
 * {@code use_causal_mask} was subtracted from {@code (B, Tq, Tv)} scores without the query axis, which broadcasts
 * wrongly or fails). The masked scores are lowered by {@code 1e9}, not replaced, as Keras: a
 * query with every key masked then gets the softmax of its raw scores in float64 and nearly uniform weights in
 * float32. A query mask {@code (B, Tq)} zeroes the output at masked queries. {@code useCausalMask} keeps query
 * {@code i} from keys {@code j > i}. The output keeps the query's mask.
 *
 * <pre>{@code
 * Attention att = new Attention();
 * Tensor q = Tensors.ones(DType.FLOAT32, 2, 3, 4), v = Tensors.ones(DType.FLOAT32, 2, 5, 4);
 * att.call(q, v).shape();   // (2, 3, 4)
 * }</pre>
 */
public class Attention extends Module {
    private final boolean concat;
    private final Variable scale;
    private final Variable concatScoreWeight;
    private final Dropout dropout;

    /**
     * The result of {@link #callWithScores}.
     *
     * @param output the output, {@code (B, Tq, dv)}
     * @param scores the attention weights {@code (B, Tq, Tv)} after dropout, as Keras's
     *               {@code return_attention_scores}
     */
    public record Output(Tensor output, Tensor scores) {
    }

    /**
     * Dot-product attention without scale or dropout: Keras's {@code Attention()}.
     *
     * <pre>{@code
     * Attention att = new Attention();
     * }</pre>
     */
    public Attention() {
        this(builder());
    }

    private Attention(Builder b) {
        super(b.name);
        if (!b.dtype.isFloating()) {
            throw new IllegalArgumentException("Attention: dtype must be floating, got " + b.dtype);
        }
        this.concat = b.concat;
        this.dropout = b.dropout > 0 ? addModule(new Dropout(b.dropout, b.generator)) : null;
        this.scale = b.useScale ? addVariable("scale", Tensors.ones(b.dtype), true) : null;
        this.concatScoreWeight = b.concat ? addVariable("concat_score_weight", Tensors.ones(b.dtype), true) : null;
    }

    /**
     * A builder for the options: {@code useScale}, {@code scoreMode}, dropout, dtype and name.
     *
     * <pre>{@code
     * Attention att = Attention.builder().useScale(true).scoreMode("concat").build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Self-attention, {@code call(x, x)}.
     *
     * <pre>{@code
     * new Attention().call(Tensors.ones(DType.FLOAT32, 2, 3, 4)).shape();   // (2, 3, 4)
     * }</pre>
     *
     * @param x {@code (B, T, dim)}, floating
     * @return {@code (B, T, dim)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, Tensor, Tensor, Tensor, boolean)}
     */
    @Override
    public Tensor call(Tensor x) {
        return call(x, x, null, null, null, false);
    }

    /**
     * Keras's {@code layer([query, value])}.
     *
     * <pre>{@code
     * new Attention().call(Tensors.ones(DType.FLOAT32, 2, 3, 4), Tensors.ones(DType.FLOAT32, 2, 5, 4)).shape();   // (2, 3, 4)
     * }</pre>
     *
     * @param query {@code (B, Tq, dim)}, floating
     * @param value {@code (B, Tv, dim)}, query's dtype
     * @return {@code (B, Tq, dim)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, Tensor, Tensor, Tensor, boolean)}
     */
    public Tensor call(Tensor query, Tensor value) {
        return call(query, value, null, null, null, false);
    }

    /**
     * Self-attention over a masked sequence: Keras's {@code layer([x, x])} where {@code x} carries the mask, which
     * Keras passes as {@code mask=[mask, mask]} (query and value mask). The output keeps the mask.
     *
     * <pre>{@code
     * Tensor mask = Tensors.constant(new boolean[] {true, true, false}, 1, 3);
     * new Attention().callMasked(Tensors.ones(DType.FLOAT32, 1, 3, 4), mask);   // the last row is 0
     * }</pre>
     *
     * @param x    {@code (B, T, dim)}, floating
     * @param mask null, or BOOL {@code (B, T)}
     * @return {@code (B, T, dim)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, Tensor, Tensor, Tensor, boolean)}
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        return call(x, x, null, mask, mask, false);
    }

    /** Keras's {@code compute_mask}: the query's mask. */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * Keras's {@code layer([query, value, key], mask=[queryMask, valueMask], use_causal_mask=useCausalMask)}.
     *
     * <pre>{@code
     * Tensor q = Tensors.ones(DType.FLOAT32, 1, 2, 4), v = Tensors.ones(DType.FLOAT32, 1, 3, 4);
     * Tensor valueMask = Tensors.constant(new boolean[] {true, true, false}, 1, 3);
     * new Attention().call(q, v, null, null, valueMask, false);   // the third value is not attended to
     * }</pre>
     *
     * @param query         {@code (B, Tq, dim)}, floating
     * @param value         {@code (B, Tv, dv)}, query's dtype
     * @param key           {@code (B, Tv, dim)}, query's dtype, or null for {@code value}
     * @param queryMask     null, or BOOL {@code (B, Tq)}: the output is zero where false
     * @param valueMask     null, or BOOL {@code (B, Tv)}: keys not attended to where false
     * @param useCausalMask whether query {@code i} is kept from keys {@code j > i}
     * @return {@code (B, Tq, dv)}
     * @throws IllegalArgumentException if a rank is not 3, the batch sizes, lengths or query and key sizes differ,
     *                                  the dtypes differ, are not floating or not the variables', or a mask is not
     *                                  BOOL of its shape
     */
    public Tensor call(Tensor query, Tensor value, Tensor key, Tensor queryMask, Tensor valueMask, boolean useCausalMask) {
        return attend(query, value, key, queryMask, valueMask, useCausalMask).output();
    }

    /**
     * {@link #call(Tensor, Tensor, Tensor, Tensor, Tensor, boolean)} with the attention weights, Keras's
     * {@code return_attention_scores=True}.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 1, 3, 2);
     * new Attention().callWithScores(x, x, null, null, null, true).scores();   // [[[1 0 0] [0.5 0.5 0] [1/3 1/3 1/3]]]
     * }</pre>
     *
     * @param query         {@code (B, Tq, dim)}, floating
     * @param value         {@code (B, Tv, dv)}, query's dtype
     * @param key           {@code (B, Tv, dim)}, or null for {@code value}
     * @param queryMask     null, or BOOL {@code (B, Tq)}
     * @param valueMask     null, or BOOL {@code (B, Tv)}
     * @param useCausalMask whether query {@code i} is kept from keys {@code j > i}
     * @return the output and the weights {@code (B, Tq, Tv)}
     * @throws IllegalArgumentException as {@link #call(Tensor, Tensor, Tensor, Tensor, Tensor, boolean)}
     */
    public Output callWithScores(Tensor query, Tensor value, Tensor key, Tensor queryMask, Tensor valueMask,
                                 boolean useCausalMask) {
        return attend(query, value, key, queryMask, valueMask, useCausalMask);
    }

    private Output attend(Tensor q, Tensor v, Tensor key, Tensor qMask, Tensor vMask, boolean causal) {
        Objects.requireNonNull(q, () -> name() + ": query is null");
        Objects.requireNonNull(v, () -> name() + ": value is null");
        Tensor k = key != null ? key : v;
        check(q, v, k);
        int b = q.shape().dim(0);
        int tq = q.shape().dim(1);
        int tv = v.shape().dim(1);
        checkMask(qMask, "Attention needs a bool queryMask of shape (batch, Tq)", Shape.of(b, tq), "query", q.shape());
        checkMask(vMask, "Attention needs a bool valueMask of shape (batch, Tv)", Shape.of(b, tv), "value", v.shape());
        Tensor scores;
        if (!concat) {
            scores = Tensors.matmul(q, k, false, true);
            if (scale != null) {
                scores = scores.mul(scale);
            }
        } else {
            Tensor sum = Tensors.add(Tensors.expandDims(q, 2), Tensors.expandDims(k, 1));   // (B, Tq, Tv, dim)
            scores = Tensors.tanh(scale != null ? sum.mul(scale) : sum).sum(-1).mul(concatScoreWeight);
        }
        Tensor keep = vMask == null ? null : Tensors.cast(Tensors.expandDims(vMask, 1), q.dtype());   // (B, 1, Tv)
        if (causal) {
            Tensor rows = Tensors.reshape(Tensors.range(tq), tq, 1);
            Tensor cols = Tensors.reshape(Tensors.range(tv), 1, tv);
            Tensor lower = Tensors.cast(Tensors.greaterEqual(rows, cols), q.dtype());
            keep = keep == null ? lower : keep.mul(lower);
        }
        if (keep != null) {
            // scores -= 1e9 * (1 - keep), as _apply_scores (65504 only for float16, which gradtape has not)
            scores = scores.sub(Tensors.onesLike(keep).sub(keep).mul(1e9));
        }
        Tensor weights = Tensors.softmax(scores, -1);
        if (dropout != null) {
            weights = dropout.call(weights);
        }
        Tensor out = Tensors.matmul(weights, v);
        if (qMask != null) {
            out = out.mul(Tensors.cast(Tensors.expandDims(qMask, 2), out.dtype()));
        }
        return new Output(out, weights);
    }

    private void check(Tensor q, Tensor v, Tensor k) {
        if (q.rank() != 3 || v.rank() != 3 || k.rank() != 3) {
            throw new IllegalArgumentException(name() + ": Attention needs query, value and key of rank 3 (batch,"
                    + " sequence, features), got shapes " + q.shape() + ", " + v.shape() + " and " + k.shape());
        }
        Variable w = scale != null ? scale : concatScoreWeight;
        if (!q.dtype().isFloating() || v.dtype() != q.dtype() || k.dtype() != q.dtype() || (w != null && w.dtype() != q.dtype())) {
            throw new IllegalArgumentException(name() + ": Attention needs floating inputs of one dtype" + (w != null
                    ? ", its variables', " + w.dtype() : "") + ", got " + q.dtype() + ", " + v.dtype() + " and " + k.dtype()
                    + " (query, value, key)");
        }
        int[] qd = q.shape().dims();
        int[] vd = v.shape().dims();
        int[] kd = k.shape().dims();
        if (qd[0] != vd[0] || qd[0] != kd[0] || vd[1] != kd[1] || qd[2] != kd[2]) {
            throw new IllegalArgumentException(name() + ": query (B, Tq, dim), value (B, Tv, dv) and key (B, Tv, dim)"
                    + " must agree in B, Tv and dim, got shapes " + q.shape() + ", " + v.shape() + " and " + k.shape());
        }
    }

    /**
     * The scale variable, or null without {@code useScale}.
     *
     * <pre>{@code
     * Attention.builder().useScale(true).build().scale().shape();   // ()
     * }</pre>
     *
     * @return the variable
     */
    public Variable scale() {
        return scale;
    }

    /**
     * The weight of the concat scores, or null with scoreMode {@code "dot"}.
     *
     * <pre>{@code
     * Attention.builder().scoreMode("concat").build().concatScoreWeight();   // 1.0
     * }</pre>
     *
     * @return the variable
     */
    public Variable concatScoreWeight() {
        return concatScoreWeight;
    }

    /**
     * {@link Attention}'s options.
     *
     * <pre>{@code
     * Attention att = Attention.builder().useScale(true).dropout(0.1, Generator.fromSeed(1)).name("luong").build();
     * }</pre>
     */
    public static final class Builder {
        private boolean useScale;
        private boolean concat;
        private double dropout;
        private Generator generator;
        private DType dtype = DType.FLOAT32;
        private String name;

        Builder() {
        }

        /**
         * Whether the scores are multiplied by a trainable scalar {@code scale} (default false).
         *
         * <pre>{@code
         * Attention.builder().useScale(true);
         * }</pre>
         *
         * @param useScale the flag
         * @return this builder
         */
        public Builder useScale(boolean useScale) {
            this.useScale = useScale;
            return this;
        }

        /**
         * {@code "dot"} (default) or {@code "concat"}.
         *
         * <pre>{@code
         * Attention.builder().scoreMode("concat");
         * }</pre>
         *
         * @param mode the score function
         * @return this builder
         */
        public Builder scoreMode(String mode) {
            Objects.requireNonNull(mode, "Attention: scoreMode is null");
            if (!mode.equals("dot") && !mode.equals("concat")) {
                throw new IllegalArgumentException("Attention: scoreMode must be \"dot\" or \"concat\", got \"" + mode + "\"");
            }
            this.concat = mode.equals("concat");
            return this;
        }

        /**
         * Dropout on the attention weights in training (default 0), as a {@link Dropout} sub-module.
         *
         * <pre>{@code
         * Attention.builder().dropout(0.1, Generator.fromSeed(1));
         * }</pre>
         *
         * @param rate      in [0, 1)
         * @param generator the source of the masks
         * @return this builder
         */
        public Builder dropout(double rate, Generator generator) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("Attention: dropout must be in [0, 1), got " + rate);
            }
            this.generator = Objects.requireNonNull(generator, "Attention: generator is null");
            this.dropout = rate;
            return this;
        }

        /**
         * The variables' dtype (default float32).
         *
         * <pre>{@code
         * Attention.builder().useScale(true).dtype(DType.FLOAT64);
         * }</pre>
         *
         * @param dtype float32 or float64
         * @return this builder
         */
        public Builder dtype(DType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "dtype is null");
            return this;
        }

        /**
         * An explicit name (default: automatic, {@code attention}).
         *
         * <pre>{@code
         * Attention.builder().name("luong");
         * }</pre>
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * Attention att = Attention.builder().build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the dtype is not floating
         */
        public Attention build() {
            return new Attention(this);
        }
    }
}
