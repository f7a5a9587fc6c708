package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shape arithmetic that used to wrap around (issue 9, item 4): each case gave a wrong shape, wrong numbers or an
 * unrelated exception, and is now either right or an {@link IllegalArgumentException} naming the op.
 */
class ShapeOverflowTest {
    private static final int MAX = Integer.MAX_VALUE;

    private static void rejects(String op, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, op);
        assertTrue(e.getMessage().startsWith(op + ":"), () -> "message does not start with \"" + op + ":\": " + e.getMessage());
    }

    @Test
    void conv2dWithADilationWhoseExtentOverflowsIsRejected() {
        // (3 - 1) * 2^30 + 1 wrapped to a negative extent, which passed the VALID size check and read other rows
        Tensor x = ones(DType.FLOAT32, 1, 5, 5, 1);
        Tensor f = ones(DType.FLOAT32, 3, 3, 1, 1);
        rejects("conv2d", () -> NN.conv2d(x, f, new int[] {1}, "VALID", new int[] {1 << 30}));
        rejects("conv2d", () -> NN.conv2d(x, f, new int[] {1}, "SAME", new int[] {1 << 30}));
    }

    @Test
    void sameConvolutionAndPoolingWithAHugeStrideGiveOneWindow() {
        // ceil(5 / stride) computed as (5 + stride - 1) / stride wrapped to 0 windows: an empty result
        Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
                1, 5, 5, 1);
        Tensor f = ones(DType.FLOAT32, 3, 3, 1, 1);
        int[] huge = {MAX};
        int[] five = {5};
        assertEquals(Shape.of(1, 1, 1, 1), NN.conv2d(x, f, huge, "SAME").shape());
        assertArrayEquals(NN.conv2d(x, f, five, "SAME").toFloatArray(), NN.conv2d(x, f, huge, "SAME").toFloatArray());
        assertArrayEquals(NN.maxPool2d(x, new int[] {3}, five, "SAME").toFloatArray(),
                NN.maxPool2d(x, new int[] {3}, huge, "SAME").toFloatArray());
        assertArrayEquals(NN.avgPool2d(x, new int[] {3}, five, "SAME").toFloatArray(),
                NN.avgPool2d(x, new int[] {3}, huge, "SAME").toFloatArray());
    }

    @Test
    void concatOfZeroSizeTensorsDoesNotWrap() {
        Tensor part = zeros(DType.FLOAT32, 0, 1 << 30); // four of them: 2^32 columns wrapped to 0
        rejects("concat", () -> concat(List.of(part, part, part, part), 1));
        rejects("concat", () -> concat(List.of(part, part), 1));
        assertEquals(Shape.of(0, 1 << 30), concat(List.of(part), 1).shape());
    }

    @Test
    void tileOfAZeroSizeTensorDoesNotWrap() {
        rejects("tile", () -> tile(zeros(DType.FLOAT32, 0, 1 << 16), 1, 1 << 16)); // 2^32 wrapped to 0
        assertEquals(Shape.of(0, 6), tile(zeros(DType.FLOAT32, 0, 2), 5, 3).shape());
    }

    @Test
    void padWithAnOverflowingSumIsRejected() {
        // before + dim + after wrapped: an ArrayIndexOutOfBoundsException or a wrong shape
        rejects("pad", () -> pad(zeros(DType.FLOAT32, 2), new int[] {MAX}, new int[] {MAX}));
        rejects("pad", () -> pad(zeros(DType.FLOAT32, 0, 1 << 30), new int[] {0, 1 << 30}, new int[] {0, 1 << 30}));
        rejects("pad", () -> pad(zeros(DType.FLOAT32, 2), new int[] {-1}, new int[] {0}));
    }

    @Test
    void sliceWithAnOverflowingEndIsRejected() {
        // begin + size wrapped negative, passed the bounds check and allocated 2^31 elements: OutOfMemoryError
        rejects("slice", () -> slice(zeros(DType.FLOAT32, 4), new int[] {2}, new int[] {MAX}));
        rejects("slice", () -> slice(zeros(DType.FLOAT32, 4), new int[] {MAX}, new int[] {MAX}));
        rejects("slice", () -> slice(zeros(DType.FLOAT32, 4), new int[] {0, 0}, new int[] {1, 1}));
        assertArrayEquals(new float[] {3, 4}, slice(constant(new float[] {1, 2, 3, 4}, 4), new int[] {2}, new int[] {-1}).toFloatArray());
    }

    @Test
    void shapeRejectsTooManyElementsWhereverTheZerosAre() {
        // (0, 65536, 65536) was accepted and (65536, 65536, 0) rejected; the rule is now one: the non-zero
        // dimensions must multiply to at most 2^31-1
        assertThrows(IllegalArgumentException.class, () -> Shape.of(0, 65536, 65536));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 0, 65536));
        assertEquals(0, Shape.of(0, 1 << 30, 1).size());
        assertEquals(0, Shape.of(1 << 30, 0, 1).size());
        rejects("zeros", () -> zeros(DType.FLOAT32, 0, 65536, 65536));
    }

    @Test
    void broadcastAndMatmulResultsThatAreTooLargeNameTheOp() {
        rejects("add", () -> add(zeros(DType.FLOAT32, 0, 1, 65536), zeros(DType.FLOAT32, 65536, 1)));
        rejects("broadcastTo", () -> broadcastTo(zeros(DType.FLOAT32, 1, 1), 65536, 65536));
        rejects("matmul", () -> matmul(zeros(DType.FLOAT32, 65536, 0), zeros(DType.FLOAT32, 0, 65536)));
    }

    @Test
    void aGatherWithAnIndexOutOfRangeReadsAndRecordsNothing() throws Exception {
        io.gradtape.Variable v = new io.gradtape.Variable(constant(new float[] {1, 2, 3}, 3));
        try (io.gradtape.GradientTape tape = new io.gradtape.GradientTape(true)) {
            rejects("gather", () -> gather(v, constant(new int[] {3}, 1)));
            assertTrue(tape.watchedVariables().isEmpty(), "the failed gather read (and so watched) the variable");
        }
    }

    @Test
    void convolutionOverNoChannelsIsZerosAndPoolingOverNoBatchIsEmpty() {
        Tensor y = NN.conv2d(zeros(DType.FLOAT32, 2, 4, 4, 0), zeros(DType.FLOAT32, 3, 3, 0, 5), new int[] {1}, "SAME");
        assertEquals(Shape.of(2, 4, 4, 5), y.shape());
        assertEquals(0f, reduceMax(abs(y)).floatValue());
        assertEquals(Shape.of(0, 2, 2, 3), NN.maxPool2d(zeros(DType.FLOAT32, 0, 4, 4, 3), new int[] {2}, new int[] {2}, "VALID").shape());
        assertEquals(Shape.of(0, 1, 1, 3), NN.avgPool2d(zeros(DType.FLOAT32, 0, 4, 4, 3), new int[] {1 << 20, 1}, new int[] {MAX}, "SAME").shape());
    }

    /**
     * An input with no column under SAME padding has no window: the result is empty, not pad's error about the
     * padded input (2 x (2^31 - 1) x 0 x 1 here, a FuzzTest find), and it still carries a gradient of zeros.
     */
    @Test
    void poolingAndConvolutionOverAnEmptyRowAreEmptyWhateverTheKernel() {
        Tensor x = zeros(DType.FLOAT32, 2, 3, 0, 1);
        int[] huge = {MAX - 2, 1};
        assertEquals(Shape.of(2, 3, 0, 1), NN.maxPool2d(x, huge, new int[] {1}, "SAME").shape());
        assertEquals(Shape.of(2, 3, 0, 1), NN.avgPool2d(x, huge, new int[] {1}, "SAME").shape());
        assertEquals(Shape.of(2, 0, 3, 1), NN.maxPool2d(zeros(DType.FLOAT32, 2, 0, 3, 1), new int[] {1, MAX - 2}, new int[] {1}, "SAME").shape());
        assertEquals(Shape.of(2, 3, 0, 4), NN.conv2d(x, zeros(DType.FLOAT32, 1 << 12, 1, 1, 4), new int[] {1}, "SAME").shape());
    }

    @Test
    void oneHotOfNoIndicesNeedsNoDepthLongTable() {
        assertEquals(Shape.of(0, MAX), oneHot(zeros(DType.INT32, 0), MAX).shape());
        rejects("oneHot", () -> oneHot(zeros(DType.INT32, 2, 0), MAX).shape());
    }
}
