package io.gradtape.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.BatchNormalization;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrainerTest {

    @Test
    void aStepIsTheGradientOfTheGlobalBatchMeanLoss() {
        List<Example> data = Fixtures.digits();
        TrainConfig config = TrainConfig.builder().partitions(3).globalBatchSize(48).epochs(1).seed(7).build();
        History h = new LocalTrainer(config).fit(Fixtures.digitsRecipe(), new SGD(0.1), data);

        // The same steps written as a user's loop: the global batch is every partition's share, one tape.
        Module model = Fixtures.digitsRecipe().model();
        SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy(true);
        SGD sgd = new SGD(0.1);
        List<Variable> vars = model.trainableVariables();
        Plan plan = new Plan(config, h.totalSteps());
        List<List<Example>> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            parts.get(i % 3).add(data.get(i));
        }
        for (long step = 0; step < h.totalSteps(); step++) {
            float[] x = new float[48 * 64];
            int[] y = new int[48];
            int row = 0;
            for (int p = 0; p < 3; p++) {
                for (int r : plan.rows(p, parts.get(p).size(), step)) {
                    Example e = parts.get(p).get(r);
                    System.arraycopy(e.features(), 0, x, row * 64, 64);
                    y[row++] = (int) e.label();
                }
            }
            Tensor xs = Tensors.constant(x, 48, 64);
            Tensor ys = Tensors.constant(y, 48);
            GradientTape tape = new GradientTape();
            Tensor l;
            try (tape) {
                l = loss.call(ys, model.call(xs, true));
            }
            sgd.applyGradients(tape.gradient(l, vars), vars);
            assertEquals(l.doubleValue(), h.losses().get((int) step), 1e-5, "loss at step " + step);
        }
        float[] expected = model.trainableVariables().get(0).toFloatArray();
        float[] actual = h.model().trainableVariables().get(0).toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "kernel element " + i);
        }
    }

    @Test
    void learnsDigits() {
        List<Example> data = Fixtures.digits();
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (i % 6 == 0 ? test : train).add(data.get(i));   // a fixed 1/6 held out
        }
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(64).epochs(15).seed(1).build();
        History h = new LocalTrainer(config).fit(Fixtures.digitsRecipe(), new Adam(0.005), train);
        double acc = Fixtures.accuracy(h.model(), test);
        assertTrue(acc > 0.9, "test accuracy " + acc);
        assertTrue(h.losses().get(h.losses().size() - 1) < h.losses().get(0) / 5, "loss " + h.losses());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) {
        List<Example> data = Fixtures.digits().subList(0, 600);
        String ck = dir.resolve("run/ck.npz").toString();
        TrainConfig.Builder b = TrainConfig.builder().partitions(2).globalBatchSize(32).seed(3);
        History straight = new LocalTrainer(b.epochs(3).build()).fit(Fixtures.digitsRecipe(), new Adam(0.01), data);

        History first = new LocalTrainer(b.epochs(1).checkpoint(5, ck).build())
                .fit(Fixtures.digitsRecipe(), new Adam(0.01), data);
        assertTrue(Files.exists(Path.of(ck)));
        History resumed = new LocalTrainer(b.epochs(3).checkpoint(5, ck).build())
                .fit(Fixtures.digitsRecipe(), new Adam(0.01), data);
        // an epoch has 300 / 16 = 18 steps: the checkpoint holds step 15; the resumed run takes steps 15..53
        assertEquals(18, first.losses().size());
        assertEquals(54 - 15, resumed.losses().size());
        Fixtures.assertSameBits(straight.model(), resumed.model());
    }

    @Test
    void errorsNameTheCauseAndTheFix() {
        List<Example> data = Fixtures.digits().subList(0, 40);
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () ->
                new LocalTrainer(TrainConfig.builder().partitions(2).globalBatchSize(64).build())
                        .fit(Fixtures.digitsRecipe(), new SGD(0.1), data));
        assertTrue(small.getMessage().contains("smallest partition holds 20 examples, fewer than one share of 32"), small.getMessage());
        IllegalArgumentException multiple = assertThrows(IllegalArgumentException.class, () ->
                TrainConfig.builder().partitions(3).globalBatchSize(64).build());
        assertTrue(multiple.getMessage().contains("globalBatchSize 64 must be a positive multiple of partitions 3"));
        ModelRecipe withStats = ModelRecipe.of(() -> {
            Sequential s = new Sequential(new Dense(64, 8, "relu"), new BatchNormalization(8), new Dense(8, 10, null));
            return s;
        }, () -> new SparseCategoricalCrossentropy(true));
        IllegalArgumentException bn = assertThrows(IllegalArgumentException.class, () ->
                new LocalTrainer(TrainConfig.builder().globalBatchSize(8).build()).fit(withStats, new SGD(0.1), data));
        assertTrue(bn.getMessage().contains("non-trainable variables"), bn.getMessage());
        assertThrows(IllegalArgumentException.class, () ->
                new LocalTrainer(TrainConfig.builder().build()).fit(Fixtures.digitsRecipe(), new SGD(0.1), List.of()));
    }
}
