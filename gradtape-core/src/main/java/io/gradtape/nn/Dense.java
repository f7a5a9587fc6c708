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
 * A fully connected layer, {@code y = activation(x @ kernel + bias)} (Keras's {@code Dense}), applied to the
 * last axis of an input of rank 2 or more. The kernel {@code (inputSize, units)} starts Glorot-uniform and the
 * bias {@code (units,)} zero, unless other initializers are given.
 *
 * <p>The variables {@code kernel} and {@code bias} exist once the layer is built: at construction when the
 * input size is given ({@link #Dense(int, int, String)} or {@link Builder#inputSize}), in float32 (or the
 * builder's dtype), otherwise at the first call, from the input's last dimension and dtype. An optimizer's
 * slots and a checkpoint need the variables, so give the input size (or call {@link Module#build}) before
 * {@code optimizer.build} or a restore.
 *
 * <pre>{@code
 * Dense d = new Dense(3, 2, "relu");   // built: kernel (3, 2), bias (2,)
 * Tensor y = d.call(Tensors.ones(DType.FLOAT32, 4, 3));   // shape (4, 2)
 * }</pre>
 */
public class Dense extends Module {
    private final int units;
    private static final Function<Tensor, Tensor> RELU = Activations.get("relu");
    private final Function<Tensor, Tensor> activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    /** The weights' regularizers and constraints, from the builder. */
    private final WeightOptions weights;
    private Variable kernel;
    private Variable bias;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A linear layer of {@code units} outputs, built at its first call.
     *
     * <pre>{@code
     * Dense d = new Dense(10);
     * }</pre>
     *
     * @param units the number of outputs, positive
     */
    public Dense(int units) {
        this(builder(units));
    }

    /**
     * A layer with a named activation ({@link Activations}), built at its first call.
     *
     * <pre>{@code
     * Dense d = new Dense(128, "relu");
     * }</pre>
     *
     * @param units      the number of outputs, positive
     * @param activation a Keras activation name, or null for none
     */
    public Dense(int units, String activation) {
        this(builder(units).activation(activation));
    }

    /**
     * A layer with an activation function, built at its first call.
     *
     * <pre>{@code
     * Dense d = new Dense(128, NN::gelu);
     * }</pre>
     *
     * @param units      the number of outputs, positive
     * @param activation the activation
     */
    public Dense(int units, Function<Tensor, Tensor> activation) {
        this(builder(units).activation(Objects.requireNonNull(activation, "Dense: activation is null")));
    }

    /**
     * A float32 layer built now, for inputs of size {@code inputSize}.
     *
     * <pre>{@code
     * Dense d = new Dense(784, 256, "relu");
     * d.trainableVariables().size();   // 2
     * }</pre>
     *
     * @param inputSize  the input's last dimension, positive
     * @param units      the number of outputs, positive
     * @param activation a Keras activation name, or null for none
     */
    public Dense(int inputSize, int units, String activation) {
        this(builder(units).activation(activation).inputSize(inputSize));
    }

    private Dense(Builder b) {
        super(b.name, b.activityRegularizer);
        this.weights = b.weights.copy();
        this.units = b.units;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        if (b.inputSize > 0) {
            build(b.inputSize, b.dtype);
        }
    }

    /**
     * A builder for the other options: input size, bias, initializers, regularizers, constraints, dtype and name.
     *
     * <pre>{@code
     * Dense d = Dense.builder(10).inputSize(128).useBias(false).name("logits").build();
     * }</pre>
     *
     * @param units the number of outputs, positive
     * @return a new builder
     */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    private void build(int inputSize, DType dtype) {
        Variable[] kb = addKernelAndBias("Dense", dtype, kernelInitializer, Shape.of(inputSize, units),
                biasInitializer, useBias ? Shape.of(units) : null, weights);
        kernel = kb[0];
        bias = kb[1];
    }

    /**
     * {@code activation(x @ kernel + bias)} on the last axis; builds the layer first if needed.
     *
     * <pre>{@code
     * new Dense(2).call(Tensors.ones(DType.FLOAT64, 5, 7, 3));   // shape (5, 7, 2)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input has rank below 2, or a last dimension or dtype other than
     *                                  the layer's; or, when this call builds the layer, if an
     *                                  initializer returns another shape or dtype (the layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        int[] d = x.shape().dims();
        if (d.length < 2) {
            throw new IllegalArgumentException(name() + ": Dense needs an input of rank >= 2 (batch, ..., features), got shape "
                    + x.shape() + "; reshape a single example to (1, n)");
        }
        int in = d[d.length - 1];
        if (kernel == null) {
            build(in, x.dtype());
        }
        int expected = kernel.shape().dim(0);
        if (in != expected || x.dtype() != kernel.dtype()) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for inputs (..., " + expected + ") of dtype " + kernel.dtype() + " (kernel "
                    + kernel.shape() + ")");
        }
        // the rows are the product of the leading dimensions, not a -1: TensorFlow's reshape infers -1 beside a zero
        // size from the non-zero dimensions only, so (0, 3, 0) to (-1, 0) is (3, 0), three rows where there are none
        int rows = 1;
        for (int i = 0; i < d.length - 1; i++) {
            rows *= d[i];   // no overflow: a shape's non-zero dimensions multiply to at most 2^31 - 1
        }
        Tensor flat = d.length == 2 ? x : Tensors.reshape(x, rows, in);
        // relu, the usual hidden activation, goes into the product's own pass (NN.linear)
        boolean fuse = bias != null && activation == RELU;
        Tensor y = fuse ? NN.linear(flat, kernel, bias, "relu")
                : bias != null ? NN.linear(flat, kernel, bias) : Tensors.matmul(flat, kernel);
        if (d.length > 2) {
            int[] out = d.clone();
            out[out.length - 1] = units;
            y = Tensors.reshape(y, out);
        }
        return activity(fuse ? y : activation.apply(y));
    }

    @Override
    boolean unbuilt() {
        return kernel == null;
    }

    /**
     * The kernel {@code (inputSize, units)}, or null before the layer is built.
     *
     * <pre>{@code
     * new Dense(3, 2, null).kernel().shape();   // (3, 2)
     * }</pre>
     *
     * @return the kernel variable
     */
    public Variable kernel() {
        return kernel;
    }

    /**
     * The bias {@code (units,)}, or null before the layer is built or without bias.
     *
     * <pre>{@code
     * new Dense(3, 2, null).bias().shape();   // (2)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return bias;
    }

    /**
     * The number of outputs.
     *
     * <pre>{@code
     * new Dense(10).units();   // 10
     * }</pre>
     *
     * @return the units
     */
    public int units() {
        return units;
    }

    /**
     * {@link Dense}'s options.
     *
     * <pre>{@code
     * Dense d = Dense.builder(64).activation("tanh").inputSize(32).dtype(DType.FLOAT64).build();
     * }</pre>
     */
    public static final class Builder extends KernelBuilder<Builder> {
        private final int units;
        private int inputSize;

        Builder(int units) {
            if (units <= 0) {
                throw new IllegalArgumentException("Dense: units must be positive, got " + units);
            }
            this.units = units;
        }

        /**
         * Builds the layer at construction for inputs of this size.
         *
         * <pre>{@code
         * Dense.builder(8).inputSize(4);
         * }</pre>
         *
         * @param inputSize positive
         * @return this builder
         */
        public Builder inputSize(int inputSize) {
            if (inputSize <= 0) {
                throw new IllegalArgumentException("Dense: inputSize must be positive, got " + inputSize);
            }
            this.inputSize = inputSize;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * Dense d = Dense.builder(8).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the input size is given and an initializer returns another shape or
         *                                  dtype than it is asked for
         */
        public Dense build() {
            return new Dense(this);
        }
    }
}
