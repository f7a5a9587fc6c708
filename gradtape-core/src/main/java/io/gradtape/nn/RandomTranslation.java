package io.gradtape.nn;

import io.gradtape.Generator;

/**
 * Shifts channels-last images by a random fraction of their size in training (Keras 3's {@code RandomTranslation},
 * keras/src/layers/preprocessing/image_preprocessing/random_translation.py, named {@code random_translation});
 * otherwise the images pass through. Each image draws {@code dy = U[heightLower, heightUpper) * h} and
 * {@code dx = U[widthLower, widthUpper) * w} pixels (not rounded) and output pixel {@code (x, y)} reads the input at
 * {@code (x - dx, y - dy)}: Keras's transform {@code [1, 0, -dx, 0, 1, -dy, 0, 0]}, so a positive {@code dy} moves
 * the content down and a positive {@code dx} moves it right. A factor {@code f} means {@code [-|f|, |f|]}; a pair
 * {@code {a, b}} means {@code [min, max]}; every value must be in {@code [-1, 1]}.
 *
 * <p>The points that fall outside the image are read according to the fill mode, and the value between pixels by the
 * interpolation, as TensorFlow's {@code ImageProjectiveTransformV3} (which Keras's TensorFlow backend calls):
 * {@code "reflect"} (Keras's default) mirrors about the edge's outer border ({@code dcba|abcd|dcba}),
 * {@code "wrap"} repeats the image ({@code abcd|abcd|abcd}), {@code "nearest"} extends the edge pixels
 * ({@code aaaa|abcd|dddd}) and {@code "constant"} reads {@code fillValue} for any point outside
 * {@code [0, w - 1] x [0, h - 1]}; {@code "bilinear"} (the default) weighs the four pixels around a point, a neighbour
 * past the edge reading {@code fillValue}, and {@code "nearest"} takes the pixel at the rounded point (halves away
 * from zero). The exact TensorFlow float32 coordinate arithmetic is kept, including its wrap mode, which counts periods
 * by {@code len - 1} and clamps.
 *
 * <p>The draws come from the generator given, one call of it per training call. A batch {@code (batch, h, w, c)} or
 * one image {@code (h, w, c)}; a floating input keeps its dtype and an integer one is cast to float32 (Keras's compute
 * dtype, also in inference). The gradient with respect to the image is the exact derivative of the sampling (each
 * tap's weight times the incoming gradient, scattered back). No variables.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference and returns the images
 * unaugmented; call {@code call(x, true)} (for example inside {@code Dataset.map}) to augment. Keras 3 augments on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <pre>{@code
 * RandomTranslation shift = new RandomTranslation(0.1, 0.2, Generator.fromSeed(1));   // up to 10% rows, 20% columns
 * shift.call(Tensors.zeros(DType.FLOAT32, 4, 32, 32, 3), true);                         // shape (4, 32, 32, 3)
 * }</pre>
 */
public class RandomTranslation extends AffineImageLayer {
    private final double[] height;
    private final double[] width;

    /**
     * Shifts of up to {@code |heightFactor|} of the height and {@code |widthFactor|} of the width either way, with
     * Keras's defaults: fill mode {@code "reflect"}, bilinear interpolation, fill value 0.
     *
     * <pre>{@code
     * RandomTranslation t = new RandomTranslation(0.2, 0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param heightFactor the largest vertical shift, as a fraction of the height, in [-1, 1]
     * @param widthFactor  the largest horizontal shift, as a fraction of the width, in [-1, 1]
     * @param generator    the source of the shifts
     * @throws IllegalArgumentException if a factor is outside [-1, 1]
     */
    public RandomTranslation(double heightFactor, double widthFactor, Generator generator) {
        this(new double[] {heightFactor}, new double[] {widthFactor}, "reflect", "bilinear", 0.0, generator);
    }

    /**
     * Every option of Keras's {@code RandomTranslation}.
     *
     * <pre>{@code
     * RandomTranslation t = new RandomTranslation(new double[] {-0.1, 0.3}, new double[] {0.2}, "constant",
     *         "nearest", 0.5, Generator.fromSeed(7));
     * }</pre>
     *
     * @param heightFactor  one value {@code f} (shifts in {@code [-|f|, |f|]} of the height) or a pair (the range)
     * @param widthFactor   likewise for the width
     * @param fillMode      {@code "reflect"}, {@code "wrap"}, {@code "constant"} or {@code "nearest"}
     * @param interpolation {@code "bilinear"} or {@code "nearest"}
     * @param fillValue     the value read outside the image in {@code constant} mode, finite
     * @param generator     the source of the shifts
     * @throws IllegalArgumentException if a factor has another length or a value outside [-1, 1], a mode or
     *                                  interpolation is another string, or the fill value is not finite
     */
    public RandomTranslation(double[] heightFactor, double[] widthFactor, String fillMode, String interpolation,
            double fillValue, Generator generator) {
        super("RandomTranslation", fillMode, interpolation, fillValue, generator);
        this.height = ImageLayers.factor("RandomTranslation", "heightFactor", heightFactor, -1, 1, false);
        this.width = ImageLayers.factor("RandomTranslation", "widthFactor", widthFactor, -1, 1, false);
    }

    @Override
    int drawsPerImage() {
        return 2;
    }

    @Override
    float[][] transforms(double[] u, int n, int h, int w) {
        float[][] t = new float[n][];
        for (int i = 0; i < n; i++) {
            float dy = (float) (between(height[0], height[1], u[i]) * h);
            float dx = (float) (between(width[0], width[1], u[n + i]) * w);
            t[i] = translation(dy, dx);
        }
        return t;
    }

    /** Keras's {@code _get_translation_matrix}: output pixel {@code (x, y)} reads input {@code (x - dx, y - dy)}. */
    static float[] translation(float dy, float dx) {
        return new float[] {1, 0, -dx, 0, 1, -dy, 0, 0};
    }

    /**
     * The range of vertical shifts, as fractions of the height: {@code {lower, upper}}.
     *
     * <pre>{@code
     * new RandomTranslation(0.2, 0.1, Generator.fromSeed(1)).heightFactor();   // [-0.2, 0.2]
     * }</pre>
     *
     * @return a new array
     */
    public double[] heightFactor() {
        return height.clone();
    }

    /**
     * The range of horizontal shifts, as fractions of the width: {@code {lower, upper}}.
     *
     * <pre>{@code
     * new RandomTranslation(0.2, 0.1, Generator.fromSeed(1)).widthFactor();   // [-0.1, 0.1]
     * }</pre>
     *
     * @return a new array
     */
    public double[] widthFactor() {
        return width.clone();
    }
}
