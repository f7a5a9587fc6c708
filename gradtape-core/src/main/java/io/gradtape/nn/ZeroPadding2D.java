package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Adds rows and columns of zeros around NHWC images {@code (batch, height, width, channels)} (Keras's
 * {@code ZeroPadding2D} with {@code data_format="channels_last"}, keras/src/layers/reshaping/zero_padding2d.py, named
 * {@code zero_padding2d}): {@code top} rows above, {@code bottom} below, {@code left} columns before and
 * {@code right} after. Keras's default pads one row and column on every side. Any dtype; the gradient is the slice
 * of the incoming gradient where the input was. It has no variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * Tensor x = Tensors.ones(DType.FLOAT32, 1, 2, 2, 1);
 * new ZeroPadding2D().call(x);               // shape (1, 4, 4, 1): the ones framed by zeros
 * new ZeroPadding2D(1, 0, 2, 1).call(x);     // shape (1, 3, 5, 1)
 * }</pre>
 */
public class ZeroPadding2D extends Module {
    private final int[] padding;

    /**
     * One row and column of zeros on every side (Keras's {@code padding=(1, 1)}).
     *
     * <pre>{@code
     * ZeroPadding2D p = new ZeroPadding2D();
     * }</pre>
     */
    public ZeroPadding2D() {
        this(1);
    }

    /**
     * {@code padding} rows and columns on every side (Keras's {@code padding=int}).
     *
     * <pre>{@code
     * ZeroPadding2D p = new ZeroPadding2D(2);
     * }</pre>
     *
     * @param padding 0 or more
     * @throws IllegalArgumentException if it is negative
     */
    public ZeroPadding2D(int padding) {
        this(padding, padding);
    }

    /**
     * {@code height} rows above and below, {@code width} columns before and after (Keras's
     * {@code padding=(symmetric_height_pad, symmetric_width_pad)}).
     *
     * <pre>{@code
     * ZeroPadding2D p = new ZeroPadding2D(1, 2);
     * }</pre>
     *
     * @param height rows added above and below, 0 or more
     * @param width  columns added before and after, 0 or more
     * @throws IllegalArgumentException if one is negative
     */
    public ZeroPadding2D(int height, int width) {
        this(height, height, width, width);
    }

    /**
     * Each side on its own (Keras's {@code padding=((top, bottom), (left, right))}).
     *
     * <pre>{@code
     * ZeroPadding2D p = new ZeroPadding2D(0, 1, 0, 1);   // one row below, one column on the right
     * }</pre>
     *
     * @param top    rows above, 0 or more
     * @param bottom rows below, 0 or more
     * @param left   columns before, 0 or more
     * @param right  columns after, 0 or more
     * @throws IllegalArgumentException if one is negative
     */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        super(null);
        this.padding = ShapeLayers.nonNegative("ZeroPadding2D", "padding", top, bottom, left, right);
    }

    /**
     * The padded images.
     *
     * <pre>{@code
     * new ZeroPadding2D(1).call(Tensors.zeros(DType.FLOAT32, 2, 28, 28, 3));   // shape (2, 30, 30, 3)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 4
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "ZeroPadding2D", x, 4, "(batch, height, width, channels)");
        return Tensors.pad(x, new int[] {0, padding[0], padding[2], 0}, new int[] {0, padding[1], padding[3], 0});
    }

    /**
     * The padding as {@code {top, bottom, left, right}}.
     *
     * <pre>{@code
     * new ZeroPadding2D(1, 2).padding();   // [1, 1, 2, 2]
     * }</pre>
     *
     * @return a new array
     */
    public int[] padding() {
        return padding.clone();
    }
}
