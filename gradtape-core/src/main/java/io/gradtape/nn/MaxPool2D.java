package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Max pooling over square windows of NHWC images (Keras's {@code MaxPooling2D}, named {@code max_pooling2d};
 * computed by {@link NN#maxPool2d}). The stride defaults to the pool size and the padding to {@code valid}.
 * It has no variables.
 *
 * <pre>{@code
 * new MaxPool2D(2).call(Tensors.zeros(DType.FLOAT32, 1, 28, 28, 8));   // shape (1, 14, 14, 8)
 * }</pre>
 */
public class MaxPool2D extends Module {
    private final int poolSize;
    private final int stride;
    private final String padding;

    /**
     * Non-overlapping {@code poolSize} windows.
     *
     * <pre>{@code
     * MaxPool2D p = new MaxPool2D(2);
     * }</pre>
     *
     * @param poolSize the window's height and width, positive
     */
    public MaxPool2D(int poolSize) {
        this(poolSize, poolSize, "valid");
    }

    /**
     * Windows of {@code poolSize} every {@code strides} cells, with {@code valid} or {@code same} padding.
     *
     * <pre>{@code
     * MaxPool2D p = new MaxPool2D(3, 2, "same");
     * }</pre>
     *
     * @param poolSize the window's height and width, positive
     * @param strides  the step, positive
     * @param padding  {@code valid} or {@code same}, in either case
     */
    public MaxPool2D(int poolSize, int strides, String padding) {
        super(null);
        if (poolSize <= 0 || strides <= 0) {
            throw new IllegalArgumentException("MaxPool2D: poolSize and strides must be positive, got " + poolSize + " and " + strides);
        }
        String p = BaseConvBuilder.padding("MaxPool2D", Objects.requireNonNull(padding, "MaxPool2D: padding is null"), false);
        this.poolSize = poolSize;
        this.stride = strides;
        this.padding = p;
    }

    /**
     * The pooled batch.
     *
     * <pre>{@code
     * new MaxPool2D(2).call(Tensors.ones(DType.FLOAT32, 1, 4, 4, 1));   // shape (1, 2, 2, 1)
     * }</pre>
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        return NN.maxPool2d(x, new int[] {poolSize}, new int[] {stride}, padding);
    }
}
