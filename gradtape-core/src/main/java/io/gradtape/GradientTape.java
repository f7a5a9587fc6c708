package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.autodiff.Backprop;
import io.gradtape.internal.autodiff.Jacobians;
import io.gradtape.internal.autodiff.TapeHistory;
import io.gradtape.internal.autodiff.Tape;
import io.gradtape.internal.autodiff.TapeStack;
import io.gradtape.internal.kernels.RecycledArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records operations for reverse-mode automatic differentiation, with TensorFlow 2's semantics.
 *
 * <p><b>Recording.</b> Recording starts when the tape is constructed and stops at {@link #close()}, so a
 * try-with-resources block is TensorFlow's {@code with} block; {@link #record(Supplier) record(() -> ...)} is the
 * same block as a lambda, which also works in JShell. An op is recorded when at least one of its inputs is
 * watched or was produced by a recorded op, and that input has a floating dtype. A tape records only ops run on the
 * thread that constructed (or resumed) it; other threads may record on their own tapes at the same time.
 *
 * <p><b>Other threads.</b> Work handed to other threads inside the block (a {@code parallelStream()}, an executor)
 * is not recorded, as in TensorFlow, so gradtape refuses its result rather than return a partial gradient: a
 * tensor computed on another thread from tensors this tape watches or recorded, while it records, makes an op on
 * the tape's thread that takes it throw {@link IllegalStateException}, and so does {@code gradient} or
 * {@code jacobian} with it as a target. Pass it through {@link Tensors#stopGradient} to use it as a constant.
 * (Why an error and not recording across threads: a tape's record is ordered by execution on one thread, and
 * recording from many would cost every op a lock; the check costs one field read per input.) A result of
 * off-thread work that never comes back to the tape's thread, such as a metric, is not reported.
 *
 * <p><b>Forgotten tapes.</b> A tape the program no longer refers to stops recording once the garbage collector
 * has reclaimed it, so a tape that is never closed (an exception between construction and {@code try}, or a
 * habit from Python, where nothing records outside {@code with}) cannot slow its thread down for ever; until then
 * it records, so close every tape. When the thread a tape records on dies, the tape stops recording.
 *
 * <p><b>Watching.</b> {@link #watch} puts constants on the tape; watching a tensor after ops used it does not
 * record those ops. A trainable {@link Variable} is watched automatically when it is read while the tape records,
 * unless the tape was built with {@code watchAccessedVariables=false}; a non-trainable one only by {@code watch}.
 * Watching an integer or bool tensor logs a warning and gives a null gradient.
 *
 * <p><b>Gradients.</b> {@link #gradient} returns the gradient of the sum of the targets (a non-scalar target is
 * summed), or of their weighted sum when output gradients are given. A source that no recorded path connects to a
 * target gets {@code null}, or zeros with {@link UnconnectedGradients#ZERO}, and so does a source this tape never
 * watched and no op on it made, even if recorded ops read it: the tape recorded only the ops that read what it
 * watches, so those would be some of its uses and their sum a wrong gradient. A target that is itself a source
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
 * Tensor x = Tensors.constant(3.0f), y;
 * GradientTape t = new GradientTape();
 * try (t) { t.watch(x); y = x.mul(x); }
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
    /** This tape's entry in its thread's list while it records (it holds this object weakly), else null. */
    private TapeStack.Recorder recorder;
    /** Stopped by {@link #close()} and not re-entered since: a second close means a second, unrecorded try block. */
    private boolean closed;
    private List<Variable> lastWatched = List.of();
    /** A one-shot tape's record after its gradient call: entries released, tracked ids kept for explain. */
    private Tape consumed;
    /** What {@link #explain} needs to know of the past: watches, pauses, resets. */
    private final TapeHistory history = new TapeHistory();
    /** A persistent tape's last {@code gradient} call, which a drawing replays to show the adjoints. */
    private TapeDrawing.GradientCall lastGradient;

    /**
     * A one-shot tape that watches accessed trainable variables, recording from now on this thread.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(2f));
     * Tensor x = Tensors.constant(3f), loss;
     * GradientTape tape = new GradientTape();
     * try (tape) { loss = Tensors.square(x.mul(w)); }
     * tape.gradient(loss, w);   // 36.0 = 2 x (x w)
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
        closed = false;
        recorder = TapeStack.push(tape, this);
        history.started();
    }

    private void pop() {
        try {
            TapeStack.pop(recorder);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("GradientTape: " + e.getMessage());
        }
        recorder = null;
        history.stopped();
    }

    /** Recording: pushed and not popped, and not stopped by its thread's death. */
    private boolean recording() {
        return TapeStack.isRecording(recorder);
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
     * Tensor x = Tensors.constant(2f), y, z;
     * GradientTape tape = new GradientTape(true);
     * try (tape) { tape.watch(x); y = x.mul(x); }
     * try (GradientTape again = tape.resume()) { z = y.mul(y); }
     * tape.gradient(z, x);   // 32.0 = d(x^4)/dx at 2
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
     * Stops recording. Does nothing if the tape is not recording because a {@code gradient} call or a pause
     * stopped it. The record stays: {@code gradient} can be called afterwards. Closing a tape that {@code close}
     * already stopped, without re-entering it in between, throws: that is how a second {@code try (tape)} block
     * ends, and Java cannot re-enter a tape when a try block starts, so that block recorded nothing (use
     * {@link #resume()} or {@link #record(Supplier)} to re-enter).
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f), y;
     * try (GradientTape t = new GradientTape()) {
     *     t.watch(x);
     *     y = x.mul(x);
     * }   // close() at the end of the block
     * }</pre>
     *
     * @throws IllegalStateException if called on another thread than the one recording, or a second time
     */
    @Override
    public void close() {
        if (recording()) {
            pop();
            closed = true;
        } else if (closed) {
            throw new IllegalStateException("GradientTape.close: this tape was already closed, so the block that just "
                    + "ended recorded nothing. A second try (tape) does not re-enter a tape (Java calls nothing when a "
                    + "try block starts); re-enter with try (GradientTape t = tape.resume()) { ... } or "
                    + "tape.record(() -> ...).");
        }
    }

    /**
     * Runs {@code block} with this tape recording, then stops recording, and returns what the block returns:
     * TensorFlow's {@code with tape:} block as a lambda. It also works in JShell, where {@code try (tape)} does
     * not compile (a top-level variable is not effectively final). A tape that is not recording (closed, or a
     * one-shot tape whose gradient was taken) is re-entered first, as {@link #resume()} does; a tape that records
     * (a new one) just goes on. For several results, return a {@code List} or a record.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * GradientTape tape = new GradientTape();
     * Tensor y = tape.record(() -> { tape.watch(x); return x.mul(x); });
     * tape.gradient(y, x);   // Tensor(6.0, shape=(), dtype=float32)
     * }</pre>
     *
     * @param block the computation to record
     * @param <T>   what it returns
     * @return the block's result
     * @throws IllegalStateException if the tape records on another thread
     */
    public <T> T record(Supplier<? extends T> block) {
        Objects.requireNonNull(block, "record: block is null");
        if (!recording()) {
            resume();
        } else if (!recorder.onCurrentThread()) {
            throw new IllegalStateException("record: this tape records on another thread; a tape records the ops of "
                    + "one thread at a time");
        }
        try {
            return block.get();
        } finally {
            if (recording()) {
                close();
            }
        }
    }

    /**
     * Watches {@code x}, then runs {@code block} on it with this tape recording, as {@link #record(Supplier)}:
     * the form of a function of one tensor.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * GradientTape tape = new GradientTape();
     * Tensor y = tape.record(x, v -> v.mul(v));
     * tape.gradient(y, x);   // Tensor(6.0, shape=(), dtype=float32)
     * }</pre>
     *
     * @param x     the tensor to watch and pass to the block
     * @param block the computation to record
     * @param <T>   what it returns
     * @return the block's result
     * @throws IllegalStateException if the tape records on another thread
     */
    public <T> T record(Tensor x, Function<? super Tensor, ? extends T> block) {
        Objects.requireNonNull(x, "record: x is null");
        Objects.requireNonNull(block, "record: block is null");
        return record(() -> {
            watch(x);
            return block.apply(x);
        });
    }

    /**
     * Watches tensors: ops that use them from now on are recorded, so gradients with respect to them exist.
     * A variable is watched by its handle (also when it is not trainable). Watching twice is harmless. A tensor
     * watched while no tape records on this thread is ignored, as in TensorFlow.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f), y;
     * GradientTape tape = new GradientTape();
     * try (tape) {
     *     tape.watch(x);
     *     y = x.mul(x);
     * }
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
     * Tensor w = Tensors.constant(1f), b = Tensors.constant(0f);
     * GradientTape tape = new GradientTape();
     * tape.watch(List.of(w, b));
     * tape.close();
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
        List<Tensor> all = new ArrayList<>();
        for (Tensor t : tensors) { // validate all first: a failed call watches nothing
            all.add(Objects.requireNonNull(t, "watch: a tensor is null"));
        }
        for (Tensor t : all) {
            if (!t.dtype().isFloating() && INTEGER_WATCH_WARNINGS.getAndIncrement() < 5) {
                LOG.log(System.Logger.Level.WARNING,
                        "The dtype of the watched tensor must be floating (e.g. float32), got " + t.dtype());
            }
            if (TapeStack.isActive() && !tape.tracks(t)) {
                tape.watch(t);
                history.watched(t);
            }
        }
    }

    /**
     * A pause in recording, ended by {@link #close()}; see {@link GradientTape#stopRecording()}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(2f), y;
     * GradientTape tape = new GradientTape();
     * tape.watch(x);
     * try (GradientTape.Pause p = tape.stopRecording()) {
     *     y = x.mul(x);   // not recorded
     * }
     * tape.close();
     * }</pre>
     */
    public interface Pause extends AutoCloseable {
        /**
         * Resumes recording. Calling it twice is harmless.
         *
         * <pre>{@code
         * GradientTape tape = new GradientTape();
         * GradientTape.Pause pause = tape.stopRecording();
         * pause.close();   // recording again
         * tape.close();
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
     * Tensor x = Tensors.constant(2f), loss, metrics;
     * GradientTape tape = new GradientTape();
     * tape.watch(x);
     * loss = x.mul(x);
     * try (GradientTape.Pause p = tape.stopRecording()) { metrics = loss.mul(2.0); }
     * tape.close();
     * tape.gradient(loss, x);   // 4.0; metrics has no path back to x
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
            if (!closed.getAndSet(true) && !recording()) {
                if (tape == null) { // a one-shot gradient was taken during the pause: record afresh, as resume()
                    tape = new Tape(persistent, watchAccessedVariables);
                }
                push();
            }
        };
    }

    /**
     * Discards everything recorded and watched so far, as if the tape were closed and a new one started;
     * recording continues.
     *
     * <pre>{@code
     * GradientTape tape = new GradientTape();
     * tape.reset();   // e.g. after a loop iteration that should not count
     * tape.close();
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
        history.reset();
        push();
    }

    /**
     * The variables this tape watches, explicitly or because they were read, in order of creation. After a
     * one-shot tape's gradient call it still lists the variables of that record.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f)), b = new Variable(Tensors.constant(0f));
     * GradientTape tape = new GradientTape();
     * try (tape) { w.mul(2.0).add(b); }
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
     * Tensor x = Tensors.constant(3f), y;
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); y = x.mul(x); }
     * Tensor dydx = tape.gradient(y, x);   // 6.0
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
     * Variable w = new Variable(Tensors.constant(2f)), b = new Variable(Tensors.constant(1f));
     * Tensor loss;
     * GradientTape tape = new GradientTape();
     * try (tape) { loss = w.mul(3.0).add(b); }
     * List<Tensor> g = tape.gradient(loss, List.of(w, b));   // [3.0, 1.0]
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
     * Tensor x = Tensors.constant(3f), y1, y2;
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); y1 = x.mul(x); y2 = x.mul(2.0); }
     * tape.gradient(List.of(y1, y2), List.of(x));   // [8.0] = d(y1 + y2)/dx
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
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2), y;
     * Tensor v = Tensors.constant(new float[] {1, 0}, 2);
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); y = x.mul(x); }
     * tape.gradient(List.of(y), List.of(x), List.of(v), UnconnectedGradients.ZERO);   // [[2. 0.]] = v^T dy/dx
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
            seeds = new Tensor[tg.length];
            for (int i = 0; i < seeds.length; i++) {
                Tensor s = outputGradients.get(i);
                if (s != null && (!s.shape().equals(tg[i].shape()) || s.dtype() != tg[i].dtype())) {
                    throw new IllegalArgumentException("gradient: output gradient " + i + " has shape " + s.shape() + " and dtype "
                            + s.dtype() + " but its target has shape " + tg[i].shape() + " and dtype " + tg[i].dtype());
                }
                // a variable is read now: later assignments must not change the result
                seeds[i] = s instanceof Variable ? TensorAccess.currentValue((Variable) s) : s;
            }
        }
        checkTargets(tg);
        Tape t = beginSweep(USED_MESSAGE); // after validation: a failed call changes nothing
        // The sweep's intermediate cotangents die when it returns (only the gradients reach the caller): their
        // arrays go to the next allocations of the same length on this thread, still in the cache (RecycledArrays).
        // Not inside minimize's own window (it donates all of it after the update), nor when a tape or accumulator
        // records on this thread (checked after beginSweep, which stops this one-shot tape): it keeps the tensors of
        // the ops it records. MNIST MLP step (784-256-128-10, b128, SGD, one thread; 2026-12-05, main-thread CPU,
        // in-JVM A/B blocks, see RecycledArrays): 1,278 -> 1,228 us.
        boolean window = !RecycledArrays.windowOpen() && !TapeStack.hasRecorders();
        if (window) {
            RecycledArrays.open();
        }
        Tensor[] r = null;
        try {
            r = Backprop.gradient(t, tg, src, seeds, unconnected == UnconnectedGradients.ZERO, !persistent);
            if (persistent) {
                lastGradient = new TapeDrawing.GradientCall(t, tg, src, seeds);
            }
            return Collections.unmodifiableList(Arrays.asList(r));
        } finally {
            try {
                if (window) {
                    if (r == null) {
                        RecycledArrays.spoil(); // a failed sweep gives nothing (spoil acts only while the window is open)
                    }
                    RecycledArrays.close();
                    RecycledArrays.donateAllBut(r == null ? new Tensor[0] : r);
                }
            } finally {
                endSweep(t); // whatever the donation did, the one-shot tape is used up
            }
        }
    }

    /**
     * Why the gradient of {@code target} with respect to {@code source} is null, in words: the answer to
     * TensorFlow users' most common question. It names the first cause found: the source has an integer dtype;
     * the source was never watched (a constant, a non-trainable variable, a tape with
     * {@code watchAccessedVariables=false}, or a variable never read while recording); the watch was discarded by
     * {@code reset}; every path is cut by {@code stopGradient}, an integer cast or an op without gradient (named);
     * the one-shot tape already released its record; the target was computed before the source was watched, while
     * recording was stopped, or on another thread. When the two are connected it says so. It records and changes
     * nothing: {@code gradient} still returns null.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f), y = Tensors.constant(2f).mul(x);
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); }
     * tape.explain(y, x);   // "The target was computed before the source was watched: ..."
     * }</pre>
     *
     * @param target the tensor differentiated
     * @param source the tensor to differentiate by
     * @return a sentence or two
     */
    public String explain(Tensor target, Tensor source) {
        Objects.requireNonNull(target, "explain: target is null");
        Objects.requireNonNull(source, "explain: source is null");
        return history.explain(tape != null ? tape : consumed, tape == null, watchAccessedVariables, target, source);
    }

    /**
     * The Jacobian of {@code target} with respect to {@code source}: shape {@code target.shape + source.shape},
     * entry {@code [i..., j...]} = d target[i...] / d source[j...]; null if they are not connected.
     *
     * <p>Cost: one backward sweep over the tape whose cotangents carry the rows of the Jacobian as a leading batch
     * dimension (TensorFlow's vectorized {@code pfor} default), so it works on a one-shot tape and costs about one
     * gradient call on tensors {@code target.size()} times larger (split into several sweeps when that would exceed
     * 256K elements per tensor, which keeps the cotangents small enough for the young generation). When the
     * sources have at most a quarter of the target's elements, it computes columns instead, forward mode by
     * transposition: one recorded sweep, then one sweep over that record batched over the {@code n} source
     * elements, on tensors only {@code n} times larger. Like {@code gradient}, it may be called inside or outside the tape's block.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2), y;
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); y = Tensors.slice(Tensors.concat(List.of(x, x.mul(x)), 0), new int[] {0}, new int[] {3}); }
     * Tensor j = tape.jacobian(y, x);   // shape (3, 2)
     * }</pre>
     *
     * @param target the tensor differentiated, elementwise
     * @param source the tensor to differentiate by
     * @return the Jacobian, or null
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public Tensor jacobian(Tensor target, Tensor source) {
        return jacobian(target, source, UnconnectedGradients.NONE);
    }

    /**
     * The Jacobian of {@code target} with respect to {@code source}; an unconnected source gives null or, with
     * {@link UnconnectedGradients#ZERO}, zeros of shape {@code target.shape + source.shape}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2), y = Tensors.constant(new float[] {1, 2, 3}, 3);
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); }
     * tape.jacobian(y, x, UnconnectedGradients.ZERO);   // zeros of shape (3, 2)
     * }</pre>
     *
     * @param target      the tensor differentiated, elementwise
     * @param source      the tensor to differentiate by
     * @param unconnected what an unconnected source gets
     * @return the Jacobian, or null
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public Tensor jacobian(Tensor target, Tensor source, UnconnectedGradients unconnected) {
        Objects.requireNonNull(source, "jacobian: source is null");
        return jacobian(target, List.of(source), unconnected).get(0);
    }

    /**
     * The Jacobian of {@code target} with respect to each source, in one sweep; see
     * {@link #jacobian(Tensor, Tensor)}.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(new float[] {1, 2}, 2)), b = new Variable(Tensors.constant(1f));
     * Tensor y;
     * GradientTape tape = new GradientTape();
     * try (tape) { y = w.mul(2.0).add(b); }
     * List<Tensor> js = tape.jacobian(y, List.of(w, b));   // shapes (2, 2) and (2)
     * }</pre>
     *
     * @param target  the tensor differentiated, elementwise
     * @param sources the tensors to differentiate by
     * @return one Jacobian (or null) per source
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public List<Tensor> jacobian(Tensor target, List<? extends Tensor> sources) {
        return jacobian(target, sources, UnconnectedGradients.NONE);
    }

    /**
     * The Jacobian of {@code target} with respect to each source, with the given treatment of unconnected ones.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(new float[] {1, 2}, 2)), b = new Variable(Tensors.constant(1f));
     * Tensor y;
     * GradientTape tape = new GradientTape();
     * try (tape) { y = w.mul(2.0); }
     * tape.jacobian(y, List.of(w, b), UnconnectedGradients.ZERO);   // [2 I, zeros of shape (2)]
     * }</pre>
     *
     * @param target      the tensor differentiated, elementwise
     * @param sources     the tensors to differentiate by
     * @param unconnected what an unconnected source gets
     * @return one Jacobian per source
     * @throws IllegalStateException if this one-shot tape was already used
     */
    public List<Tensor> jacobian(Tensor target, List<? extends Tensor> sources, UnconnectedGradients unconnected) {
        Objects.requireNonNull(target, "jacobian: target is null");
        Tensor[] src = nonNull(sources, "sources");
        Objects.requireNonNull(unconnected, "jacobian: unconnected is null");
        checkTargets(target);
        Tape t = beginSweep(USED_MESSAGE);
        try {
            Tensor[] r = Jacobians.jacobian(t, target, src, unconnected == UnconnectedGradients.ZERO, !persistent);
            return Collections.unmodifiableList(Arrays.asList(r));
        } finally {
            endSweep(t);
        }
    }

    /**
     * TensorFlow's {@code batch_jacobian}: for a target {@code [b, y...]} and a source {@code [b, x...]}, the
     * Jacobian of each example, shape {@code [b, y..., x...]}. It assumes examples are independent: entry
     * {@code [i, j..., k...]} is the sum over {@code i'} of {@code d target[i', j...] / d source[i, k...]}. An
     * unconnected source gives zeros, whatever the setting, as in TensorFlow. Cost: one batched sweep with
     * {@code prod(y...)} rows.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 4, 2), y;
     * GradientTape tape = new GradientTape();
     * try (tape) { tape.watch(x); y = Tensors.matmul(x, Tensors.ones(DType.FLOAT32, 2, 3)); }
     * Tensor j = tape.batchJacobian(y, x);   // shape (4, 3, 2)
     * }</pre>
     *
     * @param target rank >= 2
     * @param source rank >= 2, same first dimension
     * @return the per-example Jacobians
     * @throws IllegalArgumentException if a rank is below 2 or the first dimensions differ
     * @throws IllegalStateException    if this one-shot tape was already used
     */
    public Tensor batchJacobian(Tensor target, Tensor source) {
        Objects.requireNonNull(target, "batchJacobian: target is null");
        Objects.requireNonNull(source, "batchJacobian: source is null");
        for (Tensor x : new Tensor[] {target, source}) {
            if (x.rank() < 2) {
                throw new IllegalArgumentException("batchJacobian: Shape " + x.shape() + " must have rank at least 2");
            }
        }
        int b = target.shape().dim(0);
        if (b != source.shape().dim(0)) {
            throw new IllegalArgumentException("batchJacobian: Need first dimension of target shape " + target.shape()
                    + " and source shape " + source.shape() + " to match.");
        }
        checkTargets(target);
        Tape t = beginSweep(USED_MESSAGE);
        try {
            return Jacobians.batchJacobian(t, target, source, !persistent);
        } finally {
            endSweep(t);
        }
    }

    // ---- drawing the tape: the algorithms are in internal.draw, reached through TapeDrawing ----

    /**
     * The tape as a Graphviz DOT graph: one node per recorded op and per watched tensor or variable, edges in
     * data-flow order, each tensor labelled with its name ({@link Tensor#named}), dtype, shape, value (summarised
     * when large) and, after {@code gradient} on a persistent tape, the gradient that flowed into it in the last
     * call. Paths that carry no gradient (unwatched constants, {@code stopGradient}, integer results) are dashed.
     * See {@link TapeDrawing} for options (node cap, several nested tapes in one drawing).
     *
     * <pre>{@code
     * GradientTape t = new GradientTape(true);
     * Tensor x = constant(3.0f).named("x");
     * t.watch(x);
     * Tensor y = x.mul(x).named("y");
     * t.close();
     * t.gradient(y, x);
     * String dot = t.toDot();   // digraph tape { ... "y = mul" ... "grad 6.0" ... }
     * }</pre>
     *
     * @return the DOT text
     * @throws IllegalStateException if this one-shot tape released its record in a gradient call
     */
    public String toDot() {
        return TapeDrawing.of(this).toDot();
    }

    /**
     * The tape as a Mermaid flowchart (for Markdown: GitHub renders a {@code mermaid} code block), with the labels
     * of {@link #toDot()}.
     *
     * <pre>{@code
     * GradientTape tape = new GradientTape();
     * Tensor x = constant(3.0f);
     * tape.watch(x);
     * x.mul(x);
     * tape.close();
     * String md = "```mermaid\n" + tape.toMermaid() + "```\n";   // flowchart LR ...
     * }</pre>
     *
     * @return the Mermaid text
     * @throws IllegalStateException if this one-shot tape released its record in a gradient call
     */
    public String toMermaid() {
        return TapeDrawing.of(this).toMermaid();
    }

    /**
     * Writes a drawing of the tape; the file name's extension picks the format: {@code .dot}, {@code .mmd},
     * {@code .svg} or {@code .png} (by Graphviz's {@code dot} program, which must be installed), or {@code .html}
     * (a self-contained page, no network needed: click a node to see its full value, its gradient and the rule that
     * produced it). The file is written whole or not at all.
     *
     * <pre>{@code
     * GradientTape tape = new GradientTape();
     * Tensor x = constant(3.0f);
     * tape.watch(x);
     * sin(x);
     * tape.close();
     * tape.render(java.nio.file.Path.of("tape.html"));   // open it in a browser
     * }</pre>
     *
     * @param file the file to write
     * @throws IllegalArgumentException if the extension is none of the above
     * @throws IllegalStateException    if Graphviz is needed and missing (the message says how to install it)
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void render(java.nio.file.Path file) {
        TapeDrawing.of(this).render(file);
    }

    /** The live record, for drawings; null after a one-shot tape's gradient call. */
    Tape drawRecord() {
        return tape;
    }

    /** The last gradient call of a persistent tape, or null. */
    TapeDrawing.GradientCall drawGradient() {
        return lastGradient;
    }

    /** Refuses a target computed on another thread from this tape's tensors: its gradient would be partial. */
    private void checkTargets(Tensor... targets) {
        Tape t = tape != null ? tape : consumed;
        if (t == null) {
            return;
        }
        for (int i = 0; i < targets.length; i++) {
            TapeStack.checkTarget(t, targets[i], targets.length == 1 ? "gradient: the target" : "gradient: target " + i);
        }
    }

    /** The checks and recording change that start every gradient computation; returns the record to sweep. */
    private Tape beginSweep(String usedMessage) {
        if (tape == null) {
            throw new IllegalStateException(usedMessage);
        }
        if (recording()) {
            if (!persistent) {
                pop();
            } else if (!PERSISTENT_WARNING.getAndSet(true)) {
                LOG.log(System.Logger.Level.WARNING, "Calling GradientTape.gradient on a persistent tape inside its context "
                        + "records the gradient computation on the tape; do it only to take higher derivatives.");
            }
        }
        return tape;
    }

    /** A one-shot tape is used up after its sweep, even a failed one. */
    private void endSweep(Tape t) {
        if (!persistent) {
            lastWatched = t.watchedVariables();
            consumed = t;
            tape = null;
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
