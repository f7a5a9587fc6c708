package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finite-difference gradient checks for {@link LibraryOpsTest}, in float64 (PyTorch's gradcheck idea).
 *
 * <p><b>First order.</b> For {@code f(x_1..x_n)} with a tensor result, the scalar {@code phi = sum(w * f(x))}
 * with fixed, uneven weights {@code w} (so that a wrong sign or a swapped element shows) is differentiated by the
 * tape and by central differences {@code (phi(x + h e_j) - phi(x - h e_j)) / 2h} for every element {@code j} of
 * every floating input: the full gradient, not a projection.
 *
 * <p><b>Second order.</b> With fixed directions {@code v_i}, {@code psi(x) = sum_i sum(v_i * dphi/dx_i)} is
 * computed with an inner tape, its gradient (a Hessian-vector product) with an outer tape around it, and compared
 * with central differences of {@code psi}. An inner gradient that is null (no path) counts as zeros, as does an
 * outer one (for a function linear in x, the Hessian is 0).
 *
 * <p>Integer inputs (indices) are passed through and never perturbed. Tolerance: {@code |a - n| <= 1e-6 + 1e-5 |n|}
 * with {@code h = 1e-5}: truncation error ~h^2, rounding ~1e-16 / h.
 */
final class LibraryTestSupport {
    static final double H = 1e-5;
    static final double ATOL = 1e-6;
    static final double RTOL = 1e-5;

    private LibraryTestSupport() {
    }

    /** A float64 tensor. */
    static Tensor d(double[] v, int... shape) {
        return Tensors.constant(v, shape);
    }

    /** Deterministic float64 values in {@code [lo, hi)}, the same for the same seed. */
    static Tensor rand(long seed, double lo, double hi, int... shape) {
        java.util.Random r = new java.util.Random(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return d(v, shape);
    }

    /** Uneven weights 0.3, 1.1, -0.7, ... of a shape. */
    static Tensor weights(Tensor like, double phase) {
        double[] v = new double[like.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(1.7 * i + phase) + 0.3;
        }
        return d(v, like.shape().dims());
    }

    /** Checks first and second order; see the class comment. */
    static void checkGradients(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        checkFirstOrder(f, xs);
        checkSecondOrder(f, xs);
    }

    /** A one-input form of {@link #checkGradients}. */
    static void checkGradients1(Function<Tensor, Tensor> f, Tensor x) {
        checkGradients(xs -> f.apply(xs.get(0)), x);
    }

    private static double phi(Function<List<Tensor>, Tensor> f, List<Tensor> xs, Tensor w) {
        Tensor y = f.apply(xs);
        return Tensors.reduceSum(Tensors.mul(w, y)).doubleValue();
    }

    private static List<Tensor> floating(Tensor[] xs) {
        List<Tensor> r = new ArrayList<>();
        for (Tensor t : xs) {
            if (t.dtype().isFloating()) {
                r.add(t);
            }
        }
        return r;
    }

    static void checkFirstOrder(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        List<Tensor> in = Arrays.asList(xs);
        Tensor w = weights(f.apply(in), 0.4);
        List<Tensor> src = floating(xs);
        List<Tensor> grads;
        GradientTape tape = new GradientTape();
        Tensor phi;
        try (tape) {
            tape.watch(src);
            phi = Tensors.reduceSum(Tensors.mul(w, f.apply(in)));
        }
        grads = tape.gradient(phi, src);
        int s = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!xs[i].dtype().isFloating()) {
                continue;
            }
            Tensor g = grads.get(s++);
            double[] analytic = g == null ? new double[xs[i].size()] : g.toDoubleArray();
            int idx = i;
            double[] numeric = numericGradient(x -> phi(f, x, w), in, idx);
            compare("first-order gradient of input " + i, numeric, analytic);
            if (g != null) {
                assertEquals(xs[i].shape(), g.shape(), "gradient shape of input " + i);
            }
        }
    }

    static void checkSecondOrder(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        List<Tensor> in = Arrays.asList(xs);
        Tensor w = weights(f.apply(in), 0.4);
        List<Tensor> src = floating(xs);
        List<Tensor> dirs = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            dirs.add(weights(src.get(i), 2.1 + i));
        }
        GradientTape outer = new GradientTape();
        Tensor psi;
        try (outer) {
            outer.watch(src);
            psi = psi(f, in, src, w, dirs);
        }
        List<Tensor> hv = outer.gradient(psi, src);
        int s = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!xs[i].dtype().isFloating()) {
                continue;
            }
            Tensor g = hv.get(s++);
            double[] analytic = g == null ? new double[xs[i].size()] : g.toDoubleArray();
            double[] numeric = numericGradient(x -> psi(f, x, floatingOf(x), w, dirs).doubleValue(), in, i);
            compare("second-order (Hessian-vector) gradient of input " + i, numeric, analytic);
        }
    }

    private static List<Tensor> floatingOf(List<Tensor> xs) {
        return floating(xs.toArray(new Tensor[0]));
    }

    /** psi = sum_i sum(v_i * dphi/dx_i), the inner gradient taken by a tape (recorded by any outer tape). */
    private static Tensor psi(Function<List<Tensor>, Tensor> f, List<Tensor> in, List<Tensor> src, Tensor w, List<Tensor> dirs) {
        GradientTape inner = new GradientTape();
        Tensor phi;
        try (inner) {
            inner.watch(src);
            phi = Tensors.reduceSum(Tensors.mul(w, f.apply(in)));
        }
        List<Tensor> g = inner.gradient(phi, src);
        Tensor total = Tensors.constant(0.0);
        for (int i = 0; i < g.size(); i++) {
            if (g.get(i) != null) {
                total = Tensors.add(total, Tensors.reduceSum(Tensors.mul(dirs.get(i), g.get(i))));
            }
        }
        return total;
    }

    /** Central differences of a scalar function with respect to every element of input {@code i}. */
    static double[] numericGradient(Function<List<Tensor>, Double> fn, List<Tensor> in, int i) {
        Tensor x = in.get(i);
        double[] v = x.toDoubleArray();
        double[] r = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            double keep = v[j];
            v[j] = keep + H;
            double up = fn.apply(replace(in, i, d(v, x.shape().dims())));
            v[j] = keep - H;
            double down = fn.apply(replace(in, i, d(v, x.shape().dims())));
            v[j] = keep;
            r[j] = (up - down) / (2 * H);
        }
        return r;
    }

    private static List<Tensor> replace(List<Tensor> in, int i, Tensor t) {
        List<Tensor> r = new ArrayList<>(in);
        r.set(i, t);
        return r;
    }

    static void compare(String what, double[] numeric, double[] analytic) {
        assertEquals(numeric.length, analytic.length, what + ": sizes");
        for (int j = 0; j < numeric.length; j++) {
            double tol = ATOL + RTOL * Math.abs(numeric[j]);
            if (!(Math.abs(numeric[j] - analytic[j]) <= tol)) {
                fail(what + ": element " + j + " numeric " + numeric[j] + " analytic " + analytic[j]
                        + "\n numeric  " + Arrays.toString(numeric) + "\n analytic " + Arrays.toString(analytic));
            }
        }
    }

    /** Asserts values (any dtype, compared as doubles) within {@code tol}. */
    static void assertValues(double[] expected, Tensor actual, double tol) {
        assertNotNull(actual, "tensor is null");
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "number of elements of " + actual.shape());
        for (int i = 0; i < a.length; i++) {
            boolean ok = Double.isNaN(expected[i]) ? Double.isNaN(a[i])
                    : expected[i] == a[i] || Math.abs(expected[i] - a[i]) <= tol * Math.max(1, Math.abs(expected[i]));
            assertTrue(ok, "element " + i + ": expected " + expected[i] + " got " + a[i] + "\n expected " + Arrays.toString(expected)
                    + "\n actual   " + Arrays.toString(a));
        }
    }

    /** The gradient of sum(w * f(x)) (w = ones when null) at x, by one tape. */
    static Tensor grad(Function<Tensor, Tensor> f, Tensor x) {
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = f.apply(x);
        }
        return t.gradient(y, x);
    }

    /** A DType-checking shorthand. */
    static void assertDType(DType expected, Tensor t) {
        assertEquals(expected, t.dtype(), "dtype of " + t.shape());
    }
}
