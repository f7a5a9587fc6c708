package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.TensorScope;
import io.gradtape.Tensors;
import io.gradtape.UnconnectedGradients;
import io.gradtape.internal.kernels.RecycledArrays;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error paths of {@link GradientTape#gradient}'s donation of its sweep's dead arrays ({@link RecycledArrays}):
 * a sweep that fails gives nothing to the pool, and whatever the donation meets (here a returned gradient whose
 * {@link TensorScope} released it), the one-shot tape is used up afterwards, as before the donation existed.
 * Tensors have 128 x 128 = {@link RecycledArrays#MIN_LENGTH} elements, the smallest that are pooled.
 */
class GradientReuseErrorPathTest {
    private static final int N = 128;

    @Test
    void aSweepThatFailsDonatesNothing() {
        Tensor x = Tensors.mul(Tensors.ones(DType.FLOAT32, N, N), Tensors.constant(0.01f));
        GradientTape tape = new GradientTape(true);
        Tensor loss;
        try (tape) {
            tape.watch(x);
            try (TensorScope sc = TensorScope.open()) {
                Tensor mid = Tensors.sin(x); // released at the close; mul's rule reads it in the sweep
                loss = sc.keep(Tensors.reduceSum(Tensors.mul(Tensors.exp(Tensors.matmul(x, x)), mid)));
            }
        }
        long before = RecycledArrays.donatedOnThisThread();
        assertThrows(IllegalStateException.class, () -> tape.gradient(loss, x));
        assertEquals(0, RecycledArrays.donatedOnThisThread() - before, "arrays donated by a failed sweep");
    }

    @Test
    void aReleasedSeedReturnedAsAGradientLeavesTheOneShotTapeUsedUp() {
        Tensor x = Tensors.ones(DType.FLOAT32, N, N);
        Tensor x2 = Tensors.ones(DType.FLOAT32, N, N);
        Tensor seed;
        try (TensorScope sc = TensorScope.open()) {
            seed = Tensors.ones(DType.FLOAT32, N, N); // released at the close
        }
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor y2;
        try (tape) {
            tape.watch(x);
            tape.watch(x2);
            y = Tensors.mul(x, x);
            y2 = Tensors.mul(x2, x2);
        }
        // target x is also source x: its gradient is the seed itself, returned unread
        List<Tensor> g = tape.gradient(List.of(x, y2), List.of(x, x2), Arrays.asList(seed, null),
                UnconnectedGradients.NONE);
        assertSame(seed, g.get(0));
        assertTrue(g.get(1) != null, "d(y2)/d(x2)");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        assertTrue(e.getMessage().contains("persistent"), e.getMessage());
    }
}
