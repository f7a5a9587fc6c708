package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Keras's initializers, each drawing from the {@link Generator} it is given, so that a seed fixes every initial
 * value. The variance-scaling family draws with standard deviation (or limit) from the fans of the shape: for
 * a matrix {@code (in, out)}, {@code fanIn = in} and {@code fanOut = out}; for a convolution kernel
 * {@code (kh, kw, in, out)} both are multiplied by {@code kh * kw}; a vector has {@code fanIn = fanOut} = its
 * length.
 *
 * <table>
 *   <caption>The named initializers</caption>
 *   <tr><th>initializer</th><th>distribution</th></tr>
 *   <tr><td>glorotUniform (Glorot &amp; Bengio 2010)</td><td>uniform in {@code ±sqrt(6 / (fanIn + fanOut))}</td></tr>
 *   <tr><td>glorotNormal</td><td>truncated normal, stddev {@code sqrt(2 / (fanIn + fanOut)) / 0.87962566}</td></tr>
 *   <tr><td>heUniform (He et al. 2015)</td><td>uniform in {@code ±sqrt(6 / fanIn)}</td></tr>
 *   <tr><td>heNormal</td><td>truncated normal, stddev {@code sqrt(2 / fanIn) / 0.87962566}</td></tr>
 *   <tr><td>lecunUniform (LeCun et al. 1998)</td><td>uniform in {@code ±sqrt(3 / fanIn)}</td></tr>
 *   <tr><td>lecunNormal</td><td>truncated normal, stddev {@code sqrt(1 / fanIn) / 0.87962566}</td></tr>
 * </table>
 * The truncated normals are cut at two standard deviations, which shrinks their variance by the factor
 * {@code 0.87962566^2}; Keras divides the standard deviation by that constant so that the variance is the
 * intended one, and so does this class.
 *
 * <p>Layers created without an initializer draw from {@link #defaultGenerator()}, a process-wide generator
 * seeded with 0 until {@link #setDefaultSeed} reseeds it (Keras's {@code keras.utils.set_random_seed}).
 *
 * <pre>{@code
 * Generator g = Generator.fromSeed(42);
 * Dense d = Dense.builder(10).inputSize(784).kernelInitializer(Initializers.heNormal(g)).build();
 * }</pre>
 */
public final class Initializers {
    /** The standard deviation of a unit normal truncated at ±2, the correction of the truncated normals. */
    static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private static Generator defaultGenerator = Generator.fromSeed(0);

    private Initializers() {
    }

    /**
     * The generator layers use when no initializer is given.
     *
     * <pre>{@code
     * Initializers.defaultGenerator();
     * }</pre>
     *
     * @return the process-wide default generator
     */
    public static synchronized Generator defaultGenerator() {
        return defaultGenerator;
    }

    /**
     * Replaces the default generator by a new one from {@code seed}: models built afterwards in the same order
     * get the same initial values.
     *
     * <pre>{@code
     * Initializers.setDefaultSeed(1234);
     * }</pre>
     *
     * @param seed the seed
     */
    public static synchronized void setDefaultSeed(long seed) {
        defaultGenerator = Generator.fromSeed(seed);
    }

    /**
     * The initial value of a layer's variable: {@code init}'s result, checked to be of the shape and dtype asked
     * for. A custom initializer that returned another shape would otherwise give a variable that still computes
     * by broadcasting (a bias {@code (1,)} in place of {@code (units,)}) or a layer whose output has the wrong
     * width, without an error.
     *
     * @throws NullPointerException     if the initializer returns null
     * @throws IllegalArgumentException if it returns another shape or dtype
     */
    static Tensor initialValue(String layer, String variable, Initializer init, Shape shape, DType dtype) {
        Tensor v = init.apply(shape, dtype);
        Objects.requireNonNull(v, () -> layer + ": the " + variable + " initializer returned null for shape " + shape
                + " and dtype " + dtype);
        if (!v.shape().equals(shape) || v.dtype() != dtype) {
            throw new IllegalArgumentException(layer + ": the " + variable + " initializer returned shape "
                    + v.shape() + " and dtype " + v.dtype() + " for a variable of shape " + shape + " and dtype "
                    + dtype);
        }
        return v;
    }

    /**
     * All zeros.
     *
     * <pre>{@code
     * Initializers.zeros().apply(Shape.of(3), DType.FLOAT32);   // [0. 0. 0.]
     * }</pre>
     *
     * @return the initializer
     */
    public static Initializer zeros() {
        return (shape, dtype) -> Tensors.zeros(dtype, shape.dims());
    }

    /**
     * All ones.
     *
     * <pre>{@code
     * Initializers.ones().apply(Shape.of(2), DType.FLOAT64);   // [1. 1.]
     * }</pre>
     *
     * @return the initializer
     */
    public static Initializer ones() {
        return (shape, dtype) -> Tensors.ones(dtype, shape.dims());
    }

    /**
     * Every element {@code value}.
     *
     * <pre>{@code
     * Initializers.constant(0.1).apply(Shape.of(2), DType.FLOAT32);   // [0.1 0.1]
     * }</pre>
     *
     * @param value the value
     * @return the initializer
     */
    public static Initializer constant(double value) {
        return (shape, dtype) -> Tensors.zeros(dtype, shape.dims()).add(value);
    }

    /**
     * Uniform in {@code [minval, maxval)}.
     *
     * <pre>{@code
     * Initializers.randomUniform(-0.05, 0.05, Generator.fromSeed(1)).apply(Shape.of(3), DType.FLOAT32);
     * }</pre>
     *
     * @param minval the lower bound
     * @param maxval the upper bound
     * @param gen    the generator
     * @return the initializer
     */
    public static Initializer randomUniform(double minval, double maxval, Generator gen) {
        Objects.requireNonNull(gen, "randomUniform: generator is null");
        return (shape, dtype) -> gen.uniform(shape, minval, maxval, dtype);
    }

    /**
     * Normal with the given mean and standard deviation.
     *
     * <pre>{@code
     * Initializers.randomNormal(0, 0.05, Generator.fromSeed(1)).apply(Shape.of(3), DType.FLOAT32);
     * }</pre>
     *
     * @param mean   the mean
     * @param stddev the standard deviation
     * @param gen    the generator
     * @return the initializer
     */
    public static Initializer randomNormal(double mean, double stddev, Generator gen) {
        Objects.requireNonNull(gen, "randomNormal: generator is null");
        return (shape, dtype) -> gen.normal(shape, mean, stddev, dtype);
    }

    /**
     * Normal cut at two standard deviations (values beyond are redrawn), without variance correction: the
     * standard deviation of the result is about {@code 0.88 * stddev}.
     *
     * <pre>{@code
     * Initializers.truncatedNormal(0, 0.05, Generator.fromSeed(1)).apply(Shape.of(3), DType.FLOAT32);
     * }</pre>
     *
     * @param mean   the mean
     * @param stddev the standard deviation before truncation
     * @param gen    the generator
     * @return the initializer
     */
    public static Initializer truncatedNormal(double mean, double stddev, Generator gen) {
        Objects.requireNonNull(gen, "truncatedNormal: generator is null");
        return (shape, dtype) -> gen.truncatedNormal(shape, mean, stddev, dtype);
    }

    /** Which fans set the scale of {@link #varianceScaling}. */
    public enum Mode {
        /** The number of inputs. */
        FAN_IN,
        /** The number of outputs. */
        FAN_OUT,
        /** Their mean. */
        FAN_AVG
    }

    /** The distribution of {@link #varianceScaling}. */
    public enum Distribution {
        /** Normal cut at two standard deviations, corrected to the intended variance. */
        TRUNCATED_NORMAL,
        /** Normal. */
        UNTRUNCATED_NORMAL,
        /** Uniform in {@code ±sqrt(3 * variance)}. */
        UNIFORM
    }

    /**
     * Keras's {@code VarianceScaling}: values of variance {@code scale / n}, where {@code n} is the fan chosen
     * by {@code mode} (at least 1).
     *
     * <pre>{@code
     * Initializer i = Initializers.varianceScaling(2.0, Initializers.Mode.FAN_IN,
     *         Initializers.Distribution.TRUNCATED_NORMAL, Generator.fromSeed(3));   // heNormal
     * }</pre>
     *
     * @param scale        the variance numerator, positive
     * @param mode         which fan divides it
     * @param distribution the distribution
     * @param gen          the generator
     * @return the initializer
     */
    public static Initializer varianceScaling(double scale, Mode mode, Distribution distribution, Generator gen) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("varianceScaling: scale must be positive, got " + scale);
        }
        Objects.requireNonNull(mode, "varianceScaling: mode is null");
        Objects.requireNonNull(distribution, "varianceScaling: distribution is null");
        Objects.requireNonNull(gen, "varianceScaling: generator is null");
        return (shape, dtype) -> {
            double[] fans = fans(shape);
            double n = mode == Mode.FAN_IN ? fans[0] : mode == Mode.FAN_OUT ? fans[1] : (fans[0] + fans[1]) / 2;
            double variance = scale / Math.max(1, n);
            switch (distribution) {
                case TRUNCATED_NORMAL:
                    return gen.truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_STDDEV, dtype);
                case UNTRUNCATED_NORMAL:
                    return gen.normal(shape, 0, Math.sqrt(variance), dtype);
                default:
                    double limit = Math.sqrt(3 * variance);
                    return gen.uniform(shape, -limit, limit, dtype);
            }
        };
    }

    /** Keras's {@code compute_fans}: {fanIn, fanOut}. */
    static double[] fans(Shape shape) {
        int[] d = shape.dims();
        if (d.length == 0) {
            return new double[] {1, 1};
        }
        if (d.length == 1) {
            return new double[] {d[0], d[0]};
        }
        if (d.length == 2) {
            return new double[] {d[0], d[1]};
        }
        double receptive = 1;
        for (int i = 0; i < d.length - 2; i++) {
            receptive *= d[i];
        }
        return new double[] {d[d.length - 2] * receptive, d[d.length - 1] * receptive};
    }

    /**
     * Glorot (Xavier) uniform, the default kernel initializer of {@link Dense} and {@link Conv2D}: uniform in
     * {@code ±sqrt(6 / (fanIn + fanOut))} (Glorot &amp; Bengio 2010).
     *
     * <pre>{@code
     * Initializers.glorotUniform(Generator.fromSeed(0)).apply(Shape.of(4, 3), DType.FLOAT32);
     * }</pre>
     *
     * @param gen the generator
     * @return the initializer
     */
    public static Initializer glorotUniform(Generator gen) {
        return varianceScaling(1, Mode.FAN_AVG, Distribution.UNIFORM, gen);
    }

    /**
     * Glorot (Xavier) normal: truncated normal of variance {@code 2 / (fanIn + fanOut)}.
     *
     * <pre>{@code
     * Initializers.glorotNormal(Generator.fromSeed(0)).apply(Shape.of(4, 3), DType.FLOAT32);
     * }</pre>
     *
     * @param gen the generator
     * @return the initializer
     */
    public static Initializer glorotNormal(Generator gen) {
        return varianceScaling(1, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, gen);
    }

    /**
     * He uniform: uniform in {@code ±sqrt(6 / fanIn)} (He, Zhang, Ren &amp; Sun 2015).
     *
     * <pre>{@code
     * Initializers.heUniform(Generator.fromSeed(0)).apply(Shape.of(4, 3), DType.FLOAT32);
     * }</pre>
     *
     * @param gen the generator
     * @return the initializer
     */
    public static Initializer heUniform(Generator gen) {
        return varianceScaling(2, Mode.FAN_IN, Distribution.UNIFORM, gen);
    }

    /**
     * He normal: truncated normal of variance {@code 2 / fanIn}, suited to ReLU layers.
     *
     * <pre>{@code
     * Initializers.heNormal(Generator.fromSeed(0)).apply(Shape.of(4, 3), DType.FLOAT32);
     * }</pre>
     *
     * @param gen the generator
     * @return the initializer
     */
    public static Initializer heNormal(Generator gen) {
        return varianceScaling(2, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, gen);
    }

    /**
     * LeCun uniform: uniform in {@code ±sqrt(3 / fanIn)}.
     *
     * <pre>{@code
     * Initializers.lecunUniform(Generator.fromSeed(0)).apply(Shape.of(4, 3), DType.FLOAT32);
     * }</pre>
     *
     * @param gen the generator
     * @return the initializer
     */
    public static Initializer lecunUniform(Generator gen) {
        return varianceScaling(1, Mode.FAN_IN, Distribution.UNIFORM, gen);
    }

    /**
     * LeCun normal: truncated normal of variance {@code 1 / fanIn}, suited to SELU layers.
     *
     * <pre>{@code
     * Initializers.lecunNormal(Generator.fromSeed(0)).apply(Shape.of(4, 3), DType.FLOAT32);
     * }</pre>
     *
     * @param gen the generator
     * @return the initializer
     */
    public static Initializer lecunNormal(Generator gen) {
        return varianceScaling(1, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, gen);
    }

    /**
     * An orthogonal matrix times {@code gain} (Saxe, McClelland &amp; Ganguli 2014): the shape is seen as a
     * matrix {@code (product of all but the last dimension, last dimension)}; a normal matrix is drawn and
     * orthonormalized (QR with a positive diagonal in R, as Keras's sign correction gives), so the rows or the
     * columns, whichever are fewer, are orthonormal.
     *
     * <pre>{@code
     * Tensor q = Initializers.orthogonal(1.0, Generator.fromSeed(0)).apply(Shape.of(3, 3), DType.FLOAT64);
     * // q^T q is the identity
     * }</pre>
     *
     * @param gain the factor
     * @param gen  the generator
     * @return the initializer
     */
    public static Initializer orthogonal(double gain, Generator gen) {
        Objects.requireNonNull(gen, "orthogonal: generator is null");
        return (shape, dtype) -> {
            int[] d = shape.dims();
            if (d.length < 2) {
                throw new IllegalArgumentException("orthogonal: needs a shape of rank >= 2, got " + shape);
            }
            int cols = d[d.length - 1];
            int rows = shape.size() / Math.max(1, cols);
            boolean wide = rows < cols;
            int m = Math.max(rows, cols);
            int n = Math.min(rows, cols);
            // a tall m x n normal matrix, orthonormalized by modified Gram-Schmidt (R's diagonal comes out positive)
            double[] a = gen.normal(Shape.of(m, n), 0, 1, DType.FLOAT64).toDoubleArray();
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += a[i * n + j] * a[i * n + k];
                    }
                    for (int i = 0; i < m; i++) {
                        a[i * n + j] -= dot * a[i * n + k];
                    }
                }
                double norm = 0;
                for (int i = 0; i < m; i++) {
                    norm += a[i * n + j] * a[i * n + j];
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < m; i++) {
                    a[i * n + j] /= norm;
                }
            }
            double[] q = new double[rows * cols];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    // wide: the result is the transpose of the tall matrix
                    q[wide ? j * cols + i : i * cols + j] = gain * a[i * n + j];
                }
            }
            return Tensors.cast(Tensors.constant(q, d), dtype);
        };
    }
}
