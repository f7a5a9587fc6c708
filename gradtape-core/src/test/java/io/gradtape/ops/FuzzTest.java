package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.autodiff.Tape;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and extreme arguments for every public op of {@link Tensors} and {@link NN} (and the variable updates):
 * shapes of rank 0 to 4 with zero, one, small and huge dimensions (a huge one only beside a zero, so nothing big is
 * allocated), every dtype, axes and sizes drawn from {0, 1, -1, 2, -2, 3, 2^16, 2^30, Integer.MAX_VALUE,
 * Integer.MIN_VALUE, ...}. Each call must either
 * <ul>
 *   <li>succeed with the shape the op's rule promises (computed here independently, in long arithmetic), or</li>
 *   <li>throw {@link IllegalArgumentException} or {@link NullPointerException} whose message starts with the op's
 *       name, having changed nothing: the persistent tape watching the inputs holds no new entry and watches no new
 *       variable, and the variable involved keeps its value.</li>
 * </ul>
 * Any other exception (an index out of bounds, a negative array size, an out-of-memory error, an assertion) fails
 * the property. Calls whose promised result would hold more than 2^22 elements are skipped, so a run stays small.
 */
class FuzzTest {
    private static final int MAX = Integer.MAX_VALUE;
    private static final int MIN = Integer.MIN_VALUE;
    private static final long CAP = 1 << 22;

    /** One call: the op's public name, the call, and the result shape it promises (null: not checked). */
    record Attempt(String op, Supplier<Object> call, int[] expected) {
    }

    /**
     * Ops whose intermediate results can be far larger than their inputs and output when a huge dimension sits
     * beside a zero one (a softmax over the zero axis keeps a (2^31-1, 1) maximum; unstacking a (2^31-1, 0) tensor
     * makes 2^31-1 tensors): right, but too large for a unit test, so they get small dimensions only.
     */
    private static final java.util.Set<String> BOUNDED = java.util.Set.of("softmax", "logSoftmax", "logSumExp", "norm",
            "clipByNorm", "reduceMean", "split", "split(sizes)", "unstack", "topK", "sort", "argsort", "cumsum", "cumprod",
            "linearScan", "einsum", "stridedSlice", "gatherNd", "unsortedSegmentSum", "NN.softmaxCrossEntropyWithLogits",
            "NN.sparseSoftmaxCrossEntropyWithLogits", "NN.sigmoidCrossEntropyWithLogits", "NN.meanSquaredError", "reverse",
            "clipByValue(tensors)", "NN.conv2d", "NN.maxPool2d", "NN.avgPool2d", "NN.conv2dTranspose", "NN.conv1d", "NN.maxPool1d",
            "NN.avgPool1d");

    static final Map<String, Function<Gen, Attempt>> OPS = new LinkedHashMap<>();

    @Provide
    Arbitrary<String> ops() {
        return Arbitraries.of(new ArrayList<>(OPS.keySet()));
    }

    @Property(tries = 10000)
    void everyCallGivesItsShapeOrFailsNamingTheOpAndChangesNothing(@ForAll("ops") String name, @ForAll long seed) throws Exception {
        check(name, seed);
    }

