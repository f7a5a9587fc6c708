package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.gradtape.Tensors.add;
import static io.gradtape.Tensors.mul;
import static io.gradtape.Tensors.reduceSum;
import static io.gradtape.ops.OpCase.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives every {@link OpCase} of the op table ({@link OpTable}) through every per-op check, one dynamic test per
 * case and check. All derivatives are compared with {@link FiniteDifferences} in float64.
 * <ol>
 *   <li><b>Forward</b> in float32 and in float64 against the plain-Java reference (dtype, shape, values).</li>
 *   <li><b>Reverse mode</b>: the float64 gradient against central finite differences: the full Jacobian (one
 *       one-hot output gradient per output element, on one persistent tape) for small cases, the gradient of a
 *       randomly weighted sum of the outputs for medium ones, random directions for large ones; for an op
 *       without gradient, a null gradient for every input.</li>
 *   <li><b>Gradient dtypes</b>: in float32 and float64, non-null, of the input's dtype and shape, float32 close to
 *       float64.</li>
 *   <li><b>Second order</b> through nested tapes (the gradient of a random weighted sum of the first gradient)
 *       against finite differences of the first gradient.</li>
 *   <li><b>Forward mode</b> ({@code ForwardAccumulator}), each twice: with the explicit JVP rules and with every
 *       primitive sent through the transposition fallback (what a primitive without a JVP rule gets):
 *       <ul>
 *         <li>the JVP along a random tangent against finite differences, and again with only the first
 *             differentiated input given a tangent (the others count as zeros);</li>
 *         <li>the JVP against reverse mode: {@code <u, J t> = <J^T u, t>} for random {@code u} and {@code t};</li>
 *         <li>second order: {@code outer.jvp(inner.jvp(y))} of two nested accumulators against finite
 *             differences of the first-order JVP.</li>
 *       </ul></li>
 *   <li><b>Batched cotangents</b> (what makes {@code jacobian} one sweep): {@code GradientTape.jacobian}, by rows
 *       (one sweep whose cotangents carry every output element as a leading batch) and by the route it picks
 *       itself (by columns for tall Jacobians), against the stacked one-hot gradients of every output
 *       element.</li>
 * </ol>
 * Inputs are drawn with a {@link Random} seeded from the case's name, so every run sees the same points.
 * {@link HarnessSelfTest} proves that each check fails on a wrong op.
 */
class OpTableTest {
    private static final List<OpCase> CASES = OpTable.all();

    /** Cases with outputs x inputs up to this get the full Jacobian. */
    private static final int FULL_JACOBIAN_LIMIT = 1500;
    /** Cases with up to this many input elements get a finite difference per element; above, random directions. */
    private static final int PER_ELEMENT_LIMIT = 200;
    /** The same for the second order, whose finite differences each cost a gradient. */
    private static final int SECOND_ORDER_PER_ELEMENT_LIMIT = 60;
    private static final int DIRECTIONS = 3;
    /** The system property that sends every primitive through the JVP transposition fallback. */
    private static final String TRANSPOSE_ALL = "io.gradtape.jvp.transposeAll";

    /** How forward mode computes a primitive's JVP. */
    enum Jvp {
        /** The explicit rule where there is one. */
        RULES,
        /** Every primitive by transposing its VJP rule. */
        TRANSPOSED
    }

    @TestFactory
    Stream<DynamicTest> forwardFloat32() {
        return tests("forward float32", c -> true, c -> forward(c, DType.FLOAT32));
    }

    @TestFactory
    Stream<DynamicTest> forwardFloat64() {
        return tests("forward float64", c -> true, c -> forward(c, DType.FLOAT64));
    }

    @TestFactory
    Stream<DynamicTest> gradientAgainstFiniteDifferences() {
        return tests("gradient", c -> true, OpTableTest::gradient);
    }

    @TestFactory
    Stream<DynamicTest> gradientDTypeAndShape() {
        return tests("gradient dtypes", OpCase::differentiable, OpTableTest::gradientDTypes);
    }

    @TestFactory
    Stream<DynamicTest> secondOrderThroughNestedTapes() {
        return tests("second order", c -> c.maxOrder() >= 2, OpTableTest::secondOrder);
    }

