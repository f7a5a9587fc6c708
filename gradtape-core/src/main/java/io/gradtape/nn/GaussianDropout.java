package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Multiplies by one-centred Gaussian noise in training, {@code y = x * N(1, rate / (1 - rate))} drawn anew for every
 * element at every call, so the expected value is unchanged and the variance that of {@link Dropout} at the same
 * rate; otherwise (and at rate 0) the input passes through as it is (Keras's {@code GaussianDropout},
 * keras/src/layers/regularization/gaussian_dropout.py, named {@code gaussian_dropout}; Srivastava et al., JMLR 2014,
 * section 10). The noise comes from the generator given, so a seed fixes it; each training call takes one call of
 * it. The gradient with respect to {@code x} is the incoming gradient times the noise. A rate of 1 is refused: the
 * standard deviation {@code sqrt(rate / (1 - rate))} would be infinite (Keras divides by zero there). It has no
 * variables; the output keeps the input's mask (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * GaussianDropout drop = new GaussianDropout(0.5, Generator.fromSeed(1));
 * Tensor x = Tensors.ones(DType.FLOAT32, 2, 4);
 * drop.call(x);         // x itself: not training
 * drop.call(x, true);   // x times noise of mean 1 and standard deviation 1
 * }</pre>
 */
public class GaussianDropout extends Module {
    private final double rate;
    private final Generator generator;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A Gaussian dropout layer.
     *
     * <pre>{@code
     * GaussianDropout d = new GaussianDropout(0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param rate      the drop probability it matches, in [0, 1)
     * @param generator the source of the noise
     * @throws IllegalArgumentException if the rate is outside [0, 1) (or NaN)
     */
    public GaussianDropout(double rate, Generator generator) {
        super(null);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("GaussianDropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.generator = Objects.requireNonNull(generator, "GaussianDropout: generator is null");
    }

    /**
     * The input times noise in training; the input itself otherwise.
     *
     * <pre>{@code
     * new GaussianDropout(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 3));   // [1. 1. 1.]
     * }</pre>
     *
     * @throws IllegalArgumentException in training, for a non-floating input
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!training() || rate == 0) {
            return x;
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": GaussianDropout needs a floating input, got shape "
                    + x.shape() + " and dtype " + x.dtype());
        }
        return x.mul(generator.normal(x.shape(), 1, Math.sqrt(rate / (1 - rate)), x.dtype()));
    }

    /**
     * The rate.
     *
     * <pre>{@code
     * new GaussianDropout(0.3, Generator.fromSeed(1)).rate();   // 0.3
     * }</pre>
     *
     * @return the rate
     */
    public double rate() {
        return rate;
    }

    /**
     * The generator the noise is drawn from (the one given to the constructor, not a copy).
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new GaussianDropout(0.1, g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
