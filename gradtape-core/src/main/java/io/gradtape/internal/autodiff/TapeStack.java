package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The recorders of each thread, in the order they started: TensorFlow's thread-local tape set and accumulator
 * set, kept here as one ordered list. An op run on a thread is offered to that thread's recorders only, so many
 * threads can record at once, each on its own. A global count of recorders lets an op skip the thread-local
 * lookup entirely when nothing records anywhere: one volatile read is the whole cost of autodiff for code that
 * does not use it.
 *
 * <h2>Nesting: which recorder sees which op</h2>
 *
 * <p>Terms: a <em>recorder</em> is a {@link Tape} (reverse mode) or an {@link Accumulator} (forward mode). Its
 * <em>position</em> is its index in the thread's list; starting (or resuming) a recorder appends it, so
 * positions are the nesting order (TensorFlow's {@code nesting_id}). An accumulator is <em>busy</em> while it
 * computes the JVP of an op; the ops that computation runs come back through {@link #record} like any other.
 *
 * <p>When an op runs:
 * <ol>
 *   <li><b>Limit.</b> {@code L} = the position of the first (outermost) busy accumulator, or the list's end.
 *       Only recorders before {@code L} see the op. (TensorFlow: the accumulator loop breaks at the first busy
 *       accumulator and passes its {@code nesting_id} as {@code max_gradient_tape_id} to the tapes.)</li>
 *   <li><b>Tapes.</b> Each tape before {@code L} records the op if some floating input is on it.</li>
 *   <li><b>Transposition.</b> If the busy accumulator at {@code L} is running its transposition fallback, its
 *       private tape records the op too (TensorFlow's {@code backward_tape} in {@code ForwardpropFromTape}).
 *       That tape is never on the list: it would sit after its owner and see nothing.</li>
 *   <li><b>Accumulators.</b> Each accumulator before {@code L}, outermost first, computes the op's JVP if some
 *       floating input has a tangent on it. While it does, it is busy, so the ops of that computation recurse
 *       through these steps with {@code L} at its own position.</li>
 * </ol>
 *
 * <p>Why this gives TensorFlow's composition rules:
 * <ul>
 *   <li><b>Accumulators inside accumulators</b> ({@code [outer, inner]}): the inner one's JVP ops are seen by
 *       the outer one, so {@code outer.jvp(inner.jvp(y))} is a second-order JVP; the outer one's JVP ops are
 *       hidden from the inner one, so {@code inner.jvp(outer.jvp(y))} is null. Outer first in step 4: the outer
 *       accumulator has the tangent of {@code y} before the inner one's JVP computation uses {@code y}.</li>
 *   <li><b>A tape inside an accumulator</b> ({@code [acc, tape]}): the accumulator's JVP ops stop at its own
 *       position, so the tape ignores them. The tape's backward pass ({@code gradient}) runs ops with no
 *       accumulator busy, so the accumulator takes their JVPs: forward-over-backward Hessian-vector products.</li>
 *   <li><b>A tape outside an accumulator</b> ({@code [tape, acc]}): the tape is before the limit, so it records
 *       the JVP computation, which it can then differentiate: backward-over-forward. Tapes record (step 2)
 *       before accumulators compute (step 4) because a tape's sweep walks its entries in reverse execution
 *       order and the JVP of an op may use the op's output, which must be on the tape first. (TensorFlow runs
 *       accumulators first; its sweep orders ops by readiness, not by position.)</li>
 * </ul>
 * Variable reads follow the same limit: tapes before it watch on read and record the read, accumulators before
 * it give the value read the variable's tangent (a read is an identity).
 *
 * <h2>Leaked recorders and dead threads</h2>
 *
 * <p>A thread's list holds each recorder's <em>owner</em> (the public {@code GradientTape} or
 * {@code ForwardAccumulator}) weakly, and the internal {@link Tape} or {@link Accumulator} strongly; the internal
 * object never refers back to its owner. So a tape that the program no longer refers to (never closed: a habit
 * from Python, or an exception between construction and {@code try}) becomes garbage, its reference is enqueued,
 * and the first op on any thread that finds the queue non-empty ({@link #where}: one more volatile read) uncounts
 * it and drops its record; its own thread unlinks it at its next op. A thread that dies with recorders open
 * leaves its list unreachable: a weak reference to that list, enqueued the same way, uncounts them all. So the
 * global count returns to zero and ops go back to their one-volatile-read fast path.
 *
 * <h2>Other threads</h2>
 *
 * <p>A tape records only its own thread's ops (TensorFlow's rule), so work handed to other threads inside a tape's
 * block (a {@code parallelStream()}, an executor) would be missing from the gradient without a word. To make that
 * loud, a tensor a tape watches or records carries the tape's {@link Mark} (one field write), and an op that runs
 * while some thread records checks its inputs' marks:
 * <ol>
 *   <li>An op that no tape of its thread records, with an input marked by a tape recording on another thread (or
 *       already tainted by one), gives its output a {@link Foreign} mark naming that tape and this thread.</li>
 *   <li>An op on a tape's own thread whose input carries a {@link Foreign} mark of a tape recording there throws
 *       {@link IllegalStateException} before it runs: the result of off-thread work is coming back into the
 *       recorded computation, where the gradient would silently miss it. {@code stopGradient} is exempt (and
 *       clears the mark): it is the way to say "use it as a constant". {@code gradient} checks its targets the
 *       same way.</li>
 * </ol>
 * A variable's handle carries the mark of the last tape that watched it, so reads of a watched variable on a
 * thread without a tape are tainted too. Cost: an op on a recording thread reads one field per input; an op on
 * another thread while something records pays the thread-local lookup and the same field reads. A result of
 * off-thread work that never comes back (a metric, a log line) is never reported.
 */
public final class TapeStack {
    /** Recorders counted as recording, on all threads: zero means no op needs to look further. */
    private static final AtomicInteger RECORDING = new AtomicInteger();
    /** References to owners that became garbage, and to the lists of threads that died. */
    private static final ReferenceQueue<Object> GONE = new ReferenceQueue<>();
    /** The per-thread references of {@link #GONE}, kept reachable until processed. */
    private static final Set<ThreadGone> THREADS = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Recorders> STATE = ThreadLocal.withInitial(Recorders::create);

    /** {@link #where}: nothing records on any thread. */
    public static final int NOWHERE = 0;
    /** {@link #where}: something records, but not on this thread. */
    public static final int ELSEWHERE = 1;
    /** {@link #where}: this thread has recorders. */
    public static final int HERE = 2;

    private static final int TAPE = 0;
    private static final int ACCUMULATOR = 1;
    private static final int WATCHER = 2;

    /**
     * What a tensor a tape watches or records carries: the thread the tape records on, or null while it does not
     * record. It refers to no tensor and no record, so marked tensors hold no memory alive.
     */
    static final class Mark {
        volatile Thread thread;
    }

    /**
     * The mark of a tensor computed on a thread that no tape records, from tensors marked by a tape recording on
     * another thread: a piece of the computation that tape will not see.
     */
    private record Foreign(Mark mark, String computedOn) {
    }

    /**
     * One recorder on a thread's list: its owner (the public object) held weakly, the internal recorder strongly.
     * {@code push} returns it; the owner keeps it to stop recording.
     */
    public static final class Recorder extends WeakReference<Object> {
        private static final AtomicIntegerFieldUpdater<Recorder> COUNTED =
                AtomicIntegerFieldUpdater.newUpdater(Recorder.class, "counted");
        final int kind;
        /** The thread it records on. */
        final Thread thread;
        /** The tape (kind TAPE), until its owner is collected. */
        Tape tape;
        /** The accumulator (kind ACCUMULATOR), until its owner is collected. */
        Accumulator accumulator;
        /** The variables read (kind WATCHER). */
        ArrayList<Variable> watcher;
        private volatile int counted = 1;

        private Recorder(Object owner, int kind) {
            super(owner, GONE);
            this.kind = kind;
            this.thread = Thread.currentThread();
        }

        /** Stops counting this recorder in the global count, once; its tape's mark stops recording. */
        void uncount() {
            if (COUNTED.compareAndSet(this, 1, 0)) {
                RECORDING.decrementAndGet();
                Tape t = tape;
                if (t != null && t.mark.thread == thread) {
                    t.mark.thread = null;
                }
            }
        }

        /** Whether it records on the calling thread. */
        public boolean onCurrentThread() {
            return thread == Thread.currentThread();
        }

        /** Whether it still records: not popped, its owner not collected, its thread alive. */
        public boolean active() {
            return counted == 1 && !refersTo(null);
        }
    }

    /** One thread's recorders, oldest first, with counts by kind. */
    private static final class Recorders {
        final ArrayList<Recorder> list = new ArrayList<>();
        int tapes;
        int accumulators;

        static Recorders create() {
            Recorders r = new Recorders();
            THREADS.add(new ThreadGone(r));
            return r;
        }
    }

    /** Enqueued when a thread's {@link Recorders} become garbage: the thread died. */
    private static final class ThreadGone extends WeakReference<Recorders> {
        final ArrayList<Recorder> list;

        ThreadGone(Recorders r) {
            super(r, GONE);
            this.list = r.list;
        }
    }

    private TapeStack() {
    }

    // ----------------------------------------------------------------------------------- the thread's list

    /**
     * Where recorders are, for the op about to run: {@link #NOWHERE}, {@link #ELSEWHERE} or {@link #HERE}. With
     * nothing recording anywhere this is one volatile read.
     */
    public static int where() {
        return where(recorders());
    }

    /** {@link #where()} from an answer of {@link #recorders()}, for a caller that keeps the recorders too. */
    public static int where(Object recorders) {
        return recorders == null ? NOWHERE : recorders == ELSEWHERE_ONLY ? ELSEWHERE : HERE;
    }

    /**
     * {@link #where} for {@link io.gradtape.internal.ops.Dispatch}, with this thread's recorders in the answer so
     * that {@link #record(Object, Primitive, Params, Tensor[], Tensor, Object)} need not look them up again: null
     * for {@link #NOWHERE}, {@link #ELSEWHERE_ONLY} for {@link #ELSEWHERE}, else the thread's recorders (for
     * {@link #HERE}). One thread-local lookup per recorded op instead of two: a recorded scalar op costs about
     * 50 ns, of which the lookups were 10-12% (JFR samples of the scalar chain).
     */
    public static Object recorders() {
        if (RECORDING.get() == 0) {
            return null;
        }
        drain();
        Recorders r = STATE.get();
        return r.list.isEmpty() ? ELSEWHERE_ONLY : r;
    }

    /** {@link #recorders()}: something records, but not on this thread. */
    public static final Object ELSEWHERE_ONLY = new Object();

    /** Processes the owners collected and the threads dead since the last call: uncounts their recorders. */
    private static void drain() {
        Reference<?> ref;
        while ((ref = GONE.poll()) != null) {
            if (ref instanceof Recorder) {
                Recorder r = (Recorder) ref;
                r.uncount();
                r.tape = null; // the record becomes garbage now; its thread unlinks the entry at its next op
                r.accumulator = null;
            } else {
                ThreadGone g = (ThreadGone) ref;
                THREADS.remove(g);
                for (Recorder r : g.list.toArray(new Recorder[0])) {
                    r.uncount();
                }
            }
        }
    }

    /** This thread's recorders, with the entries of collected owners unlinked. */
    private static Recorders current() {
        drain();
        Recorders r = STATE.get();
        prune(r);
        return r;
    }

    /**
     * Unlinks the entries whose owner was collected (as soon as the collector cleared the reference). Not
     * {@code for (i = size - 1; i >= 0; i--)}: C2 (JDK 17) makes that a counted loop guarded by a
     * {@code loop_limit_check} predicate that it is entered, which a JVM whose earlier calls all found a recorder
     * in the list compiled as an uncommon trap. In WarmCold mixed 2 (-XX:+LogCompilation, f78b405) the first call
     * with an empty list (a variable's peek during the tiny MLP, through VariableStorage.peeked, active and
     * current, all inlined in Dispatch.apply) made Dispatch.apply's fresh C2 code (12 KB, 100 ms of C2 time) not
     * entrant 1 ms after it was installed. The {@code i != 0} loop is entered and left by one branch, as
     * VariableStorage.writable's (5937626).
     */
    private static void prune(Recorders r) {
        ArrayList<Recorder> list = r.list;
        int i = list.size();
        while (i != 0) {
            i--;
            if (!list.get(i).active()) {
                unlink(r, i);
            }
        }
    }

    private static void unlink(Recorders r, int i) {
        Recorder e = r.list.remove(i);
        e.uncount();
        if (e.kind == TAPE) {
            r.tapes--;
        } else if (e.kind == ACCUMULATOR) {
            r.accumulators--;
        }
    }

    /**
     * Whether {@code e} still records: not null, not popped, its owner not collected, and its thread alive (as far
     * as the collector has told).
     */
    public static boolean isRecording(Recorder e) {
        if (e == null) {
            return false;
        }
        drain();
        return e.active();
    }

    /** The recorders counted on all threads (for tests: it returns to its value once tapes are gone). */
    public static int recordingEverywhere() {
        drain();
        return RECORDING.get();
    }

    /** Whether some tape records on the current thread (accumulators do not count: this is TensorFlow's
     * {@code CouldBackprop}, which decides whether {@code watch} has an effect). */
    public static boolean isActive() {
        return RECORDING.get() != 0 && current().tapes != 0;
    }

    /** Whether some tape or accumulator records on the current thread. */
    public static boolean hasRecorders() {
        return where() == HERE;
    }

    /** Whether some forward accumulator records on the current thread. */
    public static boolean accumulating() {
        return RECORDING.get() != 0 && STATE.get().accumulators != 0;
    }

    private static Recorder push(Object owner, int kind) {
        Recorders r = current();
        Recorder e = new Recorder(owner, kind);
        r.list.add(e);
        if (kind == TAPE) {
            r.tapes++;
        } else if (kind == ACCUMULATOR) {
            r.accumulators++;
        }
        RECORDING.incrementAndGet();
        return e;
    }

    /**
     * Starts recording {@code t} on the current thread, innermost, on behalf of {@code owner}, which is held
     * weakly: when the owner becomes garbage, the tape stops recording.
     */
    public static Recorder push(Tape t, Object owner) {
        Recorder e = push(owner, TAPE);
        e.tape = t;
        t.mark.thread = e.thread;
        return e;
    }

    /** Starts recording {@code a} on the current thread, innermost, on behalf of {@code owner} (held weakly). */
    public static Recorder push(Accumulator a, Object owner) {
        Recorder e = push(owner, ACCUMULATOR);
        e.accumulator = a;
        return e;
    }

    /**
     * Stops a recorder on the current thread. Does nothing if it already stopped (its owner was collected, or
     * its thread died).
     *
     * @throws IllegalStateException if it records on another, living thread
     */
    public static void pop(Recorder e) {
        if (!e.active()) {
            return;
        }
        if (e.thread != Thread.currentThread()) {
            throw new IllegalStateException("it records on thread " + e.thread.getName()
                    + " and can only be stopped there, not on " + Thread.currentThread().getName());
        }
        Recorders r = STATE.get();
        for (int i = r.list.size() - 1; i >= 0; i--) {
            if (r.list.get(i) == e) {
                unlink(r, i);
                break;
            }
        }
        e.uncount(); // also if it was not on the list
    }

    /**
     * Runs {@code f} while watching which trainable variables it reads (TensorFlow's {@code VariableWatcher}, for
     * {@code customGradient}); the list is returned in {@code read}.
     */
    public static <T> T watchingVariables(java.util.function.Supplier<T> f, List<Variable> read) {
        Object owner = new Object();
        Recorder e = push(owner, WATCHER);
        e.watcher = new ArrayList<>();
        try {
            return f.get();
        } finally {
            pop(e);
            read.addAll(e.watcher);
            Reference.reachabilityFence(owner);
        }
    }

    /**
     * Runs {@code f} with this thread's tapes set aside, then puts them back at their positions: no tape records
     * the ops {@code f} runs or watches the variables it reads, while accumulators and variable watchers still see
     * them (TensorFlow's {@code stop_recording} over the whole tape set, as {@code recompute_grad} uses it, but
     * leaving forward accumulators on). For {@code Recompute}: a checkpointed function's forward pass leaves
     * nothing on the tapes. A recorder {@code f} starts and leaves running stays after the tapes put back.
     */
    public static <T> T withoutTapes(java.util.function.Supplier<T> f) {
        if (RECORDING.get() == 0) {
            return f.get();
        }
        Recorders r = current();
        if (r.tapes == 0) {
            return f.get();
        }
        ArrayList<Recorder> list = r.list;
        int k = 0;
        int[] at = new int[r.tapes];
        Recorder[] held = new Recorder[r.tapes];
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).kind == TAPE) {
                at[k] = i;
                held[k++] = list.get(i);
            }
        }
        for (int j = k - 1; j >= 0; j--) {
            list.remove(at[j]);
        }
        r.tapes -= k; // still counted in RECORDING: only this thread's list changes, for the length of f
        try {
            return f.get();
        } finally {
            for (int j = 0; j < k; j++) {
                list.add(Math.min(at[j], list.size()), held[j]);
            }
            r.tapes += k; // one whose owner was collected meanwhile is unlinked by the next prune, as any other
        }
    }

    /** A snapshot of the tapes recording on the current thread, oldest first. */
    public static List<Tape> active() {
        if (RECORDING.get() == 0) {
            return List.of();
        }
        ArrayList<Recorder> list = current().list;
        if (list.size() == 1) { // one recorder, as in a training step: no list to build and copy
            Recorder e = list.get(0);
            return e.kind == TAPE ? List.of(e.tape) : List.of();
        }
        ArrayList<Tape> tapes = new ArrayList<>();
        for (Recorder e : list) {
            if (e.kind == TAPE) {
                tapes.add(e.tape);
            }
        }
        return List.copyOf(tapes);
    }

    // --------------------------------------------------------------------------------------- an op's visit

    /** Step 1: the position of the first busy accumulator, or the list's size. */
    private static int limit(Recorders r) {
        ArrayList<Recorder> list = r.list;
        int n = list.size();
        if (r.accumulators == 0) {
            return n;
        }
        for (int i = 0; i < n; i++) {
            Accumulator a = list.get(i).accumulator;
            if (a != null && a.busy) {
                return i;
            }
        }
        return n;
    }

    /** The private tape of the busy accumulator at {@code limit}, if it is transposing; else null. */
    private static Tape transposeTape(Recorders r, int limit) {
        if (limit >= r.list.size()) {
            return null;
        }
        Accumulator a = r.list.get(limit).accumulator;
        return a == null ? null : a.transposeTape;
    }

    /**
     * Reads a variable. Tapes before the limit that watch accessed variables watch it first if it is trainable,
     * whatever its dtype (TensorFlow's {@code variable_accessed} checks no dtype: an integer variable is listed by
     * {@code watchedVariables()} but never recorded, so it never gets a gradient); then, for a floating variable,
     * each one that tracks it records an identity from the handle to a fresh tensor holding the value read, and
     * each accumulator before the limit that has a tangent for it gives that tensor the same tangent. A variable
     * watcher notes a trainable variable.
     */
    public static Tensor readVariable(Variable v) {
        return readVariable(v, TensorAccess.currentValue(v));
    }

    /** {@link #readVariable(Variable)} of a value already taken from the variable (an op's input). */
    public static Tensor readVariable(Variable v, Tensor value) {
        if (RECORDING.get() == 0) {
            return value;
        }
        Recorders r = current();
        ArrayList<Recorder> list = r.list;
        if (list.isEmpty()) {
            return value;
        }
        int limit = limit(r);
        boolean floating = v.dtype().isFloating();
        TapeEntry e = null;
        for (int i = 0; i < limit; i++) {
            Recorder rec = list.get(i);
            Tape t = rec.tape;
            if (t != null) {
                if (t.watchAccessedVariables && v.trainable()) {
                    t.watch(v);
                }
                if (floating && t.tracks(v)) { // a trainable integer variable is watched, never recorded
                    if (e == null) {
                        e = readEntry(v, value);
                        TensorAccess.setOrigin(e.output(), t.mark);
                    }
                    t.record(e);
                }
            } else if (rec.watcher != null && v.trainable() && !rec.watcher.contains(v)) {
                rec.watcher.add(v);
            }
        }
        Tape transpose = transposeTape(r, limit);
        if (floating && transpose != null && transpose.tracks(v)) {
            e = e != null ? e : readEntry(v, value);
            transpose.record(e);
        }
        if (floating && r.accumulators != 0) {
            for (int i = 0; i < limit; i++) {
                Accumulator a = list.get(i).accumulator;
                if (a != null && a.tracks(v)) {
                    e = e != null ? e : readEntry(v, value);
                    a.read(v, e.output());
                }
            }
        }
        return e == null ? value : e.output();
    }

    private static TapeEntry readEntry(Variable v, Tensor value) {
        Tensor read = TensorAccess.make(value.dtype(), value.shape(), TensorAccess.data(value));
        return new TapeEntry(Primitive.READ_VARIABLE, null, new Tensor[] {v}, read);
    }

    /**
     * The check before an op runs while something records ({@link #where} is not {@link #NOWHERE}), on its
     * inputs as given (a variable as its handle): throws if an input is the result of off-thread work on the
     * tensors of a tape recording on this thread; else returns the {@link Foreign} mark the output gets if no
     * tape of this thread records it (or the {@link Mark} it is made from), or null.
     *
     * @throws IllegalStateException naming the op, the input and both threads
     */
    public static Object check(Primitive p, Tensor[] inputs) {
        // stopGradient, the way to use off-thread work as a constant, returns null and never throws; its test sits
        // on the two rare paths (an input to throw for, a taint to return) instead of first: as the first branch,
        // the first stopGradient in a JVM deoptimized Dispatch.apply, which inlines this method (WarmCold mixed,
        // -XX:+LogCompilation, 2026-12-03: the MNIST MLP's logSoftmax; Dispatch.apply was out for 2.7 s)
        Object taint = null;
        Thread me = null;
        for (int i = 0; i < inputs.length; i++) {
            Object o = TensorAccess.origin(inputs[i]);
            if (o == null) {
                continue;
            }
            if (me == null) {
                me = Thread.currentThread();
            }
            if (o instanceof Foreign) {
                Foreign f = (Foreign) o;
                Thread th = f.mark.thread;
                if (th == me) {
                    if (p == Primitive.STOP_GRADIENT) {
                        return null;
                    }
                    throw offThread(p.opName() + ": input " + i, f, me);
                }
                if (th != null && taint == null) {
                    taint = f;
                }
            } else {
                Thread th = ((Mark) o).thread;
                if (th != null && th != me && taint == null) {
                    taint = o; // made a Foreign only if no tape here records the op
                }
            }
        }
        return taint != null && p == Primitive.STOP_GRADIENT ? null : taint;
    }

    /**
     * Whether {@code t} is the result of work on another thread than {@code tape}'s, from tensors {@code tape}
     * watched or recorded while it recorded ({@code gradient} refuses such a target).
     *
     * @throws IllegalStateException if so, naming {@code what}
     */
    public static void checkTarget(Tape tape, Tensor t, String what) {
        Object o = TensorAccess.origin(t);
        if (o instanceof Foreign && ((Foreign) o).mark == tape.mark) {
            throw offThread(what, (Foreign) o, Thread.currentThread());
        }
    }

    /** The thread on which {@code t} was computed from {@code tape}'s tensors while it recorded, or null. */
    static String computedOn(Tape tape, Tensor t) {
        Object o = TensorAccess.origin(t);
        return o instanceof Foreign && ((Foreign) o).mark == tape.mark ? ((Foreign) o).computedOn : null;
    }

    private static IllegalStateException offThread(String what, Foreign f, Thread me) {
        return new IllegalStateException(what + " was computed on thread '" + f.computedOn + "' from tensors that a "
                + "GradientTape recording on thread '" + me.getName() + "' watches, but a tape records only the ops "
                + "of its own thread, so the gradient would silently miss that computation. Compute it on the "
                + "tape's thread (for example stream() instead of parallelStream()), or, to use it as a constant, "
                + "pass it through stopGradient first.");
    }

    /**
     * Offers an executed op to the recorders of this thread, by the algorithm in the class comment; an op that no
     * tape records gets {@code taint} (from {@link #check}) as its mark.
     */
    public static void record(Primitive p, Params params, Tensor[] inputs, Tensor out, Object taint) {
        record(STATE.get(), p, params, inputs, out, taint);
    }

    /**
     * {@link #record(Primitive, Params, Tensor[], Tensor, Object)} with this thread's recorders as returned by
     * {@link #recorders()} (neither null nor {@link #ELSEWHERE_ONLY}).
     */
    public static void record(Object recorders, Primitive p, Params params, Tensor[] inputs, Tensor out, Object taint) {
        Recorders r = (Recorders) recorders;
        ArrayList<Recorder> list = r.list;
        int limit = limit(r);
        TapeEntry e = null;
        boolean gone = false;
        if (r.tapes != 0) {
            for (int i = 0; i < limit; i++) {
                Recorder rec = list.get(i);
                Tape t = rec.tape;
                if (t == null || rec.refersTo(null)) {
                    gone |= rec.kind == TAPE; // a tape whose owner was collected: unlinked below
                    continue;
                }
                if (t.shouldRecord(inputs)) {
                    if (e == null) {
                        e = new TapeEntry(p, params, inputs, out);
                        TensorAccess.setOrigin(out, t.mark); // the outermost tape: it records longest
                    }
                    t.record(e);
                }
            }
        }
        if (e == null) {
            taint(out, taint);
        }
        if (gone) {
            prune(r);
            limit = limit(r);
        }
        if (r.accumulators == 0) {
            return;
        }
        Tape transpose = transposeTape(r, limit);
        if (transpose != null && transpose.shouldRecord(inputs)) {
            e = e != null ? e : new TapeEntry(p, params, inputs, out);
            transpose.record(e);
        }
        // A snapshot: a JVP computation runs user code (custom-gradient rules) that may start recorders.
        Object[] before = list.subList(0, limit).toArray();
        for (Object o : before) {
            Accumulator a = ((Recorder) o).accumulator;
            if (a != null && !((Recorder) o).refersTo(null)) {
                e = e != null ? e : new TapeEntry(p, params, inputs, out);
                a.accumulate(e);
            }
        }
    }

    /** Marks the output of an op run on a thread without recorders (see {@link #check}). */
    public static void taint(Tensor out, Object taint) {
        if (taint instanceof Mark) {
            TensorAccess.setOrigin(out, new Foreign((Mark) taint, Thread.currentThread().getName()));
        } else if (taint != null) {
            TensorAccess.setOrigin(out, taint);
        }
    }
}