    @TestFactory
    Stream<DynamicTest> jvpAgainstFiniteDifferences() {
        return Stream.of(Jvp.values()).flatMap(m -> tests("jvp " + m, c -> true, c -> jvp(c, m)));
    }

    @TestFactory
    Stream<DynamicTest> jvpAgainstReverseMode() {
        return Stream.of(Jvp.values()).flatMap(m -> tests("jvp vs vjp " + m, OpCase::differentiable, c -> jvpVersusVjp(c, m)));
    }

    @TestFactory
    Stream<DynamicTest> secondOrderForwardMode() {
        return Stream.of(Jvp.values()).flatMap(m -> tests("jvp second order " + m, c -> c.maxOrder() >= 2,
                c -> jvpSecondOrder(c, m)));
    }

    @TestFactory
    Stream<DynamicTest> batchedCotangentsAgainstOneHotGradients() {
        return tests("batched cotangents", OpCase::differentiable, OpTableTest::batchedCotangents);
    }

    private static Stream<DynamicTest> tests(String check, Predicate<OpCase> which, ThrowingConsumer<OpCase> body) {
        return CASES.stream().filter(which).map(c -> DynamicTest.dynamicTest(c.name() + " [" + check + "]", () -> {
            try {
                body.accept(c);
            } catch (RuntimeException e) {
                throw new AssertionError(c.name() + " [" + check + "]: the op threw " + e, e);
            }
        }));
    }

    private static Random random(OpCase c, String check) {
        return new Random((c.name() + "|" + check).hashCode());
    }

    // ------------------------------------------------------------------------------------ forward

    static void forward(OpCase c, DType dtype) {
        double[][] x = OpCase.round(c.sample(random(c, "forward")), dtype);
        Tensor y = c.apply(c.inputs(x, dtype));
        NdArray want = c.reference(x);
        String what = c.name() + " forward " + dtype;
        assertEquals(c.outputDType(dtype), y.dtype(), what + ": dtype");
        assertArrayEquals(want.shape(), y.shape().dims(), () -> what + ": shape " + y.shape() + ", expected "
                + NdArray.format(want.shape()));
        assertClose(what, want.data(), y.toDoubleArray(), dtype == DType.FLOAT32 ? c.forward32() : c.forward64(), x);
    }

    // ------------------------------------------------------------------------------------ first order

    static void gradient(OpCase c) {
        double[][] x = c.sample(random(c, "gradient"));
        List<Tensor> xs = c.inputs(x, DType.FLOAT64);
        List<Integer> diff = c.differentiatedInputs();
        List<Tensor> sources = pick(xs, diff);
        if (!c.differentiable()) {
            GradientTape tape = new GradientTape();
            Tensor y;
            try (tape) {
                tape.watch(sources);
                y = c.apply(xs);
            }
            List<Tensor> g = tape.gradient(y, sources);
            for (int k = 0; k < g.size(); k++) {
                assertNull(g.get(k), c.name() + ": expected no gradient (null) for input " + diff.get(k) + ", got " + g.get(k));
            }
            return;
        }
        int outSize = c.apply(xs).size();
        int inSize = 0;
        for (int i : diff) {
            inSize += c.size(i);
        }
        if ((long) outSize * inSize <= FULL_JACOBIAN_LIMIT) {
            fullJacobian(c, x, xs, diff);
        } else if (inSize <= PER_ELEMENT_LIMIT) {
            weightedSum(c, x, xs, diff);
        } else {
            randomDirections(c, x, xs, diff);
        }
    }

