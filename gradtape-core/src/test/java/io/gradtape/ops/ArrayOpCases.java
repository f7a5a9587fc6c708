package io.gradtape.ops;

import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;

/**
 * The op table rows of issue 13's differentiable array ops and reductions: reduceProd (also with zeros, where its
 * gradient must stay exact), reduceVariance, reduceStd, booleanMask, scatterNd, tensorScatterUpdate, segmentSum,
 * tril, triu, meshgrid and fill. References are plain loops over {@link NdArray}, never gradtape. Integer and bool
 * operands (masks, indices) are constants of the row.
 */
public final class ArrayOpCases {
    private ArrayOpCases() {
    }

    /** Every case. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        // reduceProd: products over every axis set, and exact gradients where x has zeros (one or two per row)
        t.add(op("reduceProd", in -> reduceProd(in.get(0)), in -> prod(in.get(0), false)).domain(-1.5, 1.5)
                .shapes(s(3, 4)).shapes(s()));
        t.add(op("reduceProd", in -> reduceProd(in.get(0), 1), in -> prod(in.get(0), false, 1)).variant("axes=[1]")
                .domain(-1.5, 1.5).shapes(s(3, 4)));
        t.add(op("reduceProd", in -> reduceProd(in.get(0), true, 0, -1), in -> prod(in.get(0), true, 0, 2))
                .variant("axes=[0, -1] keepDims").domain(-1.5, 1.5).shapes(s(2, 3, 4)));
        t.add(op("reduceProd", in -> reduceProd(in.get(0), -1), in -> prod(in.get(0), false, 1)).variant("axes=[-1] with zeros")
                .domain(-1.5, 1.5).generator(zeros(1, 5)).shapes(s(3, 5)));
        t.add(op("reduceProd", in -> reduceProd(in.get(0)), in -> prod(in.get(0), false)).variant("two zeros")
                .domain(-1.5, 1.5).generator(zeros(0, 2)).shapes(s(4)));
        // variance and standard deviation (population, ddof = 0)
        t.add(op("reduceVariance", in -> reduceVariance(in.get(0)), in -> moment(in.get(0), false, false))
                .shapes(s(3, 4)));
        t.add(op("reduceVariance", in -> reduceVariance(in.get(0), true, -1), in -> moment(in.get(0), false, true, 2))
                .variant("axes=[-1] keepDims").shapes(s(2, 3, 4)));
        t.add(op("reduceStd", in -> reduceStd(in.get(0)), in -> moment(in.get(0), true, false)).shapes(s(3, 4)));
        t.add(op("reduceStd", in -> reduceStd(in.get(0), 0), in -> moment(in.get(0), true, false, 0)).variant("axes=[0]")
                .shapes(s(3, 4)));
        // booleanMask: elements of a vector, rows of a matrix
        boolean[] m5 = {true, false, true, true, false};
        t.add(op("booleanMask", in -> booleanMask(in.get(0), Tensors.constant((Object) m5)), in -> mask(in.get(0), m5))
                .variant("mask=[T F T T F]").shapes(s(5)));
        boolean[] m3 = {false, true, true};
        t.add(op("booleanMask", in -> booleanMask(in.get(0), Tensors.constant((Object) m3)), in -> mask(in.get(0), m3))
                .variant("rows [F T T]").shapes(s(3, 4)));
        // scatterNd: duplicates add up; slices of a matrix
        t.add(op("scatterNd", in -> scatterNd(Tensors.constant(new int[][] {{1}, {3}, {1}}), in.get(0), 5),
                in -> scatter(in.get(0), new int[] {1, 3, 1}, 5, 1)).variant("[[1] [3] [1]] into (5)").shapes(s(3)));
        t.add(op("scatterNd", in -> scatterNd(Tensors.constant(new int[][] {{2}, {0}}), in.get(0), 3, 4),
                in -> scatter(in.get(0), new int[] {2, 0}, 3, 4)).variant("rows [[2] [0]] into (3, 4)").shapes(s(2, 4)));
        t.add(op("scatterNd", in -> scatterNd(Tensors.constant(new int[][] {{0, 1}, {2, 3}}), in.get(0), 3, 4),
                in -> NdArray.reshape(scatter(in.get(0), new int[] {1, 11}, 12, 1), 3, 4)).variant("elements into (3, 4)").shapes(s(2)));
        // tensorScatterUpdate: both the tensor and the updates are differentiated
        t.add(op("tensorScatterUpdate", in -> tensorScatterUpdate(in.get(0), Tensors.constant(new int[][] {{2}, {0}}), in.get(1)),
                in -> update(in.get(0), in.get(1), new int[] {2, 0})).variant("rows [[2] [0]]").shapes(s(3, 4), s(2, 4)));
        // segmentSum: sorted ids with an empty segment
        t.add(op("segmentSum", in -> segmentSum(in.get(0), Tensors.constant(new int[] {0, 0, 1, 3, 3}, 5)),
                in -> scatter(in.get(0), new int[] {0, 0, 1, 3, 3}, 4, 3)).variant("ids=[0 0 1 3 3]").shapes(s(5, 3)));
        // tril / triu over the last two axes, batched
        for (int k : new int[] {0, -1, 1}) {
            t.add(op("tril", in -> tril(in.get(0), k), in -> band(in.get(0), k, true)).variant("k=" + k).shapes(s(3, 4)).shapes(s(2, 3, 3)));
            t.add(op("triu", in -> triu(in.get(0), k), in -> band(in.get(0), k, false)).variant("k=" + k).shapes(s(3, 4)).shapes(s(2, 3, 3)));
        }
        // meshgrid: each output, both indexings
        for (String indexing : new String[] {"xy", "ij"}) {
            for (int out = 0; out < 2; out++) {
                int o = out;
                t.add(op("meshgrid", in -> meshgrid(List.of(in.get(0), in.get(1)), indexing).get(o), in -> grid(in, indexing, o))
                        .variant(indexing + " output " + o).constantInput(1 - o).shapes(s(3), s(2)));
            }
        }
        // fill: the gradient of the scalar is the sum of g
        t.add(op("fill", in -> fill(new int[] {2, 3}, in.get(0)), in -> NdArray.broadcastTo(in.get(0), 2, 3))
                .variant("(2, 3)").shapes(s()));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ references

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

    private static NdArray mask(NdArray a, boolean[] m) {
        int inner = a.size() / m.length;
        List<Double> out = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                rows++;
                for (int j = 0; j < inner; j++) {
                    out.add(a.data()[i * inner + j]);
                }
            }
        }
        int[] shape = a.shape();
        shape[0] = rows;
        return new NdArray(shape, out.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Rows of {@code a} (each {@code inner} long) added into rows {@code at} of a {@code rows x inner} zero array. */
    private static NdArray scatter(NdArray a, int[] at, int rows, int inner) {
        double[] out = new double[rows * inner];
        for (int i = 0; i < at.length; i++) {
            for (int j = 0; j < inner; j++) {
                out[at[i] * inner + j] += a.data()[i * inner + j];
            }
        }
        return inner == 1 ? new NdArray(s(rows), out) : new NdArray(s(rows, inner), out);
    }

