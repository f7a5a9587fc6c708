package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Repeats each example vector {@code n} times along a new time axis: {@code (batch, features)} becomes
 * {@code (batch, n, features)} (Keras's {@code RepeatVector}, keras/src/layers/reshaping/repeat_vector.py, named
 * {@code repeat_vector}), as an encoder's summary fed to every step of a decoder. Any dtype; the gradient sums
 * the copies. It has no variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(new float[] {1, 2}, 1, 2);
 * new RepeatVector(3).call(x);   // [[[1, 2], [1, 2], [1, 2]]]
 * }</pre>
 */
public class RepeatVector extends Module {
    private final int n;

    /**
     * A layer repeating its input {@code n} times.
     *
     * <pre>{@code
     * RepeatVector r = new RepeatVector(10);
     * }</pre>
     *
     * @param n the number of copies, 0 or more
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public RepeatVector(int n) {
        super(null);
        if (n < 0) {
            throw new IllegalArgumentException("RepeatVector: n must be 0 or more, got " + n);
        }
        this.n = n;
    }

    /**
     * The repeated vectors.
     *
     * <pre>{@code
     * new RepeatVector(5).call(Tensors.zeros(DType.FLOAT32, 4, 16));   // shape (4, 5, 16)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 2
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "RepeatVector", x, 2, "(batch, features)");
        return Tensors.broadcastTo(Tensors.expandDims(x, 1), x.shape().dim(0), n, x.shape().dim(1));
    }

    /**
     * The number of copies.
     *
     * <pre>{@code
     * new RepeatVector(10).n();   // 10
     * }</pre>
     *
     * @return n
     */
    public int n() {
        return n;
    }
}
