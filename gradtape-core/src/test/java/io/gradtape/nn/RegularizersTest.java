package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regularizers, constraints and {@link Module#losses()}: keras/src/regularizers/regularizers.py,
 * keras/src/constraints/constraints.py, keras/src/layers/layer.py ({@code losses}, {@code add_loss},
 * {@code _get_regularization_losses}, the activity-regularizer step of {@code __call__}, {@code _clear_losses} at
 * the outermost call) and keras/src/optimizers/base_optimizer.py ({@code apply}: constraints after the update). The
 * expected values come from NumPy transcriptions of those formulas and from PyTorch autograd
 * (/usr/bin/python3 -B, NumPy 1.24, PyTorch 1.13), printed in the comments.
 */
class RegularizersTest {
    /** The matrix of the NumPy transcriptions. */
    private static final double[] X = {0.5, -1.25, 2.0, 0.0, 3.0, 0.75, -0.5, 1.5, -2.0, 1.0, 0.25, -0.75};

    private static Tensor x64() {
        return Tensors.constant(X, 3, 4);
    }

    private static double scalar(Tensor t) {
        return t.doubleValue();
    }

    // ---- regularizers: known answers ----

    @Test
    void penaltiesMatchKerasFormulas() {
        // 0.01*sum|x| = 0.135; 0.01*sum x^2 = 0.235; 0.01*sum|x| + 0.02*sum x^2 = 0.605
        assertEquals(0.135, scalar(Regularizers.l1().apply(x64())), 1e-15);
        assertEquals(0.235, scalar(Regularizers.l2().apply(x64())), 1e-15);
        assertEquals(0.605, scalar(Regularizers.l1L2(0.01, 0.02).apply(x64())), 1e-15);
        // orthogonal, NumPy: factor*0.5*sum|P off diag|/(n(n-1)/2) on rows normalized with x*min(rsqrt(ss), 1e7)
        assertEquals(0.11474035676671616, scalar(Regularizers.orthogonal(0.3, "rows").apply(x64())), 1e-15);
        assertEquals(0.11420885156596831, scalar(Regularizers.orthogonal(0.3, "columns").apply(x64())), 1e-15);
        // Keras's docstring example: L2(2.) on ones((5, 5)) is 50; float32 in, float32 out
        Tensor p = Regularizers.l2(2.0).apply(Tensors.ones(DType.FLOAT32, 5, 5));
        assertEquals(DType.FLOAT32, p.dtype());
        assertEquals(0, p.rank());
        assertEquals(50f, p.floatValue(), 0f);
        // the orthogonal penalty of an orthogonal matrix is 0
        assertEquals(0.0, scalar(Regularizers.orthogonal().apply(Tensors.eye(3, DType.FLOAT64))), 0.0);
    }

    @Test
    void l1L2WithZeroFactorsIsAConstantZero() {
        Tensor p = Regularizers.l1L2(0, 0).apply(x64());
        assertEquals(0.0, scalar(p), 0.0);
        assertEquals(DType.FLOAT64, p.dtype());
    }

    @Test
    void byNameWithKerasDefaults() {
        assertEquals(0.135, scalar(Regularizers.get("l1").apply(x64())), 1e-15);
        assertEquals(0.235, scalar(Regularizers.get("L2").apply(x64())), 1e-15);
        // "l1_l2": 0.01 and 0.01, as L1L2's docstring says (0.01*13.5 + 0.01*23.5)
        assertEquals(0.37, scalar(Regularizers.get("l1_l2").apply(x64())), 1e-15);
        assertEquals(0.11474035676671616 / 30, scalar(Regularizers.get("orthogonal_regularizer").apply(x64())), 1e-16);
        assertNull(Regularizers.get(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
        assertTrue(e.getMessage().contains("l3"), e.getMessage());
    }

    @Test
    void refusesBadFactorsModesAndInputs() {
        // keras validate_float_arg: negative, NaN and infinite factors are refused
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l1L2(0.1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.orthogonal(0.1, "diagonal"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.orthogonal().apply(Tensors.ones(DType.FLOAT32, 2, 2, 2)));
        assertTrue(e.getMessage().contains("(2, 2, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.l2().apply(Tensors.constant(new int[] {1, 2}, 2)));
        assertTrue(e.getMessage().contains("int32"), e.getMessage());
    }

    // ---- constraints: known answers ----

    @Test
    void constraintsMatchKerasFormulas() {
        // NumPy transcriptions, eps = 1e-7
        assertArrayEquals(new double[] {0.27472112035020846, -1.2499999292893258, 1.9261735566186886, 0.0,
                1.6483267221012508, 0.7499999575735955, -0.48154338915467215, 1.499999910557286, -1.0988844814008338,
                0.9999999434314607, 0.24077169457733608, -0.749999955278643},
                Constraints.maxNorm(2.0).apply(x64()).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.2073903303439349, -0.5184758258598372, 0.8295613213757396, 0.0,
                0.8637788760279679, 0.21594471900699197, -0.1439631460046613, 0.43188943801398394, -0.8432740071560139,
                0.42163700357800693, 0.10540925089450173, -0.31622775268350517},
                Constraints.unitNorm(1).apply(x64()).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.2942285840630426, -1.1174620570326748, 1.6112410883322081, 0.0,
                1.7653715043782556, 0.6704772342196049, -0.40281027208305203, 1.3891484677171009, -1.1769143362521703,
                0.8939696456261399, 0.20140513604152602, -0.6945742338585504},
                Constraints.minMaxNorm(0.5, 1.5, 0.7, 0).apply(x64()).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0, 2, 0, 3, 0.75, 0, 1.5, 0, 1, 0.25, 0},
                Constraints.nonNeg().apply(x64()).toDoubleArray(), 0);
    }

    @Test
    void convKernelAxesAndNegativeAxes() {
        double[] k = new double[24];
        for (int i = 0; i < k.length; i++) {
            k[i] = i / 10.0 - 1;
        }
        Tensor kernel = Tensors.constant(k, 2, 2, 3, 2);
        // NumPy: maxnorm(k, 1.0, axis=(0, 1, 2)), each filter of a (kh, kw, in, out) kernel
        assertArrayEquals(new double[] {-0.413802927177897, -0.3614486834899961, -0.3310423417423176,
                -0.28112675382555247, -0.2482817563067382, -0.20080482416110892, -0.1655211708711588,
                -0.12048289449666537, -0.08276058543557939, -0.04016096483222178, 0.0, 0.04016096483222182,
                0.08276058543557939, 0.12048289449666537, 0.16552117087115878, 0.20080482416110892,
                0.24828175630673824, 0.28112675382555247, 0.3310423417423176, 0.36144868348999604,
                0.413802927177897, 0.44177061315443966, 0.4965635126134765, 0.5220925428188832},
                Constraints.maxNorm(1.0, 0, 1, 2).apply(kernel).toDoubleArray(), 1e-15);
        // NumPy: unitnorm(k, axis=-1)
        double[] u = Constraints.unitNorm(-1).apply(kernel).toDoubleArray();
        assertEquals(-0.7432940909985516, u[0], 1e-15);
        assertEquals(0.999999000001, u[11], 1e-15);
        assertEquals(0.7348034030939439, u[23], 1e-15);
    }

    @Test
    void constraintsRefuseBadArgumentsNamingTheShape() {
        assertThrows(IllegalArgumentException.class, () -> Constraints.maxNorm(-1.0));
        assertThrows(IllegalArgumentException.class, () -> Constraints.minMaxNorm(2.0, 1.0, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> Constraints.minMaxNorm(0.0, 1.0, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Constraints.unitNorm(new int[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Constraints.maxNorm(1.0, 2).apply(x64()));
        assertTrue(e.getMessage().contains("maxNorm") && e.getMessage().contains("(3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Constraints.unitNorm(0, -2).apply(x64()));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Constraints.unitNorm().apply(Tensors.constant(1.0)));
    }

    // ---- Module.losses() ----

    /** Keras's Regularizer docstring: Dense(5, kernel ones, kernel L1(0.01), activity L2(0.01)) on ones*2 (5, 5). */
    @Test
    void kerasDocstringExample() {
        Dense d = Dense.builder(5).inputSize(5).kernelInitializer(Initializers.ones())
                .kernelRegularizer(Regularizers.l1(0.01)).activityRegularizer(Regularizers.l2(0.01)).build();
        d.call(Tensors.ones(DType.FLOAT32, 5, 5).mul(2.0));
        List<Tensor> losses = d.losses();
        assertEquals(2, losses.size());
        // the activity term first (own losses, then weight penalties): 0.01 * 25 * 10^2 / 5 = 5.0; kernel 0.25
        assertEquals(5.0f, losses.get(0).floatValue(), 1e-5f);
        assertEquals(0.25f, losses.get(1).floatValue(), 1e-6f);
    }

    private static Dense dense(int in, int out) {
        return Dense.builder(out).inputSize(in).dtype(DType.FLOAT64).build();
    }

    /**
     * Gradient of mse + sum(model.losses()) against PyTorch autograd of the same loss: kernel L2(0.01), bias
     * L1(0.05), activity L2(0.1) divided by the batch of 4.
     */
    @Test
    void gradientOfLossPlusLossesMatchesTorch() {
        Dense d = Dense.builder(2).inputSize(3).dtype(DType.FLOAT64)
                .kernelInitializer((s, t) -> Tensors.constant(new double[] {0.5, -0.25, 1.0, 0.75, -1.5, 0.125}, 3, 2))
                .biasInitializer((s, t) -> Tensors.constant(new double[] {0.2, -0.3}, 2))
                .kernelRegularizer(Regularizers.l2(0.01)).biasRegularizer(Regularizers.l1(0.05))
                .activityRegularizer(Regularizers.l2(0.1)).build();
        Tensor x = Tensors.constant(new double[] {1, 2, -1, 0.5, -0.5, 0.25, 2, 0, 1, -1, 1, 3}, 4, 3);
        Tensor y = Tensors.constant(new double[] {1, 0, 0, 1, 0.5, 0.5, -1, 2}, 4, 2);
        Tensor loss;
        List<Tensor> g;
        try (GradientTape tape = new GradientTape()) {
            loss = new MeanSquaredError().call(y, d.call(x, true)).mean();
            for (Tensor p : d.losses()) {
                loss = loss.add(p);
            }
            g = tape.gradient(loss, List.of(d.kernel(), d.bias()));
        }
        // torch: loss 4.065490234375, gW [1.41625, -0.4753125, 1.21375, 0.5728125, -3.956875, -1.22515625],
        // gb [-0.1725, -0.788125]
        assertEquals(4.065490234375, loss.doubleValue(), 1e-13);
        assertArrayEquals(new double[] {1.41625, -0.4753125, 1.21375, 0.5728125, -3.956875, -1.22515625},
                g.get(0).toDoubleArray(), 1e-13);
        assertArrayEquals(new double[] {-0.1725, -0.788125}, g.get(1).toDoubleArray(), 1e-13);
    }

    /** One SGD step with kernel L2(l2) equals PyTorch's SGD with weight_decay = 2 * l2 (no 1/2 in Keras's L2). */
    @Test
    void l2StepIsTorchWeightDecayTwiceL2() {
        Dense d = Dense.builder(2).inputSize(3).dtype(DType.FLOAT64)
                .kernelInitializer((s, t) -> Tensors.constant(new double[] {0.5, -0.25, 1.0, 0.75, -1.5, 0.125}, 3, 2))
                .biasInitializer((s, t) -> Tensors.constant(new double[] {0.2, -0.3}, 2))
                .kernelRegularizer(Regularizers.l2(0.01)).build();
        Tensor x = Tensors.constant(new double[] {1, 2, -1, 0.5, -0.5, 0.25, 2, 0, 1, -1, 1, 3}, 4, 3);
        Tensor y = Tensors.constant(new double[] {1, 0, 0, 1, 0.5, 0.5, -1, 2}, 4, 2);
        SGD opt = new SGD(0.1);
        opt.minimize(() -> {
            Tensor loss = new MeanSquaredError().call(y, d.call(x, true)).mean();
            for (Tensor p : d.losses()) {
                loss = loss.add(p);
            }
            return loss;
        }, List.of(d.kernel()));
        // torch.optim.SGD([W], lr=0.1, weight_decay=0.02) after one step
        assertArrayEquals(new double[] {0.3943125, -0.212390625, 0.9026875, 0.708265625, -1.18434375, 0.2551796875},
                d.kernel().toDoubleArray(), 1e-13);
    }

    @Test
    void l2ShrinksTheWeightsInTraining() {
        double plain = trainedKernelNorm(null);
        double regularized = trainedKernelNorm(Regularizers.l2(0.05));
        assertTrue(regularized < 0.8 * plain, regularized + " vs " + plain);
    }

    private static double trainedKernelNorm(Regularizer r) {
        Dense d = Dense.builder(4).inputSize(6).kernelRegularizer(r)
                .kernelInitializer(Initializers.glorotUniform(Generator.fromSeed(7))).build();
        Tensor x = Tensors.constant(new float[] {1, -2, 0.5f, 0.3f, 0.7f, -1, 2, 0, 1, 1.5f, -0.5f, 0.25f}, 2, 6);
        Tensor y = Tensors.constant(new float[] {3, -3, 2, 1, -2, 4, 0, 1}, 2, 4);
        Optimizer opt = new Adam(0.05);
        for (int i = 0; i < 200; i++) {
            opt.minimize(() -> {
                Tensor loss = new MeanSquaredError().call(y, d.call(x, true)).mean();
                for (Tensor p : d.losses()) {
                    loss = loss.add(p);
                }
                return loss;
            }, d.trainableVariables());
        }
        return Math.sqrt(Tensors.square(d.kernel()).sum().doubleValue());
    }

    @Test
    void weightPenaltiesAreRecomputedFromTheCurrentValue() {
        Dense d = Dense.builder(2).inputSize(2).kernelInitializer(Initializers.ones())
                .kernelRegularizer(Regularizers.l2(0.5)).build();
        assertEquals(2f, d.losses().get(0).floatValue(), 0f);   // 0.5 * 4, no call needed
        d.kernel().assign(Tensors.ones(DType.FLOAT32, 2, 2).mul(2.0));
        assertEquals(8f, d.losses().get(0).floatValue(), 0f);
    }

    @Test
    void activityLossesBelongToTheLastOutermostCall() {
        ActivityRegularization reg = new ActivityRegularization(0.5, 0.0);
        Sequential model = new Sequential(reg);
        Tensor x = Tensors.constant(new float[] {1f, -2f, 3f, 0f}, 2, 2);
        model.call(x);
        model.call(x.mul(2.0));
        List<Tensor> losses = model.losses();
        assertEquals(1, losses.size());   // the first call's penalty was cleared
        assertEquals(3f, losses.get(0).floatValue(), 0f);   // 0.5 * 12 / 2

        // a layer called twice inside one outermost call adds twice (Keras clears only at the outermost call)
        class Twice extends Module {
            final ActivityRegularization r = addModule(new ActivityRegularization(0.5, 0.0));

            @Override
            public Tensor call(Tensor in) {
                return r.call(r.call(in));
            }
        }
        Twice t = new Twice();
        t.call(x, true);
        assertEquals(2, t.losses().size());
        t.call(x, false);
        assertEquals(2, t.losses().size());
        // called on its own, outside any call, a layer keeps only its latest call's penalty
        reg.call(x);
        reg.call(x);
        assertEquals(1, reg.losses().size());
    }

    @Test
    void aFailedOutermostCallKeepsTheLossesOfTheLastGoodOne() {
        // ActivityRegularization(0.5, 0) on x = [[1, -2], [3, 0]]: 0.5 * (1 + 2 + 3) / batch 2 = 1.5. The second layer
        // throws on its first call below after the first has added a penalty of 0.5 * 2 * 6 / 2 = 3 for 2x
        ActivityRegularization reg = new ActivityRegularization(0.5, 0.0);
        boolean[] fail = {false};
        class Flaky extends Module {
            @Override
            public Tensor call(Tensor in) {
                if (fail[0]) {
                    throw new IllegalArgumentException("flaky: refused shape " + in.shape());
                }
                return in;
            }
        }
        Sequential model = new Sequential(reg, new Flaky());
        Tensor x = Tensors.constant(new float[] {1f, -2f, 3f, 0f}, 2, 2);
        model.call(x, true);
        assertEquals(List.of(1.5f), model.losses().stream().map(Tensor::floatValue).toList());
        fail[0] = true;
        // Keras's _get_call_context clears the losses when the call starts and keeps the partial 3.0; a failed
        // call here changes nothing, through call(x, training) and through Sequential's own call alike
        assertThrows(IllegalArgumentException.class, () -> model.call(x.mul(2.0), true));
        assertEquals(List.of(1.5f), model.losses().stream().map(Tensor::floatValue).toList());
        assertThrows(IllegalArgumentException.class, () -> model.call(x.mul(2.0)));
        assertEquals(List.of(1.5f), model.losses().stream().map(Tensor::floatValue).toList());
        assertEquals(List.of(1.5f), reg.losses().stream().map(Tensor::floatValue).toList());
        // the next good call starts afresh: 0.5 * 12 / 2 = 3
        fail[0] = false;
        model.call(x.mul(2.0), true);
        assertEquals(List.of(3f), model.losses().stream().map(Tensor::floatValue).toList());
    }

    @Test
    void timeDistributedDividesTheActivityPenaltyByBatchTimesSteps() {
        // Dense(1) with a kernel of ones and no bias on ones (2, 5, 3): every output is 3, l1 sum 2 * 5 * 3 = 30,
        // over the merged batch 2 * 5 = 10: 3 (Keras 2's TimeDistributed called the layer on the merged input;
        // Keras 3's calls layer.call per step, which adds no activity penalty, see TimeDistributed's comment)
        Dense d = Dense.builder(1).useBias(false).kernelInitializer(Initializers.ones())
                .activityRegularizer(Regularizers.l1(1.0)).build();
        TimeDistributed td = new TimeDistributed(d);
        td.call(Tensors.ones(DType.FLOAT32, 2, 5, 3), true);
        assertEquals(List.of(3f), td.losses().stream().map(Tensor::floatValue).toList());
    }

    @Test
    void activityOnAnEmptyBatchIsZeroAndABuilderReusedChangesNoLayer() {
        // keras Layer.__call__: divide_no_nan(loss, batch_size), 0 for a batch of 0 (also for a NaN penalty)
        Dense d = Dense.builder(2).inputSize(3).activityRegularizer(x -> Tensors.constant(Float.NaN)).build();
        d.call(Tensors.zeros(DType.FLOAT32, 0, 3));
        assertEquals(0f, d.losses().get(0).floatValue(), 0f);
        Dense.Builder b = Dense.builder(2).inputSize(3).kernelRegularizer(Regularizers.l2());
        Dense first = b.build();
        b.kernelRegularizer(null).biasRegularizer(Regularizers.l1());
        Dense second = b.build();
        assertEquals(Regularizers.l2().apply(first.kernel()).floatValue(), first.losses().get(0).floatValue(), 0f);
        assertEquals(1, second.losses().size());
        assertEquals(0f, second.losses().get(0).floatValue(), 0f);   // l1 of the zero bias
    }

    @Test
    void buildLeavesNoActivityLossOfItsZeros() {
        Sequential model = new Sequential(Dense.builder(2).activityRegularizer(x -> Tensors.constant(1f)).build());
        model.build(DType.FLOAT32, 3);
        assertTrue(model.losses().isEmpty());
        model.call(Tensors.ones(DType.FLOAT32, 4, 3));
        assertEquals(0.25f, model.losses().get(0).floatValue(), 0f);   // 1 / batch 4
        // Keras's build leaves the losses of the last call as they were: building again (a no-op for the built
        // layers, a call on zeros here) keeps the 1 / 4 of the call on 4 examples, not the zeros' 1 / 1
        model.build(DType.FLOAT32, 3);
        assertEquals(List.of(0.25f), model.losses().stream().map(Tensor::floatValue).toList());
    }

    @Test
    void frozenModulesLoseTheirWeightPenaltiesNotTheirActivityLosses() {
        Dense a = Dense.builder(3).inputSize(2).kernelRegularizer(Regularizers.l2()).biasRegularizer(Regularizers.l1())
                .activityRegularizer(Regularizers.l1()).build();
        Dense b = Dense.builder(1).inputSize(3).kernelRegularizer(Regularizers.l2()).build();
        Sequential model = new Sequential(a, b);
        model.call(Tensors.ones(DType.FLOAT32, 4, 2), true);
        assertEquals(4, model.losses().size());   // activity of a, then a's kernel and bias, b's kernel
        a.setTrainable(false);   // keras _get_regularization_losses iterates over trainable_weights
        assertEquals(2, model.losses().size());   // a's activity, b's kernel
        model.setTrainable(false);
        assertEquals(1, model.losses().size());
        model.setTrainable(true);
        assertEquals(4, model.losses().size());
    }

    @Test
    void addLossInsideACallOnly() {
        class Aux extends Module {
            @Override
            public Tensor call(Tensor in) {
                addLoss(Tensors.abs(in).mean().mul(0.25));
                return in;
            }
        }
        Aux aux = new Aux();
        Tensor x = Tensors.constant(new float[] {1f, -3f}, 1, 2);
        aux.call(x, true);
        assertEquals(0.5f, aux.losses().get(0).floatValue(), 0f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> aux.call(x));
        assertTrue(e.getMessage().contains("addLoss outside a call"), e.getMessage());
        assertEquals(1, aux.losses().size());   // the refused call changed nothing

        class Bad extends Module {
            @Override
            public Tensor call(Tensor in) {
                addLoss(in);
                return in;
            }
        }
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new Bad().call(x, true));
        assertTrue(e2.getMessage().contains("(1, 2)"), e2.getMessage());
    }

    @Test
    void recurrentEmbeddingAndConvOptions() {
        LSTM lstm = LSTM.builder(3).inputSize(2).returnState(true).kernelRegularizer(Regularizers.l2())
                .recurrentRegularizer(Regularizers.l1()).activityRegularizer(Regularizers.l2()).build();
        List<Tensor> out = lstm.call(Tensors.ones(DType.FLOAT32, 2, 4, 2), null);
        // three outputs penalized (output, h, c, as Keras's __call__ over all outputs), then kernel and recurrent kernel
        assertEquals(5, lstm.losses().size());
        assertEquals(Regularizers.l2().apply(out.get(2)).floatValue() / 2, lstm.losses().get(2).floatValue(), 1e-7f);
        assertEquals(Regularizers.l1().apply(lstm.recurrentKernel()).floatValue(), lstm.losses().get(4).floatValue(), 0f);
        // Bidirectional copies the options into its backward layer
        Bidirectional bi = new Bidirectional(LSTM.builder(3).inputSize(2).kernelRegularizer(Regularizers.l2()).build());
        assertEquals(2, bi.losses().size());

        Embedding e = Embedding.builder(5, 3).embeddingsRegularizer(Regularizers.l2(1.0))
                .embeddingsConstraint(Constraints.maxNorm(0.01, 1)).build();
        assertEquals(Tensors.square(e.embeddings()).sum().floatValue(), e.losses().get(0).floatValue(), 0f);
        SGD opt = new SGD(0.1);
        opt.minimize(() -> e.call(Tensors.constant(new int[] {1, 2}, 2)).sum(), List.of(e.embeddings()));
        double[] rows = Tensors.sqrt(Tensors.reduceSum(Tensors.square(e.embeddings()), 1)).toDoubleArray();
        for (double n : rows) {
            assertTrue(n <= 0.01 * (1 + 1e-6), "row norm " + n);
        }

        Conv2D c = Conv2D.builder(2, 3).inputChannels(2).kernelConstraint(Constraints.unitNorm(0, 1, 2))
                .biasRegularizer(Regularizers.l1()).build();
        assertEquals(1, c.losses().size());
        new SGD(0.5).minimize(() -> c.call(Tensors.ones(DType.FLOAT32, 1, 4, 4, 2)).sum(), c.trainableVariables());
        double[] filters = Tensors.sqrt(Tensors.reduceSum(Tensors.square(c.kernel()), 0, 1, 2)).toDoubleArray();
        assertArrayEquals(new double[] {1, 1}, filters, 1e-6);
    }

    /** keras/src/layers/normalization/layer_normalization.py: gamma/beta regularizers and constraints. */
    @Test
    void layerNormalizationGammaAndBetaOptions() {
        LayerNormalization ln = LayerNormalization.builder().features(3).gammaRegularizer(Regularizers.l2(0.5))
                .betaRegularizer(Regularizers.l1(0.25)).betaConstraint(Constraints.nonNeg())
                .betaInitializer(Initializers.constant(1.0)).build();
        List<Tensor> losses = ln.losses();
        assertEquals(2, losses.size());
        assertEquals(1.5f, losses.get(0).floatValue(), 0f);    // 0.5 * 3 * 1^2
        assertEquals(0.75f, losses.get(1).floatValue(), 0f);   // 0.25 * 3 * |1|
        Tensor x = Tensors.constant(new float[] {1, 2, 4, -1, 0, 3}, 2, 3);
        // d(sum of outputs)/d beta = 2 per element: SGD(1.0) takes beta from 1 to -1, nonNeg projects to 0
        new SGD(1.0).minimize(() -> ln.call(x).sum(), List.of(ln.beta()));
        assertArrayEquals(new float[] {0, 0, 0}, ln.beta().toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class,
                () -> LayerNormalization.builder().features(3).gammaConstraint(w -> w.sum()).build());
    }

    // ---- constraints in the optimizer ----

    @Test
    void constraintsHoldAfterEveryStep() {
        Dense d = Dense.builder(3).inputSize(4).kernelConstraint(Constraints.maxNorm(0.5))
                .biasConstraint(Constraints.nonNeg()).biasInitializer(Initializers.constant(0.1)).build();
        Tensor x = Tensors.constant(new float[] {1, -2, 0.5f, 3, 0.3f, 0.7f, -1, 2}, 2, 4);
        Tensor y = Tensors.constant(new float[] {5, -5, -4, 3, -6, -2}, 2, 3);
        Optimizer opt = new SGD(0.5);
        for (int i = 0; i < 20; i++) {
            opt.minimize(() -> new MeanSquaredError().call(y, d.call(x, true)).mean(), d.trainableVariables());
            double[] norms = Tensors.sqrt(Tensors.reduceSum(Tensors.square(d.kernel()), 0)).toDoubleArray();
            for (double n : norms) {
                assertTrue(n <= 0.5 * (1 + 1e-6), "step " + i + ": column norm " + n);
            }
            for (float b : d.bias().toFloatArray()) {
                assertTrue(b >= 0, "step " + i + ": bias " + b);
            }
        }
    }

    @Test
    void aConstraintIsAppliedAfterTheUpdateAndNotRecorded() {
        Variable[] made = new Variable[1];
        class Scale extends Module {
            final Variable s = addVariable("s", Tensors.constant(new double[] {1, 2}, 2), true, null,
                    w -> Tensors.clipByValue(w, 0.0, 1.5));

            @Override
            public Tensor call(Tensor in) {
                return in.mul(s);
            }
        }
        Scale m = new Scale();
        made[0] = m.s;
        assertArrayEquals(new double[] {1, 2}, m.s.toDoubleArray(), 0);   // not applied at creation (Keras)
        SGD opt = new SGD(1.0);
        try (GradientTape outer = new GradientTape(true)) {
            Tensor before = made[0].mul(1.0).sum();   // a recorded read, so the tape has something to draw
            String drawn = outer.toDot();
            // g = -[1, 1]: s becomes [2, 3], then clipped to [1.5, 1.5]
            opt.applyGradients(List.of(Tensors.constant(new double[] {-1, -1}, 2)), List.of(made[0]));
            // the projection is not on the outer tape: nothing was recorded by the step
            assertEquals(drawn, outer.toDot());
            assertEquals(List.of(made[0]), outer.watchedVariables());
            assertArrayEquals(new double[] {1, 1}, outer.gradient(before, made[0]).toDoubleArray(), 0);
        }
        assertArrayEquals(new double[] {1.5, 1.5}, m.s.toDoubleArray(), 0);
    }

    @Test
    void aConstraintThatChangesTheShapeIsRefusedAtBuild() {
        Dense d = Dense.builder(3).kernelConstraint(w -> w.sum()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.call(Tensors.ones(DType.FLOAT32, 2, 4)));
        assertTrue(e.getMessage().contains("kernel constraint") && e.getMessage().contains("(4, 3)"), e.getMessage());
        assertNull(d.kernel());   // still unbuilt
        assertTrue(d.variables().isEmpty());
    }
    /** Two constrained variables; the second's constraint throws, or returns a scalar, while {@code fail[0]} says so. */
    private static final class TwoConstrained extends Module {
        final boolean[] fail = new boolean[1];
        final boolean[] wrongShape = new boolean[1];
        final Variable a = addVariable("a", Tensors.constant(new double[] {1, 2}, 2), true, null,
                w -> Tensors.clipByValue(w, 0.0, 1.5));
        final Variable b = addVariable("b", Tensors.constant(new double[] {3}, 1), true, null, w -> {
            if (fail[0]) {
                throw new ArithmeticException("user constraint failed");
            }
            return wrongShape[0] ? w.sum() : w;
        });

        @Override
        public Tensor call(Tensor in) {
            return in.mul(a).sum().add(b.sum());
        }
    }

    @Test
    void aFailingConstraintUndoesTheWholeStep() {
        // keras/src/optimizers/base_optimizer.py apply: the constraints are assigned after _backend_apply_gradients.
        // gradtape promises more than Keras (which would leave the step half done): a failed call changes nothing.
        // SGD(lr 1, momentum 0.5), Keras's m = 0.5 m - g, w = w + m; useEma's first average is w before projection.
        TwoConstrained m = new TwoConstrained();
        SGD opt = SGD.builder().learningRate(1.0).momentum(0.5).useEma(true).build();
        List<Variable> vars = List.of(m.a, m.b);
        List<Tensor> g = List.of(Tensors.constant(new double[] {-1, -1}, 2), Tensors.constant(new double[] {1}, 1));
        // step 1: m_a = [1, 1], a = [2, 3] -> clipped [1.5, 1.5]; m_b = [-1], b = [2]; averages [2, 3] and [2]
        opt.applyGradients(g, vars);
        assertArrayEquals(new double[] {1.5, 1.5}, m.a.toDoubleArray(), 0);
        assertArrayEquals(new double[] {2}, m.b.toDoubleArray(), 0);
        for (int mode = 0; mode < 2; mode++) {
            m.fail[0] = mode == 0;
            m.wrongShape[0] = mode == 1;
            RuntimeException e = mode == 0
                    ? assertThrows(ArithmeticException.class, () -> opt.applyGradients(g, vars))
                    : assertThrows(IllegalStateException.class, () -> opt.applyGradients(g, vars));
            if (mode == 1) {
                assertTrue(e.getMessage().contains("variable 1 ") && e.getMessage().contains("shape ()")
                        && e.getMessage().contains("undone"), e.getMessage());
            }
            // nothing changed: a was not projected nor stepped, b not stepped, slots, averages and count as after step 1
            assertArrayEquals(new double[] {1.5, 1.5}, m.a.toDoubleArray(), 0);
            assertArrayEquals(new double[] {2}, m.b.toDoubleArray(), 0);
            assertArrayEquals(new double[] {1, 1}, opt.slots(m.a).get("momentum").toDoubleArray(), 0);
            assertArrayEquals(new double[] {-1}, opt.slots(m.b).get("momentum").toDoubleArray(), 0);
            assertArrayEquals(new double[] {2, 3}, opt.slots(m.a).get("average").toDoubleArray(), 0);
            assertArrayEquals(new double[] {2}, opt.slots(m.b).get("average").toDoubleArray(), 0);
            assertEquals(1L, opt.iterations().longValue());
        }
        // the same step succeeding: m_a = [1.5, 1.5], a = [3, 3] -> [1.5, 1.5]; m_b = [-1.5], b = [0.5];
        // averages 0.99 * old + 0.01 * w (w before projection, [3, 3] and [0.5]): [2.01, 3.0] and [1.985]
        m.fail[0] = false;
        m.wrongShape[0] = false;
        opt.applyGradients(g, vars);
        assertArrayEquals(new double[] {1.5, 1.5}, m.a.toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.5}, m.b.toDoubleArray(), 0);
        assertArrayEquals(new double[] {-1.5}, opt.slots(m.b).get("momentum").toDoubleArray(), 0);
        assertArrayEquals(new double[] {2.01, 3.0}, opt.slots(m.a).get("average").toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1.985}, opt.slots(m.b).get("average").toDoubleArray(), 1e-15);
        assertEquals(2L, opt.iterations().longValue());
    }
}
