package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code CosineSimilarity} loss: per example the negated cosine of the angle between {@code yTrue} and
 * {@code yPred} along {@code axis} (default the last), {@code -sum(l2normalize(y) * l2normalize(p))}. It lies in
 * {@code [-1, 1]}: -1 for vectors pointing the same way, 0 for orthogonal ones, 1 for opposite ones; minimizing
 * it aligns the predictions with the targets whatever their lengths. As in Keras ({@code cosine_similarity} in
 * {@code keras/src/losses/losses.py}, {@code ops.normalize}), each vector is scaled by
 * {@code 1 / sqrt(max(sum(x^2), 1e-14))} ({@link Loss#EPSILON} squared), so a zero vector gives a loss of 0 and
 * finite gradients.
 *
 * <pre>{@code
 * Tensor y = Tensors.constant(new float[] {0, 1, 1, 1}, 2, 2);
 * Tensor p = Tensors.constant(new float[] {1, 0, 1, 1}, 2, 2);
 * new CosineSimilarity().call(y, p);   // (0 - 1) / 2 = -0.5
 * }</pre>
 */
public final class CosineSimilarity extends Loss {
    private final int axis;

    /**
     * Along the last axis, with the default reduction.
     *
     * <pre>{@code
     * Loss cos = new CosineSimilarity();
     * }</pre>
     */
    public CosineSimilarity() {
        this(-1, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * Along {@code axis} with the given reduction. The per-example losses have {@code yPred}'s shape without that
     * axis.
     *
     * <pre>{@code
     * Loss cos = new CosineSimilarity(1, Loss.Reduction.NONE);   // vectors along axis 1
     * }</pre>
     *
     * @param axis      the axis of the vectors; negative counts from the end
     * @param reduction the reduction
     */
    public CosineSimilarity(int axis, Reduction reduction) {
        super(reduction);
        this.axis = axis;
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        int r = tp[1].rank();
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(name() + ": axis " + axis + " is out of range for yPred of shape " + yPred.shape()
                    + " (rank " + r + " after matching the targets)");
        }
        int a = axis < 0 ? axis + r : axis;
        return Tensors.reduceSum(normalize(tp[0], a).mul(normalize(tp[1], a)), a).neg();
    }

    /** Keras's {@code ops.normalize(x, axis, order=2)}: {@code x * rsqrt(max(sum(x^2, axis), EPSILON^2))}. */
    private static Tensor normalize(Tensor x, int axis) {
        Tensor squares = Tensors.reduceSum(Tensors.square(x), true, axis);
        return x.mul(Tensors.rsqrt(Tensors.maximum(squares, Tensors.zerosLike(squares).add(EPSILON * EPSILON))));
    }
}
