package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.internal.ops.Dispatch;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;

import java.util.ArrayList;

import static io.gradtape.Tensors.*;

/**
 * The forward (JVP) rule of every primitive: given an executed op and the tangents {@code t} of its inputs
 * ({@code null} where an input has none, which counts as zeros), the tangent of its output {@code out}, shaped
 * and typed like {@code out}; or {@code null} when the output has no derivative (stopGradient, a cast to an
 * integer).
 *
 * <p><b>A new primitive needs one word here.</b> The {@code switch} is an expression over {@link Primitive} with
 * no {@code default}, so a primitive added to the enum does not compile until it is named here; naming it in
 * the last case gives it its JVP by {@link #transposed transposing its VJP rule} (TensorFlow's
 * {@code ForwardpropFromTape}): a VJP is linear in the cotangent {@code u}, so the JVP {@code J t} is the
 * gradient with respect to {@code u} of {@code <vjp(u), t>}, taken under a private tape. That is correct for
 * every primitive whose {@link VjpRules} rule is correct, at the price of running the VJP and then its
 * backward pass. The other cases exist only where they are clearly cheaper, and are derived rather than
 * written twice:
 * <ul>
 *   <li><b>Linear primitives</b> (neg, add, sub, reshape, transpose, broadcastTo, slice, pad, concat, reduceSum,
 *       identity, casts between floating dtypes): the JVP is the op itself applied to the tangents.</li>
 *   <li><b>Elementwise primitives</b> (abs, sign, relu, log, sin, cos, tan, tanh, sqrt, sigmoid, pow, atan2): the JVP is
 *       the VJP rule applied with {@code g} = the tangent broadcast to the output's shape, once per input that
 *       has a tangent, summed (for an elementwise op {@code J} is diagonal, so {@code J t = J^T t}).</li>
 *   <li><b>Explicit rules</b> where the VJP would do needless work: mul, div, exp, maximum, minimum, floorMod,
 *       where, reduceMax/reduceMin, logSoftmax, matmul, linear.</li>
 *   <li><b>The transposition</b>, listed by name: custom gradients (the user's rule, not the forward
 *       computation, defines the derivative, so forward and reverse mode agree, as TensorFlow's accumulator
 *       does), and log1p, expm1, erf, floor, ceil, round, floorDiv, truncateDiv, truncateMod, scan, gather, unsortedSegmentSum, ctcLoss (and its gradient, whose VJP
 *       refuses, so a forward-mode derivative of ctcLoss's gradient is refused as well).</li>
 *   <li><b>No tangent</b> (BOOL or integer results): the comparisons, argmax, argmin, argsort.</li>
 * </ul>
 * Rules run public ops only (or {@link Dispatch#apply}, which those ops call), never raw kernels: a recorder
 * that sees the JVP computation (an outer accumulator, an outer tape) records it, which is how higher-order
 * forward mode and backward-over-forward work.
 *
 * <p>Setting the system property {@code io.gradtape.jvp.transposeAll=true} sends every primitive through the
 * transposition fallback; the tests use it to prove that the fallback alone covers every primitive.
 */
final class JvpRules {
    /** The system property that forces the transposition fallback for every primitive (a test switch). */
    static final String TRANSPOSE_ALL = "io.gradtape.jvp.transposeAll";

    private JvpRules() {
    }

