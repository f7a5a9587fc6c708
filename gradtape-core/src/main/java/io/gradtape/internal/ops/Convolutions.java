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
 * 2-D convolution and pooling in NHWC layout (and their 1-D forms over one row), built on one gather of window cells
 * (im2col) described by {@link Windows}: conv2d is a matmul of the patches, depthwiseConv2d their product with each
 * channel's filter summed over the window, avgPool2d a mean over real cells, maxPool2d a gather of each window's first
 * maximum.
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
        return conv2d(input, filters, Windows.of(op, input, f[0], f[1], strides, dilations, padding));
    }

    /** conv2d of checked NHWC input and HWIO filters over the windows {@code w}: the part that records on the tape. */
    private static Tensor conv2d(Tensor input, Tensor filters, Windows w) {
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        if (w.cellIndex == null) {
            return Windows.empty(new int[] {x[0], w.oh, w.ow, f[3]}, input, filters);
        }
        Tensor patches = w.patches(input);                                   // (N, OH, OW, KH*KW, C)
        Tensor rows = reshape(patches, x[0] * w.oh * w.ow, f[0] * f[1] * f[2]);
        Tensor y = matmul(rows, reshape(filters, f[0] * f[1] * f[2], f[3]));
        return reshape(y, x[0], w.oh, w.ow, f[3]);
    }

    /**
     * Depthwise 2-D convolution of NHWC {@code input} by {@code filters (KH, KW, C, M)}, as {@code tf.nn.depthwise_conv2d}
     * (tensorflow/python/ops/nn_impl.py, depthwise_conv2d): {@code out[n, i, j, c M + m] = sum_{a, b}
     * in[n, i s_h + a d_h, j s_w + b d_w, c] f[a, b, c, m]} over the padded input, SAME/VALID, strides and dilations
     * exactly as {@link #conv2d}.
     *
     * <p>Composed, not a primitive: the same patches as conv2d, {@code (N, OH, OW, KH*KW, C)}, then with a depth
     * multiplier {@code M = 1} their product with the filter {@code (KH*KW, C)} broadcast over the batch and positions,
     * summed over the window axis; with {@code M > 1} one batched matmul {@code (C, N*OH*OW, KH*KW) @ (C, KH*KW, M)}
     * between transposes. Each output is the plain sum of its {@code KH*KW} products (no zero-filled block-diagonal
     * conv2d filter, which would turn an infinite input into NaN), and every derivative, to any order and in forward
     * mode, is that of gather, multiply, sum, matmul and transpose, so no rule of its own is needed. Why each form, from
     * a quick wall-clock main (not a test; 2 shared cores, float32, 3x3 SAME, forward plus gradient of the sum for
     * input and filter, best of 5): (8, 56, 56, 64) with {@code M = 1} took 80-135 ms by the broadcast product, 200 ms
     * by the matmul (its transposes of the patches dominate) and 85 ms as nine shifted strided slices times their
     * filter tap; (8, 28, 28, 32) with {@code M = 4} took 120 ms by a 6-D broadcast product, 25 ms by the matmul. An
     * ordinary conv2d of (8, 56, 56, 64) to 64 channels took 60 ms on the same machine, so this costs about what the
     * im2col gather costs, not more: slower than a native kernel would be, but not pathologically.
     */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filters, int[] strides, String padding, int[] dilations) {
        String op = "depthwiseConv2d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        Objects.requireNonNull(filters, () -> op + ": filters is null");
        requireRank4(op, "input (NHWC)", input);
        requireRank4(op, "filters (HW, in channels, depth multiplier)", filters);
        ShapeRules.sameDType(op, input, filters);
        requireDepthwiseFilters(op, "filters", input, filters);
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        Windows w = Windows.of(op, input, f[0], f[1], strides, dilations, padding);
        if (exceedsInt(x, w, (double) f[2] * f[3])) {
            throw new IllegalArgumentException(op + ": the input of shape " + input.shape() + " by filters of shape " + filters.shape()
                    + " gives an output of " + x[0] + " x " + w.oh + " x " + w.ow + " x " + ((long) f[2] * f[3])
                    + " elements, more than 2^31-1");
        }
        return depthwiseConv2d(input, filters, w);
    }

    /**
     * The checks of the depthwise step that depthwiseConv2d and separableConv2d share, after the ranks and dtypes:
     * {@code filters (KH, KW, C, M)}, called {@code name} in the message, must have the input's {@code C} channels on
     * axis 2 and a kernel of at least 1 x 1.
     */
    private static void requireDepthwiseFilters(String op, String name, Tensor input, Tensor filters) {
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        if (f[2] != x[3]) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + filters.shape() + " have " + f[2]
                    + " input channels (axis 2) but the input of shape " + input.shape() + " has " + x[3]);
        }
        if (f[0] < 1 || f[1] < 1) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + filters.shape()
                    + " have an empty kernel (height and width must be >= 1)");
        }
    }

    /**
     * Whether an NHWC result of the input {@code x}'s batch, the windows' {@code oh x ow} positions and
     * {@code channels} channels would have more than 2^31-1 elements (counted in double, so no int product wraps);
     * the patches themselves were checked by {@link Windows#of} ({@code oh * ow * kh * kw * n * c}).
     */
    private static boolean exceedsInt(int[] x, Windows w, double channels) {
        return channels * x[0] * w.oh * w.ow > Integer.MAX_VALUE;
    }

    /** depthwiseConv2d of checked NHWC input and (KH, KW, C, M) filters over the windows {@code w}. */
    private static Tensor depthwiseConv2d(Tensor input, Tensor filters, Windows w) {
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        if (w.cellIndex == null) {
            return Windows.empty(new int[] {x[0], w.oh, w.ow, f[2] * f[3]}, input, filters);
        }
        int kk = f[0] * f[1];
        Tensor patches = w.patches(input);                                   // (N, OH, OW, KH*KW, C)
        if (f[3] == 1) {                                                     // the common case: no multiplier axis
            return reduceSum(mul(patches, reshape(filters, kk, f[2])), 3);   // (N, OH, OW, C)
        }
        int p = x[0] * w.oh * w.ow;
        Tensor a = transpose(reshape(patches, p, kk, f[2]), 2, 0, 1);          // (C, P, KH*KW)
        Tensor b = transpose(reshape(filters, kk, f[2], f[3]), 1, 0, 2);       // (C, KH*KW, M)
        Tensor y = transpose(matmul(a, b), 1, 0, 2);                         // (P, C, M): channel c M + m
        return reshape(y, x[0], w.oh, w.ow, f[2] * f[3]);
    }

    /**
     * {@code tf.nn.separable_conv2d} (tensorflow/python/ops/nn_impl.py, separable_conv2d): {@link #depthwiseConv2d}
     * by {@code depthwiseFilters (KH, KW, C, M)}, then a 1x1 {@link #conv2d} (stride 1, VALID) by
     * {@code pointwiseFilters (1, 1, C*M, O)}; the strides, padding and dilations are the depthwise step's. Every
     * check, the pointwise filter's too (TF: rank 4, {@code 1 x 1} spatially, {@code C*M} input channels), runs before
     * anything is recorded.
     */
    public static Tensor separableConv2d(Tensor input, Tensor depthwiseFilters, Tensor pointwiseFilters, int[] strides,
                                         String padding, int[] dilations) {
        String op = "separableConv2d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        Objects.requireNonNull(depthwiseFilters, () -> op + ": depthwiseFilters is null");
        Objects.requireNonNull(pointwiseFilters, () -> op + ": pointwiseFilters is null");
        requireRank4(op, "input (NHWC)", input);
        requireRank4(op, "depthwiseFilters (HW, in channels, depth multiplier)", depthwiseFilters);
        requireRank4(op, "pointwiseFilters (1, 1, in channels x depth multiplier, out channels)", pointwiseFilters);
        ShapeRules.sameDType(op, input, depthwiseFilters);
        ShapeRules.sameDType(op, input, pointwiseFilters);
        requireDepthwiseFilters(op, "depthwiseFilters", input, depthwiseFilters);
        int[] f = depthwiseFilters.shape().dims();
        int[] pf = pointwiseFilters.shape().dims();
        int[] x = input.shape().dims();
        if (pf[0] != 1 || pf[1] != 1 || (long) pf[2] != (long) f[2] * f[3]) {
            throw new IllegalArgumentException(op + ": pointwiseFilters of shape " + pointwiseFilters.shape() + " must be (1, 1, "
                    + ((long) f[2] * f[3]) + ", out channels): 1x1, with the depthwise output's channels (in channels "
                    + f[2] + " x depth multiplier " + f[3] + " of depthwiseFilters " + depthwiseFilters.shape() + ")");
        }
        Windows w = Windows.of(op, input, f[0], f[1], strides, dilations, padding);
        if (exceedsInt(x, w, (double) f[2] * f[3]) || exceedsInt(x, w, pf[3])) {
            throw new IllegalArgumentException(op + ": the input of shape " + input.shape() + " by depthwiseFilters of shape "
                    + depthwiseFilters.shape() + " and pointwiseFilters of shape " + pointwiseFilters.shape() + " gives a result of"
                    + " more than 2^31-1 elements (" + w.oh + " x " + w.ow + " positions)");
        }
        Tensor depthwise = depthwiseConv2d(input, depthwiseFilters, w);
        // the pointwise step, a conv2d by a 1x1 filter, is one matmul of the depthwise output's rows
        Windows one = Windows.of(op, depthwise, 1, 1, new int[] {1}, new int[] {1}, "VALID");
        return conv2d(depthwise, pointwiseFilters, one);
    }

    /**
     * The transpose of {@link #conv2d} with respect to its input (TensorFlow's {@code conv2d_transpose}, which is
     * {@code Conv2DBackpropInput} with {@code input_sizes = output_shape}): each input cell, times the filter, is
     * added into its window of the result. It is conv2d's input gradient written out: a matmul of the input rows by
     * the transposed filter gives every window's cells, and one segment sum (the transpose of the gather conv2d
     * takes its patches with) adds them into the padded result, whose padding is then cut off. So its gradient for
     * the input is a conv2d by the same filter, and for the filter the matmul's.
     */
    public static Tensor conv2dTranspose(Tensor input, Tensor filters, int[] outputShape, int[] strides, String padding,
                                         int[] dilations) {
        String op = "conv2dTranspose";
        Objects.requireNonNull(input, () -> op + ": input is null");
        Objects.requireNonNull(filters, () -> op + ": filters is null");
        Objects.requireNonNull(outputShape, () -> op + ": outputShape is null");
        requireRank4(op, "input (NHWC)", input);
        requireRank4(op, "filters (HW, out channels, in channels)", filters);
        ShapeRules.sameDType(op, input, filters);
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        if (f[3] != x[3]) {
            throw new IllegalArgumentException(op + ": filters of shape " + filters.shape() + " have " + f[3]
                    + " input channels (last axis) but the input of shape " + input.shape() + " has " + x[3]);
        }
        if (f[0] < 1 || f[1] < 1) {
            throw new IllegalArgumentException(op + ": filters of shape " + filters.shape() + " have an empty kernel (height and width must be >= 1)");
        }
        // tensorflow/core/kernels/conv_grad_shape_utils.cc Conv2DBackpropComputeInputShape: 4 sizes, or 2 (height,
        // width) with the batch taken from the input and the channels from the filters
        int[] out;
        if (outputShape.length == 4) {
            out = outputShape.clone();
        } else if (outputShape.length == 2) {
            out = new int[] {x[0], outputShape[0], outputShape[1], f[2]};
        } else {
            throw new IllegalArgumentException(op + ": outputShape must have 4 entries (batch, height, width, channels) or 2 "
                    + "(height, width), got " + Arrays.toString(outputShape));
        }
        Shape outShape = ShapeRules.shape(op, out); // no negative size, at most 2^31-1 elements
        if (out[0] != x[0] || out[3] != f[2]) {
            throw new IllegalArgumentException(op + ": outputShape " + Arrays.toString(outputShape) + " must have the input's batch "
                    + x[0] + " (input shape " + input.shape() + ") and the filters' " + f[2] + " output channels (axis 2 of "
                    + filters.shape() + ")");
        }
        if ("VALID".equals(padding)) { // the result is a conv2d input: with VALID it must hold the dilated filter
            int[] d = Windows.pair(op, "dilations", dilations);
            if ((long) (f[0] - 1) * d[0] + 1 > out[1] || (long) (f[1] - 1) * d[1] + 1 > out[2]) {
                throw new IllegalArgumentException(op + ": the filters of shape " + filters.shape() + " (dilations "
                        + Arrays.toString(dilations) + ") are larger than outputShape " + Arrays.toString(outputShape)
                        + " with VALID padding: no conv2d input of that shape gives the input's shape " + input.shape());
            }
        }
        Windows w = Windows.of(op, outShape, f[0], f[1], strides, dilations, padding);
        if (w.oh != x[1] || w.ow != x[2]) {
            throw new IllegalArgumentException(op + ": outputShape " + Arrays.toString(outputShape) + " does not fit the input of shape "
                    + input.shape() + ": a conv2d of that shape by filters " + filters.shape() + " with strides "
                    + Arrays.toString(strides) + ", dilations " + Arrays.toString(dilations) + " and " + padding + " padding has "
                    + w.oh + "x" + w.ow + " rows and columns, not " + x[1] + "x" + x[2]);
        }
        if (w.cellIndex == null) {
            return Windows.empty(out, input, filters);
        }
        int kk = f[0] * f[1];
        Tensor rows = reshape(input, x[0] * x[1] * x[2], x[3]);
        Tensor cells = matmul(rows, reshape(filters, kk * f[2], f[3]), false, true); // (N*IH*IW, KH*KW*OC)
        // cell (i, j, a, b) of the windows lands at padded position cellIndex[((i * IW + j) * KH + a) * KW + b]
        Tensor windows = reshape(cells, x[0], x[1] * x[2] * kk, f[2]);
        Tensor sums = unsortedSegmentSum(windows, constant(w.cellIndex, w.cellIndex.length), w.hp * w.wp, 1);
        Tensor padded = reshape(sums, x[0], w.hp, w.wp, f[2]);
        if (!w.padded()) {
            return padded;
        }
        return slice(padded, new int[] {0, w.padTop, w.padLeft, 0}, out);
    }

    public static Tensor maxPool2d(Tensor input, int[] ksize, int[] strides, String padding) {
        String op = "maxPool2d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        requireRank4(op, "input (NHWC)", input);
        int[] k = Windows.pair(op, "ksize", ksize);
        return maxPool2d(input, Windows.of(op, input, k[0], k[1], strides, new int[] {1}, padding));
    }

    /** maxPool2d of a checked NHWC input over the windows {@code w}. */
    private static Tensor maxPool2d(Tensor input, Windows w) {
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
        return avgPool2d(input, Windows.of(op, input, k[0], k[1], strides, new int[] {1}, padding));
    }

    /** avgPool2d of a checked NHWC input over the windows {@code w}. */
    private static Tensor avgPool2d(Tensor input, Windows w) {
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

    // ------------------------------------------------------------------------------------ 1-D forms

    /**
     * 1-D convolution of an NWC {@code input} by WIO {@code filters}: the 2-D one over an image of one row, as
     * TensorFlow's {@code tf.nn.conv1d} (nn_ops.py, conv1d: expand_dims of the input at the height axis and of the
     * filters at axis 0, conv2d, squeeze). The 1-D ops here ({@link #maxPool1d} and {@link #avgPool1d} too) are
     * composed of the 2-D ones, so they have every derivative the 2-D ops have. Every check runs before anything is
     * recorded (the windows too, over the one-row shape), so a refused call leaves the tape as it was and names the
     * 1-D shapes.
     *
     * @throws IllegalArgumentException if a rank, the dtypes, the input channels, the sizes or the padding are wrong
     */
    public static Tensor conv1d(Tensor input, Tensor filters, int stride, String padding, int dilation) {
        String op = "conv1d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        Objects.requireNonNull(filters, () -> op + ": filters is null");
        requireRank(op, "input (NWC)", input, 3);
        requireRank(op, "filters (WIO)", filters, 3);
        ShapeRules.sameDType(op, input, filters);
        int[] f = filters.shape().dims();
        int[] x = input.shape().dims();
        if (f[1] != x[2]) {
            throw new IllegalArgumentException(op + ": filters of shape " + filters.shape() + " have " + f[1]
                    + " input channels but the input of shape " + input.shape() + " has " + x[2]);
        }
        if (f[0] < 1) {
            throw new IllegalArgumentException(op + ": filters of shape " + filters.shape() + " have an empty kernel (width must be >= 1)");
        }
        Windows w = windows1d(op, input, f[0], stride, dilation, padding);
        return squeeze(conv2d(expandDims(input, 1), expandDims(filters, 0), w), 1);
    }

    /**
     * 1-D max pooling of an NWC {@code input}: {@code tf.nn.max_pool1d}, max_pool over the input expanded to one row,
     * then squeezed (see {@link #conv1d} for the shared rules).
     *
     * @throws IllegalArgumentException if the input is not rank 3, or the sizes or the padding are wrong
     */
    public static Tensor maxPool1d(Tensor input, int ksize, int stride, String padding) {
        String op = "maxPool1d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        requireRank(op, "input (NWC)", input, 3);
        Windows w = windows1d(op, input, ksize, stride, 1, padding);
        return squeeze(maxPool2d(expandDims(input, 1), w), 1);
    }

    /**
     * 1-D average pooling of an NWC {@code input}: {@code tf.nn.avg_pool1d}, avg_pool over the input expanded to one
     * row, then squeezed (see {@link #conv1d} for the shared rules).
     *
     * @throws IllegalArgumentException if the input is not rank 3, or the sizes or the padding are wrong
     */
    public static Tensor avgPool1d(Tensor input, int ksize, int stride, String padding) {
        String op = "avgPool1d";
        Objects.requireNonNull(input, () -> op + ": input is null");
        requireRank(op, "input (NWC)", input, 3);
        Windows w = windows1d(op, input, ksize, stride, 1, padding);
        return squeeze(avgPool2d(expandDims(input, 1), w), 1);
    }

    /**
     * The windows of a 1-D op over its {@code (batch, steps, channels)} input seen as one row {@code (batch, 1, steps,
     * channels)}; first the checks in 1-D words: a positive size, stride and dilation, and with VALID a dilated window
     * no wider than the input. {@link Windows#of} checks the rest (the padding's name, sizes past 2^31-1).
     */
    private static Windows windows1d(String op, Tensor input, int k, int stride, int dilation, String padding) {
        if (k < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException(op + (op.equals("conv1d") ? ": stride and dilation must be >= 1, got " + stride + " and "
                    + dilation : ": ksize and stride must be >= 1, got " + k + " and " + stride));
        }
        int[] x = input.shape().dims();
        long extent = (long) (k - 1) * dilation + 1;
        if ("VALID".equals(padding) && extent > x[1]) {
            throw new IllegalArgumentException(op + ": the window of " + k + (dilation > 1 ? " (extent " + extent + " with dilation "
                    + dilation + ")" : "") + " is wider than the input's " + x[1] + " steps (shape " + input.shape()
                    + ") with VALID padding");
        }
        return Windows.of(op, Shape.of(x[0], 1, x[1], x[2]), 1, k, new int[] {1, stride}, new int[] {1, dilation}, padding);
    }

    public static void requireRank4(String op, String what, Tensor t) {
        requireRank(op, what, t, 4);
    }

    private static void requireRank(String op, String what, Tensor t, int rank) {
        if (what.startsWith("input")) {
            ShapeRules.requireFloating(op, t);
        }
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + what + " must have rank " + rank + ", got shape " + t.shape());
        }
    }
}
