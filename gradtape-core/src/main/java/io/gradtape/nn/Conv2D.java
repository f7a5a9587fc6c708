package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Variable;

import java.util.Objects;
import java.util.function.Function;

/**
 * A 2-D convolution over NHWC images, {@code y = activation(conv2d(x, kernel) + bias)} (Keras's {@code Conv2D}
 * with {@code data_format="channels_last"}, computed by {@link NN#conv2d}). The kernel {@code (kh, kw, in,
 * filters)} starts Glorot-uniform and the bias {@code (filters,)} zero. Defaults: stride 1, padding
 * {@code valid}, dilation 1, with bias. A stride above 1 together with a dilation above 1 is refused when the
 * layer is built from its {@link Builder}, as Keras's {@code Conv2D} refuses it at construction ({@link NN#conv2d}
 * itself accepts the pair, as {@code tf.nn.conv2d}). Built at construction if the input's channels are given,
 * otherwise at the first call.
 *
 * <pre>{@code
 * Conv2D conv = Conv2D.builder(8, 3).activation("relu").padding("same").build();
 * Tensor y = conv.call(Tensors.zeros(DType.FLOAT32, 2, 28, 28, 1));   // shape (2, 28, 28, 8)
 * }</pre>
 */
public class Conv2D extends Module {
    private final int filters;
    private final int kernelSize;
    private final int stride;
    private final String padding;
    private final int dilation;
    private final Function<Tensor, Tensor> activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    /** The weights' regularizers and constraints, from the builder. */
    private final WeightOptions weights;
    private Variable kernel;
    private Variable bias;

    /**
     * A linear convolution with square {@code kernelSize} windows, built at its first call.
     *
     * <pre>{@code
     * Conv2D c = new Conv2D(16, 3);
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's height and width, positive
     */
    public Conv2D(int filters, int kernelSize) {
        this(builder(filters, kernelSize));
    }

    /**
     * A convolution with a named activation, built at its first call.
     *
     * <pre>{@code
     * Conv2D c = new Conv2D(16, 3, "relu");
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's height and width, positive
     * @param activation a Keras activation name, or null
     */
    public Conv2D(int filters, int kernelSize, String activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv2D(Builder b) {
        super(b.name, b.activityRegularizer);
        this.weights = b.weights.copy();
        this.filters = b.filters;
        this.kernelSize = b.kernelSize;
        this.stride = b.stride;
        this.padding = b.padding;
        this.dilation = b.dilation;
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
     * Conv2D c = Conv2D.builder(32, 3).strides(2).padding("same").inputChannels(3).build();
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
        Variable[] kb = addKernelAndBias("Conv2D", dtype, kernelInitializer,
                Shape.of(kernelSize, kernelSize, channels, filters), biasInitializer, useBias ? Shape.of(filters) : null, weights);
        kernel = kb[0];
        bias = kb[1];
    }

    @Override
    boolean unbuilt() {
        return kernel == null;
    }

    /**
     * The convolution of an NHWC batch.
     *
     * <pre>{@code
     * new Conv2D(4, 3).call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 2));   // shape (1, 3, 3, 4)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not rank 4, or its channels or dtype differ from the
     *                                  layer's; or, when this call builds the layer, if an
     *                                  initializer returns another shape or dtype (the layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() != 4) {
            throw new IllegalArgumentException(name() + ": Conv2D needs an NHWC input of rank 4, got shape " + x.shape());
        }
        int c = x.shape().dim(3);
        if (kernel == null) {
            build(c, x.dtype());
        }
        if (c != kernel.shape().dim(2) || x.dtype() != kernel.dtype()) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for inputs (batch, height, width, " + kernel.shape().dim(2) + ") of dtype "
                    + kernel.dtype() + " (kernel " + kernel.shape() + ")");
        }
        Tensor y = NN.conv2d(x, kernel, new int[] {stride}, padding, new int[] {dilation});
        if (bias != null) {
            y = y.add(bias);
        }
        return activity(activation.apply(y));
    }

    /**
     * The kernel {@code (kh, kw, in, filters)}, or null before the layer is built.
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).inputChannels(1).build().kernel().shape();   // (3, 3, 1, 8)
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
     * Conv2D.builder(8, 3).inputChannels(1).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return bias;
    }

    /**
     * {@link Conv2D}'s options.
     *
     * <pre>{@code
     * Conv2D c = Conv2D.builder(8, 5).dilationRate(2).useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends ConvBuilder<Builder> {
        Builder(int filters, int kernelSize) {
            super("Conv2D", filters, kernelSize);
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * Conv2D c = Conv2D.builder(8, 3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the input
         *                                  channels are given and an initializer returns another shape or dtype
         *                                  than it is asked for
         */
        public Conv2D build() {
            checkStridesAndDilation();
            return new Conv2D(this);
        }
    }
}
