package io.gradtape;

import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The comparison methods of {@link Tensor} and the Java-number overloads of comparisons, floorDiv and floorMod,
 * as TensorFlow's operators ({@code x > 0.5}, {@code x % 2}): TensorFlow's {@code Tensor.__gt__} and friends are
 * {@code tf.math.greater} etc. (gen_math_ops, "y: Must have the same type as x"), {@code __floordiv__} is
 * {@code floordiv} and {@code __mod__} is {@code floormod} (python/ops/math_ops.py), and the Python number is
 * converted to the tensor's dtype first. Expected values are NumPy 1.24's on the same dtypes
 * ({@code np.greater(np.float32([0.2, 0.5, 0.7, nan]), np.float32(0.5))} etc.).
 */
class TensorScalarMethodsTest {
    private static final Tensor X = constant(new float[] {0.2f, 0.5f, 0.7f, Float.NaN}, 4);

    private static void assertBools(boolean[] expected, Tensor t) {
        assertEquals(DType.BOOL, t.dtype());
        assertEquals(Shape.of(expected.length), t.shape());
        Object values = t.toNestedArray();
        assertArrayEquals(expected, (boolean[]) values);
    }

    @Test
    void comparisonsWithAJavaNumberMatchNumPy() {
        // np.greater etc. of np.float32([0.2, 0.5, 0.7, nan]) with np.float32(0.5); NaN compares false except !=
        assertBools(new boolean[] {false, false, true, false}, X.greater(0.5));
        assertBools(new boolean[] {false, true, true, false}, X.greaterEqual(0.5));
        assertBools(new boolean[] {true, false, false, false}, X.less(0.5));
        assertBools(new boolean[] {true, true, false, false}, X.lessEqual(0.5));
        assertBools(new boolean[] {false, true, false, false}, X.equal(0.5));
        assertBools(new boolean[] {true, false, true, true}, X.notEqual(0.5));
        // the tensor forms are the Tensors functions
        Tensor half = constant(0.5f);
        assertBools(new boolean[] {false, false, true, false}, X.greater(half));
        assertBools(new boolean[] {true, true, false, false}, X.lessEqual(half));
        assertBools(new boolean[] {false, true, false, false}, X.equal(half));
    }

    @Test
    void theNumberTakesTheTensorsDtype() {
        // 0.1 becomes float32 0.1 beside a float32 tensor, as TensorFlow converts it: equal, where float64 0.1 is not
        // (np.float32(0.1) == np.float32(0.1) is True, np.float64(np.float32(0.1)) == 0.1 is False)
        assertTrue(constant(0.1f).equal(0.1).booleanValue());
        assertFalse(cast(constant(0.1f), DType.FLOAT64).equal(0.1).booleanValue());
        // an int or long argument is exact for int64: 2^53 + 1 is not rounded to 2^53
        long big = (1L << 53) + 1;
        Tensor k = constant(new long[] {big - 1, big}, 2);
        assertBools(new boolean[] {false, true}, k.equal(big));
        assertBools(new boolean[] {false, true}, k.greater(big - 1));
        assertBools(new boolean[] {true, false}, k.notEqual(big));
        // int32 takes an int; an int literal picks the long overload, also for a float tensor
        Tensor i = constant(new int[] {-1, 0, 1}, 3);
        assertBools(new boolean[] {true, false, false}, i.less(0));
        assertBools(new boolean[] {false, true, true}, i.greaterEqual(0));
        assertBools(new boolean[] {true, true, true, false}, X.greater(0));   // np.float32([0.2, 0.5, 0.7, nan]) > 0
    }

