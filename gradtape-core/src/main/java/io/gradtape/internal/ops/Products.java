package io.gradtape.internal.ops;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * The matrix product: argument checks and the choice of transpose flags for MATMUL, and tensordot, which is one
 * matmul between transposes and reshapes. The public entry points are documented on {@code Tensors}.
 */
public final class Products {
    private Products() {
    }

    public static Tensor linear(Tensor x, Tensor kernel, Tensor bias, String activation) {
        Objects.requireNonNull(x, "linear: x is null");
        Objects.requireNonNull(kernel, "linear: kernel is null");
        Objects.requireNonNull(bias, "linear: bias is null");
        Params.Linear p;
        if (activation == null || activation.equals("linear")) {
            p = Params.Linear.AFFINE;
        } else if (activation.equals("relu")) {
            p = Params.Linear.RELU;
        } else {
            throw new IllegalArgumentException("linear: activation must be null, \"linear\" or \"relu\", got \"" + activation
                    + "\"; apply other activations to linear's result");
        }
        return Dispatch.apply(Primitive.LINEAR, p, x, kernel, bias);
    }

    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Objects.requireNonNull(a, "matmul: first operand is null");
        Objects.requireNonNull(b, "matmul: second operand is null");
        Params.Matmul flags = !transposeA && !transposeB ? Params.Matmul.PLAIN : new Params.Matmul(transposeA, transposeB);
        return Dispatch.apply(Primitive.MATMUL, flags, a, b);
    }

    public static Tensor tensordot(Tensor a, Tensor b, int axes) {
        Objects.requireNonNull(a, "tensordot: a is null");
        Objects.requireNonNull(b, "tensordot: b is null");
        if (axes < 0 || axes > a.rank() || axes > b.rank()) {
            throw new IllegalArgumentException("tensordot: axes = " + axes + " must be in [0, " + Math.min(a.rank(), b.rank())
                    + "] for shapes " + a.shape() + " and " + b.shape() + " (the last axes of a against the first of b)");
        }
        int[] aAxes = new int[axes];
        int[] bAxes = new int[axes];
        for (int i = 0; i < axes; i++) {
            aAxes[i] = a.rank() - axes + i;
            bAxes[i] = i;
        }
        return tensordot(a, b, aAxes, bAxes);
    }

    public static Tensor tensordot(Tensor a, Tensor b, int[] aAxes, int[] bAxes) {
        Objects.requireNonNull(a, "tensordot: a is null");
        Objects.requireNonNull(b, "tensordot: b is null");
        Objects.requireNonNull(aAxes, "tensordot: aAxes is null");
        Objects.requireNonNull(bAxes, "tensordot: bAxes is null");
        ShapeRules.sameDType("tensordot", a, b);
        ShapeRules.requireFloating("tensordot", a);
        if (aAxes.length != bAxes.length) {
            throw new IllegalArgumentException("tensordot: " + aAxes.length + " axes of a " + java.util.Arrays.toString(aAxes)
                    + " against " + bAxes.length + " of b " + java.util.Arrays.toString(bAxes) + "; they pair up, so the counts must agree");
        }
        int[] ca = contractedAxes(a, aAxes, "aAxes");
        int[] cb = contractedAxes(b, bAxes, "bAxes");
        for (int i = 0; i < ca.length; i++) {
            if (a.shape().dim(ca[i]) != b.shape().dim(cb[i])) {
                throw new IllegalArgumentException("tensordot: axis " + aAxes[i] + " of a " + a.shape() + " has size "
                        + a.shape().dim(ca[i]) + " but axis " + bAxes[i] + " of b " + b.shape() + " has size " + b.shape().dim(cb[i]));
            }
        }
        int[] freeA = freeAxes(a.rank(), ca);
        int[] freeB = freeAxes(b.rank(), cb);
        int k = 1;
        for (int ax : ca) {
            k *= a.shape().dim(ax);
        }
        int m = 1;
        int[] outDims = new int[freeA.length + freeB.length];
        for (int i = 0; i < freeA.length; i++) {
            outDims[i] = a.shape().dim(freeA[i]);
            m *= outDims[i];
        }
        int n = 1;
        for (int i = 0; i < freeB.length; i++) {
            outDims[freeA.length + i] = b.shape().dim(freeB[i]);
            n *= outDims[freeA.length + i];
        }
        // the result's size is checked here, so that a too large one is named as tensordot's with its own shape, not
        // as the matmul's (m, n) of flattened free axes
        ShapeRules.shape("tensordot", outDims);
        Tensor ma = reshape(transpose(a, concat(freeA, ca)), m, k);
        Tensor mb = reshape(transpose(b, concat(cb, freeB)), k, n);
        return reshape(Tensors.matmul(ma, mb), outDims);
    }

    /**
     * The contraction axes of {@code x}, made non-negative by {@link ShapeRules#axis} (the error names the list);
     * none twice. Their order is kept: it pairs them with the other operand's.
     */
    private static int[] contractedAxes(Tensor x, int[] axes, String name) {
        int r = x.rank();
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[r];
        String op = "tensordot (" + name + " " + java.util.Arrays.toString(axes) + ")";
        for (int i = 0; i < axes.length; i++) {
            int ax = ShapeRules.axis(op, axes[i], r, x.shape());
            if (seen[ax]) {
                throw new IllegalArgumentException("tensordot: " + name + " " + java.util.Arrays.toString(axes) + " names axis "
                        + ax + " twice (shape " + x.shape() + ")");
            }
            seen[ax] = true;
            out[i] = ax;
        }
        return out;
    }

    /** The axes {@code 0 .. rank-1} not in {@code used}, ascending. */
    private static int[] freeAxes(int rank, int[] used) {
        int[] free = new int[rank - used.length];
        int f = 0;
        for (int d = 0; d < rank; d++) {
            boolean in = false;
            for (int u : used) {
                in |= u == d;
            }
            if (!in) {
                free[f++] = d;
            }
        }
        return free;
    }

    private static int[] concat(int[] x, int[] y) {
        int[] r = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }
}
