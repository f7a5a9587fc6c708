package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Adds zero-mean Gaussian noise in training, {@code y = x + N(0, stddev^2)} drawn anew for every element at every
 * call; otherwise (and at {@code stddev} 0) the input passes through as it is (Keras's {@code GaussianNoise},
 * keras/src/layers/regularization/gaussian_noise.py, named {@code gaussian_noise}). The noise comes from the
 * generator given, so a seed fixes it, as with {@link Dropout}; each training call takes one call of it. The
 * gradient with respect to {@code x} is the incoming gradient (the noise is a constant). Keras accepts a
 * {@code stddev} in {@code [0, 1]} only, and so does this layer. It has no variables; the output keeps the input's
 * mask (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * GaussianNoise noise = new GaussianNoise(0.1, Generator.fromSeed(1));
 * Tensor x = Tensors.ones(DType.FLOAT32, 2, 4);
 * noise.call(x);         // x itself: not training
 * noise.call(x, true);   // x plus noise of standard deviation 0.1
 * }</pre>
 */
public class GaussianNoise extends Module {
    private final double stddev;
    private final Generator generator;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A noise layer.
     *
     * <pre>{@code
     * GaussianNoise n = new GaussianNoise(0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param stddev    the noise's standard deviation, in [0, 1]
     * @param generator the source of the noise
     * @throws IllegalArgumentException if {@code stddev} is outside [0, 1] (or NaN)
     */
    public GaussianNoise(double stddev, Generator generator) {
        super(null);
        if (!(stddev >= 0 && stddev <= 1)) {
            throw new IllegalArgumentException("GaussianNoise: stddev must be in [0, 1] (as Keras), got " + stddev);
        }
        this.stddev = stddev;
        this.generator = Objects.requireNonNull(generator, "GaussianNoise: generator is null");
    }

    /**
     * The input plus noise in training; the input itself otherwise.
     *
     * <pre>{@code
     * new GaussianNoise(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 3));   // [1. 1. 1.]
     * }</pre>
     *
     * @throws IllegalArgumentException in training, for a non-floating input
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!training() || stddev == 0) {
            return x;
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": GaussianNoise needs a floating input, got shape " + x.shape()
                    + " and dtype " + x.dtype());
        }
        return x.add(generator.normal(x.shape(), 0, stddev, x.dtype()));
    }

    /**
     * The noise's standard deviation.
     *
     * <pre>{@code
     * new GaussianNoise(0.1, Generator.fromSeed(1)).stddev();   // 0.1
     * }</pre>
     *
     * @return the standard deviation
     */
    public double stddev() {
        return stddev;
    }

    /**
     * The generator the noise is drawn from (the one given to the constructor, not a copy).
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new GaussianNoise(0.1, g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
