package io.gradtape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Dropout;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Loss;
import io.gradtape.nn.MeanSquaredError;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a tf.distribute user expects of one synchronous data-parallel step, checked in one JVM. */
class DataParallelSemanticsTest {

    /** Records the input it sees (the dropout mask, when the features are all ones) and passes it on. */
    static final class Spy extends Module {
        static final List<float[]> SEEN = new ArrayList<>();

        @Override
        public Tensor call(Tensor x) {
            SEEN.add(x.toFloatArray());
            return x;
        }
    }

    private static ModelRecipe dropoutRecipe() {
        return ModelRecipe.of(() -> new Sequential(new Dropout(0.5, Generator.fromSeed(9)), new Spy(),
                Dense.builder(2).inputSize(3).kernelInitializer(Initializers.glorotUniform(Generator.fromSeed(4))).build()),
                () -> new SparseCategoricalCrossentropy(true));
    }

    @Test
    void dropoutMasksChangeFromStepToStepAndBetweenPartitions() {
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            data.add(new Example(new float[] {1, 1, 1}, i % 2));
        }
        // 2 partitions of 4 rows, a share of 2: 2 steps an epoch, 2 epochs
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(4).epochs(2).seed(3).build();
        Spy.SEEN.clear();
        new LocalTrainer(config).fit(dropoutRecipe(), new SGD(0.1), data);
        List<float[]> first = new ArrayList<>(Spy.SEEN);
        assertEquals(8, first.size());   // 4 steps, 2 partitions each, in that order

        // Before the fix every fresh model drew call 0 of Generator.fromSeed(9): the same mask 8 times. Now step s,
        // partition p draws call (s * 2 + p) << 32 of the key 9, scaled by 1 / (1 - 0.5).
        for (int s = 0; s < 4; s++) {
            for (int p = 0; p < 2; p++) {
                Tensor keep = Generator.fromState(new long[] {1, 9, (long) (s * 2 + p) << 32})
                        .bernoulli(Shape.of(2, 3), 0.5, DType.FLOAT32).mul(2f);
                assertArrayEquals(keep.toFloatArray(), first.get(s * 2 + p), "step " + s + ", partition " + p);
            }
        }
        int distinct = 0;
        for (int i = 0; i < first.size(); i++) {
            boolean seenBefore = false;
            for (int j = 0; j < i; j++) {
                seenBefore |= java.util.Arrays.equals(first.get(i), first.get(j));
            }
            distinct += seenBefore ? 0 : 1;
        }
        assertTrue(distinct >= 5, "distinct masks among 8 of 6 elements: " + distinct);

