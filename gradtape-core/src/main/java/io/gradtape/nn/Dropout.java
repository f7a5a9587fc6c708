package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Inverted dropout (Srivastava et al., JMLR 2014; Keras's {@code Dropout}): in training, each element is zeroed
 * with probability {@code rate} and the others are scaled by {@code 1 / (1 - rate)}, so the expected value is
 * unchanged; otherwise (and at rate 0) the input passes through as it is. The masks come from the generator
 * given, so a seed fixes them; a noise shape ({@link #Dropout(double, int[], Generator)}) shares a draw along
 * the axes where it is 1. It has no variables. A rate of 1 is refused, as TensorFlow's {@code tf.nn.dropout}
 * refuses it (the scale {@code 1 / (1 - rate)} would be infinite).
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.5, Generator.fromSeed(1));
 * Tensor x = Tensors.ones(DType.FLOAT32, 2, 4);
 * drop.call(x);         // x itself: not training
 * drop.call(x, true);   // zeros and 2.0s
 * }</pre>
 */
public class Dropout extends Module {
    private final double rate;
    private final int[] noiseShape;
    private final Generator generator;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A dropout layer.
     *
     * <pre>{@code
     * Dropout d = new Dropout(0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param rate      the fraction of elements dropped, in [0, 1)
     * @param generator the source of the masks
     */
    public Dropout(double rate, Generator generator) {
        this(rate, null, generator);
    }

    /**
     * A dropout layer whose mask has the shape {@code noiseShape} and is broadcast over the input (Keras's
     * {@code noise_shape}): a size of 1 shares one draw along that axis, so for inputs {@code (batch, timesteps,
     * features)} the noise shape {@code {-1, 1, -1}} drops the same features at every time step. An entry of -1
     * (Keras's {@code None}) takes the input's size; any other must be 1 or the input's size at that axis.
     *
     * <pre>{@code
     * Dropout d = new Dropout(0.5, new int[] {-1, 1, -1}, Generator.fromSeed(7));
     * Tensor y = d.call(Tensors.ones(DType.FLOAT32, 2, 10, 4), true);   // each (example, feature) kept or not for all 10 steps
     * }</pre>
     *
     * @param rate       the fraction of elements dropped, in [0, 1)
     * @param noiseShape one entry per input axis, each -1 or positive; null for the input's shape
     * @param generator  the source of the masks
     * @throws IllegalArgumentException if the rate is outside [0, 1) or an entry of {@code noiseShape} is 0 or
     *                                  below -1
     */
    public Dropout(double rate, int[] noiseShape, Generator generator) {
        super(null);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(kind() + ": rate must be in [0, 1), got " + rate);
        }
        if (noiseShape != null) {
            for (int n : noiseShape) {
                if (n == 0 || n < -1) {
                    throw new IllegalArgumentException(kind() + ": noiseShape entries must be positive or -1 (the"
                            + " input's size), got " + Arrays.toString(noiseShape));
                }
            }
        }
        this.rate = rate;
        this.noiseShape = noiseShape == null ? null : noiseShape.clone();
        this.generator = Objects.requireNonNull(generator, () -> kind() + ": generator is null");
    }

    /**
     * The input with dropout applied in training; the input itself otherwise.
     *
     * <pre>{@code
     * new Dropout(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 3));   // [1. 1. 1.]
     * }</pre>
     *
     * @throws IllegalArgumentException in training, for a non-floating input, or an input whose rank or sizes
     *                                  the noise shape does not fit
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!training() || rate == 0) {
            return x;
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": Dropout needs a floating input, got dtype " + x.dtype());
        }
        Tensor keep = generator.bernoulli(maskShape(x.shape()), 1 - rate, x.dtype());
        return x.mul(keep.mul(1 / (1 - rate)));
    }

    /** The class name for constructor messages: Dropout, or a subclass's own ({@link SpatialDropout1D}, ...). */
    private String kind() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "Dropout" : n;
    }

    /** The mask's shape for an input of shape {@code s}: the noise shape with its -1 entries filled in. */
    private Shape maskShape(Shape s) {
        if (noiseShape == null) {
            return s;
        }
        int[] d = s.dims();
        boolean fits = noiseShape.length == d.length;
        int[] m = new int[d.length];
        for (int i = 0; fits && i < d.length; i++) {
            m[i] = noiseShape[i] == -1 ? d[i] : noiseShape[i];
            // a size other than 1 or the input's would broadcast the output to another shape (or fail)
            fits = m[i] == d[i] || m[i] == 1;
        }
        if (!fits) {
            throw new IllegalArgumentException(name() + ": noiseShape " + Arrays.toString(noiseShape)
                    + " does not fit the input shape " + s + ": it needs one entry per axis, each -1, 1 or the"
                    + " input's size");
        }
        return Shape.of(m);
    }

    /**
     * The dropout rate.
     *
     * <pre>{@code
     * new Dropout(0.3, Generator.fromSeed(1)).rate();   // 0.3
     * }</pre>
     *
     * @return the rate
     */
    public double rate() {
        return rate;
    }

    /**
     * The generator the masks are drawn from (the one given to the constructor, not a copy): each training call
     * takes one call of it. A data-parallel trainer that builds a fresh copy of the model for every step sets its
     * state ({@link Generator#setState}) so that the masks differ from step to step and between partitions, as
     * they would in one long-lived model.
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * Dropout d = new Dropout(0.5, g);
     * boolean same = d.generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
