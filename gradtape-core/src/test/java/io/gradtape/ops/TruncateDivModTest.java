package io.gradtape.ops;

import io.gradtape.DType;
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
 * truncateDiv and truncateMod (TensorFlow's TruncateDiv and TruncateMod: tensorflow/core/kernels/cwise_op_div.cc
 * registers TruncateDiv for integer types only, with functor::safe_div; cwise_op_mod.cc registers TruncateMod with
 * safe_mod for int32/int64 and fmod for float/double; safe_div_or_mod_op in cwise_ops.h raises "Integer division by
 * zero" and computes MIN / -1 as -MIN / 1; python/ops/math_grad.py: _TruncateDivGrad returns None, None, and
 * TruncateMod has no gradient registered). Expected values were computed with NumPy 1.24: np.trunc(a / b) and
 * np.fmod.
 */
class TruncateDivModTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void integersRoundTowardZeroAndTakeTheDividendsSign() {
        int[] a = {7, -7, 7, -7, 0, 6, -6, 1, -1};
        int[] b = {2, 2, -2, -2, 3, -3, 3, 5, 5};
        int[] div = {3, -3, -3, 3, 0, -2, -2, 0, 0}; // np.trunc(a / b)
        int[] mod = {1, -1, 1, -1, 0, 0, 0, 1, -1}; // np.fmod(a, b)
        assertArrayEquals(div, truncateDiv(constant(a, 9), constant(b, 9)).toIntArray());
        assertArrayEquals(mod, truncateMod(constant(a, 9), constant(b, 9)).toIntArray());
        long[] la = new long[9], lb = new long[9], ldiv = new long[9], lmod = new long[9];
        for (int i = 0; i < 9; i++) {
            la[i] = a[i];
            lb[i] = b[i];
            ldiv[i] = div[i];
            lmod[i] = mod[i];
        }
        Tensor q = truncateDiv(constant(la, 9), constant(lb, 9));
        assertEquals(DType.INT64, q.dtype());
        assertArrayEquals(ldiv, q.toLongArray());
        assertArrayEquals(lmod, truncateMod(constant(la, 9), constant(lb, 9)).toLongArray());
    }

    @Test
    void integerExtremesWrapAsTensorFlowsSafeDiv() {
        int min = Integer.MIN_VALUE, max = Integer.MAX_VALUE;
        Tensor a = constant(new int[] {min, min, max, max, min, max}, 6);
        Tensor b = constant(new int[] {-1, 2, -1, -3, max, min}, 6);
        // MIN / -1 is computed as -MIN / 1, which wraps to MIN; MIN % -1 = 0; the rest is np.trunc / np.fmod
        assertArrayEquals(new int[] {min, -1073741824, -2147483647, -715827882, -1, 0}, truncateDiv(a, b).toIntArray());
        assertArrayEquals(new int[] {0, 0, 0, 1, -1, 2147483647}, truncateMod(a, b).toIntArray());
        long lmin = Long.MIN_VALUE;
        assertArrayEquals(new long[] {lmin, -4611686018427387904L}, truncateDiv(constant(new long[] {lmin, lmin}, 2),
                constant(new long[] {-1, 2}, 2)).toLongArray());
        assertArrayEquals(new long[] {0, 0}, truncateMod(constant(new long[] {lmin, 5}, 2),
                constant(new long[] {-1, 5}, 2)).toLongArray());
    }

    @Test
    void floatRemainderIsFmodWithItsSpecialValues() {
        double[] x = {7.5, -7.5, 7.5, -7.5, -4, 4, -0.0, 1, -1, INF, 1, NAN, 1e300};
        double[] y = {2, 2, -2, -2, 2, -2, 3, INF, INF, 2, 0, 1, 3};
        // np.fmod: the sign of the dividend, zeros included (-4 % 2 = -0.0); x % inf = x; inf % y, x % 0 are NaN
        double[] mod = {1.5, -1.5, 1.5, -1.5, -0.0, 0.0, -0.0, 1, -1, NAN, NAN, NAN, 0.0};
        // assertArrayEquals on doubles compares as Double.equals: -0.0 differs from 0.0, NaN equals NaN
        assertArrayEquals(mod, truncateMod(constant(x, 13), constant(y, 13)).toDoubleArray());
        Tensor a32 = constant(new float[] {1e10f, -5.5f}, 2), b32 = constant(new float[] {3.3f, 0.7f}, 2);
        // np.fmod(np.float32(1e10), np.float32(3.3)), np.fmod(np.float32(-5.5), np.float32(0.7)): fmod is exact
        assertArrayEquals(new float[] {0.29611063f, -0.6000001f}, truncateMod(a32, b32).toFloatArray());
    }

    @Test
    void broadcastsAndHasNoGradient() {
        Tensor a = constant(new double[] {7, -7, 3.5}, 3, 1);
        Tensor b = constant(new double[] {2, -3}, 2);
        // np.fmod of a (3, 1) and b (2,)
        assertArrayEquals(new double[] {1, 1, -1, -1, 1.5, 0.5}, truncateMod(a, b).toDoubleArray());
        assertArrayEquals(new int[] {3, 2}, truncateMod(a, b).shape().dims());
        GradientTape tape = new GradientTape();
        tape.watch(a);
        tape.watch(b);
        Tensor m = reduceSum(truncateMod(a, b));
        List<Tensor> g = tape.gradient(m, List.of(a, b));
        assertNull(g.get(0)); // TensorFlow registers no gradient for TruncateMod
        assertNull(g.get(1));
        Tensor ia = constant(new int[] {-7, 9}, 2, 1);
        assertArrayEquals(new int[] {-3, 2, 4, -3}, truncateDiv(ia, constant(new int[] {2, -3}, 2)).toIntArray());
    }

    @Test
    void aZeroIntegerDivisorIsAnErrorBeforeAnythingIsRecorded() {
        Tensor x = constant(2.0);
        GradientTape tape = new GradientTape();
        tape.watch(x);
        Tensor kept = mul(x, x);
        String before = tape.toDot();
        Tensor a = constant(new int[] {4, 5}, 2), zero = constant(new int[] {1, 0}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> truncateDiv(a, zero));
        assertTrue(e.getMessage().startsWith("truncateDiv: integer division by zero"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> truncateMod(constant(new long[] {4}, 1), constant(new long[] {0}, 1)));
        assertTrue(e.getMessage().startsWith("truncateMod: integer division by zero"), e.getMessage());
        assertEquals(before, tape.toDot());
        tape.close();
        assertEquals(4.0, tape.gradient(kept, x).doubleValue());
        // a float zero divisor is IEEE's: fmod(x, 0) = NaN
        assertTrue(Double.isNaN(truncateMod(constant(1.0), constant(0.0)).doubleValue()));
    }

    @Test
    void mistakesNameTheOpAndDtypes() {
        // no floating TruncateDiv kernel in TensorFlow: the message names the dtypes and what to use instead
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> truncateDiv(constant(new float[] {1}, 1), constant(new float[] {2}, 1)));
        assertTrue(e.getMessage().startsWith("truncateDiv: expected int32 or int64 operands, got float32 (1,)")
                && e.getMessage().contains("div"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> truncateDiv(constant(new boolean[] {true}, 1), constant(new boolean[] {true}, 1)));
        assertTrue(e.getMessage().startsWith("truncateDiv: expected int32 or int64 operands, got bool"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> truncateDiv(constant(new int[] {1}, 1), constant(new long[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("truncateDiv: dtypes differ, int32 (1,) and int64 (1,)"), e.getMessage());
        // a rank-0 float pair is refused too (the scalar shortcut must not pass it)
        e = assertThrows(IllegalArgumentException.class, () -> truncateDiv(constant(1.0), constant(2.0)));
        assertTrue(e.getMessage().startsWith("truncateDiv: expected int32 or int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> truncateMod(constant(new boolean[] {true}, 1), constant(new boolean[] {true}, 1)));
        assertTrue(e.getMessage().startsWith("truncateMod:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> truncateMod(constant(new double[] {1, 2}, 2), constant(new double[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().startsWith("truncateMod: shapes (2,) and (3,)"), e.getMessage());
        assertThrows(NullPointerException.class, () -> truncateDiv(null, constant(1)));
    }
}
