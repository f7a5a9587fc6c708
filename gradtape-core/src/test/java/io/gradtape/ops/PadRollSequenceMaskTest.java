package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for tf.pad's REFLECT/SYMMETRIC modes and constant_values, tf.roll and tf.sequence_mask. Expected
 * values come from NumPy 1.24 ({@code np.pad(m, ..., 'reflect' / 'symmetric')}, {@code np.roll}) and PyTorch 1.13
 * autograd (gradients of {@code sum(y * w)}, {@code w = 1..n}); the edge rules are TensorFlow's, cited per test.
 */
class PadRollSequenceMaskTest {
    private static final Tensor M = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

    /** {@code d/dx sum(f(x) * w)} with weights {@code 1..n} over f's output. */
    private static double[] weightedGradient(Tensor x, java.util.function.UnaryOperator<Tensor> f) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            Tensor y = f.apply(x);
            Tensor w = cast(reshape(add(range(y.size()), constant(1)), y.shape().dims()), y.dtype());
            loss = reduceSum(mul(y, w));
        }
        return tape.gradient(loss, x).toDoubleArray();
    }

    @Test
    void reflectAndSymmetricMatchNumPyAndFoldTheGradientBack() {
        // np.pad(m, ((1, 1), (2, 2)), 'reflect'); torch F.pad(..., mode='reflect') autograd for the gradient
        Tensor r = pad(M, new int[] {1, 2}, new int[] {1, 2}, "REFLECT");
        assertArrayEquals(new int[] {4, 7}, r.shape().dims());
        assertArrayEquals(new double[] {6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1},
                r.toDoubleArray());
        assertArrayEquals(new double[] {76, 108, 68, 48, 66, 40},
                weightedGradient(M, x -> pad(x, new int[] {1, 2}, new int[] {1, 2}, "REFLECT")));
        // np.pad(m, ((2, 1), (3, 0)), 'symmetric'): the mode is case-insensitive, as array_ops.pad upper-cases it
        Tensor s = pad(M, new int[] {2, 3}, new int[] {1, 0}, "symmetric");
        assertArrayEquals(new double[] {6, 5, 4, 4, 5, 6, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 6, 5, 4, 4, 5, 6, 6, 5, 4, 4, 5, 6},
                s.toDoubleArray());
        assertArrayEquals(new double[] {50, 50, 50, 105, 105, 105},
                weightedGradient(M, x -> pad(x, new int[] {2, 3}, new int[] {1, 0}, "SYMMETRIC")));
        assertArrayEquals(new int[] {3, 2, 1, 2, 3, 2, 1},
                pad(constant(new int[] {1, 2, 3}, 3), new int[] {2}, new int[] {2}, "REFLECT").toIntArray());
        assertArrayEquals(new double[] {0, 1, 2, 3, 0, 4, 5, 6}, pad(M, new int[] {0, 1}, new int[] {0, 0}, "Constant").toDoubleArray());
    }

    @Test
    void mirrorPadLimitsAreTensorFlows() {
        // mirror_pad_op.cc: REFLECT needs before, after < dim; SYMMETRIC before, after <= dim
        assertThrows(IllegalArgumentException.class, () -> pad(M, new int[] {2, 0}, new int[] {0, 0}, "REFLECT"));
        assertEquals(7, pad(M, new int[] {0, 2}, new int[] {0, 2}, "REFLECT").shape().dim(1));
        assertEquals(9, pad(M, new int[] {0, 3}, new int[] {0, 3}, "SYMMETRIC").shape().dim(1));
        assertThrows(IllegalArgumentException.class, () -> pad(M, new int[] {0, 4}, new int[] {0, 0}, "SYMMETRIC"));
        assertThrows(IllegalArgumentException.class, () -> pad(M, new int[] {0, -1}, new int[] {0, 0}, "SYMMETRIC"));
        assertThrows(IllegalArgumentException.class, () -> pad(M, new int[] {0}, new int[] {0}, "SYMMETRIC"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pad(M, new int[] {0, 0}, new int[] {0, 0}, "EDGE"));
        assertTrue(e.getMessage().contains("pad") && e.getMessage().contains("EDGE") && e.getMessage().contains("(2, 3)"),
                e.getMessage());
    }

    @Test
    void constantValuesFillThePaddingAndPassNoGradientToIt() {
        Tensor p = pad(M, new int[] {1, 0}, new int[] {0, 2}, -7.5);
        assertArrayEquals(new double[] {-7.5, -7.5, -7.5, -7.5, -7.5, 1, 2, 3, -7.5, -7.5, 4, 5, 6, -7.5, -7.5}, p.toDoubleArray());
        // the gradient is the slice of w = 1..15 where x sits: rows 1-2, columns 0-2
        assertArrayEquals(new double[] {6, 7, 8, 11, 12, 13}, weightedGradient(M, x -> pad(x, new int[] {1, 0}, new int[] {0, 2}, -7.5)));
        assertArrayEquals(new int[] {9, 1, 2, 3, 9}, pad(constant(new int[] {1, 2, 3}, 3), new int[] {1}, new int[] {1}, 9).toIntArray());
        // convert_to_tensor(0.5, int32) fails in TensorFlow too
        assertThrows(IllegalArgumentException.class, () -> pad(constant(new int[] {1}, 1), new int[] {1}, new int[] {0}, 0.5));
        // array_ops.pad takes the zero path for a value equal to 0, so -0.0 pads with +0.0
        float z = pad(constant(new float[] {1}, 1), new int[] {1}, new int[] {0}, -0.0).toFloatArray()[0];
        assertEquals(0x0, Float.floatToRawIntBits(z));
    }

    @Test
    void rollMatchesNumPy() {
        Tensor v = constant(new double[] {1, 2, 3, 4, 5}, 5);
        assertArrayEquals(new double[] {4, 5, 1, 2, 3}, roll(v, 2, 0).toDoubleArray());     // np.roll(v, 2)
        assertArrayEquals(new double[] {2, 3, 4, 5, 1}, roll(v, -1, -1).toDoubleArray());   // np.roll(v, -1)
        assertArrayEquals(new double[] {4, 5, 1, 2, 3}, roll(v, 12, 0).toDoubleArray());    // 12 mod 5 = 2
        // np.roll(m, (1, -1), (0, 1)); the gradient rolls w back
        assertArrayEquals(new double[] {5, 6, 4, 2, 3, 1}, roll(M, new int[] {1, -1}, new int[] {0, 1}).toDoubleArray());
        assertArrayEquals(new double[] {6, 4, 5, 3, 1, 2}, weightedGradient(M, x -> roll(x, new int[] {1, -1}, new int[] {0, 1})));
        // roll_op.cc sums the shifts of a repeated axis: 1 + 1 along the columns
        assertArrayEquals(new double[] {2, 3, 1, 5, 6, 4}, roll(M, new int[] {1, 1}, new int[] {1, -1}).toDoubleArray());
        assertArrayEquals(new int[] {0, 2}, roll(zeros(DType.FLOAT64, 0, 2), 3, 0).shape().dims());
        assertThrows(IllegalArgumentException.class, () -> roll(M, new int[] {1}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> roll(M, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> roll(constant(1.0), 1, 0));
    }

    @Test
    void sequenceMaskIsTensorFlows() {
        // tf.sequence_mask([1, 3, 0, -1, 5], 4): row j < length
        Tensor m = sequenceMask(constant(new int[] {1, 3, 0, -1, 5}, 5), 4);
        assertEquals(DType.BOOL, m.dtype());
        assertArrayEquals(new int[] {5, 4}, m.shape().dims());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1},
                cast(m, DType.FLOAT64).toDoubleArray());
        // the docstring's example tf.sequence_mask([[1, 3], [2, 0]]): maxlen defaults to the largest length
        Tensor d = sequenceMask(constant(new long[] {1, 3, 2, 0}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 3}, d.shape().dims());
        assertArrayEquals(new double[] {1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0}, cast(d, DType.FLOAT64).toDoubleArray());
        // maxlen = maximum(0, max(lengths)): no lengths, or only negative ones, give a last dimension of 0
        assertArrayEquals(new int[] {0, 0}, sequenceMask(zeros(DType.INT32, 0)).shape().dims());
        assertArrayEquals(new int[] {1, 0}, sequenceMask(constant(new int[] {-2}, 1)).shape().dims());
        assertThrows(IllegalArgumentException.class, () -> sequenceMask(constant(new int[] {1}, 1), -1));
        assertThrows(IllegalArgumentException.class, () -> sequenceMask(constant(new float[] {1}, 1), 2));
    }
}
