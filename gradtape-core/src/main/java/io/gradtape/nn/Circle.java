package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code Circle} loss (Sun et al. 2020, "Circle Loss: A Unified Perspective of Pair Similarity
 * Optimization", arXiv:2002.10857), a metric-learning loss over the pairs of a batch: integer class labels
 * {@code yTrue} of shape {@code (batch,)} and L2-normalized embeddings {@code yPred} of shape {@code (batch, dim)}
 * (e.g. a {@link Dense} layer without activation followed by {@link UnitNormalization}).
 *
 * <p>As Keras's {@code circle} ({@code keras/src/losses/losses.py}), with {@code m} the margin and {@code γ}
 * gamma: the cosine distances {@code d = max(1 - p p^T, 0)}; positive pairs share a label (an example with itself
 * excluded when {@code removeDiagonal}), negative pairs do not; weights {@code a_p = max(m + d, 0)} on positive
 * and {@code a_n = max(1 + m - d, 0)} on negative pairs; then per example
 * <pre>
 *   loss = softplus(logsumexp_p(-γ a_p (m - d)) + logsumexp_n(γ a_n (1 - m - d)))
 * </pre>
 * over its positive and its negative pairs. An example with no positive (its label unique in the batch) or no
 * negative pair has {@code logsumexp} of nothing, {@code -inf}, and a loss of 0. Keras masks the losses that are
 * not positive, so the default reduction averages over the examples with a positive loss only (and 0 when there
 * are none); {@code SUM} and {@code NONE} are unaffected, as the masked losses are 0. Labels may be any integer
 * or integral floating dtype (Keras casts them to int32); shape {@code (batch, 1)} is read as {@code (batch,)}.
 *
 * <pre>{@code
 * Tensor labels = Tensors.constant(new int[] {1, 1, 2}, 3);
 * Tensor emb = Tensors.constant(new float[] {1, 0, 0.6f, 0.8f, 0, 1}, 3, 2);
 * new Circle().call(labels, emb);   // mean over the examples with a positive loss
 * }</pre>
 */
public final class Circle extends Loss {
    private final double gamma;
    private final double margin;
    private final boolean removeDiagonal;

    /**
     * Keras's defaults: {@code gamma = 80}, {@code margin = 0.4}, self-pairs removed, the default reduction.
     *
     * <pre>{@code
     * Loss circle = new Circle();
     * }</pre>
     */
    public Circle() {
        this(80.0, 0.4, true, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With every option, in Keras's order.
     *
     * <pre>{@code
     * Loss circle = new Circle(256, 0.25, true, Loss.Reduction.SUM_OVER_BATCH_SIZE);
     * }</pre>
     *
     * @param gamma          the scale of the similarities, finite
     * @param margin         the relaxation margin, finite
     * @param removeDiagonal whether an example paired with itself is left out of its positive pairs
     * @param reduction      the reduction
     * @throws IllegalArgumentException if gamma or margin is infinite or NaN
     */
    public Circle(double gamma, double margin, boolean removeDiagonal, Reduction reduction) {
        super(reduction);
        if (!Double.isFinite(gamma) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException(name() + ": gamma and margin must be finite, got gamma " + gamma
                    + " and margin " + margin);
        }
        this.gamma = gamma;
        this.margin = margin;
        this.removeDiagonal = removeDiagonal;
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() != 2) {
            throw new IllegalArgumentException(name() + ": yPred must be embeddings of shape (batch, dim), got shape "
                    + yPred.shape());
        }
        int n = yPred.shape().dim(0);
        long[] labels = labels(yTrue, yPred);
        boolean[] pos = new boolean[n * n];
        boolean[] neg = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean same = labels[i] == labels[j];
                pos[i * n + j] = same && !(removeDiagonal && i == j);
                neg[i * n + j] = !same;
            }
        }
        Tensor positive = Tensors.constant(pos, n, n);
        Tensor negative = Tensors.constant(neg, n, n);
        DType dt = yPred.dtype();
        Tensor zero = Tensors.zeros(dt);
        Tensor d = Tensors.maximum(Tensors.constant(1.0, dt).sub(Tensors.matmul(yPred, yPred, false, true)), zero);
        Tensor posWeights = Tensors.maximum(d.add(margin).mul(Tensors.cast(positive, dt)), zero);
        Tensor negWeights = Tensors.maximum(Tensors.constant(1 + margin, dt).sub(d).mul(Tensors.cast(negative, dt)), zero);
        Tensor posTerms = posWeights.mul(Tensors.constant(margin, dt).sub(d)).mul(-gamma);
        Tensor negTerms = negWeights.mul(Tensors.constant(1 - margin, dt).sub(d)).mul(gamma);
        Tensor none = Tensors.constant(Double.NEGATIVE_INFINITY, dt);
        Tensor pLoss = Tensors.logSumExp(Tensors.where(positive, posTerms, none), 1);
        Tensor nLoss = Tensors.logSumExp(Tensors.where(negative, negTerms, none), 1);
        return NN.softplus(pLoss.add(nLoss));
    }

    /** Keras's {@code set_keras_mask(circle_loss, circle_loss > 0)}. */
    @Override
    Tensor validMask(Tensor yTrue, Tensor yPred, Tensor losses) {
        return Tensors.greater(losses, Tensors.zeros(losses.dtype()));
    }

    /** One integer label per example: shape (n,) or (n, 1), integral values. */
    private long[] labels(Tensor yTrue, Tensor yPred) {
        int n = yPred.shape().dim(0);
        boolean fits = yTrue.rank() == 1 && yTrue.shape().dim(0) == n
                || yTrue.rank() == 2 && yTrue.shape().dim(0) == n && yTrue.shape().dim(1) == 1;
        if (!fits) {
            throw new IllegalArgumentException(name() + ": yTrue has shape " + yTrue.shape() + " but yPred of shape "
                    + yPred.shape() + " needs one integer label per example, shape (" + n + ",)");
        }
        if (yTrue.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": yTrue must hold integer labels, got dtype bool");
        }
        double[] v = yTrue.toDoubleArray();
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name() + ": label " + v[i] + " at position " + i
                        + " is not an int32 integer (Keras casts the labels to int32)");
            }
            l[i] = (long) v[i];
        }
        return l;
    }
}
