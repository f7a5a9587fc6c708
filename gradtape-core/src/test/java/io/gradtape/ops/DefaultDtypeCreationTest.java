package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import static io.gradtape.Tensors.ones;
import static io.gradtape.Tensors.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code zeros(int...)} and {@code ones(int...)}: TensorFlow's {@code tf.zeros(shape)} and {@code tf.ones(shape)},
 * whose dtype defaults to float32, and the same tensors and errors as the overloads that take a dtype.
 */
class DefaultDtypeCreationTest {
    @Test
    void theDtypeIsFloat32AndTheValuesThoseOfTheExplicitOverload() {
        Tensor z = zeros(2, 3);
        Tensor o = ones(32, 16);
        assertEquals(DType.FLOAT32, z.dtype());
        assertEquals(DType.FLOAT32, o.dtype());
        assertArrayEquals(new int[] {2, 3}, z.shape().dims());
        assertArrayEquals(new int[] {32, 16}, o.shape().dims());
        assertArrayEquals(zeros(DType.FLOAT32, 2, 3).toFloatArray(), z.toFloatArray());
        assertArrayEquals(ones(DType.FLOAT32, 32, 16).toFloatArray(), o.toFloatArray());
        for (float v : o.toFloatArray()) {
            assertEquals(1f, v);
        }
    }

    @Test
    void noDimensionsIsAScalarAndAZeroDimensionIsEmpty() {
        assertEquals(0, zeros().rank());
        assertEquals(1f, ones().toFloatArray()[0]);
        assertEquals(0, ones(4, 0).size());
    }

    @Test
    void aNegativeDimensionNamesTheOpAndTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ones(2, -1));
        assertTrue(e.getMessage().startsWith("ones:"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, -1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> zeros(-3));
        assertTrue(e.getMessage().startsWith("zeros:"), e.getMessage());
        assertThrows(NullPointerException.class, () -> zeros((int[]) null));
    }
}
