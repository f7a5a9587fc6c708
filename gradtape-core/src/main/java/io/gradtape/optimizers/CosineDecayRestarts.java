package io.gradtape.optimizers;

/**
 * Keras's {@code CosineDecayRestarts}: SGDR's cosine annealing with warm restarts (Loshchilov &amp; Hutter, "SGDR:
 * Stochastic Gradient Descent with Warm Restarts", ICLR 2017). The rate falls along a half cosine from
 * {@code initial} to {@code alpha * initial} over {@code firstDecaySteps}, then restarts; period {@code i} (from 0)
 * lasts {@code firstDecaySteps * tMul^i} steps and starts from {@code initial * mMul^i}:
 * <pre>
 *   lr(step) = initial * ((1 - alpha) * 0.5 * mMul^i * (1 + cos(pi * f)) + alpha)
 * </pre>
 * with {@code f} in [0, 1) the fraction of period {@code i} completed at {@code step}. Defaults (Keras's):
 * {@code tMul = 2}, {@code mMul = 1}, {@code alpha = 0}.
 *
 * <pre>{@code
 * CosineDecayRestarts s = new CosineDecayRestarts(0.1, 10);   // periods of 10, 20, 40, ... steps
 * s.at(5);    // 0.05: halfway down the first period
 * s.at(10);   // 0.1: the first restart
 * s.at(20);   // 0.05: halfway down the second period
 * }</pre>
 */
public final class CosineDecayRestarts implements LearningRateSchedule {
    private final double initial;
    private final long firstDecaySteps;
    private final double tMul;
    private final double mMul;
    private final double alpha;

    /**
     * Restarts with Keras's defaults: each period twice the last ({@code tMul = 2}), each restart back to
     * {@code initialLearningRate} ({@code mMul = 1}), down to zero ({@code alpha = 0}).
     *
     * <pre>{@code
     * new CosineDecayRestarts(0.1, 1000);
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param firstDecaySteps     the length of the first period, positive
     */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
    }

    /**
     * Restarts with the given period and height factors.
     *
     * <pre>{@code
     * new CosineDecayRestarts(0.1, 100, 1.0, 0.5, 0.0).at(150);   // 0.025: the second period restarts at half height
     * }</pre>
     *
     * @param initialLearningRate the rate at step 0, finite and positive
     * @param firstDecaySteps     the length of the first period, positive
     * @param tMul                each period's length over the last one's, finite and at least 1
     * @param mMul                each restart's height over the last one's, finite and non-negative
     * @param alpha               the lowest rate as a fraction of {@code initialLearningRate}, in [0, 1]
     * @throws IllegalArgumentException if a parameter is out of its range
     */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul, double mMul, double alpha) {
        this.initial = Optimizer.checkRate("CosineDecayRestarts", "initialLearningRate", initialLearningRate);
        Optimizer.checkSteps("CosineDecayRestarts", "firstDecaySteps", firstDecaySteps);
        // Keras takes any t_mul; below 1 the periods shrink and all of them fit in firstDecaySteps / (1 - tMul)
        // steps, after which its log of a negative number makes the rate NaN
        if (!(tMul >= 1) || !Double.isFinite(tMul)) {
            throw new IllegalArgumentException("CosineDecayRestarts: tMul must be finite and >= 1, got " + tMul
                    + " (periods shorter than the last would all end within firstDecaySteps / (1 - tMul) steps)");
        }
        if (!(mMul >= 0) || !Double.isFinite(mMul)) {
            throw new IllegalArgumentException("CosineDecayRestarts: mMul must be finite and non-negative, got " + mMul);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("CosineDecayRestarts: alpha must be in [0, 1], got " + alpha);
        }
        this.firstDecaySteps = firstDecaySteps;
        this.tMul = tMul;
        this.mMul = mMul;
        this.alpha = alpha;
    }

    @Override
    public double at(long step) {
        // keras/src/optimizers/schedules/learning_rate_schedule.py CosineDecayRestarts.__call__, with
        // f = step / first_decay_steps: for t_mul == 1, i = floor(f) and f -= i; else
        // i = floor(log(1 - f * (1 - t_mul)) / log(t_mul)), f = (f - (1 - t_mul^i) / (1 - t_mul)) / t_mul^i;
        // initial * ((1 - alpha) * 0.5 * m_mul^i * (1 + cos(pi * f)) + alpha)
        double f = (double) step / firstDecaySteps;
        double i;
        if (tMul == 1) {
            i = Math.floor(f);
            f -= i;
        } else {
            i = Math.floor(Math.log(1 - f * (1 - tMul)) / Math.log(tMul));
            // the quotient of logs rounds: at a restart, log(243) / log(3) is 4.999999999999999 in float64, so
            // step 1210 of (first 10, tMul 3) would land at the end of period 4 (f = 1, the lowest rate) instead of
            // the start of period 5 (Keras's float32 computes 5.0 there, the peak). Move i to the period whose
            // start (1 - tMul^i) / (1 - tMul), in periods of firstDecaySteps, is the last one <= f
            if (f >= (1 - Math.pow(tMul, i + 1)) / (1 - tMul)) {
                i += 1;
            } else if (i > 0 && f < (1 - Math.pow(tMul, i)) / (1 - tMul)) {
                i -= 1;
            }
            double ti = Math.pow(tMul, i);
            f = (f - (1 - ti) / (1 - tMul)) / ti;
        }
        double cosine = 0.5 * Math.pow(mMul, i) * (1 + Math.cos(Math.PI * f));
        return initial * ((1 - alpha) * cosine + alpha);
    }

    /**
     * The parameters, for messages.
     *
     * <pre>{@code
     * new CosineDecayRestarts(0.1, 100).toString();
     * // "CosineDecayRestarts(0.1, 100, tMul=2.0, mMul=1.0, alpha=0.0)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "CosineDecayRestarts(" + initial + ", " + firstDecaySteps + ", tMul=" + tMul + ", mMul=" + mMul
                + ", alpha=" + alpha + ")";
    }
}
