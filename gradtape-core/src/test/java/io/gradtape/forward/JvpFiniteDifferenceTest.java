package io.gradtape.forward;

import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The JVP of every differentiable public op, in float64 along a random tangent, checked three ways:
 * <ol>
 *   <li>against central finite differences {@code (f(x + h t) - f(x - h t)) / 2h};</li>
 *   <li>against reverse mode by the dot-product identity {@code <u, J t> = <J^T u, t>} (a tape with output
 *       gradient {@code u});</li>
 *   <li>second order: {@code outer.jvp(inner.jvp(y))} against finite differences of the first-order JVP.</li>
 * </ol>
 * Each runs with the explicit rules and again with every primitive forced through the transposition fallback
 * (system property {@code io.gradtape.jvp.transposeAll}), which is what a newly added primitive gets. Binary ops
 * run over the broadcasting shape pairs of the architecture document; multi-input cases also run with only the
 * first input watched (the others count as zero tangents).
 */
class JvpFiniteDifferenceTest {
    private static final String TRANSPOSE_ALL = "io.gradtape.jvp.transposeAll";

    /** Where inputs are drawn: away from kinks and poles of the op tested. */
    enum Domain {
        ANY, POSITIVE, AWAY_FROM_ZERO, SMALL;

        double draw(Random r) {
            switch (this) {
                case POSITIVE: return 0.3 + 2.5 * r.nextDouble();
                case AWAY_FROM_ZERO: return (r.nextBoolean() ? 1 : -1) * (0.3 + 1.7 * r.nextDouble());
                case SMALL: return -1 + 2 * r.nextDouble();
                default: return -2 + 4 * r.nextDouble();
            }
        }
    }

