package io.gradtape.internal.kernels;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Primitive;

/**
 * The log-softmax along one axis, {@code out = z - log(sum(exp(z)))} with {@code z = x - max(x)}, in one op.
 *
 * <p>
 * The tensor is read as {@code (outer, extent, inner)} around the axis. Per line along the axis:
 * </p>
 * <ol>
 *   <li>{@code m} = the line's maximum; a NaN anywhere makes it NaN (as {@code reduceMax});</li>
 *   <li>{@code z = x - m} is written to the output (an infinite {@code m} makes NaN there, as the composite
 *       {@code x - stopGradient(reduceMax(x))} did);</li>
 *   <li>{@code e = exp(z)} by the EXP primitive's own kernel ({@link FastLoops#unary}), into a scratch array, so
 *       the exponentials have that kernel's speed and its documented accuracy;</li>
 *   <li>{@code s} = the line's sum of {@code e}, in double; {@code out = z - log(s)}, with {@code log} in double
 *       and one rounding to float32.</li>
 * </ol>
 * <p>
 * Every step is per element or per line in a fixed order, so the bits do not depend on the thread count.
 * </p>
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    /** The log-softmax of a float32 or float64 tensor along {@code axis} (normalized). */
    static Object logSoftmax(Tensor x, int axis) {
        Shape s = x.shape();
        int extent = s.dim(axis);
        int inner = 1;
        for (int d = axis + 1; d < s.rank(); d++) {
            inner *= s.dim(d);
        }
        int n = s.size();
        Object out = Convert.allocate(x.dtype(), n);
        if (n == 0) {
            return out;
        }
        int outer = n / (extent * inner);
        // each step of a line is its own small method, called once per line (see shift)
        if (out instanceof float[] o) {
            float[] in = (float[]) TensorAccess.data(x);
            shift(in, o, outer, extent, inner);
            finish((float[]) FastLoops.unary(Primitive.EXP, o), o, outer, extent, inner);
        } else {
            double[] o = (double[]) out;
            double[] in = (double[]) TensorAccess.data(x);
            shift(in, o, outer, extent, inner);
            finish((double[]) FastLoops.unary(Primitive.EXP, o), o, outer, extent, inner);
        }
        return out;
    }

    /**
     * {@link #shiftLine} on every line. The steps of one line are small methods called once per line (the MNIST MLP's
     * loss: 128 lines of 10), which C2 compiles as methods after a few calls. Until 2026-12-05 each step's loops
     * over all lines were in one method called once per op, and C2 compiled each such method twice, first as an
     * on-stack replacement of its loops: 7 compilations, 30-36 ms of the one C2 thread within the MLP's first 100
     * steps after other work (WarmCold mixed 2, -XX:+LogCompilation), while both CPUs were needed; now 3 (the line
     * methods), 8-13 ms, and the loops over the lines, 128 steps per call here, reach C2 after those 100 steps.
     * A line's sum and subtraction stay separate passes over all lines ({@link #finish}): one method per line for
     * sum, log and subtraction took 9.2-10.0 us per (128, 10) log-softmax against 6.2-7.0 before (the log of
     * each line waited for its sum, the next line's sum for the subtraction), the separate passes 6.3-6.9.
     */
    private static void shift(float[] x, float[] o, int outer, int extent, int inner) {
        for (int b = 0, first = 0; b < outer; b++, first += extent * inner) {
            for (int j = 0; j < inner; j++) {
                shiftLine(x, o, first + j, extent, inner);
            }
        }
    }

    /** {@link #shiftLine} on every line, float64. */
    private static void shift(double[] x, double[] o, int outer, int extent, int inner) {
        for (int b = 0, first = 0; b < outer; b++, first += extent * inner) {
            for (int j = 0; j < inner; j++) {
                shiftLine(x, o, first + j, extent, inner);
            }
        }
    }

    /** {@code o -= log(sum(e))} on every line: first every line's sum ({@link #sumLine}), then the subtractions. */
    private static void finish(float[] e, float[] o, int outer, int extent, int inner) {
        double[] sums = new double[outer * inner];
        for (int b = 0, first = 0, line = 0; b < outer; b++, first += extent * inner) {
            for (int j = 0; j < inner; j++, line++) {
                sums[line] = sumLine(e, first + j, extent, inner);
            }
        }
        for (int b = 0, first = 0, line = 0; b < outer; b++, first += extent * inner) {
            for (int j = 0; j < inner; j++, line++) {
                subtractLine(o, first + j, extent, inner, Math.log(sums[line]));
            }
        }
    }

    /** As the float32 {@code finish}. */
    private static void finish(double[] e, double[] o, int outer, int extent, int inner) {
        double[] sums = new double[outer * inner];
        for (int b = 0, first = 0, line = 0; b < outer; b++, first += extent * inner) {
            for (int j = 0; j < inner; j++, line++) {
                sums[line] = sumLine(e, first + j, extent, inner);
            }
        }
        for (int b = 0, first = 0, line = 0; b < outer; b++, first += extent * inner) {
            for (int j = 0; j < inner; j++, line++) {
                subtractLine(o, first + j, extent, inner, Math.log(sums[line]));
            }
        }
    }

    /** {@code o = x - max} along one line: {@code extent} elements from {@code at}, {@code inner} apart. */
    private static void shiftLine(float[] x, float[] o, int at, int extent, int inner) {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            m = Math.max(m, x[i]); // Math.max returns NaN if either is NaN
        }
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            o[i] = x[i] - m;
        }
    }

    /** As the float32 {@code shiftLine}, in float64. */
    private static void shiftLine(double[] x, double[] o, int at, int extent, int inner) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            m = Math.max(m, x[i]);
        }
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            o[i] = x[i] - m;
        }
    }

    /** The sum of one line of {@code e}, in double, in the line's order. */
    private static double sumLine(float[] e, int at, int extent, int inner) {
        double s = 0;
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            s += e[i];
        }
        return s;
    }

    /** As the float32 {@code sumLine}. */
    private static double sumLine(double[] e, int at, int extent, int inner) {
        double s = 0;
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            s += e[i];
        }
        return s;
    }

    /** {@code o -= lse} along one line, one rounding per element. */
    private static void subtractLine(float[] o, int at, int extent, int inner, double lse) {
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            o[i] = (float) (o[i] - lse);
        }
    }

    /** As the float32 {@code subtractLine}. */
    private static void subtractLine(double[] o, int at, int extent, int inner, double lse) {
        for (int k = 0, i = at; k < extent; k++, i += inner) {
            o[i] -= lse;
        }
    }
}