    /** One call of the op {@code name} with the arguments drawn from {@code seed}, checked. */
    static void check(String name, long seed) throws Exception {
        Gen g = new Gen(new Random(seed), !BOUNDED.contains(name));
        Attempt a = OPS.get(name).apply(g);
        if (a == null || (a.expected != null && size(a.expected) > CAP)) {
            return; // a promised result too large to allocate in a unit test
        }
        try (GradientTape tape = new GradientTape(true)) {
            for (Tensor t : g.inputs) {
                if (t.dtype().isFloating() && !(t instanceof Variable)) {
                    tape.watch(t);
                }
            }
            List<Object> values = new ArrayList<>();
            for (Variable v : g.variables) {
                values.add(snapshot(v.value()));
            }
            int entries = entries(tape);
            List<Variable> watched = tape.watchedVariables();
            Object result;
            try {
                result = a.call.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                String msg = String.valueOf(e.getMessage());
                assertTrue(msg.startsWith(a.op + ":"), () -> name + ": message does not start with \"" + a.op + ":\": " + msg);
                assertEquals(entries, entries(tape), () -> name + " failed (" + msg + ") but recorded on the tape");
                assertEquals(watched, tape.watchedVariables(), () -> name + " failed (" + msg + ") but the tape watched a variable");
                for (int i = 0; i < g.variables.size(); i++) {
                    assertArrayEquals(new Object[] {values.get(i)}, new Object[] {snapshot(g.variables.get(i).value())},
                            name + " failed (" + msg + ") but changed a variable");
                }
                return;
            }
            assertNotNull(result, name);
            if (a.expected != null) {
                Tensor t = result instanceof Tensor ? (Tensor) result : result instanceof Variable ? (Variable) result : null;
                if (result instanceof Tensors.TopK) {
                    t = ((Tensors.TopK) result).values();
                }
                assertNotNull(t, name + " returned " + result.getClass());
                assertEquals(Shape.of(a.expected), t.shape(), name);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- the ops

    static {
        for (String op : List.of("neg", "abs", "sign", "relu", "exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "sigmoid",
                "log1p", "expm1", "erf", "floor", "ceil", "round", "square", "rsqrt", "reciprocal", "stopGradient", "identity")) {
            unary(op, op, x -> call(Tensors.class, op, x));
        }
        unary("NN.softplus", "softplus", NN::softplus);
        unary("NN.leakyRelu", "leakyRelu", NN::leakyRelu);
        unary("NN.elu", "elu", NN::elu);
        unary("NN.selu", "selu", NN::selu);
        unary("NN.gelu", "gelu", NN::gelu);
        unary("NN.swish", "swish", NN::swish);
        unary("NN.relu", "relu", NN::relu);
        unary("NN.sigmoid", "sigmoid", NN::sigmoid);
        for (String op : List.of("add", "sub", "mul", "div", "pow", "maximum", "minimum", "equal", "notEqual", "greater",
                "greaterEqual", "less", "lessEqual")) {
            OPS.put(op, g -> {
                Tensor a = g.input(g.any());
                Tensor b = g.input(g.tensor(g.rnd.nextInt(10) == 0 ? g.dtype() : a.dtype(), g.broadcastable(a.shape().dims())));
                return new Attempt(op, () -> call(Tensors.class, op, a, b), bcast(a.shape().dims(), b.shape().dims()));
            });
        }
        for (String op : List.of("add", "sub", "mul", "div", "pow")) {
            OPS.put("Tensor." + op + "(double)", g -> {
                Tensor x = g.any();
                double c = new double[] {0, 1, -1, 0.5, 1.5, 3, 1e300, Double.NaN, Double.POSITIVE_INFINITY, 3e9}[g.rnd.nextInt(10)];
                return new Attempt(op, () -> {
                    switch (op) {
                        case "add": return x.add(c);
                        case "sub": return x.sub(c);
                        case "mul": return x.mul(c);
                        case "div": return x.div(c);
                        default: return x.pow(c);
                    }
                }, x.shape().dims());
            });
        }
        OPS.put("where", g -> {
            Tensor x = g.input(g.any());
            Tensor y = g.input(g.tensor(x.dtype(), g.broadcastable(x.shape().dims())));
            Tensor c = g.tensor(g.rnd.nextInt(8) == 0 ? g.dtype() : DType.BOOL, g.broadcastable(x.shape().dims()));
            int[] xy = bcast(x.shape().dims(), y.shape().dims());
            return new Attempt("where", () -> where(c, x, y), xy == null ? null : bcast(c.shape().dims(), xy));
        });
        OPS.put("cast", g -> {
            Tensor x = g.input(g.any());
            DType to = g.dtype();
            return new Attempt("cast", () -> cast(x, to), x.shape().dims());
        });
        for (String op : List.of("reduceSum", "reduceMean", "reduceMax", "reduceMin", "logSumExp", "norm")) {
            OPS.put(op, g -> {
                Tensor x = g.input(g.any());
                int[] axes = g.axes(x.rank());
                boolean keep = g.rnd.nextBoolean();
                // an explicit empty axes array is refused (TensorFlow's axis=[] reduces nothing); reduced() reads
                // it as every axis, which the overload without axes does
                int[] want = axes.length == 0 ? null : reduced(x.shape().dims(), axes, keep);
                return new Attempt(op, () -> call(Tensors.class, op, x, keep, axes), want);
            });
        }
        OPS.put("clipByNorm", g -> {
            Tensor x = g.input(g.any());
            int[] axes = g.axes(x.rank());
            double c = new double[] {1, 0.5, 0, -1, Double.NaN, 1e300}[g.rnd.nextInt(6)];
            return new Attempt("clipByNorm", () -> clipByNorm(x, c, axes), axes.length == 0 ? null : x.shape().dims());
        });
        OPS.put("clipByValue", g -> {
            Tensor x = g.input(g.any());
            double lo = g.rnd.nextBoolean() ? -1 : 0.5;
            return new Attempt("clipByValue", () -> clipByValue(x, lo, 2), x.shape().dims());
        });
        OPS.put("clipByValue(tensors)", g -> {
            Tensor x = g.input(g.any());
            Tensor lo = g.tensor(g.rnd.nextInt(6) == 0 ? g.dtype() : x.dtype(), g.broadcastable(x.shape().dims()));
            Tensor hi = g.tensor(x.dtype(), g.broadcastable(x.shape().dims()));
            int[] b = bcast(x.shape().dims(), lo.shape().dims());
            int[] out = b == null ? null : bcast(b, hi.shape().dims());
            // TensorFlow's rule: the bounds broadcast to x, never x to a larger shape
            return new Attempt("clipByValue", () -> clipByValue(x, lo, hi), out != null && java.util.Arrays.equals(out, x.shape().dims()) ? out : null);
        });
        for (String op : List.of("argmax", "argmin")) {
            OPS.put(op, g -> {
                Tensor x = g.input(g.any());
                int axis = g.param();
                int[] want = reduced(x.shape().dims(), new int[] {axis}, false);
                return new Attempt(op, () -> call(Tensors.class, op, x, axis), want);
            });
        }
        for (String op : List.of("argsort", "sort")) {
            OPS.put(op, g -> {
                Tensor x = g.input(g.any());
                int axis = g.param();
                boolean desc = g.rnd.nextBoolean();
                return new Attempt(op, () -> call(Tensors.class, op, x, axis, desc), validAxis(axis, x.rank()) ? x.shape().dims() : null);
            });
        }
        for (String op : List.of("cumsum", "cumprod")) {
            OPS.put(op, g -> {
                Tensor x = g.input(g.any());
                int axis = g.param();
                boolean excl = g.rnd.nextBoolean();
                boolean rev = g.rnd.nextBoolean();
                return new Attempt(op, () -> call(Tensors.class, op, x, axis, excl, rev), validAxis(axis, x.rank()) ? x.shape().dims() : null);
            });
        }
        OPS.put("linearScan", g -> {
            Tensor a = g.input(g.any());
            Tensor b = g.input(g.tensor(g.rnd.nextInt(8) == 0 ? g.dtype() : a.dtype(), g.broadcastable(a.shape().dims())));
            int axis = g.param();
            return new Attempt("linearScan", () -> linearScan(a, b, axis, g.rnd.nextBoolean()), bcast(a.shape().dims(), b.shape().dims()));
        });
        for (String op : List.of("softmax", "logSoftmax")) {
            OPS.put(op, g -> {
                Tensor x = g.input(g.any());
                int axis = g.param();
                return new Attempt(op, () -> call(Tensors.class, op, x, axis), validAxis(axis, x.rank()) ? x.shape().dims() : null);
            });
        }
        OPS.put("matmul", g -> {
            int[] ad = g.dims(2 + g.rnd.nextInt(2));
            Tensor a = g.input(g.tensor(g.floatOrAny(), ad));
            int[] bd = ad.clone();
            if (g.rnd.nextBoolean()) { // a compatible right operand
                bd[bd.length - 2] = ad[ad.length - 1];
                bd[bd.length - 1] = g.rnd.nextInt(4);
            } else {
                bd = g.dims(2 + g.rnd.nextInt(2));
            }
            if (fits(java.util.stream.IntStream.of(bd).asLongStream().toArray()) == null) {
                bd = ad.clone();
            }
            Tensor b = g.input(g.tensor(g.rnd.nextInt(10) == 0 ? g.dtype() : a.dtype(), bd));
            boolean ta = g.rnd.nextInt(4) == 0;
            boolean tb = g.rnd.nextInt(4) == 0;
            return new Attempt("matmul", () -> matmul(a, b, ta, tb), matmulShape(a.shape().dims(), b.shape().dims(), ta, tb));
        });
        OPS.put("reshape", g -> {
            Tensor x = g.input(g.any());
            int[] to = g.rnd.nextBoolean() ? g.params(g.rnd.nextInt(4)) : g.refactor(x.shape().dims());
            return new Attempt("reshape", () -> reshape(x, to), reshapeShape(x.shape().dims(), to));
        });
        OPS.put("transpose", g -> {
            Tensor x = g.input(g.any());
            int[] perm = g.rnd.nextBoolean() ? g.permutation(x.rank()) : g.params(g.rnd.nextInt(5));
            return new Attempt("transpose", () -> transpose(x, perm), permuted(x.shape().dims(), perm));
        });
        OPS.put("broadcastTo", g -> {
            Tensor x = g.input(g.any());
            int[] to = g.rnd.nextBoolean() ? g.widen(x.shape().dims()) : g.params(g.rnd.nextInt(4));
            int[] b = bcast(x.shape().dims(), to);
            return new Attempt("broadcastTo", () -> broadcastTo(x, to), b != null && Arrays.equals(b, to) ? to : null);
        });
        OPS.put("concat", g -> {
            List<Tensor> parts = g.parts();
            int axis = g.param();
            return new Attempt("concat", () -> concat(parts, axis), concatShape(parts, axis));
        });
        OPS.put("stack", g -> {
            List<Tensor> parts = g.parts();
            int axis = g.param();
            return new Attempt("stack", () -> stack(parts, axis), stackShape(parts, axis));
        });
        OPS.put("slice", g -> {
            Tensor x = g.input(g.any());
            int[] d = x.shape().dims();
            int[] begin = new int[d.length];
            int[] size = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                begin[i] = g.rnd.nextInt(3) == 0 ? g.param() : (d[i] == 0 ? 0 : g.rnd.nextInt(d[i] + 1));
                size[i] = g.rnd.nextInt(3) == 0 ? g.param() : (g.rnd.nextInt(4) == 0 ? -1 : Math.max(0, d[i] - Math.max(begin[i], 0)));
            }
            int[] b = g.rnd.nextInt(10) == 0 ? g.params(g.rnd.nextInt(4)) : begin;
            return new Attempt("slice", () -> slice(x, b, size), sliceShape(d, b, size));
        });
        OPS.put("pad", g -> {
            Tensor x = g.input(g.any());
            int r = g.rnd.nextInt(10) == 0 ? g.rnd.nextInt(4) : x.rank();
            int[] before = g.params(r);
            int[] after = g.params(r);
            return new Attempt("pad", () -> pad(x, before, after), padShape(x.shape().dims(), before, after));
        });
        OPS.put("tile", g -> {
            Tensor x = g.input(g.any());
            int[] m = g.params(g.rnd.nextInt(10) == 0 ? g.rnd.nextInt(4) : x.rank());
            return new Attempt("tile", () -> tile(x, m), tileShape(x.shape().dims(), m));
        });
        OPS.put("expandDims", g -> {
            Tensor x = g.input(g.any());
            int axis = g.param();
            int[] want = null;
            if (validAxis(axis, x.rank() + 1)) {
                int a = axis < 0 ? axis + x.rank() + 1 : axis;
                int[] d = x.shape().dims();
                want = new int[d.length + 1];
                System.arraycopy(d, 0, want, 0, a);
                want[a] = 1;
                System.arraycopy(d, a, want, a + 1, d.length - a);
            }
            int[] w = want;
            return new Attempt("expandDims", () -> expandDims(x, axis), w);
        });
        OPS.put("squeeze", g -> {
            Tensor x = g.input(g.any());
            int[] axes = g.axes(x.rank());
            return new Attempt("squeeze", () -> squeeze(x, axes), null);
        });
        OPS.put("reverse", g -> {
            Tensor x = g.input(g.any());
            int[] axes = g.axes(x.rank());
            return new Attempt("reverse", () -> reverse(x, axes), null);
        });
        OPS.put("split", g -> {
            Tensor x = g.input(g.any());
            int n = g.param();
            int axis = g.param();
            if (n > CAP) {
                return null; // a zero-length axis splits into any number of empty parts: 2^31-1 of them is valid but large
            }
            return new Attempt("split", () -> split(x, n, axis), null);
        });
        OPS.put("split(sizes)", g -> {
            Tensor x = g.input(g.any());
            int[] sizes = g.params(g.rnd.nextInt(4));
            int axis = g.param();
            return new Attempt("split", () -> split(x, sizes, axis), null);
        });
        OPS.put("unstack", g -> {
            Tensor x = g.input(g.any());
            int axis = g.param();
            return new Attempt("unstack", () -> unstack(x, axis), null);
        });
        OPS.put("gather", g -> {
            Tensor p = g.input(g.any());
            int axis = g.param();
            int n = validAxis(axis, p.rank()) ? p.shape().dim(axis) : 3;
            Tensor idx = g.indices(g.dims(g.rnd.nextInt(3)), n);
            int[] want = null;
            if (validAxis(axis, p.rank())) {
                int a = axis < 0 ? axis + p.rank() : axis;
                int[] pd = p.shape().dims();
                int[] id = idx.shape().dims();
                want = new int[pd.length - 1 + id.length];
                System.arraycopy(pd, 0, want, 0, a);
                System.arraycopy(id, 0, want, a, id.length);
                System.arraycopy(pd, a + 1, want, a + id.length, pd.length - a - 1);
            }
            int[] w = want;
            return new Attempt("gather", () -> gather(p, idx, axis), w);
        });
        OPS.put("gatherNd", g -> {
            Tensor p = g.input(g.any());
            int[] id = g.dims(1 + g.rnd.nextInt(2));
            Tensor idx = g.indices(id, 3);
            return new Attempt("gatherNd", () -> gatherNd(p, idx), null);
        });
        OPS.put("unsortedSegmentSum", g -> {
            Tensor data = g.input(g.any());
            int[] id = data.rank() > 0 && g.rnd.nextBoolean() ? new int[] {data.shape().dim(0)} : g.dims(g.rnd.nextInt(3));
            int segments = g.param();
            Tensor ids = g.indices(id, Math.max(1, Math.min(segments, 4)));
            int[] want = null;
            int[] dd = data.shape().dims();
            if (segments >= 0 && id.length <= dd.length && Arrays.equals(id, Arrays.copyOf(dd, id.length))) {
                long[] o = new long[dd.length - id.length + 1];
                o[0] = segments;
                for (int i = id.length; i < dd.length; i++) {
                    o[i - id.length + 1] = dd[i];
                }
                want = fits(o);
            }
            int[] w = want;
            return new Attempt("unsortedSegmentSum", () -> unsortedSegmentSum(data, ids, segments), w);
        });
        OPS.put("oneHot", g -> {
            int depth = g.param();
            Tensor idx = g.indices(g.dims(g.rnd.nextInt(3)), 4);
            Tensor in = g.rnd.nextInt(8) == 0 ? g.any() : idx;
            int[] d = in.shape().dims();
            int[] want = Arrays.copyOf(d, d.length + 1);
            want[d.length] = depth;
            return new Attempt("oneHot", () -> oneHot(in, depth), depth >= 0 && in.dtype().isInteger() ? want : null);
        });
        OPS.put("topK", g -> {
            Tensor x = g.input(g.any());
            int k = g.param();
            int[] want = null;
            if (x.rank() > 0 && k >= 0 && k <= x.shape().dim(-1)) {
                want = x.shape().dims();
                want[want.length - 1] = k;
            }
            int[] w = want;
            return new Attempt("topK", () -> topK(x, k), w);
        });
        OPS.put("stridedSlice", g -> {
            Tensor x = g.input(g.any());
            int k = g.rnd.nextInt(8) == 0 ? g.rnd.nextInt(4) : x.rank();
            int[] b = g.params(k);
            int[] e = g.params(g.rnd.nextInt(8) == 0 ? g.rnd.nextInt(4) : k);
            int[] s = g.params(k);
            int bm = g.rnd.nextInt(4) == 0 ? g.param() : 0;
            return new Attempt("stridedSlice", () -> stridedSlice(x, b, e, s, bm, 0), null);
        });
        OPS.put("einsum", g -> {
            String[] eqs = {"ij,jk->ik", "ij,ij->i", "bij,bjk->bik", "i,j->ij", "ij->ji", "ij->", "ii->i", "i...->i", "ij,jk", "ab,bc->ca"};
            String eq = eqs[g.rnd.nextInt(eqs.length)];
            Tensor a = g.input(g.any());
            Tensor b = g.input(g.tensor(g.rnd.nextInt(8) == 0 ? g.dtype() : a.dtype(), g.dims(a.rank())));
            boolean two = eq.contains(",");
            return new Attempt("einsum", () -> two ? einsum(eq, a, b) : einsum(eq, a), null);
        });
        for (String op : List.of("conv2d", "maxPool2d", "avgPool2d")) {
            OPS.put("NN." + op, g -> {
                int[] xd = g.rnd.nextInt(6) == 0 ? g.dims(g.rnd.nextInt(5)) : new int[] {g.rnd.nextInt(3), g.rnd.nextInt(6), g.rnd.nextInt(6), g.rnd.nextInt(3)};
                Tensor x = g.input(g.tensor(g.floatOrAny(), xd));
                int kh = g.rnd.nextInt(8) == 0 ? g.param() : 1 + g.rnd.nextInt(3);
                int kw = g.rnd.nextInt(8) == 0 ? g.param() : 1 + g.rnd.nextInt(3);
                int[] strides = g.rnd.nextInt(3) == 0 ? new int[] {g.param()} : new int[] {1 + g.rnd.nextInt(2), 1 + g.rnd.nextInt(2)};
                int[] dil = g.rnd.nextInt(3) == 0 ? new int[] {g.param(), 1} : new int[] {1 + g.rnd.nextInt(2)};
                String padding = new String[] {"SAME", "VALID", "same", "FULL"}[g.rnd.nextInt(4)];
                int[] want = windowShape(xd, kh, kw, strides, op.equals("conv2d") ? dil : new int[] {1}, padding);
                if (windowCost(xd, kh, kw, strides, op.equals("conv2d") ? dil : new int[] {1}) > CAP) {
                    return null; // valid, but the padded input or the patches would be too large for a unit test
                }
                if (op.equals("conv2d")) {
                    int o = g.rnd.nextInt(3);
                    int c = xd.length == 4 && g.rnd.nextInt(5) > 0 ? xd[3] : g.rnd.nextInt(3);
                    int[] fd = {Math.max(kh, 0), Math.max(kw, 0), c, o};
                    if (size(fd) > 1 << 12 || fits(new long[] {fd[0], fd[1], fd[2], fd[3]}) == null) {
                        return null;
                    }
                    Tensor f = g.input(g.tensor(g.rnd.nextInt(8) == 0 ? g.dtype() : x.dtype(), fd));
                    if (want != null) {
                        want[3] = o;
                        if (xd[3] != c) {
                            want = null;
                        }
                    }
                    return new Attempt("conv2d", () -> NN.conv2d(x, f, strides, padding, dil), want);
                }
                int[] k = {kh, kw};
                return new Attempt(op, () -> call(NN.class, op, x, k, strides, padding), want);
            });
        }
        for (String op : List.of("conv1d", "maxPool1d", "avgPool1d")) {
            OPS.put("NN." + op, g -> {
                // the 2-D rule over the one-row image (batch, 1, steps, channels) the 1-D ops are
                int[] xd = g.rnd.nextInt(6) == 0 ? g.dims(g.rnd.nextInt(5)) : new int[] {g.rnd.nextInt(3), g.rnd.nextInt(7), g.rnd.nextInt(3)};
                Tensor x = g.input(g.tensor(g.floatOrAny(), xd));
                int k = g.rnd.nextInt(8) == 0 ? g.param() : 1 + g.rnd.nextInt(3);
                int stride = g.rnd.nextInt(4) == 0 ? g.param() : 1 + g.rnd.nextInt(2);
                int dil = op.equals("conv1d") ? (g.rnd.nextInt(4) == 0 ? g.param() : 1 + g.rnd.nextInt(2)) : 1;
                String padding = new String[] {"SAME", "VALID", "same", "FULL"}[g.rnd.nextInt(4)];
                int[] row = xd.length == 3 ? new int[] {xd[0], 1, xd[1], xd[2]} : new int[0];
                int[] s2 = {1, stride};
                int[] d2 = {1, dil};
                if (windowCost(row, 1, k, s2, d2) > CAP) {
                    return null; // valid, but the padded input or the patches would be too large for a unit test
                }
                int[] w4 = windowShape(row, 1, k, s2, d2, padding);
                int[] want = w4 == null ? null : new int[] {w4[0], w4[2], w4[3]};
                if (op.equals("conv1d")) {
                    int o = g.rnd.nextInt(3);
                    int c = xd.length == 3 && g.rnd.nextInt(5) > 0 ? xd[2] : g.rnd.nextInt(3);
                    int[] fd = {Math.max(k, 0), c, o};
                    if (size(fd) > 1 << 12 || fits(new long[] {fd[0], fd[1], fd[2]}) == null) {
                        return null;
                    }
                    Tensor f = g.input(g.tensor(g.rnd.nextInt(8) == 0 ? g.dtype() : x.dtype(), fd));
                    if (want != null) {
                        want[2] = o;
                        if (xd[2] != c) {
                            want = null;
                        }
                    }
                    int[] promised = want;
                    return new Attempt("conv1d", () -> NN.conv1d(x, f, stride, padding, dil), promised);
                }
                return new Attempt(op, () -> call(NN.class, op, x, k, stride, padding), want);
            });
        }
        OPS.put("NN.conv2dTranspose", g -> {
            // the output shape first (sometimes extreme), the input the conv2d of that shape would give (sometimes
            // another): the call must give outputShape exactly when that conv2d has the input's shape
            int[] od = g.rnd.nextInt(6) == 0 ? g.dims(g.rnd.nextInt(5))
                    : new int[] {g.rnd.nextInt(3), g.rnd.nextInt(7), g.rnd.nextInt(7), g.rnd.nextInt(3)};
            if (g.rnd.nextInt(8) == 0 && od.length == 4) {
                od[1 + g.rnd.nextInt(2)] = g.param();
            }
            int kh = g.rnd.nextInt(8) == 0 ? g.param() : 1 + g.rnd.nextInt(3);
            int kw = g.rnd.nextInt(8) == 0 ? g.param() : 1 + g.rnd.nextInt(3);
            int[] strides = g.rnd.nextInt(3) == 0 ? new int[] {g.param()} : new int[] {1 + g.rnd.nextInt(3), 1 + g.rnd.nextInt(2)};
            int[] dil = g.rnd.nextInt(3) == 0 ? new int[] {g.param(), 1} : new int[] {1 + g.rnd.nextInt(2)};
            String padding = new String[] {"SAME", "VALID", "same", "FULL"}[g.rnd.nextInt(4)];
            int c = g.rnd.nextInt(3);
            int[] conv = od.length == 4 && od[1] >= 0 && od[2] >= 0 ? windowShape(new int[] {od[0], od[1], od[2], c}, kh, kw, strides, dil, padding) : null;
            int[] xd = conv != null && g.rnd.nextInt(5) > 0 ? conv : g.rnd.nextInt(4) == 0 ? g.dims(g.rnd.nextInt(5))
                    : new int[] {g.rnd.nextInt(3), g.rnd.nextInt(5), g.rnd.nextInt(5), c};
            if (windowCost(od, kh, kw, strides, dil) > CAP) {
                return null; // valid, but the padded result or the window cells would be too large for a unit test
            }
            int o = od.length == 4 && g.rnd.nextInt(5) > 0 ? Math.max(od[3], 0) : g.rnd.nextInt(3);
            int[] fd = {Math.max(kh, 0), Math.max(kw, 0), o, xd.length == 4 && g.rnd.nextInt(5) > 0 ? xd[3] : g.rnd.nextInt(3)};
            if (size(fd) > 1 << 12 || fits(new long[] {fd[0], fd[1], fd[2], fd[3]}) == null) {
                return null;
            }
            Tensor x = g.input(g.tensor(g.floatOrAny(), xd));
            Tensor f = g.input(g.tensor(g.rnd.nextInt(8) == 0 ? g.dtype() : x.dtype(), fd));
            boolean fitsAll = conv != null && Arrays.equals(conv, xd) && fd[2] == od[3] && fd[3] == xd[3] && x.dtype().isFloating()
                    && f.dtype() == x.dtype() && fits(new long[] {od[0], od[1], od[2], od[3]}) != null;
            return new Attempt("conv2dTranspose", () -> NN.conv2dTranspose(x, f, od, strides, padding, dil), fitsAll ? od : null);
        });
        for (String op : List.of("softmaxCrossEntropyWithLogits", "sigmoidCrossEntropyWithLogits", "meanSquaredError")) {
            OPS.put("NN." + op, g -> {
                Tensor logits = g.input(g.any());
                Tensor labels = g.tensor(g.rnd.nextInt(6) == 0 ? g.dtype() : logits.dtype(),
                        g.rnd.nextInt(6) == 0 ? g.dims(g.rnd.nextInt(4)) : logits.shape().dims());
                return new Attempt(op, () -> call(NN.class, op, labels, logits), null);
            });
        }
        OPS.put("NN.sparseSoftmaxCrossEntropyWithLogits", g -> {
            Tensor logits = g.input(g.any());
            int[] ld = logits.rank() > 0 && g.rnd.nextBoolean() ? Arrays.copyOf(logits.shape().dims(), logits.rank() - 1) : g.dims(g.rnd.nextInt(3));
            Tensor labels = g.indices(ld, logits.rank() > 0 ? Math.max(1, logits.shape().dim(-1)) : 3);
            int[] want = logits.rank() > 0 && Arrays.equals(ld, Arrays.copyOf(logits.shape().dims(), logits.rank() - 1)) ? ld : null;
            return new Attempt("sparseSoftmaxCrossEntropyWithLogits", () -> NN.sparseSoftmaxCrossEntropyWithLogits(labels, logits),
                    logits.dtype().isFloating() ? want : null);
        });
        for (String op : List.of("assign", "assignAdd", "assignSub")) {
            OPS.put("Variable." + op, g -> {
                Tensor init = g.any();
                Variable v = new Variable(init);
                g.variables.add(v);
                Tensor delta = g.tensor(g.rnd.nextInt(6) == 0 ? g.dtype() : init.dtype(),
                        g.rnd.nextBoolean() ? init.shape().dims() : g.broadcastable(init.shape().dims()));
                Tensor arg = g.rnd.nextInt(4) == 0 ? new Variable(delta) : delta;
                return new Attempt(op, () -> op.equals("assign") ? v.assign(arg) : op.equals("assignAdd") ? v.assignAdd(arg) : v.assignSub(arg),
                        init.shape().dims());
            });
        }
    }

    private static void unary(String key, String op, Function<Tensor, Object> f) {
        OPS.put(key, g -> {
            Tensor x = g.input(g.any());
            return new Attempt(op, () -> f.apply(x), x.shape().dims());
        });
    }

    /** Calls the public static method {@code name} of {@code owner} whose parameters accept {@code args}. */
    private static Object call(Class<?> owner, String name, Object... args) {
        for (java.lang.reflect.Method m : owner.getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != args.length) {
                continue;
            }
            Class<?>[] p = m.getParameterTypes();
            boolean fits = true;
            for (int i = 0; i < p.length && fits; i++) {
                fits = box(p[i]).isInstance(args[i]);
            }
            if (!fits) {
                continue;
            }
            try {
                return m.invoke(null, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new AssertionError(e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no method " + owner.getSimpleName() + "." + name + " for " + args.length + " arguments");
    }

    private static Class<?> box(Class<?> c) {
        return c == int.class ? Integer.class : c == boolean.class ? Boolean.class : c == double.class ? Double.class : c;
    }

    // ---------------------------------------------------------------------------------- the shapes promised

    private static long size(int[] d) {
        long s = 1;
        for (int x : d) {
            s = Math.min(s * x, 1L << 40);
        }
        return s;
    }

    /** The shape rule's size limit: every dimension in [0, 2^31-1], the non-zero ones multiplying to at most that. */
    private static int[] fits(long[] d) {
        long nonZero = 1;
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0 || d[i] > MAX) {
                return null;
            }
            if (d[i] > 0) {
                nonZero *= d[i];
                if (nonZero > MAX) {
                    return null;
                }
            }
            r[i] = (int) d[i];
        }
        return r;
    }

    private static boolean validAxis(int axis, int rank) {
        return axis >= -rank && axis < rank;
    }

    static int[] bcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            o[i] = da == 1 ? db : da;
        }
        return fits(o);
    }

    static int[] reduced(int[] d, int[] axes, boolean keep) {
        boolean[] red = new boolean[d.length];
        if (axes.length == 0) {
            Arrays.fill(red, true);
        }
        for (int a : axes) {
            if (!validAxis(a, d.length) || red[a < 0 ? a + d.length : a]) {
                return null;
            }
            red[a < 0 ? a + d.length : a] = true;
        }
        List<Integer> o = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            if (!red[i]) {
                o.add(d[i]);
            } else if (keep) {
                o.add(1);
            }
        }
        return o.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] matmulShape(int[] a, int[] b, boolean ta, boolean tb) {
        int m = ta ? a[a.length - 1] : a[a.length - 2];
        int k1 = ta ? a[a.length - 2] : a[a.length - 1];
        int k2 = tb ? b[b.length - 1] : b[b.length - 2];
        int n = tb ? b[b.length - 2] : b[b.length - 1];
        int[] batch = bcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        if (k1 != k2 || batch == null) {
            return null;
        }
        long[] o = new long[batch.length + 2];
        for (int i = 0; i < batch.length; i++) {
            o[i] = batch[i];
        }
        o[batch.length] = m;
        o[batch.length + 1] = n;
        return fits(o);
    }

