package io.gradtape.advanced;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Central finite differences in float64, and array comparison, for the tests of this package. */
final class Numeric {
    static final double H = 1e-6;

    private Numeric() {
    }

    /** The Jacobian of {@code f} at {@code x} by central differences: shape f(x).shape + x.shape, row-major. */
    static double[] jacobian(Function<Tensor, Tensor> f, Tensor x) {
        double[] x0 = x.toDoubleArray();
        int n = x0.length;
        int m = f.apply(x).size();
        double[] j = new double[m * n];
        for (int k = 0; k < n; k++) {
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[k] += H;
            minus[k] -= H;
            double[] fp = f.apply(Tensors.constant(plus, x.shape().dims())).toDoubleArray();
            double[] fm = f.apply(Tensors.constant(minus, x.shape().dims())).toDoubleArray();
            for (int i = 0; i < m; i++) {
                j[i * n + k] = (fp[i] - fm[i]) / (2 * H);
            }
        }
        return j;
    }

    static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Tensors.constant(v, shape);
    }

    static void assertClose(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
