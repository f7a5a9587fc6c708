package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.FastLoops;
import io.gradtape.internal.kernels.RecycledArrays;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.Shift;

import static io.gradtape.Tensors.*;

/**
 * The derivative rule of every primitive, in one table: given an entry and the gradient {@code g} of its output
 * {@code out}, the vector-Jacobian product for each input ({@code null} where the input has no gradient or is
 * not {@code needed}).
 *
 * <p>Rules are written with public ops only, never raw kernels, so that a tape recording while they run records
 * them too: that is how nested tapes give second and higher derivatives. The one exception is relu's rule, the
 * gradient of every hidden layer of a network: when nothing records anywhere it computes the same bits with one
 * fused kernel instead of its four ops. Rules return gradients of the output's
 * shape; {@link Unbroadcast} reduces them to each input's shape.
 *
 * <p><b>Batched cotangents.</b> {@code g} may carry extra leading dimensions before the output's shape (the
 * batch): {@code jacobian} sweeps all rows of the Jacobian at once that way. Elementwise rules
 * get this for free from broadcasting; rules that name shapes or axes (reshape, transpose, reductions, slices)
 * prepend the batch with {@link #withBatch} and shift axes by its rank. Edge conventions are TensorFlow's and are
 * noted beside each rule.
 *
 * <p>The table is filled by a {@code switch} expression over {@link Primitive} with no {@code default} branch, so
 * the compiler rejects a primitive added to the enum without a rule here (and in {@link #hasGradient}).
 *
 * <p>Why a table of rules (one lambda per primitive, called through the primitive's ordinal) and not one
 * {@code switch} with every rule inline: C2 compiled that {@code vjp} with the rules inlined and the cases no
 * entry had reached cut off as traps, so the first op new to the JVM (the MNIST MLP's loss after other work)
 * made it not entrant (unstable_if at the switch) and C2 compiled all of it again: 354-603 ms of C2 time and
 * 30 KB of code (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-03), on the one C2 thread the MLP's kernels wait
 * for. Now each rule compiles on its own when its ops get hot, and a new op deoptimizes nothing else; the same
 * change as {@code ShapeRules}' table.
 */
final class VjpRules {
    private VjpRules() {
    }

    /** The vector-Jacobian products of entry {@code e} for the output gradient {@code g}. */
    static Tensor[] vjp(TapeEntry e, Tensor g, boolean[] needed) {
        return RULES[e.op().ordinal()].vjp(e, g, needed);
    }

    /** The derivative rule of one primitive: the gradient of each input, null where none or not needed. */
    @FunctionalInterface
    private interface Rule {
        Tensor[] vjp(TapeEntry e, Tensor g, boolean[] needed);
    }

    /** Each primitive's rule, by ordinal. */
    private static final Rule[] RULES = table();

    private static Rule[] table() {
        Primitive[] all = Primitive.values();
        Rule[] t = new Rule[all.length];
        for (Primitive p : all) {
            t[p.ordinal()] = rule(p);
        }
        return t;
    }

