package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Linalg;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for {@link Linalg}: small hand-worked values, the degenerate cases (singular, not positive
 * definite, repeated eigenvalues) with TensorFlow's conventions, the gradient conventions (cholesky symmetric,
 * eigh lower triangular), and residual checks on sizes large enough to take the kernels' parallel paths, in both
 * dtypes. The op table ({@link LinalgOpCases}) checks values, gradients, second order and JVP against references.
 */
class LinalgKnownAnswerTest {

    private static Tensor random(Random r, DType dtype, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return cast(constant(v, shape), dtype);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void smallKnownAnswers() {
        Tensor a = constant(new double[][] {{4, 2}, {2, 3}});
        assertArrayEquals(new double[] {2, 0, 1, Math.sqrt(2)}, Linalg.cholesky(a).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0}, Linalg.solve(a, constant(new double[][] {{2}, {1}})).toDoubleArray(), 1e-15);
        assertEquals(8, Linalg.det(a).doubleValue(), 1e-14);
        assertEquals(-2, Linalg.det(constant(new double[][] {{1, 2}, {3, 4}})).doubleValue(), 1e-14);
        assertEquals(Math.log(8), Linalg.logdet(a).doubleValue(), 1e-15);
        Linalg.Slogdet sd = Linalg.slogdet(constant(new double[][] {{0, 2}, {3, 0}}));
        assertEquals(-1, sd.sign().doubleValue());
        assertEquals(Math.log(6), sd.logAbsDet().doubleValue(), 1e-15);
        assertArrayEquals(new double[] {1, 3}, Linalg.eigh(constant(new double[][] {{2, 1}, {1, 2}})).eigenvalues().toDoubleArray(), 1e-14);
        Linalg.SVD d = Linalg.svd(constant(new double[][] {{3, 0}, {0, -2}}));
        assertArrayEquals(new double[] {3, 2}, d.s().toDoubleArray(), 1e-15);
        Linalg.QR f = Linalg.qr(constant(new double[][] {{3, 1}, {4, 2}}));
        assertArrayEquals(new double[] {5, 2.2, 0, 0.4}, f.r().toDoubleArray(), 1e-14);
        assertArrayEquals(new double[] {1, 1, 0, 1}, Linalg.expm(constant(new double[][] {{0, 1}, {0, 0}})).toDoubleArray(), 1e-15);
        assertEquals(Math.E, Linalg.expm(constant(new double[][] {{1}})).doubleValue(), 1e-15);
        assertEquals(5.0, Linalg.trace(constant(new float[][] {{1, 2}, {3, 4}})).doubleValue());
        assertArrayEquals(new double[] {4. / 3, 4. / 3}, Linalg.lstsq(constant(new double[][] {{1, 0}, {0, 1}, {1, 1}}),
                constant(new double[][] {{1}, {1}, {3}})).toDoubleArray(), 1e-14);
        assertEquals(6.0, Linalg.norm(constant(new double[][] {{1, -2}, {3, 4}}), "1").doubleValue());
        assertEquals(7.0, Linalg.norm(constant(new double[][] {{1, -2}, {3, 4}}), "inf").doubleValue());
        assertEquals(5.0, Linalg.norm(constant(new double[][] {{3, 0}, {0, 2}}), "nuc").doubleValue(), 1e-15);
    }

    @Test
    void singularMatricesRaiseInSolveAndInvLikeTensorFlow() {
        Tensor s = constant(new double[][] {{1, 2}, {2, 4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.solve(s, eye(2, DType.FLOAT64)));
        assertTrue(e.getMessage().startsWith("solve: the input matrix is not invertible"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linalg.inv(s));
        // the determinant itself is exactly 0, and slogdet gives (0, -inf)
        assertEquals(0.0, Linalg.det(s).doubleValue());
        assertEquals(0.0, Linalg.slogdet(s).sign().doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, Linalg.slogdet(s).logAbsDet().doubleValue());
    }

    @Test
    void choleskyOfANonPositiveDefiniteMatrixRaises() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.cholesky(constant(new double[][] {{1, 2}, {2, 1}})));
        assertTrue(e.getMessage().startsWith("cholesky: the input matrix is not positive definite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linalg.cholesky(constant(new double[][] {{Double.NaN}})));
        assertThrows(IllegalArgumentException.class, () -> Linalg.cholesky(zeros(DType.FLOAT64, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Linalg.cholesky(zeros(DType.INT32, 2, 2)));
    }

    @Test
    void shapeAndDTypeErrorsNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.solve(eye(3, DType.FLOAT64), zeros(DType.FLOAT64, 2, 1)));
        assertTrue(e.getMessage().startsWith("solve:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linalg.triangularSolve(eye(3, DType.FLOAT32), zeros(DType.FLOAT64, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> Linalg.eigh(zeros(DType.FLOAT64, 3)));
        assertThrows(IllegalArgumentException.class, () -> Linalg.norm(eye(2, DType.FLOAT64), "3"));
        assertThrows(IllegalArgumentException.class, () -> Linalg.solve(zeros(DType.FLOAT64, 2, 3, 3), zeros(DType.FLOAT64, 4, 3, 1)));
    }

    @Test
    void choleskyGradientIsSymmetricAsTensorFlows() {
        Tensor a = constant(new double[][] {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}});
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            y = reduceSum(mul(Linalg.cholesky(a), constant(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})));
        }
        double[][] g = tape.gradient(y, a).toDoubleArray2D();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(g[i][j], g[j][i], 1e-14);
            }
        }
    }