    /** Every entry of the Jacobian: one backward pass per output element, two evaluations per input element. */
    private static void fullJacobian(OpCase c, double[][] x, List<Tensor> xs, List<Integer> diff) {
        // fd[k][j][o] = d out[o] / d input diff[k] element j
        double[][][] fd = new double[diff.size()][][];
        for (int k = 0; k < diff.size(); k++) {
            int i = diff.get(k);
            fd[k] = new double[c.size(i)][];
            for (int j = 0; j < c.size(i); j++) {
                fd[k][j] = FiniteDifferences.partial(v -> eval(c, v), x, i, j, c.fdStep());
            }
        }
        List<Tensor> sources = pick(xs, diff);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(sources);
            y = c.apply(xs);
        }
        for (int o = 0; o < y.size(); o++) {
            double[] oneHot = new double[y.size()];
            oneHot[o] = 1;
            Tensor seed = OpCase.tensor(oneHot, y.shape().dims(), y.dtype());
            List<Tensor> g = tape.gradient(List.of(y), sources, List.of(seed), UnconnectedGradients.NONE);
            for (int k = 0; k < diff.size(); k++) {
                int i = diff.get(k);
                double[] got = checkedGradient(c, g.get(k), xs.get(i), i);
                for (int j = 0; j < got.length; j++) {
                    if (!c.gradient().accepts(got[j], fd[k][j][o])) {
                        fail(String.format("%s: d out[%d] / d in%d[%d] = %s from the tape, %s by finite differences "
                                + "(tolerance %s) at inputs %s", c.name(), o, i, j, got[j], fd[k][j][o], c.gradient(), show(x)));
                    }
                }
            }
        }
    }

    /** The gradient of {@code sum(u * f(x))} for random {@code u}, element by element. */
    private static void weightedSum(OpCase c, double[][] x, List<Tensor> xs, List<Integer> diff) {
        Random r = random(c, "weights");
        Tensor y0 = c.apply(xs);
        double[] u = randomValues(r, y0.size());
        List<Tensor> g = vjp(c, xs, diff, u, y0, UnconnectedGradients.NONE);
        for (int k = 0; k < diff.size(); k++) {
            int i = diff.get(k);
            double[] got = checkedGradient(c, g.get(k), xs.get(i), i);
            for (int j = 0; j < got.length; j++) {
                double want = FiniteDifferences.partial(v -> new double[] {dot(u, eval(c, v))}, x, i, j, c.fdStep())[0];
                if (!c.gradient().accepts(got[j], want)) {
                    fail(String.format("%s: d sum(u * out) / d in%d[%d] = %s from the tape, %s by finite differences "
                            + "(tolerance %s)", c.name(), i, j, got[j], want, c.gradient()));
                }
            }
        }
    }

    /** {@code <grad sum(u * f(x)), v>} against the derivative of {@code sum(u * f(x + t v))} at 0. */
    private static void randomDirections(OpCase c, double[][] x, List<Tensor> xs, List<Integer> diff) {
        Random r = random(c, "directions");
        Tensor y0 = c.apply(xs);
        double[] u = randomValues(r, y0.size());
        List<Tensor> g = vjp(c, xs, diff, u, y0, UnconnectedGradients.NONE);
        double[][] grads = new double[diff.size()][];
        for (int k = 0; k < diff.size(); k++) {
            grads[k] = checkedGradient(c, g.get(k), xs.get(diff.get(k)), diff.get(k));
        }
        for (int d = 0; d < DIRECTIONS; d++) {
            double[][] v = new double[x.length][];
            double got = 0;
            for (int i = 0; i < x.length; i++) {
                v[i] = c.isDifferentiated(i) ? randomValues(r, x[i].length) : new double[x[i].length];
            }
            for (int k = 0; k < diff.size(); k++) {
                got += dot(grads[k], v[diff.get(k)]);
            }
            double want = FiniteDifferences.directional(p -> new double[] {dot(u, eval(c, p))}, x, v, c.fdStep())[0];
            if (!c.gradient().accepts(got, want)) {
                fail(String.format("%s: directional derivative %s from the tape, %s by finite differences (tolerance %s)",
                        c.name(), got, want, c.gradient()));
            }
        }
    }

    // ------------------------------------------------------------------------------------ dtypes

    static void gradientDTypes(OpCase c) {
        double[][] x = OpCase.round(c.sample(random(c, "dtypes")), DType.FLOAT32);
        List<Integer> diff = c.differentiatedInputs();
        double[][] grads32 = new double[diff.size()][];
        double[][] grads64 = new double[diff.size()][];
        Random r = random(c, "dtype weights");
        double[] u = null;
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            List<Tensor> xs = c.inputs(x, dtype);
            Tensor y0 = c.apply(xs);
            if (u == null) {
                u = OpCase.round(new double[][] {randomValues(r, y0.size())}, DType.FLOAT32)[0];
            }
            List<Tensor> g = vjp(c, xs, diff, u, y0, UnconnectedGradients.NONE);
            for (int k = 0; k < diff.size(); k++) {
                double[] values = checkedGradient(c, g.get(k), xs.get(diff.get(k)), diff.get(k));
                (dtype == DType.FLOAT32 ? grads32 : grads64)[k] = values;
            }
        }
        OpCase.Tolerance tol = c.gradient32();
        for (int k = 0; k < diff.size(); k++) {
            for (int j = 0; j < grads32[k].length; j++) {
                if (!tol.accepts(grads32[k][j], grads64[k][j])) {
                    fail(String.format("%s: float32 gradient of input %d [%d] = %s, float64 gives %s (tolerance %s)",
                            c.name(), diff.get(k), j, grads32[k][j], grads64[k][j], tol));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ second order

    static void secondOrder(OpCase c) {
        Random r = random(c, "second order");
        double[][] x = c.sample(r);
        List<Integer> diff = c.differentiatedInputs();
        List<Tensor> xs = c.inputs(x, DType.FLOAT64);
        List<Tensor> sources = pick(xs, diff);
        Tensor y0 = c.apply(xs);
        double[] u = randomValues(r, y0.size());
        double[][] w = new double[diff.size()][];
        List<Tensor> ws = new ArrayList<>();
        for (int k = 0; k < diff.size(); k++) {
            w[k] = randomValues(r, c.size(diff.get(k)));
            ws.add(OpCase.tensor(w[k], c.shape(diff.get(k)), DType.FLOAT64));
        }

        // S(x) = sum_k <w_k, d<u, f(x)>/dx_k>, differentiated by an outer tape around the inner one
        GradientTape outer = new GradientTape();
        Tensor s = null;
        try (outer) {
            outer.watch(sources);
            GradientTape inner = new GradientTape();
            Tensor y;
            try (inner) {
                inner.watch(sources);
                y = c.apply(xs);
            }
            Tensor seed = OpCase.tensor(u, y.shape().dims(), y.dtype());
            List<Tensor> g = inner.gradient(List.of(y), sources, List.of(seed), UnconnectedGradients.NONE);
            for (int k = 0; k < diff.size(); k++) {
                assertNotNull(g.get(k), c.name() + ": first gradient of input " + diff.get(k) + " is null");
                Tensor term = reduceSum(mul(g.get(k), ws.get(k)));
                s = s == null ? term : add(s, term);
            }
        }
        List<Tensor> second = outer.gradient(List.of(s), sources, null, UnconnectedGradients.ZERO);
        double[][] got = new double[diff.size()][];
        for (int k = 0; k < diff.size(); k++) {
            got[k] = checkedGradient(c, second.get(k), xs.get(diff.get(k)), diff.get(k));
        }

        FiniteDifferences.Fn s1 = p -> new double[] {firstGradientSum(c, p, u, w)};
        int inSize = 0;
        for (int i : diff) {
            inSize += c.size(i);
        }
        if (inSize <= SECOND_ORDER_PER_ELEMENT_LIMIT) {
            for (int k = 0; k < diff.size(); k++) {
                int i = diff.get(k);
                for (int j = 0; j < c.size(i); j++) {
                    double want = FiniteDifferences.partial(s1, x, i, j, c.fdStep())[0];
                    if (!c.secondOrder().accepts(got[k][j], want)) {
                        fail(String.format("%s: second order d S / d in%d[%d] = %s through nested tapes, %s by finite "
                                + "differences of the first gradient (tolerance %s) at inputs %s",
                                c.name(), i, j, got[k][j], want, c.secondOrder(), show(x)));
                    }
                }
            }
        } else {
            for (int d = 0; d < DIRECTIONS; d++) {
                double[][] v = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    v[i] = c.isDifferentiated(i) ? randomValues(r, x[i].length) : new double[x[i].length];
                }
                double dirGot = 0;
                for (int k = 0; k < diff.size(); k++) {
                    dirGot += dot(got[k], v[diff.get(k)]);
                }
                double want = FiniteDifferences.directional(s1, x, v, c.fdStep())[0];
                if (!c.secondOrder().accepts(dirGot, want)) {
                    fail(String.format("%s: second-order directional derivative %s through nested tapes, %s by finite "
                            + "differences (tolerance %s)", c.name(), dirGot, want, c.secondOrder()));
                }
            }
        }
    }

    /** {@code sum_k <w_k, d<u, f(x)>/dx_k>} with one plain tape. */
    private static double firstGradientSum(OpCase c, double[][] x, double[] u, double[][] w) {
        List<Integer> diff = c.differentiatedInputs();
        List<Tensor> xs = c.inputs(x, DType.FLOAT64);
        List<Tensor> g = vjp(c, xs, diff, u, c.apply(xs), UnconnectedGradients.ZERO);
        double s = 0;
        for (int k = 0; k < diff.size(); k++) {
            s += dot(g.get(k).toDoubleArray(), w[k]);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------ forward mode

    /** Runs {@code body} with the JVPs computed as {@code mode} says. */
    static void withJvp(Jvp mode, Runnable body) {
        if (mode == Jvp.TRANSPOSED) {
            System.setProperty(TRANSPOSE_ALL, "true");
        }
        try {
            body.run();
        } finally {
            System.clearProperty(TRANSPOSE_ALL);
        }
    }

    /**
     * The JVP along a random tangent of the differentiated inputs against finite differences; for several
     * differentiated inputs, again with a tangent for the first only. A case without gradient has no tangent.
     */
    static void jvp(OpCase c, Jvp mode) {
        withJvp(mode, () -> {
            Random r = random(c, "jvp");
            double[][] x = c.sample(r);
            double[][] t = tangent(c, r);
            List<Integer> diff = c.differentiatedInputs();
            jvpAlong(c, x, t, diff, mode);
            if (diff.size() > 1) {
                double[][] first = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    first[i] = i == diff.get(0) ? t[i] : new double[x[i].length];
                }
                jvpAlong(c, x, first, diff.subList(0, 1), mode);
            }
        });
    }

    private static void jvpAlong(OpCase c, double[][] x, double[][] t, List<Integer> watched, Jvp mode) {
        List<Tensor> xs = c.inputs(x, DType.FLOAT64);
        Tensor y = c.apply(xs);
        Tensor dy = forwardJvp(c, xs, t, watched, UnconnectedGradients.NONE);
        String what = c.name() + " [jvp " + mode + ", tangents for inputs " + watched + "]";
        if (!c.differentiable()) {
            assertNull(dy, what + ": expected no tangent (null), got " + dy);
            return;
        }
        if (dy == null) { // every JVP path may be structurally zero (sign): compare zeros
            dy = forwardJvp(c, xs, t, watched, UnconnectedGradients.ZERO);
        }
        assertEquals(y.shape(), dy.shape(), what + ": tangent shape");
        assertEquals(y.dtype(), dy.dtype(), what + ": tangent dtype");
        double[] got = dy.toDoubleArray();
        double[] want = FiniteDifferences.directional(v -> eval(c, v), x, t, c.fdStep());
        for (int k = 0; k < got.length; k++) {
            if (!c.gradient().accepts(got[k], want[k])) {
                fail(String.format("%s: JVP element %d = %s, %s by finite differences (tolerance %s) at inputs %s",
                        what, k, got[k], want[k], c.gradient(), show(x)));
            }
        }
    }

    /** {@code <u, J t>} from an accumulator against {@code <J^T u, t>} from a tape, for random u and t. */
    static void jvpVersusVjp(OpCase c, Jvp mode) {
        withJvp(mode, () -> {
            Random r = random(c, "jvp vs vjp");
            double[][] x = c.sample(r);
            double[][] t = tangent(c, r);
            List<Integer> diff = c.differentiatedInputs();
            List<Tensor> xs = c.inputs(x, DType.FLOAT64);
            Tensor y = c.apply(xs);
            double[] jt = forwardJvp(c, xs, t, diff, UnconnectedGradients.ZERO).toDoubleArray();
            double[] u = randomValues(r, y.size());
            List<Tensor> g = vjp(c, xs, diff, u, y, UnconnectedGradients.ZERO);
            double rhs = 0;
            for (int k = 0; k < diff.size(); k++) {
                rhs += dot(g.get(k).toDoubleArray(), t[diff.get(k)]);
            }
            double lhs = dot(u, jt);
            // float64 throughout: agreement to rounding, except rows that round to float32 on the way (a cast;
            // their float64 forward tolerance says how much)
            double tol = y.dtype() == DType.FLOAT64 ? Math.max(1e-9, 10 * c.forward64().rel()) : 1e-6;
            if (!(Math.abs(lhs - rhs) <= tol * (1 + Math.abs(rhs)))) {
                fail(String.format("%s [jvp %s]: <u, J t> = %s by forward mode, <J^T u, t> = %s by reverse mode",
                        c.name(), mode, lhs, rhs));
            }
        });
    }

    /** {@code outer.jvp(inner.jvp(y))} against finite differences (along the outer tangent) of the inner JVP. */
    static void jvpSecondOrder(OpCase c, Jvp mode) {
        withJvp(mode, () -> {
            Random r = random(c, "jvp second order");
            double[][] x = c.sample(r);
            double[][] t = tangent(c, r);
            double[][] s = tangent(c, r);
            List<Integer> diff = c.differentiatedInputs();
            List<Tensor> xs = c.inputs(x, DType.FLOAT64);
            ForwardAccumulator outer = new ForwardAccumulator(pick(xs, diff), tangents(c, s, diff));
            ForwardAccumulator inner = new ForwardAccumulator(pick(xs, diff), tangents(c, t, diff));
            Tensor y;
            try (outer; inner) {
                y = c.apply(xs);
            }
            Tensor second = outer.jvp(inner.jvp(y, UnconnectedGradients.ZERO), UnconnectedGradients.ZERO);
            double[] got = second.toDoubleArray();
            double[] want = FiniteDifferences.directional(
                    v -> forwardJvp(c, c.inputs(v, DType.FLOAT64), t, diff, UnconnectedGradients.ZERO).toDoubleArray(),
                    x, s, c.fdStep());
            for (int k = 0; k < got.length; k++) {
                if (!c.secondOrder().accepts(got[k], want[k])) {
                    fail(String.format("%s [jvp %s]: second-order JVP element %d = %s by nested accumulators, %s by finite "
                            + "differences of the JVP (tolerance %s) at inputs %s", c.name(), mode, k, got[k], want[k],
                            c.secondOrder(), show(x)));
                }
            }
        });
    }

    /** The JVP of the case at {@code xs} with tangents {@code t} for the inputs {@code watched}. */
    private static Tensor forwardJvp(OpCase c, List<Tensor> xs, double[][] t, List<Integer> watched,
                                     UnconnectedGradients unconnected) {
        ForwardAccumulator acc = new ForwardAccumulator(pick(xs, watched), tangents(c, t, watched));
        Tensor y;
        try (acc) {
            y = c.apply(xs);
        }
        return acc.jvp(y, unconnected);
    }

    /** Gaussian tangents for the differentiated inputs, zeros for the others. */
    private static double[][] tangent(OpCase c, Random r) {
        double[][] t = new double[c.arity()][];
        for (int i = 0; i < t.length; i++) {
            t[i] = new double[c.size(i)];
            if (c.isDifferentiated(i)) {
                for (int k = 0; k < t[i].length; k++) {
                    t[i][k] = r.nextGaussian();
                }
            }
        }
        return t;
    }

    private static List<Tensor> tangents(OpCase c, double[][] t, List<Integer> which) {
        List<Tensor> r = new ArrayList<>();
        for (int i : which) {
            r.add(OpCase.tensor(t[i], c.shape(i), DType.FLOAT64));
        }
        return r;
    }

    // ------------------------------------------------------------------------------------ batched cotangents

    /**
     * {@code jacobian(y, sources)} against the one-hot gradients of every output element, stacked: once by rows
     * (an extra unconnected source as large as the output keeps the jacobian off its column route) and once by
     * the route the tape picks.
     */
    static void batchedCotangents(OpCase c) {
        batchedCotangents(c, (tape, y, sources) -> tape.jacobian(y, sources, UnconnectedGradients.ZERO));
    }

    /** How {@link #batchedCotangents} takes Jacobians: the tape's, or (in {@link HarnessSelfTest}) a wrong one. */
    @FunctionalInterface
    interface JacobianSweep {
        List<Tensor> jacobian(GradientTape tape, Tensor target, List<Tensor> sources);
    }

    static void batchedCotangents(OpCase c, JacobianSweep sweep) {
        double[][] x = c.sample(random(c, "batched"));
        List<Tensor> xs = c.inputs(x, DType.FLOAT64);
        List<Integer> diff = c.differentiatedInputs();
        List<Tensor> sources = pick(xs, diff);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(sources);
            y = c.apply(xs);
        }
        int m = y.size();
        double[][][] rows = new double[diff.size()][m][];
        for (int o = 0; o < m; o++) {
            double[] oneHot = new double[m];
            oneHot[o] = 1;
            Tensor seed = OpCase.tensor(oneHot, y.shape().dims(), y.dtype());
            List<Tensor> g = tape.gradient(List.of(y), sources, List.of(seed), UnconnectedGradients.ZERO);
            for (int k = 0; k < diff.size(); k++) {
                rows[k][o] = g.get(k).toDoubleArray();
            }
        }
        List<Tensor> byRows = new ArrayList<>(sources);
        byRows.add(OpCase.tensor(new double[Math.max(m, 1)], s(Math.max(m, 1)), DType.FLOAT64));
        List<Tensor> rowJacobians = sweep.jacobian(tape, y, byRows).subList(0, sources.size());
        List<Tensor> pickedJacobians = sweep.jacobian(tape, y, sources);
        for (String route : new String[] {"by rows", "as the tape picks"}) {
            List<Tensor> js = route.equals("by rows") ? rowJacobians : pickedJacobians;
            for (int k = 0; k < diff.size(); k++) {
                int i = diff.get(k);
                Tensor j = js.get(k);
                String what = c.name() + ": jacobian " + route + " of input " + i;
                int[] want = new int[y.shape().rank() + c.shape(i).length];
                System.arraycopy(y.shape().dims(), 0, want, 0, y.shape().rank());
                System.arraycopy(c.shape(i), 0, want, y.shape().rank(), c.shape(i).length);
                assertArrayEquals(want, j.shape().dims(), what + ": shape " + j.shape());
                assertEquals(DType.FLOAT64, j.dtype(), what + ": dtype");
                double[] got = j.toDoubleArray();
                int n = c.size(i);
                for (int o = 0; o < m; o++) {
                    for (int e = 0; e < n; e++) {
                        double expected = rows[k][o][e];
                        if (!(Math.abs(got[o * n + e] - expected) <= 1e-9 * (1 + Math.abs(expected)))) {
                            fail(String.format("%s: d out[%d] / d in%d[%d] = %s in the batched sweep, %s from the one-hot "
                                    + "output gradient of that element alone", what, o, i, e, got[o * n + e], expected));
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    /** The gradient of {@code sum(u * f(xs))} with respect to the differentiated inputs, on a one-shot tape. */
    private static List<Tensor> vjp(OpCase c, List<Tensor> xs, List<Integer> diff, double[] u, Tensor like,
                                    UnconnectedGradients unconnected) {
        List<Tensor> sources = pick(xs, diff);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(sources);
            y = c.apply(xs);
        }
        Tensor seed = OpCase.tensor(u, like.shape().dims(), y.dtype());
        return tape.gradient(List.of(y), sources, List.of(seed), unconnected);
    }

    /** Asserts that a gradient exists and has its input's dtype and shape; returns its values. */
    private static double[] checkedGradient(OpCase c, Tensor g, Tensor input, int i) {
        assertNotNull(g, () -> c.name() + ": gradient of input " + i + " is null");
        assertEquals(input.dtype(), g.dtype(), () -> c.name() + ": dtype of the gradient of input " + i);
        assertEquals(input.shape(), g.shape(), () -> c.name() + ": shape of the gradient of input " + i);
        return g.toDoubleArray();
    }

    private static List<Tensor> pick(List<Tensor> xs, List<Integer> which) {
        List<Tensor> r = new ArrayList<>();
        for (int i : which) {
            r.add(xs.get(i));
        }
        return r;
    }

    private static double[] eval(OpCase c, double[][] x) {
        return c.apply(c.inputs(x, DType.FLOAT64)).toDoubleArray();
    }

    private static double[] randomValues(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void assertClose(String what, double[] want, double[] got, OpCase.Tolerance tol, double[][] x) {
        assertEquals(want.length, got.length, what + ": number of elements");
        for (int i = 0; i < want.length; i++) {
            if (!tol.accepts(got[i], want[i])) {
                fail(String.format("%s: element %d is %s, reference %s (tolerance %s) at inputs %s",
                        what, i, got[i], want[i], tol, show(x)));
            }
        }
    }

    private static String show(double[][] x) {
        String s = Arrays.deepToString(x);
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
