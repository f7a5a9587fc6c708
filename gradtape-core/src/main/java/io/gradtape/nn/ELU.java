package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * The exponential linear unit, {@code f(x) = x} for {@code x > 0}, else {@code alpha * (e^x - 1)} (Keras's
 * {@code ELU}, keras/src/layers/activations/elu.py, named {@code elu}; Clevert et al., ICLR 2016). Computed as Keras's
 * TensorFlow backend computes {@code elu(x, alpha)}: {@link NN#elu} for {@code alpha = 1}, otherwise
 * {@code where(x > 0, elu(x), alpha * elu(x))}, so the gradient at 0 is {@code alpha} and large inputs give no inf.
 * Keras sets no bound on {@code alpha}; neither does this layer (it must be finite). Floating inputs. It has no
 * variables; the output keeps the input's mask (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * new ELU().call(Tensors.constant(new double[] {-1, 2}, 2));      // [-0.6321205588285577, 2]
 * new ELU(0.5).call(Tensors.constant(new double[] {-1, 2}, 2));   // [-0.31606027941427883, 2]
 * }</pre>
 */
public class ELU extends Module {
    private final double alpha;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * {@code alpha = 1} (Keras's default).
     *
     * <pre>{@code
     * ELU e = new ELU();
     * }</pre>
     */
    public ELU() {
        this(1);
    }

    /**
     * The scale {@code alpha} of the negative part.
     *
     * <pre>{@code
     * ELU e = new ELU(0.5);
     * }</pre>
     *
     * @param alpha finite
     * @throws IllegalArgumentException if it is infinite or NaN
     */
    public ELU(double alpha) {
        super(null);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * {@code f(x)}.
     *
     * <pre>{@code
     * new ELU().call(Tensors.constant(new float[] {0, 1}, 2));   // [0, 1]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkFloating(this, "ELU", x);
        Tensor e = NN.elu(x);
        // keras/src/backend/tensorflow/nn.py, elu: tf.nn.elu, and for alpha != 1 where(x > 0, res, alpha * res)
        return alpha == 1 ? e : Tensors.where(x.greater(0.0), e, e.mul(alpha));
    }

    /**
     * The scale of the negative part.
     *
     * <pre>{@code
     * new ELU().alpha();   // 1.0
     * }</pre>
     *
     * @return alpha
     */
    public double alpha() {
        return alpha;
    }
}
