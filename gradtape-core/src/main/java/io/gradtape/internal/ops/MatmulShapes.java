package io.gradtape.internal.ops;

import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Arrays;

import static io.gradtape.internal.ops.ShapeRules.batchShape;
import static io.gradtape.internal.ops.ShapeRules.broadcast;
import static io.gradtape.internal.ops.ShapeRules.requireFloating;
import static io.gradtape.internal.ops.ShapeRules.sameDType;
import static io.gradtape.internal.ops.ShapeRules.shape;

/**
 * The shape rule of matmul: floating operands of one dtype and rank >= 2, inner dimensions equal after the
 * transposes of {@link Params.Matmul}, batch dimensions (all but the last two) broadcast as NumPy.
 */
final class MatmulShapes {
    private MatmulShapes() {
    }

    /** {@code x @ kernel + bias}: x of {@code m x k}, kernel of {@code k x n}, bias of {@code n}; one floating dtype. */
    static ShapeRules.Out linear(String op, Params params, Tensor[] in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in[2];
        sameDType(op, x, w);
        sameDType(op, x, b);
        requireFloating(op, x);
        if (x.rank() != 2 || w.rank() != 2 || b.rank() != 1) {
            throw new IllegalArgumentException(op + ": needs x of rank 2, kernel of rank 2 and bias of rank 1, got shapes "
                    + x.shape() + ", " + w.shape() + " and " + b.shape());
        }
        if (x.shape().dim(1) != w.shape().dim(0)) {
            throw new IllegalArgumentException(op + ": cannot multiply x " + x.shape() + " by kernel " + w.shape()
                    + ": inner dimensions " + x.shape().dim(1) + " and " + w.shape().dim(0) + " differ");
        }
        if (w.shape().dim(1) != b.shape().dim(0)) {
            throw new IllegalArgumentException(op + ": bias " + b.shape() + " must have one element per column of kernel "
                    + w.shape() + ", " + w.shape().dim(1));
        }
        return new ShapeRules.Out(x.dtype(), shape(op, new int[] {x.shape().dim(0), w.shape().dim(1)}));
    }

    /**
     * The fix when transposing one operand, or both, would make the inner dimensions agree and the batch
     * dimensions broadcast: the call that does it ({@code "; matmul(a, b, false, true) computes a @ b^T"}), or
     * nothing.
     */
    private static String transposeHint(String op, Shape sa, Shape sb, boolean ta, boolean tb) {
        try {
            broadcast(op, batchShape(sa), batchShape(sb));
        } catch (IllegalArgumentException batchesDiffer) {
            return ""; // no transposition fixes the batch
        }
        for (int flip = 1; flip <= 3; flip++) { // b's flag, a's, then both
            boolean a = ta ^ (flip >= 2);
            boolean b = tb ^ (flip != 2);
            if ((a ? sa.dim(-2) : sa.dim(-1)) == (b ? sb.dim(-1) : sb.dim(-2))) {
                return "; matmul(a, b, " + a + ", " + b + ") computes a" + (a ? "^T" : "") + " @ b" + (b ? "^T" : "");
            }
        }
        return "";
    }

    /** {@code op(a) @ op(b)}: the broadcast batch, then {@code m x n}. */
    static ShapeRules.Out matmul(String op, Params params, Tensor[] in) {
        Params.Matmul m = (Params.Matmul) params;
        Tensor a = in[0];
        Tensor b = in[1];
        sameDType(op, a, b);
        requireFloating(op, a);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException(op + ": both operands need rank >= 2, got shapes " + a.shape() + " and " + b.shape());
        }
        Shape sa = a.shape();
        Shape sb = b.shape();
        int m1 = m.transposeA() ? sa.dim(-1) : sa.dim(-2);
        int k1 = m.transposeA() ? sa.dim(-2) : sa.dim(-1);
        int k2 = m.transposeB() ? sb.dim(-1) : sb.dim(-2);
        int n2 = m.transposeB() ? sb.dim(-2) : sb.dim(-1);
        if (k1 != k2) {
            throw new IllegalArgumentException(op + ": cannot multiply " + sa + (m.transposeA() ? "^T" : "") + " by " + sb
                    + (m.transposeB() ? "^T" : "") + ": inner dimensions " + k1 + " and " + k2 + " differ"
                    + transposeHint(op, sa, sb, m.transposeA(), m.transposeB()));
        }
        if (sa.rank() == 2 && sb.rank() == 2) {
            return new ShapeRules.Out(a.dtype(), shape(op, new int[] {m1, n2})); // no batch dimensions (most products)
        }
        Shape batch;
        try {
            batch = broadcast(op, batchShape(sa), batchShape(sb));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": batch dimensions of " + sa + " and " + sb + " are not broadcast-compatible");
        }
        int[] o = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        o[batch.rank()] = m1;
        o[batch.rank() + 1] = n2;
        return new ShapeRules.Out(a.dtype(), shape(op, o));
    }
}