    /** The rule of {@code p}: a {@code switch} with no {@code default}, so every primitive must have one. */
    private static Rule rule(Primitive p) {
        return switch (p) {
            case NEG -> (e, g, needed) -> one(neg(g)); // d(-x) = -1
            case ABS -> (e, g, needed) -> one(mul(g, sign(x(e)))); // d|x| = sign(x); 0 at x = 0
            case SIGN -> (e, g, needed) -> one(zerosLike(g)); // TensorFlow returns zeros, not None
            case RELU -> (e, g, needed) -> one(reluVjp(e.output(), g)); // d relu = [out > 0]; 0 at x = 0
            case EXP -> (e, g, needed) -> one(mul(g, e.output())); // d exp(x) = exp(x)
            case LOG -> (e, g, needed) -> one(div(g, x(e))); // d log(x) = 1/x; +inf at 0
            case SIN -> (e, g, needed) -> one(mul(g, cos(x(e)))); // d sin(x) = cos(x)
            case COS -> (e, g, needed) -> one(neg(mul(g, sin(x(e))))); // d cos(x) = -sin(x)
            case TAN -> (e, g, needed) -> one(div(g, square(cos(x(e))))); // d tan(x) = 1 / cos(x)^2
            case TANH -> (e, g, needed) -> { // d tanh(x) = 1 - tanh(x)^2
                Tensor out = e.output();
                return one(mul(g, sub(onesLike(out), square(out))));
            };
            case SQRT -> (e, g, needed) -> { // d sqrt(x) = 0.5 / sqrt(x); +inf at 0, but 0 where g == 0 (TF's mul_no_nan)
                Tensor out = e.output();
                Tensor silent = equal(g, zero(g)); // divide by 1 there too, so a second derivative stays finite
                return one(where(silent, zero(g), div(mul(g, scalar(0.5, g)), where(silent, onesLike(out), out))));
            };
            case SIGMOID -> (e, g, needed) -> { // d sigmoid(x) = s (1 - s)
                Tensor out = e.output();
                return one(mul(g, mul(out, sub(onesLike(out), out))));
            };
            case LOG1P -> (e, g, needed) -> one(div(g, add(x(e), scalar(1, x(e))))); // d log(1 + x) = 1 / (1 + x); +inf at -1
            case EXPM1 -> (e, g, needed) -> one(mul(g, add(e.output(), scalar(1, e.output())))); // d (e^x - 1) = e^x = out + 1
            case ERF -> (e, g, needed) -> { // 2/sqrt(pi) e^(-x^2)
                Tensor x = x(e);
                return one(mul(g, mul(scalar(2 / Math.sqrt(Math.PI), x), exp(neg(square(x))))));
            };
            case ADD -> (e, g, needed) -> two(g, g); // d(a + b) = (1, 1)
            case SUB -> (e, g, needed) -> two(g, needed[1] ? neg(g) : null); // d(a - b) = (1, -1)
            case MUL -> (e, g, needed) -> { // d(a b) = (b, a)
                Tensor[] in = e.inputs();
                return two(needed[0] ? mul(g, in[1]) : null, needed[1] ? mul(g, in[0]) : null);
            };
            case DIV -> (e, g, needed) -> { // d(a / b) = (1 / b, -a / b^2); at (1, 0): (+inf, -inf)
                Tensor[] in = e.inputs();
                return two(needed[0] ? div(g, in[1]) : null, needed[1] ? mul(g, div(div(neg(in[0]), in[1]), in[1])) : null);
            };
            case POW -> (e, g, needed) -> { // d(a^b) = (b a^(b-1), a^b log a); log a taken as 0 where a <= 0
                Tensor x = x(e);
                Tensor b = e.inputs()[1];
                Tensor da = needed[0] ? mul(g, mul(b, pow(x, sub(b, onesLike(b))))) : null;
                Tensor db = null;
                if (needed[1]) {
                    Tensor positive = greater(x, zero(x));
                    Tensor safe = where(positive, x, onesLike(x));
                    db = mul(g, mul(e.output(), where(positive, log(safe), zero(x))));
                }
                return two(da, db);
            };
            case MAXIMUM -> (e, g, needed) -> { // a tie (a == b) gives all of g to a
                Tensor toA = greaterEqual(x(e), e.inputs()[1]);
                return two(where(toA, g, zero(g)), where(toA, zero(g), g));
            };
            case MINIMUM -> (e, g, needed) -> { // a tie gives all of g to a
                Tensor toA = lessEqual(x(e), e.inputs()[1]);
                return two(where(toA, g, zero(g)), where(toA, zero(g), g));
            };
            case FLOOR_MOD -> (e, g, needed) -> { // d(a mod b) = (1, -floor(a / b)), TensorFlow's _FloorModGrad
                Tensor[] in = e.inputs();
                return two(g, needed[1] ? neg(mul(g, floorDiv(in[0], in[1]))) : null);
            };
            case ATAN2 -> (e, g, needed) -> { // d atan2(a, b) = (b, -a) / (a^2 + b^2), TensorFlow's _Atan2Grad; NaN at (0, 0)
                Tensor[] in = e.inputs();
                Tensor scaled = div(g, add(square(in[0]), square(in[1])));
                return two(needed[0] ? mul(in[1], scaled) : null, needed[1] ? mul(neg(in[0]), scaled) : null);
            };
            // no gradient (hasGradient is false): piecewise constant, BOOL or integer results, or cut by definition.
            // TensorFlow registers None for each of these (TruncateMod: no gradient registered at all).
            case FLOOR, CEIL, ROUND, FLOOR_DIV, TRUNCATE_DIV, TRUNCATE_MOD, EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL,
                    ARG_MAX, ARG_MIN, ARGSORT, STOP_GRADIENT -> (e, g, needed) -> new Tensor[e.inputs().length];
            case WHERE -> (e, g, needed) -> { // the unselected branch gets 0 (0 * inf there still gives NaN, as in TensorFlow)
                Tensor x = x(e);
                return new Tensor[] {null, where(x, g, zero(g)), where(x, zero(g), g)};
            };
            case REDUCE_SUM -> (e, g, needed) -> { // every element gets g of its row
                Tensor x = x(e);
                Tensor out = e.output();
                Params.Axes a = (Params.Axes) e.params();
                return one(broadcastTo(keepDims(g, x, a, out), withBatch(g, out, x.shape().dims())));
            };
            case REDUCE_MAX, REDUCE_MIN -> (e, g, needed) -> { // ties share g equally: 1/k to each of k extremes
                Tensor x = x(e);
                Tensor out = e.output();
                Params.Axes a = (Params.Axes) e.params();
                Tensor hit = cast(equal(keepDims(out, x, a, out), x), g.dtype());
                Tensor count = io.gradtape.internal.ops.Reductions.reduce(Primitive.REDUCE_SUM, hit, true, a.axes()); // empty: all
                return one(mul(div(hit, count), keepDims(g, x, a, out)));
            };
            case SCAN -> (e, g, needed) -> scanVjp((Params.Scan) e.params(), x(e), e.inputs()[1], e.output(), g, needed);
            case LOG_SOFTMAX -> (e, g, needed) -> { // dx = g - softmax * sum(g) along the axis; softmax = exp(out)
                int axis = ((Params.Axis) e.params()).axis() + batchRank(g, e.output());
                return one(sub(g, mul(exp(e.output()), reduceSum(g, true, axis))));
            };
            case GATHER -> (e, g, needed) -> { // gather is linear; its transpose scatters g back, repeated indices adding up
                Tensor x = x(e);
                int axis = ((Params.Axis) e.params()).axis();
                return two(unsortedSegmentSum(g, e.inputs()[1], x.shape().dim(axis), batchRank(g, e.output()) + axis), null);
            };
            case SCATTER_ADD -> (e, g, needed) -> { // the transpose of scatter-add: each element reads its slot back
                Params.Segments s = (Params.Segments) e.params();
                return two(gather(g, e.inputs()[1], batchRank(g, e.output()) + s.axis()), null);
            };
            case MATMUL -> (e, g, needed) -> matmulVjp((Params.Matmul) e.params(), x(e), e.inputs()[1], g, needed);
            case LINEAR -> (e, g, needed) -> { // as matmul for x and kernel; the bias gets g summed over the rows
                // first through the relu, if fused, by relu's own rule
                Tensor gl = ((Params.Linear) e.params()).relu() ? reluVjp(e.output(), g) : g;
                Tensor[] xw = matmulVjp(Params.Matmul.PLAIN, x(e), e.inputs()[1], gl, needed);
                Tensor db = needed[2] ? reduceSum(gl, false, batchRank(gl, e.output())) : null;
                return new Tensor[] {xw[0], xw[1], db};
            };
            case CHOLESKY -> (e, g, needed) -> LinalgRules.choleskyVjp(e.output(), g);
            case TRIANGULAR_SOLVE -> (e, g, needed) ->
                    LinalgRules.triangularSolveVjp((Params.TriangularSolve) e.params(), x(e), e.output(), g, needed);
            case SOLVE -> (e, g, needed) -> LinalgRules.solveVjp((Params.Adjoint) e.params(), x(e), e.output(), g, needed);
            case LOG_ABS_DET -> (e, g, needed) -> LinalgRules.logAbsDetVjp(x(e), g);
            case QR -> (e, g, needed) -> LinalgRules.qrVjp(x(e), e.output(), g);
            case EIGH -> (e, g, needed) -> LinalgRules.eighVjp(e.output(), g);
            case SVD -> (e, g, needed) -> LinalgRules.svdVjp(x(e), e.output(), g);
            case CTC_LOSS -> (e, g, needed) -> { // each example's g times its gradient, softmax - occupancy (CtcKernels)
                // CTC_GRADIENT reruns the forward recursion the loss already ran (TensorFlow computes both together)
                Tensor x = x(e);
                Tensor perExample = reshape(g, withBatch(g, e.output(), new int[] {x.shape().dim(0), 1, 1}));
                return one(mul(perExample, io.gradtape.internal.ops.Ctc.gradient((Params.Ctc) e.params(), x)));
            };
            case CTC_GRADIENT -> (e, g, needed) -> { // TensorFlow raises here too (prevent_gradient in _CTCLossGrad)
                throw new IllegalStateException("ctcLoss: its gradient (logits " + x(e).shape() + ") cannot be "
                        + "differentiated again: it comes from the forward-backward algorithm, not from recorded ops, "
                        + "so ctcLoss has no second derivative (as in TensorFlow). Take first derivatives of ctcLoss only.");
            };
            case RESHAPE -> (e, g, needed) -> // same values, original shape
                    one(reshape(g, withBatch(g, e.output(), x(e).shape().dims())));
            case TRANSPOSE -> (e, g, needed) -> { // transpose back by the inverse permutation
                int[] perm = ((Params.Perm) e.params()).perm();
                int k = batchRank(g, e.output());
                int[] inv = new int[k + perm.length];
                for (int i = 0; i < k; i++) {
                    inv[i] = i;
                }
                for (int i = 0; i < perm.length; i++) {
                    inv[k + perm[i]] = k + i;
                }
                return one(transpose(g, inv));
            };
            case BROADCAST_TO -> (e, g, needed) -> one(g); // the sum over the repeats is done by Unbroadcast
            case CONCAT -> (e, g, needed) -> { // each input gets its own slab of g
                Tensor[] in = e.inputs();
                Tensor out = e.output();
                int axis = ((Params.Axis) e.params()).axis();
                int k = batchRank(g, out);
                Tensor[] r = new Tensor[in.length];
                int at = 0;
                for (int i = 0; i < in.length; i++) {
                    int[] begin = new int[g.rank()];
                    begin[k + axis] = at;
                    r[i] = needed[i] ? slice(g, begin, withBatch(g, out, in[i].shape().dims())) : null;
                    at += in[i].shape().dim(axis);
                }
                return r;
            };
            case SLICE -> (e, g, needed) -> { // zeros outside the region
                Tensor x = x(e);
                Params.Region r = (Params.Region) e.params();
                int k = batchRank(g, e.output());
                int[] before = new int[k + x.rank()];
                int[] after = new int[k + x.rank()];
                for (int d = 0; d < x.rank(); d++) {
                    before[k + d] = r.begin()[d];
                    after[k + d] = x.shape().dim(d) - r.begin()[d] - r.size()[d];
                }
                return one(pad(g, before, after));
            };
            case PAD -> (e, g, needed) -> { // the region that was the input
                Tensor x = x(e);
                Tensor out = e.output();
                int k = batchRank(g, out);
                int[] begin = new int[k + x.rank()];
                System.arraycopy(((Params.Padding) e.params()).before(), 0, begin, k, x.rank());
                return one(slice(g, begin, withBatch(g, out, x.shape().dims())));
            };
            case CAST -> (e, g, needed) -> { // only between floating dtypes; a cast through an integer cuts the gradient
                Tensor x = x(e);
                return one(x.dtype().isFloating() && e.output().dtype().isFloating() ? cast(g, x.dtype()) : null);
            };
            case IDENTITY, READ_VARIABLE -> (e, g, needed) -> one(g); // d x = 1
            case CUSTOM -> (e, g, needed) -> customVjp(e, g); // the user's rule, one gradient per input
        };
    }

