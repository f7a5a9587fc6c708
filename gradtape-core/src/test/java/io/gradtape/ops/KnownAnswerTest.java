package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Values worked out by hand, with the arithmetic beside each. They guard the op table against a reference that is
 * wrong in the same way as the library, and pin TensorFlow's conventions at non-smooth points (semantics doc,
 * section 2.13), where finite differences say nothing.
 */
class KnownAnswerTest {
    private static final double EPS = 1e-12;

    /** d f(x) / dx (of the sum of f's elements) on a one-shot tape. */
    private static Tensor grad(UnaryOperator<Tensor> f, Tensor x) {
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = f.apply(x);
        }
        return tape.gradient(y, x);
    }

    /** The gradients of f(a, b) (summed) with respect to a and b. */
    private static List<Tensor> grad2(BinaryOperator<Tensor> f, Tensor a, Tensor b) {
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a, b);
            y = f.apply(a, b);
        }
        return tape.gradient(y, List.of(a, b));
    }

    private static Tensor vec(double... v) {
        return constant(v, v.length);
    }

    // ------------------------------------------------------------------------------------ smooth points

    @Test
    void cubeHasDerivativeTwelveAtTwo() {
        // d/dx x^3 = 3 x^2 = 3 * 4 = 12 at x = 2, through pow and through repeated mul
        assertEquals(12.0, grad(x -> pow(x, 3), constant(2.0)).doubleValue(), EPS);
        assertEquals(12.0, grad(x -> mul(mul(x, x), x), constant(2.0)).doubleValue(), EPS);
        assertEquals(12.0f, grad(x -> pow(x, 3), constant(2.0f)).floatValue(), 0f);
    }

    @Test
    void cubeHasSecondDerivativeTwelveAtTwoThroughNestedTapes() {
        // d2/dx2 x^3 = 6 x = 12 at x = 2
        Tensor x = constant(2.0);
        GradientTape outer = new GradientTape();
        Tensor dy;
        try (outer) {
            outer.watch(x);
            GradientTape inner = new GradientTape();
            Tensor y;
            try (inner) {
                inner.watch(x);
                y = pow(x, 3);
            }
            dy = inner.gradient(y, x);
        }
        assertEquals(12.0, dy.doubleValue(), EPS);
        assertEquals(12.0, outer.gradient(dy, x).doubleValue(), EPS);
    }

    @Test
    void sigmoidHasDerivativeOneQuarterAtZero() {
        // sigmoid(0) = 1/2; sigmoid' = s (1 - s) = 1/4; tanh'(0) = 1 - 0 = 1
        assertEquals(0.25, grad(x -> sigmoid(x), constant(0.0)).doubleValue(), EPS);
        assertEquals(1.0, grad(x -> tanh(x), constant(0.0)).doubleValue(), EPS);
    }

    @Test
    void softmaxOfOneTwoThree() {
        // e^1 = 2.718281828459045, e^2 = 7.38905609893065, e^3 = 20.085536923187668, sum = 30.19287485057736
        // softmax = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
        double[] want = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219};
        assertArrayEquals(want, softmax(vec(1, 2, 3), 0).toDoubleArray(), 1e-15);
        // log(sum) = 3.40760596444438, so logSoftmax = [1, 2, 3] - 3.40760596444438
        assertArrayEquals(new double[] {-2.40760596444438, -1.4076059644443801, -0.40760596444438013},
                logSoftmax(vec(1, 2, 3), -1).toDoubleArray(), 1e-14);
    }

    @Test
    void softmaxJacobianRow() {
        // d s_i / d x_j = s_i (delta_ij - s_j); the row i = 2 with s = [0.0900, 0.2447, 0.6652]:
        // [-s2 s0, -s2 s1, s2 (1 - s2)] = [-0.059892024544818935, -0.16280340198980445, 0.22269542653462335]
        Tensor x = vec(1, 2, 3);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = softmax(x, 0);
        }
        Tensor g = tape.gradient(List.of(y), List.of(x), List.of(vec(0, 0, 1)), UnconnectedGradients.NONE).get(0);
        assertArrayEquals(new double[] {-0.059892024544818935, -0.16280340198980445, 0.22269542653462335},
                g.toDoubleArray(), 1e-15);
        // softmax sums to 1 whatever x is, so the gradient of its sum is 0
        assertArrayEquals(new double[3], grad(v -> softmax(v, 0), vec(1, 2, 3)).toDoubleArray(), 1e-15);
        // d sum(logSoftmax) / d x_j = 1 - n s_j = [1 - 3 * 0.0900.., ...]
        assertArrayEquals(new double[] {0.7299082804888586, 0.265814586835607, -0.9957228673244658},
                grad(v -> logSoftmax(v, 0), vec(1, 2, 3)).toDoubleArray(), 1e-14);
    }

    @Test
    void matmulOfTwoByThreeAndThreeByTwo() {
        // [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]]:
        //   1*7 + 2*9 + 3*11 = 58,  1*8 + 2*10 + 3*12 = 64,  4*7 + 5*9 + 6*11 = 139,  4*8 + 5*10 + 6*12 = 154
        Tensor a = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = constant(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        Tensor c = matmul(a, b);
        assertEquals(io.gradtape.Shape.of(2, 2), c.shape());
        assertArrayEquals(new double[] {58, 64, 139, 154}, c.toDoubleArray(), 0);
        // d sum(A B) / dA = ones(2,2) B^T: each row is B's row sums [7+8, 9+10, 11+12] = [15, 19, 23]
        // d sum(A B) / dB = A^T ones(2,2): each column is A's column sums [1+4, 2+5, 3+6] = [5, 7, 9]
        List<Tensor> g = grad2((p, q) -> matmul(p, q), a, b);
        assertArrayEquals(new double[] {15, 19, 23, 15, 19, 23}, g.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 5, 7, 7, 9, 9}, g.get(1).toDoubleArray(), 0);
        // the same product written with transposes: (A^T)^T @ (B^T)^T
        assertArrayEquals(new double[] {58, 64, 139, 154},
                matmul(transpose(a), transpose(b), true, true).toDoubleArray(), 0);
    }

    @Test
    void broadcastAddSumsGradientsOverRepeats() {
        // (3,1) + (1,4) -> (3,4): each a_i is used 4 times, each b_j 3 times
        Tensor a = constant(new double[] {1, 2, 3}, 3, 1);
        Tensor b = constant(new double[] {1, 2, 3, 4}, 1, 4);
        List<Tensor> g = grad2((p, q) -> add(p, q), a, b);
        assertArrayEquals(new double[] {4, 4, 4}, g.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 3, 3, 3}, g.get(1).toDoubleArray(), 0);
        assertEquals(a.shape(), g.get(0).shape());
        assertEquals(b.shape(), g.get(1).shape());
    }

    @Test
    void reduceMeanGradientIsOneOverN() {
        // mean of 4 elements: each gets 1/4
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, grad(x -> reduceMean(x), vec(1, 5, 2, 8)).toDoubleArray(), 0);
        // mean over axis 1 of a (2, 3): each element gets 1/3
        Tensor m = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                grad(x -> reduceMean(x, 1), m).toDoubleArray(), EPS);
        // and the value: (1 + 2 + 3) / 3 = 2, (4 + 5 + 6) / 3 = 5
        assertArrayEquals(new double[] {2, 5}, reduceMean(m, 1).toDoubleArray(), EPS);
    }

    // ------------------------------------------------------------------------------------ ties

    @Test
    void reduceMaxTieSharesGradientEqually() {
        // [0.6, 0.6, 0.3]: two maxima share g = 1 -> [0.5, 0.5, 0]
        assertArrayEquals(new double[] {0.5, 0.5, 0}, grad(x -> reduceMax(x), vec(0.6, 0.6, 0.3)).toDoubleArray(), 0);
        // reduceMin of [0.3, 0.6, 0.3] -> [0.5, 0, 0.5]
        assertArrayEquals(new double[] {0.5, 0, 0.5}, grad(x -> reduceMin(x), vec(0.3, 0.6, 0.3)).toDoubleArray(), 0);
        // three-way tie: 1/3 each
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, grad(x -> reduceMax(x), vec(2, 2, 2)).toDoubleArray(), EPS);
        // per row: [[1, 1], [2, 0]] over axis 1 -> row 0 ties [0.5, 0.5], row 1 [1, 0]
        Tensor m = constant(new double[] {1, 1, 2, 0}, 2, 2);
        assertArrayEquals(new double[] {0.5, 0.5, 1, 0}, grad(x -> reduceMax(x, 1), m).toDoubleArray(), 0);
        // in float32 too: [0.6f, 0.6f, 0.3f] -> [0.5, 0.5, 0]
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f},
                grad(x -> reduceMax(x), constant(new float[] {0.6f, 0.6f, 0.3f}, 3)).toFloatArray(), 0f);
    }

    @Test
    void maximumAndMinimumTieGivesAllToFirstArgument() {
        // maximum(1, 1): d/da = 1, d/db = 0 (TensorFlow's greater_equal mask); minimum likewise (less_equal)
        List<Tensor> gmax = grad2((a, b) -> maximum(a, b), constant(1.0), constant(1.0));
        assertEquals(1.0, gmax.get(0).doubleValue(), 0);
        assertEquals(0.0, gmax.get(1).doubleValue(), 0);
        List<Tensor> gmin = grad2((a, b) -> minimum(a, b), constant(1.0), constant(1.0));
        assertEquals(1.0, gmin.get(0).doubleValue(), 0);
        assertEquals(0.0, gmin.get(1).doubleValue(), 0);
        // broadcast: maximum([1, 2, 3], 2) = [2, 2, 3]; x wins at 2 (tie) and 3, y only at 1 -> dx = [0, 1, 1], dy = 1
        List<Tensor> g = grad2((a, b) -> maximum(a, b), vec(1, 2, 3), constant(2.0));
        assertArrayEquals(new double[] {0, 1, 1}, g.get(0).toDoubleArray(), 0);
        assertEquals(1.0, g.get(1).doubleValue(), 0);
    }

    // ------------------------------------------------------------------------------------ kinks and zeros

    @Test
    void reluAndAbsHaveZeroDerivativeAtZero() {
        // relu'(0) = 0 (TF: features > 0); relu'(-1) = 0, relu'(2) = 1; abs'(0) = sign(0) = 0, abs'(-2) = -1
        assertArrayEquals(new double[] {0, 0, 1}, grad(x -> relu(x), vec(0, -1, 2)).toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, -1, 1}, grad(x -> abs(x), vec(0, -2, 3)).toDoubleArray(), 0);
        assertEquals(0f, grad(x -> relu(x), constant(0f)).floatValue(), 0f);
    }

    @Test
    void signGradientIsZerosNotNull() {
        // TensorFlow's SignGrad returns zeros, not None
        Tensor x = constant(new float[] {-2, 0, 3}, 3);
        Tensor g = grad(v -> sign(v), x);
        assertNotNull(g);
        assertEquals(DType.FLOAT32, g.dtype());
        assertEquals(x.shape(), g.shape());
        assertArrayEquals(new float[] {0, 0, 0}, g.toFloatArray(), 0f);
    }

    @Test
    void sqrtAtZero() {
        // sqrt'(x) = 0.5 / sqrt(x) = 0.5 / 0 = +inf at 0
        assertEquals(Double.POSITIVE_INFINITY, grad(x -> sqrt(x), constant(0.0)).doubleValue());
        // with upstream 0 the gradient is 0, not 0 * inf = NaN (TF's mul_no_nan in SqrtGrad)
        Tensor x = constant(0.0);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = sqrt(x);
        }
        assertEquals(0.0, tape.gradient(List.of(y), List.of(x), List.of(constant(0.0)), UnconnectedGradients.NONE)
                .get(0).doubleValue(), 0);
        // the same through a mul by zero: g reaching sqrt is 0 * 1 = 0
        assertEquals(0.0, grad(v -> mul(sqrt(v), constant(0.0)), constant(0.0)).doubleValue(), 0);
        // sqrt'(4) = 0.5 / 2 = 0.25
        assertEquals(0.25, grad(v -> sqrt(v), constant(4.0)).doubleValue(), EPS);
    }

    @Test
    void powAtBaseZero() {
        // d/dx x^p = p x^(p-1): p = 2 -> 2 * 0^1 = 0; p = 0.5 -> 0.5 * 0^-0.5 = +inf; p = 0 -> 0 * 0^-1 = 0 * inf = NaN
        assertEquals(0.0, grad(x -> pow(x, 2), constant(0.0)).doubleValue(), 0);
        assertEquals(Double.POSITIVE_INFINITY, grad(x -> pow(x, 0.5), constant(0.0)).doubleValue());
        assertEquals(Double.NaN, grad(x -> pow(x, 0), constant(0.0)).doubleValue());
        // d/dp x^p = x^p log x, masked to 0 where x <= 0: pow(0, p) and pow(-2, 2) give 0
        assertEquals(0.0, grad2((a, p) -> pow(a, p), constant(0.0), constant(2.0)).get(1).doubleValue(), 0);
        assertEquals(0.0, grad2((a, p) -> pow(a, p), constant(0.0), constant(0.5)).get(1).doubleValue(), 0);
        assertEquals(0.0, grad2((a, p) -> pow(a, p), constant(-2.0), constant(2.0)).get(1).doubleValue(), 0);
        // and where x > 0: d/dp 2^3 = 8 ln 2 = 5.545177444479562
        assertEquals(8 * Math.log(2), grad2((a, p) -> pow(a, p), constant(2.0), constant(3.0)).get(1).doubleValue(), EPS);
    }

    @Test
    void divAtZeroDenominator() {
        // d(a/b) = (1/b, -a/b^2): at (1, 0): (1/0, -1/0) = (+inf, -inf)
        List<Tensor> g = grad2((a, b) -> div(a, b), constant(1.0), constant(0.0));
        assertEquals(Double.POSITIVE_INFINITY, g.get(0).doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, g.get(1).doubleValue());
        // at (0, 0): (1/0, -0/0) = (+inf, NaN)
        List<Tensor> g0 = grad2((a, b) -> div(a, b), constant(0.0), constant(0.0));
        assertEquals(Double.POSITIVE_INFINITY, g0.get(0).doubleValue());
        assertEquals(Double.NaN, g0.get(1).doubleValue());
    }

    @Test
    void logAtZero() {
        // log'(x) = 1/x = +inf at 0 (and log(0) = -inf)
        assertEquals(Double.POSITIVE_INFINITY, grad(x -> log(x), constant(0.0)).doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, log(constant(0.0)).doubleValue());
        assertEquals(Float.POSITIVE_INFINITY, grad(x -> log(x), constant(0f)).floatValue());
    }

    @Test
    void whereDoesNotHideAnInfiniteDerivativeInTheUnselectedBranch() {
        // where(x > 0, x ** 0.5, 0) at 0 (TF issue 38349): the unselected branch gets upstream 0, and the pow rule
        // makes 0 * 0.5 * 0^-0.5 = 0 * inf = NaN
        assertEquals(Double.NaN, grad(x -> where(greater(x, zerosLike(x)), pow(x, 0.5), zerosLike(x)), constant(0.0))
                .doubleValue());
        // the same with log: the log rule gives 0 / 0 = NaN
        assertEquals(Double.NaN, grad(x -> where(greater(x, zerosLike(x)), log(x), zerosLike(x)), constant(0.0))
                .doubleValue());
        // with sqrt, current TensorFlow's SqrtGrad is mul_no_nan: upstream 0 gives 0, so the where gradient is 0
        assertEquals(0.0, grad(x -> where(greater(x, zerosLike(x)), sqrt(x), zerosLike(x)), constant(0.0))
                .doubleValue(), 0);
        // the double-where workaround gives 0 for pow too: the inner where keeps 0 out of pow
        assertEquals(0.0, grad(x -> {
            Tensor pos = greater(x, zerosLike(x));
            return where(pos, pow(where(pos, x, onesLike(x)), 0.5), zerosLike(x));
        }, constant(0.0)).doubleValue(), 0);
        // where the branch is selected: d/dx x^0.5 at 4 = 0.5 / 2 = 0.25
        assertEquals(0.25, grad(x -> where(greater(x, zerosLike(x)), pow(x, 0.5), zerosLike(x)), constant(4.0))
                .doubleValue(), EPS);
    }

    // ------------------------------------------------------------------------------------ infinities and NaN

    @Test
    void cumprodKeepsAnInfiniteFirstElement() {
        // NumPy: np.cumprod([inf, 2, 3]) = [inf, inf*2, inf*2*3] = [inf, inf, inf]; the first step is x[0] itself,
        // not x[0] * 0 (= NaN, what the scan gave from its h[-1] = 0)
        float inf = Float.POSITIVE_INFINITY;
        assertArrayEquals(new float[] {inf, inf, inf}, cumprod(constant(new float[] {inf, 2, 3}, 3), 0).toFloatArray());
        assertArrayEquals(new float[] {-inf, -inf}, cumprod(constant(new float[] {-inf, 2}, 2), 0).toFloatArray());
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                cumprod(vec(Double.POSITIVE_INFINITY, -1), 0).toDoubleArray());
        // reverse starts at the last element: [2*3*inf, 3*inf, inf]
        assertArrayEquals(new float[] {inf, inf, inf},
                cumprod(constant(new float[] {2, 3, inf}, 3), 0, false, true).toFloatArray());
        // exclusive: [1, inf, inf*2] (tf.math.cumprod(exclusive=True))
        assertArrayEquals(new float[] {1, inf, inf},
                cumprod(constant(new float[] {inf, 2, 3}, 3), 0, true, false).toFloatArray());
        // per axis of [[inf, 2], [3, inf]]: along 1 [[inf, inf], [3, inf]]; along 0 [[inf, 2], [inf, inf]]
        Tensor m = constant(new float[] {inf, 2, 3, inf}, 2, 2);
        assertArrayEquals(new float[] {inf, inf, 3, inf}, cumprod(m, 1).toFloatArray());
        assertArrayEquals(new float[] {inf, 2, inf, inf}, cumprod(m, 0).toFloatArray());
        // linearScan, the primitive: h[0] = b[0] = 1, h[1] = 1 * 1 + 1 = 2 whatever a[0] is
        assertArrayEquals(new float[] {1, 2}, linearScan(constant(new float[] {inf, 1}, 2),
                constant(new float[] {1, 1}, 2), 0, false).toFloatArray());
        assertArrayEquals(new float[] {1, 2}, linearScan(constant(new float[] {Float.NaN, 1}, 2),
                constant(new float[] {1, 1}, 2), 0, false).toFloatArray());
    }

    @Test
    void reduceProdOfInfinities() {
        // TF reduce_prod multiplies as IEEE: inf * 2 = inf, -inf * 2 = -inf, inf * 0 = NaN
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(inf, reduceProd(constant(new float[] {inf, 2}, 2)).floatValue());
        assertEquals(inf, reduceProd(constant(new float[] {2, inf}, 2)).floatValue());
        assertEquals(-inf, reduceProd(constant(new float[] {-inf, 2}, 2)).floatValue());
        assertEquals(Float.NaN, reduceProd(constant(new float[] {inf, 0}, 2)).floatValue());
        assertEquals(Double.POSITIVE_INFINITY, reduceProd(vec(Double.POSITIVE_INFINITY, 2)).doubleValue());
        // [[inf, 2], [3, inf]]: rows inf * 2, 3 * inf; columns inf * 3, 2 * inf
        Tensor m = constant(new float[] {inf, 2, 3, inf}, 2, 2);
        assertArrayEquals(new float[] {inf, inf}, reduceProd(m, 1).toFloatArray());
        assertArrayEquals(new float[] {inf, inf}, reduceProd(m, 0).toFloatArray());
    }

    @Test
    void reduceProdAndCumprodGradientsAtInfinity() {
        // TF's _ProdGrad: the product of the other elements, exclusive cumprods from both ends (math_grad.py):
        // [inf, 2]: left [1, inf], right [2, 1] -> [2, inf]; [2, inf]: left [1, 2], right [inf, 1] -> [inf, 2]
        float inf = Float.POSITIVE_INFINITY;
        assertArrayEquals(new float[] {2, inf}, grad(x -> reduceProd(x), constant(new float[] {inf, 2}, 2)).toFloatArray());
        assertArrayEquals(new float[] {inf, 2}, grad(x -> reduceProd(x), constant(new float[] {2, inf}, 2)).toFloatArray());
        // [2, inf, 3]: [inf * 3, 2 * 3, 2 * inf] = [inf, 6, inf]
        assertArrayEquals(new float[] {inf, 6, inf},
                grad(x -> reduceProd(x), constant(new float[] {2, inf, 3}, 3)).toFloatArray());
        // float64, per row of [[inf, 2], [3, -inf]]: [[2, inf], [-inf, 3]]
        double dinf = Double.POSITIVE_INFINITY;
        assertArrayEquals(new double[] {2, dinf, -dinf, 3},
                grad(x -> reduceProd(x, 1), constant(new double[] {dinf, 2, 3, -dinf}, 2, 2)).toDoubleArray());
        // sum of cumprod([a, b, c]) = a + ab + abc: d/da = 1 + b + bc = 9, d/db = a + ac = inf, d/dc = ab = inf
        assertArrayEquals(new float[] {9, inf, inf}, grad(x -> cumprod(x, 0), constant(new float[] {inf, 2, 3}, 3))
                .toFloatArray());
        // reversed, [a, b, c] -> abc + bc + c: d/da = bc = inf, d/db = ac + c = inf, d/dc = ab + b + 1 = 10
        assertArrayEquals(new float[] {inf, inf, 10}, grad(x -> cumprod(x, 0, false, true),
                constant(new float[] {2, 3, inf}, 3)).toFloatArray());
        // linearScan: h = [b0, a1 b0 + b1]; a0 multiplies nothing, so d/da0 = 0 exactly, d/da1 = b0 = 1
        assertArrayEquals(new float[] {0, 1}, grad(a -> linearScan(a, constant(new float[] {1, 1}, 2), 0, false),
                constant(new float[] {inf, 1}, 2)).toFloatArray());
    }

    @Test
    void normOfNaNIsNaN() {
        // TF (linalg_ops.py, norm): sqrt(reduce_sum(x * x)) = sqrt(NaN + 1) = NaN; gradient x / norm = NaN / NaN,
        // 1 / NaN: [NaN, NaN]. The zero guard (x = 0 gives 0 and gradient 0) must not take NaN for 0.
        assertEquals(Float.NaN, norm(constant(new float[] {Float.NaN, 1}, 2)).floatValue());
        assertArrayEquals(new float[] {Float.NaN, Float.NaN},
                grad(x -> norm(x), constant(new float[] {Float.NaN, 1}, 2)).toFloatArray());
        // per row of [[NaN, 1], [3, 4]]: [NaN, 5]; gradient [[NaN, NaN], [3/5, 4/5]]
        Tensor m = constant(new double[] {Double.NaN, 1, 3, 4}, 2, 2);
        assertArrayEquals(new double[] {Double.NaN, 5}, norm(m, false, 1).toDoubleArray(), 0);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 0.6, 0.8}, grad(x -> norm(x, false, 1), m)
                .toDoubleArray(), EPS);
        // the documented guard is still there at exactly 0: norm 0, gradient 0, and +inf stays +inf
        assertEquals(0.0, norm(vec(0, 0)).doubleValue(), 0);
        assertArrayEquals(new double[] {0, 0}, grad(x -> norm(x), vec(0, 0)).toDoubleArray(), 0);
        assertEquals(Double.POSITIVE_INFINITY, norm(vec(Double.NEGATIVE_INFINITY, 1)).doubleValue());
    }

    @Test
    void integerMeanSumsInInt64AndTruncatesTowardZero() {
        // TF core/kernels/reduction_ops.h: CASTING_SPECIALIZATION(int32, int64) sums int32 in int64, then divides
        // by the count in int64; int64 sums and divides in int64. No float64 step.
        // (MAX + MAX) / 2 = MAX, where an int32 sum wraps to -2 and gives -1
        assertArrayEquals(new int[] {Integer.MAX_VALUE},
                reduceMean(constant(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE}, 2), true).toIntArray());
        assertEquals(Integer.MIN_VALUE,
                reduceMean(constant(new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, 2)).intValue());
        // 2^53 + 1 is not a double: through float64 the mean was 2^53
        assertEquals(9007199254740993L, reduceMean(constant(new long[] {9007199254740993L, 9007199254740993L}))
                .longValue());
        assertEquals(Long.MAX_VALUE - 1, reduceMean(constant(new long[] {Long.MAX_VALUE - 1})).longValue());
        // C++ integer division truncates toward zero: -3 / 2 = -1 (not floor's -2), 3 / 2 = 1, -7 / 4 = -1
        assertEquals(-1, reduceMean(constant(new int[] {-3, 0}, 2)).intValue());
        assertEquals(1, reduceMean(constant(new int[] {3, 0}, 2)).intValue());
        assertEquals(-1L, reduceMean(constant(new long[] {-7, 0, 0, 0})).longValue());
        // per axis, int64: rows [-3, 0] -> -1, [5, 4] -> 4; columns [-3, 5] -> 1, [0, 4] -> 2
        Tensor m = reshape(constant(new long[] {-3, 0, 5, 4}), 2, 2);
        assertEquals(DType.INT64, reduceMean(m, 1).dtype());
        assertArrayEquals(new double[] {-1, 4}, reduceMean(m, 1).toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 2}, reduceMean(m, 0).toDoubleArray(), 0);
        // an empty integer mean is MeanReducer's initialize(), 0 (the NaN identity is for floating types only)
        assertEquals(0, reduceMean(zeros(DType.INT32, 0)).intValue());
        assertArrayEquals(new double[] {0, 0}, reduceMean(zeros(DType.INT64, 2, 0), 1).toDoubleArray(), 0);
    }

    // ------------------------------------------------------------------------------------ cuts

    @Test
    void castThroughIntegerCutsTheGradient() {
        // float32 -> int32 -> float32: no gradient flows through an integer (null)
        Tensor x = constant(2.7f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = cast(cast(x, DType.INT32), DType.FLOAT32);
        }
        assertEquals(2.0f, y.floatValue(), 0f); // 2.7 truncated toward zero
        assertNull(tape.gradient(y, x));
    }

    @Test
    void castBetweenFloatsPassesTheGradientInTheSourceDType() {
        // y = cast(x, float64) * 3: dy/dx = 3, returned as float32 like x
        Tensor g = grad(x -> mul(cast(x, DType.FLOAT64), constant(3.0)), constant(1.5f));
        assertEquals(DType.FLOAT32, g.dtype());
        assertEquals(3.0f, g.floatValue(), 0f);
    }

    @Test
    void stopGradientGivesNullOrZeros() {
        // y = stopGradient(x) * x: only the second factor carries a gradient, d/dx = stopGradient(x) = 3
        assertEquals(3.0, grad(x -> mul(stopGradient(x), x), constant(3.0)).doubleValue(), 0);
        Tensor x = constant(3.0);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = stopGradient(x);
        }
        assertNull(tape.gradient(y, x));
        assertEquals(0.0, tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.ZERO).get(0).doubleValue(), 0);
    }

    @Test
    void comparisonsHaveNoGradient() {
        Tensor a = vec(1, 2, 3);
        Tensor b = vec(2, 2, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a, b);
            y = greaterEqual(a, b);
        }
        assertEquals(DType.BOOL, y.dtype());
        // 1 >= 2, 2 >= 2, 3 >= 2
        assertArrayEquals(new double[] {0, 1, 1}, y.toDoubleArray(), 0);
        List<Tensor> g = tape.gradient(y, List.of(a, b));
        assertNull(g.get(0));
        assertNull(g.get(1));
    }

    /** logSumExp over no terms is -inf (log of an empty sum), also through the overloads without axes. */
    @Test
    void logSumExpOfAnEmptyTensorIsMinusInfinity() {
        assertEquals(Double.NEGATIVE_INFINITY, logSumExp(zeros(DType.FLOAT32, 0)).doubleValue());
        Tensor kept = logSumExp(zeros(DType.FLOAT32, 2, 0), true);
        assertEquals(io.gradtape.Shape.of(1, 1), kept.shape());
        assertEquals(Double.NEGATIVE_INFINITY, kept.doubleValue());
    }
}
