package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public {@link Dataset#elementSpec()}, TensorFlow's {@code Dataset.element_spec}: per component a TensorSpec
 * (tensorflow/python/framework/tensor.py) of dtype and shape, None (-1) for a dimension that varies. The expected specs
 * are what TensorFlow gives for the same pipelines: from_tensor_slices drops the first axis, batch without
 * drop_remainder makes the batch dimension None, with it the batch size.
 */
class ElementSpecTest {
    private static final Tensor X = Tensors.zeros(DType.FLOAT32, 10, 3);
    private static final Tensor Y = Tensors.zeros(DType.INT32, 10);

    @Test
    void specsOfSourcesAndBatches() {
        Dataset ds = Dataset.fromTensorSlices(X, Y);
        ElementSpec s = ds.elementSpec();
        assertEquals(2, s.size());
        assertEquals(new TensorSpec(DType.FLOAT32, new int[] {3}), s.get(0));
        assertEquals(new TensorSpec(DType.INT32, new int[] {}), s.get(1));
        assertEquals("[(3,) float32, () int32]", s.toString());

        ElementSpec b = ds.batch(4).elementSpec();
        assertArrayEquals(new int[] {-1, 3}, b.get(0).dims());
        assertEquals("TensorSpec(shape=(None, 3), dtype=float32)", b.get(0).toString());
        assertEquals("TensorSpec(shape=(None,), dtype=int32)", b.get(1).toString());
        assertFalse(b.get(0).isFullyDefined());
        ElementSpec dropped = ds.batch(4, true).elementSpec();
        assertEquals("[(4, 3) float32, (4,) int32]", dropped.toString());
        assertTrue(dropped.get(0).isFullyDefined());

        assertEquals("[() int64]", Dataset.range(5).elementSpec().toString());
        assertEquals("[(10, 3) float32]", Dataset.fromTensors(X).elementSpec().toString());
        assertEquals(Dataset.range(0, 3, 1, DType.INT32).elementSpec(), Dataset.range(7, 9, 1, DType.INT32).elementSpec());
        assertEquals(Dataset.range(0, 3, 1, DType.INT32).elementSpec().hashCode(),
                Dataset.range(7, 9, 1, DType.INT32).elementSpec().hashCode());
        assertNotEquals(Dataset.range(3).elementSpec(), Dataset.range(0, 3, 1, DType.INT32).elementSpec());
    }

    /** fromGenerator's declared spec comes back as given: -1 a dimension of any size, null any shape. */
    @Test
    void fromGeneratorSpecAndUnknownRank() {
        Dataset g = Dataset.fromGenerator(() -> List.<Batch>of().iterator(), new DType[] {DType.FLOAT32, DType.INT64},
                new int[][] {{-1, 2}, null});
        ElementSpec s = g.elementSpec();
        assertArrayEquals(new int[] {-1, 2}, s.get(0).dims());
        assertNull(s.get(1).dims());
        assertEquals(-1, s.get(1).rank());
        assertEquals("TensorSpec(shape=<unknown>, dtype=int64)", s.get(1).toString());
        assertEquals("[(None, 2) float32, <unknown rank> int64]", s.toString());
        assertTrue(s.isCompatibleWith(Batch.of(Tensors.zeros(DType.FLOAT32, 7, 2), Tensors.zeros(DType.INT64, 2, 2, 2))));
        assertFalse(s.isCompatibleWith(Batch.of(Tensors.zeros(DType.FLOAT32, 7, 3), Tensors.zeros(DType.INT64))));
        assertFalse(s.isCompatibleWith(Batch.of(Tensors.zeros(DType.FLOAT32, 7, 2), Tensors.zeros(DType.INT32))));
        assertFalse(s.isCompatibleWith(Batch.of(Tensors.zeros(DType.FLOAT32, 7, 2))));
        assertFalse(s.get(0).isCompatibleWith(Tensors.zeros(DType.FLOAT32, 2)));   // rank 1 for rank 2

        // concatenating rank 1 and rank 2 leaves the rank unknown (TensorFlow's most specific compatible shape)
        Dataset c = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2))
                .concatenate(Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2, 2)));
        assertNull(c.elementSpec().get(0).dims());
    }

    /** Unknown before iterating after a function of the caller's; the spec and its parts cannot be changed. */
    @Test
    void nullAfterMapAndImmutable() {
        assertNull(Dataset.fromTensorSlices(X).map(b -> b).elementSpec());
        ElementSpec s = Dataset.fromTensorSlices(X).elementSpec();
        int[] dims = s.get(0).dims();
        dims[0] = 99;
        assertArrayEquals(new int[] {3}, s.get(0).dims());
        assertThrows(UnsupportedOperationException.class, () -> s.components().add(s.get(0)));
        int[] given = {-1, 4};
        TensorSpec t = new TensorSpec(DType.BOOL, given);
        given[1] = 5;
        assertArrayEquals(new int[] {-1, 4}, t.dims());
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec(DType.FLOAT32, new int[] {-2}));
        assertThrows(NullPointerException.class, () -> new TensorSpec(null, new int[] {}));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.get(1));
        assertTrue(e.getMessage().contains("[(3,) float32]"), e.getMessage());
    }
}
