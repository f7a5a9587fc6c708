package io.gradtape.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Plain-Java references for the rows of the op table ({@link OpTable}): straight from each op's
 * definition, with loops over {@link NdArray} and {@code java.lang.Math} only, never gradtape. Where the library
 * uses a clever formulation (a scan for cumprod, a gather for strided slices, im2col for convolution), the
 * reference uses the naive one (a product over a range, Python's slice rule element by element, the convolution
 * sum), so the two share nothing but the definition.
 */
public final class LibraryReference {
    private LibraryReference() {
    }

    // ------------------------------------------------------------------------------------ scalar functions

    /**
     * The error function from its everywhere-convergent series of positive terms,
     * {@code erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1))}, summed until the terms no
     * longer change the sum (no cancellation, so within a few ulp for the |x| <= 6 the table uses).
     */
    public static double erf(double x) {
        if (x == 0) {
            return x;
        }
        if (Math.abs(x) > 6) {
            return Math.signum(x);
        }
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 1000; n++) {
            term *= 2 * x2 / (2 * n + 1);
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    /** {@code log(1 + e^x)} without overflow. */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    public static double elu(double x) {
        return x > 0 ? x : Math.expm1(x);
    }

    public static double selu(double x) {
        double alpha = 1.6732632423543772848170429916717;
        double scale = 1.0507009873554804934193349852946;
        return scale * (x > 0 ? x : alpha * Math.expm1(x));
    }

    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    public static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** The logistic loss {@code -z log(sigmoid(x)) - (1 - z) log(1 - sigmoid(x))}, as softplus terms. */
    public static double sigmoidCrossEntropy(double z, double x) {
        return z * softplus(-x) + (1 - z) * softplus(x);
    }

    // ------------------------------------------------------------------------------------ broadcasting

    /** {@code f} of the inputs' elements over their broadcast shape. */
    public static NdArray zipAll(List<NdArray> in, ToDoubleFunction<double[]> f) {
        int[][] shapes = new int[in.size()][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = in.get(i).shape();
        }
        int[] s = NdArray.broadcastShape(shapes);
        NdArray o = NdArray.zeros(s);
        double[] v = new double[in.size()];
        for (int flat = 0; flat < o.size(); flat++) {
            int[] idx = NdArray.unravel(flat, s);
            for (int i = 0; i < v.length; i++) {
                v[i] = in.get(i).atBroadcast(idx);
            }
            o.data()[flat] = f.applyAsDouble(v);
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ reductions over axes

    private static int[] normalize(int[] axes, int rank) {
        int[] a = new int[axes.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        return a;
    }

    /** The Euclidean norm over {@code axes} (none: all). */
    public static NdArray norm(NdArray x, boolean keepDims, int... axes) {
        NdArray s = NdArray.reduce(NdArray.map(x, v -> v * v), NdArray.Reduce.SUM, keepDims, axes);
        return NdArray.map(s, Math::sqrt);
    }

    /** {@code x clip / max(||x||, clip)}, the norm over {@code axes} (none: all), each slice on its own. */
    public static NdArray clipByNorm(NdArray x, double clip, int... axes) {
        NdArray n = norm(x, true, axes);
        return NdArray.zip(x, n, (v, nv) -> nv <= clip ? v : v * clip / nv);
    }

    /** {@code m + log(sum(exp(x - m)))} with {@code m} the maximum over the axes (none: all). */
    public static NdArray logSumExp(NdArray x, boolean keepDims, int... axes) {
        NdArray m = NdArray.reduce(x, NdArray.Reduce.MAX, true, axes);
        NdArray e = NdArray.zip(x, m, (v, mv) -> Math.exp(v - mv));
        NdArray s = NdArray.reduce(e, NdArray.Reduce.SUM, true, axes);
        NdArray r = NdArray.zip(s, m, (sv, mv) -> mv + Math.log(sv));
        return keepDims ? r : NdArray.reshape(r, NdArray.reduce(x, NdArray.Reduce.SUM, false, axes).shape());
    }

    // ------------------------------------------------------------------------------------ along one axis

    /** A line of an array along one axis: the flat positions of its elements. */
    private static List<int[]> lines(int[] shape, int axis) {
        List<int[]> out = new ArrayList<>();
        int n = shape[axis];
        int[] reduced = shape.clone();
        reduced[axis] = 1;
        for (int flat = 0; flat < NdArray.size(reduced); flat++) {
            int[] idx = NdArray.unravel(flat, reduced);
            int[] line = new int[n];
            for (int k = 0; k < n; k++) {
                idx[axis] = k;
                line[k] = NdArray.ravel(idx, shape);
            }
            out.add(line);
        }
        return out;
    }

    /**
     * Running sum ({@code product = false}) or product along {@code axis}, from the definition: element k is the
     * sum (product) over the j with {@code j <= k} ({@code j < k} exclusive; {@code j >= k}, {@code j > k}
     * reversed). An empty product is 1.
     */
    public static NdArray cumulative(NdArray x, int axis, boolean product, boolean exclusive, boolean reverse) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        NdArray o = NdArray.zeros(x.shape());
        for (int[] line : lines(x.shape(), ax)) {
            int n = line.length;
            for (int k = 0; k < n; k++) {
                double acc = product ? 1 : 0;
                for (int j = 0; j < n; j++) {
                    boolean in = reverse ? (exclusive ? j > k : j >= k) : (exclusive ? j < k : j <= k);
                    if (in) {
                        acc = product ? acc * x.data()[line[j]] : acc + x.data()[line[j]];
                    }
                }
                o.data()[line[k]] = acc;
            }
        }
        return o;
    }

    /** {@code h[k] = a[k] h[k-1] + b[k]}, {@code h[-1] = 0} (from the end when reversed), a and b broadcast. */
    public static NdArray linearScan(NdArray a, NdArray b, int axis, boolean reverse) {
        NdArray ab = NdArray.broadcastTo(a, NdArray.broadcastShape(a.shape(), b.shape()));
        NdArray bb = NdArray.broadcastTo(b, ab.shape());
        int ax = axis < 0 ? axis + ab.rank() : axis;
        NdArray o = NdArray.zeros(ab.shape());
        for (int[] line : lines(ab.shape(), ax)) {
            double h = 0;
            for (int t = 0; t < line.length; t++) {
                int k = line[reverse ? line.length - 1 - t : t];
                h = ab.data()[k] * h + bb.data()[k];
                o.data()[k] = h;
            }
        }
        return o;
    }

    /** The stable sorting permutation of one line (NaN-free input). */
    private static Integer[] order(double[] v, boolean descending) {
        Integer[] p = new Integer[v.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        Arrays.sort(p, (i, j) -> descending ? Double.compare(v[j], v[i]) : Double.compare(v[i], v[j]));
        return p;
    }

    /**
     * Sorts every line along {@code axis} and keeps the first {@code k} ({@code -1}: all); the values, or the
     * positions they came from when {@code indices}.
     */
    public static NdArray sortAlong(NdArray x, int axis, boolean descending, int k, boolean indices) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int n = x.shape()[ax];
        int kk = k < 0 ? n : k;
        int[] outShape = x.shape();
        outShape[ax] = kk;
        NdArray o = NdArray.zeros(outShape);
        List<int[]> in = lines(x.shape(), ax);
        List<int[]> out = lines(outShape, ax);
        for (int l = 0; l < in.size(); l++) {
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                v[j] = x.data()[in.get(l)[j]];
            }
            Integer[] p = order(v, descending);
            for (int j = 0; j < kk; j++) {
                o.data()[out.get(l)[j]] = indices ? p[j] : v[p[j]];
            }
        }
        return o;
    }

    /** The first index of the maximum ({@code max}) or minimum along {@code axis}, that axis removed. */
    public static NdArray argExtreme(NdArray x, int axis, boolean max) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int[] outShape = new int[x.rank() - 1];
        for (int d = 0, j = 0; d < x.rank(); d++) {
            if (d != ax) {
                outShape[j++] = x.shape()[d];
            }
        }
        NdArray o = NdArray.zeros(outShape);
        List<int[]> in = lines(x.shape(), ax);
        for (int l = 0; l < in.size(); l++) {
            int best = 0;
            for (int j = 1; j < in.get(l).length; j++) {
                double v = x.data()[in.get(l)[j]];
                double b = x.data()[in.get(l)[best]];
                if (max ? v > b : v < b) {
                    best = j;
                }
            }
            o.data()[l] = best;
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ indexing

    /** {@code out[p.., i.., q..] = params[p.., idx[i..], q..]}. */
    public static NdArray gather(NdArray params, int[] idx, int[] idxShape, int axis) {
        int ax = axis < 0 ? axis + params.rank() : axis;
        int[] ps = params.shape();
        int[] outShape = new int[ps.length - 1 + idxShape.length];
        System.arraycopy(ps, 0, outShape, 0, ax);
        System.arraycopy(idxShape, 0, outShape, ax, idxShape.length);
        System.arraycopy(ps, ax + 1, outShape, ax + idxShape.length, ps.length - ax - 1);
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            int[] pi = new int[ps.length];
            System.arraycopy(oi, 0, pi, 0, ax);
            pi[ax] = idx[NdArray.ravel(Arrays.copyOfRange(oi, ax, ax + idxShape.length), idxShape)];
            System.arraycopy(oi, ax + idxShape.length, pi, ax + 1, ps.length - ax - 1);
            o.data()[flat] = params.get(pi);
        }
        return o;
    }

    /** TensorFlow's gather_nd: each row of the last axis of idx addresses an element or slice of params. */
    public static NdArray gatherNd(NdArray params, int[] idx, int[] idxShape) {
        int m = idxShape[idxShape.length - 1];
        int[] ps = params.shape();
        int lead = idxShape.length - 1;
        int[] outShape = new int[lead + ps.length - m];
        System.arraycopy(idxShape, 0, outShape, 0, lead);
        System.arraycopy(ps, m, outShape, lead, ps.length - m);
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            int row = lead == 0 ? 0 : NdArray.ravel(Arrays.copyOf(oi, lead), Arrays.copyOf(idxShape, lead));
            int[] pi = new int[ps.length];
            for (int j = 0; j < m; j++) {
                pi[j] = idx[row * m + j];
            }
            System.arraycopy(oi, lead, pi, m, ps.length - m);
            o.data()[flat] = params.get(pi);
        }
        return o;
    }

    /**
     * {@code out[p.., s, q..] = sum over i.. with ids[i..] == s of data[p.., i.., q..]}: the ids' axes start at
     * {@code axis} of data.
     */
    public static NdArray segmentSum(NdArray data, int[] ids, int[] idsShape, int numSegments, int axis) {
        int[] ds = data.shape();
        int k = idsShape.length;
        int[] outShape = new int[ds.length - k + 1];
        System.arraycopy(ds, 0, outShape, 0, axis);
        outShape[axis] = numSegments;
        System.arraycopy(ds, axis + k, outShape, axis + 1, ds.length - axis - k);
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < data.size(); flat++) {
            int[] di = NdArray.unravel(flat, ds);
            int seg = ids[NdArray.ravel(Arrays.copyOfRange(di, axis, axis + k), idsShape)];
            int[] oi = new int[outShape.length];
            System.arraycopy(di, 0, oi, 0, axis);
            oi[axis] = seg;
            System.arraycopy(di, axis + k, oi, axis + 1, ds.length - axis - k);
            o.set(o.get(oi) + data.data()[flat], oi);
        }
        return o;
    }

