package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Crops a random {@code height x width} window of channels-last images in training (Keras 3's {@code RandomCrop},
 * keras/src/layers/preprocessing/image_preprocessing/random_crop.py, named {@code random_crop}); in inference the
 * images pass through unchanged, whatever their size, as Keras 3's {@code transform_images} returns them.
 *
 * <p>In training, when the input is larger than the target on both axes ({@code h > height} and
 * {@code w > width}), one window is drawn for the whole batch, as in Keras: {@code top} uniform in
 * {@code [0, h - height]} and {@code left} uniform in {@code [0, w - width]} (Keras's
 * {@code int(uniform(0, h - height + 1))}), taking one call of the generator. Otherwise nothing is drawn and Keras's
 * fallback is followed: the start {@code (top, left)} of the largest centred window with the target's aspect ratio
 * (as {@link CenterCrop}'s) is computed, rows {@code [top, top + height)} and columns {@code [left, left + width)}
 * are kept (clipped to the image), and when that is not {@code height x width} it is resized bilinearly (see
 * {@link Resizing}). So an input of exactly the target's size is returned as it is, and a smaller one is enlarged.
 *
 * <p>A batch {@code (batch, h, w, c)} gives {@code (batch, height, width, c)}, one image {@code (height, width, c)}.
 * In training a floating input keeps its dtype and an integer one is cast to float32 (Keras's compute dtype). The
 * gradient is the incoming gradient placed back in the window. No variables.
 *
 * <pre>{@code
 * RandomCrop crop = new RandomCrop(24, 24, Generator.fromSeed(1));
 * crop.call(Tensors.zeros(DType.FLOAT32, 8, 32, 32, 3), true);   // shape (8, 24, 24, 3)
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
     * A random window in training; the input as it is otherwise.
     *
     * <pre>{@code
     * new RandomCrop(2, 2, Generator.fromSeed(1)).call(Tensors.zeros(DType.FLOAT32, 4, 4, 1));   // as it is
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "RandomCrop", x);
        if (!training()) {
            return x;
        }
        int axis = ImageLayers.heightAxis(x);
        int h = x.shape().dim(axis);
        int w = x.shape().dim(axis + 1);
        int top;
        int left;
        if (h > height && w > width) {
            double[] u = generator.uniform(Shape.of(2), DType.FLOAT64).toDoubleArray();
            top = (int) (u[0] * (h - height + 1));
            left = (int) (u[1] * (w - width + 1));
        } else {
            int[] box = ImageLayers.aspectCrop(h, w, height, width, false);
            top = box[0];
            left = box[1];
        }
        return crop(ImageLayers.floating(x), top, left);
    }

    /**
     * Keras's {@code _random_crop} with the window starting at {@code (top, left)}: rows and columns sliced as
     * Python slices (clipped to the image), then a bilinear resize when the slice is not {@code height x width}.
     */
    Tensor crop(Tensor f, int top, int left) {
        Tensor b = ImageLayers.batched(f);
        int h = b.shape().dim(1);
        int w = b.shape().dim(2);
        int rows = Math.min(top + height, h) - top;
        int cols = Math.min(left + width, w) - left;
        Tensor y = ImageLayers.window(b, top, left, rows, cols);
        if (rows != height || cols != width) {
            y = ImageSampling.resize(y, height, width, true);
        }
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
