package io.gradtape.ops;

import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * atan2 (TensorFlow's Atan2: tensorflow/core/kernels/cwise_op_atan2.cc, floating types only, std::atan2; gradient
 * python/ops/math_grad.py _Atan2Grad: grad * x / (x^2 + y^2) and grad * -y / (x^2 + y^2) for atan2(y, x)).
 * Expected values from NumPy 1.24 (np.arctan2) and PyTorch 1.13 (torch.atan2 and its backward).
 */
class Atan2Test {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void quadrantsSignedZerosAndInfinitiesAsC() {
        double[] a = {1, 1, -1, -1, 0, -0.0, 0, -0.0, INF, INF, -INF, 1, NAN, 1};
        double[] b = {1, -1, 1, -1, 0, 0, -0.0, -0.0, INF, -INF, 1, INF, 1, NAN};
        // np.arctan2(a, b)
        double[] expected = {0.7853981633974483, 2.356194490192345, -0.7853981633974483, -2.356194490192345, 0.0, -0.0,
                3.141592653589793, -3.141592653589793, 0.7853981633974483, 2.356194490192345, -1.5707963267948966, 0.0,
                NAN, NAN};
        assertArrayEquals(expected, atan2(constant(a, 14), constant(b, 14)).toDoubleArray());
    }

    @Test
    void float32RoundsTheAngleOnce() {
        Tensor a = constant(new float[] {1, 1, -1, 0, -0.0f, 3}, 6), b = constant(new float[] {1, -1, 0, -1, -1, 4}, 6);
        // np.arctan2 in float64, rounded to float32 (NumPy's own float32 atan2 gives 0.7853981 at (1, 1), one ulp
        // below the correctly rounded pi/4)
        assertArrayEquals(new float[] {0.7853982f, 2.3561945f, -1.5707964f, 3.1415927f, -3.1415927f, 0.6435011f},
                atan2(a, b).toFloatArray());
    }

    @Test
    void gradientIsTensorFlowsAndReducedOverBroadcastAxes() {
        Tensor a = constant(new double[] {1, -2, 0.5}, 3, 1), b = constant(new double[] {3, -1}, 2);
        // np.arctan2 (Java's atan2 is within an ulp of glibc's: -0.5880026035475675 here)
        assertClose(new double[] {0.3217505543966422, 2.356194490192345, -0.5880026035475676, -2.0344439357957027,
                0.16514867741462683, 2.677945044588987}, atan2(a, b).toDoubleArray());
        GradientTape outer = new GradientTape();
        outer.watch(a);
        GradientTape tape = new GradientTape();
        tape.watch(a);
        tape.watch(b);
        List<Tensor> g = tape.gradient(reduceSum(atan2(a, b)), List.of(a, b));
        // NumPy: b / (a^2 + b^2) summed over b's axis, -a / (a^2 + b^2) summed over a's axis
        assertClose(new double[] {-0.2, 0.03076923076923077, -0.4756756756756757}, g.get(0).toDoubleArray());
        assertClose(new double[] {-0.0002079002079002079, -0.5}, g.get(1).toDoubleArray());
        assertArrayEquals(new int[] {3, 1}, g.get(0).shape().dims());
        // second order: d2/da2 atan2(a, b) = -2 a b / (a^2 + b^2)^2, summed over b
        Tensor h = outer.gradient(reduceSum(g.get(0)), a);
        assertClose(new double[] {0.44, -0.08899408284023669, 0.6049379108838568}, h.toDoubleArray());
    }

    @Test
    void theOriginGivesANanGradientAsTensorFlowAndPyTorch() {
        Tensor a = constant(new double[] {1, 0, 3, -2}, 4), b = constant(new double[] {1, 0, 4, 0.5}, 4);
        GradientTape tape = new GradientTape(true);
        tape.watch(a);
        tape.watch(b);
        Tensor y = reduceSum(atan2(a, b));
        tape.close();
        // torch.atan2(a, b).sum().backward(): a.grad [0.5, nan, 0.16, 0.1176...], b.grad [-0.5, nan, -0.12, 0.4706...]
        assertClose(new double[] {0.5, NAN, 0.16, 0.11764705882352941}, tape.gradient(y, a).toDoubleArray());
        assertClose(new double[] {-0.5, NAN, -0.12, 0.47058823529411764}, tape.gradient(y, b).toDoubleArray());
    }

    @Test
    void forwardModeMatchesTheGradient() {
        Tensor a = constant(new double[] {3, -2}, 2), b = constant(new double[] {4, 0.5}, 2);
        try (ForwardAccumulator acc = new ForwardAccumulator(List.of(a, b), List.of(onesLike(a), onesLike(b)))) {
            Tensor out = atan2(a, b);
            // (b - a) / (a^2 + b^2): (4 - 3) / 25, (0.5 + 2) / 4.25
            assertClose(new double[] {0.04, 0.5882352941176471}, acc.jvp(out).toDoubleArray());
        }
    }

    @Test
    void mistakesNameTheOpAndDtypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> atan2(constant(new int[] {1}, 1), constant(new int[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("atan2: expected a floating dtype (float32 or float64), got int32"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> atan2(constant(new float[] {1}, 1), constant(new double[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("atan2: dtypes differ, float32 (1,) and float64 (1,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> atan2(constant(new double[] {1, 2}, 2), constant(new double[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().startsWith("atan2: shapes (2,) and (3,)"), e.getMessage());
        assertThrows(NullPointerException.class, () -> atan2(constant(1.0), null));
        assertEquals(0, atan2(zeros(io.gradtape.DType.FLOAT32, 0, 2), constant(1f)).size());
    }

    static void assertClose(double[] expected, double[] actual) {
        assertClose(expected, actual, 1e-12);
    }

    /** Elementwise within {@code rel} relative; zeros (either sign), NaN and the infinities exactly. */
    static void assertClose(double[] expected, double[] actual, double rel) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i]) || Double.isInfinite(expected[i])) {
                assertEquals(expected[i], actual[i], "at " + i);
            } else {
                assertEquals(expected[i], actual[i], rel * Math.abs(expected[i]), "at " + i);
            }
        }
    }
}
