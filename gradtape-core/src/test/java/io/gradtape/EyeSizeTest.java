package io.gradtape;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Tensors#eye(int, int, DType)} checks the element count before allocating. TensorFlow's {@code tf.eye}
 * (tensorflow/python/ops/linalg_ops_impl.py, {@code eye}) builds the diagonal's ones and then {@code matrix_diag} of
 * them (square) or {@code matrix_set_diag} on {@code zeros([rows, cols])}, so a shape whose element count is too
 * large fails in the allocation of that shape; gradtape's row-major count {@code rows * cols} wrapped in int
 * arithmetic instead and failed with an exception naming neither the op nor the shape.
 */
class EyeSizeTest {

    @Test
    void aShapeTooLargeIsAnErrorNamingEyeAndTheShape() {
        // 2 * (2^31 - 1) wrapped to -2 (NegativeArraySizeException); 65536 * 65537 = 2^32 + 65536 wrapped to 65536
        // (ArrayIndexOutOfBoundsException at the second diagonal element, 65538)
        for (int[] rc : new int[][] {{2, Integer.MAX_VALUE}, {65536, 65537}, {Integer.MAX_VALUE, 2}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensors.eye(rc[0], rc[1], DType.FLOAT32));
            assertTrue(e.getMessage().startsWith("eye:") && e.getMessage().contains("[" + rc[0] + ", " + rc[1] + "]"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Tensors.eye(65536, DType.BOOL));
    }

    @Test
    void zeroSizedAndOrdinaryShapesStillWork() {
        // a zero dimension holds no elements whatever the other is, as tf.eye(0, 2**31 - 1) of shape (0, 2147483647)
        assertEquals(Shape.of(0, Integer.MAX_VALUE), Tensors.eye(0, Integer.MAX_VALUE, DType.FLOAT32).shape());
        assertEquals(Shape.of(Integer.MAX_VALUE, 0), Tensors.eye(Integer.MAX_VALUE, 0, DType.INT32).shape());
        // np.eye(2, 3): [[1, 0, 0], [0, 1, 0]]
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, Tensors.eye(2, 3, DType.FLOAT64).toDoubleArray());
    }
}
