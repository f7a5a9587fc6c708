package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Removes rows and columns at the edges of NHWC images {@code (batch, height, width, channels)} (Keras's
 * {@code Cropping2D} with {@code data_format="channels_last"}, keras/src/layers/reshaping/cropping2d.py, named
 * {@code cropping2d}): {@code top} rows above, {@code bottom} below, {@code left} columns before and {@code right}
 * after. Keras's default crops nothing. At least one row and one column must remain, as Keras refuses a cropping
 * that removes all of them. Any dtype; the gradient is the incoming gradient padded back with zeros. It has no
 * variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * new Cropping2D(2, 2, 4, 4).call(Tensors.zeros(DType.FLOAT32, 1, 28, 28, 3));   // shape (1, 24, 20, 3)
 * }</pre>
 */
public class Cropping2D extends Module {
    private final int[] cropping;

    /**
     * No cropping (Keras's {@code cropping=((0, 0), (0, 0))}).
     *
     * <pre>{@code
     * Cropping2D c = new Cropping2D();
     * }</pre>
     */
    public Cropping2D() {
        this(0);
    }

    /**
     * {@code cropping} rows and columns removed at every edge (Keras's {@code cropping=int}).
     *
     * <pre>{@code
     * Cropping2D c = new Cropping2D(1);
     * }</pre>
     *
     * @param cropping 0 or more
     * @throws IllegalArgumentException if it is negative
     */
    public Cropping2D(int cropping) {
        this(cropping, cropping);
    }

    /**
     * {@code height} rows removed above and below, {@code width} columns before and after (Keras's
     * {@code cropping=(symmetric_height_crop, symmetric_width_crop)}).
     *
     * <pre>{@code
     * Cropping2D c = new Cropping2D(1, 2);
     * }</pre>
     *
     * @param height 0 or more
     * @param width  0 or more
     * @throws IllegalArgumentException if one is negative
     */
    public Cropping2D(int height, int width) {
        this(height, height, width, width);
    }

    /**
     * Each edge on its own (Keras's {@code cropping=((top, bottom), (left, right))}).
     *
     * <pre>{@code
     * Cropping2D c = new Cropping2D(0, 1, 0, 1);   // drop the last row and column
     * }</pre>
     *
     * @param top    rows removed above, 0 or more
     * @param bottom rows removed below, 0 or more
     * @param left   columns removed before, 0 or more
     * @param right  columns removed after, 0 or more
     * @throws IllegalArgumentException if one is negative
     */
    public Cropping2D(int top, int bottom, int left, int right) {
        super(null);
        this.cropping = ShapeLayers.nonNegative("Cropping2D", "cropping", top, bottom, left, right);
    }

    /**
     * The cropped images.
     *
     * <pre>{@code
     * new Cropping2D(1).call(Tensors.zeros(DType.FLOAT32, 2, 5, 5, 3));   // shape (2, 3, 3, 3)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 4, or the cropping leaves no row or no column
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "Cropping2D", x, 4, "(batch, height, width, channels)");
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        if ((long) cropping[0] + cropping[1] >= h || (long) cropping[2] + cropping[3] >= w) {
            throw new IllegalArgumentException(name() + ": Cropping2D's cropping (top " + cropping[0] + ", bottom "
                    + cropping[1] + ", left " + cropping[2] + ", right " + cropping[3] + ") leaves no "
                    + ((long) cropping[0] + cropping[1] >= h ? "row" : "column") + " of the input of shape " + x.shape()
                    + ": it must remove fewer than the height and the width");
        }
        return Tensors.slice(x, new int[] {0, cropping[0], cropping[2], 0},
                new int[] {-1, h - cropping[0] - cropping[1], w - cropping[2] - cropping[3], -1});
    }

    /**
     * The cropping as {@code {top, bottom, left, right}}.
     *
     * <pre>{@code
     * new Cropping2D(1, 2).cropping();   // [1, 1, 2, 2]
     * }</pre>
     *
     * @return a new array
     */
    public int[] cropping() {
        return cropping.clone();
    }
}