    /** The entry's first input. */
    private static Tensor x(TapeEntry e) {
        return e.inputs()[0];
    }

    /**
     * Whether the rule of {@code p} can give any input a gradient. False for the ops TensorFlow registers as
     * not differentiable (their rule above returns no gradient at all); {@code explain} uses this to name the
     * op that cut a path. A {@code switch} expression with no {@code default}, like the table above.
     */
    static boolean hasGradient(Primitive p) {
        return switch (p) {
            case FLOOR, CEIL, ROUND, FLOOR_DIV, TRUNCATE_DIV, TRUNCATE_MOD, EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL,
                    LESS, LESS_EQUAL, ARG_MAX, ARG_MIN, ARGSORT, STOP_GRADIENT -> false;
            case NEG, ABS, SIGN, RELU, EXP, LOG, SIN, COS, TAN, TANH, SQRT, SIGMOID, LOG1P, EXPM1, ERF,
                    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, FLOOR_MOD, ATAN2, WHERE, REDUCE_SUM, REDUCE_MAX, REDUCE_MIN, SCAN, LOG_SOFTMAX,
                    GATHER, SCATTER_ADD, MATMUL, LINEAR, RESHAPE, TRANSPOSE, BROADCAST_TO, CONCAT, SLICE, PAD, CAST,
                    IDENTITY, READ_VARIABLE, CUSTOM -> true;
            case CHOLESKY, TRIANGULAR_SOLVE, SOLVE, LOG_ABS_DET, QR, EIGH, SVD -> true; // LinalgRules
            case CTC_LOSS, CTC_GRADIENT -> true; // CTC_GRADIENT's rule throws: a second derivative is refused, not cut
        };
    }

