package io.gradtape;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the function given to {@link Tensors#customGradient} returns: the forward value and the rule that maps the
 * upstream gradient {@code dy} to the gradient of each input (TensorFlow's {@code (y, grad_fn)} pair).
 *
 * <p>The rule is called during the backward sweep with {@code dy} shaped exactly like the value, as in
 * TensorFlow, so it may name axes, reshape or reduce {@code dy}: a {@code jacobian}, {@code batchJacobian} or
 * {@code hessian} that sweeps many rows of cotangents at once calls it once per row. Written with
 * tensor ops, the rule is itself recorded by any tape still recording, so it can be differentiated again; to get
 * a correct second derivative, compute it from the inputs (or from tensors computed from them in the forward
 * function), not from constants.
 *
 * <pre>{@code
 * Tensor x = constant(0f);
 * // log(1 + e^x) with a numerically stable gradient, as in TensorFlow's custom_gradient docs
 * Tensor y = customGradient(x, v -> { Tensor e = exp(v);
 *     return CustomGradient.of(log(e.add(1.0)), dy -> dy.mul(sub(onesLike(e), div(onesLike(e), e.add(1.0))))); });
 * }</pre>
 */
public final class CustomGradient {
    private final Tensor value;
    private final Function<Tensor, List<Tensor>> rule;

    private CustomGradient(Tensor value, Function<Tensor, List<Tensor>> rule) {
        this.value = Objects.requireNonNull(value, "CustomGradient: value is null");
        this.rule = Objects.requireNonNull(rule, "CustomGradient: gradient function is null");
    }

    /**
     * A value and the gradient of its one input.
     *
     * <pre>{@code
     * Tensor x = constant(3f);
     * Tensor y = x.mul(x);
     * CustomGradient.of(y, dy -> dy.mul(x).mul(2.0));
     * }</pre>
     *
     * @param value the forward result
     * @param grad  upstream gradient to the input's gradient
     * @return the pair
     */
    public static CustomGradient of(Tensor value, Function<Tensor, Tensor> grad) {
        Objects.requireNonNull(grad, "CustomGradient.of: gradient function is null");
        return new CustomGradient(value, dy -> java.util.Collections.singletonList(grad.apply(dy)));
    }

    /**
     * A value and the gradients of several inputs, one per input in order (null for an input without one).
     *
     * <pre>{@code
     * Tensor a = constant(2f), b = constant(3f);
     * CustomGradient.ofMany(a.mul(b), dy -> List.of(dy.mul(b), dy.mul(a)));
     * }</pre>
     *
     * @param value the forward result
     * @param grads upstream gradient to one gradient per input
     * @return the pair
     */
    public static CustomGradient ofMany(Tensor value, Function<Tensor, List<Tensor>> grads) {
        return new CustomGradient(value, grads);
    }

    Tensor value() {
        return value;
    }

    Function<Tensor, List<Tensor>> rule() {
        return rule;
    }
}
