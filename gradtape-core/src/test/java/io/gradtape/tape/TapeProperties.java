package io.gradtape.tape;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.ops.FiniteDifferences;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

import java.util.List;

import static io.gradtape.Tensors.add;
import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.mul;
import static io.gradtape.Tensors.sin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the tape over random compositions of add, mul and sin of two float64 scalars x and y and
 * constants (expression trees of depth at most 3, so polynomials of degree at most 8 inside sines):
 * <ol>
 *   <li>a persistent tape gives, call after call, exactly the gradients of fresh one-shot tapes;</li>
 *   <li>nested tapes give second derivatives (f_xx, f_xy, f_yy) that agree with finite differences of the
 *       first derivative computed by one-shot tapes;</li>
 *   <li>the first derivative agrees with finite differences of f itself (so the reference of 2 is sound).</li>
 * </ol>
 * Finite differences ({@link FiniteDifferences#fivePoint}) use the five-point stencil (error O(h^4)) with h = 1e-3
 * in float64.
 */
class TapeProperties {
    private static final int TRIES = 200;
    private static final double H = 1e-3;

    /** An expression over x and y. */
    interface Expr {
        Tensor eval(Tensor x, Tensor y);

        double value(double x, double y);
    }

    record X() implements Expr {
        public Tensor eval(Tensor x, Tensor y) {
            return x;
        }

        public double value(double x, double y) {
            return x;
        }

        public String toString() {
            return "x";
        }
    }

    record Y() implements Expr {
        public Tensor eval(Tensor x, Tensor y) {
            return y;
        }

        public double value(double x, double y) {
            return y;
        }

        public String toString() {
            return "y";
        }
    }

    record Const(double c) implements Expr {
        public Tensor eval(Tensor x, Tensor y) {
            return constant(c);
        }

        public double value(double x, double y) {
            return c;
        }

        public String toString() {
            return Double.toString(c);
        }
    }

    record Add(Expr a, Expr b) implements Expr {
        public Tensor eval(Tensor x, Tensor y) {
            return add(a.eval(x, y), b.eval(x, y));
        }

        public double value(double x, double y) {
            return a.value(x, y) + b.value(x, y);
        }

        public String toString() {
            return "(" + a + " + " + b + ")";
        }
    }

    record Mul(Expr a, Expr b) implements Expr {
        public Tensor eval(Tensor x, Tensor y) {
            return mul(a.eval(x, y), b.eval(x, y));
        }

        public double value(double x, double y) {
            return a.value(x, y) * b.value(x, y);
        }

        public String toString() {
            return "(" + a + " * " + b + ")";
        }
    }

    record Sin(Expr a) implements Expr {
        public Tensor eval(Tensor x, Tensor y) {
            return sin(a.eval(x, y));
        }

        public double value(double x, double y) {
            return Math.sin(a.value(x, y));
        }

        public String toString() {
            return "sin(" + a + ")";
        }
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return expr(3);
    }

    private static Arbitrary<Expr> expr(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.just(new X()),
                Arbitraries.just(new Y()),
                Arbitraries.doubles().between(-1.5, 1.5).map(Const::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, leaf),
                net.jqwik.api.Tuple.of(3, Combinators.combine(sub, sub).as(Add::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(sub, sub).as(Mul::new)),
                net.jqwik.api.Tuple.of(2, sub.map(Sin::new)));
    }

    /** [df/dx, df/dy] from a fresh one-shot tape (zeros where f does not depend on a variable). */
    private static double[] grad(Expr f, double xv, double yv) {
        Tensor x = constant(xv);
        Tensor y = constant(yv);
        GradientTape t = new GradientTape();
        Tensor out;
        try (t) {
            t.watch(x, y);
            out = f.eval(x, y);
        }
        List<Tensor> g = t.gradient(List.of(out), List.of(x, y), null, UnconnectedGradients.ZERO);
        return new double[] {g.get(0).doubleValue(), g.get(1).doubleValue()};
    }

    @Property(tries = TRIES)
    void aPersistentTapeGivesTheGradientsOfFreshOneShotTapes(@ForAll("exprs") Expr f, @ForAll("exprs") Expr h,
                                                              @ForAll @DoubleRange(min = -1.5, max = 1.5) double xv,
                                                              @ForAll @DoubleRange(min = -1.5, max = 1.5) double yv) {
        Tensor x = constant(xv);
        Tensor y = constant(yv);
        GradientTape p = new GradientTape(true);
        Tensor fo, ho;
        try (p) {
            p.watch(x, y);
            fo = f.eval(x, y);
            ho = h.eval(x, y);
        }
        assertEquals(f.value(xv, yv), fo.doubleValue(), 1e-12 * (1 + Math.abs(fo.doubleValue())), "forward value");
        double[] fFresh = grad(f, xv, yv);
        double[] hFresh = grad(h, xv, yv);
        for (int call = 0; call < 3; call++) {
            List<Tensor> gf = p.gradient(List.of(fo), List.of(x, y), null, UnconnectedGradients.ZERO);
            List<Tensor> gh = p.gradient(List.of(ho), List.of(x, y), null, UnconnectedGradients.ZERO);
            assertEquals(fFresh[0], gf.get(0).doubleValue(), 0.0, "df/dx, call " + call);
            assertEquals(fFresh[1], gf.get(1).doubleValue(), 0.0, "df/dy, call " + call);
            assertEquals(hFresh[0], gh.get(0).doubleValue(), 0.0, "dh/dx, call " + call);
            assertEquals(hFresh[1], gh.get(1).doubleValue(), 0.0, "dh/dy, call " + call);
        }
        // and with NONE: null exactly where the one-shot ZERO gave a structural zero is not required, but a
        // non-null result must equal the fresh one
        List<Tensor> none = p.gradient(fo, List.of(x, y));
        for (int i = 0; i < 2; i++) {
            if (none.get(i) != null) {
                assertEquals(fFresh[i], none.get(i).doubleValue(), 0.0);
            }
        }
    }

    @Property(tries = TRIES)
    void nestedTapeSecondDerivativesAgreeWithFiniteDifferencesOfTheFirst(
            @ForAll("exprs") Expr f,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double xv,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double yv) {
        Tensor x = constant(xv);
        Tensor y = constant(yv);
        List<Tensor> hx, hy;
        Tensor fx, fy;
        GradientTape outer = new GradientTape(true);
        try (outer) {
            outer.watch(x, y);
            GradientTape inner = new GradientTape();
            try (inner) {
                inner.watch(x, y);
                Tensor out = f.eval(x, y);
                List<Tensor> g = inner.gradient(List.of(out), List.of(x, y), null, UnconnectedGradients.ZERO);
                fx = g.get(0);
                fy = g.get(1);
            }
        }
        hx = outer.gradient(List.of(fx), List.of(x, y), null, UnconnectedGradients.ZERO);
        hy = outer.gradient(List.of(fy), List.of(x, y), null, UnconnectedGradients.ZERO);
        assertNotNull(hx.get(0));

        double[] g0 = grad(f, xv, yv);
        assertEquals(g0[0], fx.doubleValue(), 0.0, "the inner tape's first derivative");
        // five-point stencil on the first derivative, along x and along y
        double[] alongX = FiniteDifferences.fivePoint(t -> grad(f, xv + t, yv), H);
        double[] alongY = FiniteDifferences.fivePoint(t -> grad(f, xv, yv + t), H);
        double fxx = alongX[0];
        double fxy = alongY[0];
        double fyx = alongX[1];
        double fyy = alongY[1];
        double scale = 1 + Math.abs(g0[0]) + Math.abs(g0[1]);
        close(fxx, hx.get(0).doubleValue(), scale, "f_xx of " + f);
        close(fxy, hx.get(1).doubleValue(), scale, "f_xy of " + f);
        close(fyx, hy.get(0).doubleValue(), scale, "f_yx of " + f);
        close(fyy, hy.get(1).doubleValue(), scale, "f_yy of " + f);
        // symmetry of the Hessian, both from the tape
        close(hx.get(1).doubleValue(), hy.get(0).doubleValue(), scale, "f_xy = f_yx of " + f);
    }

    @Property(tries = TRIES)
    void firstDerivativesAgreeWithFiniteDifferencesOfTheFunction(
            @ForAll("exprs") Expr f,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double xv,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double yv) {
        double[] g = grad(f, xv, yv);
        double dx = FiniteDifferences.fivePoint(t -> new double[] {f.value(xv + t, yv)}, H)[0];
        double dy = FiniteDifferences.fivePoint(t -> new double[] {f.value(xv, yv + t)}, H)[0];
        double scale = 1 + Math.abs(f.value(xv, yv));
        close(dx, g[0], scale, "f_x of " + f);
        close(dy, g[1], scale, "f_y of " + f);
        assertFalse(Double.isNaN(g[0]) || Double.isNaN(g[1]));
    }

    private static void close(double expected, double actual, double scale, String what) {
        double tol = 1e-6 * (scale + Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol,
                () -> what + ": expected " + expected + " (finite differences) but the tape gave " + actual
                        + " (tolerance " + tol + ")");
    }
}