        // the same masks again in a second run (what a retried task or a resumed run relies on)
        Spy.SEEN.clear();
        new LocalTrainer(config).fit(dropoutRecipe(), new SGD(0.1), data);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), Spy.SEEN.get(i));
        }
    }

    @Test
    void aRegressionHeadTrainsOnAVectorOfTargetsLikeOneFullBatchLoop() {
        // The Trainer.fit Javadoc example: y = 2x, Dense(1, 1), MSE. The labels are [n] and the predictions
        // [n, 1]; Keras's LossFunctionWrapper.call gives the labels the trailing axis
        // (squeeze_or_expand_to_same_rank, keras/src/losses/losses.py). It used to fail on the shapes.
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            data.add(new Example(new float[] {i}, 2.0 * i));
        }
        ModelRecipe recipe = ModelRecipe.of(
                () -> Dense.builder(1).inputSize(1).kernelInitializer(Initializers.glorotUniform(Generator.fromSeed(5))).build(),
                () -> new MeanSquaredError());
        // a share of 4 from partitions of 4: every step's global batch is all 8 rows
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(8).epochs(5).seed(1)
                .labelDType(DType.FLOAT32).build();
        History h = new LocalTrainer(config).fit(recipe, new SGD(0.01), data);

        Module model = recipe.model();
        List<Variable> vars = model.trainableVariables();
        SGD sgd = new SGD(0.01);
        float[] xs = new float[8];
        float[] ys = new float[8];
        for (int i = 0; i < 8; i++) {
            xs[i] = i;
            ys[i] = 2 * i;
        }
        Tensor x = Tensors.constant(xs, 8, 1);
        Tensor y = Tensors.constant(ys, 8, 1);
        for (int step = 0; step < 5; step++) {
            GradientTape tape = new GradientTape();
            Tensor l;
            try (tape) {
                l = new MeanSquaredError().call(y, model.call(x, true));
            }
            sgd.applyGradients(tape.gradient(l, vars), vars);
            assertEquals(l.doubleValue(), h.losses().get(step), 1e-5 * l.doubleValue(), "loss at step " + step);
        }
        assertEquals(vars.get(0).toFloatArray()[0], h.model().trainableVariables().get(0).toFloatArray()[0], 1e-6);
        assertEquals(vars.get(1).toFloatArray()[0], h.model().trainableVariables().get(1).toFloatArray()[0], 1e-6);
        assertTrue(h.losses().get(4) < h.losses().get(0), h.losses().toString());
    }

    @Test
    void aLossThatIsNotAMeanIsRefused() {
        // With SUM, each share's gradient (already a sum over its rows) was multiplied by its row count again:
        // the step silently grew with the share size (the reported loss was share times the mean's).
        List<Example> data = Fixtures.digits().subList(0, 64);
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(8).build();
        for (Loss.Reduction r : new Loss.Reduction[] {Loss.Reduction.SUM, Loss.Reduction.NONE}) {
            ModelRecipe recipe = ModelRecipe.of(() -> Fixtures.mlp(64, 32, 10),
                    () -> new SparseCategoricalCrossentropy(true, r));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    new LocalTrainer(config).fit(recipe, new SGD(0.1), data));
            assertTrue(e.getMessage().contains("reduction " + r) && e.getMessage().contains("SUM_OVER_BATCH_SIZE"),
                    e.getMessage());
        }
    }

    @Test
    void adamOnUnevenPartitionsMatchesOneLoopOverTheGlobalBatches() {
        // 301 rows: partitions of 101/100/100 (3) or 151/150 (2); tf.distribute's contract is that one step on N
        // replicas is one step on the global batch, here checked with Adam, whose slots live on the driver.
        List<Example> data = Fixtures.digits().subList(0, 301);
        for (int partitions : new int[] {1, 2, 3}) {
            TrainConfig config = TrainConfig.builder().partitions(partitions).globalBatchSize(12).epochs(2).seed(7).build();
            History h = new LocalTrainer(config).fit(Fixtures.digitsRecipe(), new Adam(0.01), data);
            Module model = Fixtures.digitsRecipe().model();
            List<Variable> vars = model.trainableVariables();
            Adam adam = new Adam(0.01);
            List<List<Example>> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                parts.add(new ArrayList<>());
            }
            for (int i = 0; i < data.size(); i++) {
                parts.get(i % partitions).add(data.get(i));
            }
            Plan plan = new Plan(config, parts.get(partitions - 1).size() / config.share());
            assertEquals(plan.totalSteps(), h.totalSteps());
            for (long step = 0; step < plan.totalSteps(); step++) {
                float[] x = new float[12 * 64];
                int[] y = new int[12];
                int row = 0;
                for (int p = 0; p < partitions; p++) {
                    for (int r : plan.rows(p, parts.get(p).size(), step)) {
                        System.arraycopy(parts.get(p).get(r).features(), 0, x, row * 64, 64);
                        y[row++] = (int) parts.get(p).get(r).label();
                    }
                }
                GradientTape tape = new GradientTape();
                Tensor l;
                try (tape) {
                    l = new SparseCategoricalCrossentropy(true).call(Tensors.constant(y, 12), model.call(Tensors.constant(x, 12, 64), true));
                }
                adam.applyGradients(tape.gradient(l, vars), vars);
                assertEquals(l.doubleValue(), h.losses().get((int) step), 1e-6, partitions + " partitions, step " + step);
            }
            for (int v = 0; v < vars.size(); v++) {
                float[] expected = vars.get(v).toFloatArray();
                float[] actual = h.model().trainableVariables().get(v).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-5, partitions + " partitions, variable " + v + "[" + i + "]");
                }
            }
            if (partitions == 1) {
                Fixtures.assertSameBits(model, h.model());   // one share is the whole batch: the same arithmetic
            }
        }
    }

    @Test
    void aFloat64ModelGetsItsFeaturesWidened() {
        // Example features are float32; a float64 model used to fail on its first call (Dense refuses another
        // dtype), though the weights and the averaging keep float64. Keras casts floating inputs to a layer's
        // dtype. One step on all 64 rows (one partition, a batch of 64) against the same step written out.
        List<Example> data = Fixtures.digits().subList(0, 64);
        ModelRecipe recipe = ModelRecipe.of(() -> Dense.builder(10).inputSize(64).dtype(DType.FLOAT64)
                .kernelInitializer(Initializers.glorotUniform(Generator.fromSeed(2))).build(),
                () -> new SparseCategoricalCrossentropy(true));
        TrainConfig config = TrainConfig.builder().globalBatchSize(64).seed(1).build();
        History h = new LocalTrainer(config).fit(recipe, new SGD(0.5), data);

        Module model = recipe.model();
        List<Variable> vars = model.trainableVariables();
        double[] x = new double[64 * 64];
        int[] y = new int[64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = data.get(i).features()[j];
            }
            y[i] = (int) data.get(i).label();
        }
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            l = new SparseCategoricalCrossentropy(true).call(Tensors.constant(y, 64), model.call(Tensors.constant(x, 64, 64), true));
        }
        new SGD(0.5).applyGradients(tape.gradient(l, vars), vars);
        assertEquals(l.doubleValue(), h.losses().get(0), 1e-12);
        for (int v = 0; v < vars.size(); v++) {
            assertEquals(DType.FLOAT64, h.model().trainableVariables().get(v).dtype());
            assertArrayEquals(vars.get(v).toDoubleArray(), h.model().trainableVariables().get(v).toDoubleArray(), 1e-12);
        }
        assertNotEquals(recipe.model().trainableVariables().get(1).toDoubleArray()[0], vars.get(1).toDoubleArray()[0]);
    }
}
