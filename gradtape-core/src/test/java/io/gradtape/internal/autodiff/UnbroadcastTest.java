package io.gradtape.internal.autodiff;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Unbroadcast#sumTo}: the shapes agree (g itself), leading axes the input lacked (a bias), axes where it has
 * 1 (a per-row statistic, the MNIST MLP's {@code [128, 10]} to {@code [128, 1]}), both, a rank-0 input, a batch
 * of cotangents, and a gradient whose shape cannot be the input's (an error, not a wrong shape). The values are
 * reduceSum's, bit for bit.
 */
class UnbroadcastTest {
    private static Tensor random(int... shape) {
        SplittableRandom r = new SplittableRandom(11);
        float[] v = new float[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return Tensors.constant(v, shape);
    }

    private static void same(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
    }

    @Test
    void equalShapesGiveTheGradientItself() {
        Tensor g = random(4, 3);
        assertSame(g, Unbroadcast.sumTo(g, Shape.of(4, 3), 0));
        assertSame(g, Unbroadcast.sumTo(g, Shape.of(3), 1));
    }

    @Test
    void sumsTheAxesTheInputLackedOrHadAsOne() {
        Tensor g = random(128, 10);
        same(Tensors.reduceSum(g, true, 1), Unbroadcast.sumTo(g, Shape.of(128, 1), 0));
        same(Tensors.reduceSum(g, 0), Unbroadcast.sumTo(g, Shape.of(10), 0));
        same(Tensors.reduceSum(g, true, 0), Unbroadcast.sumTo(g, Shape.of(1, 10), 0));
        same(Tensors.reshape(Tensors.reduceSum(g, 0, 1), 1), Unbroadcast.sumTo(g, Shape.of(1), 0));
        same(Tensors.reduceSum(g, 0, 1), Unbroadcast.sumTo(g, Shape.of(), 0));
        Tensor h = random(2, 3, 4);
        same(Tensors.reshape(Tensors.reduceSum(h, 0, 2), 3, 1), Unbroadcast.sumTo(h, Shape.of(3, 1), 0));
        same(Tensors.reduceSum(h, true, 1), Unbroadcast.sumTo(h, Shape.of(1, 4), 1)); // batch of 2 cotangents
        Tensor ones = random(5, 1);
        assertSame(ones, Unbroadcast.sumTo(ones, Shape.of(5, 1), 0));
    }

    @Test
    void aGradientOfAnotherSizeIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Unbroadcast.sumTo(random(4), Shape.of(3), 0));
    }
}
