package io.gradtape.optimizers;

/**
 * Keras's {@code PolynomialDecay}: from {@code initial} to {@code end} over {@code decaySteps} along a polynomial
 * of degree {@code power} (1, the default, is linear). With {@code s = min(step, decaySteps)}:
 * <pre>
 *   lr(step) = (initial - end) * (1 - s / decaySteps)^power + end
 * </pre>
 * then {@code end} for ever. With {@code cycle}, the decay restarts instead: {@code s = step} and
 * {@code decaySteps} is replaced by its first multiple at or above {@code step} ({@code decaySteps} itself at
 * step 0), so the rate jumps back up after each whole multiple of {@code decaySteps}.
 *
 * <pre>{@code
 * PolynomialDecay s = new PolynomialDecay(0.1, 100, 0.01, 1.0, false);
 * s.at(50);    // 0.055: halfway, linearly
 * s.at(500);   // 0.01
 * new PolynomialDecay(0.1, 100, 0.01, 1.0, true).at(150);   // 0.0325: halfway down the second cycle of 200
 * }</pre>
 */
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double end;
    private final double power;
    private final boolean cycle;

    /**
     * A linear decay to Keras's default end rate, {@code 1e-4}.
     *
     * <pre>{@code
     * new PolynomialDecay(0.1, 1000).at(1000);   // 1e-4
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps to decay over, positive
     */
    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 1e-4, 1.0, false);
    }

    /**
     * A polynomial decay from {@code initialLearningRate} to {@code endLearningRate}.
     *
     * <pre>{@code
     * new PolynomialDecay(0.1, 10000, 0.01, 0.5, false);   // a square-root decay from 0.1 to 0.01
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps to decay over, positive
     * @param endLearningRate     the rate after the decay, finite and non-negative (Keras's default 1e-4)
     * @param power               the degree of the polynomial, finite and non-negative (Keras's default 1)
     * @param cycle               whether to restart the decay after each multiple of {@code decaySteps}
     * @throws IllegalArgumentException if a parameter is out of its range
     */
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power, boolean cycle) {
        this.initial = Optimizer.checkRate("PolynomialDecay", "initialLearningRate", initialLearningRate);
        Optimizer.checkSteps("PolynomialDecay", "decaySteps", decaySteps);
        if (!(endLearningRate >= 0) || !Double.isFinite(endLearningRate)) {
            throw new IllegalArgumentException("PolynomialDecay: endLearningRate must be finite and non-negative, got "
                    + endLearningRate);
        }
        // Keras takes any power; a negative one makes the rate infinite at the end of the decay (0^power)
        if (!(power >= 0) || !Double.isFinite(power)) {
            throw new IllegalArgumentException("PolynomialDecay: power must be finite and non-negative, got " + power);
        }
        this.decaySteps = decaySteps;
        this.end = endLearningRate;
        this.power = power;
        this.cycle = cycle;
    }

    @Override
    public double at(long step) {
        // keras/src/optimizers/schedules/learning_rate_schedule.py PolynomialDecay.__call__: with cycle,
        // decay_steps * (1 if step == 0 else ceil(step / decay_steps)); else step = min(step, decay_steps);
        // (initial - end) * (1 - step / decay_steps)^power + end
        double s = step;
        double d = decaySteps;
        if (cycle) {
            d = d * (step == 0 ? 1 : Math.ceil(s / decaySteps));
        } else {
            s = Math.min(s, d);
        }
        return (initial - end) * Math.pow(1 - s / d, power) + end;
    }

    /**
     * The parameters, for messages.
     *
     * <pre>{@code
     * new PolynomialDecay(0.1, 100).toString();
     * // "PolynomialDecay(0.1, 100, end=1.0E-4, power=1.0, cycle=false)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "PolynomialDecay(" + initial + ", " + decaySteps + ", end=" + end + ", power=" + power + ", cycle=" + cycle + ")";
    }
}
