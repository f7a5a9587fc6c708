package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;

import java.util.ArrayList;

/**
 * Reverse-mode differentiation over one tape (TensorFlow's {@code ComputeGradient}).
 *
 * <ol>
 *   <li><b>Reach</b>: walk the entries forward from the sources and mark every floating tensor that depends on a
 *       source. Only inputs so marked get a gradient computed; everything else would be thrown away.</li>
 *   <li><b>Seed</b>: each target gets its output gradient if one is given, otherwise {@code ones} if it is on
 *       the tape or is itself a source (a target listed twice is seeded twice). A non-scalar target therefore
 *       differentiates the sum of its elements, and several targets the sum of the targets.</li>
 *   <li><b>Sweep</b>: walk the entries in reverse execution order. An entry whose output has a gradient
 *       {@code g} asks {@link VjpRules} for its inputs' gradients, reduces each to its input's shape with
 *       {@link Unbroadcast#sumTo}, and adds it to that input's gradient. Rules run public ops, so any tape still
 *       recording (an outer tape, or this one if persistent and inside its context) records the backward pass,
 *       which is what makes higher derivatives work.</li>
 *   <li><b>Collect</b>: each source gets its accumulated gradient, or null (zeros if asked) when no path
 *       reached it.</li>
 * </ol>
 * For a one-shot tape each entry is released as soon as the sweep passes it, so saved activations become garbage
 * during the call.
 */
