package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;

/**
 * Average pooling over windows of steps of sequences {@code (batch, steps, channels)} (Keras's
 * {@code AveragePooling1D}, keras/src/layers/pooling/average_pooling1d.py, named {@code average_pooling1d}; computed
 * by {@link NN#avgPool1d}): each output step is the mean of its window's real steps, so with {@code same} a window
 * reaching into the padding divides by its real steps only, as TensorFlow's {@code avg_pool}; the gradient is
 * {@code g / count} to each of them. Output steps:
 * {@code floor((steps - poolSize) / strides) + 1} with {@code valid} padding (the default; a sequence shorter than
 * the pool is refused), {@code ceil(steps / strides)} with {@code same}. Keras's defaults: a pool of 2 and strides
 * equal to the pool size. It has no variables.
 *
 * <pre>{@code
 * new AveragePooling1D().call(Tensors.zeros(DType.FLOAT32, 4, 10, 8));   // shape (4, 5, 8)
 * }</pre>
 */
public class AveragePooling1D extends Pooling1D {
    /**
     * Non-overlapping windows of 2 steps (Keras's {@code pool_size=2}).
     *
     * <pre>{@code
     * AveragePooling1D p = new AveragePooling1D();
     * }</pre>
     */
    public AveragePooling1D() {
        this(2);
    }

    /**
     * Non-overlapping windows of {@code poolSize} steps.
     *
     * <pre>{@code
     * AveragePooling1D p = new AveragePooling1D(3);
     * }</pre>
     *
     * @param poolSize the window's steps, positive
     */
    public AveragePooling1D(int poolSize) {
        this(poolSize, poolSize, "valid");
    }

    /**
     * Windows of {@code poolSize} steps every {@code strides} steps, with {@code valid} or {@code same} padding.
     *
     * <pre>{@code
     * AveragePooling1D p = new AveragePooling1D(3, 2, "same");
     * }</pre>
     *
     * @param poolSize the window's steps, positive
     * @param strides  the step between windows, positive
     * @param padding  {@code valid} or {@code same}, in either case
     * @throws IllegalArgumentException if a size is not positive or the padding is another string
     */
    public AveragePooling1D(int poolSize, int strides, String padding) {
        super("AveragePooling1D", poolSize, strides, padding);
    }

    /**
     * The pooled sequences.
     *
     * <pre>{@code
     * new AveragePooling1D().call(Tensors.constant(new float[] {1, 3, 2, 5}, 1, 4, 1));   // [[[2], [3.5]]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating tensor of rank 3, or with {@code valid}
     *                                  padding it has fewer steps than the pool
     */
    @Override
    public Tensor call(Tensor x) {
        return pool(x, "AveragePooling1D", false);
    }
}
