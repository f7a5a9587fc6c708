package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modules: names, order, training flag; each layer's shapes, math and errors. */
class ModulesTest {

    @Test
    void namesAreKerasBaseNamesMadeUniqueAmongSiblings() {
        Sequential a = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null), new BatchNormalization(2),
                new Dropout(0.1, Generator.fromSeed(1)), new Flatten(), new Dense(2, 2, null));
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
                "batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean",
                "batch_normalization/moving_variance", "dense_2/kernel", "dense_2/bias"), new ArrayList<>(a.namedVariables().keySet()));
        // a second model made afterwards is named the same way (no global counter)
        Sequential b = new Sequential(new Dense(4, 3, "relu"));
        assertEquals(List.of("dense/kernel", "dense/bias"), new ArrayList<>(b.namedVariables().keySet()));
        assertEquals("dense_1", a.layers().get(1).name());
        assertEquals("max_pooling2d", new MaxPool2D(2).name());
        assertEquals("conv2d", new Conv2D(1, 1).name());
        // explicit names are kept, and must be unique
        Sequential c = new Sequential(Dense.builder(2).name("out").inputSize(2).build());
        assertEquals(List.of("out/kernel", "out/bias"), new ArrayList<>(c.namedVariables().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.add(Dense.builder(2).name("out").build()));
        assertTrue(e.getMessage().contains("out"), e.getMessage());
    }

    /** A user module nesting others. */
    static final class Block extends io.gradtape.nn.Module {
        final Dense first = addModule(new Dense(3, 3, "relu"));
        final Sequential inner = addModule(new Sequential(new Dense(3, 3, null)));
        final Variable scale = addVariable("scale", Tensors.ones(DType.FLOAT32, 3), true);
        final Variable steps = addVariable("steps", Tensors.zeros(DType.FLOAT32, 1), false);

        @Override
        public Tensor call(Tensor x) {
            return inner.call(first.call(x)).mul(scale);
        }
    }

    @Test
    void orderIsRegistrationOrderDepthFirstAndSharedVariablesAppearOnce() {
        Block block = new Block();
        assertEquals("block", block.name());
        assertEquals(List.of("dense/kernel", "dense/bias", "sequential/dense/kernel", "sequential/dense/bias", "scale", "steps"),
                new ArrayList<>(block.namedVariables().keySet()));
        assertEquals(6, block.variables().size());
        assertEquals(5, block.trainableVariables().size());
        assertFalse(block.trainableVariables().contains(block.steps));

        Dense shared = new Dense(2, 2, null);
        Sequential twice = new Sequential(shared, new Flatten());
        twice.add(new Sequential(shared));
        assertEquals(2, twice.variables().size());

        // lazily built layers take the place their module already has
        Sequential lazy = new Sequential(new Dense(5, "relu"), new Dense(2));
        assertTrue(lazy.variables().isEmpty());
        lazy.build(DType.FLOAT32, 7);
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"), new ArrayList<>(lazy.namedVariables().keySet()));
        assertEquals(Shape.of(7, 5), lazy.variables().get(0).shape());
        assertEquals(7 * 5 + 5 + 5 * 2 + 2, lazy.countParams());
    }

    @Test
    void trainingPropagatesAndCallWithTrainingRestoresIt() {
        Sequential m = new Sequential(new Dense(2, 2, null), new Sequential(new Dropout(0.5, Generator.fromSeed(3))));
        assertFalse(m.training());
        m.setTraining(true);
        assertTrue(((Sequential) m.layers().get(1)).layers().get(0).training());
        m.setTraining(false);
        Tensor x = Tensors.ones(DType.FLOAT32, 4, 2);
        m.call(x, true);
        assertFalse(m.layers().get(1).training());
    }

    @Test
    void callWithTrainingRestoresEachModulesOwnFlag() {
        // a dropout kept active on its own inside a model in inference: call(x, false) must leave it active, as it
        // leaves the model inactive (each module gets back its own flag, not the model's)
        Dropout drop = new Dropout(0.5, Generator.fromSeed(3));
        Sequential m = new Sequential(new Dense(2, 2, null), drop);
        drop.setTraining(true);
        m.call(Tensors.ones(DType.FLOAT32, 4, 2), false);
        assertFalse(m.training());
        assertTrue(drop.training());
        assertFalse(m.layers().get(0).training());
        // and the other way round, also when the call throws
        m.setTraining(true);
        drop.setTraining(false);
        assertThrows(IllegalArgumentException.class, () -> m.call(Tensors.ones(DType.FLOAT32, 4, 3), true));
        assertTrue(m.training());
        assertTrue(m.layers().get(0).training());
        assertFalse(drop.training());
    }

    @Test
    void anInitializerOfTheWrongShapeOrDtypeIsRefusedAndLeavesTheLayerUnbuilt() {
        // a kernel (2, 1) for Dense(3) on 2 features computed x @ k + b by broadcasting: output (4, 1), no error
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dense.builder(3).inputSize(2)
                .kernelInitializer((s, t) -> Tensors.ones(t, 2, 1)).build());
        assertTrue(e.getMessage().contains("kernel") && e.getMessage().contains("(2, 1)")
                && e.getMessage().contains("(2, 3)"), e.getMessage());
        // a bias (1,) for 3 units broadcast one number over every unit
        Dense lazyBias = Dense.builder(3).biasInitializer((s, t) -> Tensors.ones(t, 1)).build();
        e = assertThrows(IllegalArgumentException.class, () -> lazyBias.call(Tensors.ones(DType.FLOAT32, 4, 2)));
        assertTrue(e.getMessage().startsWith("dense: the bias initializer returned shape (1,)"), e.getMessage());
        assertNull(lazyBias.kernel(), "a failed build adds no variable");
        assertEquals(0, lazyBias.variables().size());
        assertThrows(IllegalArgumentException.class, () -> Dense.builder(3).inputSize(2)
                .kernelInitializer((s, t) -> Tensors.ones(DType.FLOAT64, s.dims())).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder(4, 3).inputChannels(2)
                .biasInitializer((s, t) -> Tensors.zeros(t, 1)).build());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(4, 2, (s, t) -> Tensors.ones(t, 1, 2), null));
        assertThrows(NullPointerException.class, () -> new Embedding(4, 2, (s, t) -> null, null));
    }

    @Test
    void aBiasInitializerThatThrowsLeavesTheLayerUnbuiltNotBiasless() {
        // the kernel was added before the bias initializer ran, so after one failure the next call built nothing
        // more and ran x @ kernel without a bias, silently
        int[] calls = {0};
        Initializer flaky = (s, t) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("not ready");
            }
            return Tensors.constant(new float[] {10, 20}, 2);
        };
        Dense d = Dense.builder(2).kernelInitializer(Initializers.ones()).biasInitializer(flaky).build();
        Tensor x = Tensors.constant(new float[] {1, 2, 3}, 1, 3);
        assertThrows(IllegalStateException.class, () -> d.call(x));
        assertNull(d.kernel());
        // x @ ones(3, 2) + [10, 20] = [6 + 10, 6 + 20]
        assertArrayEquals(new float[] {16, 26}, d.call(x).toFloatArray(), 0);
        assertEquals(List.of("kernel", "bias"), new ArrayList<>(d.namedVariables().keySet()));
        Conv2D c = Conv2D.builder(1, 1).kernelInitializer(Initializers.ones()).biasInitializer(flaky).build();
        calls[0] = 0;
        Tensor img = Tensors.ones(DType.FLOAT32, 1, 1, 1, 2);
        assertThrows(IllegalStateException.class, () -> c.call(img));
        assertNull(c.kernel());
    }

    @Test
    void countParamsOfAnUnbuiltLayerIsAnErrorNotZero() {
        // keras/src/layers/layer.py, Layer.count_params: ValueError "the layer isn't built"; gradtape returned 0
        Sequential model = new Sequential(new Dense(16, "relu"), new BatchNormalization(), new Dense(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, model::countParams);
        assertTrue(e.getMessage().startsWith("countParams: layer dense (Dense) is not built"), e.getMessage());
        assertTrue(model.toString().contains("(0 parameters: 0 trainable, 0 non-trainable; not built yet: dense, batch_normalization, dense_1)"),
                model.toString());
        assertThrows(IllegalStateException.class, new Conv2D(2, 3)::countParams);
        // kernel 8x16 + bias 16, gamma/beta/moving mean/moving variance 4x16, kernel 16x3 + bias 3
        model.build(DType.FLOAT32, 8);
        assertEquals(8 * 16 + 16 + 4 * 16 + 16 * 3 + 3, model.countParams());
        assertFalse(model.toString().contains("not built"), model.toString());
        // layers without variables, or built at construction, count as they are
        assertEquals(0, new Sequential(new Flatten(), new Dropout(0.5, Generator.fromSeed(1))).countParams());
        assertEquals(4 * 2 + 2, new Dense(4, 2, null).countParams());
    }

    @Test
    void aCallOnAnotherLastDimensionAfterTheBuildNamesTheLayerAndBothShapes() {
        Dense d = new Dense(2, "relu");
        d.call(Tensors.ones(DType.FLOAT32, 5, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.call(Tensors.ones(DType.FLOAT32, 5, 7, 4)));
        assertEquals("dense: input has shape (5, 7, 4) and dtype float32 but the layer was built for inputs (..., 3)"
                + " of dtype float32 (kernel (3, 2))", e.getMessage());
        Conv2D c = new Conv2D(2, 3);
        c.call(Tensors.ones(DType.FLOAT32, 1, 4, 4, 1));
        e = assertThrows(IllegalArgumentException.class, () -> c.call(Tensors.ones(DType.FLOAT32, 1, 4, 4, 3)));
        assertTrue(e.getMessage().startsWith("conv2d: input has shape (1, 4, 4, 3)")
                && e.getMessage().contains("(batch, height, width, 1)") && e.getMessage().contains("(3, 3, 1, 2)"), e.getMessage());
        BatchNormalization bn = new BatchNormalization(3);
        e = assertThrows(IllegalArgumentException.class, () -> bn.call(Tensors.ones(DType.FLOAT32, 2, 4)));
        assertTrue(e.getMessage().startsWith("batch_normalization: input has shape (2, 4)")
                && e.getMessage().contains("(..., 3)"), e.getMessage());
        assertEquals(Shape.of(3, 2), d.kernel().shape(), "a refused call changes nothing");
    }

    @Test
    void denseOnAnEmptyRank3InputKeepsItsLeadingDimensions() {
        // (0, 3, 0) @ kernel (0, 2) is (0, 3, 2) (Keras's Dense: ops.matmul on the last axis); the rows were a -1 in
        // a reshape, which TensorFlow's rule infers as 3 beside the zero size, and the result failed to reshape
        Dense d = new Dense(2);
        assertEquals(Shape.of(0, 3, 2), d.call(Tensors.zeros(DType.FLOAT32, 0, 3, 0)).shape());
        assertEquals(Shape.of(0, 2), d.kernel().shape());
        // (2, 3, 0): no features, so each output is the bias (zeros)
        assertArrayEquals(new float[12], d.call(Tensors.zeros(DType.FLOAT32, 2, 3, 0)).toFloatArray(), 0);
        assertEquals(Shape.of(4, 0, 5, 2), Dense.builder(2).inputSize(3).build().call(Tensors.zeros(DType.FLOAT32, 4, 0, 5, 3)).shape());
    }

    @Test
    void dropoutWithANoiseShapeSharesEachDrawAlongTheAxesOfSizeOne() {
        // Keras's Dropout(noise_shape=(None, 1, None)) (keras/src/layers/regularization/dropout.py): the mask is
        // drawn as (batch, 1, features) and broadcast over the time steps
        Dropout d = new Dropout(0.5, new int[] {-1, 1, -1}, Generator.fromSeed(7));
        Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 1, 3, 4);
        float[] y = d.call(x, true).toFloatArray();
        // the same seed's first draw, with the layer's mask shape (1, 1, 4) and keep probability 0.5
        float[] keep = Generator.fromSeed(7).bernoulli(Shape.of(1, 1, 4), 0.5, DType.FLOAT32).toFloatArray();
        for (int t = 0; t < 3; t++) {
            for (int f = 0; f < 4; f++) {
                assertEquals(x.toFloatArray()[4 * t + f] * keep[f] * 2, y[4 * t + f], 0, "step " + t + " feature " + f);
            }
        }
        assertEquals(Shape.of(1, 3, 4), d.call(x, true).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.call(Tensors.ones(DType.FLOAT32, 3, 4), true));
        assertTrue(e.getMessage().startsWith("dropout: noiseShape [-1, 1, -1] does not fit the input shape (3, 4)"),
                e.getMessage());
        // a size that is neither 1 nor the input's would broadcast the output to (1, 3, 8)
        Dropout wide = new Dropout(0.5, new int[] {1, 1, 8}, Generator.fromSeed(7));
        assertThrows(IllegalArgumentException.class, () -> wide.call(x, true));
        assertSame(x, wide.call(x), "inactive outside training, whatever the noise shape");
        assertThrows(IllegalArgumentException.class, () -> new Dropout(0.5, new int[] {0, 1}, Generator.fromSeed(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, Generator.fromSeed(1)));
    }

    @Test
    void denseComputesXTimesKernelPlusBias() {
        Dense d = Dense.builder(2).inputSize(3).activation("relu")
                .kernelInitializer((s, t) -> Tensors.constant(new float[] {1, -1, 2, 0, 0, 1}, 3, 2))
                .biasInitializer(Initializers.constant(0.5)).build();
        Tensor y = d.call(Tensors.constant(new float[] {1, 1, 1, 2, 0, -1}, 2, 3));
        // row 1: (1 + 2 + 0, -1 + 0 + 1) + 0.5 = (3.5, 0.5); row 2: (2 - 0, -2 - 1) + 0.5 = (2.5, -2.5) -> relu
        assertArrayEquals(new float[] {3.5f, 0.5f, 2.5f, 0f}, y.toFloatArray(), 1e-6f);
        Tensor y3 = d.call(Tensors.ones(DType.FLOAT32, 2, 5, 3));
        assertEquals(Shape.of(2, 5, 2), y3.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.call(Tensors.ones(DType.FLOAT32, 2, 4)));
        assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("(2, 4)") && e.getMessage().contains("(..., 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.call(Tensors.ones(DType.FLOAT32, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> new Dense(3, "nope"));
        // lazy build takes the input's dtype
        Dense lazy = new Dense(4);
        lazy.call(Tensors.ones(DType.FLOAT64, 1, 2));
        assertEquals(DType.FLOAT64, lazy.kernel().dtype());
    }

    @Test
    void denseGradientsReachKernelAndBias() {
        Dense d = new Dense(3, 2, "tanh");
        Tensor x = Tensors.constant(new float[] {0.1f, 0.2f, 0.3f}, 1, 3);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = d.call(x).sum();
        }
        List<Tensor> g = tape.gradient(loss, d.trainableVariables());
        assertEquals(Shape.of(3, 2), g.get(0).shape());
        assertEquals(Shape.of(2), g.get(1).shape());
    }

    @Test
    void dropoutIsInvertedAndOnlyInTraining() {
        Dropout drop = new Dropout(0.25, Generator.fromSeed(5));
        Tensor x = Tensors.ones(DType.FLOAT64, 100, 100);
        assertSame(x, drop.call(x));
        double[] y = drop.call(x, true).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-12, "value " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(0.25, zeros / 10000.0, 0.02);
        // same seed, same mask
        assertArrayEquals(new Dropout(0.25, Generator.fromSeed(5)).call(x, true).toDoubleArray(), y);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, Generator.fromSeed(1)));
    }

    @Test
    void flattenAndPoolingAndConvolutionShapes() {
        assertEquals(Shape.of(2, 12), new Flatten().call(Tensors.zeros(DType.FLOAT32, 2, 3, 4)).shape());
        assertEquals(Shape.of(2, 1), new Flatten().call(Tensors.zeros(DType.FLOAT32, 2)).shape());
        Tensor img = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 4, 4, 1);
        assertArrayEquals(new float[] {6, 8, 14, 16}, new MaxPool2D(2).call(img).toFloatArray());
        assertEquals(Shape.of(1, 2, 2, 1), new MaxPool2D(3, 2, "same").call(img).shape());

        Conv2D conv = Conv2D.builder(2, 3).inputChannels(1).padding("same")
                .kernelInitializer(Initializers.ones()).biasInitializer(Initializers.constant(1)).build();
        Tensor y = conv.call(Tensors.ones(DType.FLOAT32, 1, 4, 4, 1));
        assertEquals(Shape.of(1, 4, 4, 2), y.shape());
        assertEquals(1 + 4, y.toFloatArray()[0], 1e-6f);          // a corner sees 4 ones
        assertEquals(1 + 9, y.toFloatArray()[(1 * 4 + 1) * 2], 1e-6f);  // an inner cell sees 9
        assertEquals(List.of("kernel", "bias"), new ArrayList<>(conv.namedVariables().keySet()));
        assertEquals(Shape.of(1, 2, 2, 3), new Conv2D(3, 2, "relu").call(Tensors.ones(DType.FLOAT32, 1, 3, 3, 5)).shape());
        assertThrows(IllegalArgumentException.class, () -> conv.call(Tensors.ones(DType.FLOAT32, 1, 4, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder(2, 3).padding("full"));
    }

    @Test
    void batchNormalizationUsesBatchStatisticsInTrainingAndMovingOnesOtherwise() {
        BatchNormalization bn = new BatchNormalization(2);
        Tensor x = Tensors.constant(new double[] {1, 10, 3, 20}, 2, 2);   // feature 0: mean 2, var 1; feature 1: mean 15, var 25
        // built for float32 by default: a float64 input is an error naming both
        assertThrows(IllegalArgumentException.class, () -> bn.call(x));
        BatchNormalization bn64 = new BatchNormalization(-1, 0.99, 1e-3, DType.FLOAT64, null);
        double[] y = bn64.call(x, true).toDoubleArray();
        assertEquals(-1 / Math.sqrt(1 + 1e-3), y[0], 1e-12);
        assertEquals(-5 / Math.sqrt(25 + 1e-3), y[1], 1e-12);
        Variable mm = bn64.variables().get(2);
        Variable mv = bn64.variables().get(3);
        assertArrayEquals(new double[] {0.02, 0.15}, mm.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.99 + 0.01, 0.99 + 0.25}, mv.toDoubleArray(), 1e-12);
        // inference: moving statistics, unchanged by the call
        double[] z = bn64.call(x).toDoubleArray();
        assertEquals((1 - 0.02) / Math.sqrt(1.0 + 1e-3), z[0], 1e-12);
        assertArrayEquals(new double[] {0.02, 0.15}, mm.toDoubleArray(), 1e-12);
        assertEquals(2, bn64.trainableVariables().size());
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), new ArrayList<>(bn64.namedVariables().keySet()));
    }

    @Test
    void batchNormalizationOfARank1InputReducesOverNoAxis() {
        // keras/src/layers/normalization/batch_normalization.py: reduction_axes = every axis but the feature axis,
        // [] for a rank-1 input; tf.nn.moments over [] gives mean = x, variance = (x - x)^2 = 0, so the output is
        // (x - x) * rsqrt(0 + eps) * gamma + beta = beta = 0, moving_mean = 0 * 0.99 + x * 0.01 and
        // moving_variance = 1 * 0.99 + 0 * 0.01 (it was the mean over all four: output [-1.34, -0.45, 0.45, 1.34])
        BatchNormalization bn = new BatchNormalization(-1, 0.99, 1e-3, DType.FLOAT64, null);
        Tensor x = Tensors.constant(new double[] {1, 2, 3, 4}, 4);
        assertArrayEquals(new double[] {0, 0, 0, 0}, bn.call(x, true).toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.01, 0.02, 0.03, 0.04}, bn.variables().get(2).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.99, 0.99, 0.99, 0.99}, bn.variables().get(3).toDoubleArray(), 1e-15);
        // float32, as the probe: beta exactly
        BatchNormalization bn32 = new BatchNormalization();
        assertArrayEquals(new float[] {0, 0, 0, 0}, bn32.call(Tensors.constant(new float[] {1, 2, 3, 4}, 4), true).toFloatArray(), 0);
        assertArrayEquals(new float[] {0.01f, 0.02f, 0.03f, 0.04f}, bn32.variables().get(2).toFloatArray(), 1e-7f);
        // a rank-2 input still reduces over the batch axis only
        BatchNormalization bn2 = new BatchNormalization(-1, 0.99, 1e-3, DType.FLOAT64, null);
        bn2.call(Tensors.constant(new double[] {1, 2, 3, 4}, 1, 4), true);
        assertArrayEquals(new double[] {0.01, 0.02, 0.03, 0.04}, bn2.variables().get(2).toDoubleArray(), 1e-15);
    }

    @Test
    void flattenKeepsTheFeatureCountOfAnEmptyBatch() {
        // keras/src/layers/reshaping/flatten.py: compute_output_shape is (batch, prod(non-batch dims)), from the shape
        assertEquals(Shape.of(0, 12), new Flatten().call(Tensors.zeros(DType.FLOAT32, 0, 3, 4)).shape());
        assertEquals(Shape.of(0, 1), new Flatten().call(Tensors.zeros(DType.FLOAT32, 0)).shape());
        assertEquals(Shape.of(2, 0), new Flatten().call(Tensors.zeros(DType.FLOAT32, 2, 3, 0)).shape());
        // so a Dense after it is built for 12 inputs, not 0
        Sequential m = new Sequential(new Flatten(), new Dense(5));
        assertEquals(Shape.of(0, 5), m.call(Tensors.zeros(DType.FLOAT32, 0, 3, 4)).shape());
        assertEquals(Shape.of(12, 5), m.trainableVariables().get(0).shape());
    }

    @Test
    void conv2dRefusesStridesWithDilationAsKeras() {
        // keras/src/layers/convolutional/base_conv.py __init__: max(strides) > 1 and max(dilation_rate) > 1 is a
        // ValueError, "`strides > 1` not supported in conjunction with `dilation_rate > 1`"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.builder(4, 3).strides(2).dilationRate(3).build());
        assertTrue(e.getMessage().startsWith("Conv2D: strides > 1"), e.getMessage());
        assertTrue(e.getMessage().contains("strides 2 and dilationRate 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.builder(4, 3).dilationRate(2).name("c1").strides(3).inputChannels(1).build());
        assertTrue(e.getMessage().startsWith("Conv2D c1: "), e.getMessage());
        assertTrue(e.getMessage().contains("strides 3 and dilationRate 2"), e.getMessage());
        // either alone is fine
        assertEquals(Shape.of(1, 2, 2, 4), Conv2D.builder(4, 3).strides(2).build().call(Tensors.ones(DType.FLOAT32, 1, 5, 5, 1)).shape());
        assertEquals(Shape.of(1, 1, 1, 4), Conv2D.builder(4, 3).dilationRate(2).build().call(Tensors.ones(DType.FLOAT32, 1, 5, 5, 1)).shape());
        // tf.nn.conv2d itself takes both: tensorflow/core/kernels/conv_ops.cc InitConv2DParameters checks only that
        // each is positive (and 1 on N and C), and conv_ops_impl.h's CPU LaunchGeneric passes both to Eigen's
        // SpatialConvolution. With x[i, j] = 5i + j (5x5), a 2x2 filter of ones, stride 2, dilation 2, VALID: the
        // extent is 3, the output 2x2, out[a, b] = x[2a, 2b] + x[2a, 2b + 2] + x[2a + 2, 2b] + x[2a + 2, 2b + 2]
        // = 40a + 8b + 24
        double[] img = new double[25];
        for (int i = 0; i < 25; i++) {
            img[i] = i;
        }
        Tensor y = io.gradtape.NN.conv2d(Tensors.constant(img, 1, 5, 5, 1), Tensors.ones(DType.FLOAT64, 2, 2, 1, 1),
                new int[] {2}, "VALID", new int[] {2});
        assertEquals(Shape.of(1, 2, 2, 1), y.shape());
        assertArrayEquals(new double[] {24, 32, 64, 72}, y.toDoubleArray(), 0);
    }

    @Test
    void embeddingLooksUpRowsAndRejectsFloatIds() {
        Embedding e = new Embedding(5, 2, (s, t) -> Tensors.constant(new float[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, 5, 2), null);
        Tensor y = e.call(Tensors.constant(new int[] {4, 1, 1}, 1, 3));
        assertEquals(Shape.of(1, 3, 2), y.shape());
        assertArrayEquals(new float[] {4, 4, 1, 1, 1, 1}, y.toFloatArray());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.call(Tensors.constant(new float[] {1}, 1)));
        assertTrue(ex.getMessage().contains("cast"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.call(Tensors.constant(new int[] {5}, 1)));
    }

    @Test
    void initializersHaveKerasStatistics() {
        Generator g = Generator.fromSeed(11);
        int fanIn = 400, fanOut = 200;
        Shape s = Shape.of(fanIn, fanOut);
        double[] gu = Initializers.glorotUniform(g).apply(s, DType.FLOAT64).toDoubleArray();
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (double v : gu) {
            assertTrue(Math.abs(v) <= limit);
        }
        assertEquals(2.0 / (fanIn + fanOut), variance(gu), 0.05 * 2.0 / (fanIn + fanOut));
        // the truncated normals are corrected to the intended variance
        assertEquals(2.0 / fanIn, variance(Initializers.heNormal(g).apply(s, DType.FLOAT64).toDoubleArray()), 0.05 * 2.0 / fanIn);
        assertEquals(1.0 / fanIn, variance(Initializers.lecunNormal(g).apply(s, DType.FLOAT64).toDoubleArray()), 0.05 / fanIn);
        assertEquals(2.0 / (fanIn + fanOut), variance(Initializers.glorotNormal(g).apply(s, DType.FLOAT64).toDoubleArray()), 0.1 / (fanIn + fanOut));
        assertEquals(2.0 / fanIn, variance(Initializers.heUniform(g).apply(s, DType.FLOAT64).toDoubleArray()), 0.1 / fanIn);
        assertEquals(1.0 / fanIn, variance(Initializers.lecunUniform(g).apply(s, DType.FLOAT64).toDoubleArray()), 0.05 / fanIn);
        // convolution fans include the receptive field
        assertArrayEquals(new double[] {3 * 3 * 4, 3 * 3 * 8}, Initializers.fans(Shape.of(3, 3, 4, 8)));
        // same seed, same values
        assertArrayEquals(Initializers.glorotUniform(Generator.fromSeed(1)).apply(s, DType.FLOAT32).toFloatArray(),
                Initializers.glorotUniform(Generator.fromSeed(1)).apply(s, DType.FLOAT32).toFloatArray());
        assertArrayEquals(new float[] {0.5f, 0.5f}, Initializers.constant(0.5).apply(Shape.of(2), DType.FLOAT32).toFloatArray());
    }

    @Test
    void orthogonalIsOrthonormal() {
        for (int[] dims : new int[][] {{5, 3}, {3, 5}, {4, 4}, {2, 2, 3}}) {
            Tensor q = Initializers.orthogonal(2.0, Generator.fromSeed(4)).apply(Shape.of(dims), DType.FLOAT64);
            int cols = dims[dims.length - 1];
            int rows = q.size() / cols;
            Tensor m = Tensors.reshape(q, rows, cols);
            Tensor gram = rows >= cols ? Tensors.matmul(m, m, true, false) : Tensors.matmul(m, m, false, true);
            double[] gv = gram.toDoubleArray();
            int k = Math.min(rows, cols);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(i == j ? 4.0 : 0.0, gv[i * k + j], 1e-9, java.util.Arrays.toString(dims));
                }
            }
        }
    }

    private static double variance(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / v.length;
    }

    @Test
    void activationsByName() {
        Tensor x = Tensors.constant(new double[] {-1, 0, 2}, 3);
        assertArrayEquals(new double[] {0, 0, 2}, Activations.get("relu").apply(x).toDoubleArray());
        assertSame(x, Activations.get(null).apply(x));
        assertArrayEquals(new double[] {-0.2, 0, 2}, Activations.get("leaky_relu").apply(x).toDoubleArray(), 1e-15);
        assertEquals(1.0, Tensors.reduceSum(Activations.get("softmax").apply(x)).doubleValue(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("rectifier"));
        assertTrue(e.getMessage().contains("relu"), e.getMessage());
        assertNotNull(Activations.get("GELU"));
        assertNull(new Dense(2).kernel());
    }
}
