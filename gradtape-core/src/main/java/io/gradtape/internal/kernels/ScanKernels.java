package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

/**
 * The first-order linear recurrence along one axis, {@code h[k] = a[k] h[k-1] + b[k]} with {@code h[-1] = 0}
 * (or from the end when reversed): cumsum is {@code a = 1, b = x}, cumprod is {@code a = x, b = (x[0], 0, ...)}.
 * The first step is {@code h[0] = b[0]}: {@code a[0]} multiplies nothing, so an infinite or NaN {@code a[0]}
 * does not turn the empty start into NaN ({@code inf * 0}); cumprod of {@code [inf, 2, 3]} is
 * {@code [inf, inf, inf]} as NumPy and TensorFlow, not {@code [nan, nan, nan]}.
 *
 * <p>{@code a} and {@code b} broadcast to the output shape (stride-0 offsets from {@link Broadcast#indexMap});
 * the output is viewed as {@code [outer, n, inner]} around the axis and each of the {@code outer * inner} lanes is
 * one sequential loop. Floating values accumulate in double (float32 rounds once per element); integers in long.
 */
public final class ScanKernels {
    private ScanKernels() {
    }

    /** The scan of {@code a, b} broadcast to {@code out} along {@code axis}, backwards when {@code reverse}. */
    public static Object scan(Tensor a, Tensor b, int axis, boolean reverse, Shape out, DType dtype) {
        int[] d = out.dims();
        int outer = IndexKernels.prod(d, 0, axis);
        int n = d[axis];
        int inner = IndexKernels.prod(d, axis + 1, d.length);
        int size = out.size();
        int[] ia = a.shape().equals(out) ? null : Broadcast.indexMap(a.shape(), out);
        int[] ib = b.shape().equals(out) ? null : Broadcast.indexMap(b.shape(), out);
        Object ad = TensorAccess.data(a);
        Object bd = TensorAccess.data(b);
        int first = reverse ? n - 1 : 0;
        int step = reverse ? -inner : inner;
        if (dtype.isFloating()) {
            double[] h = new double[size];
            for (int o = 0; o < outer && n > 0; o++) {
                for (int i = 0; i < inner; i++) {
                    int at = (o * n + first) * inner + i;
                    double acc = Convert.toDouble(bd, ib == null ? at : ib[at]); // h[0] = b[0]: no a[0] * 0
                    h[at] = acc;
                    at += step;
                    for (int t = 1; t < n; t++, at += step) {
                        double av = Convert.toDouble(ad, ia == null ? at : ia[at]);
                        double bv = Convert.toDouble(bd, ib == null ? at : ib[at]);
                        acc = av * acc + bv;
                        h[at] = acc;
                    }
                }
            }
            return dtype == DType.FLOAT64 ? h : Convert.array(h, DType.FLOAT32);
        }
        long[] h = new long[size];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                long acc = 0; // a[0] * 0 is 0 for every integer, so the first step needs no peeling
                int at = (o * n + first) * inner + i;
                for (int t = 0; t < n; t++, at += step) {
                    long av = Convert.toLong(ad, ia == null ? at : ia[at]);
                    long bv = Convert.toLong(bd, ib == null ? at : ib[at]);
                    acc = av * acc + bv;
                    h[at] = acc;
                }
            }
        }
        return dtype == DType.INT64 ? h : Convert.array(h, DType.INT32);
    }
}
