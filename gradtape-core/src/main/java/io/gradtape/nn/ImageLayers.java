package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Locale;
import java.util.Objects;

/**
 * The input checks, option parsing and crop arithmetic shared by the image preprocessing layers ({@link Resizing},
 * {@link CenterCrop}, {@link RandomFlip}, {@link RandomCrop}, {@link RandomTranslation}, {@link RandomRotation},
 * {@link RandomZoom}, {@link RandomContrast}, {@link RandomBrightness}). Images are channels-last: a batch
 * {@code (batch, height, width, channels)} or one image {@code (height, width, channels)}, as Keras 3's
 * {@code BaseImagePreprocessingLayer} accepts (keras/src/layers/preprocessing/image_preprocessing/).
 */
final class ImageLayers {
    private ImageLayers() {
    }

    /** TensorFlow's {@code ImageProjectiveTransformV3} fill modes (Keras's {@code fill_mode}). */
    enum FillMode {
        REFLECT, WRAP, CONSTANT, NEAREST
    }

    /**
     * The rank check of Keras's {@code _is_batched}: rank 4 or 3, or an {@link IllegalArgumentException}
     * {@code "<name>: <kind> needs images of rank 4 (batch, height, width, channels) or 3 (height, width, channels),
     * got shape <s> and dtype <d>"}; a height, width or channel count of 0 is refused too (TensorFlow's resize and
     * transform kernels refuse empty images).
     */
    static void checkImages(Module layer, String kind, Tensor x) {
        Objects.requireNonNull(x, () -> layer.name() + ": input is null");
        int r = x.rank();
        if (r != 3 && r != 4) {
            throw new IllegalArgumentException(layer.name() + ": " + kind + " needs images of rank 4 (batch, height,"
                    + " width, channels) or 3 (height, width, channels), got shape " + x.shape() + " and dtype "
                    + x.dtype());
        }
        for (int a = r - 3; a < r; a++) {
            if (x.shape().dim(a) == 0) {
                throw new IllegalArgumentException(layer.name() + ": " + kind + " needs a non-empty height, width and"
                        + " channel axis, got shape " + x.shape());
            }
        }
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(layer.name() + ": " + kind + " needs numeric images, got shape "
                    + x.shape() + " and dtype bool");
        }
    }

    /** A batch of one for a rank-3 image (Keras's {@code transform_single_image}); a batch as it is. */
    static Tensor batched(Tensor x) {
        return x.rank() == 3 ? Tensors.expandDims(x, 0) : x;
    }

    /** The inverse of {@link #batched}: the batch axis removed again when the layer's input was one image. */
    static Tensor unbatched(Tensor y, Tensor input) {
        return input.rank() == 3 ? Tensors.squeeze(y, 0) : y;
    }

    /**
     * Keras's cast to the layer's compute dtype: a floating input as it is (gradtape keeps float64), an integer one
     * cast to float32, Keras's default compute dtype.
     */
    static Tensor floating(Tensor x) {
        return x.dtype().isFloating() ? x : Tensors.cast(x, DType.FLOAT32);
    }

    /** The dtype {@link #floating} gives: a floating input's own, float32 for an integer one. */
    static DType computeDtype(Tensor x) {
        return x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
    }

    /** The height axis of the input, 0 for one image and 1 for a batch. */
    static int heightAxis(Tensor x) {
        return x.rank() - 3;
    }

    /** {@code "nearest"} (false) or {@code "bilinear"} (true), in any case, or an exception naming the layer. */
    static boolean bilinear(String kind, String interpolation) {
        Objects.requireNonNull(interpolation, () -> kind + ": interpolation is null");
        String i = interpolation.toLowerCase(Locale.ROOT);
        if (i.equals("bilinear")) {
            return true;
        }
        if (i.equals("nearest")) {
            return false;
        }
        throw new IllegalArgumentException(kind + ": interpolation must be \"nearest\" or \"bilinear\", got \""
                + interpolation + "\" (Keras's bicubic, lanczos and area methods are not supported)");
    }

    /** Keras's {@code fill_mode}: reflect, wrap, constant or nearest, in any case. */
    static FillMode fillMode(String kind, String mode) {
        Objects.requireNonNull(mode, () -> kind + ": fillMode is null");
        for (FillMode m : FillMode.values()) {
            if (m.name().equalsIgnoreCase(mode)) {
                return m;
            }
        }
        throw new IllegalArgumentException(kind + ": fillMode must be \"reflect\", \"wrap\", \"constant\" or"
                + " \"nearest\", got \"" + mode + "\"");
    }

    /** A finite fill value, or an exception naming the layer. */
    static double finite(String kind, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(kind + ": " + what + " must be finite, got " + v);
        }
        return v;
    }

    /**
     * Refuses, before anything is drawn or computed, a value that a layer must hold in the dtype it computes in
     * ({@code compute}: float32 for float32 and integer images) when it lies beyond float32's finite range:
     * an {@link IllegalArgumentException} {@code "<name>: <kind> cannot hold its <what> <values> in float32 for
     * images of shape <s> and dtype <d> (float32's largest finite value is 3.4028235E38); <fix>"}. Nothing happens
     * for float64.
     */
    static void checkFloat32(Module layer, String kind, Tensor x, DType compute, String what, String fix,
            double... values) {
        if (compute != DType.FLOAT32) {
            return;
        }
        for (double v : values) {
            if (Math.abs(v) > Float.MAX_VALUE) {
                throw new IllegalArgumentException(layer.name() + ": " + kind + " cannot hold its " + what + " "
                        + (values.length == 1 ? String.valueOf(values[0]) : java.util.Arrays.toString(values))
                        + " in float32 for images of shape " + x.shape() + " and dtype " + x.dtype()
                        + " (float32's largest finite value is " + Float.MAX_VALUE + "); " + fix);
            }
        }
    }

    /**
     * Keras's number-or-pair factor: one value {@code f} gives {@code {-|f|, |f|}}, two values are sorted; every value
     * must lie in {@code [min, max]} (or {@code (min, max]} when {@code minOpen}), else an exception naming the
     * layer and the argument.
     */
    static double[] factor(String kind, String what, double[] f, double min, double max, boolean minOpen) {
        Objects.requireNonNull(f, () -> kind + ": " + what + " is null");
        if (f.length == 1) {
            double[] r = range(kind, what, f[0], f[0], min, max, minOpen);
            double a = Math.abs(r[0]);
            return new double[] {-a, a};
        }
        if (f.length != 2) {
            throw new IllegalArgumentException(kind + ": " + what + " must be one number or a pair, got "
                    + java.util.Arrays.toString(f));
        }
        return range(kind, what, f[0], f[1], min, max, minOpen);
    }

    /**
     * A factor pair {@code {lower, upper}} sorted, each in {@code [min, max]} (or {@code (min, max]} when
     * {@code minOpen}), as the {@code _set_factor} of Keras's RandomTranslation and RandomZoom check both ends.
     */
    static double[] range(String kind, String what, double a, double b, double min, double max, boolean minOpen) {
        for (double v : new double[] {a, b}) {
            if (!(v <= max && (minOpen ? v > min : v >= min))) {
                throw new IllegalArgumentException(kind + ": " + what + " must be in " + (minOpen ? "(" : "[") + min
                        + ", " + max + "], got " + a + (a == b ? "" : " and " + b));
            }
        }
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /**
     * The window of the largest crop with the target's aspect ratio, centred: {@code {top, left, cropHeight,
     * cropWidth}}. {@code float32} follows the TensorFlow backend's {@code resize(crop_to_aspect_ratio=True)}
     * (keras/src/backend/tensorflow/image.py: products cast to float32 before dividing) and tf.keras 2's
     * {@code smart_resize} (keras/preprocessing/image.py), which {@link RandomCrop} uses; otherwise the arithmetic is
     * in double, as Keras 3's {@code smart_resize} static-shape path (keras/src/utils/image_utils.py), which
     * {@link CenterCrop} uses. The two differ only when a product exceeds 2^24.
     */
    static int[] aspectCrop(int h, int w, int targetH, int targetW, boolean float32) {
        int cropH;
        int cropW;
        int top;
        int left;
        if (float32) {
            cropH = (int) ((float) ((long) w * targetH) / (float) targetW);
            cropW = (int) ((float) ((long) h * targetW) / (float) targetH);
            cropH = Math.max(Math.min(h, cropH), 1);
            cropW = Math.max(Math.min(w, cropW), 1);
            top = (int) ((float) (h - cropH) / 2f);
            left = (int) ((float) (w - cropW) / 2f);
        } else {
            cropH = (int) ((double) ((long) w * targetH) / targetW);
            cropW = (int) ((double) ((long) h * targetW) / targetH);
            cropH = Math.max(Math.min(h, cropH), 1);
            cropW = Math.max(Math.min(w, cropW), 1);
            top = (int) ((double) (h - cropH) / 2);
            left = (int) ((double) (w - cropW) / 2);
        }
        return new int[] {top, left, cropH, cropW};
    }

    /** Rows {@code [top, top + rows)} and columns {@code [left, left + cols)} of a batch. */
    static Tensor window(Tensor x4, int top, int left, int rows, int cols) {
        return Tensors.slice(x4, new int[] {0, top, left, 0}, new int[] {-1, rows, cols, -1});
    }
}