    /** The indices Python's {@code range(n)[b:e:s]} visits, with TensorFlow's begin/end masks. */
    public static int[] pythonSlice(int n, int b, int e, int s, boolean ignoreBegin, boolean ignoreEnd) {
        List<Integer> r = new ArrayList<>();
        int start;
        int stop;
        if (s > 0) {
            start = ignoreBegin ? 0 : Math.max(0, Math.min(n, b < 0 ? b + n : b));
            stop = ignoreEnd ? n : Math.max(0, Math.min(n, e < 0 ? e + n : e));
            for (int i = start; i < stop; i += s) {
                r.add(i);
            }
        } else {
            start = ignoreBegin ? n - 1 : Math.max(-1, Math.min(n - 1, b < 0 ? b + n : b));
            stop = ignoreEnd ? -1 : Math.max(-1, Math.min(n - 1, e < 0 ? e + n : e));
            for (int i = start; i > stop; i += s) {
                r.add(i);
            }
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code x[b0:e0:s0, b1:e1:s1, ...]}, later axes whole. */
    public static NdArray stridedSlice(NdArray x, int[] begin, int[] end, int[] strides, int beginMask, int endMask) {
        int r = x.rank();
        int[][] pick = new int[r][];
        int[] outShape = new int[r];
        for (int d = 0; d < r; d++) {
            int n = x.shape()[d];
            pick[d] = d < begin.length
                    ? pythonSlice(n, begin[d], end[d], strides[d], (beginMask >> d & 1) != 0, (endMask >> d & 1) != 0)
                    : pythonSlice(n, 0, n, 1, false, false);
            outShape[d] = pick[d].length;
        }
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            int[] xi = new int[r];
            for (int d = 0; d < r; d++) {
                xi[d] = pick[d][oi[d]];
            }
            o.data()[flat] = x.get(xi);
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ movement

    /** The arrays (one shape) stacked along a new axis. */
    public static NdArray stack(List<NdArray> parts, int axis) {
        int[] s = parts.get(0).shape();
        int ax = axis < 0 ? axis + s.length + 1 : axis;
        int[] outShape = new int[s.length + 1];
        System.arraycopy(s, 0, outShape, 0, ax);
        outShape[ax] = parts.size();
        System.arraycopy(s, ax, outShape, ax + 1, s.length - ax);
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            int[] pi = new int[s.length];
            System.arraycopy(oi, 0, pi, 0, ax);
            System.arraycopy(oi, ax + 1, pi, ax, s.length - ax);
            o.data()[flat] = parts.get(oi[ax]).get(pi);
        }
        return o;
    }

    /** Slice {@code i} along {@code axis}, that axis removed. */
    public static NdArray unstack(NdArray x, int axis, int i) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int[] s = x.shape();
        int[] outShape = new int[s.length - 1];
        for (int d = 0, j = 0; d < s.length; d++) {
            if (d != ax) {
                outShape[j++] = s[d];
            }
        }
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            int[] xi = new int[s.length];
            for (int d = 0, j = 0; d < s.length; d++) {
                xi[d] = d == ax ? i : oi[j++];
            }
            o.data()[flat] = x.get(xi);
        }
        return o;
    }

    /** The part of {@code x} from {@code from} (inclusive) to {@code to} (exclusive) along {@code axis}. */
    public static NdArray range(NdArray x, int axis, int from, int to) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int[] begin = new int[x.rank()];
        int[] size = x.shape();
        begin[ax] = from;
        size[ax] = to - from;
        return NdArray.slice(x, begin, size);
    }

    /** The same values with shape {@code to} (squeeze, expandDims: the shape rule is the caller's). */
    public static NdArray withShape(NdArray x, int... to) {
        return new NdArray(to, x.data().clone());
    }

    /** {@code out[i..] = x[i0 mod d0, i1 mod d1, ...]}. */
    public static NdArray tile(NdArray x, int... multiples) {
        int[] s = x.shape();
        int[] outShape = new int[s.length];
        for (int d = 0; d < s.length; d++) {
            outShape[d] = s[d] * multiples[d];
        }
        NdArray o = NdArray.zeros(outShape);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            for (int d = 0; d < s.length; d++) {
                oi[d] %= s[d];
            }
            o.data()[flat] = x.get(oi);
        }
        return o;
    }

    /** {@code x} with index {@code i} replaced by {@code n - 1 - i} along each of {@code axes}. */
    public static NdArray reverse(NdArray x, int... axes) {
        boolean[] flip = new boolean[x.rank()];
        for (int a : normalize(axes, x.rank())) {
            flip[a] = true;
        }
        int[] s = x.shape();
        NdArray o = NdArray.zeros(s);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, s);
            for (int d = 0; d < s.length; d++) {
                if (flip[d]) {
                    oi[d] = s[d] - 1 - oi[d];
                }
            }
            o.data()[flat] = x.get(oi);
        }
        return o;
    }

    /** One row of {@code depth} per index: 1 at the index, else 0 (an index outside [0, depth) gives zeros). */
    public static NdArray oneHot(NdArray indices, int depth) {
        int[] s = indices.shape();
        int[] outShape = Arrays.copyOf(s, s.length + 1);
        outShape[s.length] = depth;
        NdArray o = NdArray.zeros(outShape);
        for (int i = 0; i < indices.size(); i++) {
            for (int c = 0; c < depth; c++) {
                o.data()[i * depth + c] = indices.data()[i] == c ? 1 : 0;
            }
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ einsum

    /**
     * Einstein summation from the definition: for every output index, the sum over every value of the summed
     * labels of the product of the operands' elements (a label repeated in an operand reads its diagonal). Without
     * {@code ->} the output is the ellipsis' axes, then the labels that occur once, in alphabetical order. An
     * ellipsis becomes digit labels, right-aligned across the operands; an operand's size-1 axis is read at index
     * 0 whatever the label's value (broadcasting).
     */
    public static NdArray einsum(String equation, List<NdArray> ops) {
        String eq = equation.replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] ins = sides[0].split(",", -1);
        int ell = 0;
        for (int t = 0; t < ins.length; t++) {
            if (ins[t].contains("...")) {
                ell = Math.max(ell, ops.get(t).rank() - (ins[t].length() - 3));
            }
        }
        String digits = "0123456789".substring(0, ell);
        String implicitOut = null;
        if (sides.length == 1) {
            char[] sorted = sides[0].replace(".", "").replace(",", "").toCharArray();
            Arrays.sort(sorted);
            StringBuilder b = new StringBuilder(sides[0].contains("...") ? digits : "");
            for (int i = 0; i < sorted.length; i++) {
                if (sides[0].indexOf(sorted[i]) == sides[0].lastIndexOf(sorted[i])) {
                    b.append(sorted[i]);
                }
            }
            implicitOut = b.toString();
        }
        for (int t = 0; t < ins.length; t++) {
            if (ins[t].contains("...")) {
                int k = ops.get(t).rank() - (ins[t].length() - 3);
                ins[t] = ins[t].replace("...", digits.substring(ell - k));
            }
        }
        Map<Character, Integer> size = new HashMap<>();
        StringBuilder all = new StringBuilder();
        for (int t = 0; t < ins.length; t++) {
            for (int i = 0; i < ins[t].length(); i++) {
                char c = ins[t].charAt(i);
                size.merge(c, ops.get(t).shape()[i], Math::max);
                if (all.indexOf(String.valueOf(c)) < 0) {
                    all.append(c);
                }
            }
        }
        String out = implicitOut != null ? implicitOut : sides[1].replace("...", digits);
        StringBuilder summedB = new StringBuilder();
        for (char c : all.toString().toCharArray()) {
            if (out.indexOf(c) < 0) {
                summedB.append(c);
            }
        }
        String summed = summedB.toString();
        int[] outShape = new int[out.length()];
        for (int i = 0; i < outShape.length; i++) {
            outShape[i] = size.get(out.charAt(i));
        }
        int[] sumShape = new int[summed.length()];
        for (int i = 0; i < sumShape.length; i++) {
            sumShape[i] = size.get(summed.charAt(i));
        }
        NdArray o = NdArray.zeros(outShape);
        Map<Character, Integer> value = new HashMap<>();
        for (int flat = 0; flat < o.size(); flat++) {
            int[] oi = NdArray.unravel(flat, outShape);
            for (int i = 0; i < oi.length; i++) {
                value.put(out.charAt(i), oi[i]);
            }
            double acc = 0;
            for (int sflat = 0; sflat < NdArray.size(sumShape); sflat++) {
                int[] si = NdArray.unravel(sflat, sumShape);
                for (int i = 0; i < si.length; i++) {
                    value.put(summed.charAt(i), si[i]);
                }
                double p = 1;
                for (int t = 0; t < ins.length; t++) {
                    int[] ti = new int[ins[t].length()];
                    for (int i = 0; i < ti.length; i++) {
                        ti[i] = ops.get(t).shape()[i] == 1 ? 0 : value.get(ins[t].charAt(i));
                    }
                    p *= ops.get(t).get(ti);
                }
                acc += p;
            }
            o.data()[flat] = acc;
        }
        return o;
    }

    // ------------------------------------------------------------------------------------ losses

    /** {@code -sum_c labels[.., c] log softmax(logits)[.., c]} over the last axis. */
    public static NdArray softmaxCrossEntropy(NdArray labels, NdArray logits) {
        NdArray logp = NdArray.zip(logits, logSumExp(logits, true, -1), (x, l) -> x - l);
        NdArray prod = NdArray.zip(labels, logp, (z, lp) -> -z * lp);
        return NdArray.reduce(prod, NdArray.Reduce.SUM, false, -1);
    }

    /** {@code -log softmax(logits)[.., label]} over the last axis. */
    public static NdArray sparseSoftmaxCrossEntropy(int[] labels, NdArray logits) {
        NdArray lse = logSumExp(logits, false, -1);
        int c = logits.shape()[logits.rank() - 1];
        NdArray o = NdArray.zeros(lse.shape());
        for (int i = 0; i < o.size(); i++) {
            o.data()[i] = lse.data()[i] - logits.data()[i * c + labels[i]];
        }
        return o;
    }

    /** {@code mean((p - t)^2)} over the last axis; a scalar pair gives its squared difference. */
    public static NdArray meanSquaredError(NdArray yTrue, NdArray yPred) {
        NdArray sq = NdArray.zip(yTrue, yPred, (t, p) -> (p - t) * (p - t));
        return yTrue.rank() == 0 ? sq : NdArray.reduce(sq, NdArray.Reduce.MEAN, false, -1);
    }

    // ------------------------------------------------------------------------------------ convolution, pooling

    /**
     * The output size and leading padding of one spatial axis under TensorFlow's padding rule: VALID keeps the
     * windows that fit; SAME gives {@code ceil(n / s)} outputs and pads {@code max((out - 1) s + extent - n, 0)},
     * the smaller half before.
     */
    private static int[] geometry(int n, int extent, int stride, boolean same) {
        if (!same) {
            return new int[] {(n - extent) / stride + 1, 0};
        }
        int out = (n + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + extent - n, 0);
        return new int[] {out, total / 2};
    }

    /**
     * {@code out[b, i, j, o] = sum_{di, dj, c} in[b, i sh + di dh - top, j sw + dj dw - left, c] w[di, dj, c, o]},
     * cells outside the image being 0 (NHWC input, HWIO filters).
     */
    public static NdArray conv2d(NdArray input, NdArray filters, int sh, int sw, String padding, int dh, int dw) {
        int[] x = input.shape();
        int[] f = filters.shape();
        boolean same = padding.equals("SAME");
        int[] gh = geometry(x[1], (f[0] - 1) * dh + 1, sh, same);
        int[] gw = geometry(x[2], (f[1] - 1) * dw + 1, sw, same);
        NdArray o = NdArray.zeros(x[0], gh[0], gw[0], f[3]);
        for (int b = 0; b < x[0]; b++) {
            for (int i = 0; i < gh[0]; i++) {
                for (int j = 0; j < gw[0]; j++) {
                    for (int oc = 0; oc < f[3]; oc++) {
                        double acc = 0;
                        for (int di = 0; di < f[0]; di++) {
                            for (int dj = 0; dj < f[1]; dj++) {
                                int r = i * sh + di * dh - gh[1];
                                int c = j * sw + dj * dw - gw[1];
                                if (r < 0 || r >= x[1] || c < 0 || c >= x[2]) {
                                    continue;
                                }
                                for (int ic = 0; ic < x[3]; ic++) {
                                    acc += input.get(b, r, c, ic) * filters.get(di, dj, ic, oc);
                                }
                            }
                        }
                        o.set(acc, b, i, j, oc);
                    }
                }
            }
        }
        return o;
    }

    /**
     * conv2d's transpose, by scattering: {@code out[b, i sh + di dh - top, j sw + dj dw - left, o] +=
     * in[b, i, j, c] w[di, dj, o, c]} for every input cell and filter cell that lands inside {@code outShape}, the
     * padding {@code top, left} being conv2d's over an input of {@code outShape} (NHWC input, filters
     * {@code (kh, kw, out, in)}).
     */
    public static NdArray conv2dTranspose(NdArray input, NdArray filters, int[] outShape, int sh, int sw, String padding,
                                          int dh, int dw) {
        int[] x = input.shape();
        int[] f = filters.shape();
        boolean same = padding.equals("SAME");
        int top = geometry(outShape[1], (f[0] - 1) * dh + 1, sh, same)[1];
        int left = geometry(outShape[2], (f[1] - 1) * dw + 1, sw, same)[1];
        NdArray o = NdArray.zeros(outShape);
        for (int b = 0; b < x[0]; b++) {
            for (int i = 0; i < x[1]; i++) {
                for (int j = 0; j < x[2]; j++) {
                    for (int di = 0; di < f[0]; di++) {
                        for (int dj = 0; dj < f[1]; dj++) {
                            int r = i * sh + di * dh - top;
                            int c = j * sw + dj * dw - left;
                            if (r < 0 || r >= outShape[1] || c < 0 || c >= outShape[2]) {
                                continue;
                            }
                            for (int oc = 0; oc < f[2]; oc++) {
                                double acc = o.get(b, r, c, oc);
                                for (int ic = 0; ic < x[3]; ic++) {
                                    acc += input.get(b, i, j, ic) * filters.get(di, dj, oc, ic);
                                }
                                o.set(acc, b, r, c, oc);
                            }
                        }
                    }
                }
            }
        }
        return o;
    }

    /** Max ({@code max}) or average pooling over the real cells of each window (padding never counts). */
    public static NdArray pool2d(NdArray input, int kh, int kw, int sh, int sw, String padding, boolean max) {
        int[] x = input.shape();
        boolean same = padding.equals("SAME");
        int[] gh = geometry(x[1], kh, sh, same);
        int[] gw = geometry(x[2], kw, sw, same);
        NdArray o = NdArray.zeros(x[0], gh[0], gw[0], x[3]);
        for (int b = 0; b < x[0]; b++) {
            for (int i = 0; i < gh[0]; i++) {
                for (int j = 0; j < gw[0]; j++) {
                    for (int ch = 0; ch < x[3]; ch++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        for (int di = 0; di < kh; di++) {
                            for (int dj = 0; dj < kw; dj++) {
                                int r = i * sh + di - gh[1];
                                int c = j * sw + dj - gw[1];
                                if (r < 0 || r >= x[1] || c < 0 || c >= x[2]) {
                                    continue;
                                }
                                double v = input.get(b, r, c, ch);
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            }
                        }
                        o.set(max ? acc : acc / count, b, i, j, ch);
                    }
                }
            }
        }
        return o;
    }
}
