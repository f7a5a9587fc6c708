package io.gradtape.optimizers;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keras's {@code PiecewiseConstantDecay}: {@code values[0]} while {@code step <= boundaries[0]},
 * {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]}, and the last value after the last
 * boundary.
 *
 * <pre>{@code
 * PiecewiseConstantDecay s = new PiecewiseConstantDecay(new long[] {100, 110}, new double[] {1.0, 0.5, 0.1});
 * s.at(100);   // 1.0
 * s.at(101);   // 0.5
 * s.at(111);   // 0.1
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final long[] boundaries;
    private final double[] values;

    /**
     * A piecewise constant schedule.
     *
     * <pre>{@code
     * new PiecewiseConstantDecay(new long[] {1000}, new double[] {1e-3, 1e-4});
     * }</pre>
     *
     * @param boundaries strictly increasing steps
     * @param values     one more value than boundaries, each finite and positive
     * @throws IllegalArgumentException if the lengths do not match or the boundaries do not increase
     */
    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        Objects.requireNonNull(boundaries, "PiecewiseConstantDecay: boundaries is null");
        Objects.requireNonNull(values, "PiecewiseConstantDecay: values is null");
        if (boundaries.length != values.length - 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: the length of boundaries should be 1 less than "
                    + "the length of values, got " + boundaries.length + " boundaries and " + values.length + " values");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must increase strictly, got "
                        + Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            Optimizer.checkRate("PiecewiseConstantDecay", "values", v);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double at(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return values[i];
    }

    /**
     * The parameters, for messages.
     *
     * <pre>{@code
     * new PiecewiseConstantDecay(new long[] {10}, new double[] {1, 0.5}).toString();
     * // "PiecewiseConstantDecay([10], [1.0, 0.5])"
     * }</pre>
     */
    @Override
    public String toString() {
        return "PiecewiseConstantDecay(" + Arrays.toString(boundaries) + ", " + Arrays.toString(values) + ")";
    }
}
