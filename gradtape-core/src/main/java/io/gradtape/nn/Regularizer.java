package io.gradtape.nn;

import io.gradtape.Tensor;

/**
 * A penalty on a weight or on a layer's output, a scalar added to the training loss (Keras's {@code Regularizer},
 * {@code keras/src/regularizers/regularizers.py}). The factories are in {@link Regularizers}; any function from a
 * tensor to a scalar tensor of its dtype is one.
 *
 * <p>A layer built with {@code kernelRegularizer} (and the like) keeps the regularizer with its variable, and
 * {@link Module#losses()} applies it to the variable each time it is read: inside a {@link io.gradtape.GradientTape}
 * the variable's read and the penalty's ops are recorded, so the penalty's gradient reaches the variable. An
 * {@code activityRegularizer} is applied to the layer's output when it is called (see {@link Module#losses()}).
 *
 * <pre>{@code
 * Dense d = Dense.builder(64).inputSize(32).kernelRegularizer(Regularizers.l2(1e-4)).build();
 * Regularizer custom = w -> Tensors.abs(w).sum().mul(0.01);   // Keras's l1_reg example, by hand
 * }</pre>
 */
@FunctionalInterface
public interface Regularizer {
    /**
     * The penalty for {@code x}: a scalar tensor of {@code x}'s dtype, computed with ops (so that a tape records it).
     *
     * <pre>{@code
     * Regularizers.l2(2.0).apply(Tensors.ones(DType.FLOAT32, 5, 5));   // 50.0, Keras's example
     * }</pre>
     *
     * @param x the weight (a {@link io.gradtape.Variable}, read by the penalty's ops) or the layer's output
     * @return the penalty, a scalar
     */
    Tensor apply(Tensor x);
}
