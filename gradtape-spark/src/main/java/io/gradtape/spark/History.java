package io.gradtape.spark;

import io.gradtape.nn.Module;
import java.util.List;

/**
 * The result of {@link Trainer#fit}: the driver's trained model, the mean loss of each step this run took (a
 * resumed run lists only the steps after the checkpoint), and the run's total number of steps.
 *
 * <pre>{@code
 * List<io.gradtape.spark.Example> data = io.gradtape.spark.Example.listOf(
 *         Datasets.iris().features(), Datasets.iris().labels());
 * ModelRecipe recipe = ModelRecipe.of(() -> new Dense(4, 3, null), () -> new SparseCategoricalCrossentropy(true));
 * History h = new LocalTrainer(TrainConfig.builder().globalBatchSize(30).build()).fit(recipe, new Adam(0.01), data);
 * Tensor logits = h.model().call(Datasets.iris().features());   // predictions of the trained model
 * double last = h.losses().get(h.losses().size() - 1);           // the last step's loss
 * }</pre>
 *
 * @param model      the trained model (the driver's)
 * @param losses     the global batch's mean loss at each step taken
 * @param totalSteps the steps of the whole run ({@code epochs} times the steps per epoch)
 */
public record History(Module model, List<Double> losses, long totalSteps) {
    /**
     * Copies the loss list.
     */
    public History {
        losses = List.copyOf(losses);
    }
}
