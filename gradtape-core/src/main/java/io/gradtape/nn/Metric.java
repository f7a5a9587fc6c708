package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * A running statistic over batches (Keras's {@code Metric}): {@code updateState} adds a batch,
 * {@link #result()} gives the value so far, {@link #resetState()} starts again (at each epoch). Metrics
 * accumulate in double precision on the Java side: they record nothing on tapes and are not differentiable.
 * The result of a metric that has seen nothing is 0 (Keras's {@code divide_no_nan}).
 *
 * <pre>{@code
 * SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
 * acc.updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new float[] {0.9f, 0.1f, 0.8f, 0.2f}, 2, 2));
 * acc.result();   // 0.5
 * acc.resetState();
 * }</pre>
 */
public abstract class Metric {
    double total;
    double count;

    Metric() {
    }

    /**
     * The value so far: {@code total / count}, as a float32 scalar.
     *
     * <pre>{@code
     * Mean m = new Mean();
     * m.updateState(Tensors.constant(new float[] {1, 2, 3}, 3));
     * m.result();   // 2.0
     * }</pre>
     *
     * @return the value
     */
    public Tensor result() {
        return Tensors.constant((float) doubleResult());
    }

    /**
     * The value so far in double precision.
     *
     * <pre>{@code
     * new Mean().doubleResult();   // 0.0
     * }</pre>
     *
     * @return {@code total / count}, or 0 if nothing was added
     */
    public double doubleResult() {
        return count == 0 ? 0 : total / count;
    }

    /**
     * Forgets every batch.
     *
     * <pre>{@code
     * Mean m = new Mean();
     * m.updateState(Tensors.constant(5f));
     * m.resetState();
     * m.doubleResult();   // 0.0
     * }</pre>
     */
    public void resetState() {
        total = 0;
        count = 0;
    }

    /** Whether {@code a[i]}'s per-row argmax over {@code n} classes equals {@code b[i]}'s (or label {@code b[i]}). */
    static int argmax(double[] v, int row, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[row * n + j] > v[row * n + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * The name and value, for logs.
     *
     * <pre>{@code
     * new Mean().toString();   // "Mean: 0.0"
     * }</pre>
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + doubleResult();
    }
}
