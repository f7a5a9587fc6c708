package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Conv2DTranspose} against Keras 3's {@code Conv2DTranspose} (keras/src/layers/convolutional/
 * base_conv_transpose.py; output sizes from keras/src/backend/common/backend_utils.py,
 * {@code _get_output_shape_given_tf_padding}) and values from PyTorch's {@code conv_transpose2d}.
 */
class Conv2DTransposeTest {

    private static Shape shapeOf(Conv2DTranspose.Builder b, int... input) {
        return b.build().call(Tensors.zeros(DType.FLOAT32, input)).shape();
    }

    @Test
    void outputShapesFollowKerasRule() {
        // Keras's docstring: Conv2DTranspose(32, 2, 2) on (4, 10, 8, 128) gives (4, 20, 16, 32): (10 - 1) * 2 + max(2, 2)
        assertEquals(Shape.of(4, 20, 16, 32), shapeOf(Conv2DTranspose.builder(32, 2).strides(2), 4, 10, 8, 3));
        // valid: (h - 1) s + max(k, s): 4 * 2 + 3 = 11; 3 * 3 + max(2, 3) = 12 (stride > kernel)
        assertEquals(Shape.of(1, 11, 11, 2), shapeOf(Conv2DTranspose.builder(2, 3).strides(2), 1, 5, 5, 1));
        assertEquals(Shape.of(1, 12, 6, 2), shapeOf(Conv2DTranspose.builder(2, 2).strides(3), 1, 4, 2, 1));
        // same: h s
        assertEquals(Shape.of(1, 10, 6, 2), shapeOf(Conv2DTranspose.builder(2, 3).strides(2).padding("same"), 1, 5, 3, 1));
        // with output padding p: valid (h - 1) s + k + p = 8 + 3 + 1; same (h - 1) s + k % 2 + p = 8 + 0 + 1 for k = 4
        assertEquals(Shape.of(1, 12, 12, 2), shapeOf(Conv2DTranspose.builder(2, 3).strides(2).outputPadding(1), 1, 5, 5, 1));
        assertEquals(Shape.of(1, 9, 9, 2), shapeOf(Conv2DTranspose.builder(2, 4).strides(2).padding("same").outputPadding(1), 1, 5, 5, 1));
        // dilation 2, kernel 3 (extent 5), stride 1: valid (6 - 1) + 5 = 10; same 6
        assertEquals(Shape.of(1, 10, 10, 2), shapeOf(Conv2DTranspose.builder(2, 3).dilationRate(2), 1, 6, 6, 1));
        assertEquals(Shape.of(1, 6, 6, 2), shapeOf(Conv2DTranspose.builder(2, 3).dilationRate(2).padding("same"), 1, 6, 6, 1));
        assertEquals(11, Conv2DTranspose.builder(4, 3).strides(2).build().outputSize(5));
        assertEquals(10, Conv2DTranspose.builder(4, 3).strides(2).padding("same").build().outputSize(5));
    }

