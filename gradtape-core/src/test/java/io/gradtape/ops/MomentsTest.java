package io.gradtape.ops;

import io.gradtape.Autodiff;
import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * NN.moments against PyTorch 1.13 ({@code x.mean(axes)}, {@code x.var(axes, unbiased=False)} and autograd);
 * the formula and the keepdims squeeze are TensorFlow's nn_impl.moments.
 */
class MomentsTest {
    private static final Tensor X = constant(new double[] {1, 2, 4, 4, 5, 9}, 2, 3);

    @Test
    void meanAndBiasedVarianceWithTheirGradients() {
        GradientTape tape = new GradientTape(true);
        NN.Moments rows;
        NN.Moments all;
        Tensor weighted;
        Tensor both;
        Tensor w = constant(new double[] {1, 2}, 2);
        try (tape) {
            tape.watch(X);
            rows = NN.moments(X, -1);
            all = NN.moments(X, true, 0, 1);
            weighted = reduceSum(mul(rows.variance(), w));
            both = add(all.mean(), all.variance());
        }
        assertArrayEquals(new double[] {7.0 / 3, 6}, rows.mean().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {14.0 / 9, 14.0 / 3}, rows.variance().toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {2}, rows.variance().shape().dims());
        // d/dx sum(variance * [1, 2]) = 2 (x - mean) / 3 * w
        assertArrayEquals(new double[] {-8.0 / 9, -2.0 / 9, 10.0 / 9, -8.0 / 3, -4.0 / 3, 4},
                tape.gradient(weighted, X).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {1, 1}, all.mean().shape().dims());
        assertArrayEquals(new int[] {1, 1}, all.variance().shape().dims());
        assertArrayEquals(new double[] {25.0 / 6}, all.mean().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {233.0 / 36}, all.variance().toDoubleArray(), 1e-12);
        // torch: d(mean + var)/dx over every element
        assertArrayEquals(new double[] {-8.0 / 9, -5.0 / 9, 1.0 / 9, 1.0 / 9, 4.0 / 9, 16.0 / 9},
                tape.gradient(both, X).toDoubleArray(), 1e-12);
    }

    @Test
    void theVarianceHasItsExactHessian() {
        // v = (1/n) sum (x_i - m)^2 has d2v/dx_i dx_j = (2/n)(delta_ij - 1/n): for n = 3, 4/9 on the diagonal and
        // -2/9 off it, whatever x is. TensorFlow's stop_gradient on the mean would give (2/n) delta_ij = 2/3 on the
        // diagonal and 0 off it (nn_impl.moments), which is not the variance's Hessian.
        Tensor x = constant(new double[] {1, 2, 4}, 3);
        Tensor h = Autodiff.hessian(v -> NN.moments(v, 0).variance()).apply(x);
        assertArrayEquals(new double[] {4.0 / 9, -2.0 / 9, -2.0 / 9, -2.0 / 9, 4.0 / 9, -2.0 / 9, -2.0 / 9, -2.0 / 9,
                4.0 / 9}, h.toDoubleArray(), 1e-12);
    }

    @Test
    void refusesIntegersAndEmptyOrBadAxes() {
        assertThrows(IllegalArgumentException.class, () -> NN.moments(constant(new int[] {1, 2}, 2), 0));
        assertThrows(IllegalArgumentException.class, () -> NN.moments(X));
        assertThrows(IllegalArgumentException.class, () -> NN.moments(X, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> NN.moments(X, 2));
        assertArrayEquals(new int[] {3}, NN.moments(zeros(DType.FLOAT32, 0, 3), 0).mean().shape().dims());
    }
}
