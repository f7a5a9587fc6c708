package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;
import java.util.function.Function;

/**
 * The option that {@link LSTM.Builder} and {@link GRU.Builder} share beside {@link RecurrentBuilder}'s: the gates'
 * activation, Keras's {@code recurrent_activation} (a {@link SimpleRNN} has no gates, so its builder has none).
 *
 * @param <B> the concrete builder
 */
abstract class GatedRecurrentBuilder<B extends GatedRecurrentBuilder<B>> extends RecurrentBuilder<B> {
    GatedRecurrentBuilder(String layer, int units) {
        super(layer, units);
    }

    /**
     * The gates' activation (default {@code sigmoid}), a Keras name ({@link Activations}); null for linear.
     *
     * <pre>{@code
     * LSTM.builder(8).recurrentActivation("hard_sigmoid");
     * GRU.builder(8).recurrentActivation("hard_sigmoid");
     * }</pre>
     *
     * @param name the name
     * @return this builder
     */
    public B recurrentActivation(String name) {
        this.recurrentActivation = Activations.get(name);
        return self();
    }

    /**
     * The gates' activation as a function.
     *
     * <pre>{@code
     * LSTM.builder(8).recurrentActivation(NN::sigmoid);
     * }</pre>
     *
     * @param f the function
     * @return this builder
     */
    public B recurrentActivation(Function<Tensor, Tensor> f) {
        this.recurrentActivation = Objects.requireNonNull(f, "recurrentActivation is null");
        return self();
    }
}
