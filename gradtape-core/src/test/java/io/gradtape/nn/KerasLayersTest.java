package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LayerNormalization, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Reshape and Activation: values
 * and gradients against PyTorch 1.13 (float64, computed on this machine), Keras's defaults, names and errors.
 */
class KerasLayersTest {

    /** The gradients of {@code sum(layer(x) * w)} with respect to {@code x} and then {@code vars}. */
    private static List<Tensor> grads(Module layer, Tensor x, Tensor w, List<? extends Tensor> vars) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = layer.call(x).mul(w).sum();
        }
        List<Tensor> sources = new ArrayList<>();
        sources.add(x);
        sources.addAll(vars);
        return tape.gradient(loss, sources);
    }

    @Test
    void layerNormalizationMatchesTorchLayerNormAndItsGradients() {
        // keras/src/layers/normalization/layer_normalization.py: axis -1, epsilon 1e-3, gamma * (x - mean) /
        // sqrt(var + eps) + beta with the biased variance. Expected: torch.nn.functional.layer_norm(x, (4,), g, b,
        // 1e-3) in float64 and autograd of sum(y * w).
        LayerNormalization ln = LayerNormalization.builder()
                .gammaInitializer((s, d) -> Tensors.constant(new double[] {1, 2, 0.5, -1}, 4))
                .betaInitializer((s, d) -> Tensors.constant(new double[] {0.1, 0.2, 0.3, 0.4}, 4)).build();
        Tensor x = Tensors.constant(new double[] {1, 2, 4, 7, 10, -2, 0.5, 3}, 2, 4);
        Tensor w = Tensors.constant(new double[] {0.3, -1, 2, 0.5, 1.5, 0.25, -0.5, 1}, 2, 4);
        assertArrayEquals(new double[] {-0.9909855527412957, -1.1091826632895547, 0.4090985552741296, -1.1273797738378142,
                1.691294991186703, -1.977561566887067, 0.034784168135549465, 0.37208254401426843}, ln.call(x).toDoubleArray(), 1e-14);
        List<Tensor> g = grads(ln, x, w, List.of(ln.gamma(), ln.beta()));
        assertArrayEquals(new double[] {0.3137783319695323, -0.7107050962771082, 0.5569241275631495, -0.15999736325557357,
                0.12012114561055491, 0.1881703688651266, -0.040040381870184966, -0.26825113260549655}, g.get(0).toDoubleArray(), 1e-14);
        assertArrayEquals(new double[] {2.0596468209576657, 0.382396135783894, 0.7016100529609689, 0.7916073429046386},
                g.get(1).toDoubleArray(), 1e-14);
        assertArrayEquals(new double[] {1.8, -0.75, 1.5, 1.5}, g.get(2).toDoubleArray(), 1e-14);
        assertEquals(List.of("gamma", "beta"), new ArrayList<>(ln.namedVariables().keySet()));
        assertEquals(DType.FLOAT64, ln.gamma().dtype(), "a lazy build takes the input's dtype");
        assertEquals(2, ln.trainableVariables().size());
        assertEquals(8, ln.countParams());
    }

    @Test
    void layerNormalizationHasTorchsSecondDerivative() {
        // d/dx sum((d/dx sum(layer_norm(x) * w))^2), torch.autograd.grad with create_graph=True, float64; the same
        // x, w, gamma, beta and epsilon 1e-3 as above
        LayerNormalization ln = LayerNormalization.builder()
                .gammaInitializer((s, d) -> Tensors.constant(new double[] {1, 2, 0.5, -1}, 4))
                .betaInitializer((s, d) -> Tensors.constant(new double[] {0.1, 0.2, 0.3, 0.4}, 4)).build();
        Tensor x = Tensors.constant(new double[] {1, 2, 4, 7, 10, -2, 0.5, 3}, 2, 4);
        Tensor w = Tensors.constant(new double[] {0.3, -1, 2, 0.5, 1.5, 0.25, -0.5, 1}, 2, 4);
        GradientTape outer = new GradientTape();
        Tensor squares;
        try (outer) {
            outer.watch(x);
            GradientTape inner = new GradientTape();
            Tensor loss;
            try (inner) {
                inner.watch(x);
                loss = ln.call(x).mul(w).sum();
            }
            squares = Tensors.square(inner.gradient(loss, x)).sum();
        }
        assertArrayEquals(new double[] {0.21056409201684415, 0.1637009517012825, -0.06786754899437365, -0.30639749472375294,
                -0.027761503696201218, 0.00586414741519295, 0.009253834565400408, 0.012643521715607864},
                outer.gradient(squares, x).toDoubleArray(), 1e-14);
    }

    @Test
    void layerNormalizationOverAxesThatAreNotTrailingReshapesGammaToThem() {
        // axis (0, 2) of (2, 2, 3): gamma and beta are (2, 3), placed at axes 0 and 2 (Keras's broadcast_shape).
        // Expected: torch, mean/var over dims (0, 2) with keepdim, gamma.reshape(2, 1, 3), eps 1e-3, float64.
        LayerNormalization ln = LayerNormalization.builder().axis(0, -1)
                .gammaInitializer((s, d) -> Tensors.constant(new double[] {1, 2, 3, -1, 0.5, 1.5}, 2, 3))
                .betaInitializer((s, d) -> Tensors.constant(new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5}, 2, 3)).build();
        Tensor x = Tensors.constant(new double[] {1, 2, 4, -1, 0, 3, 5, 5, 2, 8, -3, 1}, 2, 2, 3);
        Tensor w = Tensors.constant(new double[] {1, -1, 2, 0.5, 0.25, -2, 1.5, 3, -0.5, 1, 2, -1}, 2, 2, 3);
        assertArrayEquals(new double[] {-1.3777186324562032, -1.3836969887989878, 1.7896753451417735, -0.6673965104458355,
                -0.6627388690809548, 1.6301353795267903, -0.8657619197706337, 0.9828809598853169, -0.612772741599241,
                -1.6068471727023872, -0.21972533112827575, 0.356986462047321}, ln.call(x).toDoubleArray(), 1e-14);
        List<Tensor> g = grads(ln, x, w, List.of(ln.gamma(), ln.beta()));
        assertArrayEquals(new double[] {0.746384676573248, -1.420113069738437, 3.149073370432122, 0.24964025827655947,
                0.33674137766524126, -1.261131257553541, -1.878839997134755, 0.028770417035372753, -0.6252753971675505,
                0.6045097189166585, 0.21845155745187494, -0.1482116547567931}, g.get(0).toDoubleArray(), 1e-14);
        assertArrayEquals(new double[] {-1.711416887679121, 0.6465061357643747, 0.10635997707665534, 3.6554900523583376,
                1.018384434798798, 0.46626660583486634}, g.get(1).toDoubleArray(), 1e-14);
        assertArrayEquals(new double[] {1.5, -0.75, 0, 2.5, 5, -1.5}, g.get(2).toDoubleArray(), 1e-14);
        assertEquals(Shape.of(2, 3), ln.gamma().shape());
    }

    @Test
    void layerNormalizationDefaultsAndOptions() {
        // float32, Keras's defaults: torch.nn.functional.layer_norm([[1, 2, 3, 4]], (4,), eps=1e-3) in float32
        LayerNormalization ln = new LayerNormalization(4);
        assertEquals(DType.FLOAT32, ln.gamma().dtype());
        assertArrayEquals(new float[] {-1.34110426902771f, -0.44703471660614014f, 0.44703489542007446f, 1.341104507446289f},
                ln.call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 4)).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 1, 1}, ln.gamma().toFloatArray(), 0);
        assertArrayEquals(new float[] {0, 0, 0, 0}, ln.beta().toFloatArray(), 0);
        // training makes no difference (no batch statistics)
        Tensor x = Tensors.constant(new float[] {3, -1, 2, 8, 0, 1, 1, 5}, 2, 4);
        assertArrayEquals(ln.call(x).toFloatArray(), ln.call(x, true).toFloatArray(), 0);
        // a constant row has variance 0: (x - mean) = 0, so the output is beta, not NaN
        assertArrayEquals(new float[] {0, 0, 0}, new LayerNormalization().call(Tensors.constant(new float[] {5, 5, 5}, 1, 3)).toFloatArray(), 0);
        // center/scale off: no variables, plain normalization; a different epsilon: -1.5 / sqrt(1.25 + 1) etc.
        LayerNormalization bare = LayerNormalization.builder().center(false).scale(false).epsilon(1).build();
        double[] y = bare.call(Tensors.constant(new double[] {1, 2, 3, 4}, 1, 4)).toDoubleArray();
        assertEquals(-1.5 / Math.sqrt(2.25), y[0], 1e-15);
        assertEquals(0.5 / Math.sqrt(2.25), y[2], 1e-15);
        assertTrue(bare.namedVariables().isEmpty());
        assertNull(bare.gamma());
        // built now for given sizes at several axes
        LayerNormalization multi = LayerNormalization.builder().axis(1, 2).features(3, 4).dtype(DType.FLOAT64).name("ln").build();
        assertEquals(Shape.of(3, 4), multi.beta().shape());
        assertEquals(DType.FLOAT64, multi.beta().dtype());
        assertEquals("ln", multi.name());
        assertEquals("layer_normalization", new LayerNormalization().name());
    }

    @Test
    void layerNormalizationErrorsNameTheLayerAndShapesAndChangeNothing() {
        LayerNormalization ln = new LayerNormalization();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.call(Tensors.ones(DType.INT32, 2, 3)));
        assertEquals("layer_normalization: LayerNormalization needs a floating input, got dtype int32", e.getMessage());
        assertTrue(ln.namedVariables().isEmpty() && ln.gamma() == null, "a refused build leaves the layer unbuilt");
        ln.call(Tensors.zeros(DType.FLOAT32, 2, 4));
        e = assertThrows(IllegalArgumentException.class, () -> ln.call(Tensors.zeros(DType.FLOAT32, 2, 5)));
        assertEquals("layer_normalization: input has shape (2, 5) and dtype float32 but the layer was built for sizes (4,)"
                + " at axis [-1] and dtype float32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ln.call(Tensors.zeros(DType.FLOAT64, 2, 4)));
        e = assertThrows(IllegalArgumentException.class, () -> ln.call(Tensors.constant(1f)));
        assertTrue(e.getMessage().startsWith("layer_normalization: axis [-1] is outside the input of shape ()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerNormalization.builder().axis(-1, 2).build().call(Tensors.zeros(DType.FLOAT32, 2, 3, 4)));
        assertTrue(e.getMessage().contains("resolves to [2, 2] for the input of shape (2, 3, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerNormalization.builder().axis(2, 1).build().call(Tensors.zeros(DType.FLOAT32, 2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> LayerNormalization.builder().axis(1, 2).features(3).build());
        assertThrows(IllegalArgumentException.class, () -> LayerNormalization.builder().epsilon(0));
        assertThrows(IllegalArgumentException.class, () -> LayerNormalization.builder().axis());
        // an initializer of the wrong shape: neither variable is made
        LayerNormalization bad = LayerNormalization.builder().betaInitializer((s, d) -> Tensors.zeros(d, 3)).build();
        e = assertThrows(IllegalArgumentException.class, () -> bad.call(Tensors.ones(DType.FLOAT32, 1, 4)));
        assertTrue(e.getMessage().startsWith("layer_normalization: the beta initializer returned shape (3,)"), e.getMessage());
        assertTrue(bad.namedVariables().isEmpty());
        assertThrows(IllegalStateException.class, bad::countParams);
    }

    @Test
    void averagePooling2dMatchesKerasExamplesAndTheGradientSharesEachWindow() {
        // keras/src/layers/pooling/average_pooling2d.py docstring inputs; tf.nn.avg_pool with SAME pads at the end
        // and divides by the real cells. Expected: torch autograd of that mean over x[i:i+2, j:j+2], float64.
        Tensor img = Tensors.constant(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        assertArrayEquals(new double[] {3, 4, 6, 7}, new AveragePooling2D(2, 1, "valid").call(img).toDoubleArray(), 0);
        AveragePooling2D same = new AveragePooling2D(2, 1, "SAME");
        assertArrayEquals(new double[] {3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9}, same.call(img).toDoubleArray(), 1e-15);
        Tensor w = Tensors.constant(new double[] {1, -1, 2, 0.5, 3, -2, 1, 1, 4}, 1, 3, 3, 1);
        assertArrayEquals(new double[] {0.25, 0, 0.75, 0.375, 0.875, 0.5, 0.625, 1.875, 4.25},
                grads(same, img, w, List.of()).get(0).toDoubleArray(), 1e-15);
        // defaults: pool 2, strides = pool size, valid; rows 1-2 / 5-6 of a 3x4 image (Keras's second example)
        Tensor img34 = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 1, 3, 4, 1);
        AveragePooling2D def = new AveragePooling2D();
        assertArrayEquals(new float[] {3.5f, 5.5f}, def.call(img34).toFloatArray(), 0);
        assertEquals(Shape.of(1, 1, 2, 1), def.call(img34).shape());
        assertEquals("average_pooling2d", def.name());
        // a tuple pool: 2 high, 1 wide
        assertArrayEquals(new double[] {2.5, 3.5, 4.5}, new AveragePooling2D(new int[] {2, 1}, null, "valid").call(img).toDoubleArray(), 0);
        assertEquals(Shape.of(0, 2, 2, 3), def.call(Tensors.zeros(DType.FLOAT32, 0, 4, 4, 3)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D(4).call(img));
        assertEquals("average_pooling2d: the pool 4x4 is larger than the image 3x3 (input shape (1, 3, 3, 1)) with valid padding", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> def.call(Tensors.zeros(DType.FLOAT32, 3, 3, 1)));
        assertEquals("average_pooling2d: AveragePooling2D needs a floating NHWC input of rank 4, got shape (3, 3, 1) and dtype float32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> def.call(Tensors.zeros(DType.INT32, 1, 2, 2, 1)));
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D(0));
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D(2, 2, "full"));
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D(new int[] {2}, null, "valid"));
    }

    @Test
    void globalPoolingReducesHeightAndWidthWithKerasKeepdims() {
        // keras/src/layers/pooling/global_{average,max}_pooling2d.py: ops.mean / ops.max over axes [1, 2].
        // Expected: torch x.mean(dim=(1, 2)) and x.amax(dim=(1, 2)) with autograd of sum(y * [2, 3]), float64;
        // amax shares the gradient equally among ties, as tf.reduce_max's gradient.
        Tensor x = Tensors.constant(new double[] {3, 0, 3, 5, 1, 5, 2, -1}, 1, 2, 2, 2);
        Tensor w = Tensors.constant(new double[] {2, 3}, 1, 2);
        GlobalMaxPooling2D gmp = new GlobalMaxPooling2D();
        assertArrayEquals(new double[] {3, 5}, gmp.call(x).toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 0, 1, 1.5, 0, 1.5, 0, 0}, grads(gmp, x, w, List.of()).get(0).toDoubleArray(), 0);
        GlobalAveragePooling2D gap = new GlobalAveragePooling2D();
        assertArrayEquals(new double[] {2.25, 2.25}, gap.call(x).toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.5, 0.75, 0.5, 0.75, 0.5, 0.75, 0.5, 0.75}, grads(gap, x, w, List.of()).get(0).toDoubleArray(), 0);
        assertEquals(Shape.of(1, 1, 1, 2), new GlobalAveragePooling2D(true).call(x).shape());
        assertEquals(Shape.of(1, 1, 1, 2), new GlobalMaxPooling2D(true).call(x).shape());
        assertEquals(Shape.of(0, 7), gap.call(Tensors.zeros(DType.FLOAT32, 0, 3, 3, 7)).shape());
        assertEquals("global_average_pooling2d", gap.name());
        assertEquals("global_max_pooling2d", gmp.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gap.call(Tensors.zeros(DType.FLOAT32, 2, 3, 3)));
        assertEquals("global_average_pooling2d: GlobalAveragePooling2D needs a floating NHWC input of rank 4, got shape (2, 3, 3)"
                + " and dtype float32", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gmp.call(Tensors.zeros(DType.INT32, 1, 2, 2, 1)));
        assertTrue(e.getMessage().startsWith("global_max_pooling2d: GlobalMaxPooling2D needs"), e.getMessage());
    }

    @Test
    void reshapeKeepsTheBatchAndInfersOneMinusOneFromTheExampleShape() {
        // keras/src/layers/reshaping/reshape.py and ops/operation_utils.py compute_reshape_output_shape
        Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        Tensor y = new Reshape(2, 2).call(x);
        assertEquals(Shape.of(2, 2, 2), y.shape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0);
        assertEquals(Shape.of(2, 3, 2, 2), new Reshape(-1, 2, 2).call(Tensors.zeros(DType.FLOAT32, 2, 12)).shape());
        // from the shape, not size / batch: an empty batch keeps its example shape
        assertEquals(Shape.of(0, 3, 4), new Reshape(-1, 4).call(Tensors.zeros(DType.FLOAT32, 0, 12)).shape());
        assertEquals(Shape.of(3, 0, 5), new Reshape(0, 5).call(Tensors.zeros(DType.FLOAT32, 3, 0)).shape());
        assertEquals(DType.INT32, new Reshape(2, 1).call(Tensors.constant(new int[] {1, 2}, 1, 2)).dtype());
        assertEquals("reshape", new Reshape(4).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Reshape(5).call(Tensors.zeros(DType.FLOAT32, 2, 12)));
        assertEquals("reshape: cannot reshape the input of shape (2, 12) (examples of 12 elements) to (batch, 5): the target"
                + " holds 5 elements", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, 5).call(Tensors.zeros(DType.FLOAT32, 2, 12)));
        assertTrue(e.getMessage().endsWith("the other target sizes' product 5 does not divide 12"), e.getMessage());
        // Keras refuses a -1 beside a 0 (known_output_size == 0)
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, 0).call(Tensors.zeros(DType.FLOAT32, 3, 0)));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(2).call(Tensors.constant(1f)));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-2, 4));
        // the gradient flows back in the input's shape
        Tensor v = Tensors.constant(new double[] {1, 2, 3, 4}, 1, 4);
        Tensor g = grads(new Reshape(2, 2), v, Tensors.constant(new double[] {1, 2, 3, 4}, 1, 2, 2), List.of()).get(0);
        assertEquals(Shape.of(1, 4), g.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, g.toDoubleArray(), 0);
    }

    @Test
    void activationAppliesTheNamedFunction() {
        // keras/src/layers/activations/activation.py docstring: relu of [-3, -1, 0, 2]
        Activation relu = new Activation("relu");
        assertArrayEquals(new float[] {0, 0, 0, 2}, relu.call(Tensors.constant(new float[] {-3, -1, 0, 2}, 4)).toFloatArray(), 0);
        assertEquals("activation", relu.name());
        assertEquals("relu", relu.activationName());
        // softmax over the last axis: exp(x) / sum(exp(x)); sigmoid(0) = 0.5
        double[] s = new Activation("softmax").call(Tensors.constant(new double[] {0, Math.log(3)}, 1, 2)).toDoubleArray();
        assertArrayEquals(new double[] {0.25, 0.75}, s, 1e-15);
        assertArrayEquals(new float[] {0.5f}, new Activation("SIGMOID").call(Tensors.zeros(DType.FLOAT32, 1)).toFloatArray(), 0);
        Tensor x = Tensors.constant(new float[] {1, 2}, 2);
        assertSame(x, new Activation((String) null).call(x), "linear is the identity");
        assertEquals("custom", new Activation(t -> NN.leakyRelu(t, 0.1)).activationName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("nope"));
        assertTrue(e.getMessage().contains("unknown activation \"nope\""), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Activation(t -> null).call(x));
    }

    @Test
    void theNewLayersComposeInASequentialAndCheckpointUnderKerasNames(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(
                new Reshape(4, 4, 1),
                Conv2D.builder(2, 3).padding("same").build(),
                new AveragePooling2D(),
                new LayerNormalization(),
                new Activation("relu"),
                new GlobalMaxPooling2D(),
                new Dense(3),
                new Activation("softmax"));
        model.build(DType.FLOAT32, 16);
        assertEquals(List.of("conv2d/kernel", "conv2d/bias", "layer_normalization/gamma", "layer_normalization/beta",
                "dense/kernel", "dense/bias"), new ArrayList<>(model.namedVariables().keySet()));
        assertEquals(List.of("reshape", "conv2d", "average_pooling2d", "layer_normalization", "activation",
                "global_max_pooling2d", "dense", "activation_1"), model.submodules().stream().map(io.gradtape.nn.Module::name).toList());
        Tensor x = Tensors.ones(DType.FLOAT32, 5, 16);
        Tensor y = model.call(x, true);
        assertEquals(Shape.of(5, 3), y.shape());
        float[] p = y.toFloatArray();
        assertEquals(1, p[0] + p[1] + p[2], 1e-6f);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = new CategoricalCrossentropy().call(Tensors.constant(new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1}, 5, 3),
                    model.call(Tensors.constant(new float[80], 5, 16).add(Tensors.constant(ramp(80), 5, 16))));
        }
        List<Variable> vars = model.trainableVariables();
        List<Tensor> g = tape.gradient(loss, vars);
        for (int i = 0; i < vars.size(); i++) {
            assertEquals(vars.get(i).shape(), g.get(i).shape());
        }
        LayerNormalization ln = (LayerNormalization) model.layers().get(3);
        assertEquals(Shape.of(2), ln.gamma().shape());
        // save, change gamma, restore: the checkpoint holds it under its path name
        Path file = dir.resolve("model.npz");
        Checkpoint ckpt = new Checkpoint().module(model);
        assertTrue(ckpt.keys().contains("layer_normalization/gamma"), ckpt.keys().toString());
        ckpt.save(file);
        ln.gamma().assign(Tensors.constant(new float[] {3, 4}, 2));
        ckpt.restore(file);
        assertArrayEquals(new float[] {1, 1}, ln.gamma().toFloatArray(), 0);
    }

    private static float[] ramp(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) Math.sin(i * 0.7);
        }
        return r;
    }
}
