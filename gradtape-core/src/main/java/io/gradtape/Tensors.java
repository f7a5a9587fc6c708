package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.ops.Dispatch;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
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
     * A scalar of any dtype holding {@code value} (rounded to float for FLOAT32; integers must be whole, and
     * BOOL is {@code value != 0}).
     *
     * <pre>{@code
     * Tensor half = constant(0.5, DType.FLOAT32);
     * }</pre>
     *
     * @param value the value
     * @param dtype the dtype
     * @return a scalar tensor
     * @throws IllegalArgumentException if an integer dtype is asked for a fractional or out-of-range value
     */
    public static Tensor constant(double value, DType dtype) {
        Objects.requireNonNull(dtype, "constant: dtype is null");
        switch (dtype) {
            case FLOAT32: return constant((float) value);
            case FLOAT64: return constant(value);
            case BOOL: return constant(value != 0);
            default:
                if (value != Math.rint(value) || (dtype == DType.INT32 && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE))) {
                    throw new IllegalArgumentException("constant: " + value + " is not a whole number that fits " + dtype);
                }
                return dtype == DType.INT32 ? constant((int) value) : constant((long) value);
        }
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
        Objects.requireNonNull(data, "constant: data is null");
        return make(DType.FLOAT32, shapeFor(data.length, shape), data.clone());
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
        Objects.requireNonNull(data, "constant: data is null");
        return make(DType.FLOAT64, shapeFor(data.length, shape), data.clone());
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
        Objects.requireNonNull(data, "constant: data is null");
        return make(DType.INT32, shapeFor(data.length, shape), data.clone());
    }

    private static Shape shapeFor(int n, int[] shape) {
        Shape s = shape == null || shape.length == 0 ? Shape.of(n) : Shape.of(shape);
        if (s.size() != n) {
            throw new IllegalArgumentException("constant: " + n + " values do not fill shape " + s + " (" + s.size() + " elements)");
        }
        return s;
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
        Objects.requireNonNull(dtype, "zeros: dtype is null");
        Shape s = Shape.of(shape);
        return make(dtype, s, Convert.allocate(dtype, s.size()));
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
        Objects.requireNonNull(dtype, "ones: dtype is null");
        return full(dtype, Shape.of(shape), 1);
    }

    /**
     * Zeros of {@code x}'s dtype and shape (a variable is not read).
     *
     * <pre>{@code
     * Tensor z = zerosLike(x);
     * }</pre>
     *
     * @param x the model
     * @return the tensor
     */
    public static Tensor zerosLike(Tensor x) {
        Objects.requireNonNull(x, "zerosLike: x is null");
        return make(x.dtype(), x.shape(), Convert.allocate(x.dtype(), x.size()));
    }

    /**
     * Ones of {@code x}'s dtype and shape (a variable is not read).
     *
     * <pre>{@code
     * Tensor o = onesLike(x);
     * }</pre>
     *
     * @param x the model
     * @return the tensor
     */
    public static Tensor onesLike(Tensor x) {
        Objects.requireNonNull(x, "onesLike: x is null");
        return full(x.dtype(), x.shape(), 1);
    }

    private static Tensor full(DType dtype, Shape s, double v) {
        Object data = Convert.allocate(dtype, s.size());
        switch (dtype) {
            case FLOAT32: Arrays.fill((float[]) data, (float) v); break;
            case FLOAT64: Arrays.fill((double[]) data, v); break;
            case INT32: Arrays.fill((int[]) data, (int) v); break;
            case INT64: Arrays.fill((long[]) data, (long) v); break;
            default: Arrays.fill((boolean[]) data, v != 0); break;
        }
        return make(dtype, s, data);
    }

    static Tensor scalarLike(Tensor x, double c) {
        return constant(c, x.dtype());
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
     * pow(x, 2);   // x squared
     * }</pre>
     *
     * @param x base
     * @param p exponent
     * @return the power
     */
    public static Tensor pow(Tensor x, double p) {
        Objects.requireNonNull(x, "pow: x is null");
        return binary(Primitive.POW, x, scalarLike(x, p));
    }

    /**
     * {@code max(a, b)} elementwise, broadcasting; NaN propagates. At a tie the whole gradient goes to {@code a}.
     *
     * <pre>{@code
     * maximum(x, constant(0f));
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
     * minimum(x, constant(1f));
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
        Objects.requireNonNull(x, "square: x is null");
        return mul(x, x);
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
     * where(greater(x, zerosLike(x)), x, zerosLike(x));   // relu by hand
     * }</pre>
     *
     * @param cond a BOOL tensor
     * @param x    values where cond is true
     * @param y    values where cond is false, same dtype as x
     * @return the selection
     */
    public static Tensor where(Tensor cond, Tensor x, Tensor y) {
        Objects.requireNonNull(cond, "where: cond is null");
        Objects.requireNonNull(x, "where: x is null");
        Objects.requireNonNull(y, "where: y is null");
        return Dispatch.apply(Primitive.WHERE, null, cond, x, y);
    }

    /**
     * Converts to another dtype: floats to integers truncate toward zero, numbers to BOOL test {@code != 0}.
     * Gradient: cast back when both dtypes are floating; a cast to or from an integer cuts the gradient.
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
        Objects.requireNonNull(x, "cast: x is null");
        Objects.requireNonNull(dtype, "cast: dtype is null");
        return Dispatch.apply(Primitive.CAST, new Params.To(dtype), x);
    }

    /**
     * The same values, with no gradient: a path through it contributes nothing (TensorFlow's
     * {@code stop_gradient}). The op is still recorded, so the cut is exact.
     *
     * <pre>{@code
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

    private static Tensor reduce(Primitive p, Tensor x, boolean keepDims, int[] axes) {
        Objects.requireNonNull(x, () -> p.opName() + ": x is null");
        int[] norm = ShapeRules.axes(p.opName(), axes, x.shape());
        return Dispatch.apply(p, new Params.Axes(norm, keepDims), x);
    }

    /**
     * The sum over {@code axes} (none: all), which are removed. float32 sums accumulate in double. Gradient:
     * {@code g} broadcast back over the reduced axes.
     *
     * <pre>{@code
     * reduceSum(constant(new float[] {1, 2, 3, 4}, 2, 2), 0);   // [4. 6.]
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end
     * @return the sum
     */
    public static Tensor reduceSum(Tensor x, int... axes) {
        return reduce(Primitive.REDUCE_SUM, x, false, axes);
    }

    /**
     * The sum over {@code axes} (none: all), kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceSum(m, true, 1);   // (2, 3) -> (2, 1)
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end
     * @return the sum
     */
    public static Tensor reduceSum(Tensor x, boolean keepDims, int... axes) {
        return reduce(Primitive.REDUCE_SUM, x, keepDims, axes);
    }

    /**
     * The mean over {@code axes} (none: all), which are removed: the sum divided by the number of elements
     * reduced (integer dtypes divide with truncation). Gradient: {@code g / n} broadcast back.
     *
     * <pre>{@code
     * reduceMean(constant(new float[] {1, 2, 3, 4}, 4));   // 2.5
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end
     * @return the mean
     */
    public static Tensor reduceMean(Tensor x, int... axes) {
        return reduceMean(x, false, axes);
    }

    /**
     * The mean over {@code axes} (none: all), kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceMean(m, true, -1);   // (2, 3) -> (2, 1)
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end
     * @return the mean
     */
    public static Tensor reduceMean(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "reduceMean: x is null");
        ShapeRules.requireNumeric("reduceMean", x);
        ShapeRules.axes("reduceMean", axes, x.shape());
        Tensor sum = reduce(Primitive.REDUCE_SUM, x, keepDims, axes);
        int count = sum.size() == 0 ? 0 : x.size() / sum.size();
        if (x.dtype().isFloating()) {
            return div(sum, constant(count, x.dtype()));
        }
        Tensor mean = div(cast(sum, DType.FLOAT64), constant((double) count));
        return cast(mean, x.dtype());
    }

    /**
     * The maximum over {@code axes} (none: all), which are removed; NaN propagates. Gradient: {@code g} shared
     * equally among tied maxima ([0.6, 0.6, 0.3] gets [0.5, 0.5, 0]).
     *
     * <pre>{@code
     * reduceMax(constant(new float[] {1, 3, 2}, 3));   // 3.0
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end
     * @return the maximum
     */
    public static Tensor reduceMax(Tensor x, int... axes) {
        return reduce(Primitive.REDUCE_MAX, x, false, axes);
    }

    /**
     * The maximum over {@code axes}, kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceMax(logits, true, -1);
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end
     * @return the maximum
     */
    public static Tensor reduceMax(Tensor x, boolean keepDims, int... axes) {
        return reduce(Primitive.REDUCE_MAX, x, keepDims, axes);
    }

    /**
     * The minimum over {@code axes} (none: all), which are removed; NaN propagates. Gradient: shared equally
     * among tied minima.
     *
     * <pre>{@code
     * reduceMin(constant(new float[] {1, 3, 2}, 3));   // 1.0
     * }</pre>
     *
     * @param x    the input, numeric
     * @param axes distinct axes, negative from the end
     * @return the minimum
     */
    public static Tensor reduceMin(Tensor x, int... axes) {
        return reduce(Primitive.REDUCE_MIN, x, false, axes);
    }

    /**
     * The minimum over {@code axes}, kept as size 1 when {@code keepDims}.
     *
     * <pre>{@code
     * reduceMin(x, true, 0);
     * }</pre>
     *
     * @param x        the input, numeric
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end
     * @return the minimum
     */
    public static Tensor reduceMin(Tensor x, boolean keepDims, int... axes) {
        return reduce(Primitive.REDUCE_MIN, x, keepDims, axes);
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
     * matmul(x, w, false, true);   // x @ w^T
     * }</pre>
     *
     * @param a          rank >= 2
     * @param b          rank >= 2, same dtype
     * @param transposeA use {@code a^T}
     * @param transposeB use {@code b^T}
     * @return the product
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Objects.requireNonNull(a, "matmul: first operand is null");
        Objects.requireNonNull(b, "matmul: second operand is null");
        Params.Matmul flags = !transposeA && !transposeB ? Params.Matmul.PLAIN : new Params.Matmul(transposeA, transposeB);
        return Dispatch.apply(Primitive.MATMUL, flags, a, b);
    }

    // ------------------------------------------------------------------------------------ shape and movement

    /**
     * The same values, row-major, in a new shape; one dimension may be -1 and is then inferred. Gradient:
     * reshaped back.
     *
     * <pre>{@code
     * reshape(x, 2, -1);   // (6,) -> (2, 3)
     * }</pre>
     *
     * @param x     the input
     * @param shape the new dimensions
     * @return the reshaped tensor
     * @throws IllegalArgumentException if the sizes differ or more than one dimension is -1
     */
    public static Tensor reshape(Tensor x, int... shape) {
        Objects.requireNonNull(x, "reshape: x is null");
        Objects.requireNonNull(shape, "reshape: shape is null");
        int[] dims = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: at most one -1 in " + Arrays.toString(shape) + " (input shape " + x.shape() + ")");
                }
                infer = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(shape) + " (input shape " + x.shape() + ")");
            } else {
                known *= dims[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + x.shape() + " ("
                        + x.size() + " elements) to " + Arrays.toString(shape));
            }
            dims[infer] = (int) (x.size() / known);
        }
        return Dispatch.apply(Primitive.RESHAPE, new Params.ToShape(Shape.of(dims)), x);
    }

    /**
     * The axes permuted: output axis {@code i} is input axis {@code perm[i]}; no perm reverses the axes (a matrix
     * transpose for rank 2). Gradient: transposed back by the inverse permutation.
     *
     * <pre>{@code
     * transpose(m);            // (2, 3) -> (3, 2)
     * transpose(t, 0, 2, 1);   // (a, b, c) -> (a, c, b)
     * }</pre>
     *
     * @param x    the input
     * @param perm a permutation of {@code 0..rank-1}, or nothing
     * @return the transposed tensor
     */
    public static Tensor transpose(Tensor x, int... perm) {
        Objects.requireNonNull(x, "transpose: x is null");
        int r = x.rank();
        int[] p;
        if (perm == null || perm.length == 0) {
            p = new int[r];
            for (int i = 0; i < r; i++) {
                p[i] = r - 1 - i;
            }
        } else {
            if (perm.length != r) {
                throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm) + " does not fit shape " + x.shape());
            }
            p = new int[r];
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                p[i] = ShapeRules.axis("transpose", perm[i], r, x.shape());
                if (seen[p[i]]) {
                    throw new IllegalArgumentException("transpose: " + Arrays.toString(perm) + " is not a permutation for shape " + x.shape());
                }
                seen[p[i]] = true;
            }
        }
        return Dispatch.apply(Primitive.TRANSPOSE, new Params.Perm(p), x);
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
        Objects.requireNonNull(x, "broadcastTo: x is null");
        Objects.requireNonNull(shape, "broadcastTo: shape is null");
        return Dispatch.apply(Primitive.BROADCAST_TO, new Params.ToShape(Shape.of(shape)), x);
    }

    /**
     * The tensors joined along {@code axis}; all have one dtype and rank, and equal dimensions elsewhere.
     * Gradient: each input gets its slab of {@code g}.
     *
     * <pre>{@code
     * concat(List.of(a, b), 0);   // (2, 3) and (1, 3) -> (3, 3)
     * }</pre>
     *
     * @param tensors at least one tensor
     * @param axis    the axis, negative from the end
     * @return the joined tensor
     */
    public static Tensor concat(List<? extends Tensor> tensors, int axis) {
        Objects.requireNonNull(tensors, "concat: tensors is null");
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor[] in = new Tensor[tensors.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = Objects.requireNonNull(tensors.get(i), "concat: tensor " + i + " is null");
        }
        if (in[0].rank() == 0) {
            throw new IllegalArgumentException("concat: cannot concatenate scalars (shape ())");
        }
        int a = ShapeRules.axis("concat", axis, in[0].rank(), in[0].shape());
        return Dispatch.apply(Primitive.CONCAT, new Params.Axis(a), in);
    }

    /**
     * The region of {@code x} that starts at {@code begin} and has shape {@code size} (a size of -1 takes the
     * rest of that axis). Gradient: {@code g} padded with zeros back to {@code x}'s shape.
     *
     * <pre>{@code
     * slice(m, new int[] {0, 1}, new int[] {2, 2});   // (2, 3) -> columns 1..2
     * }</pre>
     *
     * @param x     the input
     * @param begin the first index along each axis
     * @param size  the extent along each axis, or -1
     * @return the region
     */
    public static Tensor slice(Tensor x, int[] begin, int[] size) {
        Objects.requireNonNull(x, "slice: x is null");
        Objects.requireNonNull(begin, "slice: begin is null");
        Objects.requireNonNull(size, "slice: size is null");
        int r = x.rank();
        if (begin.length != r || size.length != r) {
            throw new IllegalArgumentException("slice: begin " + Arrays.toString(begin) + " and size " + Arrays.toString(size)
                    + " must have one entry per axis of shape " + x.shape());
        }
        int[] sz = size.clone();
        for (int d = 0; d < r; d++) {
            int dim = x.shape().dim(d);
            if (sz[d] == -1) {
                sz[d] = dim - begin[d];
            }
            if (begin[d] < 0 || sz[d] < 0 || begin[d] + sz[d] > dim) {
                throw new IllegalArgumentException("slice: begin " + Arrays.toString(begin) + " size " + Arrays.toString(size)
                        + " is out of bounds for shape " + x.shape());
            }
        }
        return Dispatch.apply(Primitive.SLICE, new Params.Region(begin.clone(), sz), x);
    }

    /**
     * {@code x} surrounded by zeros: {@code before[d]} before and {@code after[d]} after along each axis.
     * Gradient: the slice of {@code g} where {@code x} was.
     *
     * <pre>{@code
     * pad(v, new int[] {1}, new int[] {2});   // (3,) -> (6,)
     * }</pre>
     *
     * @param x      the input
     * @param before non-negative counts, one per axis
     * @param after  non-negative counts, one per axis
     * @return the padded tensor
     */
    public static Tensor pad(Tensor x, int[] before, int[] after) {
        Objects.requireNonNull(x, "pad: x is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        if (before.length != x.rank() || after.length != x.rank()) {
            throw new IllegalArgumentException("pad: paddings " + Arrays.toString(before) + " " + Arrays.toString(after)
                    + " must have one entry per axis of shape " + x.shape());
        }
        for (int d = 0; d < before.length; d++) {
            if (before[d] < 0 || after[d] < 0) {
                throw new IllegalArgumentException("pad: negative padding " + Arrays.toString(before) + " " + Arrays.toString(after)
                        + " for shape " + x.shape());
            }
        }
        return Dispatch.apply(Primitive.PAD, new Params.Padding(before.clone(), after.clone()), x);
    }

    // ------------------------------------------------------------------------------------ composites

    /**
     * {@code exp(x) / sum(exp(x))} along {@code axis}, computed as {@code exp(x - max)} so that it never
     * overflows. The shift is a {@link #stopGradient} (softmax does not depend on it), so the gradient is exact.
     *
     * <pre>{@code
     * softmax(logits, -1);
     * }</pre>
     *
     * @param x    floating logits
     * @param axis the axis, negative from the end
     * @return probabilities summing to 1 along {@code axis}
     */
    public static Tensor softmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "softmax: x is null");
        requireFloatingAxis("softmax", x, axis);
        Tensor e = exp(sub(x, stopGradient(reduceMax(x, true, axis))));
        return div(e, reduceSum(e, true, axis));
    }

    /**
     * {@code x - log(sum(exp(x)))} along {@code axis}, computed stably with a max shift.
     *
     * <pre>{@code
     * logSoftmax(logits, -1);
     * }</pre>
     *
     * @param x    floating logits
     * @param axis the axis, negative from the end
     * @return log-probabilities along {@code axis}
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "logSoftmax: x is null");
        requireFloatingAxis("logSoftmax", x, axis);
        Tensor z = sub(x, stopGradient(reduceMax(x, true, axis)));
        return sub(z, log(reduceSum(exp(z), true, axis)));
    }

    /** Validates a composite's input up front, so that its errors name the op the caller used. */
    private static void requireFloatingAxis(String op, Tensor x, int axis) {
        ShapeRules.requireFloating(op, x);
        ShapeRules.axis(op, axis, x.rank(), x.shape());
    }

    // ------------------------------------------------------------------------------------ custom gradients

    /**
     * Calls {@code f(x)} and gives its result the derivative rule that {@code f} returns (TensorFlow's
     * {@code tf.custom_gradient}). Ops run inside {@code f} are recorded as usual, but the result is connected to
     * {@code x} only through the rule. A rule that returns other than one gradient is an
     * {@link IllegalArgumentException} when the gradient is taken.
     *
     * <pre>{@code
     * Tensor y = customGradient(x, v -> CustomGradient.of(clipped(v), dy -> dy));   // straight-through
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
     * gradient per input, in order.
     *
     * <pre>{@code
     * customGradient(List.of(a, b), v -> CustomGradient.ofMany(v.get(0).mul(v.get(1)),
     *     dy -> List.of(dy.mul(v.get(1)), dy.mul(v.get(0)))));
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
        CustomGradient cg = Objects.requireNonNull(f.apply(List.of(in)), "customGradient: f returned null");
        return Dispatch.apply(Primitive.CUSTOM, new Params.Custom(cg.value(), cg.rule()), in);
    }
}
