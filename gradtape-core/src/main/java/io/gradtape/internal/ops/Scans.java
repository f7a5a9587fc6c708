package io.gradtape.internal.ops;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Scans along one axis, all one SCAN primitive {@code h[k] = a[k] h[k-1] + b[k]}: linearScan, cumsum, cumprod. The public entry points are documented on {@code Tensors}.
 */
public final class Scans {
    private Scans() {
    }

    public static Tensor linearScan(Tensor a, Tensor b, int axis, boolean reverse) {
        Objects.requireNonNull(a, "linearScan: a is null");
        Objects.requireNonNull(b, "linearScan: b is null");
        ShapeRules.sameDType("linearScan", a, b);
        ShapeRules.requireNumeric("linearScan", a);
        Shape s = ShapeRules.broadcast("linearScan", a.shape(), b.shape());
        int ax = ShapeRules.axis("linearScan", axis, s.rank(), s);
        return Dispatch.apply(Primitive.SCAN, new Params.Scan(ax, reverse), a, b);
    }

    public static Tensor cumsum(Tensor x, int axis, boolean exclusive, boolean reverse) {
        Objects.requireNonNull(x, "cumsum: x is null");
        ShapeRules.requireNumeric("cumsum", x);
        int ax = ShapeRules.axis("cumsum", axis, x.rank(), x.shape());
        Tensor b = exclusive ? Shift.byOne(x, ax, !reverse) : x;
        return Dispatch.apply(Primitive.SCAN, new Params.Scan(ax, reverse), scalarLike(x, 1), b);
    }

    public static Tensor cumprod(Tensor x, int axis, boolean exclusive, boolean reverse) {
        Objects.requireNonNull(x, "cumprod: x is null");
        ShapeRules.requireNumeric("cumprod", x);
        int ax = ShapeRules.axis("cumprod", axis, x.rank(), x.shape());
        int n = x.shape().dim(ax);
        if (n == 0) {
            return identity(x);
        }
        // h[k] = a[k] h[k-1] + b[k] with h[-1] = 0: b holds the starting value at the first step and 0 elsewhere.
        int firstStep = reverse ? n - 1 : 0;
        Tensor a;
        Tensor b;
        if (exclusive) {
            a = Shift.byOne(x, ax, !reverse);            // a[k] = x[k-1] (x[k+1] reversed)
            int[] unitDims = new int[x.rank()];
            Arrays.fill(unitDims, 1);
            unitDims[ax] = n;
            Object e = Convert.allocate(x.dtype(), n);
            Convert.copy(Convert.array(new double[] {1}, x.dtype()), 0, e, firstStep);
            b = TensorAccess.make(x.dtype(), Shape.of(unitDims), e); // 1 at the first step
        } else {
            a = x;
            int[] begin = new int[x.rank()];
            begin[ax] = firstStep;
            int[] size = x.shape().dims();
            size[ax] = 1;
            int[] before = new int[x.rank()];
            int[] after = new int[x.rank()];
            (reverse ? before : after)[ax] = n - 1;
            b = pad(slice(x, begin, size), before, after); // x at the first step
        }
        return Dispatch.apply(Primitive.SCAN, new Params.Scan(ax, reverse), a, b);
    }
}
