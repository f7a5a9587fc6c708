package io.gradtape.internal.draw;

import io.gradtape.internal.ops.Primitive;

/**
 * What a drawing says about the rule that made a tensor: the op's math and its vector-jacobian product, one line
 * per primitive, in the words of {@code VjpRules}' comments ({@code g} is the gradient of the output, {@code out}
 * the output). Whether a gradient passes is not decided here but by {@code VjpRules.hasGradient} (through
 * {@code PathAnalysis.cuts}). The switch has no default branch, so a new primitive does not compile without its text.
 */
final class RuleText {
    private RuleText() {
    }

    static String of(Primitive p) {
        return switch (p) {
            case NEG -> "out = -x;  dx = -g";
            case ABS -> "out = |x|;  dx = g * sign(x)  (0 at x = 0)";
            case SIGN -> "out = sign(x);  dx = 0";
            case RELU -> "out = max(x, 0);  dx = g * [out > 0]";
            case EXP -> "out = exp(x);  dx = g * out";
            case LOG -> "out = log(x);  dx = g / x";
            case SIN -> "out = sin(x);  dx = g * cos(x)";
            case COS -> "out = cos(x);  dx = -g * sin(x)";
            case TAN -> "out = tan(x);  dx = g / cos(x)^2";
            case TANH -> "out = tanh(x);  dx = g * (1 - out^2)";
            case SQRT -> "out = sqrt(x);  dx = g * 0.5 / out";
            case SIGMOID -> "out = 1 / (1 + exp(-x));  dx = g * out * (1 - out)";
            case LOG1P -> "out = log(1 + x);  dx = g / (1 + x)";
            case EXPM1 -> "out = exp(x) - 1;  dx = g * (out + 1)";
            case ERF -> "out = erf(x);  dx = g * 2/sqrt(pi) * exp(-x^2)";
            case FLOOR -> "out = floor(x);  no gradient (piecewise constant)";
            case CEIL -> "out = ceil(x);  no gradient (piecewise constant)";
            case ROUND -> "out = round(x), half to even;  no gradient (piecewise constant)";
            case ADD -> "out = a + b;  da = g, db = g  (summed over broadcast axes)";
            case SUB -> "out = a - b;  da = g, db = -g";
            case MUL -> "out = a * b;  da = g * b, db = g * a";
            case DIV -> "out = a / b;  da = g / b, db = -g * a / b^2";
            case POW -> "out = a^b;  da = g * b * a^(b-1), db = g * out * log(a)  (log a taken as 0 where a <= 0)";
            case MAXIMUM -> "out = max(a, b);  g goes to the larger (to a on a tie)";
            case MINIMUM -> "out = min(a, b);  g goes to the smaller (to a on a tie)";
            case FLOOR_DIV -> "out = floor(a / b);  no gradient (piecewise constant)";
            case FLOOR_MOD -> "out = a - b * floor(a / b), the sign of b;  da = g, db = -g * floor(a / b)";
            case TRUNCATE_DIV -> "out = a / b rounded toward 0;  no gradient (piecewise constant)";
            case TRUNCATE_MOD -> "out = a - b * trunc(a / b), the sign of a;  no gradient (none in TensorFlow)";
            case ATAN2 -> "out = atan2(a, b);  da = g * b / (a^2 + b^2), db = -g * a / (a^2 + b^2)";
            case EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL ->
                    "out = a " + p.opName() + " b, a bool;  no gradient";
            case WHERE -> "out = cond ? a : b;  da = g where cond, db = g where not cond";
            case REDUCE_SUM -> "out = sum of x over axes;  dx = g broadcast back";
            case REDUCE_MAX -> "out = max of x over axes;  dx = g shared equally among the maxima";
            case REDUCE_MIN -> "out = min of x over axes;  dx = g shared equally among the minima";
            case ARG_MAX -> "out = index of the maximum, an integer;  no gradient";
            case ARG_MIN -> "out = index of the minimum, an integer;  no gradient";
            case ARGSORT -> "out = the sorting permutation, integers;  no gradient";
            case LOG_SOFTMAX -> "out = x - log(sum(exp(x))) along an axis;  dx = g - exp(out) * sum(g)";
            case SCAN -> "h[k] = a[k] h[k-1] + b[k];  the gradient is the same recurrence run in reverse";
            case GATHER -> "out = x[indices];  dx = g scattered back (repeated indices add up)";
            case SCATTER_ADD -> "out[s] = sum of rows with segment s;  dx = g gathered by segment";
            case MATMUL -> "out = A @ B;  dA = g @ B^T, dB = A^T @ g";
            case LINEAR -> "out = x @ W + b (then relu, if fused);  after relu's mask g': dx = g' @ W^T, dW = x^T @ g', db = g' summed over rows";
            case CHOLESKY -> "L = cholesky(A);  dA = sym(L^-T Phi(L^T g) L^-1)  (Murray 2016)";
            case TRIANGULAR_SOLVE -> "X = op(T)^-1 B;  dB = op(T)^-T g, dT = -dB X^T on the triangle";
            case SOLVE -> "X = op(A)^-1 B;  dB = op(A)^-T g, dA = -dB X^T  (Giles 2008)";
            case LOG_ABS_DET -> "out = log|det A|;  dA = g A^-T  (Giles 2008)";
            case QR -> "[Q; R^T] = qr(A);  dA from dQ, dR  (Seeger et al. 2017)";
            case EIGH -> "[w; V] = eigh(A);  dA = V (diag(dw) + F o V^T dV) V^T, lower  (Seeger et al. 2017)";
            case SVD -> "[s; U; V] = svd(A);  dA from ds, dU, dV  (Townsend 2016)";
            case CTC_LOSS -> "out = -log p(labels | logits) per example (CTC forward-backward);  dlogits = g (softmax - state occupancy)";
            case CTC_GRADIENT -> "out = softmax - state occupancy (ctcLoss's gradient);  no gradient of its own: a second derivative of ctcLoss is refused";
            case RESHAPE -> "out = x reshaped;  dx = g reshaped back";
            case TRANSPOSE -> "out = x with axes permuted;  dx = g with the inverse permutation";
            case BROADCAST_TO -> "out = x broadcast;  dx = g summed over the broadcast axes";
            case CONCAT -> "out = [x1, x2, ...] along an axis;  each input gets its slab of g";
            case SLICE -> "out = a region of x;  dx = g in that region, zeros elsewhere";
            case PAD -> "out = x padded;  dx = the region of g that was x";
            case CAST -> "out = x in another dtype;  dx = g cast back (no gradient through an integer dtype)";
            case IDENTITY -> "out = x;  dx = g";
            case STOP_GRADIENT -> "out = x;  no gradient: stopGradient cuts the path";
            case READ_VARIABLE -> "out = the variable's value;  d variable = g";
            case CUSTOM -> "out = the user's function;  gradients by the user's rule (customGradient)";
        };
    }
}
