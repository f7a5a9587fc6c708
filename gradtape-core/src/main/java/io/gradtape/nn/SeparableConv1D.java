package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Variable;

/**
 * A depthwise separable 1-D convolution over sequences {@code (batch, steps, channels)} (Keras's
 * {@code SeparableConv1D} with {@code data_format="channels_last"}, keras/src/layers/convolutional/separable_conv1d.py
 * and base_separable_conv.py): a depthwise convolution of each channel over the steps ({@code depthMultiplier}
 * filters each), then a pointwise (kernel size 1) convolution to {@code filters} channels, computed as Keras's
 * TensorFlow backend does, by {@link NN#separableConv2d} over a one-row image. Variables, named and ordered as
 * Keras's: {@code depthwise_kernel} {@code (kernelSize, in, depthMultiplier)} and {@code pointwise_kernel}
 * {@code (1, in * depthMultiplier, filters)}, both Glorot-uniform at the start, and {@code bias} {@code (filters,)},
 * zero. Defaults as Keras: depth multiplier 1, stride 1, padding {@code valid} ({@code same} too, no
 * {@code causal}), dilation 1, with bias. A stride and a dilation both above 1 are refused when the layer is built
 * from its {@link Builder}. Built at construction if the input's channels are given, otherwise at the first call.
 *
 * <pre>{@code
 * SeparableConv1D sep = SeparableConv1D.builder(32, 5).padding("same").build();
 * Tensor y = sep.call(Tensors.zeros(DType.FLOAT32, 4, 20, 8));   // shape (4, 20, 32)
 * }</pre>
 */
public class SeparableConv1D extends DepthwiseConvBase {
    /**
     * A linear separable convolution with windows of {@code kernelSize} steps and depth multiplier 1, built at its
     * first call.
     *
     * <pre>{@code
     * SeparableConv1D sep = new SeparableConv1D(32, 3);
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the depthwise window's steps, positive
     */
    public SeparableConv1D(int filters, int kernelSize) {
        this(builder(filters, kernelSize));
    }

    /**
     * A separable convolution with a named activation, built at its first call.
     *
     * <pre>{@code
     * SeparableConv1D sep = new SeparableConv1D(32, 3, "relu");
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the depthwise window's steps, positive
     * @param activation a Keras activation name, or null
     */
    public SeparableConv1D(int filters, int kernelSize, String activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private SeparableConv1D(Builder b) {
        super("SeparableConv1D", 1, b, b.pointwiseInitializer);
    }

    /**
     * A builder for the other options.
     *
     * <pre>{@code
     * SeparableConv1D sep = SeparableConv1D.builder(64, 3).depthMultiplier(2).strides(2).inputChannels(16).build();
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the depthwise window's steps, positive
     * @return a new builder
     */
    public static Builder builder(int filters, int kernelSize) {
        return new Builder(filters, kernelSize);
    }

    /**
     * The depthwise kernel {@code (kernelSize, in, depthMultiplier)}, or null before the layer is built.
     *
     * <pre>{@code
     * SeparableConv1D.builder(8, 3).inputChannels(4).build().depthwiseKernel().shape();   // (3, 4, 1)
     * }</pre>
     *
     * @return the depthwise_kernel variable
     */
    @Override
    public Variable depthwiseKernel() {
        return super.depthwiseKernel();
    }

    /**
     * The pointwise kernel {@code (1, in * depthMultiplier, filters)}, or null before the layer is built.
     *
     * <pre>{@code
     * SeparableConv1D.builder(8, 3).depthMultiplier(2).inputChannels(4).build().pointwiseKernel().shape();   // (1, 8, 8)
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
     * SeparableConv1D.builder(8, 3).inputChannels(4).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return biasVariable();
    }

    /**
     * {@link SeparableConv1D}'s options: those of {@link BaseConvBuilder} and {@link LayerBuilder}, the depth multiplier
     * and the depthwise and pointwise kernels' initializers, regularizers and constraints.
     *
     * <pre>{@code
     * SeparableConv1D sep = SeparableConv1D.builder(16, 3).dilationRate(2).useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends SeparableBuilder<Builder> {
        Builder(int filters, int kernelSize) {
            super("SeparableConv1D", filters, kernelSize);
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * SeparableConv1D sep = SeparableConv1D.builder(8, 3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the input
         *                                  channels are given and an initializer returns another shape or dtype than
         *                                  it is asked for
         */
        public SeparableConv1D build() {
            checkStridesAndDilation();
            return new SeparableConv1D(this);
        }
    }
}
