package io.gradtape.internal;

import io.gradtape.Tensor;
import io.gradtape.nn.Metric;

import java.util.Map;

/**
 * The internal door into a {@link Metric}'s state, for {@code io.gradtape.checkpoint.Checkpoint}: it checks the values
 * of every part of a checkpoint before assigning any, so a metric's assignment comes in two steps. {@code Metric}
 * installs the one {@link Bridge} in its static initializer (as {@link TensorAccess}).
 */
public final class MetricAccess {
    /** What the checkpoint may do with a metric; implemented once, inside {@code io.gradtape.nn}. */
    @FunctionalInterface
    public interface Bridge {
        /**
         * Checks {@code values} (float64 tensors under the metric's variable names, as {@link Metric#variables()}
         * gives them) against the metric and returns their assignment, which cannot fail. Changes nothing itself.
         *
         * @throws IllegalArgumentException naming the metric, the variable and the shapes or dtypes if they do not fit
         */
        Runnable prepareAssign(Metric metric, Map<String, Tensor> values);
    }

    private static volatile Bridge bridge;

    private MetricAccess() {
    }

    /**
     * Installs the bridge; only {@code Metric} calls this, once.
     *
     * @param b the bridge
     */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("MetricAccess: bridge already installed");
        }
        bridge = b;
    }

    /**
     * See {@link Bridge#prepareAssign}. The metric's class is initialized (it is an instance), so the bridge is there.
     *
     * @param metric the metric
     * @param values the values by variable name
     * @return the assignment
     */
    public static Runnable prepareAssign(Metric metric, Map<String, Tensor> values) {
        return bridge.prepareAssign(metric, values);
    }
}
