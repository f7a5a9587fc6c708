package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.Tensor;

/**
 * Dropout of whole channels: in training, a channel of one example at every step is zeroed with probability {@code rate} and the kept ones are
 * scaled by {@code 1 / (1 - rate)}; otherwise (and at rate 0) the input passes through as it is (Keras's
 * {@code SpatialDropout1D} with {@code data_format="channels_last"}, keras/src/layers/regularization/spatial_dropout.py,
 * named {@code spatial_dropout1d}; Tompson et al., "Efficient Object Localization Using Convolutional Networks",
 * CVPR 2015). It is a {@link Dropout} with the noise shape {@code {-1, 1, -1}}, as Keras's {@code _get_noise_shape}, and
 * keeps Dropout's rules: the masks come from the generator given, a rate of 1 is refused, and the output keeps the
 * input's mask. The input must be of rank 3, {@code (batch, steps, channels)}, in training or not (Keras's
 * {@code InputSpec(ndim=3)}).
 *
 * <pre>{@code
 * SpatialDropout1D drop = new SpatialDropout1D(0.5, Generator.fromSeed(1));
 * Tensor y = drop.call(Tensors.ones(DType.FLOAT32, 2, 10, 4), true);   // each (example, channel) kept or dropped at all 10 steps
 * }</pre>
 */
public class SpatialDropout1D extends Dropout {
    /**
     * A spatial dropout layer.
     *
     * <pre>{@code
     * SpatialDropout1D d = new SpatialDropout1D(0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param rate      the fraction of channels dropped, in [0, 1)
     * @param generator the source of the masks
     * @throws IllegalArgumentException if the rate is outside [0, 1)
     */
    public SpatialDropout1D(double rate, Generator generator) {
        super(rate, new int[] {-1, 1, -1}, generator);
    }

    /**
     * The input with whole channels dropped in training; the input itself otherwise.
     *
     * <pre>{@code
     * new SpatialDropout1D(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 2, 10, 4));   // the ones: not training
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 3, or in training not floating
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "SpatialDropout1D", x, 3, "(batch, steps, channels)");
        return super.call(x);
    }
}
