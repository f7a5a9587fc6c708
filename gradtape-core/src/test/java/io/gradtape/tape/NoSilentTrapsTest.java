package io.gradtape.tape;

import io.gradtape.Autodiff;
import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.customGradient;
import static io.gradtape.Tensors.onesLike;
import static io.gradtape.Tensors.ones;
import static io.gradtape.Tensors.reduceSum;
import static io.gradtape.Tensors.reshape;
import static io.gradtape.tape.Check.anyTapeRecordsOnThisThread;
import static io.gradtape.tape.Check.scalar;
import static io.gradtape.tape.Check.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, "no silent traps", for the tape: each test failed before its fix. Grouped by the items.
 */
class NoSilentTrapsTest {

    @BeforeEach
    void noTapeRecordsOnThisThreadAtStart() {
        assertFalse(anyTapeRecordsOnThisThread(), "a tape was left recording on the test thread");
    }

    // ================================================================== 5. a failed call changes nothing

    /** A one-shot gradient call whose output gradients are invalid throws and leaves the tape as it was. */
    @Test
    void failedGradientValidationNeitherStopsRecordingNorUsesUpTheTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor z;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(ones(DType.FLOAT32, 2)), UnconnectedGradients.NONE));
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(constant(1.0)), UnconnectedGradients.NONE));
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(), UnconnectedGradients.NONE));
            z = y.mul(x); // still recorded
        }
        scalar(27, tape.gradient(z, x));
    }

    /** {@code watch(x, null)} throws and watches nothing. */
    @Test
    void watchWithANullWatchesNothing() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            assertThrows(NullPointerException.class, () -> tape.watch(x, null));
            assertThrows(NullPointerException.class, () -> tape.watch(Arrays.asList(v, null)));
            y = x.mul(v);
        }
        assertNull(tape.gradient(y, x));
        assertNull(tape.gradient(y, v));
        assertTrue(tape.watchedVariables().isEmpty());
    }

    /** A failed assign reads (and so watches) nothing: the argument variable is not watched by the tape. */
    @Test
    void failedAssignWatchesNothing() {
        Variable v = new Variable(constant(1f));
        Variable wrongShape = new Variable(ones(DType.FLOAT32, 2));
        Variable wrongDtype = new Variable(constant(1.0));
        GradientTape tape = new GradientTape();
        try (tape) {
            assertThrows(IllegalArgumentException.class, () -> v.assign(wrongShape));
            assertThrows(IllegalArgumentException.class, () -> v.assignAdd(wrongShape));
            assertThrows(IllegalArgumentException.class, () -> v.assignSub(wrongDtype));
        }
        assertEquals(List.of(), tape.watchedVariables());
        assertEquals(Shape.of(), v.shape());
        scalar(1, v);
    }

    // ================================================== 1. Jacobians through custom gradients

    private static final Tensor W = constant(new float[] {1, 2, 3, 4}, 2, 2);

    /** y[i, j] = x[i] w[i, j], its rule written TensorFlow style for a cotangent of y's shape: it names axis 1. */
    private static Tensor scaleRows(Tensor x, Tensor w) {
        return customGradient(x, v -> CustomGradient.of(reshape(v, 2, 1).mul(w), dy -> reduceSum(dy.mul(w), 1)));
    }

    /** d y[i, j] / d x[k] = w[i, j] [i == k], shaped (2, n, 2). */
    private static double[] scaleRowsJacobian(Tensor w) {
        int n = w.shape().dim(1);
        double[] wv = w.toDoubleArray();
        double[] j = new double[2 * n * 2];
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < n; c++) {
                j[(i * n + c) * 2 + i] = wv[i * n + c];
            }
        }
        return j;
    }

    /** A rule that names an axis gets the cotangent it was written for: the rows route (4 n > m). */
    @Test
    void jacobianThroughACustomRuleThatNamesAnAxis() {
        Tensor x = constant(new float[] {5, 7}, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = scaleRows(x, W);
        }
        values(scaleRowsJacobian(W), Shape.of(2, 2, 2), tape.jacobian(y, x));
    }

    /** The same rule on the column ("tall") route: m = 10 outputs, n = 2 sources. */
    @Test
    void tallJacobianThroughACustomRuleThatNamesAnAxis() {
        Tensor w = constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5);
        Tensor x = constant(new float[] {5, 7}, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = scaleRows(x, w);
        }
        values(scaleRowsJacobian(w), Shape.of(2, 5, 2), tape.jacobian(y, x));
    }

    /** A rule that reshapes the cotangent (it threw "reshape: cannot reshape (4, 2, 2) to (4)" before). */
    @Test
    void jacobianThroughACustomRuleThatReshapes() {
        Tensor x = constant(new float[] {1, 2, 3, 4}, 4);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(reshape(v, 2, 2).mul(3.0), dy -> reshape(dy, 4).mul(3.0)));
        }
        double[] expected = new double[16];
        for (int i = 0; i < 4; i++) {
            expected[i * 4 + i] = 3;
        }
        values(expected, Shape.of(2, 2, 4), tape.jacobian(y, x));
        values(expected, Shape.of(2, 2, 4), Autodiff.jacobianForward(
                v -> customGradient(v, u -> CustomGradient.of(reshape(u, 2, 2).mul(3.0), dy -> reshape(dy, 4).mul(3.0))))
                .apply(x));
    }

    /** A rule that fully reduces the cotangent: y[i] = sum(x) for each i, dx = sum(dy) for each element. */
    @Test
    void jacobianThroughACustomRuleThatFullyReduces() {
        Tensor x = constant(new float[] {1, 2, 3}, 3);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(onesLike(v).mul(reduceSum(v)),
                    dy -> onesLike(v).mul(reduceSum(dy))));
        }
        double[] ones = new double[9];
        Arrays.fill(ones, 1);
        values(ones, Shape.of(3, 3), tape.jacobian(y, x));
    }

    /** batchJacobian: a per-example rule that reshapes the cotangent of its (2, 3) value. */
    @Test
    void batchJacobianThroughACustomRuleThatReshapes() {
        Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = constant(new float[] {1, 2, 3, 4, 5, 6}, 6);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(reshape(reshape(v, 6).mul(w), 2, 3),
                    dy -> reshape(reshape(dy, 6).mul(w), 2, 3)));
        }
        // per example b: d y[b, j] / d x[b, k] = w[3 b + j] [j == k]
        double[] expected = new double[2 * 3 * 3];
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 3; j++) {
                expected[(b * 3 + j) * 3 + j] = 3 * b + j + 1;
            }
        }
        values(expected, Shape.of(2, 3, 3), tape.batchJacobian(y, x));
    }

    /** Autodiff.hessian sweeps the custom entry with a batched cotangent: f = sum(c(x)^2), c(x)[i, j] = x[i] w[i, j]. */
    @Test
    void hessianThroughACustomRuleThatNamesAnAxis() {
        Tensor x = constant(new float[] {5, 7}, 2);
        Tensor h = Autodiff.hessian(v -> {
            Tensor c = scaleRows(v, W);
            return reduceSum(c.mul(c));
        }).apply(x);
        // f = sum_ij x_i^2 w_ij^2: H = diag(2 sum_j w_ij^2) = diag(2 (1 + 4), 2 (9 + 16))
        values(new double[] {10, 0, 0, 50}, Shape.of(2, 2), h);
    }
}
