package io.gradtape.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * The options that all the convolution builders (through {@link ConvBuilder} {@link Conv1D.Builder},
 * {@link Conv2D.Builder} and {@link Conv2DTranspose.Builder}, through {@link DepthwiseBuilder} the depthwise and
 * separable ones) share besides {@link LayerBuilder}'s: filters and kernel size (checked
 * positive), strides, padding, dilation rate and the input channels to build at construction, with Keras's
 * checks ({@code keras/src/layers/convolutional/base_conv.py}, {@code BaseConv.__init__}), each refusal naming
 * the layer kind. {@link #padding(String, String, boolean)} is the padding check the pooling layers use too.
 *
 * @param <B> the concrete builder
 */
abstract class BaseConvBuilder<B extends BaseConvBuilder<B>> extends LayerBuilder<B> {
    /** The layer's class name, for messages: {@code Conv2D}. */
    final String kind;
    final int filters;
    final int kernelSize;
    int stride = 1;
    /** {@code VALID}, {@code SAME} or (Conv1D only) {@code CAUSAL}. */
    String padding = "VALID";
    int dilation = 1;
    /** 0 until {@link #inputChannels} is given. */
    int inputChannels;

    BaseConvBuilder(String kind, int filters, int kernelSize) {
        this.kind = kind;
        if (filters <= 0 || kernelSize <= 0) {
            throw new IllegalArgumentException(kind + ": filters and kernelSize must be positive, got " + filters + " and " + kernelSize);
        }
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /**
     * For the depthwise layers' builders ({@link DepthwiseBuilder}), which have no filters option: {@link #filters}
     * stays 0.
     */
    BaseConvBuilder(String kind, int kernelSize) {
        this.kind = kind;
        if (kernelSize <= 0) {
            throw new IllegalArgumentException(kind + ": kernelSize must be positive, got " + kernelSize);
        }
        this.filters = 0;
        this.kernelSize = kernelSize;
    }

    /** Whether {@link #padding(String)} accepts {@code causal} (Keras: only for rank 1, {@code standardize_padding}). */
    boolean allowsCausal() {
        return false;
    }

    /**
     * The stride along each spatial axis (default 1; for a transposed convolution the upsampling factor); above 1
     * only with a dilation rate of 1 ({@code build()} refuses both above 1, as Keras).
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).strides(2);
     * }</pre>
     *
     * @param stride positive
     * @return this builder
     */
    public B strides(int stride) {
        if (stride <= 0) {
            throw new IllegalArgumentException(kind + ": strides must be positive, got " + stride);
        }
        this.stride = stride;
        return self();
    }

    /**
     * {@code valid} (default: no padding) or {@code same} (output size {@code ceil(input / stride)} for a
     * convolution; see {@link Conv2DTranspose} for its sizes), in either case; {@link Conv1D} also takes
     * {@code causal} (see there).
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).padding("same");
     * }</pre>
     *
     * @param padding the padding
     * @return this builder
     */
    public B padding(String padding) {
        this.padding = padding(kind, Objects.requireNonNull(padding, "padding is null"), allowsCausal());
        return self();
    }

    /**
     * The dilation rate along each spatial axis (default 1); above 1 only with a stride of 1 ({@code build()}
     * refuses both above 1, as Keras).
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).dilationRate(2);
     * }</pre>
     *
     * @param rate positive
     * @return this builder
     */
    public B dilationRate(int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException(kind + ": dilationRate must be positive, got " + rate);
        }
        this.dilation = rate;
        return self();
    }

    /**
     * Builds the layer at construction for inputs with this many channels.
     *
     * <pre>{@code
     * Conv2D.builder(8, 3).inputChannels(3);
     * }</pre>
     *
     * @param channels positive
     * @return this builder
     */
    public B inputChannels(int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException(kind + ": inputChannels must be positive, got " + channels);
        }
        this.inputChannels = channels;
        return self();
    }

    /** The layer kind and its explicit name, if any, as {@code build()}'s refusals name it: {@code Conv2D stem}. */
    String who() {
        return kind + (name != null ? " " + name : "");
    }

    /** Keras's refusal of a stride and a dilation rate both above 1 ({@code BaseConv.__init__} raises ValueError). */
    void checkStridesAndDilation() {
        if (stride > 1 && dilation > 1) {
            throw new IllegalArgumentException(who() + ": strides > 1 is not supported together with dilationRate > 1 (as Keras), got"
                    + " strides " + stride + " and dilationRate " + dilation);
        }
    }

    /**
     * A layer's padding option in upper case: {@code valid} or {@code same} in any case, and {@code causal} where
     * {@code causal} is true (Keras's {@code standardize_padding(padding, allow_causal)},
     * keras/src/utils/argument_validation.py).
     *
     * @throws IllegalArgumentException naming {@code kind} for any other string
     */
    static String padding(String kind, String padding, boolean causal) {
        String p = padding.toUpperCase(Locale.ROOT);
        if (p.equals("VALID") || p.equals("SAME") || (causal && p.equals("CAUSAL"))) {
            return p;
        }
        throw new IllegalArgumentException(kind + ": padding must be " + (causal ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"")
                + ", got \"" + padding + "\"");
    }
}
