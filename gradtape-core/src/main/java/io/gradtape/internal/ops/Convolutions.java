package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.kernels.IndexKernels;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * 2-D convolution and pooling in NHWC layout, built on one gather of window cells (im2col) described by
 * {@link Windows}: conv2d is a matmul of the patches, avgPool2d a mean over real cells, maxPool2d a gather of each
 * window's first maximum.
 */
public final class Convolutions {
    private Convolutions() {
    }

    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, String padding, int[] dilations) {
        String op = "conv2d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        Objects.requireNonNull(filters, () -> op + ": filters is null");
        requireRank4(op, "input (NHWC)", input);
        requireRank4(op, "filters (HWIO)", filters);
        ShapeRules.sameDType(op, input, filters);
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        if (f[2] != x[3]) {
            throw new IllegalArgumentException(op + ": filters of shape " + filters.shape() + " have " + f[2]
                    + " input channels but the input of shape " + input.shape() + " has " + x[3]);
        }
        if (f[0] < 1 || f[1] < 1) {
            throw new IllegalArgumentException(op + ": filters of shape " + filters.shape() + " have an empty kernel (height and width must be >= 1)");
        }
        Windows w = Windows.of(op, input, f[0], f[1], strides, dilations, padding);
        if (w.cellIndex == null) {
            return Windows.empty(new int[] {x[0], w.oh, w.ow, f[3]}, input, filters);
        }
        Tensor patches = w.patches(input);                                   // (N, OH, OW, KH*KW, C)
        Tensor rows = reshape(patches, x[0] * w.oh * w.ow, f[0] * f[1] * f[2]);
        Tensor y = matmul(rows, reshape(filters, f[0] * f[1] * f[2], f[3]));
        return reshape(y, x[0], w.oh, w.ow, f[3]);
    }

    public static Tensor maxPool2d(Tensor input, int[] ksize, int[] strides, String padding) {
        String op = "maxPool2d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        requireRank4(op, "input (NHWC)", input);
        int[] k = Windows.pair(op, "ksize", ksize);
        Windows w = Windows.of(op, input, k[0], k[1], strides, new int[] {1}, padding);
        int[] x = input.shape().dims();
        if (w.cellIndex == null) {
            return Windows.empty(new int[] {x[0], w.oh, w.ow, x[3]}, input);
        }
        int n = x[0];
        int ch = x[3];
        Tensor padded = w.padded(input, Double.NEGATIVE_INFINITY);          // padding cells are -inf: they never win
        Tensor windows = w.gatherWindows(stopGradient(padded));              // (N, OH, OW, KH*KW, C)
        // the first maximum of each window, a NaN first (NumPy's rule, so a NaN propagates; argmax itself follows TF)
        long[] firsts = (long[]) IndexKernels.argExtreme(windows, 3, true, true);
        int[] best = new int[firsts.length];
        for (int i = 0; i < best.length; i++) {
            best[i] = (int) firsts[i];
        }
        int kk = w.kh * w.kw;
        int cells = w.hp * w.wp;
        int[] flat = new int[best.length];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < w.oh * w.ow; p++) {
                for (int c = 0; c < ch; c++) {
                    int at = (b * w.oh * w.ow + p) * ch + c;
                    int q = best[at];
                    // a padding cell is chosen only when it comes first among equal -inf values: every real cell of
                    // the window is -inf then (a larger or NaN real cell would have won), so the first real cell is
                    // an equal maximum and takes the gradient, as in TensorFlow's MaxPoolGrad, which looks at real
                    // cells only (a window always has one: SAME pads less than the kernel on each side)
                    while (!w.real[p * kk + q]) {
                        q++;
                    }
                    flat[at] = (b * cells + w.cellIndex[p * kk + q]) * ch + c;
                }
            }
        }
        Tensor picked = gather(reshape(padded, -1), constant(flat, flat.length));
        return reshape(picked, n, w.oh, w.ow, ch);
    }

    public static Tensor avgPool2d(Tensor input, int[] ksize, int[] strides, String padding) {
        String op = "avgPool2d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        requireRank4(op, "input (NHWC)", input);
        int[] k = Windows.pair(op, "ksize", ksize);
        Windows w = Windows.of(op, input, k[0], k[1], strides, new int[] {1}, padding);
        if (w.cellIndex == null) {
            int[] x = input.shape().dims();
            return Windows.empty(new int[] {x[0], w.oh, w.ow, x[3]}, input);
        }
        Tensor sums = reduceSum(w.patches(input), 3);                        // (N, OH, OW, C)
        double[] counts = new double[w.oh * w.ow];
        for (int p = 0; p < counts.length; p++) {
            for (int q = 0; q < w.kh * w.kw; q++) {
                counts[p] += w.real[p * w.kh * w.kw + q] ? 1 : 0;
            }
        }
        return div(sums, cast(constant(counts, w.oh, w.ow, 1), input.dtype()));
    }

    public static void requireRank4(String op, String what, Tensor t) {
        if (what.startsWith("input")) {
            ShapeRules.requireFloating(op, t);
        }
        if (t.rank() != 4) {
            throw new IllegalArgumentException(op + ": " + what + " must have rank 4, got shape " + t.shape());
        }
    }
}
