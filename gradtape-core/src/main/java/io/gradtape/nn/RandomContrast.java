package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Scales the contrast of channels-last images by a random factor in training (Keras 3's {@code RandomContrast},
 * keras/src/layers/preprocessing/image_preprocessing/random_contrast.py, named {@code random_contrast}); otherwise
 * the images pass through unchanged. Each image draws {@code k = U[1 - lower, 1 + upper)} and becomes
 * {@code clip((x - mean) * k + mean, valueMin, valueMax)}, where {@code mean} is the image's per-channel mean over
 * height and width (Keras's {@code _adjust_contrast}: the mean over the height, then over the width).
 *
 * <p>The factor: a pair {@code {lower, upper}}, each in {@code [0, 1]}, gives factors in
 * {@code [1 - lower, 1 + upper)}. One value {@code f} gives {@code [1, 1 + f)}: Keras 3 parses it with its base
 * {@code _set_factor}, whose bounds {@code (0, 1)} turn {@code f} into {@code (max(-f, 0), f) = (0, f)}, although its
 * docstring (and tf.keras 2's layer) speak of {@code [1 - f, 1 + f]}; pass {@code {f, f}} for that symmetric range.
 * Keras's own pair check only refuses a first value above 1 or a second below 0. The value range (Keras's default
 * {@code [0, 255]}) only clips the result.
 *
 * <p>The draws come from the generator given, one call of it per training call. A batch {@code (batch, h, w, c)} or
 * one image {@code (h, w, c)}; in training a floating input keeps its dtype and an integer one is cast to float32 (as
 * Keras's float mean makes it). The gradient flows through the mean, the product and the clip. No variables.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference and returns the images
 * unaugmented; call {@code call(x, true)} (for example inside {@code Dataset.map}) to augment. Keras 3 augments on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <pre>{@code
 * RandomContrast contrast = new RandomContrast(new double[] {0.5, 0.5}, new double[] {0, 1}, Generator.fromSeed(1));
 * contrast.call(Tensors.zeros(DType.FLOAT32, 4, 8, 8, 3), true);   // factors in [0.5, 1.5), clipped to [0, 1]
 * }</pre>
 */
public class RandomContrast extends Module {
    private final double lower;
    private final double upper;
    private final double valueMin;
    private final double valueMax;
    private final Generator generator;

    /**
     * Keras's {@code RandomContrast(factor)} with its default value range {@code [0, 255]}: factors in
     * {@code [1, 1 + |factor|)} (see the class comment).
     *
     * <pre>{@code
     * RandomContrast c = new RandomContrast(0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param factor    in [0, 1]
     * @param generator the source of the factors
     * @throws IllegalArgumentException if the factor is outside [0, 1]
     */
    public RandomContrast(double factor, Generator generator) {
        this(new double[] {factor}, new double[] {0, 255}, generator);
    }

    /**
     * Every option of Keras's {@code RandomContrast}.
     *
     * <pre>{@code
     * RandomContrast c = new RandomContrast(new double[] {0.3, 0.3}, new double[] {0, 1}, Generator.fromSeed(7));
     * }</pre>
     *
     * @param factor     one value {@code f} (factors {@code [1, 1 + f)}) or a pair {@code {lower, upper}} (factors
     *                   {@code [1 - lower, 1 + upper)}), each in [0, 1]
     * @param valueRange {@code {min, max}}, the clip range, finite with {@code min <= max}
     * @param generator  the source of the factors
     * @throws IllegalArgumentException if the factor has another length or a value outside [0, 1], or the value
     *                                  range is not two finite ordered numbers
     */
    public RandomContrast(double[] factor, double[] valueRange, Generator generator) {
        super(null);
        Objects.requireNonNull(factor, "RandomContrast: factor is null");
        if (factor.length == 1) {
            double f = ImageLayers.range("RandomContrast", "factor", factor[0], factor[0], 0, 1, false)[0];
            this.lower = 0;
            this.upper = f;
        } else if (factor.length == 2) {
            double[] r = ImageLayers.range("RandomContrast", "factor", factor[0], factor[1], 0, 1, false);
            this.lower = r[0];
            this.upper = r[1];
        } else {
            throw new IllegalArgumentException("RandomContrast: factor must be one number or a pair, got "
                    + java.util.Arrays.toString(factor));
        }
        double[] v = valueRange(valueRange);
        this.valueMin = v[0];
        this.valueMax = v[1];
        this.generator = Objects.requireNonNull(generator, "RandomContrast: generator is null");
    }

    private static double[] valueRange(double[] r) {
        Objects.requireNonNull(r, "RandomContrast: valueRange is null");
        if (r.length != 2 || !Double.isFinite(r[0]) || !Double.isFinite(r[1]) || r[0] > r[1]) {
            throw new IllegalArgumentException("RandomContrast: valueRange must be two finite numbers {min, max} with"
                    + " min <= max, got " + java.util.Arrays.toString(r));
        }
        return r.clone();
    }

    /**
     * The images with their contrast scaled in training; the input itself otherwise.
     *
     * <pre>{@code
     * new RandomContrast(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 2, 2, 1));   // unchanged
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty, or (training) the value
     *                                  range is beyond float32's for a float32 or integer input; nothing is drawn then
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "RandomContrast", x);
        if (!training()) {
            return x;
        }
        ImageLayers.checkFloat32(this, "RandomContrast", x, ImageLayers.computeDtype(x), "valueRange",
                "use float64 input or a smaller range", valueMin, valueMax);
        int n = x.rank() == 4 ? x.shape().dim(0) : 1;
        double[] u = generator.uniform(Shape.of(n), DType.FLOAT64).toDoubleArray();
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = (1 - lower) + ((1 + upper) - (1 - lower)) * u[i];
        }
        return adjust(ImageLayers.floating(x), k);
    }

    /** {@code clip((x - mean) * k + mean)} on floating images, image {@code i} with factor {@code k[i]}. */
    Tensor adjust(Tensor f, double[] k) {
        Tensor b = ImageLayers.batched(f);
        Tensor mean = Tensors.reduceMean(Tensors.reduceMean(b, true, 1), true, 2);
        Tensor factor = Tensors.cast(Tensors.constant(k, k.length, 1, 1, 1), b.dtype());
        Tensor y = b.sub(mean).mul(factor).add(mean);
        y = Tensors.clipByValue(y, valueMin, valueMax);
        return ImageLayers.unbatched(y, f);
    }

    /**
     * The range of contrast factors, {@code {1 - lower, 1 + upper}}.
     *
     * <pre>{@code
     * new RandomContrast(0.2, Generator.fromSeed(1)).factorRange();   // [1.0, 1.2]
     * }</pre>
     *
     * @return a new array
     */
    public double[] factorRange() {
        return new double[] {1 - lower, 1 + upper};
    }

    /**
     * The clip range {@code {min, max}}.
     *
     * <pre>{@code
     * new RandomContrast(0.2, Generator.fromSeed(1)).valueRange();   // [0.0, 255.0]
     * }</pre>
     *
     * @return a new array
     */
    public double[] valueRange() {
        return new double[] {valueMin, valueMax};
    }

    /**
     * The generator the factors are drawn from (the one given to the constructor).
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new RandomContrast(0.1, g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
