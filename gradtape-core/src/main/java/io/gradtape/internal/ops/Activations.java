package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * The activations of {@code NN} that are composites: softplus, leakyRelu, elu, selu, gelu, swish, each in the
 * stable form TensorFlow uses (a "double where" keeps an unselected branch's infinite derivative from giving NaN).
 */
public final class Activations {
    private Activations() {
    }

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static Tensor c(Tensor like, double v) {
        return constant(v, like.dtype());
    }

    private static Tensor positive(Tensor x) {
        return greater(x, c(x, 0));
    }

    public static Tensor softplus(Tensor x) {
        Objects.requireNonNull(x, "softplus: x is null");
        ShapeRules.requireFloating("softplus", x);
        Tensor pos = positive(x);
        Tensor relu = where(pos, x, c(x, 0));
        Tensor negAbs = where(pos, neg(x), x);
        return add(relu, log1p(exp(negAbs)));
    }

    public static Tensor leakyRelu(Tensor x, double alpha) {
        Objects.requireNonNull(x, "leakyRelu: x is null");
        ShapeRules.requireFloating("leakyRelu", x);
        return where(positive(x), x, mul(x, c(x, alpha)));
    }

    public static Tensor elu(Tensor x) {
        Objects.requireNonNull(x, "elu: x is null");
        ShapeRules.requireFloating("elu", x);
        Tensor pos = positive(x);
        return where(pos, x, expm1(where(pos, c(x, 0), x)));
    }

    public static Tensor selu(Tensor x) {
        Objects.requireNonNull(x, "selu: x is null");
        ShapeRules.requireFloating("selu", x);
        Tensor pos = positive(x);
        Tensor negPart = mul(c(x, SELU_ALPHA), expm1(where(pos, c(x, 0), x)));
        return mul(c(x, SELU_SCALE), where(pos, x, negPart));
    }

    public static Tensor gelu(Tensor x, boolean approximate) {
        Objects.requireNonNull(x, "gelu: x is null");
        ShapeRules.requireFloating("gelu", x);
        Tensor inner;
        if (approximate) {
            Tensor cube = mul(mul(x, x), x);
            inner = tanh(mul(c(x, Math.sqrt(2 / Math.PI)), add(x, mul(c(x, 0.044715), cube))));
        } else {
            inner = erf(mul(x, c(x, 1 / Math.sqrt(2))));
        }
        return mul(mul(c(x, 0.5), x), add(c(x, 1), inner));
    }

    public static Tensor swish(Tensor x) {
        Objects.requireNonNull(x, "swish: x is null");
        ShapeRules.requireFloating("swish", x);
        return mul(x, sigmoid(x));
    }
}
