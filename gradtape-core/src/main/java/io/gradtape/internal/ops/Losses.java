package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * The losses of {@code NN}: softmax, sparse softmax and sigmoid cross-entropy with logits, mean squared error.
 */
public final class Losses {
    private Losses() {
    }

    private static Tensor c(Tensor like, double v) {
        return constant(v, like.dtype());
    }

    public static Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        String op = "softmaxCrossEntropyWithLogits";
        Objects.requireNonNull(labels, () -> op + ": labels is null");
        Objects.requireNonNull(logits, () -> op + ": logits is null");
        ShapeRules.requireFloating(op, logits);
        sameShape(op, labels, logits);
        if (logits.rank() == 0) {
            throw new IllegalArgumentException(op + ": logits must have rank >= 1, got shape " + logits.shape());
        }
        // every class's term is formed, a zero label's too: 0 * -inf = NaN for a logit of -inf, and TensorFlow
        // gives that NaN as well (xent_op.h: sum(labels * (log(sum(exp(shifted))) - shifted)), 0 * inf); the
        // gradient, softmax - labels there, stays finite in both
        return neg(reduceSum(mul(labels, Tensors.logSoftmax(logits, -1)), -1));
    }

    public static Tensor sparseSoftmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        String op = "sparseSoftmaxCrossEntropyWithLogits";
        Objects.requireNonNull(labels, () -> op + ": labels is null");
        Objects.requireNonNull(logits, () -> op + ": logits is null");
        ShapeRules.requireFloating(op, logits);
        if (!labels.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": labels must be int32 or int64, got " + labels.dtype() + " with shape " + labels.shape());
        }
        int r = logits.rank();
        if (r == 0 || labels.rank() != r - 1
                || !labels.shape().equals(Shape.of(Arrays.copyOf(logits.shape().dims(), r - 1)))) {
            throw new IllegalArgumentException(op + ": labels of shape " + labels.shape() + " must have the shape of logits "
                    + logits.shape() + " without its last axis");
        }
        int classes = logits.shape().dim(-1);
        long[] exact = (long[]) Convert.array(TensorAccess.data(labels), DType.INT64);
        for (int i = 0; i < exact.length; i++) {
            if (exact[i] < 0 || exact[i] >= classes) {
                throw new IllegalArgumentException(op + ": received a label value of " + exact[i] + " (position " + i
                        + ") which is outside the valid range of [0, " + classes + ") for logits of shape " + logits.shape());
            }
        }
        // the label's term alone, as TensorFlow's kernel (sparse_xent_op.h: log(sum(exp(shifted))) - shifted[label],
        // 0 for every other class), not -sum(oneHot * logSoftmax): a logit of -inf off the label (a mask) would
        // make 0 * -inf = NaN there. The other classes get 0 by where, whose rule gives them no gradient from
        // this term, so d logits = softmax - oneHot, finite (0 at a -inf logit).
        Tensor hot = greater(oneHot(labels, classes), constant(0f));
        return reduceSum(where(hot, neg(Tensors.logSoftmax(logits, -1)), c(logits, 0)), -1);
    }

    public static Tensor sigmoidCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        String op = "sigmoidCrossEntropyWithLogits";
        Objects.requireNonNull(labels, () -> op + ": labels is null");
        Objects.requireNonNull(logits, () -> op + ": logits is null");
        ShapeRules.requireFloating(op, logits);
        sameShape(op, labels, logits);
        Tensor cond = greaterEqual(logits, c(logits, 0));
        Tensor reluLogits = where(cond, logits, c(logits, 0));
        Tensor negAbs = where(cond, neg(logits), logits);
        return add(sub(reluLogits, mul(logits, labels)), log1p(exp(negAbs)));
    }

    public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
        String op = "meanSquaredError";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        ShapeRules.requireNumeric(op, yPred);
        sameShape(op, yTrue, yPred);
        Tensor sq = square(sub(yPred, yTrue));
        return yTrue.rank() == 0 ? sq : reduceMean(sq, -1);
    }

    public static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()) || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": both arguments must have one shape and dtype, got " + a.shape() + " "
                    + a.dtype() + " and " + b.shape() + " " + b.dtype());
        }
    }
}
