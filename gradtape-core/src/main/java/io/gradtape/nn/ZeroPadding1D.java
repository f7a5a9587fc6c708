package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Adds zeros before and after the steps of sequences {@code (batch, steps, features)} (Keras's {@code ZeroPadding1D},
 * keras/src/layers/reshaping/zero_padding1d.py, named {@code zero_padding1d}): the output has
 * {@code left + steps + right} steps. Keras's default pads one step on each side. Any dtype; the gradient is the
 * slice of the incoming gradient where the input was. It has no variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2);
 * new ZeroPadding1D().call(x);         // [[[0, 0], [1, 2], [3, 4], [0, 0]]]
 * new ZeroPadding1D(0, 2).call(x);     // shape (1, 4, 2): two zero steps after
 * }</pre>
 */
public class ZeroPadding1D extends Module {
    private final int left;
    private final int right;

    /**
     * One zero step on each side (Keras's {@code padding=1}).
     *
     * <pre>{@code
     * ZeroPadding1D p = new ZeroPadding1D();
     * }</pre>
     */
    public ZeroPadding1D() {
        this(1);
    }

    /**
     * {@code padding} zero steps on each side.
     *
     * <pre>{@code
     * ZeroPadding1D p = new ZeroPadding1D(3);
     * }</pre>
     *
     * @param padding the steps added on each side, 0 or more
     * @throws IllegalArgumentException if it is negative
     */
    public ZeroPadding1D(int padding) {
        this(padding, padding);
    }

    /**
     * {@code left} zero steps before and {@code right} after (Keras's {@code padding=(left, right)}).
     *
     * <pre>{@code
     * ZeroPadding1D causal = new ZeroPadding1D(2, 0);
     * }</pre>
     *
     * @param left  the steps added before, 0 or more
     * @param right the steps added after, 0 or more
     * @throws IllegalArgumentException if one is negative
     */
    public ZeroPadding1D(int left, int right) {
        super(null);
        ShapeLayers.nonNegative("ZeroPadding1D", "padding", left, right);
        this.left = left;
        this.right = right;
    }

    /**
     * The padded sequences.
     *
     * <pre>{@code
     * new ZeroPadding1D(1, 2).call(Tensors.zeros(DType.FLOAT32, 4, 10, 8));   // shape (4, 13, 8)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "ZeroPadding1D", x, 3, "(batch, steps, features)");
        return Tensors.pad(x, new int[] {0, left, 0}, new int[] {0, right, 0});
    }

    /**
     * The padding as {@code {left, right}}.
     *
     * <pre>{@code
     * new ZeroPadding1D(2, 0).padding();   // [2, 0]
     * }</pre>
     *
     * @return a new array
     */
    public int[] padding() {
        return new int[] {left, right};
    }
}
