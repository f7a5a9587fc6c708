package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * tf.one_hot's on_value, off_value, axis and dtype (kernels/one_hot_op.cc, OneHotOp): the expected arrays are
 * derived by hand from the definition {@code out[..., j, ...] = (indices[...] == j) ? on : off}, the new axis at
 * {@code axis}.
 */
class OneHotOptionsTest {
    @Test
    void onAndOffValuesWithOutOfRangeIndicesGivingAnOffRow() {
        Tensor y = oneHot(constant(new int[] {0, 2, -1, 3}, 4), 3, 5, -1, -1, DType.FLOAT64);
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new int[] {4, 3}, y.shape().dims());
        assertArrayEquals(new double[] {5, -1, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1}, y.toDoubleArray());
        // label smoothing over 4 classes with epsilon 0.1: 1 - 0.1 + 0.1 / 4 and 0.1 / 4
        Tensor s = oneHot(constant(new long[] {1}, 1), 4, 0.925, 0.025, -1, DType.FLOAT32);
        assertArrayEquals(new float[] {0.025f, 0.925f, 0.025f, 0.025f}, s.toFloatArray());
    }

    @Test
    void axisPlacesTheNewDimension() {
        Tensor idx = constant(new int[] {0, 2, 1, 1}, 2, 2);
        // axis 0: out[j, a, b] = idx[a, b] == j
        Tensor a0 = oneHot(idx, 3, 1, 0, 0, DType.INT32);
        assertArrayEquals(new int[] {3, 2, 2}, a0.shape().dims());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0}, a0.toIntArray());
        // axis 1: out[a, j, b]
        Tensor a1 = oneHot(idx, 3, 1, 0, 1, DType.INT64);
        assertArrayEquals(new int[] {2, 3, 2}, a1.shape().dims());
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0}, a1.toLongArray());
        // axis = rank is the same as -1
        assertArrayEquals(oneHot(idx, 3, 1, 0, -1, DType.FLOAT32).toFloatArray(), oneHot(idx, 3, 1, 0, 2, DType.FLOAT32).toFloatArray());
        Tensor b = oneHot(constant(new int[] {1}, 1), 2, 1, 0, -1, DType.BOOL);
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new double[] {0, 1}, cast(b, DType.FLOAT64).toDoubleArray());
    }

    @Test
    void refusesWhatTensorFlowRefuses() {
        Tensor idx = constant(new int[] {0, 1}, 2);
        // the kernel accepts axis -1 or [0, rank]
        assertThrows(IllegalArgumentException.class, () -> oneHot(idx, 2, 1, 0, -2, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> oneHot(idx, 2, 1, 0, 2, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> oneHot(idx, -1, 1, 0, -1, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> oneHot(idx, 2, 0.5, 0, -1, DType.INT32));
        assertThrows(IllegalArgumentException.class, () -> oneHot(idx, 2, 1e39, 0, -1, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> oneHot(idx, 2, 2, 0, -1, DType.BOOL));
        assertThrows(IllegalArgumentException.class, () -> oneHot(constant(new float[] {0}, 1), 2, 1, 0, -1, DType.FLOAT32));
        assertArrayEquals(new int[] {0, 3}, oneHot(zeros(DType.INT32, 0), 3, 2, 1, -1, DType.FLOAT32).shape().dims());
        assertArrayEquals(new int[] {3, 0}, oneHot(zeros(DType.INT32, 0), 3, 2, 1, 0, DType.FLOAT32).shape().dims());
    }
}
