package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.List;

/**
 * The two resampling engines of the image layers, both composed of gathers, products and sums, so a tape
 * differentiates them with respect to the image (each output value's weights are constants):
 * <ul>
 *   <li>{@link #resize}: TensorFlow's {@code tf.image.resize} without antialiasing, which Keras 3's TensorFlow backend
 *       calls (keras/src/backend/tensorflow/image.py {@code resize}): half-pixel centres, the kernels
 *       {@code ResizeBilinear} and {@code ResizeNearestNeighbor} with {@code half_pixel_centers=True}
 *       (tensorflow/core/kernels/image/resize_bilinear_op.cc, resize_nearest_neighbor_op.cc,
 *       tensorflow/core/util/image_resizer_state.h);</li>
 *   <li>{@link #affine}: TensorFlow's {@code ImageProjectiveTransformV3}, which Keras's
 *       {@code ops.image.affine_transform} calls on that backend (tensorflow/core/kernels/image/image_ops.h,
 *       {@code ProjectiveGenerator} and {@code MapCoordinate}).</li>
 * </ul>
 * Sampling positions and weights are computed in float32 as those kernels compute them; a float64 image is then
 * interpolated in float64 (TensorFlow would round it through float32).
 */
final class ImageSampling {
    private ImageSampling() {
    }

    // ------------------------------------------------------------------------------------------------ resize

    /**
     * {@code x} of shape {@code (batch, h, w, c)} resized to {@code (batch, outH, outW, c)}. Nearest keeps the dtype;
     * bilinear gives float32 for an integer input (as {@code ResizeBilinear}, whose output is float) and the input's
     * dtype for a floating one. An unchanged size returns the (floating) input, as the bilinear kernel's no-op case.
     */
    static Tensor resize(Tensor x, int outH, int outW, boolean bilinear) {
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        if (!bilinear) {
            Tensor rows = h == outH ? x : Tensors.gather(x, Tensors.constant(nearest(h, outH), outH), 1);
            return w == outW ? rows : Tensors.gather(rows, Tensors.constant(nearest(w, outW), outW), 2);
        }
        Tensor f = ImageLayers.floating(x);
        if (h == outH && w == outW) {
            return f;
        }
        // compute_lerp: top = tl + (tr - tl) * x_lerp, bottom likewise, then top + (bottom - top) * y_lerp
        return linear(linear(f, 2, outW), 1, outH);
    }

    /**
     * {@code ResizeNearestNeighbor}'s source index with half-pixel centres: {@code floor((o + 0.5) * in / out)} in
     * float32, clamped to {@code [0, in - 1]}.
     */
    static int[] nearest(int in, int out) {
        float scale = in / (float) out;
        int[] idx = new int[out];
        for (int o = 0; o < out; o++) {
            long i = (long) Math.floor(((float) o + 0.5f) * scale);
            idx[o] = (int) Math.max(0, Math.min(i, in - 1));
        }
        return idx;
    }

    /** One pass of {@code ResizeBilinear} along {@code axis} ({@code compute_interpolation_weights}). */
    private static Tensor linear(Tensor x, int axis, int out) {
        int n = x.shape().dim(axis);
        float scale = n / (float) out;
        int[] lower = new int[out];
        int[] upper = new int[out];
        float[] lerp = new float[out];
        for (int o = 0; o < out; o++) {
            float in = ((float) o + 0.5f) * scale - 0.5f;
            float inF = (float) Math.floor(in);
            lower[o] = (int) Math.max((long) inF, 0);
            upper[o] = (int) Math.min((long) Math.ceil(in), n - 1);
            lerp[o] = in - inF;
        }
        int[] weightShape = {1, 1, 1, 1};
        weightShape[axis] = out;
        Tensor t = Tensors.cast(Tensors.constant(lerp, weightShape), x.dtype());
        Tensor a = Tensors.gather(x, Tensors.constant(lower, out), axis);
        Tensor b = Tensors.gather(x, Tensors.constant(upper, out), axis);
        return a.add(b.sub(a).mul(t));
    }

    // ------------------------------------------------------------------------------------------------ affine

