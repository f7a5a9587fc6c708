package io.gradtape.spark;

import io.gradtape.nn.Module;
import java.util.List;

/**
 * The result of {@link Trainer#fit}: the driver's trained model, the mean loss of each step this run took (a
 * resumed run lists only the steps after the checkpoint), and the run's total number of steps.
 *
 * <pre>{@code
 * // History h = trainer.fit(recipe, optimizer, examples);
 * // h.model().call(x) predicts; h.losses().get(h.losses().size() - 1) is the last step's loss
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
