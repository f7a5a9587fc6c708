package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Adds a random brightness offset to channels-last images in training (Keras 3's {@code RandomBrightness},
 * keras/src/layers/preprocessing/image_preprocessing/random_brightness.py, named {@code random_brightness}); otherwise
 * the images pass through unchanged. Each image draws {@code delta = U[lower, upper) * (valueMax - valueMin)} and
 * becomes {@code clip(x + delta, valueMin, valueMax)}, the same delta for all its pixels and channels. A factor
 * {@code f} means {@code [-|f|, |f|]}, a pair {@code {a, b}} means {@code [min, max]}, every value in {@code [-1, 1]}
 * (Keras's own pair check only refuses a first value above 1 or a second below -1): -1 makes an image black and 1
 * white. The value range (Keras's default {@code [0, 255]}, sorted as Keras sorts it) scales the delta and clips.
 *
 * <p>The draws come from the generator given, one call of it per training call. A batch {@code (batch, h, w, c)} or
 * one image {@code (h, w, c)}; in training a floating input keeps its dtype and an integer one is cast to float32
 * first (Keras 3 would cast the delta to the integer dtype, truncating it, although its docstring says the layer
 * outputs floats). The gradient with respect to the image is the incoming gradient where the sum is inside the value
 * range. No variables.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference and returns the images
 * unaugmented; call {@code call(x, true)} (for example inside {@code Dataset.map}) to augment. Keras 3 augments on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <pre>{@code
 * RandomBrightness bright = new RandomBrightness(new double[] {0.2}, new double[] {0, 1}, Generator.fromSeed(1));
 * bright.call(Tensors.zeros(DType.FLOAT32, 4, 8, 8, 3), true);   // each image + U[-0.2, 0.2), clipped to [0, 1]
 * }</pre>
 */
public class RandomBrightness extends Module {
    private final double lower;
    private final double upper;
    private final double valueMin;
    private final double valueMax;
    private final Generator generator;

    /**
     * Keras's {@code RandomBrightness(factor)} with its default value range {@code [0, 255]}.
     *
     * <pre>{@code
     * RandomBrightness b = new RandomBrightness(0.2, Generator.fromSeed(7));   // deltas in [-51, 51)
     * }</pre>
     *
     * @param factor    in [-1, 1]; offsets up to {@code |factor| * 255} either way
     * @param generator the source of the offsets
     * @throws IllegalArgumentException if the factor is outside [-1, 1]
     */
    public RandomBrightness(double factor, Generator generator) {
        this(new double[] {factor}, new double[] {0, 255}, generator);
    }

    /**
     * Every option of Keras's {@code RandomBrightness}.
     *
     * <pre>{@code
     * RandomBrightness b = new RandomBrightness(new double[] {-0.1, 0.3}, new double[] {0, 1}, Generator.fromSeed(7));
     * }</pre>
     *
     * @param factor     one value {@code f} (deltas {@code [-|f|, |f|)} of the range's width) or a pair (the range)
     * @param valueRange two finite numbers, the range of the pixel values (sorted)
     * @param generator  the source of the offsets
     * @throws IllegalArgumentException if the factor has another length or a value outside [-1, 1], or the value
     *                                  range is not two finite numbers
     */
    public RandomBrightness(double[] factor, double[] valueRange, Generator generator) {
        super(null);
        double[] f = ImageLayers.factor("RandomBrightness", "factor", factor, -1, 1, false);
        this.lower = f[0];
        this.upper = f[1];
        Objects.requireNonNull(valueRange, "RandomBrightness: valueRange is null");
        if (valueRange.length != 2 || !Double.isFinite(valueRange[0]) || !Double.isFinite(valueRange[1])) {
            throw new IllegalArgumentException("RandomBrightness: valueRange must be two finite numbers, got "
                    + java.util.Arrays.toString(valueRange));
        }
        this.valueMin = Math.min(valueRange[0], valueRange[1]);
        this.valueMax = Math.max(valueRange[0], valueRange[1]);
        this.generator = Objects.requireNonNull(generator, "RandomBrightness: generator is null");
    }

    /**
     * The images with a random offset in training; the input itself otherwise.
     *
     * <pre>{@code
     * new RandomBrightness(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 2, 2, 1));   // unchanged
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty, or (training) the value
     *                                  range is beyond float32's for a float32 or integer input; nothing is drawn then
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "RandomBrightness", x);
        if (!training()) {
            return x;
        }
        ImageLayers.checkFloat32(this, "RandomBrightness", x, ImageLayers.computeDtype(x), "valueRange",
                "use float64 input or a smaller range", valueMin, valueMax);
        int n = x.rank() == 4 ? x.shape().dim(0) : 1;
        double[] u = generator.uniform(Shape.of(n), DType.FLOAT64).toDoubleArray();
        double[] delta = new double[n];
        for (int i = 0; i < n; i++) {
            delta[i] = AffineImageLayer.between(lower, upper, u[i]) * (valueMax - valueMin);
        }
        return adjust(ImageLayers.floating(x), delta);
    }

    /** {@code clip(x + delta)} on floating images, image {@code i} shifted by {@code delta[i]}. */
    Tensor adjust(Tensor f, double[] delta) {
        Tensor b = ImageLayers.batched(f);
        Tensor d = Tensors.cast(Tensors.constant(delta, delta.length, 1, 1, 1), b.dtype());
        Tensor y = Tensors.clipByValue(b.add(d), valueMin, valueMax);
        return ImageLayers.unbatched(y, f);
    }

    /**
     * The range of offsets as fractions of the value range, {@code {lower, upper}}.
     *
     * <pre>{@code
     * new RandomBrightness(0.2, Generator.fromSeed(1)).factor();   // [-0.2, 0.2]
     * }</pre>
     *
     * @return a new array
     */
    public double[] factor() {
        return new double[] {lower, upper};
    }

    /**
     * The value range {@code {min, max}}.
     *
     * <pre>{@code
     * new RandomBrightness(0.2, Generator.fromSeed(1)).valueRange();   // [0.0, 255.0]
     * }</pre>
     *
     * @return a new array
     */
    public double[] valueRange() {
        return new double[] {valueMin, valueMax};
    }

    /**
     * The generator the offsets are drawn from (the one given to the constructor).
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new RandomBrightness(0.1, g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
