package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Variable;

/**
 * A depthwise separable 2-D convolution over NHWC images,
 * {@code y = activation(separableConv2d(x, depthwise_kernel, pointwise_kernel) + bias)} (Keras's
 * {@code SeparableConv2D} with {@code data_format="channels_last"}, keras/src/layers/convolutional/separable_conv2d.py
 * and base_separable_conv.py; computed by {@link NN#separableConv2d}): a depthwise convolution of each channel on its
 * own ({@code depthMultiplier} filters each, with the layer's strides, padding and dilation), then a 1x1 convolution
 * to {@code filters} channels that mixes them (Chollet's Xception, CVPR 2017). Variables, named and ordered as
 * Keras's: {@code depthwise_kernel} {@code (kh, kw, in, depthMultiplier)} and {@code pointwise_kernel}
 * {@code (1, 1, in * depthMultiplier, filters)}, both Glorot-uniform at the start, and {@code bias}
 * {@code (filters,)}, zero. Defaults as Keras: depth multiplier 1, stride 1, padding {@code valid}, dilation 1, with
 * bias. A stride and a dilation both above 1 are refused when the layer is built from its {@link Builder}. Built at
 * construction if the input's channels are given, otherwise at the first call.
 *
 * <pre>{@code
 * SeparableConv2D sep = SeparableConv2D.builder(64, 3).padding("same").activation("relu").build();
 * Tensor y = sep.call(Tensors.zeros(DType.FLOAT32, 2, 32, 32, 16));   // shape (2, 32, 32, 64)
 * sep.namedVariables().keySet();   // [depthwise_kernel, pointwise_kernel, bias]
 * }</pre>
 */
public class SeparableConv2D extends DepthwiseConvBase {
    /**
     * A linear separable convolution with square {@code kernelSize} windows and depth multiplier 1, built at its
     * first call.
     *
     * <pre>{@code
     * SeparableConv2D sep = new SeparableConv2D(32, 3);
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the depthwise window's height and width, positive
     */
    public SeparableConv2D(int filters, int kernelSize) {
        this(builder(filters, kernelSize));
    }

    /**
     * A separable convolution with a named activation, built at its first call.
     *
     * <pre>{@code
     * SeparableConv2D sep = new SeparableConv2D(32, 3, "relu");
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the depthwise window's height and width, positive
     * @param activation a Keras activation name, or null
     */
    public SeparableConv2D(int filters, int kernelSize, String activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private SeparableConv2D(Builder b) {
        super("SeparableConv2D", 2, b, b.pointwiseInitializer);
    }

    /**
     * A builder for the other options.
     *
     * <pre>{@code
     * SeparableConv2D sep = SeparableConv2D.builder(64, 3).depthMultiplier(2).strides(2).inputChannels(32).build();
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the depthwise window's height and width, positive
     * @return a new builder
     */
    public static Builder builder(int filters, int kernelSize) {
        return new Builder(filters, kernelSize);
    }

    /**
     * The depthwise kernel {@code (kh, kw, in, depthMultiplier)}, or null before the layer is built.
     *
     * <pre>{@code
     * SeparableConv2D.builder(8, 3).inputChannels(4).build().depthwiseKernel().shape();   // (3, 3, 4, 1)
     * }</pre>
     *
     * @return the depthwise_kernel variable
     */
    @Override
    public Variable depthwiseKernel() {
        return super.depthwiseKernel();
    }

    /**
     * The pointwise kernel {@code (1, 1, in * depthMultiplier, filters)}, or null before the layer is built.
     *
     * <pre>{@code
     * SeparableConv2D.builder(8, 3).depthMultiplier(2).inputChannels(4).build().pointwiseKernel().shape();   // (1, 1, 8, 8)
     * }</pre>
     *
     * @return the pointwise_kernel variable
     */
    @Override
    public Variable pointwiseKernel() {
        return super.pointwiseKernel();
    }

    /**
     * The bias {@code (filters,)}, or null before the layer is built or without bias.
     *
     * <pre>{@code
     * SeparableConv2D.builder(8, 3).inputChannels(4).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return biasVariable();
    }

    /**
     * {@link SeparableConv2D}'s options: those of {@link BaseConvBuilder} and {@link LayerBuilder}, the depth multiplier
     * and the depthwise and pointwise kernels' initializers, regularizers and constraints.
     *
     * <pre>{@code
     * SeparableConv2D sep = SeparableConv2D.builder(16, 5).dilationRate(2).padding("same").useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends SeparableBuilder<Builder> {
        Builder(int filters, int kernelSize) {
            super("SeparableConv2D", filters, kernelSize);
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * SeparableConv2D sep = SeparableConv2D.builder(8, 3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the input
         *                                  channels are given and an initializer returns another shape or dtype than
         *                                  it is asked for
         */
        public SeparableConv2D build() {
            checkStridesAndDilation();
            return new SeparableConv2D(this);
        }
    }
}
