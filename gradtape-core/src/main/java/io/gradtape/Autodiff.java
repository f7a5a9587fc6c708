package io.gradtape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A functional API over {@link GradientTape} and {@link ForwardAccumulator}, as JAX offers: transformations that
 * turn a function into its derivative. The functions should be pure (the same tensors in give the same tensors
 * out, nothing else read that matters); the derivative is taken with respect to their arguments only. Each argument
 * reaches the function as a fresh tensor ({@code identity} of it, sharing its data), so a tensor passed twice gets
 * one derivative per position ({@code grads((a, b) -> a * b)} at {@code (t, t)} is {@code [t, t]}, not
 * {@code [2t, 2t]}; TensorFlow's {@code make_vjp} copies repeated arguments the same way) and a tensor the function
 * reads from outside stays a constant even when it is also an argument ({@code grad(a -> a * x)} at {@code x} is
 * {@code x}, as in JAX).
 *
 * <p>Two forms of each transformation: for a function of one tensor, {@code Function<Tensor, Tensor>}
 * ({@link #grad}, {@link #valueAndGrad}, {@link #jacobian}, {@link #jacobianForward}, {@link #hessian}), and for a
 * function of several, {@code Function<List<Tensor>, Tensor>}, named in the plural ({@link #grads},
 * {@link #valueAndGrads}, {@link #jacobians}, {@link #hessians}); {@code jvp} and {@code vjp} are overloaded on the
 * argument types. Unlike {@code GradientTape.gradient}, results are never null: an argument the output does not
 * depend on gets zeros (JAX's convention). Like {@code GradientTape.gradient}, a non-scalar output is summed by
 * {@code grad}. The gradient, Jacobian and Hessian transformations ({@code grad}, {@code valueAndGrad}, the
 * {@code WithAux} forms, {@code jacobian}, {@code jacobianForward}, {@code hessian} and their plural forms) take
 * floating arguments only: applied to an integer or bool argument they throw {@link IllegalArgumentException}
 * naming the argument, as JAX's {@code grad} does, rather than return zeros that would pass for its derivative
 * ({@code jvp} and {@code vjp} accept one and give it zeros); all but {@code jacobianForward} likewise reject a
 * function whose result is an integer or bool tensor ({@code argmax}, a cast to an integer). All results are differentiable again: every transformation runs ordinary ops, so it nests (a
 * {@code grad} of a {@code grad}) and composes with tapes and accumulators around it.
 *
 * <pre>{@code
 * Function<Tensor, Tensor> df = Autodiff.grad(x -> x.mul(x).mul(x));   // 3 x^2
 * df.apply(Tensors.constant(2.0));                                      // 12.0
 * }</pre>
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * A function's value together with its gradient.
     *
     * @param value the function's output
     * @param grad  the gradient: a tensor shaped like the argument, or one per argument
     * @param <G>   {@code Tensor} for a function of one tensor, {@code List<Tensor>} for several
     */
    public record ValueAndGrad<G>(Tensor value, G grad) {
    }

    /**
     * A function's value together with its directional derivative (Jacobian-vector product).
     *
     * @param value   the function's output {@code f(x)}
     * @param tangent {@code J(x) t}, shaped like the output
     */
    public record Jvp(Tensor value, Tensor tangent) {
    }

    /**
     * A function's value together with its pullback: the map from an output cotangent {@code u} to the
     * vector-Jacobian product {@code u^T J(x)}. The pullback may be called any number of times; it holds the
     * forward computation's record until it becomes garbage.
     *
     * @param value    the function's output {@code f(x)}
     * @param pullback {@code u -> u^T J(x)}, {@code u} shaped like the output
     * @param <G>      {@code Tensor} for a function of one tensor, {@code List<Tensor>} for several
     */
    public record Vjp<G>(Tensor value, Function<Tensor, G> pullback) {
    }

    // ------------------------------------------------------------------------------------------ gradients

    /**
     * The gradient of {@code fn}: {@code x -> d sum(fn(x)) / dx}, shaped like {@code x} (zeros if {@code fn(x)}
     * does not depend on {@code x}). Cost: one forward pass recorded on a tape and one backward pass.
     *
     * <pre>{@code
     * Function<Tensor, Tensor> df = Autodiff.grad(x -> Tensors.sin(x));
     * df.apply(Tensors.constant(0.0));   // cos(0) = 1.0
     * }</pre>
     *
     * @param fn a function of one tensor (a non-scalar result is summed)
     * @return its gradient function
     */
    public static Function<Tensor, Tensor> grad(Function<Tensor, Tensor> fn) {
        Function<Tensor, ValueAndGrad<Tensor>> vg = valueAndGrad(fn, "grad");
        return x -> vg.apply(x).grad();
    }

    /**
     * The value and gradient of {@code fn} from one forward and one backward pass: {@code x -> (fn(x),
     * d sum(fn(x)) / dx)}.
     *
     * <pre>{@code
     * Autodiff.ValueAndGrad<Tensor> r = Autodiff.valueAndGrad((Tensor x) -> x.mul(x)).apply(Tensors.constant(3.0));
     * r.value();   // 9.0, and r.grad() is 6.0
     * }</pre>
     *
     * @param fn a function of one tensor (a non-scalar result is summed for the gradient)
     * @return the function giving value and gradient
     */
    public static Function<Tensor, ValueAndGrad<Tensor>> valueAndGrad(Function<Tensor, Tensor> fn) {
        return valueAndGrad(fn, "valueAndGrad");
    }

    private static Function<Tensor, ValueAndGrad<Tensor>> valueAndGrad(Function<Tensor, Tensor> fn, String op) {
        Objects.requireNonNull(fn, () -> op + ": fn is null");
        return x -> {
            ValueAndGrad<List<Tensor>> r = valueAndGradsAt(xs -> fn.apply(xs.get(0)), List.of(arg(x, op)), op);
            return new ValueAndGrad<>(r.value(), r.grad().get(0));
        };
    }

    /**
     * The gradients of a function of several tensors: {@code xs -> [d sum(fn(xs)) / dx_i]}, one per argument, in
     * order.
     *
     * <pre>{@code
     * Function<List<Tensor>, List<Tensor>> g = Autodiff.grads(xs -> xs.get(0).mul(xs.get(1)));
     * g.apply(List.of(constant(2.0), constant(5.0)));   // [5.0, 2.0]
     * }</pre>
     *
     * @param fn a function of a list of tensors (a non-scalar result is summed)
     * @return its gradient function
     */
    public static Function<List<Tensor>, List<Tensor>> grads(Function<List<Tensor>, Tensor> fn) {
        Objects.requireNonNull(fn, "grads: fn is null");
        return xs -> valueAndGradsAt(fn, args(xs, "grads"), "grads").grad();
    }

    /**
     * The value and gradients of a function of several tensors, from one forward and one backward pass.
     *
     * <pre>{@code
     * var r = Autodiff.valueAndGrads(xs -> xs.get(0).mul(xs.get(1))).apply(List.of(constant(2.0), constant(5.0)));
     * r.value();   // 10.0, and r.grad() is [5.0, 2.0]
     * }</pre>
     *
     * @param fn a function of a list of tensors
     * @return the function giving value and gradients
     */
    public static Function<List<Tensor>, ValueAndGrad<List<Tensor>>> valueAndGrads(Function<List<Tensor>, Tensor> fn) {
        Objects.requireNonNull(fn, "valueAndGrads: fn is null");
        return xs -> valueAndGradsAt(fn, args(xs, "valueAndGrads"), "valueAndGrads");
    }

    private static ValueAndGrad<List<Tensor>> valueAndGradsAt(Function<List<Tensor>, Tensor> fn, List<Tensor> xs, String op) {
        requireFloating(xs, op);
        GradientTape tape = new GradientTape(false, false);
        Tensor y;
        try (tape) {
            tape.watch(xs);
            y = floatingResult(fn.apply(xs), op);
        }
        return new ValueAndGrad<>(y, tape.gradient(List.of(y), xs, null, UnconnectedGradients.ZERO));
    }

    /**
     * The value and gradients of a function of several tensors at the given arguments, in one call: one record with
     * the value and one gradient per argument, in order (JAX's {@code value_and_grad(f, argnums=(0, 1, ...))(x, y,
     * ...)}). The same as {@code valueAndGrads(fn).apply(List.of(args))}.
     *
     * <pre>{@code
     * Autodiff.ValueAndGrad<List<Tensor>> r = Autodiff.valueAndGrad(xs -> xs.get(0).mul(xs.get(1)), constant(2.0), constant(5.0));
     * r.value();   // 10.0, and r.grad() is [5.0, 2.0]
     * }</pre>
     *
     * @param fn   a function of a list of tensors (a non-scalar result is summed for the gradients)
     * @param args the arguments, at least one
     * @return the value and the gradients
     * @throws IllegalArgumentException if no argument is given
     */
    public static ValueAndGrad<List<Tensor>> valueAndGrad(Function<List<Tensor>, Tensor> fn, Tensor... args) {
        Objects.requireNonNull(fn, "valueAndGrad: fn is null");
        Objects.requireNonNull(args, "valueAndGrad: args is null");
        if (args.length == 0) {
            throw new IllegalArgumentException("valueAndGrad: needs at least one argument to differentiate by");
        }
        return valueAndGradsAt(fn, args(java.util.Arrays.asList(args), "valueAndGrad"), "valueAndGrad");
    }

    // ------------------------------------------------------------------------------------------ auxiliary outputs

    /**
     * What a function with auxiliary outputs returns: the value to differentiate and anything else to hand back
     * undifferentiated (metrics, intermediate tensors, a state), as JAX's {@code has_aux} functions return
     * {@code (value, aux)}.
     *
     * @param value the output that is differentiated
     * @param aux   anything; returned as the function made it, never differentiated nor summed
     * @param <A>   the auxiliary type
     */
    public record WithAux<A>(Tensor value, A aux) {
        /**
         * A value with its auxiliary outputs.
         *
         * <pre>{@code
         * Autodiff.WithAux<Tensor> r = Autodiff.WithAux.of(constant(1.0), constant(2.0));
         * }</pre>
         *
         * @param value the output that is differentiated
         * @param aux   the auxiliary outputs
         * @param <A>   the auxiliary type
         * @return the pair
         */
        public static <A> WithAux<A> of(Tensor value, A aux) {
            return new WithAux<>(value, aux);
        }
    }

    /**
     * A function's value, its gradient and its auxiliary outputs.
     *
     * @param value the differentiated output
     * @param grad  the gradient: a tensor shaped like the argument, or one per argument
     * @param aux   the auxiliary outputs, as the function returned them
     * @param <G>   {@code Tensor} for a function of one tensor, {@code List<Tensor>} for several
     * @param <A>   the auxiliary type
     */
    public record ValueGradAux<G, A>(Tensor value, G grad, A aux) {
    }

    /**
     * The value, gradient and auxiliary outputs of a function that returns {@link WithAux} (JAX's
     * {@code value_and_grad(f, has_aux=True)}): only {@code value} is differentiated; {@code aux} is handed back as
     * the function made it (tensors in it are ordinary tensors, still connected to any outer tape).
     *
     * <pre>{@code
     * var r = Autodiff.valueAndGradWithAux((Tensor x) -> Autodiff.WithAux.of(x.mul(x), x.add(1.0)))
     *     .apply(constant(3.0));
     * r.value();   // 9.0; r.grad() is 6.0 and r.aux() is 4.0
     * }</pre>
     *
     * @param fn  a function of one tensor returning a value and auxiliary outputs
     * @param <A> the auxiliary type
     * @return the function giving value, gradient and auxiliary outputs
     */
    public static <A> Function<Tensor, ValueGradAux<Tensor, A>> valueAndGradWithAux(Function<Tensor, WithAux<A>> fn) {
        Objects.requireNonNull(fn, "valueAndGradWithAux: fn is null");
        return x -> {
            ValueGradAux<List<Tensor>, A> r = withAuxAt(xs -> fn.apply(xs.get(0)), List.of(arg(x, "valueAndGradWithAux")),
                    "valueAndGradWithAux");
            return new ValueGradAux<>(r.value(), r.grad().get(0), r.aux());
        };
    }

    /**
     * The gradient and auxiliary outputs of a function that returns {@link WithAux} (JAX's {@code grad(f,
     * has_aux=True)}, which returns {@code (grad, aux)}); the value is in the record too.
     *
     * <pre>{@code
     * var r = Autodiff.gradWithAux((Tensor x) -> Autodiff.WithAux.of(Tensors.sin(x), "note")).apply(constant(0.0));
     * r.grad();   // 1.0, and r.aux() is "note"
     * }</pre>
     *
     * @param fn  a function of one tensor returning a value and auxiliary outputs
     * @param <A> the auxiliary type
     * @return the function giving value, gradient and auxiliary outputs
     */
    public static <A> Function<Tensor, ValueGradAux<Tensor, A>> gradWithAux(Function<Tensor, WithAux<A>> fn) {
        Objects.requireNonNull(fn, "gradWithAux: fn is null");
        return valueAndGradWithAux(fn);
    }

    /**
     * The several-argument form of {@link #valueAndGradWithAux}: one gradient per argument, in order.
     *
     * <pre>{@code
     * var r = Autodiff.valueAndGradsWithAux((List<Tensor> xs) -> Autodiff.WithAux.of(xs.get(0).mul(xs.get(1)), xs.get(0)))
     *     .apply(List.of(constant(2.0), constant(5.0)));
     * r.grad();   // [5.0, 2.0], and r.aux() is 2.0
     * }</pre>
     *
     * @param fn  a function of a list of tensors returning a value and auxiliary outputs
     * @param <A> the auxiliary type
     * @return the function giving value, gradients and auxiliary outputs
     */
    public static <A> Function<List<Tensor>, ValueGradAux<List<Tensor>, A>> valueAndGradsWithAux(Function<List<Tensor>, WithAux<A>> fn) {
        Objects.requireNonNull(fn, "valueAndGradsWithAux: fn is null");
        return xs -> withAuxAt(fn, args(xs, "valueAndGradsWithAux"), "valueAndGradsWithAux");
    }

    /**
     * The several-argument form of {@link #gradWithAux}.
     *
     * <pre>{@code
     * var g = Autodiff.gradsWithAux((List<Tensor> xs) -> Autodiff.WithAux.of(xs.get(0).add(xs.get(1)), 0));
     * g.apply(List.of(constant(1.0), constant(2.0))).grad();   // [1.0, 1.0]
     * }</pre>
     *
     * @param fn  a function of a list of tensors returning a value and auxiliary outputs
     * @param <A> the auxiliary type
     * @return the function giving value, gradients and auxiliary outputs
     */
    public static <A> Function<List<Tensor>, ValueGradAux<List<Tensor>, A>> gradsWithAux(Function<List<Tensor>, WithAux<A>> fn) {
        Objects.requireNonNull(fn, "gradsWithAux: fn is null");
        return valueAndGradsWithAux(fn);
    }

    private static <A> ValueGradAux<List<Tensor>, A> withAuxAt(Function<List<Tensor>, WithAux<A>> fn, List<Tensor> xs, String op) {
        requireFloating(xs, op);
        GradientTape tape = new GradientTape(false, false);
        WithAux<A> r;
        try (tape) {
            tape.watch(xs);
            r = Objects.requireNonNull(fn.apply(xs), () -> op + ": the function returned null");
        }
        Tensor y = floatingResult(r.value(), op);
        return new ValueGradAux<>(y, tape.gradient(List.of(y), xs, null, UnconnectedGradients.ZERO), r.aux());
    }

    // ------------------------------------------------------------------------------------------ jvp and vjp

    /**
     * Forward mode: the value of {@code fn} at {@code primal} and its derivative along {@code tangent},
     * {@code (f(x), J(x) t)}, from one forward pass under a {@link ForwardAccumulator}. Cheap when the input is
     * large and one direction is wanted.
     *
     * <pre>{@code
     * Autodiff.Jvp r = Autodiff.jvp(x -> Tensors.exp(x), Tensors.constant(0.0), Tensors.constant(2.0));
     * r.tangent();   // exp(0) * 2 = 2.0
     * }</pre>
     *
     * @param fn      a function of one tensor
     * @param primal  the point {@code x}
     * @param tangent the direction {@code t}, of {@code x}'s dtype and shape
     * @return the value and its tangent (zeros if the output does not depend on {@code x})
     * @throws IllegalArgumentException if the tangent does not match the primal
     */
    public static Jvp jvp(Function<Tensor, Tensor> fn, Tensor primal, Tensor tangent) {
        Objects.requireNonNull(fn, "jvp: fn is null");
        return jvp(xs -> fn.apply(xs.get(0)), List.of(arg(primal, "jvp")),
                List.of(Objects.requireNonNull(tangent, "jvp: tangent is null")));
    }

    /**
     * Forward mode for a function of several tensors: {@code (f(xs), sum_i J_i t_i)}.
     *
     * <pre>{@code
     * Tensor a = constant(2f), b = constant(3f), da = constant(1f), db = constant(0f);
     * Autodiff.Jvp r = Autodiff.jvp(xs -> xs.get(0).mul(xs.get(1)), List.of(a, b), List.of(da, db));
     * r.tangent();   // 3.0 = da * b + a * db
     * }</pre>
     *
     * @param fn       a function of a list of tensors
     * @param primals  the point (a tensor listed twice is two primals, one per position)
     * @param tangents one direction per primal, of its dtype and shape
     * @return the value and its tangent (zeros if the output does not depend on the primals)
     * @throws IllegalArgumentException if the tangents do not match the primals
     */
    public static Jvp jvp(Function<List<Tensor>, Tensor> fn, List<? extends Tensor> primals, List<? extends Tensor> tangents) {
        Objects.requireNonNull(fn, "jvp: fn is null");
        List<Tensor> xs = args(primals, "jvp");
        ForwardAccumulator acc = new ForwardAccumulator(xs, Objects.requireNonNull(tangents, "jvp: tangents is null"));
        Tensor y;
        try (acc) {
            y = result(fn.apply(xs), "jvp");
        }
        return new Jvp(y, acc.jvp(y, UnconnectedGradients.ZERO));
    }

    /**
     * Reverse mode: the value of {@code fn} at {@code primal} and its pullback {@code u -> u^T J(x)}, shaped like
     * {@code x}. One forward pass on a persistent tape; each pullback call is one backward pass.
     *
     * <pre>{@code
     * Autodiff.Vjp<Tensor> r = Autodiff.vjp(x -> x.mul(x), Tensors.constant(new double[] {1, 2}, 2));
     * r.pullback().apply(Tensors.constant(new double[] {1, 10}, 2));   // [2, 40]
     * }</pre>
     *
     * @param fn     a function of one tensor
     * @param primal the point {@code x}
     * @return the value and the pullback (which gives zeros if the output does not depend on {@code x}, and
     *         throws {@link IllegalArgumentException} for a cotangent not shaped like the output)
     */
    public static Vjp<Tensor> vjp(Function<Tensor, Tensor> fn, Tensor primal) {
        Objects.requireNonNull(fn, "vjp: fn is null");
        Vjp<List<Tensor>> r = vjp(xs -> fn.apply(xs.get(0)), List.of(arg(primal, "vjp")));
        Function<Tensor, List<Tensor>> pullback = r.pullback();
        return new Vjp<>(r.value(), u -> pullback.apply(u).get(0));
    }

    /**
     * Reverse mode for a function of several tensors: the value and the pullback {@code u -> [u^T J_i]}, one
     * gradient per argument.
     *
     * <pre>{@code
     * Tensor a = constant(2f), b = constant(3f), u = constant(1f);
     * Autodiff.Vjp<List<Tensor>> r = Autodiff.vjp(xs -> xs.get(0).mul(xs.get(1)), List.of(a, b));
     * r.pullback().apply(u);   // [3.0, 2.0] = [u * b, u * a]
     * }</pre>
     *
     * @param fn      a function of a list of tensors
     * @param primals the point
     * @return the value and the pullback
     */
    public static Vjp<List<Tensor>> vjp(Function<List<Tensor>, Tensor> fn, List<? extends Tensor> primals) {
        Objects.requireNonNull(fn, "vjp: fn is null");
        List<Tensor> xs = args(primals, "vjp");
        GradientTape tape = new GradientTape(true, false);
        Tensor y;
        try (tape) {
            tape.watch(xs);
            y = result(fn.apply(xs), "vjp");
        }
        return new Vjp<>(y, u -> {
            Objects.requireNonNull(u, "vjp: cotangent is null");
            return tape.gradient(List.of(y), xs, List.of(u), UnconnectedGradients.ZERO);
        });
    }

    // ------------------------------------------------------------------------------------------ jacobians

    /**
     * The Jacobian of {@code fn}, reverse mode: {@code x -> J(x)} of shape {@code fn(x).shape + x.shape}, entry
     * {@code [i..., j...] = d fn(x)[i...] / d x[j...]} (zeros where unconnected). Cost: one forward pass and one
     * backward sweep carrying all {@code m = fn(x).size()} rows at once ({@link GradientTape#jacobian}), about
     * {@code m} times the work of a gradient; prefer {@link #jacobianForward} when {@code x} is much smaller
     * than the output.
     *
     * <pre>{@code
     * Function<Tensor, Tensor> j = Autodiff.jacobian(x -> x.mul(x));
     * j.apply(Tensors.constant(new double[] {1, 2}, 2));   // [[2, 0], [0, 4]]
     * }</pre>
     *
     * @param fn a function of one tensor
     * @return its Jacobian function
     */
    public static Function<Tensor, Tensor> jacobian(Function<Tensor, Tensor> fn) {
        Objects.requireNonNull(fn, "jacobian: fn is null");
        return x -> jacobiansAt(xs -> fn.apply(xs.get(0)), List.of(arg(x, "jacobian")), "jacobian").get(0);
    }

    /**
     * The Jacobians of a function of several tensors, reverse mode, one per argument: {@code J_i} of shape
     * {@code fn(xs).shape + xs[i].shape}. Cost: one forward pass and one batched backward sweep.
     *
     * <pre>{@code
     * Tensor a = ones(DType.FLOAT32, 2, 3), b = ones(DType.FLOAT32, 3, 4);
     * List<Tensor> js = Autodiff.jacobians(xs -> Tensors.matmul(xs.get(0), xs.get(1))).apply(List.of(a, b));
     * js.get(0).shape();   // (2, 4, 2, 3): (m, n, m, k) for a (m, k), b (k, n)
     * }</pre>
     *
     * @param fn a function of a list of tensors
     * @return its Jacobians function
     */
    public static Function<List<Tensor>, List<Tensor>> jacobians(Function<List<Tensor>, Tensor> fn) {
        Objects.requireNonNull(fn, "jacobians: fn is null");
        return in -> jacobiansAt(fn, args(in, "jacobians"), "jacobians");
    }

    private static List<Tensor> jacobiansAt(Function<List<Tensor>, Tensor> fn, List<Tensor> xs, String op) {
        requireFloating(xs, op);
        GradientTape tape = new GradientTape(false, false);
        Tensor y;
        try (tape) {
            tape.watch(xs);
            y = floatingResult(fn.apply(xs), op);
        }
        return tape.jacobian(y, xs, UnconnectedGradients.ZERO);
    }

    /**
     * The Jacobian of {@code fn}, forward mode: the same tensor as {@link #jacobian}, built one column at a
     * time: for each of the {@code n = x.size()} unit tangents {@code e_j}, one forward pass under a
     * {@link ForwardAccumulator} gives column {@code J e_j}. Cost: {@code n} forward passes, each with its JVP
     * (about 2 to 3 times a plain evaluation), whatever the output size: the cheap way for a tall Jacobian
     * (few inputs, many outputs). {@code fn} is evaluated {@code n} times (once if {@code x} is empty).
     *
     * <pre>{@code
     * Function<Tensor, Tensor> j = Autodiff.jacobianForward(t -> Tensors.concat(List.of(t, t.mul(t), Tensors.sin(t)), 0));
     * j.apply(Tensors.constant(new double[] {1}, 1));   // [[1], [2], [cos 1]]
     * }</pre>
     *
     * @param fn a function of one tensor
     * @return its Jacobian function
     */
    public static Function<Tensor, Tensor> jacobianForward(Function<Tensor, Tensor> fn) {
        Objects.requireNonNull(fn, "jacobianForward: fn is null");
        return in -> {
            Tensor x = arg(in, "jacobianForward");
            int n = x.size();
            if (n == 0) {
                Tensor y = result(fn.apply(x), "jacobianForward");
                return Tensors.zeros(y.dtype(), concat(y.shape().dims(), x.shape().dims()));
            }
            List<Tensor> columns = new ArrayList<>(n);
            Tensor y = null;
            for (int j = 0; j < n; j++) {
                ForwardAccumulator acc = new ForwardAccumulator(x, unit(x, j));
                try (acc) {
                    y = result(fn.apply(x), "jacobianForward");
                }
                columns.add(Tensors.reshape(acc.jvp(y, UnconnectedGradients.ZERO), -1, 1));
            }
            int[] shape = concat(y.shape().dims(), x.shape().dims());
            if (y.size() == 0) {
                return Tensors.zeros(y.dtype(), shape);
            }
            return Tensors.reshape(n == 1 ? columns.get(0) : Tensors.concat(columns, 1), shape);
        };
    }

    /** The unit tangent {@code e_j} of {@code x}'s dtype and shape (made, not computed: nothing is recorded). */
    private static Tensor unit(Tensor x, int j) {
        int[] dims = x.shape().dims();
        switch (x.dtype()) {
            case FLOAT32: {
                float[] v = new float[x.size()];
                v[j] = 1;
                return dims.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, dims);
            }
            case FLOAT64: {
                double[] v = new double[x.size()];
                v[j] = 1;
                return dims.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, dims);
            }
            default:
                throw new IllegalArgumentException("jacobianForward: x must have a floating dtype (float32 or float64), got "
                        + x.dtype() + " with shape " + x.shape());
        }
    }

    // ------------------------------------------------------------------------------------------ hessians

    /**
     * Gradient checkpointing, TensorFlow's {@code tf.recompute_grad}: {@code fn}'s value, with its intermediate
     * results left off the tape and computed again when the gradient is taken ({@link Recompute#of(Function)},
     * where the semantics are: variables, higher order, forward mode, randomness).
     *
     * <pre>{@code
     * Function<Tensor, Tensor> block = Autodiff.recomputeGrad(x -> Tensors.tanh(x.mul(x)));
     * Autodiff.grad(block).apply(Tensors.constant(1.0));   // 2 (1 - tanh(1)^2), with tanh recomputed
     * }</pre>
     *
     * @param fn a deterministic function of one tensor
     * @return the checkpointed function
     */
    public static Function<Tensor, Tensor> recomputeGrad(Function<Tensor, Tensor> fn) {
        return Recompute.of(fn);
    }

    /**
     * The Hessian of {@code fn}: {@code x -> d^2 fn(x) / dx^2}, of shape {@code x.shape + x.shape} for a scalar
     * output ({@code fn(x).shape + x.shape + x.shape} otherwise, each output element's Hessian), symmetric up to
     * rounding. Reverse over reverse: the gradient is taken under an inner tape while an outer tape records it,
     * then the outer tape's {@link GradientTape#jacobian} differentiates the gradient in one batched sweep. Cost:
     * one forward pass, one recorded backward pass, and one sweep carrying {@code x.size()} rows (about
     * {@code x.size()} Hessian-vector products).
     *
     * <pre>{@code
     * Function<Tensor, Tensor> h = Autodiff.hessian(x -> Tensors.reduceSum(x.pow(3)));
     * h.apply(Tensors.constant(new double[] {1, 2}, 2));   // [[6, 0], [0, 12]]
     * }</pre>
     *
     * @param fn a function of one tensor
     * @return its Hessian function
     */
    public static Function<Tensor, Tensor> hessian(Function<Tensor, Tensor> fn) {
        Objects.requireNonNull(fn, "hessian: fn is null");
        return x -> hessiansAt(xs -> fn.apply(xs.get(0)), List.of(arg(x, "hessian")), "hessian").get(0).get(0);
    }

    /**
     * The Hessian blocks of a function of several tensors: {@code H[i][j] = d^2 fn / dx_i dx_j}, of shape
     * {@code xs[i].shape + xs[j].shape} for a scalar output (with the output's shape in front otherwise). Cost:
     * as {@link #hessian}, with one batched sweep per argument {@code i}.
     *
     * <pre>{@code
     * Tensor a = constant(2f), b = constant(3f);
     * List<List<Tensor>> h = Autodiff.hessians(xs -> xs.get(0).mul(xs.get(1))).apply(List.of(a, b));
     * h.get(0).get(1);   // 1.0 = d^2(a b) / da db
     * }</pre>
     *
     * @param fn a function of a list of tensors
     * @return its Hessian function
     */
    public static Function<List<Tensor>, List<List<Tensor>>> hessians(Function<List<Tensor>, Tensor> fn) {
        Objects.requireNonNull(fn, "hessians: fn is null");
        return in -> hessiansAt(fn, args(in, "hessians"), "hessians");
    }

    private static List<List<Tensor>> hessiansAt(Function<List<Tensor>, Tensor> fn, List<Tensor> xs, String op) {
        requireFloating(xs, op);
        GradientTape outer = new GradientTape(true, false);
        List<Tensor> firsts;
        try (outer) {
            outer.watch(xs);
            GradientTape inner = new GradientTape(false, false);
            Tensor y;
            try (inner) {
                inner.watch(xs);
                y = floatingResult(fn.apply(xs), op);
            }
            firsts = y.rank() == 0 ? inner.gradient(List.of(y), xs, null, UnconnectedGradients.ZERO)
                    : inner.jacobian(y, xs, UnconnectedGradients.ZERO);
        }
        List<List<Tensor>> rows = new ArrayList<>(xs.size());
        for (Tensor first : firsts) {
            rows.add(outer.jacobian(first, xs, UnconnectedGradients.ZERO));
        }
        return Collections.unmodifiableList(rows);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * The argument as {@code fn} sees it: a fresh tensor, {@code identity(x)} (sharing x's data), so that the
     * derivative is with respect to this position only (see the class comment).
     */
    private static Tensor arg(Tensor x, String op) {
        return Tensors.identity(Objects.requireNonNull(x, () -> op + ": the argument is null"));
    }

    private static List<Tensor> args(List<? extends Tensor> xs, String op) {
        Objects.requireNonNull(xs, () -> op + ": the argument list is null");
        List<Tensor> r = new ArrayList<>(xs.size());
        for (int i = 0; i < xs.size(); i++) {
            final int k = i;
            r.add(Tensors.identity(Objects.requireNonNull(xs.get(i), () -> op + ": argument " + k + " is null")));
        }
        return Collections.unmodifiableList(r);
    }

    /**
     * Rejects an integer or bool argument of a reverse-mode transformation, as JAX's {@code grad}, {@code jacrev}
     * and {@code hessian} do ({@code _check_input_dtype_revderiv} in {@code jax/_src/api.py}): such an argument
     * has no derivative, and zeros of its dtype would pass for one ({@code grad(x -> x * x)} at the int32
     * {@code [1, 2]} gave {@code [0, 0]}, where {@code 2x = [2, 4]}). Checked before {@code fn} runs.
     */
    private static void requireFloating(List<Tensor> xs, String op) {
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            if (!x.dtype().isFloating()) {
                throw new IllegalArgumentException(op + ": argument " + i + " has dtype " + x.dtype() + " and shape "
                        + x.shape() + "; only floating arguments (float32, float64) can be differentiated: an integer "
                        + "or bool argument has no derivative, and zeros would pass for one (JAX's grad raises too). "
                        + "Cast it to a floating dtype, or close over it instead of passing it as an argument");
            }
        }
    }

    /**
     * {@link #result}, and an integer or bool result rejected, as JAX's {@code grad}, {@code jacrev} and
     * {@code hessian} do ({@code _check_output_dtype_revderiv} in {@code jax/_src/api.py}): it has no derivative,
     * and zeros would pass for one ({@code grad(x -> cast(x, INT32))} gave zeros).
     */
    private static Tensor floatingResult(Tensor y, String op) {
        result(y, op);
        if (!y.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": the function returned dtype " + y.dtype() + " with shape "
                    + y.shape() + "; only a floating result (float32, float64) can be differentiated: an integer or "
                    + "bool result has no derivative, and zeros would pass for one (JAX's grad raises too)");
        }
        return y;
    }

    private static Tensor result(Tensor y, String op) {
        return Objects.requireNonNull(y, () -> op + ": the function returned null");
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
