package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.random.RandomKernels;
import io.gradtape.internal.random.RandomKernels.Stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A seeded, counter-based random-number generator, in the manner of TensorFlow's {@code tf.random.Generator}:
 * the same seed gives the same bits on every machine, on any number of threads.
 *
 * <p><b>Algorithm.</b> The bits come from Philox4x32-10, the counter-based generator of J. K. Salmon,
 * M. A. Moraes, R. O. Dror and D. E. Shaw, "Parallel random numbers: as easy as 1, 2, 3", Proceedings of SC'11
 * (2011), the generator behind TensorFlow's {@code tf.random.Generator} (JAX's default, Threefry, comes from the
 * same paper and works the same way: a keyed function of a counter). Philox is a keyed bijection of a 128-bit
 * counter: ten rounds of 32x32-to-64-bit multiplications, high and low halves swapped and xor-ed with a key that
 * is bumped by Weyl constants between rounds. It passes the BigCrush statistical battery and, being integer arithmetic, gives the
 * same words on every machine; our implementation reproduces the authors' published known-answer vectors.
 *
 * <p><b>State.</b> A generator is a 64-bit <em>key</em> and a 64-bit <em>counter</em> that numbers its calls.
 * Every successful call of a sampling method (whatever the shape, even an empty one) takes the current counter
 * value as its call number and adds one to the counter; a call that throws takes nothing. Output element
 * {@code i} of call {@code c} is computed from the Philox counters {@code (i / k, attempt, c)} under the key, for
 * a per-op number of elements {@code k} per 128-bit block, so each value depends only on the key, the call
 * number and its position, never on thread scheduling: large tensors are filled in parallel with exactly the
 * bits of a serial loop. {@link #fromSeed} uses the seed as the key and starts the counter at 0.
 * {@link #getState} and {@link #setState} save and restore the state, so a run resumed from a checkpoint draws
 * exactly the numbers an uninterrupted run would have drawn.
 *
 * <p><b>Number formats.</b> A float32 uniform is the top 24 bits of a 32-bit word times 2^-24; a float64 uniform
 * takes 53 bits of two words. Normals use the Box-Muller transform {@code sqrt(-2 ln u1) (cos, sin)(2 pi u2)}
 * with {@link StrictMath}'s {@code log}, {@code cos} and {@code sin} (the fdlibm algorithms, bit-exact on every
 * JVM) and the correctly rounded {@link Math#sqrt}; all arithmetic is in double precision, rounded once to the
 * output dtype. Rejection samplers (unbiased integer ranges, truncated normals) redraw an element from counters
 * reserved for that element, so a rejection never shifts the values of other elements.
 *
 * <p><b>Streams.</b> {@link #split} makes independent generators (one per thread, data partition or layer), as
 * {@code tf.random.Generator.split}: each child's key is drawn from this generator. A generator is thread-safe
 * (each call takes its number atomically), but which thread gets which call number then depends on scheduling:
 * give each thread its own split generator for reproducible results.
 *
 * <p><b>Gradients.</b> Random ops are not recorded on any {@link GradientTape} and have no gradient, as in
 * TensorFlow: the result of {@link #shuffle} or {@link #categorical} is a new constant, so a gradient through it
 * is null (unconnected). To differentiate a reparameterized sample, build it from ops on a drawn noise tensor:
 * {@code mean.add(std.mul(g.normal(...)))}.
 *
 * <pre>{@code
 * Generator g = Generator.fromSeed(42);
 * Tensor w = g.normal(Shape.of(784, 128), 0.0, 0.05, DType.FLOAT32);
 * Tensor mask = g.bernoulli(Shape.of(32, 128), 0.9, DType.FLOAT32);
 * long[] saved = g.getState();
 * Tensor a = g.uniform(3);
 * g.setState(saved);
 * Tensor b = g.uniform(3);          // the same values as a
 * }</pre>
 */
public final class Generator {
    /** The first word of a state: the format (1: Philox4x32-10, key, call counter, this class's layout). */
    private static final long STATE_FORMAT = 1;
    private static final int STATE_LENGTH = 3;

    private long key;
    private long counter;

    private Generator(long key, long counter) {
        this.key = key;
        this.counter = counter;
    }

    /**
     * A generator whose key is {@code seed} and whose counter is 0. Equal seeds give equal sequences; distinct
     * seeds give statistically independent ones.
     *
     * <pre>{@code
     * float[] a = Generator.fromSeed(7).uniform(3).toFloatArray();
     * float[] b = Generator.fromSeed(7).uniform(3).toFloatArray();
     * Arrays.equals(a, b);   // true, on every machine
     * }</pre>
     *
     * @param seed any 64-bit value
     * @return a new generator
     */
    public static Generator fromSeed(long seed) {
        return new Generator(seed, 0);
    }

    /**
     * A generator with an unpredictable key (64 bits from {@link java.security.SecureRandom}) and counter 0, as
     * {@code tf.random.Generator.from_non_deterministic_state}: a different sequence in every run. Save
     * {@link #getState} to reproduce a run afterwards.
     *
     * <pre>{@code
     * Generator g = Generator.fromNonDeterministicState();
     * long[] toReproduce = g.getState();
     * }</pre>
     *
     * @return a new generator
     */
    public static Generator fromNonDeterministicState() {
        return new Generator(new java.security.SecureRandom().nextLong(), 0);
    }

    /**
     * A generator with a state saved by {@link #getState}.
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * Generator h = Generator.fromState(g.getState());   // draws what g draws next
     * }</pre>
     *
     * @param state a state from {@link #getState}
     * @return a new generator
     * @throws IllegalArgumentException if the state is malformed (see {@link #setState})
     */
    public static Generator fromState(long[] state) {
        Generator g = new Generator(0, 0);
        g.setState(state);
        return g;
    }

    /**
     * {@code count} independent generators, as TensorFlow's {@code Generator.split}: their keys are drawn from
     * this generator in one call (so this generator advances by one call) and their counters start at 0. The
     * child at index {@code i} does not depend on {@code count}: {@code split(5).get(2)} and
     * {@code split(3).get(2)} of equal generators draw the same numbers.
     *
     * <pre>{@code
     * List<Generator> perThread = Generator.fromSeed(0).split(4);
     * Tensor part = perThread.get(1).uniform(1000);   // same values whatever the other threads do
     * }</pre>
     *
     * @param count how many generators, at least 0
     * @return a new list of new generators
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public List<Generator> split(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("split: count " + count + " is negative");
        }
        long[] keys = RandomKernels.longs(next(), count);
        List<Generator> out = new ArrayList<>(count);
        for (long k : keys) {
            out.add(new Generator(k, 0));
        }
        return out;
    }

    /**
     * The whole state: {@code {1, key, counter}}, where 1 names the format (Philox4x32-10 with this class's
     * layout of values). Enough to resume bit for bit with {@link #setState} or {@link #fromState}; checkpoints
     * store it as an int64 array.
     *
     * <pre>{@code
     * Generator.fromSeed(5).getState();   // {1, 5, 0}
     * }</pre>
     *
     * @return a new array of three longs
     */
    public synchronized long[] getState() {
        return new long[] {STATE_FORMAT, key, counter};
    }

    /**
     * Replaces the state by one saved with {@link #getState}; the next call draws what the saved generator
     * would have drawn next.
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(3);
     * long[] s = g.getState();
     * float first = g.uniform(1).floatValue();
     * g.setState(s);
     * boolean same = g.uniform(1).floatValue() == first;   // true
     * }</pre>
     *
     * @param state three longs: the format 1, the key and the counter
     * @throws NullPointerException     if {@code state} is null
     * @throws IllegalArgumentException if {@code state} does not have three elements or an unknown format;
     *                                  the generator is then unchanged
     */
    public synchronized void setState(long[] state) {
        Objects.requireNonNull(state, "setState: state is null");
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException("setState: a Generator state has " + STATE_LENGTH
                    + " elements {format, key, counter}, got " + state.length + ": " + Arrays.toString(state));
        }
        if (state[0] != STATE_FORMAT) {
            throw new IllegalArgumentException("setState: unknown state format " + state[0]
                    + " (this version writes and reads format " + STATE_FORMAT + ")");
        }
        key = state[1];
        counter = state[2];
    }

    private synchronized Stream next() {
        return new Stream(key, counter++);
    }

    // ---------------------------------------------------------------- checks

    private static void shape(String op, Shape shape) {
        Objects.requireNonNull(shape, () -> op + ": shape is null");
    }

    private static void floating(String op, DType dtype) {
        Objects.requireNonNull(dtype, () -> op + ": dtype is null");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": dtype " + dtype + " is not floating (float32 or float64)"
                    + (op.equals("uniform") ? "; use uniformInt for integers" : ""));
        }
    }

    private static void meanStd(String op, double mean, double stddev) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException(op + ": mean " + mean + " is not finite");
        }
        if (!(stddev >= 0) || !Double.isFinite(stddev)) {
            throw new IllegalArgumentException(op + ": stddev " + stddev + " must be finite and at least 0");
        }
    }

    // ---------------------------------------------------------------- normal

    /**
     * Normally distributed values {@code mean + stddev * z}, {@code z} standard normal (Box-Muller, see the class
     * comment), as {@code tf.random.Generator.normal}.
     *
     * <pre>{@code
     * Tensor noise = Generator.fromSeed(0).normal(Shape.of(2, 3), 1.0, 0.1, DType.FLOAT64);
     * noise.shape();   // (2, 3)
     * }</pre>
     *
     * @param shape  the result's shape
     * @param mean   the mean, finite
     * @param stddev the standard deviation, finite and at least 0
     * @param dtype  float32 or float64
     * @return a new tensor, recorded on no tape
     * @throws IllegalArgumentException for a non-floating dtype, a non-finite mean, or a negative or non-finite
     *                                  stddev
     */
    public Tensor normal(Shape shape, double mean, double stddev, DType dtype) {
        return normal("normal", shape, mean, stddev, dtype, false);
    }

    /** {@code normal} and {@code truncatedNormal}: the checks, then one stream's draws (redrawn when truncated). */
    private Tensor normal(String op, Shape shape, double mean, double stddev, DType dtype, boolean truncated) {
        shape(op, shape);
        floating(op, dtype);
        meanStd(op, mean, stddev);
        Stream s = next();
        Object data = dtype == DType.FLOAT32
                ? RandomKernels.normalFloat(s, shape.size(), mean, stddev, truncated)
                : RandomKernels.normalDouble(s, shape.size(), mean, stddev, truncated);
        return new Tensor(dtype, shape, data);
    }

    /**
     * Normal float32 values {@code mean + stddev * z}, as {@code tf.random.Generator.normal(shape, mean, stddev)}
     * with its default {@code dtype=tf.float32}: {@link #normal(Shape, double, double, DType)} with float32, the
     * same values and the same one call of this generator.
     *
     * <pre>{@code
     * Tensor noise = Generator.fromSeed(0).normal(Shape.of(2, 3), 1.0, 0.1);   // float32 (2, 3)
     * }</pre>
     *
     * @param shape  the result's shape
     * @param mean   the mean, finite
     * @param stddev the standard deviation, finite and at least 0
     * @return a new tensor, recorded on no tape
     * @throws IllegalArgumentException for a non-finite mean, or a negative or non-finite stddev
     */
    public Tensor normal(Shape shape, double mean, double stddev) {
        return normal(shape, mean, stddev, DType.FLOAT32);
    }

    /**
     * Standard normal values (mean 0, standard deviation 1) of a floating dtype, as
     * {@code tf.random.Generator.normal(shape, dtype=...)} with its defaults {@code mean=0.0, stddev=1.0}
     * (python/ops/stateful_random_ops.py): {@link #normal(Shape, double, double, DType)} with mean 0 and stddev 1,
     * the same values and the same one call of this generator.
     *
     * <pre>{@code
     * Tensor z = Generator.fromSeed(0).normal(Shape.of(2, 3), DType.FLOAT64);   // float64 (2, 3)
     * }</pre>
     *
     * @param shape the result's shape
     * @param dtype float32 or float64
     * @return a new tensor, recorded on no tape
     * @throws IllegalArgumentException for a non-floating dtype
     */
    public Tensor normal(Shape shape, DType dtype) {
        return normal(shape, 0.0, 1.0, dtype);
    }

    /**
     * Standard normal float32 values (mean 0, standard deviation 1), as {@code tf.random.Generator.normal(shape)}:
     * {@link #normal(Shape, DType)} with float32.
     *
     * <pre>{@code
     * Tensor z = Generator.fromSeed(0).normal(Shape.of(100, 10));   // float32 (100, 10)
     * }</pre>
     *
     * @param shape the result's shape
     * @return a new tensor, recorded on no tape
     */
    public Tensor normal(Shape shape) {
        return normal(shape, DType.FLOAT32);
    }

    /**
     * Standard normal float32 values (mean 0, standard deviation 1): {@link #normal(Shape)} of
     * {@code Shape.of(shape)}.
     *
     * <pre>{@code
     * Tensor z = Generator.fromSeed(0).normal(100, 10);   // float32 (100, 10)
     * }</pre>
     *
     * @param shape the result's dimensions
     * @return a new tensor
     */
    public Tensor normal(int... shape) {
        return normal(Shape.of(shape));
    }

    /**
     * Normal values with every draw of {@code |z| >= 2} (two standard deviations or more from the mean) thrown
     * away and redrawn, as {@code tf.random.Generator.truncated_normal}: the result lies within
     * {@code [mean - 2 stddev, mean + 2 stddev]}. The standard deviation of the result is about
     * {@code 0.88 stddev}. Keras's {@code TruncatedNormal} and He/LeCun-normal initializers use it.
     *
     * <pre>{@code
     * Tensor w = Generator.fromSeed(0).truncatedNormal(Shape.of(64, 10), 0.0, 0.1, DType.FLOAT32);
     * // every element is in [-0.2, 0.2]
     * }</pre>
     *
     * @param shape  the result's shape
     * @param mean   the mean, finite
     * @param stddev the standard deviation of the normal before truncation, finite and at least 0
     * @param dtype  float32 or float64
     * @return a new tensor
     * @throws IllegalArgumentException as {@link #normal(Shape, double, double, DType)}
     */
    public Tensor truncatedNormal(Shape shape, double mean, double stddev, DType dtype) {
        return normal("truncatedNormal", shape, mean, stddev, dtype, true);
    }

    /**
     * Truncated normal float32 values, as {@code tf.random.Generator.truncated_normal(shape, mean, stddev)} with its
     * default {@code dtype=tf.float32}: {@link #truncatedNormal(Shape, double, double, DType)} with float32, the same
     * values and the same one call of this generator.
     *
     * <pre>{@code
     * Tensor w = Generator.fromSeed(0).truncatedNormal(Shape.of(64, 10), 0.0, 0.1);   // float32, in [-0.2, 0.2]
     * }</pre>
     *
     * @param shape  the result's shape
     * @param mean   the mean, finite
     * @param stddev the standard deviation of the normal before truncation, finite and at least 0
     * @return a new tensor
     * @throws IllegalArgumentException as {@link #normal(Shape, double, double)}
     */
    public Tensor truncatedNormal(Shape shape, double mean, double stddev) {
        return truncatedNormal(shape, mean, stddev, DType.FLOAT32);
    }

    // ---------------------------------------------------------------- uniform

    /**
     * Uniformly distributed values in {@code [minval, maxval)}, as {@code tf.random.Generator.uniform} for
     * floating dtypes. Float32 values have 24 random bits, float64 values 53; a value that would round up to
     * {@code maxval} is replaced by the largest value below it, so {@code maxval} never occurs.
     *
     * <pre>{@code
     * Tensor u = Generator.fromSeed(0).uniform(Shape.of(3), -1.0, 1.0, DType.FLOAT32);
     * // three values in [-1, 1)
     * }</pre>
     *
     * @param shape  the result's shape
     * @param minval the inclusive lower bound
     * @param maxval the exclusive upper bound, greater than {@code minval} in the dtype
     * @param dtype  float32 or float64
     * @return a new tensor
     * @throws IllegalArgumentException for a non-floating dtype, non-finite bounds, {@code minval >= maxval}
     *                                  (after rounding to the dtype), or a range wider than the dtype holds
     */
    public Tensor uniform(Shape shape, double minval, double maxval, DType dtype) {
        shape("uniform", shape);
        floating("uniform", dtype);
        if (!Double.isFinite(minval) || !Double.isFinite(maxval)) {
            throw new IllegalArgumentException("uniform: minval " + minval + " and maxval " + maxval
                    + " must be finite");
        }
        if (minval >= maxval) {
            throw new IllegalArgumentException("uniform: minval " + minval + " >= maxval " + maxval);
        }
        double lo = minval;
        double hi = maxval;
        if (dtype == DType.FLOAT32) {
            lo = (float) minval;
            hi = (float) maxval;
            if (lo >= hi || Float.isInfinite((float) maxval) || Float.isInfinite((float) minval)) {
                throw new IllegalArgumentException("uniform: minval " + minval + " and maxval " + maxval
                        + " do not make a non-empty float32 range (they round to " + (float) minval + " and "
                        + (float) maxval + ")");
            }
        }
        if (!Double.isFinite(hi - lo)) {
            throw new IllegalArgumentException("uniform: the width maxval - minval = " + maxval + " - " + minval
                    + " overflows float64");
        }
        Stream s = next();
        Object data = dtype == DType.FLOAT32
                ? RandomKernels.uniformFloat(s, shape.size(), lo, hi)
                : RandomKernels.uniformDouble(s, shape.size(), lo, hi);
        return new Tensor(dtype, shape, data);
    }

    /**
     * Uniform float32 values in {@code [minval, maxval)}, as {@code tf.random.Generator.uniform(shape, minval,
     * maxval)} with its default {@code dtype=tf.float32}: {@link #uniform(Shape, double, double, DType)} with
     * float32, the same values and the same one call of this generator.
     *
     * <pre>{@code
     * Tensor u = Generator.fromSeed(0).uniform(Shape.of(3), -2.0, 2.0);   // float32 (3,), values in [-2, 2)
     * }</pre>
     *
     * @param shape  the result's shape
     * @param minval the inclusive lower bound
     * @param maxval the exclusive upper bound, greater than {@code minval} in float32
     * @return a new tensor
     * @throws IllegalArgumentException for non-finite bounds, {@code minval >= maxval} (after rounding to float32),
     *                                  or a range wider than float32 holds
     */
    public Tensor uniform(Shape shape, double minval, double maxval) {
        return uniform(shape, minval, maxval, DType.FLOAT32);
    }

    /**
     * Uniform values in {@code [0, 1)} of a floating dtype, as {@code tf.random.Generator.uniform(shape, dtype=...)}
     * with its defaults {@code minval=0} and {@code maxval} 1 for a floating dtype (python/ops/stateful_random_ops.py,
     * which refuses an integer dtype without a maxval; use {@link #uniformInt} there):
     * {@link #uniform(Shape, double, double, DType)} with bounds 0 and 1, the same values and the same one call of
     * this generator.
     *
     * <pre>{@code
     * Tensor u = Generator.fromSeed(0).uniform(Shape.of(4), DType.FLOAT64);   // float64 (4,), values in [0, 1)
     * }</pre>
     *
     * @param shape the result's shape
     * @param dtype float32 or float64
     * @return a new tensor, recorded on no tape
     * @throws IllegalArgumentException for a non-floating dtype
     */
    public Tensor uniform(Shape shape, DType dtype) {
        return uniform(shape, 0.0, 1.0, dtype);
    }

    /**
     * Uniform float32 values in {@code [0, 1)}, as {@code tf.random.Generator.uniform(shape)}:
     * {@link #uniform(Shape, DType)} with float32.
     *
     * <pre>{@code
     * Tensor u = Generator.fromSeed(0).uniform(Shape.of(2, 2));   // float32 (2, 2), values in [0, 1)
     * }</pre>
     *
     * @param shape the result's shape
     * @return a new tensor, recorded on no tape
     */
    public Tensor uniform(Shape shape) {
        return uniform(shape, DType.FLOAT32);
    }

    /**
     * Uniform float32 values in {@code [0, 1)}: {@link #uniform(Shape)} of {@code Shape.of(shape)}.
     *
     * <pre>{@code
     * Tensor u = Generator.fromSeed(0).uniform(2, 2);   // float32 (2, 2), values in [0, 1)
     * }</pre>
     *
     * @param shape the result's dimensions
     * @return a new tensor
     */
    public Tensor uniform(int... shape) {
        return uniform(Shape.of(shape));
    }

    /**
     * Uniformly distributed int32 values in {@code [minval, maxval)}, every value exactly equally likely
     * (rejection of the 32-bit words above the largest multiple of the range; TensorFlow's integer
     * {@code uniform} is slightly biased instead).
     *
     * <pre>{@code
     * Tensor dice = Generator.fromSeed(0).uniformInt(Shape.of(10), 1, 7);   // int32 values 1..6
     * }</pre>
     *
     * @param shape  the result's shape
     * @param minval the inclusive lower bound
     * @param maxval the exclusive upper bound
     * @return a new int32 tensor
     * @throws IllegalArgumentException if {@code minval >= maxval}
     */
    public Tensor uniformInt(Shape shape, int minval, int maxval) {
        shape("uniformInt", shape);
        if (minval >= maxval) {
            throw new IllegalArgumentException("uniformInt: minval " + minval + " >= maxval " + maxval);
        }
        return new Tensor(DType.INT32, shape, RandomKernels.uniformInt(next(), shape.size(), minval, maxval));
    }

    // ---------------------------------------------------------------- masks, categories, permutations

    /**
     * Independent Bernoulli draws: 1 with probability {@code p}, else 0 (for BOOL, true and false): the mask of
     * dropout ({@code x * mask / p} keeps a unit with probability {@code p}). The draw is
     * {@code u < p} for a uniform {@code u} with 32 random bits, so {@code p = 0} gives no ones and {@code p = 1}
     * all ones.
     *
     * <pre>{@code
     * Tensor keep = Generator.fromSeed(0).bernoulli(Shape.of(4, 8), 0.8, DType.FLOAT32);
     * }</pre>
     *
     * @param shape the result's shape
     * @param p     the probability of a one, in [0, 1]
     * @param dtype any dtype
     * @return a new tensor of zeros and ones
     * @throws IllegalArgumentException if {@code p} is not in [0, 1]
     */
    public Tensor bernoulli(Shape shape, double p, DType dtype) {
        shape("bernoulli", shape);
        Objects.requireNonNull(dtype, "bernoulli: dtype is null");
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: p " + p + " is not in [0, 1]");
        }
        byte[] bits = RandomKernels.bernoulli(next(), shape.size(), p);   // 0 or 1
        int n = bits.length;
        Object data;
        switch (dtype) {
            case FLOAT32: {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) d[i] = bits[i];
                data = d;
                break;
            }
            case FLOAT64: {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = bits[i];
                data = d;
                break;
            }
            case INT32: {
                int[] d = new int[n];
                for (int i = 0; i < n; i++) d[i] = bits[i];
                data = d;
                break;
            }
            case INT64: {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) d[i] = bits[i];
                data = d;
                break;
            }
            default: {
                boolean[] d = new boolean[n];
                for (int i = 0; i < n; i++) d[i] = bits[i] != 0;
                data = d;
            }
        }
        return new Tensor(dtype, shape, data);
    }

    /**
     * Class indices drawn from the categorical distributions whose unnormalized log-probabilities are the rows of
     * {@code logits}, as {@code tf.random.Generator.categorical}: class {@code j} of row {@code r} is drawn with
     * probability {@code softmax(logits[r])[j]}. A logit of {@code -inf} is a class of probability 0, never
     * drawn. Exact inverse-CDF sampling in double precision: the weights {@code exp(l - max l)} (with
     * {@link StrictMath#exp}) are summed left to right, and a sample is the first class whose running sum
     * exceeds {@code u} times the total.
     *
     * <pre>{@code
     * Tensor logits = Tensors.constant(new float[] {0f, 0f, (float) Math.log(2)}, 1, 3);
     * Tensor s = Generator.fromSeed(0).categorical(logits, 5);   // int32 (1, 5); class 2 half the time
     * }</pre>
     *
     * @param logits     float32 or float64 {@code [batch, classes]}; no NaN or +inf, and at least one finite
     *                   logit per row
     * @param numSamples samples per row, at least 0
     * @return a new int32 tensor {@code [batch, numSamples]}
     * @throws IllegalArgumentException for a wrong rank or dtype, a negative {@code numSamples}, zero classes, or
     *                                  a row with a NaN or +inf logit or no finite one
     */
    public Tensor categorical(Tensor logits, int numSamples) {
        Objects.requireNonNull(logits, "categorical: logits is null");
        Shape s = logits.shape();
        if (!logits.dtype().isFloating() || s.rank() != 2) {
            throw new IllegalArgumentException("categorical: logits must be float32 or float64 of shape"
                    + " [batch, classes], got " + logits.dtype() + " " + s);
        }
        if (numSamples < 0) {
            throw new IllegalArgumentException("categorical: numSamples " + numSamples + " is negative");
        }
        int rows = s.dim(0);
        int classes = s.dim(1);
        if (classes == 0 && rows > 0 && numSamples > 0) {
            throw new IllegalArgumentException("categorical: logits " + s + " have no classes to draw from");
        }
        if ((long) rows * numSamples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("categorical: " + rows + " rows x " + numSamples
                    + " samples exceed 2^31-1 elements");
        }
        Object data = TensorAccess.data(logits);
        double[] cdf = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            int from = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                double l = data instanceof float[] ? ((float[]) data)[from + j] : ((double[]) data)[from + j];
                if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("categorical: logits row " + r + " has " + l
                            + " at class " + j + "; logits must be finite or -inf");
                }
                cdf[from + j] = l;
                max = Math.max(max, l);
            }
            if (max == Double.NEGATIVE_INFINITY && classes > 0) {
                throw new IllegalArgumentException("categorical: logits row " + r
                        + " is all -inf: no class has a positive probability");
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += StrictMath.exp(cdf[from + j] - max);
                cdf[from + j] = sum;
            }
        }
        int[] out = RandomKernels.categorical(next(), cdf, rows, classes, numSamples);
        return new Tensor(DType.INT32, Shape.of(rows, numSamples), out);
    }

    /**
     * A uniformly random permutation of {@code 0, 1, ..., n-1} (Fisher-Yates with unbiased index draws), as
     * {@code tf.random.shuffle(tf.range(n))}.
     *
     * <pre>{@code
     * int[] order = Generator.fromSeed(0).permutation(5);   // the numbers 0..4 in a random order
     * }</pre>
     *
     * @param n at least 0
     * @return a new array
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: n " + n + " is negative");
        }
        return RandomKernels.permutation(next(), n);
    }

    /**
     * The slices of {@code x} along its first dimension in a random order ({@link #permutation} of
     * {@code x.shape().dim(0)}), as {@code tf.random.shuffle}: row {@code i} of the result is row
     * {@code permutation[i]} of {@code x}. A scalar is returned as a copy. The result is a new constant: no tape
     * records the shuffle and no gradient flows through it.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
     * Tensor y = Generator.fromSeed(0).shuffle(x);   // the rows (1, 2), (3, 4), (5, 6) in a random order
     * }</pre>
     *
     * @param x any tensor (a variable's current value is read)
     * @return a new tensor of the same shape and dtype
     */
    public Tensor shuffle(Tensor x) {
        Objects.requireNonNull(x, "shuffle: x is null");
        Shape s = x.shape();
        Object src = TensorAccess.data(x);
        int n = s.size();
        Object dst = newArray(src, n);
        if (s.rank() == 0) {
            next();
            System.arraycopy(src, 0, dst, 0, n);
            return new Tensor(x.dtype(), s, dst);
        }
        int rows = s.dim(0);
        int row = rows == 0 ? 0 : n / rows;
        int[] p = permutation(rows);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(src, p[i] * row, dst, i * row, row);
        }
        return new Tensor(x.dtype(), s, dst);
    }

    private static Object newArray(Object src, int n) {
        if (src instanceof float[]) return new float[n];
        if (src instanceof double[]) return new double[n];
        if (src instanceof int[]) return new int[n];
        if (src instanceof long[]) return new long[n];
        return new boolean[n];
    }

    /**
     * The state, for debugging: {@code Generator(key=42, counter=3)}.
     *
     * <pre>{@code
     * Generator.fromSeed(42).toString();   // "Generator(key=42, counter=0)"
     * }</pre>
     */
    @Override
    public synchronized String toString() {
        return "Generator(key=" + key + ", counter=" + Long.toUnsignedString(counter) + ")";
    }
}