    @Test
    void aNumberTheDtypeCannotHoldNamesTheOp() {
        Tensor i = constant(new int[] {1, 2}, 2);
        String[] ops = {"equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual", "floorDiv", "floorMod"};
        java.util.List<BiFunction<Tensor, Double, Tensor>> withDouble = java.util.List.of(Tensor::equal, Tensor::notEqual,
                Tensor::greater, Tensor::greaterEqual, Tensor::less, Tensor::lessEqual, Tensor::floorDiv, Tensor::floorMod);
        java.util.List<BiFunction<Tensor, Long, Tensor>> withLong = java.util.List.of(Tensor::equal, Tensor::notEqual,
                Tensor::greater, Tensor::greaterEqual, Tensor::less, Tensor::lessEqual, Tensor::floorDiv, Tensor::floorMod);
        for (int n = 0; n < ops.length; n++) {
            BiFunction<Tensor, Double, Tensor> d = withDouble.get(n);
            BiFunction<Tensor, Long, Tensor> l = withLong.get(n);
            String op = ops[n];
            // TensorFlow: converting 0.5 to an int32 tensor is a TypeError; 1e40 to float32 overflows
            String m = assertThrows(IllegalArgumentException.class, () -> d.apply(i, 0.5)).getMessage();
            assertTrue(m.startsWith(op + ": the number 0.5 does not fit the int32"), m);
            m = assertThrows(IllegalArgumentException.class, () -> d.apply(X, 1e40)).getMessage();
            assertTrue(m.startsWith(op + ": the number 1.0E40 is out of float32's range"), m);
            m = assertThrows(IllegalArgumentException.class, () -> l.apply(i, 1L << 40)).getMessage();
            assertTrue(m.startsWith(op + ": the number 1099511627776 does not fit the int32"), m);
            m = assertThrows(IllegalArgumentException.class, () -> l.apply(constant(true), 1L)).getMessage();
            assertTrue(m.startsWith(op + ": cannot combine the number 1 with a bool tensor"), m);
        }
    }

    @Test
    void floorDivAndFloorModWithAJavaNumberMatchNumPy() {
        Tensor i = constant(new int[] {7, -7}, 2);
        assertArrayEquals(new int[] {3, -4}, i.floorDiv(2).toIntArray());       // np.floor_divide([7, -7], 2)
        assertArrayEquals(new int[] {1, 1}, i.floorMod(2).toIntArray());        // np.mod([7, -7], 2)
        assertArrayEquals(new int[] {-1, -1}, i.floorMod(-2).toIntArray());     // np.mod([7, -7], -2)
        assertEquals(DType.INT32, i.floorMod(2).dtype());
        // float32: np.floor_divide(np.float32([7.5, -7.5]), np.float32(2.5)) and np.mod(np.float32([4, -4]), 1.5)
        assertArrayEquals(new float[] {3f, -3f}, constant(new float[] {7.5f, -7.5f}, 2).floorDiv(2.5).toFloatArray());
        assertArrayEquals(new float[] {1f, 0.5f}, constant(new float[] {4f, -4f}, 2).floorMod(1.5).toFloatArray());
        // int64 exact past 2^53: np.floor_divide(2**62 + 5, 2**61) = 2, np.mod(-(2**62) - 5, 2**61) = 2**61 - 5
        assertEquals(2L, constant((1L << 62) + 5).floorDiv(1L << 61).longValue());
        assertEquals((1L << 61) - 5, constant(-(1L << 62) - 5).floorMod(1L << 61).longValue());
        // a zero integer divisor is the kernel's error, naming the op
        String m = assertThrows(IllegalArgumentException.class, () -> i.floorDiv(0)).getMessage();
        assertTrue(m.startsWith("floorDiv: integer division by zero"), m);
        m = assertThrows(IllegalArgumentException.class, () -> i.floorMod(0)).getMessage();
        assertTrue(m.startsWith("floorMod: integer division by zero"), m);
    }

    @Test
    void gradientsAreThoseOfTheTensorForms() {
        // d/dx floorMod(x, c) = 1 (math_grad.py _FloorModGrad: g for x); comparisons have none
        Variable v = new Variable(constant(new float[] {4f, -4f}, 2));
        try (GradientTape tape = new GradientTape(true)) {
            Tensor y = reduceSum(v.floorMod(1.5));
            Tensor b = v.greater(0.0);
            assertArrayEquals(new float[] {1f, 1f}, tape.gradient(y, v).toFloatArray());
            assertEquals(DType.BOOL, b.dtype());
            assertNull(tape.gradient(cast(b, DType.FLOAT32), v));
        }
    }
}
