package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Inverted dropout (Srivastava et al., JMLR 2014; Keras's {@code Dropout}): in training, each element is zeroed
 * with probability {@code rate} and the others are scaled by {@code 1 / (1 - rate)}, so the expected value is
 * unchanged; otherwise (and at rate 0) the input passes through as it is. The masks come from the generator
 * given, so a seed fixes them. It has no variables.
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
    private final Generator generator;

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
        super(null);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.generator = Objects.requireNonNull(generator, "Dropout: generator is null");
    }

    /**
     * The input with dropout applied in training; the input itself otherwise.
     *
     * <pre>{@code
     * new Dropout(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 3));   // [1. 1. 1.]
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
            throw new IllegalArgumentException(name() + ": Dropout needs a floating input, got dtype " + x.dtype());
        }
        Tensor keep = generator.bernoulli(x.shape(), 1 - rate, x.dtype());
        return x.mul(keep.mul(1 / (1 - rate)));
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
}
