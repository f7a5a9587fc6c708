package io.gradtape.kernels;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code broadcastTo} takes one of three paths in {@code MovementKernels}: the whole array repeated end to end
 * ({@code (4,) -> (3, 4)}), each element repeated in place ({@code (3, 1) -> (3, 4)}, a reduced axis put back), or
 * an index map for everything else ({@code (1, 3, 1) -> (2, 3, 4)}). Each path, in every dtype (float32 and
 * float64 have their own loops, the others share a generic one), against the element-by-element definition
 * {@code out[i] = x[index of i with x's size-1 axes at 0]}, computed here from the shapes alone.
 */
class BroadcastToPathsTest {
    /** {x's shape, the target shape}: whole, each (with and without missing leading axes), and general cases. */
    private static final int[][][] CASES = {
        {{4}, {3, 4}}, {{}, {2, 3}}, {{1, 1}, {2, 2}},
        {{3, 1}, {3, 4}}, {{2, 3, 1, 1}, {2, 3, 4, 5}}, {{3, 1}, {1, 3, 2}}, {{1, 3, 1}, {1, 3, 4}}, {{5, 1}, {5, 1}},
        {{1, 3, 1}, {2, 3, 4}}, {{3, 1}, {2, 3, 4}}, {{2, 1, 3}, {2, 4, 3}},
    };

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyPathRepeatsTheRightElements(DType dtype) {
        for (int[][] c : CASES) {
            int[] in = c[0], out = c[1];
            int n = size(in);
            Tensor x = tensor(dtype, n, in);
            Tensor y = Tensors.broadcastTo(x, out);
            String what = Arrays.toString(in) + " -> " + Arrays.toString(out) + " " + dtype;
            assertArrayEquals(out, y.shape().dims(), what);
            assertEquals(dtype, y.dtype(), what);
            double[] want = new double[size(out)];
            for (int i = 0; i < want.length; i++) {
                want[i] = value(dtype, source(i, in, out));
            }
            assertArrayEquals(want, y.toDoubleArray(), 0, what);
        }
    }

    /** The index into x's row-major array that output element {@code i} reads. */
    private static int source(int i, int[] in, int[] out) {
        int lead = out.length - in.length;
        int at = 0;
        int stride = 1;
        for (int d = out.length - 1, rest = i; d >= 0; d--) {
            int coord = rest % out[d];
            rest /= out[d];
            if (d >= lead) {
                int k = d - lead;
                at += (in[k] == 1 ? 0 : coord) * stride;
                stride *= in[k];
            }
        }
        return at;
    }

    /** Element {@code k} of {@link #tensor}: distinct for every k in every dtype but bool, which alternates. */
    private static double value(DType dtype, int k) {
        return switch (dtype) {
            case BOOL -> k % 2 == 1 ? 1 : 0;
            case FLOAT32, FLOAT64 -> k + 0.5;
            default -> k + 1;
        };
    }

    /** The values {@link #value} in {@code dtype}: exact in float64, so the cast changes none of them. */
    private static Tensor tensor(DType dtype, int n, int[] shape) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = value(dtype, k);
        return Tensors.cast(Tensors.constant(v, shape), dtype);
    }

    private static int size(int[] shape) {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }
}
