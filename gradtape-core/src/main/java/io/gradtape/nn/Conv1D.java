package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.Objects;
import java.util.function.Function;

/**
 * A 1-D (temporal) convolution over sequences {@code (batch, steps, channels)},
 * {@code y = activation(conv1d(x, kernel) + bias)} (Keras's {@code Conv1D} with {@code data_format="channels_last"},
 * keras/src/layers/convolutional/conv1d.py and base_conv.py; computed by {@link NN#conv1d}). The kernel
 * {@code (kernelSize, in, filters)} starts Glorot-uniform (fans {@code kernelSize * in} and
 * {@code kernelSize * filters}) and the bias {@code (filters,)} zero; they are named {@code kernel} and
 * {@code bias}, as Keras's. Defaults: stride 1, padding {@code valid}, dilation 1, with bias.
 *
 * <p>Padding: {@code valid} keeps the windows inside the sequence ({@code floor((steps - k) / s) + 1} output steps
 * for the dilated extent {@code k = (kernelSize - 1) dilation + 1}; a sequence shorter than {@code k} is refused);
 * {@code same} gives {@code ceil(steps / s)} steps, padding the smaller half on the left; {@code causal} pads
 * {@code k - 1} zeros on the left only and then convolves with {@code valid}, as Keras's
 * {@code Conv1D._compute_causal_padding}, so output step {@code t} reads input steps {@code <= t} only (WaveNet's
 * causal convolution, van den Oord et al. 2016, section 2.1), also {@code ceil(steps / s)} steps. A stride above 1
 * together with a dilation above 1 is refused when the layer is built from its {@link Builder}, as Keras's
 * {@code BaseConv} refuses it at construction. Built at construction if the input's channels are given, otherwise at
 * the first call.
 *
 * <pre>{@code
 * Conv1D conv = Conv1D.builder(32, 3).activation("relu").padding("causal").build();
 * Tensor y = conv.call(Tensors.zeros(DType.FLOAT32, 4, 10, 128));   // shape (4, 10, 32)
 * }</pre>
 */
public class Conv1D extends Module {
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
     * A linear convolution with windows of {@code kernelSize} steps, built at its first call.
     *
     * <pre>{@code
     * Conv1D c = new Conv1D(16, 3);
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's steps, positive
     */
    public Conv1D(int filters, int kernelSize) {
        this(builder(filters, kernelSize));
    }

    /**
     * A convolution with a named activation, built at its first call.
     *
     * <pre>{@code
     * Conv1D c = new Conv1D(16, 3, "relu");
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's steps, positive
     * @param activation a Keras activation name, or null
     */
    public Conv1D(int filters, int kernelSize, String activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv1D(Builder b) {
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
     * Conv1D c = Conv1D.builder(64, 5).strides(2).padding("same").inputChannels(16).build();
     * }</pre>
     *
     * @param filters    the output channels, positive
     * @param kernelSize the window's steps, positive
     * @return a new builder
     */
    public static Builder builder(int filters, int kernelSize) {
        return new Builder(filters, kernelSize);
    }

    private void build(int channels, DType dtype) {
        Variable[] kb = addKernelAndBias("Conv1D", dtype, kernelInitializer,
                Shape.of(kernelSize, channels, filters), biasInitializer, useBias ? Shape.of(filters) : null, weights);
        kernel = kb[0];
        bias = kb[1];
    }

    @Override
    boolean unbuilt() {
        return kernel == null;
    }

    /**
     * The convolution of a batch of sequences.
     *
     * <pre>{@code
     * new Conv1D(4, 3).call(Tensors.zeros(DType.FLOAT32, 2, 10, 8));                              // shape (2, 8, 4)
     * Conv1D.builder(4, 3).padding("causal").build().call(Tensors.zeros(DType.FLOAT32, 2, 10, 8));   // (2, 10, 4)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not rank 3, or its channels or dtype differ from the layer's,
     *                                  or with {@code valid} padding it has fewer steps than the dilated kernel
     *                                  spans; or, when this call builds the layer, if an initializer returns another
     *                                  shape or dtype (the layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() != 3) {
            throw new IllegalArgumentException(name() + ": Conv1D needs an input (batch, steps, channels) of rank 3, got shape "
                    + x.shape());
        }
        int c = x.shape().dim(2);
        int steps = x.shape().dim(1);
        if (kernel != null && (c != kernel.shape().dim(1) || x.dtype() != kernel.dtype())) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for inputs (batch, steps, " + kernel.shape().dim(1) + ") of dtype "
                    + kernel.dtype() + " (kernel " + kernel.shape() + ")");
        }
        long extent = (long) (kernelSize - 1) * dilation + 1;
        if (padding.equals("VALID") && steps < extent) {
            // Keras's build calls compute_conv_output_shape (keras/src/ops/operation_utils.py), which refuses a
            // negative size; checked here before the layer is built, so that a failed first call leaves it unbuilt
            throw new IllegalArgumentException(name() + ": an input of shape " + x.shape() + " has " + steps + " steps, fewer than"
                    + " the kernel's " + kernelSize + (dilation > 1 ? " (extent " + extent + " with dilationRate " + dilation + ")" : "")
                    + ", with valid padding");
        }
        if (padding.equals("CAUSAL") && extent - 1 + steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": causal padding of " + (extent - 1) + " steps before the input of shape "
                    + x.shape() + " gives more than 2^31-1 steps");
        }
        if (kernel == null) {
            build(c, x.dtype());
        }
        Tensor y;
        if (!padding.equals("CAUSAL")) {
            y = NN.conv1d(x, kernel, stride, padding, dilation);
        } else if (steps == 0) {
            // no step: Keras's output has ceil(0 / s) = 0 steps; SAME gives that size without padding a window
            y = NN.conv1d(x, kernel, stride, "SAME", dilation);
        } else {
            // keras/src/layers/convolutional/conv1d.py, Conv1D.call: left-pad dilation * (kernelSize - 1), then valid
            Tensor padded = Tensors.pad(x, new int[] {0, (int) (extent - 1), 0}, new int[] {0, 0, 0});
            y = NN.conv1d(padded, kernel, stride, "VALID", dilation);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return activity(activation.apply(y));
    }

    /**
     * The kernel {@code (kernelSize, in, filters)}, or null before the layer is built.
     *
     * <pre>{@code
     * Conv1D.builder(8, 3).inputChannels(2).build().kernel().shape();   // (3, 2, 8)
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
     * Conv1D.builder(8, 3).inputChannels(2).build().bias().shape();   // (8)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return bias;
    }

    /**
     * {@link Conv1D}'s options; {@link #padding(String)} also takes {@code causal}.
     *
     * <pre>{@code
     * Conv1D c = Conv1D.builder(8, 2).dilationRate(4).padding("causal").useBias(false).build();
     * }</pre>
     */
    public static final class Builder extends ConvBuilder<Builder> {
        Builder(int filters, int kernelSize) {
            super("Conv1D", filters, kernelSize);
        }

        @Override
        boolean allowsCausal() {
            return true;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * Conv1D c = Conv1D.builder(8, 3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if both the stride and the dilation rate are above 1, or the input
         *                                  channels are given and an initializer returns another shape or dtype
         *                                  than it is asked for
         */
        public Conv1D build() {
            checkStridesAndDilation();
            return new Conv1D(this);
        }
    }
}
