package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Passes its input through unchanged and adds an L1/L2 penalty on it to {@link Module#losses()} (Keras's
 * {@code ActivityRegularization}, {@code keras/src/layers/regularization/activity_regularization.py}, whose activity
 * regularizer is {@code L1L2(l1, l2)}): each call adds {@code (l1 * sum(|x|) + l2 * sum(x^2)) / batchSize}, the
 * batch size being {@code x}'s first dimension. A factor of 0 leaves its term out. It has no variables, and keeps
 * the input's mask (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Dense(4, 8, "relu"), new ActivityRegularization(1e-4, 0.0), new Dense(8, 2, null));
 * model.call(Tensors.ones(DType.FLOAT32, 3, 4), true);
 * model.losses().size();   // 1: the L1 penalty on the hidden activations
 * }</pre>
 */
public class ActivityRegularization extends Module {
    private final double l1;
    private final double l2;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A layer penalizing its input with {@code l1 * sum(|x|) + l2 * sum(x^2)} per example.
     *
     * <pre>{@code
     * ActivityRegularization reg = new ActivityRegularization(0.0, 1e-3);
     * }</pre>
     *
     * @param l1 the L1 factor, finite and non-negative (Keras's default 0)
     * @param l2 the L2 factor, finite and non-negative (Keras's default 0)
     * @throws IllegalArgumentException if a factor is negative, NaN or infinite
     */
    public ActivityRegularization(double l1, double l2) {
        super(null, Regularizers.l1L2(l1, l2));
        this.l1 = l1;
        this.l2 = l2;
    }

    /**
     * The input, unchanged; the penalty is added to this layer's losses.
     *
     * <pre>{@code
     * ActivityRegularization reg = new ActivityRegularization(0.5, 0.0);
     * Sequential model = new Sequential(reg);
     * model.call(Tensors.constant(new float[] {1f, -2f, 3f, 0f}, 2, 2));
     * model.losses();   // [1.5]: 0.5 * 6 / 2
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        return activity(x);
    }

    /**
     * The L1 factor.
     *
     * <pre>{@code
     * new ActivityRegularization(0.1, 0.0).l1();   // 0.1
     * }</pre>
     *
     * @return the factor
     */
    public double l1() {
        return l1;
    }

    /**
     * The L2 factor.
     *
     * <pre>{@code
     * new ActivityRegularization(0.0, 0.2).l2();   // 0.2
     * }</pre>
     *
     * @return the factor
     */
    public double l2() {
        return l2;
    }
}
