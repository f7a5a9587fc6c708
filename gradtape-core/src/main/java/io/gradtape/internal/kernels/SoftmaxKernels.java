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
        if (out instanceof float[] o) {
            float[] in = (float[]) TensorAccess.data(x);
            shift(in, o, outer, extent, inner);
            float[] e = (float[]) FastLoops.unary(Primitive.EXP, o);
            double[] sums = sums(e, outer, extent, inner);
            for (int b = 0; b < outer; b++) {
                for (int j = 0; j < inner; j++) {
                    double lse = Math.log(sums[b * inner + j]);
                    for (int k = 0, at = b * extent * inner + j; k < extent; k++, at += inner) {
                        o[at] = (float) (o[at] - lse);
                    }
                }
            }
        } else {
            double[] o = (double[]) out;
            double[] in = (double[]) TensorAccess.data(x);
            shift(in, o, outer, extent, inner);
            double[] e = (double[]) FastLoops.unary(Primitive.EXP, o);
            double[] sums = sums(e, outer, extent, inner);
            for (int b = 0; b < outer; b++) {
                for (int j = 0; j < inner; j++) {
                    double lse = Math.log(sums[b * inner + j]);
                    for (int k = 0, at = b * extent * inner + j; k < extent; k++, at += inner) {
                        o[at] -= lse;
                    }
                }
            }
        }
        return out;
    }

    /** {@code o = x - max along the axis}, line by line. */
    private static void shift(float[] x, float[] o, int outer, int extent, int inner) {
        for (int b = 0; b < outer; b++) {
            for (int j = 0; j < inner; j++) {
                int first = b * extent * inner + j;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0, at = first; k < extent; k++, at += inner) {
                    m = Math.max(m, x[at]); // Math.max returns NaN if either is NaN
                }
                for (int k = 0, at = first; k < extent; k++, at += inner) {
                    o[at] = x[at] - m;
                }
            }
        }
    }

    /** As the float32 {@code shift}, in float64. */
    private static void shift(double[] x, double[] o, int outer, int extent, int inner) {
        for (int b = 0; b < outer; b++) {
            for (int j = 0; j < inner; j++) {
                int first = b * extent * inner + j;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0, at = first; k < extent; k++, at += inner) {
                    m = Math.max(m, x[at]);
                }
                for (int k = 0, at = first; k < extent; k++, at += inner) {
                    o[at] = x[at] - m;
                }
            }
        }
    }

    /** The sum of each line of {@code e}, in double, in the line's order. */
    private static double[] sums(float[] e, int outer, int extent, int inner) {
        double[] s = new double[outer * inner];
        for (int b = 0; b < outer; b++) {
            for (int k = 0; k < extent; k++) {
                int row = (b * extent + k) * inner;
                for (int j = 0; j < inner; j++) {
                    s[b * inner + j] += e[row + j];
                }
            }
        }
        return s;
    }

    /** As the float32 {@code sums}. */
    private static double[] sums(double[] e, int outer, int extent, int inner) {
        double[] s = new double[outer * inner];
        for (int b = 0; b < outer; b++) {
            for (int k = 0; k < extent; k++) {
                int row = (b * extent + k) * inner;
                for (int j = 0; j < inner; j++) {
                    s[b * inner + j] += e[row + j];
                }
            }
        }
        return s;
    }
}
