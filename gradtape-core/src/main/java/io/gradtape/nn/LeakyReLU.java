package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;

/**
 * The leaky rectified linear unit, {@code f(x) = x} for {@code x > 0}, else {@code negativeSlope * x} (Keras's
 * {@code LeakyReLU}, keras/src/layers/activations/leaky_relu.py, named {@code leaky_re_lu}; computed by
 * {@link NN#leakyRelu}, whose gradient at 0 is the slope, as TensorFlow's). The layer's default slope is Keras 3's
 * 0.3, not the 0.2 of the function {@code keras.activations.leaky_relu} and of {@link NN#leakyRelu(Tensor)}.
 * Floating inputs. It has no variables; the output keeps the input's mask (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * new LeakyReLU().call(Tensors.constant(new float[] {-10, -5, 0, 5}, 4));   // [-3, -1.5, 0, 5]
 * }</pre>
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * Slope 0.3 (Keras 3's default).
     *
     * <pre>{@code
     * LeakyReLU l = new LeakyReLU();
     * }</pre>
     */
    public LeakyReLU() {
        this(0.3);
    }

    /**
     * Slope {@code negativeSlope} for {@code x <= 0}.
     *
     * <pre>{@code
     * LeakyReLU l = new LeakyReLU(0.01);
     * }</pre>
     *
     * @param negativeSlope 0 or more
     * @throws IllegalArgumentException if it is negative, infinite or NaN (Keras refuses negative values)
     */
    public LeakyReLU(double negativeSlope) {
        super(null);
        if (!(negativeSlope >= 0) || Double.isInfinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negativeSlope must be finite and 0 or more, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    /**
     * {@code f(x)}.
     *
     * <pre>{@code
     * new LeakyReLU(0.1).call(Tensors.constant(new float[] {-2, 3}, 2));   // [-0.2, 3]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkFloating(this, "LeakyReLU", x);
        return NN.leakyRelu(x, negativeSlope);
    }

    /**
     * The slope for {@code x <= 0}.
     *
     * <pre>{@code
     * new LeakyReLU().negativeSlope();   // 0.3
     * }</pre>
     *
     * @return the slope
     */
    public double negativeSlope() {
        return negativeSlope;
    }
}
