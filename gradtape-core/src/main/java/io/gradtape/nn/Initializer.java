package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;

/**
 * Makes a variable's initial value from its shape and dtype (Keras's {@code Initializer}). The factories are in
 * {@link Initializers}; random ones draw from the {@link io.gradtape.Generator} they were given.
 *
 * <pre>{@code
 * Initializer init = Initializers.heNormal(Generator.fromSeed(42));
 * Tensor w = init.apply(Shape.of(784, 256), DType.FLOAT32);
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {
    /**
     * An initial value.
     *
     * <pre>{@code
     * Initializers.ones().apply(Shape.of(2), DType.FLOAT32);   // [1. 1.]
     * }</pre>
     *
     * @param shape the variable's shape
     * @param dtype its dtype (floating for the random initializers)
     * @return a tensor of that shape and dtype
     */
    Tensor apply(Shape shape, DType dtype);
}
