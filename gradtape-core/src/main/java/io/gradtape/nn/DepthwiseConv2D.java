package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Variable;

/**
 * A 2-D depthwise convolution over NHWC images, {@code y = activation(depthwiseConv2d(x, kernel) + bias)} (Keras's
 * {@code DepthwiseConv2D} with {@code data_format="channels_last"}, keras/src/layers/convolutional/depthwise_conv2d.py
 * and base_depthwise_conv.py; computed by {@link NN#depthwiseConv2d}): each input channel is convolved on its own by
 * {@code depthMultiplier} filters, and no channel mixes with another (MobileNet's depthwise step; add a 1x1
 * {@link Conv2D}, or use {@link SeparableConv2D}, to mix them). The kernel {@code (kh, kw, in, depthMultiplier)},
 * named {@code kernel} as Keras 3's, starts Glorot-uniform; the bias {@code (in * depthMultiplier,)} zero. Defaults
 * as Keras: depth multiplier 1, stride 1, padding {@code valid}, dilation 1, with bias, no activation. A stride above
 * 1 together with a dilation above 1 is refused by {@link Builder#build()} ({@link NN#depthwiseConv2d} itself
 * computes the pair). Keras 3's {@code BaseDepthwiseConv.__init__} (base_depthwise_conv.py) raised the same
 * ValueError until keras-team/keras commit b98faa7 (#22598) removed it, as only the TensorFlow backend lacks the
 * pair; at commit 3422977 that file accepts it, and TensorFlow's {@code tf.nn.depthwise_conv2d} (nn_impl.py)
 * documents strides of 1 whenever a dilation rate is above 1. Built at construction if the input's channels are
 * given, otherwise at the first call.
 *
 * <pre>{@code
 * DepthwiseConv2D dw = DepthwiseConv2D.builder(3).padding("same").depthMultiplier(2).build();
 * Tensor y = dw.call(Tensors.zeros(DType.FLOAT32, 2, 28, 28, 8));   // shape (2, 28, 28, 16)
 * dw.namedVariables().keySet();   // [kernel, bias]: (3, 3, 8, 2) and (16)
 * }</pre>
 */
public class DepthwiseConv2D extends DepthwiseConvBase {
    /**
     * A linear depthwise convolution with square {@code kernelSize} windows and depth multiplier 1, built at its
     * first call.
     *
     * <pre>{@code
     * DepthwiseConv2D dw = new DepthwiseConv2D(3);
     * }</pre>
     *
     * @param kernelSize the window's height and width, positive
     */
    public DepthwiseConv2D(int kernelSize) {
        this(builder(kernelSize));
    }

    private DepthwiseConv2D(Builder b) {
        super("DepthwiseConv2D", 2, b, null);
    }

    /**
     * A builder for the other options.
     *
     * <pre>{@code
     * DepthwiseConv2D dw = DepthwiseConv2D.builder(3).strides(2).padding("same").inputChannels(32).build();
     * }</pre>
     *
     * @param kernelSize the window's height and width, positive
     * @return a new builder
     */
    public static Builder builder(int kernelSize) {
        return new Builder(kernelSize);
    }

    /**
     * The kernel {@code (kh, kw, in, depthMultiplier)}, or null before the layer is built.
     *
     * <pre>{@code
     * DepthwiseConv2D.builder(3).depthMultiplier(2).inputChannels(4).build().kernel().shape();   // (3, 3, 4, 2)
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
     * DepthwiseConv2D.builder(3).depthMultiplier(2).inputChannels(4).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return biasVariable();
    }

    /**
     * {@link DepthwiseConv2D}'s options: those of {@link BaseConvBuilder} (strides, padding, dilation rate, input
     * channels) and {@link LayerBuilder} (activation, bias and its initializer, regularizer and constraint, activity
     * regularizer, dtype, name), the depth multiplier and the depthwise kernel's initializer, regularizer and
     * constraint.
     *
     * <pre>{@code
     * DepthwiseConv2D dw = DepthwiseConv2D.builder(5).dilationRate(2).activation("relu").useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends DepthwiseBuilder<Builder> {
        Builder(int kernelSize) {
            super("DepthwiseConv2D", kernelSize);
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * DepthwiseConv2D dw = DepthwiseConv2D.builder(3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the input
         *                                  channels are given and an initializer returns another shape or dtype than
         *                                  it is asked for
         */
        public DepthwiseConv2D build() {
            checkStridesAndDilation();
            return new DepthwiseConv2D(this);
        }
    }
}
