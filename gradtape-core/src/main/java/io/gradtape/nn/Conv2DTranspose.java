package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Variable;

import java.util.Objects;
import java.util.function.Function;

/**
 * A 2-D transposed convolution over NHWC images, {@code y = activation(conv2dTranspose(x, kernel) + bias)} (Keras's
 * {@code Conv2DTranspose} with {@code data_format="channels_last"}, computed by {@link NN#conv2dTranspose}): it maps
 * the shape of a {@link Conv2D}'s output back to the shape of its input, e.g. to upsample by the stride. The kernel
 * {@code (kh, kw, filters, in)} (out channels before in channels, as Keras and {@code tf.nn.conv2d_transpose} store
 * it) starts Glorot-uniform and the bias {@code (filters,)} zero. Defaults: stride 1, padding {@code valid},
 * dilation 1, no output padding, with bias.
 *
 * <p>The output's height (and likewise width) for an input of height {@code h}, stride {@code s}, dilated kernel
 * extent {@code k = (kernelSize - 1) dilation + 1} and output padding {@code p} follows Keras
 * ({@code keras/src/backend/common/backend_utils.py}, {@code _get_output_shape_given_tf_padding}):
 * <ul>
 *   <li>{@code valid}: {@code (h - 1) s + max(k, s)}, or {@code (h - 1) s + k + p} with an output padding;</li>
 *   <li>{@code same}: {@code h s}, or {@code (h - 1) s + k % 2 + p} with an output padding.</li>
 * </ul>
 * An output padding must be below the stride, as Keras checks at construction. With {@code same}, an even kernel
 * extent and an output padding of 0 give a size no conv2d maps back to {@code h}; TensorFlow fails then at the call,
 * and so does this layer, naming the sizes. A stride above 1 together with a dilation above 1 is refused when the
 * layer is built from its {@link Builder}, as Keras's {@code BaseConvTranspose} refuses it. Built at construction if
 * the input's channels are given, otherwise at the first call.
 *
 * <pre>{@code
 * Conv2DTranspose up = Conv2DTranspose.builder(8, 3).strides(2).padding("same").build();
 * Tensor y = up.call(Tensors.zeros(DType.FLOAT32, 2, 7, 7, 16));   // shape (2, 14, 14, 8)
 * }</pre>
 */
public class Conv2DTranspose extends Module {
    private final int filters;
    private final int kernelSize;
    private final int stride;
    private final String padding;
    private final int dilation;
    private final int outputPadding; // -1: none (Keras's output_padding=None)
    private final Function<Tensor, Tensor> activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    /** The weights' regularizers and constraints, from the builder. */
    private final WeightOptions weights;
    private Variable kernel;
    private Variable bias;

    /**
     * A linear transposed convolution with square {@code kernelSize} windows, built at its first call.
     *
     * <pre>{@code
     * Conv2DTranspose c = new Conv2DTranspose(16, 3);
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's height and width, positive
     */
    public Conv2DTranspose(int filters, int kernelSize) {
        this(builder(filters, kernelSize));
    }

