package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.List;

/**
 * A gated recurrent unit layer (Cho et al. 2014; Keras's {@code GRU}, keras/src/layers/rnn/gru.py) over an input
 * {@code (batch, timesteps, features)}. From {@code h_0 = 0} (or a given initial state), each timestep computes,
 * with {@code σ} the recurrent activation (sigmoid) and {@code φ} the activation (tanh), the gates in Keras's
 * order z (update), r (reset), h (candidate):
 * <pre>
 * [x_z, x_r, x_h] = x_t @ kernel + b_in
 * [u_z, u_r, u_h] = h_{t-1} @ recurrent_kernel + b_rec
 * z = σ(x_z + u_z),  r = σ(x_r + u_r)
 * ĥ = φ(x_h + r * u_h)
 * h_t = z * h_{t-1} + (1 - z) * ĥ
 * </pre>
 * That is Keras's default {@code reset_after=True}: {@code bias} is {@code (2, 3 * units)}, row 0 {@code b_in} and
 * row 1 {@code b_rec}. With {@link Builder#resetAfter resetAfter(false)} (the paper's first version) the reset gate
 * applies before the product, {@code ĥ = φ(x_h + (r * h_{t-1}) @ recurrent_kernel[:, 2u:])}, there is no
 * {@code b_rec} and {@code bias} is {@code (3 * units,)}. {@code kernel} is {@code (features, 3 * units)} (Glorot
 * uniform), {@code recurrent_kernel} {@code (units, 3 * units)} (orthogonal), the bias zero. The output is
 * {@code h_T} {@code (batch, units)}, or every {@code h_t} with {@code returnSequences}. PyTorch's {@code nn.GRU}
 * computes the reset-after form, its gates in the order r, z, n: {@code weight_ih} is {@code kernel}'s r, z, h
 * columns transposed, {@code bias_ih = b_in} and {@code bias_hh = b_rec} in the same order.
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
 * GRU gru = new GRU(8);
 * Tensor y = gru.call(Tensors.zeros(DType.FLOAT32, 2, 5, 3));   // shape (2, 8); bias (2, 24)
 * }</pre>
 */
public class GRU extends Recurrent {
    private final boolean resetAfter;

    /**
     * A GRU with Keras's defaults, built at its first call: tanh and sigmoid, with bias, reset after the product,
     * returning the last output.
     *
     * <pre>{@code
     * GRU gru = new GRU(64);
     * }</pre>
     *
     * @param units the size of the output and state, positive
     */
    public GRU(int units) {
        this(builder(units));
    }

    private GRU(Builder b) {
        super(b, 3, 1);
        this.resetAfter = b.resetAfter;
        buildIfSized(b);
    }

    /**
     * A builder for the other options: activations, bias, reset convention, initializers, return options, input
     * size, dtype, name.
     *
     * <pre>{@code
     * GRU gru = GRU.builder(32).returnSequences(true).inputSize(16).build();
     * }</pre>
     *
     * @param units the size of the output and state, positive
     * @return a new builder
     */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    @Override
    GRU copy(String name, boolean goBackwards) {
        Builder b = copyInto(builder(units), name, goBackwards);
        b.resetAfter(resetAfter);
        return b.build();
    }

    @Override
    Tensor initialBias(DType dtype) {
        Initializer bi = biasInitializer != null ? biasInitializer : Initializers.zeros();
        return Initializers.initialValue(name(), "bias", bi, resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units), dtype);
    }

    @Override
    Tensor inputBias(Tensor bias) {
        return resetAfter ? Tensors.unstack(bias, 0).get(0) : bias;
    }

    @Override
    Tensor[] prepare(Tensor recurrentKernel, Tensor bias) {
        if (resetAfter) {
            // the recurrent kernel and b_rec (the input bias is in the input projection)
            return new Tensor[] {recurrentKernel, bias != null ? Tensors.unstack(bias, 0).get(1) : null};
        }
        // the z and r columns, and the h columns that multiply r * h
        List<Tensor> k = Tensors.split(recurrentKernel, new int[] {2 * units, units}, 1);
        return new Tensor[] {k.get(0), k.get(1)};
    }

    @Override
    List<Tensor> step(Tensor xProjected, List<Tensor> state, Tensor[] prepared) {
        Tensor h = state.get(0);
        List<Tensor> x = Tensors.split(xProjected, 3, 1);
        Tensor z;
        Tensor hh;
        if (resetAfter) {
            Tensor inner = Tensors.matmul(h, prepared[0]);
            if (prepared[1] != null) {
                inner = inner.add(prepared[1]);
            }
            List<Tensor> u = Tensors.split(inner, 3, 1);
            z = recurrentActivation.apply(x.get(0).add(u.get(0)));
            Tensor r = recurrentActivation.apply(x.get(1).add(u.get(1)));
            hh = activation.apply(x.get(2).add(r.mul(u.get(2))));
        } else {
            List<Tensor> u = Tensors.split(Tensors.matmul(h, prepared[0]), 2, 1);
            z = recurrentActivation.apply(x.get(0).add(u.get(0)));
            Tensor r = recurrentActivation.apply(x.get(1).add(u.get(1)));
            hh = activation.apply(x.get(2).add(Tensors.matmul(r.mul(h), prepared[1])));
        }
        // Keras's form, z * h + (1 - z) * hh
        return List.of(z.mul(h).add(z.neg().add(1.0).mul(hh)));
    }

    /**
     * Whether the reset gate applies after the recurrent product (Keras's default, and PyTorch's form).
     *
     * <pre>{@code
     * new GRU(4).resetAfter();   // true
     * }</pre>
     *
     * @return the flag
     */
    public boolean resetAfter() {
        return resetAfter;
    }

    /**
     * {@link GRU}'s options.
     *
     * <pre>{@code
     * GRU gru = GRU.builder(16).resetAfter(false).goBackwards(true).build();
     * }</pre>
     */
    public static final class Builder extends GatedRecurrentBuilder<Builder> {
        private boolean resetAfter = true;

        Builder(int units) {
            super("GRU", units);
        }


        /**
         * Whether the reset gate applies after the recurrent product (default true, Keras's {@code reset_after}):
         * the bias is then {@code (2, 3 * units)}, otherwise {@code (3 * units,)}.
         *
         * <pre>{@code
         * GRU.builder(8).resetAfter(false);
         * }</pre>
         *
         * @param resetAfter the flag
         * @return this builder
         */
        public Builder resetAfter(boolean resetAfter) {
            this.resetAfter = resetAfter;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * GRU gru = GRU.builder(8).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the input size is given and an initializer returns another shape or
         *                                  dtype than it is asked for
         */
        public GRU build() {
            return new GRU(this);
        }
    }
}