    /**
     * {@code ImageProjectiveTransformV3} on a floating batch {@code (batch, h, w, c)} with an output of the same
     * size. Row {@code b} of {@code transforms} ({@code [a0, a1, a2, b0, b1, b2, c0, c1]}, or one row for the whole
     * batch) maps output pixel {@code (x, y)} to the input point {@code ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) /
     * k)}, {@code k = c0 x + c1 y + 1}; the point is folded into the image by the fill mode, and a point left outside
     * {@code [0, w - 1] x [0, h - 1]} (only in constant mode) or a zero {@code k} gives {@code fillValue}. Nearest
     * reads the pixel at the rounded point (halves away from zero); bilinear weighs the four pixels around it, a
     * neighbour past the edge reading {@code fillValue}.
     */
    static Tensor affine(Tensor x, float[][] transforms, boolean bilinear, ImageLayers.FillMode mode,
            double fillValue) {
        int batch = x.shape().dim(0);
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        int c = x.shape().dim(3);
        int pixels = Math.multiplyExact(Math.multiplyExact(batch, h), w);
        DType d = x.dtype();
        // the pixels as rows, and one more row holding the fill value, read for every tap outside the image
        Tensor table = Tensors.concat(List.of(Tensors.reshape(x, pixels, c),
                Tensors.fill(new int[] {1, c}, Tensors.constant(fillValue, d))), 0);
        int fill = pixels;
        int taps = bilinear ? 4 : 1;
        int[][] idx = new int[taps][pixels];
        float[][] wt = new float[4][pixels];   // x_floor, x_ceil, y_floor, y_ceil weights
        int p = 0;
        for (int b = 0; b < batch; b++) {
            float[] t = transforms[transforms.length == 1 ? 0 : b];
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < w; ox++, p++) {
                    float projection = t[6] * ox + t[7] * oy + 1f;
                    boolean outside = projection == 0;
                    float px = 0;
                    float py = 0;
                    if (!outside) {
                        px = map(mode, (t[0] * ox + t[1] * oy + t[2]) / projection, w);
                        py = map(mode, (t[3] * ox + t[4] * oy + t[5]) / projection, h);
                        outside = px < 0 || px > w - 1 || py < 0 || py > h - 1;
                    }
                    if (outside) {
                        for (int k = 0; k < taps; k++) {
                            idx[k][p] = fill;
                        }
                        wt[0][p] = 1;   // 1 * (1 * fill + 0 * fill) + 0 * (...) = fill
                        wt[2][p] = 1;
                        continue;
                    }
                    int base = b * h;
                    if (!bilinear) {
                        idx[0][p] = read(base, Math.round(py), Math.round(px), h, w, fill);
                        continue;
                    }
                    float yFloor = (float) Math.floor(py);
                    float xFloor = (float) Math.floor(px);
                    float yCeil = yFloor + 1;
                    float xCeil = xFloor + 1;
                    idx[0][p] = read(base, (long) yFloor, (long) xFloor, h, w, fill);
                    idx[1][p] = read(base, (long) yFloor, (long) xCeil, h, w, fill);
                    idx[2][p] = read(base, (long) yCeil, (long) xFloor, h, w, fill);
                    idx[3][p] = read(base, (long) yCeil, (long) xCeil, h, w, fill);
                    wt[0][p] = xCeil - px;
                    wt[1][p] = px - xFloor;
                    wt[2][p] = yCeil - py;
                    wt[3][p] = py - yFloor;
                }
            }
        }
        Tensor out;
        if (!bilinear) {
            out = Tensors.gather(table, Tensors.constant(idx[0], pixels));
        } else {
            Tensor[] g = new Tensor[4];
            for (int k = 0; k < 4; k++) {
                g[k] = Tensors.gather(table, Tensors.constant(idx[k], pixels));
            }
            Tensor wx0 = column(wt[0], d);
            Tensor wx1 = column(wt[1], d);
            // value_yfloor = (x_ceil - x) f(x_floor, y_floor) + (x - x_floor) f(x_ceil, y_floor), value_yceil alike,
            // then (y_ceil - y) value_yfloor + (y - y_floor) value_yceil
            Tensor top = wx0.mul(g[0]).add(wx1.mul(g[1]));
            Tensor bottom = wx0.mul(g[2]).add(wx1.mul(g[3]));
            out = column(wt[2], d).mul(top).add(column(wt[3], d).mul(bottom));
        }
        return Tensors.reshape(out, batch, h, w, c);
    }

    private static Tensor column(float[] v, DType d) {
        return Tensors.cast(Tensors.constant(v, v.length, 1), d);
    }

    /** The table row of pixel {@code (y, x)} of image {@code base / h}, or the fill row when it is off the image. */
    private static int read(int base, long y, long x, int h, int w, int fill) {
        return 0 <= y && y < h && 0 <= x && x < w ? (int) (((long) base + y) * w + x) : fill;
    }

    /**
     * {@code MapCoordinate}: the input coordinate {@code in} folded into {@code [0, len - 1]} by the fill mode, in
     * float32 with TensorFlow's integer truncations, then clamped (constant mode leaves it as it is).
     */
    static float map(ImageLayers.FillMode mode, float in, long len) {
        switch (mode) {
            case CONSTANT:
                return in;
            case NEAREST:
                return clamp(in, len);
            case REFLECT:
                // [abcd] read as [dcba|abcd|dcba]: mirrored about -0.5 and len - 0.5
                if (in < 0) {
                    if (len <= 1) {
                        in = 0;
                    } else {
                        long sz2 = 2 * len;
                        if (in < sz2) {
                            in = sz2 * (long) (-in / sz2) + in;
                        }
                        in = in < -len ? in + sz2 : -in - 1;
                    }
                } else if (in > len - 1) {
                    if (len <= 1) {
                        in = 0;
                    } else {
                        long sz2 = 2 * len;
                        in -= sz2 * (long) (in / sz2);
                        if (in >= len) {
                            in = sz2 - in - 1;
                        }
                    }
                }
                return clamp(in, len);
            case WRAP:
                // [abcd] read as [abcd|abcd|abcd]; TensorFlow divides by len - 1 to count the periods
                if (in < 0) {
                    if (len <= 1) {
                        in = 0;
                    } else {
                        long sz = len - 1;
                        in += len * ((long) (-in / sz) + 1);
                    }
                } else if (in > len - 1) {
                    if (len <= 1) {
                        in = 0;
                    } else {
                        long sz = len - 1;
                        in -= len * (long) (in / sz);
                    }
                }
                return clamp(in, len);
            default:
                throw new AssertionError(mode);
        }
    }

    private static float clamp(float v, long len) {
        return Math.min(Math.max(v, 0f), (float) (len - 1));
    }
}
