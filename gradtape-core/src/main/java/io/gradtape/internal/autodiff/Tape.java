package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The bookkeeping of one recording, after TensorFlow's {@code tape.h}; no math happens here.
 *
 * <p>Terms: an <em>op</em> is one recorded primitive application ({@link TapeEntry}); a tensor is
 * <em>tracked</em> (on the tape) when it was watched or produced by a recorded op. The recording rule: an op is
 * recorded when at least one input is tracked and has a floating dtype; its output then becomes tracked,
 * whatever its dtype. Entries are kept in execution order, which reversed is a valid reverse topological order
 * for the backward sweep. Variables are tracked by their handle id and remembered, sorted by creation, for
 * {@code watchedVariables()}. A tape belongs to the thread that records on it and is not thread-safe.
 */
public final class Tape {
    final boolean persistent;
    final boolean watchAccessedVariables;
    private final LongSet tracked = new LongSet();
    final ArrayList<TapeEntry> entries = new ArrayList<>();
    /**
     * Watched variables in the order of their first watch, sorted by id (creation) when asked for: a tape of a
     * training step watches every variable once, and a sorted map's boxed keys and nodes cost about 60 ns per
     * variable there (3% of a tiny MLP step in JFR samples).
     */
    private final ArrayList<Variable> watchedVariables = new ArrayList<>();
    /** What the tensors on this tape carry, so that other threads can tell (see {@link TapeStack}). */
    final TapeStack.Mark mark = new TapeStack.Mark();
    /**
     * The weak reference by which variables whose storage this tape may hold remember it (their lease): one per
     * tape instead of one per variable read (six per tiny MLP step, each also work for the collector).
     */
    private final WeakReference<Tape> lease = new WeakReference<>(this);

    public Tape(boolean persistent, boolean watchAccessedVariables) {
        this.persistent = persistent;
        this.watchAccessedVariables = watchAccessedVariables;
    }

    /** A weak reference to this tape, the same one on every call. */
    public WeakReference<Tape> lease() {
        return lease;
    }

    /** Puts a tensor on the tape (for a variable, its handle). Watching twice is a no-op. */
    public void watch(Tensor t) {
        long id = TensorAccess.id(t);
        // a variable is re-watched on every read: only its first watch pays for the mark and the list
        if (tracked.add(id)) {
            TensorAccess.setOrigin(t, mark);
            if (t instanceof Variable) {
                watchedVariables.add((Variable) t); // once per variable: its id was not tracked yet
            }
        }
    }

    /** Whether the tensor is on the tape. */
    public boolean tracks(Tensor t) {
        return tracked.contains(TensorAccess.id(t));
    }

    /** The recording rule: some input is tracked and floating. */
    boolean shouldRecord(Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t.dtype().isFloating() && tracked.contains(TensorAccess.id(t))) {
                return true;
            }
        }
        return false;
    }

    void record(TapeEntry e) {
        entries.add(e);
        tracked.add(TensorAccess.id(e.output()));
    }

    /**
     * The structure of the record without its tensors, for {@code explain}: per entry, the output id, then
     * {@code op ordinal << 40 | output dtype ordinal << 32 | input count}, then each input's id (negated for a
     * non-floating input). Kept when a one-shot gradient releases the entries; null until then.
     */
    private long[] released;
    /** How much of {@link #released} is written (trimmed on the first {@link #skeleton()} call). */
    private int releasedLength;

    /**
     * Keeps the first {@code length} longs of {@code s} as the structure of the record (see {@link #skeleton()})
     * before its entries are released: the backward sweep writes it in the reach loop over the entries it makes
     * anyway, which halved its cost against two more passes of its own (15% of a one-shot gradient over a
     * 10,000-op chain). It is trimmed only if explain asks for it.
     */
    void keepSkeleton(long[] s, int length) {
        released = s;
        releasedLength = length;
    }

    /** The structure of the record: built from the entries, or the one kept when they were released. */
    long[] skeleton() {
        if (released != null) {
            if (released.length != releasedLength) {
                released = java.util.Arrays.copyOf(released, releasedLength);
            }
            return released;
        }
        long[] s = new long[0];
        int k = 0;
        for (TapeEntry e : entries) {
            if (e != null) {
                s = appendSkeleton(s, k, e);
                k += 2 + e.inputs().length;
            }
        }
        return java.util.Arrays.copyOf(s, k);
    }

    /**
     * Writes the skeleton of {@code e} (its output id, {@code op << 40 | dtype << 32 | input count}, the input ids)
     * into {@code s} at {@code k}, in a grown copy of {@code s} when it does not fit; returns the array written.
     */
    static long[] appendSkeleton(long[] s, int k, TapeEntry e) {
        Tensor[] in = e.inputs();
        if (k + 2 + in.length > s.length) {
            s = java.util.Arrays.copyOf(s, Math.max(k + 2 + in.length, s.length * 2 + 16));
        }
        s[k++] = TensorAccess.id(e.output());
        s[k++] = skeletonHead(e.op(), e.output(), in.length);
        for (Tensor t : in) {
            long id = TensorAccess.id(t);
            s[k++] = t.dtype().isFloating() ? id : -id;
        }
        return s;
    }

    /**
     * The second long of an entry's skeleton: {@code op << 40 | output dtype << 32 | input count}, the count in 32
     * bits (a concat may have hundreds of inputs; 8 bits made explain misread the record past the 255th).
     */
    static long skeletonHead(io.gradtape.internal.ops.Primitive op, Tensor out, int inputs) {
        return (long) op.ordinal() << 40 | (long) out.dtype().ordinal() << 32 | inputs;
    }

    /** Variables watched, explicitly or on read, in order of creation. */
    public List<Variable> watchedVariables() {
        Variable[] v = watchedVariables.toArray(new Variable[0]);
        java.util.Arrays.sort(v, java.util.Comparator.comparingLong(TensorAccess::id));
        return List.of(v);
    }

    /** The recorded entries in execution order, read-only (for drawings of the tape). */
    public List<TapeEntry> entries() {
        return java.util.Collections.unmodifiableList(entries);
    }

    /** The number of recorded ops (for tests and diagnostics). */
    public int size() {
        return entries.size();
    }

    public boolean persistent() {
        return persistent;
    }
}
