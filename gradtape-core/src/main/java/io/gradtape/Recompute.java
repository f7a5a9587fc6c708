package io.gradtape;

import io.gradtape.internal.autodiff.TapeStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gradient checkpointing (TensorFlow's {@code tf.recompute_grad}, {@code tensorflow/python/ops/custom_gradient.py}):
 * a function whose intermediate results are not kept on the tape but computed again when the gradient is taken,
 * trading one more forward pass of {@code f} for the memory its intermediates would hold.
 *
 * <h2>Semantics</h2>
 * <p>{@code g = Recompute.of(f)} computes the same value as {@code f}. While a {@link GradientTape} records on the
 * calling thread, {@code g(x)} runs {@code f(x)} with this thread's tapes set aside (nothing {@code f} does is
 * recorded) and records its result as one {@link Tensors#customGradient} op whose inputs are {@code x} and every
 * trainable {@link Variable} {@code f} read. Its rule, given the upstream gradient {@code dy} (shaped like
 * {@code y}), runs {@code f} again on the saved inputs under a fresh tape and returns the vector-Jacobian products
 * {@code dy^T dy/dx_i} and {@code dy^T dy/dw_j}. So the tape holds {@code x}, the variables and {@code y}, not the
 * intermediates, and a gradient costs one extra forward pass of {@code f} per call of the rule (once for
 * {@code gradient}; once per row of the cotangent batch for a {@code jacobian}, as any custom rule).
 *
 * <ul>
 *   <li><b>Variables.</b> Trainable variables read inside {@code f} get gradients, as TensorFlow's
 *       {@code grad_fn(..., variables=...)} returns them; they are read again by the recomputation, so a variable
 *       assigned between the forward pass and the gradient gives the gradient at its new value.</li>
 *   <li><b>Higher order.</b> The rule is written with ordinary ops, and tapes still recording when it runs record
 *       the recomputation and its backward sweep from the inputs, so gradients of gradients (nested tapes,
 *       {@link Autodiff#hessian}) are those of {@code f}. TensorFlow refuses here (its inner gradient's
 *       {@code transpose} raises {@code NotImplementedError}); no refusal is needed in gradtape.</li>
 *   <li><b>Forward mode.</b> While a {@link ForwardAccumulator} records on the thread, {@code g(x)} is simply
 *       {@code f(x)}, seen by every tape and accumulator: the JVP goes through {@code f}'s own ops and nothing
 *       is checkpointed (TensorFlow raises {@code NotImplementedError} in forward mode). With no tape recording
 *       on the thread, {@code g(x)} is also just {@code f(x)}: there is no tape to save.</li>
 *   <li><b>Randomness.</b> {@code f} must compute the same value when run again on the same inputs (TensorFlow
 *       requires this as well). A {@link Generator} is explicit in gradtape, so draws inside {@code f} would
 *       differ the second time; either draw outside {@code f} and pass the random tensor (a dropout mask) as an
 *       input, or name the generator with {@link #of(Function, Generator)}: its state is noted before the
 *       forward pass and set back to it for each recomputation, and afterwards restored to where it was, so the
 *       backward pass neither changes the draws nor advances the generator. A recomputation whose value differs
 *       in shape or dtype throws {@link IllegalStateException}; one that differs only in values cannot be
 *       detected without keeping the value, which is what checkpointing avoids.</li>
 *   <li><b>Modules.</b> {@code Recompute.of(block::call)} checkpoints a layer or a stack of them whose call
 *       changes no state: {@link io.gradtape.nn.Dense}, activations, normalizations in inference. A call with side
 *       effects runs them again on the backward pass: a {@code BatchNormalization} in training assigns its moving
 *       statistics a second time, a {@code Dropout} draws a new mask from its own generator (a wrong gradient),
 *       an activity penalty is added again. There is no {@code Module} wrapper for that reason; such a block
 *       needs its random draws passed in, or the generator named, and its updates kept out of {@code f}.</li>
 *   <li><b>One output.</b> {@code f} returns one tensor (a customGradient op has one output); to checkpoint
 *       several, concatenate them inside {@code f} and split the result outside.</li>
 * </ul>
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(new float[][] {{1, 2}, {3, 4}}));
 * Function<Tensor, Tensor> block = Recompute.of(x -> Tensors.tanh(Tensors.matmul(x, w)));
 * Tensor x = Tensors.constant(new float[][] {{0.5f, -1}});
 * Tensor loss;
 * GradientTape tape = new GradientTape();
 * try (tape) { loss = Tensors.reduceSum(block.apply(block.apply(x))); }   // the tape keeps x, w and the two outputs
 * Tensor dw = tape.gradient(loss, w);                                   // runs each block's forward pass again
 * }</pre>
 */
public final class Recompute {
    private Recompute() {
    }

    /**
     * The checkpointed form of a function of one tensor: same value, intermediates recomputed on the backward
     * pass (see the class comment).
     *
     * <pre>{@code
     * Function<Tensor, Tensor> g = Recompute.of(x -> Tensors.exp(Tensors.sin(x)));
     * Tensor y = g.apply(Tensors.constant(1.0));   // exp(sin 1)
     * }</pre>
     *
     * @param f a deterministic function
     * @return the checkpointed function
     */
    public static Function<Tensor, Tensor> of(Function<Tensor, Tensor> f) {
        return of(f, null);
    }

    /**
     * {@link #of(Function)} for an {@code f} that draws from {@code generator}: each recomputation starts from the
     * generator state the forward pass started from, so it draws the same values, and the generator is left as
     * it was before the recomputation.
     *
     * <pre>{@code
     * Generator gen = Generator.fromSeed(7);
     * Function<Tensor, Tensor> noisy = Recompute.of(x -> x.mul(gen.normal(x.shape())), gen);
     * }</pre>
     *
     * @param f         a function deterministic given the generator's state
     * @param generator the generator {@code f} draws from, or null for none
     * @return the checkpointed function
     */
    public static Function<Tensor, Tensor> of(Function<Tensor, Tensor> f, Generator generator) {
        Objects.requireNonNull(f, "Recompute.of: f is null");
        Function<List<Tensor>, Tensor> many = xs -> f.apply(xs.get(0));
        return x -> apply(many, generator, List.of(Objects.requireNonNull(x, "Recompute.of: x is null")), "Recompute.of");
    }

    /**
     * The checkpointed form of a function of several tensors; each input gets its gradient.
     *
     * <pre>{@code
     * Function<List<Tensor>, Tensor> g = Recompute.ofMany(v -> Tensors.tanh(v.get(0).mul(v.get(1))));
     * Tensor y = g.apply(List.of(Tensors.constant(2f), Tensors.constant(3f)));   // tanh 6
     * }</pre>
     *
     * @param f a deterministic function of a list of tensors
     * @return the checkpointed function
     */
    public static Function<List<Tensor>, Tensor> ofMany(Function<List<Tensor>, Tensor> f) {
        return ofMany(f, null);
    }

    /**
     * {@link #ofMany(Function)} for an {@code f} that draws from {@code generator} (see
     * {@link #of(Function, Generator)}).
     *
     * <pre>{@code
     * Generator gen = Generator.fromSeed(7);
     * Function<List<Tensor>, Tensor> g = Recompute.ofMany(v -> v.get(0).add(gen.uniform(v.get(1).shape())), gen);
     * }</pre>
     *
     * @param f         a function of a list of tensors, deterministic given the generator's state
     * @param generator the generator {@code f} draws from, or null for none
     * @return the checkpointed function
     */
    public static Function<List<Tensor>, Tensor> ofMany(Function<List<Tensor>, Tensor> f, Generator generator) {
        Objects.requireNonNull(f, "Recompute.ofMany: f is null");
        return xs -> apply(f, generator, Objects.requireNonNull(xs, "Recompute.ofMany: xs is null"), "Recompute.ofMany");
    }

    private static Tensor apply(Function<List<Tensor>, Tensor> f, Generator gen, List<? extends Tensor> xs, String who) {
        List<Tensor> in = new ArrayList<>(xs.size());
        for (int i = 0; i < xs.size(); i++) {
            in.add(Objects.requireNonNull(xs.get(i), who + ": input " + i + " is null"));
        }
        List<Tensor> args = List.copyOf(in);
        if (!TapeStack.isActive() || TapeStack.accumulating()) {
            return Objects.requireNonNull(f.apply(args), who + ": f returned null"); // nothing to checkpoint
        }
        long[] start = gen == null ? null : gen.getState();
        List<Variable> read = new ArrayList<>();
        Tensor y;
        try {
            y = TapeStack.withoutTapes(() -> TapeStack.watchingVariables(() -> f.apply(args), read));
        } catch (RuntimeException | Error ex) {
            if (gen != null) {
                gen.setState(start); // a failed call changes nothing
            }
            throw ex;
        }
        Objects.requireNonNull(y, who + ": f returned null");
        if (!y.dtype().isFloating()) {
            return y; // no gradient flows through an integer or bool result
        }
        List<Variable> vars = new ArrayList<>();
        for (Variable v : read) {
            if (in.stream().noneMatch(t -> t == v)) {
                vars.add(v);
            }
        }
        List<Tensor> all = new ArrayList<>(in);
        all.addAll(vars);
        Shape shape = y.shape();
        DType dtype = y.dtype();
        Function<Tensor, List<Tensor>> rule = dy -> recompute(f, gen, start, in, vars, dy, shape, dtype, who);
        Tensor value = y;
        return Tensors.customGradient(all, ignored -> CustomGradient.ofMany(value, rule));
    }

    /** The rule: f again on identities of the inputs under a fresh tape, then its VJP with {@code dy}. */
    private static List<Tensor> recompute(Function<List<Tensor>, Tensor> f, Generator gen, long[] start, List<Tensor> in,
                                          List<Variable> vars, Tensor dy, Shape shape, DType dtype, String who) {
        long[] resume = null;
        if (gen != null) {
            resume = gen.getState();
            gen.setState(start);
        }
        try {
            List<Tensor> ids = new ArrayList<>(in.size());
            for (Tensor x : in) {
                ids.add(Tensors.identity(x)); // fresh tensors: the inner tape's sources, connected to x for outer tapes
            }
            GradientTape tape = new GradientTape();
            Tensor y;
            try (tape) {
                for (Tensor t : ids) {
                    if (t.dtype().isFloating()) {
                        tape.watch(t);
                    }
                }
                tape.watch(vars);
                y = f.apply(List.copyOf(ids));
            }
            if (y == null || !y.shape().equals(shape) || y.dtype() != dtype) {
                throw new IllegalStateException(who + ": f gave " + (y == null ? "null" : "shape " + y.shape()
                        + " " + y.dtype()) + " when recomputed for the gradient but shape " + shape + " " + dtype
                        + " on the forward pass: a checkpointed function must compute the same thing again "
                        + "(draw random values outside it, or name its Generator with Recompute.of(f, generator))");
            }
            List<Tensor> sources = new ArrayList<>(); // floating inputs only: an integer input has no gradient
            for (Tensor t : ids) {
                if (t.dtype().isFloating()) {
                    sources.add(t);
                }
            }
            sources.addAll(vars);
            List<Tensor> g = tape.gradient(List.of(y), sources, List.of(dy), UnconnectedGradients.ZERO);
            List<Tensor> out = new ArrayList<>(in.size() + vars.size());
            int k = 0;
            for (Tensor t : ids) {
                out.add(t.dtype().isFloating() ? g.get(k++) : null);
            }
            out.addAll(g.subList(k, g.size()));
            return out;
        } finally {
            if (gen != null) {
                gen.setState(resume);
            }
        }
    }
}
