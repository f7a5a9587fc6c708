package io.gradtape.nn;

import io.gradtape.Tensor;

/**
 * Repeats each step of sequences {@code (batch, steps, features)} {@code size} times (Keras's {@code UpSampling1D},
 * keras/src/layers/reshaping/up_sampling1d.py, named {@code up_sampling1d}, computed as its {@code ops.repeat} along
 * axis 1): the output has {@code steps * size} steps, step {@code t} of it being input step {@code t / size}.
 * Keras's default size is 2. Any dtype; the gradient of an input step is the sum over its copies. It has no
 * variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2);
 * new UpSampling1D().call(x);   // [[[1, 2], [1, 2], [3, 4], [3, 4]]]
 * }</pre>
 */
public class UpSampling1D extends Module {
    private final int size;

    /**
     * Each step twice (Keras's {@code size=2}).
     *
     * <pre>{@code
     * UpSampling1D u = new UpSampling1D();
     * }</pre>
     */
    public UpSampling1D() {
        this(2);
    }

    /**
     * Each step {@code size} times.
     *
     * <pre>{@code
     * UpSampling1D u = new UpSampling1D(4);
     * }</pre>
     *
     * @param size the repeat count, positive
     * @throws IllegalArgumentException if it is not positive
     */
    public UpSampling1D(int size) {
        super(null);
        this.size = ShapeLayers.positive("UpSampling1D", "size", size);
    }

    /**
     * The upsampled sequences.
     *
     * <pre>{@code
     * new UpSampling1D(3).call(Tensors.zeros(DType.FLOAT32, 4, 10, 8));   // shape (4, 30, 8)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3, or the output would have more than
     *                                  {@code Integer.MAX_VALUE} steps
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "UpSampling1D", x, 3, "(batch, steps, features)");
        ShapeLayers.checkUpsampled(this, "UpSampling1D", x, 1, size);
        return ShapeLayers.repeat(x, 1, size);
    }

    /**
     * The repeat count.
     *
     * <pre>{@code
     * new UpSampling1D().size();   // 2
     * }</pre>
     *
     * @return the size
     */
    public int size() {
        return size;
    }
}