    static Tensor jvp(TapeEntry e, Tensor[] t, Accumulator owner) {
        if (Boolean.getBoolean(TRANSPOSE_ALL)) {
            return transposed(e, t, owner);
        }
        Tensor[] in = e.inputs();
        Tensor out = e.output();
        Params params = e.params();
        return switch (e.op()) {
            // ---- linear: the op applied to the tangents ------------------------------------------------
            case NEG, RESHAPE, TRANSPOSE, BROADCAST_TO, SLICE, PAD, REDUCE_SUM -> Dispatch.apply(e.op(), params, t[0]);
            case IDENTITY, READ_VARIABLE -> t[0]; // d x = 1: the tangent itself
            case ADD -> fit(t[0] == null ? t[1] : t[1] == null ? t[0] : add(t[0], t[1]), out); // d(a + b) = da + db
            case SUB -> fit(t[0] == null ? neg(t[1]) : t[1] == null ? t[0] : sub(t[0], t[1]), out); // d(a - b) = da - db
            case CONCAT -> { // the tangents joined; zeros for inputs without one
                Tensor[] parts = new Tensor[in.length];
                for (int i = 0; i < in.length; i++) {
                    parts[i] = t[i] != null ? t[i] : zerosLike(in[i]);
                }
                yield Dispatch.apply(Primitive.CONCAT, params, parts);
            }
            case CAST -> // only between floating dtypes; a cast to an integer has no tangent
                    in[0].dtype().isFloating() && out.dtype().isFloating() ? cast(t[0], out.dtype()) : null;
            case STOP_GRADIENT -> null; // no derivative by definition, as its gradient

            // ---- elementwise: the VJP rule with g = the tangent ----------------------------------------
            case ABS, SIGN, RELU, LOG, SIN, COS, TAN, TANH, SQRT, SIGMOID, POW, ATAN2 -> elementwise(e, t);

            // ---- explicit, where cheaper than the VJP ---------------------------------------------------
            case EXP -> mul(t[0], out); // d exp(x) = exp(x) dx
            case MUL -> // d(a b) = da b + a db
                    fit(plus(t[0] == null ? null : mul(t[0], in[1]), t[1] == null ? null : mul(in[0], t[1])), out);
            case DIV -> // d(a / b) = da / b - db (a / b) / b; at b = 0 the same infinities as the gradient
                    fit(plus(t[0] == null ? null : div(t[0], in[1]), t[1] == null ? null : mul(t[1], div(neg(out), in[1]))), out);
            case MAXIMUM -> // the tangent of the selected operand; a tie selects a, as the gradient does
                    fit(where(greaterEqual(in[0], in[1]), orZero(t[0], out), orZero(t[1], out)), out);
            case MINIMUM -> // a tie selects a
                    fit(where(lessEqual(in[0], in[1]), orZero(t[0], out), orZero(t[1], out)), out);
            case FLOOR_MOD -> // d(a mod b) = da - db floor(a / b), as the gradient
                    fit(plus(t[0], t[1] == null ? null : neg(mul(t[1], floorDiv(in[0], in[1])))), out);
            case WHERE -> fit(where(in[0], orZero(t[1], out), orZero(t[2], out)), out); // the selected branch's tangent
            case REDUCE_MAX, REDUCE_MIN -> reduceExtremeJvp((Params.Axes) params, in[0], out, t[0]);
            case LOG_SOFTMAX -> { // d out = dx - sum(softmax * dx) along the axis (J is not symmetric: not the VJP)
                int axis = ((Params.Axis) params).axis();
                yield sub(t[0], reduceSum(mul(exp(out), t[0]), true, axis));
            }
            case CHOLESKY -> LinalgRules.choleskyJvp(out, t[0]);
            case TRIANGULAR_SOLVE -> LinalgRules.triangularSolveJvp((Params.TriangularSolve) params, in[0], out, t[0], t[1]);
            case SOLVE -> LinalgRules.solveJvp((Params.Adjoint) params, in[0], out, t[0], t[1]);
            case LOG_ABS_DET -> LinalgRules.logAbsDetJvp(in[0], t[0]);
            case EIGH -> LinalgRules.eighJvp(out, t[0]);
            case QR -> LinalgRules.qrJvp(in[0], out, t[0]);
            case SVD -> LinalgRules.svdJvp(in[0], out, t[0]);
            case LINEAR -> { // d(x W + b) = dx W + x dW + db; then relu's derivative, [out > 0], as relu's rule
                Tensor d = fit(plus(plus(t[0] == null ? null : matmul(t[0], in[1]), t[1] == null ? null : matmul(in[0], t[1])), t[2]), out);
                yield ((Params.Linear) params).relu() ? VjpRules.reluVjp(out, d) : d;
            }
            case MATMUL -> { // d(A B) = dA B + A dB, with the same transposes
                Params.Matmul m = (Params.Matmul) params;
                yield fit(plus(t[0] == null ? null : matmul(t[0], in[1], m.transposeA(), m.transposeB()),
                        t[1] == null ? null : matmul(in[0], t[1], m.transposeA(), m.transposeB())), out);
            }
            // BOOL or integer output: never reached (Accumulator skips non-floating outputs); no tangent
            case EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL, ARG_MAX, ARG_MIN, ARGSORT -> null;

            // ---- the transposition fallback: the VJP rule, transposed -----------------------------------
            // CUSTOM: the user's rule, not the forward computation, defines the derivative. The others have
            // no cheaper rule worth a second copy of their math (the piecewise-constant ones give null through
            // their VJP, which has no gradient).
            case CUSTOM, LOG1P, EXPM1, ERF, FLOOR, CEIL, ROUND, FLOOR_DIV, TRUNCATE_DIV, TRUNCATE_MOD, SCAN, GATHER, SCATTER_ADD,
                    CTC_LOSS, CTC_GRADIENT ->
                    transposed(e, t, owner);
        };
    }

