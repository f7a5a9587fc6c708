package io.gradtape.nn;

import io.gradtape.Tensor;

/**
 * A projection of a weight that the optimizer applies after each update (Keras's {@code Constraint},
 * {@code keras/src/constraints/constraints.py}): the variable becomes {@code apply(value)}. The factories are in
 * {@link Constraints}.
 *
 * <p>A layer built with {@code kernelConstraint} (and the like) keeps the constraint with its variable, and every
 * {@link io.gradtape.optimizers.Optimizer#applyGradients} call, after its update, assigns each variable it was given
 * a gradient for the constraint of its new value, as Keras 3's {@code BaseOptimizer.apply} does. The constraint
 * sees a plain tensor (the value, not the variable), so nothing it computes is recorded on a tape. It must return a
 * tensor of the value's shape and dtype; a layer checks that once on the initial value when it makes the variable.
 *
 * <pre>{@code
 * Dense d = Dense.builder(64).inputSize(32).kernelConstraint(Constraints.maxNorm(3.0)).build();
 * Constraint clip = w -> Tensors.clipByValue(w, -1.0, 1.0);   // a custom one
 * }</pre>
 */
@FunctionalInterface
public interface Constraint {
    /**
     * The projected value.
     *
     * <pre>{@code
     * Constraints.nonNeg().apply(Tensors.constant(new float[] {-1f, 1f}, 2));   // [0. 1.]
     * }</pre>
     *
     * @param w the variable's value
     * @return a tensor of {@code w}'s shape and dtype
     */
    Tensor apply(Tensor w);
}
