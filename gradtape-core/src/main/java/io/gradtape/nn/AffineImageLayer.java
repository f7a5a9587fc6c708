package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Locale;
import java.util.Objects;

/**
 * The common part of {@link RandomTranslation}, {@link RandomRotation} and {@link RandomZoom}: in training, one affine
 * transform per image, drawn by the subclass, applied with TensorFlow's {@code ImageProjectiveTransformV3} conventions
 * ({@link ImageSampling#affine}); otherwise the images pass through. Keras's options: the fill mode, the
 * interpolation and the fill value of {@code constant} mode.
 */
abstract class AffineImageLayer extends Module {
    private final ImageLayers.FillMode fillMode;
    private final boolean bilinear;
    private final double fillValue;
    private final Generator generator;

    AffineImageLayer(String kind, String fillMode, String interpolation, double fillValue, Generator generator) {
        super(null);
        this.fillMode = ImageLayers.fillMode(kind, fillMode);
        this.bilinear = ImageLayers.bilinear(kind, interpolation);
        this.fillValue = ImageLayers.finite(kind, "fillValue", fillValue);
        this.generator = Objects.requireNonNull(generator, () -> kind + ": generator is null");
    }

    /** The class name for messages. */
    final String kind() {
        return getClass().getSimpleName();
    }

    /**
     * The transforms of {@code n} images of {@code h x w} pixels, one row {@code [a0, a1, a2, b0, b1, b2, c0, c1]}
     * per image, from the uniform draws {@code u} ({@code drawsPerImage() * n} values in {@code [0, 1)}, the
     * k-th draw of image i at {@code k * n + i}).
     */
    abstract float[][] transforms(double[] u, int n, int h, int w);

    /** How many uniform draws each image takes. */
    abstract int drawsPerImage();

    /**
     * The images, each moved by its own random transform in training; as they are otherwise (an integer input is
     * cast to float32 in both cases, Keras's compute dtype).
     *
     * <pre>{@code
     * RandomRotation r = new RandomRotation(0.1, Generator.fromSeed(1));
     * r.call(Tensors.zeros(DType.FLOAT32, 2, 8, 8, 3), true);   // shape (2, 8, 8, 3)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty, or (training, constant
     *                                  mode) the fill value is beyond float32's range for a float32 or integer input;
     *                                  nothing is drawn then
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, kind(), x);
        Tensor f = ImageLayers.floating(x);
        if (!training()) {
            return f;
        }
        if (fillMode == ImageLayers.FillMode.CONSTANT) {
            ImageLayers.checkFloat32(this, kind(), x, f.dtype(), "fillValue",
                    "use float64 input or a smaller fillValue", fillValue);
        }
        int axis = ImageLayers.heightAxis(x);
        int n = axis == 1 ? x.shape().dim(0) : 1;
        double[] u = generator.uniform(Shape.of(drawsPerImage() * n), DType.FLOAT64).toDoubleArray();
        return transform(f, transforms(u, n, x.shape().dim(axis), x.shape().dim(axis + 1)));
    }

    /** The floating images (rank 3 or 4) under the given transforms, one row per image or one for all. */
    final Tensor transform(Tensor f, float[][] t) {
        // Only constant mode reads the fill value: the other modes fold every point into the image (these layers'
        // transforms have no projective part, so k = 1), and a bilinear neighbour past the edge there has weight 0,
        // so 0 stands in for the fill value, which float32 might not hold
        double fill = fillMode == ImageLayers.FillMode.CONSTANT ? fillValue : 0.0;
        Tensor y = ImageSampling.affine(ImageLayers.batched(f), t, bilinear, fillMode, fill);
        return ImageLayers.unbatched(y, f);
    }

    /** {@code lo + (hi - lo) * u}: a uniform draw on {@code [lo, hi)}, {@code lo} itself when the range is empty. */
    static double between(double lo, double hi, double u) {
        return lo + (hi - lo) * u;
    }

    /**
     * The fill mode, {@code "reflect"}, {@code "wrap"}, {@code "constant"} or {@code "nearest"}.
     *
     * <pre>{@code
     * new RandomRotation(0.2, Generator.fromSeed(1)).fillMode();   // "reflect"
     * }</pre>
     *
     * @return the mode
     */
    public String fillMode() {
        return fillMode.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The interpolation, {@code "nearest"} or {@code "bilinear"}.
     *
     * <pre>{@code
     * new RandomZoom(0.2, Generator.fromSeed(1)).interpolation();   // "bilinear"
     * }</pre>
     *
     * @return the name
     */
    public String interpolation() {
        return bilinear ? "bilinear" : "nearest";
    }

    /**
     * The value read outside the image in {@code constant} mode.
     *
     * <pre>{@code
     * new RandomTranslation(0.1, 0.1, Generator.fromSeed(1)).fillValue();   // 0.0
     * }</pre>
     *
     * @return the fill value
     */
    public double fillValue() {
        return fillValue;
    }

    /**
     * The generator the transforms are drawn from (the one given to the constructor); each training call takes one
     * call of it.
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new RandomRotation(0.1, g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