    /**
     * {@code g} where {@code out > 0}, else 0. Under a recorder (a higher derivative), the 0 is read from
     * {@code out} by a second {@code where}, so the result depends on {@code out} with derivative 0: the second
     * derivative is zeros, as TensorFlow's {@code ReluGrad} gives, not null.
     */
    static Tensor reluVjp(Tensor out, Tensor g) {
        if (TapeStack.where() == TapeStack.NOWHERE && g.dtype() == out.dtype() && g.shape().equals(out.shape())) {
            // nothing records on any thread, so the ops below would record and mark nothing: their bits in one
            // fused pass (tiny MLP step: the four ops were 8.7% of its CPU time)
            Object d = FastLoops.reluGradient(TensorAccess.data(out), TensorAccess.data(g));
            if (d != null) {
                return TensorAccess.make(g.dtype(), g.shape(), d);
            }
        }
        Tensor on = greater(out, zero(out));
        return where(on, g, TapeStack.hasRecorders() ? where(on, out, zero(out)) : zero(g));
    }

    /** The user's rule of a customGradient entry, its result checked: one gradient per input, of its shape. */
    private static Tensor[] customVjp(TapeEntry e, Tensor g) {
        Tensor[] in = e.inputs();
        Tensor out = e.output();
        // the user's code may keep what it is given or returns: nothing of this sweep is donated (RecycledArrays)
        RecycledArrays.spoil();
        java.util.List<Tensor> r = ((Params.Custom) e.params()).rule().apply(g);
        if (r == null || r.size() != in.length) {
            throw new IllegalArgumentException("customGradient: the gradient function must return " + in.length
                    + " gradient(s), one per input, but returned " + (r == null ? "null" : r.size()));
        }
        for (int i = 0; i < in.length; i++) {
            Tensor gi = r.get(i);
            int[] want = withBatch(g, out, in[i].shape().dims());
            if (gi != null && (gi.dtype() != in[i].dtype() || !gi.shape().equals(io.gradtape.Shape.of(want)))) {
                throw new IllegalArgumentException("customGradient: gradient " + i + " has shape " + gi.shape()
                        + " and dtype " + gi.dtype() + " but must match input " + i + ": shape "
                        + io.gradtape.Shape.of(want) + ", dtype " + in[i].dtype());
            }
        }
        return r.toArray(new Tensor[0]);
    }

