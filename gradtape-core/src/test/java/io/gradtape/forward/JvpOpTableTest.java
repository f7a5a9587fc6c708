package io.gradtape.forward;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.ops.OpCase;
import io.gradtape.ops.OpTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The forward-mode driver of the shared op table ({@code io.gradtape.ops.OpCase}): for every differentiable row,
 * in float64 at a smooth sample point along a random tangent of the differentiated inputs,
 * <ul>
 *   <li>the accumulator's JVP has the output's dtype and shape and matches central finite differences
 *       {@code (f(x + h t) - f(x - h t)) / 2h} within the row's gradient tolerance;</li>
 *   <li>it agrees with reverse mode: {@code <u, J t> = <J^T u, t>} for a random {@code u};</li>
 *   <li>a row without a gradient gives no tangent (null).</li>
 * </ul>
 * Every row runs twice: with the explicit JVP rules and with every primitive sent through the transposition
 * fallback, which is what a primitive added to the table without a JVP case gets.
 */
class JvpOpTableTest {
    private static final String TRANSPOSE_ALL = "io.gradtape.jvp.transposeAll";

    private static void check(OpCase c) {
        Random r = new Random(c.name().hashCode() * 31L + 7);
        double[][] x = c.sample(r);
        List<Tensor> xs = c.inputs(x, DType.FLOAT64);
        List<Integer> diff = c.differentiatedInputs();
        double[][] t = new double[x.length][];
        List<Tensor> primals = new ArrayList<>();
        List<Tensor> tangents = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            t[i] = new double[x[i].length];
            if (c.isDifferentiated(i)) {
                for (int k = 0; k < t[i].length; k++) {
                    t[i][k] = r.nextGaussian();
                }
                primals.add(xs.get(i));
                tangents.add(OpCase.tensor(t[i], c.shape(i), DType.FLOAT64));
            }
        }
        if (primals.isEmpty()) {
            return;
        }
        ForwardAccumulator acc = new ForwardAccumulator(primals, tangents);
        Tensor y;
        try (acc) {
            y = c.apply(xs);
        }
        Tensor dy = acc.jvp(y);
        if (!c.differentiable()) {
            assertNull(dy, c.name() + ": expected no tangent");
            return;
        }
        if (dy == null) { // every JVP path may be structurally zero (sign): compare zeros
            dy = acc.jvp(y, UnconnectedGradients.ZERO);
        }
        assertEquals(y.shape(), dy.shape(), c.name() + ": tangent shape");
        assertEquals(y.dtype(), dy.dtype(), c.name() + ": tangent dtype");
        double[] got = dy.toDoubleArray();

        double h = c.fdStep();
        double[] plus = c.apply(c.inputs(axpy(x, h, t), DType.FLOAT64)).toDoubleArray();
        double[] minus = c.apply(c.inputs(axpy(x, -h, t), DType.FLOAT64)).toDoubleArray();
        for (int k = 0; k < got.length; k++) {
            // equal values (also the same infinity, e.g. reduceMax over an empty axis) do not move: derivative 0
            double want = plus[k] == minus[k] ? 0 : (plus[k] - minus[k]) / (2 * h);
            if (!c.gradient().accepts(got[k], want)) {
                fail(String.format("%s: JVP element %d = %s, %s by finite differences (tolerance %s)", c.name(), k,
                        got[k], want, c.gradient()));
            }
        }

        double[] u = new double[y.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = r.nextGaussian();
        }
        GradientTape tape = new GradientTape();
        Tensor y2;
        try (tape) {
            tape.watch(primals);
            y2 = c.apply(xs);
        }
        List<Tensor> g = tape.gradient(List.of(y2), primals, List.of(OpCase.tensor(u, y.shape().dims(), y.dtype())),
                UnconnectedGradients.ZERO);
        double rhs = 0;
        for (int k = 0; k < diff.size(); k++) {
            rhs += dot(g.get(k).toDoubleArray(), t[diff.get(k)]);
        }
        double lhs = dot(u, got);
        // float64 throughout, except rows whose output is float32 (a cast): agreement to their rounding
        double tol = y.dtype() == DType.FLOAT64 ? 1e-9 : 1e-6;
        assertEquals(rhs, lhs, tol * (1 + Math.abs(rhs)), c.name() + ": <u, J t> vs <J^T u, t>");
    }

    private static double[][] axpy(double[][] x, double a, double[][] v) {
        double[][] r = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i].clone();
            for (int k = 0; k < r[i].length; k++) {
                r[i][k] += a * v[i][k];
            }
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    @TestFactory
    Stream<DynamicTest> everyRow() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean transposeAll : new boolean[] {false, true}) {
            for (OpCase c : OpTable.all()) {
                tests.add(DynamicTest.dynamicTest(c.name() + (transposeAll ? " [transposed VJP]" : " [rules]"), () -> {
                    if (transposeAll) {
                        System.setProperty(TRANSPOSE_ALL, "true");
                    }
                    try {
                        check(c);
                    } finally {
                        System.clearProperty(TRANSPOSE_ALL);
                    }
                }));
            }
        }
        return tests.stream();
    }
}
