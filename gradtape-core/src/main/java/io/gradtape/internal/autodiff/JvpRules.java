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
 * <p><b>New primitives need no case here.</b> The {@code switch} has a {@code default}: any primitive without
 * an explicit case gets its JVP by {@link #transposed transposing its VJP rule} (TensorFlow's
 * {@code ForwardpropFromTape}): a VJP is linear in the cotangent {@code u}, so the JVP {@code J t} is the
 * gradient with respect to {@code u} of {@code <vjp(u), t>}, taken under a private tape. That is correct for
 * every primitive whose {@link VjpRules} rule is correct, at the price of running the VJP and then its
 * backward pass. The cases below exist only where they are clearly cheaper, and are derived rather than
 * written twice:
 * <ul>
 *   <li><b>Linear primitives</b> (neg, add, sub, reshape, transpose, broadcastTo, slice, pad, concat, reduceSum,
 *       identity, casts between floating dtypes): the JVP is the op itself applied to the tangents.</li>
 *   <li><b>Elementwise primitives</b> (abs, sign, relu, log, sin, cos, tan, tanh, sqrt, sigmoid, pow): the JVP is
 *       the VJP rule applied with {@code g} = the tangent broadcast to the output's shape, once per input that
 *       has a tangent, summed (for an elementwise op {@code J} is diagonal, so {@code J t = J^T t}).</li>
 *   <li><b>Explicit rules</b> where the VJP would do needless work: mul, div, exp, maximum, minimum, where,
 *       reduceMax/reduceMin, matmul.</li>
 *   <li><b>Custom gradients</b> use the transposition: the user's rule, not the forward computation, defines
 *       the derivative, so forward and reverse mode agree (as TensorFlow's accumulator does).</li>
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
        switch (e.op()) {
            // ---- linear: the op applied to the tangents ------------------------------------------------
            case NEG: case RESHAPE: case TRANSPOSE: case BROADCAST_TO: case SLICE: case PAD: case REDUCE_SUM:
                return Dispatch.apply(e.op(), params, t[0]);
            case IDENTITY: case READ_VARIABLE: // d x = 1: the tangent itself
                return t[0];
            case ADD: // d(a + b) = da + db
                return fit(t[0] == null ? t[1] : t[1] == null ? t[0] : add(t[0], t[1]), out);
            case SUB: // d(a - b) = da - db
                return fit(t[0] == null ? neg(t[1]) : t[1] == null ? t[0] : sub(t[0], t[1]), out);
            case CONCAT: { // the tangents joined; zeros for inputs without one
                Tensor[] parts = new Tensor[in.length];
                for (int i = 0; i < in.length; i++) {
                    parts[i] = t[i] != null ? t[i] : zerosLike(in[i]);
                }
                return Dispatch.apply(Primitive.CONCAT, params, parts);
            }
            case CAST: // only between floating dtypes; a cast to an integer has no tangent
                return in[0].dtype().isFloating() && out.dtype().isFloating() ? cast(t[0], out.dtype()) : null;
            case STOP_GRADIENT: // no derivative by definition, as its gradient
                return null;

            // ---- elementwise: the VJP rule with g = the tangent ----------------------------------------
            case ABS: case SIGN: case RELU: case LOG: case SIN: case COS: case TAN: case TANH: case SQRT:
            case SIGMOID: case POW:
                return elementwise(e, t);

            // ---- explicit, where cheaper than the VJP ---------------------------------------------------
            case EXP: // d exp(x) = exp(x) dx
                return mul(t[0], out);
            case MUL: // d(a b) = da b + a db
                return fit(plus(t[0] == null ? null : mul(t[0], in[1]), t[1] == null ? null : mul(in[0], t[1])), out);
            case DIV: // d(a / b) = da / b - db (a / b) / b; at b = 0 the same infinities as the gradient
                return fit(plus(t[0] == null ? null : div(t[0], in[1]),
                        t[1] == null ? null : mul(t[1], div(neg(out), in[1]))), out);
            case MAXIMUM: // the tangent of the selected operand; a tie selects a, as the gradient does
                return fit(where(greaterEqual(in[0], in[1]), orZero(t[0], out), orZero(t[1], out)), out);
            case MINIMUM: // a tie selects a
                return fit(where(lessEqual(in[0], in[1]), orZero(t[0], out), orZero(t[1], out)), out);
            case WHERE: // the tangent of the selected branch
                return fit(where(in[0], orZero(t[1], out), orZero(t[2], out)), out);
            case REDUCE_MAX: case REDUCE_MIN: { // the mean tangent of the tied extremes (1/k each, as the gradient)
                Params.Axes a = (Params.Axes) params;
                Tensor x = in[0];
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
                return div(Dispatch.apply(Primitive.REDUCE_SUM, sum, mul(hit, t[0])),
                        Dispatch.apply(Primitive.REDUCE_SUM, sum, hit));
            }
            case MATMUL: { // d(A B) = dA B + A dB, with the same transposes
                Params.Matmul m = (Params.Matmul) params;
                return fit(plus(t[0] == null ? null : matmul(t[0], in[1], m.transposeA(), m.transposeB()),
                        t[1] == null ? null : matmul(in[0], t[1], m.transposeA(), m.transposeB())), out);
            }
            case EQUAL: case NOT_EQUAL: case GREATER: case GREATER_EQUAL: case LESS: case LESS_EQUAL:
                return null; // BOOL output: never reached (Accumulator skips non-floating outputs)

            // ---- custom gradients, and every primitive added later: transpose the VJP ------------------
            case CUSTOM:
            default:
                return transposed(e, t, owner);
        }
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
