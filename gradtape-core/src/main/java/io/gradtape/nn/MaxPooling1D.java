package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;

/**
 * Max pooling over windows of steps of sequences {@code (batch, steps, channels)} (Keras's {@code MaxPooling1D},
 * keras/src/layers/pooling/max_pooling1d.py, named {@code max_pooling1d}; computed by {@link NN#maxPool1d}, whose
 * rules it keeps: padding never wins, the gradient goes to each window's first maximum, a NaN wins). Output steps:
 * {@code floor((steps - poolSize) / strides) + 1} with {@code valid} padding (the default; a sequence shorter than
 * the pool is refused), {@code ceil(steps / strides)} with {@code same}. Keras's defaults: a pool of 2 and strides
 * equal to the pool size. It has no variables.
 *
 * <pre>{@code
 * new MaxPooling1D().call(Tensors.zeros(DType.FLOAT32, 4, 10, 8));   // shape (4, 5, 8)
 * }</pre>
 */
public class MaxPooling1D extends Pooling1D {
    /**
     * Non-overlapping windows of 2 steps (Keras's {@code pool_size=2}).
     *
     * <pre>{@code
     * MaxPooling1D p = new MaxPooling1D();
     * }</pre>
     */
    public MaxPooling1D() {
        this(2);
    }

    /**
     * Non-overlapping windows of {@code poolSize} steps.
     *
     * <pre>{@code
     * MaxPooling1D p = new MaxPooling1D(3);
     * }</pre>
     *
     * @param poolSize the window's steps, positive
     */
    public MaxPooling1D(int poolSize) {
        this(poolSize, poolSize, "valid");
    }

    /**
     * Windows of {@code poolSize} steps every {@code strides} steps, with {@code valid} or {@code same} padding.
     *
     * <pre>{@code
     * MaxPooling1D p = new MaxPooling1D(3, 2, "same");
     * }</pre>
     *
     * @param poolSize the window's steps, positive
     * @param strides  the step between windows, positive
     * @param padding  {@code valid} or {@code same}, in either case
     * @throws IllegalArgumentException if a size is not positive or the padding is another string
     */
    public MaxPooling1D(int poolSize, int strides, String padding) {
        super("MaxPooling1D", poolSize, strides, padding);
    }

    /**
     * The pooled sequences.
     *
     * <pre>{@code
     * new MaxPooling1D().call(Tensors.constant(new float[] {1, 3, 2, 5}, 1, 4, 1));   // [[[3], [5]]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating tensor of rank 3, or with {@code valid}
     *                                  padding it has fewer steps than the pool
     */
    @Override
    public Tensor call(Tensor x) {
        return pool(x, "MaxPooling1D", true);
    }
}
