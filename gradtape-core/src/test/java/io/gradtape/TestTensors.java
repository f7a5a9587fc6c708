package io.gradtape;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Tensors for tests: uniform random values drawn from a caller's stream (so that two models built from one seed
 * are equal, tensor for tensor), and a bit-for-bit comparison of two floating tensors of either dtype.
 */
public final class TestTensors {
    private TestTensors() {
    }

    /**
     * A tensor of {@code dtype} with the next values of {@code r} uniform in {@code [-bound, bound)}, drawn in
     * double and, for float32, rounded to nearest: the same values whatever the dtype, up to that rounding.
     */
    public static Tensor uniform(SplittableRandom r, DType dtype, double bound, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-bound, bound);
        }
        return Tensors.cast(Tensors.constant(v, shape), dtype);
    }

    /** {@code a} and {@code b} hold the same bits (float32 or float64, the same dtype). */
    public static void assertSameValues(Tensor a, Tensor b, String what) {
        if (a.dtype() == DType.FLOAT32) {
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), what);
        } else {
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), what);
        }
    }
}
