package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for issue 13's array conveniences (values worked out by hand or from NumPy/TensorFlow's documented
 * examples), their dtypes, and their errors; the differentiable ones are also rows of the op table ({@link OpTable}).
 */
class ArrayKnownAnswerTest {

    @Test
    void rangeIsInt32ForIntArgumentsAsTensorFlow() {
        Tensor r = range(5);
        assertEquals(DType.INT32, r.dtype());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, r.toIntArray());
        assertArrayEquals(new int[] {10, 7, 4, 1}, range(10, 0, -3).toIntArray());
        assertArrayEquals(new int[] {2, 4}, range(2, 6, 2).toIntArray());
        assertEquals(0, range(3, 3, 1).size());
        assertEquals(0, range(0).size());
        // sequence_ops.cc: a start past the limit in delta's direction is an error, not an empty vector
        assertThrows(IllegalArgumentException.class, () -> range(3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> range(-2));
        assertThrows(IllegalArgumentException.class, () -> range(0, 5, 0));
        // size (|limit - start| + |delta| - 1) / |delta| without wrapping: 2^32 - 1 wide, step 2^31 - 1 gives 3
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE - 1},
                range(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE).toIntArray());
    }

    @Test
    void integerDtypeRangeTakesIntegerValuesOnly() {
        // tf.range(0, 10, 3, dtype=tf.int64): integral arguments, the integer kernel
        Tensor r = range(0.0, 10.0, 3.0, DType.INT64);
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new double[] {0, 3, 6, 9}, r.toDoubleArray());
        assertArrayEquals(new int[] {5, 3, 1}, range(5.0, 0.0, -2.0, DType.INT32).toIntArray());
        // tf.range(0.0, 2.5, 0.5, dtype=tf.int32) is a TypeError (a Python float is not converted to an int tensor),
        // where the old result [0 0 1 1 2] was silently rounded
        assertThrows(IllegalArgumentException.class, () -> range(0.0, 2.5, 0.5, DType.INT32));
        assertThrows(IllegalArgumentException.class, () -> range(0.0, 2.0, 0.5, DType.INT64));
    }

    @Test
    void float32RangeIsComputedInFloat32AsTheKernel() {
        // sequence_ops.cc for T = float: size = ceil(|(limit - start) / delta|) in float, values val += delta in float.
        // (1.3f - 1f) / 0.1f = 2.9999995f, so 3 elements (a double computation gives 4, the 4th equal to the limit)
        assertArrayEquals(new float[] {1f, 1.1f, 1.2f}, range(1.0, 1.3, 0.1, DType.FLOAT32).toFloatArray());
        // (0.3f - 0.1f) / 0.1f = 2.0000002f: 3 elements (double: 2)
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, range(0.1, 0.3, 0.1, DType.FLOAT32).toFloatArray());
        // accumulation, not start + i * delta: tf.range(0., 1., .1) ends 0.70000005, 0.8000001, 0.9000001
        // (float32 sums 0.1f + 0.1f + ... worked out with NumPy float32 arithmetic)
        assertArrayEquals(new float[] {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.70000005f, 0.8000001f, 0.9000001f},
                range(0.0, 1.0, 0.1, DType.FLOAT32).toFloatArray());
        // float64 accumulates too: 0.1 + 0.1 + 0.1 = 0.30000000000000004
        assertEquals(0.30000000000000004, range(0.0, 0.35, 0.1, DType.FLOAT64).getDouble(3));
    }

    @Test
    void floatRangeHasCeilOfTheSpanElements() {
        Tensor r = range(0.0, 1.0, 0.25, DType.FLOAT32);
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f}, r.toFloatArray());
        assertArrayEquals(new double[] {1, 0.5}, range(1.0, 0.2, -0.5, DType.FLOAT64).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> range(0.0, 1.0, Double.NaN, DType.FLOAT32));
    }

    @Test
    void linspaceIncludesBothEndsExactly() {
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f}, linspace(0, 1, 5).toFloatArray());
        Tensor l = linspace(0.1, 0.7, 7, DType.FLOAT64);
        assertEquals(0.7, l.getDouble(6));
        assertEquals(DType.FLOAT64, l.dtype());
        assertArrayEquals(new float[] {3f}, linspace(3, 9, 1).toFloatArray());
        // linspace_nd slices [start, ..., stop] to num: 0 gives an empty vector (it was an error)
        assertEquals(0, linspace(3, 7, 0).size());
        assertEquals(DType.FLOAT32, linspace(3, 7, 0).dtype());
        assertThrows(IllegalArgumentException.class, () -> linspace(0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> linspace(0, 1, 3, DType.INT32));
    }

    @Test
    void float32LinspaceIsFloat32Arithmetic() {
        // math_ops.linspace_nd in float32: delta = (stop - start) / 6f, element i = start + delta * i, each rounded
        // to float32 (NumPy float32 arithmetic): element 5 is 0.8333334f where the rounded double 5/6 is 0.8333333f
        Tensor l = linspace(0, 1, 7);
        assertArrayEquals(new float[] {0f, 0.16666667f, 0.33333334f, 0.5f, 0.6666667f, 0.8333334f, 1f}, l.toFloatArray());
        // start 0.1f, stop 0.7f: the inner values fall one ulp below the decimal ones, the ends are exact
        assertArrayEquals(new float[] {0.1f, 0.19999999f, 0.29999998f, 0.39999998f, 0.49999997f, 0.59999996f, 0.7f},
                linspace(0.1, 0.7, 7).toFloatArray());
        assertArrayEquals(new float[] {1f, 1.1111112f, 1.2222222f, 1.3333334f, 1.4444444f, 1.5555556f, 1.6666667f,
                1.7777778f, 1.8888888f, 2f}, linspace(1, 2, 10).toFloatArray());
    }

    @Test
    void reshapeInfersBesideAZeroSizeAsTensorFlow() {
        // reshape_op.h: zero sizes are left out of the product and, when the new shape has a zero, the input's zero
        // dims are left out of its element count, so -1 is inferred from the non-zero dims
        assertArrayEquals(new int[] {6, 0}, reshape(zeros(DType.FLOAT32, 0, 6), -1, 0).shape().dims());
        assertArrayEquals(new int[] {0, 6}, reshape(zeros(DType.FLOAT32, 0, 6), 0, -1).shape().dims());
        assertArrayEquals(new int[] {2, 0, 3}, reshape(zeros(DType.FLOAT32, 0, 6), -1, 0, 3).shape().dims());
        // 6 is not a multiple of 4: with an empty input TensorFlow truncates the quotient, 6 / 4 = 1
        assertArrayEquals(new int[] {1, 0, 4}, reshape(zeros(DType.FLOAT32, 0, 6), -1, 0, 4).shape().dims());
        // no zero in the new shape: the count is the input's, 0, so -1 is 0
        assertArrayEquals(new int[] {0, 3}, reshape(zeros(DType.FLOAT32, 0, 6), -1, 3).shape().dims());
        assertArrayEquals(new int[] {0}, reshape(zeros(DType.FLOAT32, 2, 0, 3), -1).shape().dims());
        // a non-empty input with a 0 in the new shape: 6 / 1 = 6, and (6, 0) does not hold 6 elements
        assertThrows(IllegalArgumentException.class, () -> reshape(zeros(DType.FLOAT32, 2, 3), -1, 0));
    }

    @Test
    void squeezeTakesItsAxesAsASet() {
        // SqueezeOp (shape_ops.h) collects the wrapped axes into an unordered_set: a repeat is allowed
        assertArrayEquals(new int[] {3}, squeeze(zeros(DType.FLOAT32, 1, 3), 0, 0).shape().dims());
        assertArrayEquals(new int[] {3}, squeeze(zeros(DType.FLOAT32, 1, 3), 0, -2).shape().dims());
        assertArrayEquals(new int[] {3}, squeeze(zeros(DType.FLOAT32, 1, 3, 1), 0, 2, -1, 0).shape().dims());
    }

    @Test
    void eyeAndFill() {
        assertArrayEquals(new double[][] {{1, 0, 0}, {0, 1, 0}}, eye(2, 3, DType.FLOAT64).toDoubleArray2D());
        assertArrayEquals(new int[][] {{1, 0}, {0, 1}}, eye(2, DType.INT32).toIntArray2D());
        Tensor f = fill(new int[] {2, 3}, constant(7f));
        assertArrayEquals(new float[][] {{7, 7, 7}, {7, 7, 7}}, f.toFloatArray2D());
        assertThrows(IllegalArgumentException.class, () -> fill(new int[] {2}, constant(new float[] {1, 2}, 2)));
    }

    @Test
    void nestedConstantsRoundTrip() {
        float[][] m = {{1, 2, 3}, {4, 5, 6}};
        Tensor t = constant(m);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape().dims());
        assertArrayEquals(m, t.toFloatArray2D());
        m[0][0] = 99; // copied
        assertEquals(1f, t.getFloat(0, 0));
        assertEquals(DType.FLOAT64, constant(new double[][] {{1}}).dtype());
        assertEquals(DType.INT32, constant(new int[][] {{1, 2}}).dtype());
        long[][][] deep = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        Tensor d = constant((Object) deep);
        assertEquals(DType.INT64, d.dtype());
        assertArrayEquals(new int[] {2, 2, 2}, d.shape().dims());
        assertEquals(7L, d.getLong(1, 1, 0));
        long[][][] back = (long[][][]) d.toNestedArray();
        assertArrayEquals(deep[1][1], back[1][1]);
        assertEquals(6.0, constant(6.0).toNestedArray());
        Tensor b = constant((Object) new boolean[][] {{true}, {false}});
        assertEquals(DType.BOOL, b.dtype());
        assertFalse(b.getBoolean(1, 0));
    }

    @Test
    void nestedConstantsRejectRaggedAndForeignArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> constant(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().startsWith("constant: ragged"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> constant((Object) new String[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> constant((Object) "x"));
        assertThrows(IllegalArgumentException.class, () -> constant(new double[][] {{1}, null}));
    }

    @Test
    void elementGettersCheckTheirIndices() {
        Tensor t = constant(new double[][] {{1, 2}, {3, 4}});
        assertEquals(4.0, t.getDouble(1, 1));
        assertEquals(3.0, t.getDouble(-1, 0));
        assertEquals(2, t.getInt(0, 1));
        assertEquals(5.0, constant(5.0).getDouble());
        assertThrows(IllegalArgumentException.class, () -> t.getDouble(2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.getDouble(0));
        assertThrows(IllegalStateException.class, () -> constant(new float[] {1, 2}, 2).toFloatArray2D());
    }

    @Test
    void reduceAllAndAnyFollowTensorFlowIncludingEmptyAxes() {
        Tensor b = constant((Object) new boolean[][] {{true, false}, {true, true}});
        assertArrayEquals(new double[] {0, 1}, reduceAll(b, 1).toDoubleArray());
        assertArrayEquals(new double[] {1, 0}, reduceAll(b, 0).toDoubleArray());
        assertFalse(reduceAll(b).booleanValue());
        assertTrue(reduceAny(b).booleanValue());
        assertArrayEquals(new int[] {2, 1}, reduceAny(b, true, 1).shape().dims());
        Tensor empty = zeros(DType.BOOL, 0, 3);
        assertArrayEquals(new double[] {1, 1, 1}, reduceAll(empty, 0).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0}, reduceAny(empty, 0).toDoubleArray());
        assertEquals(DType.BOOL, reduceAll(b).dtype());
        assertThrows(IllegalArgumentException.class, () -> reduceAll(constant(1f)));
    }

    @Test
    void reduceProdKnownAnswersAndGradientWithZeros() {
        assertArrayEquals(new float[] {2, 12}, reduceProd(constant(new float[] {1, 2, 3, 4}, 2, 2), 1).toFloatArray());
        assertArrayEquals(new int[] {6}, reduceProd(constant(new int[] {1, 2, 3}, 3), true).toIntArray());
        assertEquals(1f, reduceProd(zeros(DType.FLOAT32, 0)).floatValue());
        // TensorFlow's gradient: with one zero, only the zero's gradient is non-zero (the product of the others)
        Tensor x = constant(new double[] {2, 0, 3}, 3);
        GradientTape tape = new GradientTape();
        Tensor p;
        try (tape) {
            tape.watch(x);
            p = reduceProd(x);
        }
        assertArrayEquals(new double[] {0, 6, 0}, tape.gradient(p, x).toDoubleArray());
    }

    @Test
    void reduceProdOfNoElementsStaysConnectedToItsInput() {
        // TensorFlow's _ProdGrad (python/ops/math_grad.py) broadcasts g to the input's shape, so an empty input gets
        // a zero-size gradient, and an input emptied by tile(x, [0, 1]) gets zeros; gradtape returned null.
        Tensor e = zeros(DType.FLOAT64, 2, 0);
        Tensor x = constant(new double[] {1, 2, 3, 4}, 2, 2);
        GradientTape tape = new GradientTape(true);
        Tensor pe;
        Tensor pk;
        Tensor pt;
        try (tape) {
            tape.watch(e, x);
            pe = reduceProd(e, 1);            // [1, 1]
            pk = reduceProd(e, true, 0);      // shape (1, 0)
            pt = reduceProd(tile(x, 0, 1), 0); // [1, 1]: the product over an empty axis
        }
        assertArrayEquals(new double[] {1, 1}, pe.toDoubleArray());
        assertArrayEquals(new int[] {1, 0}, pk.shape().dims());
        assertArrayEquals(new double[] {1, 1}, pt.toDoubleArray());
        Tensor ge = tape.gradient(pe, e);
        assertArrayEquals(new int[] {2, 0}, ge.shape().dims());
        assertArrayEquals(new int[] {2, 0}, tape.gradient(pk, e).shape().dims());
        assertArrayEquals(new double[] {0, 0, 0, 0}, tape.gradient(pt, x).toDoubleArray());
        assertArrayEquals(new int[] {1, 1, 1}, reduceProd(zeros(DType.INT32, 0, 3), 0).toIntArray());
    }

    @Test
    void varianceAndStd() {
        assertEquals(1.25f, reduceVariance(constant(new float[] {1, 2, 3, 4}, 4)).floatValue(), 1e-6);
        assertEquals(1f, reduceStd(constant(new float[] {1, 3}, 2)).floatValue());
        assertArrayEquals(new double[] {1, 0}, reduceVariance(constant(new double[][] {{1, 3}, {2, 2}}), true, 1).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> reduceVariance(constant(new int[] {1, 2}, 2)));
    }

    @Test
    void uniqueKeepsFirstOccurrenceOrder() {
        Tensors.Unique u = unique(constant(new int[] {1, 1, 2, 4, 4, 4, 7, 8, 8}, 9));
        assertArrayEquals(new int[] {1, 2, 4, 7, 8}, u.values().toIntArray());
        assertArrayEquals(new int[] {0, 0, 1, 2, 2, 2, 3, 4, 4}, u.indices().toIntArray());
        Tensors.Unique f = unique(constant(new float[] {3, -0f, 1, 0f, 3}, 5));
        assertArrayEquals(new float[] {3, -0f, 1}, f.values().toFloatArray());
        assertArrayEquals(new int[] {0, 1, 2, 1, 0}, f.indices().toIntArray());
        assertEquals(DType.INT32, f.indices().dtype());
        assertThrows(IllegalArgumentException.class, () -> unique(zeros(DType.FLOAT32, 2, 2)));
        // not differentiable, as TensorFlow: the values are not connected to x
        Tensor x = constant(new double[] {1, 1, 2}, 3);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = reduceSum(unique(x).values());
        }
        assertNull(tape.gradient(y, x));
    }

    @Test
    void searchSortedLeftAndRightBatched() {
        assertArrayEquals(new int[] {0, 1, 3}, searchSorted(constant(new float[] {1, 3, 5}, 3), constant(new float[] {0, 3, 6}, 3)).toIntArray());
        assertArrayEquals(new int[] {3}, searchSorted(constant(new int[] {1, 3, 3, 5}, 4), constant(new int[] {3}, 1), "right").toIntArray());
        Tensor sorted = constant(new double[][] {{0, 3, 9, 9, 10}, {1, 2, 3, 4, 5}});
        Tensor values = constant(new double[][] {{2, 4, 9}, {0, 7, 4}});
        assertArrayEquals(new int[][] {{1, 2, 2}, {0, 5, 3}}, searchSorted(sorted, values).toIntArray2D());
        assertArrayEquals(new int[][] {{1, 2, 4}, {0, 5, 4}}, searchSorted(sorted, values, "right").toIntArray2D());
        assertThrows(IllegalArgumentException.class, () -> searchSorted(sorted, values, "middle"));
        assertThrows(IllegalArgumentException.class, () -> searchSorted(sorted, constant(new double[] {1}, 1)));
    }

    @Test
    void searchSortedComparesInTheNativeTypeAsTensorFlow() {
        // searchsorted_op.cc: std::lower_bound / std::upper_bound on the native type. int64 beyond 2^53 is exact
        // (NumPy: np.searchsorted([2**53, 2**53+1, 2**53+2], 2**53+1) is 1, 'right' 2)
        long b = 1L << 53;
        Tensor big = constant(new long[] {b, b + 1, b + 2});
        assertArrayEquals(new int[] {1}, searchSorted(big, constant(new long[] {b + 1}), "left").toIntArray());
        assertArrayEquals(new int[] {2}, searchSorted(big, constant(new long[] {b + 1}), "right").toIntArray());
        // a NaN value: lower_bound advances while s < NaN (never): 0; upper_bound while !(NaN < s) (always): 3
        Tensor f = constant(new float[] {1, 2, 3}, 3);
        assertArrayEquals(new int[] {0}, searchSorted(f, constant(new float[] {Float.NaN}, 1), "left").toIntArray());
        assertArrayEquals(new int[] {3}, searchSorted(f, constant(new float[] {Float.NaN}, 1), "right").toIntArray());
        // -0.0 equals 0.0 under operator<
        Tensor z = constant(new double[] {-1, 0, 0, 1}, 4);
        assertArrayEquals(new int[] {1}, searchSorted(z, constant(new double[] {-0.0}, 1), "left").toIntArray());
        assertArrayEquals(new int[] {3}, searchSorted(z, constant(new double[] {-0.0}, 1), "right").toIntArray());
    }

    @Test
    void maskScatterAndSegments() {
        assertArrayEquals(new float[] {1, 3}, booleanMask(constant(new float[] {1, 2, 3}, 3),
                constant((Object) new boolean[] {true, false, true})).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> booleanMask(constant(new float[] {1, 2, 3}, 3),
                constant((Object) new boolean[] {true, false})));
        assertArrayEquals(new float[] {0, 5, 0, 6}, scatterNd(constant(new int[][] {{1}, {3}}), constant(new float[] {5, 6}, 2), 4).toFloatArray());
        assertArrayEquals(new float[] {0, 11, 0, 0}, scatterNd(constant(new int[][] {{1}, {1}}), constant(new float[] {5, 6}, 2), 4).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> scatterNd(constant(new int[][] {{4}}), constant(new float[] {5}, 1), 4));
        assertArrayEquals(new float[] {0, 0, 9}, tensorScatterUpdate(zeros(DType.FLOAT32, 3), constant(new int[][] {{2}}),
                constant(new float[] {9}, 1)).toFloatArray());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> tensorScatterUpdate(zeros(DType.FLOAT32, 3),
                constant(new int[][] {{2}, {2}}), constant(new float[] {9, 8}, 2)));
        assertTrue(dup.getMessage().startsWith("tensorScatterUpdate:"), dup.getMessage());
        // tensor_scatter_nd_add (scatter_nd_op.cc, UpdateOp::ADD): every update adds, a repeated index twice:
        // [1, 1, 1, 1] + 5 + 7 at 1 + 6 at 3 = [1, 13, 1, 7]
        assertArrayEquals(new float[] {1, 13, 1, 7}, tensorScatterAdd(ones(DType.FLOAT32, 4), constant(new int[][] {{1}, {3}, {1}}),
                constant(new float[] {5, 6, 7}, 3)).toFloatArray());
        // slices: (2, 3) plus row 1 += [10, 20, 30]
        assertArrayEquals(new float[][] {{1, 2, 3}, {14, 25, 36}}, tensorScatterAdd(constant(new float[][] {{1, 2, 3}, {4, 5, 6}}),
                constant(new int[][] {{1}}), constant(new float[][] {{10, 20, 30}})).toFloatArray2D());
        IllegalArgumentException oob = assertThrows(IllegalArgumentException.class, () -> tensorScatterAdd(zeros(DType.FLOAT32, 3),
                constant(new int[][] {{-1}}), constant(new float[] {9}, 1)));
        assertTrue(oob.getMessage().startsWith("tensorScatterAdd:"), oob.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> tensorScatterAdd(zeros(DType.FLOAT32, 3),
                constant(new int[][] {{1}}), constant(new float[] {9, 8}, 2)));
        assertTrue(shape.getMessage().startsWith("tensorScatterAdd:") && shape.getMessage().contains("(2,)"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tensorScatterAdd(zeros(DType.FLOAT32, 3), constant(new int[][] {{1}}),
                constant(new double[] {9}, 1)));
        // errors name the op: a negative scatterNd shape, a segment id past int range (it was cast to int first)
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> scatterNd(zeros(DType.INT32, 0, 1),
                zeros(DType.FLOAT32, 0, 2), 0, -2));
        assertTrue(neg.getMessage().startsWith("scatterNd:"), neg.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> segmentSum(constant(new float[] {1}, 1),
                constant(new long[] {1L << 33}, 1)));
        assertTrue(big.getMessage().startsWith("segmentSum:") && big.getMessage().contains("8589934592"), big.getMessage());
        assertArrayEquals(new float[] {3, 0, 3}, segmentSum(constant(new float[] {1, 2, 3}, 3), constant(new int[] {0, 0, 2}, 3)).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> segmentSum(constant(new float[] {1, 2}, 2), constant(new int[] {1, 0}, 2)));
    }

    @Test
    void meshgridAndTriangles() {
        List<Tensor> g = meshgrid(range(3), range(2));
        assertArrayEquals(new int[][] {{0, 1, 2}, {0, 1, 2}}, g.get(0).toIntArray2D());
        assertArrayEquals(new int[][] {{0, 0, 0}, {1, 1, 1}}, g.get(1).toIntArray2D());
        assertArrayEquals(new int[] {3, 2}, meshgrid(List.of(range(3), range(2)), "ij").get(0).shape().dims());
        assertArrayEquals(new float[][] {{1, 0}, {3, 4}}, tril(constant(new float[][] {{1, 2}, {3, 4}}), 0).toFloatArray2D());
        assertArrayEquals(new float[][] {{0, 2}, {0, 0}}, triu(constant(new float[][] {{1, 2}, {3, 4}}), 1).toFloatArray2D());
        assertThrows(IllegalArgumentException.class, () -> tril(constant(new float[] {1}, 1), 0));
    }
}
