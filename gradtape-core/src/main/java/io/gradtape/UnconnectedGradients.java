package io.gradtape;

/**
 * What {@link GradientTape#gradient} returns for a source that no recorded path connects to the target.
 *
 * <pre>{@code
 * tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.ZERO);   // zeros, never null
 * }</pre>
 */
public enum UnconnectedGradients {
    /** {@code null}, TensorFlow's {@code None}: the default. */
    NONE,
    /** A zero tensor of the source's shape and dtype. */
    ZERO
}
