package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Activation functions by Keras name, for layers' {@code activation} argument: {@code linear} (or null),
 * {@code relu}, {@code sigmoid}, {@code tanh}, {@code softmax} (last axis), {@code log_softmax}, {@code gelu}
 * (exact, as Keras's default), {@code elu}, {@code selu}, {@code softplus}, {@code swish} (also {@code silu}),
 * {@code leaky_relu} (slope 0.2, Keras 3's default), {@code exponential}, {@code softsign}, {@code log_sigmoid},
 * {@code relu6}, {@code hard_sigmoid} (Keras 3's, {@code relu6(x + 3) / 6}). A layer also accepts any
 * {@code Function<Tensor, Tensor>}.
 *
 * <p>As in Keras, the outputs of {@code sigmoid} and {@code softmax} remember their logits, and the cross-entropy
 * losses given such an output compute from the logits, so a saturated unit keeps its gradient (see
 * {@link BinaryCrossentropy}); {@code NN.sigmoid} and {@code NN.softmax} passed as functions do not.
 *
 * <pre>{@code
 * Function<Tensor, Tensor> f = Activations.get("relu");
 * f.apply(Tensors.constant(new float[] {-1, 2}, 2));   // [0. 2.]
 * }</pre>
 */
public final class Activations {
    private static final Map<String, Function<Tensor, Tensor>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("linear", x -> x);
        BY_NAME.put("relu", NN::relu);
        BY_NAME.put("sigmoid", x -> CachedLogits.remember(NN.sigmoid(x), CachedLogits.Kind.SIGMOID, x));
        BY_NAME.put("tanh", Tensors::tanh);
        BY_NAME.put("softmax", x -> CachedLogits.remember(NN.softmax(x), CachedLogits.Kind.SOFTMAX, x));
        BY_NAME.put("log_softmax", NN::logSoftmax);
        BY_NAME.put("gelu", x -> NN.gelu(x, false));
        BY_NAME.put("elu", NN::elu);
        BY_NAME.put("selu", NN::selu);
        BY_NAME.put("softplus", NN::softplus);
        BY_NAME.put("swish", NN::swish);
        BY_NAME.put("silu", NN::swish);
        BY_NAME.put("leaky_relu", x -> NN.leakyRelu(x, 0.2));
        BY_NAME.put("exponential", Tensors::exp);
        BY_NAME.put("softsign", NN::softsign);
        BY_NAME.put("log_sigmoid", NN::logSigmoid);
        BY_NAME.put("relu6", NN::relu6);
        BY_NAME.put("hard_sigmoid", NN::hardSigmoid);
    }

    private Activations() {
    }

    /**
     * The activation called {@code name} (case-insensitive); null gives {@code linear}.
     *
     * <pre>{@code
     * Activations.get("gelu");
     * }</pre>
     *
     * @param name a Keras activation name, or null
     * @return the function
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Function<Tensor, Tensor> get(String name) {
        if (name == null) {
            return BY_NAME.get("linear");
        }
        Function<Tensor, Tensor> f = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("Activations.get: unknown activation \"" + name + "\"; known: " + BY_NAME.keySet()
                    + ", or pass a Function<Tensor, Tensor>");
        }
        return f;
    }

    /** The name of a known activation function, for messages; otherwise "custom". */
    static String nameOf(Function<Tensor, Tensor> f) {
        for (Map.Entry<String, Function<Tensor, Tensor>> e : BY_NAME.entrySet()) {
            if (e.getValue() == f) {
                return e.getKey();
            }
        }
        return "custom";
    }

    static Function<Tensor, Tensor> orLinear(Function<Tensor, Tensor> f) {
        return f == null ? BY_NAME.get("linear") : Objects.requireNonNull(f);
    }
}