public final class Backprop {
    private Backprop() {
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
        ArrayList<TapeEntry> entries = tape.entries;
        int n = entries.size();
        LongSet reach = new LongSet();
        for (Tensor s : sources) {
            reach.add(TensorAccess.id(s));
        }
        for (int i = 0; i < n; i++) {
            TapeEntry e = entries.get(i);
            for (Tensor in : e.inputs()) {
                if (in.dtype().isFloating() && reach.contains(TensorAccess.id(in))) {
                    reach.add(TensorAccess.id(e.output()));
                    break;
                }
            }
        }

        LongMap<Tensor> grads = new LongMap<>();
        LongSet sourceIds = new LongSet();
        for (Tensor s : sources) {
            sourceIds.add(TensorAccess.id(s));
        }
        for (int i = 0; i < targets.length; i++) {
            Tensor t = targets[i];
            Tensor seed = seeds == null ? null : seeds[i];
            if (seed == null && (tape.tracks(t) || sourceIds.contains(TensorAccess.id(t)))) {
                seed = Tensors.onesLike(t);
            }
            if (seed != null) {
                accumulate(grads, TensorAccess.id(t), seed);
            }
        }

        for (int i = n - 1; i >= 0; i--) {
            TapeEntry e = entries.get(i);
            if (release) {
                entries.set(i, null);
            }
            long outId = TensorAccess.id(e.output());
            if (!reach.contains(outId)) {
                continue;
            }
            Tensor g = grads.get(outId);
            if (g == null) {
                continue;
            }
            if (adjoints != null) {
                adjoints.put(outId, g);
            }
            if (!sourceIds.contains(outId)) {
                grads.remove(outId);
            }
            Tensor[] in = e.inputs();
            boolean[] needed = new boolean[in.length];
            boolean any = false;
            for (int j = 0; j < in.length; j++) {
                needed[j] = in[j].dtype().isFloating() && reach.contains(TensorAccess.id(in[j]));
                any |= needed[j];
            }
            if (!any) {
                continue;
            }
            Tensor[] local = VjpRules.vjp(e, g, needed);
            for (int j = 0; j < in.length; j++) {
                if (needed[j] && local[j] != null) {
                    int batchRank = g.rank() - e.output().rank();
                    accumulate(grads, TensorAccess.id(in[j]), Unbroadcast.sumTo(local[j], in[j].shape(), batchRank));
                }
            }
        }
        if (adjoints != null) { // what is left: watched inputs and sources
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
        if (release) {
            entries.clear();
        }

        Tensor[] result = new Tensor[sources.length];
        for (int i = 0; i < sources.length; i++) {
            Tensor g = grads.get(TensorAccess.id(sources[i]));
            result[i] = g != null ? g : zeros ? Tensors.zerosLike(sources[i]) : null;
        }
        return result;
    }

    private static void accumulate(LongMap<Tensor> grads, long id, Tensor g) {
        Tensor prev = grads.get(id);
        grads.put(id, prev == null ? g : Tensors.add(prev, g));
    }

    /**
     * The Jacobian of {@code target} with respect to each source, column by column, for sources much smaller than
     * the target: forward mode without forward rules. The vector-Jacobian product {@code v(u) = J^T u} is linear
     * in {@code u}; one sweep computes it for a watched {@code u} while a private tape records that sweep, and a
     * second sweep over the private tape, its cotangents batched over the {@code n} one-hot directions of a
     * source, gives {@code d<v(u), e_k>/du = J e_k}: all {@code n} columns at once, on tensors {@code n} (not
     * {@code target.size()}) times larger than the recorded ones.
     *
     * @return per source, {@code [n_i, target.shape...]} (row {@code k} is column {@code k} of the Jacobian), or
     *         null when the source is not connected
     */
    public static Tensor[] jacobianColumns(Tape tape, Tensor target, Tensor[] sources, boolean release) {
        Tape linear = new Tape(false, false);
        Tensor u = Tensors.onesLike(target);
        linear.watch(u);
        Tensor[] vjp;
        TapeStack.push(linear);
        try {
            vjp = gradient(tape, new Tensor[] {target}, sources, new Tensor[] {u}, false, release);
        } finally {
            TapeStack.pop(linear);
        }
        Tensor[] columns = new Tensor[sources.length];
        for (int i = 0; i < sources.length; i++) {
            if (vjp[i] == null) {
                continue;
            }
            Tensor s = sources[i];
            int n = s.size();
            Tensor seed = identityRows(s, 0, n, s.shape().dims());
            Tensor c = gradient(linear, new Tensor[] {vjp[i]}, new Tensor[] {u}, new Tensor[] {seed}, false,
                    i == sources.length - 1)[0];
            if (c == null) { // J^T u does not depend on u: the Jacobian is zero
                int[] zeros = new int[target.rank() + 1];
                zeros[0] = n;
                System.arraycopy(target.shape().dims(), 0, zeros, 1, target.rank());
                c = Tensors.zeros(target.dtype(), zeros);
            }
            columns[i] = c;
        }
        return columns;
    }

    /**
     * Rows {@code r0 .. r0+rows} of the identity over {@code like}'s elements, in its dtype, shaped
     * {@code [rows, dims...]}: the one-hot seeds of a batched sweep.
     */
    public static Tensor identityRows(Tensor like, int r0, int rows, int[] dims) {
        int m = like.size();
        int[] shape = new int[dims.length + 1];
        shape[0] = rows;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        if (like.dtype() == io.gradtape.DType.FLOAT32) {
            float[] eye = new float[rows * m];
            for (int r = 0; r < rows; r++) {
                eye[r * m + r0 + r] = 1;
            }
            return Tensors.constant(eye, shape);
        }
        double[] eye = new double[rows * m];
        for (int r = 0; r < rows; r++) {
            eye[r * m + r0 + r] = 1;
        }
        Tensor seed = Tensors.constant(eye, shape);
        return like.dtype() == io.gradtape.DType.FLOAT64 ? seed : Tensors.cast(seed, like.dtype());
    }

    /** The number of elements of the largest tensor recorded on the tape (sizes a batched sweep's memory). */
    public static int largestRecorded(Tape tape) {
        int max = 1;
        for (TapeEntry e : tape.entries) {
            if (e != null) {
                max = Math.max(max, e.output().size());
            }
        }
        return max;
    }
}
