package io.gradtape.optimizers;

/**
 * Keras's {@code InverseTimeDecay}: {@code lr(step) = initial / (1 + decayRate * step / decaySteps)}, with
 * {@code step / decaySteps} floored when {@code staircase} (the rate drops at whole multiples of
 * {@code decaySteps}). The classic {@code 1/t} annealing of stochastic approximation (Robbins &amp; Monro 1951).
 *
 * <pre>{@code
 * InverseTimeDecay s = new InverseTimeDecay(0.1, 10, 0.5);
 * s.at(20);   // 0.1 / (1 + 0.5 * 2) = 0.05
 * }</pre>
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /**
     * A smooth inverse time decay.
     *
     * <pre>{@code
     * new InverseTimeDecay(0.1, 1, 0.5).at(2);   // 0.1 / (1 + 0.5 * 2) = 0.05
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps that make one unit of time, positive
     * @param decayRate           the rate's growth of the denominator per unit of time, finite and non-negative
     */
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /**
     * An inverse time decay, stepwise if {@code staircase}.
     *
     * <pre>{@code
     * new InverseTimeDecay(0.1, 10, 1.0, true).at(19);   // 0.1 / (1 + 1) = 0.05
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps that make one unit of time, positive
     * @param decayRate           the rate's growth of the denominator per unit of time, finite and non-negative
     * @param staircase           whether to floor {@code step / decaySteps}
     * @throws IllegalArgumentException if a parameter is out of its range
     */
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initial = Optimizer.checkRate("InverseTimeDecay", "initialLearningRate", initialLearningRate);
        Optimizer.checkSteps("InverseTimeDecay", "decaySteps", decaySteps);
        // Keras takes any decay_rate; a negative one drives the denominator through zero to an infinite, then
        // negative, learning rate
        if (!(decayRate >= 0) || !Double.isFinite(decayRate)) {
            throw new IllegalArgumentException("InverseTimeDecay: decayRate must be finite and non-negative, got " + decayRate);
        }
        this.decaySteps = decaySteps;
        this.decayRate = decayRate;
        this.staircase = staircase;
    }

    @Override
    public double at(long step) {
        // keras/src/optimizers/schedules/learning_rate_schedule.py InverseTimeDecay.__call__:
        // p = step / decay_steps (floored with staircase); initial / (1 + decay_rate * p)
        double p = (double) step / decaySteps;
        return initial / (1 + decayRate * (staircase ? Math.floor(p) : p));
    }

    /**
     * The parameters, for messages.
     *
     * <pre>{@code
     * new InverseTimeDecay(0.1, 10, 0.5).toString();   // "InverseTimeDecay(0.1, 10, 0.5, staircase=false)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "InverseTimeDecay(" + initial + ", " + decaySteps + ", " + decayRate + ", staircase=" + staircase + ")";
    }
}
