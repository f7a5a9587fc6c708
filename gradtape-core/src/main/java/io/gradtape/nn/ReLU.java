package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The rectified linear unit with Keras's options (Keras's {@code ReLU}, keras/src/layers/activations/relu.py, named
 * {@code re_lu}), elementwise:
 * <pre>
 * f(x) = maxValue                         if x &gt;= maxValue
 * f(x) = x                                if threshold &lt; x &lt; maxValue
 * f(x) = negativeSlope * (x - threshold)  otherwise
 * </pre>
 * (at {@code x = threshold} exactly the value is 0). Defaults: no maximum ({@code Double.POSITIVE_INFINITY}, Keras's
 * {@code None}), slope 0, threshold 0, which is {@link NN#relu}. It is computed as {@code keras.activations.relu}
 * computes it ({@code ReLU.static_call} in keras/src/activations/activations.py), so the gradients at the kinks are
 * TensorFlow's: with only a slope, {@link NN#leakyRelu}; a maximum of 6 without a threshold uses {@link NN#relu6}
 * (gradient 0 at 0 and at 6); another maximum clips with {@link Tensors#clipByValue} (gradient 1 at the maximum);
 * the slope's part is {@code -negativeSlope * relu(threshold - x)}. Floating inputs. It has no variables; the output
 * keeps the input's mask (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(new float[] {-10, -5, 0, 5, 10}, 5);
 * new ReLU().call(x);                  // [0, 0, 0, 5, 10]
 * new ReLU(10, 0.5, 0).call(x);        // [-5, -2.5, 0, 5, 10]
 * new ReLU(6).call(x);                 // [0, 0, 0, 5, 6]
 * }</pre>
 */
public class ReLU extends Module {
    private final double maxValue;
    private final double negativeSlope;
    private final double threshold;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * {@code max(x, 0)} (Keras's defaults).
     *
     * <pre>{@code
     * ReLU r = new ReLU();
     * }</pre>
     */
    public ReLU() {
        this(Double.POSITIVE_INFINITY, 0, 0);
    }

    /**
     * {@code min(max(x, 0), maxValue)}; {@code new ReLU(6)} is ReLU6.
     *
     * <pre>{@code
     * ReLU relu6 = new ReLU(6);
     * }</pre>
     *
     * @param maxValue the maximum, 0 or more; {@code Double.POSITIVE_INFINITY} for none
     * @throws IllegalArgumentException if it is negative or NaN
     */
    public ReLU(double maxValue) {
        this(maxValue, 0, 0);
    }

    /**
     * All of Keras's options.
     *
     * <pre>{@code
     * ReLU r = new ReLU(Double.POSITIVE_INFINITY, 0.1, 0.5);
     * }</pre>
     *
     * @param maxValue      the maximum, 0 or more; {@code Double.POSITIVE_INFINITY} for none
     * @param negativeSlope the slope below the threshold, 0 or more
     * @param threshold     the threshold, 0 or more
     * @throws IllegalArgumentException if one is negative or NaN, or the threshold is infinite (Keras refuses
     *                                  negative values and {@code None} for the last two)
     */
    public ReLU(double maxValue, double negativeSlope, double threshold) {
        super(null);
        if (!(maxValue >= 0)) {
            throw new IllegalArgumentException("ReLU: maxValue must be 0 or more (Double.POSITIVE_INFINITY for none), got "
                    + maxValue);
        }
        if (!(negativeSlope >= 0) || Double.isInfinite(negativeSlope)) {
            throw new IllegalArgumentException("ReLU: negativeSlope must be finite and 0 or more, got " + negativeSlope);
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("ReLU: threshold must be finite and 0 or more, got " + threshold);
        }
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    /**
     * {@code f(x)}.
     *
     * <pre>{@code
     * new ReLU(Double.POSITIVE_INFINITY, 0, 1).call(Tensors.constant(new float[] {0.5f, 1, 2}, 3));   // [0, 0, 2]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkFloating(this, "ReLU", x);
        boolean clip = maxValue != Double.POSITIVE_INFINITY;
        if (negativeSlope != 0 && !clip && threshold == 0) {
            return NN.leakyRelu(x, negativeSlope);
        }
        Tensor y;
        if (threshold != 0) {
            y = x.mul(Tensors.cast(x.greater(threshold), x.dtype()));
        } else if (maxValue == 6) {
            y = NN.relu6(x);
            clip = false;
        } else {
            y = NN.relu(x);
        }
        if (clip) {
            y = Tensors.clipByValue(y, 0, maxValue);
        }
        if (negativeSlope != 0) {
            Tensor negativePart = NN.relu(threshold != 0 ? x.neg().add(threshold) : x.neg());
            y = y.sub(negativePart.mul(negativeSlope));
        }
        return y;
    }

    /**
     * The maximum, {@code Double.POSITIVE_INFINITY} for none.
     *
     * <pre>{@code
     * new ReLU(6).maxValue();   // 6.0
     * }</pre>
     *
     * @return the maximum
     */
    public double maxValue() {
        return maxValue;
    }

    /**
     * The slope below the threshold.
     *
     * <pre>{@code
     * new ReLU().negativeSlope();   // 0.0
     * }</pre>
     *
     * @return the slope
     */
    public double negativeSlope() {
        return negativeSlope;
    }

    /**
     * The threshold.
     *
     * <pre>{@code
     * new ReLU().threshold();   // 0.0
     * }</pre>
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }
}
