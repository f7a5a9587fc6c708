package io.gradtape.internal.ops;

import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.internal.ops.ShapeRules.broadcast;
import static io.gradtape.internal.ops.ShapeRules.normalizedAxis;
import static io.gradtape.internal.ops.ShapeRules.sameDType;
import static io.gradtape.internal.ops.ShapeRules.shape;

/**
 * The shape rules of the primitives that move values without computing new ones (reshape, transpose,
 * broadcastTo, concat, slice, pad) and of the plumbing (cast, identity, stopGradient, readVariable, a custom
 * gradient's value). Every output dimension that is a sum is computed in {@code long} and checked.
 */
final class MovementShapes {
    private MovementShapes() {
    }

    /** reshape ({@link Params.ToShape}): the same number of elements. */
    static ShapeRules.Out reshape(String op, Params params, Tensor[] in) {
        Shape to = ((Params.ToShape) params).shape();
        if (to.size() != in[0].size()) {
            throw new IllegalArgumentException(op + ": cannot reshape a tensor of shape " + in[0].shape()
                    + " (" + in[0].size() + " elements) to " + to + " (" + to.size() + " elements)");
        }
        return new ShapeRules.Out(in[0].dtype(), to);
    }

    /** transpose ({@link Params.Perm}): a permutation of the input's axes. */
    static ShapeRules.Out transpose(String op, Params params, Tensor[] in) {
        int[] perm = ((Params.Perm) params).perm();
        int[] d = in[0].shape().dims();
        boolean[] seen = new boolean[d.length];
        boolean ok = perm.length == d.length;
        for (int i = 0; ok && i < perm.length; i++) {
            ok = perm[i] >= 0 && perm[i] < d.length && !seen[perm[i]];
            if (ok) {
                seen[perm[i]] = true;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + Arrays.toString(perm) + " is not a permutation of the axes of shape "
                    + in[0].shape());
        }
        int[] o = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            o[i] = d[perm[i]];
        }
        return new ShapeRules.Out(in[0].dtype(), Shape.of(o));
    }

    /** broadcastTo ({@link Params.ToShape}): the input must broadcast to exactly the target. */
    static ShapeRules.Out broadcastTo(String op, Params params, Tensor[] in) {
        Shape to = ((Params.ToShape) params).shape();
        Shape b = broadcast(op, in[0].shape(), to);
        if (!b.equals(to)) {
            throw new IllegalArgumentException(op + ": cannot broadcast shape " + in[0].shape() + " to " + to);
        }
        return new ShapeRules.Out(in[0].dtype(), to);
    }

    /** concat along one axis ({@link Params.Axis}): one dtype and rank, equal dimensions off the axis. */
    static ShapeRules.Out concat(String op, Params params, Tensor[] in) {
        int axis = ((Params.Axis) params).axis();
        Tensor first = in[0];
        normalizedAxis(op, axis, first.shape());
        long[] o = new long[first.rank()];
        for (int d = 0; d < o.length; d++) {
            o[d] = first.shape().dim(d);
        }
        long total = 0;
        for (Tensor t : in) {
            sameDType(op, first, t);
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException(op + ": ranks differ, shapes " + first.shape() + " and " + t.shape());
            }
            for (int d = 0; d < o.length; d++) {
                if (d != axis && t.shape().dim(d) != o[d]) {
                    throw new IllegalArgumentException(op + ": shapes " + first.shape() + " and " + t.shape()
                            + " differ outside axis " + axis);
                }
            }
            total += t.shape().dim(axis);
        }
        o[axis] = total;
        return new ShapeRules.Out(first.dtype(), shape(op, o));
    }

    /**
     * slice ({@link Params.Region}): {@code begin[d] .. begin[d] + size[d]} must lie inside the input's dimension
     * {@code d}, checked in long.
     */
    static ShapeRules.Out slice(String op, Params params, Tensor[] in) {
        Params.Region r = (Params.Region) params;
        Tensor x = in[0];
        int[] b = r.begin();
        int[] sz = r.size();
        Shape s = x.shape();
        boolean ok = b.length == s.rank() && sz.length == s.rank();
        for (int d = 0; ok && d < b.length; d++) {
            ok = b[d] >= 0 && sz[d] >= 0 && (long) b[d] + sz[d] <= s.dim(d);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": begin " + Arrays.toString(b) + " and size " + Arrays.toString(sz)
                    + " do not give a region inside shape " + s + " (one entry per axis, begin >= 0, size >= 0, begin + size <= dimension)");
        }
        return new ShapeRules.Out(x.dtype(), Shape.of(sz));
    }

    /** pad ({@link Params.Padding}): non-negative paddings, one pair per axis; each padded dimension in long. */
    static ShapeRules.Out pad(String op, Params params, Tensor[] in) {
        Params.Padding p = (Params.Padding) params;
        int[] before = p.before();
        int[] after = p.after();
        Shape s = in[0].shape();
        boolean ok = before.length == s.rank() && after.length == s.rank();
        for (int d = 0; ok && d < before.length; d++) {
            ok = before[d] >= 0 && after[d] >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": paddings before " + Arrays.toString(before) + " and after " + Arrays.toString(after)
                    + " must be >= 0, one per axis of shape " + s);
        }
        long[] o = new long[s.rank()];
        for (int d = 0; d < o.length; d++) {
            o[d] = (long) s.dim(d) + before[d] + after[d];
        }
        return new ShapeRules.Out(in[0].dtype(), shape(op, o));
    }

    /** cast ({@link Params.To}): the input's shape in the target dtype. */
    static ShapeRules.Out cast(String op, Params params, Tensor[] in) {
        return new ShapeRules.Out(Objects.requireNonNull(((Params.To) params).dtype(), "cast: dtype is null"), in[0].shape());
    }

    /** identity, stopGradient, readVariable: the input's dtype and shape. */
    static ShapeRules.Out same(String op, Params params, Tensor[] in) {
        return new ShapeRules.Out(in[0].dtype(), in[0].shape());
    }

    /** A custom gradient's op ({@link Params.Custom}): the dtype and shape of the value the function computed. */
    static ShapeRules.Out custom(String op, Params params, Tensor[] in) {
        Tensor v = ((Params.Custom) params).value();
        return new ShapeRules.Out(v.dtype(), v.shape());
    }
}