    private static NdArray update(NdArray t, NdArray u, int[] rows) {
        double[] out = t.data().clone();
        int inner = t.shape()[1];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(u.data(), i * inner, out, rows[i] * inner, inner);
        }
        return new NdArray(t.shape(), out);
    }

    private static NdArray band(NdArray a, int k, boolean lower) {
        int[] sh = a.shape();
        int m = sh[sh.length - 2];
        int n = sh[sh.length - 1];
        double[] out = a.data().clone();
        for (int i = 0; i < out.length; i++) {
            int row = (i / n) % m;
            int col = i % n;
            if (lower ? col - row > k : col - row < k) {
                out[i] = 0;
            }
        }
        return new NdArray(sh, out);
    }

    private static NdArray grid(List<NdArray> in, String indexing, int which) {
        NdArray x = in.get(0);
        NdArray y = in.get(1);
        boolean xy = indexing.equals("xy");
        int rows = xy ? y.size() : x.size();
        int cols = xy ? x.size() : y.size();
        NdArray out = NdArray.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = xy ? (which == 0 ? x.data()[j] : y.data()[i]) : (which == 0 ? x.data()[i] : y.data()[j]);
                out.set(v, i, j);
            }
        }
        return out;
    }

    /** Uniform in the domain, with elements {@code first, first + step, ...} of input 0 set to exactly 0. */
    private static OpCase.Generator zeros(int first, int step) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = first; j < x[0].length; j += step) {
                x[0][j] = 0;
            }
            return x;
        };
    }
}
