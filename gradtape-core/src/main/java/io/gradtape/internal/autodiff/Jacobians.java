package io.gradtape.internal.autodiff;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jacobians over one tape, for {@code GradientTape.jacobian} and {@code batchJacobian}: which sweeps to run and
 * how to assemble their results.
 *
 * <p>Terms: the Jacobian of a target with {@code m} elements with respect to sources with {@code n} elements in
 * all is an {@code m x n} matrix. A <em>row</em> sweep is one reverse sweep ({@link Backprop#gradient}) whose
 * seed is a block of rows of the identity over the target, carried as a leading batch dimension of every
 * cotangent (TensorFlow's vectorized {@code pfor} default); it gives those rows of the Jacobian for every source.
 * A <em>column</em> sweep ({@link #columns}) gives all {@code n} columns at once by transposing the recorded VJP.
 *
 * <ol>
 *   <li><b>Route</b>: if {@code 0 < 4 n <= m} (a tall Jacobian), columns; otherwise rows.</li>
 *   <li><b>Rows</b>: split the {@code m} rows into chunks of at most {@link #BATCH_ELEMENTS} cotangent elements
 *       per recorded tensor (the largest recorded tensor sets the chunk), one sweep per chunk; a one-shot tape is
 *       released by the last one. Concatenate the chunks and reshape to {@code target.shape + source.shape}.</li>
 *   <li><b>Columns</b>: one sweep at an unbatched, watched seed {@code u} records {@code v(u) = J^T u} on a
 *       private tape; a sweep of that private tape batched over the {@code n} one-hot directions gives
 *       {@code J e_k} for every {@code k}. Transpose to {@code target.shape + source.shape}.</li>
 *   <li><b>Unconnected</b>: a source no sweep reached gets null, or zeros when asked (and always when the target
 *       is empty); so does every source when the tape does not track the target.</li>
 * </ol>
 * A user's custom-gradient rule never sees a batched cotangent: {@link Backprop} calls it once per row of the
 * batch, so a rule written for the value's shape (TensorFlow style, naming axes) gives the right Jacobian.
 */
public final class Jacobians {
    /**
     * At most this many cotangent elements per recorded tensor in one row sweep: 256K floats (1 MB) keep the
     * cotangents of a chunk small enough for the young generation.
     */
    static final int BATCH_ELEMENTS = 1 << 18;

    private Jacobians() {
    }

    /**
     * The Jacobian of {@code target} with respect to each source: {@code target.shape + source.shape}, or null
     * (zeros if {@code zeros}) for an unconnected source.
     *
     * @param release whether the sweeps may release the tape's entries (a one-shot tape)
     */
    public static Tensor[] jacobian(Tape tape, Tensor target, Tensor[] sources, boolean zeros, boolean release) {
        int m = target.size();
        long n = 0;
        for (Tensor s : sources) {
            n += s.size();
        }
        Tensor[] result = new Tensor[sources.length];
        // TensorFlow's jacobian reshapes and gathers the target while recording: a target this tape does not track
        // (not watched, made by no recorded op) gives rows with no recorded path, so every source is unconnected,
        // the target itself included (backprop.py, jacobian; gradient(x, x) seeds ones instead). Nothing to sweep.
        boolean tracked = tape.tracks(target);
        if (tracked && n > 0 && 4 * n <= m) {
            Tensor[] columns = columns(tape, target, sources, release);
            for (int s = 0; s < sources.length; s++) {
                if (columns[s] != null) {
                    Tensor c = Tensors.reshape(columns[s], sources[s].size(), m);
                    result[s] = Tensors.reshape(Tensors.transpose(c), jacobianShape(target, sources[s]));
                }
            }
        } else if (tracked) {
            Tensor[][] parts = rows(tape, target, sources, release);
            for (int s = 0; s < sources.length; s++) {
                List<Tensor> chunks = new ArrayList<>();
                for (Tensor p : parts[s]) {
                    if (p != null) {
                        chunks.add(p);
                    }
                }
                if (m > 0 && chunks.size() == parts[s].length) {
                    Tensor all = chunks.size() == 1 ? chunks.get(0) : Tensors.concat(chunks, 0);
                    result[s] = Tensors.reshape(all, jacobianShape(target, sources[s]));
                }
            }
        }
        for (int s = 0; s < sources.length; s++) {
            if (result[s] == null && (m == 0 || zeros)) {
                result[s] = Tensors.zeros(sources[s].dtype(), jacobianShape(target, sources[s]));
            }
        }
        return result;
    }

    /** Step 2: per source, one gradient per chunk of rows ({@code [rows, source.shape...]}, or null). */
    private static Tensor[][] rows(Tape tape, Tensor target, Tensor[] sources, boolean release) {
        int m = target.size();
        int chunk = Math.max(1, Math.min(m, BATCH_ELEMENTS / largestRecorded(tape)));
        int chunks = m == 0 ? 0 : (m + chunk - 1) / chunk;
        Tensor[][] parts = new Tensor[sources.length][chunks];
        for (int c = 0; c < chunks; c++) {
            int r0 = c * chunk;
            int rows = Math.min(chunk, m - r0);
            Tensor seed = identityRows(target, r0, rows, target.shape().dims());
            Tensor[] g = Backprop.gradient(tape, new Tensor[] {target}, sources, new Tensor[] {seed}, false,
                    release && c == chunks - 1);
            for (int s = 0; s < sources.length; s++) {
                parts[s][c] = g[s];
            }
        }
        return parts;
    }

    /**
     * Step 3: the Jacobian of {@code target} with respect to each source, column by column, for sources much
     * smaller than the target: forward mode without forward rules. The vector-Jacobian product
     * {@code v(u) = J^T u} is linear in {@code u}; one sweep computes it for a watched {@code u} while a private
     * tape records that sweep, and a second sweep over the private tape, its cotangents batched over the
     * {@code n} one-hot directions of a source, gives {@code d<v(u), e_k>/du = J e_k}: all {@code n} columns at
     * once, on tensors {@code n} (not {@code target.size()}) times larger than the recorded ones.
     *
     * @return per source, {@code [n_i, target.shape...]} (row {@code k} is column {@code k} of the Jacobian), or
     *         null when the source is not connected
     */
    static Tensor[] columns(Tape tape, Tensor target, Tensor[] sources, boolean release) {
        Tape linear = new Tape(false, false);
        Tensor u = Tensors.onesLike(target);
        linear.watch(u);
        Tensor[] vjp;
        TapeStack.Recorder recording = TapeStack.push(linear, linear);
        try {
            vjp = Backprop.gradient(tape, new Tensor[] {target}, sources, new Tensor[] {u}, false, release);
        } finally {
            TapeStack.pop(recording);
        }
        Tensor[] columns = new Tensor[sources.length];
        for (int i = 0; i < sources.length; i++) {
            if (vjp[i] == null) {
                continue;
            }
            Tensor s = sources[i];
            int n = s.size();
            Tensor seed = identityRows(s, 0, n, s.shape().dims());
            Tensor c = Backprop.gradient(linear, new Tensor[] {vjp[i]}, new Tensor[] {u}, new Tensor[] {seed}, false,
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
     * TensorFlow's {@code batch_jacobian} for a target {@code [b, y...]} and a source {@code [b, x...]}: one row
     * sweep with {@code prod(y...)} rows, each seeding row {@code j} of every example at once; zeros of the target's
     * dtype when unconnected, as TensorFlow. The caller has checked the ranks and the first dimensions.
     */
    public static Tensor batchJacobian(Tape tape, Tensor target, Tensor source, boolean release) {
        int b = target.shape().dim(0);
        int[] ty = Arrays.copyOfRange(target.shape().dims(), 1, target.rank());
        int[] sx = Arrays.copyOfRange(source.shape().dims(), 1, source.rank());
        int rows = target.size() / Math.max(b, 1);
        // seed[j, i', j'] = [j == j']: row j of every example at once
        Tensor eye = identityRows(Tensors.zeros(target.dtype(), rows), 0, rows, new int[] {rows});
        Tensor seed = Tensors.broadcastTo(Tensors.reshape(eye, rows, 1, rows), rows, b, rows);
        seed = Tensors.reshape(seed, concat(new int[] {rows}, target.shape().dims()));
        Tensor g;
        if (tape.tracks(target)) {
            g = Backprop.gradient(tape, new Tensor[] {target}, new Tensor[] {source}, new Tensor[] {seed}, false,
                    release)[0];
        } else { // as jacobian: no recorded row reaches an untracked target
            g = null;
        }
        int[] shape = concat(concat(new int[] {b}, ty), sx);
        if (g == null) { // TensorFlow's batch_jacobian: array_ops.zeros(new_shape, target.dtype)
            return Tensors.zeros(target.dtype(), shape);
        }
        // g: [rows, b, x...] -> [b, rows, x...] -> [b, y..., x...]
        int[] perm = new int[g.rank()];
        perm[0] = 1;
        perm[1] = 0;
        for (int i = 2; i < perm.length; i++) {
            perm[i] = i;
        }
        return Tensors.reshape(Tensors.transpose(g, perm), shape);
    }

    /**
     * Rows {@code r0 .. r0+rows} of the identity over {@code like}'s elements, in its dtype, shaped
     * {@code [rows, dims...]}: the one-hot seeds of a batched sweep.
     */
    static Tensor identityRows(Tensor like, int r0, int rows, int[] dims) {
        int m = like.size();
        int[] shape = concat(new int[] {rows}, dims);
        if (like.dtype() == DType.FLOAT32) {
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
        return like.dtype() == DType.FLOAT64 ? seed : Tensors.cast(seed, like.dtype());
    }

    /** The number of elements of the largest tensor recorded on the tape (sizes a row sweep's memory). */
    private static int largestRecorded(Tape tape) {
        int max = 1;
        for (TapeEntry e : tape.entries) {
            if (e != null) {
                max = Math.max(max, e.output().size());
            }
        }
        return max;
    }

    private static int[] jacobianShape(Tensor target, Tensor source) {
        return concat(target.shape().dims(), source.shape().dims());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
