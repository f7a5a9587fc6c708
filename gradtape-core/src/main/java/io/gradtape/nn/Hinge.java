package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code Hinge} loss: per example {@code mean(max(1 - yTrue * yPred, 0))} over the last axis, for
 * targets in {@code {-1, 1}} and raw scores (a margin classifier's outputs, not probabilities). Targets that are
 * all 0 or 1 are read as {@code {-1, 1}} first ({@code 2 y - 1}), as Keras's {@code convert_binary_labels_to_hinge}
 * does ({@code keras/src/losses/losses.py}); the test is on the whole batch, so a batch holding any other value
 * (a -1, say) is taken as it is. At the kink ({@code yTrue * yPred = 1}) the gradient is TensorFlow's, that of
 * {@code 1 - yTrue * yPred}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * new Hinge().call(yTrue, yPred);   // ((1.6 + 0.6) / 2 + (1.4 + 1.6) / 2) / 2 = 1.3
 * }</pre>
 */
public final class Hinge extends Loss {
    /**
     * With the default reduction (sum over batch size).
     *
     * <pre>{@code
     * Loss hinge = new Hinge();
     * }</pre>
     */
    public Hinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss hinge = new Hinge(Loss.Reduction.SUM);
     * }</pre>
     *
     * @param reduction the reduction
     */
    public Hinge(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        return Tensors.reduceMean(margins(matchTargets(yTrue, yPred)), -1);
    }

    /** {@code max(1 - y * p, 0)} elementwise, with {@code y} converted by {@link #hingeLabels}. */
    static Tensor margins(Tensor[] tp) {
        Tensor m = Tensors.onesLike(tp[1]).sub(hingeLabels(tp[0]).mul(tp[1]));
        return Tensors.maximum(m, Tensors.zerosLike(m));   // the margin first: at a tie its gradient, as TensorFlow's Maximum
    }

    /**
     * Keras's {@code convert_binary_labels_to_hinge}: {@code 2 y - 1} when every target is 0 or 1 (an empty batch
     * counts as such), otherwise the targets as they are.
     */
    static Tensor hingeLabels(Tensor y) {
        // read in place: no double[] copy of the targets per call
        Object data = io.gradtape.internal.TensorAccess.data(y);
        for (int i = 0, n = y.size(); i < n; i++) {
            double v = io.gradtape.internal.kernels.Convert.toDouble(data, i);
            if (v != 0 && v != 1) {
                return y;
            }
        }
        return y.mul(2.0).sub(1.0);
    }
}
