package io.gradtape.nn;

import io.gradtape.Tensor;

/**
 * Crops the centre {@code height x width} window of channels-last images (Keras 3's {@code CenterCrop},
 * keras/src/layers/preprocessing/image_preprocessing/center_crop.py, named {@code center_crop}), in training and
 * inference alike. When the input is at least as large on both axes, rows {@code [(h - height) / 2, ... + height)}
 * and columns {@code [(w - width) / 2, ... + width)} (integer division) are kept. When it is smaller on either axis,
 * Keras does not pad: it crops the largest centred window with the target's aspect ratio and resizes it bilinearly to
 * {@code height x width} ({@code smart_resize}, keras/src/utils/image_utils.py; see {@link Resizing} for the
 * interpolation), and so does this layer.
 *
 * <p>A batch {@code (batch, h, w, c)} gives {@code (batch, height, width, c)}, one image {@code (h, w, c)} gives
 * {@code (height, width, c)}. A floating input keeps its dtype; an integer one is cast to float32 first (Keras casts
 * to its compute dtype). The gradient is the incoming gradient placed back in the window (or the resize's
 * derivative). No variables, no mask.
 *
 * <pre>{@code
 * new CenterCrop(2, 2).call(Tensors.zeros(DType.FLOAT32, 1, 4, 5, 3));   // rows 1..2, columns 1..2: (1, 2, 2, 3)
 * new CenterCrop(8, 8).call(Tensors.zeros(DType.FLOAT32, 4, 4, 3));      // smaller: resized to (8, 8, 3)
 * }</pre>
 */
public class CenterCrop extends Module {
    private final int height;
    private final int width;

    /**
     * A centre crop to {@code height x width}.
     *
     * <pre>{@code
     * CenterCrop c = new CenterCrop(224, 224);
     * }</pre>
     *
     * @param height the output height, positive
     * @param width  the output width, positive
     * @throws IllegalArgumentException if a size is not positive
     */
    public CenterCrop(int height, int width) {
        super(null);
        this.height = ShapeLayers.positive("CenterCrop", "height", height);
        this.width = ShapeLayers.positive("CenterCrop", "width", width);
    }

    /**
     * The cropped (or, for a smaller input, aspect-cropped and resized) images.
     *
     * <pre>{@code
     * new CenterCrop(3, 3).call(Tensors.zeros(DType.FLOAT32, 2, 5, 5, 1));   // shape (2, 3, 3, 1)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "CenterCrop", x);
        Tensor b = ImageLayers.batched(ImageLayers.floating(x));
        int h = b.shape().dim(1);
        int w = b.shape().dim(2);
        Tensor y;
        if (h >= height && w >= width) {
            y = ImageLayers.window(b, (h - height) / 2, (w - width) / 2, height, width);
        } else {
            int[] box = ImageLayers.aspectCrop(h, w, height, width, false);
            y = ImageSampling.resize(ImageLayers.window(b, box[0], box[1], box[2], box[3]), height, width, true);
        }
        return ImageLayers.unbatched(y, x);
    }

    /**
     * The output size as {@code {height, width}}.
     *
     * <pre>{@code
     * new CenterCrop(32, 48).size();   // [32, 48]
     * }</pre>
     *
     * @return a new array
     */
    public int[] size() {
        return new int[] {height, width};
    }
}
