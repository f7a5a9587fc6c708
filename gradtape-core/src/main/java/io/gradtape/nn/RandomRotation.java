package io.gradtape.nn;

import io.gradtape.Generator;

/**
 * Rotates channels-last images by a random angle about their centre in training (Keras 3's {@code RandomRotation},
 * keras/src/layers/preprocessing/image_preprocessing/random_rotation.py, named {@code random_rotation}); otherwise the
 * images pass through. The factor is a fraction of a full turn: each image draws an angle
 * {@code theta = U[lower * 360, upper * 360)} degrees, where a factor {@code f} means {@code [-|f|, |f|]} and a pair
 * {@code {a, b}} means {@code [min, max]}, each value in {@code [-1, 1]} (Keras's own check tests only that the first
 * is at most 1 and the second at least -1).
 *
 * <p>Output pixel {@code (x, y)} reads the input at {@code (cos(theta) (x - cx) - sin(theta) (y - cy) + cx,
 * sin(theta) (x - cx) + cos(theta) (y - cy) + cy)} with {@code cx = (w - 1) / 2}, {@code cy = (h - 1) / 2}: Keras's
 * {@code _compute_affine_matrix} (base_image_preprocessing_layer.py) with unit scale and no shear or translation,
 * {@code a0 = cos, a1 = -sin, a2 = cx - cx a0 - cy a1, b0 = sin, b1 = cos, b2 = cy - cx b0 - cy b1}. On screen
 * (y pointing down) a positive angle turns the content counter-clockwise. The matrix is computed in double and rounded
 * to float32 (Keras computes it in float32). Fill modes, interpolation, dtypes and gradients are as in
 * {@link RandomTranslation}. One call of the generator per training call; no variables.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference and returns the images
 * unaugmented; call {@code call(x, true)} (for example inside {@code Dataset.map}) to augment. Keras 3 augments on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <pre>{@code
 * RandomRotation rot = new RandomRotation(0.1, Generator.fromSeed(1));   // up to 36 degrees either way
 * rot.call(Tensors.zeros(DType.FLOAT32, 4, 32, 32, 3), true);             // shape (4, 32, 32, 3)
 * }</pre>
 */
public class RandomRotation extends AffineImageLayer {
    private final double[] factor;

    /**
     * Rotations of up to {@code |factor|} of a full turn either way, with Keras's defaults: fill mode
     * {@code "reflect"}, bilinear interpolation, fill value 0.
     *
     * <pre>{@code
     * RandomRotation r = new RandomRotation(0.25, Generator.fromSeed(7));   // up to 90 degrees
     * }</pre>
     *
     * @param factor    the largest angle, as a fraction of 360 degrees, in [-1, 1]
     * @param generator the source of the angles
     * @throws IllegalArgumentException if the factor is outside [-1, 1]
     */
    public RandomRotation(double factor, Generator generator) {
        this(new double[] {factor}, "reflect", "bilinear", 0.0, generator);
    }

    /**
     * Every option of Keras's {@code RandomRotation}.
     *
     * <pre>{@code
     * RandomRotation r = new RandomRotation(new double[] {-0.05, 0.1}, "constant", "nearest", 0.0,
     *         Generator.fromSeed(7));
     * }</pre>
     *
     * @param factor        one value {@code f} (angles in {@code [-|f|, |f|]} turns) or a pair (the range)
     * @param fillMode      {@code "reflect"}, {@code "wrap"}, {@code "constant"} or {@code "nearest"}
     * @param interpolation {@code "bilinear"} or {@code "nearest"}
     * @param fillValue     the value read outside the image in {@code constant} mode, finite
     * @param generator     the source of the angles
     * @throws IllegalArgumentException if the factor has another length or a value outside [-1, 1], a mode or
     *                                  interpolation is another string, or the fill value is not finite
     */
    public RandomRotation(double[] factor, String fillMode, String interpolation, double fillValue,
            Generator generator) {
        super("RandomRotation", fillMode, interpolation, fillValue, generator);
        this.factor = ImageLayers.factor("RandomRotation", "factor", factor, -1, 1, false);
    }

    @Override
    int drawsPerImage() {
        return 1;
    }

    @Override
    float[][] transforms(double[] u, int n, int h, int w) {
        float[][] t = new float[n][];
        for (int i = 0; i < n; i++) {
            t[i] = rotation(between(factor[0] * 360.0, factor[1] * 360.0, u[i]), h, w);
        }
        return t;
    }

    /** Keras's {@code _compute_affine_matrix} for a rotation by {@code degrees} about the centre of an h x w image. */
    static float[] rotation(double degrees, int h, int w) {
        double theta = degrees * (Math.PI / 180.0);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double cx = 0.5 * (w - 1);
        double cy = 0.5 * (h - 1);
        double a0 = cos;
        double a1 = -sin;
        double b0 = sin;
        double b1 = cos;
        return new float[] {(float) a0, (float) a1, (float) (cx - cx * a0 - cy * a1), (float) b0, (float) b1,
                (float) (cy - cx * b0 - cy * b1), 0, 0};
    }

    /**
     * The range of angles, as fractions of a full turn: {@code {lower, upper}}.
     *
     * <pre>{@code
     * new RandomRotation(0.1, Generator.fromSeed(1)).factor();   // [-0.1, 0.1]
     * }</pre>
     *
     * @return a new array
     */
    public double[] factor() {
        return factor.clone();
    }
}
