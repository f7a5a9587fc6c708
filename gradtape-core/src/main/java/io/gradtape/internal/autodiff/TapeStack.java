package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
public final class TapeStack {
    /** Tapes and accumulators recording on all threads: zero means no op needs to look further. */
    private static final AtomicInteger RECORDING = new AtomicInteger();
    private static final ThreadLocal<Recorders> STATE = ThreadLocal.withInitial(Recorders::new);

    /** One thread's recorders, oldest first, with counts by kind. */
    private static final class Recorders {
        final ArrayList<Object> list = new ArrayList<>();
        int tapes;
        int accumulators;
    }

    private TapeStack() {
    }

    /** Whether some tape records on the current thread (accumulators do not count: this is TensorFlow's
     * {@code CouldBackprop}, which decides whether {@code watch} has an effect). */
    public static boolean isActive() {
        return RECORDING.get() != 0 && STATE.get().tapes != 0;
    }

    /** Whether some tape or accumulator records on the current thread: the check every op makes. */
    public static boolean hasRecorders() {
        return RECORDING.get() != 0 && !STATE.get().list.isEmpty();
    }

    /** Whether some forward accumulator records on the current thread. */
    public static boolean accumulating() {
        return RECORDING.get() != 0 && STATE.get().accumulators != 0;
    }

    /** Starts recording {@code t} on the current thread, innermost. */
    public static void push(Tape t) {
        Recorders r = STATE.get();
        r.list.add(t);
        r.tapes++;
        RECORDING.incrementAndGet();
    }

    /** Stops recording {@code t} on the current thread; false if it was not recording here. */
    public static boolean pop(Tape t) {
        Recorders r = STATE.get();
        if (remove(r.list, t)) {
            r.tapes--;
            return true;
        }
        return false;
    }

    /** Starts recording {@code a} on the current thread, innermost. */
    public static void push(Accumulator a) {
        Recorders r = STATE.get();
        r.list.add(a);
        r.accumulators++;
        RECORDING.incrementAndGet();
    }

    /** Stops recording {@code a} on the current thread; false if it was not recording here. */
    public static boolean pop(Accumulator a) {
        Recorders r = STATE.get();
        if (remove(r.list, a)) {
            r.accumulators--;
            return true;
        }
        return false;
    }

    private static boolean remove(ArrayList<Object> list, Object o) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == o) {
                list.remove(i);
                RECORDING.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} records on the current thread. */
    public static boolean isRecording(Tape t) {
        return RECORDING.get() != 0 && STATE.get().list.contains(t);
    }

    /** Whether {@code a} records on the current thread. */
    public static boolean isRecording(Accumulator a) {
        return RECORDING.get() != 0 && STATE.get().list.contains(a);
    }

    /** A snapshot of the tapes recording on the current thread, oldest first. */
    public static List<Tape> active() {
        if (RECORDING.get() == 0) {
            return List.of();
        }
        ArrayList<Tape> tapes = new ArrayList<>();
        for (Object o : STATE.get().list) {
            if (o instanceof Tape) {
                tapes.add((Tape) o);
            }
        }
        return List.copyOf(tapes);
    }

    /** Step 1: the position of the first busy accumulator, or the list's size. */
    private static int limit(Recorders r) {
        ArrayList<Object> list = r.list;
        int n = list.size();
        if (r.accumulators == 0) {
            return n;
        }
        for (int i = 0; i < n; i++) {
            Object o = list.get(i);
            if (o instanceof Accumulator && ((Accumulator) o).busy) {
                return i;
            }
        }
        return n;
    }

    /** The private tape of the busy accumulator at {@code limit}, if it is transposing; else null. */
    private static Tape transposeTape(Recorders r, int limit) {
        return limit < r.list.size() ? ((Accumulator) r.list.get(limit)).transposeTape : null;
    }

    /**
     * Reads a variable. Tapes before the limit that watch accessed variables watch it first if it is trainable,
     * whatever its dtype (TensorFlow's {@code variable_accessed} checks no dtype: an integer variable is listed by
     * {@code watchedVariables()} but never recorded, so it never gets a gradient); then, for a floating variable,
     * each one that tracks it records an identity from the handle to a fresh tensor holding the value read, and
     * each accumulator before the limit that has a tangent for it gives that tensor the same tangent.
     */
    public static Tensor readVariable(Variable v) {
        return readVariable(v, TensorAccess.currentValue(v));
    }

    /** {@link #readVariable(Variable)} of a value already taken from the variable (an op's input). */
    public static Tensor readVariable(Variable v, Tensor value) {
        if (RECORDING.get() == 0) {
            return value;
        }
        Recorders r = STATE.get();
        ArrayList<Object> list = r.list;
        if (list.isEmpty()) {
            return value;
        }
        int limit = limit(r);
        boolean floating = v.dtype().isFloating();
        TapeEntry e = null;
        for (int i = 0; i < limit; i++) {
            if (list.get(i) instanceof Tape) {
                Tape t = (Tape) list.get(i);
                if (t.watchAccessedVariables && v.trainable()) {
                    t.watch(v);
                }
                if (floating && t.tracks(v)) { // a trainable integer variable is watched, never recorded
                    e = e != null ? e : readEntry(v, value);
                    t.record(e);
                }
            }
        }
        Tape transpose = transposeTape(r, limit);
        if (floating && transpose != null && transpose.tracks(v)) {
            e = e != null ? e : readEntry(v, value);
            transpose.record(e);
        }
        if (floating && r.accumulators != 0) {
            for (int i = 0; i < limit; i++) {
                if (list.get(i) instanceof Accumulator && ((Accumulator) list.get(i)).tracks(v)) {
                    e = e != null ? e : readEntry(v, value);
                    ((Accumulator) list.get(i)).read(v, e.output());
                }
            }
        }
        return e == null ? value : e.output();
    }

    private static TapeEntry readEntry(Variable v, Tensor value) {
        Tensor read = TensorAccess.make(value.dtype(), value.shape(), TensorAccess.data(value));
        return new TapeEntry(Primitive.READ_VARIABLE, null, new Tensor[] {v}, read);
    }

    /** Offers an executed op to the recorders of this thread, by the algorithm in the class comment. */
    public static void record(Primitive p, Params params, Tensor[] inputs, Tensor out) {
        Recorders r = STATE.get();
        ArrayList<Object> list = r.list;
        int limit = limit(r);
        TapeEntry e = null;
        if (r.tapes != 0) {
            for (int i = 0; i < limit; i++) {
                if (list.get(i) instanceof Tape) {
                    Tape t = (Tape) list.get(i);
                    if (t.shouldRecord(inputs)) {
                        e = e != null ? e : new TapeEntry(p, params, inputs, out);
                        t.record(e);
                    }
                }
            }
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
            if (o instanceof Accumulator) {
                e = e != null ? e : new TapeEntry(p, params, inputs, out);
                ((Accumulator) o).accumulate(e);
            }
        }
    }
}
