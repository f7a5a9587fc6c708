package io.gradtape.nn;

import io.gradtape.Generator;

/**
 * Zooms channels-last images in or out about their centre by a random factor in training (Keras 3's
 * {@code RandomZoom}, keras/src/layers/preprocessing/image_preprocessing/random_zoom.py, named {@code random_zoom});
 * otherwise the images pass through. Each image draws {@code zy = 1 + U[heightLower, heightUpper)} and, when a width
 * factor is given, {@code zx = 1 + U[widthLower, widthUpper)}; without one {@code zx = zy}, keeping the aspect ratio.
 * Output pixel {@code (x, y)} reads the input at {@code (zx (x - cx) + cx, zy (y - cy) + cy)} with
 * {@code cx = (w - 1) / 2}, {@code cy = (h - 1) / 2} (Keras's {@code _get_zoom_matrix}, in float32): a factor above 1
 * reads a larger region, so a positive factor zooms out and a negative one zooms in, as Keras documents. A factor
 * {@code f} means {@code [-|f|, |f|]}; a pair {@code {a, b}} means {@code [min, max]}; every value must be in
 * {@code (-1, 1]}, as Keras checks. Fill modes, interpolation, dtypes and gradients are as in
 * {@link RandomTranslation}. One call of the generator per training call; no variables.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference and returns the images
 * unaugmented; call {@code call(x, true)} (for example inside {@code Dataset.map}) to augment. Keras 3 augments on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <pre>{@code
 * RandomZoom zoom = new RandomZoom(0.2, Generator.fromSeed(1));   // zoom factors in [0.8, 1.2)
 * zoom.call(Tensors.zeros(DType.FLOAT32, 4, 32, 32, 3), true);     // shape (4, 32, 32, 3)
 * }</pre>
 */
public class RandomZoom extends AffineImageLayer {
    private final double[] height;
    private final double[] width;

    /**
     * The same zoom on both axes, {@code 1 + U[-|heightFactor|, |heightFactor|)}, with Keras's defaults: fill mode
     * {@code "reflect"}, bilinear interpolation, fill value 0.
     *
     * <pre>{@code
     * RandomZoom z = new RandomZoom(0.3, Generator.fromSeed(7));
     * }</pre>
     *
     * @param heightFactor the largest change of scale, in (-1, 1]
     * @param generator    the source of the zooms
     * @throws IllegalArgumentException if the factor is outside (-1, 1]
     */
    public RandomZoom(double heightFactor, Generator generator) {
        this(new double[] {heightFactor}, null, "reflect", "bilinear", 0.0, generator);
    }

    /**
     * Every option of Keras's {@code RandomZoom}.
     *
     * <pre>{@code
     * RandomZoom z = new RandomZoom(new double[] {-0.3, -0.1}, new double[] {0.2}, "constant", "bilinear", 0.0,
     *         Generator.fromSeed(7));
     * }</pre>
     *
     * @param heightFactor  one value {@code f} (zooms {@code 1 + [-|f|, |f|]}) or a pair (the range minus 1)
     * @param widthFactor   likewise for the width, or null for the height's zoom on both axes
     * @param fillMode      {@code "reflect"}, {@code "wrap"}, {@code "constant"} or {@code "nearest"}
     * @param interpolation {@code "bilinear"} or {@code "nearest"}
     * @param fillValue     the value read outside the image in {@code constant} mode, finite
     * @param generator     the source of the zooms
     * @throws IllegalArgumentException if a factor has another length or a value outside (-1, 1], a mode or
     *                                  interpolation is another string, or the fill value is not finite
     */
    public RandomZoom(double[] heightFactor, double[] widthFactor, String fillMode, String interpolation,
            double fillValue, Generator generator) {
        super("RandomZoom", fillMode, interpolation, fillValue, generator);
        this.height = ImageLayers.factor("RandomZoom", "heightFactor", heightFactor, -1, 1, true);
        this.width = widthFactor == null ? null
                : ImageLayers.factor("RandomZoom", "widthFactor", widthFactor, -1, 1, true);
    }

    @Override
    int drawsPerImage() {
        return width == null ? 1 : 2;
    }

    @Override
    float[][] transforms(double[] u, int n, int h, int w) {
        float[][] t = new float[n][];
        for (int i = 0; i < n; i++) {
            float zy = (float) (1 + between(height[0], height[1], u[i]));
            float zx = width == null ? zy : (float) (1 + between(width[0], width[1], u[n + i]));
            t[i] = zoom(zy, zx, h, w);
        }
        return t;
    }

    /**
     * Keras's {@code _get_zoom_matrix} in float32:
     * {@code [zx, 0, (w - 1) / 2 (1 - zx), 0, zy, (h - 1) / 2 (1 - zy), 0, 0]}.
     */
    static float[] zoom(float zy, float zx, int h, int w) {
        float xOffset = (((float) w - 1f) / 2f) * (1f - zx);
        float yOffset = (((float) h - 1f) / 2f) * (1f - zy);
        return new float[] {zx, 0, xOffset, 0, zy, yOffset, 0, 0};
    }

    /**
     * The range of the height's zoom minus 1: {@code {lower, upper}}.
     *
     * <pre>{@code
     * new RandomZoom(0.2, Generator.fromSeed(1)).heightFactor();   // [-0.2, 0.2]
     * }</pre>
     *
     * @return a new array
     */
    public double[] heightFactor() {
        return height.clone();
    }

    /**
     * The range of the width's zoom minus 1, or null when the width takes the height's zoom.
     *
     * <pre>{@code
     * new RandomZoom(0.2, Generator.fromSeed(1)).widthFactor();   // null
     * }</pre>
     *
     * @return a new array, or null
     */
    public double[] widthFactor() {
        return width == null ? null : width.clone();
    }
}
