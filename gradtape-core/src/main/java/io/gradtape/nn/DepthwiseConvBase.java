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
 * The four depthwise layers in one: {@link DepthwiseConv1D} and {@link DepthwiseConv2D} (a depthwise convolution,
 * Keras's {@code BaseDepthwiseConv}) and {@link SeparableConv1D} and {@link SeparableConv2D} (the same followed by a
 * pointwise convolution, Keras's {@code BaseSeparableConv}), channels last, over {@code rank} spatial axes. The 1-D
 * layers run the 2-D ops over a one-row image, as Keras's TensorFlow backend does (keras/src/backend/tensorflow/nn.py,
 * depthwise_conv and separable_conv: expand_dims, tf.nn.depthwise_conv2d / separable_conv2d, squeeze).
 *
 * <p>Variables, in Keras's order and with its names: a depthwise layer has {@code kernel} {@code (k[, k], in, M)} and
 * {@code bias} {@code (in M,)}; a separable one {@code depthwise_kernel} {@code (k[, k], in, M)},
 * {@code pointwise_kernel} {@code (1[, 1], in M, filters)} and {@code bias} {@code (filters,)}. Each takes the
 * regularizer and constraint of its builder option ({@code depthwiseRegularizer}, {@code pointwiseConstraint},
 * {@code biasRegularizer}, ...), and the output the {@code activityRegularizer}, as Keras's {@code add_weight} calls
 * and {@code Layer.__call__} do.
 */
abstract class DepthwiseConvBase extends Module {
    private final String kind;
    private final int rank;
    /** The pointwise step's filters; 0 for a depthwise layer. */
    private final int filters;
    private final int depthMultiplier;
    private final int kernelSize;
    private final int stride;
    private final String padding;
    private final int dilation;
    private final Function<Tensor, Tensor> activation;
    private final boolean useBias;
    private final Initializer depthwiseInitializer;
    private final Initializer pointwiseInitializer;
    private final Initializer biasInitializer;
    /** The depthwise kernel's options in the kernel's fields, the pointwise kernel's in the pointwise ones. */
    private final WeightOptions weights;
    private Variable depthwise;
    private Variable pointwise;
    private Variable bias;

    DepthwiseConvBase(String kind, int rank, DepthwiseBuilder<?> b, Initializer pointwiseInitializer) {
        super(b.name, b.activityRegularizer);
        this.weights = b.weights.copy();
        this.kind = kind;
        this.rank = rank;
        this.filters = b.filters;
        this.depthMultiplier = b.depthMultiplier;
        this.kernelSize = b.kernelSize;
        this.stride = b.stride;
        this.padding = b.padding;
        this.dilation = b.dilation;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.depthwiseInitializer = b.kernelInitializer;
        this.pointwiseInitializer = pointwiseInitializer;
        this.biasInitializer = b.biasInitializer;
        if (b.inputChannels > 0) {
            build(b.inputChannels, b.dtype);
        }
    }

    private boolean separable() {
        return filters > 0;
    }

