package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Variable;

/**
 * A 1-D depthwise convolution over sequences {@code (batch, steps, channels)},
 * {@code y = activation(depthwiseConv(x, kernel) + bias)} (Keras's {@code DepthwiseConv1D} with
 * {@code data_format="channels_last"}, keras/src/layers/convolutional/depthwise_conv1d.py and
 * base_depthwise_conv.py): each channel is convolved over the steps on its own by {@code depthMultiplier} filters;
 * output channel {@code c M + m} is filter {@code m} of input channel {@code c}. Computed as Keras's TensorFlow
 * backend does, by {@link NN#depthwiseConv2d} over a one-row image. The kernel {@code (kernelSize, in,
 * depthMultiplier)}, named {@code kernel} as Keras 3's, starts Glorot-uniform; the bias {@code (in * depthMultiplier,)}
 * zero. Defaults as Keras: depth multiplier 1, stride 1, padding {@code valid} ({@code same} too; no {@code causal},
 * which Keras's depthwise layers refuse), dilation 1, with bias. A stride and a dilation both above 1 are refused when
 * the layer is built from its {@link Builder}. Built at construction if the input's channels are given, otherwise at
 * the first call.
 *
 * <pre>{@code
 * DepthwiseConv1D dw = DepthwiseConv1D.builder(5).padding("same").build();
 * Tensor y = dw.call(Tensors.zeros(DType.FLOAT32, 4, 10, 16));   // shape (4, 10, 16)
 * }</pre>
 */
public class DepthwiseConv1D extends DepthwiseConvBase {
    /**
     * A linear depthwise convolution with windows of {@code kernelSize} steps and depth multiplier 1, built at its
     * first call.
     *
     * <pre>{@code
     * DepthwiseConv1D dw = new DepthwiseConv1D(3);
     * }</pre>
     *
     * @param kernelSize the window's steps, positive
     */
    public DepthwiseConv1D(int kernelSize) {
        this(builder(kernelSize));
    }

    private DepthwiseConv1D(Builder b) {
        super("DepthwiseConv1D", 1, b, null);
    }

    /**
     * A builder for the other options.
     *
     * <pre>{@code
     * DepthwiseConv1D dw = DepthwiseConv1D.builder(3).strides(2).depthMultiplier(4).inputChannels(8).build();
     * }</pre>
     *
     * @param kernelSize the window's steps, positive
     * @return a new builder
     */
    public static Builder builder(int kernelSize) {
        return new Builder(kernelSize);
    }

    /**
     * The kernel {@code (kernelSize, in, depthMultiplier)}, or null before the layer is built.
     *
     * <pre>{@code
     * DepthwiseConv1D.builder(3).depthMultiplier(2).inputChannels(4).build().kernel().shape();   // (3, 4, 2)
     * }</pre>
     *
     * @return the kernel variable
     */
    public Variable kernel() {
        return depthwiseKernel();
    }

    /**
     * The bias {@code (in * depthMultiplier,)}, or null before the layer is built or without bias.
     *
     * <pre>{@code
     * DepthwiseConv1D.builder(3).depthMultiplier(2).inputChannels(4).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return biasVariable();
    }

    /**
     * {@link DepthwiseConv1D}'s options: those of {@link BaseConvBuilder} and {@link LayerBuilder}, the depth multiplier
     * and the depthwise kernel's initializer, regularizer and constraint.
     *
     * <pre>{@code
     * DepthwiseConv1D dw = DepthwiseConv1D.builder(3).dilationRate(2).padding("same").useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends DepthwiseBuilder<Builder> {
        Builder(int kernelSize) {
            super("DepthwiseConv1D", kernelSize);
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * DepthwiseConv1D dw = DepthwiseConv1D.builder(3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the input
         *                                  channels are given and an initializer returns another shape or dtype than
         *                                  it is asked for
         */
        public DepthwiseConv1D build() {
            checkStridesAndDilation();
            return new DepthwiseConv1D(this);
        }
    }
}
