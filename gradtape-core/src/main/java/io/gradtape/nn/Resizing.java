package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Resizes channels-last images to {@code height x width} (Keras 3's {@code Resizing},
 * keras/src/layers/preprocessing/image_preprocessing/resizing.py, named {@code resizing}): a batch
 * {@code (batch, h, w, channels)} becomes {@code (batch, height, width, channels)}, one image {@code (h, w, channels)}
 * becomes {@code (height, width, channels)}. The resampling is TensorFlow's {@code tf.image.resize} without
 * antialiasing, which Keras's TensorFlow backend calls (keras/src/backend/tensorflow/image.py):
 * <ul>
 *   <li>{@code bilinear} (Keras's default) samples output pixel {@code o} at input coordinate
 *       {@code (o + 0.5) * in / out - 0.5} (half-pixel centres), between pixels {@code max(floor, 0)} and
 *       {@code min(ceil, in - 1)}, width first then height, each as {@code a + (b - a) * t} with {@code t} computed
 *       in float32 as TensorFlow's kernel; this is PyTorch's {@code interpolate(mode="bilinear",
 *       align_corners=False)}. An unchanged size returns the input.</li>
 *   <li>{@code nearest} copies input pixel {@code min(floor((o + 0.5) * in / out), in - 1)} (PyTorch's
 *       {@code nearest-exact}).</li>
 * </ul>
 * {@code cropToAspectRatio} first crops the largest centred window with the target's aspect ratio
 * ({@code cropHeight = min(h, trunc(w * height / width))}, at least 1, likewise the width, starting at
 * {@code trunc((h - cropHeight) / 2)}); {@code padToAspectRatio} instead pads {@code trunc((padHeight - h) / 2)} rows
 * of {@code fillValue} above and below ({@code padHeight = max(h, trunc(w * height / width))}), or columns left and
 * right, then resizes; the arithmetic is in float32 as the TensorFlow backend's. Keras's other methods
 * ({@code bicubic}, {@code lanczos3}, {@code lanczos5}, {@code area}) and {@code antialias} are not supported.
 *
 * <p>Dtypes: a floating input keeps its dtype (Keras's layer casts float64 to its float32 compute dtype; here a
 * float64 image is interpolated in float64 with TensorFlow's float32 weights). An integer input keeps its dtype:
 * nearest copies values, bilinear interpolates in float32, rounds halves to even and casts back, as Keras's
 * {@code Resizing} does after {@code tf.image.resize} returns float32. Gradients with respect to the image come
 * from the gathers, products and sums (the exact derivative of the sampling). No variables, no mask, no training
 * behaviour.
 *
 * <pre>{@code
 * Tensor img = Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
 * new Resizing(4, 4).call(img);                 // (1, 4, 4, 1), first row [1, 1.25, 1.75, 2]
 * new Resizing(1, 1, "nearest").call(img);      // [[[[4]]]]: pixel (1, 1)
 * }</pre>
 */
public class Resizing extends Module {
    private final int height;
    private final int width;
    private final boolean bilinear;
    private final boolean cropToAspectRatio;
    private final boolean padToAspectRatio;
    private final double fillValue;

    /**
     * Bilinear resizing to {@code height x width} (Keras's default interpolation), no aspect-ratio handling.
     *
     * <pre>{@code
     * Resizing r = new Resizing(224, 224);
     * }</pre>
     *
     * @param height the output height, positive
     * @param width  the output width, positive
     * @throws IllegalArgumentException if a size is not positive
     */
    public Resizing(int height, int width) {
        this(height, width, "bilinear");
    }

    /**
     * Resizing with an interpolation, {@code "nearest"} or {@code "bilinear"} (any case).
     *
     * <pre>{@code
     * Resizing r = new Resizing(64, 64, "nearest");
     * }</pre>
     *
     * @param height        the output height, positive
     * @param width         the output width, positive
     * @param interpolation {@code "nearest"} or {@code "bilinear"}
     * @throws IllegalArgumentException if a size is not positive or the interpolation is another string
     */
    public Resizing(int height, int width, String interpolation) {
        this(height, width, interpolation, false, false, 0.0);
    }

    /**
     * Every option of Keras's {@code Resizing} that gradtape supports (its {@code fill_mode} has only
     * {@code "constant"}).
     *
     * <pre>{@code
     * Resizing r = new Resizing(32, 64, "bilinear", false, true, 0.0);   // letterbox to 1:2, black bars
     * }</pre>
     *
     * @param height            the output height, positive
     * @param width             the output width, positive
     * @param interpolation     {@code "nearest"} or {@code "bilinear"}
     * @param cropToAspectRatio crop the largest centred window of the target's aspect ratio before resizing
     * @param padToAspectRatio  pad evenly with {@code fillValue} to the target's aspect ratio before resizing
     * @param fillValue         the padding value, finite (it must be whole and in range for an integer image, and
     *                          within float32's range for a float32 one)
     * @throws IllegalArgumentException if a size is not positive, the interpolation is another string, both aspect
     *                                  options are set (Keras refuses the pair) or the fill value is not finite
     */
    public Resizing(int height, int width, String interpolation, boolean cropToAspectRatio, boolean padToAspectRatio,
            double fillValue) {
        super(null);
        this.height = ShapeLayers.positive("Resizing", "height", height);
        this.width = ShapeLayers.positive("Resizing", "width", width);
        this.bilinear = ImageLayers.bilinear("Resizing", interpolation);
        if (cropToAspectRatio && padToAspectRatio) {
            throw new IllegalArgumentException("Resizing: only one of cropToAspectRatio and padToAspectRatio can be"
                    + " true (as Keras)");
        }
        this.cropToAspectRatio = cropToAspectRatio;
        this.padToAspectRatio = padToAspectRatio;
        this.fillValue = ImageLayers.finite("Resizing", "fillValue", fillValue);
    }

    /**
     * The resized images.
     *
     * <pre>{@code
     * new Resizing(8, 6).call(Tensors.zeros(DType.FLOAT32, 2, 4, 4, 3));   // shape (2, 8, 6, 3)
     * new Resizing(8, 6).call(Tensors.zeros(DType.FLOAT32, 4, 4, 3));      // shape (8, 6, 3)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty, or (padding) the fill
     *                                  value is not whole or beyond the range of an integer input's dtype, or beyond
     *                                  float32's range for a float32 input
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "Resizing", x);
        Tensor b = ImageLayers.batched(x);
        int h = b.shape().dim(1);
        int w = b.shape().dim(2);
        if (cropToAspectRatio) {
            int[] box = ImageLayers.aspectCrop(h, w, height, width, true);
            b = ImageLayers.window(b, box[0], box[1], box[2], box[3]);
        } else if (padToAspectRatio) {
            int padH = Math.max(h, (int) ((float) ((long) w * height) / (float) width));
            int padW = Math.max(w, (int) ((float) ((long) h * width) / (float) height));
            int top = (int) ((float) (padH - h) / 2f);
            int left = (int) ((float) (padW - w) / 2f);
            if (top > 0 || left > 0) {
                if (!x.dtype().isFloating() && fillValue != Math.rint(fillValue)) {
                    throw new IllegalArgumentException(name() + ": Resizing cannot pad the " + x.dtype()
                            + " images of shape " + x.shape() + " with the fraction " + fillValue
                            + ": give a whole fillValue or a floating input");
                }
                boolean fits = x.dtype() == DType.INT32
                        ? fillValue >= Integer.MIN_VALUE && fillValue <= Integer.MAX_VALUE
                        : x.dtype() != DType.INT64 || (fillValue >= -0x1p63 && fillValue < 0x1p63);
                if (!fits) {
                    throw new IllegalArgumentException(name() + ": Resizing cannot pad the " + x.dtype()
                            + " images of shape " + x.shape() + " with " + fillValue + ", beyond " + x.dtype()
                            + "'s range: give a smaller fillValue or a floating input");
                }
                ImageLayers.checkFloat32(this, "Resizing", x, x.dtype(), "fillValue",
                        "use float64 input or a smaller fillValue", fillValue);
                // TensorFlow's backend pads `top` rows on both sides (and so one row short for an odd difference)
                b = Tensors.pad(b, new int[] {0, top, left, 0}, new int[] {0, top, left, 0}, fillValue);
            }
        }
        Tensor r = ImageSampling.resize(b, height, width, bilinear);
        if (r.dtype() != x.dtype()) {
            r = Tensors.cast(Tensors.round(r), x.dtype());
        }
        return ImageLayers.unbatched(r, x);
    }

    /**
     * The output size as {@code {height, width}}.
     *
     * <pre>{@code
     * new Resizing(32, 48).size();   // [32, 48]
     * }</pre>
     *
     * @return a new array
     */
    public int[] size() {
        return new int[] {height, width};
    }

    /**
     * The interpolation, {@code "nearest"} or {@code "bilinear"}.
     *
     * <pre>{@code
     * new Resizing(8, 8).interpolation();   // "bilinear"
     * }</pre>
     *
     * @return the name
     */
    public String interpolation() {
        return bilinear ? "bilinear" : "nearest";
    }
}