    /**
     * A transposed convolution with a named activation, built at its first call.
     *
     * <pre>{@code
     * Conv2DTranspose c = new Conv2DTranspose(16, 3, "relu");
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's height and width, positive
     * @param activation a Keras activation name, or null
     */
    public Conv2DTranspose(int filters, int kernelSize, String activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv2DTranspose(Builder b) {
        super(b.name, b.activityRegularizer);
        this.weights = b.weights.copy();
        this.filters = b.filters;
        this.kernelSize = b.kernelSize;
        this.stride = b.stride;
        this.padding = b.padding;
        this.dilation = b.dilation;
        this.outputPadding = b.outputPadding;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        if (b.inputChannels > 0) {
            build(b.inputChannels, b.dtype);
        }
    }

    /**
     * A builder for the other options.
     *
     * <pre>{@code
     * Conv2DTranspose c = Conv2DTranspose.builder(32, 3).strides(2).padding("same").inputChannels(64).build();
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's height and width, positive
     * @return a new builder
     */
    public static Builder builder(int filters, int kernelSize) {
        return new Builder(filters, kernelSize);
    }

    private void build(int channels, DType dtype) {
        Variable[] kb = addKernelAndBias("Conv2DTranspose", dtype, kernelInitializer,
                Shape.of(kernelSize, kernelSize, filters, channels), biasInitializer, useBias ? Shape.of(filters) : null, weights);
        kernel = kb[0];
        bias = kb[1];
    }

    @Override
    boolean unbuilt() {
        return kernel == null;
    }

    /**
     * The output height (or width) for an input of {@code size} rows, by Keras's rule (see the class comment).
     *
     * <pre>{@code
     * Conv2DTranspose.builder(4, 3).strides(2).build().outputSize(5);                     // valid: 4 * 2 + 3 = 11
     * Conv2DTranspose.builder(4, 3).strides(2).padding("same").build().outputSize(5);     // same: 5 * 2 = 10
     * }</pre>
     *
     * @param size the input's height or width, >= 0
     * @return the output's
     * @throws IllegalArgumentException if {@code size} is negative or the output size is negative (an empty input
     *                                  with {@code same} and an output padding) or exceeds 2^31-1
     */
    public int outputSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException(name() + ": outputSize needs a size >= 0, got " + size);
        }
        long k = (long) (kernelSize - 1) * dilation + 1;
        long out;
        if (padding.equals("VALID")) {
            out = outputPadding < 0 ? (size - 1L) * stride + Math.max(k, stride) : (size - 1L) * stride + k + outputPadding;
        } else {
            out = outputPadding < 0 ? (long) size * stride : (size - 1L) * stride + k % 2 + outputPadding;
        }
        if (out < 0) { // an empty input with SAME and an output padding: (0 - 1) s + k % 2 + p
            throw new IllegalArgumentException(name() + ": an input of size " + size + " gives no output size ((" + size + " - 1) * "
                    + stride + " + " + (k % 2) + " + outputPadding " + outputPadding + " = " + out + ")");
        }
        if (out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": an input of size " + size + " gives an output of size " + out
                    + " (stride " + stride + ", kernel extent " + k + "), more than 2^31-1");
        }
        return (int) out;
    }

    /**
     * The transposed convolution of an NHWC batch.
     *
     * <pre>{@code
     * new Conv2DTranspose(4, 3).call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 2));   // shape (1, 7, 7, 4)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not rank 4, or its channels or dtype differ from the
     *                                  layer's, or its size has no output size (see the class comment); or, when
     *                                  this call builds the layer, if an initializer returns another shape or dtype
     *                                  (the layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() != 4) {
            throw new IllegalArgumentException(name() + ": Conv2DTranspose needs an NHWC input of rank 4, got shape " + x.shape());
        }
        int c = x.shape().dim(3);
        if (kernel != null && (c != kernel.shape().dim(3) || x.dtype() != kernel.dtype())) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for inputs (batch, height, width, " + kernel.shape().dim(3) + ") of dtype "
                    + kernel.dtype() + " (kernel " + kernel.shape() + ")");
        }
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        int oh = outputSize(h);
        int ow = outputSize(w);
        if (convSize(oh) != h || convSize(ow) != w) {
            // keras passes such a size on to tf.nn.conv2d_transpose, which refuses it (conv_grad_shape_utils.cc); checked
            // here, before the layer is built, so that a failed first call leaves it unbuilt
            throw new IllegalArgumentException(name() + ": an input of shape " + x.shape() + " gives an output of " + oh + "x" + ow
                    + " (kernel " + kernelSize + ", stride " + stride + ", dilation " + dilation + ", padding " + padding
                    + ", outputPadding " + outputPadding + "), which a conv2d does not map back to " + h + "x" + w);
        }
        if (kernel == null) {
            build(c, x.dtype());
        }
        Tensor y = NN.conv2dTranspose(x, kernel, new int[] {oh, ow}, new int[] {stride}, padding, new int[] {dilation});
        if (bias != null) {
            y = y.add(bias);
        }
        return activity(activation.apply(y));
    }

    /** The height a conv2d with this layer's window gives for an input of {@code size} rows; -1 if none. */
    private long convSize(int size) {
        long k = (long) (kernelSize - 1) * dilation + 1;
        if (padding.equals("SAME")) {
            return (size + (long) stride - 1) / stride;
        }
        return size < k ? -1 : (size - k) / stride + 1;
    }

    /**
     * The kernel {@code (kh, kw, filters, in)}, or null before the layer is built.
     *
     * <pre>{@code
     * Conv2DTranspose.builder(8, 3).inputChannels(1).build().kernel().shape();   // (3, 3, 8, 1)
     * }</pre>
     *
     * @return the kernel variable
     */
    public Variable kernel() {
        return kernel;
    }

    /**
     * The bias {@code (filters,)}, or null before the layer is built or without bias.
     *
     * <pre>{@code
     * Conv2DTranspose.builder(8, 3).inputChannels(1).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return bias;
    }

    /**
     * {@link Conv2DTranspose}'s options.
     *
     * <pre>{@code
     * Conv2DTranspose c = Conv2DTranspose.builder(8, 4).strides(2).outputPadding(1).useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends ConvBuilder<Builder> {
        private int outputPadding = -1;

        Builder(int filters, int kernelSize) {
            super("Conv2DTranspose", filters, kernelSize);
        }

        /**
         * Keras's {@code output_padding} in both directions: rows and columns added to the output size (see the
         * class comment), to pick among the sizes a strided conv2d maps to the same input size. Must be below the
         * stride ({@link #build()} checks, as Keras's constructor). Without it (the default, Keras's {@code None})
         * the size is Keras's default.
         *
         * <pre>{@code
         * Conv2DTranspose.builder(8, 3).strides(2).outputPadding(1);   // valid: output (h - 1) * 2 + 3 + 1
         * }</pre>
         *
         * @param padding >= 0
         * @return this builder
         */
        public Builder outputPadding(int padding) {
            if (padding < 0) {
                throw new IllegalArgumentException("Conv2DTranspose: outputPadding must be >= 0, got " + padding);
            }
            this.outputPadding = padding;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * Conv2DTranspose c = Conv2DTranspose.builder(8, 3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the output
         *                                  padding is not below the stride, or the input channels are given and an
         *                                  initializer returns another shape or dtype than it is asked for
         */
        public Conv2DTranspose build() {
            // keras/src/layers/convolutional/base_conv_transpose.py raises ValueError in __init__ for both
            if (outputPadding >= stride) {
                throw new IllegalArgumentException(who() + ": outputPadding must be < strides (as Keras), got outputPadding "
                        + outputPadding + " and strides " + stride);
            }
            checkStridesAndDilation();
            return new Conv2DTranspose(this);
        }
    }
}
