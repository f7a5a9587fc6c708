package io.gradtape.internal.linalg;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Arrays;

/**
 * The shape rules of the linear-algebra primitives: floating dtypes, matrices in the last two axes, batches in the
 * leading ones (broadcast between the two operands of a solve, as matmul's). Errors name the op and the shapes.
 */
public final class LinalgShapes {
    private LinalgShapes() {
    }

    /** A floating tensor of rank >= 2. */
    private static void matrix(String op, Tensor a) {
        ShapeRules.requireFloating(op, a);
        if (a.rank() < 2) {
            throw new IllegalArgumentException(op + ": expected a matrix or a batch of matrices (rank >= 2), got shape " + a.shape());
        }
    }

    /** A floating tensor whose last two dimensions are equal. */
    private static int square(String op, Tensor a) {
        matrix(op, a);
        int n = a.shape().dim(-1);
        if (a.shape().dim(-2) != n) {
            throw new IllegalArgumentException(op + ": expected square matrices, got shape " + a.shape());
        }
        return n;
    }

    private static Shape with(Shape batch, int... last) {
        int[] o = Arrays.copyOf(batch.dims(), batch.rank() + last.length);
        System.arraycopy(last, 0, o, batch.rank(), last.length);
        return Shape.of(o);
    }

    /** Cholesky: the input's shape. */
    public static ShapeRules.Out cholesky(Tensor a) {
        square("cholesky", a);
        return new ShapeRules.Out(a.dtype(), a.shape());
    }

    /** A solve of square {@code a} against {@code b} with matching rows: the broadcast batch, then {@code b}'s last two. */
    public static ShapeRules.Out solve(String op, Tensor a, Tensor b) {
        int n = square(op, a);
        matrix(op, b);
        ShapeRules.sameDType(op, a, b);
        if (b.shape().dim(-2) != n) {
            throw new IllegalArgumentException(op + ": the right-hand side " + b.shape() + " must have " + n
                    + " rows to match the matrix " + a.shape());
        }
        Shape batch;
        try {
            batch = ShapeRules.broadcast(op, ShapeRules.batchShape(a.shape()), ShapeRules.batchShape(b.shape()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": batch dimensions of " + a.shape() + " and " + b.shape()
                    + " are not broadcast-compatible");
        }
        return new ShapeRules.Out(a.dtype(), with(batch, n, b.shape().dim(-1)));
    }

    /** logAbsDet: the batch shape. */
    public static ShapeRules.Out logAbsDet(Tensor a) {
        square("logAbsDet", a);
        return new ShapeRules.Out(a.dtype(), ShapeRules.batchShape(a.shape()));
    }

    /** QR packed: {@code (m + n) x min(m, n)}. */
    public static ShapeRules.Out qr(Tensor a) {
        matrix("qr", a);
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        return new ShapeRules.Out(a.dtype(), with(ShapeRules.batchShape(a.shape()), m + n, Math.min(m, n)));
    }

    /** eigh packed: {@code (n + 1) x n}. */
    public static ShapeRules.Out eigh(Tensor a) {
        int n = square("eigh", a);
        return new ShapeRules.Out(a.dtype(), with(ShapeRules.batchShape(a.shape()), n + 1, n));
    }

    /** SVD packed: {@code (1 + m + n) x min(m, n)}. */
    public static ShapeRules.Out svd(Tensor a) {
        matrix("svd", a);
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        return new ShapeRules.Out(a.dtype(), with(ShapeRules.batchShape(a.shape()), 1 + m + n, Math.min(m, n)));
    }
}
