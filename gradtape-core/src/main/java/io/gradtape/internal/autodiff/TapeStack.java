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
 * The tapes recording on each thread, in the order they started (TensorFlow's thread-local tape set). An op run
 * on a thread is offered to that thread's tapes only, so many threads can record at once, each on its own
 * tapes. A global count of recording tapes lets an op skip the thread-local lookup entirely when no tape
 * records anywhere: that is the whole cost of autodiff for code that does not use it.
 */
public final class TapeStack {
    private static final AtomicInteger RECORDING = new AtomicInteger();
    private static final ThreadLocal<ArrayList<Tape>> STACK = ThreadLocal.withInitial(ArrayList::new);

    private TapeStack() {
    }

    /** Whether some tape records on the current thread. */
    public static boolean isActive() {
        return RECORDING.get() != 0 && !STACK.get().isEmpty();
    }

    /** Starts recording {@code t} on the current thread. */
    public static void push(Tape t) {
        STACK.get().add(t);
        RECORDING.incrementAndGet();
    }

    /** Stops recording {@code t} on the current thread; false if it was not recording here. */
    public static boolean pop(Tape t) {
        ArrayList<Tape> s = STACK.get();
        for (int i = s.size() - 1; i >= 0; i--) {
            if (s.get(i) == t) {
                s.remove(i);
                RECORDING.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} records on the current thread. */
    public static boolean isRecording(Tape t) {
        return RECORDING.get() != 0 && STACK.get().contains(t);
    }

    /** A snapshot of the tapes recording on the current thread, oldest first. */
    public static List<Tape> active() {
        return RECORDING.get() == 0 ? List.of() : List.copyOf(STACK.get());
    }

    /**
     * Reads a variable. Tapes that watch accessed variables watch it first if it is trainable; then each tape
     * that tracks it records an identity from the handle to a fresh tensor holding the value read.
     */
    public static Tensor readVariable(Variable v) {
        Tensor value = TensorAccess.currentValue(v);
        if (!isActive()) {
            return value;
        }
        ArrayList<Tape> tapes = STACK.get();
        TapeEntry e = null;
        for (int i = 0; i < tapes.size(); i++) {
            Tape t = tapes.get(i);
            if (t.watchAccessedVariables && v.trainable()) {
                t.watch(v);
            }
            if (v.dtype().isFloating() && t.tracks(v)) { // a trainable integer variable is watched, never recorded
                if (e == null) {
                    Tensor read = TensorAccess.make(value.dtype(), value.shape(), TensorAccess.data(value));
                    e = new TapeEntry(Primitive.READ_VARIABLE, null, new Tensor[] {v}, read);
                }
                t.record(e);
            }
        }
        return e == null ? value : e.output();
    }

    /** Offers an executed op to every tape recording on this thread. */
    public static void record(Primitive p, Params params, Tensor[] inputs, Tensor out) {
        ArrayList<Tape> tapes = STACK.get();
        TapeEntry e = null;
        for (int i = 0; i < tapes.size(); i++) {
            Tape t = tapes.get(i);
            if (t.shouldRecord(inputs)) {
                if (e == null) {
                    e = new TapeEntry(p, params, inputs, out);
                }
                t.record(e);
            }
        }
    }
}
