package io.gradtape.forward;

import io.gradtape.Autodiff;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** The functional API against answers worked out by hand (in the comments). */
class AutodiffTest {

    private static void assertValues(double[] expected, Tensor actual, double tol) {
        assertNotNull(actual);
        assertArrayEquals(expected, actual.toDoubleArray(), tol);
    }

    private static Tensor vec(double... v) {
        return constant(v, v.length);
    }

    // ---------------------------------------------------------------------------------------- grad

    @Test
    void gradOfACube() {
        // d x^3 = 3 x^2 = 12 at 2
        assertEquals(12.0, Autodiff.grad(x -> x.mul(x).mul(x)).apply(constant(2.0)).doubleValue(), 1e-12);
    }

    @Test
    void gradOfAVectorFunctionSumsTheOutput() {
        // d sum(sin x) = cos x
        assertValues(new double[] {Math.cos(0.5), Math.cos(-1)}, Autodiff.grad(x -> sin(x)).apply(vec(0.5, -1)), 1e-12);
        // TensorFlow's guide: x * [3, 4] differentiated at a scalar is 3 + 4 = 7
        assertEquals(7.0, Autodiff.grad(x -> x.mul(vec(3, 4))).apply(constant(1.0)).doubleValue(), 1e-12);
    }

    @Test
    void gradOfAnUnconnectedFunctionIsZerosNotNull() {
        Tensor g = Autodiff.grad(x -> constant(5.0)).apply(vec(1, 2, 3));
        assertValues(new double[] {0, 0, 0}, g, 0);
    }

    @Test
    void gradNests() {
        // d^2 x^3 = 6 x = 12 at 2; d^3 x^3 = 6
        Function<Tensor, Tensor> cube = x -> x.pow(3);
        assertEquals(12.0, Autodiff.grad(Autodiff.grad(cube)).apply(constant(2.0)).doubleValue(), 1e-9);
        assertEquals(6.0, Autodiff.grad(Autodiff.grad(Autodiff.grad(cube))).apply(constant(2.0)).doubleValue(), 1e-9);
    }

    @Test
    void valueAndGrad() {
        Autodiff.ValueAndGrad<Tensor> r = Autodiff.valueAndGrad((Tensor x) -> x.mul(x)).apply(constant(3.0));
        assertEquals(9.0, r.value().doubleValue());
        assertEquals(6.0, r.grad().doubleValue());
    }

    @Test
    void gradsOfAFunctionOfSeveralTensors() {
        // f(a, b) = a b + sin a: df/da = b + cos a = 5 + cos 2, df/db = a = 2
        Function<List<Tensor>, Tensor> f = xs -> xs.get(0).mul(xs.get(1)).add(sin(xs.get(0)));
        List<Tensor> g = Autodiff.grads(f).apply(List.of(constant(2.0), constant(5.0)));
        assertEquals(5 + Math.cos(2), g.get(0).doubleValue(), 1e-12);
        assertEquals(2.0, g.get(1).doubleValue(), 1e-12);
        Autodiff.ValueAndGrad<List<Tensor>> r = Autodiff.valueAndGrads(f).apply(List.of(constant(2.0), constant(5.0)));
        assertEquals(10 + Math.sin(2), r.value().doubleValue(), 1e-12);
        assertEquals(2, r.grad().size());
    }

    @Test
    void gradsGiveZerosForAnUnusedArgument() {
        List<Tensor> g = Autodiff.grads(xs -> xs.get(0).mul(xs.get(0))).apply(List.of(constant(3.0), vec(1, 2)));
        assertEquals(6.0, g.get(0).doubleValue());
        assertValues(new double[] {0, 0}, g.get(1), 0);
    }

    // ---------------------------------------------------------------------------------------- jvp, vjp

    @Test
    void jvpGivesValueAndDirectionalDerivative() {
        // exp at 0 along 2: (1, 2)
        Autodiff.Jvp r = Autodiff.jvp(x -> exp(x), constant(0.0), constant(2.0));
        assertEquals(1.0, r.value().doubleValue());
        assertEquals(2.0, r.tangent().doubleValue(), 1e-12);
    }

