package io.gradtape;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the Javadoc of {@link Tensor#toNestedArray()} and {@link Tensors#constant(Object)} says about empty levels. */
class NestedEmptyLevelTest {

    @Test
    void sizesBelowAnEmptyLevelReadBackAsZero() {
        // np.zeros((3, 0, 2)).tolist() is [[], [], []] too: the 2 is not in the nested lists either
        float[][][] nested = (float[][][]) Tensors.zeros(3, 0, 2).toNestedArray();
        assertEquals(3, nested.length);
        assertEquals(0, nested[1].length);
        assertEquals(Shape.of(3, 0, 0), Tensors.constant(nested).shape());
        assertEquals(Shape.of(3, 0, 0), Tensors.constant(new float[3][0][2]).shape());
        assertEquals(Shape.of(3, 0, 2), Tensors.reshape(Tensors.constant(nested), 3, 0, 2).shape());
        // a zero last size is kept: every row exists and has length 0
        assertEquals(Shape.of(2, 3, 0), Tensors.constant(Tensors.zeros(2, 3, 0).toNestedArray()).shape());
    }
}
