package io.gradtape.internal.ops;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;

import static io.gradtape.internal.ops.ShapeRules.normalizedAxis;
import static io.gradtape.internal.ops.ShapeRules.requireIndices;
import static io.gradtape.internal.ops.ShapeRules.requireNumeric;
import static io.gradtape.internal.ops.ShapeRules.shape;

/**
 * The shape rules of gather and its transpose, unsortedSegmentSum. Besides the shapes they check the index
 * values: the values decide which elements exist, so an index out of range is the caller's mistake, reported
 * before anything is read or recorded.
 */
final class IndexShapes {
    private IndexShapes() {
    }

    /** gather ({@link Params.Axis}): {@code params[:axis] + indices.shape + params[axis+1:]}; integer indices. */
    static ShapeRules.Out gather(String op, Params axisParam, Tensor[] in) {
        int axis = ((Params.Axis) axisParam).axis();
        Tensor params = in[0];
        Tensor indices = in[1];
        requireIndices(op, indices);
        int[] p = params.shape().dims();
        normalizedAxis(op, axis, params.shape());
        int[] ix = indices.shape().dims();
        checkIndices(op, indices, p[axis], "for axis " + axis + " of params with shape " + params.shape());
        int[] o = new int[p.length - 1 + ix.length];
        System.arraycopy(p, 0, o, 0, axis);
        System.arraycopy(ix, 0, o, axis, ix.length);
        System.arraycopy(p, axis + 1, o, axis + ix.length, p.length - axis - 1);
        return new ShapeRules.Out(params.dtype(), shape(op, o));
    }

    /**
     * unsortedSegmentSum ({@link Params.Segments}), the inverse shape map of gather: the ids' axes inside the
     * data become one axis of {@code numSegments}.
     */
    static ShapeRules.Out scatterAdd(String op, Params params, Tensor[] in) {
        Params.Segments seg = (Params.Segments) params;
        Tensor updates = in[0];
        Tensor ids = in[1];
        requireNumeric(op, updates);
        requireIndices(op, ids);
        int[] u = updates.shape().dims();
        int[] ix = ids.shape().dims();
        int axis = seg.axis();
        boolean fits = axis >= 0 && axis + ix.length <= u.length;
        for (int i = 0; fits && i < ix.length; i++) {
            fits = u[axis + i] == ix[i];
        }
        if (!fits || seg.numSegments() < 0) {
            throw new IllegalArgumentException(op + ": segment ids of shape " + ids.shape() + " must match the dimensions of data "
                    + updates.shape() + " starting at axis " + axis + " (and numSegments " + seg.numSegments() + " must be >= 0)");
        }
        checkIndices(op, ids, seg.numSegments(), "(numSegments " + seg.numSegments() + ", data shape " + updates.shape() + ")");
        int[] o = new int[u.length - ix.length + 1];
        System.arraycopy(u, 0, o, 0, axis);
        o[axis] = seg.numSegments();
        System.arraycopy(u, axis + ix.length, o, axis + 1, u.length - axis - ix.length);
        return new ShapeRules.Out(updates.dtype(), shape(op, o));
    }

    /**
     * Every index value must lie in {@code [0, n)}. Index values are data, but they decide which elements exist,
     * so they are checked here, before a variable is read or anything is recorded (a variable holding indices
     * is looked at without a recorded read).
     */
    static void checkIndices(String op, Tensor indices, int n, String what) {
        Tensor t = indices instanceof Variable ? TensorAccess.peekValue((Variable) indices) : indices;
        Object d = TensorAccess.data(t);
        int size = t.size();
        for (int i = 0; i < size; i++) {
            long v = d instanceof int[] ? ((int[]) d)[i] : ((long[]) d)[i];
            if (v < 0 || v >= n) {
                throw new IllegalArgumentException(op + ": index " + v + " (at position " + i + " of indices with shape "
                        + indices.shape() + ") is out of range [0, " + n + ") " + what);
            }
        }
    }
}
