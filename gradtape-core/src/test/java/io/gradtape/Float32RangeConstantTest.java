package io.gradtape;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A finite Java double past float32's range is refused for a float32 scalar, as TensorFlow refuses the Python float:
 * tensorflow/python/lib/core/py_seq_tensor.cc, {@code ConvertOneFloat}, returns its out-of-range error when
 * {@code static_cast<float>} of a finite double is infinite ({@code CheckForOverflow}), so
 * {@code tf.constant(1e40, tf.float32)} and {@code float32_tensor + 1e40} fail; gradtape stored {@code inf}.
 */
class Float32RangeConstantTest {
    /** Float.MAX_VALUE plus half an ulp, 2^128 - 2^103: the smallest double whose float32 rounding is inf. */
    private static final double FIRST_INF = 0x1.ffffffp127;

    @Test
    void constantRefusesAFiniteValueThatWouldBeInfinite() {
        for (double v : new double[] {1e40, -1e40, FIRST_INF, -FIRST_INF, Double.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensors.constant(v, DType.FLOAT32));
            assertTrue(e.getMessage().startsWith("constant: " + v + " is out of float32's range"), e.getMessage());
        }
    }

    @Test
    void valuesThatRoundToTheLargestFloatAndTheSpecialsAreKept() {
        // np.float32(3.4028235677973362e+38) is 3.4028235e+38 (rounds down to the largest float, not to inf)
        assertEquals(Float.MAX_VALUE, Tensors.constant(Math.nextDown(FIRST_INF), DType.FLOAT32).floatValue());
        assertEquals(-Float.MAX_VALUE, Tensors.constant(-Math.nextDown(FIRST_INF), DType.FLOAT32).floatValue());
        assertEquals(Float.POSITIVE_INFINITY, Tensors.constant(Double.POSITIVE_INFINITY, DType.FLOAT32).floatValue());
        assertEquals(Float.NEGATIVE_INFINITY, Tensors.constant(Double.NEGATIVE_INFINITY, DType.FLOAT32).floatValue());
        assertTrue(Float.isNaN(Tensors.constant(Double.NaN, DType.FLOAT32).floatValue()));
        // float64 holds it exactly; a float32 underflow is not an overflow: np.float32(1e-50) is 0.0
        assertEquals(1e40, Tensors.constant(1e40, DType.FLOAT64).doubleValue());
        assertEquals(0f, Tensors.constant(1e-50, DType.FLOAT32).floatValue());
    }

    @Test
    void theScalarShortcutsNameTheirOpAndChangeNothing() {
        Tensor x = Tensors.constant(new float[] {1, 2}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add(1e40));
        assertTrue(e.getMessage().startsWith("add: the number 1.0E40 is out of float32's range")
                && e.getMessage().contains("shape (2,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensors.clipByValue(x, -Double.MAX_VALUE, 1.0));
        assertTrue(e.getMessage().startsWith("clipByValue:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensors.clipByNorm(x, 1e300));
        assertTrue(e.getMessage().startsWith("clipByNorm:"), e.getMessage());
        assertEquals("Tensor([1. 2.], shape=(2,), dtype=float32)", x.toString());
        // a float64 tensor takes the number: [1e40+1, 1e40+2] rounds to 1e40 twice
        assertEquals(1e40, Tensors.constant(new double[] {1, 2}, 2).add(1e40).getDouble(1));
    }
}