    /** The matmul rules for each combination of transposes: C = A B gives dA = G B^T, dB = A^T G. */
    private static Tensor[] matmulVjp(Params.Matmul m, Tensor a, Tensor b, Tensor g, boolean[] needed) {
        boolean ta = m.transposeA();
        boolean tb = m.transposeB();
        Tensor da = null;
        Tensor db = null;
        if (needed[0]) {
            da = !ta ? matmul(g, b, false, !tb) // dA = G op(B)^T
                    : tb ? matmul(b, g, true, true) : matmul(b, g, false, true);
        }
        if (needed[1]) {
            db = !tb ? matmul(a, g, !ta, false) // dB = op(A)^T G
                    : ta ? matmul(g, a, true, true) : matmul(g, a, true, false);
        }
        return two(da, db);
    }

    /**
     * The scan {@code h[k] = a[k] h[k-1] + b[k]} (h[-1] = 0) is linear in b; its transpose runs the other way:
     * {@code r[k] = g[k] + a[k+1] r[k+1]}, so {@code db = r} and {@code da[k] = r[k] h[k-1]}. No division
     * appears, so the rule is exact where a (for cumprod: x) has zeros, and it is itself a scan, so it can be
     * differentiated again. A reversed scan mirrors every shift. An {@code a} of size 1 along the axis (cumsum's
     * scalar 1) is the same at every step and needs no shift. {@code da} at the first step is exactly 0 (a[0]
     * multiplies nothing): it is {@code r[k+1] h[k]} shifted one step later, not {@code r[k]} times a shifted-in
     * 0, which is NaN where {@code r[0]} is infinite (the gradient of reduceProd([2, inf]) is [inf, 2], as
     * TensorFlow's rule, not [nan, 2]).
     */
    private static Tensor[] scanVjp(Params.Scan sc, Tensor a, Tensor b, Tensor out, Tensor g, boolean[] needed) {
        int axis = sc.axis();
        int aAxis = axis - (out.rank() - a.rank());
        Tensor aNext = aAxis < 0 || a.shape().dim(aAxis) == 1 ? a : Shift.byOne(a, aAxis, sc.reverse());
        int rAxis = batchRank(g, out) + axis;
        Tensor r = linearScan(aNext, g, rAxis, !sc.reverse());
        Tensor da = needed[0]
                ? Shift.byOne(mul(Shift.byOne(r, rAxis, sc.reverse()), out), rAxis, !sc.reverse()) : null;
        return two(da, needed[1] ? r : null);
    }


