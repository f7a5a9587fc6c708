package io.gradtape.optimizers;

/**
 * Keras's {@code CosineDecay}, with an optional linear warm-up (Loshchilov &amp; Hutter, "SGDR: Stochastic
 * Gradient Descent with Warm Restarts", ICLR 2017; Goyal et al. 2017 for the warm-up).
 *
 * <p>Without warm-up ({@code warmupSteps = 0}), with {@code s = min(step, decaySteps)}:
 * <pre>
 *   lr(step) = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)
 * </pre>
 * With warm-up to {@code warmupTarget} over {@code warmupSteps}: the rate rises linearly from {@code initial}
 * to {@code warmupTarget} while {@code step < warmupSteps}, then decays as above from {@code warmupTarget},
 * counting steps from the end of the warm-up, down to {@code alpha * warmupTarget} after
 * {@code warmupSteps + decaySteps}.
 *
 * <pre>{@code
 * CosineDecay s = new CosineDecay(0.0, 1000, 0.0, 0.1, 100);
 * s.at(50);     // 0.05: halfway through the warm-up
 * s.at(100);    // 0.1: the peak
 * s.at(1100);   // 0.0: fully decayed
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double alpha;
    private final double warmupTarget;
    private final long warmupSteps;

    /**
     * A cosine decay to zero over {@code decaySteps}.
     *
     * <pre>{@code
     * new CosineDecay(0.1, 1000).at(500);   // 0.05
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps to decay over, positive
     */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    /**
     * A cosine decay to {@code alpha * initialLearningRate} over {@code decaySteps}.
     *
     * <pre>{@code
     * new CosineDecay(0.1, 1000, 0.1).at(1000);   // 0.01
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param decaySteps          the steps to decay over, positive
     * @param alpha               the final rate as a fraction of the initial one, in [0, 1]
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, Double.NaN, 0);
    }

    /**
     * A linear warm-up from {@code initialLearningRate} to {@code warmupTarget} over {@code warmupSteps},
     * then a cosine decay to {@code alpha * warmupTarget} over {@code decaySteps}.
     *
     * <pre>{@code
     * new CosineDecay(0.0, 1000, 0.0, 1e-3, 100).at(0);   // 0.0
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and non-negative
     * @param decaySteps          the steps to decay over, positive
     * @param alpha               the final rate as a fraction of the peak, in [0, 1]
     * @param warmupTarget        the peak, finite and positive
     * @param warmupSteps         the steps of the warm-up, non-negative
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, double warmupTarget, long warmupSteps) {
        boolean warm = !Double.isNaN(warmupTarget);
        if (warm ? !(initialLearningRate >= 0) || !Double.isFinite(initialLearningRate) : false) {
            throw new IllegalArgumentException("CosineDecay: initialLearningRate must be finite and non-negative, got "
                    + initialLearningRate);
        }
        this.initial = warm ? initialLearningRate
                : Optimizer.checkRate("CosineDecay", "initialLearningRate", initialLearningRate);
        Optimizer.checkSteps("CosineDecay", "decaySteps", decaySteps);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("CosineDecay: alpha must be in [0, 1], got " + alpha);
        }
        if (warm) {
            Optimizer.checkRate("CosineDecay", "warmupTarget", warmupTarget);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineDecay: warmupSteps must be >= 0, got " + warmupSteps);
        }
        this.decaySteps = decaySteps;
        this.alpha = alpha;
        this.warmupTarget = warmupTarget;
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double at(long step) {
        if (Double.isNaN(warmupTarget)) {
            return decay(Math.min(step, decaySteps), initial);
        }
        // the end of the decay in double, as Keras adds them in the schedule's float dtype: as longs,
        // decaySteps + warmupSteps overflowed for a decaySteps near Long.MAX_VALUE into a negative bound
        double s = Math.min((double) step, (double) decaySteps + (double) warmupSteps);
        if (s < warmupSteps) {
            return (warmupTarget - initial) * (s / warmupSteps) + initial;
        }
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(double s, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * (s / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    /**
     * The parameters, for messages.
     *
     * <pre>{@code
     * new CosineDecay(0.1, 100).toString();   // "CosineDecay(0.1, 100, alpha=0.0)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "CosineDecay(" + initial + ", " + decaySteps + ", alpha=" + alpha
                + (Double.isNaN(warmupTarget) ? "" : ", warmupTarget=" + warmupTarget + ", warmupSteps=" + warmupSteps) + ")";
    }
}
