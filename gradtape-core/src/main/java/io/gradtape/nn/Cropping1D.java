package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Removes steps from the start and end of sequences {@code (batch, steps, features)} (Keras's {@code Cropping1D},
 * keras/src/layers/reshaping/cropping1d.py, named {@code cropping1d}): the output keeps steps
 * {@code start .. steps - end - 1}. Keras's default crops one step at each end. At least one step must remain, as
 * Keras refuses a cropping that removes them all. Any dtype; the gradient is the incoming gradient padded back with
 * zeros. It has no variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(new float[] {0, 1, 2, 3, 4, 5}, 1, 3, 2);
 * new Cropping1D().call(x);   // [[[2, 3]]]
 * }</pre>
 */
public class Cropping1D extends Module {
    private final int start;
    private final int end;

    /**
     * One step cropped at each end (Keras's {@code cropping=(1, 1)}).
     *
     * <pre>{@code
     * Cropping1D c = new Cropping1D();
     * }</pre>
     */
    public Cropping1D() {
        this(1);
    }

    /**
     * {@code cropping} steps cropped at each end.
     *
     * <pre>{@code
     * Cropping1D c = new Cropping1D(2);
     * }</pre>
     *
     * @param cropping 0 or more
     * @throws IllegalArgumentException if it is negative
     */
    public Cropping1D(int cropping) {
        this(cropping, cropping);
    }

    /**
     * {@code start} steps cropped at the start, {@code end} at the end (Keras's {@code cropping=(start, end)}).
     *
     * <pre>{@code
     * Cropping1D c = new Cropping1D(0, 3);
     * }</pre>
     *
     * @param start 0 or more
     * @param end   0 or more
     * @throws IllegalArgumentException if one is negative
     */
    public Cropping1D(int start, int end) {
        super(null);
        ShapeLayers.nonNegative("Cropping1D", "cropping", start, end);
        this.start = start;
        this.end = end;
    }

    /**
     * The cropped sequences.
     *
     * <pre>{@code
     * new Cropping1D(1, 2).call(Tensors.zeros(DType.FLOAT32, 4, 10, 8));   // shape (4, 7, 8)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3, or the cropping leaves no step
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "Cropping1D", x, 3, "(batch, steps, features)");
        int steps = x.shape().dim(1);
        if ((long) start + end >= steps) {
            throw new IllegalArgumentException(name() + ": Cropping1D's cropping (" + start + ", " + end
                    + ") leaves no step of the input of shape " + x.shape() + ": it must remove fewer than " + steps);
        }
        return Tensors.slice(x, new int[] {0, start, 0}, new int[] {-1, steps - start - end, -1});
    }

    /**
     * The cropping as {@code {start, end}}.
     *
     * <pre>{@code
     * new Cropping1D(0, 3).cropping();   // [0, 3]
     * }</pre>
     *
     * @return a new array
     */
    public int[] cropping() {
        return new int[] {start, end};
    }
}