    static int[] reshapeShape(int[] d, int[] to) {
        long n = size(d);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < to.length; i++) {
            if (to[i] == -1 && infer < 0) {
                infer = i;
            } else if (to[i] < 0) {
                return null;
            } else {
                known = Math.min(known * to[i], 1L << 40);
            }
        }
        long[] o = new long[to.length];
        for (int i = 0; i < to.length; i++) {
            o[i] = to[i];
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                return null;
            }
            o[infer] = n / known;
        } else if (known != n) {
            return null;
        }
        return fits(o);
    }

    static int[] permuted(int[] d, int[] perm) {
        if (perm.length == 0) {
            int[] r = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                r[i] = d[d.length - 1 - i];
            }
            return r;
        }
        if (perm.length != d.length) {
            return null;
        }
        boolean[] seen = new boolean[d.length];
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (!validAxis(perm[i], d.length)) {
                return null;
            }
            int a = perm[i] < 0 ? perm[i] + d.length : perm[i];
            if (seen[a]) {
                return null;
            }
            seen[a] = true;
            r[i] = d[a];
        }
        return r;
    }

    static int[] concatShape(List<Tensor> parts, int axis) {
        if (parts.contains(null)) {
            return null;
        }
        if (parts.isEmpty() || parts.get(0).rank() == 0 || !validAxis(axis, parts.get(0).rank())) {
            return null;
        }
        int[] first = parts.get(0).shape().dims();
        int a = axis < 0 ? axis + first.length : axis;
        long[] o = new long[first.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = first[i];
        }
        o[a] = 0;
        for (Tensor t : parts) {
            if (t.rank() != first.length || t.dtype() != parts.get(0).dtype()) {
                return null;
            }
            for (int i = 0; i < first.length; i++) {
                if (i != a && t.shape().dim(i) != first[i]) {
                    return null;
                }
            }
            o[a] += t.shape().dim(a);
        }
        return fits(o);
    }

    static int[] stackShape(List<Tensor> parts, int axis) {
        if (parts.isEmpty() || parts.contains(null)) {
            return null;
        }
        int[] first = parts.get(0).shape().dims();
        if (!validAxis(axis, first.length + 1)) {
            return null;
        }
        for (Tensor t : parts) {
            if (!Arrays.equals(t.shape().dims(), first) || t.dtype() != parts.get(0).dtype()) {
                return null;
            }
        }
        int a = axis < 0 ? axis + first.length + 1 : axis;
        long[] o = new long[first.length + 1];
        for (int i = 0, j = 0; i < o.length; i++) {
            o[i] = i == a ? parts.size() : first[j++];
        }
        return fits(o);
    }

    static int[] sliceShape(int[] d, int[] begin, int[] size) {
        if (begin.length != d.length || size.length != d.length) {
            return null;
        }
        int[] o = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            long s = size[i] == -1 ? (long) d[i] - begin[i] : size[i];
            if (begin[i] < 0 || s < 0 || begin[i] + s > d[i]) {
                return null;
            }
            o[i] = (int) s;
        }
        return o;
    }

    static int[] padShape(int[] d, int[] before, int[] after) {
        if (before.length != d.length || after.length != d.length) {
            return null;
        }
        long[] o = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                return null;
            }
            o[i] = (long) d[i] + before[i] + after[i];
        }
        return fits(o);
    }

    static int[] tileShape(int[] d, int[] m) {
        if (m.length != d.length) {
            return null;
        }
        long[] o = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            if (m[i] < 0) {
                return null;
            }
            o[i] = (long) d[i] * m[i];
        }
        return fits(o);
    }

    /** TensorFlow's output size of a 2-D window op, in long; null where the arguments are invalid. */
    static int[] windowShape(int[] x, int kh, int kw, int[] strides, int[] dil, String padding) {
        if (x.length != 4 || kh < 1 || kw < 1 || !(padding.equals("SAME") || padding.equals("VALID"))) {
            return null;
        }
        int[] s = pair(strides);
        int[] d = pair(dil);
        if (s == null || d == null) {
            return null;
        }
        long eh = (long) (kh - 1) * d[0] + 1;
        long ew = (long) (kw - 1) * d[1] + 1;
        long oh;
        long ow;
        if (padding.equals("VALID")) {
            if (eh > x[1] || ew > x[2]) {
                return null;
            }
            oh = (x[1] - eh) / s[0] + 1;
            ow = (x[2] - ew) / s[1] + 1;
        } else {
            oh = (x[1] + (long) s[0] - 1) / s[0];
            ow = (x[2] + (long) s[1] - 1) / s[1];
        }
        return fits(new long[] {x[0], oh, ow, x[3]});
    }

    /** The larger of the padded input's and the window patches' element counts (SAME padding, the larger). */
    static long windowCost(int[] x, int kh, int kw, int[] strides, int[] dil) {
        int[] s = pair(strides);
        int[] d = pair(dil);
        if (x.length != 4 || s == null || d == null || kh < 1 || kw < 1) {
            return 0;
        }
        long eh = (long) (kh - 1) * d[0] + 1;
        long ew = (long) (kw - 1) * d[1] + 1;
        long oh = (x[1] + (long) s[0] - 1) / s[0];
        long ow = (x[2] + (long) s[1] - 1) / s[1];
        long hp = Math.max((oh - 1) * s[0] + eh, x[1]);
        long wp = Math.max((ow - 1) * s[1] + ew, x[2]);
        double nc = Math.max(1, (double) x[0] * x[3]);
        return (long) Math.min(1e18, Math.max(hp * (double) wp * nc, oh * (double) ow * kh * (double) kw * nc));
    }

    private static int[] pair(int[] v) {
        int[] r = v.length == 1 ? new int[] {v[0], v[0]} : v.length == 2 ? v.clone() : null;
        return r == null || r[0] < 1 || r[1] < 1 ? null : r;
    }

    // ---------------------------------------------------------------------------------- the arguments

    /** Random arguments: mostly small and valid, often extreme. Records the inputs it makes. */
    static final class Gen {
        private static final int[] EXTREME = {0, 1, -1, 2, -2, 3, -3, 1 << 16, 1 << 30, -(1 << 30), MAX, MIN, MAX - 1, MIN + 1};
        private static final int[] HUGE = {1 << 16, 1 << 20, 1 << 30, MAX};
        final Random rnd;
        final List<Tensor> inputs = new ArrayList<>();
        final List<Variable> variables = new ArrayList<>();

        private final boolean huge;

        Gen(Random rnd, boolean huge) {
            this.rnd = rnd;
            this.huge = huge;
        }

        int param() {
            return rnd.nextInt(5) < 3 ? rnd.nextInt(7) - 3 : EXTREME[rnd.nextInt(EXTREME.length)];
        }

        int[] params(int n) {
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = param();
            }
            return r;
        }

        int[] axes(int rank) {
            int n = rnd.nextInt(4);
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = rnd.nextInt(4) == 0 ? param() : (rank == 0 ? 0 : rnd.nextInt(2 * rank) - rank);
            }
            return r;
        }

        DType dtype() {
            int r = rnd.nextInt(20);
            return r < 8 ? DType.FLOAT32 : r < 13 ? DType.FLOAT64 : r < 16 ? DType.INT32 : r < 18 ? DType.INT64 : DType.BOOL;
        }

        DType floatOrAny() {
            return rnd.nextInt(6) == 0 ? dtype() : rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        }

        /** Dimensions: mostly 0 to 3; a huge one only where another is 0, so at most 64 elements exist. */
        int[] dims(int rank) {
            int[] d = new int[rank];
            boolean huge = false;
            for (int i = 0; i < rank; i++) {
                if (huge && rnd.nextInt(8) == 0) {
                    d[i] = HUGE[rnd.nextInt(HUGE.length)];
                    huge = true;
                } else {
                    d[i] = rnd.nextInt(4);
                }
            }
            if (huge) {
                int zero = -1;
                for (int i = 0; i < rank; i++) {
                    if (d[i] < 4) {
                        zero = i;
                    }
                }
                if (zero >= 0) {
                    d[zero] = 0;
                }
                long nonZero = 1;
                for (int i = 0; i < rank; i++) {
                    if (d[i] != 0 && nonZero * d[i] > MAX) {
                        d[i] = 1;
                    }
                    if (d[i] != 0) {
                        nonZero *= d[i];
                    }
                }
                if (zero < 0) {
                    for (int i = 0; i < rank; i++) {
                        if (d[i] >= 4) {
                            d[i] = 0;
                            break;
                        }
                    }
                }
            }
            return d;
        }

        int[] dims() {
            int r = rnd.nextInt(10);
            return dims(r < 1 ? 0 : r < 3 ? 1 : r < 6 ? 2 : r < 8 ? 3 : 4);
        }

        Tensor tensor(DType dt, int[] dims) {
            Shape s = Shape.of(dims);
            int n = s.size();
            switch (dt) {
                case FLOAT32: {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextGaussian() * 2);
                    return constant(v, n).reshape(dims);
                }
                case FLOAT64: {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian() * 2;
                    return constant(v, n).reshape(dims);
                }
                case INT32: {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = rnd.nextInt(4);
                    return constant(v, n).reshape(dims);
                }
                case INT64: {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = rnd.nextInt(4);
                    return cast(constant(v, n), DType.INT64).reshape(dims);
                }
                default: {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = rnd.nextInt(2);
                    return cast(constant(v, n), DType.BOOL).reshape(dims);
                }
            }
        }

        Tensor any() {
            return tensor(dtype(), dims());
        }

        /** Indices in [0, n) (sometimes out of range or of a float dtype), of the given shape. */
        Tensor indices(int[] dims, int n) {
            int size = Shape.of(dims).size();
            int[] v = new int[size];
            for (int i = 0; i < size; i++) {
                v[i] = rnd.nextInt(10) == 0 ? param() : rnd.nextInt(Math.max(1, Math.min(n, 1 << 20)));
            }
            Tensor t = constant(v, size).reshape(dims);
            int r = rnd.nextInt(10);
            return r == 0 ? cast(t, DType.FLOAT32) : r == 1 ? cast(t, DType.INT64) : t;
        }

        /** An input, sometimes held by a variable (which the tape then reads). */
        Tensor input(Tensor t) {
            if (t.dtype().isFloating() && rnd.nextInt(5) == 0) {
                Variable v = new Variable(t);
                variables.add(v);
                inputs.add(v);
                return v;
            }
            inputs.add(t);
            return t;
        }

        /** A shape that broadcasts with {@code d} more often than not. */
        int[] broadcastable(int[] d) {
            int r = rnd.nextInt(5);
            if (r < 2) {
                return d.clone();
            }
            if (r == 2) {
                int[] s = Arrays.copyOfRange(d, rnd.nextInt(d.length + 1), d.length);
                for (int i = 0; i < s.length; i++) {
                    if (rnd.nextInt(3) == 0) {
                        s[i] = 1;
                    }
                }
                return s;
            }
            return dims();
        }

        /** {@code d} with leading dimensions added and some 1s grown: a target {@code d} broadcasts to. */
        int[] widen(int[] d) {
            int extra = rnd.nextInt(3);
            int[] r = new int[extra + d.length];
            for (int i = 0; i < extra; i++) {
                r[i] = rnd.nextInt(4);
            }
            for (int i = 0; i < d.length; i++) {
                r[extra + i] = d[i] == 1 && rnd.nextBoolean() ? rnd.nextInt(4) : d[i];
            }
            return r;
        }

        /** The same size in other dimensions, one of them sometimes -1. */
        int[] refactor(int[] d) {
            int n = (int) size(d);
            List<Integer> o = new ArrayList<>();
            for (int f = 2; f <= 3; f++) {
                while (n > 1 && n % f == 0 && rnd.nextBoolean()) {
                    o.add(f);
                    n /= f;
                }
            }
            o.add(n);
            int[] r = o.stream().mapToInt(Integer::intValue).toArray();
            if (rnd.nextBoolean()) {
                r[rnd.nextInt(r.length)] = -1;
            }
            return r;
        }

        int[] permutation(int rank) {
            List<Integer> p = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                p.add(rnd.nextBoolean() ? i : i - rank);
            }
            java.util.Collections.shuffle(p, rnd);
            return p.stream().mapToInt(Integer::intValue).toArray();
        }

        /** One to three tensors, often joinable (equal but along one axis), sometimes null or of another dtype. */
        List<Tensor> parts() {
            Tensor first = input(any());
            List<Tensor> r = new ArrayList<>(List.of(first));
            int n = rnd.nextInt(3);
            int axis = first.rank() == 0 ? 0 : rnd.nextInt(first.rank());
            for (int i = 0; i < n; i++) {
                int[] d = first.shape().dims();
                if (d.length > 0 && rnd.nextBoolean()) {
                    d[axis] = rnd.nextInt(3);
                }
                if (rnd.nextInt(5) == 0) {
                    d = dims();
                }
                r.add(input(tensor(rnd.nextInt(8) == 0 ? dtype() : first.dtype(), d)));
            }
            if (rnd.nextInt(20) == 0) {
                r.add(null);
            }
            return java.util.Collections.unmodifiableList(new ArrayList<>(r));
        }
    }

    // ---------------------------------------------------------------------------------- the state

    /** The number of entries on the tape behind {@code t}. */
    private static int entries(GradientTape t) throws IllegalAccessException {
        for (Field f : GradientTape.class.getDeclaredFields()) {
            if (f.getType() == Tape.class && f.getName().equals("tape")) {
                f.setAccessible(true);
                Tape tape = (Tape) f.get(t);
                return tape == null ? 0 : tape.size();
            }
        }
        throw new AssertionError("GradientTape has no field 'tape' of type Tape");
    }

    private static Object snapshot(Tensor v) {
        switch (v.dtype()) {
            case FLOAT32: return v.toFloatArray();
            case FLOAT64: return v.toDoubleArray();
            default: return cast(v, DType.FLOAT64).toDoubleArray();
        }
    }
}