    /**
     * Keras's build: every initial value and constraint check first, so a failing initializer or constraint leaves
     * the layer unbuilt; each variable with its regularizer and constraint (Keras's {@code depthwise_*},
     * {@code pointwise_*}, {@code bias_*}).
     */
    private void build(int channels, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(name() + ": " + kind + " needs a floating input, got dtype " + dtype);
        }
        long outChannels = (long) channels * depthMultiplier;
        if (outChannels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": " + channels + " input channels times depthMultiplier " + depthMultiplier
                    + " is more than 2^31-1 channels");
        }
        int cm = (int) outChannels;
        Shape ks = rank == 2 ? Shape.of(kernelSize, kernelSize, channels, depthMultiplier) : Shape.of(kernelSize, channels, depthMultiplier);
        Shape ps = rank == 2 ? Shape.of(1, 1, cm, filters) : Shape.of(1, cm, filters);
        String dName = separable() ? "depthwise_kernel" : "kernel";
        Tensor d0 = Initializers.initialValue(name(), dName, orGlorot(depthwiseInitializer), ks, dtype);
        Tensor p0 = separable() ? Initializers.initialValue(name(), "pointwise_kernel", orGlorot(pointwiseInitializer), ps, dtype) : null;
        Tensor b0 = useBias ? Initializers.initialValue(name(), "bias", biasInitializer != null ? biasInitializer : Initializers.zeros(),
                Shape.of(separable() ? filters : cm), dtype) : null;
        checkConstraint(dName, weights.kernelConstraint, d0);
        if (p0 != null) {
            checkConstraint("pointwise_kernel", weights.pointwiseConstraint, p0);
        }
        if (b0 != null) {
            checkConstraint("bias", weights.biasConstraint, b0);
        }
        depthwise = addVariable(dName, d0, true);
        attach(depthwise, weights.kernelRegularizer, weights.kernelConstraint);
        if (p0 != null) {
            pointwise = addVariable("pointwise_kernel", p0, true);
            attach(pointwise, weights.pointwiseRegularizer, weights.pointwiseConstraint);
        }
        if (b0 != null) {
            bias = addVariable("bias", b0, true);
            attach(bias, weights.biasRegularizer, weights.biasConstraint);
        }
    }

    private static Initializer orGlorot(Initializer init) {
        return init != null ? init : Initializers.glorotUniform(Initializers.defaultGenerator());
    }

    @Override
    boolean unbuilt() {
        return depthwise == null;
    }

    /**
     * The convolution of a channels-last batch: rank 3 {@code (batch, steps, channels)} for the 1-D layers, rank 4
     * NHWC for the 2-D ones. Every check runs before the layer is built or anything is recorded.
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        String layout = rank == 2 ? "an NHWC input" : "an input (batch, steps, channels)";
        if (x.rank() != rank + 2) {
            throw new IllegalArgumentException(name() + ": " + kind + " needs " + layout + " of rank " + (rank + 2) + ", got shape "
                    + x.shape());
        }
        int c = x.shape().dim(rank + 1);
        if (depthwise != null && (c != depthwise.shape().dim(rank) || x.dtype() != depthwise.dtype())) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for " + depthwise.shape().dim(rank) + " input channels (last axis) of dtype "
                    + depthwise.dtype() + " (" + (separable() ? "depthwise_kernel " : "kernel ") + depthwise.shape() + ")");
        }
        long extent = (long) (kernelSize - 1) * dilation + 1;
        for (int a = 1; a <= rank; a++) {
            if (padding.equals("VALID") && x.shape().dim(a) < extent) {
                // Keras's build calls compute_conv_output_shape, which refuses a size below 1; checked before the
                // layer is built, so a failed first call leaves it unbuilt
                throw new IllegalArgumentException(name() + ": an input of shape " + x.shape() + " is smaller than the kernel's "
                        + kernelSize + (dilation > 1 ? " (extent " + extent + " with dilationRate " + dilation + ")" : "")
                        + " along axis " + a + ", with valid padding");
            }
        }
        if (depthwise == null) {
            build(c, x.dtype());
        }
        Tensor y;
        if (rank == 2) {
            int[] s = {stride};
            int[] d = {dilation};
            y = separable() ? NN.separableConv2d(x, depthwise, pointwise, s, padding, d) : NN.depthwiseConv2d(x, depthwise, s, padding, d);
        } else {
            int[] s = {1, stride};
            int[] d = {1, dilation};
            Tensor row = Tensors.expandDims(x, 1);
            Tensor k = Tensors.expandDims(depthwise, 0);
            y = Tensors.squeeze(separable() ? NN.separableConv2d(row, k, Tensors.expandDims(pointwise, 0), s, padding, d)
                    : NN.depthwiseConv2d(row, k, s, padding, d), 1);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return activity(activation.apply(y));
    }

    Variable depthwiseKernel() {
        return depthwise;
    }

    Variable pointwiseKernel() {
        return pointwise;
    }

    Variable biasVariable() {
        return bias;
    }
}