    record Case(String name, int[][] shapes, Domain[] domains, Function<List<Tensor>, Tensor> f, double h, double tol) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(name).append(' ');
            for (int[] sh : shapes) {
                s.append(Arrays.toString(sh));
            }
            return s.toString();
        }
    }

    private static Case unary(String name, Domain d, Function<Tensor, Tensor> f, int... shape) {
        return new Case(name, new int[][] {shape}, new Domain[] {d}, xs -> f.apply(xs.get(0)), 1e-6, 1e-6);
    }

    private static Case nary(String name, Domain[] d, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        return new Case(name, shapes, d, f, 1e-6, 1e-6);
    }

    private static Domain[] d(Domain... ds) {
        return ds;
    }

    private static final int[][][] BROADCAST_PAIRS = {
        {{3, 4}, {3, 4}}, {{3, 1}, {1, 4}}, {{}, {2, 3, 4}}, {{2, 1, 4}, {3, 4}}, {{2, 3, 4}, {}}, {{1, 4}, {2, 1, 4}},
    };

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        Domain A = Domain.ANY;
        // ---- elementwise, one input
        c.add(unary("neg", A, x -> neg(x), 3, 4));
        c.add(unary("abs", Domain.AWAY_FROM_ZERO, x -> abs(x), 3, 4));
        c.add(unary("sign", Domain.AWAY_FROM_ZERO, x -> sign(x).add(x), 5));
        c.add(unary("relu", Domain.AWAY_FROM_ZERO, x -> relu(x), 2, 5));
        c.add(unary("exp", A, x -> exp(x), 2, 3));
        c.add(unary("log", Domain.POSITIVE, x -> log(x), 2, 3));
        c.add(unary("sin", A, x -> sin(x), 4));
        c.add(unary("cos", A, x -> cos(x), 4));
        c.add(unary("tan", Domain.SMALL, x -> tan(x), 4));
        c.add(unary("tanh", A, x -> tanh(x), 4));
        c.add(unary("sqrt", Domain.POSITIVE, x -> sqrt(x), 4));
        c.add(unary("sigmoid", A, x -> sigmoid(x), 4));
        c.add(unary("square", A, x -> square(x), 4));
        c.add(unary("identity", A, x -> identity(x), 2, 2));
        c.add(unary("powConst", Domain.POSITIVE, x -> pow(x, 2.5), 4));
        c.add(unary("scalar exp", A, x -> exp(x)));
        // ---- elementwise, two inputs, over the broadcasting pairs
        for (int[][] p : BROADCAST_PAIRS) {
            c.add(nary("add", d(A, A), xs -> add(xs.get(0), xs.get(1)), p));
            c.add(nary("sub", d(A, A), xs -> sub(xs.get(0), xs.get(1)), p));
            c.add(nary("mul", d(A, A), xs -> mul(xs.get(0), xs.get(1)), p));
            c.add(nary("div", d(A, Domain.AWAY_FROM_ZERO), xs -> div(xs.get(0), xs.get(1)), p));
            c.add(nary("pow", d(Domain.POSITIVE, A), xs -> pow(xs.get(0), xs.get(1)), p));
            c.add(nary("maximum", d(A, A), xs -> maximum(xs.get(0), xs.get(1)), p));
            c.add(nary("minimum", d(A, A), xs -> minimum(xs.get(0), xs.get(1)), p));
        }
        c.add(nary("where", d(A, A, A), xs -> where(greater(xs.get(2), constant(0.0)), xs.get(0), xs.get(1)),
                new int[] {3, 1}, new int[] {1, 4}, new int[] {3, 4}));
        // ---- reductions
        c.add(unary("reduceSum all", A, x -> reduceSum(x), 2, 3, 4));
        c.add(unary("reduceSum axis", A, x -> reduceSum(x, 1), 2, 3, 4));
        c.add(unary("reduceSum keepDims", A, x -> reduceSum(x, true, 0, 2), 2, 3, 4));
        c.add(unary("reduceMean", A, x -> reduceMean(x, -1), 3, 4));
        c.add(unary("reduceMax all", A, x -> reduceMax(x), 3, 4));
        c.add(unary("reduceMax axis", A, x -> reduceMax(x, 0), 3, 4));
        c.add(unary("reduceMax keepDims", A, x -> reduceMax(x, true, 1, 2), 2, 3, 4));
        c.add(unary("reduceMin axis", A, x -> reduceMin(x, 1), 3, 4));
        c.add(unary("reduceMin keepDims", A, x -> reduceMin(x, true, 0), 3, 4));
        // ---- matmul
        c.add(nary("matmul", d(A, A), xs -> matmul(xs.get(0), xs.get(1)), new int[] {3, 4}, new int[] {4, 2}));
        c.add(nary("matmul aT", d(A, A), xs -> matmul(xs.get(0), xs.get(1), true, false), new int[] {4, 3}, new int[] {4, 2}));
        c.add(nary("matmul bT", d(A, A), xs -> matmul(xs.get(0), xs.get(1), false, true), new int[] {3, 4}, new int[] {2, 4}));
        c.add(nary("matmul aT bT", d(A, A), xs -> matmul(xs.get(0), xs.get(1), true, true), new int[] {4, 3}, new int[] {2, 4}));
        c.add(nary("matmul batched", d(A, A), xs -> matmul(xs.get(0), xs.get(1)), new int[] {2, 3, 4}, new int[] {4, 2}));
        c.add(nary("matmul batch broadcast", d(A, A), xs -> matmul(xs.get(0), xs.get(1)), new int[] {2, 1, 3, 4}, new int[] {3, 4, 2}));
        // ---- movement
        c.add(unary("reshape", A, x -> reshape(x, 4, -1), 2, 3, 2));
        c.add(unary("transpose", A, x -> transpose(x, 2, 0, 1), 2, 3, 4));
        c.add(unary("broadcastTo", A, x -> broadcastTo(x, 2, 3, 4), 3, 1));
        c.add(nary("concat", d(A, A, A), xs -> concat(xs, 1), new int[] {2, 1}, new int[] {2, 3}, new int[] {2, 2}));
        c.add(unary("slice", A, x -> slice(x, new int[] {1, 0}, new int[] {2, -1}), 4, 3));
        c.add(unary("pad", A, x -> pad(x, new int[] {1, 0}, new int[] {2, 3}), 2, 2));
        c.add(new Case("cast float64 -> float32 -> float64", new int[][] {{3}}, d(A),
                xs -> cast(cast(xs.get(0), DType.FLOAT32), DType.FLOAT64).mul(xs.get(0)), 1e-2, 1e-4));
        // ---- composites
        c.add(unary("softmax", A, x -> softmax(x, -1), 2, 4));
        c.add(unary("logSoftmax", A, x -> logSoftmax(x, 0), 3, 2));
        c.add(nary("dense layer", d(A, A, A), xs -> reduceMean(square(tanh(add(matmul(xs.get(0), xs.get(1)), xs.get(2))))),
                new int[] {4, 3}, new int[] {3, 2}, new int[] {2}));
        // ---- custom gradients (correct rules, so finite differences of the value agree)
        c.add(unary("customGradient cube", A, x -> customGradient(x,
                v -> CustomGradient.of(v.mul(v).mul(v), g -> g.mul(v.mul(v)).mul(3.0))), 3));
        c.add(nary("customGradient product", d(A, A), xs -> customGradient(xs, v -> CustomGradient.ofMany(
                v.get(0).mul(v.get(1)), g -> List.of(g.mul(v.get(1)), g.mul(v.get(0))))), new int[] {2, 2}, new int[] {2, 2}));
        return c;
    }

    // ------------------------------------------------------------------------------------------ harness

    private static Tensor tensor(double[] data, int[] shape) {
        return shape.length == 0 ? constant(data[0]) : constant(data, shape);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static double[][] draw(Case c, Random r, boolean tangent) {
        double[][] v = new double[c.shapes().length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new double[size(c.shapes()[i])];
            for (int k = 0; k < v[i].length; k++) {
                v[i][k] = tangent ? r.nextGaussian() : c.domains()[i].draw(r);
            }
        }
        return v;
    }

    private static List<Tensor> tensors(Case c, double[][] v) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            xs.add(tensor(v[i], c.shapes()[i]));
        }
        return xs;
    }

    /** {@code x + s t} for the watched inputs (the first {@code watched}), plain arrays: nothing recorded. */
    private static List<Tensor> shifted(Case c, double[][] x, double[][] t, double s, int watched) {
        double[][] v = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            v[i] = x[i].clone();
            if (i < watched) {
                for (int k = 0; k < v[i].length; k++) {
                    v[i][k] += s * t[i][k];
                }
            }
        }
        return tensors(c, v);
    }

    /** The JVP of {@code c.f} at {@code xs} along {@code t} for the first {@code watched} inputs. */
    private static Tensor jvp(Case c, List<Tensor> xs, double[][] t, int watched) {
        List<Tensor> ts = tensors(c, t).subList(0, watched);
        ForwardAccumulator acc = new ForwardAccumulator(xs.subList(0, watched), ts);
        Tensor y;
        try (acc) {
            y = c.f().apply(xs);
        }
        return acc.jvp(y, UnconnectedGradients.ZERO);
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": sizes");
        for (int k = 0; k < expected.length; k++) {
            double scale = 1 + Math.abs(expected[k]);
            if (!(Math.abs(expected[k] - actual[k]) <= tol * scale)) {
                fail(what + ": element " + k + " expected " + expected[k] + " but was " + actual[k]
                        + "\nexpected " + Arrays.toString(expected) + "\nactual   " + Arrays.toString(actual));
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static void firstOrder(Case c, int watched) {
        Random r = new Random(c.toString().hashCode());
        double[][] x = draw(c, r, false);
        double[][] t = draw(c, r, true);
        List<Tensor> xs = tensors(c, x);
        Tensor dy = jvp(c, xs, t, watched);
        Tensor y = c.f().apply(xs);
        assertEquals(y.shape(), dy.shape(), "tangent shape");
        assertEquals(y.dtype(), dy.dtype(), "tangent dtype");

        double h = c.h();
        double[] plus = c.f().apply(shifted(c, x, t, h, watched)).toDoubleArray();
        double[] minus = c.f().apply(shifted(c, x, t, -h, watched)).toDoubleArray();
        double[] fd = new double[plus.length];
        for (int k = 0; k < fd.length; k++) {
            fd[k] = (plus[k] - minus[k]) / (2 * h);
        }
        assertClose(fd, dy.toDoubleArray(), c.tol(), "JVP vs finite differences");

        // <u, J t> = <J^T u, t>, with J^T u from a tape
        double[] u = new double[y.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = r.nextGaussian();
        }
        List<Tensor> sources = xs.subList(0, watched);
        GradientTape tape = new GradientTape();
        Tensor y2;
        try (tape) {
            tape.watch(sources);
            y2 = c.f().apply(xs);
        }
        List<Tensor> g = tape.gradient(List.of(y2), sources, List.of(tensor(u, y.shape().dims())), UnconnectedGradients.ZERO);
        double rhs = 0;
        for (int i = 0; i < watched; i++) {
            rhs += dot(g.get(i).toDoubleArray(), t[i]);
        }
        double lhs = dot(u, dy.toDoubleArray());
        // float64 throughout: agreement to rounding (the cast case goes through float32: looser)
        assertEquals(rhs, lhs, 1e-3 * c.tol() * (1 + Math.abs(rhs)), "<u, J t> vs <J^T u, t>");
    }

    private static void secondOrder(Case c) {
        Random r = new Random(c.toString().hashCode() + 1);
        int n = c.shapes().length;
        double[][] x = draw(c, r, false);
        double[][] t = draw(c, r, true);
        double[][] s = draw(c, r, true);
        List<Tensor> xs = tensors(c, x);
        ForwardAccumulator outer = new ForwardAccumulator(xs, tensors(c, s));
        ForwardAccumulator inner = new ForwardAccumulator(xs, tensors(c, t));
        Tensor y;
        try (outer; inner) {
            y = c.f().apply(xs);
        }
        Tensor second = outer.jvp(inner.jvp(y, UnconnectedGradients.ZERO), UnconnectedGradients.ZERO);
        double h = Math.max(c.h(), 1e-5);
        double[] plus = jvp(c, shifted(c, x, s, h, n), t, n).toDoubleArray();
        double[] minus = jvp(c, shifted(c, x, s, -h, n), t, n).toDoubleArray();
        double[] fd = new double[plus.length];
        for (int k = 0; k < fd.length; k++) {
            fd[k] = (plus[k] - minus[k]) / (2 * h);
        }
        assertClose(fd, second.toDoubleArray(), Math.max(c.tol(), 1e-6), "second-order JVP vs finite differences of the JVP");
    }

    private static void withMode(boolean transposeAll, Runnable body) {
        if (!transposeAll) {
            body.run();
            return;
        }
        System.setProperty(TRANSPOSE_ALL, "true");
        try {
            body.run();
        } finally {
            System.clearProperty(TRANSPOSE_ALL);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean transposeAll : new boolean[] {false, true}) {
            String mode = transposeAll ? " [transposed VJP]" : " [rules]";
            for (Case c : cases()) {
                int n = c.shapes().length;
                tests.add(DynamicTest.dynamicTest(c + mode, () -> withMode(transposeAll, () -> firstOrder(c, n))));
                if (n > 1) {
                    tests.add(DynamicTest.dynamicTest(c + " first input only" + mode,
                            () -> withMode(transposeAll, () -> firstOrder(c, 1))));
                }
                tests.add(DynamicTest.dynamicTest(c + " second order" + mode, () -> withMode(transposeAll, () -> secondOrder(c))));
            }
        }
        return tests.stream();
    }
}
