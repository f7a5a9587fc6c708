package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Scaled dot-product attention, the composite behind {@code NN.dotProductAttention} and
 * {@code NN.dotProductAttentionWeights}: transposes, two batched matmuls, a {@code where} per mask and a softmax, so
 * every derivative order comes from those ops. Layout as Keras 3's {@code ops.dot_product_attention}
 * (keras/src/backend/tensorflow/nn.py, {@code _dot_product_attention_xla} and {@code _apply_masks}): query
 * {@code (B, T, N, H)}, key {@code (B, S, N, H)}, value {@code (B, S, N, Hv)}, logits and probabilities
 * {@code (B, N, T, S)}.
 */
public final class Attention {
    /**
     * What a masked-out logit becomes: Keras's {@code _get_large_negative} for every dtype but float16,
     * {@code -0.7 * 3.38953e38}, finite in float32 so that {@code x - max} in the softmax stays finite.
     */
    static final double LARGE_NEGATIVE = -0.7 * 3.38953e38;

    private Attention() {
    }

    /**
     * The attention probabilities {@code softmax(scale * q k^T + bias)} over the keys, masked logits replaced by
     * {@link #LARGE_NEGATIVE} first; {@code (B, N, T, S)}. Checks everything before recording anything.
     *
     * @param op     the name for messages
     * @param v      the value, checked against q and k, or null
     * @param bias   null, or floating of q's dtype broadcastable to {@code (B, N, T, S)}
     * @param mask   null, or broadcastable to {@code (B, N, T, S)}; BOOL, or numbers where nonzero attends
     * @param causal whether key {@code j} is hidden from query {@code i} when {@code j > i} (top-left aligned)
     */
    public static Tensor probabilities(String op, Tensor q, Tensor k, Tensor v, Tensor bias, Tensor mask, double scale,
                                       boolean causal) {
        Objects.requireNonNull(q, () -> op + ": query is null");
        Objects.requireNonNull(k, () -> op + ": key is null");
        check(op, q, k, v);
        if (!(Double.isFinite(scale))) {
            throw new IllegalArgumentException(op + ": scale must be finite, got " + scale);
        }
        int[] qd = q.shape().dims();
        int[] kd = k.shape().dims();
        int[] logitShape = {qd[0], qd[2], qd[1], kd[1]};
        if (bias != null) {
            ShapeRules.sameDType(op, q, bias);
            requireBroadcastsTo(op, "bias", bias.shape(), logitShape);
        }
        if (mask != null) {
            requireBroadcastsTo(op, "mask", mask.shape(), logitShape);
        }
        // (B, N, T, H) @ (B, N, S, H)^T: the logits (B, N, T, S)
        Tensor logits = Tensors.matmul(Tensors.transpose(q, 0, 2, 1, 3), Tensors.transpose(k, 0, 2, 1, 3), false, true);
        // scaled after the product, as the op's backends do (MultiHeadAttention's non-fused path scales q first)
        logits = Tensors.mul(logits, Tensors.constant(scale, q.dtype()));
        if (bias != null) {
            logits = Tensors.add(logits, bias);
        }
        Tensor neg = Tensors.constant(LARGE_NEGATIVE, q.dtype());
        if (mask != null) {
            Tensor m = mask.dtype() == DType.BOOL ? mask : Tensors.cast(mask, DType.BOOL);
            logits = Tensors.where(m, logits, neg);
        }
        if (causal) {
            // key j is visible from query i when j <= i: band_part(ones(T, S), -1, 0)
            Tensor rows = Tensors.reshape(Tensors.range(qd[1]), qd[1], 1);
            Tensor cols = Tensors.reshape(Tensors.range(kd[1]), 1, kd[1]);
            logits = Tensors.where(Tensors.greaterEqual(rows, cols), logits, neg);
        }
        return Tensors.softmax(logits, -1);
    }

    /** {@code probs @ v} back in the query's layout: {@code (B, N, T, S)} by {@code (B, S, N, Hv)} to {@code (B, T, N, Hv)}. */
    public static Tensor combine(Tensor probs, Tensor v) {
        return Tensors.transpose(Tensors.matmul(probs, Tensors.transpose(v, 0, 2, 1, 3)), 0, 2, 1, 3);
    }

    /** Ranks, dtypes and the shared sizes of query, key and value. */
    private static void check(String op, Tensor q, Tensor k, Tensor v) {
        ShapeRules.requireFloating(op, q);
        ShapeRules.sameDType(op, q, k);
        if (v == null) {
            if (q.rank() != 4 || k.rank() != 4) {
                throw new IllegalArgumentException(op + ": query and key must have rank 4 (batch, sequence, heads, head"
                        + " size), got shapes " + q.shape() + " and " + k.shape());
            }
            int[] qd = q.shape().dims();
            int[] kd = k.shape().dims();
            if (qd[0] != kd[0] || qd[2] != kd[2] || qd[3] != kd[3]) {
                throw new IllegalArgumentException(op + ": query (B, T, N, H) and key (B, S, N, H) must agree in B, N"
                        + " and H, got shapes " + q.shape() + " and " + k.shape());
            }
            return;
        }
        ShapeRules.sameDType(op, q, v);
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException(op + ": query, key and value must have rank 4 (batch, sequence, heads,"
                    + " head size), got shapes " + q.shape() + ", " + k.shape() + " and " + v.shape());
        }
        int[] qd = q.shape().dims();
        int[] kd = k.shape().dims();
        int[] vd = v.shape().dims();
        if (qd[0] != kd[0] || qd[0] != vd[0] || qd[2] != kd[2] || qd[2] != vd[2] || qd[3] != kd[3] || kd[1] != vd[1]) {
            throw new IllegalArgumentException(op + ": query (B, T, N, H), key (B, S, N, H) and value (B, S, N, Hv)"
                    + " must agree in B, N, S and H, got shapes " + q.shape() + ", " + k.shape() + " and " + v.shape());
        }
    }

    /** Whether {@code s} broadcasts to {@code target} without changing it: rank at most 4, each size 1 or equal. */
    private static void requireBroadcastsTo(String op, String what, Shape s, int[] target) {
        int[] d = s.dims();
        boolean ok = d.length <= target.length;
        for (int i = 0; ok && i < d.length; i++) {
            int t = target[target.length - d.length + i];
            ok = d[i] == t || d[i] == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + s + " does not broadcast to the logits' "
                    + Shape.of(target) + " (batch, heads, query length, key length)");
        }
    }
}
