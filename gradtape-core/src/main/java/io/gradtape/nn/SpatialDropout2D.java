package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.Tensor;

/**
 * Dropout of whole channels: in training, a whole feature map (one channel of one example) is zeroed with probability {@code rate} and the kept ones are
 * scaled by {@code 1 / (1 - rate)}; otherwise (and at rate 0) the input passes through as it is (Keras's
 * {@code SpatialDropout2D} with {@code data_format="channels_last"}, keras/src/layers/regularization/spatial_dropout.py,
 * named {@code spatial_dropout2d}; Tompson et al., "Efficient Object Localization Using Convolutional Networks",
 * CVPR 2015). It is a {@link Dropout} with the noise shape {@code {-1, 1, 1, -1}}, as Keras's {@code _get_noise_shape}, and
 * keeps Dropout's rules: the masks come from the generator given, a rate of 1 is refused, and the output keeps the
 * input's mask. The input must be of rank 4, {@code (batch, height, width, channels)}, in training or not (Keras's
 * {@code InputSpec(ndim=4)}).
 *
 * <pre>{@code
 * SpatialDropout2D drop = new SpatialDropout2D(0.5, Generator.fromSeed(1));
 * Tensor y = drop.call(Tensors.ones(DType.FLOAT32, 2, 8, 8, 4), true);   // each (example, channel) map kept (as 2.0s) or dropped whole
 * }</pre>
 */
public class SpatialDropout2D extends Dropout {
    /**
     * A spatial dropout layer.
     *
     * <pre>{@code
     * SpatialDropout2D d = new SpatialDropout2D(0.2, Generator.fromSeed(7));
     * }</pre>
     *
     * @param rate      the fraction of channels dropped, in [0, 1)
     * @param generator the source of the masks
     * @throws IllegalArgumentException if the rate is outside [0, 1)
     */
    public SpatialDropout2D(double rate, Generator generator) {
        super(rate, new int[] {-1, 1, 1, -1}, generator);
    }

    /**
     * The input with whole channels dropped in training; the input itself otherwise.
     *
     * <pre>{@code
     * new SpatialDropout2D(0.5, Generator.fromSeed(1)).call(Tensors.ones(DType.FLOAT32, 2, 8, 8, 4));   // the ones: not training
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 4, or in training not floating
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "SpatialDropout2D", x, 4, "(batch, height, width, channels)");
        return super.call(x);
    }
}
