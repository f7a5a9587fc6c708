package io.gradtape.internal.kernels;

import io.gradtape.Shape;
import io.gradtape.internal.ops.Primitive;

/**
 * Plain loops for the hottest elementwise cases, float32 and float64 only:
 * <ul>
 *   <li>{@link #binary}: {@code add sub mul div} when both shapes are equal or one operand is a scalar;</li>
 *   <li>{@link #unary}: every one-input primitive, with the switch on the primitive taken once per call instead
 *       of once per element.</li>
 * </ul>
 * Every array is indexed by the same loop variable and the loop bodies make no calls that C2 cannot inline, so
 * C2 unrolls and vectorizes the arithmetic ones. Results are bit-identical to the general kernels of
 * {@link ElementwiseKernels} (same operations in the same precision). Large arrays are cut into chunks that
 * {@link Parallel} spreads over the cores: from {@link #PARALLEL_MIN} elements for the memory-bound arithmetic,
 * from {@link #PARALLEL_MIN_TRANSCENDENTAL} for {@code exp}, {@code sin} and the like, which cost tens of
 * nanoseconds per element. The methods return null for any other case, which the general kernel then handles.
 */
public final class FastLoops {
    /** Elements from which {@code + - * /} are split across threads (about 1 ms of single-thread work). */
    public static final int PARALLEL_MIN = 1 << 20;
    /** Elements from which transcendental unary ops are split across threads. */
    public static final int PARALLEL_MIN_TRANSCENDENTAL = 1 << 14;
    /** Chunk size of a split loop (a multiple of the vector length). */
    static final int GRAIN = 1 << 16;

    private FastLoops() {
    }