    /**
     * {@code t} (shaped like the reduced output {@code out}, possibly with a batch) reshaped so that the reduced
     * axes of {@code x} are kept as size 1.
     */
    private static Tensor keepDims(Tensor t, Tensor x, Params.Axes a, Tensor out) {
        if (a.keepDims()) {
            return t;
        }
        int[] d = x.shape().dims();
        for (int ax : a.axes()) {
            d[ax] = 1;
        }
        return reshape(t, withBatch(t, out, d));
    }

    /** The number of leading batch dimensions {@code g} has before the output's shape. */
    static int batchRank(Tensor g, Tensor out) {
        return g.rank() - out.rank();
    }

    /** {@code dims} with {@code g}'s batch dimensions in front. */
    static int[] withBatch(Tensor g, Tensor out, int[] dims) {
        int k = batchRank(g, out);
        if (k == 0) {
            return dims;
        }
        int[] r = java.util.Arrays.copyOf(g.shape().dims(), k + dims.length);
        System.arraycopy(dims, 0, r, k, dims.length);
        return r;
    }

    private static Tensor zero(Tensor like) {
        return scalar(0, like);
    }

    private static Tensor scalar(double v, Tensor like) {
        return constant(v, like.dtype());
    }

    private static Tensor[] one(Tensor g) {
        return new Tensor[] {g};
    }

    private static Tensor[] two(Tensor a, Tensor b) {
        return new Tensor[] {a, b};
    }
}
