package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.ShapeRules;

/**
 * Elementwise kernels: one input, two inputs with NumPy broadcasting, and {@code where}.
 *
 * <p>Floating math is defined once, on doubles ({@link #unaryOp}, {@link #binaryOp}); float32 results are that
 * double rounded to float, which for {@code + - * /} and {@code sqrt} is exactly IEEE single-precision
 * arithmetic (a double holds more than twice a float's precision). Integer math is defined on longs and wraps
 * like Java's. The hot cases (same shapes or a scalar operand, float32/float64 add, sub, mul, div) have plain
 * loops with one index on every array, which the JIT vectorizes; every other case maps each output element to
 * its input offsets with {@link Broadcast#indexMap}.
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    /**
     * The error for a kernel asked to compute an op it has no branch for: every branch of a kernel's
     * {@code switch} names its op, and any other op lands here instead of silently computing another op.
     */
    static IllegalStateException noKernel(String kernel, Primitive p) {
        return new IllegalStateException(kernel + " has no kernel for " + p.opName() + " (" + p + ")");
    }

    /** d(x) for one element; NaN and infinities follow IEEE. */
    static double unaryOp(Primitive p, double x) {
        return switch (p) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x; // NaN stays NaN
            case RELU -> x > 0 ? x : (x != x ? x : 0.0);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            case SQRT -> Math.sqrt(x);
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case ERF -> SpecialFunctions.erf(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x); // half to even: 2.5 -> 2, -4.5 -> -4, as TensorFlow
            default -> throw noKernel("ElementwiseKernels", p);
        };
    }

    static long unaryLong(Primitive p, long x) {
        return switch (p) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            case ROUND -> x; // integers are already integral
            default -> throw noKernel("ElementwiseKernels", p);
        };
    }

    /** a op b for one pair of floating elements. */
    static double binaryOp(Primitive p, double a, double b) {
        return switch (p) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            // C's atan2 (TensorFlow's kernel calls std::atan2): Java's has the same special values (signed zeros,
            // infinities, NaN); float32 rounds the double result once
            case ATAN2 -> Math.atan2(a, b);
            default -> throw noKernel("ElementwiseKernels", p);
        };
    }

    /**
     * {@code a ** b} with C99's and IEEE 754's special values (TensorFlow's kernels call {@code std::pow}) where
     * {@link Math#pow} differs: {@code pow(1, y) = 1} for every y, NaN included, and {@code pow(-1, +-inf) = 1}
     * (Java gives NaN for both). Every float kernel of pow, scalar and vector, ends its special cases here.
     */
    static double pow(double a, double b) {
        return powIsOne(a, b) ? 1 : Math.pow(a, b);
    }

    /** The operands where IEEE 754's pow is 1 and Java's is NaN: {@code a = 1} (every b), {@code a = -1, b = +-inf}. */
    static boolean powIsOne(double a, double b) {
        return a == 1 || (a == -1 && Double.isInfinite(b));
    }

    static long binaryLong(Primitive p, long a, long b) {
        return switch (p) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case POW -> powLong(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            default -> throw noKernel("ElementwiseKernels", p);
        };
    }

    private static long powLong(long a, long b) {
        if (b < 0) {
            throw new IllegalArgumentException("pow: integers cannot be raised to a negative power (" + a + " ** " + b + ")");
        }
        long r = 1;
        while (b > 0) {
            if ((b & 1) != 0) r *= a;
            a *= a;
            b >>= 1;
        }
        return r;
    }

    static boolean compare(Primitive p, double a, double b) {
        return switch (p) {
            case EQUAL -> a == b;
            case NOT_EQUAL -> a != b;
            case GREATER -> a > b;
            case GREATER_EQUAL -> a >= b;
            case LESS -> a < b;
            case LESS_EQUAL -> a <= b;
            default -> throw noKernel("ElementwiseKernels", p);
        };
    }

    static boolean compareLong(Primitive p, long a, long b) {
        return switch (p) {
            case EQUAL -> a == b;
            case NOT_EQUAL -> a != b;
            case GREATER -> a > b;
            case GREATER_EQUAL -> a >= b;
            case LESS -> a < b;
            case LESS_EQUAL -> a <= b;
            default -> throw noKernel("ElementwiseKernels", p);
        };
    }

    /** The elementwise result of a one-input primitive (floating dtypes: {@link FastLoops#unary}). */
    public static Object unary(Primitive p, DType dtype, Object x) {
        if (dtype.isFloating()) {
            return FastLoops.unary(p, x);
        }
        switch (dtype) {
            case INT32: {
                int[] a = (int[]) x;
                int[] o = new int[a.length];
                for (int i = 0; i < o.length; i++) o[i] = (int) unaryLong(p, a[i]);
                return o;
            }
            case INT64: {
                long[] a = (long[]) x;
                long[] o = new long[a.length];
                for (int i = 0; i < o.length; i++) o[i] = unaryLong(p, a[i]);
                return o;
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    /**
     * The elementwise result of a two-input primitive other than the divisions and remainders ({@link #divMod}),
     * broadcasting to {@code out.shape()}.
     */
    public static Object binary(Primitive p, Tensor ta, Tensor tb, ShapeRules.Out out) {
        Object a = TensorAccess.data(ta);
        Object b = TensorAccess.data(tb);
        Shape s = out.shape();
        int n = s.size();
        if (!p.isComparison() && ta.dtype().isFloating()) {
            Object fast = FastLoops.binary(p, a, b, ta.shape(), tb.shape(), s);
            if (fast != null) {
                return fast;
            }
        }
        if (p.isComparison() && ta.dtype().isFloating()) {
            boolean[] fast = FastLoops.compare(p, a, b, ta.shape(), tb.shape(), s);
            if (fast != null) {
                return fast;
            }
        }
        DType dt = ta.dtype();
        if (!p.isComparison() && dt.isFloating() && tb.size() == 1 && ta.shape().equals(s)) {
            return scalarRight(p, a, Convert.toDouble(b, 0), n); // x ** c, maximum(x, c): no index map
        }
        int[] ia = ta.shape().equals(s) ? null : Broadcast.indexMap(ta.shape(), s);
        int[] ib = tb.shape().equals(s) ? null : Broadcast.indexMap(tb.shape(), s);
        if (p.isComparison()) {
            boolean[] o = new boolean[n];
            if (dt.isFloating()) {
                for (int i = 0; i < n; i++) {
                    o[i] = compare(p, Convert.toDouble(a, ia == null ? i : ia[i]), Convert.toDouble(b, ib == null ? i : ib[i]));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    o[i] = compareLong(p, Convert.toLong(a, ia == null ? i : ia[i]), Convert.toLong(b, ib == null ? i : ib[i]));
                }
            }
            return o;
        }
        switch (dt) {
            case FLOAT32: {
                float[] x = (float[]) a, y = (float[]) b, o = new float[n];
                for (int i = 0; i < n; i++) o[i] = (float) binaryOp(p, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
                return o;
            }
            case FLOAT64: {
                double[] x = (double[]) a, y = (double[]) b, o = new double[n];
                for (int i = 0; i < n; i++) o[i] = binaryOp(p, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
                return o;
            }
            case INT32: {
                int[] x = (int[]) a, y = (int[]) b, o = new int[n];
                for (int i = 0; i < n; i++) o[i] = (int) binaryLong(p, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
                return o;
            }
            case INT64: {
                long[] x = (long[]) a, y = (long[]) b, o = new long[n];
                for (int i = 0; i < n; i++) o[i] = binaryLong(p, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
                return o;
            }
            default:
                throw new AssertionError(dt);
        }
    }

    /**
     * floorDiv, floorMod, truncateDiv and truncateMod, broadcasting to {@code out.shape()}, as TensorFlow's CPU kernels
     * ({@code cwise_ops.h}). Floor: floating {@code floor(a / b)} with the quotient rounded to the dtype first (a
     * float32 quotient is float32 division, exactly the double quotient rounded to float), and
     * {@code r = fmod(a, b)}, plus {@code b} when {@code r != 0} and the signs of {@code r} and {@code b} differ
     * ({@code %} is fmod in Java; fmod is exact, so the float32 {@code r} equals the double one); integers round
     * toward negative infinity and the remainder takes the divisor's sign ({@link Math#floorDiv},
     * {@link Math#floorMod}). Truncate: C's {@code /} and {@code %} on integers (Java's are the same), and
     * {@code fmod} on floats (TensorFlow's TruncateMod registers {@code functor::fmod}; there is no floating
     * TruncateDiv, the shape rule refuses it). On integers MIN_VALUE / -1 wraps to MIN_VALUE and MIN_VALUE % -1 is
     * 0, as TensorFlow's {@code safe_div_or_mod_op} (it computes {@code -a / 1} there). A zero integer divisor
     * anywhere in {@code b} is an error found before the output is allocated.
     */
    public static Object divMod(Primitive p, Tensor ta, Tensor tb, ShapeRules.Out out) {
        Object a = TensorAccess.data(ta);
        Object b = TensorAccess.data(tb);
        Shape s = out.shape();
        DType dt = ta.dtype();
        boolean floor = p == Primitive.FLOOR_DIV || p == Primitive.FLOOR_MOD;
        boolean div = p == Primitive.FLOOR_DIV || p == Primitive.TRUNCATE_DIV;
        int n = s.size();
        if (dt.isInteger() && n > 0) {
            for (int i = 0, m = tb.size(); i < m; i++) {
                if (Convert.toLong(b, i) == 0) {
                    throw new IllegalArgumentException(p.opName() + ": integer division by zero (divisor " + dt + " "
                            + tb.shape() + " is 0 at flat index " + i + "; dividend " + dt + " " + ta.shape() + ")");
                }
            }
        }
        int[] ia = ta.shape().equals(s) ? null : Broadcast.indexMap(ta.shape(), s);
        int[] ib = tb.shape().equals(s) ? null : Broadcast.indexMap(tb.shape(), s);
        switch (dt) {
            case FLOAT32: { // truncateDiv never gets here (integer operands only)
                float[] x = (float[]) a, y = (float[]) b, o = new float[n];
                for (int i = 0; i < n; i++) {
                    float u = x[ia == null ? i : ia[i]], v = y[ib == null ? i : ib[i]];
                    o[i] = !floor ? u % v : div ? (float) Math.floor(u / v) : floorModReal(u, v);
                }
                return o;
            }
            case FLOAT64: {
                double[] x = (double[]) a, y = (double[]) b, o = new double[n];
                for (int i = 0; i < n; i++) {
                    double u = x[ia == null ? i : ia[i]], v = y[ib == null ? i : ib[i]];
                    o[i] = !floor ? u % v : div ? Math.floor(u / v) : floorModReal(u, v);
                }
                return o;
            }
            case INT32: {
                int[] x = (int[]) a, y = (int[]) b, o = new int[n];
                for (int i = 0; i < n; i++) {
                    int u = x[ia == null ? i : ia[i]], v = y[ib == null ? i : ib[i]];
                    o[i] = floor ? (div ? Math.floorDiv(u, v) : Math.floorMod(u, v)) : div ? u / v : u % v;
                }
                return o;
            }
            case INT64: {
                long[] x = (long[]) a, y = (long[]) b, o = new long[n];
                for (int i = 0; i < n; i++) {
                    long u = x[ia == null ? i : ia[i]], v = y[ib == null ? i : ib[i]];
                    o[i] = floor ? (div ? Math.floorDiv(u, v) : Math.floorMod(u, v)) : div ? u / v : u % v;
                }
                return o;
            }
            default:
                throw new AssertionError(dt);
        }
    }

    /** TensorFlow's floating floor-mod: {@code fmod}, moved by {@code b} when nonzero and of the other sign. */
    private static double floorModReal(double a, double b) {
        double r = a % b;
        return r != 0 && (b < 0) != (r < 0) ? r + b : r;
    }

    private static float floorModReal(float a, float b) {
        float r = a % b;
        return r != 0 && (b < 0) != (r < 0) ? r + b : r;
    }

    /** {@code a op c} for a floating array and a scalar (small integer powers are FastLoops' job). */
    private static Object scalarRight(Primitive p, Object a, double c, int n) {
        if (a instanceof float[]) {
            float[] x = (float[]) a, o = new float[n];
            for (int i = 0; i < n; i++) o[i] = (float) binaryOp(p, x[i], c);
            return o;
        }
        double[] x = (double[]) a, o = new double[n];
        for (int i = 0; i < n; i++) o[i] = binaryOp(p, x[i], c);
        return o;
    }

    /** {@code cond ? x : y} elementwise, all three broadcast to {@code out.shape()}. */
    public static Object where(Tensor cond, Tensor x, Tensor y, ShapeRules.Out out) {
        Shape s = out.shape();
        int n = s.size();
        boolean[] c = (boolean[]) TensorAccess.data(cond);
        Object fast = FastLoops.where(c, cond.shape(), TensorAccess.data(x), x.shape(), TensorAccess.data(y), y.shape(), s);
        if (fast != null) {
            return fast;
        }
        int[] ic = Broadcast.indexMap(cond.shape(), s);
        int[] ix = Broadcast.indexMap(x.shape(), s);
        int[] iy = Broadcast.indexMap(y.shape(), s);
        Object xd = TensorAccess.data(x);
        Object yd = TensorAccess.data(y);
        Object o = Convert.allocate(out.dtype(), n);
        for (int i = 0; i < n; i++) {
            boolean pick = c[ic[i]];
            Object src = pick ? xd : yd;
            int at = pick ? ix[i] : iy[i];
            Convert.copy(src, at, o, i);
        }
        return o;
    }

}