    /**
     * {@code a op b} for {@code op} in {@code add sub mul div}, float32 or float64, when the shapes are equal or
     * one operand has one element and the other the output's shape; null otherwise.
     */
    public static Object binary(Primitive p, Object a, Object b, Shape sa, Shape sb, Shape out) {
        if (p != Primitive.ADD && p != Primitive.SUB && p != Primitive.MUL && p != Primitive.DIV) {
            return null;
        }
        boolean same = sa.equals(sb);
        boolean right = !same && sb.size() == 1 && sa.equals(out);
        if (!same && !right && !(sa.size() == 1 && sb.equals(out))) {
            return null;
        }
        if (a instanceof float[]) {
            float[] x = (float[]) a, y = (float[]) b;
            int n = same || right ? x.length : y.length;
            float[] o = new float[n];
            if (n < PARALLEL_MIN) {
                if (same) f32(p, x, y, o, 0, n);
                else if (right) f32Right(p, x, y[0], o, 0, n);
                else f32Left(p, x[0], y, o, 0, n);
            } else if (same) {
                Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f32(p, x, y, o, lo, hi));
            } else if (right) {
                float c = y[0];
                Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f32Right(p, x, c, o, lo, hi));
            } else {
                float c = x[0];
                Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f32Left(p, c, y, o, lo, hi));
            }
            return o;
        }
        if (!(a instanceof double[])) {
            return null;
        }
        double[] x = (double[]) a, y = (double[]) b;
        int n = same || right ? x.length : y.length;
        double[] o = new double[n];
        if (n < PARALLEL_MIN) {
            if (same) f64(p, x, y, o, 0, n);
            else if (right) f64Right(p, x, y[0], o, 0, n);
            else f64Left(p, x[0], y, o, 0, n);
        } else if (same) {
            Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f64(p, x, y, o, lo, hi));
        } else if (right) {
            double c = y[0];
            Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f64Right(p, x, c, o, lo, hi));
        } else {
            double c = x[0];
            Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f64Left(p, c, y, o, lo, hi));
        }
        return o;
    }

    /** A one-input primitive on a float32 or float64 array; null for other dtypes. */
    public static Object unary(Primitive p, Object x) {
        boolean cheap = p == Primitive.NEG || p == Primitive.ABS || p == Primitive.RELU;
        int min = cheap ? PARALLEL_MIN : PARALLEL_MIN_TRANSCENDENTAL;
        int grain = cheap ? GRAIN : GRAIN / 8;
        if (x instanceof float[]) {
            float[] a = (float[]) x;
            float[] o = new float[a.length];
            if (a.length < min) {
                f32Unary(p, a, o, 0, a.length);
            } else {
                Parallel.forRange(a.length, grain, min, (lo, hi) -> f32Unary(p, a, o, lo, hi));
            }
            return o;
        }
        if (x instanceof double[]) {
            double[] a = (double[]) x;
            double[] o = new double[a.length];
            if (a.length < min) {
                f64Unary(p, a, o, 0, a.length);
            } else {
                Parallel.forRange(a.length, grain, min, (lo, hi) -> f64Unary(p, a, o, lo, hi));
            }
            return o;
        }
        return null;
    }

    private static void f32Unary(Primitive p, float[] a, float[] o, int lo, int hi) {
        switch (p) {
            case NEG: for (int i = lo; i < hi; i++) o[i] = -a[i]; break;
            case ABS: for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); break;
            case RELU:
                for (int i = lo; i < hi; i++) {
                    float x = a[i];
                    o[i] = x > 0 ? x : (x != x ? x : 0f);
                }
                break;
            case EXP: for (int i = lo; i < hi; i++) o[i] = (float) Math.exp(a[i]); break;
            case LOG: for (int i = lo; i < hi; i++) o[i] = (float) Math.log(a[i]); break;
            case SIN: for (int i = lo; i < hi; i++) o[i] = (float) Math.sin(a[i]); break;
            case COS: for (int i = lo; i < hi; i++) o[i] = (float) Math.cos(a[i]); break;
            case TANH: for (int i = lo; i < hi; i++) o[i] = (float) Math.tanh(a[i]); break;
            case SQRT: for (int i = lo; i < hi; i++) o[i] = (float) Math.sqrt(a[i]); break;
            default: for (int i = lo; i < hi; i++) o[i] = (float) ElementwiseKernels.unaryOp(p, a[i]); break;
        }
    }

    private static void f64Unary(Primitive p, double[] a, double[] o, int lo, int hi) {
        switch (p) {
            case NEG: for (int i = lo; i < hi; i++) o[i] = -a[i]; break;
            case ABS: for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); break;
            case RELU:
                for (int i = lo; i < hi; i++) {
                    double x = a[i];
                    o[i] = x > 0 ? x : (x != x ? x : 0d);
                }
                break;
            case EXP: for (int i = lo; i < hi; i++) o[i] = Math.exp(a[i]); break;
            case LOG: for (int i = lo; i < hi; i++) o[i] = Math.log(a[i]); break;
            case SIN: for (int i = lo; i < hi; i++) o[i] = Math.sin(a[i]); break;
            case COS: for (int i = lo; i < hi; i++) o[i] = Math.cos(a[i]); break;
            case TANH: for (int i = lo; i < hi; i++) o[i] = Math.tanh(a[i]); break;
            case SQRT: for (int i = lo; i < hi; i++) o[i] = Math.sqrt(a[i]); break;
            default: for (int i = lo; i < hi; i++) o[i] = ElementwiseKernels.unaryOp(p, a[i]); break;
        }
    }

    private static void f32(Primitive p, float[] a, float[] b, float[] o, int lo, int hi) {
        switch (p) {
            case ADD: for (int i = lo; i < hi; i++) o[i] = a[i] + b[i]; break;
            case SUB: for (int i = lo; i < hi; i++) o[i] = a[i] - b[i]; break;
            case MUL: for (int i = lo; i < hi; i++) o[i] = a[i] * b[i]; break;
            default: for (int i = lo; i < hi; i++) o[i] = a[i] / b[i]; break;
        }
    }

    private static void f32Right(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        switch (p) {
            case ADD: for (int i = lo; i < hi; i++) o[i] = a[i] + c; break;
            case SUB: for (int i = lo; i < hi; i++) o[i] = a[i] - c; break;
            case MUL: for (int i = lo; i < hi; i++) o[i] = a[i] * c; break;
            default: for (int i = lo; i < hi; i++) o[i] = a[i] / c; break;
        }
    }

    private static void f32Left(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        switch (p) {
            case ADD: for (int i = lo; i < hi; i++) o[i] = c + b[i]; break;
            case SUB: for (int i = lo; i < hi; i++) o[i] = c - b[i]; break;
            case MUL: for (int i = lo; i < hi; i++) o[i] = c * b[i]; break;
            default: for (int i = lo; i < hi; i++) o[i] = c / b[i]; break;
        }
    }

    private static void f64(Primitive p, double[] a, double[] b, double[] o, int lo, int hi) {
        switch (p) {
            case ADD: for (int i = lo; i < hi; i++) o[i] = a[i] + b[i]; break;
            case SUB: for (int i = lo; i < hi; i++) o[i] = a[i] - b[i]; break;
            case MUL: for (int i = lo; i < hi; i++) o[i] = a[i] * b[i]; break;
            default: for (int i = lo; i < hi; i++) o[i] = a[i] / b[i]; break;
        }
    }

    private static void f64Right(Primitive p, double[] a, double c, double[] o, int lo, int hi) {
        switch (p) {
            case ADD: for (int i = lo; i < hi; i++) o[i] = a[i] + c; break;
            case SUB: for (int i = lo; i < hi; i++) o[i] = a[i] - c; break;
            case MUL: for (int i = lo; i < hi; i++) o[i] = a[i] * c; break;
            default: for (int i = lo; i < hi; i++) o[i] = a[i] / c; break;
        }
    }

    private static void f64Left(Primitive p, double c, double[] b, double[] o, int lo, int hi) {
        switch (p) {
            case ADD: for (int i = lo; i < hi; i++) o[i] = c + b[i]; break;
            case SUB: for (int i = lo; i < hi; i++) o[i] = c - b[i]; break;
            case MUL: for (int i = lo; i < hi; i++) o[i] = c * b[i]; break;
            default: for (int i = lo; i < hi; i++) o[i] = c / b[i]; break;
        }
    }
}
