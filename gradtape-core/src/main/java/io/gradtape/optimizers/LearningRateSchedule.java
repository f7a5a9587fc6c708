package io.gradtape.optimizers;

/**
 * A learning rate as a function of the optimizer's step count (Keras's {@code LearningRateSchedule}): the
 * optimizer evaluates it at {@link Optimizer#iterations()} before each step, so step 0 uses {@code at(0)}.
 *
 * <p>The built-in schedules compute in double precision from the exact step count, and the optimizer rounds the
 * rate once to each variable's dtype. Keras casts the step and the parameters to float32 (the dtype of
 * {@code initial_learning_rate}) and computes there, so the two agree to float32 rounding for ordinary step counts;
 * past 2^24 steps Keras's step is no longer exact (an {@code ExponentialDecay(0.1, 100000, 0.96)} at step 50,000,001
 * gives 1.36651e-10 in Keras, 1.36652e-10 here, and a staircase boundary can move by a step).
 *
 * <pre>{@code
 * LearningRateSchedule s = step -> step < 100 ? 1e-3 : 1e-4;
 * Adam adam = Adam.builder().learningRate(s).build();
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /**
     * The learning rate at {@code step}.
     *
     * <pre>{@code
     * new ExponentialDecay(0.1, 10, 0.5).at(10);   // 0.05
     * }</pre>
     *
     * @param step the number of steps applied so far, from 0
     * @return the learning rate
     */
    double at(long step);

    /**
     * A constant schedule.
     *
     * <pre>{@code
     * LearningRateSchedule.constant(0.01).at(1000);   // 0.01
     * }</pre>
     *
     * @param learningRate a finite positive number
     * @return the schedule
     */
    static LearningRateSchedule constant(double learningRate) {
        double lr = Optimizer.checkRate("LearningRateSchedule.constant", "learningRate", learningRate);
        return step -> lr;
    }
}
