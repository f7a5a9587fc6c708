package io.gradtape.nn;

/**
 * Keras's {@code keras.metrics.LogCoshError} ({@code keras/src/metrics/regression_metrics.py}): the mean over every
 * example added of the {@link LogCosh} loss, {@code mean(log(cosh(p - y)))} over the last axis, with the sample weights
 * as {@link Mean}. The {@link #variables()} are {@code total} and {@code count}.
 *
 * <p><b>Name.</b> Keras's loss is {@code LogCosh} and its metric {@code LogCoshError}: two names, so no suffix is
 * needed.
 *
 * <pre>{@code
 * LogCoshError m = new LogCoshError();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2));
 * m.doubleResult();   // 0.10844523, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2),
 *         Tensors.constant(new float[] {1, 0}, 2));
 * m.doubleResult();   // 0.21689045
 * }</pre>
 */
public final class LogCoshError extends LossMetric {
    /**
     * An empty metric.
     *
     * <pre>{@code
     * LogCoshError m = new LogCoshError();
     * }</pre>
     */
    public LogCoshError() {
        super(new LogCosh(Loss.Reduction.NONE), false);
    }
}
