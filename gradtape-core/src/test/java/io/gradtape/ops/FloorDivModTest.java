package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * floorDiv and floorMod (TensorFlow's FloorDiv and FloorMod; kernels in tensorflow/core/kernels/cwise_ops.h:
 * google_floor_div for integers, google_floor_div_real = floor(x / y) and google_floor_fmod = fmod adjusted by y for
 * floats; gradients in python/ops/math_grad.py: _FloorDivGrad gives None, _FloorModGrad gives g and
 * -g * floor(x / y)). Expected values were computed with NumPy 1.24: np.floor_divide and np.mod for integers;
 * for floats TensorFlow's formulas written in NumPy, np.floor(x / y) and r = np.fmod(x, y), r + y where r != 0 and
 * the signs differ, because np.floor_divide and np.mod differ from TensorFlow on some special values (noted below).
 */
class FloorDivModTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void integersRoundDownAndTakeTheDivisorsSign() {
        int[] a = {7, -7, 7, -7, 0, 6, -6};
        int[] b = {2, 2, -2, -2, 3, -3, 3};
        int[] div = {3, -4, -4, 3, 0, -2, -2}; // np.floor_divide
        int[] mod = {1, 1, -1, -1, 0, 0, 0}; // np.mod
        assertArrayEquals(div, floorDiv(constant(a, 7), constant(b, 7)).toIntArray());
        assertArrayEquals(mod, floorMod(constant(a, 7), constant(b, 7)).toIntArray());
        long[] la = new long[7], lb = new long[7], ldiv = new long[7], lmod = new long[7];
        for (int i = 0; i < 7; i++) {
            la[i] = a[i];
            lb[i] = b[i];
            ldiv[i] = div[i];
            lmod[i] = mod[i];
        }
        Tensor x = constant(la, 7), y = constant(lb, 7);
        assertEquals(DType.INT64, floorDiv(x, y).dtype());
        assertArrayEquals(ldiv, floorDiv(x, y).toLongArray());
        assertArrayEquals(lmod, x.floorMod(y).toLongArray());
        assertArrayEquals(ldiv, x.floorDiv(y).toLongArray());
    }

    @Test
    void integerExtremesWrapAsTheCppKernel() {
        int min = Integer.MIN_VALUE, max = Integer.MAX_VALUE;
        Tensor a = constant(new int[] {min, min, max, max, min, max}, 6);
        Tensor b = constant(new int[] {-1, 2, -1, -3, max, min}, 6);
        // NumPy: MIN // -1 wraps to MIN, MIN % -1 = 0
        assertArrayEquals(new int[] {min, -1073741824, -2147483647, -715827883, -2, -1}, floorDiv(a, b).toIntArray());
        assertArrayEquals(new int[] {0, 0, 0, -2, 2147483646, -1}, floorMod(a, b).toIntArray());
        long lmin = Long.MIN_VALUE, lmax = Long.MAX_VALUE;
        Tensor la = constant(new long[] {lmin, lmin, lmax, lmax, lmin, lmax}, 6);
        Tensor lb = constant(new long[] {-1, 2, -1, -3, lmax, lmin}, 6);
        assertArrayEquals(new long[] {lmin, -4611686018427387904L, -9223372036854775807L, -3074457345618258603L, -2, -1},
                floorDiv(la, lb).toLongArray());
        assertArrayEquals(new long[] {0, 0, 0, -2, 9223372036854775806L, -1}, floorMod(la, lb).toLongArray());
    }

    @Test
    void floatsFollowTensorFlowsFormulasOnSignsZerosAndSpecialValues() {
        double[] x = {7.5, -7.5, 7.5, -7.5, -0.0, 0.0, 6, -6, 1, -1, INF, 1, NAN, 1, -1, 0};
        double[] y = {2, 2, -2, -2, 3, 3, -3, 3, INF, INF, 2, NAN, 1, 0, 0, 0};
        // np.floor(x / y); np.floor_divide differs at -1 // inf (-1 there) and inf // 2 (NaN there)
        double[] div = {3, -4, -4, 3, -0.0, 0, -2, -2, 0, -0.0, INF, NAN, NAN, INF, -INF, NAN};
        // fmod adjusted by y; np.mod differs in the signs of zeros: -0 % 3 and -6 % 3 (+0 there), 6 % -3 (-0 there)
        double[] mod = {1.5, 0.5, -0.5, -1.5, -0.0, 0, 0, -0.0, 1, INF, NAN, NAN, NAN, NAN, NAN, NAN};
        Tensor a = constant(x, x.length), b = constant(y, y.length);
        // assertArrayEquals on doubles compares bits as Double.equals: -0.0 differs from 0.0, NaN equals NaN
        assertArrayEquals(div, floorDiv(a, b).toDoubleArray());
        assertArrayEquals(mod, floorMod(a, b).toDoubleArray());
        float[] div32 = new float[div.length], mod32 = new float[mod.length];
        for (int i = 0; i < div.length; i++) {
            div32[i] = (float) div[i];
            mod32[i] = (float) mod[i];
        }
        Tensor a32 = cast(a, DType.FLOAT32), b32 = cast(b, DType.FLOAT32);
        assertArrayEquals(div32, floorDiv(a32, b32).toFloatArray());
        assertArrayEquals(mod32, floorMod(a32, b32).toFloatArray());
    }

    @Test
    void theQuotientIsRoundedToTheDtypeBeforeTheFloor() {
        // TensorFlow floors x / y computed in T. float32: 1f / 0.1f rounds to 10f, so 10 (np.floor(np.float32(1) /
        // np.float32(0.1))); the exact quotient of those floats, 9.99999985..., would floor to 9, and
        // np.floor_divide gives 9 in both dtypes (it derives the quotient from fmod). float64: 1.0 / 0.1 = 10.0.
        assertEquals(10f, floorDiv(constant(1f), constant(0.1f)).floatValue());
        assertEquals(10.0, floorDiv(constant(1.0), constant(0.1)).doubleValue());
    }

    @Test
    void broadcastsAndReducesTheGradientOverBroadcastAxes() {
        Tensor a = constant(new double[] {7, -7, 3.5}, 3, 1);
        Tensor b = constant(new double[] {2, -3}, 2);
        // np.floor_divide / np.mod of a (3, 1) and b (2,)
        assertArrayEquals(new double[] {3, -3, -4, 2, 1, -2}, floorDiv(a, b).toDoubleArray());
        assertArrayEquals(new int[] {3, 2}, floorMod(a, b).shape().dims());
        assertArrayEquals(new double[] {1, -2, 1, -1, 1.5, -2.5}, floorMod(a, b).toDoubleArray());
        GradientTape tape = new GradientTape();
        tape.watch(a);
        tape.watch(b);
        List<Tensor> g = tape.gradient(reduceSum(floorMod(a, b)), List.of(a, b));
        // da = g = 1 summed over b's axis: 2 each; db = -floor(a / b) summed over a's axis: -(3 - 4 + 1), -(-3 + 2 - 2)
        assertArrayEquals(new double[] {2, 2, 2}, g.get(0).toDoubleArray());
        assertArrayEquals(new double[] {0, 3}, g.get(1).toDoubleArray());
    }

    @Test
    void floorModGradientMatchesTensorFlowAndFloorDivHasNone() {
        Tensor x = constant(new double[] {5.5, -5.5, 5.5}, 3);
        Tensor y = constant(new double[] {2, 2, -2}, 3);
        GradientTape tape = new GradientTape(true);
        tape.watch(x);
        tape.watch(y);
        Tensor m = floorMod(x, y);
        Tensor d = floorDiv(x, y);
        tape.close();
        // -floor(x / y) = -[2, -3, -3]
        assertArrayEquals(new double[] {1, 1, 1}, tape.gradient(m, x).toDoubleArray());
        assertArrayEquals(new double[] {-2, 3, 3}, tape.gradient(m, y).toDoubleArray());
        assertNull(tape.gradient(d, x)); // TensorFlow's _FloorDivGrad: None, None
        assertNull(tape.gradient(d, y));
        // forward mode agrees: d(x mod y) = dx - dy floor(x / y)
        try (ForwardAccumulator acc = new ForwardAccumulator(y, onesLike(y))) {
            Tensor out = floorMod(x, y);
            assertArrayEquals(new double[] {-2, 3, 3}, acc.jvp(out).toDoubleArray());
        }
    }

    @Test
    void anIntegerZeroDivisorIsAnErrorBeforeAnythingIsRecorded() {
        Tensor x = constant(2.0);
        for (Tensor zero : List.of(constant(new int[] {1, 0}, 2), constant(new long[] {3, 0}, 2))) {
            Tensor a = zero.dtype() == DType.INT32 ? constant(new int[] {4, 5}, 2) : constant(new long[] {4, 5}, 2);
            GradientTape tape = new GradientTape();
            tape.watch(x);
            Tensor kept = mul(x, x);
            String before = tape.toDot();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> floorDiv(a, zero));
            assertTrue(e.getMessage().startsWith("floorDiv:") && e.getMessage().contains("division by zero"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> floorMod(a, zero));
            assertTrue(e.getMessage().startsWith("floorMod:") && e.getMessage().contains("division by zero"), e.getMessage());
            assertEquals(before, tape.toDot()); // nothing was recorded
            tape.close();
            assertEquals(4.0, tape.gradient(kept, x).doubleValue()); // the tape still works: d(x^2) = 2x
        }
        // a zero divisor that no output element uses (empty output) divides nothing
        assertEquals(0, floorDiv(zeros(DType.INT32, 0, 2), constant(new int[] {0, 1}, 2)).size());
    }

    @Test
    void mistakesNameTheOpAndDtypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> floorDiv(constant(new int[] {1}, 1), constant(new float[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("floorDiv:") && e.getMessage().contains("int32")
                && e.getMessage().contains("float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> floorMod(constant(new double[] {1}, 1), constant(new long[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("floorMod:") && e.getMessage().contains("float64")
                && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> floorMod(constant(new double[] {1, 2}, 2), constant(new double[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().startsWith("floorMod:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> floorDiv(constant(new boolean[] {true}, 1), constant(new boolean[] {true}, 1)));
        assertTrue(e.getMessage().startsWith("floorDiv:"), e.getMessage());
        assertThrows(NullPointerException.class, () -> floorMod(null, constant(1f)));
    }
}
