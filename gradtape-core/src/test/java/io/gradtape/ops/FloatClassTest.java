package io.gradtape.ops;

import io.gradtape.DType;
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
 * isNan, isInf, isFinite (TensorFlow's is_nan, is_inf, is_finite: math_ops.cc registers them for floating types
 * only) and squaredDifference (TensorFlow's SquaredDifference; its gradient, math_grad.py _SquaredDifferenceGrad,
 * is 2 g (x - y) for x and the negation for y). Expected values are worked out by hand beside each.
 */
class FloatClassTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    /** NaN, -inf, +inf, -0, 0, the largest finite double, the smallest subnormal, -1. */
    private static final double[] EDGES = {NAN, -INF, INF, -0.0, 0.0, Double.MAX_VALUE, Double.MIN_VALUE, -1};

    private static boolean[] bools(Tensor t) {
        assertEquals(DType.BOOL, t.dtype());
        boolean[] b = new boolean[t.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = t.getBoolean(i);
        }
        return b;
    }

    @Test
    void classifiesEdgeValuesInBothFloatingDtypes() {
        for (DType d : List.of(DType.FLOAT64, DType.FLOAT32)) {
            // Double.MAX_VALUE becomes +inf in float32 and MIN_VALUE becomes +0: the float32 answers differ there.
            boolean f32 = d == DType.FLOAT32;
            Tensor x = cast(constant(EDGES, EDGES.length), d);
            assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false}, bools(isNan(x)), d.toString());
            assertArrayEquals(new boolean[] {false, true, true, false, false, f32, false, false}, bools(isInf(x)), d.toString());
            assertArrayEquals(new boolean[] {false, false, false, true, true, !f32, true, true}, bools(isFinite(x)), d.toString());
        }
    }

    @Test
    void keepsTheShapeAndHasNoGradient() {
        Tensor x = constant(new float[] {1, Float.NaN, 3, Float.POSITIVE_INFINITY, 5, 6}, 2, 3);
        assertEquals(x.shape(), isNan(x).shape());
        assertEquals(x.shape(), isFinite(x).shape());
        assertEquals(0, isInf(zeros(DType.FLOAT32, 0, 4)).size());
        GradientTape tape = new GradientTape(true);
        tape.watch(x);
        Tensor y = reduceSum(where(isFinite(x), x, zerosLike(x)));
        // where passes g = 1 to the finite elements, 0 to the others; the masks themselves contribute nothing
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 1}, tape.gradient(y, x).toFloatArray());
    }

    @Test
    void integersAndBoolAreRejectedNamingTheOp() {
        Tensor i = constant(new int[] {1, 2}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> isNan(i));
        assertTrue(e.getMessage().startsWith("isNan:") && e.getMessage().contains("int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> isFinite(constant(new long[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("isFinite:") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> isInf(constant(new boolean[] {true}, 1)));
        assertTrue(e.getMessage().startsWith("isInf:"), e.getMessage());
        assertThrows(NullPointerException.class, () -> isNan(null));
    }

    @Test
    void squaredDifferenceValuesAndGradients() {
        Tensor a = constant(new double[] {1, 5, -2}, 3);
        Tensor b = constant(4.0);
        // (1-4)^2 = 9, (5-4)^2 = 1, (-2-4)^2 = 36
        assertArrayEquals(new double[] {9, 1, 36}, squaredDifference(a, b).toDoubleArray());
        GradientTape tape = new GradientTape();
        tape.watch(a);
        tape.watch(b);
        List<Tensor> g = tape.gradient(reduceSum(squaredDifference(a, b)), List.of(a, b));
        // d/da = 2 (a - b) = [-6, 2, -12]; d/db = -2 (a - b) summed over the broadcast axis = 6 - 2 + 12 = 16
        assertArrayEquals(new double[] {-6, 2, -12}, g.get(0).toDoubleArray());
        assertEquals(16.0, g.get(1).doubleValue());
        // int32 wraps as TensorFlow's kernel: (65536 - 0)^2 = 2^32, which is 0 mod 2^32
        assertArrayEquals(new int[] {0, 4}, squaredDifference(constant(new int[] {65536, 1}, 2),
                constant(new int[] {0, 3}, 2)).toIntArray());
    }

    @Test
    void squaredDifferenceMistakesNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> squaredDifference(constant(new float[] {1, 2}, 2), constant(new double[] {1, 2}, 2)));
        assertTrue(e.getMessage().startsWith("squaredDifference:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> squaredDifference(constant(new float[] {1, 2}, 2), constant(new float[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().startsWith("squaredDifference:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> squaredDifference(constant(new boolean[] {true}, 1), constant(new boolean[] {true}, 1)));
        assertTrue(e.getMessage().startsWith("squaredDifference:"), e.getMessage());
    }
}
