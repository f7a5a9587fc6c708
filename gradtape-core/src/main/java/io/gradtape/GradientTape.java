package io.gradtape;

import io.gradtape.internal.autodiff.Backprop;
import io.gradtape.internal.autodiff.Tape;
import io.gradtape.internal.autodiff.TapeStack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records operations for reverse-mode automatic differentiation, with TensorFlow 2's semantics.
 *
 * <p><b>Recording.</b> Recording starts when the tape is constructed and stops at {@link #close()}, so a
 * try-with-resources block is TensorFlow's {@code with} block. An op is recorded when at least one of its inputs is
 * watched or was produced by a recorded op, and that input has a floating dtype. A tape records only ops run on the
 * thread that constructed (or resumed) it; other threads may record on their own tapes at the same time.
 *
 * <p><b>Watching.</b> {@link #watch} puts constants on the tape; watching a tensor after ops used it does not
 * record those ops. A trainable {@link Variable} is watched automatically when it is read while the tape records,
 * unless the tape was built with {@code watchAccessedVariables=false}; a non-trainable one only by {@code watch}.
 * Watching an integer or bool tensor logs a warning and gives a null gradient.
 *
 * <p><b>Gradients.</b> {@link #gradient} returns the gradient of the sum of the targets (a non-scalar target is
 * summed), or of their weighted sum when output gradients are given. A source that no recorded path connects to a
 * target gets {@code null}, or zeros with {@link UnconnectedGradients#ZERO}. A target that is itself a source
 * contributes ones. Intermediate tensors can be sources.
 *
 * <p><b>One-shot and persistent.</b> A tape that is not persistent allows one {@code gradient} call; a second
 * throws {@link IllegalStateException}, and everything it recorded is released during the first. Calling
 * {@code gradient} on it while it records stops its recording. A persistent tape allows any number of calls; a
 * call while it records records the gradient computation on the tape itself, so its result can be differentiated
 * again on the same tape.
 *
 * <p><b>Higher order.</b> A gradient computed while another tape records is recorded by that tape: nest tapes to
 * take second and higher derivatives.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(3.0f);
 * try (GradientTape t = new GradientTape()) { t.watch(x); y = x.mul(x); }
 * t.gradient(y, x);   // Tensor(6.0, shape=(), dtype=float32)
 * }</pre>
 */
public final class GradientTape implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.gradtape.GradientTape");
    private static final AtomicInteger INTEGER_WATCH_WARNINGS = new AtomicInteger();
    private static final AtomicBoolean PERSISTENT_WARNING = new AtomicBoolean();
    static final String USED_MESSAGE =
            "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)";

    private final boolean persistent;
    private final boolean watchAccessedVariables;
    private Tape tape;
    private Thread recordingOn;
    private List<Variable> lastWatched = List.of();

    /**
     * A one-shot tape that watches accessed trainable variables, recording from now on this thread.
     *
     * <pre>{@code
     * try (GradientTape tape = new GradientTape()) { loss = model(x); }
     * tape.gradient(loss, weights);
     * }</pre>
     */
    public GradientTape() {
        this(false, true);
    }

    /**
     * A tape that watches accessed trainable variables, recording from now on this thread.
     *
     * <pre>{@code
     * GradientTape tape = new GradientTape(true);   // any number of gradient calls
     * }</pre>
     *
     * @param persistent allow more than one {@code gradient} call
     */
    public GradientTape(boolean persistent) {
        this(persistent, true);
    }

    /**
     * A tape, recording from now on this thread.
     *
     * <pre>{@code
     * GradientTape tape = new GradientTape(false, false);   // only explicit watches
     * }</pre>
     *
     * @param persistent             allow more than one {@code gradient} call
     * @param watchAccessedVariables watch trainable variables when they are read
     */
    public GradientTape(boolean persistent, boolean watchAccessedVariables) {
        this.persistent = persistent;
        this.watchAccessedVariables = watchAccessedVariables;
        this.tape = new Tape(persistent, watchAccessedVariables);
        push();
    }

    private void push() {
        TapeStack.push(tape);
        recordingOn = Thread.currentThread();
    }

    private void pop() {
        if (recordingOn != Thread.currentThread()) {
            throw new IllegalStateException("GradientTape records on thread " + recordingOn.getName()
                    + " and can only be stopped there, not on " + Thread.currentThread().getName());
        }
        TapeStack.pop(tape);
        recordingOn = null;
    }

    private boolean recording() {
        return recordingOn != null;
    }

    /**
     * Whether this tape allows more than one {@code gradient} call.
     *
     * <pre>{@code
     * new GradientTape(true).persistent();   // true
     * }</pre>
     *
     * @return the flag given at construction
     */
    public boolean persistent() {
        return persistent;
    }

    /**
     * Resumes recording on the same tape after {@link #close()}, on the current thread: TensorFlow's re-entering
     * {@code with tape:}. Ops recorded before and after join one record. On a one-shot tape whose gradient was
     * already taken, it starts a fresh record.
     *
     * <pre>{@code
     * try (GradientTape again = tape.resume()) { z = y.mul(y); }
     * }</pre>
     *
     * @return this tape, for try-with-resources
     * @throws IllegalStateException if the tape is recording
     */
    public GradientTape resume() {
        if (recording()) {
            throw new IllegalStateException(
                    "Tape is still recording, This can happen if you try to re-enter an already-active tape.");
        }
        if (tape == null) {
            tape = new Tape(persistent, watchAccessedVariables);
        }
        push();
        return this;
    }

    /**
     * Stops recording. Does nothing if the tape is not recording. The record stays: {@code gradient} can be
     * called afterwards.
     *
     * <pre>{@code
     * try (GradientTape t = new GradientTape()) { ... }   // close() at the end of the block
     * }</pre>
     *
     * @throws IllegalStateException if called on another thread than the one recording
     */
    @Override
    public void close() {
        if (recording()) {
            pop();
        }
    }

    /**
     * Watches tensors: ops that use them from now on are recorded, so gradients with respect to them exist.
     * A variable is watched by its handle (also when it is not trainable). Watching twice is harmless. A tensor
     * watched while no tape records on this thread is ignored, as in TensorFlow.
     *
     * <pre>{@code
     * tape.watch(x);
     * y = x.mul(x);
     * }</pre>
     *
     * @param tensors the tensors or variables
     * @throws IllegalStateException if this is a one-shot tape whose gradient was already taken
     */
    public void watch(Tensor... tensors) {
        Objects.requireNonNull(tensors, "watch: tensors is null");
        watch(Arrays.asList(tensors));
    }

    /**
     * Watches every tensor of the collection; see {@link #watch(Tensor...)}.
     *
     * <pre>{@code
     * tape.watch(List.of(w, b));
     * }</pre>
     *
     * @param tensors the tensors or variables
     * @throws IllegalStateException if this is a one-shot tape whose gradient was already taken
     */
    public void watch(Iterable<? extends Tensor> tensors) {
        Objects.requireNonNull(tensors, "watch: tensors is null");
        if (tape == null) {
            throw new IllegalStateException("watch: " + USED_MESSAGE + "; this tape was already used");
        }
        for (Tensor t : tensors) {
            Objects.requireNonNull(t, "watch: a tensor is null");
            if (!t.dtype().isFloating() && INTEGER_WATCH_WARNINGS.getAndIncrement() < 5) {
                LOG.log(System.Logger.Level.WARNING,
                        "The dtype of the watched tensor must be floating (e.g. float32), got " + t.dtype());
            }
            if (t instanceof Variable || TapeStack.isActive()) {
                tape.watch(t);
            }
        }
    }

    /**
     * A pause in recording, ended by {@link #close()}; see {@link GradientTape#stopRecording()}.
     *
     * <pre>{@code
     * try (GradientTape.Pause p = tape.stopRecording()) { log(x); }
     * }</pre>
     */
    public interface Pause extends AutoCloseable {
        /**
         * Resumes recording. Calling it twice is harmless.
         *
         * <pre>{@code
         * pause.close();
         * }</pre>
         */
        @Override
        void close();
    }

    /**
     * Pauses this tape until the returned pause is closed: ops run meanwhile are not recorded on it (other tapes
     * still record them), so tensors made then have no gradient path through this tape.
     *
     * <pre>{@code
     * try (GradientTape.Pause p = tape.stopRecording()) { metrics = loss.mul(2.0); }
     * }</pre>
     *
     * @return the pause
     * @throws IllegalStateException if the tape was already used up or is not recording
     */
    public Pause stopRecording() {
        if (tape == null) {
            throw new IllegalStateException("Trying to stop recording a tape which is not recording.");
        }
        if (!recording()) {
            throw new IllegalStateException("Tape is not recording.");
        }
        pop();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (!closed.getAndSet(true) && tape != null && !recording()) {
                push();
            }
        };
    }

    /**
     * Discards everything recorded and watched so far, as if the tape were closed and a new one started;
     * recording continues.
     *
     * <pre>{@code
     * tape.reset();   // e.g. after a loop iteration that should not count
     * }</pre>
     *
     * @throws IllegalStateException if the tape is not recording
     */
    public void reset() {
        if (tape == null || !recording()) {
            throw new IllegalStateException("Tape is not recording.");
        }
        pop();
        tape = new Tape(persistent, watchAccessedVariables);
        push();
    }

    /**
     * The variables this tape watches, explicitly or because they were read, in order of creation. After a
     * one-shot tape's gradient call it still lists the variables of that record.
     *
     * <pre>{@code
     * tape.watchedVariables();   // [w, b]
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<Variable> watchedVariables() {
        return tape != null ? tape.watchedVariables() : lastWatched;
    }

    /**
     * The gradient of {@code target} with respect to {@code source}; null if they are not connected.
     *
     * <pre>{@code
     * Tensor dydx = tape.gradient(y, x);
     * }</pre>
     *
     * @param target the tensor differentiated (summed if not scalar)
     * @param source the tensor to differentiate by
     * @return a tensor shaped like {@code source}, or null
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public Tensor gradient(Tensor target, Tensor source) {
        Objects.requireNonNull(target, "gradient: target is null");
        Objects.requireNonNull(source, "gradient: source is null");
        return gradient(List.of(target), List.of(source), null, UnconnectedGradients.NONE).get(0);
    }

    /**
     * The gradients of {@code target} with respect to each source, in order (nulls where unconnected).
     *
     * <pre>{@code
     * List<Tensor> g = tape.gradient(loss, List.of(w, b));
     * }</pre>
     *
     * @param target  the tensor differentiated (summed if not scalar)
     * @param sources the tensors to differentiate by
     * @return one entry per source
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources) {
        Objects.requireNonNull(target, "gradient: target is null");
        return gradient(List.of(target), sources, null, UnconnectedGradients.NONE);
    }

    /**
     * The gradients of the sum of {@code targets} with respect to each source.
     *
     * <pre>{@code
     * tape.gradient(List.of(y1, y2), List.of(x));   // d(y1 + y2)/dx
     * }</pre>
     *
     * @param targets the tensors differentiated
     * @param sources the tensors to differentiate by
     * @return one entry per source
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public List<Tensor> gradient(List<? extends Tensor> targets, List<? extends Tensor> sources) {
        return gradient(targets, sources, null, UnconnectedGradients.NONE);
    }

    /**
     * The vector-Jacobian product: the gradient of {@code sum_i sum(outputGradients[i] * targets[i])} with
     * respect to each source. A null list, or a null entry, stands for ones.
     *
     * <pre>{@code
     * tape.gradient(List.of(y), List.of(x), List.of(v), UnconnectedGradients.ZERO);   // v^T dy/dx
     * }</pre>
     *
     * @param targets         the tensors differentiated
     * @param sources         the tensors to differentiate by
     * @param outputGradients one weight per target, each of its target's shape and dtype, or null
     * @param unconnected     what an unconnected source gets
     * @return one entry per source (a source listed twice gets the same tensor twice)
     * @throws IllegalArgumentException if the output gradients do not match the targets
     * @throws IllegalStateException    if this one-shot tape was already used
     */
    public List<Tensor> gradient(List<? extends Tensor> targets, List<? extends Tensor> sources,
                                 List<? extends Tensor> outputGradients, UnconnectedGradients unconnected) {
        Tensor[] tg = nonNull(targets, "targets");
        Tensor[] src = nonNull(sources, "sources");
        Objects.requireNonNull(unconnected, "gradient: unconnected is null");
        Tensor[] seeds = null;
        if (outputGradients != null) {
            if (outputGradients.size() != tg.length) {
                throw new IllegalArgumentException("gradient: output_gradients, if provided, must have the same size as the targets: "
                        + outputGradients.size() + " output gradients for " + tg.length + " targets");
            }
            seeds = outputGradients.toArray(new Tensor[0]);
            for (int i = 0; i < seeds.length; i++) {
                Tensor s = seeds[i];
                if (s != null && (!s.shape().equals(tg[i].shape()) || s.dtype() != tg[i].dtype())) {
                    throw new IllegalArgumentException("gradient: output gradient " + i + " has shape " + s.shape() + " and dtype "
                            + s.dtype() + " but its target has shape " + tg[i].shape() + " and dtype " + tg[i].dtype());
                }
            }
        }
        if (tape == null) {
            throw new IllegalStateException(USED_MESSAGE);
        }
        Tape t = tape;
        if (recording()) {
            if (!persistent) {
                pop();
            } else if (!PERSISTENT_WARNING.getAndSet(true)) {
                LOG.log(System.Logger.Level.WARNING, "Calling GradientTape.gradient on a persistent tape inside its context "
                        + "records the gradient computation on the tape; do it only to take higher derivatives.");
            }
        }
        try {
            Tensor[] r = Backprop.gradient(t, tg, src, seeds, unconnected == UnconnectedGradients.ZERO, !persistent);
            return Collections.unmodifiableList(Arrays.asList(r));
        } finally {
            if (!persistent) {
                lastWatched = t.watchedVariables();
                tape = null;
            }
        }
    }

    private static Tensor[] nonNull(List<? extends Tensor> list, String what) {
        Objects.requireNonNull(list, () -> "gradient: " + what + " is null");
        ArrayList<Tensor> out = new ArrayList<>(list.size());
        for (Tensor t : list) {
            out.add(Objects.requireNonNull(t, () -> "gradient: an element of " + what + " is null"));
        }
        return out.toArray(new Tensor[0]);
    }
}
