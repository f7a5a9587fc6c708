package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Crops a random {@code height x width} window of channels-last images in training and, otherwise, the centred
 * window of the target's aspect ratio resized to {@code height x width} (Keras's {@code RandomCrop}, named
 * {@code random_crop}, as its docstring and tf.keras 2's layer define it: keras/layers/preprocessing/
 * image_preprocessing.py in Keras 2.x). Training and inference give the same output shape.
 *
 * <ul>
 *   <li>Training with the input at least as large as the target on both axes ({@code h >= height} and
 *       {@code w >= width}, tf.keras 2's test): one window is drawn for the whole batch, {@code top} uniform in
 *       {@code [0, h - height]} and {@code left} uniform in {@code [0, w - width]} (as Keras 3's
 *       {@code int(uniform(0, h - height + 1))}), taking one call of the generator, and rows
 *       {@code [top, top + height)} and columns {@code [left, left + width)} are kept. An axis of exactly the
 *       target's size is kept whole while the other stays random (a 512 x 512 image cropped to 256 x 512 gets a
 *       random row offset); an input of exactly the target's size is returned as it is.</li>
 *   <li>Inference, or training with the input smaller than the target on an axis: nothing is drawn and, as
 *       {@code smart_resize}, the largest centred window with the target's aspect ratio is cut out
 *       ({@code cropHeight = min(h, trunc(w * height / width))}, at least 1, likewise the width, starting at row
 *       {@code trunc((h - cropHeight) / 2)} and column {@code trunc((w - cropWidth) / 2)}, in float32 as tf.keras 2's
 *       {@code smart_resize}) and resized bilinearly to {@code height x width} (see {@link Resizing}).</li>
 * </ul>
 *
 * <p>Deviations from Keras 3's current code (keras/src/layers/preprocessing/image_preprocessing/random_crop.py),
 * which contradicts its own docstring: Keras 3 returns the input uncropped in inference, so that training and
 * inference give different shapes (an open Keras bug, keras-team/keras#21868); it draws only when the input is
 * strictly larger on both axes ({@code h > height and w > width}), so a crop that keeps one axis whole is never
 * random; and its fallback slices a {@code height x width} window from the corner of the aspect-ratio box rather than
 * the box itself, which for an input smaller than the target is neither centred nor of the target's aspect ratio.
 * This layer follows the docstring and tf.keras 2 in all three.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference (the centred crop);
 * call {@code call(x, true)} (for example inside {@code Dataset.map}) to crop at random. Keras 3 crops at random on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <p>A batch {@code (batch, h, w, c)} gives {@code (batch, height, width, c)}, one image {@code (height, width, c)}.
 * A floating input keeps its dtype and an integer one is cast to float32 (Keras's compute dtype), in training and in
 * inference. The gradient is the incoming gradient placed back in the window (or the resize's derivative). No
 * variables.
 *
 * <pre>{@code
 * RandomCrop crop = new RandomCrop(24, 24, Generator.fromSeed(1));
 * Tensor x = Tensors.zeros(DType.FLOAT32, 8, 32, 32, 3);
 * crop.call(x, true);   // a random 24 x 24 window: shape (8, 24, 24, 3)
 * crop.call(x);         // the whole 32 x 32 image resized to 24 x 24: shape (8, 24, 24, 3)
 * }</pre>
 */
public class RandomCrop extends Module {
    private final int height;
    private final int width;
    private final Generator generator;

    /**
     * A random crop to {@code height x width}.
     *
     * <pre>{@code
     * RandomCrop c = new RandomCrop(28, 28, Generator.fromSeed(3));
     * }</pre>
     *
     * @param height    the output height, positive
     * @param width     the output width, positive
     * @param generator the source of the window's position
     * @throws IllegalArgumentException if a size is not positive
     */
    public RandomCrop(int height, int width, Generator generator) {
        super(null);
        this.height = ShapeLayers.positive("RandomCrop", "height", height);
        this.width = ShapeLayers.positive("RandomCrop", "width", width);
        this.generator = Objects.requireNonNull(generator, "RandomCrop: generator is null");
    }

    /**
     * A random {@code height x width} window in training when the input is at least that large on both axes; the
     * centred window of the target's aspect ratio resized to {@code height x width} otherwise.
     *
     * <pre>{@code
     * new RandomCrop(2, 2, Generator.fromSeed(1)).call(Tensors.zeros(DType.INT32, 4, 4, 1));   // (2, 2, 1) float32
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "RandomCrop", x);
        Tensor f = ImageLayers.floating(x);
        int axis = ImageLayers.heightAxis(x);
        int h = x.shape().dim(axis);
        int w = x.shape().dim(axis + 1);
        if (training() && h >= height && w >= width) {
            double[] u = generator.uniform(Shape.of(2), DType.FLOAT64).toDoubleArray();
            int top = Math.min((int) (u[0] * (h - height + 1)), h - height);
            int left = Math.min((int) (u[1] * (w - width + 1)), w - width);
            return crop(f, top, left);
        }
        return smartResize(f);
    }

    /** The {@code height x width} window of floating images starting at {@code (top, left)}, inside the image. */
    Tensor crop(Tensor f, int top, int left) {
        return ImageLayers.unbatched(ImageLayers.window(ImageLayers.batched(f), top, left, height, width), f);
    }

    /**
     * tf.keras 2's {@code smart_resize} (keras/preprocessing/image.py): the centred window of the target's aspect
     * ratio (float32 arithmetic), resized bilinearly to {@code height x width}.
     */
    Tensor smartResize(Tensor f) {
        Tensor b = ImageLayers.batched(f);
        int[] box = ImageLayers.aspectCrop(b.shape().dim(1), b.shape().dim(2), height, width, true);
        Tensor y = ImageSampling.resize(ImageLayers.window(b, box[0], box[1], box[2], box[3]), height, width, true);
        return ImageLayers.unbatched(y, f);
    }

    /**
     * The output size as {@code {height, width}}.
     *
     * <pre>{@code
     * new RandomCrop(32, 48, Generator.fromSeed(1)).size();   // [32, 48]
     * }</pre>
     *
     * @return a new array
     */
    public int[] size() {
        return new int[] {height, width};
    }

    /**
     * The generator the windows are drawn from (the one given to the constructor).
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new RandomCrop(8, 8, g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
