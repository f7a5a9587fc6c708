package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.OpCase.unary;

/**
 * The op table for the op library of issue 3 ({@code Tensors} after "more elementwise math", and {@code NN}): one
 * line per public op and per meaningful variant (axes, flags, padding, strides), each with a plain-Java reference
 * from {@link LibraryReference} or {@link NdArray}, never gradtape.
 *
 * <p>Conventions of these rows:
 * <ul>
 *   <li>Integer inputs (indices, segment ids, sparse labels) are constants of the row, made inside the op; the
 *       driver's inputs are the floating operands only. {@code oneHot}, {@code argmax}, {@code argmin},
 *       {@code argsort}, topK's indices and {@code floor ceil round} have no gradient (null, as TensorFlow).</li>
 *   <li>Domains keep finite differences valid: sorts, top-k, argmax and max pooling sample distinct values (no
 *       ties); clips, leaky ReLU, ELU and SELU stay off their kinks; norms and clip-by-norm stay off zero and off
 *       the clipping radius, except the {@code zero} rows, which check the safe gradient at 0 to first order.</li>
 *   <li>Ops with several results (unstack, split) are checked one result per row; topK by its values.</li>
 * </ul>
 */
public final class LibraryOpCases {
    private LibraryOpCases() {
    }

    /** Every library case. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        math(t);
        scans(t);
        indexing(t);
        movement(t);
        einsum(t);
        activations(t);
        losses(t);
        convolution(t);
        smoothPoints(t);
        empty(t);
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ elementwise math

    private static void math(List<OpCase.Builder> t) {
        t.add(unary("log1p", Tensors::log1p, Math::log1p).domain(-0.5, 3));
        t.add(unary("log1p", Tensors::log1p, Math::log1p).variant("near 0").domain(-1e-6, 1e-6)
                .tol64(0, 1e-13).tol32(0, 1e-6).shapes(s(3, 4)));
        t.add(unary("expm1", Tensors::expm1, Math::expm1).domain(-2, 2));
        t.add(unary("expm1", Tensors::expm1, Math::expm1).variant("near 0").domain(-1e-6, 1e-6)
                .tol64(0, 1e-13).tol32(0, 1e-6).shapes(s(3, 4)));
        t.add(unary("erf", Tensors::erf, LibraryReference::erf).domain(-3, 3));
        t.add(unary("erf", Tensors::erf, LibraryReference::erf).variant("tails").domain(-6, 6).shapes(s(4, 5)));
        t.add(unary("rsqrt", Tensors::rsqrt, x -> 1 / Math.sqrt(x)).domain(0.2, 4));
        t.add(unary("reciprocal", Tensors::reciprocal, x -> 1 / x).avoid(0, 0.3));
        t.add(unary("floor", Tensors::floor, Math::floor).noGradient());
        t.add(unary("ceil", Tensors::ceil, Math::ceil).noGradient());
        t.add(unary("round", Tensors::round, Math::rint).noGradient());
        t.add(unary("round", Tensors::round, Math::rint).variant("halves to even").noGradient().shapes(s(4, 5))
                .generator(halves()));

        // clipByValue: scalar bounds, and tensor bounds that broadcast with x (each gets the clipped elements' g)
        t.add(unary("clipByValue", x -> clipByValue(x, -1, 1), x -> Math.max(-1, Math.min(1, x)))
                .variant("[-1, 1]").avoid(-1, 0.02).avoid(1, 0.02));
        t.add(op("clipByValue", in -> clipByValue(in.get(0), in.get(1), in.get(2)),
                in -> LibraryReference.zipAll(in, v -> Math.max(Math.min(v[0], v[2]), v[1])))
                .variant("tensor bounds").domain(1, -2, -0.3).domain(2, 0.3, 2)
                .validIf(offBounds()).shapes(s(3, 4), s(3, 1), s(1, 4)).shapes(s(4), s(3, 4), s()).shapes(s(), s(), s()));

        // clipByNorm: clipped, unclipped, per slice (mixed), scalar; off the radius
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 2), in -> LibraryReference.clipByNorm(in.get(0), 2))
                .variant("clip=2 (clipped)").domain(-1.5, 1.5).validIf(normsAwayFrom(2, 0.1)).shapes(s(3, 4)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 10), in -> LibraryReference.clipByNorm(in.get(0), 10))
                .variant("clip=10 (unclipped)").domain(-1.5, 1.5).validIf(normsAwayFrom(10, 0.1)).shapes(s(3, 4)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1, 1), in -> LibraryReference.clipByNorm(in.get(0), 1, 1))
                .variant("clip=1 axes=[1]").domain(-1, 1).validIf(normsAwayFrom(1, 0.05, 1)).shapes(s(3, 4)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1.5, 0, -1), in -> LibraryReference.clipByNorm(in.get(0), 1.5, 0, 2))
                .variant("clip=1.5 axes=[0, -1]").domain(-0.8, 0.8).validIf(normsAwayFrom(1.5, 0.05, 0, 2)).shapes(s(2, 3, 4)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1), in -> LibraryReference.clipByNorm(in.get(0), 1))
                .variant("clip=1").avoid(0, 0.05).avoid(1, 0.05).avoid(-1, 0.05).shapes(s()));

        // norm: off zero, and the safe gradient at zero (first order: the Hessian is unbounded there)
        t.add(op("norm", in -> norm(in.get(0)), in -> LibraryReference.norm(in.get(0), false)).shapes(s(5)).shapes(s(3, 4)));
        t.add(op("norm", in -> norm(in.get(0), false, -1), in -> LibraryReference.norm(in.get(0), false, -1))
                .variant("axes=[-1]").shapes(s(3, 4)));
        t.add(op("norm", in -> norm(in.get(0), true, 0), in -> LibraryReference.norm(in.get(0), true, 0))
                .variant("axes=[0] keepDims").shapes(s(3, 4)));
        t.add(op("norm", in -> norm(in.get(0), true), in -> LibraryReference.norm(in.get(0), true))
                .variant("axes=[] keepDims").shapes(s(3, 4)));
        t.add(op("norm", in -> norm(in.get(0), false, 0, 2), in -> LibraryReference.norm(in.get(0), false, 0, 2))
                .variant("axes=[0, 2]").shapes(s(2, 3, 4)));
        t.add(op("norm", in -> norm(in.get(0)), in -> LibraryReference.norm(in.get(0), false))
                .variant("zero").maxOrder(1).generator(zeroRows(-1)).shapes(s(4)));
        t.add(op("norm", in -> norm(in.get(0), false, -1), in -> LibraryReference.norm(in.get(0), false, -1))
                .variant("axes=[-1] row 1 zero").maxOrder(1).generator(zeroRows(1)).shapes(s(3, 4)));

        // logSumExp, also where exp overflows or underflows
        t.add(op("logSumExp", in -> logSumExp(in.get(0)), in -> LibraryReference.logSumExp(in.get(0), false))
                .shapes(s(3, 4)).shapes(s()));
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("axes=[-1]").shapes(s(3, 4)));
        t.add(op("logSumExp", in -> logSumExp(in.get(0), true, 1), in -> LibraryReference.logSumExp(in.get(0), true, 1))
                .variant("axes=[1] keepDims").shapes(s(2, 3, 4)));
        t.add(op("logSumExp", in -> logSumExp(in.get(0), true), in -> LibraryReference.logSumExp(in.get(0), true))
                .variant("axes=[] keepDims").shapes(s(3, 4)));
        t.add(op("logSumExp", in -> logSumExp(in.get(0), 0, 2), in -> LibraryReference.logSumExp(in.get(0), false, 0, 2))
                .variant("axes=[0, 2]").shapes(s(2, 3, 4)));
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("axes=[-1] x~1000").domain(995, 1000).shapes(s(3, 4)));
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("axes=[-1] x~-1000").domain(-1000, -995).shapes(s(3, 4)));
    }

    // ------------------------------------------------------------------------------------ scans and sorting

    private static void scans(List<OpCase.Builder> t) {
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
    }

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

    // ------------------------------------------------------------------------------------ indexing

    private static void indexing(List<OpCase.Builder> t) {
        // gather: repeated indices add up in the gradient
        t.add(op("gather", in -> gather(in.get(0), ints(new int[] {3, 0, 3, 1}, 4)),
                in -> LibraryReference.gather(in.get(0), new int[] {3, 0, 3, 1}, s(4), 0))
                .variant("idx=[3, 0, 3, 1]").shapes(s(5)));
        t.add(gatherRow(new int[] {2, 0, 2, 3}, s(2, 2), 0, false).shapes(s(4, 3)));
        t.add(gatherRow(new int[] {2, 2, 0}, s(3), 1, false).shapes(s(3, 4)));
        t.add(gatherRow(new int[] {3, 1}, s(2), -1, true).shapes(s(2, 3, 4)));
        t.add(gatherRow(new int[] {1}, s(), 0, false).shapes(s(3, 4)));

        // gatherNd: elements (repeated), rows, slices of a rank-3 tensor, one element
        t.add(gatherNd(new int[] {0, 1, 2, 3, 0, 1}, s(3, 2)).shapes(s(3, 4)));
        t.add(gatherNd(new int[] {2, 0}, s(2, 1)).shapes(s(3, 4)));
        t.add(gatherNd(new int[] {0, 1, 1, 2, 1, 0, 0, 1}, s(2, 2, 2)).shapes(s(2, 3, 4)));
        t.add(gatherNd(new int[] {1, 2}, s(2)).shapes(s(2, 3)));

        // unsortedSegmentSum: an empty segment, a middle axis, rank-2 ids, int64 ids
        t.add(op("unsortedSegmentSum", in -> unsortedSegmentSum(in.get(0), ints(new int[] {1, 0, 1, 3, 1}, 5), 4),
                in -> LibraryReference.segmentSum(in.get(0), new int[] {1, 0, 1, 3, 1}, s(5), 4, 0))
                .variant("ids=[1, 0, 1, 3, 1] n=4").shapes(s(5)));
        t.add(segmentSum(new int[] {0, 2, 0, 1}, s(4), 3, 0, false).shapes(s(4, 3)));
        t.add(segmentSum(new int[] {0, 0, 1}, s(3), 2, 1, false).shapes(s(2, 3, 4)));
        t.add(segmentSum(new int[] {0, 2, 2, 1, 0, 2}, s(2, 3), 3, 0, false).shapes(s(2, 3, 4)));
        t.add(segmentSum(new int[] {1, 1, 0, 1}, s(4), 2, -1, true).shapes(s(3, 4)));
        t.add(segmentSum(new int[] {2, 0, 2, 1, 0, 0, 2, 2, 1, 1, 0, 2}, s(3, 4), 3, -2, false).shapes(s(2, 3, 4)));

        // stridedSlice: Python's rules, negative strides, clamping, masks, an empty result
        t.add(stridedSlice(s(1), s(5), s(2), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(4), s(0), s(-1), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(-1), s(-10), s(-2), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(0), s(0), s(-1), 1, 1).shapes(s(6)));
        t.add(stridedSlice(s(0), s(0), s(-2), 1, 1).shapes(s(4)));
        t.add(stridedSlice(s(1, -1, 0), s(2, -3, 3), s(1, -1, 1), 0, 0).shapes(s(3, 2, 3)));
        t.add(stridedSlice(s(0, 4), s(4, 0), s(2, -2), 0, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(1), s(3), s(1), 0, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(3, 0), s(1, 5), s(1, 1), 0, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(0, 0, 3), s(2, 3, 0), s(1, 2, -1), 0, 0b100).shapes(s(2, 3, 4)));
        t.add(stridedSlice(s(-2, 1), s(0, 9), s(-1, 3), 0b01, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(10), s(-10), s(-3), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(-100), s(100), s(1), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(0, 0, 0), s(0, 0, 0), s(-1, -2, -3), 0b111, 0b111).shapes(s(2, 3, 4)));

        // oneHot: an index outside [0, depth) gives a row of zeros; float32 whatever the indices; no gradient
        t.add(oneHot(4, DType.INT32).shapes(s(5)));
        t.add(oneHot(3, DType.INT64).shapes(s(2, 3)));
        t.add(oneHot(3, DType.INT32).shapes(s()));
    }

    private static OpCase.Builder gatherRow(int[] idx, int[] idxShape, int axis, boolean int64) {
        return op("gather", in -> gather(in.get(0), indices(idx, idxShape, int64), axis),
                in -> LibraryReference.gather(in.get(0), idx, idxShape, axis))
                .variant("idx=" + Arrays.toString(idx) + " " + NdArray.format(idxShape) + " axis=" + axis + (int64 ? " int64" : ""));
    }

    private static OpCase.Builder gatherNd(int[] idx, int[] idxShape) {
        return op("gatherNd", in -> Tensors.gatherNd(in.get(0), indices(idx, idxShape, false)),
                in -> LibraryReference.gatherNd(in.get(0), idx, idxShape))
                .variant("idx=" + Arrays.toString(idx) + " " + NdArray.format(idxShape));
    }

    private static OpCase.Builder segmentSum(int[] ids, int[] idsShape, int n, int axis, boolean int64) {
        return op("unsortedSegmentSum", in -> unsortedSegmentSum(in.get(0), indices(ids, idsShape, int64), n, axis),
                in -> LibraryReference.segmentSum(in.get(0), ids, idsShape, n, axis < 0 ? axis + in.get(0).rank() : axis))
                .variant("ids=" + Arrays.toString(ids) + " " + NdArray.format(idsShape) + " n=" + n + " axis=" + axis
                        + (int64 ? " int64" : ""));
    }

    private static OpCase.Builder stridedSlice(int[] begin, int[] end, int[] strides, int beginMask, int endMask) {
        boolean masks = beginMask != 0 || endMask != 0;
        return op("stridedSlice",
                in -> masks ? Tensors.stridedSlice(in.get(0), begin, end, strides, beginMask, endMask)
                        : Tensors.stridedSlice(in.get(0), begin, end, strides),
                in -> LibraryReference.stridedSlice(in.get(0), begin, end, strides, beginMask, endMask))
                .variant("begin=" + Arrays.toString(begin) + " end=" + Arrays.toString(end) + " strides=" + Arrays.toString(strides)
                        + (masks ? " masks=" + beginMask + "," + endMask : ""));
    }

    private static OpCase.Builder oneHot(int depth, DType indexType) {
        return op("oneHot", in -> Tensors.oneHot(cast(in.get(0), indexType), depth), in -> LibraryReference.oneHot(in.get(0), depth))
                .variant("depth=" + depth + " " + indexType).integers(-1, depth).noGradient().outputDType(d -> DType.FLOAT32);
    }

    // ------------------------------------------------------------------------------------ movement

    private static void movement(List<OpCase.Builder> t) {
        t.add(stack(0).shapes(s(3, 4), s(3, 4), s(3, 4)).shapes(s(), s()));
        t.add(stack(-1).shapes(s(3, 4), s(3, 4), s(3, 4)));
        t.add(stack(1).shapes(s(2, 3), s(2, 3)));
        t.add(stack(2).shapes(s(2, 3)));

        t.add(unstack(1, 1).shapes(s(2, 3, 4)));
        t.add(unstack(-1, 3).shapes(s(3, 4)));
        t.add(unstack(0, 2).shapes(s(3)));
        t.add(unstack(0, 0).shapes(s(2, 3, 4)));

        t.add(op("split", in -> split(in.get(0), 3, 1).get(1), in -> LibraryReference.range(in.get(0), 1, 2, 4))
                .variant("3 parts axis=1 [1]").shapes(s(2, 6)));
        t.add(op("split", in -> split(in.get(0), 4, 0).get(3), in -> LibraryReference.range(in.get(0), 0, 3, 4))
                .variant("4 parts axis=0 [3]").shapes(s(4)));
        t.add(op("split", in -> split(in.get(0), new int[] {1, -1, 2}, 0).get(1), in -> LibraryReference.range(in.get(0), 0, 1, 3))
                .variant("sizes=[1, -1, 2] axis=0 [1]").shapes(s(5, 3)));
        t.add(op("split", in -> split(in.get(0), new int[] {2, 1}, -1).get(0), in -> LibraryReference.range(in.get(0), -1, 0, 2))
                .variant("sizes=[2, 1] axis=-1 [0]").shapes(s(5, 3)));
        t.add(op("split", in -> split(in.get(0), new int[] {2, 0, 2}, 0).get(1), in -> LibraryReference.range(in.get(0), 0, 2, 2))
                .variant("sizes=[2, 0, 2] axis=0 [1] (empty)").shapes(s(4, 2)));

        t.add(op("squeeze", in -> squeeze(in.get(0)), in -> LibraryReference.withShape(in.get(0), 3, 4))
                .variant("all").shapes(s(1, 3, 1, 4)));
        t.add(op("squeeze", in -> squeeze(in.get(0), 2), in -> LibraryReference.withShape(in.get(0), 1, 3, 4))
                .variant("axes=[2]").shapes(s(1, 3, 1, 4)));
        t.add(op("squeeze", in -> squeeze(in.get(0), 0, -2), in -> LibraryReference.withShape(in.get(0), 3, 4))
                .variant("axes=[0, -2]").shapes(s(1, 3, 1, 4)));
        t.add(op("squeeze", in -> squeeze(in.get(0)), in -> LibraryReference.withShape(in.get(0)))
                .variant("all to scalar").shapes(s(1, 1)));

        t.add(op("expandDims", in -> expandDims(in.get(0), 0), in -> LibraryReference.withShape(in.get(0), 1, 3, 4))
                .variant("axis=0").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), -1), in -> LibraryReference.withShape(in.get(0), 3, 4, 1))
                .variant("axis=-1").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), 1), in -> LibraryReference.withShape(in.get(0), 3, 1, 4))
                .variant("axis=1").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), -2), in -> LibraryReference.withShape(in.get(0), 3, 1, 4))
                .variant("axis=-2").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), 0), in -> LibraryReference.withShape(in.get(0), 1))
                .variant("axis=0").shapes(s()));

        t.add(tile(2, 1).shapes(s(2, 3)));
        t.add(tile(1, 3).shapes(s(2, 3)));
        t.add(tile(2, 2).shapes(s(2, 3)));
        t.add(tile(1, 2, 2).shapes(s(2, 1, 3)));
        t.add(tile(0).shapes(s(3)));
        t.add(tile().shapes(s()));

        t.add(reverse(0).shapes(s(5)));
        t.add(reverse(1).shapes(s(3, 4)));
        t.add(reverse(0, 2).shapes(s(2, 3, 4)));
        t.add(reverse(-1).shapes(s(3, 4)));
        t.add(reverse().shapes(s(3, 4)));
    }

    private static OpCase.Builder stack(int axis) {
        return op("stack", in -> Tensors.stack(in, axis), in -> LibraryReference.stack(in, axis)).variant("axis=" + axis);
    }

    private static OpCase.Builder unstack(int axis, int i) {
        return op("unstack", in -> Tensors.unstack(in.get(0), axis).get(i), in -> LibraryReference.unstack(in.get(0), axis, i))
                .variant("axis=" + axis + " [" + i + "]");
    }

    private static OpCase.Builder tile(int... multiples) {
        return op("tile", in -> Tensors.tile(in.get(0), multiples), in -> LibraryReference.tile(in.get(0), multiples))
                .variant("multiples=" + Arrays.toString(multiples));
    }

    private static OpCase.Builder reverse(int... axes) {
        return op("reverse", in -> Tensors.reverse(in.get(0), axes), in -> LibraryReference.reverse(in.get(0), axes))
                .variant("axes=" + Arrays.toString(axes));
    }

    // ------------------------------------------------------------------------------------ einsum

    private static void einsum(List<OpCase.Builder> t) {
        t.add(einsum2("ij,jk->ik").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bij,bjk->bik").shapes(s(2, 3, 4), s(2, 4, 2)));
        t.add(einsum2("i,j->ij").shapes(s(3), s(4)));
        t.add(einsum2("i,i->").shapes(s(5), s(5)));
        t.add(einsum2("ij,ij->i").shapes(s(3, 4), s(3, 4)));
        t.add(einsum2("ij,kj->ik").shapes(s(3, 4), s(2, 4)));
        t.add(einsum2("ij,jk->ki").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("ij,jk").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bij,bkj->bik").shapes(s(2, 3, 4), s(2, 2, 4)));
        t.add(einsum2("ij,jk->i").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bi,bj->bij").shapes(s(2, 3), s(2, 4)));
        t.add(einsum2("ij,jk->ijk").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bij,jk->bik").shapes(s(2, 3, 4), s(4, 2)));
        t.add(einsum2("ijk,jil->kl").shapes(s(2, 3, 4), s(3, 2, 2)));
        t.add(einsum2("i,ij->j").shapes(s(3), s(3, 4)));
        t.add(einsum2("ab,ab->").shapes(s(3, 4), s(3, 4)));
        t.add(einsum2("ij,k->ikj").shapes(s(2, 3), s(4)));
        t.add(einsum2("abc,cd->abd").shapes(s(2, 3, 4), s(4, 2)));
        t.add(einsum2("ba,cb->ac").shapes(s(4, 3), s(2, 4)));
        t.add(einsum2("ij,kl->ik").shapes(s(2, 3), s(4, 2)));
        t.add(einsum2("ij,kl->").shapes(s(2, 3), s(4, 2)));
        t.add(einsum2("ij,ji").shapes(s(3, 4), s(4, 3)));
        t.add(einsum2("bij,bjk->ibk").shapes(s(2, 3, 4), s(2, 4, 2)));
        t.add(einsum1("ij->ji").shapes(s(3, 4)));
        t.add(einsum1("ij->j").shapes(s(3, 4)));
        t.add(einsum1("ij->").shapes(s(3, 4)));
        t.add(einsum1("ijk->kji").shapes(s(2, 3, 4)));
        t.add(einsum1("ijk->ki").shapes(s(2, 3, 4)));
        t.add(einsum1("ijk->j").shapes(s(2, 3, 4)));
        t.add(einsum1("ij").shapes(s(3, 4)));
    }

    private static OpCase.Builder einsum2(String eq) {
        return op("einsum", in -> Tensors.einsum(eq, in.get(0), in.get(1)), in -> LibraryReference.einsum(eq, in))
                .variant("\"" + eq + "\"").tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder einsum1(String eq) {
        return op("einsum", in -> Tensors.einsum(eq, in.get(0)), in -> LibraryReference.einsum(eq, in))
                .variant("\"" + eq + "\"").tol32(1e-4, 1e-5);
    }

    // ------------------------------------------------------------------------------------ activations

    private static void activations(List<OpCase.Builder> t) {
        t.add(unary("NN.relu", NN::relu, x -> Math.max(x, 0)).avoid(0).shapes(s(3, 4)));
        t.add(unary("NN.sigmoid", NN::sigmoid, LibraryReference::sigmoid).domain(-4, 4).shapes(s(3, 4)));
        t.add(op("NN.softmax", in -> NN.softmax(in.get(0)), in -> NdArray.softmax(in.get(0), -1)).shapes(s(3, 4)).shapes(s(2, 3, 4)));
        t.add(op("NN.logSoftmax", in -> NN.logSoftmax(in.get(0)), in -> NdArray.logSoftmax(in.get(0), -1)).shapes(s(3, 4)));

        t.add(unary("softplus", NN::softplus, LibraryReference::softplus).domain(-5, 5));
        t.add(unary("softplus", NN::softplus, LibraryReference::softplus).variant("|x|~1000").generator(large(995, 1000))
                .shapes(s(3, 4)));
        t.add(unary("leakyRelu", NN::leakyRelu, x -> x > 0 ? x : 0.2 * x).variant("alpha=0.2").avoid(0));
        t.add(unary("leakyRelu", x -> NN.leakyRelu(x, 0.1), x -> x > 0 ? x : 0.1 * x).variant("alpha=0.1").avoid(0)
                .shapes(s(3, 4)));
        t.add(unary("elu", NN::elu, LibraryReference::elu).domain(-4, 3).avoid(0));
        t.add(unary("elu", NN::elu, LibraryReference::elu).variant("|x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("selu", NN::selu, LibraryReference::selu).domain(-4, 3).avoid(0));
        t.add(unary("gelu", NN::gelu, LibraryReference::gelu).variant("exact").domain(-4, 4));
        t.add(unary("gelu", x -> NN.gelu(x, false), LibraryReference::gelu).variant("approximate=false").shapes(s(3, 4)));
        t.add(unary("gelu", x -> NN.gelu(x, true), LibraryReference::geluTanh).variant("approximate=true").domain(-4, 4));
        t.add(unary("swish", NN::swish, x -> x * LibraryReference.sigmoid(x)).domain(-5, 5));
        t.add(unary("NN.sigmoid", NN::sigmoid, LibraryReference::sigmoid).variant("|x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("leakyRelu", NN::leakyRelu, x -> x > 0 ? x : 0.2 * x).variant("alpha=0.2 |x|~1000").generator(large(995, 1000))
                .shapes(s(3, 4)));
        t.add(unary("selu", NN::selu, LibraryReference::selu).variant("|x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("gelu", NN::gelu, LibraryReference::gelu).variant("exact |x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("gelu", x -> NN.gelu(x, true), LibraryReference::geluTanh).variant("approximate=true |x|~1000")
                .generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("swish", NN::swish, x -> x * LibraryReference.sigmoid(x)).variant("|x|~1000").generator(large(995, 1000))
                .shapes(s(3, 4)));
    }

    // ------------------------------------------------------------------------------------ losses

    private static void losses(List<OpCase.Builder> t) {
        // softmax cross entropy: labels need not sum to 1 (the true derivative); both inputs differentiated
        t.add(op("softmaxCrossEntropyWithLogits", in -> NN.softmaxCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> LibraryReference.softmaxCrossEntropy(in.get(0), in.get(1)))
                .domain(0, 0, 1).shapes(s(3, 4), s(3, 4)).shapes(s(5), s(5)).shapes(s(2, 3, 4), s(2, 3, 4)));
        t.add(op("softmaxCrossEntropyWithLogits", in -> NN.softmaxCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> LibraryReference.softmaxCrossEntropy(in.get(0), in.get(1)))
                .variant("logits~1000").domain(0, 0, 1).domain(1, -1000, 1000).shapes(s(3, 4), s(3, 4)));

        // sparse: integer labels are constants of the row
        t.add(sparse(new int[] {2, 0, 3}, s(3), false).shapes(s(3, 4)));
        t.add(sparse(new int[] {0, 3, 1, 1, 2, 3}, s(2, 3), false).shapes(s(2, 3, 4)));
        t.add(sparse(new int[] {4}, s(), false).shapes(s(5)));
        t.add(sparse(new int[] {3, 1, 0}, s(3), true).shapes(s(3, 4)));
        t.add(sparse(new int[] {1, 0}, s(2), false).variant("labels=[1, 0] logits~1000").domain(-1000, 1000).shapes(s(2, 3)));

        t.add(op("sigmoidCrossEntropyWithLogits", in -> NN.sigmoidCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> NdArray.zip(in.get(0), in.get(1), LibraryReference::sigmoidCrossEntropy))
                .domain(0, 0, 1).domain(1, -4, 4).shapes(s(3, 4), s(3, 4)).shapes(s(), s()));
        t.add(op("sigmoidCrossEntropyWithLogits", in -> NN.sigmoidCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> NdArray.zip(in.get(0), in.get(1), LibraryReference::sigmoidCrossEntropy))
                .variant("|logits|~1000").domain(0, 0, 1).generator(largeSecond(995, 1000)).shapes(s(3, 4), s(3, 4)));

        t.add(op("meanSquaredError", in -> NN.meanSquaredError(in.get(0), in.get(1)),
                in -> LibraryReference.meanSquaredError(in.get(0), in.get(1)))
                .shapes(s(3, 4), s(3, 4)).shapes(s(5), s(5)).shapes(s(), s()).shapes(s(2, 3, 4), s(2, 3, 4)));
    }

    private static OpCase.Builder sparse(int[] labels, int[] labelShape, boolean int64) {
        return op("sparseSoftmaxCrossEntropyWithLogits",
                in -> NN.sparseSoftmaxCrossEntropyWithLogits(indices(labels, labelShape, int64), in.get(0)),
                in -> LibraryReference.sparseSoftmaxCrossEntropy(labels, in.get(0)))
                .variant("labels=" + Arrays.toString(labels) + (int64 ? " int64" : ""));
    }

    // ------------------------------------------------------------------------------------ convolution, pooling

    private static void convolution(List<OpCase.Builder> t) {
        t.add(conv(s(1), "VALID", s(1), 1, 1, 1, 1).shapes(s(1, 5, 5, 2), s(3, 3, 2, 2)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).shapes(s(1, 4, 4, 2), s(3, 3, 2, 3)));
        t.add(conv(s(2), "SAME", s(1), 2, 2, 1, 1).shapes(s(2, 5, 5, 1), s(3, 3, 1, 2)));
        t.add(conv(s(2, 1), "SAME", s(1), 2, 1, 1, 1).shapes(s(1, 4, 5, 2), s(2, 3, 2, 1)));
        t.add(conv(s(1, 2, 2, 1), "VALID", s(1), 2, 2, 1, 1).shapes(s(1, 6, 6, 1), s(2, 2, 1, 2)));
        t.add(conv(s(1), "SAME", s(2), 1, 1, 2, 2).shapes(s(1, 5, 5, 1), s(2, 2, 1, 1)));
        t.add(conv(s(1), "VALID", s(1, 2), 1, 1, 1, 2).shapes(s(1, 4, 6, 1), s(2, 2, 1, 1)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME strides=[1] odd padding").shapes(s(1, 5, 4, 2), s(2, 2, 2, 2)));
        t.add(conv(s(2), "SAME", s(1), 2, 2, 1, 1).variant("SAME strides=[2] odd padding").shapes(s(2, 6, 6, 1), s(3, 3, 1, 2)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME strides=[1] kernel > input").shapes(s(1, 2, 2, 1), s(3, 3, 1, 1)));
        t.add(conv(s(3), "VALID", s(1), 3, 3, 1, 1).variant("VALID strides=[3] > kernel").shapes(s(1, 5, 5, 1), s(2, 2, 1, 2)));
        t.add(conv(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID 1x1").shapes(s(2, 2, 3, 3), s(1, 1, 3, 2)));
        t.add(conv(s(2), "SAME", s(2), 2, 2, 2, 2).shapes(s(1, 7, 7, 1), s(2, 2, 1, 1)));
        // batches of two, several channels in and out (formerly LibraryOpsTest's second conv2d reference)
        t.add(conv(s(1, 1), "SAME", s(1), 1, 1, 1, 1).variant("SAME batch 2").shapes(s(2, 5, 6, 2), s(3, 3, 2, 3)));
        t.add(conv(s(2, 2), "SAME", s(1), 2, 2, 1, 1).variant("SAME strides=[2, 2] batch 2").shapes(s(2, 5, 6, 2), s(3, 2, 2, 2)));
        t.add(conv(s(2, 1), "VALID", s(1), 2, 1, 1, 1).variant("VALID strides=[2, 1] batch 2").shapes(s(2, 7, 5, 1), s(3, 3, 1, 2)));
        t.add(conv(s(1), "SAME", s(2, 2), 1, 1, 2, 2).variant("SAME dilations=[2, 2] batch 2").shapes(s(2, 7, 7, 2), s(2, 3, 2, 1)));
        t.add(conv(s(3, 2), "VALID", s(1), 3, 2, 1, 1).variant("VALID strides=[3, 2] batch 2").shapes(s(2, 6, 6, 3), s(2, 2, 3, 2)));

        for (boolean max : new boolean[] {true, false}) {
            t.add(pool(max, s(2), s(2), "VALID", 2, 2, 2, 2).shapes(s(1, 4, 4, 2)));
            t.add(pool(max, s(3), s(2), "SAME", 3, 3, 2, 2).shapes(s(1, 5, 5, 1)));
            t.add(pool(max, s(2), s(1), "SAME", 2, 2, 1, 1).shapes(s(2, 3, 3, 2)));
            t.add(pool(max, s(2, 3), s(1, 2), "VALID", 2, 3, 1, 2).shapes(s(1, 4, 5, 1)));
            t.add(pool(max, s(1, 3, 3, 1), s(1, 1, 2, 1), "SAME", 3, 3, 1, 2).shapes(s(1, 4, 4, 1)));
            t.add(pool(max, s(2), s(1), "SAME", 2, 2, 1, 1).variant("SAME ksize=[2] strides=[1] odd padding").shapes(s(1, 3, 4, 1)));
            t.add(pool(max, s(3), s(1), "SAME", 3, 3, 1, 1).variant("SAME ksize=[3] strides=[1] kernel > input").shapes(s(1, 2, 2, 2)));
            t.add(pool(max, s(2), s(3), "VALID", 2, 2, 3, 3).variant("VALID ksize=[2] strides=[3] > kernel").shapes(s(1, 5, 5, 1)));
            t.add(pool(max, s(3, 2), s(2, 1), "SAME", 3, 2, 2, 1).variant("SAME ksize=[3, 2] strides=[2, 1] batch 2").shapes(s(2, 5, 4, 3)));
            t.add(pool(max, s(3, 2), s(2, 1), "VALID", 3, 2, 2, 1).variant("VALID ksize=[3, 2] strides=[2, 1] batch 2").shapes(s(2, 5, 4, 3)));
        }
    }

    private static OpCase.Builder conv(int[] strides, String padding, int[] dilations, int sh, int sw, int dh, int dw) {
        boolean dilated = dh != 1 || dw != 1;
        return op("conv2d",
                in -> dilated ? NN.conv2d(in.get(0), in.get(1), strides, padding, dilations) : NN.conv2d(in.get(0), in.get(1), strides, padding),
                in -> LibraryReference.conv2d(in.get(0), in.get(1), sh, sw, padding, dh, dw))
                .variant(padding + " strides=" + Arrays.toString(strides) + (dilated ? " dilations=" + Arrays.toString(dilations) : ""))
                .domain(-1.5, 1.5).tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder pool(boolean max, int[] ksize, int[] strides, String padding, int kh, int kw, int sh, int sw) {
        OpCase.Builder b = op(max ? "maxPool2d" : "avgPool2d",
                in -> max ? NN.maxPool2d(in.get(0), ksize, strides, padding) : NN.avgPool2d(in.get(0), ksize, strides, padding),
                in -> LibraryReference.pool2d(in.get(0), kh, kw, sh, sw, padding, max))
                .variant(padding + " ksize=" + Arrays.toString(ksize) + " strides=" + Arrays.toString(strides));
        return max ? b.distinct() : b;
    }

    // ------------------------------------------------------------------------------------ smooth special points

    /**
     * Points where a composite switches branches (a {@code where} on {@code x > 0}, a guard on a zero norm) but the
     * function is smooth, so finite differences hold there: the gradient must not depend on the branch taken.
     */
    private static void smoothPoints(List<OpCase.Builder> t) {
        t.add(unary("softplus", NN::softplus, LibraryReference::softplus).variant("at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("elu", NN::elu, LibraryReference::elu).variant("at 0 (C1)").maxOrder(1).generator(zeroInput(0)).shapes(s(3))
                // the second derivative jumps at 0, so central differences err by h/4: a smaller step
                .fdStep(1e-8));
        t.add(unary("gelu", NN::gelu, LibraryReference::gelu).variant("exact at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("gelu", x -> NN.gelu(x, true), LibraryReference::geluTanh).variant("approximate=true at 0")
                .generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("swish", NN::swish, x -> x * LibraryReference.sigmoid(x)).variant("at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("erf", Tensors::erf, LibraryReference::erf).variant("at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(op("sigmoidCrossEntropyWithLogits", in -> NN.sigmoidCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> NdArray.zip(in.get(0), in.get(1), LibraryReference::sigmoidCrossEntropy))
                .variant("logits at 0").domain(0, 0, 1).generator(zeroInput(1)).shapes(s(2, 3), s(2, 3)));
        // clipByNorm at x = 0 is the identity near 0 (the norm is below the radius): its derivative is I
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1), in -> LibraryReference.clipByNorm(in.get(0), 1))
                .variant("clip=1 at 0").generator(zeroInput(0)).shapes(s(2, 3)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1, -1), in -> LibraryReference.clipByNorm(in.get(0), 1, -1))
                .variant("clip=1 axes=[-1] row 1 zero").domain(-1, 1).generator(zeroRows(1))
                .validIf(normsAwayFrom(1, 0.05, -1)).shapes(s(3, 4)));
        // masked logits: -inf entries (not a whole row) take no part and get a zero gradient
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("axes=[-1] with -inf").generator(withValue(Double.NEGATIVE_INFINITY, 1, 3)).shapes(s(3, 4)));
    }

    // ------------------------------------------------------------------------------------ empty tensors

    /** A dimension of size 0 in an input, an index list or an output. */
    private static void empty(List<OpCase.Builder> t) {
        for (String name : new String[] {"log1p", "erf", "softplus", "gelu"}) {
            UnaryOperator<Tensor> f = name.equals("log1p") ? Tensors::log1p : name.equals("erf") ? Tensors::erf
                    : name.equals("softplus") ? NN::softplus : NN::gelu;
            t.add(unary(name, f, x -> Double.NaN).variant("empty").shapes(s(0, 3)));
        }
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
        t.add(gatherRow(new int[0], s(0), 0, false).variant("empty indices").shapes(s(4, 3)));
        t.add(gatherRow(new int[] {2, 0}, s(2), 1, false).variant("empty params").shapes(s(0, 3)));
        t.add(gatherNd(new int[0], s(0, 2)).variant("empty indices").shapes(s(3, 4)));
        t.add(segmentSum(new int[0], s(0), 2, 0, false).variant("empty data").shapes(s(0, 3)));
        t.add(stack(1).variant("empty axis=1").shapes(s(0, 3), s(0, 3)));
        t.add(unstack(0, 1).variant("empty axis=0 [1]").shapes(s(2, 0)));
        t.add(tile(2, 2).variant("empty").shapes(s(0, 2)));
        t.add(reverse(0).variant("empty axes=[0]").shapes(s(0, 3)));
        t.add(oneHot(0, DType.INT32).variant("depth=0").shapes(s(3)));
        t.add(oneHot(3, DType.INT32).variant("depth=3 empty indices").shapes(s(0)));
        t.add(einsum2("ij,jk->ik").variant("empty contraction").shapes(s(2, 0), s(0, 3)));
        t.add(einsum2("ij,jk->ik").variant("empty rows").shapes(s(0, 3), s(3, 2)));
        t.add(op("norm", in -> norm(in.get(0)), in -> LibraryReference.norm(in.get(0), false)).variant("empty").shapes(s(0)));
        t.add(op("norm", in -> norm(in.get(0), false, -1), in -> LibraryReference.norm(in.get(0), false, -1))
                .variant("empty axes=[-1]").shapes(s(3, 0)));
        // the result -inf depends on no element, so its tangent must be 0 (not log's 0/0)
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("empty axes=[-1]").shapes(s(3, 0)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1), in -> LibraryReference.clipByNorm(in.get(0), 1))
                .variant("empty").shapes(s(0, 3)));
        t.add(op("softmaxCrossEntropyWithLogits", in -> NN.softmaxCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> LibraryReference.softmaxCrossEntropy(in.get(0), in.get(1))).variant("empty batch").shapes(s(0, 4), s(0, 4)));
        t.add(sparse(new int[0], s(0), false).variant("empty batch").shapes(s(0, 4)));
        t.add(op("meanSquaredError", in -> NN.meanSquaredError(in.get(0), in.get(1)),
                in -> LibraryReference.meanSquaredError(in.get(0), in.get(1))).variant("empty batch").shapes(s(0, 3), s(0, 3)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME empty batch").shapes(s(0, 4, 4, 1), s(3, 3, 1, 2)));
        t.add(conv(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID no output channels").shapes(s(1, 4, 4, 1), s(3, 3, 1, 0)));
        t.add(pool(true, s(2), s(2), "VALID", 2, 2, 2, 2).variant("VALID empty batch").shapes(s(0, 4, 4, 1)));
        t.add(pool(false, s(2), s(2), "SAME", 2, 2, 2, 2).variant("SAME empty batch").shapes(s(0, 4, 4, 1)));
    }

    // ------------------------------------------------------------------------------------ helpers

    /** An index tensor (INT32, or INT64 when asked) of the given shape; {@code ()} is a scalar. */
    private static Tensor indices(int[] v, int[] shape, boolean int64) {
        Tensor i = shape.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, shape);
        return int64 ? cast(i, DType.INT64) : i;
    }

    private static Tensor ints(int[] v, int... shape) {
        return indices(v, shape, false);
    }

    /** clipByValue with tensor bounds: x (input 0) is off both bounds (inputs 1 and 2) after broadcasting. */
    private static OpCase.Validity offBounds() {
        return (x, c) -> {
            List<NdArray> in = List.of(new NdArray(c.shape(0), x[0]), new NdArray(c.shape(1), x[1]), new NdArray(c.shape(2), x[2]));
            NdArray gap = LibraryReference.zipAll(in, v -> Math.min(Math.abs(v[0] - v[1]), Math.abs(v[0] - v[2])));
            for (double g : gap.data()) {
                if (g < 0.02) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The norm of every slice over {@code axes} (none: all) of input 0 is at least {@code gap} from {@code radius}. */
    private static OpCase.Validity normsAwayFrom(double radius, double gap, int... axes) {
        return (x, c) -> {
            NdArray n = LibraryReference.norm(new NdArray(c.shape(0), x[0]), false, axes);
            for (double v : n.data()) {
                if (Math.abs(v - radius) < gap) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Uniform in the domain, then the slice {@code row} along axis 0 (all of it if -1) set to 0. */
    private static OpCase.Generator zeroRows(int row) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            int[] shape = c.shape(0);
            for (int j = 0; j < x[0].length; j++) {
                if (row < 0 || NdArray.unravel(j, shape)[0] == row) {
                    x[0][j] = 0;
                }
            }
            return x;
        };
    }

    /** Uniform in the domains, input {@code i} all zeros. */
    private static OpCase.Generator zeroInput(int i) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            Arrays.fill(x[i], 0);
            return x;
        };
    }

    /** Uniform in the domain, with elements {@code first, first + step, ...} of input 0 set to {@code v}. */
    private static OpCase.Generator withValue(double v, int first, int step) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = first; j < x[0].length; j += step) {
                x[0][j] = v;
            }
            return x;
        };
    }

    /** Uniform in the domain, with elements {@code first, first + step, ...} of input 0 set to exactly 0. */
    private static OpCase.Generator withZeros(int first, int step) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = first; j < x[0].length; j += step) {
                x[0][j] = 0;
            }
            return x;
        };
    }

    /** Every input: magnitudes uniform in {@code [lo, hi]}, random signs. */
    private static OpCase.Generator large(double lo, double hi) {
        return (r, c) -> {
            double[][] x = new double[c.arity()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = new double[c.size(i)];
                for (int j = 0; j < x[i].length; j++) {
                    x[i][j] = (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
                }
            }
            return x;
        };
    }

    /** Input 0 uniform in its domain, input 1 as {@link #large}. */
    private static OpCase.Generator largeSecond(double lo, double hi) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = 0; j < x[1].length; j++) {
                x[1][j] = (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
            }
            return x;
        };
    }

    /** Whole numbers plus one half in {@code [-4.5, 3.5]}: ties of round, which go to the even neighbour. */
    private static OpCase.Generator halves() {
        return (r, c) -> {
            double[][] x = new double[c.arity()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = new double[c.size(i)];
                for (int j = 0; j < x[i].length; j++) {
                    x[i][j] = r.nextInt(9) - 4.5;
                }
            }
            return x;
        };
    }
}
