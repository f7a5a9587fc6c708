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
 * The activations of {@code NN} that are composites: softplus, leakyRelu, elu, selu, gelu, swish, logSigmoid,
 * softsign, relu6, hardSigmoid, each in the stable form TensorFlow uses (a "double where" keeps an unselected
 * branch's infinite derivative from giving NaN).
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

    private static Tensor negative(Tensor x) {
        return less(x, c(x, 0));
    }

    public static Tensor softplus(Tensor x) {
        Objects.requireNonNull(x, "softplus: x is null");
        ShapeRules.requireFloating("softplus", x);
        Tensor pos = positive(x);
        Tensor relu = where(pos, x, c(x, 0));
        Tensor negAbs = where(pos, neg(x), x);
        return add(relu, log1p(exp(negAbs)));
    }

    /**
     * {@code x > 0 ? x : alpha x}. d = 1 where {@code x > 0}, else alpha (alpha at 0): TensorFlow's
     * {@code LeakyReluGrad} selects on {@code features > 0} (relu_op_functor.h). The positive branch is
     * {@code relu(x)}, equal to {@code x} where it is selected, so that the first derivative depends on
     * {@code x} through relu's rule: the second derivative is then zeros, not null, as TensorFlow's
     * {@code _LeakyReluGradGrad} (nn_grad.py) returns {@code zeros_like(x)}. With {@code x} itself there, the
     * first derivative would hold only constants and the second would be null.
     */
    public static Tensor leakyRelu(Tensor x, double alpha) {
        Objects.requireNonNull(x, "leakyRelu: x is null");
        ShapeRules.requireFloating("leakyRelu", x);
        return where(positive(x), relu(x), mul(x, c(x, alpha)));
    }

    /**
     * {@code x < 0 ? e^x - 1 : x}. d = e^x where {@code x < 0}, else 1; d2 = e^x where {@code x < 0}, else 0. At
     * 0 both are taken from the linear branch, TensorFlow's convention: {@code EluGrad} is
     * {@code activations < 0 ? g (act + 1) : g} (relu_op_functor.h) and {@code _EluGradGrad} is
     * {@code where(elu_x < 0, grad * dy, 0)} (nn_grad.py), so elu'(0) = 1 and elu''(0) = 0. A NaN takes the
     * linear branch too (NaN < 0 is false there as here): its gradient is g, not NaN.
     */
    public static Tensor elu(Tensor x) {
        Objects.requireNonNull(x, "elu: x is null");
        ShapeRules.requireFloating("elu", x);
        Tensor neg = negative(x);
        return where(neg, expm1(where(neg, x, c(x, 0))), x);
    }

    /**
     * {@code scale (x < 0 ? alpha (e^x - 1) : x)}. d = scale alpha e^x where {@code x < 0}, else scale; d2 =
     * scale alpha e^x where {@code x < 0}, else 0. At 0 both are taken from the linear branch, TensorFlow's
     * convention: {@code SeluGrad} is {@code activations < 0 ? g (act + scale alpha) : g scale}
     * (relu_op_functor.h) and {@code _SeluGradGrad} is {@code where(selu_x < 0, grad * dy, 0)} (nn_grad.py), so
     * selu'(0) = scale and selu''(0) = 0. A NaN takes the linear branch, as there: its gradient is g scale.
     */
    public static Tensor selu(Tensor x) {
        Objects.requireNonNull(x, "selu: x is null");
        ShapeRules.requireFloating("selu", x);
        Tensor neg = negative(x);
        Tensor negPart = mul(c(x, SELU_ALPHA), expm1(where(neg, x, c(x, 0))));
        return mul(c(x, SELU_SCALE), where(neg, negPart, x));
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

    /** {@code -softplus(-x)}, as TensorFlow's {@code log_sigmoid} (math_ops.py): stable, d = sigmoid(-x). */
    public static Tensor logSigmoid(Tensor x) {
        Objects.requireNonNull(x, "logSigmoid: x is null");
        ShapeRules.requireFloating("logSigmoid", x);
        return neg(softplus(neg(x)));
    }

    /**
     * {@code x / (1 + |x|)}. Differentiating that quotient gives {@code 1/(1+|x|) - |x|/(1+|x|)^2}, two nearly
     * equal terms for large {@code |x|} (at 1e4 in float32 about 1e-3 relative error against TensorFlow's
     * {@code SoftsignGrad}, {@code g / (1 + |x|)^2}). So for {@code |x| >= 1} the value is
     * {@code sign(x) (1 - 1/(1+|x|))}, whose derivative is {@code sign(x)^2 / (1+|x|)^2} with sign's zero
     * derivative, no subtraction; below 1 the quotient, whose two terms then differ by at least a factor 2
     * (and sign(0) = 0 would lose the derivative 1 at 0). Each branch gets an input that keeps it finite
     * (the double where), so {@code +-inf} gives {@code +-1} and no NaN gradient.
     */
    public static Tensor softsign(Tensor x) {
        Objects.requireNonNull(x, "softsign: x is null");
        ShapeRules.requireFloating("softsign", x);
        Tensor one = c(x, 1);
        Tensor small = less(abs(x), one);
        Tensor xs = where(small, x, c(x, 0));
        Tensor inner = div(xs, add(one, abs(xs)));
        Tensor xl = where(small, one, x);
        Tensor outer = mul(sign(xl), sub(one, reciprocal(add(one, abs(xl)))));
        return where(small, inner, outer);
    }

    /**
     * {@code min(6, relu(x))}: the constant first, so a tie at 6 sends the gradient to it (minimum gives a tie to
     * its first operand) and relu gives 0 at 0, TensorFlow's {@code Relu6Grad} ({@code 0 < x < 6}).
     */
    public static Tensor relu6(Tensor x) {
        Objects.requireNonNull(x, "relu6: x is null");
        ShapeRules.requireNumeric("relu6", x);
        return minimum(c(x, 6), relu(x));
    }

    /** {@code relu6(x + 3) / 6}, as Keras 3's TensorFlow backend ({@code backend/tensorflow/nn.py hard_sigmoid}). */
    public static Tensor hardSigmoid(Tensor x) {
        Objects.requireNonNull(x, "hardSigmoid: x is null");
        ShapeRules.requireFloating("hardSigmoid", x);
        return div(relu6(add(x, c(x, 3))), c(x, 6));
    }

    public static Tensor swish(Tensor x) {
        Objects.requireNonNull(x, "swish: x is null");
        ShapeRules.requireFloating("swish", x);
        return mul(x, sigmoid(x));
    }
}