    @Test
    void valuesMatchTorchConvTranspose2d() {
        // filters 2, kernel 3, stride 2, same: 2x2 -> 4x4; TF's conv2d over 4 rows pads (2 - 1) * 2 + 3 - 4 = 1 row at
        // the bottom, so this is the top-left 4x4 of torch.nn.functional.conv_transpose2d(x, k, stride=2) plus the
        // bias, computed in PyTorch 1.13 with kernel[a, b, o, 0] = (3a + b + 1) * (o == 0 ? 1 : -1) + o
        Conv2DTranspose c = Conv2DTranspose.builder(2, 3).strides(2).padding("same").inputChannels(1).build();
        c.kernel().assign(Tensors.constant(new float[] {1, 0, 2, -1, 3, -2, 4, -3, 5, -4, 6, -5, 7, -6, 8, -7, 9, -8}, 3, 3, 2, 1));
        c.bias().assign(Tensors.constant(new float[] {0.5f, -1}, 2));
        Tensor y = c.call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));
        assertEquals(Shape.of(1, 4, 4, 2), y.shape());
        assertArrayEquals(new float[] {1.5f, -1, 2.5f, -2, 5.5f, -3, 4.5f, -3, 4.5f, -4, 5.5f, -5, 14.5f, -12, 10.5f, -9, 10.5f, -7,
                14.5f, -11, 36.5f, -27, 24.5f, -19, 12.5f, -10, 15.5f, -13, 34.5f, -28, 20.5f, -17}, y.toFloatArray(), 1e-5f);
    }

    @Test
    void variablesAreNamedAsKerasAndGetGradients() {
        Conv2DTranspose c = Conv2DTranspose.builder(8, 3).inputChannels(2).build();
        assertEquals("conv2d_transpose", c.name());
        assertEquals(List.of("kernel", "bias"), new ArrayList<>(c.namedVariables().keySet()));
        assertEquals(Shape.of(3, 3, 8, 2), c.kernel().shape());   // (kh, kw, filters, in), as Keras's build
        assertEquals(Shape.of(8), c.bias().shape());
        assertNull(Conv2DTranspose.builder(8, 3).useBias(false).inputChannels(2).build().bias());
        Tensor x = Tensors.ones(DType.FLOAT32, 2, 3, 3, 2);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = Tensors.reduceSum(c.call(x));
        }
        List<Tensor> g = tape.gradient(List.of(loss), List.of(c.kernel(), c.bias()));
        assertEquals(c.kernel().shape(), g.get(0).shape());
        // d sum / d bias[o] = the number of output cells per channel: 2 * 5 * 5 (valid: (3 - 1) + 3 = 5)
        assertArrayEquals(new float[] {50, 50, 50, 50, 50, 50, 50, 50}, g.get(1).toFloatArray(), 0);
        // d sum / d kernel[a, b, o, c] = the sum of the input over the cells whose window cell (a, b) lands inside:
        // with valid padding every cell lands inside, so 2 * 9 ones
        for (float v : g.get(0).toFloatArray()) {
            assertEquals(18, v, 0);
        }
    }

    @Test
    void refusesWhatKerasRefusesAndAFailedCallLeavesTheLayerUnbuilt() {
        // base_conv_transpose.py __init__: output_padding must be < strides; strides > 1 with dilation_rate > 1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2DTranspose.builder(2, 3).strides(2).outputPadding(2).build());
        assertTrue(e.getMessage().startsWith("Conv2DTranspose: outputPadding must be < strides"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.builder(2, 3).outputPadding(1).name("up").build());
        assertTrue(e.getMessage().startsWith("Conv2DTranspose up: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.builder(2, 3).strides(2).dilationRate(2).build());
        assertTrue(e.getMessage().contains("dilationRate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.builder(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.builder(2, 3).outputPadding(-1));
        assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.builder(2, 3).padding("full"));

        // same, kernel 4 (even), output padding 0: (5 - 1) * 2 + 0 + 0 = 8 rows, which a stride-2 conv2d maps to 4, not 5;
        // TF's conv2d_transpose refuses that size. The layer says so before it builds.
        Conv2DTranspose bad = Conv2DTranspose.builder(2, 4).strides(2).padding("same").outputPadding(0).build();
        e = assertThrows(IllegalArgumentException.class, () -> bad.call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 1)));
        assertTrue(e.getMessage().startsWith("conv2d_transpose: ") && e.getMessage().contains("8x8"), e.getMessage());
        assertNull(bad.kernel());
        // valid with an empty input: (0 - 1) * 1 + 3 = 2 rows, smaller than the kernel
        Conv2DTranspose empty = new Conv2DTranspose(2, 3);
        assertThrows(IllegalArgumentException.class, () -> empty.call(Tensors.zeros(DType.FLOAT32, 1, 0, 4, 1)));
        assertNull(empty.kernel());
        assertThrows(IllegalArgumentException.class, () -> empty.call(Tensors.zeros(DType.INT32, 1, 3, 3, 1)));
        assertNull(empty.kernel());

        Conv2DTranspose c = Conv2DTranspose.builder(2, 3).inputChannels(1).build();
        e = assertThrows(IllegalArgumentException.class, () -> c.call(Tensors.zeros(DType.FLOAT32, 1, 4, 4, 3)));
        assertTrue(e.getMessage().contains("(1, 4, 4, 3)") && e.getMessage().contains("(3, 3, 2, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.call(Tensors.zeros(DType.FLOAT32, 4, 4, 1)));
        assertThrows(IllegalArgumentException.class, () -> c.outputSize(-1));
    }
}