    @Test
    void eighGradientLivesOnTheLowerTriangleAsTensorFlows() {
        Tensor a = constant(new double[][] {{2, 0.3, 0.1}, {0.3, 1, 0.2}, {0.1, 0.2, -1}});
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            Linalg.Eigh e = Linalg.eigh(a);
            y = add(reduceSum(square(e.eigenvalues())), reduceSum(e.eigenvectors()));
        }
        double[][] g = tape.gradient(y, a).toDoubleArray2D();
        assertEquals(0.0, g[0][1]);
        assertEquals(0.0, g[0][2]);
        assertEquals(0.0, g[1][2]);
        assertTrue(g[1][0] != 0 && g[2][0] != 0);
        // d sum(w^2) / dA = 2 A on the symmetric part: the diagonal gets 2 A_ii when only eigenvalues are used
        GradientTape t2 = new GradientTape();
        Tensor z;
        try (t2) {
            t2.watch(a);
            z = reduceSum(square(Linalg.eigvalsh(a)));
        }
        double[][] gz = t2.gradient(z, a).toDoubleArray2D();
        assertEquals(4.0, gz[0][0], 1e-12);
        assertEquals(4 * 0.3, gz[1][0], 1e-12); // 2 A_10 + 2 A_01, gathered on the lower triangle
    }

    /**
     * TensorFlow's eigh gradient (_SelfAdjointEigV2Grad in linalg_grad.py) divides by eigenvalue gaps with
     * _SafeReciprocal, x / (x^2 + 1e-20), which is 0 for a tie: the gradient at a repeated eigenvalue is finite.
     * (This used to be inf/NaN here, documented as TensorFlow's, which it is not.)
     */
    @Test
    void repeatedEigenvaluesGiveTensorFlowsFiniteVectorGradients() {
        // A = diag(2, 2, 3), loss tr(V diag(sqrt w) V^T D) = tr(sqrtm(A) D) with D = diag(1, 1, 5): D is constant on
        // the repeated eigenvalue's eigenspace, so the basis the solver picks there does not matter and the
        // dropped coupling terms vanish anyway. By Daleckii-Krein the derivative is G o D with G_ii = 1 / (2 sqrt w_i):
        // diag(1 / (2 sqrt 2), 1 / (2 sqrt 2), 5 / (2 sqrt 3)), zero off the diagonal (TensorFlow's rule gives the same).
        Tensor a = constant(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 3}});
        Tensor d = constant(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 5}});
        java.util.function.Function<Tensor, Tensor> loss = x -> {
            Linalg.Eigh e = Linalg.eigh(x);
            Tensor sqrtm = matmul(mul(e.eigenvectors(), sqrt(e.eigenvalues())), e.eigenvectors(), false, true);
            return reduceSum(mul(sqrtm, d));
        };
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            y = loss.apply(a);
        }
        double h = 1 / (2 * Math.sqrt(2));
        assertArrayEquals(new double[] {h, 0, 0, 0, h, 0, 0, 0, 5 / (2 * Math.sqrt(3))},
                tape.gradient(y, a).toDoubleArray(), 1e-12);
        // forward mode, the transpose of the same rule: along dA = diag(1, 1, 1), d loss = 2 h + 5 / (2 sqrt 3)
        Tensor da = eye(3, DType.FLOAT64);
        Tensor dy;
        try (ForwardAccumulator acc = new ForwardAccumulator(a, da)) {
            dy = acc.jvp(loss.apply(a));
        }
        assertEquals(2 * h + 5 / (2 * Math.sqrt(3)), dy.toDoubleArray()[0], 1e-12);

        // all eigenvalues equal: every gap is a tie, F = 0, and sum(V) (whose derivative does not exist there) gets
        // TensorFlow's 0, not NaN, whatever basis the solver returns
        Tensor id = eye(3, DType.FLOAT64);
        GradientTape t1 = new GradientTape();
        Tensor v;
        try (t1) {
            t1.watch(id);
            v = reduceSum(Linalg.eigh(id).eigenvectors());
        }
        assertArrayEquals(new double[9], t1.gradient(v, id).toDoubleArray(), 0);
        // the eigenvalues alone are fine there
        GradientTape t2 = new GradientTape();
        Tensor z;
        try (t2) {
            t2.watch(id);
            z = reduceSum(Linalg.eigvalsh(id));
        }
        assertArrayEquals(eye(3, DType.FLOAT64).toDoubleArray(), t2.gradient(z, id).toDoubleArray(), 1e-14);
    }

    /**
     * TensorFlow's svd gradient (_SvdGrad in linalg_grad.py) uses _SafeReciprocal for 1/(s_j^2 - s_i^2) and 1/s,
     * and for a square matrix has no (I - U U^T) / (I - V V^T) terms. The reconstruction U S V^T of the rank-one
     * [[1, 2], [2, 4]] (s = 5, 0) is A itself, so the gradient of its sum is all ones; TensorFlow's rule gives
     * exactly that (worked in NumPy), where the plain reciprocal gave NaN.
     */
    @Test
    void zeroSingularValueOfASquareMatrixGivesTensorFlowsFiniteGradient() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor a = cast(constant(new double[][] {{1, 2}, {2, 4}}), dt);
            GradientTape tape = new GradientTape();
            Tensor y;
            try (tape) {
                tape.watch(a);
                Linalg.SVD f = Linalg.svd(a);
                y = reduceSum(matmul(mul(f.u(), f.s()), f.v(), false, true));
            }
            assertArrayEquals(new double[] {1, 1, 1, 1}, tape.gradient(y, a).toDoubleArray(), dt == DType.FLOAT64 ? 1e-12 : 1e-5);
            Tensor dy;
            try (ForwardAccumulator acc = new ForwardAccumulator(a, onesLike(a))) {
                Linalg.SVD f = Linalg.svd(a);
                dy = acc.jvp(reduceSum(matmul(mul(f.u(), f.s()), f.v(), false, true)));
            }
            assertEquals(4, dy.toDoubleArray()[0], dt == DType.FLOAT64 ? 1e-12 : 1e-5);
        }
    }

    /**
     * diagPart, trace and diag pick and place entries, as TensorFlow's matrix_diag_part and matrix_diag: an
     * infinity or NaN off the diagonal must not leak into the diagonal (it did when they multiplied by eye).
     */
    @Test
    void diagonalsIgnoreNonFiniteEntriesOffTheDiagonal() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        Tensor a = constant(new double[][] {{1, inf, 7}, {nan, 2, -inf}});
        assertArrayEquals(new double[] {1, 2}, Linalg.diagPart(a).toDoubleArray(), 0);
        assertEquals(3.0, Linalg.trace(a).toDoubleArray()[0], 0);
        assertArrayEquals(new double[] {inf, 0, 0, 0, nan, 0, 0, 0, -1},
                Linalg.diag(constant(new double[] {inf, nan, -1}, 3)).toDoubleArray(), 0);
        assertArrayEquals(new int[] {1, 4}, Linalg.diagPart(constant(new int[] {1, 2, 3, 4}, 2, 2)).toIntArray());
        // an integer trace stays an integer (1 + 4); trace's own errors name trace, not the diagPart or reduceSum
        // it is made of; diag of bool puts false off the diagonal (TensorFlow's matrix_diag takes bool too)
        assertEquals(DType.INT32, Linalg.trace(constant(new int[] {1, 2, 3, 4}, 2, 2)).dtype());
        assertEquals(5, Linalg.trace(constant(new int[] {1, 2, 3, 4}, 2, 2)).intValue());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Linalg.trace(constant(new double[] {1, 2}, 2)));
        assertTrue(rank.getMessage().startsWith("trace:") && rank.getMessage().contains("(2,)"), rank.getMessage());
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> Linalg.trace(constant(new boolean[] {true, false, false, true}, 2, 2)));
        assertTrue(bool.getMessage().startsWith("trace:") && bool.getMessage().contains("bool"), bool.getMessage());
        Tensor boolDiag = Linalg.diag(constant(new boolean[] {true, true}, 2));
        assertEquals(DType.BOOL, boolDiag.dtype());
        assertTrue(boolDiag.getBoolean(0, 0) && !boolDiag.getBoolean(0, 1) && !boolDiag.getBoolean(1, 0)
                && boolDiag.getBoolean(1, 1));
        // batches, a zero-size batch and an empty matrix keep their shapes
        assertEquals(io.gradtape.Shape.of(2, 3), Linalg.diagPart(zeros(DType.FLOAT32, 2, 4, 3)).shape());
        assertEquals(io.gradtape.Shape.of(0, 2), Linalg.diagPart(zeros(DType.FLOAT32, 0, 2, 2)).shape());
        assertEquals(io.gradtape.Shape.of(0), Linalg.diagPart(zeros(DType.FLOAT32, 0, 3)).shape());
        // gradients: diagPart puts g on the diagonal; diag takes the diagonal of g
        Tensor x = constant(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = reduceSum(mul(Linalg.diagPart(x), constant(new double[] {10, 20}, 2)));
        }
        assertArrayEquals(new double[] {10, 0, 0, 20, 0, 0}, tape.gradient(y, x).toDoubleArray(), 0);
        Tensor v = constant(new double[] {1, 2}, 2);
        GradientTape t2 = new GradientTape();
        Tensor z;
        try (t2) {
            t2.watch(v);
            z = reduceSum(mul(Linalg.diag(v), constant(new double[][] {{3, 100}, {100, 5}})));
        }
        assertArrayEquals(new double[] {3, 5}, t2.gradient(z, v).toDoubleArray(), 0);
    }

    @Test
    void singularValuesAloneHaveFiniteGradientsAtRepeatedAndZeroValues() {
        Tensor a = constant(new double[][] {{1, 0, 0}, {0, 1, 0}});
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            y = Linalg.norm(a, "nuc");
        }
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, tape.gradient(y, a).toDoubleArray(), 1e-14);
    }

    @Test
    void signIsNotDifferentiable() {
        Tensor a = constant(new double[][] {{2, 1}, {1, 2}});
        GradientTape tape = new GradientTape();
        Tensor s;
        try (tape) {
            tape.watch(a);
            s = Linalg.slogdet(a).sign();
        }
        assertNull(tape.gradient(s, a));
    }

    @Test
    void residualsOnLargerBatchedMatricesInBothDTypes() {
        Random r = new Random(13);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dt == DType.FLOAT64 ? 1e-10 : 1e-4;
            int n = 150;
            Tensor x = random(r, dt, 2, n, n);
            Tensor spd = add(matmul(x, x, false, true), mul(eye(n, dt), constant(n, dt)));
            Tensor l = Linalg.cholesky(spd);
            assertTrue(maxAbs(sub(matmul(l, l, false, true), spd)) / maxAbs(spd) < tol, "cholesky " + dt);
            Tensor b = random(r, dt, 2, n, 3);
            Tensor sol = Linalg.solve(x, b);
            assertTrue(maxAbs(sub(matmul(x, sol), b)) < tol * 1e3, "solve " + dt);
            Tensor tri = Linalg.triangularSolve(l, b);
            assertTrue(maxAbs(sub(matmul(l, tri), b)) < tol, "triangularSolve " + dt);
            Linalg.QR f = Linalg.qr(random(r, dt, 2, n, 40));
            assertTrue(maxAbs(sub(matmul(f.q(), f.q(), true, false), eye(40, dt))) < tol, "qr orthonormal " + dt);
            Tensor sym = Linalg.bandPart(spd, -1, 0);
            Linalg.Eigh e = Linalg.eigh(sym);
            Tensor back = matmul(mul(e.eigenvectors(), expandDims(e.eigenvalues(), -2)), e.eigenvectors(), false, true);
            assertTrue(maxAbs(sub(back, spd)) / maxAbs(spd) < tol, "eigh " + dt);
            Tensor wide = random(r, dt, 30, 70);
            Linalg.SVD d = Linalg.svd(wide);
            Tensor rebuilt = matmul(mul(d.u(), expandDims(d.s(), -2)), d.v(), false, true);
            assertTrue(maxAbs(sub(rebuilt, wide)) < tol * 10, "svd " + dt);
            assertTrue(maxAbs(sub(matmul(d.v(), d.v(), true, false), eye(30, dt))) < tol, "svd V orthonormal " + dt);
        }
    }

    @Test
    void blockedSolvesWithManyRightHandSidesInEveryOrientation() {
        // n >= 128 and k >= 16 take the blocked paths (GEMM updates) of LU, Cholesky and the triangular solves
        Random r = new Random(5);
        int n = 200;
        Tensor a = add(random(r, DType.FLOAT64, n, n), mul(eye(n, DType.FLOAT64), constant(3.0)));
        Tensor b = random(r, DType.FLOAT64, n, 20);
        for (boolean adjoint : new boolean[] {false, true}) {
            Tensor x = Linalg.solve(a, b, adjoint);
            assertTrue(maxAbs(sub(matmul(a, x, adjoint, false), b)) < 1e-10, "solve adjoint=" + adjoint);
            for (boolean lower : new boolean[] {true, false}) {
                Tensor t = Linalg.bandPart(add(a, mul(eye(n, DType.FLOAT64), constant(20.0))), lower ? -1 : 0, lower ? 0 : -1);
                Tensor y = Linalg.triangularSolve(t, b, lower, adjoint);
                assertTrue(maxAbs(sub(matmul(t, y, adjoint, false), b)) < 1e-10, "triangularSolve lower=" + lower + " adjoint=" + adjoint);
            }
        }
        // the determinant's sign through blocked pivoting agrees with a permutation of known sign
        Tensor spd = add(matmul(a, a, false, true), eye(n, DType.FLOAT64));
        Tensor swapped = concat(java.util.List.of(slice(spd, new int[] {1, 0}, new int[] {1, n}), slice(spd, new int[] {0, 0}, new int[] {1, n}),
                slice(spd, new int[] {2, 0}, new int[] {n - 2, n})), 0);
        Linalg.Slogdet sd = Linalg.slogdet(swapped);
        assertEquals(-1.0, sd.sign().doubleValue());
        assertEquals(Linalg.logdet(spd).doubleValue(), sd.logAbsDet().doubleValue(), 1e-9 * Math.abs(sd.logAbsDet().doubleValue()));
        assertThrows(IllegalArgumentException.class, () -> Linalg.cholesky(sub(spd, mul(eye(n, DType.FLOAT64), constant(1e6)))));
    }

    @Test
    void rankDeficientSvdCompletesU() {
        Tensor a = constant(new double[][] {{1, 2}, {2, 4}, {3, 6}});
        Linalg.SVD d = Linalg.svd(a);
        assertEquals(0.0, d.s().getDouble(1), 1e-14);
        assertTrue(maxAbs(sub(matmul(d.u(), d.u(), true, false), eye(2, DType.FLOAT64))) < 1e-14);
        assertTrue(maxAbs(sub(matmul(mul(d.u(), expandDims(d.s(), -2)), d.v(), false, true), a)) < 1e-14);
    }

    @Test
    void variablesAndForwardModeWork() {
        Variable v = new Variable(constant(new double[][] {{3, 1}, {1, 2}}));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = Linalg.logdet(v);
        }
        // d log det A / dA = A^-T
        assertArrayEquals(new double[] {0.4, -0.2, -0.2, 0.6}, tape.gradient(y, v).toDoubleArray(), 1e-14);
        Tensor a = constant(new double[][] {{3, 1}, {1, 2}});
        Tensor t = constant(new double[][] {{1, 0}, {0, 0}});
        ForwardAccumulator acc = new ForwardAccumulator(java.util.List.of(a), java.util.List.of(t));
        Tensor d;
        try (acc) {
            d = Linalg.det(a);
        }
        assertEquals(2.0, acc.jvp(d).doubleValue(), 1e-14); // d det / dA_00 = A_11
    }
    // ------------------------------------------------------------------------------------ lstsq

    @Test
    void lstsqWithL2RegularizerSolvesTheRegularizedNormalEquations() {
        Tensor tall = constant(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        // (A^T A + I)^-1 A^T b = [[3 1] [1 3]]^-1 [4 4] = [1 1]
        assertArrayEquals(new double[] {1, 1}, Linalg.lstsq(tall, constant(new double[][] {{1}, {1}, {3}}), 1.0).toDoubleArray(), 1e-15);
        // m < n: A^T (A A^T + I)^-1 b = [1 1]^T 2 / 3
        Tensor wide = constant(new double[][] {{1, 1}});
        assertArrayEquals(new double[] {2. / 3, 2. / 3}, Linalg.lstsq(wide, constant(new double[][] {{2}}), 1.0).toDoubleArray(), 1e-15);
        // lambda = 0 is the plain least-squares (tall) and minimum-norm (wide) solution
        assertArrayEquals(new double[] {1, 1}, Linalg.lstsq(wide, constant(new double[][] {{2}}), 0.0).toDoubleArray(), 1e-15);
        // TensorFlow's defaults are lambda = 0 and fast = true: the same computation
        Tensor b = constant(new double[][] {{1, 2}, {1, 0}, {3, -1}});
        assertArrayEquals(Linalg.lstsq(tall, b, 0.0, true).toDoubleArray(), Linalg.lstsq(tall, b).toDoubleArray());
        // the QR path agrees on a well-conditioned problem
        assertArrayEquals(Linalg.lstsq(tall, b, 0.0, false).toDoubleArray(), Linalg.lstsq(tall, b).toDoubleArray(), 1e-14);
        // batches broadcast, float32 works
        Tensor batch = stack(java.util.List.of(tall, mul(tall, constant(2.0))), 0);
        Tensor x = Linalg.lstsq(cast(batch, DType.FLOAT32), cast(b, DType.FLOAT32), 0.5);
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(new int[] {2, 2, 2}, x.shape().dims());
        assertArrayEquals(Linalg.lstsq(mul(tall, constant(2.0)), b, 0.5).toDoubleArray(),
                slice(x, new int[] {1, 0, 0}, new int[] {1, 2, 2}).toDoubleArray(), 1e-6);
    }

    /** TensorFlow's MatrixSolveLs gradient (linalg_grad.py), written out, against the tape through the composite. */
    @Test
    void lstsqGradientIsTensorFlowsMatrixSolveLsRule() {
        Random r = new Random(3);
        double lambda = 0.7;
        for (int[] mn : new int[][] {{5, 3}, {3, 3}, {2, 4}}) {
            Tensor a = random(r, DType.FLOAT64, mn[0], mn[1]);
            Tensor b = random(r, DType.FLOAT64, mn[0], 2);
            Tensor g = random(r, DType.FLOAT64, mn[1], 2);
            GradientTape tape = new GradientTape();
            Tensor x;
            try (tape) {
                tape.watch(a);
                tape.watch(b);
                x = Linalg.lstsq(a, b, lambda);
            }
            Tensor[] got = tape.gradient(java.util.List.of(x), java.util.List.of(a, b), java.util.List.of(g),
                    io.gradtape.UnconnectedGradients.NONE).toArray(new Tensor[0]);
            Tensor[] want;
            if (mn[0] >= mn[1]) {
                Tensor chol = Linalg.cholesky(add(matmul(a, a, true, false), mul(eye(mn[1], DType.FLOAT64), constant(lambda))));
                Tensor z = Linalg.choleskySolve(chol, g);
                Tensor xzt = matmul(x, z, false, true);
                want = new Tensor[] {add(neg(matmul(a, add(xzt, Linalg.matrixTranspose(xzt)))), matmul(b, z, false, true)), matmul(a, z)};
            } else {
                Tensor chol = Linalg.cholesky(add(matmul(a, a, false, true), mul(eye(mn[0], DType.FLOAT64), constant(lambda))));
                Tensor gb = Linalg.choleskySolve(chol, matmul(a, g));
                Tensor tmp = Linalg.choleskySolve(chol, b);
                Tensor a1 = neg(matmul(gb, matmul(tmp, a, true, false)));
                Tensor a2 = matmul(tmp, sub(g, matmul(a, gb, true, false)), false, true);
                want = new Tensor[] {add(a1, a2), gb};
            }
            assertArrayEquals(want[0].toDoubleArray(), got[0].toDoubleArray(), 1e-12, "d/dA " + mn[0] + "x" + mn[1]);
            assertArrayEquals(want[1].toDoubleArray(), got[1].toDoubleArray(), 1e-12, "d/dB " + mn[0] + "x" + mn[1]);
        }
    }

    @Test
    void lstsqErrorsNameTheOpAndTheFix() {
        Tensor rankOne = constant(new double[][] {{1, 2}, {2, 4}, {3, 6}});
        Tensor b = constant(new double[][] {{1}, {2}, {3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.lstsq(rankOne, b));
        assertTrue(e.getMessage().startsWith("lstsq: the regularized Gram matrix A^T A of matrix (3, 2) is not positive definite"), e.getMessage());
        assertTrue(e.getMessage().contains("l2Regularizer > 0"), e.getMessage());
        // a regularizer makes it solvable: the ridge solution
        assertTrue(Double.isFinite(Linalg.lstsq(rankOne, b, 1e-3).toDoubleArray()[0]));
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.lstsq(rankOne, b, 0.5, false));
        assertTrue(e.getMessage().startsWith("lstsq: l2Regularizer = 0.5 needs fast = true"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.lstsq(rankOne, b, Double.NaN));
        assertTrue(e.getMessage().startsWith("lstsq: l2Regularizer must be finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.lstsq(rankOne, constant(new double[][] {{1}, {2}})));
        assertTrue(e.getMessage().startsWith("lstsq: matrix (3, 2) and rhs (2, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linalg.lstsq(cast(rankOne, DType.INT32), cast(b, DType.INT32)));
    }

    // ------------------------------------------------------------------------------------ expm

    /** Each matrix of a batch picks its own degree and squarings: its result is the one it gets alone, bit for bit. */
    @Test
    void expmScalesEachMatrixOfABatchOnItsOwn() {
        Random r = new Random(11);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            int n = 4;
            // tiny, huge, middling, tiny again (the first one's plan), ...; float32's huge one stays below its overflow
            double[] scales = {1e-4, dt == DType.FLOAT64 ? 300 : 20, 0.3, 1e-4, 2.5, 8};
            java.util.List<Tensor> ms = new java.util.ArrayList<>();
            for (double s : scales) {
                ms.add(mul(random(r, dt, n, n), constant(s, dt)));
            }
            Tensor batch = reshape(stack(ms, 0), 2, 3, n, n);
            Tensor all = Linalg.expm(batch);
            assertArrayEquals(new int[] {2, 3, n, n}, all.shape().dims());
            double[] got = all.toDoubleArray();
            for (int b = 0; b < scales.length; b++) {
                double[] alone = Linalg.expm(ms.get(b)).toDoubleArray();
                assertArrayEquals(alone, java.util.Arrays.copyOfRange(got, b * n * n, (b + 1) * n * n), dt + " matrix " + b);
                // and it is exp(A): against the Taylor-series reference
                double[][] ref = LinalgReference.expm(ms.get(b).toDoubleArray2D());
                double scale = maxAbs(constant(ref));
                for (int i = 0; i < n * n; i++) {
                    assertEquals(ref[i / n][i % n], alone[i], scale * (dt == DType.FLOAT64 ? 1e-12 : 2e-5), dt + " matrix " + b);
                }
            }
        }
    }

    @Test
    void expmGradientFlowsToEveryMatrixOfAMixedBatch() {
        // d/dA sum(expm(A)) at a diagonal A = diag(a, b) is e^a, e^b on the diagonal and the divided difference
        // (e^a - e^b) / (a - b) off it: a tiny and a huge matrix in the same batch
        Tensor a = constant(new double[] {1e-3, 0, 0, -2e-3, 20, 0, 0, 15}, 2, 2, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            y = reduceSum(Linalg.expm(a));
        }
        double[] g = tape.gradient(y, a).toDoubleArray();
        double d1 = (Math.exp(1e-3) - Math.exp(-2e-3)) / 3e-3;
        double d2 = (Math.exp(20) - Math.exp(15)) / 5;
        double[] want = {Math.exp(1e-3), d1, d1, Math.exp(-2e-3), Math.exp(20), d2, d2, Math.exp(15)};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], g[i], 1e-12 * Math.max(1, want[i]), "element " + i);
        }
    }

    @Test
    void expmOfANonFiniteMatrixIsNaNAndLeavesTheOthersAlone() {
        Tensor a = constant(new double[] {1, 0, 0, 1, Double.POSITIVE_INFINITY, 0, 0, 1, Double.NaN, 0, 0, 0}, 3, 2, 2);
        double[] v = Linalg.expm(a).toDoubleArray();
        assertArrayEquals(new double[] {Math.E, 0, 0, Math.E}, java.util.Arrays.copyOfRange(v, 0, 4), 1e-15);
        for (int i = 4; i < 12; i++) {
            assertTrue(Double.isNaN(v[i]), "element " + i);
        }
        assertArrayEquals(new int[] {0, 3, 3}, Linalg.expm(zeros(DType.FLOAT64, 0, 3, 3)).shape().dims());
    }

    // ------------------------------------------------------------------------------------ qr

    @Test
    void qrFullMatricesCompletesQAndPadsR() {
        Random r = new Random(7);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dt == DType.FLOAT64 ? 1e-13 : 1e-5;
            Tensor a = random(r, dt, 2, 5, 3);
            Linalg.QR full = Linalg.qr(a, true);
            Linalg.QR reduced = Linalg.qr(a);
            assertArrayEquals(new int[] {2, 5, 5}, full.q().shape().dims());
            assertArrayEquals(new int[] {2, 5, 3}, full.r().shape().dims());
            assertTrue(maxAbs(sub(matmul(full.q(), full.q(), true, false), eye(5, dt))) < tol, "Q orthogonal " + dt);
            assertTrue(maxAbs(sub(matmul(full.q(), full.r()), a)) < tol * 10, "A = Q R " + dt);
            assertArrayEquals(reduced.q().toDoubleArray(), slice(full.q(), new int[] {0, 0, 0}, new int[] {2, 5, 3}).toDoubleArray(), tol);
            assertArrayEquals(reduced.r().toDoubleArray(), slice(full.r(), new int[] {0, 0, 0}, new int[] {2, 3, 3}).toDoubleArray(), tol);
            assertEquals(0.0, maxAbs(slice(full.r(), new int[] {0, 3, 0}, new int[] {2, 2, 3})));
            // m <= n: full and reduced are the same decomposition
            Tensor wide = random(r, dt, 3, 4);
            assertArrayEquals(Linalg.qr(wide).q().toDoubleArray(), Linalg.qr(wide, true).q().toDoubleArray());
            assertArrayEquals(Linalg.qr(wide).r().toDoubleArray(), Linalg.qr(wide, true).r().toDoubleArray());
        }
    }

    /** TensorFlow's QrGrad raises for full_matrices with more rows than columns; so does this, naming the fix. */
    @Test
    void qrFullMatricesOfATallMatrixHasNoGradientAsTensorFlow() {
        Tensor a = constant(new double[][] {{1, 2}, {3, 4}, {5, 7}});
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            y = reduceSum(Linalg.qr(a, true).r());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, a));
        assertTrue(e.getMessage().startsWith("qr: no gradient for fullMatrices = true"), e.getMessage());
        assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("fullMatrices = false"), e.getMessage());
        ForwardAccumulator acc = new ForwardAccumulator(java.util.List.of(a), java.util.List.of(onesLike(a)));
        assertThrows(IllegalArgumentException.class, () -> {
            try (acc) {
                acc.jvp(Linalg.qr(a, true).q());
            }
        });
        // square and wide matrices with fullMatrices are the reduced decomposition, with its gradient
        Tensor w = constant(new double[][] {{2, 1, 0}, {1, 3, 1}});
        GradientTape t2 = new GradientTape();
        GradientTape t3 = new GradientTape();
        Tensor y2;
        Tensor y3;
        try (t2; t3) {
            t2.watch(w);
            t3.watch(w);
            y2 = reduceSum(Linalg.qr(w, true).q());
            y3 = reduceSum(Linalg.qr(w).q());
        }
        assertArrayEquals(t3.gradient(y3, w).toDoubleArray(), t2.gradient(y2, w).toDoubleArray());
    }

    /**
     * TensorFlow's QrGrad does not check R: a rank-deficient A (m >= n), or a wide A whose leading square block is
     * singular, gives infinities or NaN, not an error. The same here.
     */
    @Test
    void qrGradientOfARankDeficientMatrixIsNotFiniteAsTensorFlows() {
        for (Tensor a : new Tensor[] {constant(new double[][] {{1, 0}, {2, 0}, {3, 0}}),      // rank 1, tall: R_11 = 0
            constant(new double[][] {{1, 0, 0}, {2, 0, 1}})}) {                               // rank 2, leading block singular
            GradientTape tape = new GradientTape();
            Tensor y;
            try (tape) {
                tape.watch(a);
                y = reduceSum(Linalg.qr(a).q());
            }
            boolean nonFinite = false;
            for (double v : tape.gradient(y, a).toDoubleArray()) {
                nonFinite |= !Double.isFinite(v);
            }
            assertTrue(nonFinite, "expected inf or NaN for " + a.shape());
        }
    }
}
