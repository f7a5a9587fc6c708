package io.gradtape.ops;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.Rows.*;

/**
 * The op table's rows for reductions over sets of axes ({@code reduceSum}, {@code reduceMean}, {@code reduceMax},
 * {@code reduceMin}: all axes, one, a negative one, several, keepDims, empty axes), norms and {@code clipByNorm}
 * (also at and near zero), and {@code logSumExp} (also where {@code exp} overflows or underflows, and with {@code
 * -inf} entries). References are plain loops over {@link NdArray} and {@link LibraryReference}, never gradtape.
 */
public final class ReductionOpCases {
    private ReductionOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        t.add(op("Tensor.sum", in -> in.get(0).sum(), in -> NdArray.reduce(in.get(0), NdArray.Reduce.SUM, false))
                .shapes(s(3, 4)));
        t.add(op("Tensor.sum", in -> in.get(0).sum(-1), in -> NdArray.reduce(in.get(0), NdArray.Reduce.SUM, false, -1))
                .variant("axes=[-1]").shapes(s(2, 3, 4)));
        t.add(op("Tensor.mean", in -> in.get(0).mean(), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false))
                .shapes(s(3, 4)));
        t.add(op("Tensor.mean", in -> in.get(0).mean(0, 2), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false, 0, 2))
                .variant("axes=[0, 2]").shapes(s(2, 3, 4)));
        t.addAll(reductions("reduceSum", Tensors::reduceSum, Tensors::reduceSum, Tensors::reduceSum, NdArray.Reduce.SUM, false));
        t.addAll(reductions("reduceMean", Tensors::reduceMean, Tensors::reduceMean, Tensors::reduceMean, NdArray.Reduce.MEAN, false));
        t.addAll(reductions("reduceMax", Tensors::reduceMax, Tensors::reduceMax, Tensors::reduceMax, NdArray.Reduce.MAX, true));
        t.addAll(reductions("reduceMin", Tensors::reduceMin, Tensors::reduceMin, Tensors::reduceMin, NdArray.Reduce.MIN, true));
        t.add(op("reduceSum", in -> reduceSum(in.get(0), 0), in -> NdArray.reduce(in.get(0), NdArray.Reduce.SUM, false, 0))
                .variant("empty axes=[0]").shapes(s(0, 3)));
        t.add(op("reduceMean", in -> reduceMean(in.get(0), 1), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false, 1))
                .variant("empty axes=[1]").shapes(s(0, 3)));
        t.add(op("reduceMax", in -> reduceMax(in.get(0), 0), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MAX, false, 0))
                .variant("empty axes=[0]").shapes(s(0, 3)));

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
        // clipByGlobalNorm (tensorflow/python/ops/clip_ops.py): each output and the norm, differentiable through
        // the scale's dependence on every input; clipped and unclipped, away from the radius
        for (int o = 0; o < 3; o++) {
            int k = o;
            t.add(op("clipByGlobalNorm", in -> globalClip(in, 2, k), in -> globalClipReference(in, 2, k))
                    .variant("clip=2 (clipped) " + (k < 2 ? "output " + k : "norm")).domain(-1.5, 1.5)
                    .validIf(globalNormAwayFrom(2, 0.1)).shapes(s(3, 4), s(5)));
        }
        t.add(op("clipByGlobalNorm", in -> globalClip(in, 10, 0), in -> globalClipReference(in, 10, 0))
                .variant("clip=10 (unclipped) output 0").domain(-1.5, 1.5).validIf(globalNormAwayFrom(10, 0.1))
                .shapes(s(3, 4), s(5)));
        t.add(op("clipByGlobalNorm", in -> globalClip(in, 1, 1), in -> globalClipReference(in, 1, 1))
                .variant("clip=1 output 1 of a scalar and a vector").domain(-1, 1).validIf(globalNormAwayFrom(1, 0.05))
                .shapes(s(), s(3)));
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

        // points where a composite switches branches but the function is smooth
        // clipByNorm at x = 0 is the identity near 0 (the norm is below the radius): its derivative is I
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1), in -> LibraryReference.clipByNorm(in.get(0), 1))
                .variant("clip=1 at 0").generator(zeroInput(0)).shapes(s(2, 3)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1, -1), in -> LibraryReference.clipByNorm(in.get(0), 1, -1))
                .variant("clip=1 axes=[-1] row 1 zero").domain(-1, 1).generator(zeroRows(1))
                .validIf(normsAwayFrom(1, 0.05, -1)).shapes(s(3, 4)));
        // masked logits: -inf entries (not a whole row) take no part and get a zero gradient
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("axes=[-1] with -inf").generator(withValue(Double.NEGATIVE_INFINITY, 1, 3)).shapes(s(3, 4)));

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(op("norm", in -> norm(in.get(0)), in -> LibraryReference.norm(in.get(0), false)).variant("empty").shapes(s(0)));
        t.add(op("norm", in -> norm(in.get(0), false, -1), in -> LibraryReference.norm(in.get(0), false, -1))
                .variant("empty axes=[-1]").shapes(s(3, 0)));
        // the result -inf depends on no element, so its tangent must be 0 (not log's 0/0)
        t.add(op("logSumExp", in -> logSumExp(in.get(0), -1), in -> LibraryReference.logSumExp(in.get(0), false, -1))
                .variant("empty axes=[-1]").shapes(s(3, 0)));
        t.add(op("clipByNorm", in -> clipByNorm(in.get(0), 1), in -> LibraryReference.clipByNorm(in.get(0), 1))
                .variant("empty").shapes(s(0, 3)));

        // products, variances and standard deviations
        // reduceProd: products over every axis set, and exact gradients where x has zeros (one or two per row)
        t.add(op("reduceProd", in -> reduceProd(in.get(0)), in -> prod(in.get(0), false)).domain(-1.5, 1.5)
                .shapes(s(3, 4)).shapes(s()));
        t.add(op("reduceProd", in -> reduceProd(in.get(0), 1), in -> prod(in.get(0), false, 1)).variant("axes=[1]")
                .domain(-1.5, 1.5).shapes(s(3, 4)));
        t.add(op("reduceProd", in -> reduceProd(in.get(0), true, 0, -1), in -> prod(in.get(0), true, 0, 2))
                .variant("axes=[0, -1] keepDims").domain(-1.5, 1.5).shapes(s(2, 3, 4)));
        t.add(op("reduceProd", in -> reduceProd(in.get(0), -1), in -> prod(in.get(0), false, 1)).variant("axes=[-1] with zeros")
                .domain(-1.5, 1.5).generator(withZeros(1, 5)).shapes(s(3, 5)));
        t.add(op("reduceProd", in -> reduceProd(in.get(0)), in -> prod(in.get(0), false)).variant("two zeros")
                .domain(-1.5, 1.5).generator(withZeros(0, 2)).shapes(s(4)));
        // variance and standard deviation (population, ddof = 0)
        t.add(op("reduceVariance", in -> reduceVariance(in.get(0)), in -> moment(in.get(0), false, false))
                .shapes(s(3, 4)));
        t.add(op("reduceVariance", in -> reduceVariance(in.get(0), true, -1), in -> moment(in.get(0), false, true, 2))
                .variant("axes=[-1] keepDims").shapes(s(2, 3, 4)));
        t.add(op("reduceStd", in -> reduceStd(in.get(0)), in -> moment(in.get(0), true, false)).shapes(s(3, 4)));
        t.add(op("reduceStd", in -> reduceStd(in.get(0), 0), in -> moment(in.get(0), true, false, 0)).variant("axes=[0]")
                .shapes(s(3, 4)));
        // NN.moments (tf.nn.moments): its two results, each as its own row, against the same population moments
        t.add(op("moments", in -> NN.moments(in.get(0), 0, 2).mean(), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false, 0, 2))
                .variant("mean, axes=[0, 2]").shapes(s(2, 3, 4)));
        t.add(op("moments", in -> NN.moments(in.get(0), 0, 2).variance(), in -> moment(in.get(0), false, false, 0, 2))
                .variant("variance, axes=[0, 2]").shapes(s(2, 3, 4)));
        t.add(op("moments", in -> NN.moments(in.get(0), true, -1).variance(), in -> moment(in.get(0), false, true, 1))
                .variant("variance, axes=[-1] keepDims").shapes(s(3, 4)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    /** {@code reduceX(x, axes...)}. */
    private interface Reduce {
        Tensor apply(Tensor x, int... axes);
    }

    /** {@code reduceX(x, keepDims, axes...)}. */
    private interface ReduceKeep {
        Tensor apply(Tensor x, boolean keepDims, int... axes);
    }

    /** The standard axis variants of one reduction; max and min sample distinct values (no ties). */
    private static List<OpCase.Builder> reductions(String name, Reduce plain, ReduceKeep keep,
                                                   java.util.function.BiFunction<Tensor, Boolean, Tensor> all,
                                                   NdArray.Reduce kind, boolean distinct) {
        List<OpCase.Builder> rows = new ArrayList<>();
        Object[][] variants = {
            // keepDims, axes, shapes...
            {false, s(), new int[][] {s(3, 4), s(2, 3, 4), s(5)}},
            {false, s(0), new int[][] {s(3, 4), s(5)}},
            {false, s(-1), new int[][] {s(2, 3, 4), s(3, 4)}},
            {false, s(1), new int[][] {s(2, 3, 4)}},
            {false, s(0, 2), new int[][] {s(2, 3, 4)}},
            {false, s(-1, 0), new int[][] {s(2, 3, 4)}},
            {true, s(), new int[][] {s(3, 4)}},
            {true, s(1), new int[][] {s(2, 3, 4)}},
            {true, s(-1), new int[][] {s(3, 4)}},
            {true, s(0, 2), new int[][] {s(2, 3, 4)}},
        };
        for (Object[] v : variants) {
            boolean keepDims = (Boolean) v[0];
            int[] axes = (int[]) v[1];
            OpCase.Builder b = op(name,
                    in -> axes.length == 0 ? all.apply(in.get(0), keepDims) // every axis: the overload without axes
                            : keepDims ? keep.apply(in.get(0), true, axes) : plain.apply(in.get(0), axes),
                    in -> NdArray.reduce(in.get(0), kind, keepDims, axes))
                    .variant("axes=" + Arrays.toString(axes) + (keepDims ? " keepDims" : ""));
            for (int[] shape : (int[][]) v[2]) {
                b.shapes(shape);
            }
            if (distinct) {
                b.distinct();
            }
            rows.add(b);
        }
        // the scalar: no axes reduce nothing
        rows.add(op(name, in -> all.apply(in.get(0), false), in -> NdArray.reduce(in.get(0), kind, false)).variant("axes=[]").shapes(s()));
        // a larger input, which the driver checks in random directions
        OpCase.Builder big = op(name, in -> plain.apply(in.get(0), 1), in -> NdArray.reduce(in.get(0), kind, false, 1))
                .variant("axes=[1]").shapes(s(8, 9, 10));
        rows.add(distinct ? big.distinct() : big);
        return rows;
    }

    private static NdArray prod(NdArray a, boolean keepDims, int... axes) {
        // exp of the sum of logs would miss zeros and signs: multiply directly, by the sum reduction's index map
        NdArray shapeOnly = NdArray.reduce(a, NdArray.Reduce.SUM, true, axes);
        double[] acc = new double[shapeOnly.size()];
        java.util.Arrays.fill(acc, 1);
        int[] kept = shapeOnly.shape();
        for (int i = 0; i < a.size(); i++) {
            int[] idx = NdArray.unravel(i, a.shape());
            for (int d = 0; d < idx.length; d++) {
                if (kept[d] == 1) {
                    idx[d] = 0;
                }
            }
            acc[NdArray.ravel(idx, kept)] *= a.data()[i];
        }
        NdArray out = new NdArray(kept, acc);
        return keepDims ? out : NdArray.reshape(out, NdArray.reduce(a, NdArray.Reduce.SUM, false, axes).shape());
    }

    private static NdArray moment(NdArray a, boolean std, boolean keepDims, int... axes) {
        NdArray mean = NdArray.reduce(a, NdArray.Reduce.MEAN, true, axes);
        NdArray sq = NdArray.zip(a, mean, (x, m) -> (x - m) * (x - m));
        NdArray v = NdArray.reduce(sq, NdArray.Reduce.MEAN, keepDims, axes);
        return std ? NdArray.map(v, Math::sqrt) : v;
    }
    /** Output {@code k} of {@code clipByGlobalNorm} of the inputs, or their global norm for {@code k == inputs}. */
    private static Tensor globalClip(List<Tensor> in, double clip, int k) {
        Tensors.ClipByGlobalNorm c = clipByGlobalNorm(in, clip);
        return k < in.size() ? c.tensors().get(k) : c.globalNorm();
    }

    /** The same from plain loops: {@code t_k * clip / max(g, clip)} with {@code g = sqrt(sum of all squares)}. */
    private static NdArray globalClipReference(List<NdArray> in, double clip, int k) {
        double g = globalNorm(in);
        if (k == in.size()) {
            return new NdArray(new int[0], new double[] {g});
        }
        return NdArray.map(in.get(k), v -> v * clip / Math.max(g, clip));
    }

    private static double globalNorm(List<NdArray> in) {
        double sum = 0;
        for (NdArray a : in) {
            for (double v : a.data()) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /** Points whose global norm is at least {@code gap} from {@code radius}, where the clip switches. */
    private static OpCase.Validity globalNormAwayFrom(double radius, double gap) {
        return (x, c) -> {
            List<NdArray> in = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                in.add(new NdArray(c.shape(i), x[i]));
            }
            return Math.abs(globalNorm(in) - radius) >= gap;
        };
    }
}