    /** The mean tangent of the tied extremes (1/k each, as the gradient). */
    private static Tensor reduceExtremeJvp(Params.Axes a, Tensor x, Tensor out, Tensor t) {
        if (x.size() == 0) { // over an empty axis the result (-inf or +inf) depends on nothing
            return zerosLike(out);
        }
        Tensor kept = out;
        if (!a.keepDims()) {
            int[] d = x.shape().dims();
            for (int ax : a.axes()) {
                d[ax] = 1;
            }
            kept = reshape(out, d);
        }
        Tensor hit = cast(equal(kept, x), x.dtype());
        Params.Axes sum = new Params.Axes(a.axes(), a.keepDims());
        return div(Dispatch.apply(Primitive.REDUCE_SUM, sum, mul(hit, t)), Dispatch.apply(Primitive.REDUCE_SUM, sum, hit));
    }

    /**
     * The elementwise rule: for each input with a tangent, the VJP rule applied to that tangent (broadcast to
     * the output's shape) as the cotangent, summed.
     */
    private static Tensor elementwise(TapeEntry e, Tensor[] t) {
        Tensor out = e.output();
        Tensor sum = null;
        for (int j = 0; j < t.length; j++) {
            if (t[j] == null) {
                continue;
            }
            boolean[] needed = new boolean[t.length];
            needed[j] = true;
            Tensor g = t[j].shape().equals(out.shape()) ? t[j] : broadcastTo(t[j], out.shape().dims());
            sum = plus(sum, VjpRules.vjp(e, g, needed)[j]);
        }
        return fit(sum, out);
    }

    /**
     * The transposition fallback (TensorFlow's {@code ForwardpropFromTape}). With {@code u} a watched cotangent
     * of the output's shape (ones, as TensorFlow, so that rules that special-case a zero cotangent, like sqrt's,
     * take their general branch), the VJP rule gives {@code v_j = J_j^T u} for each input {@code j} with a
     * tangent, recorded on a private tape that the owner's {@link TapeStack} position routes these ops to. Since
     * {@code v_j} is linear in {@code u}, the gradient of {@code sum_j <v_j, t_j>} with respect to {@code u} (a
     * backward pass over the private tape with the tangents as output gradients) is {@code sum_j J_j t_j}, the
     * JVP. Null when the rule gives no input a gradient (a non-differentiable op); zeros when the gradients it
     * gives do not depend on {@code u}.
     */
    static Tensor transposed(TapeEntry e, Tensor[] t, Accumulator owner) {
        Tensor[] in = e.inputs();
        Tensor out = e.output();
        boolean[] needed = new boolean[in.length];
        for (int j = 0; j < in.length; j++) {
            needed[j] = t[j] != null && in[j].dtype().isFloating();
        }
        Tape tape = new Tape(false, false);
        Tensor u = onesLike(out);
        tape.watch(u);
        ArrayList<Tensor> targets = new ArrayList<>();
        ArrayList<Tensor> seeds = new ArrayList<>();
        Tape saved = owner.transposeTape;
        owner.transposeTape = tape;
        try {
            Tensor[] v = VjpRules.vjp(e, u, needed);
            for (int j = 0; j < in.length; j++) {
                if (needed[j] && v[j] != null) {
                    targets.add(Unbroadcast.sumTo(v[j], in[j].shape(), 0));
                    seeds.add(t[j]);
                }
            }
        } finally {
            owner.transposeTape = saved;
        }
        if (targets.isEmpty()) {
            return null;
        }
        return Backprop.gradient(tape, targets.toArray(new Tensor[0]), new Tensor[] {u},
                seeds.toArray(new Tensor[0]), true, true)[0];
    }

    /** {@code a + b}, where null is zero. */
    private static Tensor plus(Tensor a, Tensor b) {
        return a == null ? b : b == null ? a : add(a, b);
    }

    /** {@code t}, or a zero scalar of {@code like}'s dtype (broadcast by the op that uses it). */
    private static Tensor orZero(Tensor t, Tensor like) {
        return t != null ? t : constant(0, like.dtype());
    }

    /** {@code dy} broadcast to the output's shape (a tangent of a broadcast input is smaller). */
    private static Tensor fit(Tensor dy, Tensor out) {
        if (dy == null || dy.shape().equals(out.shape())) {
            return dy;
        }
        return broadcastTo(dy, out.shape().dims());
    }
}
