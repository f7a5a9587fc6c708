package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;

import io.gradtape.internal.ops.Primitive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reverse-mode differentiation over one tape (TensorFlow's {@code ComputeGradient}).
 *
 * <ol>
 *   <li><b>Reach</b>: walk the entries forward from the sources the tape tracks (watched, or made by a recorded
 *       op; an untracked source gets no gradient, as in TensorFlow, since only some of its uses were recorded) and
 *       mark every floating tensor that depends on one. Only inputs so marked get a gradient computed; everything else would be thrown away. The walk
 *       keeps, per entry, a bit mask of its inputs so marked (the sweep's {@code needed}; an entry none of whose
 *       inputs is marked is skipped by the sweep without looking at its tensors), and for a one-shot tape writes
 *       the record's skeleton ({@link Tape#skeleton()}) in the same loop.</li>
 *   <li><b>Seed</b>: each target gets its output gradient if one is given, otherwise {@code ones} if it is on
 *       the tape or is itself a source (a target listed twice is seeded twice). A non-scalar target therefore
 *       differentiates the sum of its elements, and several targets the sum of the targets.</li>
 *   <li><b>Sweep</b>: walk the entries in reverse execution order. An entry whose output has a gradient
 *       {@code g} asks {@link VjpRules} for its inputs' gradients, reduces each to its input's shape with
 *       {@link Unbroadcast#sumTo}, and adds it to that input's gradient. A user's custom-gradient rule is called
 *       once per row when the cotangent carries a batch (a Jacobian sweep): it was written for the value's
 *       shape. Rules run public ops, so any tape still
 *       recording (an outer tape, or this one if persistent and inside its context) records the backward pass,
 *       which is what makes higher derivatives work.</li>
 *   <li><b>Collect</b>: each source gets its accumulated gradient, or null (zeros if asked) when no path
 *       reached it.</li>
 * </ol>
 * For a one-shot tape each entry is released as soon as the sweep passes it, so saved activations become garbage
 * during the call.
 *
 * <p>Cost (the 10,000-op scalar chain of ScalarChainBench, about 36 ns of each entry's 68-76 ns being the ops the
 * rules run): the masks replaced a second lookup of every input and output in the reach set during the sweep,
 * writing the skeleton in the reach loop replaced a second walk over each entry's inputs, the skeleton is kept
 * untrimmed (no 320 KB copy per call), and the gradient map is probed once per use ({@link LongMap#take},
 * {@link LongMap#putIfAbsent}) instead of twice: 76.3 -> 67.6 ns of CPU per entry (p10 over 5,600 calls of
 * each, alternated in one JVM, load 5), 239 -> 189 bytes allocated per entry.
 *
 * <p>Shape for the JIT: a call's state is an object, each phase ({@link #reach()}, the sweep) is a method with one loop
 * over the entries, and each entry's work is a method of its own ({@link #reach(TapeEntry, LongSet, long[], int)},
 * {@link #sweep(TapeEntry, int, Tensor)}). C2 compiles a method whose loops run many times per call (its back-edge
 * count past 40,000 before 600 calls) on the stack (OSR), once for each loop it is caught in, and then whole as well.
 * With every loop in {@code gradient} (the reach walk's inner loop over each entry's inputs included) a training step's
 * gradient made about 82 back-edges per call (the tiny MLP's 18 entries): WarmCold mixed 2 under load
 * (-XX:+LogCompilation, 2026-12-03) compiled it on the stack at 1-4 loops after the MNIST MLP had started, 14-44 KB
 * each (sweep and its rules inlined) and 0.4-2.7 s of the one C2 thread's time, then whole. Split, no method makes more
 * back-edges per call than the tape has entries, and the log shows no OSR compile of Backprop.
 */
public final class Backprop {
    /** The bit of {@code need[i]} saying some input beyond the 31st is reached: the sweep asks the reach set. */
    private static final int NEED_ALL = Integer.MIN_VALUE;

    // One call's state: each phase below is a method with one loop over the entries, and each entry's work is a
    // method of its own (see the class comment's last paragraph).
    private final ArrayList<TapeEntry> entries;
    private final int n;
    /** Floating tensors that depend on a source (the sources included). */
    private final LongSet reach = new LongSet();
    private final LongSet sourceIds = new LongSet();
    /** Per entry, its reached inputs (bit j for input j; {@link #NEED_ALL} beyond the 31st); 0: not swept. */
    private final int[] need;
    /** The one-shot tape's skeleton being written (null for a persistent tape), and its length so far. */
    private long[] skeleton;
    private int sk;
    private final LongMap<Tensor> grads = new LongMap<>();
    /** The needed flags of entries of 1..3 inputs, reused from entry to entry. */
    private final boolean[][] neededOf = new boolean[4][];
    private final java.util.Map<Long, Tensor> adjoints;

    private Backprop(ArrayList<TapeEntry> entries, boolean release, java.util.Map<Long, Tensor> adjoints) {
        this.entries = entries;
        this.n = entries.size();
        this.need = new int[n];
        this.skeleton = release ? new long[4 * n] : null;
        this.adjoints = adjoints;
    }

    /**
     * The gradients of the sum of {@code targets} (weighted by {@code seeds}, null entries meaning ones) with
     * respect to each source.
     *
     * @param release drop entries as the sweep passes them (one-shot tapes)
     * @param zeros   give zeros instead of null for an unconnected source
     */
    public static Tensor[] gradient(Tape tape, Tensor[] targets, Tensor[] sources, Tensor[] seeds, boolean zeros, boolean release) {
        return gradient(tape, targets, sources, seeds, zeros, release, null);
    }

    /**
     * {@link #gradient}, also handing every cotangent of the sweep to {@code adjoints} (tensor id to the full
     * gradient that flowed into it: an op's output when the sweep reaches it, a watched input or source at the
     * end). Only drawings of the tape ask for it; the gradient path passes null and pays one null check per entry.
     */
    public static Tensor[] gradient(Tape tape, Tensor[] targets, Tensor[] sources, Tensor[] seeds, boolean zeros,
                                    boolean release, java.util.Map<Long, Tensor> adjoints) {
        Backprop b = new Backprop(tape.entries, release, adjoints);
        for (Tensor s : sources) {
            long id = TensorAccess.id(s);
            b.sourceIds.add(id);
            // Only a source the tape tracks (watched, or the output of a recorded op) starts the reach: the tape
            // recorded only the ops that read tracked tensors, so an untracked source's recorded uses are some of
            // its uses, and summing them would be a partial gradient. TensorFlow deletes the gradient of a tensor
            // with no associated op and not watched (tape.h, ComputeGradient) and returns None.
            if (tape.tracks(s)) {
                b.reach.add(id);
            }
        }
        b.reach();
        for (int i = 0; i < targets.length; i++) {
            Tensor t = targets[i];
            Tensor seed = seeds == null ? null : seeds[i];
            if (seed == null && (tape.tracks(t) || b.sourceIds.contains(TensorAccess.id(t)))) {
                seed = Tensors.onesLike(t);
            }
            if (seed != null) {
                accumulate(b.grads, TensorAccess.id(t), seed);
            }
        }
        if (release) {
            b.keepSkeleton(tape);
        }
        b.sweep(release);
        if (adjoints != null) {
            b.leftOver(sources);
        }
        if (release) {
            tape.entries.clear();
        }
        Tensor[] result = new Tensor[sources.length];
        for (int i = 0; i < sources.length; i++) {
            Tensor g = b.grads.getOutOfLine(TensorAccess.id(sources[i])); // see getOutOfLine
            result[i] = g != null ? g : zeros ? Tensors.zerosLike(sources[i]) : null;
        }
        return result;
    }

    /**
     * Reach, in one pass that also writes the skeleton: {@code need[i]} has bit j set when input j of entry i is
     * floating and reached (the sweep's "needed"; {@link #NEED_ALL} for an entry of more than 31 inputs, whose
     * sweep asks the reach set itself). An input is made before the entry that reads it and an output is always a
     * fresh tensor, so the reach set at entry i already holds everything it will ever hold about i's inputs.
     */
    private void reach() {
        ArrayList<TapeEntry> entries = this.entries;
        int[] need = this.need;
        LongSet reach = this.reach;
        long[] s = skeleton;
        int k = 0;
        for (int i = 0; i < n; i++) {
            TapeEntry e = entries.get(i);
            if (s != null) {
                int end = k + 2 + e.inputs().length;
                if (end > s.length) {
                    s = Arrays.copyOf(s, Math.max(end, s.length * 2));
                }
                need[i] = reach(e, reach, s, k);
                k = end;
            } else {
                need[i] = reach(e, reach, null, 0);
            }
        }
        skeleton = s;
        sk = k;
    }

    /**
     * {@link #reach()}'s step for one entry: writes its skeleton at {@code s[k]} (unless {@code s} is null),
     * returns its mask and marks its output if reached. Static, with the loop's state in arguments: as an instance
     * method that kept the skeleton's length in a field, the 10,000-op chain's gradient took 1-3 ns more per entry.
     */
    private static int reach(TapeEntry e, LongSet reach, long[] s, int k) {
        Tensor[] in = e.inputs();
        Tensor out = e.output();
        long outId = TensorAccess.id(out);
        if (s != null) {
            s[k] = outId;
            s[k + 1] = Tape.skeletonHead(e.op(), out, in.length);
        }
        int mask = 0;
        for (int j = 0; j < in.length; j++) {
            Tensor t = in[j];
            long id = TensorAccess.id(t);
            boolean floating = t.dtype().isFloating();
            if (s != null) {
                s[k + 2 + j] = floating ? id : -id;
            }
            if (floating && reach.contains(id)) {
                mask |= j < 31 ? 1 << j : NEED_ALL;
            }
        }
        if (mask != 0) {
            reach.add(outId);
        }
        return mask;
    }

    /** Hands the one-shot tape its skeleton, with any entries recorded while seeding: explain reads it later. */
    private void keepSkeleton(Tape tape) {
        for (int i = n; i < entries.size(); i++) { // recorded while seeding, if the tape still records
            skeleton = Tape.appendSkeleton(skeleton, sk, entries.get(i));
            sk += 2 + entries.get(i).inputs().length;
        }
        tape.keepSkeleton(skeleton, sk); // explain still sees the structure after the release
    }

    /** The sweep over the entries in reverse execution order, releasing each as it passes (one-shot tapes). */
    private void sweep(boolean release) {
        ArrayList<TapeEntry> entries = this.entries;
        int[] need = this.need;
        int i = n;
        while (i != 0) { // not for (i = n - 1; i >= 0; i--): see TapeStack.prune
            i--;
            TapeEntry e = entries.get(i);
            if (release) {
                entries.set(i, null);
            }
            int mask = need[i];
            if (mask != 0) {
                // a source keeps its gradient (asked for at the end); any other output's is used up here. Taken
                // here, not in sweep(e, mask, g): an output no gradient reached (the MNIST MLP's max inside
                // logSoftmax, cut by stopGradient) was new to a JVM that had trained the tiny MLP, and its branches
                // (here and in LongMap.take) trapped in WarmCold mixed 2 (-XX:+LogCompilation); in sweep they threw
                // away its 14 KB of C2 code (158 ms to compile again), here this loop's 1 KB
                long outId = TensorAccess.id(e.output());
                Tensor g = sourceIds.contains(outId) ? grads.get(outId) : grads.take(outId);
                if (g != null) {
                    sweep(e, mask, g);
                }
            } else if (adjoints != null) { // no input reached: only a source's gradient passes by
                passBy(e);
            }
        }
    }

    /** An entry none of whose inputs is reached, under a drawing: hands on a source's gradient at its output. */
    private void passBy(TapeEntry e) {
        long outId = TensorAccess.id(e.output());
        Tensor g = sourceIds.contains(outId) ? grads.get(outId) : null;
        if (g != null) {
            adjoints.put(outId, g);
        }
    }

    /** For a drawing, what the sweep left: the gradients of watched inputs and sources. */
    private void leftOver(Tensor[] sources) {
        for (int i = 0; i < n; i++) {
            TapeEntry e = entries.get(i);
            for (Tensor in : e == null ? new Tensor[0] : e.inputs()) {
                Tensor g = grads.get(TensorAccess.id(in));
                if (g != null) {
                    adjoints.putIfAbsent(TensorAccess.id(in), g);
                }
            }
        }
        for (Tensor s : sources) {
            Tensor g = grads.get(TensorAccess.id(s));
            if (g != null) {
                adjoints.putIfAbsent(TensorAccess.id(s), g);
            }
        }
    }

    /**
     * The sweep's step for entry {@code e} with a reached input ({@code mask = need[i]}) and its output's gradient
     * {@code g}: runs its rule and adds each needed input's gradient. A method of its own, not the loop's body,
     * so that the JIT compiles the rules it inlines once: as the body of {@code gradient}'s loop they were
     * compiled twice, on-stack (1.47 s) and whole (1.81 s of C2 time, 102-106 KB of code, measured by
     * -XX:+PrintCompilation in WarmCold's mixed run), and the single C2 thread of a 2-core machine was busy
     * with them through the MLP's first 100 steps while the waiting vector kernels ran at lower tiers.
     */
    private void sweep(TapeEntry e, int mask, Tensor g) {
        Tensor out = e.output();
        if (adjoints != null) {
            adjoints.put(TensorAccess.id(out), g);
        }
        Tensor[] in = e.inputs();
        boolean[] needed;
        if (in.length < neededOf.length) {
            needed = neededOf[in.length];
            if (needed == null) {
                needed = neededOf[in.length] = new boolean[in.length];
            }
        } else {
            needed = new boolean[in.length];
        }
        for (int j = 0; j < in.length; j++) {
            needed[j] = j < 31 ? (mask & 1 << j) != 0
                    : mask < 0 && in[j].dtype().isFloating() && reach.contains(TensorAccess.id(in[j]));
        }
        int batchRank = g.rank() - out.rank();
        Tensor[] local = e.op() == Primitive.CUSTOM && batchRank > 0
                ? customRowByRow(e, g, needed) : VjpRules.vjp(e, g, needed);
        for (int j = 0; j < in.length; j++) {
            // local[j] first: a rule gives null for the inputs it was told are not needed (a constant operand),
            // so every program's profile has seen that branch taken before a rule gives null for a needed input
            // (stopGradient, inside logSoftmax). Tested the other way round, the MNIST MLP's first step after the
            // tiny MLP (WarmCold mixed 2, -XX:+LogCompilation) trapped here (unstable_if) and C2 compiled this
            // method again (15 KB, 254 ms).
            if (local[j] != null && needed[j]) {
                accumulate(grads, TensorAccess.id(in[j]), Unbroadcast.sumTo(local[j], in[j].shape(), batchRank));
            }
        }
    }

    /**
     * A user's custom-gradient rule under a batched cotangent (a Jacobian sweep): the rule was written for a
     * cotangent of the value's shape (it may name axes, reshape or fully reduce), so it is called once per row of
     * the batch and the results are stacked. A row where the rule gives null for an input counts as zeros, unless
     * every row does.
     */
    private static Tensor[] customRowByRow(TapeEntry e, Tensor g, boolean[] needed) {
        Tensor[] in = e.inputs();
        int[] outDims = e.output().shape().dims();
        int k = g.rank() - outDims.length;
        int[] batch = Arrays.copyOf(g.shape().dims(), k);
        int rows = 1;
        for (int d : batch) {
            rows *= d;
        }
        int[] flatDims = new int[outDims.length + 1];
        flatDims[0] = rows;
        System.arraycopy(outDims, 0, flatDims, 1, outDims.length);
        Tensor flat = Tensors.reshape(g, flatDims);
        Tensor[][] parts = new Tensor[in.length][rows];
        boolean[] any = new boolean[in.length];
        int[] begin = new int[flatDims.length];
        int[] size = flatDims.clone();
        size[0] = 1;
        for (int r = 0; r < rows; r++) {
            begin[0] = r;
            Tensor row = Tensors.reshape(Tensors.slice(flat, begin, size), outDims);
            Tensor[] local = VjpRules.vjp(e, row, needed);
            for (int j = 0; j < in.length; j++) {
                parts[j][r] = local[j];
                any[j] |= local[j] != null;
            }
        }
        Tensor[] result = new Tensor[in.length];
        for (int j = 0; j < in.length; j++) {
            int[] inDims = in[j].shape().dims();
            int[] shape = Arrays.copyOf(batch, k + inDims.length);
            System.arraycopy(inDims, 0, shape, k, inDims.length);
            if (rows == 0) {
                result[j] = needed[j] ? Tensors.zeros(in[j].dtype(), shape) : null;
                continue;
            }
            if (!any[j]) {
                continue;
            }
            List<Tensor> stacked = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                stacked.add(parts[j][r] != null ? parts[j][r] : Tensors.zerosLike(in[j]));
            }
            result[j] = Tensors.reshape(Tensors.stack(stacked, 0), shape);
        }
        return result;
    }

    private static void accumulate(LongMap<Tensor> grads, long id, Tensor g) {
        Tensor prev = grads.putIfAbsent(id, g);
        if (prev != null) {
            grads.put(id, Tensors.add(prev, g));
        }
    }
}
