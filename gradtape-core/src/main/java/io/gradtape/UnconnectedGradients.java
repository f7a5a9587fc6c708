package io.gradtape;

/**
 * What {@link GradientTape#gradient} returns for a source that no recorded path connects to the target.
 *
 * <pre>{@code
 * Tensor x = constant(1f), z = constant(2f), y;
 * GradientTape tape = new GradientTape();
 * try (tape) { tape.watch(x); y = z.mul(z); }
 * tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.ZERO);   // [0.0], never null
 * }</pre>
 */
public enum UnconnectedGradients {
    /** {@code null}, TensorFlow's {@code None}: the default. */
    NONE,
    /** A zero tensor of the source's shape and dtype. */
    ZERO
}
