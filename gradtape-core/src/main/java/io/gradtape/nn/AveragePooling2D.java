package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Average pooling over windows of NHWC images (Keras's {@code AveragePooling2D}, named
 * {@code average_pooling2d}; computed by {@link NN#avgPool2d}). Each output cell is the mean of its window:
 * <pre>
 *   y[b, i, j, c] = sum over the window's real cells of x[b, i * sh + p, j * sw + q, c] / (number of real cells)
 * </pre>
 * With {@code valid} padding (the default) every window lies inside the image and the output is
 * {@code floor((h - ph) / sh) + 1} by {@code floor((w - pw) / sw) + 1}; with {@code same} it is
 * {@code ceil(h / sh)} by {@code ceil(w / sw)} and a window that reaches into the padding divides by its real cells
 * only, as TensorFlow's {@code avg_pool}. The strides default to the pool size (Keras's {@code strides=None}). The
 * gradient is {@code g / count} to every real cell of each window. It has no variables.
 *
 * <pre>{@code
 * new AveragePooling2D().call(Tensors.zeros(DType.FLOAT32, 1, 28, 28, 8));   // 2x2 windows: shape (1, 14, 14, 8)
 * }</pre>
 */
public class AveragePooling2D extends Module {
    private final int[] poolSize;
    private final int[] strides;
    private final String padding;

    /**
     * Non-overlapping 2x2 windows (the {@code pool_size=(2, 2)} default of {@code tf.keras}'s
     * {@code AveragePooling2D}).
     *
     * <pre>{@code
     * AveragePooling2D p = new AveragePooling2D();
     * }</pre>
     */
    public AveragePooling2D() {
        this(2);
    }

    /**
     * Non-overlapping {@code poolSize} by {@code poolSize} windows.
     *
     * <pre>{@code
     * AveragePooling2D p = new AveragePooling2D(3);
     * }</pre>
     *
     * @param poolSize the window's height and width, positive
     */
    public AveragePooling2D(int poolSize) {
        this(poolSize, poolSize, "valid");
    }

    /**
     * Square windows of {@code poolSize} every {@code strides} cells, with {@code valid} or {@code same} padding.
     *
     * <pre>{@code
     * AveragePooling2D p = new AveragePooling2D(3, 2, "same");
     * }</pre>
     *
     * @param poolSize the window's height and width, positive
     * @param strides  the step in both directions, positive
     * @param padding  {@code valid} or {@code same}, in either case
     */
    public AveragePooling2D(int poolSize, int strides, String padding) {
        this(new int[] {poolSize, poolSize}, new int[] {strides, strides}, padding);
    }

    /**
     * Windows of {@code poolSize = {height, width}} every {@code strides = {down, across}} cells (Keras's tuples);
     * null strides take the pool size.
     *
     * <pre>{@code
     * AveragePooling2D p = new AveragePooling2D(new int[] {2, 1}, null, "valid");   // halves the height only
     * }</pre>
     *
     * @param poolSize two positive ints
     * @param strides  two positive ints, or null for the pool size
     * @param padding  {@code valid} or {@code same}, in either case
     */
    public AveragePooling2D(int[] poolSize, int[] strides, String padding) {
        super(null);
        Objects.requireNonNull(poolSize, "AveragePooling2D: poolSize is null");
        int[] s = strides == null ? poolSize : strides;
        if (poolSize.length != 2 || s.length != 2 || poolSize[0] <= 0 || poolSize[1] <= 0 || s[0] <= 0 || s[1] <= 0) {
            throw new IllegalArgumentException("AveragePooling2D: poolSize and strides must be two positive ints each, got "
                    + Arrays.toString(poolSize) + " and " + Arrays.toString(strides));
        }
        String p = BaseConvBuilder.padding("AveragePooling2D", Objects.requireNonNull(padding, "AveragePooling2D: padding is null"), false);
        this.poolSize = poolSize.clone();
        this.strides = s.clone();
        this.padding = p;
    }

    /**
     * The pooled batch.
     *
     * <pre>{@code
     * new AveragePooling2D().call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));   // [[[[2.5]]]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not a floating NHWC tensor of rank 4, or with
     *                                  {@code valid} padding a window is larger than the image
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        checkPoolingInput("AveragePooling2D", x, 4, "NHWC input");
        if (padding.equals("VALID") && (poolSize[0] > x.shape().dim(1) || poolSize[1] > x.shape().dim(2))) {
            throw new IllegalArgumentException(name() + ": the pool " + poolSize[0] + "x" + poolSize[1]
                    + " is larger than the image " + x.shape().dim(1) + "x" + x.shape().dim(2) + " (input shape "
                    + x.shape() + ") with valid padding");
        }
        return NN.avgPool2d(x, poolSize, strides, padding);
    }
}
