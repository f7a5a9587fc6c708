package io.gradtape.optimizers;

/**
 * Keras's {@code ExponentialDecay}: {@code lr(step) = initial * decayRate^(step / decaySteps)}, with the exponent
 * floored when {@code staircase} (the rate drops at whole multiples of {@code decaySteps}).
 *
 * <pre>{@code
 * ExponentialDecay s = new ExponentialDecay(0.1, 100, 0.96, true);
 * s.at(250);   // 0.1 * 0.96^2 = 0.09216
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /**
     * A smooth exponential decay.
     *
     * <pre>{@code
     * new ExponentialDecay(0.1, 1000, 0.5).at(500);   // 0.1 * 0.5^0.5 = 0.0707...
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps over which the rate is multiplied by {@code decayRate}, positive
     * @param decayRate           the factor, positive
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /**
     * An exponential decay, stepwise if {@code staircase}.
     *
     * <pre>{@code
     * new ExponentialDecay(0.1, 1000, 0.5, true).at(999);   // 0.1
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps over which the rate is multiplied by {@code decayRate}, positive
     * @param decayRate           the factor, positive
     * @param staircase           whether to floor {@code step / decaySteps}
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initial = Optimizer.checkRate("ExponentialDecay", "initialLearningRate", initialLearningRate);
        Optimizer.checkSteps("ExponentialDecay", "decaySteps", decaySteps);
        if (!(decayRate > 0) || !Double.isFinite(decayRate)) {
            throw new IllegalArgumentException("ExponentialDecay: decayRate must be finite and positive, got " + decayRate);
        }
        this.decaySteps = decaySteps;
        this.decayRate = decayRate;
        this.staircase = staircase;
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        return initial * Math.pow(decayRate, staircase ? Math.floor(p) : p);
    }

    /**
     * The parameters, for messages.
     *
     * <pre>{@code
     * new ExponentialDecay(0.1, 100, 0.5).toString();   // "ExponentialDecay(0.1, 100, 0.5, staircase=false)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "ExponentialDecay(" + initial + ", " + decaySteps + ", " + decayRate + ", staircase=" + staircase + ")";
    }
}
