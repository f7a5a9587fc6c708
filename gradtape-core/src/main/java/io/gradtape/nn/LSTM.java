package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.List;

/**
 * A long short-term memory layer (Hochreiter &amp; Schmidhuber 1997; Keras's {@code LSTM},
 * keras/src/layers/rnn/lstm.py) over an input {@code (batch, timesteps, features)}. From {@code h_0 = c_0 = 0}
 * (or given initial states), each timestep computes, with {@code σ} the recurrent activation (sigmoid) and
 * {@code φ} the activation (tanh),
 * <pre>
 * z   = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias,   split into [z_i, z_f, z_c, z_o]
 * i   = σ(z_i),  f = σ(z_f),  o = σ(z_o)
 * c_t = f * c_{t-1} + i * φ(z_c)
 * h_t = o * φ(c_t)
 * </pre>
 * and the output is {@code h_T} {@code (batch, units)}, or every {@code h_t} {@code (batch, timesteps, units)}
 * with {@code returnSequences}. The gates sit side by side in Keras's order i, f, c, o: {@code kernel} is
 * {@code (features, 4 * units)} (Glorot uniform), {@code recurrent_kernel} {@code (units, 4 * units)}
 * (orthogonal), {@code bias} {@code (4 * units,)}, zero but for ones at the forget gate ({@code unitForgetBias},
 * default true, Jozefowicz et al. 2015). PyTorch's {@code nn.LSTM} computes the same with
 * {@code weight_ih = kernel^T}, {@code weight_hh = recurrent_kernel^T}, {@code bias_ih + bias_hh = bias} (its order
 * i, f, g, o is Keras's).
 *
 * <p>The variables exist once the layer is built: at construction when the input size is given
 * ({@link Builder#inputSize}), otherwise at the first call, from the input's features and dtype. Keras's
 * {@code return_state}, {@code go_backwards} and {@code initial_state} are {@link Builder#returnState},
 * {@link Builder#goBackwards} and {@link #call(Tensor, List)}. Keras's {@code mask} is {@link #callMasked} and
 * {@link #call(Tensor, List, Tensor)}, and in a {@link Sequential} the mask of a preceding
 * {@code Embedding.builder(...).maskZero(true)} or {@link Masking} arrives by itself: masked timesteps leave the
 * states as they were. Not supported: {@code dropout} and {@code recurrent_dropout}, {@code stateful},
 * {@code unroll} (the loop is always unrolled into ops) and {@code zero_output_for_mask}.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(8);
 * Tensor y = lstm.call(Tensors.zeros(DType.FLOAT32, 2, 5, 3));   // shape (2, 8); kernel (3, 32)
 * }</pre>
 */
public class LSTM extends Recurrent {
    private final boolean unitForgetBias;

    /**
     * An LSTM with Keras's defaults, built at its first call: tanh and sigmoid, with bias, returning the last
     * output.
     *
     * <pre>{@code
     * LSTM lstm = new LSTM(64);
     * }</pre>
     *
     * @param units the size of the output and states, positive
     */
    public LSTM(int units) {
        this(builder(units));
    }

    private LSTM(Builder b) {
        super(b, 4, 2);
        this.unitForgetBias = b.unitForgetBias;
        buildIfSized(b);
    }

    /**
     * A builder for the other options: activations, bias, initializers, return options, input size, dtype, name.
     *
     * <pre>{@code
     * LSTM lstm = LSTM.builder(32).returnSequences(true).inputSize(16).build();
     * }</pre>
     *
     * @param units the size of the output and states, positive
     * @return a new builder
     */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    @Override
    LSTM copy(String name, boolean goBackwards) {
        Builder b = copyInto(builder(units), name, goBackwards);
        b.unitForgetBias(unitForgetBias);
        return b.build();
    }

    @Override
    Tensor initialBias(DType dtype) {
        Initializer bi = biasInitializer != null ? biasInitializer : Initializers.zeros();
        if (!unitForgetBias) {
            return Initializers.initialValue(name(), "bias", bi, Shape.of(4 * units), dtype);
        }
        // Keras's unit_forget_bias: the initializer's values for the input gate, ones for the forget gate, the
        // initializer's values for the cell and output gates
        Tensor in = Initializers.initialValue(name(), "bias", bi, Shape.of(units), dtype);
        Tensor rest = Initializers.initialValue(name(), "bias", bi, Shape.of(2 * units), dtype);
        return Tensors.concat(List.of(in, Tensors.ones(dtype, units), rest), 0);
    }

    @Override
    List<Tensor> step(Tensor xProjected, List<Tensor> state, Tensor[] prepared) {
        Tensor h = state.get(0);
        Tensor c = state.get(1);
        // the bias is all in xProjected
        List<Tensor> z = Tensors.split(xProjected.add(Tensors.matmul(h, prepared[0])), 4, 1);
        Tensor i = recurrentActivation.apply(z.get(0));
        Tensor f = recurrentActivation.apply(z.get(1));
        Tensor cNext = f.mul(c).add(i.mul(activation.apply(z.get(2))));
        Tensor o = recurrentActivation.apply(z.get(3));
        return List.of(o.mul(activation.apply(cNext)), cNext);
    }

    /**
     * Whether the forget gate's bias starts at one.
     *
     * <pre>{@code
     * new LSTM(4).unitForgetBias();   // true
     * }</pre>
     *
     * @return the flag
     */
    public boolean unitForgetBias() {
        return unitForgetBias;
    }

    /**
     * {@link LSTM}'s options.
     *
     * <pre>{@code
     * LSTM lstm = LSTM.builder(16).returnSequences(true).returnState(true).dtype(DType.FLOAT64).inputSize(4).build();
     * }</pre>
     */
    public static final class Builder extends GatedRecurrentBuilder<Builder> {
        private boolean unitForgetBias = true;

        Builder(int units) {
            super("LSTM", units);
        }


        /**
         * Whether the forget gate's bias starts at one (default true, Keras's {@code unit_forget_bias}); the bias
         * initializer then gives the other three gates' parts, asked for shapes {@code (units,)} and
         * {@code (2 * units,)}.
         *
         * <pre>{@code
         * LSTM.builder(8).unitForgetBias(false);
         * }</pre>
         *
         * @param unitForgetBias the flag
         * @return this builder
         */
        public Builder unitForgetBias(boolean unitForgetBias) {
            this.unitForgetBias = unitForgetBias;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * LSTM lstm = LSTM.builder(8).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the input size is given and an initializer returns another shape or
         *                                  dtype than it is asked for
         */
        public LSTM build() {
            return new LSTM(this);
        }
    }
}
