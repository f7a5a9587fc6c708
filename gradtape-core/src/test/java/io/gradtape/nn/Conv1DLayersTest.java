package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 1-D layers against Keras 3: {@link Conv1D} (keras/src/layers/convolutional/conv1d.py, base_conv.py),
 * {@link MaxPooling1D} and {@link AveragePooling1D} (keras/src/layers/pooling/max_pooling1d.py, average_pooling1d.py,
 * base_pooling.py), {@link GlobalAveragePooling1D} with and without a mask and {@link GlobalMaxPooling1D}
 * (global_average_pooling1d.py, global_max_pooling1d.py). Values and gradients against PyTorch 1.13 in float64
 * (scripts/fixtures/conv1d_reference.py prints the constants at the end of this class; TensorFlow's same and causal
 * paddings written out with F.pad), then shapes, names, the causal property, masks through a Sequential, the
 * refusals, and the convolution builders' shared checks ({@link ConvBuilder}) with the messages they had before.
 */
class Conv1DLayersTest {

    /** {@code scale * sin(0.7 i + phase)} over the shape, row-major: the script's wave. */
    private static Tensor wave(double phase, double scale, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * Math.sin(0.7 * i + phase);
        }
        return Tensors.constant(v, shape);
    }

    private static Initializer waveInit(double phase, double scale) {
        return (s, d) -> Tensors.cast(wave(phase, scale, s.dims()), d);
    }

    private static void close(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-12);
    }

    /** The layer's output for x and the gradients of sum(y * wave(0.3)) for x and then each of {@code vars}. */
    private static List<Tensor> outputAndGradients(Function<Tensor, Tensor> layer, Tensor x, Tensor... vars) {
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor loss;
        try (tape) {
            tape.watch(x);
            y = layer.apply(x);
            loss = Tensors.reduceSum(y.mul(wave(0.3, 1, y.shape().dims())));
        }
        List<Tensor> sources = new ArrayList<>();
        sources.add(x);
        sources.addAll(List.of(vars));
        List<Tensor> r = new ArrayList<>();
        r.add(y);
        r.addAll(tape.gradient(List.of(loss), sources));
        return r;
    }

    private static void convCase(Conv1D.Builder b, int steps, double[] y, double[] gx, double[] gk, double[] gb) {
        // x wave(0.1) (2, steps, 2), kernel wave(0.7, 0.5) (k, 2, 3), bias wave(1.3, 0.2) (3,), as the script
        Conv1D c = b.kernelInitializer(waveInit(0.7, 0.5)).biasInitializer(waveInit(1.3, 0.2)).dtype(DType.FLOAT64).inputChannels(2)
                .build();
        List<Tensor> r = outputAndGradients(c::call, wave(0.1, 1, 2, steps, 2), c.kernel(), c.bias());
        close(y, r.get(0));
        close(gx, r.get(1));
        close(gk, r.get(2));
        close(gb, r.get(3));
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void conv1dValuesAndGradientsMatchTorch() {
        convCase(Conv1D.builder(3, 3), 7, VALID_Y, VALID_GX, VALID_GK, VALID_GB);
        convCase(Conv1D.builder(3, 3).strides(2).padding("same"), 7, SAME_S2_Y, SAME_S2_GX, SAME_S2_GK, SAME_S2_GB);
        convCase(Conv1D.builder(3, 3).dilationRate(2).padding("SAME").activation("tanh"), 7, SAME_D2_Y, SAME_D2_GX, SAME_D2_GK,
                SAME_D2_GB);
        convCase(Conv1D.builder(3, 3).dilationRate(2).padding("causal"), 7, CAUSAL_D2_Y, CAUSAL_D2_GX, CAUSAL_D2_GK, CAUSAL_D2_GB);
        convCase(Conv1D.builder(3, 2).strides(2).padding("Causal"), 6, CAUSAL_S2_Y, CAUSAL_S2_GX, CAUSAL_S2_GK, CAUSAL_S2_GB);
    }

    @Test
    void causalOutputsReadNoLaterStep() {
        // WaveNet's causal convolution: output step t depends on input steps <= t only (conv1d.py pads on the left)
        Conv1D c = Conv1D.builder(3, 3).dilationRate(2).padding("causal").kernelInitializer(waveInit(0.7, 0.5)).build();
        Tensor x = wave(0.1, 1, 1, 6, 2);
        for (int t = 0; t < 6; t++) {
            int at = t;
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                tape.watch(x);
                loss = Tensors.reduceSum(Tensors.slice(c.call(x), new int[] {0, at, 0}, new int[] {1, 1, 3}));
            }
            double[] g = tape.gradient(loss, x).toDoubleArray();
            for (int i = 2 * (t + 1); i < g.length; i++) {
                assertEquals(0, g[i], 0, "step " + t + " reads step " + i / 2);
            }
            // taps at t, t - 2, t - 4 (dilation 2): step t itself always counts
            assertTrue(g[2 * t] != 0 || g[2 * t + 1] != 0);
        }
    }

    @Test
    void shapesNamesAndVariablesAreKeras() {
        // conv1d.py's docstring: Conv1D(32, 3, activation='relu') on (4, 10, 128) gives (4, 8, 32)
        assertEquals(Shape.of(4, 8, 32), new Conv1D(32, 3, "relu").call(Tensors.zeros(DType.FLOAT32, 4, 10, 128)).shape());
        // same: ceil(10 / 3) = 4; causal: ceil(steps / s) too; valid with dilation 3, kernel 3 (extent 7): 10 - 7 + 1
        assertEquals(Shape.of(2, 4, 5), Conv1D.builder(5, 3).strides(3).padding("same").build().call(Tensors.zeros(DType.FLOAT32, 2, 10, 1)).shape());
        assertEquals(Shape.of(2, 10, 5), Conv1D.builder(5, 4).padding("causal").build().call(Tensors.zeros(DType.FLOAT32, 2, 10, 1)).shape());
        assertEquals(Shape.of(2, 5, 5), Conv1D.builder(5, 4).strides(2).padding("causal").build().call(Tensors.zeros(DType.FLOAT32, 2, 10, 1)).shape());
        assertEquals(Shape.of(2, 4, 5), Conv1D.builder(5, 3).dilationRate(3).build().call(Tensors.zeros(DType.FLOAT32, 2, 10, 1)).shape());
        // causal over no step: Keras's floor((0 - 1) / s) + 1 = 0 steps
        assertEquals(Shape.of(2, 0, 5), Conv1D.builder(5, 3).padding("causal").build().call(Tensors.zeros(DType.FLOAT32, 2, 0, 1)).shape());

        Conv1D c = Conv1D.builder(8, 3).inputChannels(2).build();
        assertEquals("conv1d", c.name());
        assertEquals(List.of("kernel", "bias"), new ArrayList<>(c.namedVariables().keySet()));
        assertEquals(Shape.of(3, 2, 8), c.kernel().shape());   // (kernel_size, in, filters), as base_conv.py's build
        assertEquals(Shape.of(8), c.bias().shape());
        assertNull(Conv1D.builder(8, 3).useBias(false).inputChannels(2).build().bias());
        assertNull(new Conv1D(8, 3).kernel());
        // Glorot uniform from the fans of (3, 2, 8): limit sqrt(6 / (3 * 2 + 3 * 8))
        double limit = Math.sqrt(6.0 / 30);
        for (double v : c.kernel().toDoubleArray()) {
            assertTrue(Math.abs(v) <= limit, v + " outside +-" + limit);
        }
        Sequential model = new Sequential(new Conv1D(4, 3), new MaxPooling1D(), new Conv1D(4, 2), new AveragePooling1D(),
                new GlobalMaxPooling1D(true), new GlobalAveragePooling1D());   // (2, 1, 4) then (2, 4)
        assertEquals("conv1d_1", model.layers().get(2).name());
        assertEquals("max_pooling1d", model.layers().get(1).name());
        assertEquals("average_pooling1d", model.layers().get(3).name());
        assertEquals("global_max_pooling1d", model.layers().get(4).name());
        assertEquals("global_average_pooling1d", model.layers().get(5).name());
        model.call(Tensors.zeros(DType.FLOAT32, 2, 12, 3));
        assertEquals(List.of("conv1d/kernel", "conv1d/bias", "conv1d_1/kernel", "conv1d_1/bias"),
                new ArrayList<>(model.namedVariables().keySet()));
    }

    @Test
    void aCheckpointRestoresAConv1dModel(@TempDir Path dir) throws IOException {
        Initializers.setDefaultSeed(5);
        Sequential model = new Sequential(Conv1D.builder(4, 3).padding("causal").activation("relu").build(), new MaxPooling1D(),
                Conv1D.builder(2, 2).dilationRate(2).padding("same").useBias(false).build(), new GlobalAveragePooling1D(), new Dense(1));
        model.build(DType.FLOAT32, 8, 3);
        Path file = dir.resolve("tcn.npz");
        new Checkpoint().module(model).save(file);
        assertEquals(List.of("conv1d/kernel", "conv1d/bias", "conv1d_1/kernel", "dense/kernel", "dense/bias"),
                new Checkpoint().module(model).keys());
        Initializers.setDefaultSeed(6);
        Sequential fresh = new Sequential(Conv1D.builder(4, 3).padding("causal").activation("relu").build(), new MaxPooling1D(),
                Conv1D.builder(2, 2).dilationRate(2).padding("same").useBias(false).build(), new GlobalAveragePooling1D(), new Dense(1));
        fresh.build(DType.FLOAT32, 8, 3);
        Tensor x = Tensors.cast(wave(0.1, 1, 2, 8, 3), DType.FLOAT32);
        new Checkpoint().module(fresh).restore(file);
        assertArrayEquals(model.call(x).toFloatArray(), fresh.call(x).toFloatArray(), 0);
        assertEquals(Shape.of(2, 4, 2), ((Conv1D) fresh.layers().get(2)).kernel().shape());   // (kernel_size, in, filters)
    }

    @Test
    void poolingValuesAndGradientsMatchTorch() {
        Tensor x7 = wave(0.4, 1, 2, 7, 3);
        List<Tensor> r = outputAndGradients(new MaxPooling1D()::call, x7);   // Keras's pool_size=2, strides=pool_size
        close(MAXPOOL_VALID_Y, r.get(0));
        close(MAXPOOL_VALID_GX, r.get(1));
        r = outputAndGradients(new MaxPooling1D(3, 2, "same")::call, x7);
        close(MAXPOOL_SAME_Y, r.get(0));
        close(MAXPOOL_SAME_GX, r.get(1));
        r = outputAndGradients(new AveragePooling1D(3, 1, "valid")::call, x7);
        close(AVGPOOL_VALID_Y, r.get(0));
        close(AVGPOOL_VALID_GX, r.get(1));
        r = outputAndGradients(new AveragePooling1D(3, 2, "SAME")::call, x7);
        close(AVGPOOL_SAME_Y, r.get(0));
        close(AVGPOOL_SAME_GX, r.get(1));
        assertEquals(Shape.of(2, 3, 3), new AveragePooling1D().call(x7).shape());
        assertEquals(Shape.of(2, 2, 3), new MaxPooling1D(3).call(x7).shape());
        // the functional forms are what the layers compute
        close(MAXPOOL_SAME_Y, NN.maxPool1d(x7, 3, 2, "SAME"));
        close(AVGPOOL_SAME_Y, NN.avgPool1d(x7, 3, 2, "SAME"));
    }

    @Test
    void globalPoolingsReduceTheSteps() {
        Tensor x = Tensors.constant(new double[] {1, 4, 3, 2, 5, -1, 0, 6, 2, 2, 4, 0}, 2, 3, 2);
        close(new double[] {3, 5.0 / 3, 2, 8.0 / 3}, new GlobalAveragePooling1D().call(x));
        close(new double[] {5, 4, 4, 6}, new GlobalMaxPooling1D().call(x));
        assertEquals(Shape.of(2, 1, 2), new GlobalAveragePooling1D(true).call(x).shape());
        assertEquals(Shape.of(2, 1, 2), new GlobalMaxPooling1D(true).call(x).shape());
        // no step: the mean of nothing is NaN, as tf.reduce_mean
        assertTrue(Double.isNaN(new GlobalAveragePooling1D().call(Tensors.zeros(DType.FLOAT64, 1, 0, 2)).toDoubleArray()[0]));
    }

    @Test
    void globalAveragePoolingAveragesTheUnmaskedStepsAsKeras() {
        Tensor x = wave(0.2, 1, 3, 5, 2);
        Tensor mask = Tensors.constant(new boolean[] {true, true, true, false, false, true, false, true, true, false,
                true, true, true, true, true}, 3, 5);
        GlobalAveragePooling1D gap = new GlobalAveragePooling1D();
        List<Tensor> r = outputAndGradients(v -> gap.callMasked(v, mask), x);
        close(GAP_MASKED_Y, r.get(0));
        close(GAP_MASKED_GX, r.get(1));
        assertEquals(Shape.of(3, 1, 2), new GlobalAveragePooling1D(true).callMasked(x, mask).shape());
        close(GAP_MASKED_Y, new GlobalAveragePooling1D(true).callMasked(x, mask));
        // a mask of ones is no mask; the output has no mask (global_average_pooling1d.py compute_mask returns None)
        close(gap.call(x).toDoubleArray(), gap.callMasked(x, Tensors.ones(DType.BOOL, 3, 5)));
        assertNull(gap.computeMask(x, mask));
        // a row masked at every step: 0 / 0, as Keras's
        double[] nan = gap.callMasked(x, Tensors.zeros(DType.BOOL, 3, 5)).toDoubleArray();
        assertTrue(Double.isNaN(nan[0]) && Double.isNaN(nan[5]));
        // padding holding NaN or inf changes nothing, gradient included: Keras selects with where, it does not multiply
        // by the mask (which would give NaN * 0); d/dx of sum(y * g) is g / 2 at the two real steps, 0 at the padding
        Tensor bad = Tensors.constant(new double[] {1, 2, 3, 4, Double.NaN, Double.POSITIVE_INFINITY}, 1, 3, 2);
        Tensor twoSteps = Tensors.constant(new boolean[] {true, true, false}, 1, 3);
        r = outputAndGradients(v -> gap.callMasked(v, twoSteps), bad);
        close(new double[] {2, 3}, r.get(0));
        double g0 = Math.sin(0.3) / 2;
        double g1 = Math.sin(1.0) / 2;
        close(new double[] {g0, g1, g0, g1, 0, 0}, r.get(1));
        // GlobalMaxPooling1D reads no mask (Keras's has no mask argument)
        Tensor max = new GlobalMaxPooling1D().call(x);
        close(max.toDoubleArray(), new GlobalMaxPooling1D().callMasked(x, mask));

        String m = message(() -> gap.callMasked(x, Tensors.ones(DType.BOOL, 3, 4)));
        assertEquals("global_average_pooling1d: GlobalAveragePooling1D needs a bool mask of shape (batch, steps) = (3, 5) for the"
                + " input of shape (3, 5, 2), got shape (3, 4) and dtype bool", m);
        m = message(() -> gap.callMasked(x, Tensors.ones(DType.FLOAT64, 3, 5)));
        assertTrue(m.contains("(3, 5)") && m.contains("float64"), m);
    }

    @Test
    void paddingChangesNothingThroughEmbeddingAndGlobalAveragePooling() {
        // Embedding(mask_zero=True), Dropout (passes masks), then the pooling: the mask reaches GlobalAveragePooling1D through Sequential
        Embedding emb = Embedding.builder(10, 4).maskZero(true).initializer(waveInit(0.5, 1)).build();   // float32
        Sequential model = new Sequential(emb, new Dropout(0.5, io.gradtape.Generator.fromSeed(1)), new GlobalAveragePooling1D(),
                new Dense(4, 1, null));
        Tensor shortIds = Tensors.constant(new int[] {3, 7}, 1, 2);
        Tensor padded = Tensors.constant(new int[] {3, 7, 0, 0, 0}, 1, 5);
        assertArrayEquals(model.call(shortIds).toFloatArray(), model.call(padded).toFloatArray(), 0);
        // the mean of the two embeddings, by hand
        double[] table = wave(0.5, 1, 10, 4).toDoubleArray();
        float[] mean = new float[4];
        for (int j = 0; j < 4; j++) {
            mean[j] = (float) ((table[3 * 4 + j] + table[7 * 4 + j]) / 2);
        }
        assertArrayEquals(mean, new Sequential(emb, new GlobalAveragePooling1D()).call(padded).toFloatArray(), 1e-6f);
    }

    @Test
    void conv1dLayerRefusesNamingTheLayerAndShapes() {
        Conv1D c = Conv1D.builder(2, 3).inputChannels(2).build();
        String m = message(() -> c.call(Tensors.zeros(DType.FLOAT32, 1, 5, 3)));
        assertTrue(m.startsWith("conv1d: ") && m.contains("(1, 5, 3)") && m.contains("(3, 2, 2)"), m);
        m = message(() -> c.call(Tensors.zeros(DType.FLOAT64, 1, 5, 2)));
        assertTrue(m.startsWith("conv1d: ") && m.contains("float64"), m);
        m = message(() -> c.call(Tensors.zeros(DType.FLOAT32, 1, 1, 5, 2)));
        assertEquals("conv1d: Conv1D needs an input (batch, steps, channels) of rank 3, got shape (1, 1, 5, 2)", m);
        // valid over fewer steps than the dilated kernel spans: refused before the layer is built
        Conv1D lazy = Conv1D.builder(2, 3).dilationRate(2).build();
        m = message(() -> lazy.call(Tensors.zeros(DType.FLOAT32, 1, 4, 2)));
        assertEquals("conv1d: an input of shape (1, 4, 2) has 4 steps, fewer than the kernel's 3 (extent 5 with dilationRate 2),"
                + " with valid padding", m);
        assertNull(lazy.kernel());
        message(() -> lazy.call(Tensors.zeros(DType.INT32, 1, 6, 2)));
        assertNull(lazy.kernel());
        // base_conv.py __init__: strides > 1 with dilation_rate > 1; positive filters and sizes
        m = message(() -> Conv1D.builder(2, 3).strides(2).dilationRate(2).name("tcn").build());
        assertEquals("Conv1D tcn: strides > 1 is not supported together with dilationRate > 1 (as Keras), got strides 2 and"
                + " dilationRate 2", m);
        assertEquals("Conv1D: filters and kernelSize must be positive, got 0 and 3", message(() -> Conv1D.builder(0, 3)));
        assertEquals("Conv1D: padding must be \"valid\", \"same\" or \"causal\", got \"full\"",
                message(() -> Conv1D.builder(2, 3).padding("full")));
        assertEquals("Conv1D: strides must be positive, got 0", message(() -> Conv1D.builder(2, 3).strides(0)));
    }

    @Test
    void poolingLayersRefuseNamingTheLayerAndShapes() {
        assertEquals("max_pooling1d: MaxPooling1D needs a floating input (batch, steps, channels) of rank 3, got shape (2, 3) and"
                + " dtype float32", message(() -> new MaxPooling1D().call(Tensors.zeros(DType.FLOAT32, 2, 3))));
        assertEquals("average_pooling1d: the pool of 3 steps is longer than the input's 2 steps (shape (1, 2, 1)) with valid padding",
                message(() -> new AveragePooling1D(3).call(Tensors.zeros(DType.FLOAT32, 1, 2, 1))));
        assertEquals("MaxPooling1D: poolSize and strides must be positive, got 2 and 0", message(() -> new MaxPooling1D(2, 0, "valid")));
        assertEquals("AveragePooling1D: padding must be \"valid\" or \"same\", got \"causal\"",
                message(() -> new AveragePooling1D(2, 2, "causal")));
        assertTrue(message(() -> new GlobalMaxPooling1D().call(Tensors.zeros(DType.INT32, 1, 2, 1))).startsWith("global_max_pooling1d: "));
        assertTrue(message(() -> new GlobalAveragePooling1D().call(Tensors.zeros(DType.FLOAT32, 1, 2, 1, 1)))
                .startsWith("global_average_pooling1d: "));
    }

    @Test
    void functionalFormsRefuseNamingTheOpAndThe1dShapes() {
        Tensor x = Tensors.zeros(DType.FLOAT32, 1, 4, 2);
        Tensor f = Tensors.zeros(DType.FLOAT32, 3, 2, 1);
        assertEquals("conv1d: filters of shape (3, 3, 1) have 3 input channels but the input of shape (1, 4, 2) has 2",
                message(() -> NN.conv1d(x, Tensors.zeros(DType.FLOAT32, 3, 3, 1), 1, "SAME")));
        assertEquals("conv1d: the window of 3 (extent 5 with dilation 2) is wider than the input's 4 steps (shape (1, 4, 2)) with"
                + " VALID padding", message(() -> NN.conv1d(x, f, 1, "VALID", 2)));
        assertEquals("conv1d: input (NWC) must have rank 3, got shape (1, 1, 4, 2)",
                message(() -> NN.conv1d(Tensors.zeros(DType.FLOAT32, 1, 1, 4, 2), f, 1, "SAME")));
        assertTrue(message(() -> NN.conv1d(x, f, 1, "same")).startsWith("conv1d: padding must be"));
        assertEquals("conv1d: stride and dilation must be >= 1, got 0 and 1", message(() -> NN.conv1d(x, f, 0, "SAME")));
        assertEquals("maxPool1d: ksize and stride must be >= 1, got 0 and 1", message(() -> NN.maxPool1d(x, 0, 1, "SAME")));
        assertTrue(message(() -> NN.avgPool1d(Tensors.zeros(DType.INT32, 1, 4, 2), 2, 2, "SAME")).startsWith("avgPool1d: "));
        assertTrue(message(() -> NN.conv1d(x, Tensors.zeros(DType.FLOAT64, 3, 2, 1), 1, "SAME")).startsWith("conv1d: "));
        // a stride and a dilation both above 1 are accepted by the op, as tf.nn.conv1d: out[i] = sum_k in[2 i + 2 k]
        Tensor ramp = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6, 7}, 1, 7, 1);
        assertArrayEquals(new float[] {1 + 3, 3 + 5, 5 + 7}, NN.conv1d(ramp, Tensors.ones(DType.FLOAT32, 2, 1, 1), 2, "VALID", 2)
                .toFloatArray(), 0);
    }

    @Test
    void convBuildersKeepTheirMessages() {
        // the checks Conv2D, Conv2DTranspose, MaxPool2D and AveragePooling2D had before they shared ConvBuilder
        assertEquals("Conv2D: padding must be \"valid\" or \"same\", got \"causal\"", message(() -> Conv2D.builder(2, 3).padding("causal")));
        assertEquals("Conv2DTranspose: padding must be \"valid\" or \"same\", got \"causal\"",
                message(() -> Conv2DTranspose.builder(2, 3).padding("causal")));
        assertEquals("MaxPool2D: padding must be \"valid\" or \"same\", got \"full\"", message(() -> new MaxPool2D(2, 2, "full")));
        assertEquals("AveragePooling2D: padding must be \"valid\" or \"same\", got \"full\"",
                message(() -> new AveragePooling2D(2, 2, "full")));
        assertEquals("padding is null", assertThrows(NullPointerException.class, () -> Conv2D.builder(2, 3).padding(null)).getMessage());
        assertEquals("MaxPool2D: padding is null", assertThrows(NullPointerException.class, () -> new MaxPool2D(2, 2, null)).getMessage());
        assertEquals("Conv2D: filters and kernelSize must be positive, got 2 and 0", message(() -> Conv2D.builder(2, 0)));
        assertEquals("Conv2DTranspose: strides must be positive, got -1", message(() -> Conv2DTranspose.builder(2, 3).strides(-1)));
        assertEquals("Conv2D: dilationRate must be positive, got 0", message(() -> Conv2D.builder(2, 3).dilationRate(0)));
        assertEquals("Conv2DTranspose: inputChannels must be positive, got 0", message(() -> Conv2DTranspose.builder(2, 3).inputChannels(0)));
        assertEquals("Conv2D stem: strides > 1 is not supported together with dilationRate > 1 (as Keras), got strides 2 and"
                + " dilationRate 3", message(() -> Conv2D.builder(2, 3).strides(2).dilationRate(3).name("stem").build()));
        assertEquals("Conv2DTranspose: strides > 1 is not supported together with dilationRate > 1 (as Keras), got strides 2 and"
                + " dilationRate 2", message(() -> Conv2DTranspose.builder(2, 3).strides(2).outputPadding(1).dilationRate(2).build()));
        // and the options still reach the layers
        assertEquals(Shape.of(1, 3, 3, 2), Conv2D.builder(2, 3).strides(2).padding("SAME").build().call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 1)).shape());
        assertEquals(Shape.of(1, 10, 10, 2), Conv2DTranspose.builder(2, 3).strides(2).padding("same").build()
                .call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 1)).shape());
    }

    // ---- printed by scripts/fixtures/conv1d_reference.py
    // VALID_Y (2, 5, 3)
    static final double[] VALID_Y = {0.3754367477542327, 0.28278343964506475, 0.05713266125769284, 0.7098465081841804, 0.7016403850050079, 0.36344182532454083, 0.18577839948279934, 0.2576268799770197, 0.20830941328700425, -0.32678007918936103, -0.31216547910038117, -0.15073457647033037, 0.023051829133616752, -0.06184393270994179, -0.11765352666190904, -0.15806812042933274, -0.09896493845668797, 0.0066830004419561745, -0.2531781895883234, -0.2970805799854889, -0.20126133160336737, 0.39191815482084436, 0.29987576013075995, 0.06679710976317436, 0.7063185890890655, 0.7009173287910464, 0.36586369662722384, 0.16809773175822867, 0.24028876789363834, 0.1994682418731007};
    // VALID_GX (2, 7, 2)
    static final double[] VALID_GX = {0.9378105258990445, -0.5302445819201944, -0.42844694354550167, 1.30905512641245, -1.8048339103044817, -0.25295034107659065, 2.071560992833739, -1.7993355499046302, -0.28680508504177116, 2.0697254275513806, -0.8800374076780259, -0.4358080343570237, 0.3761723593870262, -0.3427480475487615, -0.9019387252301753, 0.1453579448804759, 1.7098801440319913, -1.4337121874967882, -0.32429482777554197, 2.0841281487551333, -1.758614542330288, -0.3278677197263332, 2.099954230151756, -1.7530826664993793, -0.28169269890403914, 1.705943189390168, -0.5369803852054764, -0.4197037049756991};
    // VALID_GK (3, 2, 3)
    static final double[] VALID_GK = {-0.8705768895407822, -1.9841751927688882, -2.164584899245175, 1.2422503651527106, -0.5251473887274026, -2.0455601200347187, 2.7708278624174882, 1.1808654378868806, -0.9644764536133735, 2.996241720607683, 2.3314987975315185, 0.5702155593026409, 1.8124762800277492, 2.3855918420234405, 1.836726284814732, -0.22372507577233147, 1.317703767310961, 2.239395938938584};
    // VALID_GB (3,)
    static final double[] VALID_GB = {0.324039836109526, 0.8669237827130466, 1.002079928248854};
    // SAME_S2_Y (2, 4, 3)
    static final double[] SAME_S2_Y = {0.14263617767162132, 0.07212162021326392, -0.03231286216279276, 0.7098465081841804, 0.7016403850050079, 0.36344182532454083, -0.32678007918936103, -0.31216547910038117, -0.15073457647033037, 0.27574907399590626, 0.2240017573044991, 0.0669029140287784, 0.22482689691370134, 0.21099626774528907, 0.09793079694863865, -0.2531781895883234, -0.2970805799854889, -0.20126133160336737, 0.7063185890890655, 0.7009173287910464, 0.36586369662722384, 0.04031212252988858, 0.12938629184360229, 0.15760806638669111};
    // SAME_S2_GX (2, 7, 2)
    static final double[] SAME_S2_GX = {-0.4024267025638643, 0.9365716882728593, -0.5692426754239018, -0.015600790214411464, -0.35007338456383114, -0.019017069097314654, -0.5422633202251834, -0.19968583393457945, 0.7558930716061402, -0.917370301763488, 1.11676172519004, 0.21722202102570431, -0.4131459608249308, 0.9452787157390999, -0.3387428136988768, -0.0370702530405934, -0.5257663658431491, -0.19739010266828558, 0.7551719407390773, -0.907849170050951, 1.1161844966827075, 0.21894479719899096, -0.4237484114715985, 0.9537184871694655, -0.601236424486885, -0.02367675330834762, -0.3273164710154494, -0.055112956213796145};
    // SAME_S2_GK (3, 2, 3)
    static final double[] SAME_S2_GK = {2.4553372214426314, 3.157177441365776, 2.374147778356259, 1.9620286465825814, 2.8694059407632566, 2.427256785298368, 0.2721179143794511, 1.304779267509251, 1.7237825433910046, -1.5266800192326917, -0.4038974172918103, 0.9088444510726414, -2.953654181552144, -1.5394944735858185, 0.598713540572623, -2.8245758754552766, -1.7602959786022325, 0.13187862237083392};
    // SAME_S2_GB (3,)
    static final double[] SAME_S2_GB = {0.9647899123712734, 0.8664818615569606, 0.3606538520998498};
    // SAME_D2_Y (2, 7, 3)
    static final double[] SAME_D2_Y = {0.5608981370704675, 0.5354196159944294, 0.27306091615908945, 0.28361288567083576, 0.6235137407002449, 0.6784219981046485, -0.06270903261642641, -0.12340778166150682, -0.12627306539226468, 0.39009092299008374, -0.0949773556436718, -0.506218277649982, 0.47980183030041473, 0.37442097451617734, 0.07912250158438727, -0.28496866158867495, 0.16050646782001798, 0.4935535746362387, -0.2767580482623203, -0.2466301326277021, -0.10069719494724734, -0.22306848889448624, -0.36521975519445005, -0.34418033824472816, 0.2529949047858177, -0.2058840327025448, -0.5212933886190604, 0.3210089445066941, 0.5006704745237305, 0.4690577096342599, -0.1195337543160589, 0.330561615624157, 0.5686269196596437, -0.05363488598923477, -0.13079484891419513, -0.1464798615161616, 0.659171248789425, 0.3456057366826356, -0.23547681062776762, 0.45095158770146854, 0.5408526007035862, 0.41374018745966007};
    // SAME_D2_GX (2, 7, 2)
    static final double[] SAME_D2_GX = {-1.182335632883996, 0.9050861090898266, 0.5020036988455543, -0.3487573954957912, 0.17526620712812413, -0.8237286634106193, -0.9773700815375032, 0.6167925161970214, 0.819813240325372, 0.1356228138151716, 0.27371815201847843, -1.2106696771577141, -0.04427934327193256, 0.6484960036979992, 0.4403116870321446, -0.43085855114023636, 0.7208635104519284, -0.5208719776823225, -0.8760773890114231, 0.5586828144901782, 0.6503101059855051, 0.21273490103243575, 0.2534374307654341, -0.8894620544998438, -0.039952275481889454, 0.5310252056521922, -0.10499621300549658, 0.6566736600047418};
    // SAME_D2_GK (3, 2, 3)
    static final double[] SAME_D2_GK = {0.38173826968475255, 1.4605283582358484, 1.0976957966612224, -1.2360823181709633, 0.3556792661865763, 1.2611488655088792, 0.08154077442201013, -0.8976844168372113, -0.5575363651996901, 1.046055380233582, -0.06277301041963013, -0.21326551274869482, -0.2286803616254962, 0.9842261900521341, 1.175611560857224, -1.578913382784974, -0.6207563027681219, -0.14158490643024002};
    // SAME_D2_GB (3,)
    static final double[] SAME_D2_GB = {0.3750659927796344, 0.30154375600401706, 0.6117753514104424};
    // CAUSAL_D2_Y (2, 7, 3)
    static final double[] CAUSAL_D2_Y = {-0.1425695770766199, -0.05814615767349021, 0.053624308242257765, -0.04396969093757569, -0.2508018778523063, -0.33967802272565395, 0.6341426216495613, 0.5977121949705488, 0.2801683834862138, 0.2916066322777846, 0.7307332522225134, 0.8261846056249654, -0.06279142658467243, -0.12404004805404367, -0.12695069674438378, 0.41190727211647216, -0.0952644987420993, -0.5576318872934076, 0.5227268123970872, 0.39355507516863897, 0.07928823662069952, 0.5714927307993011, 0.5508990305208032, 0.27120890815356935, 0.30319877262256245, 0.522511374380678, 0.49607871230212075, -0.22688296683165168, -0.38289590982683624, -0.3588269235168322, 0.25860994123188424, -0.20886935446457205, -0.578114129082649, 0.3327715605489058, 0.550200510370482, 0.5088615630446973, -0.12010799751063275, 0.34345863543778526, 0.6454913054505956, -0.05368640545213238, -0.1315484479742992, -0.1475411999129537};
    // CAUSAL_D2_GX (2, 7, 2)
    static final double[] CAUSAL_D2_GX = {0.16864293791139173, -0.9263582971627504, -0.9458099149819035, 0.7367998703102703, 0.7863339646296807, 0.18241720837111008, 0.2138773467599283, -1.3065869513673813, -0.04757605208457227, 0.6109704396207041, 0.1614762933897936, 0.7448078146448283, -0.5392137147931478, -0.4092786002491872, -0.9332452346431794, 0.7579773454158732, 0.8072670399123707, 0.15002770370367746, 0.11815399369994362, -0.9094591490095997, -0.05494437995104773, 0.6495037816516429, -0.16063212265124505, 0.651944446822075, -0.5345952366392293, -0.43001014803495324, 0.3962193496510292, -0.30891307047559396};
    // CAUSAL_D2_GK (3, 2, 3)
    static final double[] CAUSAL_D2_GK = {-0.6417566976427135, -1.111369160665103, -1.0582873418045355, 0.7179016757091553, -0.7668046386839791, -1.8908707498510489, 0.6811934960365786, 1.4620032072243085, 1.5552099656241782, -1.1653798630561512, 0.2533684467030425, 1.5529536169866085, -0.17418206107205092, -0.8780710599578341, -1.168989519106669, 0.9664019371725019, 0.197029159348184, -0.6650095107831249};
    // CAUSAL_D2_GB (3,)
    static final double[] CAUSAL_D2_GB = {0.9579823635776785, 0.8495832507630413, 0.34161186001007016};
    // CAUSAL_S2_Y (2, 3, 3)
    static final double[] CAUSAL_S2_Y = {0.3793175056926356, 0.5047829834307065, 0.39284113660962716, 0.3865413863663235, 0.23738919663276703, -0.023410841585697437, 0.04578921004839781, 0.1300288404147739, 0.15311387537740484, -0.1263083946117434, 0.0399567142627508, 0.18742955607859074, 0.18315460777689643, 0.15427535009989576, 0.05283798465207221, 0.1276838932170689, 0.1916979904156453, 0.16555352735801754};
    // CAUSAL_S2_GX (2, 6, 2)
    static final double[] CAUSAL_S2_GX = {-0.4024267025638643, 0.9365716882728593, -0.026020240981637348, 0.3724834381395906, -0.35007338456383114, -0.019017069097314654, -0.911538091298386, 0.1541509563747261, 0.7558930716061402, -0.917370301763488, 0.0, 0.0, -0.4131459608249308, 0.9452787157390999, -0.044027699252483996, 0.37909623295473965, -0.3387428136988768, -0.0370702530405934, -0.9019387252301753, 0.1453579448804759, 0.7551719407390773, -0.907849170050951, 0.0, 0.0};
    // CAUSAL_S2_GK (2, 2, 3)
    static final double[] CAUSAL_S2_GK = {1.1353265765211225, 0.7228936377226717, -0.02952747442142603, 0.14545366630404222, 0.20975809436586368, 0.17541001308678236, -0.6345638202182987, 0.36103964676567957, 1.1868405264756594, -1.2603603216765153, -0.03154895814793501, 1.212100373363687};
    // CAUSAL_S2_GB (3,)
    static final double[] CAUSAL_S2_GB = {-0.012972366923536482, -0.0006431370854724783, 0.011988570173183888};
    // MAXPOOL_VALID_Y (2, 3, 3)
    static final double[] MAXPOOL_VALID_Y = {0.5984721441039569, 0.8912073600614354, 0.9738476308781953, 0.4048499206165983, 0.8987080958116269, 0.9698898108450863, 0.5849171928917631, -0.0751511204618093, -0.26323179136580266, 0.5711968696599886, -0.09190685022767987, -0.24697366173662433, 0.5573150535176614, 0.9129452507276262, 0.9611527245021175, 0.45044059427538613, 0.9196776446620184, 0.956375928404504};
    // MAXPOOL_VALID_GX (2, 7, 3)
    static final double[] MAXPOOL_VALID_GX = {0.0, 0.8414709848078965, 0.9916648104524686, 0.29552020666133955, 0.0, 0.0, 0.0, 0.0, 0.0, 0.6754631805511513, 0.041580662433290935, -0.6118578909427189, -0.9775301176650969, -0.8834546557201536, 0.0, 0.0, 0.0, -0.37387666483023685, 0.0, 0.0, 0.0, 0.31154136351337786, 0.8504366206285644, 0.0, 0.0, 0.0, 0.9893582466233819, 0.0, 0.024775425453357765, -0.6250706488928821, 0.6629692300821833, 0.0, 0.0, 0.0, 0.0, 0.0, -0.9809362300664916, -0.8754521746884285, -0.3582292822368287, 0.0, 0.0, 0.0};
    // MAXPOOL_SAME_Y (2, 4, 3)
    static final double[] MAXPOOL_SAME_Y = {0.5984721441039569, 0.8912073600614354, 0.9738476308781953, 0.5984721441039569, 0.8987080958116269, 0.9698898108450863, 0.5849171928917631, 0.8987080958116269, 0.9698898108450863, 0.4201670368266409, 0.9059547423084618, 0.9656577765492774, 0.5711968696599886, -0.09190685022767987, -0.24697366173662433, 0.5573150535176614, 0.9129452507276262, 0.9611527245021175, 0.5573150535176614, 0.9196776446620184, 0.956375928404504, 0.5432756692322508, 0.9196776446620184, 0.956375928404504};
    // MAXPOOL_SAME_GX (2, 7, 3)
    static final double[] MAXPOOL_SAME_GX = {0.0, 0.8414709848078965, 0.9916648104524686, 0.9709833872124909, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.8418739932868626, -0.9857345557729558, -0.9775301176650969, 0.0, 0.0, 0.0, 0.0, 0.0, 0.31154136351337786, 0.8504366206285644, 0.9893582466233819, 0.6629692300821833, 0.024775425453357765, 0.0, 0.0, 0.0, -0.6250706488928821, 0.0, -0.8754521746884285, -0.3582292822368287, -0.6534617909287985, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8671249986424331, 0.3486652819266659, 0.6502878401571168, 0.0, 0.0};
    // AVGPOOL_VALID_Y (2, 5, 3)
    static final double[] AVGPOOL_VALID_Y = {-0.0019335057402856497, 0.00018859146998484455, 0.0022219911650985433, 0.003210353695696925, 0.0026888367200486782, 0.0009027178207288896, -0.001307963375034323, -0.0029034889580278798, -0.0031334583157939613, -0.0018897132660053255, 0.0002427934603695947, 0.002261110628580439, 0.0032159921373422127, 0.0026583422926479048, 0.0008504325299774814, 0.0032207213304276303, 0.0026270962794859485, 0.0007979067987908447, -0.0014065507170147502, -0.0029494854526461722, -0.003105231092916457, -0.0018005380296148843, 0.00035097620319772077, 0.0023374208434931154, 0.0032245399378838338, 0.00259510751466178, 0.0007451554776219579, -0.00145525482391969, -0.002971236042789186, -0.003089798523888946};
    // AVGPOOL_VALID_GX (2, 7, 3)
    static final double[] AVGPOOL_VALID_GX = {0.09850673555377985, 0.2804903282692988, 0.33055493681748954, 0.3236611290708303, 0.2943505490803958, 0.1266023065032499, -0.00218224348420204, -0.00013433615965535717, 0.0019767515598376334, 0.003158142133144068, 0.0028542091139006076, 0.0012078969501420622, -0.001006508023178615, -0.0027475365460771384, -0.0031963556999123066, 0.32483686453185373, 0.29173734869397405, 0.12142919924349996, 0.22098974336072777, 0.008258475151119255, -0.20835688296429403, -0.3269787433554972, -0.2918173915628095, -0.11940976074560956, -0.2178205969762662, -0.005430119943977574, 0.20951422734592823, -0.0010579835905606128, -0.002775725348665126, -0.0031880001033875727, -0.002100908595610962, -2.5726947716020465e-05, 0.002061554485684472, 0.0031792546317898213, 0.0028017016473411704, 0.0011064646003522416, -0.21358335875391576, 0.0001473070520287001, 0.21380869204966807, 0.1144383096066318, 0.2892147002138891, 0.32796889820620556};
    // AVGPOOL_SAME_Y (2, 4, 3)
    static final double[] AVGPOOL_SAME_Y = {0.49394524320630373, 0.41641660831692795, 0.14304073584711074, 0.003210353695696925, 0.0026888367200486782, 0.0009027178207288896, -0.0018897132660053255, 0.0002427934603695947, 0.002261110628580439, -0.28763460823986825, 0.0415630736698765, 0.35121299259173744, -0.21285159819080357, -0.4525319809445842, -0.4793795020528725, -0.0014065507170147502, -0.0029494854526461722, -0.003105231092916457, 0.0032245399378838338, 0.00259510751466178, 0.0007451554776219579, 0.4968581317538185, 0.39717100928279464, 0.11068815517786441};
    // AVGPOOL_SAME_GX (2, 7, 3)
    static final double[] AVGPOOL_SAME_GX = {0.14776010333066977, 0.4207354924039483, 0.49583240522623434, 0.3729144968477202, 0.4345957132150453, 0.2918797749119947, 0.22515439351705044, 0.013860220811096979, -0.20395263031423963, -0.10068897903798188, -0.2806246644289542, -0.3285781852576519, -0.3258433725550323, -0.2944848852400512, -0.12462555494341228, -0.1700726907983434, 0.13073342507423102, 0.3700535683682787, 0.15577068175668893, 0.4252183103142822, 0.49467912331169095, 0.33148461504109167, 0.012387712726678884, -0.31253532444644105, 0.004505871685594465, -0.2794296788361306, -0.4319450851920506, -0.3269787433554972, -0.2918173915628095, -0.11940976074560956, -0.2178205969762662, -0.005430119943977574, 0.20951422734592823, 0.109158146379231, 0.28638727161883193, 0.3289239880915378, 0.4343020664577894, 0.2903688635118006, 0.009870646917564063, 0.3251439200785584, 0.003981591892968672, -0.3190533411739737};
    // GAP_MASKED_Y (3, 2)
    static final double[] GAP_MASKED_Y = {0.4464543139654778, 0.3330653269652367, -0.2232272575682972, -0.1357803796550063, 0.10469818571429161, 0.09938212613915447};
    // GAP_MASKED_GX (3, 5, 2)
    static final double[] GAP_MASKED_GX = {0.09850673555377985, 0.2804903282692988, 0.09850673555377985, 0.2804903282692988, 0.09850673555377985, 0.2804903282692988, 0.0, 0.0, 0.0, 0.0, 0.33055493681748954, 0.22515439351705044, 0.0, 0.0, 0.33055493681748954, 0.22515439351705044, 0.33055493681748954, 0.22515439351705044, 0.0, 0.0, 0.008316132486658186, -0.12237157818854379, 0.008316132486658186, -0.12237157818854379, 0.008316132486658186, -0.12237157818854379, 0.008316132486658186, -0.12237157818854379, 0.008316132486658186, -0.12237157818854379};
}