    @Test
    void jvpOfSeveralTensors() {
        // a b at (2, 5) along (1, 10): b da + a db = 5 + 20 = 25
        Autodiff.Jvp r = Autodiff.jvp(xs -> xs.get(0).mul(xs.get(1)), List.of(constant(2.0), constant(5.0)),
                List.of(constant(1.0), constant(10.0)));
        assertEquals(10.0, r.value().doubleValue());
        assertEquals(25.0, r.tangent().doubleValue(), 1e-12);
    }

    @Test
    void jvpOfAnUnconnectedFunctionIsZeros() {
        Autodiff.Jvp r = Autodiff.jvp(x -> vec(1, 2), constant(0.0), constant(1.0));
        assertValues(new double[] {0, 0}, r.tangent(), 0);
    }

    @Test
    void jvpRejectsAMismatchedTangent() {
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(x -> x, vec(1, 2), vec(1, 2, 3)));
    }

    @Test
    void vjpPullsBackAnyNumberOfCotangents() {
        // f(x) = x^2 elementwise at [1, 2]: u^T J = u * 2x
        Autodiff.Vjp<Tensor> r = Autodiff.vjp(x -> x.mul(x), vec(1, 2));
        assertValues(new double[] {1, 4}, r.value(), 0);
        assertValues(new double[] {2, 40}, r.pullback().apply(vec(1, 10)), 1e-12);
        assertValues(new double[] {-2, 0}, r.pullback().apply(vec(-1, 0)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> r.pullback().apply(vec(1, 2, 3)));
    }

    @Test
    void vjpOfAMatrixProduct() {
        // C = A B with A = [[1, 2]] (1x2), B = [[3], [4]] (2x1); U = [[10]]: dA = U B^T = [[30, 40]], dB = A^T U = [[10], [20]]
        Tensor a = constant(new double[] {1, 2}, 1, 2);
        Tensor b = constant(new double[] {3, 4}, 2, 1);
        Autodiff.Vjp<List<Tensor>> r = Autodiff.vjp(xs -> matmul(xs.get(0), xs.get(1)), List.of(a, b));
        assertValues(new double[] {11}, r.value(), 0);
        List<Tensor> g = r.pullback().apply(constant(new double[] {10}, 1, 1));
        assertValues(new double[] {30, 40}, g.get(0), 1e-12);
        assertValues(new double[] {10, 20}, g.get(1), 1e-12);
    }

    // ---------------------------------------------------------------------------------------- jacobians

    @Test
    void jacobianOfAnElementwiseSquareIsDiagonal() {
        Tensor j = Autodiff.jacobian(x -> x.mul(x)).apply(vec(1, 2));
        assertEquals(List.of(2, 2), List.of(j.shape().dim(0), j.shape().dim(1)));
        assertValues(new double[] {2, 0, 0, 4}, j, 1e-12);
    }

    @Test
    void jacobianOfALinearMapIsItsMatrix() {
        double[] w = {1, 2, 3, 4, 5, 6};
        Tensor wm = constant(w, 2, 3);
        Tensor j = Autodiff.jacobian(x -> matmul(wm, reshape(x, 3, 1))).apply(vec(0.1, 0.2, 0.3));
        assertEquals("(2, 1, 3)", j.shape().toString());
        assertValues(w, j, 1e-12);
        assertValues(w, Autodiff.jacobianForward(x -> matmul(wm, reshape(x, 3, 1))).apply(vec(0.1, 0.2, 0.3)), 1e-12);
    }

    @Test
    void jacobianOfATransposeHasShapeOutputThenInput() {
        // Y = X^T for X (2, 3): J[i, j, k, l] = 1 iff (k, l) = (j, i)
        Tensor x = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor j = Autodiff.jacobian(t -> transpose(t)).apply(x);
        assertEquals("(3, 2, 2, 3)", j.shape().toString());
        double[] v = j.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            for (int jj = 0; jj < 2; jj++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 3; l++) {
                        double want = (k == jj && l == i) ? 1 : 0;
                        assertEquals(want, v[((i * 2 + jj) * 2 + k) * 3 + l], 0, "J" + List.of(i, jj, k, l));
                    }
                }
            }
        }
        assertValues(v, Autodiff.jacobianForward(t -> transpose(t)).apply(x), 0);
    }

    @Test
    void jacobianForwardOfATallFunction() {
        // t -> [t, t^2, sin t] at 1: [[1], [2], [cos 1]]
        Tensor j = Autodiff.jacobianForward(t -> concat(List.of(t, t.mul(t), sin(t)), 0)).apply(vec(1));
        assertEquals("(3, 1)", j.shape().toString());
        assertValues(new double[] {1, 2, Math.cos(1)}, j, 1e-12);
        // float32 and a scalar input
        Tensor s = Autodiff.jacobianForward(t -> t.mul(vec(1, 2, 3).mul(1.0))).apply(constant(2.0));
        assertValues(new double[] {1, 2, 3}, s, 0);
        Tensor f32 = Autodiff.jacobianForward(t -> t.mul(t)).apply(constant(new float[] {3}, 1));
        assertEquals(6f, f32.toFloatArray()[0]);
    }

    @Test
    void jacobiansOfSeveralTensors() {
        // f(a, b) = a * b elementwise, a, b (2,): J_a = diag(b), J_b = diag(a)
        List<Tensor> js = Autodiff.jacobians(xs -> xs.get(0).mul(xs.get(1))).apply(List.of(vec(1, 2), vec(3, 4)));
        assertValues(new double[] {3, 0, 0, 4}, js.get(0), 0);
        assertValues(new double[] {1, 0, 0, 2}, js.get(1), 0);
    }

    @Test
    void jacobianOfAnUnconnectedFunctionIsZeros() {
        Tensor j = Autodiff.jacobian(x -> vec(1, 2, 3)).apply(vec(1, 2));
        assertEquals("(3, 2)", j.shape().toString());
        assertValues(new double[6], j, 0);
        assertValues(new double[6], Autodiff.jacobianForward(x -> vec(1, 2, 3)).apply(vec(1, 2)), 0);
    }

    // ---------------------------------------------------------------------------------------- hessians

    @Test
    void hessianOfASumOfCubes() {
        // sum(x^3): H = diag(6 x) = [[6, 0], [0, 12]] at [1, 2]
        Tensor h = Autodiff.hessian(x -> reduceSum(x.pow(3))).apply(vec(1, 2));
        assertEquals("(2, 2)", h.shape().toString());
        assertValues(new double[] {6, 0, 0, 12}, h, 1e-9);
    }

    @Test
    void hessianWithMixedTerms() {
        // f = x0^2 x1: H = [[2 x1, 2 x0], [2 x0, 0]] = [[10, 6], [6, 0]] at (3, 5)
        Function<Tensor, Tensor> f = x -> {
            Tensor x0 = slice(x, new int[] {0}, new int[] {1});
            Tensor x1 = slice(x, new int[] {1}, new int[] {1});
            return reduceSum(x0.mul(x0).mul(x1));
        };
        assertValues(new double[] {10, 6, 6, 0}, Autodiff.hessian(f).apply(vec(3, 5)), 1e-9);
        // the same by forward over reverse: jacobianForward of grad
        assertValues(new double[] {10, 6, 6, 0}, Autodiff.jacobianForward(Autodiff.grad(f)).apply(vec(3, 5)), 1e-9);
        // and reverse over reverse spelled out: jacobian of grad
        assertValues(new double[] {10, 6, 6, 0}, Autodiff.jacobian(Autodiff.grad(f)).apply(vec(3, 5)), 1e-9);
    }

    @Test
    void hessianOfAVectorFunctionHasOneHessianPerOutput() {
        // f(x) = [x0 x1, x0^2] : H_0 = [[0, 1], [1, 0]], H_1 = [[2, 0], [0, 0]]
        Function<Tensor, Tensor> f = x -> {
            Tensor x0 = slice(x, new int[] {0}, new int[] {1});
            Tensor x1 = slice(x, new int[] {1}, new int[] {1});
            return concat(List.of(x0.mul(x1), x0.mul(x0)), 0);
        };
        Tensor h = Autodiff.hessian(f).apply(vec(3, 5));
        assertEquals("(2, 2, 2)", h.shape().toString());
        assertValues(new double[] {0, 1, 1, 0, 2, 0, 0, 0}, h, 1e-9);
    }

    @Test
    void hessianBlocksOfSeveralTensors() {
        // f(a, b) = a^2 b at (3, 5): H_aa = 2b = 10, H_ab = H_ba = 2a = 6, H_bb = 0
        List<List<Tensor>> h = Autodiff.hessians(xs -> xs.get(0).mul(xs.get(0)).mul(xs.get(1)))
                .apply(List.of(constant(3.0), constant(5.0)));
        assertEquals(10.0, h.get(0).get(0).doubleValue(), 1e-9);
        assertEquals(6.0, h.get(0).get(1).doubleValue(), 1e-9);
        assertEquals(6.0, h.get(1).get(0).doubleValue(), 1e-9);
        assertEquals(0.0, h.get(1).get(1).doubleValue(), 1e-9);
    }

    // ---------------------------------------------------------------------------------------- composition

    @Test
    void jvpOfGradIsAHessianVectorProduct() {
        // sum(x^3) at [1, 2] along [1, 0]: H v = [6, 0] (the TensorFlow docstring example, functionally)
        Autodiff.Jvp r = Autodiff.jvp(Autodiff.grad(x -> reduceSum(x.pow(3))), vec(1, 2), vec(1, 0));
        assertValues(new double[] {3, 12}, r.value(), 1e-12);
        assertValues(new double[] {6, 0}, r.tangent(), 1e-12);
    }

    @Test
    void jvpOfABatchedJacobianSweep() {
        // J(x) = diag(3 x^2) for x^3 elementwise; its derivative along v is diag(6 x v) = diag(6, 0, -18) at [1, 2, 3], v = [1, 0, -1]
        Autodiff.Jvp r = Autodiff.jvp(Autodiff.jacobian(x -> x.pow(3)), vec(1, 2, 3), vec(1, 0, -1));
        assertValues(new double[] {3, 0, 0, 0, 12, 0, 0, 0, 27}, r.value(), 1e-12);
        assertValues(new double[] {6, 0, 0, 0, 0, 0, 0, 0, -18}, r.tangent(), 1e-12);
    }

    @Test
    void transformationsAreRecordedByATapeAround() {
        // d/dx of grad(sin)(x) = -sin x
        Tensor x = constant(0.4);
        GradientTape tape = new GradientTape();
        Tensor g;
        try (tape) {
            tape.watch(x);
            g = Autodiff.grad(t -> sin(t)).apply(x);
        }
        assertEquals(-Math.sin(0.4), tape.gradient(g, x).doubleValue(), 1e-12);
    }

    @Test
    void nullsAreRejectedWithTheOperationNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Autodiff.grad(x -> null).apply(constant(1.0)));
        assertEquals("grad: the function returned null", e.getMessage());
        assertThrows(NullPointerException.class, () -> Autodiff.grad(null));
        assertThrows(NullPointerException.class, () -> Autodiff.jacobian(x -> x).apply(null));
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jacobianForward(x -> x).apply(constant(new int[] {1}, 1)));
    }

    /**
     * An integer argument has no derivative: JAX's grad, jacrev and hessian raise (jax/_src/api.py,
     * _check_input_dtype_revderiv: "grad requires real- or complex-valued inputs"). gradtape returned int zeros,
     * [0, 0] for d(x^2)/dx at the int32 [1, 2], where 2x = [2, 4]. The function is not run.
     */
    @Test
    void integerArgumentsOfGradJacobianAndHessianAreRejected() {
        Tensor i = constant(new int[] {1, 2}, 2);
        int[] calls = {0};
        Function<Tensor, Tensor> sq = x -> {
            calls[0]++;
            return x.mul(x);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(sq).apply(i));
        assertTrue(e.getMessage().startsWith("grad: argument 0 has dtype int32 and shape (2,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.jacobian(sq).apply(i));
        assertTrue(e.getMessage().startsWith("jacobian: argument 0 has dtype int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.hessian(x -> reduceSum(sq.apply(x))).apply(i));
        assertTrue(e.getMessage().startsWith("hessian: argument 0 has dtype int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grads(xs -> xs.get(0).mul(xs.get(1))).apply(List.of(vec(1, 2), i)));
        assertTrue(e.getMessage().startsWith("grads: argument 1 has dtype int32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Autodiff.valueAndGrad(xs -> xs.get(0), i));
        assertThrows(IllegalArgumentException.class,
                () -> Autodiff.valueAndGradWithAux((Tensor x) -> Autodiff.WithAux.of(sq.apply(x), 0)).apply(i));
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jacobians(xs -> xs.get(0)).apply(List.of(i)));
        assertThrows(IllegalArgumentException.class, () -> Autodiff.hessians(xs -> reduceSum(xs.get(0))).apply(List.of(i)));
        assertEquals(0, calls[0]);
        // the same function at the float64 [1, 2]: 2x = [2, 4]
        assertValues(new double[] {2, 4}, Autodiff.grad(sq).apply(vec(1, 2)), 0);
    }

    /**
     * An integer result has no derivative either: JAX's grad, jacrev and hessian raise (jax/_src/api.py,
     * _check_output_dtype_revderiv: "requires real-valued outputs"); gradtape gave zeros for grad(x -> cast(x,
     * int32)) at [1.5, 2.5], where no derivative exists. jacobianForward keeps its zeros (JAX's jacfwd gives
     * float0 zeros there).
     */
    @Test
    void integerResultsOfGradJacobianAndHessianAreRejected() {
        Tensor x = vec(1.5, 2.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grad(v -> cast(v, io.gradtape.DType.INT32)).apply(x));
        assertTrue(e.getMessage().startsWith("grad: the function returned dtype int32 with shape (2,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.jacobian(v -> argmax(v, 0)).apply(x));
        assertTrue(e.getMessage().startsWith("jacobian: the function returned dtype int64 with shape ()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.hessian(v -> argmax(v, 0)).apply(x));
        assertTrue(e.getMessage().startsWith("hessian: the function returned dtype int64"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Autodiff.valueAndGradWithAux((Tensor v) -> Autodiff.WithAux.of(greater(v, vec(2, 2)), 0)).apply(x));
        assertArrayEquals(new long[] {0, 0}, Autodiff.jacobianForward(v -> argmax(v, 0)).apply(x).toLongArray());
    }

    /**
     * A tensor passed twice gets one derivative per position (TensorFlow's backprop.make_vjp copies repeated
     * arguments: "g(one, one) should return [1., 1.]"; JAX and PyTorch agree), and a tensor read from outside stays
     * a constant even when it is also the argument (JAX: grad(lambda a: a * x)(x) = x).
     */
    @Test
    void eachArgumentPositionIsItsOwnVariable() {
        Tensor one = constant(1f);
        List<Tensor> g = Autodiff.grads(xs -> xs.get(0).mul(xs.get(1))).apply(List.of(one, one));
        assertValues(new double[] {1}, g.get(0), 0);
        assertValues(new double[] {1}, g.get(1), 0);
        Tensor t = constant(2.0);
        // d(x y^2) at (t, t): [y^2, 2 x y] = [4, 8]
        List<Tensor> vg = Autodiff.valueAndGrads(xs -> xs.get(0).mul(xs.get(1)).mul(xs.get(1))).apply(List.of(t, t)).grad();
        assertValues(new double[] {4}, vg.get(0), 0);
        assertValues(new double[] {8}, vg.get(1), 0);
        List<List<Tensor>> h = Autodiff.hessians(xs -> xs.get(0).mul(xs.get(1))).apply(List.of(t, t));
        assertValues(new double[] {0}, h.get(0).get(0), 0);
        assertValues(new double[] {1}, h.get(0).get(1), 0);
        Tensor x = constant(3.0);
        assertValues(new double[] {3}, Autodiff.grad(a -> a.mul(x)).apply(x), 0);
        assertValues(new double[] {6}, Autodiff.grad(a -> a.mul(a)).apply(x), 0);
        // forward mode: the same tensor twice is two primals, not an error
        Autodiff.Jvp jvp = Autodiff.jvp(xs -> xs.get(0).mul(xs.get(1)), List.of(t, t), List.of(constant(1.0), constant(0.0)));
        assertValues(new double[] {2}, jvp.tangent(), 0);   // d(a b) along (1, 0) = b
    }
}
