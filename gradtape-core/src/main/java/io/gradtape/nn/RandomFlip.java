package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Locale;
import java.util.Objects;

/**
 * Flips channels-last images at random in training (Keras 3's {@code RandomFlip},
 * keras/src/layers/preprocessing/image_preprocessing/random_flip.py, named {@code random_flip}); otherwise the
 * images pass through. Each image of a batch {@code (batch, h, w, c)} (or the one image {@code (h, w, c)}) draws
 * {@code u ~ U[0, 1)} and is flipped when {@code u <= 0.5}: {@code "horizontal"} reverses the width axis,
 * {@code "vertical"} the height axis, and {@code "horizontal_and_vertical"} (Keras's default) applies both flips
 * with the same draw, as Keras's {@code _flip_inputs} does, so an image is either turned by 180 degrees or left as it
 * is (never flipped on one axis only).
 *
 * <p>The draws come from the generator given, one call of it per training call, so a seed fixes them. A floating
 * input keeps its dtype; an integer one is cast to float32 (Keras casts to its compute dtype, in inference too). The
 * gradient is the incoming gradient flipped back. No variables.
 *
 * <p>Training flag: as for every gradtape {@link Module}, a bare {@code call(x)} is inference and returns the images
 * unaugmented; call {@code call(x, true)} (for example inside {@code Dataset.map}) to augment. Keras 3 augments on a
 * bare call, as its {@code BaseImagePreprocessingLayer.call} defaults to {@code training=True}.
 *
 * <pre>{@code
 * RandomFlip flip = new RandomFlip("horizontal", Generator.fromSeed(1));
 * Tensor x = Tensors.zeros(DType.FLOAT32, 8, 32, 32, 3);
 * flip.call(x);         // x: not training
 * flip.call(x, true);   // about half of the images mirrored left to right
 * }</pre>
 */
public class RandomFlip extends Module {
    private final boolean horizontal;
    private final boolean vertical;
    private final Generator generator;

    /**
     * Flips on both axes together (Keras's default mode {@code "horizontal_and_vertical"}).
     *
     * <pre>{@code
     * RandomFlip f = new RandomFlip(Generator.fromSeed(7));
     * }</pre>
     *
     * @param generator the source of the draws
     */
    public RandomFlip(Generator generator) {
        this("horizontal_and_vertical", generator);
    }

    /**
     * Flips in a mode: {@code "horizontal"}, {@code "vertical"} or {@code "horizontal_and_vertical"} (any case).
     *
     * <pre>{@code
     * RandomFlip f = new RandomFlip("vertical", Generator.fromSeed(7));
     * }</pre>
     *
     * @param mode      the flip mode
     * @param generator the source of the draws
     * @throws IllegalArgumentException if the mode is another string
     */
    public RandomFlip(String mode, Generator generator) {
        super(null);
        Objects.requireNonNull(mode, "RandomFlip: mode is null");
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "horizontal":
                horizontal = true;
                vertical = false;
                break;
            case "vertical":
                horizontal = false;
                vertical = true;
                break;
            case "horizontal_and_vertical":
                horizontal = true;
                vertical = true;
                break;
            default:
                throw new IllegalArgumentException("RandomFlip: mode must be \"horizontal\", \"vertical\" or"
                        + " \"horizontal_and_vertical\", got \"" + mode + "\"");
        }
        this.generator = Objects.requireNonNull(generator, "RandomFlip: generator is null");
    }

    /**
     * The images, each flipped with probability 1/2 in training; as they are otherwise.
     *
     * <pre>{@code
     * new RandomFlip(Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 2, 2, 1));   // unchanged
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3 or 4, is bool or empty
     */
    @Override
    public Tensor call(Tensor x) {
        ImageLayers.checkImages(this, "RandomFlip", x);
        Tensor f = ImageLayers.floating(x);
        if (!training()) {
            return f;
        }
        int n = x.rank() == 4 ? x.shape().dim(0) : 1;
        float[] u = generator.uniform(Shape.of(n), DType.FLOAT32).toFloatArray();
        boolean[] flips = new boolean[n];
        for (int i = 0; i < n; i++) {
            flips[i] = u[i] <= 0.5f;
        }
        return flip(f, flips);
    }

    /** The floating images with image {@code i} flipped (in this layer's mode) where {@code flips[i]}. */
    Tensor flip(Tensor f, boolean[] flips) {
        Tensor b = ImageLayers.batched(f);
        int[] m = new int[flips.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = flips[i] ? 1 : 0;
        }
        Tensor mask = Tensors.cast(Tensors.constant(m, m.length, 1, 1, 1), DType.BOOL);
        if (horizontal) {
            b = Tensors.where(mask, Tensors.reverse(b, 2), b);
        }
        if (vertical) {
            b = Tensors.where(mask, Tensors.reverse(b, 1), b);
        }
        return ImageLayers.unbatched(b, f);
    }

    /**
     * The mode, {@code "horizontal"}, {@code "vertical"} or {@code "horizontal_and_vertical"}.
     *
     * <pre>{@code
     * new RandomFlip(Generator.fromSeed(1)).mode();   // "horizontal_and_vertical"
     * }</pre>
     *
     * @return the mode
     */
    public String mode() {
        return horizontal && vertical ? "horizontal_and_vertical" : horizontal ? "horizontal" : "vertical";
    }

    /**
     * The generator the flips are drawn from (the one given to the constructor).
     *
     * <pre>{@code
     * Generator g = Generator.fromSeed(1);
     * boolean same = new RandomFlip(g).generator() == g;   // true
     * }</pre>
     *
     * @return the generator
     */
    public Generator generator() {
        return generator;
    }
}
