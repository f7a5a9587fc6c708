package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Multiplies the input by {@code scale} and adds {@code offset} (Keras's {@code Rescaling},
 * keras/src/layers/preprocessing/rescaling.py): {@code y = x * scale + offset}, as recorded ops, so a tape
 * differentiates the output with respect to the input ({@code dy/dx = scale}). Pixels in {@code [0, 255]} become
 * {@code [0, 1]} with {@code scale = 1/255}, or {@code [-1, 1]} with {@code scale = 1/127.5, offset = -1}. A
 * floating input keeps its dtype; an integer input is cast to float32 first (Keras's compute dtype). No variables.
 *
 * <pre>{@code
 * Rescaling r = new Rescaling(1 / 127.5, -1);
 * r.call(Tensors.constant(new int[] {0, 255}, 2));   // [-1, 1], float32
 * }</pre>
 */
public class Rescaling extends Module {
    private final double scale;
    private final double offset;

    /**
     * {@code y = x * scale} (Keras's default {@code offset=0.0}).
     *
     * <pre>{@code
     * Rescaling r = new Rescaling(1 / 255.0);
     * }</pre>
     *
     * @param scale the factor
     */
    public Rescaling(double scale) {
        this(scale, 0.0, null);
    }

    /**
     * {@code y = x * scale + offset}.
     *
     * <pre>{@code
     * Rescaling r = new Rescaling(1 / 127.5, -1);
     * }</pre>
     *
     * @param scale  the factor
     * @param offset the shift, added after scaling
     */
    public Rescaling(double scale, double offset) {
        this(scale, offset, null);
    }

    /**
     * A named layer.
     *
     * <pre>{@code
     * Rescaling r = new Rescaling(1 / 255.0, 0, "to_unit");
     * }</pre>
     *
     * @param scale  the factor
     * @param offset the shift, added after scaling
     * @param name   the name, or null for {@code rescaling}
     */
    public Rescaling(double scale, double offset, String name) {
        super(name);
        this.scale = scale;
        this.offset = offset;
    }

    /**
     * {@code x * scale + offset}, with {@code scale} and {@code offset} in the output's dtype (rounded to float32
     * for a float32 output, as Keras casts them to its compute dtype).
     *
     * <pre>{@code
     * new Rescaling(2, 1).call(Tensors.constant(new float[] {0, 1}, 2));   // [1, 3]
     * }</pre>
     *
     * @param x the input, numeric, of any shape
     * @return a tensor of the input's shape: its dtype if floating, float32 otherwise
     * @throws IllegalArgumentException if the input is BOOL
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": Rescaling needs a numeric input, got shape " + x.shape()
                    + " and dtype bool");
        }
        Tensor in = x.dtype().isFloating() ? x : Tensors.cast(x, DType.FLOAT32);
        DType d = in.dtype();
        return in.mul(Tensors.cast(Tensors.constant(scale), d)).add(Tensors.cast(Tensors.constant(offset), d));
    }

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask. */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * The factor.
     *
     * <pre>{@code
     * new Rescaling(0.5).scale();   // 0.5
     * }</pre>
     *
     * @return the scale
     */
    public double scale() {
        return scale;
    }

    /**
     * The shift.
     *
     * <pre>{@code
     * new Rescaling(0.5).offset();   // 0.0
     * }</pre>
     *
     * @return the offset
     */
    public double offset() {
        return offset;
    }
}
