package io.gradtape.advanced;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.LogCapture;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import io.gradtape.ops.FiniteDifferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.function.Function;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LogCapture.class) // provokes library warnings on purpose: kept out of the output
class JacobianTest {
    /** Records f(x) on a fresh one-shot tape and returns its Jacobian. */
    private static Tensor tapeJacobian(Function<Tensor, Tensor> f, Tensor x) {
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = f.apply(x);
        }
        return t.jacobian(y, x);
    }

    /** Deterministic float64 values in [-1, 1). */
    private static Tensor random(long seed, int... shape) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return constant(v, shape);
    }

    private static void assertClose(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    private static void checkAgainstFiniteDifferences(Function<Tensor, Tensor> f, Tensor x) {
        Tensor j = tapeJacobian(f, x);
        Tensor y = f.apply(x);
        int[] expectedShape = java.util.stream.IntStream.concat(
                java.util.Arrays.stream(y.shape().dims()), java.util.Arrays.stream(x.shape().dims())).toArray();
        assertEquals(Shape.of(expectedShape), j.shape());
        assertClose(FiniteDifferences.jacobian(f, x, 1e-6), j.toDoubleArray(), 1e-6);
    }

    @Test
    void elementwiseSquareHasDiagonalJacobian() {
        // y = x^2 elementwise: dy_i/dx_j = 2 x_i [i == j]
        Tensor j = tapeJacobian(x -> mul(x, x), constant(new double[] {1, 2, 3}, 3));
        assertArrayEquals(new double[] {2, 0, 0, 0, 4, 0, 0, 0, 6}, j.toDoubleArray());
    }

    @Test
    void matrixVectorProductHasTheMatrixAsJacobian() {
        // y = W x: dy/dx = W
        double[] w = {1, 2, 3, 4, 5, 6};
        Tensor j = tapeJacobian(x -> reshape(matmul(constant(w, 2, 3), reshape(x, 3, 1)), 2), constant(new double[] {1, 1, 1}, 3));
        assertArrayEquals(w, j.toDoubleArray());
    }

    @Test
    void compositionsMatchFiniteDifferences() {
        Tensor x = random(1, 2, 3);
        checkAgainstFiniteDifferences(v -> softmax(v, -1), x);
        checkAgainstFiniteDifferences(v -> reduceSum(mul(sin(v), exp(v)), 0), x);
        checkAgainstFiniteDifferences(v -> transpose(tanh(v)), x);
        checkAgainstFiniteDifferences(v -> matmul(v, transpose(v)), x);
        checkAgainstFiniteDifferences(v -> reduceMax(v, 1), x);
        checkAgainstFiniteDifferences(v -> concat(List.of(v, square(v)), 0), x);
        checkAgainstFiniteDifferences(v -> slice(pad(v, new int[] {1, 0}, new int[] {0, 2}), new int[] {0, 1}, new int[] {2, 4}), x);
        checkAgainstFiniteDifferences(v -> broadcastTo(reduceMean(v, true, 0), 4, 1, 3), x);
        checkAgainstFiniteDifferences(v -> div(v, add(reduceSum(square(v)), constant(1.0))), x);
    }

    @Test
    void hessianIsTheJacobianOfAnInnerGradient() {
        // f = sum(x^3): gradient 3 x^2, Hessian diag(6 x)
        Tensor x = constant(new double[] {1, -2, 0.5}, 3);
        GradientTape outer = new GradientTape();
        Tensor g;
        try (outer) {
            outer.watch(x);
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                g = inner.gradient(reduceSum(pow(x, 3)), x);
            }
        }
        assertArrayEquals(new double[] {6, 0, 0, 0, -12, 0, 0, 0, 3}, outer.jacobian(g, x).toDoubleArray(), 1e-12);
    }

    @Test
    void jacobianWithRespectToSeveralSourcesAndAVariable() {
        // y = W x + b: dy/dW[i, j, k] = [i == j] x_k, dy/db = identity
        Variable w = new Variable(constant(new double[] {1, 2, 3, 4}, 2, 2));
        Tensor b = constant(new double[] {0.5, -0.5}, 2);
        Tensor x = constant(new double[] {3, 5}, 2, 1);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(b);
            y = add(reshape(matmul(w, x), 2), b);
        }
        List<Tensor> js = t.jacobian(y, List.of(w, b));
        assertEquals(Shape.of(2, 2, 2), js.get(0).shape());
        assertArrayEquals(new double[] {3, 5, 0, 0, 0, 0, 3, 5}, js.get(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0, 1}, js.get(1).toDoubleArray());
    }

    @Test
    void oneShotTapeAllowsOneJacobianThenThrows() {
        Tensor x = constant(new float[] {1, 2}, 2);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = mul(x, x);
        }
        assertEquals(DType.FLOAT32, t.jacobian(y, x).dtype());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.jacobian(y, x));
        assertEquals("A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)", e.getMessage());
    }

    @Test
    void oneShotTapeAllowsOneBatchJacobianThenThrowsTheSameMessage() {
        Tensor x = constant(new float[] {1, 2}, 2, 1);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = mul(x, x);
        }
        assertEquals(DType.FLOAT32, t.batchJacobian(y, x).dtype());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.batchJacobian(y, x));
        assertEquals("A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)", e.getMessage());
    }

    @Test
    void unconnectedGivesNullOrZerosOfTargetPlusSourceShape() {
        Tensor x = constant(new double[] {1, 2}, 2);
        Tensor z = constant(new double[] {1, 2, 3}, 3);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            t.watch(z);
            y = mul(x, x);
        }
        assertNull(t.jacobian(y, z));
        Tensor zeros = t.jacobian(y, z, UnconnectedGradients.ZERO);
        assertEquals(Shape.of(2, 3), zeros.shape());
        assertArrayEquals(new double[6], zeros.toDoubleArray());
    }

    /**
     * TensorFlow's jacobian gathers rows of the target while recording, so a target the tape does not track has no
     * recorded row and every source is unconnected, the target itself included (backprop.py, jacobian), and
     * batch_jacobian returns zeros of the target's dtype (array_ops.zeros(new_shape, target.dtype)); a watched
     * target is its own identity Jacobian.
     */
    @Test
    void anUntrackedTargetHasNoJacobianAndBatchJacobianZerosTakeTheTargetsDtype() {
        Tensor x = constant(new double[] {1, 2}, 2);
        GradientTape t = new GradientTape(true);
        t.close();
        assertNull(t.jacobian(x, x));
        assertArrayEquals(new double[4], t.jacobian(x, x, UnconnectedGradients.ZERO).toDoubleArray());
        GradientTape w = new GradientTape(true);
        try (w) {
            w.watch(x);
        }
        assertArrayEquals(new double[] {1, 0, 0, 1}, w.jacobian(x, x).toDoubleArray());

        Tensor src = constant(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor target = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        GradientTape b = new GradientTape(true);
        try (b) {
            b.watch(src);
        }
        Tensor z = b.batchJacobian(target, src);
        assertEquals(Shape.of(2, 3, 2), z.shape());
        assertEquals(DType.FLOAT64, z.dtype());
        Tensor m = constant(new double[] {1, 2, 3, 4}, 2, 2);
        GradientTape u = new GradientTape(true);
        u.close();
        assertArrayEquals(new double[8], u.batchJacobian(m, m).toDoubleArray(), "an untracked target: zeros, not identity blocks");
    }

    @Test
    void largeJacobianIsSplitIntoSeveralSweepsWithTheSameResult() {
        // 3000 outputs of a 1500-element intermediate: more than the per-sweep budget, so several sweeps
        Tensor x = random(3, 1500);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = concat(List.of(sin(x), mul(x, x)), 0);
        }
        Tensor j = t.jacobian(y, x);
        assertEquals(Shape.of(3000, 1500), j.shape());
        double[] v = j.toDoubleArray();
        double[] xs = x.toDoubleArray();
        assertEquals(Math.cos(xs[7]), v[7 * 1500 + 7], 1e-12);
        assertEquals(2 * xs[9], v[(1500 + 9) * 1500 + 9], 1e-12);
        assertEquals(0.0, v[(1500 + 9) * 1500 + 10]);
    }

    @Test
    void batchJacobianGivesPerExampleJacobians() {
        // y[b] = [x[b]^2, sin(x[b])] per example: per-example Jacobian [[2x0, 0], [0, 2x1], [cos x0, 0], [0, cos x1]]
        Tensor x = constant(new double[] {1, 2, 3, 4}, 2, 2);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = concat(List.of(mul(x, x), sin(x)), 1);
        }
        Tensor j = t.batchJacobian(y, x);
        assertEquals(Shape.of(2, 4, 2), j.shape());
        double[] v = j.toDoubleArray();
        assertArrayEquals(new double[] {2, 0, 0, 4, Math.cos(1), 0, 0, Math.cos(2)}, java.util.Arrays.copyOf(v, 8), 1e-12);
        assertArrayEquals(new double[] {6, 0, 0, 8, Math.cos(3), 0, 0, Math.cos(4)}, java.util.Arrays.copyOfRange(v, 8, 16), 1e-12);
    }

    @Test
    void batchJacobianChecksRanksAndFirstDimensionsAndGivesZerosWhenUnconnected() {
        Tensor x = constant(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor other = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            t.watch(other);
            y = mul(x, x);
        }
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> t.batchJacobian(y, constant(new double[] {1, 2}, 2)));
        assertTrue(rank.getMessage().contains("must have rank at least 2"), rank.getMessage());
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                () -> t.batchJacobian(y, constant(new double[] {1, 2, 3}, 3, 1)));
        assertTrue(first.getMessage().contains("Need first dimension of target shape (2, 2) and source shape (3, 1) to match."),
                first.getMessage());
        Tensor zeros = t.batchJacobian(y, other);
        assertEquals(Shape.of(2, 2, 3), zeros.shape());
        assertArrayEquals(new double[12], zeros.toDoubleArray());
    }

    @Test
    void jacobianOfATargetThatIsTheSourceIsTheIdentity() {
        Tensor x = constant(new double[] {5, 7}, 2);
        GradientTape t = new GradientTape();
        try (t) {
            t.watch(x);
        }
        assertArrayEquals(new double[] {1, 0, 0, 1}, t.jacobian(x, x).toDoubleArray());
    }

    @Test
    void jacobianInsideAPersistentTapesBlockIsRecordedForHigherOrder() {
        // y = x^3 elementwise; J = diag(3x^2); d/dx sum(J) = 6x
        Tensor x = constant(new double[] {1, 2}, 2);
        GradientTape t = new GradientTape(true);
        Tensor s;
        try (t) {
            t.watch(x);
            Tensor y = pow(x, 3);
            s = reduceSum(t.jacobian(y, x));
        }
        assertArrayEquals(new double[] {6, 12}, t.gradient(s, x).toDoubleArray(), 1e-12);
    }

    // ---- tall Jacobians (sources at most a quarter of the target): columns by transposing the VJP

    @Test
    void tallJacobiansMatchFiniteDifferences() {
        Tensor w = random(5, 40, 3);
        Tensor x = random(6, 3, 1);
        checkAgainstFiniteDifferences(v -> tanh(matmul(w, v)), x);                          // (40, 1) by (3, 1)
        checkAgainstFiniteDifferences(v -> concat(List.of(exp(v), mul(v, v), sin(v), v), 0), random(7, 4)); // 16 by 4
        checkAgainstFiniteDifferences(v -> softmax(broadcastTo(v, 8, 2), -1), random(8, 2)); // (8, 2) by (2,)
        checkAgainstFiniteDifferences(v -> sqrt(add(square(broadcastTo(v, 5, 2)), constant(1.0))), random(9, 2));
    }

    @Test
    void tallJacobianWithSeveralSourcesOneUnconnectedAndACustomRule() {
        // y = [a * x, log1pexp(b)] with x unrelated: dy/da = [x; 0], dy/db = [0; sigmoid(b)]
        Tensor a = constant(new double[] {2}, 1);
        Tensor b = constant(new double[] {0.5}, 1);
        Tensor x = constant(new double[] {1, 2, 3, 4, 5, 6, 7}, 7);
        Tensor unrelated = constant(new double[] {1}, 1);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(a, b, unrelated);
            Tensor custom = customGradient(b, v -> io.gradtape.CustomGradient.of(log(add(onesLike(v), exp(v))),
                    dy -> mul(dy, sigmoid(v))));
            y = concat(List.of(mul(a, x), custom), 0);
        }
        List<Tensor> js = t.jacobian(y, List.of(a, b, unrelated), UnconnectedGradients.ZERO);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 0}, js.get(0).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 1 / (1 + Math.exp(-0.5))}, js.get(1).toDoubleArray(), 1e-12);
        assertEquals(Shape.of(8, 1), js.get(2).shape());
        assertArrayEquals(new double[8], js.get(2).toDoubleArray());
    }

    @Test
    void tallJacobianOfALinearMapAndOfAConstantDerivative() {
        // y = W x: J = W (J^T u depends on u only, not on x); y = x * 0 + c: connected, J = 0
        double[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        Tensor x = constant(new double[] {1, 1}, 2, 1);
        GradientTape t = new GradientTape(true);
        Tensor y;
        Tensor z;
        try (t) {
            t.watch(x);
            y = matmul(constant(w, 8, 2), x);
            z = add(mul(broadcastTo(x, 2, 4), constant(0.0)), constant(1.0));
        }
        assertArrayEquals(w, t.jacobian(y, x).toDoubleArray());
        Tensor jz = t.jacobian(z, x);
        assertEquals(Shape.of(2, 4, 2, 1), jz.shape());
        assertArrayEquals(new double[16], jz.toDoubleArray());
    }

    @Test
    void tallHessianOfAVectorFunction() {
        // g = d/dx sum(x^3 * c) with c of shape (8, 2) broadcast: g = 3 x^2 sum_rows(c); d g / dx = diag(6 x sum_rows(c))
        Tensor x = constant(new double[] {1, -2}, 2);
        Tensor c = random(10, 8, 2);
        GradientTape outer = new GradientTape();
        Tensor g;
        try (outer) {
            outer.watch(x);
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                g = inner.gradient(mul(pow(x, 3), c), x);
            }
            g = broadcastTo(g, 8, 2); // tall target: 16 elements by 2
        }
        double[] cs = reduceSum(c, 0).toDoubleArray();
        double[] j = outer.jacobian(g, x).toDoubleArray(); // (8, 2, 2)
        for (int r = 0; r < 8; r++) {
            assertEquals(6 * 1 * cs[0], j[r * 4], 1e-9);
            assertEquals(0.0, j[r * 4 + 1], 1e-12);
            assertEquals(0.0, j[r * 4 + 2], 1e-12);
            assertEquals(6 * -2 * cs[1], j[r * 4 + 3], 1e-9);
        }
    }
}
