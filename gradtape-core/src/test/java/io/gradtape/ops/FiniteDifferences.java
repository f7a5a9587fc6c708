package io.gradtape.ops;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Finite differences in float64: the one numerical reference every derivative test uses (PyTorch's gradcheck
 * idea). A function is given on raw values, one {@code double[]} per input, row-major, and returns raw values;
 * nothing it does is recorded on a tape.
 *
 * <ul>
 *   <li>{@link #directional}: {@code (f(x + h v) - f(x - h v)) / 2h}, the central difference along a direction
 *       {@code v}, element by element of the output (truncation error {@code O(h^2)}, rounding about
 *       {@code 1e-16 / h}); an output element that does not move (the same value, or the same infinity, at both
 *       points) has derivative 0.</li>
 *   <li>{@link #partial}: the same along one input element, a column of the Jacobian.</li>
 *   <li>{@link #jacobian}: the whole Jacobian of a tensor function, {@code [out][in]} flattened.</li>
 *   <li>{@link #fivePoint}: the five-point stencil {@code (-f(2h) + 8 f(h) - 8 f(-h) + f(-2h)) / 12h}
 *       (error {@code O(h^4)}) for functions of one scalar, where a larger step is needed.</li>
 * </ul>
 */
public final class FiniteDifferences {
    /** A function of raw input values (one array per input) to raw output values. */
    @FunctionalInterface
    public interface Fn {
        double[] apply(double[][] x);
    }

    private FiniteDifferences() {
    }

    /** The derivative of {@code f} at {@code x} along {@code v}, per output element, by central differences. */
    public static double[] directional(Fn f, double[][] x, double[][] v, double h) {
        return central(f.apply(axpy(x, h, v)), f.apply(axpy(x, -h, v)), h);
    }

    /** The derivative of {@code f} at {@code x} with respect to element {@code j} of input {@code i}. */
    public static double[] partial(Fn f, double[][] x, int i, int j, double h) {
        double[][] plus = copy(x);
        double[][] minus = copy(x);
        plus[i][j] += h;
        minus[i][j] -= h;
        return central(f.apply(plus), f.apply(minus), h);
    }

    /**
     * The Jacobian of a float64 tensor function at {@code x}: entry {@code [o * x.size() + j]} is
     * {@code d f(x)[o] / d x[j]} (the layout of {@code GradientTape.jacobian}).
     */
    public static double[] jacobian(Function<Tensor, Tensor> f, Tensor x, double h) {
        int[] shape = x.shape().dims();
        Fn raw = v -> f.apply(shape.length == 0 ? Tensors.constant(v[0][0]) : Tensors.constant(v[0], shape))
                .toDoubleArray();
        double[][] x0 = {x.toDoubleArray()};
        int n = x0[0].length;
        double[] j = null;
        for (int k = 0; k < n; k++) {
            double[] column = partial(raw, x0, 0, k, h);
            if (j == null) {
                j = new double[column.length * n];
            }
            for (int o = 0; o < column.length; o++) {
                j[o * n + k] = column[o];
            }
        }
        return j == null ? new double[0] : j;
    }

    /** The derivative at 0 of {@code t -> f(t)}, element by element, by the five-point stencil with step h. */
    public static double[] fivePoint(DoubleFunction<double[]> f, double h) {
        double[] p2 = f.apply(2 * h);
        double[] p1 = f.apply(h);
        double[] m1 = f.apply(-h);
        double[] m2 = f.apply(-2 * h);
        double[] d = new double[p1.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = (-p2[k] + 8 * p1[k] - 8 * m1[k] + m2[k]) / (12 * h);
        }
        return d;
    }

    /** {@code x + a v}, a fresh array. */
    public static double[][] axpy(double[][] x, double a, double[][] v) {
        double[][] r = copy(x);
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] += a * v[i][j];
            }
        }
        return r;
    }

    private static double[] central(double[] plus, double[] minus, double h) {
        double[] d = new double[plus.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = plus[k] == minus[k] ? 0 : (plus[k] - minus[k]) / (2 * h);
        }
        return d;
    }

    private static double[][] copy(double[][] x) {
        double[][] r = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i].clone();
        }
        return r;
    }
}
