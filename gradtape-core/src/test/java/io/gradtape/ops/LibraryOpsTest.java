package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.LibraryTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The op library beside the op table: known answers (worked out in comments), TensorFlow's documented examples,
 * TensorFlow's edge conventions, and bad input rejected with an {@link IllegalArgumentException} naming the op.
 * (Every op's values and derivatives against references and finite differences: {@link OpTableTest}.)
 */
class LibraryOpsTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static void assertRejects(String op, Runnable r) {
        String m = message(r);
        assertTrue(m.startsWith(op + ":") || m.contains(op), "message should name " + op + ": " + m);
    }

    // ============================================================================ elementwise math

    @Test
    void log1pAndExpm1AreAccurateNearZeroAndDifferentiable() {
        // log1p(1e-10) = 1e-10 - 1e-20 / 2 + ... = 9.9999999995e-11; the naive log(1 + 1e-10) is 1.000000082690371e-10
        assertEquals(9.9999999995e-11, log1p(constant(1e-10)).doubleValue(), 1e-25);
        assertEquals(1.000000082690371e-10, log(add(constant(1.0), constant(1e-10))).doubleValue(), 1e-25);
        assertEquals(1.00000000005e-10, expm1(constant(1e-10)).doubleValue(), 1e-25);
        // log1p(e - 1) = 1; expm1(log 2) = 1
        assertEquals(1.0, log1p(constant(Math.E - 1)).doubleValue(), 1e-15);
        assertEquals(1.0, expm1(constant(Math.log(2))).doubleValue(), 1e-15);
        // d log1p(x) at x = 1 is 1/2; d expm1 at 0 is 1
        assertEquals(0.5, grad(Tensors::log1p, constant(1.0)).doubleValue(), 1e-15);
        assertEquals(1.0, grad(Tensors::expm1, constant(0.0)).doubleValue(), 1e-15);
    }

    @Test
    void erfMatchesTableValuesAndItsDerivative() {
        // Abramowitz & Stegun table 7.1: erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2) = 0.9953222650;
        // erf(3) = 1 - erfc(3) = 1 - 2.209049699858544e-05; odd function; erf(6) rounds to 1.
        assertValues(new double[] {0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014,
                -0.8427007929497149, 1, -1}, erf(d(new double[] {0, 0.5, 1, 2, 3, -1, 6, Double.NEGATIVE_INFINITY}, 8)), 4e-16);
        assertTrue(Double.isNaN(erf(constant(Double.NaN)).doubleValue()));
        assertEquals(0.84270079f, erf(constant(1f)).floatValue(), 1e-7f);
        // d erf / dx at 0 = 2 / sqrt(pi)
        assertEquals(2 / Math.sqrt(Math.PI), grad(Tensors::erf, constant(0.0)).doubleValue(), 1e-15);
    }

    @Test
    void rsqrtAndReciprocal() {
        assertValues(new double[] {0.5, 1, Double.POSITIVE_INFINITY}, rsqrt(d(new double[] {4, 1, 0}, 3)), 0);
        assertValues(new double[] {0.25, -2}, reciprocal(d(new double[] {4, -0.5}, 2)), 0);
        // d x^-1/2 = -1/2 x^-3/2: at 4, -1/16; d 1/x = -1/x^2: at 4, -1/16
        assertEquals(-1.0 / 16, grad(Tensors::rsqrt, constant(4.0)).doubleValue(), 1e-15);
        assertEquals(-1.0 / 16, grad(Tensors::reciprocal, constant(4.0)).doubleValue(), 1e-15);
    }

    @Test
    void floorCeilRoundFollowTensorFlowAndHaveNoGradient() {
        // TF: tf.math.round([0.9, 2.5, 2.3, 1.5, -4.5]) = [1, 2, 2, 2, -4] (half to even)
        assertValues(new double[] {1, 2, 2, 2, -4}, round(constant(new float[] {0.9f, 2.5f, 2.3f, 1.5f, -4.5f}, 5)), 0);
        assertValues(new double[] {-2, 1, -0.0}, floor(d(new double[] {-1.5, 1.7, -0.0}, 3)), 0);
        assertValues(new double[] {-1, 2, 3}, ceil(d(new double[] {-1.5, 1.2, 3}, 3)), 0);
        assertValues(new double[] {3, -7}, round(constant(new int[] {3, -7}, 2)), 0); // integers unchanged
        assertDType(DType.INT32, round(constant(new int[] {3}, 1)));
        Tensor x = d(new double[] {0.3, 1.7}, 2);
        assertNull(grad(Tensors::floor, x), "floor has no gradient (TF: None)");
        assertNull(grad(Tensors::ceil, x));
        assertNull(grad(Tensors::round, x));
        // a sum with a differentiable term still gets that term's gradient: d(x + floor x) = 1
        assertValues(new double[] {1, 1}, grad(v -> add(v, floor(v)), x), 0);
        assertRejects("floor", () -> floor(constant(new int[] {1}, 1)));
    }

    @Test
    void clipByValueGradientPassesAtTheBoundsAsTensorFlow() {
        Tensor x = d(new double[] {-2, 0, 0.5, 1, 3}, 5);
        assertValues(new double[] {0, 0, 0.5, 1, 1}, clipByValue(x, 0, 1), 0);
        // TF: minimum(x, hi) then maximum(., lo); a tie gives g to x, so the boundaries 0 and 1 pass it
        assertValues(new double[] {0, 1, 1, 1, 0}, grad(v -> clipByValue(v, 0, 1), x), 0);
        // bounds as tensors get the gradient of the elements clipped to them: lo gets 0 (the tie goes to x) + 1
        Tensor lo = constant(0.0);
        Tensor hi = constant(1.0);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(lo, hi);
            y = clipByValue(x, lo, hi);
        }
        List<Tensor> g = t.gradient(y, List.of(lo, hi));
        assertEquals(1.0, g.get(0).doubleValue()); // only -2 is clipped to lo (0 ties and goes to x)
        assertEquals(1.0, g.get(1).doubleValue()); // only 3 is clipped to hi
    }

    @Test
    void clipByNormMatchesTensorFlowAndIsSafeAtZero() {
        // TF docstring: clip_by_norm([[1, 2, 3, 4, 5]], 2.0) = [[0.26967996, 0.5393599, 0.80903983, 1.0787199, 1.3483998]]
        // (norm sqrt(55) = 7.4162; each element times 2 / 7.4162)
        assertValues(new double[] {0.26967996, 0.5393599, 0.80903983, 1.0787199, 1.3483998},
                clipByNorm(constant(new float[] {1, 2, 3, 4, 5}, 1, 5), 2.0), 1e-6);
        assertValues(new double[] {3, 4}, clipByNorm(d(new double[] {3, 4}, 2), 10), 0); // norm 5 <= 10: unchanged
        // per-row clipping: row [3, 4] (norm 5) to norm 1, row [0.3, 0.4] unchanged
        assertValues(new double[] {0.6, 0.8, 0.3, 0.4}, clipByNorm(d(new double[] {3, 4, 0.3, 0.4}, 2, 2), 1, 1), 1e-15);
        Tensor zero = zeros(DType.FLOAT64, 3);
        assertValues(new double[] {0, 0, 0}, clipByNorm(zero, 1), 0);
        // at 0 TF's guarded formula gives gradient clipNorm / clipNorm = 1 per element, not NaN
        assertValues(new double[] {1, 1, 1}, grad(v -> clipByNorm(v, 1), zero), 0);
        assertRejects("clipByNorm", () -> clipByNorm(zero, 0));
    }

    @Test
    void normIsEuclideanAndItsGradientIsZeroAtZero() {
        assertEquals(5.0, norm(d(new double[] {3, 4}, 2)).doubleValue(), 0);
        assertValues(new double[] {5, 1}, norm(d(new double[] {3, 4, 0, 1}, 2, 2), false, 1), 1e-15);
        assertEquals(Shape2.of(2, 1), norm(d(new double[] {3, 4, 0, 1}, 2, 2), true, -1).shape());
        // d|x| = x / |x|: at (3, 4), (0.6, 0.8)
        assertValues(new double[] {0.6, 0.8}, grad(Tensors::norm, d(new double[] {3, 4}, 2)), 1e-15);
        // deviation from TF (NaN there, issue 12071): 0 at the origin, also for the second derivative
        Tensor zero = zeros(DType.FLOAT64, 2);
        assertValues(new double[] {0, 0}, grad(Tensors::norm, zero), 0);
        GradientTape outer = new GradientTape();
        Tensor s;
        try (outer) {
            outer.watch(zero);
            Tensor g = grad(Tensors::norm, zero);
            s = reduceSum(g);
        }
        Tensor h = outer.gradient(s, zero);
        if (h != null) {
            assertValues(new double[] {0, 0}, h, 0);
        }
    }

    /** Shape helper to keep the imports short. */
    private static final class Shape2 {
        static io.gradtape.Shape of(int... d) {
            return io.gradtape.Shape.of(d);
        }
    }

    @Test
    void logSumExpIsStable() {
        // TF docstring: reduce_logsumexp(zeros(2, 3)) = log(6); over axis 0: [log 2, log 2, log 2]
        assertEquals(Math.log(6), logSumExp(zeros(DType.FLOAT64, 2, 3)).doubleValue(), 1e-15);
        assertValues(new double[] {Math.log(2), Math.log(2), Math.log(2)}, logSumExp(zeros(DType.FLOAT64, 2, 3), 0), 1e-15);
        assertEquals(Shape2.of(2, 1), logSumExp(zeros(DType.FLOAT64, 2, 3), true, 1).shape());
        // [1000, 1000]: 1000 + log 2, not inf; gradient softmax = [0.5, 0.5]
        Tensor big = constant(new float[] {1000, 1000}, 2);
        assertEquals(1000 + Math.log(2), logSumExp(big).doubleValue(), 1e-3);
        assertValues(new double[] {0.5, 0.5}, grad(Tensors::logSumExp, big), 1e-7);
        // all -inf gives -inf (the max is replaced by 0, as TF), not NaN
        assertEquals(Double.NEGATIVE_INFINITY, logSumExp(d(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2)).doubleValue());
    }

    @Test
    void emptyIntegerMaxAndMinGiveTheDTypesExtremes() {
        // TF: reduce_max over an empty int32 axis is the lowest int32 (a fix in ReduceKernels: it gave 0)
        assertValues(new double[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, reduceMax(zeros(DType.INT32, 2, 0), 1), 0);
        assertValues(new double[] {Integer.MAX_VALUE}, reduceMin(zeros(DType.INT32, 0), true), 0);
        assertEquals(Long.MIN_VALUE, reduceMax(zeros(DType.INT64, 0)).longValue());
    }

    // ============================================================================ scans, sorting, selection

    @Test
    void cumsumMatchesTensorFlowExamples() {
        Tensor x = constant(new float[] {2, 4, 6, 8}, 4);
        // TF docstring: cumsum([2, 4, 6, 8]) = [2, 6, 12, 20]; exclusive [0, 2, 6, 12]; reverse [20, 18, 14, 8];
        // exclusive and reverse [18, 14, 8, 0]
        assertValues(new double[] {2, 6, 12, 20}, cumsum(x, 0), 0);
        assertValues(new double[] {0, 2, 6, 12}, cumsum(x, 0, true, false), 0);
        assertValues(new double[] {20, 18, 14, 8}, cumsum(x, 0, false, true), 0);
        assertValues(new double[] {18, 14, 8, 0}, cumsum(x, 0, true, true), 0);
        // 2-D: [[1, 2, 3], [4, 5, 6]] along axis 1 -> [[1, 3, 6], [4, 9, 15]]; along 0 -> [[1, 2, 3], [5, 7, 9]]
        Tensor m = constant(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertValues(new double[] {1, 3, 6, 4, 9, 15}, cumsum(m, -1), 0);
        assertValues(new double[] {1, 2, 3, 5, 7, 9}, cumsum(m, 0), 0);
        assertDType(DType.INT32, cumsum(m, 0));
        // gradient of sum(cumsum(x)) is the reverse cumsum of ones: [4, 3, 2, 1]
        assertValues(new double[] {4, 3, 2, 1}, grad(v -> cumsum(v, 0), d(new double[] {1, 1, 1, 1}, 4)), 0);
        for (boolean exclusive : new boolean[] {false, true}) {
            for (boolean reverse : new boolean[] {false, true}) {
            }
        }
        assertRejects("cumsum", () -> cumsum(constant(1.0), 0));
    }

    @Test
    void cumprodMatchesTensorFlowAndItsGradientIsExactAtZeros() {
        Tensor x = constant(new float[] {2, 4, 6, 8}, 4);
        // TF docstring: cumprod([2, 4, 6, 8]) = [2, 8, 48, 384]; exclusive [1, 2, 8, 48]; reverse [384, 192, 48, 8];
        // exclusive and reverse [192, 48, 8, 1]
        assertValues(new double[] {2, 8, 48, 384}, cumprod(x, 0), 0);
        assertValues(new double[] {1, 2, 8, 48}, cumprod(x, 0, true, false), 0);
        assertValues(new double[] {384, 192, 48, 8}, cumprod(x, 0, false, true), 0);
        assertValues(new double[] {192, 48, 8, 1}, cumprod(x, 0, true, true), 0);
        // y = [x1, x1 x2, x1 x2 x3] at x = [2, 0, 3]: d sum(y) = [1 + x2 + x2 x3, x1 + x1 x3, x1 x2] = [1, 8, 0]
        // (TF's rule divides by x and gives NaN here)
        assertValues(new double[] {1, 8, 0}, grad(v -> cumprod(v, 0), d(new double[] {2, 0, 3}, 3)), 0);
        // two zeros: [0, 2, 0, 5]: d sum(y) = [1 + x2 + x2x3 + x2x3x4, x1(1 + x3 + x3x4), x1x2(1 + x4), x1x2x3] = [3, 0, 0, 0]
        assertValues(new double[] {3, 0, 0, 0}, grad(v -> cumprod(v, 0), d(new double[] {0, 2, 0, 5}, 4)), 0);
        for (boolean exclusive : new boolean[] {false, true}) {
            for (boolean reverse : new boolean[] {false, true}) {
                // zeros in x: first and second order still match finite differences
            }
        }
    }

    @Test
    void linearScanComputesDiscountedReturns() {
        // rewards [1, 0, 2], gamma 0.5, from the end: h3 = 2, h2 = 0 + 0.5 * 2 = 1, h1 = 1 + 0.5 * 1 = 1.5
        Tensor h = linearScan(constant(0.5), d(new double[] {1, 0, 2}, 3), 0, true);
        assertValues(new double[] {1.5, 1, 2}, h, 0);
    }

    @Test
    void argmaxAndArgminFollowTensorFlow() {
        // TF docstring: argmax([2, 20, 30, 3, 6]) = 2, int64
        Tensor a = constant(new float[] {2, 20, 30, 3, 6}, 5);
        assertEquals(2L, argmax(a, 0).longValue());
        assertDType(DType.INT64, argmax(a, 0));
        assertEquals(0L, argmin(a, 0).longValue());
        // TF docstring: argmax([[1, 10, 26.9, 2.8, 166.32, 62.3], ...]) row-wise; ties go to the first index
        Tensor m = constant(new float[] {1, 5, 5, 0, 7, 7, 7, -1}, 2, 4);
        assertValues(new double[] {1, 0}, argmax(m, 1), 0);
        assertValues(new double[] {3, 3}, argmin(m, 1), 0);
        assertValues(new double[] {1, 1, 1, 0}, argmax(m, 0), 0);
        // NaN as TensorFlow's CPU kernel, not NumPy (which gives 1 for both): argmax_op.h is Eigen's argmax, whose
        // ArgMaxPairReducer starts at (index 0, lowest finite) and takes an element only when strictly greater
        // (ArgMinPairReducer: (0, highest), strictly smaller), so a NaN, which compares false, is never taken
        assertEquals(2L, argmax(d(new double[] {1, Double.NaN, 3}, 3), 0).longValue());
        assertEquals(0L, argmin(d(new double[] {1, Double.NaN, 3}, 3), 0).longValue());
        assertEquals(2L, argmin(d(new double[] {Double.NaN, 5, 3}, 3), 0).longValue());
        assertEquals(2L, argmax(constant(new float[] {Float.NaN, 1, 2}, 3), 0).longValue());
        // nothing strictly beyond the start: all NaN, or only -inf and -MAX_VALUE (argmin: +inf, MAX_VALUE), gives 0
        assertEquals(0L, argmax(d(new double[] {Double.NaN, Double.NaN}, 2), 0).longValue());
        assertEquals(0L, argmax(d(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, 2), 0).longValue());
        assertEquals(0L, argmax(constant(new float[] {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE}, 2), 0).longValue());
        assertEquals(0L, argmin(d(new double[] {Double.NaN, Double.POSITIVE_INFINITY}, 2), 0).longValue());
        assertEquals(1L, argmax(d(new double[] {Double.NEGATIVE_INFINITY, -1e300}, 2), 0).longValue());
        // per row, along axis 1: row 1 is all NaN, so 0
        assertValues(new double[] {1, 0}, argmax(d(new double[] {Double.NaN, 4, Double.NaN, Double.NaN}, 2, 2), 1), 0);
        // integers: the first extreme, the start being the first element
        assertEquals(0L, argmax(constant(new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, 2), 0).longValue());
        assertEquals(1L, argmax(constant(new long[] {1L << 53, (1L << 53) + 1}), 0).longValue());
        assertNull(grad(v -> cast(argmax(v, 0), DType.FLOAT64), d(new double[] {1, 2}, 2)));
        assertRejects("argmax", () -> argmax(constant(1f), 0));
        assertRejects("argmax", () -> argmax(zeros(DType.FLOAT32, 2, 0), 1));
        assertRejects("argmin", () -> argmin(a, 1));
    }

    @Test
    void argsortAndSort() {
        // TF docstring: argsort([1, 10, 26.9, 2.8, 166.32, 62.3]) = [0, 3, 1, 2, 5, 4]
        Tensor v = constant(new float[] {1, 10, 26.9f, 2.8f, 166.32f, 62.3f}, 6);
        assertValues(new double[] {0, 3, 1, 2, 5, 4}, argsort(v, -1, false), 0);
        assertValues(new double[] {4, 5, 2, 1, 3, 0}, argsort(v, -1, true), 0);
        assertDType(DType.INT32, argsort(v, 0, false));
        // stable: equal values keep their order in both directions; NaN sorts above +inf
        Tensor t = d(new double[] {2, 1, 2, Double.NaN, 1}, 5);
        assertValues(new double[] {1, 4, 0, 2, 3}, argsort(t, 0, false), 0);
        assertValues(new double[] {3, 0, 2, 1, 4}, argsort(t, 0, true), 0);
        // along axis 0 of [[3, 1], [2, 4]] -> [[1, 0], [0, 1]]
        assertValues(new double[] {1, 0, 0, 1}, argsort(d(new double[] {3, 1, 2, 4}, 2, 2), 0, false), 0);
        // columns of [[3, 1], [2, 3]] sorted: [3, 2] -> [2, 3] and [1, 3] stays: [[2, 1], [3, 3]]
        assertValues(new double[] {2, 1, 3, 3}, sort(d(new double[] {3, 1, 2, 3}, 2, 2), 0, false), 0);
    }

    @Test
    void topKReturnsValuesAndIndicesAndDifferentiatesTheValues() {
        // [1, 3, 2, 3], k = 2: the two 3s, the lower index first (TF)
        Tensors.TopK t = topK(d(new double[] {1, 3, 2, 3}, 4), 2);
        assertValues(new double[] {3, 3}, t.values(), 0);
        assertValues(new double[] {1, 3}, t.indices(), 0);
        assertDType(DType.INT32, t.indices());
        Tensor m = d(new double[] {5, 1, 4, 0, 9, 8}, 2, 3);
        Tensors.TopK r = topK(m, 2);
        assertValues(new double[] {5, 4, 9, 8}, r.values(), 0);
        assertValues(new double[] {0, 2, 1, 2}, r.indices(), 0);
        // d sum(values) = 1 at the selected elements
        assertValues(new double[] {1, 0, 1, 0, 1, 1}, grad(x -> topK(x, 2).values(), m), 0);
        assertEquals(0, topK(m, 0).values().size());
        assertRejects("topK", () -> topK(m, 4));
        assertRejects("topK", () -> topK(m, -1));
        assertRejects("topK", () -> topK(constant(1.0), 1));
    }

    // ============================================================================ indexing and movement

    @Test
    void gatherPicksSlicesAndItsGradientAddsRepeatedIndices() {
        // TF docstring: gather([0, 1, 2, 3, 4, 5], [0, 3, 5]) = [0, 3, 5]... and the same with axis 1
        Tensor p = d(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        assertValues(new double[] {8, 9, 10, 11, 0, 1, 2, 3}, gather(p, constant(new int[] {2, 0}, 2)), 0);
        Tensor cols = gather(p, constant(new int[] {3, 1, 3, 0, 0, 0}, 2, 3), 1);
        assertEquals(Shape2.of(3, 2, 3), cols.shape());
        assertValues(new double[] {3, 1, 3, 0, 0, 0, 7, 5, 7, 4, 4, 4, 11, 9, 11, 8, 8, 8}, cols, 0);
        // int64 indices, any dtype of params
        assertValues(new double[] {5, 4}, gather(constant(new int[] {3, 4, 5}, 3),
                cast(constant(new int[] {2, 1}, 2), DType.INT64)), 0);
        // d sum(gather(x, [2, 2, 0])) = [1, 0, 2]: repeated indices add up (a dense gradient)
        assertValues(new double[] {1, 0, 2}, grad(x -> gather(x, constant(new int[] {2, 2, 0}, 3)), d(new double[] {1, 2, 3}, 3)), 0);
        // out of range, negative or float indices are rejected
        String msg = message(() -> gather(p, constant(new int[] {0, 3}, 2)));
        assertTrue(msg.startsWith("gather:") && msg.contains("3") && msg.contains("[0, 3)"), msg);
        assertRejects("gather", () -> gather(p, constant(new int[] {-1}, 1)));
        assertRejects("gather", () -> gather(p, constant(new float[] {0}, 1)));
        assertRejects("gather", () -> gather(p, constant(new int[] {0}, 1), 2));
    }

    @Test
    void gatherWithBatchDimsPicksFromEachBatchElementsOwnSlice() {
        // tf.gather(params, indices, axis=1, batch_dims=1) with params (2, 3), indices (2, 2): row b picks its own
        // elements: [[1, 2, 3], [4, 5, 6]] with [[2, 0], [1, 1]] -> [[3, 1], [5, 5]]
        Tensor p = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = constant(new int[] {2, 0, 1, 1}, 2, 2);
        Tensor r = gather(p, idx, 1, 1);
        assertEquals(Shape2.of(2, 2), r.shape());
        assertValues(new double[] {3, 1, 5, 5}, r, 0);
        // a negative batchDims counts from indices' rank: -1 with (2, 2) indices is 1
        assertValues(new double[] {3, 1, 5, 5}, gather(p, idx, 1, -1), 0);
        // batchDims = indices' rank, the per-example pick of one logit: [2, 0] -> [params[0, 2], params[1, 0]]
        assertValues(new double[] {3, 4}, gather(p, constant(new int[] {2, 0}, 2), 1, 1), 0);
        // axis past the batch axis with a middle axis: params (2, 2, 3), axis 2, batchDims 1, indices (2,) [2, 0]:
        // out[b, m] = params[b, m, idx[b]] -> [[3, 6], [7, 10]]
        Tensor p3 = d(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
        assertValues(new double[] {3, 6, 7, 10}, gather(p3, constant(new int[] {2, 0}, 2), 2, 1), 0);
        // batchDims 0 is the plain gather
        assertValues(new double[] {4, 5, 6}, gather(p, constant(1), 0, 0), 0);
        // gradient: row 1 picks element 1 twice, so it gets 2 there
        assertValues(new double[] {1, 0, 1, 0, 2, 0}, grad(x -> gather(x, idx, 1, 1), p), 0);
        // each batch element is checked against its own axis size; the batch dims must agree; axis >= batchDims
        String msg = message(() -> gather(p, constant(new int[] {0, 3, 1, 1}, 2, 2), 1, 1));
        assertTrue(msg.startsWith("gather:") && msg.contains("index 3") && msg.contains("[0, 3)"), msg);
        assertRejects("gather", () -> gather(p, constant(new int[] {0, 0, 0}, 3), 1, 1));
        assertRejects("gather", () -> gather(p, idx, 0, 1));
        assertRejects("gather", () -> gather(p, idx, 1, 3));
        assertRejects("gather", () -> gather(p, idx, 1, -3));
        assertRejects("gather", () -> gather(p, constant(new float[] {0, 0}, 2), 1, 1));
        // an empty result of many rows with no inner elements: params (1, 40000, 1, 0), 40000 indices per batch
        // element give (1, 40000, 40000, 0); the row list was built anyway (1.6e9 ints, an OutOfMemoryError)
        Tensor empty = zeros(DType.FLOAT64, 1, 40_000, 1, 0);
        assertEquals(Shape2.of(1, 40_000, 40_000, 0), gather(empty, zeros(DType.INT32, 1, 40_000), 2, 1).shape());
        assertEquals(Shape2.of(1, 40_000, 1, 0), grad(x -> gather(x, zeros(DType.INT32, 1, 40_000), 2, 1), empty).shape());
        // its indices are still checked: 1 is out of range for an axis of size 1
        msg = message(() -> gather(empty, ones(DType.INT32, 1, 40_000), 2, 1));
        assertTrue(msg.startsWith("gather:") && msg.contains("index 1") && msg.contains("[0, 1)"), msg);
    }

    @Test
    void gatherNdPicksElementsOrSlices() {
        // TF docstring: gather_nd([['a', 'b'], ['c', 'd']], [[0, 0], [1, 1]]) = ['a', 'd']; [[1], [0]] gives rows
        Tensor p = d(new double[] {1, 2, 3, 4}, 2, 2);
        assertValues(new double[] {1, 4}, gatherNd(p, constant(new int[] {0, 0, 1, 1}, 2, 2)), 0);
        Tensor rows = gatherNd(p, constant(new int[] {1, 0}, 2, 1));
        assertEquals(Shape2.of(2, 2), rows.shape());
        assertValues(new double[] {3, 4, 1, 2}, rows, 0);
        // a batch of index pairs: shape (2, 1, 2) -> (2, 1)
        assertEquals(Shape2.of(2, 1), gatherNd(p, constant(new int[] {0, 1, 1, 0}, 2, 1, 2)).shape());
        // empty slices and empty index lists keep their shapes
        assertEquals(Shape2.of(1, 0), gatherNd(zeros(DType.FLOAT32, 2, 0), constant(new int[] {1}, 1, 1)).shape());
        assertEquals(Shape2.of(0, 3), gatherNd(zeros(DType.FLOAT32, 2, 3), zeros(DType.INT32, 0, 1)).shape());
        String msg = message(() -> gatherNd(p, constant(new int[] {0, 2}, 1, 2)));
        assertTrue(msg.startsWith("gatherNd:") && msg.contains("[0, 2]"), msg);
        assertRejects("gatherNd", () -> gatherNd(p, constant(new int[] {0, 0, 0}, 1, 3)));
        assertRejects("gatherNd", () -> gatherNd(p, constant(0)));
    }

    @Test
    void unsortedSegmentSumIsGathersTranspose() {
        // TF docstring: unsorted_segment_sum([[1,2,3,4],[5,6,7,8],[4,3,2,1]], [0, 1, 0], 2) = [[5,5,5,5],[5,6,7,8]]
        Tensor c = constant(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 4, 3, 2, 1}, 3, 4);
        assertValues(new double[] {5, 5, 5, 5, 5, 6, 7, 8}, unsortedSegmentSum(c, constant(new int[] {0, 1, 0}, 3), 2), 0);
        assertValues(new double[] {2, 1, 2, 1}, unsortedSegmentSum(ones(DType.FLOAT32, 2, 3), constant(new int[] {0, 0, 1}, 3), 2, 1), 0);
        assertRejects("unsortedSegmentSum", () -> unsortedSegmentSum(c, constant(new int[] {0, 2, 0}, 3), 2));
        assertRejects("unsortedSegmentSum", () -> unsortedSegmentSum(c, constant(new int[] {0, 1}, 2), 2));
    }

    @Test
    void stridedSliceFollowsPythonAndTensorFlow() {
        // TF docstring: t = [[[1,1,1],[2,2,2]], [[3,3,3],[4,4,4]], [[5,5,5],[6,6,6]]]
        Tensor t = constant(new int[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6}, 3, 2, 3);
        Tensor a = stridedSlice(t, new int[] {1, 0, 0}, new int[] {2, 1, 3}, new int[] {1, 1, 1});
        assertEquals(Shape2.of(1, 1, 3), a.shape());
        assertValues(new double[] {3, 3, 3}, a, 0);
        assertValues(new double[] {3, 3, 3, 4, 4, 4}, stridedSlice(t, new int[] {1, 0, 0}, new int[] {2, 2, 3}, new int[] {1, 1, 1}), 0);
        Tensor c = stridedSlice(t, new int[] {1, -1, 0}, new int[] {2, -3, 3}, new int[] {1, -1, 1});
        assertEquals(Shape2.of(1, 2, 3), c.shape());
        assertValues(new double[] {4, 4, 4, 3, 3, 3}, c, 0);
        // Python: v[1:6:2] of 0..6 = [1, 3, 5]; v[5:0:-2] = [5, 3, 1]; v[-2:] = [5, 6]; v[::-1] via masks
        Tensor v = constant(new int[] {0, 1, 2, 3, 4, 5, 6}, 7);
        assertValues(new double[] {1, 3, 5}, stridedSlice(v, new int[] {1}, new int[] {6}, new int[] {2}), 0);
        assertValues(new double[] {5, 3, 1}, stridedSlice(v, new int[] {5}, new int[] {0}, new int[] {-2}), 0);
        assertValues(new double[] {5, 6}, stridedSlice(v, new int[] {-2}, new int[] {100}, new int[] {1}), 0);
        assertValues(new double[] {6, 5, 4, 3, 2, 1, 0}, stridedSlice(v, new int[] {0}, new int[] {0}, new int[] {-1}, 1, 1), 0);
        assertValues(new double[] {6, 3, 0}, stridedSlice(v, new int[] {0}, new int[] {0}, new int[] {-3}, 1, 1), 0);
        assertEquals(0, stridedSlice(v, new int[] {4}, new int[] {2}, new int[] {1}).size());
        // fewer entries than the rank: the remaining axes are taken whole
        assertEquals(Shape2.of(1, 2, 3), stridedSlice(t, new int[] {2}, new int[] {3}, new int[] {1}).shape());
        // the gradient scatters g into zeros: d sum(x[::2]) for 5 elements = [1, 0, 1, 0, 1]
        assertValues(new double[] {1, 0, 1, 0, 1}, grad(x -> stridedSlice(x, new int[] {0}, new int[] {5}, new int[] {2}),
                d(new double[] {1, 2, 3, 4, 5}, 5)), 0);
        assertRejects("stridedSlice", () -> stridedSlice(v, new int[] {0}, new int[] {1}, new int[] {0}));
        assertRejects("stridedSlice", () -> stridedSlice(v, new int[] {0, 0}, new int[] {1, 1}, new int[] {1, 1}));
        assertRejects("stridedSlice", () -> stridedSlice(v, new int[] {0}, new int[] {1, 1}, new int[] {1}));
    }

    @Test
    void stackUnstackAndSplit() {
        // TF docstring: stack([x, y, z]) of [1, 4], [2, 5], [3, 6] = [[1, 4], [2, 5], [3, 6]]; axis 1 = [[1, 2, 3], [4, 5, 6]]
        Tensor x = d(new double[] {1, 4}, 2);
        Tensor y = d(new double[] {2, 5}, 2);
        Tensor z = d(new double[] {3, 6}, 2);
        assertValues(new double[] {1, 4, 2, 5, 3, 6}, stack(List.of(x, y, z), 0), 0);
        Tensor s1 = stack(List.of(x, y, z), 1);
        assertEquals(Shape2.of(2, 3), s1.shape());
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, s1, 0);
        assertEquals(Shape2.of(2, 3), stack(List.of(x, y, z), -1).shape());
        List<Tensor> parts = unstack(s1, 1);
        assertEquals(3, parts.size());
        assertValues(new double[] {2, 5}, parts.get(1), 0);
        assertEquals(Shape2.of(3), unstack(s1, 0).get(0).shape());
        // TF docstring: split of a (5, 30) tensor into 3 along axis 1 -> (5, 10) each; [4, 15, 11] -> (5, 4), (5, 15), (5, 11)
        Tensor big = zeros(DType.FLOAT32, 5, 30);
        for (Tensor p : split(big, 3, 1)) {
            assertEquals(Shape2.of(5, 10), p.shape());
        }
        List<Tensor> uneven = split(big, new int[] {4, 15, 11}, 1);
        assertEquals(Shape2.of(5, 15), uneven.get(1).shape());
        assertEquals(Shape2.of(5, 11), split(big, new int[] {4, 15, -1}, 1).get(2).shape());
        assertValues(new double[] {3, 4}, split(d(new double[] {1, 2, 3, 4}, 4), new int[] {2, 2}, 0).get(1), 0);
        assertRejects("stack", () -> stack(List.of(x, d(new double[] {1, 2, 3}, 3)), 0));
        assertRejects("stack", () -> stack(List.of(), 0));
        assertRejects("stack", () -> stack(List.of(x), 2));
        assertRejects("split", () -> split(big, 7, 1));
        assertRejects("split", () -> split(big, new int[] {4, 15}, 1));
        assertRejects("unstack", () -> unstack(constant(1.0), 0));
    }

    private static Tensor sum(Tensor t) {
        return reduceSum(t);
    }

    @Test
    void squeezeExpandDimsAndTile() {
        // TF docstring: squeeze of shape (1, 2, 1, 3, 1, 1) -> (2, 3); with axes [2, 4] -> (1, 2, 3, 1)
        Tensor t = zeros(DType.FLOAT32, 1, 2, 1, 3, 1, 1);
        assertEquals(Shape2.of(2, 3), squeeze(t).shape());
        assertEquals(Shape2.of(1, 2, 3, 1), squeeze(t, 2, 4).shape());
        assertEquals(Shape2.of(1, 2, 1, 3, 1), squeeze(t, -1).shape());
        String msg = message(() -> squeeze(t, 1));
        assertTrue(msg.startsWith("squeeze:") && msg.contains("(1, 2, 1, 3, 1, 1)"), msg);
        // TF docstring: expand_dims of shape (10, 10, 3): axis 0 -> (1, 10, 10, 3), axis -1 -> (10, 10, 3, 1)
        Tensor img = zeros(DType.FLOAT32, 10, 10, 3);
        assertEquals(Shape2.of(1, 10, 10, 3), expandDims(img, 0).shape());
        assertEquals(Shape2.of(10, 10, 1, 3), expandDims(img, 2).shape());
        assertEquals(Shape2.of(10, 10, 3, 1), expandDims(img, -1).shape());
        assertRejects("expandDims", () -> expandDims(img, 4));
        // TF docstring: tile([[1, 2, 3], [4, 5, 6]], [1, 2]) = [[1,2,3,1,2,3],[4,5,6,4,5,6]]; [2, 1] repeats rows
        Tensor a = constant(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertValues(new double[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, tile(a, 1, 2), 0);
        assertValues(new double[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, tile(a, 2, 1), 0);
        assertEquals(Shape2.of(4, 6), tile(a, 2, 2).shape());
        // each element appears 2 * 3 = 6 times: d sum(tile(x, 2, 3)) = 6
        assertValues(new double[] {6, 6}, grad(v -> tile(v, 2, 3), d(new double[] {1, 2}, 2, 1)), 0);
        assertRejects("tile", () -> tile(a, 2));
        assertRejects("tile", () -> tile(a, 1, -1));
    }

    @Test
    void reverseAndOneHot() {
        // TF docstring: reverse([[[[0,1,2,3],[4,5,6,7],[8,9,10,11]], [[12,...,23]]]], axis [3]) reverses the innermost
        Tensor m = constant(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertValues(new double[] {3, 2, 1, 6, 5, 4}, reverse(m, 1), 0);
        assertValues(new double[] {4, 5, 6, 1, 2, 3}, reverse(m, 0), 0);
        assertValues(new double[] {6, 5, 4, 3, 2, 1}, reverse(m, 0, -1), 0);
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, reverse(m), 0);
        // the gradient of reverse is reverse: d sum(w * reverse(x)) = reverse(w)
        Tensor x = d(new double[] {1, 2, 3}, 3);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = reduceSum(mul(d(new double[] {10, 20, 30}, 3), reverse(x, 0)));
        }
        assertValues(new double[] {30, 20, 10}, tape.gradient(y, x), 0);
        assertRejects("reverse", () -> reverse(m, 0, 0));
        // TF docstring: one_hot([0, 1, 2], 3) = identity; an index outside [0, depth) gives a zero row
        Tensor oh = oneHot(constant(new int[] {0, 2, -1, 3}, 4), 3);
        assertDType(DType.FLOAT32, oh);
        assertEquals(Shape2.of(4, 3), oh.shape());
        assertValues(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, oh, 0);
        assertEquals(Shape2.of(2, 2, 5), oneHot(cast(constant(new int[] {0, 1, 2, 3}, 2, 2), DType.INT64), 5).shape());
        assertRejects("oneHot", () -> oneHot(constant(new float[] {1}, 1), 3));
        assertRejects("oneHot", () -> oneHot(constant(new int[] {1}, 1), -1));
    }

    // ============================================================================ einsum

    @Test
    void einsumCoversTheCommonTwoOperandForms() {
        Tensor a = rand(40, -1, 1, 2, 3);
        Tensor b = rand(41, -1, 1, 3, 4);
        assertValues(matmul(a, b).toDoubleArray(), einsum("ij,jk->ik", a, b), 1e-15);
        assertValues(matmul(a, b).toDoubleArray(), einsum("ij,jk", a, b), 1e-15); // implicit output: i, k
        assertValues(transpose(matmul(a, b)).toDoubleArray(), einsum("ij,jk->ki", a, b), 1e-15);
        Tensor ba = rand(42, -1, 1, 5, 2, 3);
        Tensor bb = rand(43, -1, 1, 5, 3, 4);
        assertValues(matmul(ba, bb).toDoubleArray(), einsum("bij,bjk->bik", ba, bb), 1e-15);
        // TF docstring examples: outer product, dot product, transpose
        Tensor u = d(new double[] {1, 2}, 2);
        Tensor v = d(new double[] {3, 4, 5}, 3);
        assertValues(new double[] {3, 4, 5, 6, 8, 10}, einsum("i,j->ij", u, v), 0);
        assertEquals(11.0, einsum("i,i->", u, d(new double[] {3, 4}, 2)).doubleValue());  // 1*3 + 2*4
        assertValues(new double[] {1, 4, 2, 5, 3, 6}, einsum("ij->ji", d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)), 0);
        assertValues(new double[] {5, 7, 9}, einsum("ij->j", d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)), 0);
        assertEquals(21.0, einsum("ij->", d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)).doubleValue());
        // row-wise dot: [[1, 2], [3, 4]] . [[5, 6], [7, 8]] per row = [17, 53]
        assertValues(new double[] {17, 53}, einsum("ij,ij->i", d(new double[] {1, 2, 3, 4}, 2, 2), d(new double[] {5, 6, 7, 8}, 2, 2)), 0);
        // a label in one operand only is summed first: sum_j a_ij * sum_k c_k
        Tensor c = d(new double[] {1, 2, 3, 4}, 4);
        assertValues(mul(reduceSum(a, 1), constant(10.0)).toDoubleArray(), einsum("ij,k->i", a, c), 1e-15);
        // a shared label kept in the output is a batch label: out[i, j, k] = a[i, j] b[j, k]
        Tensor ijk = einsum("ij,jk->ijk", a, b);
        assertEquals(Shape2.of(2, 3, 4), ijk.shape());
        assertValues(mul(expandDims(a, -1), expandDims(b, 0)).toDoubleArray(), ijk, 1e-15);
        // float32 batched matmul with the output transposed
        Tensor fa = cast(ba, DType.FLOAT32);
        Tensor fb = cast(bb, DType.FLOAT32);
        assertValues(transpose(matmul(fa, fb), 0, 2, 1).toDoubleArray(), einsum("bij,bjk->bki", fa, fb), 1e-6);
        assertRejects("einsum", () -> einsum("ij,jk->ik", a, a));           // j: 3 vs 2
        assertRejects("einsum", () -> einsum("ii->i", rand(1, 0, 1, 2, 3))); // diagonal of a non-square pair
        assertRejects("einsum", () -> einsum("i->ii", rand(1, 0, 1, 2)));    // output diagonal: not supported
        assertRejects("einsum", () -> einsum("ij,jk->il", a, b));          // l is not an input label
        assertRejects("einsum", () -> einsum("...ij,jk->ik", ba, b));      // the ellipsis' axis (5) has no place in the output
        assertRejects("einsum", () -> einsum("ij->ij", a, b));             // two operands, one named
        assertRejects("einsum", () -> einsum("ijk,jk->ik", a, b));         // rank mismatch
    }

    /**
     * TensorFlow's einsum also takes ellipses (broadcast axes, einsum_op_impl.h ProcessDimensions) and labels
     * repeated within an operand (diagonals, its StrideOrInflate); both used to be rejected. Expected values are
     * NumPy 1.24's np.einsum on the same inputs, x[i] = (7 i mod 11) - 5 in row-major order.
     */
    @Test
    void einsumEllipsesAndDiagonalsMatchNumPy() {
        assertValues(new double[] {39, 6, 5, -25, -7, 10, 39, -16, 7, 10, -14, -30, -16, -16, 9, 12, 34, -37, 3, -21,
            -9, 14, -10, 16, 9, 7, -12, -33, -11, 26, 4, 13, 29, -36, -34, 25},
                einsum("...ij,...jk->...ik", pattern(2, 1, 3, 4), pattern(3, 4, 2)), 0); // batch (2, 1) with (3,): (2, 3)
        assertEquals(Shape2.of(2, 3, 3, 2), einsum("...ij,...jk->...ik", pattern(2, 1, 3, 4), pattern(3, 4, 2)).shape());
        assertValues(new double[] {58, -19, 3, 28, -15, -14}, einsum("b...i,bi->b...", pattern(2, 3, 4), pattern(2, 4)), 0);
        assertValues(new double[] {19, -1, 1, -30, 7, -20, 19, 25, -1, 1, -30, 5, -20, 19, 25, -24},
                einsum("ij...,jk...->ik...", pattern(2, 3, 4), pattern(3, 2, 1)), 0);
        assertValues(new double[] {35, -22, 20, -15, 4, -6, -5, 40}, einsum("iij,jk->ik", pattern(2, 2, 3), pattern(3, 4)), 0);
        // implicit outputs: the ellipsis first, then the once-labels alphabetically, uppercase before lowercase
        assertEquals(Shape2.of(2, 3, 4), einsum("...ij", pattern(2, 3, 4)).shape());
        assertEquals(Shape2.of(2, 4), einsum("Ba,aC", pattern(2, 3), pattern(3, 4)).shape());
        // diagonal and trace pick entries: an infinity or NaN off the diagonal stays out, and ints work
        Tensor m = d(new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 2}, 2, 2);
        assertValues(new double[] {1, 2}, einsum("ii->i", m), 0);
        assertEquals(3.0, einsum("ii", m).doubleValue());
        assertArrayEquals(new int[] {1, 4}, einsum("ii->i", constant(new int[] {1, 2, 3, 4}, 2, 2)).toIntArray());
        // errors name the equation and the shapes
        assertRejects("einsum", () -> einsum("...ij,...jk->...ik", pattern(2, 3, 4), pattern(3, 4, 2))); // batch 2 vs 3
        assertRejects("einsum", () -> einsum("..ij->ij", pattern(3, 4)));
        assertRejects("einsum", () -> einsum("...i...->i", pattern(3, 4)));
        assertRejects("einsum", () -> einsum("...ijk->i", pattern(3, 4)));
        assertRejects("einsum", () -> einsum("ij->i->j", pattern(2, 2)));
    }

    /**
     * tf.tensordot (math_ops.py): integer axes contract a's last with b's first; axis lists pair up. Expected
     * values are NumPy 1.24's np.tensordot on the same inputs; the errors follow TensorFlow's _tensordot_axes.
     */
    @Test
    void tensordotMatchesNumPy() {
        assertValues(new double[] {25, 1, 43, -80, -16, -21, -51, 29, 21, 2},
                tensordot(pattern(2, 3, 4), pattern(3, 4, 5), 2), 0);
        assertValues(new double[] {69, 12, 54, -36, -27, -43, 15, -26, -1, 46},
                tensordot(pattern(2, 3, 4), pattern(4, 3, 5), new int[] {1, 2}, new int[] {1, 0}), 0);
        assertEquals(Shape2.of(2, 4, 5), tensordot(pattern(3, 2), pattern(4, 5, 3), new int[] {-2}, new int[] {-1}).shape());
        assertEquals(Shape2.of(3, 4), tensordot(pattern(3), pattern(4), 0).shape());  // outer product
        assertEquals(Shape2.of(), tensordot(pattern(3), pattern(3), 1).shape());      // dot product
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), pattern(3, 4), 3));  // more axes than a has
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), pattern(3, 4), -1));
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), pattern(2, 4), 1));  // 3 vs 2
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), pattern(3, 4), new int[] {1}, new int[] {0, 1}));
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), pattern(3, 3), new int[] {1, 1}, new int[] {0, 1}));
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), pattern(3, 4), new int[] {2}, new int[] {0}));
        assertRejects("tensordot", () -> tensordot(pattern(2, 3), cast(pattern(3, 4), DType.FLOAT32), 1));
        // a result too large for a shape (100000 x 100000 from an empty contraction) is tensordot's error with that
        // shape; it was reported as the inner matmul's, naming an op the caller never called
        String big = message(() -> tensordot(zeros(DType.FLOAT32, 100_000, 0), zeros(DType.FLOAT32, 0, 100_000), 1));
        assertTrue(big.startsWith("tensordot:") && big.contains("[100000, 100000]"), big);
    }

    /** x[i] = (7 i mod 11) - 5, row-major: small integers, so products are exact. */
    private static Tensor pattern(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 7 % 11) - 5;
        }
        return d(v, shape);
    }

    // ============================================================================ activations

    @Test
    void activationsMatchTensorFlowValues() {
        Tensor x = d(new double[] {-3, -1, 0, 1, 3}, 5);
        // TF docstring for tf.nn.gelu on [-3, -1, 0, 1, 3]
        assertValues(new double[] {-0.00404951, -0.15865529, 0, 0.8413447, 2.9959507}, NN.gelu(x), 1e-6);
        assertValues(new double[] {-0.00363752, -0.15880796, 0, 0.841192, 2.9963627}, NN.gelu(x, true), 1e-6);
        // elu: e^x - 1 below 0; selu: scale * (alpha (e^x - 1)) below 0, scale x above
        assertValues(new double[] {Math.expm1(-3), Math.expm1(-1), 0, 1, 3}, NN.elu(x), 1e-15);
        double sa = 1.0507009873554805 * 1.6732632423543772;
        assertValues(new double[] {sa * Math.expm1(-3), sa * Math.expm1(-1), 0, 1.0507009873554805, 3 * 1.0507009873554805}, NN.selu(x), 1e-15);
        // softplus(0) = log 2; softplus(x) = log(1 + e^x)
        assertValues(new double[] {Math.log1p(Math.exp(-3)), Math.log1p(Math.exp(-1)), Math.log(2), Math.log1p(Math.E), 3 + Math.log1p(Math.exp(-3))},
                NN.softplus(x), 1e-15);
        assertValues(new double[] {-0.6, -0.2, 0, 1, 3}, NN.leakyRelu(x), 1e-15);
        assertValues(new double[] {-0.3, -0.1, 0, 1, 3}, NN.leakyRelu(x, 0.1), 1e-15);
        assertValues(new double[] {-3 / (1 + Math.exp(3)), -1 / (1 + Math.E), 0, 1 / (1 + Math.exp(-1)), 3 / (1 + Math.exp(-3))}, NN.swish(x), 1e-15);
        assertValues(new double[] {0, 0, 0, 1, 3}, NN.relu(x), 0);
        assertValues(new double[] {0.5, 0.5}, NN.softmax(d(new double[] {7, 7}, 2)), 1e-15);
        assertValues(new double[] {0, -1000}, NN.logSoftmax(d(new double[] {1000, 0}, 2)), 1e-12);
        assertEquals(0.5, NN.sigmoid(constant(0.0)).doubleValue());
    }

    @Test
    void activationGradientsAtZeroFollowTensorFlow() {
        Tensor zero = d(new double[] {0}, 1);
        assertValues(new double[] {0.2}, grad(NN::leakyRelu, zero), 0);    // TF: alpha at 0
        assertValues(new double[] {1}, grad(NN::elu, zero), 0);            // TF EluGrad: g (outputs not < 0)
        assertValues(new double[] {0.5}, grad(NN::softplus, zero), 1e-15); // sigmoid(0)
        assertValues(new double[] {0}, grad(NN::relu, zero), 0);           // TF: 0
        assertValues(new double[] {0.5}, grad(NN::swish, zero), 1e-15);    // sigmoid(0) + 0
        assertValues(new double[] {0.5}, grad(NN::gelu, zero), 1e-15);     // Phi(0)
        // TF SeluGrad (relu_op_functor.h): activations < 0 ? g (act + scale alpha) : g scale; selu(0) = 0 is not
        // < 0, so scale, not scale alpha (the negative branch's slope)
        assertValues(new double[] {1.0507009873554805}, grad(NN::selu, zero), 0);
        // forward mode takes the same branch
        ForwardAccumulator acc = new ForwardAccumulator(List.of(zero), List.of(onesLike(zero)));
        Tensor y;
        try (acc) {
            y = NN.selu(zero);
        }
        assertValues(new double[] {1.0507009873554805}, acc.jvp(y), 0);
        // a NaN input: TF's grad kernels test act < 0, false for NaN, so the linear branch's slope, not NaN
        Tensor nan = d(new double[] {Double.NaN}, 1);
        assertValues(new double[] {1.0507009873554805}, grad(NN::selu, nan), 0);
        assertValues(new double[] {1}, grad(NN::elu, nan), 0);
    }

    @Test
    void activationSecondDerivativesFollowTensorFlow() {
        double scale = 1.0507009873554805;
        double sa = scale * 1.6732632423543772;
        Tensor x = d(new double[] {-1, 0, 1}, 3);
        // elu'' = e^x below 0; 0 at and above 0: TF's _EluGradGrad (nn_grad.py) is
        // where(elu_x < 0, grad * dy, zeros), and elu(0) = 0 is not < 0
        assertValues(new double[] {Math.exp(-1), 0, 0}, grad2(NN::elu, x), 1e-15);
        // selu'' = scale alpha e^x below 0; 0 at and above 0: TF's _SeluGradGrad is where(selu_x < 0, grad * dy, zeros)
        assertValues(new double[] {sa * Math.exp(-1), 0, 0}, grad2(NN::selu, x), 1e-15);
        // the first derivatives there: e^x | 1 | 1 and scale alpha e^x | scale | scale
        assertValues(new double[] {Math.exp(-1), 1, 1}, grad(NN::elu, x), 1e-15);
        assertValues(new double[] {sa * Math.exp(-1), scale, scale}, grad(NN::selu, x), 1e-15);
        // leakyRelu'' is zeros, not null: TF's _LeakyReluGradGrad returns zeros_like(x) for x (as relu's)
        assertValues(new double[] {0, 0, 0}, grad2(NN::leakyRelu, x), 0);
        assertValues(new double[] {0, 0, 0}, grad2(v -> NN.leakyRelu(v, 0.1), cast(x, DType.FLOAT32)), 0);
    }

    /** The gradient, with respect to x, of the gradient of sum(f(x)) (an outer tape around the inner one). */
    private static Tensor grad2(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        GradientTape outer = new GradientTape();
        Tensor g;
        try (outer) {
            outer.watch(x);
            g = grad(f, x);
        }
        return outer.gradient(g, x);
    }

    @Test
    void activationsAreFiniteAtPlusMinusThousand() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = cast(d(new double[] {-1000, 1000}, 2), dt);
            for (java.util.function.Function<Tensor, Tensor> f : List.<java.util.function.Function<Tensor, Tensor>>of(
                    NN::softplus, NN::elu, NN::selu, NN::gelu, v -> NN.gelu(v, true), NN::swish, NN::leakyRelu)) {
                double[] val = f.apply(x).toDoubleArray();
                double[] g = grad(f, x).toDoubleArray();
                for (int i = 0; i < 2; i++) {
                    assertTrue(Double.isFinite(val[i]) && Double.isFinite(g[i]), dt + " value " + val[i] + " gradient " + g[i]);
                }
            }
        }
        assertEquals(1000.0, NN.softplus(constant(1000.0)).doubleValue());
    }

    // ============================================================================ losses

    @Test
    void softmaxCrossEntropyMatchesTensorFlow() {
        // TF docstring: logits [[4, 2, 1], [0, 5, 1]], labels [[1, 0, 0], [0, 0.8, 0.2]] -> [0.16984604, 0.82474494]
        Tensor logits = constant(new float[] {4, 2, 1, 0, 5, 1}, 2, 3);
        Tensor labels = constant(new float[] {1, 0, 0, 0, 0.8f, 0.2f}, 2, 3);
        assertValues(new double[] {0.16984604, 0.82474494}, NN.softmaxCrossEntropyWithLogits(labels, logits), 1e-6);
        // d logits = softmax - labels; d labels = -logSoftmax
        GradientTape t = new GradientTape();
        Tensor loss;
        try (t) {
            t.watch(logits, labels);
            loss = NN.softmaxCrossEntropyWithLogits(labels, logits);
        }
        List<Tensor> g = t.gradient(loss, List.of(logits, labels));
        assertValues(sub(softmax(logits, -1), labels).toDoubleArray(), g.get(0), 1e-6);
        assertValues(neg(logSoftmax(logits, -1)).toDoubleArray(), g.get(1), 1e-6);
        // a zero label against a logit of -inf: TF's kernel (xent_op.h) forms every class's term,
        // labels * (log(sum(exp(shifted))) - shifted), and 0 * inf = NaN, so the loss is NaN there too; its
        // gradient, softmax - labels, is finite: [1 / (1 + e) - 1, 0, e / (1 + e)]
        Tensor masked = constant(new float[] {0, Float.NEGATIVE_INFINITY, 1}, 1, 3);
        Tensor first = constant(new float[] {1, 0, 0}, 1, 3);
        assertValues(new double[] {Double.NaN}, NN.softmaxCrossEntropyWithLogits(first, masked), 0);
        assertValues(new double[] {1 / (1 + Math.E) - 1, 0, Math.E / (1 + Math.E)},
                grad(v -> NN.softmaxCrossEntropyWithLogits(first, v), masked), 1e-6);
        assertRejects("softmaxCrossEntropyWithLogits", () -> NN.softmaxCrossEntropyWithLogits(labels, constant(new float[] {1, 2}, 1, 2)));
        assertRejects("softmaxCrossEntropyWithLogits", () -> NN.softmaxCrossEntropyWithLogits(constant(1f), constant(1f)));
    }

    @Test
    void sparseSoftmaxCrossEntropy() {
        Tensor logits = d(new double[] {0, 0, 1, 2, 3, 4}, 2, 3);
        Tensor labels = constant(new int[] {1, 2}, 2);
        // row 0, label 1: logSumExp(0, 0, 1) - 0 = log(2 + e) = 1.5514447;
        // row 1, label 2: logSumExp(2, 3, 4) - 4 = log(e^-2 + e^-1 + 1) = 0.40760596
        assertValues(new double[] {Math.log(2 + Math.E), 0.40760596444},
                NN.sparseSoftmaxCrossEntropyWithLogits(labels, logits), 1e-9);
        Tensor g = grad(v -> NN.sparseSoftmaxCrossEntropyWithLogits(labels, v), logits);
        Tensor expected = sub(softmax(logits, -1), cast(oneHot(labels, 3), DType.FLOAT64));
        assertValues(expected.toDoubleArray(), g, 1e-15);
        // masked logits: TF's kernel (sparse_xent_op.h) forms the label's term alone,
        // log(sum(exp(shifted))) - shifted[label], 0 for the other classes, so a -inf off the label is no NaN:
        // logits [0, -inf, 1], label 0 -> log(e^0 + e^-inf + e^1) - 0 = log(1 + e) = 1.3132617;
        // gradient softmax - oneHot = [1 / (1 + e) - 1, 0, e / (1 + e)] = [-0.7311, 0, 0.7311]
        Tensor first = constant(new int[] {0}, 1);
        double[] want = {1 / (1 + Math.E) - 1, 0, Math.E / (1 + Math.E)};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor masked = cast(constant(new float[] {0, Float.NEGATIVE_INFINITY, 1}, 1, 3), dt);
            double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-15;
            assertValues(new double[] {Math.log1p(Math.E)}, NN.sparseSoftmaxCrossEntropyWithLogits(first, masked), tol);
            assertValues(want, grad(v -> NN.sparseSoftmaxCrossEntropyWithLogits(first, v), masked), tol);
        }
        String msg = message(() -> NN.sparseSoftmaxCrossEntropyWithLogits(constant(new int[] {1, 3}, 2), logits));
        assertTrue(msg.startsWith("sparseSoftmaxCrossEntropyWithLogits:") && msg.contains("3") && msg.contains("[0, 3)"), msg);
        assertRejects("sparseSoftmaxCrossEntropyWithLogits", () -> NN.sparseSoftmaxCrossEntropyWithLogits(constant(new int[] {1}, 1), logits));
        assertRejects("sparseSoftmaxCrossEntropyWithLogits", () -> NN.sparseSoftmaxCrossEntropyWithLogits(d(new double[] {1, 2}, 2), logits));
    }

    @Test
    void sigmoidCrossEntropyMatchesTensorFlow() {
        // TF docstring: logits [1, -1, 0, 1, -1, 0, 0], labels [1, 1, 1, 0, 0, 0, 0.5]
        // -> [0.31326166, 1.3132616, 0.6931472, 1.3132616, 0.31326166, 0.6931472, 0.6931472]
        Tensor logits = constant(new float[] {1, -1, 0, 1, -1, 0, 0}, 7);
        Tensor labels = constant(new float[] {1, 1, 1, 0, 0, 0, 0.5f}, 7);
        assertValues(new double[] {0.31326166, 1.3132616, 0.6931472, 1.3132616, 0.31326166, 0.6931472, 0.6931472},
                NN.sigmoidCrossEntropyWithLogits(labels, logits), 1e-6);
        // gradient sigmoid(x) - z, also at x = 0: [0.7311 - 1, 0.2689 - 1, 0.5 - 1, ...]
        Tensor g = grad(v -> NN.sigmoidCrossEntropyWithLogits(labels, v), logits);
        assertValues(sub(sigmoid(logits), labels).toDoubleArray(), g, 1e-6);
        assertRejects("sigmoidCrossEntropyWithLogits", () -> NN.sigmoidCrossEntropyWithLogits(labels, constant(new float[] {1}, 1)));
    }

    @Test
    void lossesAreFiniteForLogitsOfThousand() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor logits = cast(d(new double[] {1000, -1000, 0, -1000, 1000, 1000}, 2, 3), dt);
            Tensor labels = cast(d(new double[] {0, 1, 0, 0.5, 0.5, 0}, 2, 3), dt);
            Tensor ints = constant(new int[] {1, 0}, 2);
            List<java.util.function.Function<Tensor, Tensor>> losses = List.of(
                    v -> NN.softmaxCrossEntropyWithLogits(labels, v),
                    v -> NN.sparseSoftmaxCrossEntropyWithLogits(ints, v),
                    v -> NN.sigmoidCrossEntropyWithLogits(labels, v),
                    v -> NN.meanSquaredError(labels, v));
            for (java.util.function.Function<Tensor, Tensor> f : losses) {
                for (double l : f.apply(logits).toDoubleArray()) {
                    assertTrue(Double.isFinite(l), dt + " loss " + l);
                }
                for (double gi : grad(f, logits).toDoubleArray()) {
                    assertTrue(Double.isFinite(gi), dt + " gradient " + gi);
                }
            }
            // softmax CE: row 0 picks logit -1000 against 1000: loss 2000 exactly
            assertEquals(2000.0, NN.softmaxCrossEntropyWithLogits(labels, logits).toDoubleArray()[0], 1e-3);
        }
    }

    @Test
    void meanSquaredErrorPerExample() {
        // rows [0, 1] vs [1, 1]: (1 + 0) / 2 = 0.5; [1, 0] vs [1, 0]: 0
        Tensor t = d(new double[] {0, 1, 1, 0}, 2, 2);
        Tensor p = d(new double[] {1, 1, 1, 0}, 2, 2);
        assertValues(new double[] {0.5, 0}, NN.meanSquaredError(t, p), 0);
        assertEquals(4.0, NN.meanSquaredError(constant(1.0), constant(3.0)).doubleValue());
        // d/dp mean((p - t)^2) = 2 (p - t) / n: row 0 -> [1, 0]
        assertValues(new double[] {1, 0, 0, 0}, grad(v -> NN.meanSquaredError(t, v), p), 0);
        String msg = message(() -> NN.meanSquaredError(d(new double[] {1, 2}, 2), d(new double[] {1, 2}, 2, 1)));
        assertTrue(msg.startsWith("meanSquaredError:") && msg.contains("(2,)") && msg.contains("(2, 1)"), msg);
    }

    // ============================================================================ convolution and pooling

    @Test
    void conv2dHandWorkedExample() {
        // 3x3 image 1..9, 2x2 filter [[1, 0], [0, -1]] (x[i][j] - x[i+1][j+1]), VALID, stride 1:
        // every output is x - x(down-right) = -4: [[-4, -4], [-4, -4]]
        Tensor img = constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        Tensor f = constant(new float[] {1, 0, 0, -1}, 2, 2, 1, 1);
        Tensor y = NN.conv2d(img, f, new int[] {1}, "VALID");
        assertEquals(Shape2.of(1, 2, 2, 1), y.shape());
        assertValues(new double[] {-4, -4, -4, -4}, y, 0);
        // SAME: output 3x3, padding total 1 goes after (0 before): the last row and column see zeros below/right:
        // [[-4, -4, 3], [-4, -4, 6], [7, 8, 9]]
        assertValues(new double[] {-4, -4, 3, -4, -4, 6, 7, 8, 9}, NN.conv2d(img, f, new int[] {1, 1}, "SAME"), 0);
        // stride 2 SAME on 3x3: output 2x2, padding total (2-1)*2 + 2 - 3 = 1 -> 0 top, 1 bottom: rows/cols 0 and 2
        assertValues(new double[] {-4, 3, 7, 9}, NN.conv2d(img, f, new int[] {1, 2, 2, 1}, "SAME"), 0);
    }

    @Test
    void conv2dRejectsBadInput() {
        Tensor x = zeros(DType.FLOAT32, 1, 4, 4, 2);
        Tensor f = zeros(DType.FLOAT32, 3, 3, 2, 1);
        assertRejects("conv2d", () -> NN.conv2d(zeros(DType.FLOAT32, 4, 4, 2), f, new int[] {1}, "SAME"));
        assertRejects("conv2d", () -> NN.conv2d(x, zeros(DType.FLOAT32, 3, 3, 2), new int[] {1}, "SAME"));
        String ch = message(() -> NN.conv2d(x, zeros(DType.FLOAT32, 3, 3, 3, 1), new int[] {1}, "SAME"));
        assertTrue(ch.startsWith("conv2d:") && ch.contains("(3, 3, 3, 1)") && ch.contains("(1, 4, 4, 2)"), ch);
        String pad = message(() -> NN.conv2d(x, f, new int[] {1}, "same"));
        assertTrue(pad.startsWith("conv2d:") && pad.contains("\"same\""), pad);
        assertRejects("conv2d", () -> NN.conv2d(x, f, new int[] {1}, "FULL"));
        assertRejects("conv2d", () -> NN.conv2d(x, f, new int[] {1, 1, 1}, "SAME"));
        assertRejects("conv2d", () -> NN.conv2d(x, f, new int[] {2, 1, 1, 1}, "SAME"));
        assertRejects("conv2d", () -> NN.conv2d(x, f, new int[] {0}, "SAME"));
        assertRejects("conv2d", () -> NN.conv2d(x, zeros(DType.FLOAT32, 5, 5, 2, 1), new int[] {1}, "VALID"));
        assertRejects("conv2d", () -> NN.conv2d(x, zeros(DType.FLOAT64, 3, 3, 2, 1), new int[] {1}, "SAME"));
        assertRejects("conv2d", () -> NN.conv2d(zeros(DType.INT32, 1, 4, 4, 2), zeros(DType.INT32, 3, 3, 2, 1), new int[] {1}, "SAME"));
        assertRejects("maxPool2d", () -> NN.maxPool2d(zeros(DType.INT32, 1, 4, 4, 2), new int[] {2}, new int[] {1}, "SAME"));
    }

    @Test
    void conv2dTransposeHandWorkedAndTorchExamples() {
        // ones (1, 2, 2, 1) by a ones 2x2 filter, stride 1 VALID into 3x3: each input cell adds a 2x2 block of ones,
        // so the centre gets 4, the edge middles 2 and the corners 1
        Tensor x = ones(DType.FLOAT32, 1, 2, 2, 1);
        Tensor w = ones(DType.FLOAT32, 2, 2, 1, 1);
        assertValues(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, NN.conv2dTranspose(x, w, new int[] {1, 3, 3, 1}, new int[] {1}, "VALID"), 0);
        // stride 2: the blocks do not overlap; outputShape (height, width) takes batch and channels from input and filters
        Tensor y = NN.conv2dTranspose(x, w, new int[] {4, 4}, new int[] {2}, "VALID");
        assertEquals(io.gradtape.Shape.of(1, 4, 4, 1), y.shape());
        assertValues(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, y, 0);
        // SAME, stride 2, 3x3 filter 1..9 into 4x4: conv2d over 4 rows pads (2-1)*2 + 3 - 4 = 1 row, none on top, so
        // the result is the top-left 4x4 of torch.nn.functional.conv_transpose2d(x, w, stride=2) (5x5), in PyTorch 1.13:
        // [[1, 2, 5, 4], [4, 5, 14, 10], [10, 14, 36, 24], [12, 15, 34, 20]]
        Tensor x2 = constant(new double[] {1, 2, 3, 4}, 1, 2, 2, 1);
        Tensor w2 = constant(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3, 1, 1);
        assertValues(new double[] {1, 2, 5, 4, 4, 5, 14, 10, 10, 14, 36, 24, 12, 15, 34, 20},
                NN.conv2dTranspose(x2, w2, new int[] {1, 4, 4, 1}, new int[] {2}, "SAME"), 0);
        // VALID, stride 3 > kernel 2 into 6x6 (Keras's size (2 - 1) * 3 + max(2, 3)): torch's 5x5 with a zero row and
        // column added; into 5x5 (which a conv2d maps to 2x2 as well) exactly torch's
        Tensor x3 = constant(new double[] {1, -2, 0.5, 3}, 1, 2, 2, 1);
        Tensor w3 = constant(new double[] {1, 2, 3, 4}, 2, 2, 1, 1);
        double[] torch5 = {1, 2, 0, -2, -4, 3, 4, 0, -6, -8, 0, 0, 0, 0, 0, 0.5, 1, 0, 3, 6, 1.5, 2, 0, 9, 12};
        assertValues(torch5, NN.conv2dTranspose(x3, w3, new int[] {1, 5, 5, 1}, new int[] {3}, "VALID"), 0);
        double[] six = new double[36];
        for (int r = 0; r < 5; r++) {
            System.arraycopy(torch5, r * 5, six, r * 6, 5);
        }
        assertValues(six, NN.conv2dTranspose(x3, w3, new int[] {1, 6, 6, 1}, new int[] {3}, "VALID"), 0);
    }

    @Test
    void conv2dTransposeIsTheInputGradientOfConv2d() {
        // tf.nn.conv2d_transpose is Conv2DBackpropInput (tensorflow/python/ops/nn_ops.py, conv2d_transpose_v2): the
        // gradient of sum(g * conv2d(x, w)) for x is conv2dTranspose(g, w) with x's shape, for every geometry
        Tensor x = constant(new double[7 * 8 * 2], 1, 7, 8, 2);
        double[] wv = new double[3 * 2 * 2 * 3];
        for (int i = 0; i < wv.length; i++) {
            wv[i] = Math.sin(0.7 * i + 0.3);
        }
        Tensor w = constant(wv, 3, 2, 2, 3);
        for (String padding : new String[] {"SAME", "VALID"}) {
            for (int[] strides : new int[][] {{1}, {2}, {3, 2}}) {
                for (int[] dil : new int[][] {{1}, {2, 1}}) {
                    Tensor y = NN.conv2d(x, w, strides, padding, dil);
                    double[] gv = new double[(int) y.size()];
                    for (int i = 0; i < gv.length; i++) {
                        gv[i] = Math.cos(0.37 * i);
                    }
                    Tensor g = constant(gv, y.shape().dims());
                    Tensor viaTape = grad(v -> mul(NN.conv2d(v, w, strides, padding, dil), g), x);
                    Tensor t = NN.conv2dTranspose(g, w, new int[] {1, 7, 8, 2}, strides, padding, dil);
                    assertArrayEquals(viaTape.toDoubleArray(), t.toDoubleArray(), 1e-12, padding + " " + java.util.Arrays.toString(strides));
                }
            }
        }
    }

    @Test
    void conv2dTransposeRejectsBadInput() {
        Tensor x = ones(DType.FLOAT32, 1, 3, 3, 2);
        Tensor f = ones(DType.FLOAT32, 3, 3, 1, 2);
        // a conv2d over 4x4 with stride 2 SAME gives 2x2, not the input's 3x3 (TF: "Conv2DBackpropInput: Size of
        // out_backprop doesn't match computed", conv_grad_shape_utils.cc)
        String fit = message(() -> NN.conv2dTranspose(x, f, new int[] {1, 4, 4, 1}, new int[] {2}, "SAME"));
        assertTrue(fit.startsWith("conv2dTranspose:") && fit.contains("[1, 4, 4, 1]") && fit.contains("(1, 3, 3, 2)")
                && fit.contains("2x2"), fit);
        String ch = message(() -> NN.conv2dTranspose(x, ones(DType.FLOAT32, 3, 3, 1, 3), new int[] {1, 5, 5, 1}, new int[] {2}, "SAME"));
        assertTrue(ch.startsWith("conv2dTranspose:") && ch.contains("(3, 3, 1, 3)") && ch.contains("(1, 3, 3, 2)"), ch);
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, 5, 5, 2}, new int[] {2}, "SAME"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {2, 5, 5, 1}, new int[] {2}, "SAME"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, 5, 5}, new int[] {2}, "SAME"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, -5, 5, 1}, new int[] {2}, "SAME"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, 2, 2, 1}, new int[] {1}, "VALID"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, 5, 5, 1}, new int[] {1}, "same"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, 5, 5, 1}, new int[] {0}, "VALID"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, f, new int[] {1, Integer.MAX_VALUE, 5, 1}, new int[] {1 << 30}, "SAME"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(x, ones(DType.FLOAT64, 3, 3, 1, 2), new int[] {1, 5, 5, 1}, new int[] {1}, "VALID"));
        assertRejects("conv2dTranspose", () -> NN.conv2dTranspose(ones(DType.INT32, 1, 3, 3, 2), ones(DType.INT32, 3, 3, 1, 2),
                new int[] {1, 5, 5, 1}, new int[] {1}, "VALID"));
        assertThrows(NullPointerException.class, () -> NN.conv2dTranspose(x, f, null, new int[] {1}, "VALID"));
    }

    @Test
    void maxPoolValuesAndTieGoesToTheFirstElement() {
        // TF docstring (max_pool2d): [[1, 2, 3], [4, 5, 6], [7, 8, 9]], ksize 2, stride 1, VALID -> [[5, 6], [8, 9]]
        Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        assertValues(new double[] {5, 6, 8, 9}, NN.maxPool2d(x, new int[] {2}, new int[] {1}, "VALID"), 0);
        // SAME, stride 2 on 3x3: windows rows {0,1}, {2}; padding is -inf, so all-negative inputs are fine
        Tensor negs = mul(x, constant(-1f));
        assertValues(new double[] {-1, -3, -7, -9}, NN.maxPool2d(negs, new int[] {2}, new int[] {2}, "SAME"), 0);
        // a 2x2 window of equal values: the whole gradient goes to the first (TF max_pool; reduceMax would share)
        Tensor flat = d(new double[] {0.6, 0.6, 0.6, 0.3}, 1, 2, 2, 1);
        assertValues(new double[] {1, 0, 0, 0}, grad(v -> NN.maxPool2d(v, new int[] {2}, new int[] {2}, "VALID"), flat), 0);
        // overlapping windows: 2 is the max of both windows of [1, 2, 0] (ksize 1x2, stride 1): it gets 2
        Tensor row = d(new double[] {1, 2, 0}, 1, 1, 3, 1);
        assertValues(new double[] {0, 2, 0}, grad(v -> NN.maxPool2d(v, new int[] {1, 2}, new int[] {1}, "VALID"), row), 0);
    }

    @Test
    void maxPoolGivesAnAllMinusInfinityWindowsGradientToItsFirstRealCell() {
        // a 1x3 row, ksize 1x3, stride 1, SAME: one padding cell on each side, windows (pad, a, b), (a, b, c),
        // (b, c, pad). With a = b = -inf the first window's maximum is -inf and TensorFlow's MaxPoolGrad
        // (maxpooling_op.cc, SpatialMaxPoolWithArgMaxHelper: it visits real cells only and the first one seeds
        // the argmax) sends its gradient to a; the padding, equal to -inf, must not take it and drop it.
        double inf = Double.POSITIVE_INFINITY;
        Tensor row = d(new double[] {-inf, -inf, 5}, 1, 1, 3, 1);
        Tensor up = d(new double[] {1, 2, 3}, 1, 1, 3, 1);
        assertValues(new double[] {-inf, 5, 5}, NN.maxPool2d(row, new int[] {1, 3}, new int[] {1}, "SAME"), 0);
        // window 0 -> a (g 1), windows 1 and 2 -> c (g 2 + 3)
        assertValues(new double[] {1, 0, 5},
                grad(v -> mul(NN.maxPool2d(v, new int[] {1, 3}, new int[] {1}, "SAME"), up), row), 0);
        // a lone -inf pixel with a 3x3 SAME window (padding on all sides): its one window gives it the gradient
        Tensor one = d(new double[] {-inf}, 1, 1, 1, 1);
        assertValues(new double[] {1}, grad(v -> NN.maxPool2d(v, new int[] {3}, new int[] {1}, "SAME"), one), 0);
    }

    @Test
    void maxPoolPropagatesNaNAndGivesItTheGradient() {
        // documented on NN.maxPool2d: NumPy's and PyTorch's rule (TensorFlow's CPU kernel would skip the NaN and give
        // 3). Window [1, NaN, 3, 0]: NaN, gradient to the NaN only; a window without NaN is unaffected
        double nan = Double.NaN;
        Tensor x = d(new double[] {1, nan, 5, 3, 0, 2}, 1, 2, 3, 1);
        assertValues(new double[] {nan, nan}, NN.maxPool2d(x, new int[] {2}, new int[] {1}, "VALID"), 0);
        assertValues(new double[] {0, 2, 0, 0, 0, 0}, grad(v -> NN.maxPool2d(v, new int[] {2}, new int[] {1}, "VALID"), x), 0);
        // 1x2 windows: [1, NaN], [NaN, 5] are NaN; [3, 0], [0, 2] are 3 and 2
        assertValues(new double[] {nan, nan, 3, 2}, NN.maxPool2d(x, new int[] {1, 2}, new int[] {1}, "VALID"), 0);
    }

    @Test
    void maxPoolKeepsTheSignOfZeroNextToPadding() {
        // the padding is selected in, not added: -0.0 + 0 would be 0.0; TensorFlow's max of -0.0 alone is -0.0
        Tensor z = constant(new float[] {-0f}, 1, 1, 1, 1);
        float y = NN.maxPool2d(z, new int[] {3}, new int[] {1}, "SAME").toFloatArray()[0];
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y), "maxPool2d of -0.0 gave " + y);
    }

    @Test
    void maxPoolRejectsBadInput() {
        Tensor x = rand(80, -1, 1, 2, 5, 4, 3);
        assertRejects("maxPool2d", () -> NN.maxPool2d(x, new int[] {2}, new int[] {1}, "valid"));
        assertRejects("maxPool2d", () -> NN.maxPool2d(zeros(DType.FLOAT32, 3, 3), new int[] {2}, new int[] {1}, "VALID"));
        assertRejects("maxPool2d", () -> NN.maxPool2d(x, new int[] {2, 2, 2}, new int[] {1}, "VALID"));
    }

    @Test
    void avgPoolExcludesPaddingFromTheCount() {
        // [[1, 2], [3, 4]], 2x2 VALID: 2.5
        Tensor x = constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        assertValues(new double[] {2.5}, NN.avgPool2d(x, new int[] {2}, new int[] {2}, "VALID"), 0);
        // SAME, ksize 2, stride 1 on 2x2: windows clipped by padding: [(1+2+3+4)/4, (2+4)/2, (3+4)/2, 4/1]
        assertValues(new double[] {2.5, 3, 3.5, 4}, NN.avgPool2d(x, new int[] {2}, new int[] {1}, "SAME"), 0);
        // gradient: each window gives 1/count to its cells: cell (0,0) is only in window 0 -> 1/4;
        // cell (1,1) in all four -> 1/4 + 1/2 + 1/2 + 1
        Tensor g = grad(v -> NN.avgPool2d(v, new int[] {2}, new int[] {1}, "SAME"), d(new double[] {1, 2, 3, 4}, 1, 2, 2, 1));
        assertValues(new double[] {0.25, 0.75, 0.75, 2.25}, g, 1e-15);
        assertRejects("avgPool2d", () -> NN.avgPool2d(x, new int[] {3}, new int[] {1}, "VALID"));
    }
}
