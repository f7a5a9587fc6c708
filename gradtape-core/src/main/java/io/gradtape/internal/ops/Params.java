package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;

/**
 * The static (non-tensor) arguments of a primitive, one record type per kind. They are recorded on the tape with
 * the entry, so a derivative rule sees exactly what the forward op saw. Arrays inside are never modified after
 * construction.
 */
public interface Params {
    /** Reduction axes, normalized (non-negative, sorted, unique); {@code keepDims} keeps them as size 1. */
    record Axes(int[] axes, boolean keepDims) implements Params {
    }

    /** A target shape (reshape, broadcastTo). */
    record ToShape(Shape shape) implements Params {
    }

    /** A permutation of the axes (transpose). */
    record Perm(int[] perm) implements Params {
    }

    /** One axis, normalized (concat, gather, argmax, argmin). */
    record Axis(int axis) implements Params {
    }

    /** One axis, normalized, and the order (argsort). Ties keep their original order in both directions. */
    record Sort(int axis, boolean descending) implements Params {
    }

    /**
     * The scan {@code h[k] = a[k] h[k-1] + b[k]} along {@code axis} (normalized against the output's rank), or
     * {@code h[k] = a[k] h[k+1] + b[k]} from the end when {@code reverse}.
     */
    record Scan(int axis, boolean reverse) implements Params {
    }

    /** Where the indices select (normalized axis) and how many slots there are along it (unsortedSegmentSum). */
    record Segments(int axis, int numSegments) implements Params {
    }

    /** A rectangular region: {@code begin[d] .. begin[d] + size[d]} along each axis (slice). */
    record Region(int[] begin, int[] size) implements Params {
    }

    /** Zeros added before and after along each axis (pad). */
    record Padding(int[] before, int[] after) implements Params {
    }

    /** The target dtype (cast). */
    record To(DType dtype) implements Params {
    }

    /**
     * The value a custom-gradient function computed, and its rule: upstream gradient to one gradient per input.
     */
    record Custom(io.gradtape.Tensor value, java.util.function.Function<io.gradtape.Tensor, java.util.List<io.gradtape.Tensor>> rule)
            implements Params {
    }

    /** Whether each operand is transposed (its last two axes swapped) before the product. */
    record Matmul(boolean transposeA, boolean transposeB) implements Params {
        /** The plain product {@code a @ b}. */
        public static final Matmul PLAIN = new Matmul(false, false);
    }

    /** Whether {@code linear} applies relu to {@code x @ kernel + bias} in the same pass. */
    record Linear(boolean relu) implements Params {
        /** The affine map alone. */
        public static final Linear AFFINE = new Linear(false);
        /** The affine map, then relu. */
        public static final Linear RELU = new Linear(true);
    }

    /** Which triangle of the matrix is read, and whether it is transposed: {@code op(T) X = B} (triangularSolve). */
    record TriangularSolve(boolean lower, boolean adjoint) implements Params {
    }

    /** Whether the matrix is transposed: {@code op(A) X = B} (solve). */
    record Adjoint(boolean adjoint) implements Params {
    }

    /**
     * The targets of ctcLoss (see {@code Ctc}): per example {@code b}, {@code labelLength[b]} labels and
     * {@code logitLength[b]} frames; {@code labels} is the {@code (batch, maxLabelLength)} matrix row-major, padding
     * included, each value as TensorFlow's dense ctc_loss reads it after moving the blank to class 0 (a label
     * below the blank gains 1); {@code blank} is the blank's class, normalized.
     */
    record Ctc(long[] labels, int maxLabelLength, int[] labelLength, int[] logitLength, int blank) implements Params {
    }
}
