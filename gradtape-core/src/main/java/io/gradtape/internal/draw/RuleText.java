package io.gradtape.internal.draw;

import io.gradtape.internal.ops.Primitive;

/**
 * What a drawing says about the rule that made a tensor: the op's math and its vector-jacobian product, one line
 * per primitive, in the words of {@code VjpRules}' comments ({@code g} is the gradient of the output, {@code out}
 * the output). The switch has no default branch, so a new primitive does not compile without its text.
 */
final class RuleText {
    /**
     * @param math           the forward math and the VJP
     * @param differentiable false where no gradient passes (TensorFlow's None)
     */
    record Rule(String math, boolean differentiable) {
    }

    private RuleText() {
    }

    static Rule of(Primitive p) {
        return switch (p) {
            case NEG -> d("out = -x;  dx = -g");
            case ABS -> d("out = |x|;  dx = g * sign(x)  (0 at x = 0)");
            case SIGN -> d("out = sign(x);  dx = 0");
            case RELU -> d("out = max(x, 0);  dx = g * [out > 0]");
            case EXP -> d("out = exp(x);  dx = g * out");
            case LOG -> d("out = log(x);  dx = g / x");
            case SIN -> d("out = sin(x);  dx = g * cos(x)");
            case COS -> d("out = cos(x);  dx = -g * sin(x)");
            case TAN -> d("out = tan(x);  dx = g / cos(x)^2");
            case TANH -> d("out = tanh(x);  dx = g * (1 - out^2)");
            case SQRT -> d("out = sqrt(x);  dx = g * 0.5 / out");
            case SIGMOID -> d("out = 1 / (1 + exp(-x));  dx = g * out * (1 - out)");
            case LOG1P -> d("out = log(1 + x);  dx = g / (1 + x)");
            case EXPM1 -> d("out = exp(x) - 1;  dx = g * (out + 1)");
            case ERF -> d("out = erf(x);  dx = g * 2/sqrt(pi) * exp(-x^2)");
            case FLOOR -> none("out = floor(x);  no gradient (piecewise constant)");
            case CEIL -> none("out = ceil(x);  no gradient (piecewise constant)");
            case ROUND -> none("out = round(x), half to even;  no gradient (piecewise constant)");
            case ADD -> d("out = a + b;  da = g, db = g  (summed over broadcast axes)");
            case SUB -> d("out = a - b;  da = g, db = -g");
            case MUL -> d("out = a * b;  da = g * b, db = g * a");
            case DIV -> d("out = a / b;  da = g / b, db = -g * a / b^2");
            case POW -> d("out = a^b;  da = g * b * a^(b-1), db = g * out * log(a)  (log a taken as 0 where a <= 0)");
            case MAXIMUM -> d("out = max(a, b);  g goes to the larger (to a on a tie)");
            case MINIMUM -> d("out = min(a, b);  g goes to the smaller (to a on a tie)");
            case EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL ->
                    none("out = a " + p.opName() + " b, a bool;  no gradient");
            case WHERE -> d("out = cond ? a : b;  da = g where cond, db = g where not cond");
            case REDUCE_SUM -> d("out = sum of x over axes;  dx = g broadcast back");
            case REDUCE_MAX -> d("out = max of x over axes;  dx = g shared equally among the maxima");
            case REDUCE_MIN -> d("out = min of x over axes;  dx = g shared equally among the minima");
            case ARG_MAX -> none("out = index of the maximum, an integer;  no gradient");
            case ARG_MIN -> none("out = index of the minimum, an integer;  no gradient");
            case ARGSORT -> none("out = the sorting permutation, integers;  no gradient");
            case SCAN -> d("h[k] = a[k] h[k-1] + b[k];  the gradient is the same recurrence run in reverse");
            case GATHER -> d("out = x[indices];  dx = g scattered back (repeated indices add up)");
            case SCATTER_ADD -> d("out[s] = sum of rows with segment s;  dx = g gathered by segment");
            case MATMUL -> d("out = A @ B;  dA = g @ B^T, dB = A^T @ g");
            case RESHAPE -> d("out = x reshaped;  dx = g reshaped back");
            case TRANSPOSE -> d("out = x with axes permuted;  dx = g with the inverse permutation");
            case BROADCAST_TO -> d("out = x broadcast;  dx = g summed over the broadcast axes");
            case CONCAT -> d("out = [x1, x2, ...] along an axis;  each input gets its slab of g");
            case SLICE -> d("out = a region of x;  dx = g in that region, zeros elsewhere");
            case PAD -> d("out = x padded;  dx = the region of g that was x");
            case CAST -> d("out = x in another dtype;  dx = g cast back (no gradient through an integer dtype)");
            case IDENTITY -> d("out = x;  dx = g");
            case STOP_GRADIENT -> none("out = x;  no gradient: stopGradient cuts the path");
            case READ_VARIABLE -> d("out = the variable's value;  d variable = g");
            case CUSTOM -> d("out = the user's function;  gradients by the user's rule (customGradient)");
        };
    }

    private static Rule d(String math) {
        return new Rule(math, true);
    }

    private static Rule none(String math) {
        return new Rule(math, false);
    }
}
