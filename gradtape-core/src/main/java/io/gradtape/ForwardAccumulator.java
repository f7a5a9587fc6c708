package io.gradtape;

import io.gradtape.internal.autodiff.Accumulator;
import io.gradtape.internal.autodiff.TapeStack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forward-mode automatic differentiation, with the semantics of TensorFlow 2's
 * {@code tf.autodiff.ForwardAccumulator}: Jacobian-vector products computed while the ops run.
 *
 * <p><b>Math.</b> Given primals {@code x} and tangents {@code t} (one per primal, same dtype and shape), every
 * tensor {@code y = f(x)} computed while the accumulator records gets the tangent {@code J_f(x) t}, the
 * directional derivative of {@code y} along {@code t}; {@link #jvp} looks it up. One forward pass gives the
 * derivative of every output along one direction, where a {@link GradientTape} gives the derivative of one
 * output along every direction: forward mode is the cheap one when inputs are few and outputs many.
 *
 * <p><b>Recording.</b> Recording starts at construction and stops at {@link #close()}, so a try-with-resources
 * block is TensorFlow's {@code with} block; {@link #resume()} starts it again. An op is processed when at least one
 * input has a tangent and a floating dtype; other inputs count as zero tangents (leaving a tensor out of the
 * primals is the same as giving it a zero tangent). The JVP is computed at once, as the op runs; {@code jvp}
 * computes nothing and may be called inside or outside the block. Like a tape, an accumulator records only ops
 * run on the thread that constructed (or resumed) it, and one that the program no longer refers to stops recording
 * once the garbage collector has reclaimed it. A {@link Variable} primal gives every read of it its tangent. Tangents are dropped when their tensor becomes garbage.
 *
 * <p><b>Composition</b>, as in TensorFlow:
 * <ul>
 *   <li>Nested accumulators apply in the order entered; an inner one does not see the JVP computations of the
 *       outer ones, but the outer ones see the inner ones', so take higher-order JVPs from the outer one:
 *       {@code outer.jvp(inner.jvp(y))} works, {@code inner.jvp(outer.jvp(y))} is null.</li>
 *   <li>A {@link GradientTape} started inside an accumulator ignores the accumulator's JVP computations, while
 *       the accumulator records the JVPs of the tape's gradient computation: {@code acc.jvp(tape.gradient(y, x))}
 *       is a Hessian-vector product (forward-over-backward).</li>
 *   <li>A tape started outside an accumulator records the JVP computation, so it can differentiate a JVP
 *       (backward-over-forward).</li>
 * </ul>
 *
 * <p>Every primitive has a forward rule; custom gradients ({@link Tensors#customGradient}) are differentiated
 * through their gradient function (transposed), not through the forward computation. Not thread-safe.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(1.1f), y;
 * ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.constant(1f));
 * try (acc) { y = x.pow(3.5); }
 * acc.jvp(y);   // 4.4417057 = 3.5 * 1.1^2.5
 * }</pre>
 */
public final class ForwardAccumulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.gradtape.ForwardAccumulator");
    private static final AtomicInteger NON_FLOATING_WARNINGS = new AtomicInteger();

    private final Accumulator accumulator = new Accumulator();
    /** This accumulator's entry in its thread's list while it records (it holds this object weakly), else null. */
    private TapeStack.Recorder recorder;

    /**
     * An accumulator watching one primal with its tangent, recording from now on this thread.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2);
     * ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.onesLike(x));
     * }</pre>
     *
     * @param primal  the tensor or variable to differentiate by
     * @param tangent the direction: same dtype and shape as {@code primal}
     * @throws IllegalArgumentException if the tangent's dtype or shape differs from the primal's
     */
    public ForwardAccumulator(Tensor primal, Tensor tangent) {
        this(Collections.singletonList(Objects.requireNonNull(primal, "ForwardAccumulator: primal is null")),
                Collections.singletonList(Objects.requireNonNull(tangent, "ForwardAccumulator: tangent is null")));
    }

    /**
     * An accumulator watching several primals, each with its tangent, recording from now on this thread. The
     * JVPs are along the joint direction: {@code jvp(y) = sum_i J_i t_i}.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(2f)), b = new Variable(Tensors.constant(1f));
     * Tensor dw = Tensors.constant(1f), db = Tensors.constant(0f);
     * ForwardAccumulator acc = new ForwardAccumulator(List.of(w, b), List.of(dw, db));
     * }</pre>
     *
     * @param primals  the tensors or variables, each listed once
     * @param tangents one per primal, of its dtype and shape; a {@link Variable} is read once, now (a recorded read:
     *                 a tape recording around the constructor can differentiate the JVPs with respect to it)
     * @throws IllegalArgumentException if the lists differ in length, a tangent does not match its primal, or
     *                                  a primal is listed twice
     */
    public ForwardAccumulator(List<? extends Tensor> primals, List<? extends Tensor> tangents) {
        Objects.requireNonNull(primals, "ForwardAccumulator: primals is null");
        Objects.requireNonNull(tangents, "ForwardAccumulator: tangents is null");
        if (primals.size() != tangents.size()) {
            throw new IllegalArgumentException("ForwardAccumulator: " + primals.size() + " primals but "
                    + tangents.size() + " tangents; give one tangent per primal");
        }
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < primals.size(); i++) {
            Tensor p = Objects.requireNonNull(primals.get(i), "ForwardAccumulator: primal " + i + " is null");
            Tensor t = Objects.requireNonNull(tangents.get(i), "ForwardAccumulator: tangent " + i + " is null");
            if (t.dtype() != p.dtype()) {
                throw new IllegalArgumentException("ForwardAccumulator: tangent " + i + " has dtype " + t.dtype()
                        + " and shape " + t.shape() + " but its primal has dtype " + p.dtype() + " and shape " + p.shape());
            }
            if (!t.shape().equals(p.shape())) {
                throw new IllegalArgumentException("ForwardAccumulator: tangent " + i + " has shape " + t.shape()
                        + " but its primal has shape " + p.shape());
            }
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("Tensor " + p + " was specified as a primal multiple times. This may "
                        + "indicate an error. If it was intended, please sum the corresponding tangents.");
            }
        }
        // all checked: nothing is read or recorded for a call that throws. A variable tangent is read as TensorFlow's
        // convert_to_tensor reads it (forwardprop.py, ForwardAccumulator._watch): a recorded read, so a tape around
        // this constructor differentiates the JVPs with respect to that variable (they are linear in the tangent);
        // the read runs before this accumulator records, so it is not its own op
        List<Tensor> tangentValues = new ArrayList<>(tangents.size());
        for (Tensor t : tangents) {
            tangentValues.add(t instanceof Variable ? ((Variable) t).value() : t);
        }
        for (int i = 0; i < primals.size(); i++) {
            Tensor p = primals.get(i);
            if (!p.dtype().isFloating() && NON_FLOATING_WARNINGS.getAndIncrement() < 5) {
                LOG.log(System.Logger.Level.WARNING,
                        "The dtype of the watched primal must be floating (e.g. float32), got " + p.dtype());
            }
            accumulator.watch(p, tangentValues.get(i));
        }
        push();
    }

    private void push() {
        recorder = TapeStack.push(accumulator, this);
    }

    /**
     * Starts recording again after {@link #close()}, on the current thread, as the innermost recorder (TensorFlow's
     * re-entering {@code with acc:}). Tangents computed before are kept.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(2f), y, z;
     * ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.constant(1f));
     * try (acc) { y = x.mul(x); }
     * try (ForwardAccumulator again = acc.resume()) { z = y.mul(y); }
     * acc.jvp(z);   // 32.0 = d(x^4)/dx at 2
     * }</pre>
     *
     * @return this accumulator, for try-with-resources
     * @throws IllegalStateException if it is recording
     */
    public ForwardAccumulator resume() {
        if (TapeStack.isRecording(recorder)) {
            throw new IllegalStateException("Accumulator is already recording.");
        }
        push();
        return this;
    }

    /**
     * Stops recording. Does nothing if it is not recording. The tangents stay: {@code jvp} works afterwards.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(2f), y;
     * try (ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.constant(1f))) {
     *     y = x.mul(x);
     * }   // close() at the end
     * }</pre>
     *
     * @throws IllegalStateException if called on another thread than the one recording
     */
    @Override
    public void close() {
        if (recorder == null) {
            return;
        }
        try {
            TapeStack.pop(recorder);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("ForwardAccumulator: " + e.getMessage());
        }
        recorder = null;
    }

    /**
     * The tangent (Jacobian-vector product) of {@code primal}: its given tangent if it is a primal, else the
     * tangent computed when it was produced; null if it does not depend on the primals through recorded ops.
     * Computes nothing.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f), y;
     * ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.constant(1f));
     * try (acc) { y = x.mul(x); }
     * Tensor dy = acc.jvp(y);   // 6.0 = J_y(x) t
     * }</pre>
     *
     * @param primal a tensor (or variable) computed while recording, or a watched primal
     * @return the tangent, of {@code primal}'s dtype and shape, or null
     */
    public Tensor jvp(Tensor primal) {
        return jvp(primal, UnconnectedGradients.NONE);
    }

    /**
     * The tangent of {@code primal}, or for a tensor without one null ({@link UnconnectedGradients#NONE}) or
     * zeros of its dtype and shape ({@link UnconnectedGradients#ZERO}).
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f), unrelated = Tensors.constant(1f);
     * ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.constant(1f));
     * acc.close();
     * acc.jvp(unrelated, UnconnectedGradients.ZERO);   // 0.0, never null
     * }</pre>
     *
     * @param primal      a tensor or variable
     * @param unconnected what a tensor without a tangent gets
     * @return the tangent, zeros, or null
     */
    public Tensor jvp(Tensor primal, UnconnectedGradients unconnected) {
        Objects.requireNonNull(primal, "jvp: primal is null");
        Objects.requireNonNull(unconnected, "jvp: unconnected is null");
        Tensor t = accumulator.tangent(primal);
        return t != null || unconnected == UnconnectedGradients.NONE ? t : Tensors.zerosLike(primal);
    }

    /**
     * The tangents of several tensors, in order; see {@link #jvp(Tensor, UnconnectedGradients)}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f), y1, y2;
     * ForwardAccumulator acc = new ForwardAccumulator(x, Tensors.constant(1f));
     * try (acc) { y1 = x.mul(x); y2 = x.mul(2.0); }
     * List<Tensor> dys = acc.jvp(List.of(y1, y2), UnconnectedGradients.NONE);   // [6.0, 2.0]
     * }</pre>
     *
     * @param primals     tensors or variables
     * @param unconnected what a tensor without a tangent gets
     * @return one entry per tensor (null where unconnected with NONE)
     */
    public List<Tensor> jvp(List<? extends Tensor> primals, UnconnectedGradients unconnected) {
        Objects.requireNonNull(primals, "jvp: primals is null");
        ArrayList<Tensor> r = new ArrayList<>(primals.size());
        for (Tensor p : primals) {
            r.add(jvp(p, unconnected));
        }
        return Collections.unmodifiableList(r);
    }
}
