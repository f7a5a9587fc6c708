package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.List;

/**
 * A fully connected recurrent layer (Elman 1990; Keras's {@code SimpleRNN}, keras/src/layers/rnn/simple_rnn.py)
 * over an input {@code (batch, timesteps, features)}. From {@code h_0 = 0} (or a given initial state), each
 * timestep computes, with {@code φ} the activation (tanh),
 * <pre>
 * h_t = φ(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)
 * </pre>
 * and the output is {@code h_T} {@code (batch, units)}, or every {@code h_t} {@code (batch, timesteps, units)}
 * with {@code returnSequences}. {@code kernel} is {@code (features, units)} (Glorot uniform),
 * {@code recurrent_kernel} {@code (units, units)} (orthogonal), {@code bias} {@code (units,)} (zeros). PyTorch's
 * {@code nn.RNN} computes the same with {@code weight_ih = kernel^T}, {@code weight_hh = recurrent_kernel^T} and
 * {@code bias_ih + bias_hh = bias}.
 *
 * <p>The variables exist once the layer is built: at construction when the input size is given
 * ({@link Builder#inputSize}), otherwise at the first call, from the input's features and dtype. Keras's
 * {@code return_state}, {@code go_backwards} and {@code initial_state} are {@link Builder#returnState},
 * {@link Builder#goBackwards} and {@link #call(Tensor, List)}; Keras's {@code mask} is {@link #callMasked} and
 * {@link #call(Tensor, List, Tensor)} (masked timesteps leave the state as it was; in a {@link Sequential} the mask
 * of a preceding {@link Embedding} with {@code maskZero} or {@link Masking} arrives by itself). Not supported:
 * {@code dropout} and {@code recurrent_dropout}, {@code stateful}, {@code unroll} and {@code zero_output_for_mask}.
 *
 * <pre>{@code
 * SimpleRNN rnn = new SimpleRNN(8);
 * Tensor y = rnn.call(Tensors.zeros(DType.FLOAT32, 2, 5, 3));   // shape (2, 8)
 * }</pre>
 */
public class SimpleRNN extends Recurrent {

    /**
     * A layer with Keras's defaults, built at its first call: tanh, with bias, returning the last output.
     *
     * <pre>{@code
     * SimpleRNN rnn = new SimpleRNN(32);
     * }</pre>
     *
     * @param units the size of the output and state, positive
     */
    public SimpleRNN(int units) {
        this(builder(units));
    }

    /**
     * A layer with a named activation ({@link Activations}; null for linear), built at its first call.
     *
     * <pre>{@code
     * SimpleRNN rnn = new SimpleRNN(32, "relu");
     * }</pre>
     *
     * @param units      the size of the output and state, positive
     * @param activation a Keras activation name, or null for none
     */
    public SimpleRNN(int units, String activation) {
        this(builder(units).activation(activation));
    }

    private SimpleRNN(Builder b) {
        super(b, 1, 1);
        buildIfSized(b);
    }

    /**
     * A builder for the other options: activation, bias, initializers, return options, input size, dtype, name.
     *
     * <pre>{@code
     * SimpleRNN rnn = SimpleRNN.builder(32).returnSequences(true).inputSize(16).build();
     * }</pre>
     *
     * @param units the size of the output and state, positive
     * @return a new builder
     */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    @Override
    SimpleRNN copy(String name, boolean goBackwards) {
        Builder b = copyInto(builder(units), name, goBackwards);
        return b.build();
    }

    @Override
    Tensor initialBias(DType dtype) {
        Initializer bi = biasInitializer != null ? biasInitializer : Initializers.zeros();
        return Initializers.initialValue(name(), "bias", bi, Shape.of(units), dtype);
    }

    @Override
    List<Tensor> step(Tensor xProjected, List<Tensor> state, Tensor[] prepared) {
        return List.of(activation.apply(xProjected.add(Tensors.matmul(state.get(0), prepared[0]))));
    }

    /**
     * {@link SimpleRNN}'s options.
     *
     * <pre>{@code
     * SimpleRNN rnn = SimpleRNN.builder(16).activation("relu").returnSequences(true).build();
     * }</pre>
     */
    public static final class Builder extends RecurrentBuilder<Builder> {
        Builder(int units) {
            super("SimpleRNN", units);
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * SimpleRNN rnn = SimpleRNN.builder(8).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the input size is given and an initializer returns another shape or
         *                                  dtype than it is asked for
         */
        public SimpleRNN build() {
            return new SimpleRNN(this);
        }
    }
}
