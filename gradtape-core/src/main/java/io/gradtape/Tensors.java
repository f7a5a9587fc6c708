package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.ops.ArrayOps;
import io.gradtape.internal.ops.Creation;
import io.gradtape.internal.ops.Dispatch;
import io.gradtape.internal.ops.Einsum;
import io.gradtape.internal.ops.Elementwise;
import io.gradtape.internal.ops.Indexing;
import io.gradtape.internal.ops.Movement;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.Products;
import io.gradtape.internal.ops.Reductions;
import io.gradtape.internal.ops.Scans;
import io.gradtape.internal.ops.Sorting;
import io.gradtape.internal.ops.StridedSlice;
import io.gradtape.internal.ops.Support;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The ops, as static methods for {@code import static io.gradtape.Tensors.*}.
 *
 * <p><b>Dtypes.</b> Ops never promote: binary ops need both operands of one dtype, else an
 * {@link IllegalArgumentException} naming the op, the dtypes and the shapes (cast explicitly with
 * {@link #cast}). Transcendental ops need a floating dtype. <b>Broadcasting</b> follows NumPy: shapes are
 * aligned on the right, and each pair of dimensions must be equal or one of them 1. <b>Axes</b> may be negative,
 * counting from the end. <b>Gradients</b>: every floating op here is differentiable under a
 * {@link GradientTape}, to any order; comparisons, {@code sign} (zero gradient), integer casts and
 * {@link #stopGradient} are not. NaN and infinities propagate by IEEE rules. A null argument throws a
 * {@link NullPointerException} naming the op.
 *
 * <p><b>Layout of this class.</b> Every method is a one-line delegation, grouped by family: a primitive goes
 * to {@code Dispatch} (shape rules, kernel, tape), a composite to the internal class that holds its algorithm
 * ({@code Movement}, {@code Reductions}, {@code Indexing}, {@code Sorting}, {@code Scans}, {@code StridedSlice},
 * {@code Einsum}, ...). The Javadoc here is the specification of each op.
 *
 * <pre>{@code
 * Tensor x = constant(new float[] {1, 2, 3}, 3);
 * Tensor y = reduceSum(mul(x, x));   // 14.0
 * }</pre>
 */
public final class Tensors {
    private Tensors() {
    }

    // ------------------------------------------------------------------------------------ creation

    /**
     * A float32 scalar.
     *
     * <pre>{@code
     * Tensor x = constant(3.0f);   // Tensor(3.0, shape=(), dtype=float32)
     * }</pre>
     *
     * @param value the value
     * @return a scalar tensor
     */
    public static Tensor constant(float value) {
        return make(DType.FLOAT32, Shape.SCALAR, new float[] {value});
    }

    /**
     * A float64 scalar.
     *
     * <pre>{@code
     * Tensor x = constant(3.0);    // dtype float64
     * }</pre>
     *
     * @param value the value
     * @return a scalar tensor
     */
    public static Tensor constant(double value) {
        return make(DType.FLOAT64, Shape.SCALAR, new double[] {value});
    }

    /**
     * An int32 scalar.
     *
     * <pre>{@code
     * Tensor n = constant(7);      // dtype int32
     * }</pre>
     *
     * @param value the value
     * @return a scalar tensor
     */
    public static Tensor constant(int value) {
        return make(DType.INT32, Shape.SCALAR, new int[] {value});
    }

    /**
     * An int64 scalar.
     *
     * <pre>{@code
     * Tensor n = constant(7L);     // dtype int64
     * }</pre>
     *
     * @param value the value
     * @return a scalar tensor
     */
    public static Tensor constant(long value) {
        return make(DType.INT64, Shape.SCALAR, new long[] {value});
    }

    /**
     * A bool scalar.
     *
     * <pre>{@code
     * Tensor t = constant(true);   // dtype bool
     * }</pre>
     *
     * @param value the value
     * @return a scalar tensor
     */
    public static Tensor constant(boolean value) {
        return make(DType.BOOL, Shape.SCALAR, new boolean[] {value});
    }

    /**
     * A scalar of any dtype holding {@code value} (rounded to nearest float for FLOAT32; integers must be whole, and
     * BOOL is {@code value != 0}). As {@code tf.constant(1e40, tf.float32)}, a finite value that would round to an
     * infinity in float32 (from about 3.4028235677973366e38 up in magnitude) is an error, not {@code inf}; NaN and
     * the infinities themselves are kept.
     *
     * <pre>{@code
     * Tensor half = constant(0.5, DType.FLOAT32);
     * constant(1e40, DType.FLOAT32);   // IllegalArgumentException: out of float32's range
     * }</pre>
     *
     * @param value the value
     * @param dtype the dtype
     * @return a scalar tensor
     * @throws IllegalArgumentException if an integer dtype is asked for a fractional or out-of-range value, or
     *                                  FLOAT32 for a finite value past its range
     */
    public static Tensor constant(double value, DType dtype) {
        return Creation.scalar(value, dtype);
    }

    /**
     * A float32 tensor of the given shape over a copy of {@code data} (row-major).
     *
     * <pre>{@code
     * Tensor m = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * }</pre>
     *
     * @param data  the values, {@code shape}'s size of them
     * @param shape the dimensions; none means a vector of {@code data.length}
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor constant(float[] data, int... shape) {
        return Creation.floats(data, shape);
    }

    /**
     * A float64 tensor of the given shape over a copy of {@code data} (row-major).
     *
     * <pre>{@code
     * Tensor v = constant(new double[] {1, 2, 3}, 3);
     * }</pre>
     *
     * @param data  the values
     * @param shape the dimensions; none means a vector
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor constant(double[] data, int... shape) {
        return Creation.doubles(data, shape);
    }

    /**
     * An int32 tensor of the given shape over a copy of {@code data} (row-major).
     *
     * <pre>{@code
     * Tensor idx = constant(new int[] {0, 2, 1}, 3);
     * }</pre>
     *
     * @param data  the values
     * @param shape the dimensions; none means a vector
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor constant(int[] data, int... shape) {
        return Creation.ints(data, shape);
    }

    /**
     * An int64 tensor of the given shape over a copy of {@code data} (row-major).
     *
     * <pre>{@code
     * Tensor ids = constant(new long[] {7, 9007199254740993L, 3, 4}, 2, 2);
     * }</pre>
     *
     * @param data  the values
     * @param shape the dimensions; none means a vector
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor constant(long[] data, int... shape) {
        return Creation.longs(data, shape);
    }

    /**
     * A bool tensor of the given shape over a copy of {@code data} (row-major).
     *
     * <pre>{@code
     * Tensor mask = constant(new boolean[] {true, false, false, true}, 2, 2);
     * }</pre>
     *
     * @param data  the values
     * @param shape the dimensions; none means a vector
     * @return the tensor
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Tensor constant(boolean[] data, int... shape) {
        return Creation.booleans(data, shape);
    }

    /**
     * A tensor of zeros.
     *
     * <pre>{@code
     * Tensor z = zeros(DType.FLOAT32, 2, 3);
     * }</pre>
     *
     * @param dtype the dtype
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor zeros(DType dtype, int... shape) {
        return Creation.zeros(dtype, shape);
    }

    /**
     * A tensor of ones (true for BOOL).
     *
     * <pre>{@code
     * Tensor o = ones(DType.FLOAT64, 3);
     * }</pre>
     *
     * @param dtype the dtype
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ones(DType dtype, int... shape) {
        return Creation.ones(dtype, shape);
    }

    /**
     * A float32 tensor of zeros: TensorFlow's {@code tf.zeros(shape)}, whose dtype defaults to float32. The same as
     * {@code zeros(DType.FLOAT32, shape)}.
     *
     * <pre>{@code
     * Tensor z = zeros(2, 3);   // float32, shape (2, 3)
     * Tensor s = zeros();       // a float32 scalar 0
     * }</pre>
     *
     * @param shape the dimensions (none for a scalar)
     * @return the tensor
     * @throws IllegalArgumentException if a dimension is negative or the element count overflows an int
     */
    public static Tensor zeros(int... shape) {
        return Creation.zeros(DType.FLOAT32, shape);
    }

    /**
     * A float32 tensor of ones: TensorFlow's {@code tf.ones(shape)}, whose dtype defaults to float32. The same as
     * {@code ones(DType.FLOAT32, shape)}.
     *
     * <pre>{@code
     * Tensor o = ones(32, 16);   // float32, shape (32, 16)
     * }</pre>
     *
     * @param shape the dimensions (none for a scalar)
     * @return the tensor
     * @throws IllegalArgumentException if a dimension is negative or the element count overflows an int
     */
    public static Tensor ones(int... shape) {
        return Creation.ones(DType.FLOAT32, shape);
    }

    /**
     * Zeros of {@code x}'s dtype and shape (a variable is not read).
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3}, 3);
     * Tensor z = zerosLike(x);   // [0. 0. 0.]
     * }</pre>
     *
     * @param x the model
     * @return the tensor
     */
    public static Tensor zerosLike(Tensor x) {
        return Creation.zerosLike(x);
    }

    /**
     * Ones of {@code x}'s dtype and shape (a variable is not read).
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3}, 3);
     * Tensor o = onesLike(x);   // [1. 1. 1.]
     * }</pre>
     *
     * @param x the model
     * @return the tensor
     */
    public static Tensor onesLike(Tensor x) {
        return Creation.onesLike(x);
    }

    static Tensor scalarLike(Tensor x, double c) {
        return Support.scalarLike(x, c);
    }

    /** The Java number {@code c} as a scalar of {@code x}'s dtype for {@code op}, an error naming {@code op}. */
    static Tensor scalarFor(String op, Tensor x, double c) {
        return Support.scalarFor(op, x, c);
    }

    /** The long {@code c} as a scalar of {@code x}'s dtype, exact for int64 ({@link Support#scalarFor(String, Tensor, long)}). */
    static Tensor scalarFor(String op, Tensor x, long c) {
        return Support.scalarFor(op, x, c);
    }

    private static Tensor make(DType dtype, Shape shape, Object data) {
        return TensorAccess.make(dtype, shape, data);
    }

    // ------------------------------------------------------------------------------------ elementwise math

    private static Tensor unary(Primitive p, Tensor x) {
        Objects.requireNonNull(x, () -> p.opName() + ": x is null");
        return Dispatch.apply(p, null, x);
    }

    private static Tensor binary(Primitive p, Tensor a, Tensor b) {
        Objects.requireNonNull(a, () -> p.opName() + ": first operand is null");
        Objects.requireNonNull(b, () -> p.opName() + ": second operand is null");
        return Dispatch.apply(p, null, a, b);
    }

    /**
     * {@code a + b} elementwise, broadcasting. Gradient: {@code (g, g)} summed over broadcast axes.
     *
     * <pre>{@code
     * add(constant(1f), constant(2f));   // 3.0
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the sum
     */
    public static Tensor add(Tensor a, Tensor b) {
        return binary(Primitive.ADD, a, b);
    }

    /**
     * {@code a - b} elementwise, broadcasting. Gradient: {@code (g, -g)}.
     *
     * <pre>{@code
     * sub(constant(3f), constant(2f));   // 1.0
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the difference
     */
    public static Tensor sub(Tensor a, Tensor b) {
        return binary(Primitive.SUB, a, b);
    }

    /**
     * {@code a * b} elementwise, broadcasting. Gradient: {@code (g b, g a)}.
     *
     * <pre>{@code
     * mul(constant(3f), constant(2f));   // 6.0
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the product
     */
    public static Tensor mul(Tensor a, Tensor b) {
        return binary(Primitive.MUL, a, b);
    }

    /**
     * {@code a / b} elementwise, broadcasting; floating dtypes only. Gradient: {@code (g / b, -g a / b^2)}, so
     * at {@code (1, 0)} it is {@code (+inf, -inf)}.
     *
     * <pre>{@code
     * div(constant(3f), constant(2f));   // 1.5
     * }</pre>
     *
     * @param a numerator
     * @param b denominator, same dtype
     * @return the quotient
     */
    public static Tensor div(Tensor a, Tensor b) {
        return binary(Primitive.DIV, a, b);
    }

    /**
     * {@code a ** b} elementwise, broadcasting. Gradient: {@code g b a^(b-1)} for {@code a} (at {@code a = 0}:
     * 0 for b = 2, +inf for b = 0.5, NaN for b = 0) and {@code g a^b log(a)} for {@code b}, taken as 0 where
     * {@code a <= 0}.
     *
     * <p>Special values as {@link Math#pow} ({@code pow(x, 0) = 1}, a negative base with an integer exponent, NaN for a
     * negative base with a non-integer one, ...) except {@code pow(1, y) = 1} for every y, NaN and infinities included,
     * and {@code pow(-1, +-inf) = 1} (IEEE 754 and C99, whose {@code pow} TensorFlow's kernels call). Accuracy: the
     * scalar float32 path uses {@link Math#pow} (rounded once from double). With the
     * Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 operands of
     * equal shapes or with a one-element operand are computed in double lanes and are within <b>2 ulp</b> of the
     * correctly rounded result (measured at most 1 ulp on 4.2M pairs and every pair of 34 special values; off only
     * next to a rounding tie), with the same bits on every run and thread count.
     *
     * <p>Accuracy: float64 with the Vector API kernels, when b has a's shape or one element: within <b>1 ulp</b> of
     * the correctly rounded result, the same bits on every run and thread count (measured against a 45-digit
     * reference on 240,441 values: every binade of a, a near 1 with large b, {@code |b ln a|} near the overflow and
     * underflow limits, negative a with integer b, all pairs of edge values; largest error 0.799 ulp of the exact
     * value; see {@code VectorMath64}); {@code a <= 0}, infinities, NaN and results near the limits go to
     * {@link StrictMath#pow}, with {@code 1 ** b = 1}. Otherwise {@link Math#pow}.
     *
     * <pre>{@code
     * pow(constant(2f), constant(3f));   // 8.0
     * }</pre>
     *
     * @param a base
     * @param b exponent, same dtype
     * @return the power
     */
    public static Tensor pow(Tensor a, Tensor b) {
        return binary(Primitive.POW, a, b);
    }

    /**
     * {@code x ** p} with a constant exponent in {@code x}'s dtype.
     *
     * <pre>{@code
     * Tensor x = constant(3f);
     * pow(x, 2);   // 9.0, x squared
     * }</pre>
     *
     * @param x base
     * @param p exponent
     * @return the power
     */
    public static Tensor pow(Tensor x, double p) {
        return Elementwise.pow(x, p);
    }

    /**
     * {@code x ** p} with a whole-number exponent in {@code x}'s dtype, exact for an int64 tensor at every value
     * (Java picks this overload for an {@code int} or {@code long} argument; see {@link #pow(Tensor, double)}).
     *
     * <pre>{@code
     * pow(constant(3L), 39);   // 4052555153018976267, exact in int64
     * }</pre>
     *
     * @param x base
     * @param p exponent
     * @return the power
     */
    public static Tensor pow(Tensor x, long p) {
        return pow(x, scalarFor("pow", x, p));
    }

    /**
     * {@code max(a, b)} elementwise, broadcasting; NaN propagates. At a tie the whole gradient goes to {@code a}.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {-1, 2}, 2);
     * maximum(x, constant(0f));   // [0. 2.]
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the maximum
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(Primitive.MAXIMUM, a, b);
    }

    /**
     * {@code min(a, b)} elementwise, broadcasting; NaN propagates. At a tie the whole gradient goes to {@code a}.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {-1, 2}, 2);
     * minimum(x, constant(1f));   // [-1. 1.]
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the minimum
     */
    public static Tensor minimum(Tensor a, Tensor b) {
        return binary(Primitive.MINIMUM, a, b);
    }

    /**
     * {@code -x}. Gradient: {@code -g}.
     *
     * <pre>{@code
     * neg(constant(2f));   // -2.0
     * }</pre>
     *
     * @param x the input, numeric
     * @return the negation
     */
    public static Tensor neg(Tensor x) {
        return unary(Primitive.NEG, x);
    }

    /**
     * {@code x * x}. Gradient: {@code 2 x g}.
     *
     * <pre>{@code
     * square(constant(3f));   // 9.0
     * }</pre>
     *
     * @param x the input, numeric
     * @return the square
     */
    public static Tensor square(Tensor x) {
        return Elementwise.square(x);
    }

    /**
     * {@code sqrt(x)}; floating only. Gradient: {@code g / (2 sqrt(x))}: +inf at 0, but 0 where {@code g} is 0.
     *
     * <pre>{@code
     * sqrt(constant(4f));   // 2.0
     * }</pre>
     *
     * @param x the input
     * @return the root
     */
    public static Tensor sqrt(Tensor x) {
        return unary(Primitive.SQRT, x);
    }

    /**
     * {@code e^x}; floating only. Gradient: {@code g e^x}.
     *
     * <p>Accuracy: without the Vector API kernels both dtypes use {@link Math} (float32 rounded once from double). With
     * the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 is computed in float lanes
     * and is within <b>1 ulp</b> of the correctly rounded result (faithful; measured on all 2^32 floats: 0.25% of the
     * results 1 ulp off, none further; overflow to infinity, subnormal results and 0 included), with the same bits on
     * every run and thread count; so with and without the Vector API a float32 result can differ in its last bit.
     *
     * <p>float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same bits on
     * every run and thread count (measured against a 45-digit reference on 120,918 values over the domain, its
     * binades and edge values: largest error 0.713 ulp of the exact value, 0.630 on the vector path;
     * see {@code VectorMath64}).
     *
     * <pre>{@code
     * exp(constant(0f));   // 1.0
     * }</pre>
     *
     * @param x the input
     * @return the exponential
     */
    public static Tensor exp(Tensor x) {
        return unary(Primitive.EXP, x);
    }

    /**
     * Natural logarithm; floating only ({@code -inf} at 0, NaN below). Gradient: {@code g / x}.
     *
     * <p>Accuracy: without the Vector API kernels both dtypes use {@link Math} (float32 rounded once from double). With
     * the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 is computed in double
     * lanes and is within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 16.7M values and
     * the edge values: 0 ulp), with the same bits on every run and thread count.
     *
     * <p>float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same bits on
     * every run and thread count (measured against a 45-digit reference on 120,918 values over the domain, its
     * binades and edge values: largest error 0.601 ulp of the exact value; see {@code VectorMath64}).
     *
     * <pre>{@code
     * log(constant(1f));   // 0.0
     * }</pre>
     *
     * @param x the input
     * @return the logarithm
     */
    public static Tensor log(Tensor x) {
        return unary(Primitive.LOG, x);
    }

    /**
     * Sine; floating only. Gradient: {@code g cos(x)}.
     *
     * <p>Accuracy: without the Vector API kernels both dtypes use {@link Math} (float32 rounded once from double). With
     * the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 is computed in double
     * lanes and is within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 16.7M values and
     * the edge values: 0 ulp), with the same bits on every run and thread count.
     *
     * <p>float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same bits on
     * every run and thread count (measured against a 45-digit reference on 181,686 values over the domain, its
     * binades and edge values: largest error 0.761 ulp of the exact value, with 400,000 more values in
     * [-100, 100]; see {@code VectorMath64}).
     *
     * <pre>{@code
     * sin(constant(1.0f));   // 0.84147096
     * }</pre>
     *
     * @param x radians
     * @return the sine
     */
    public static Tensor sin(Tensor x) {
        return unary(Primitive.SIN, x);
    }

    /**
     * Cosine; floating only. Gradient: {@code -g sin(x)}.
     *
     * <p>Accuracy: without the Vector API kernels both dtypes use {@link Math} (float32 rounded once from double). With
     * the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 is computed in double
     * lanes and is within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 16.7M values and
     * the edge values: 0 ulp), with the same bits on every run and thread count.
     *
     * <p>float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same bits on
     * every run and thread count (measured against a 45-digit reference on 181,686 values over the domain, its
     * binades and edge values: largest error 0.774 ulp of the exact value, with 400,000 more values in
     * [-100, 100]; see {@code VectorMath64}).
     *
     * <pre>{@code
     * cos(constant(0f));   // 1.0
     * }</pre>
     *
     * @param x radians
     * @return the cosine
     */
    public static Tensor cos(Tensor x) {
        return unary(Primitive.COS, x);
    }

    /**
     * Tangent; floating only. Gradient: {@code g / cos(x)^2}.
     *
     * <pre>{@code
     * tan(constant(0f));   // 0.0
     * }</pre>
     *
     * @param x radians
     * @return the tangent
     */
    public static Tensor tan(Tensor x) {
        return unary(Primitive.TAN, x);
    }

    /**
     * Hyperbolic tangent; floating only. Gradient: {@code g (1 - tanh(x)^2)}.
     *
     * <p>Accuracy: without the Vector API kernels both dtypes use {@link Math} (float32 rounded once from double). With
     * the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 is computed in double
     * lanes and is within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 20.9M values and
     * the edge values: 0 ulp), with the same bits on every run and thread count.
     *
     * <p>float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same bits on
     * every run and thread count (measured against a 45-digit reference on 120,790 values over the domain, its
     * binades and edge values: largest error 0.642 ulp of the exact value; see {@code VectorMath64}).
     *
     * <pre>{@code
     * tanh(constant(0f));   // 0.0
     * }</pre>
     *
     * @param x the input
     * @return the tanh
     */
    public static Tensor tanh(Tensor x) {
        return unary(Primitive.TANH, x);
    }

    /**
     * The logistic function {@code 1 / (1 + e^-x)}, computed without overflow; floating only. Gradient:
     * {@code g s (1 - s)}.
     *
     * <p>Accuracy: without the Vector API kernels both dtypes use {@link Math} (float32 rounded once from double). With
     * the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}) float32 is computed in float
     * lanes and is within <b>2 ulp</b> of the correctly rounded result (measured on all 2^32 floats: 2.9% of the
     * results 1 ulp off and 197,181 (0.005%) 2 ulp off, all of those for x in [-15.7, -1.09]; none further; subnormal
     * results and 0 included), with the same bits on every run and thread count; so with and without the Vector API
     * a float32 result can differ in its last bits.
     *
     * <p>float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same bits on
     * every run and thread count (measured against a 45-digit reference on 120,918 values over the domain, its
     * binades and edge values: largest error 0.811 ulp of the exact value, 0.633 on the vector path;
     * see {@code VectorMath64}).
     *
     * <pre>{@code
     * sigmoid(constant(0f));   // 0.5
     * }</pre>
     *
     * @param x the input
     * @return the sigmoid
     */
    public static Tensor sigmoid(Tensor x) {
        return unary(Primitive.SIGMOID, x);
    }

    /**
     * {@code max(x, 0)}. Gradient: {@code g} where {@code x > 0}, else 0 (0 at {@code x = 0}, as TensorFlow).
     *
     * <pre>{@code
     * relu(constant(-1f));   // 0.0
     * }</pre>
     *
     * @param x the input, numeric
     * @return the rectified input
     */
    public static Tensor relu(Tensor x) {
        return unary(Primitive.RELU, x);
    }

    /**
     * {@code |x|}. Gradient: {@code g sign(x)}, 0 at {@code x = 0}.
     *
     * <pre>{@code
     * abs(constant(-2f));   // 2.0
     * }</pre>
     *
     * @param x the input, numeric
     * @return the absolute value
     */
    public static Tensor abs(Tensor x) {
        return unary(Primitive.ABS, x);
    }

    /**
     * -1, 0 or 1 by the sign of {@code x} (NaN stays NaN). Gradient: zeros (not null), as TensorFlow.
     *
     * <pre>{@code
     * sign(constant(-2f));   // -1.0
     * }</pre>
     *
     * @param x the input, numeric
     * @return the sign
     */
    public static Tensor sign(Tensor x) {
        return unary(Primitive.SIGN, x);
    }

    /**
     * {@code (a - b)^2} elementwise, broadcasting (TensorFlow's {@code squared_difference}). Gradient:
     * {@code 2 g (a - b)} for {@code a} and {@code -2 g (a - b)} for {@code b}, each summed over its broadcast axes.
     * Integer dtypes wrap on overflow, as TensorFlow's kernel.
     *
     * <pre>{@code
     * squaredDifference(constant(new float[] {1, 5}, 2), constant(3f));   // [4. 4.]
     * }</pre>
     *
     * @param a first operand, numeric
     * @param b second operand, same dtype
     * @return the squared difference, of the broadcast shape
     * @throws IllegalArgumentException if the dtypes differ, are BOOL, or the shapes do not broadcast
     */
    public static Tensor squaredDifference(Tensor a, Tensor b) {
        Objects.requireNonNull(a, "squaredDifference: first operand is null");
        Objects.requireNonNull(b, "squaredDifference: second operand is null");
        ShapeRules.requireNumeric("squaredDifference", a);
        ShapeRules.sameDType("squaredDifference", a, b);
        ShapeRules.broadcast("squaredDifference", a.shape(), b.shape());
        return square(sub(a, b));
    }

    /**
     * Division rounded toward negative infinity, elementwise with NumPy broadcasting (TensorFlow's
     * {@code tf.math.floordiv}, Python's {@code a // b}). float32 and float64: {@code floor(a / b)}, the quotient
     * rounded to the dtype before the floor, so IEEE rules apply ({@code 1 // 0 = inf}, {@code 0 // 0 = NaN},
     * {@code inf // 2 = inf}). int32 and int64: the integer quotient rounded down ({@code -7 // 2 = -4}), as
     * {@link Math#floorDiv}; {@code MIN_VALUE // -1} wraps to {@code MIN_VALUE}; a zero divisor is an error, as
     * TensorFlow's CPU kernel ("Integer division by zero"). Both operands must have one dtype (never promoted).
     * No gradient: TensorFlow's {@code _FloorDivGrad} returns None for both operands, so a tape gives null.
     *
     * <pre>{@code
     * floorDiv(constant(new int[] {7, -7, 7, -7}, 4), constant(new int[] {2, 2, -2, -2}, 4));   // [ 3 -4 -4  3]
     * floorDiv(constant(new float[] {7.5f, -7.5f}, 2), constant(2f));                      // [ 3. -4.]
     * }</pre>
     *
     * @param a the dividend, int32, int64, float32 or float64
     * @param b the divisor, same dtype as {@code a}, broadcast-compatible shape
     * @return the floored quotient, of the broadcast shape and the operands' dtype
     * @throws IllegalArgumentException if the dtypes differ or are BOOL, the shapes do not broadcast, or an integer
     *     divisor is zero (nothing is computed or recorded then)
     */
    public static Tensor floorDiv(Tensor a, Tensor b) {
        return binary(Primitive.FLOOR_DIV, a, b);
    }

    /**
     * The remainder of {@link #floorDiv}, with the sign of the divisor, elementwise with NumPy broadcasting
     * (TensorFlow's {@code tf.math.floormod}, Python's {@code a % b}); {@code a == floorDiv(a, b) * b + floorMod(a, b)}
     * up to rounding. float32 and float64: {@code r = fmod(a, b)} (Java's {@code %}, the sign of {@code a}), then
     * {@code r + b} where {@code r != 0} and {@code r}, {@code b} have different signs, as TensorFlow's
     * {@code google_floor_fmod}: so {@code fmod}'s special values carry over ({@code x % 0}, {@code inf % y} are
     * NaN, {@code 1 % inf = 1}, {@code -1 % inf = inf}) and a zero result keeps {@code a}'s sign
     * ({@code -0.0 % 3 = -0.0}; NumPy's {@code np.mod} gives +0.0 there). int32 and int64: {@link Math#floorMod}
     * ({@code -7 % 2 = 1}, {@code 7 % -2 = -1}, {@code MIN_VALUE % -1 = 0}); a zero divisor is an error, as
     * TensorFlow's CPU kernel. Both operands must have one dtype. Gradient (TensorFlow's {@code _FloorModGrad}):
     * {@code g} for {@code a} and {@code -g * floor(a / b)} for {@code b}, each summed over its broadcast axes;
     * at the jumps (where {@code a / b} is an integer) it is that one-sided value.
     *
     * <pre>{@code
     * floorMod(constant(new int[] {7, -7, 7, -7}, 4), constant(new int[] {2, 2, -2, -2}, 4));   // [ 1  1 -1 -1]
     * floorMod(constant(new float[] {7.5f, -7.5f}, 2), constant(2f));                      // [1.5 0.5]
     * }</pre>
     *
     * @param a the dividend, int32, int64, float32 or float64
     * @param b the divisor, same dtype as {@code a}, broadcast-compatible shape
     * @return the remainder, of the broadcast shape and the operands' dtype
     * @throws IllegalArgumentException if the dtypes differ or are BOOL, the shapes do not broadcast, or an integer
     *     divisor is zero (nothing is computed or recorded then)
     */
    public static Tensor floorMod(Tensor a, Tensor b) {
        return binary(Primitive.FLOOR_MOD, a, b);
    }

    /**
     * Division rounded toward zero, elementwise with NumPy broadcasting (TensorFlow's {@code tf.truncatediv}, C's
     * integer {@code /}, Java's): {@code -7 / 2 = -3} where {@link #floorDiv} gives -4. int32 and int64 only, as
     * TensorFlow's TruncateDiv kernels ({@code cwise_op_div.cc} registers integer types only); floating operands are
     * an error (use {@link #div}, or {@link #floorDiv} to round down). {@code MIN_VALUE / -1} wraps to
     * {@code MIN_VALUE}, as TensorFlow's {@code safe_div_or_mod_op}; a zero divisor is an error, as TensorFlow's CPU
     * kernel ("Integer division by zero"). Both operands must have one dtype. No gradient: TensorFlow's
     * {@code _TruncateDivGrad} returns None for both operands (and the result is an integer).
     *
     * <pre>{@code
     * truncateDiv(constant(new int[] {7, -7, 7, -7}, 4), constant(new int[] {2, 2, -2, -2}, 4));   // [ 3 -3 -3  3]
     * }</pre>
     *
     * @param a the dividend, int32 or int64
     * @param b the divisor, same dtype as {@code a}, broadcast-compatible shape
     * @return the truncated quotient, of the broadcast shape and the operands' dtype
     * @throws IllegalArgumentException if the dtypes differ or are not int32/int64, the shapes do not broadcast, or
     *     a divisor is zero (nothing is computed or recorded then)
     */
    public static Tensor truncateDiv(Tensor a, Tensor b) {
        return binary(Primitive.TRUNCATE_DIV, a, b);
    }

    /**
     * The remainder of {@link #truncateDiv}, with the sign of the dividend, elementwise with NumPy broadcasting
     * (TensorFlow's {@code tf.truncatemod}, C's {@code %} and {@code fmod}, NumPy's {@code np.fmod}):
     * {@code a == truncateDiv(a, b) * b + truncateMod(a, b)} on integers. int32 and int64: Java's {@code %}
     * ({@code -7 % 2 = -1}, {@code 7 % -2 = 1}, {@code MIN_VALUE % -1 = 0}); a zero divisor is an error, as
     * TensorFlow's CPU kernel. float32 and float64: {@code fmod}, exact, with its special values ({@code x % 0} and
     * {@code inf % y} are NaN, {@code x % inf = x}, a zero result keeps {@code a}'s sign: {@code -4 % 2 = -0.0}).
     * Both operands must have one dtype. No gradient (null): TensorFlow registers none for TruncateMod
     * ({@code math_grad.py}), where {@code floorMod} has one.
     *
     * <pre>{@code
     * truncateMod(constant(new int[] {7, -7, 7, -7}, 4), constant(new int[] {2, 2, -2, -2}, 4));   // [ 1 -1  1 -1]
     * truncateMod(constant(new float[] {7.5f, -7.5f}, 2), constant(2f));                      // [ 1.5 -1.5]
     * }</pre>
     *
     * @param a the dividend, int32, int64, float32 or float64
     * @param b the divisor, same dtype as {@code a}, broadcast-compatible shape
     * @return the remainder, of the broadcast shape and the operands' dtype
     * @throws IllegalArgumentException if the dtypes differ or are BOOL, the shapes do not broadcast, or an integer
     *     divisor is zero (nothing is computed or recorded then)
     */
    public static Tensor truncateMod(Tensor a, Tensor b) {
        return binary(Primitive.TRUNCATE_MOD, a, b);
    }

    /**
     * The angle in radians, in {@code [-pi, pi]}, of the point {@code (b, a)}: {@code atan(a / b)} moved to the
     * quadrant of the signs of {@code a} and {@code b} (TensorFlow's {@code tf.math.atan2(y, x)}, with
     * {@code a = y}, {@code b = x}), elementwise with NumPy broadcasting. C's special values, as
     * {@link Math#atan2}: {@code atan2(+-0, +0) = +-0}, {@code atan2(+-0, -0) = +-pi}, {@code atan2(+-inf, +inf)
     * = +-pi/4}, NaN in either gives NaN. float32 and float64 only (TensorFlow's Atan2 kernels are floating), one
     * dtype for both. Gradient (TensorFlow's {@code _Atan2Grad}): {@code g b / (a^2 + b^2)} for {@code a} and
     * {@code -g a / (a^2 + b^2)} for {@code b}, summed over broadcast axes; NaN at the origin ({@code 0 * inf}), as
     * TensorFlow and PyTorch; differentiable to any order.
     *
     * <pre>{@code
     * atan2(constant(new double[] {1, 1, -1}, 3), constant(new double[] {1, -1, 0}, 3));
     * // [ 0.7853981633974483  2.356194490192345  -1.5707963267948966]
     * }</pre>
     *
     * @param a the y coordinate (TensorFlow's first argument), float32 or float64
     * @param b the x coordinate, same dtype as {@code a}, broadcast-compatible shape
     * @return the angle, of the broadcast shape and the operands' dtype
     * @throws IllegalArgumentException if the dtypes differ or are not floating, or the shapes do not broadcast
     */
    public static Tensor atan2(Tensor a, Tensor b) {
        return binary(Primitive.ATAN2, a, b);
    }

    /**
     * {@code x * log(y)}, and 0 wherever {@code x == 0} whatever {@code y} is (0, negative, infinite or NaN),
     * elementwise with NumPy broadcasting (TensorFlow's {@code tf.math.xlogy}): the term of an entropy or a
     * likelihood where a zero weight must not meet {@code log 0 = -inf}. A NaN {@code x} gives NaN; where
     * {@code x != 0} it is {@code x log(y)} with its infinities ({@code xlogy(1, 0) = -inf}). PyTorch's
     * {@code xlogy} differs at {@code x = 0, y = NaN} (NaN there). float32 and float64, one dtype for both.
     * Gradient (TensorFlow's {@code _XLogyGrad}): {@code g log(y)} for {@code x} and {@code g x / y} for
     * {@code y} where {@code x != 0}, and 0 for both where {@code x == 0} (TensorFlow's {@code xlogy(x != 0, y)}
     * and {@code xdivy(x, y)}); summed over broadcast axes. A composite whose {@code y} is replaced by 1 where
     * {@code x == 0} before the log, so no infinite or NaN branch reaches a derivative; differentiable to any order.
     *
     * <pre>{@code
     * xlogy(constant(new double[] {0, 0, 2}, 3), constant(new double[] {0, Double.NaN, Math.E}, 3));   // [0. 0. 2.]
     * }</pre>
     *
     * @param x the weight, float32 or float64
     * @param y the argument of the log, same dtype, broadcast-compatible shape
     * @return {@code x log(y)}, 0 where {@code x == 0}, of the broadcast shape
     * @throws IllegalArgumentException if the dtypes differ or are not floating, or the shapes do not broadcast
     */
    public static Tensor xlogy(Tensor x, Tensor y) {
        return Elementwise.xlogy(x, y);
    }

    /**
     * {@code x * log(1 + y)}, and 0 wherever {@code x == 0} whatever {@code y} is, elementwise with NumPy
     * broadcasting (TensorFlow's {@code tf.math.xlog1py}); {@code log1p} keeps the digits of small {@code y}.
     * float32 and float64, one dtype for both. Gradient (TensorFlow's {@code _XLog1pyGrad}): {@code g log(1 + y)}
     * for {@code x} and {@code g x / (1 + y)} for {@code y} where {@code x != 0}, 0 for both where {@code x == 0};
     * summed over broadcast axes; differentiable to any order.
     *
     * <pre>{@code
     * xlog1py(constant(new double[] {0, 3}, 2), constant(new double[] {-1, 1e-10}, 2));   // [0.e+00 3.e-10]
     * }</pre>
     *
     * @param x the weight, float32 or float64
     * @param y the argument of log1p, same dtype, broadcast-compatible shape
     * @return {@code x log(1 + y)}, 0 where {@code x == 0}, of the broadcast shape
     * @throws IllegalArgumentException if the dtypes differ or are not floating, or the shapes do not broadcast
     */
    public static Tensor xlog1py(Tensor x, Tensor y) {
        return Elementwise.xlog1py(x, y);
    }

    /**
     * {@code x / y}, and 0 wherever {@code x == 0} whatever {@code y} is ({@code 0 / 0 = 0}), elementwise with
     * NumPy broadcasting (TensorFlow's {@code tf.math.xdivy}). Elsewhere IEEE division ({@code 1 / 0 = inf}).
     * float32 and float64, one dtype for both. Gradient (TensorFlow's {@code _XDivyGrad}): {@code g / y} for
     * {@code x} and {@code -g x / y^2} for {@code y} where {@code x != 0}, 0 for both where {@code x == 0}; summed
     * over broadcast axes; differentiable to any order.
     *
     * <pre>{@code
     * xdivy(constant(new double[] {0, 0, 3}, 3), constant(new double[] {0, Double.NaN, 2}, 3));   // [0.  0.  1.5]
     * }</pre>
     *
     * @param x the dividend, float32 or float64
     * @param y the divisor, same dtype, broadcast-compatible shape
     * @return {@code x / y}, 0 where {@code x == 0}, of the broadcast shape
     * @throws IllegalArgumentException if the dtypes differ or are not floating, or the shapes do not broadcast
     */
    public static Tensor xdivy(Tensor x, Tensor y) {
        return Elementwise.xdivy(x, y);
    }

    /**
     * True where {@code x} is NaN (TensorFlow's {@code is_nan}); floating only, as TensorFlow. A BOOL tensor of
     * {@code x}'s shape with no gradient.
     *
     * <pre>{@code
     * isNan(constant(new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY}, 3));   // [ True False False]
     * }</pre>
     *
     * @param x the input, float32 or float64
     * @return the mask
     * @throws IllegalArgumentException if {@code x} is not floating
     */
    public static Tensor isNan(Tensor x) {
        Objects.requireNonNull(x, "isNan: x is null");
        ShapeRules.requireFloating("isNan", x);
        return notEqual(x, x);
    }

    /**
     * True where {@code x} is {@code +inf} or {@code -inf} (TensorFlow's {@code is_inf}); floating only, as
     * TensorFlow. NaN is not infinite. A BOOL tensor of {@code x}'s shape with no gradient.
     *
     * <pre>{@code
     * isInf(constant(new double[] {Double.NaN, 1, Double.NEGATIVE_INFINITY}, 3));   // [False False  True]
     * }</pre>
     *
     * @param x the input, float32 or float64
     * @return the mask
     * @throws IllegalArgumentException if {@code x} is not floating
     */
    public static Tensor isInf(Tensor x) {
        Objects.requireNonNull(x, "isInf: x is null");
        ShapeRules.requireFloating("isInf", x);
        return equal(abs(stopGradient(x)), scalarFor("isInf", x, Double.POSITIVE_INFINITY));
    }

    /**
     * True where {@code x} is neither NaN nor infinite (TensorFlow's {@code is_finite}); floating only, as
     * TensorFlow. A BOOL tensor of {@code x}'s shape with no gradient.
     *
     * <pre>{@code
     * isFinite(constant(new double[] {Double.NaN, 1, Double.NEGATIVE_INFINITY}, 3));   // [False  True False]
     * }</pre>
     *
     * @param x the input, float32 or float64
     * @return the mask
     * @throws IllegalArgumentException if {@code x} is not floating
     */
    public static Tensor isFinite(Tensor x) {
        Objects.requireNonNull(x, "isFinite: x is null");
        ShapeRules.requireFloating("isFinite", x);
        return less(abs(stopGradient(x)), scalarFor("isFinite", x, Double.POSITIVE_INFINITY));
    }

    // ------------------------------------------------------------------------------------ comparison, selection

    /**
     * {@code a == b} elementwise, broadcasting; a BOOL tensor with no gradient.
     *
     * <pre>{@code
     * equal(constant(1f), constant(1f));   // True
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the comparison
     */
    public static Tensor equal(Tensor a, Tensor b) {
        return binary(Primitive.EQUAL, a, b);
    }

    /**
     * {@code a != b} elementwise, broadcasting; a BOOL tensor with no gradient.
     *
     * <pre>{@code
     * notEqual(constant(1f), constant(2f));   // True
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the comparison
     */
    public static Tensor notEqual(Tensor a, Tensor b) {
        return binary(Primitive.NOT_EQUAL, a, b);
    }

    /**
     * {@code a > b} elementwise, broadcasting; a BOOL tensor with no gradient.
     *
     * <pre>{@code
     * greater(constant(2f), constant(1f));   // True
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the comparison
     */
    public static Tensor greater(Tensor a, Tensor b) {
        return binary(Primitive.GREATER, a, b);
    }

    /**
     * {@code a >= b} elementwise, broadcasting; a BOOL tensor with no gradient.
     *
     * <pre>{@code
     * greaterEqual(constant(1f), constant(1f));   // True
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the comparison
     */
    public static Tensor greaterEqual(Tensor a, Tensor b) {
        return binary(Primitive.GREATER_EQUAL, a, b);
    }

    /**
     * {@code a < b} elementwise, broadcasting; a BOOL tensor with no gradient.
     *
     * <pre>{@code
     * less(constant(1f), constant(2f));   // True
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the comparison
     */
    public static Tensor less(Tensor a, Tensor b) {
        return binary(Primitive.LESS, a, b);
    }

    /**
     * {@code a <= b} elementwise, broadcasting; a BOOL tensor with no gradient.
     *
     * <pre>{@code
     * lessEqual(constant(1f), constant(1f));   // True
     * }</pre>
     *
     * @param a first operand
     * @param b second operand, same dtype
     * @return the comparison
     */
    public static Tensor lessEqual(Tensor a, Tensor b) {
        return binary(Primitive.LESS_EQUAL, a, b);
    }

    /**
     * {@code cond ? x : y} elementwise, all three broadcast together. Gradient: {@code g} to the selected branch
     * and 0 to the other; as in TensorFlow, an infinite or NaN derivative inside the unselected branch still
     * gives NaN (0 times inf), so guard its input with a second {@code where}.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {-1, 2}, 2);
     * where(greater(x, zerosLike(x)), x, zerosLike(x));   // [0. 2.], relu by hand
     * }</pre>
     *
     * @param cond a BOOL tensor
     * @param x    values where cond is true
     * @param y    values where cond is false, same dtype as x
     * @return the selection
     */
    public static Tensor where(Tensor cond, Tensor x, Tensor y) {
        return Elementwise.where(cond, x, y);
    }

    /**
     * Converts to another dtype: floats to integers truncate toward zero, numbers to BOOL test {@code != 0}, and
     * every conversion to a float rounds once to nearest (int64 to float32 included). Gradient: cast back when both
     * dtypes are floating; a cast to or from an integer cuts the gradient.
     *
     * <p>Values an integer cannot hold saturate, as Java's cast: {@code 3e9} and {@code +inf} become the largest
     * int32, {@code -inf} the smallest, NaN becomes 0; int64 to int32 keeps the low 32 bits. TensorFlow's kernel is
     * a C++ {@code static_cast}, which the language leaves undefined for these inputs (its own log calls them
     * undefined behaviour; x86 gives the smallest integer for all of them, as NumPy does); gradtape defines them
     * instead of copying one processor's answer.
     *
     * <pre>{@code
     * cast(constant(2.7f), DType.INT32);   // 2
     * }</pre>
     *
     * @param x     the input
     * @param dtype the target dtype
     * @return the converted tensor
     */
    public static Tensor cast(Tensor x, DType dtype) {
        return Elementwise.cast(x, dtype);
    }

    /**
     * The same values, with no gradient: a path through it contributes nothing (TensorFlow's
     * {@code stop_gradient}). The op is still recorded, so the cut is exact.
     *
     * <pre>{@code
     * Tensor x = constant(3f);
     * Tensor c = stopGradient(x);   // dc/dx is null
     * }</pre>
     *
     * @param x the input
     * @return the same values
     */
    public static Tensor stopGradient(Tensor x) {
        return unary(Primitive.STOP_GRADIENT, x);
    }

    /**
     * The same values as a new tensor; the gradient passes through unchanged.
     *
     * <pre>{@code
     * Variable variable = new Variable(constant(1f));
     * Tensor snapshot = identity(variable);
     * }</pre>
     *
     * @param x the input
     * @return a copy
     */
    public static Tensor identity(Tensor x) {
        return unary(Primitive.IDENTITY, x);
    }

    // ------------------------------------------------------------------------------------ reductions

    /** "Every axis" for the internal reductions, which the overloads without axes pass. */
    private static final int[] ALL_AXES = new int[0];

    /**
     * The axes a caller listed, at least one. TensorFlow's {@code axis=[]} reduces no axis; an axes array computed
     * to be empty (the feature axes of a rank-1 input) would otherwise reduce every axis in silence.
     */
    private static int[] nonEmpty(String op, int[] axes) {
        Objects.requireNonNull(axes, () -> op + ": axes is null");
        if (axes.length == 0) {
            throw new IllegalArgumentException(op + ": an empty axes array; TensorFlow's axis=[] reduces no axis, and"
                    + " gradtape refuses it rather than reduce every axis: call " + op + "(x) or " + op
                    + "(x, keepDims) to reduce every axis, or skip the reduction when there is no axis to reduce");
        }
        return axes;
    }

    /**
     * The sum over every axis, a scalar; see {@link #reduceSum(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceSum(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceSum(Tensor x) {
        return reduceSum(x, false);
    }

    /**
     * The sum over {@code axes} (at least one: {@code reduceSum(x)} reduces every axis), which are removed. float32
     * sums accumulate in double. Gradient:
     * {@code g} broadcast back over the reduced axes.
     *
     * <pre>{@code
     * reduceSum(constant(new float[] {1, 2, 3, 4}, 2, 2), 0);   // [4. 6.]
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end, at least one
     * @return the sum
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceSum(Tensor x, int... axes) {
        return Reductions.reduce(Primitive.REDUCE_SUM, x, false, nonEmpty("reduceSum", axes));
    }

    /**
     * The sum over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceSum(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceSum(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceSum(Tensor x, boolean keepDims) {
        return Reductions.reduce(Primitive.REDUCE_SUM, x, keepDims, ALL_AXES);
    }

    /**
     * The sum over {@code axes} (at least one: {@code reduceSum(x)} reduces every axis), kept as size 1 when {@code
     * keepDims}.
     *
     * <pre>{@code
     * Tensor m = ones(DType.FLOAT32, 2, 3);
     * reduceSum(m, true, 1);   // [[3.] [3.]], shape (2, 1)
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the sum
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceSum(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduce(Primitive.REDUCE_SUM, x, keepDims, nonEmpty("reduceSum", axes));
    }

    /**
     * The mean over every axis, a scalar; see {@link #reduceMean(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceMean(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceMean(Tensor x) {
        return reduceMean(x, false);
    }

    /**
     * The mean over {@code axes} (at least one: {@code reduceMean(x)} reduces every axis), which are removed: the
     * sum divided by the number of elements
     * reduced. Integer dtypes follow TensorFlow's {@code MeanReducer}: int32 and int64 are summed in int64 and the
     * sum divided by the count in int64, truncating toward zero ({@code [-3, 0]} gives -1), so the int32 mean of
     * {@code [MAX_VALUE, MAX_VALUE]} is {@code MAX_VALUE} and int64 means are exact beyond 2^53; an empty integer
     * mean is 0 (a floating one NaN). Gradient: {@code g / n} broadcast back.
     *
     * <pre>{@code
     * reduceMean(constant(new float[] {1, 2, 3, 4}, 4));   // 2.5
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end, at least one
     * @return the mean
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceMean(Tensor x, int... axes) {
        return reduceMean(x, false, nonEmpty("reduceMean", axes));
    }

    /**
     * The mean over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceMean(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceMean(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceMean(Tensor x, boolean keepDims) {
        return Reductions.reduceMean(x, keepDims, ALL_AXES);
    }

    /**
     * The mean over {@code axes} (at least one: {@code reduceMean(x)} reduces every axis), kept as size 1 when
     * {@code keepDims}.
     *
     * <pre>{@code
     * Tensor m = ones(DType.FLOAT32, 2, 3);
     * reduceMean(m, true, -1);   // [[1.] [1.]], shape (2, 1)
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the mean
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceMean(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduceMean(x, keepDims, nonEmpty("reduceMean", axes));
    }

    /**
     * The maximum over every axis, a scalar; see {@link #reduceMax(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceMax(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceMax(Tensor x) {
        return reduceMax(x, false);
    }

    /**
     * The maximum over {@code axes} (at least one: {@code reduceMax(x)} reduces every axis), which are removed; NaN
     * propagates. Gradient: {@code g} shared
     * equally among tied maxima ([0.6, 0.6, 0.3] gets [0.5, 0.5, 0]).
     *
     * <pre>{@code
     * reduceMax(constant(new float[] {1, 3, 2}, 3));   // 3.0
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end, at least one
     * @return the maximum
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceMax(Tensor x, int... axes) {
        return Reductions.reduce(Primitive.REDUCE_MAX, x, false, nonEmpty("reduceMax", axes));
    }

    /**
     * The maximum over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceMax(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceMax(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceMax(Tensor x, boolean keepDims) {
        return Reductions.reduce(Primitive.REDUCE_MAX, x, keepDims, ALL_AXES);
    }

    /**
     * The maximum over {@code axes}, kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * Tensor logits = constant(new float[] {1, 3, 2, 0}, 2, 2);
     * reduceMax(logits, true, -1);   // [[3.] [2.]]
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the maximum
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceMax(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduce(Primitive.REDUCE_MAX, x, keepDims, nonEmpty("reduceMax", axes));
    }

    /**
     * The minimum over every axis, a scalar; see {@link #reduceMin(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceMin(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceMin(Tensor x) {
        return reduceMin(x, false);
    }

    /**
     * The minimum over {@code axes} (at least one: {@code reduceMin(x)} reduces every axis), which are removed; NaN
     * propagates. Gradient: shared equally
     * among tied minima.
     *
     * <pre>{@code
     * reduceMin(constant(new float[] {1, 3, 2}, 3));   // 1.0
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end, at least one
     * @return the minimum
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceMin(Tensor x, int... axes) {
        return Reductions.reduce(Primitive.REDUCE_MIN, x, false, nonEmpty("reduceMin", axes));
    }

    /**
     * The minimum over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceMin(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceMin(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceMin(Tensor x, boolean keepDims) {
        return Reductions.reduce(Primitive.REDUCE_MIN, x, keepDims, ALL_AXES);
    }

    /**
     * The minimum over {@code axes}, kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 3, 2, 0}, 2, 2);
     * reduceMin(x, true, 0);   // [[1. 0.]]
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the minimum
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceMin(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduce(Primitive.REDUCE_MIN, x, keepDims, nonEmpty("reduceMin", axes));
    }

    // ------------------------------------------------------------------------------------ linear algebra

    /**
     * The matrix product {@code a @ b} over the last two axes; leading (batch) axes broadcast. Floating only.
     * Shapes {@code (..., m, k) @ (..., k, n) -> (..., m, n)}. Gradient: {@code (g b^T, a^T g)}.
     *
     * <pre>{@code
     * matmul(zeros(DType.FLOAT32, 2, 3), zeros(DType.FLOAT32, 3, 4));   // shape (2, 4)
     * }</pre>
     *
     * @param a rank >= 2
     * @param b rank >= 2, same dtype
     * @return the product
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }

    /**
     * The matrix product of {@code a} and {@code b}, each transposed (last two axes swapped) first when asked,
     * without materializing the transpose in the caller.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 4, 3), w = ones(DType.FLOAT32, 2, 3);
     * matmul(x, w, false, true).shape();   // (4, 2): x @ w^T
     * }</pre>
     *
     * @param a          rank >= 2
     * @param b          rank >= 2, same dtype
     * @param transposeA use {@code a^T}
     * @param transposeB use {@code b^T}
     * @return the product
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return Products.matmul(a, b, transposeA, transposeB);
    }

    /**
     * The tensor contraction of TensorFlow's {@code tf.tensordot(a, b, axes)} with an integer {@code axes}: the
     * last {@code axes} axes of {@code a} against the first {@code axes} of {@code b}, in order; the result has
     * a's other axes, then b's. {@code axes = 0} is the outer product, {@code axes = 1} on matrices is
     * {@link #matmul}. One matmul between transposes and reshapes, so the gradient is matmul's. Floating only.
     *
     * <pre>{@code
     * Tensor a = ones(DType.FLOAT64, 2, 3, 4), b = ones(DType.FLOAT64, 3, 4, 5);
     * tensordot(a, b, 2).shape();   // (2, 5): each entry sums 12 products
     * }</pre>
     *
     * @param a    the first operand
     * @param b    the second operand, same dtype
     * @param axes how many axes to contract, {@code 0 <= axes <= min(a.rank(), b.rank())}
     * @return {@code a.shape[:-axes] + b.shape[axes:]}
     * @throws IllegalArgumentException if {@code axes} is out of range or the paired sizes differ
     */
    public static Tensor tensordot(Tensor a, Tensor b, int axes) {
        return Products.tensordot(a, b, axes);
    }

    /**
     * The tensor contraction of TensorFlow's {@code tf.tensordot(a, b, [aAxes, bAxes])}: axis {@code aAxes[i]}
     * of {@code a} is summed against axis {@code bAxes[i]} of {@code b} (negative axes count from the end); the
     * result has a's other axes, then b's, each in their original order. Gradient: matmul's, through the
     * transposes and reshapes. Floating only.
     *
     * <pre>{@code
     * Tensor a = ones(DType.FLOAT64, 2, 3, 4), b = ones(DType.FLOAT64, 4, 3, 5);
     * tensordot(a, b, new int[] {1, 2}, new int[] {1, 0}).shape();   // (2, 5)
     * }</pre>
     *
     * @param a     the first operand
     * @param b     the second operand, same dtype
     * @param aAxes distinct axes of {@code a}
     * @param bAxes distinct axes of {@code b}, as many, with the same sizes pairwise
     * @return {@code a}'s free axes then {@code b}'s
     * @throws IllegalArgumentException for counts that differ, an axis out of range or named twice, or sizes that
     *                                  differ (the message names the axes and shapes)
     */
    public static Tensor tensordot(Tensor a, Tensor b, int[] aAxes, int[] bAxes) {
        return Products.tensordot(a, b, aAxes, bAxes);
    }

    // ------------------------------------------------------------------------------------ shape and movement

    /**
     * The same values, row-major, in a new shape; one dimension may be -1 and is then inferred as TensorFlow's
     * ReshapeOp (reshape_op.h) infers it: the zero sizes are left out of the product of the given sizes and, when
     * the new shape has a zero size, the input's zero dimensions are left out of its element count, so an empty
     * input still infers its other dimensions ({@code (0, 6)} to {@code (-1, 0)} gives {@code (6, 0)}, to
     * {@code (0, -1)} gives {@code (0, 6)}); if that count is not a multiple of the product the quotient is
     * truncated ({@code (0, 6)} to {@code (-1, 0, 4)} gives {@code (1, 0, 4)}), as TensorFlow does. Gradient:
     * reshaped back.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6}, 6);
     * reshape(x, 2, -1).shape();   // (2, 3)
     * }</pre>
     *
     * @param x     the input
     * @param shape the new dimensions
     * @return the reshaped tensor
     * @throws IllegalArgumentException if the sizes differ or more than one dimension is -1
     */
    public static Tensor reshape(Tensor x, int... shape) {
        return Movement.reshape(x, shape);
    }

    /**
     * The axes permuted: output axis {@code i} is input axis {@code perm[i]}; no perm reverses the axes (a matrix
     * transpose for rank 2). Gradient: transposed back by the inverse permutation.
     *
     * <pre>{@code
     * Tensor m = ones(DType.FLOAT32, 2, 3), t = ones(DType.FLOAT32, 2, 3, 4);
     * transpose(m).shape();            // (3, 2)
     * transpose(t, 0, 2, 1).shape();   // (2, 4, 3)
     * }</pre>
     *
     * @param x    the input
     * @param perm a permutation of {@code 0..rank-1}, or nothing
     * @return the transposed tensor
     */
    public static Tensor transpose(Tensor x, int... perm) {
        return Movement.transpose(x, perm);
    }

    /**
     * {@code x} repeated along size-1 and missing leading axes to {@code shape} (NumPy rules). Gradient: summed
     * back over the repeats.
     *
     * <pre>{@code
     * broadcastTo(constant(new float[] {1, 2}, 2), 3, 2);   // three rows [1. 2.]
     * }</pre>
     *
     * @param x     the input
     * @param shape the target dimensions
     * @return the broadcast tensor
     */
    public static Tensor broadcastTo(Tensor x, int... shape) {
        return Movement.broadcastTo(x, shape);
    }

    /**
     * The tensors joined along {@code axis}; all have one dtype and rank, and equal dimensions elsewhere.
     * Gradient: each input gets its slab of {@code g}.
     *
     * <pre>{@code
     * Tensor a = ones(DType.FLOAT32, 2, 3), b = zeros(DType.FLOAT32, 1, 3);
     * concat(List.of(a, b), 0).shape();   // (3, 3)
     * }</pre>
     *
     * @param tensors at least one tensor
     * @param axis    the axis, negative from the end
     * @return the joined tensor
     */
    public static Tensor concat(List<? extends Tensor> tensors, int axis) {
        return Movement.concat(tensors, axis);
    }

    /**
     * The region of {@code x} that starts at {@code begin} and has shape {@code size} (a size of -1 takes the
     * rest of that axis). Gradient: {@code g} padded with zeros back to {@code x}'s shape.
     *
     * <pre>{@code
     * Tensor m = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * slice(m, new int[] {0, 1}, new int[] {2, 2});   // [[2. 3.] [5. 6.]]: columns 1..2
     * }</pre>
     *
     * @param x     the input
     * @param begin the first index along each axis
     * @param size  the extent along each axis, or -1
     * @return the region
     */
    public static Tensor slice(Tensor x, int[] begin, int[] size) {
        return Movement.slice(x, begin, size);
    }

    /**
     * {@code x} surrounded by zeros: {@code before[d]} before and {@code after[d]} after along each axis.
     * Gradient: the slice of {@code g} where {@code x} was.
     *
     * <pre>{@code
     * Tensor v = constant(new float[] {1, 2, 3}, 3);
     * pad(v, new int[] {1}, new int[] {2});   // [0. 1. 2. 3. 0. 0.]
     * }</pre>
     *
     * @param x      the input
     * @param before non-negative counts, one per axis
     * @param after  non-negative counts, one per axis
     * @return the padded tensor
     */
    public static Tensor pad(Tensor x, int[] before, int[] after) {
        return Movement.pad(x, before, after);
    }

    /**
     * {@code x} padded with {@code constantValue} instead of zeros (TensorFlow's {@code tf.pad} with
     * {@code constant_values}): {@code before[d]} values before and {@code after[d]} after along each axis.
     * The value is taken in {@code x}'s dtype; a fraction for an integer tensor, or a finite value past float32's
     * range for a float32 one, is an error, as TensorFlow's conversion. Gradient: the slice of {@code g} where
     * {@code x} was; none reaches the value.
     *
     * <pre>{@code
     * Tensor v = constant(new float[] {1, 2}, 2);
     * pad(v, new int[] {1}, new int[] {2}, -1.0);   // [-1. 1. 2. -1. -1.]
     * }</pre>
     *
     * @param x             the input, numeric
     * @param before        non-negative counts, one per axis
     * @param after         non-negative counts, one per axis
     * @param constantValue the fill value
     * @return the padded tensor
     * @throws IllegalArgumentException if a padding is negative or there is not one per axis, or the value does not
     *                                  fit {@code x}'s dtype (or {@code x} is bool)
     */
    public static Tensor pad(Tensor x, int[] before, int[] after, double constantValue) {
        return Movement.pad(x, before, after, constantValue);
    }

    /**
     * {@code x} padded in one of TensorFlow's {@code tf.pad} modes (any case): {@code "CONSTANT"} (zeros, as
     * {@link #pad(Tensor, int[], int[])}), {@code "REFLECT"} (mirrored about the edge element, which is not
     * repeated: {@code [1, 2, 3]} padded by 2 before gives {@code [3, 2, 1, 2, 3]}; each padding must be less than
     * its dimension) or {@code "SYMMETRIC"} (mirrored including the edge element: {@code [2, 1, 1, 2, 3]}; each
     * padding at most its dimension), TensorFlow's MirrorPad. Any dtype. Gradient: the mirrored copies of
     * {@code g} are added back onto the elements they came from (TensorFlow's {@code MirrorPadGrad}).
     *
     * <pre>{@code
     * Tensor m = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * pad(m, new int[] {1, 2}, new int[] {1, 2}, "REFLECT");
     * // [[6 5 4 5 6 5 4] [3 2 1 2 3 2 1] [6 5 4 5 6 5 4] [3 2 1 2 3 2 1]]
     * }</pre>
     *
     * @param x      the input
     * @param before non-negative counts, one per axis
     * @param after  non-negative counts, one per axis
     * @param mode   {@code "CONSTANT"}, {@code "REFLECT"} or {@code "SYMMETRIC"}, any case
     * @return the padded tensor
     * @throws IllegalArgumentException for another mode, a negative padding, not one padding per axis, or a REFLECT
     *                                  padding {@code >= dim} (SYMMETRIC: {@code > dim})
     */
    public static Tensor pad(Tensor x, int[] before, int[] after, String mode) {
        return Movement.pad(x, before, after, mode);
    }

    // ------------------------------------------------------------------------------------ composites

    /**
     * {@code exp(x) / sum(exp(x))} along {@code axis}, computed as {@code exp(x - max)} so that it never
     * overflows. The shift is a {@link #stopGradient} (softmax does not depend on it), so the gradient is exact.
     *
     * <pre>{@code
     * Tensor logits = constant(new float[] {0, 0}, 1, 2);
     * softmax(logits, -1);   // [[0.5 0.5]]
     * }</pre>
     *
     * @param x    floating logits
     * @param axis the axis, negative from the end
     * @return probabilities summing to 1 along {@code axis}
     */
    public static Tensor softmax(Tensor x, int axis) {
        return Reductions.softmax(x, axis);
    }

    /**
     * {@code x - log(sum(exp(x)))} along {@code axis}, computed stably with a max shift.
     *
     * <pre>{@code
     * Tensor logits = constant(new float[] {0, 0}, 1, 2);
     * logSoftmax(logits, -1);   // [[-0.6931472 -0.6931472]]
     * }</pre>
     *
     * @param x    floating logits
     * @param axis the axis, negative from the end
     * @return log-probabilities along {@code axis}
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return Reductions.logSoftmax(x, axis);
    }

    /** Validates a composite's input up front, so that its errors name the op the caller used. */
    // ------------------------------------------------------------------------------------ more elementwise math

    /**
     * {@code log(1 + x)}, accurate also for tiny {@code x} (where {@code log(add(1, x))} rounds to 0); floating
     * only. Gradient: {@code g / (1 + x)}.
     *
     * <p>Accuracy: float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same
     * bits on every run and thread count (measured against a 45-digit reference on 121,174 values over the domain, its
     * binades and edge values: largest error 0.639 ulp of the exact value; see {@code VectorMath64}). Without them
     * {@link Math} or, for erf, a series within a few ulp (float32: that double rounded once).
     *
     * <p>float32 with the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}): computed in
     * double lanes and within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 20.9M values
     * and the edge values: 0 ulp), with the same bits on every run and thread count; see {@code VectorMath}.
     *
     * <pre>{@code
     * log1p(constant(1e-10));   // 9.9999999995E-11 (log(1 + 1e-10) in double gives 1.000000082690371E-10)
     * }</pre>
     *
     * @param x the input, {@code >= -1} for a real result
     * @return the logarithm
     */
    public static Tensor log1p(Tensor x) {
        return unary(Primitive.LOG1P, x);
    }

    /**
     * {@code e^x - 1}, accurate also for tiny {@code x}; floating only. Gradient: {@code g e^x}.
     *
     * <p>Accuracy: float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same
     * bits on every run and thread count (measured against a 45-digit reference on 121,174 values over the domain, its
     * binades and edge values: largest error 0.750 ulp of the exact value; see {@code VectorMath64}). Without them
     * {@link Math} or, for erf, a series within a few ulp (float32: that double rounded once).
     *
     * <p>float32 with the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}): computed in
     * double lanes and within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 20.9M values
     * and the edge values: 0 ulp), with the same bits on every run and thread count; see {@code VectorMath}.
     *
     * <pre>{@code
     * expm1(constant(1e-10));   // 1.00000000005E-10
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor expm1(Tensor x) {
        return unary(Primitive.EXPM1, x);
    }

    /**
     * The error function {@code erf(x) = 2/sqrt(pi) integral_0^x e^(-t^2) dt}; floating
     * only. Gradient: {@code g 2/sqrt(pi) e^(-x^2)}.
     *
     * <p>Accuracy: float64 with the Vector API kernels: within <b>1 ulp</b> of the correctly rounded result, the same
     * bits on every run and thread count (measured against a 45-digit reference on 121,174 values over the domain, its
     * binades and edge values: largest error 0.622 ulp of the exact value; see {@code VectorMath64}). Without them
     * {@link Math} or, for erf, a series within a few ulp (float32: that double rounded once).
     *
     * <p>float32 with the Vector API kernels (JVM flag {@code --add-modules jdk.incubator.vector}): computed in
     * double lanes and within <b>2 ulp</b> of the correctly rounded result (measured on a sweep of 20.9M values
     * and the edge values: 0 ulp), with the same bits on every run and thread count; see {@code VectorMath}.
     *
     * <pre>{@code
     * erf(constant(1.0));   // 0.8427007929497149
     * }</pre>
     *
     * @param x the input
     * @return erf(x), in (-1, 1)
     */
    public static Tensor erf(Tensor x) {
        return unary(Primitive.ERF, x);
    }

    /**
     * {@code 1 / sqrt(x)} (composite); floating only. Gradient: {@code -g / (2 x^1.5)}; +inf at 0.
     *
     * <pre>{@code
     * rsqrt(constant(4f));   // 0.5
     * }</pre>
     *
     * @param x the input
     * @return the reciprocal square root
     */
    public static Tensor rsqrt(Tensor x) {
        return Elementwise.rsqrt(x);
    }

    /**
     * {@code 1 / x} (composite); floating only. Gradient: {@code -g / x^2}.
     *
     * <pre>{@code
     * reciprocal(constant(4f));   // 0.25
     * }</pre>
     *
     * @param x the input
     * @return the reciprocal
     */
    public static Tensor reciprocal(Tensor x) {
        return Elementwise.reciprocal(x);
    }

    /**
     * The largest integral value {@code <= x}; floating only. No gradient (null), as TensorFlow: the function is
     * piecewise constant.
     *
     * <pre>{@code
     * floor(constant(-1.5f));   // -2.0
     * }</pre>
     *
     * @param x the input
     * @return the floor, same dtype
     */
    public static Tensor floor(Tensor x) {
        return unary(Primitive.FLOOR, x);
    }

    /**
     * The smallest integral value {@code >= x}; floating only. No gradient (null), as TensorFlow.
     *
     * <pre>{@code
     * ceil(constant(-1.5f));   // -1.0
     * }</pre>
     *
     * @param x the input
     * @return the ceiling, same dtype
     */
    public static Tensor ceil(Tensor x) {
        return unary(Primitive.CEIL, x);
    }

    /**
     * The nearest integral value, halves to even (banker's rounding, as TensorFlow's {@code round}):
     * {@code [0.9, 2.5, 2.3, 1.5, -4.5]} gives {@code [1, 2, 2, 2, -4]}. Integers are returned as they are. No
     * gradient (null), as TensorFlow.
     *
     * <pre>{@code
     * round(constant(2.5f));   // 2.0
     * }</pre>
     *
     * @param x the input, numeric
     * @return the rounded values, same dtype
     */
    public static Tensor round(Tensor x) {
        return unary(Primitive.ROUND, x);
    }

    /**
     * {@code x} clipped to {@code [lo, hi]}, computed as TensorFlow does: {@code maximum(minimum(x, hi), lo)}.
     * Gradient: {@code g} where {@code lo <= x <= hi} (the boundaries included), 0 outside; {@code lo} and
     * {@code hi} get the gradient of the elements clipped to them. The bounds broadcast to {@code x}'s shape, which
     * the result keeps: bounds that would make it larger are an {@link IllegalArgumentException}, as in TensorFlow.
     *
     * <pre>{@code
     * clipByValue(constant(new float[] {-2, 0.5f, 3}, 3), constant(0f), constant(1f));   // [0. 0.5 1.]
     * }</pre>
     *
     * @param x  the input
     * @param lo the lower bound, same dtype
     * @param hi the upper bound, same dtype
     * @return the clipped tensor, of x's shape
     * @throws IllegalArgumentException if a bound does not broadcast to x's shape, or the dtypes differ
     */
    public static Tensor clipByValue(Tensor x, Tensor lo, Tensor hi) {
        return Elementwise.clipByValue(x, lo, hi);
    }

    /**
     * {@code x} clipped to {@code [lo, hi]}, the bounds in {@code x}'s dtype; see
     * {@link #clipByValue(Tensor, Tensor, Tensor)}.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {-2, 0.5f, 3}, 3);
     * clipByValue(x, -1, 1);   // [-1. 0.5 1.]
     * }</pre>
     *
     * @param x  the input
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped tensor
     */
    public static Tensor clipByValue(Tensor x, double lo, double hi) {
        return Elementwise.clipByValue(x, lo, hi);
    }

    /**
     * {@code x} clipped to {@code [lo, hi]}, whole-number bounds in {@code x}'s dtype, exact for an int64 tensor at
     * every value (Java picks this overload for {@code int} or {@code long} arguments); see
     * {@link #clipByValue(Tensor, Tensor, Tensor)}.
     *
     * <pre>{@code
     * clipByValue(constant(new long[] {-5, 9007199254740993L}, 2), 0, 9007199254740993L);   // [0 9007199254740993]
     * }</pre>
     *
     * @param x  the input
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped tensor
     */
    public static Tensor clipByValue(Tensor x, long lo, long hi) {
        Objects.requireNonNull(x, "clipByValue: x is null");
        return clipByValue(x, scalarFor("clipByValue", x, lo), scalarFor("clipByValue", x, hi));
    }

    /**
     * {@code x} rescaled so that its Euclidean norm (over all elements) is at most {@code clipNorm}:
     * {@code x clipNorm / max(norm(x), clipNorm)}, TensorFlow's formula, including its guard that makes a zero
     * {@code x} give zeros and a zero gradient rather than NaN. Floating only.
     *
     * <pre>{@code
     * clipByNorm(constant(new float[] {3, 4}, 2), 1);   // [0.6 0.8]
     * }</pre>
     *
     * @param x        the input
     * @param clipNorm the largest norm, {@code > 0}
     * @return the clipped tensor
     * @throws IllegalArgumentException if clipNorm is not positive, or past float32's range for a float32 {@code x}
     */
    public static Tensor clipByNorm(Tensor x, double clipNorm) {
        return Reductions.clipByNorm(x, clipNorm, ALL_AXES);
    }

    /**
     * {@code x} rescaled so that its Euclidean norm over {@code axes} (at least one: {@code clipByNorm(x)} reduces
     * every axis) is at most {@code clipNorm},
     * each slice on its own; see {@link #clipByNorm(Tensor, double)}.
     *
     * <pre>{@code
     * Tensor rows = constant(new float[] {3, 4, 0.3f, 0.4f}, 2, 2);
     * clipByNorm(rows, 1, 1);   // [[0.6 0.8] [0.3 0.4]]: each row to norm <= 1
     * }</pre>
     *
     * @param x        the input
     * @param clipNorm the largest norm, {@code > 0}
     * @param axes     the axes that make one slice, negative from the end
     * @return the clipped tensor
     * @throws IllegalArgumentException if clipNorm is not positive or past float32's range for a float32 {@code x}, or
     *         if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor clipByNorm(Tensor x, double clipNorm, int... axes) {
        return Reductions.clipByNorm(x, clipNorm, nonEmpty("clipByNorm", axes));
    }

    /**
     * The global L2 norm of tensors, {@code sqrt(sum_i ||t_i||^2)}, skipping nulls, as a number (not recorded on a
     * tape): TensorFlow's {@code tf.linalg.global_norm} formula, but every square and sum in double precision, also
     * for float32 tensors. TensorFlow computes it in the tensors' dtype, as {@link #clipByGlobalNorm} does (its
     * {@code globalNorm()} is a float32 scalar for float32 tensors, each square and sum rounded to float32): the two
     * can differ in float32's last bits, and for float32 tensors whose squares overflow float32 this one stays
     * finite where TensorFlow's (and clipByGlobalNorm's) is infinite. For TensorFlow's value, use
     * {@code clipByGlobalNorm(tensors, c).globalNorm()}.
     *
     * <pre>{@code
     * globalNorm(List.of(constant(3f), constant(4f)));   // 5.0
     * }</pre>
     *
     * @param tensors floating tensors, any shapes; nulls are skipped
     * @return the norm
     * @throws IllegalArgumentException if a tensor is not floating
     */
    public static double globalNorm(List<? extends Tensor> tensors) {
        return Reductions.globalNorm(tensors);
    }

    /**
     * The result of {@link #clipByGlobalNorm}: the scaled tensors, in the input's order with its nulls, and the
     * global norm of the input, a scalar. Both are differentiable.
     *
     * @param tensors    the scaled tensors, an unmodifiable list (nulls where the input had them)
     * @param globalNorm {@code sqrt(sum_i ||t_i||^2)} of the input (before clipping), float64 if any input is
     *                   float64, else float32
     */
    public record ClipByGlobalNorm(List<Tensor> tensors, Tensor globalNorm) {
    }

    /**
     * TensorFlow's {@code tf.clip_by_global_norm}, the usual clip of a training step's gradients: with
     * {@code globalNorm = sqrt(sum_i ||t_i||^2)}, scales every tensor by
     * {@code clipNorm / max(globalNorm, clipNorm)}, so that their global norm is at most {@code clipNorm} and
     * their directions are kept. Nulls stay null and take no part. If the global norm is infinite or NaN, every
     * entry is NaN (TensorFlow's rule: an overflowed gradient is not silently rescaled). Returns, as TensorFlow,
     * the scaled list and the global norm (the input's, before clipping).
     *
     * <p>Differentiable in every input, the scale's dependence on the norm included, as TensorFlow's graph of
     * ops. The norm is computed in float64 if any tensor is float64, else float32, and the scale cast to each
     * tensor's dtype (TensorFlow refuses a list of mixed dtypes). As in TensorFlow, float32 tensors whose squares
     * overflow float32 (a global norm above about 1.8e19) give an infinite norm and NaN entries. All-zero (or no) tensors give a norm of 0 and,
     * as {@link #norm(Tensor)}, a zero gradient there rather than TensorFlow's NaN. An optimizer can do the same
     * on every step ({@code globalClipNorm} in its builder).
     *
     * <pre>{@code
     * ClipByGlobalNorm c = clipByGlobalNorm(List.of(constant(3f), constant(4f)), 1.0);
     * c.tensors().get(0).floatValue();   // 0.6f
     * c.globalNorm().floatValue();       // 5.0f
     * }</pre>
     *
     * @param tensors  floating tensors, any shapes; nulls are kept
     * @param clipNorm the largest global norm, finite and positive
     * @return the scaled tensors and the global norm
     * @throws IllegalArgumentException if {@code clipNorm} is not finite and positive (or is past float32's range
     *                                  when every tensor is float32), or a tensor is not floating
     * @throws NullPointerException     if the list is null
     */
    public static ClipByGlobalNorm clipByGlobalNorm(List<? extends Tensor> tensors, double clipNorm) {
        return Reductions.clipByGlobalNorm(tensors, clipNorm);
    }

    /**
     * The Euclidean norm {@code sqrt(sum(x^2))} of all elements; floating only. Gradient: {@code g x / norm},
     * and <b>0 at {@code x = 0}</b> (also to second order). That deviates from TensorFlow, whose
     * {@code tf.norm} gives NaN there (issue 12071: {@code sqrt}'s infinite derivative times 0); the guard is
     * TensorFlow's own double {@code where}, as in {@code clip_by_norm}, and applies where the sum of squares is
     * exactly 0 only: a NaN in {@code x} gives a NaN norm and NaN gradients, as TensorFlow's
     * {@code sqrt(reduce_sum(x * x))}.
     *
     * <pre>{@code
     * norm(constant(new float[] {3, 4}, 2));   // 5.0
     * }</pre>
     *
     * @param x the input
     * @return a scalar
     */
    public static Tensor norm(Tensor x) {
        return norm(x, false);
    }

    /**
     * The Euclidean norm over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #norm(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * norm(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor norm(Tensor x, boolean keepDims) {
        return Reductions.norm(x, keepDims, ALL_AXES);
    }

    /**
     * The Euclidean norm over {@code axes} (at least one: {@code norm(x)} reduces every axis), kept as size 1 when
     * {@code keepDims}; safe at zero as
     * {@link #norm(Tensor)}.
     *
     * <pre>{@code
     * Tensor m = constant(new float[] {3, 4, 6, 8}, 2, 2);
     * norm(m, false, -1);   // [5. 10.]: the norm of each row
     * }</pre>
     *
     * @param x        the input, floating
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the norms
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor norm(Tensor x, boolean keepDims, int... axes) {
        return Reductions.norm(x, keepDims, nonEmpty("norm", axes));
    }

    /**
     * The log-sum-exp over every axis, a scalar; see {@link #logSumExp(Tensor, int...)}.
     *
     * <pre>{@code
     * logSumExp(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor logSumExp(Tensor x) {
        return logSumExp(x, false);
    }

    /**
     * {@code log(sum(exp(x)))} over {@code axes} (at least one: {@code logSumExp(x)} reduces every axis), computed
     * as TensorFlow's
     * {@code reduce_logsumexp}: the maximum is subtracted first (held constant by {@link #stopGradient}, and
     * replaced by 0 when infinite), so {@code [1000, 1000]} gives {@code 1000 + log 2}, not inf. Gradient:
     * {@code g softmax(x)}. Floating only.
     *
     * <pre>{@code
     * logSumExp(zeros(DType.FLOAT32, 2, 3));   // log(6) = 1.7917595
     * }</pre>
     *
     * @param x    the input
     * @param axes distinct axes, negative from the end, at least one
     * @return the reduced tensor
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor logSumExp(Tensor x, int... axes) {
        return logSumExp(x, false, nonEmpty("logSumExp", axes));
    }

    /**
     * The log-sum-exp over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #logSumExp(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * logSumExp(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor logSumExp(Tensor x, boolean keepDims) {
        return Reductions.logSumExp(x, keepDims, ALL_AXES);
    }

    /**
     * {@code log(sum(exp(x)))} over {@code axes}, kept as size 1 when {@code keepDims}; see
     * {@link #logSumExp(Tensor, int...)}.
     *
     * <pre>{@code
     * Tensor logits = constant(new float[] {0, 0}, 1, 2);
     * logSumExp(logits, true, -1);   // [[0.6931472]], shape (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the reduced tensor
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor logSumExp(Tensor x, boolean keepDims, int... axes) {
        return Reductions.logSumExp(x, keepDims, nonEmpty("logSumExp", axes));
    }

    // ------------------------------------------------------------------------------------ scans, sorting, selection

    /**
     * The first-order linear recurrence along {@code axis}: {@code h[k] = a[k] h[k-1] + b[k]} with
     * {@code h[-1] = 0}, or {@code h[k] = a[k] h[k+1] + b[k]} from the end when {@code reverse}. {@code a} and
     * {@code b} broadcast. The first step is {@code h[0] = b[0]}: the first {@code a} multiplies nothing, so an
     * infinite or NaN one does not make it NaN. It is the primitive behind {@link #cumsum} ({@code a = 1}) and
     * {@link #cumprod}, and computes discounted returns ({@code a = gamma}, reverse). Floating values accumulate
     * in double. Gradient: the reverse recurrence {@code r[k] = g[k] + a[k+1] r[k+1]}; {@code db = r},
     * {@code da[k] = r[k] h[k-1]}, and exactly 0 for the first {@code a}.
     *
     * <pre>{@code
     * linearScan(constant(0.5f), constant(new float[] {1, 1, 1}, 3), 0, true);   // [1.75 1.5 1.]
     * }</pre>
     *
     * @param a       the multipliers
     * @param b       the additions, same dtype
     * @param axis    the axis of the broadcast shape, negative from the end
     * @param reverse run from the last element to the first
     * @return {@code h}, of the broadcast shape
     */
    public static Tensor linearScan(Tensor a, Tensor b, int axis, boolean reverse) {
        return Scans.linearScan(a, b, axis, reverse);
    }

    /**
     * The running sum along {@code axis}: {@code [a, b, c]} gives {@code [a, a + b, a + b + c]}. Floating values
     * accumulate in double. Gradient: the reverse running sum of {@code g}.
     *
     * <pre>{@code
     * cumsum(constant(new float[] {1, 2, 3}, 3), 0);   // [1. 3. 6.]
     * }</pre>
     *
     * @param x    the input, numeric, rank >= 1
     * @param axis the axis, negative from the end
     * @return the running sums, same shape
     */
    public static Tensor cumsum(Tensor x, int axis) {
        return cumsum(x, axis, false, false);
    }

    /**
     * The running sum with TensorFlow's options: {@code exclusive} leaves the current element out
     * ({@code [0, a, a + b]}), {@code reverse} sums from the end ({@code [a + b + c, b + c, c]}).
     *
     * <pre>{@code
     * cumsum(constant(new float[] {1, 2, 3}, 3), 0, true, true);   // [5. 3. 0.]
     * }</pre>
     *
     * @param x         the input, numeric, rank >= 1
     * @param axis      the axis, negative from the end
     * @param exclusive leave out the current element
     * @param reverse   run from the end
     * @return the running sums, same shape
     */
    public static Tensor cumsum(Tensor x, int axis, boolean exclusive, boolean reverse) {
        return Scans.cumsum(x, axis, exclusive, reverse);
    }

    /**
     * The running product along {@code axis}: {@code [a, b, c]} gives {@code [a, a b, a b c]}; an infinite first
     * element stays infinite ({@code [inf, 2, 3]} gives {@code [inf, inf, inf]}, as TensorFlow and NumPy).
     * Gradient: exact also where {@code x} has zeros (also to second order): it comes from the scan's reverse
     * recurrence, with no division by {@code x}. (TensorFlow's {@code cumprod} gradient divides by {@code x} and
     * gives NaN at a zero.)
     *
     * <pre>{@code
     * cumprod(constant(new float[] {1, 2, 3}, 3), 0);   // [1. 2. 6.]
     * }</pre>
     *
     * @param x    the input, numeric, rank >= 1
     * @param axis the axis, negative from the end
     * @return the running products, same shape
     */
    public static Tensor cumprod(Tensor x, int axis) {
        return cumprod(x, axis, false, false);
    }

    /**
     * The running product with TensorFlow's options: {@code exclusive} gives {@code [1, a, a b]},
     * {@code reverse} gives {@code [a b c, b c, c]}.
     *
     * <pre>{@code
     * cumprod(constant(new float[] {1, 2, 3}, 3), 0, true, false);   // [1. 1. 2.]
     * }</pre>
     *
     * @param x         the input, numeric, rank >= 1
     * @param axis      the axis, negative from the end
     * @param exclusive leave out the current element
     * @param reverse   run from the end
     * @return the running products, same shape
     */
    public static Tensor cumprod(Tensor x, int axis, boolean exclusive, boolean reverse) {
        return Scans.cumprod(x, axis, exclusive, reverse);
    }


    /**
     * The index of the largest element along {@code axis}, as INT64 (TensorFlow's default output type). A tie
     * goes to the first index. NaN follows TensorFlow's CPU kernel, not NumPy: {@code tf.argmax} is Eigen's
     * {@code argmax} with {@code ArgMaxPairReducer} (argmax_op.h), whose accumulator starts at index 0 with the
     * lowest finite value and is replaced only by a strictly greater element, so a NaN is never chosen
     * ({@code [1, NaN, 2]} gives 2, where NumPy gives 1), and when nothing is strictly greater than
     * {@code -MAX_VALUE} (all NaN, or only -inf and -MAX_VALUE) the answer is 0. Integers give the first maximum.
     * No gradient.
     *
     * <pre>{@code
     * argmax(constant(new float[] {2, 20, 30, 3, 6}, 5), 0);   // 2
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axis the axis, negative from the end; it must not be empty
     * @return the indices, shape of {@code x} without {@code axis}
     */
    public static Tensor argmax(Tensor x, int axis) {
        return Sorting.argmax(x, axis);
    }

    /**
     * The index of the smallest element along {@code axis}, as INT64. A tie goes to the first index. NaN follows
     * TensorFlow's CPU kernel ({@code ArgMinPairReducer}, see {@link #argmax}): a NaN is never chosen, and when
     * nothing is strictly smaller than {@code MAX_VALUE} (all NaN, or only +inf and MAX_VALUE) the answer is 0;
     * NumPy would pick the first NaN. No gradient.
     *
     * <pre>{@code
     * argmin(constant(new float[] {2, 20, 30, 3, 6}, 5), 0);   // 0
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axis the axis, negative from the end; it must not be empty
     * @return the indices, shape of {@code x} without {@code axis}
     */
    public static Tensor argmin(Tensor x, int axis) {
        return Sorting.argmin(x, axis);
    }

    /**
     * The indices that sort {@code x} along {@code axis}, as INT32 (TensorFlow's {@code argsort}); the sort is
     * stable, so equal elements keep their order in either direction. NaN sorts above +inf. No gradient.
     *
     * <pre>{@code
     * argsort(constant(new float[] {1, 10, 26.9f, 2.8f, 166.32f, 62.3f}, 6), -1, false);   // [0 3 1 2 5 4]
     * }</pre>
     *
     * @param x          the input, numeric
     * @param axis       the axis, negative from the end
     * @param descending largest first
     * @return the permutation along {@code axis}, same shape
     */
    public static Tensor argsort(Tensor x, int axis, boolean descending) {
        return Sorting.argsort(x, axis, descending);
    }

    /**
     * {@code x} sorted along {@code axis} (stable). Gradient: each element's {@code g} goes back to where the
     * element came from (a gather by {@link #argsort}, scattered back).
     *
     * <pre>{@code
     * sort(constant(new float[] {3, 1, 2}, 3), -1, true);   // [3. 2. 1.]
     * }</pre>
     *
     * @param x          the input, numeric
     * @param axis       the axis, negative from the end
     * @param descending largest first
     * @return the sorted tensor
     */
    public static Tensor sort(Tensor x, int axis, boolean descending) {
        return Sorting.sort(x, axis, descending);
    }

    /**
     * The result of {@link #topK}: the {@code k} largest values along the last axis, largest first, and their
     * indices (INT32).
     *
     * @param values  differentiable: each gets the gradient of the element it came from
     * @param indices positions along the last axis of the input, no gradient
     */
    public record TopK(Tensor values, Tensor indices) {
    }

    /**
     * The {@code k} largest entries along the last axis and their indices, largest first; of equal values the
     * lower index comes first (TensorFlow's {@code top_k} with {@code sorted=True}). NaN counts as largest.
     * The values are a gather of {@code x} by the indices, so the gradient goes to the selected elements only.
     *
     * <pre>{@code
     * TopK t = topK(constant(new float[] {1, 3, 2, 3}, 4), 2);   // values [3. 3.], indices [1 3]
     * }</pre>
     *
     * @param x the input, numeric, rank >= 1
     * @param k how many, {@code 0 <= k <=} the last dimension
     * @return values and indices, shape {@code x.shape[:-1] + (k,)}
     * @throws IllegalArgumentException if k is out of range or x is a scalar
     */
    public static TopK topK(Tensor x, int k) {
        return Sorting.topK(x, k);
    }

    // ------------------------------------------------------------------------------------ indexing and movement

    /**
     * The rows of {@code params} picked by {@code indices} along axis 0; see {@link #gather(Tensor, Tensor, int)}.
     *
     * <pre>{@code
     * gather(constant(new float[] {10, 11, 12}, 3), constant(new int[] {2, 0}, 2));   // [12. 10.]
     * }</pre>
     *
     * @param params  the values, rank >= 1, any dtype
     * @param indices int32 or int64, each in {@code [0, params.dim(0))}
     * @return {@code indices.shape + params.shape[1:]}
     */
    public static Tensor gather(Tensor params, Tensor indices) {
        return gather(params, indices, 0);
    }

    /**
     * The slices of {@code params} along {@code axis} picked by {@code indices} (TensorFlow's {@code gather}):
     * {@code out[p.., i.., q..] = params[p.., indices[i..], q..]}, of shape
     * {@code params.shape[:axis] + indices.shape + params.shape[axis+1:]}. An index may repeat. Gradient for
     * params: {@code g} scattered back with {@link #unsortedSegmentSum}, so a repeated index adds up (a dense
     * tensor; TensorFlow returns the same numbers as IndexedSlices). Indices have no gradient.
     *
     * <pre>{@code
     * Tensor p = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * gather(p, constant(new int[] {2, 2}, 2), 1);   // [[3. 3.] [6. 6.]]
     * }</pre>
     *
     * @param params  the values, any dtype
     * @param indices int32 or int64, each in {@code [0, params.dim(axis))}
     * @param axis    the axis of params, negative from the end
     * @return the gathered slices
     * @throws IllegalArgumentException if an index is out of range (the message names it and its position)
     */
    public static Tensor gather(Tensor params, Tensor indices, int axis) {
        return Indexing.gather(params, indices, axis);
    }

    /**
     * A gather per batch element (TensorFlow's {@code gather} with {@code batch_dims}): the first
     * {@code batchDims} axes of {@code params} and {@code indices} are equal and walked together, and each
     * batch element's indices pick from its own slice of params along {@code axis}:
     * {@code out[b.., p.., i.., q..] = params[b.., p.., indices[b.., i..], q..]}, of shape
     * {@code params.shape[:axis] + indices.shape[batchDims:] + params.shape[axis+1:]}. A negative batchDims
     * counts from indices' rank; axis must be at least batchDims. With {@code batchDims = 0} it is
     * {@link #gather(Tensor, Tensor, int)}. Gradient for params: {@code g} scattered back, repeated indices adding
     * up; indices have none.
     *
     * <pre>{@code
     * Tensor logits = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * gather(logits, constant(new int[] {2, 0}, 2), 1, 1);   // [3. 4.]: row 0's element 2, row 1's element 0
     * }</pre>
     *
     * @param params    the values, any dtype, rank > batchDims
     * @param indices   int32 or int64, each in {@code [0, params.dim(axis))}
     * @param axis      the axis of params, negative from the end, {@code >= batchDims}
     * @param batchDims the number of leading batch axes, negative from indices' rank
     * @return the gathered slices
     * @throws IllegalArgumentException if an index is out of range, the batch dimensions differ, or axis or
     *                                  batchDims is out of range
     */
    public static Tensor gather(Tensor params, Tensor indices, int axis, int batchDims) {
        return Indexing.gather(params, indices, axis, batchDims);
    }

    /**
     * The elements or slices of {@code params} addressed by the last axis of {@code indices} (TensorFlow's
     * {@code gather_nd}): with {@code indices} of shape {@code (..., m)}, each row {@code [i0, .., i(m-1)]} picks
     * {@code params[i0, .., i(m-1)]}, an element if m is params' rank, else a slice. Result shape:
     * {@code indices.shape[:-1] + params.shape[m:]}. Composed as a gather on params with its first m axes
     * flattened, so the gradient is a scatter-add.
     *
     * <pre>{@code
     * Tensor p = constant(new float[] {1, 2, 3, 4}, 2, 2);
     * gatherNd(p, constant(new int[] {0, 0, 1, 1}, 2, 2));   // [1. 4.]
     * }</pre>
     *
     * @param params  the values
     * @param indices int32 or int64 of rank >= 1, last dimension in {@code [1, params.rank]}
     * @return the gathered elements or slices
     * @throws IllegalArgumentException if an index is out of bounds for params' shape
     */
    public static Tensor gatherNd(Tensor params, Tensor indices) {
        return Indexing.gatherNd(params, indices);
    }

    /**
     * The sum of the slices of {@code data} that share a segment id, for ids {@code 0 .. numSegments-1}
     * (TensorFlow's {@code unsorted_segment_sum}): {@code out[s, ...] = sum over i with ids[i] == s of
     * data[i, ...]}; empty segments are 0. {@code ids}' shape must be a prefix of {@code data}'s. It is the
     * transpose of {@link #gather}: gather's gradient. Gradient for data: a gather of {@code g} by the ids.
     *
     * <pre>{@code
     * unsortedSegmentSum(constant(new float[] {1, 2, 3}, 3), constant(new int[] {1, 0, 1}, 3), 2);   // [2. 4.]
     * }</pre>
     *
     * @param data        the values, numeric
     * @param segmentIds  int32 or int64, each in {@code [0, numSegments)} (TensorFlow drops negative ids;
     *                    gradtape rejects them)
     * @param numSegments the number of segments
     * @return {@code (numSegments,) + data.shape[ids.rank:]}
     * @throws IllegalArgumentException if an id is out of range or the shapes do not fit
     */
    public static Tensor unsortedSegmentSum(Tensor data, Tensor segmentIds, int numSegments) {
        return unsortedSegmentSum(data, segmentIds, numSegments, 0);
    }

    /**
     * The segment sum along {@code axis} (a generalization: TensorFlow's op is {@code axis = 0}): the axes
     * {@code axis .. axis + ids.rank - 1} of {@code data} must equal ids' shape and become one axis of
     * {@code numSegments}. It is gather's transpose: {@code gather(p, i, a)}'s gradient is
     * {@code unsortedSegmentSum(g, i, p.dim(a), a)}.
     *
     * <pre>{@code
     * unsortedSegmentSum(ones(DType.FLOAT32, 2, 3), constant(new int[] {0, 0, 1}, 3), 2, 1);   // [[2. 1.] [2. 1.]]
     * }</pre>
     *
     * @param data        the values, numeric
     * @param segmentIds  int32 or int64, each in {@code [0, numSegments)}
     * @param numSegments the number of segments
     * @param axis        where the ids' axes start in data, negative from the end
     * @return {@code data.shape[:axis] + (numSegments,) + data.shape[axis + ids.rank:]}
     */
    public static Tensor unsortedSegmentSum(Tensor data, Tensor segmentIds, int numSegments, int axis) {
        return Indexing.unsortedSegmentSum(data, segmentIds, numSegments, axis);
    }

    /**
     * A strided slice with Python's rules (TensorFlow's {@code strided_slice} without masks): along each of the
     * first {@code begin.length} axes, the elements {@code begin, begin + stride, ...} up to but excluding
     * {@code end}. Negative begin and end count from the end; out-of-range values are clamped; a negative
     * stride walks backwards. Axes past {@code begin.length} are taken whole. Composed of one {@link #slice} for
     * the unit-stride axes and a {@link #gather} for each other axis, so the gradient is a scatter into zeros.
     * TensorFlow's {@code shrink_axis_mask}, {@code new_axis_mask} and {@code ellipsis_mask} are not offered:
     * use {@link #squeeze} and {@link #expandDims} on the result.
     *
     * <pre>{@code
     * // t = [[[1,1,1],[2,2,2]], [[3,3,3],[4,4,4]], [[5,5,5],[6,6,6]]]
     * Tensor t = constant(new int[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6}, 3, 2, 3);
     * stridedSlice(t, new int[] {1, -1, 0}, new int[] {2, -3, 3}, new int[] {1, -1, 1});   // [[[4 4 4] [3 3 3]]]
     * }</pre>
     *
     * @param x       the input
     * @param begin   the first index per axis
     * @param end     the stop index per axis (exclusive)
     * @param strides the step per axis, not 0
     * @return the slice
     * @throws IllegalArgumentException if the arrays differ in length, are longer than the rank, or a stride is 0
     */
    public static Tensor stridedSlice(Tensor x, int[] begin, int[] end, int[] strides) {
        return stridedSlice(x, begin, end, strides, 0, 0);
    }

    /**
     * A strided slice with TensorFlow's {@code begin_mask} and {@code end_mask}: bit {@code d} set ignores
     * {@code begin[d]} (or {@code end[d]}) and starts (stops) at the outermost element in the stride's direction,
     * so {@code stridedSlice(v, {0}, {0}, {-1}, 1, 1)} reverses a vector, as Python's {@code v[::-1]}. See
     * {@link #stridedSlice(Tensor, int[], int[], int[])}.
     *
     * <pre>{@code
     * stridedSlice(constant(new float[] {1, 2, 3, 4}, 4), new int[] {0}, new int[] {0}, new int[] {-2}, 1, 1);   // [4. 2.]
     * }</pre>
     *
     * @param x         the input
     * @param begin     the first index per axis
     * @param end       the stop index per axis (exclusive)
     * @param strides   the step per axis, not 0
     * @param beginMask bit d: ignore begin[d]
     * @param endMask   bit d: ignore end[d]
     * @return the slice
     */
    public static Tensor stridedSlice(Tensor x, int[] begin, int[] end, int[] strides, int beginMask, int endMask) {
        return StridedSlice.stridedSlice(x, begin, end, strides, beginMask, endMask);
    }

    /** Python's slice-bound rule: a negative index counts from the end, then it is clamped to [lo, hi]. */
    /**
     * The tensors, all of one shape and dtype, stacked along a new axis: {@code n} tensors of shape {@code S}
     * give shape {@code S} with {@code n} inserted at {@code axis} (composed: expandDims and concat). Gradient:
     * each input gets its slice of {@code g}.
     *
     * <pre>{@code
     * stack(List.of(constant(new float[] {1, 4}, 2), constant(new float[] {2, 5}, 2)), 0);   // [[1. 4.] [2. 5.]]
     * }</pre>
     *
     * @param tensors at least one tensor
     * @param axis    the new axis, in {@code [-(rank+1), rank]}
     * @return the stacked tensor
     * @throws IllegalArgumentException if the shapes differ or the list is empty
     */
    public static Tensor stack(List<? extends Tensor> tensors, int axis) {
        return Movement.stack(tensors, axis);
    }

    /**
     * {@code x} cut along {@code axis} into its {@code x.dim(axis)} slices, that axis removed (TensorFlow's
     * {@code unstack}). Gradient: each slice's {@code g} goes back to its place.
     *
     * <pre>{@code
     * unstack(constant(new float[] {1, 2, 3, 4}, 2, 2), 1);   // [[1. 3.], [2. 4.]]
     * }</pre>
     *
     * @param x    the input, rank >= 1
     * @param axis the axis, negative from the end
     * @return an unmodifiable list of {@code x.dim(axis)} tensors
     */
    public static List<Tensor> unstack(Tensor x, int axis) {
        return Movement.unstack(x, axis);
    }

    /**
     * {@code x} cut along {@code axis} into {@code numSplits} equal parts (TensorFlow's {@code split} with an
     * integer). Gradient: each part's {@code g} goes back to its place.
     *
     * <pre>{@code
     * split(zeros(DType.FLOAT32, 5, 30), 3, 1);   // three (5, 10) tensors
     * }</pre>
     *
     * @param x         the input, rank >= 1
     * @param numSplits how many parts; must divide {@code x.dim(axis)}
     * @param axis      the axis, negative from the end
     * @return an unmodifiable list of the parts
     * @throws IllegalArgumentException if numSplits does not divide the dimension
     */
    public static List<Tensor> split(Tensor x, int numSplits, int axis) {
        return Movement.split(x, numSplits, axis);
    }

    /**
     * {@code x} cut along {@code axis} into parts of the given sizes; one size may be -1 and then takes the rest
     * (TensorFlow's {@code split} with a list).
     *
     * <pre>{@code
     * split(zeros(DType.FLOAT32, 5, 30), new int[] {4, 15, 11}, 1);   // (5, 4), (5, 15), (5, 11)
     * }</pre>
     *
     * @param x     the input, rank >= 1
     * @param sizes the part sizes, summing to {@code x.dim(axis)}
     * @param axis  the axis, negative from the end
     * @return an unmodifiable list of the parts
     * @throws IllegalArgumentException if the sizes do not add up
     */
    public static List<Tensor> split(Tensor x, int[] sizes, int axis) {
        return Movement.split(x, sizes, axis);
    }

    /**
     * {@code x} without the given size-1 axes, or without all its size-1 axes when none are given (a reshape).
     *
     * <pre>{@code
     * squeeze(zeros(DType.FLOAT32, 1, 2, 1, 3, 1, 1)).shape();   // (2, 3)
     * squeeze(zeros(DType.FLOAT32, 1, 2, 1, 3, 1, 1), 2, 4).shape();   // (1, 2, 3, 1)
     * }</pre>
     *
     * @param x    the input
     * @param axes axes of size 1, negative from the end; a repeat is allowed, as TensorFlow's SqueezeOp treats
     *             them as a set; none means all size-1 axes
     * @return the squeezed tensor
     * @throws IllegalArgumentException if a named axis does not have size 1
     */
    public static Tensor squeeze(Tensor x, int... axes) {
        return Movement.squeeze(x, axes);
    }

    /**
     * {@code x} with a size-1 axis inserted at {@code axis} (a reshape); {@code -1} appends one.
     *
     * <pre>{@code
     * expandDims(zeros(DType.FLOAT32, 2, 3), 0).shape();    // (1, 2, 3)
     * expandDims(zeros(DType.FLOAT32, 2, 3), -1).shape();   // (2, 3, 1)
     * }</pre>
     *
     * @param x    the input
     * @param axis the new axis's position, in {@code [-(rank+1), rank]}
     * @return the reshaped tensor
     */
    public static Tensor expandDims(Tensor x, int axis) {
        return Movement.expandDims(x, axis);
    }

    /**
     * {@code x} repeated {@code multiples[d]} times along each axis (TensorFlow's {@code tile}): shape
     * {@code (d0 m0, d1 m1, ...)}. Composed as reshape to {@code (1, d0, 1, d1, ...)}, broadcast to
     * {@code (m0, d0, m1, d1, ...)} and reshape, so the gradient sums the copies.
     *
     * <pre>{@code
     * tile(constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), 1, 2);   // [[1 2 3 1 2 3] [4 5 6 4 5 6]]
     * }</pre>
     *
     * @param x         the input
     * @param multiples one count {@code >= 0} per axis
     * @return the tiled tensor
     */
    public static Tensor tile(Tensor x, int... multiples) {
        return Movement.tile(x, multiples);
    }

    /**
     * {@code x} with the order of elements reversed along each of {@code axes} (TensorFlow's {@code reverse}).
     * Composed of one gather per axis. Gradient: {@code g} reversed the same way.
     *
     * <pre>{@code
     * reverse(constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), 1);   // [[3. 2. 1.] [6. 5. 4.]]
     * }</pre>
     *
     * @param x    the input
     * @param axes distinct axes, negative from the end
     * @return the reversed tensor
     */
    public static Tensor reverse(Tensor x, int... axes) {
        return Movement.reverse(x, axes);
    }

    /**
     * {@code x} with its elements moved {@code shift} places along {@code axis}, wrapping around (TensorFlow's
     * {@code tf.roll}): output {@code i} is input {@code (i - shift) mod n}, so {@code [1, 2, 3, 4, 5]} rolled by 2
     * gives {@code [4, 5, 1, 2, 3]} and by -1 {@code [2, 3, 4, 5, 1]}. Any dtype. Gradient: {@code g} rolled
     * back.
     *
     * <pre>{@code
     * roll(constant(new float[] {1, 2, 3, 4, 5}, 5), 2, 0);   // [4. 5. 1. 2. 3.]
     * }</pre>
     *
     * @param x     the input, rank >= 1
     * @param shift places to move, negative toward the start; any size (taken modulo the dimension)
     * @param axis  the axis, negative from the end
     * @return the rolled tensor, same shape
     */
    public static Tensor roll(Tensor x, int shift, int axis) {
        return Movement.roll(x, new int[] {shift}, new int[] {axis});
    }

    /**
     * {@code x} rolled along several axes at once (TensorFlow's {@code tf.roll} with lists): {@code shifts[i]}
     * places along {@code axes[i]}; the shifts of a repeated axis add up, as TensorFlow's kernel sums them.
     *
     * <pre>{@code
     * Tensor m = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * roll(m, new int[] {1, -1}, new int[] {0, 1});   // [[5. 6. 4.] [2. 3. 1.]]
     * }</pre>
     *
     * @param x      the input
     * @param shifts places to move along each listed axis
     * @param axes   the axes, negative from the end, repeats allowed; as many as shifts
     * @return the rolled tensor, same shape
     * @throws IllegalArgumentException if the lengths differ or an axis is out of range
     */
    public static Tensor roll(Tensor x, int[] shifts, int[] axes) {
        return Movement.roll(x, shifts, axes);
    }

    /**
     * A bool mask of the first {@code lengths[i]} positions of each row (TensorFlow's {@code tf.sequence_mask}):
     * shape {@code lengths.shape + (maxlen,)}, {@code mask[..., j] = j < lengths[...]}. A length of 0 or below
     * gives an all-false row, a length past maxlen an all-true one. Cast the result for a float mask.
     *
     * <pre>{@code
     * sequenceMask(constant(new int[] {1, 3, 0}, 3), 4);
     * // [[true false false false] [true true true false] [false false false false]]
     * }</pre>
     *
     * @param lengths int32 or int64, any shape
     * @param maxlen  the mask's last dimension, {@code >= 0}
     * @return a BOOL tensor one rank above {@code lengths}
     * @throws IllegalArgumentException if lengths is not an integer tensor or maxlen is negative
     */
    public static Tensor sequenceMask(Tensor lengths, int maxlen) {
        return Movement.sequenceMask(lengths, maxlen);
    }

    /**
     * {@link #sequenceMask(Tensor, int)} with {@code maxlen} the largest length (0 when there are none or all
     * are negative), as TensorFlow's default.
     *
     * <pre>{@code
     * sequenceMask(constant(new int[] {1, 2}, 2));   // [[true false] [true true]]
     * }</pre>
     *
     * @param lengths int32 or int64, any shape
     * @return a BOOL tensor one rank above {@code lengths}
     * @throws IllegalArgumentException if lengths is not an integer tensor
     */
    public static Tensor sequenceMask(Tensor lengths) {
        return Movement.sequenceMask(lengths);
    }

    /**
     * A float32 one-hot encoding (TensorFlow's {@code one_hot} with defaults): shape
     * {@code indices.shape + (depth,)}, 1 where the last index equals the value, else 0. An index outside
     * {@code [0, depth)} gives a row of zeros, as TensorFlow. No gradient.
     *
     * <pre>{@code
     * oneHot(constant(new int[] {0, 2, -1}, 3), 3);   // [[1 0 0] [0 0 1] [0 0 0]]
     * }</pre>
     *
     * @param indices int32 or int64
     * @param depth   the number of classes, {@code >= 0}
     * @return float32, one rank more than indices
     */
    public static Tensor oneHot(Tensor indices, int depth) {
        return Indexing.oneHot(indices, depth);
    }

    /**
     * A one-hot encoding with TensorFlow's {@code tf.one_hot} options: {@code onValue} where the index equals the
     * position along the new axis, {@code offValue} elsewhere (an index outside {@code [0, depth)}, negative ones
     * included, gives a row of {@code offValue}), in {@code dtype}; the new axis of size {@code depth} goes last for
     * {@code axis = -1}, else at {@code axis} in {@code [0, rank]}. Label smoothing over 4 classes is
     * {@code oneHot(labels, 4, 0.925, 0.025, -1, DType.FLOAT32)}. No gradient.
     *
     * <pre>{@code
     * oneHot(constant(new int[] {0, 2, -1}, 3), 3, 5, -1, -1, DType.FLOAT32);
     * // [[5 -1 -1] [-1 -1 5] [-1 -1 -1]]
     * oneHot(constant(new int[] {0, 2}, 2), 3, 1, 0, 0, DType.INT32);   // [[1 0] [0 0] [0 1]], shape (3, 2)
     * }</pre>
     *
     * @param indices  int32 or int64
     * @param depth    the number of classes, {@code >= 0}
     * @param onValue  the value at the index
     * @param offValue the value elsewhere
     * @param axis     -1, or the new axis's position in {@code [0, rank]}
     * @param dtype    the result's dtype; BOOL takes 0 or 1
     * @return one rank more than indices
     * @throws IllegalArgumentException for a negative depth, an axis out of range, or a value the dtype cannot hold
     *                                  (a fraction for an integer dtype, a finite value past float32's range)
     */
    public static Tensor oneHot(Tensor indices, int depth, double onValue, double offValue, int axis, DType dtype) {
        return Indexing.oneHot(indices, depth, onValue, offValue, axis, dtype);
    }

    // ------------------------------------------------------------------------------------ einsum

    /**
     * Einstein summation over one operand (TensorFlow's {@code einsum} with one input): {@code "ij->ji"}
     * transposes, {@code "ij->j"} sums over i, {@code "ij->"} sums all; a label repeated in the input takes the
     * diagonal ({@code "ii->i"}; {@code "ii->"} or {@code "ii"} is the trace); an ellipsis stands for any number of
     * axes ({@code "...ij->...ji"}, and {@code "...ij->..."} sums the last two). Without {@code ->} the output is
     * the ellipsis' axes, then the labels that occur once, alphabetically (uppercase first), as TensorFlow and
     * NumPy. Labels are letters; an output label may not repeat, and an ellipsis in the input needs one in an
     * explicit output (TensorFlow raises too). Composed of gather (diagonals), reduceSum and transpose; any dtype
     * when nothing is summed, numeric otherwise.
     *
     * <pre>{@code
     * Tensor m = constant(new double[][] {{1, 2}, {3, 4}});
     * einsum("ij->ji", m).shape();   // (2, 2): the transpose of m
     * einsum("ii->i", m);            // [1. 4.]
     * einsum("ii", m);               // 5.0
     * }</pre>
     *
     * @param equation labels of the input, {@code ->}, labels of the output
     * @param a        the operand
     * @return the result
     * @throws IllegalArgumentException for an equation that does not fit the operand (the message names the
     *                                  equation and the shape) or is not supported
     */
    public static Tensor einsum(String equation, Tensor a) {
        return Einsum.einsum(equation, a);
    }

    /**
     * Einstein summation over two operands (TensorFlow's {@code einsum}) for the common forms:
     * {@code "ij,jk->ik"} (matmul), {@code "bij,bjk->bik"} (batched matmul), {@code "i,j->ij"} (outer product),
     * {@code "i,i->"} (dot product), {@code "ij,ij->i"} (row-wise dot), any relabeling or transposition of
     * these, and labels that appear in one operand only (summed first). A label repeated within an operand takes
     * that operand's diagonal first ({@code "ii,i->i"}). An ellipsis stands for the leading (or any run of) axes
     * of each operand; they broadcast as matmul's batch axes, right-aligned, size 1 against n
     * ({@code "...ij,...jk->...ik"} with shapes {@code (5, 1, 2, 3)} and {@code (4, 3, 6)} gives {@code (5, 4, 2,
     * 6)}). Labels (letters) must have one size everywhere. Without {@code ->} the output is the ellipsis' axes,
     * then the labels that appear once, in alphabetical order (uppercase first). An output label may not repeat,
     * and an ellipsis in an input needs one in an explicit output (TensorFlow raises too). Composed of gather,
     * reduceSum, transpose, reshape, broadcastTo and one batched {@link #matmul}: labels in both operands and the
     * output are the batch, in both operands only are contracted, in one operand and the output are the rows
     * (columns) of the product. Floating only.
     *
     * <pre>{@code
     * Tensor a = ones(DType.FLOAT32, 2, 3), b = ones(DType.FLOAT32, 3, 4);
     * Tensor u = constant(new float[] {1, 2}, 2), v = constant(new float[] {3, 4, 5}, 3);
     * einsum("ij,jk->ik", a, b).shape();   // (2, 4): matmul(a, b)
     * einsum("i,j->ij", u, v).shape();     // (2, 3): outer product
     * }</pre>
     *
     * @param equation for example {@code "ij,jk->ik"}
     * @param a        the first operand
     * @param b        the second operand, same dtype
     * @return the result
     * @throws IllegalArgumentException for a malformed or unsupported equation, or sizes that disagree
     */
    public static Tensor einsum(String equation, Tensor a, Tensor b) {
        return Einsum.einsum(equation, a, b);
    }

    /** A parsed einsum equation: one label string per operand and the output's. */
    // ------------------------------------------------------------------------------------ custom gradients

    /**
     * Calls {@code f(x)} and gives its result the derivative rule that {@code f} returns (TensorFlow's
     * {@code tf.custom_gradient}). Ops run inside {@code f} are recorded as usual, but the result is connected to
     * {@code x} only through the rule. A rule that returns other than one gradient is an
     * {@link IllegalArgumentException} when the gradient is taken.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {-2, 0.5f}, 2);
     * // straight-through: clip forward, pass the gradient unchanged
     * Tensor y = customGradient(x, v -> CustomGradient.of(clipByValue(v, -1, 1), dy -> dy));   // [-1. 0.5]
     * }</pre>
     *
     * @param x the input
     * @param f the forward function returning value and rule
     * @return the value, differentiable through the rule
     */
    public static Tensor customGradient(Tensor x, java.util.function.Function<Tensor, CustomGradient> f) {
        Objects.requireNonNull(x, "customGradient: x is null");
        Objects.requireNonNull(f, "customGradient: f is null");
        return customGradient(List.of(x), xs -> f.apply(xs.get(0)));
    }

    /**
     * The several-input form of {@link #customGradient(Tensor, java.util.function.Function)}: the rule returns one
     * gradient per input, in order. A trainable variable that {@code f} reads must be one of the inputs, as in
     * TensorFlow, or this throws {@link IllegalArgumentException}: the rule could not give its gradient.
     *
     * <pre>{@code
     * Tensor a = constant(2f), b = constant(3f);
     * customGradient(List.of(a, b), v -> CustomGradient.ofMany(v.get(0).mul(v.get(1)),
     *     dy -> List.of(dy.mul(v.get(1)), dy.mul(v.get(0)))));   // 6.0
     * }</pre>
     *
     * @param xs the inputs
     * @param f  the forward function returning value and rule
     * @return the value, differentiable through the rule
     */
    public static Tensor customGradient(List<? extends Tensor> xs, java.util.function.Function<List<Tensor>, CustomGradient> f) {
        Objects.requireNonNull(xs, "customGradient: xs is null");
        Objects.requireNonNull(f, "customGradient: f is null");
        Tensor[] in = new Tensor[xs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = Objects.requireNonNull(xs.get(i), "customGradient: input " + i + " is null");
        }
        // TensorFlow's VariableWatcher: a trainable variable f reads but was not given would get no gradient
        List<Variable> read = new java.util.ArrayList<>();
        CustomGradient cg = Objects.requireNonNull(
                io.gradtape.internal.autodiff.TapeStack.watchingVariables(() -> f.apply(List.of(in)), read),
                "customGradient: f returned null");
        read.removeIf(v -> Arrays.asList(in).contains(v));
        if (!read.isEmpty()) {
            throw new IllegalArgumentException("customGradient: f reads " + read.size() + " trainable variable(s) that "
                    + "are not among its inputs (first: " + read.get(0) + "), so its rule cannot give their gradients "
                    + "and they would silently get none (TensorFlow raises here too). Pass them as inputs, "
                    + "customGradient(List.of(x, w), xs -> ...), and return one gradient per input from the rule.");
        }
        return Dispatch.apply(Primitive.CUSTOM, new Params.Custom(cg.value(), cg.rule()), in);
    }

    // ==================================================================================== issue 13: arrays, reductions
    // The array conveniences NumPy users reach for, and the reductions that were missing. Each differentiable one is
    // composed of primitives (its gradient follows from theirs); the algorithms live in internal.ops.ArrayOps and
    // internal.ops.NestedArrays.

    /**
     * A tensor from a rectangular nested Java array of any depth: {@code float[]..} gives float32, {@code double[]..}
     * float64, {@code int[]..} int32, {@code long[]..} int64, {@code boolean[]..} bool; the shape is the nesting's.
     * The values are copied. (A flat array with no shape also lands here and gives a vector.) Below an empty level
     * there are no rows to measure, so the deeper sizes are 0: {@code new float[3][0][2]} (Java allocates no inner
     * rows for it) gives shape {@code (3, 0, 0)}, where NumPy's {@code np.zeros((3, 0, 2))} keeps the 2; both hold
     * no elements, and {@link #reshape} restores the shape.
     *
     * <pre>{@code
     * Tensor t = constant(new float[][][] {{{1, 2}, {3, 4}}});   // shape (1, 2, 2), float32
     * }</pre>
     *
     * @param nested the array
     * @return the tensor
     * @throws IllegalArgumentException if the array is ragged or its elements are not float, double, int, long or
     *                                  boolean
     */
    public static Tensor constant(Object nested) {
        return ArrayOps.fromNested(nested);
    }

    /**
     * A float32 matrix from rows (copied).
     *
     * <pre>{@code
     * Tensor m = constant(new float[][] {{1, 2, 3}, {4, 5, 6}});   // shape (2, 3)
     * }</pre>
     *
     * @param rows equal-length rows
     * @return the tensor
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Tensor constant(float[][] rows) {
        return constant((Object) rows);
    }

    /**
     * A float64 matrix from rows (copied).
     *
     * <pre>{@code
     * Tensor m = constant(new double[][] {{2, 1}, {1, 2}});   // shape (2, 2), float64
     * }</pre>
     *
     * @param rows equal-length rows
     * @return the tensor
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Tensor constant(double[][] rows) {
        return constant((Object) rows);
    }

    /**
     * An int32 matrix from rows (copied).
     *
     * <pre>{@code
     * Tensor m = constant(new int[][] {{0, 1}, {1, 0}});   // shape (2, 2), int32
     * }</pre>
     *
     * @param rows equal-length rows
     * @return the tensor
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Tensor constant(int[][] rows) {
        return constant((Object) rows);
    }

    /**
     * {@code 0, 1, ..., limit - 1} as int32 (TensorFlow's {@code tf.range(5)} is int32).
     *
     * <pre>{@code
     * range(5);   // [0 1 2 3 4], int32
     * }</pre>
     *
     * @param limit the end, exclusive; 0 gives an empty vector
     * @return the vector
     * @throws IllegalArgumentException if {@code limit} is negative (TensorFlow: {@code "Requires start <= limit when
     *                                  delta > 0"})
     */
    public static Tensor range(int limit) {
        return range(0, limit, 1);
    }

    /**
     * {@code start, start + delta, ...} up to but excluding {@code limit}, as int32 (TensorFlow's
     * {@code tf.range(start, limit, delta)} with int arguments).
     *
     * <pre>{@code
     * range(10, 0, -3);   // [10 7 4 1]
     * }</pre>
     *
     * @param start the first value
     * @param limit the end, exclusive; not before {@code start} in the step's direction
     * @param delta the step, not 0
     * @return the vector, {@code (|limit - start| + |delta| - 1) / |delta|} long; empty when {@code limit == start}
     * @throws IllegalArgumentException if {@code delta} is 0, or {@code limit} is before {@code start} in the step's
     *                                  direction (TensorFlow's Range kernel raises {@code "Requires start <= limit when
     *                                  delta > 0"} and its mirror rather than returning an empty vector, unlike
     *                                  Python's range)
     */
    public static Tensor range(int start, int limit, int delta) {
        return ArrayOps.range(start, limit, delta);
    }

    /**
     * {@code tf.range(start, limit, delta, dtype)}: the arguments are first converted to the dtype, then TensorFlow's
     * Range kernel (sequence_ops.cc) runs in that type. For float32 and float64 the length is
     * {@code ceil(|(limit - start) / delta|)} and the values accumulate {@code val += delta}, both computed in the
     * dtype, so float32 matches TensorFlow bit for bit ({@code range(1.0, 1.3, 0.1, FLOAT32)} has 3 elements, as
     * {@code 1.3f - 1.0f} over {@code 0.1f} is just under 3). For int32 and int64 every argument must be an integer
     * value (TensorFlow refuses to convert a Python float to an int tensor, with a TypeError; it never rounds), and
     * the length is {@code (|limit - start| + |delta| - 1) / |delta|}.
     *
     * <pre>{@code
     * range(0.0, 1.0, 0.25, DType.FLOAT32);   // [0. 0.25 0.5 0.75]
     * }</pre>
     *
     * @param start the first value
     * @param limit the end, exclusive; not before {@code start} in the step's direction
     * @param delta the step, not 0 (after conversion to the dtype: a float32 delta that rounds to 0 is 0)
     * @param dtype the result's dtype (not bool)
     * @return the vector
     * @throws IllegalArgumentException if {@code delta} is 0, {@code limit} is before {@code start} in the step's
     *                                  direction (as TensorFlow: {@code "Requires start <= limit when delta > 0"} and
     *                                  its mirror), a value is not finite, an integer dtype gets a non-integral or
     *                                  out-of-range value, or the dtype is bool
     */
    public static Tensor range(double start, double limit, double delta, DType dtype) {
        return ArrayOps.range(start, limit, delta, dtype);
    }

    /**
     * {@code num} evenly spaced values from {@code start} to {@code stop}, both included (TensorFlow's
     * {@code tf.linspace}), as float32, computed as {@link #linspace(double, double, int, DType)} describes. The
     * last value is exactly {@code stop}.
     *
     * <pre>{@code
     * linspace(0, 1, 5);   // [0. 0.25 0.5 0.75 1.]
     * }</pre>
     *
     * @param start the first value
     * @param stop  the last value
     * @param num   the count, at least 0 (0 gives an empty vector, as TensorFlow)
     * @return the float32 vector
     * @throws IllegalArgumentException if {@code num < 0}
     */
    public static Tensor linspace(double start, double stop, int num) {
        return linspace(start, stop, num, DType.FLOAT32);
    }

    /**
     * {@code num} evenly spaced values from {@code start} to {@code stop} of a floating dtype, as TensorFlow 2's
     * {@code tf.linspace} ({@code linspace_nd} in math_ops.py) computes them: start and stop are converted to the
     * dtype, {@code delta = (stop - start) / max(num - 1, 1)}, and element {@code i} of {@code 1 .. num - 2} is
     * {@code start + delta * i}, a multiply and an add each rounded to the dtype (so float32 values are float32
     * arithmetic, not rounded double); the first element is start and the last exactly stop. {@code num} 0 gives
     * an empty vector and 1 gives {@code [start]}.
     *
     * <pre>{@code
     * linspace(-1, 1, 3, DType.FLOAT64);   // [-1. 0. 1.]
     * }</pre>
     *
     * @param start the first value
     * @param stop  the last value
     * @param num   the count, at least 0
     * @param dtype float32 or float64
     * @return the vector
     * @throws IllegalArgumentException if {@code num < 0} (TensorFlow's own check fails there) or the dtype is not
     *                                  floating
     */
    public static Tensor linspace(double start, double stop, int num, DType dtype) {
        return ArrayOps.linspace(start, stop, num, dtype);
    }

    /**
     * The {@code n x n} identity matrix.
     *
     * <pre>{@code
     * eye(3, DType.FLOAT32);   // [[1 0 0] [0 1 0] [0 0 1]]
     * }</pre>
     *
     * @param n     the size
     * @param dtype the dtype (bool gives true on the diagonal)
     * @return the matrix
     * @throws IllegalArgumentException if {@code n} is negative or {@code n * n} exceeds 2^31-1
     */
    public static Tensor eye(int n, DType dtype) {
        return eye(n, n, dtype);
    }

    /**
     * The {@code rows x cols} matrix with ones on the main diagonal (TensorFlow's {@code tf.eye(num_rows,
     * num_columns)}).
     *
     * <pre>{@code
     * eye(2, 3, DType.FLOAT64);   // [[1 0 0] [0 1 0]]
     * }</pre>
     *
     * @param rows  the number of rows
     * @param cols  the number of columns
     * @param dtype the dtype
     * @return the matrix
     * @throws IllegalArgumentException if a size is negative or {@code rows * cols} exceeds 2^31-1 (the message
     *                                  names {@code eye} and the shape)
     */
    public static Tensor eye(int rows, int cols, DType dtype) {
        return ArrayOps.eye(rows, cols, dtype);
    }

    /**
     * A tensor of {@code dims} whose every element is the scalar {@code value} (TensorFlow's {@code tf.fill}). It is
     * {@code broadcastTo(value, dims)}, so the gradient for {@code value} is the sum of {@code g}.
     *
     * <pre>{@code
     * fill(new int[] {2, 3}, constant(7f));   // [[7 7 7] [7 7 7]]
     * }</pre>
     *
     * @param dims  the shape
     * @param value a scalar (rank 0) of any dtype
     * @return the tensor
     * @throws IllegalArgumentException if {@code value} is not a scalar
     */
    public static Tensor fill(int[] dims, Tensor value) {
        return ArrayOps.fill(dims, value);
    }

    /**
     * Coordinate grids from 1-D vectors (TensorFlow's {@code tf.meshgrid}, indexing {@code "xy"}): for two inputs of
     * lengths {@code m} and {@code n} the outputs have shape {@code (n, m)}. Each output is a reshape and a broadcast
     * of its input, so gradients flow back (summed over the repeats).
     *
     * <pre>{@code
     * List<Tensor> g = meshgrid(range(3), range(2));   // g.get(0) = [[0 1 2] [0 1 2]], g.get(1) = [[0 0 0] [1 1 1]]
     * }</pre>
     *
     * @param xs 1-D tensors
     * @return one grid per input
     */
    public static List<Tensor> meshgrid(Tensor... xs) {
        return meshgrid(Arrays.asList(xs), "xy");
    }

    /**
     * Coordinate grids with the given indexing: {@code "xy"} (Cartesian: the first two output axes swapped, as
     * NumPy's default) or {@code "ij"} (matrix: output axis {@code i} runs along input {@code i}).
     *
     * <pre>{@code
     * meshgrid(List.of(range(3), range(2)), "ij").get(0).shape();   // (3, 2)
     * }</pre>
     *
     * @param xs       1-D tensors
     * @param indexing {@code "xy"} or {@code "ij"}
     * @return one grid per input
     * @throws IllegalArgumentException if an input is not 1-D or the indexing is neither
     */
    public static List<Tensor> meshgrid(List<? extends Tensor> xs, String indexing) {
        return ArrayOps.meshgrid(xs, indexing);
    }

    /**
     * The lower triangle of the last two axes: elements with {@code col - row <= k} are kept, the rest become 0
     * (NumPy's {@code tril}; TensorFlow's {@code band_part(x, -1, k)} for {@code k >= 0}). Batched over leading axes;
     * the gradient is {@code g} masked the same way.
     *
     * <pre>{@code
     * tril(constant(new float[][] {{1, 2}, {3, 4}}), 0);   // [[1 0] [3 4]]
     * }</pre>
     *
     * @param x a tensor of rank >= 2
     * @param k the diagonal: 0 the main one, positive above, negative below
     * @return the masked tensor
     * @throws IllegalArgumentException if the rank is below 2
     */
    public static Tensor tril(Tensor x, int k) {
        return ArrayOps.triangle("tril", x, k, true);
    }

    /**
     * The upper triangle of the last two axes: elements with {@code col - row >= k} are kept (NumPy's {@code triu});
     * see {@link #tril}.
     *
     * <pre>{@code
     * triu(constant(new float[][] {{1, 2}, {3, 4}}), 1);   // [[0 2] [0 0]]
     * }</pre>
     *
     * @param x a tensor of rank >= 2
     * @param k the diagonal: 0 the main one, positive above, negative below
     * @return the masked tensor
     */
    public static Tensor triu(Tensor x, int k) {
        return ArrayOps.triangle("triu", x, k, false);
    }

    /**
     * The product over every axis, a scalar; see {@link #reduceProd(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceProd(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceProd(Tensor x) {
        return reduceProd(x, false);
    }

    /**
     * The product over {@code axes} (at least one: {@code reduceProd(x)} reduces every axis), which are removed; 1
     * over an empty axis; infinities multiply as
     * IEEE ({@code [inf, 2]} gives inf, {@code [inf, 0]} NaN, as TensorFlow). Gradient: TensorFlow's, exact where
     * {@code x} has zeros: the product of the other elements, from exclusive cumulative products from both ends
     * (no division by {@code x}), so {@code [inf, 2]} gets {@code [2, inf]}. Composed of {@link #cumprod}, whose
     * gradient is itself a scan, so every order is exact where {@code x} has zeros; where it has infinities, a
     * second derivative can meet {@code 0 * inf} and give NaN (as TensorFlow's does).
     *
     * <pre>{@code
     * reduceProd(constant(new float[] {1, 2, 3, 4}, 2, 2), 1);   // [2. 12.]
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end, at least one
     * @return the product
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceProd(Tensor x, int... axes) {
        return reduceProd(x, false, nonEmpty("reduceProd", axes));
    }

    /**
     * The product over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceProd(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceProd(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceProd(Tensor x, boolean keepDims) {
        return ArrayOps.reduceProd(x, keepDims, ALL_AXES);
    }

    /**
     * The product over {@code axes} (at least one: {@code reduceProd(x)} reduces every axis), kept as size 1 when
     * {@code keepDims}; see {@link #reduceProd(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceProd(constant(new float[] {1, 2, 3, 4}, 2, 2), true, 0);   // [[3. 8.]]
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the product
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceProd(Tensor x, boolean keepDims, int... axes) {
        return ArrayOps.reduceProd(x, keepDims, nonEmpty("reduceProd", axes));
    }

    /**
     * The logical and over every axis, a scalar; see {@link #reduceAll(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceAll(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceAll(Tensor x) {
        return reduceAll(x, false);
    }

    /**
     * Whether every element over {@code axes} (at least one: {@code reduceAll(x)} reduces every axis) is true; true
     * over an empty axis (TensorFlow's
     * {@code reduce_all}). Not differentiable.
     *
     * <pre>{@code
     * reduceAll(constant(new boolean[][] {{true, false}, {true, true}}), 1);   // [false true]
     * }</pre>
     *
     * @param x    a bool tensor
     * @param axes distinct axes, negative from the end, at least one
     * @return a bool tensor
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     * @throws IllegalArgumentException if {@code x} is not bool
     */
    public static Tensor reduceAll(Tensor x, int... axes) {
        return ArrayOps.reduceLogical("reduceAll", x, false, nonEmpty("reduceAll", axes));
    }

    /**
     * The logical and over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceAll(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceAll(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceAll(Tensor x, boolean keepDims) {
        return ArrayOps.reduceLogical("reduceAll", x, keepDims, ALL_AXES);
    }

    /**
     * {@link #reduceAll(Tensor, int...)} keeping the reduced axes as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceAll(constant(new boolean[] {true, true}), true);   // [true]
     * }</pre>
     *
     * @param x        a bool tensor
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return a bool tensor
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceAll(Tensor x, boolean keepDims, int... axes) {
        return ArrayOps.reduceLogical("reduceAll", x, keepDims, nonEmpty("reduceAll", axes));
    }

    /**
     * The logical or over every axis, a scalar; see {@link #reduceAny(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceAny(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceAny(Tensor x) {
        return reduceAny(x, false);
    }

    /**
     * Whether any element over {@code axes} (at least one: {@code reduceAny(x)} reduces every axis) is true; false
     * over an empty axis (TensorFlow's
     * {@code reduce_any}). Not differentiable.
     *
     * <pre>{@code
     * reduceAny(constant(new boolean[][] {{true, false}, {false, false}}), 1);   // [true false]
     * }</pre>
     *
     * @param x    a bool tensor
     * @param axes distinct axes, negative from the end, at least one
     * @return a bool tensor
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     * @throws IllegalArgumentException if {@code x} is not bool
     */
    public static Tensor reduceAny(Tensor x, int... axes) {
        return ArrayOps.reduceLogical("reduceAny", x, false, nonEmpty("reduceAny", axes));
    }

    /**
     * The logical or over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceAny(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceAny(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceAny(Tensor x, boolean keepDims) {
        return ArrayOps.reduceLogical("reduceAny", x, keepDims, ALL_AXES);
    }

    /**
     * {@link #reduceAny(Tensor, int...)} keeping the reduced axes as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceAny(constant(new boolean[] {false, true}), true);   // [true]
     * }</pre>
     *
     * @param x        a bool tensor
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return a bool tensor
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceAny(Tensor x, boolean keepDims, int... axes) {
        return ArrayOps.reduceLogical("reduceAny", x, keepDims, nonEmpty("reduceAny", axes));
    }

    /**
     * The variance over every axis, a scalar; see {@link #reduceVariance(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceVariance(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceVariance(Tensor x) {
        return reduceVariance(x, false);
    }

    /**
     * The population variance over {@code axes} (at least one: {@code reduceVariance(x)} reduces every axis), which
     * are removed: the mean of
     * {@code (x - mean(x))^2} (TensorFlow's {@code reduce_variance}, NumPy's {@code var} with {@code ddof = 0}).
     * Differentiable to any order (composed of mean, subtract, square).
     *
     * <pre>{@code
     * reduceVariance(constant(new float[] {1, 2, 3, 4}, 4));   // 1.25
     * }</pre>
     *
     * @param x    a floating tensor
     * @param axes distinct axes, negative from the end, at least one
     * @return the variance
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     * @throws IllegalArgumentException if {@code x} is not floating
     */
    public static Tensor reduceVariance(Tensor x, int... axes) {
        return reduceVariance(x, false, nonEmpty("reduceVariance", axes));
    }

    /**
     * The variance over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceVariance(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceVariance(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceVariance(Tensor x, boolean keepDims) {
        return ArrayOps.reduceVariance(x, keepDims, ALL_AXES);
    }

    /**
     * The variance over {@code axes}, kept as size 1 when {@code keepDims}; see {@link #reduceVariance(Tensor,
     * int...)}.
     *
     * <pre>{@code
     * reduceVariance(constant(new double[][] {{1, 3}, {2, 2}}), true, 1);   // [[1.] [0.]]
     * }</pre>
     *
     * @param x        a floating tensor
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the variance
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceVariance(Tensor x, boolean keepDims, int... axes) {
        return ArrayOps.reduceVariance(x, keepDims, nonEmpty("reduceVariance", axes));
    }

    /**
     * The standard deviation over every axis, a scalar; see {@link #reduceStd(Tensor, int...)}.
     *
     * <pre>{@code
     * reduceStd(ones(DType.FLOAT32, 2, 3)).shape();   // ()
     * }</pre>
     *
     * @param x the input
     * @return the result
     */
    public static Tensor reduceStd(Tensor x) {
        return reduceStd(x, false);
    }

    /**
     * The population standard deviation over {@code axes}: {@code sqrt(reduceVariance)}. Its gradient is infinite
     * (NaN after the chain rule) where the variance is 0, as TensorFlow's.
     *
     * <pre>{@code
     * reduceStd(constant(new float[] {1, 3}, 2));   // 1.0
     * }</pre>
     *
     * @param x    a floating tensor
     * @param axes distinct axes, negative from the end, at least one
     * @return the standard deviation
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceStd(Tensor x, int... axes) {
        return sqrt(reduceVariance(x, false, nonEmpty("reduceStd", axes)));
    }

    /**
     * The standard deviation over every axis, kept as size 1 when {@code keepDims}; see
     * {@link #reduceStd(Tensor, boolean, int...)}.
     *
     * <pre>{@code
     * reduceStd(ones(DType.FLOAT32, 2, 3), true).shape();   // (1, 1)
     * }</pre>
     *
     * @param x        the input
     * @param keepDims keep the reduced axes as size 1
     * @return the result
     */
    public static Tensor reduceStd(Tensor x, boolean keepDims) {
        return sqrt(reduceVariance(x, keepDims));
    }

    /**
     * The standard deviation over {@code axes}, kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceStd(constant(new float[] {1, 3}, 2), true);   // [1.]
     * }</pre>
     *
     * @param x        a floating tensor
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the standard deviation
     * @throws IllegalArgumentException if {@code axes} is empty (TensorFlow's {@code axis=[]} reduces no
     *         axis; gradtape refuses it rather than reduce every axis)
     */
    public static Tensor reduceStd(Tensor x, boolean keepDims, int... axes) {
        return sqrt(reduceVariance(x, keepDims, nonEmpty("reduceStd", axes)));
    }

    /**
     * The elements (or slices) of {@code x} where {@code mask} is true, in row-major order (TensorFlow's
     * {@code boolean_mask} with axis 0): the mask's shape must equal the first {@code mask.rank()} dimensions of
     * {@code x}, and the result has shape {@code (count,) + x.shape[mask.rank():]}. A gather, so the gradient
     * scatters {@code g} back into zeros.
     *
     * <pre>{@code
     * booleanMask(constant(new float[] {1, 2, 3}, 3), constant(new boolean[] {true, false, true}));   // [1. 3.]
     * }</pre>
     *
     * @param x    the tensor
     * @param mask a bool tensor of rank >= 1
     * @return the selected elements
     * @throws IllegalArgumentException if the mask is not bool or its shape is not a prefix of x's
     */
    public static Tensor booleanMask(Tensor x, Tensor mask) {
        return ArrayOps.booleanMask(x, mask);
    }

    /** Row-major positions of the index tuples in the last axis of {@code indices} within the first dims of shape. */

    /**
     * A tensor of {@code shape}, zero except at the index tuples in the last axis of {@code indices}, where the
     * slices of {@code updates} are added (TensorFlow's {@code scatter_nd}: duplicate indices add up).
     * {@code updates} must have shape {@code indices.shape[:-1] + shape[indices.shape[-1]:]}. Composed of
     * {@link #unsortedSegmentSum}, so the gradient for updates is a gather of {@code g}.
     *
     * <pre>{@code
     * scatterNd(constant(new int[][] {{1}, {3}}), constant(new float[] {5, 6}, 2), 4);   // [0. 5. 0. 6.]
     * }</pre>
     *
     * @param indices int32 or int64, each tuple in range
     * @param updates the values
     * @param shape   the result's shape
     * @return the scattered tensor
     * @throws IllegalArgumentException if an index is out of range or the shapes do not fit
     */
    public static Tensor scatterNd(Tensor indices, Tensor updates, int... shape) {
        return ArrayOps.scatterNd(indices, updates, shape);
    }

    /**
     * {@code tensor} with the slices at {@code indices} replaced by {@code updates} (TensorFlow's
     * {@code tensor_scatter_nd_update}). TensorFlow leaves the result of duplicate indices unspecified; gradtape
     * rejects them. Gradients: {@code g} outside the updated slices for {@code tensor}, a gather of {@code g} for
     * {@code updates}.
     *
     * <pre>{@code
     * tensorScatterUpdate(zeros(DType.FLOAT32, 3), constant(new int[][] {{2}}), constant(new float[] {9}, 1));   // [0. 0. 9.]
     * }</pre>
     *
     * @param tensor  the tensor to update
     * @param indices int32 or int64 index tuples, distinct
     * @param updates shape {@code indices.shape[:-1] + tensor.shape[indices.shape[-1]:]}, tensor's dtype
     * @return the updated tensor
     * @throws IllegalArgumentException if indices repeat, are out of range, or the shapes do not fit
     */
    public static Tensor tensorScatterUpdate(Tensor tensor, Tensor indices, Tensor updates) {
        return ArrayOps.tensorScatterUpdate(tensor, indices, updates);
    }

    /**
     * {@code tensor} with the slices of {@code updates} added at the index tuples in the last axis of
     * {@code indices} (TensorFlow's {@code tensor_scatter_nd_add}): {@code tensor + scatterNd(indices, updates,
     * tensor.shape)}, so an index that repeats adds each of its updates. {@code updates} has shape
     * {@code indices.shape[:-1] + tensor.shape[indices.shape[-1]:]}. Gradients: {@code g} for {@code tensor},
     * {@code gatherNd(g, indices)} for {@code updates}.
     *
     * <pre>{@code
     * tensorScatterAdd(ones(DType.FLOAT32, 4), constant(new int[][] {{1}, {3}, {1}}), constant(new float[] {5, 6, 7}, 3));
     * // [ 1. 13.  1.  7.]
     * }</pre>
     *
     * @param tensor  the tensor to add to, numeric
     * @param indices int32 or int64 index tuples, each in range; they may repeat
     * @param updates the values to add, tensor's dtype
     * @return a new tensor of tensor's shape and dtype
     * @throws IllegalArgumentException if an index is out of range, the dtypes differ or the shapes do not fit
     */
    public static Tensor tensorScatterAdd(Tensor tensor, Tensor indices, Tensor updates) {
        return ArrayOps.tensorScatterAdd(tensor, indices, updates);
    }

    /**
     * The sums of the rows of {@code data} that share a segment id, where the ids are sorted (TensorFlow's
     * {@code segment_sum}): the result has {@code ids[last] + 1} rows, empty segments 0. Composed of
     * {@link #unsortedSegmentSum(Tensor, Tensor, int)}, so the gradient is a gather of {@code g}.
     *
     * <pre>{@code
     * segmentSum(constant(new float[] {1, 2, 3}, 3), constant(new int[] {0, 0, 2}, 3));   // [3. 0. 3.]
     * }</pre>
     *
     * @param data       the values, numeric, first dimension the ids' length
     * @param segmentIds a 1-D int32 or int64 tensor of non-negative, non-decreasing ids
     * @return {@code (ids[last] + 1,) + data.shape[1:]}
     * @throws IllegalArgumentException if the ids are not 1-D, negative or not sorted
     */
    public static Tensor segmentSum(Tensor data, Tensor segmentIds) {
        return ArrayOps.segmentSum(data, segmentIds);
    }

    /** The result of {@link #unique}: the distinct values and, per input element, its value's position among them. */
    public record Unique(Tensor values, Tensor indices) {
    }

    /**
     * The distinct elements of a 1-D tensor in order of first occurrence, and for each element the index of its
     * value in them (TensorFlow's {@code tf.unique}; int32 indices). Not differentiable (TensorFlow registers no
     * gradient): the values are a new constant. Floats compare by value with -0.0 equal to 0.0; NaNs with equal bits
     * are one value.
     *
     * <pre>{@code
     * Unique u = unique(constant(new int[] {1, 1, 2, 4, 4, 4, 7, 8, 8}, 9));
     * // u.values() = [1 2 4 7 8], u.indices() = [0 0 1 2 2 2 3 4 4]
     * }</pre>
     *
     * @param x a 1-D tensor of any dtype
     * @return the values and indices
     * @throws IllegalArgumentException if {@code x} is not 1-D
     */
    public static Unique unique(Tensor x) {
        return ArrayOps.unique(x);
    }

    /**
     * For each value, the index at which it would be inserted into the sorted innermost rows of {@code sorted} to
     * keep them sorted: the first such index (TensorFlow's {@code searchsorted}, side "left"). Int32, not
     * differentiable.
     *
     * <pre>{@code
     * searchSorted(constant(new float[] {1, 3, 5}, 3), constant(new float[] {0, 3, 6}, 3));   // [0 1 3]
     * }</pre>
     *
     * @param sorted sorted along the last axis (not checked, as TensorFlow: an unsorted row gives an unspecified
     *               index).
     *               Elements are compared in their own dtype (int64 beyond 2^53 exactly) with TensorFlow's
     *               comparators: "left" is {@code std::lower_bound} (the count of elements {@code < v}), "right"
     *               {@code std::upper_bound} (advance while {@code !(v < s)}), so a NaN value gives 0 with "left"
     *               and the row length with "right"
     * @param values the values, same dtype; same leading dimensions as {@code sorted}
     * @return int32 indices of {@code values}' shape
     */
    public static Tensor searchSorted(Tensor sorted, Tensor values) {
        return searchSorted(sorted, values, "left");
    }

    /**
     * {@link #searchSorted(Tensor, Tensor)} with the side: {@code "left"} gives the first insertion index,
     * {@code "right"} the last (the count of elements {@code <=} the value).
     *
     * <pre>{@code
     * searchSorted(constant(new int[] {1, 3, 3, 5}, 4), constant(new int[] {3}, 1), "right");   // [3]
     * }</pre>
     *
     * @param sorted sorted along the last axis
     * @param values the values, same dtype; same leading dimensions as {@code sorted}
     * @param side   {@code "left"} or {@code "right"}
     * @return int32 indices of {@code values}' shape
     * @throws IllegalArgumentException if the dtypes differ, the leading dimensions differ, or the side is neither
     */
    public static Tensor searchSorted(Tensor sorted, Tensor values, String side) {
        return ArrayOps.searchSorted(sorted, values, side);
    }
}
