package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shorthands for {@link LibraryOpsTest}'s known answers: float64 tensors, deterministic random values, value
 * comparison, the gradient of a one-input function. (Derivatives against finite differences are the op table's
 * business: {@link OpTableTest}.)
 */
final class LibraryTestSupport {
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

    /** The gradient of sum(f(x)) at x, by one tape. */
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
