package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Marks as padding the timesteps whose features all equal {@code maskValue} (Keras's {@code Masking},
 * keras/src/layers/core/masking.py). For an input {@code (batch, timesteps, features)} (or any rank, the last axis
 * being the features) the output's mask ({@link #computeMask}) is
 * <pre>
 * mask[b, t] = any over f of (x[b, t, f] != maskValue)
 * </pre>
 * and the output is the input with the masked timesteps set to zero (the others unchanged; the gradient passes to
 * them and is zero at the masked ones). In a {@link Sequential} the recurrent layers after it skip those timesteps.
 * A NaN {@code maskValue} masks nothing (NaN equals nothing), as in Keras. It has no variables.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Masking(0.0), new LSTM(32));
 * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 0, 0}, 1, 3, 2);   // the last step is all zeros: padding
 * model.call(x);   // (1, 32): the LSTM reads two steps
 * }</pre>
 */
public class Masking extends Module {
    private final double maskValue;

    /**
     * A masking layer for the value 0 (Keras's default {@code mask_value=0.0}).
     *
     * <pre>{@code
     * Masking m = new Masking();
     * }</pre>
     */
    public Masking() {
        this(0.0);
    }

    /**
     * A masking layer for {@code maskValue}.
     *
     * <pre>{@code
     * Masking m = new Masking(-1.0);
     * }</pre>
     *
     * @param maskValue the padding value
     */
    public Masking(double maskValue) {
        this(maskValue, null);
    }

    /**
     * A named masking layer for {@code maskValue}.
     *
     * <pre>{@code
     * Masking m = new Masking(-1.0, "padding");
     * }</pre>
     *
     * @param maskValue the padding value
     * @param name      the name, or null for {@code masking}
     */
    public Masking(double maskValue, String name) {
        super(name);
        this.maskValue = maskValue;
    }

    /**
     * The input with the masked timesteps set to zero: {@code where(mask[..., None], x, 0)}.
     *
     * <pre>{@code
     * new Masking(9).call(Tensors.constant(new float[] {1, 9, 9, 9}, 1, 2, 2));   // [[[1, 9], [0, 0]]]
     * }</pre>
     *
     * @param x the input, float32 or float64, of rank at least 1 (the last axis holds the features)
     * @return a tensor of the input's shape and dtype
     * @throws IllegalArgumentException if the input is not floating or is a scalar
     */
    @Override
    public Tensor call(Tensor x) {
        Tensor keep = Tensors.reduceAny(differs(x), true, -1);
        return Tensors.where(keep, x, Tensors.zeros(x.dtype()));
    }

    /**
     * The output's mask (Keras's {@code Masking.compute_mask}): BOOL, the input's shape without its last axis, true
     * where some feature differs from {@code maskValue}. The input's own mask is not read.
     *
     * <pre>{@code
     * new Masking().computeMask(Tensors.constant(new float[] {1, 0, 0, 0}, 1, 2, 2), null);   // [[true, false]]
     * }</pre>
     *
     * @param x    the layer's input, float32 or float64, of rank at least 1
     * @param mask ignored
     * @return the mask
     * @throws IllegalArgumentException if the input is not floating or is a scalar
     */
    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return Tensors.reduceAny(differs(x), false, -1);
    }

    private Tensor differs(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!x.dtype().isFloating() || x.rank() == 0) {
            throw new IllegalArgumentException(name() + ": Masking needs a floating input of rank >= 1 (the last axis"
                    + " holds the features), got shape " + x.shape() + " and dtype " + x.dtype());
        }
        return Tensors.notEqual(x, Tensors.cast(Tensors.constant(maskValue), x.dtype()));
    }

    /**
     * The padding value.
     *
     * <pre>{@code
     * new Masking().maskValue();   // 0.0
     * }</pre>
     *
     * @return the value
     */
    public double maskValue() {
        return maskValue;
    }
}
