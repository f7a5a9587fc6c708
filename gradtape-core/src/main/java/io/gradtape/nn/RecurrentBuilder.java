package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;
import java.util.function.Function;

/**
 * The options that {@link LSTM.Builder}, {@link GRU.Builder} and {@link SimpleRNN.Builder} share, beside those of
 * every layer ({@link LayerBuilder}): the recurrent kernel's initializer, regularizer and constraint, the output options of Keras's {@code RNN}
 * ({@code return_sequences}, {@code return_state}, {@code go_backwards}) and the input size. The activation starts
 * as {@code tanh}, Keras's default for these layers.
 *
 * @param <B> the concrete builder
 */
abstract class RecurrentBuilder<B extends RecurrentBuilder<B>> extends KernelBuilder<B> {
    final String layer;
    final int units;
    Function<Tensor, Tensor> recurrentActivation = Activations.get("sigmoid");
    Initializer recurrentInitializer;
    boolean returnSequences;
    boolean returnState;
    boolean goBackwards;
    int inputSize;

    RecurrentBuilder(String layer, int units) {
        if (units <= 0) {
            throw new IllegalArgumentException(layer + ": units must be positive, got " + units);
        }
        this.layer = layer;
        this.units = units;
        activation("tanh");
    }

    /**
     * The recurrent kernel's initializer (default orthogonal with gain 1 from
     * {@link Initializers#defaultGenerator()}, Keras's {@code "orthogonal"}). It is asked for shape
     * {@code (units, gates * units)}; another shape or dtype is an {@link IllegalArgumentException} naming the
     * layer when it is built, and the layer then stays unbuilt.
     *
     * <pre>{@code
     * LSTM.builder(8).recurrentInitializer(Initializers.orthogonal(1.0, Generator.fromSeed(1)));
     * }</pre>
     *
     * @param init the initializer
     * @return this builder
     */
    public B recurrentInitializer(Initializer init) {
        this.recurrentInitializer = Objects.requireNonNull(init, "recurrentInitializer is null");
        return self();
    }

    /**
     * A penalty on the recurrent kernel (Keras's {@code recurrent_regularizer}; default none); see
     * {@link #kernelRegularizer}.
     *
     * <pre>{@code
     * LSTM.builder(8).recurrentRegularizer(Regularizers.l2(1e-4));
     * }</pre>
     *
     * @param regularizer the penalty, or null for none
     * @return this builder
     */
    public B recurrentRegularizer(Regularizer regularizer) {
        this.weights.recurrentRegularizer = regularizer;
        return self();
    }

    /**
     * A projection of the recurrent kernel {@code (units, gates * units)} after each optimizer step (Keras's
     * {@code recurrent_constraint}; default none); see {@link #kernelConstraint}.
     *
     * <pre>{@code
     * GRU.builder(8).recurrentConstraint(Constraints.maxNorm(2.0));
     * }</pre>
     *
     * @param constraint the projection, or null for none
     * @return this builder
     */
    public B recurrentConstraint(Constraint constraint) {
        this.weights.recurrentConstraint = constraint;
        return self();
    }

    /**
     * Whether {@code call} returns the output of every timestep, {@code (batch, timesteps, units)}, instead of the
     * last one only, {@code (batch, units)} (Keras's {@code return_sequences}, default false). Stacked recurrent
     * layers need it on all but the last.
     *
     * <pre>{@code
     * LSTM.builder(8).returnSequences(true);
     * }</pre>
     *
     * @param returnSequences the flag
     * @return this builder
     */
    public B returnSequences(boolean returnSequences) {
        this.returnSequences = returnSequences;
        return self();
    }

    /**
     * Whether {@code call(x, initialState)} returns the final states after the output (Keras's
     * {@code return_state}, default false): {@code [output, h, c]} for {@link LSTM}, {@code [output, h]} for
     * {@link GRU} and {@link SimpleRNN}. {@code call(x)} returns the output alone either way.
     *
     * <pre>{@code
     * GRU.builder(8).returnState(true);
     * }</pre>
     *
     * @param returnState the flag
     * @return this builder
     */
    public B returnState(boolean returnState) {
        this.returnState = returnState;
        return self();
    }

    /**
     * Whether to read the timesteps from the last to the first (Keras's {@code go_backwards}, default false). As
     * in Keras, the sequence returned with {@link #returnSequences} is in that order too: its first step is the
     * output after the input's last timestep.
     *
     * <pre>{@code
     * SimpleRNN.builder(8).goBackwards(true);
     * }</pre>
     *
     * @param goBackwards the flag
     * @return this builder
     */
    public B goBackwards(boolean goBackwards) {
        this.goBackwards = goBackwards;
        return self();
    }

    /**
     * Builds the layer at construction for inputs with this many features (in the builder's dtype), so that its
     * variables exist before the first call (for an optimizer's {@code build} or a checkpoint's restore).
     *
     * <pre>{@code
     * LSTM.builder(8).inputSize(16);
     * }</pre>
     *
     * @param inputSize positive
     * @return this builder
     */
    public B inputSize(int inputSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException(layer + ": inputSize must be positive, got " + inputSize);
        }
        this.inputSize = inputSize;
        return self();
    }
}
