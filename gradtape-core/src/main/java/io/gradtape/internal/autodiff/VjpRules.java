package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.internal.ops.Params;

import static io.gradtape.Tensors.*;

/**
 * The derivative rule of every primitive, in one table: given an entry and the gradient {@code g} of its output
 * {@code out}, the vector-Jacobian product for each input ({@code null} where the input has no gradient or is
 * not {@code needed}).
 *
 * <p>Rules are written with public ops only, never raw kernels, so that a tape recording while they run records
 * them too: that is how nested tapes give second and higher derivatives. Rules return gradients of the output's
 * shape; {@link Unbroadcast} reduces them to each input's shape. The switch has no default branch, so a new
 * primitive does not compile without a rule. Edge conventions are TensorFlow's and are noted beside each rule.
 */
final class VjpRules {
    private VjpRules() {
    }

    static Tensor[] vjp(TapeEntry e, Tensor g, boolean[] needed) {
        Tensor[] in = e.inputs();
        Tensor out = e.output();
        Tensor x = in[0];
        switch (e.op()) {
            case NEG: // d(-x) = -1
                return one(neg(g));
            case ABS: // d|x| = sign(x); 0 at x = 0
                return one(mul(g, sign(x)));
            case SIGN: // TensorFlow returns zeros, not None
                return one(zerosLike(x));
            case RELU: // d relu = [out > 0]; 0 at x = 0
                return one(where(greater(out, zero(out)), g, zero(g)));
            case EXP: // d exp(x) = exp(x)
                return one(mul(g, out));
            case LOG: // d log(x) = 1/x; +inf at 0
                return one(div(g, x));
            case SIN: // d sin(x) = cos(x)
                return one(mul(g, cos(x)));
            case COS: // d cos(x) = -sin(x)
                return one(neg(mul(g, sin(x))));
            case TAN: // d tan(x) = 1 / cos(x)^2
                return one(div(g, square(cos(x))));
            case TANH: // d tanh(x) = 1 - tanh(x)^2
                return one(mul(g, sub(onesLike(out), square(out))));
            case SQRT: // d sqrt(x) = 0.5 / sqrt(x); +inf at 0, but 0 where g == 0 (TF's mul_no_nan)
                return one(where(equal(g, zero(g)), zero(g), div(mul(g, scalar(0.5, g)), out)));
            case SIGMOID: // d sigmoid(x) = s (1 - s)
                return one(mul(g, mul(out, sub(onesLike(out), out))));
            case ADD: // d(a + b) = (1, 1)
                return two(g, g);
            case SUB: // d(a - b) = (1, -1)
                return two(g, needed[1] ? neg(g) : null);
            case MUL: // d(a b) = (b, a)
                return two(needed[0] ? mul(g, in[1]) : null, needed[1] ? mul(g, x) : null);
            case DIV: // d(a / b) = (1 / b, -a / b^2); at (1, 0): (+inf, -inf)
                return two(needed[0] ? div(g, in[1]) : null, needed[1] ? mul(g, div(div(neg(x), in[1]), in[1])) : null);
            case POW: { // d(a^b) = (b a^(b-1), a^b log a); log a taken as 0 where a <= 0
                Tensor b = in[1];
                Tensor da = needed[0] ? mul(g, mul(b, pow(x, sub(b, onesLike(b))))) : null;
                Tensor db = null;
                if (needed[1]) {
                    Tensor positive = greater(x, zero(x));
                    Tensor safe = where(positive, x, onesLike(x));
                    db = mul(g, mul(out, where(positive, log(safe), zero(x))));
                }
                return two(da, db);
            }
            case MAXIMUM: { // a tie (a == b) gives all of g to a
                Tensor toA = greaterEqual(x, in[1]);
                return two(where(toA, g, zero(g)), where(toA, zero(g), g));
            }
            case MINIMUM: { // a tie gives all of g to a
                Tensor toA = lessEqual(x, in[1]);
                return two(where(toA, g, zero(g)), where(toA, zero(g), g));
            }
            case EQUAL: case NOT_EQUAL: case GREATER: case GREATER_EQUAL: case LESS: case LESS_EQUAL:
                return new Tensor[in.length]; // not differentiable
            case WHERE: { // the unselected branch gets 0 (0 * inf there still gives NaN, as in TensorFlow)
                Tensor c = x;
                return new Tensor[] {null, where(c, g, zero(g)), where(c, zero(g), g)};
            }
            case REDUCE_SUM: { // every element gets g of its row
                Params.Axes a = (Params.Axes) e.params();
                return one(broadcastTo(keepDims(g, x, a), x.shape().dims()));
            }
            case REDUCE_MAX: case REDUCE_MIN: { // ties share g equally: 1/k to each of k extremes
                Params.Axes a = (Params.Axes) e.params();
                Tensor hit = cast(equal(keepDims(out, x, a), x), g.dtype());
                Tensor count = reduceSum(hit, true, a.axes());
                return one(mul(div(hit, count), keepDims(g, x, a)));
            }
            case MATMUL:
                return matmulVjp((Params.Matmul) e.params(), x, in[1], g, needed);
            case RESHAPE: // same values, original shape
                return one(reshape(g, x.shape().dims()));
            case TRANSPOSE: { // transpose back by the inverse permutation
                int[] perm = ((Params.Perm) e.params()).perm();
                int[] inv = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    inv[perm[i]] = i;
                }
                return one(transpose(g, inv));
            }
            case BROADCAST_TO: // the sum over the repeats is done by Unbroadcast
                return one(g);
            case CONCAT: { // each input gets its own slab of g
                int axis = ((Params.Axis) e.params()).axis();
                Tensor[] r = new Tensor[in.length];
                int at = 0;
                for (int i = 0; i < in.length; i++) {
                    int[] begin = new int[g.rank()];
                    begin[axis] = at;
                    r[i] = needed[i] ? slice(g, begin, in[i].shape().dims()) : null;
                    at += in[i].shape().dim(axis);
                }
                return r;
            }
            case SLICE: { // zeros outside the region
                Params.Region r = (Params.Region) e.params();
                int[] after = new int[x.rank()];
                for (int d = 0; d < after.length; d++) {
                    after[d] = x.shape().dim(d) - r.begin()[d] - r.size()[d];
                }
                return one(pad(g, r.begin(), after));
            }
            case PAD: // the region that was the input
                return one(slice(g, ((Params.Padding) e.params()).before(), x.shape().dims()));
            case CAST: // only between floating dtypes; a cast through an integer cuts the gradient
                return one(x.dtype().isFloating() && out.dtype().isFloating() ? cast(g, x.dtype()) : null);
            case IDENTITY: case READ_VARIABLE: // d x = 1
                return one(g);
            case STOP_GRADIENT: // no gradient by definition
                return one(null);
        }
        throw new AssertionError(e.op());
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

    /** {@code t} (shaped like the reduced output) reshaped so the reduced axes are kept as size 1. */
    private static Tensor keepDims(Tensor t, Tensor x, Params.Axes a) {
        if (a.keepDims()) {
            return t;
        }
        int[] d = x.shape().dims();
        for (int ax : a.axes()) {
            d[ax] = 1;
        }
        return reshape(t, d);
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
