package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.Rows.*;

/**
 * The op table's rows for ops along one axis: cumulative sums and products (exclusive, reverse, with zeros), {@code
 * linearScan}, {@code sort} and {@code topK} values (distinct samples: no ties), and the index results {@code
 * argsort}, {@code topK} indices, {@code argmax}, {@code argmin} (integers, no gradient). References are plain
 * loops over {@link NdArray} and {@link LibraryReference}, never gradtape.
 */
public final class ScanSortOpCases {
    private ScanSortOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        for (boolean product : new boolean[] {false, true}) {
            String name = product ? "cumprod" : "cumsum";
            Object[][] variants = {
                // axis, exclusive, reverse, shape
                {0, false, false, s(5)},
                {-1, false, false, s(3, 4)},
                {1, true, false, s(2, 3, 4)},
                {0, false, true, s(3, 4)},
                {1, true, true, s(3, 4)},
                {-1, true, true, s(2, 3, 4)},
            };
            for (Object[] v : variants) {
                int axis = (Integer) v[0];
                boolean exclusive = (Boolean) v[1];
                boolean reverse = (Boolean) v[2];
                OpCase.Builder b = op(name, in -> cumulative(in.get(0), product, axis, exclusive, reverse),
                        in -> LibraryReference.cumulative(in.get(0), axis, product, exclusive, reverse))
                        .variant("axis=" + axis + (exclusive ? " exclusive" : "") + (reverse ? " reverse" : ""))
                        .shapes((int[]) v[3]);
                t.add(product ? b.domain(-1.5, 1.5) : b);
            }
        }
        // the two-argument overloads
        t.add(op("cumsum", in -> cumsum(in.get(0), 0), in -> LibraryReference.cumulative(in.get(0), 0, false, false, false))
                .variant("(x, axis)").shapes(s(4, 3)));
        t.add(op("cumprod", in -> cumprod(in.get(0), -1), in -> LibraryReference.cumulative(in.get(0), -1, true, false, false))
                .variant("(x, axis)").domain(-1.5, 1.5).shapes(s(4, 3)));
        // cumprod's gradient is exact where x has zeros (no division by x), to second order
        t.add(op("cumprod", in -> cumprod(in.get(0), -1), in -> LibraryReference.cumulative(in.get(0), -1, true, false, false))
                .variant("with zeros").domain(-1.5, 1.5).generator(withZeros(0, 5)).shapes(s(2, 5)));
        t.add(op("cumprod", in -> cumprod(in.get(0), 0, true, true), in -> LibraryReference.cumulative(in.get(0), 0, true, true, true))
                .variant("exclusive reverse with zeros").domain(-1.5, 1.5).generator(withZeros(2, 4)).shapes(s(6)));
        // linearScan h[k] = a[k] h[k-1] + b[k]: both inputs differentiated, broadcasting
        Object[][] scans = {
            // axis, reverse, shape a, shape b
            {0, false, s(5), s(5)},
            {-1, true, s(), s(3, 4)},
            {1, false, s(3, 1), s(3, 4)},
            {1, true, s(2, 3, 4), s(2, 3, 4)},
            {0, false, s(3, 4), s(4)},
            {0, true, s(5), s()},
        };
        for (Object[] v : scans) {
            int axis = (Integer) v[0];
            boolean reverse = (Boolean) v[1];
            t.add(op("linearScan", in -> linearScan(in.get(0), in.get(1), axis, reverse),
                    in -> LibraryReference.linearScan(in.get(0), in.get(1), axis, reverse))
                    .variant("axis=" + axis + (reverse ? " reverse" : "")).domain(0, -1.2, 1.2).shapes((int[]) v[2], (int[]) v[3]));
        }
        // sort (values differentiable), argsort (no gradient); distinct values: no ties
        t.add(sort(0, false).shapes(s(5)));
        t.add(sort(-1, true).shapes(s(3, 4)));
        t.add(sort(1, false).shapes(s(2, 3, 4)));
        t.add(sort(0, true).shapes(s(3, 4)));
        t.add(op("argsort", in -> argsort(in.get(0), -1, false), in -> LibraryReference.sortAlong(in.get(0), -1, false, -1, true))
                .variant("axis=-1").distinct().noGradient().outputDType(d -> DType.INT32).shapes(s(3, 4)));
        t.add(op("argsort", in -> argsort(in.get(0), 1, true), in -> LibraryReference.sortAlong(in.get(0), 1, true, -1, true))
                .variant("axis=1 descending").distinct().noGradient().outputDType(d -> DType.INT32).shapes(s(2, 3, 4)));
        // topK: the values (gradient to the selected elements), the indices (none)
        t.add(topK(2).shapes(s(5)));
        t.add(topK(3).shapes(s(3, 4)));
        t.add(topK(4).shapes(s(2, 3, 4)));
        t.add(topK(0).shapes(s(3, 4)));
        t.add(op("topK", in -> Tensors.topK(in.get(0), 2).indices(), in -> LibraryReference.sortAlong(in.get(0), -1, true, 2, true))
                .variant("k=2 indices").distinct().noGradient().outputDType(d -> DType.INT32).shapes(s(3, 4)));
        // argmax / argmin: INT64, no gradient
        for (boolean max : new boolean[] {true, false}) {
            for (Object[] v : new Object[][] {{0, s(5)}, {-1, s(3, 4)}, {1, s(2, 3, 4)}}) {
                int axis = (Integer) v[0];
                t.add(op(max ? "argmax" : "argmin", in -> max ? argmax(in.get(0), axis) : argmin(in.get(0), axis),
                        in -> LibraryReference.argExtreme(in.get(0), axis, max))
                        .variant("axis=" + axis).distinct().noGradient().outputDType(d -> DType.INT64).shapes((int[]) v[1]));
            }
        }

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(op("cumsum", in -> cumsum(in.get(0), 0), in -> LibraryReference.cumulative(in.get(0), 0, false, false, false))
                .variant("empty axis=0").shapes(s(0, 3)));
        t.add(op("cumsum", in -> cumsum(in.get(0), 1, true, false), in -> LibraryReference.cumulative(in.get(0), 1, false, true, false))
                .variant("empty axis=1 exclusive").shapes(s(3, 0)));
        t.add(op("cumprod", in -> cumprod(in.get(0), 1), in -> LibraryReference.cumulative(in.get(0), 1, true, false, false))
                .variant("empty axis=1").shapes(s(3, 0)));
        t.add(op("cumprod", in -> cumprod(in.get(0), 1, true, true), in -> LibraryReference.cumulative(in.get(0), 1, true, true, true))
                .variant("empty exclusive reverse").shapes(s(0, 3)));
        t.add(op("linearScan", in -> linearScan(in.get(0), in.get(1), 1, false),
                in -> LibraryReference.linearScan(in.get(0), in.get(1), 1, false)).variant("empty").shapes(s(3, 0), s(3, 0)));
        t.add(sort(-1, false).variant("empty axis=-1").shapes(s(3, 0)));
        t.add(topK(0).variant("k=0 values empty").shapes(s(2, 0)));
        t.add(op("argmax", in -> argmax(in.get(0), 1), in -> LibraryReference.argExtreme(in.get(0), 1, true))
                .variant("empty axis=1").noGradient().outputDType(d -> DType.INT64).shapes(s(0, 3)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    private static Tensor cumulative(Tensor x, boolean product, int axis, boolean exclusive, boolean reverse) {
        return product ? cumprod(x, axis, exclusive, reverse) : cumsum(x, axis, exclusive, reverse);
    }

    private static OpCase.Builder sort(int axis, boolean descending) {
        return op("sort", in -> Tensors.sort(in.get(0), axis, descending),
                in -> LibraryReference.sortAlong(in.get(0), axis, descending, -1, false))
                .variant("axis=" + axis + (descending ? " descending" : "")).distinct();
    }

    private static OpCase.Builder topK(int k) {
        return op("topK", in -> Tensors.topK(in.get(0), k).values(), in -> LibraryReference.sortAlong(in.get(0), -1, true, k, false))
                .variant("k=" + k + " values").distinct();
    }
}
