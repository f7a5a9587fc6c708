package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;
import java.util.function.Function;

/**
 * Applies an activation function elementwise (or, for {@code softmax}, along the last axis) to its input (Keras's
 * {@code Activation}, named {@code activation}): {@code y = f(x)}, the shape unchanged. The function is given by
 * its Keras name ({@link Activations}: {@code relu}, {@code sigmoid}, {@code softmax}, {@code gelu}, ...) or as a
 * {@code Function<Tensor, Tensor>}. As with {@link Dense}'s activation, a {@code sigmoid} or {@code softmax}
 * output remembers its logits for the cross-entropy losses. It has no variables.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Dense(4, 3, null), new Activation("softmax"));
 * new Activation("relu").call(Tensors.constant(new float[] {-3, -1, 0, 2}, 4));   // [0. 0. 0. 2.]
 * }</pre>
 */
public class Activation extends Module {
    private final Function<Tensor, Tensor> activation;
    private final String activationName;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * The activation called {@code name} (case-insensitive; null is {@code linear}, the identity).
     *
     * <pre>{@code
     * Activation a = new Activation("tanh");
     * }</pre>
     *
     * @param name a Keras activation name, or null
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public Activation(String name) {
        this(Activations.get(name));
    }

    /**
     * An activation function of your own (or one of {@code NN}'s).
     *
     * <pre>{@code
     * Activation a = new Activation(x -> NN.leakyRelu(x, 0.1));
     * }</pre>
     *
     * @param activation the function
     */
    public Activation(Function<Tensor, Tensor> activation) {
        super(null);
        this.activation = Objects.requireNonNull(activation, "Activation: activation is null");
        this.activationName = Activations.nameOf(activation);
    }

    /**
     * {@code f(x)}.
     *
     * <pre>{@code
     * new Activation("sigmoid").call(Tensors.zeros(DType.FLOAT32, 2));   // [0.5 0.5]
     * }</pre>
     *
     * @throws IllegalArgumentException if the function refuses the input (for example a non-floating one)
     * @throws IllegalStateException    if the function returns null
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        Tensor y = activation.apply(x);
        if (y == null) {
            throw new IllegalStateException(name() + ": the activation " + activationName + " returned null for an input of shape "
                    + x.shape());
        }
        return y;
    }

    /**
     * The activation's Keras name, or {@code custom} for a function not from {@link Activations}.
     *
     * <pre>{@code
     * new Activation("relu").activationName();   // "relu"
     * new Activation("silu").activationName();   // "swish": the two names are one function
     * }</pre>
     *
     * @return the name
     */
    public String activationName() {
        return activationName;
    }
}
