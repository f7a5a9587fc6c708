package io.gradtape.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.gradtape.nn.Loss;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a tf.distribute user expects of one synchronous data-parallel step, checked in one JVM. */
class DataParallelSemanticsTest {

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
}
