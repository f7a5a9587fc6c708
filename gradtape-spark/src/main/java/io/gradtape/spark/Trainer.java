package io.gradtape.spark;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import io.gradtape.nn.Module;
import io.gradtape.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Synchronous data-parallel training: the loop both {@link LocalTrainer} (in one JVM) and {@link SparkTrainer}
 * (on a cluster) run, so that switching between them is one line and both give the same model.
 *
 * <p><b>Terms.</b> The <i>driver</i> holds the model's variables and the optimizer. A <i>partition</i> holds a
 * fixed shard of the examples. A <i>step</i> is one optimizer update from one global batch, made of an equal
 * <i>share</i> of every partition (see {@link TrainConfig} for which rows).
 *
 * <p><b>One step.</b>
 * <ol>
 *   <li>The driver copies its variables into plain arrays (never serialized tensors).</li>
 *   <li>Every partition builds the model from the {@link ModelRecipe}, loads those values, records its share's
 *       mean loss on a {@code GradientTape} and returns the gradients and loss multiplied by its example count.</li>
 *   <li>The results are summed <i>in partition order</i> in double (so the sum does not depend on which task
 *       finished first) and divided by the total count: the gradient of the global batch's mean loss.</li>
 *   <li>The driver's optimizer applies it; every {@code checkpointEvery} steps the variables, the optimizer's
 *       state and the step count are saved atomically.</li>
 * </ol>
 *
 * <pre>{@code
 * Trainer trainer = new LocalTrainer(TrainConfig.builder().partitions(2).globalBatchSize(4).build());
 * }</pre>
 */
public abstract class Trainer {
    /** The configuration. */
    protected final TrainConfig config;

    /**
     * @param config the run's settings
     */
    protected Trainer(TrainConfig config) {
        this.config = Objects.requireNonNull(config, "Trainer: config is null");
    }

    /**
     * The run's settings.
     *
     * @return the configuration
     */
    public TrainConfig config() {
        return config;
    }

    /**
     * Trains a model built by {@code recipe} with {@code optimizer} on {@code examples}.
     *
     * <pre>{@code
     * List<io.gradtape.spark.Example> data = new ArrayList<>();
     * for (int i = 0; i < 8; i++) {
     *     data.add(new io.gradtape.spark.Example(new float[] {i}, 2.0 * i));
     * }
     * Trainer trainer = new LocalTrainer(TrainConfig.builder().partitions(2).globalBatchSize(4).epochs(5)
     *         .labelDType(DType.FLOAT32).build());
     * History h = trainer.fit(ModelRecipe.of(() -> new io.gradtape.nn.Dense(1, 1, null),
     *         () -> new io.gradtape.nn.MeanSquaredError()), new io.gradtape.optimizers.SGD(0.01), data);
     * h.losses().size();   // 10: two steps per epoch
     * }</pre>
     *
     * @param recipe    builds the model and the loss (on the driver and on every worker)
     * @param optimizer the driver's optimizer
     * @param examples  the training examples
     * @return the trained model and the loss of every step
     * @throws IllegalArgumentException if the smallest partition holds less than one share, the model has
     *                                  non-trainable variables, or the loss's reduction is not
     *                                  {@code SUM_OVER_BATCH_SIZE}
     */
    public abstract History fit(ModelRecipe recipe, Optimizer optimizer, List<Example> examples);

    /** Runs one step's partitions and returns their results sorted by partition. */
    abstract List<PartitionResult> runStep(ModelRecipe recipe, Plan plan, Weights weights, long step);

    /** Runs the loop of the class comment over partitions of the given sizes. */
    final History loop(ModelRecipe recipe, Optimizer optimizer, long[] partitionSizes) {
        Objects.requireNonNull(recipe, "Trainer.fit: recipe is null");
        Objects.requireNonNull(optimizer, "Trainer.fit: optimizer is null");
        long smallest = Long.MAX_VALUE;
        for (long n : partitionSizes) {
            smallest = Math.min(smallest, n);
        }
        long stepsPerEpoch = smallest / config.share();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("Trainer.fit: the smallest partition holds " + smallest
                    + " examples, fewer than one share of " + config.share() + " (globalBatchSize "
                    + config.globalBatchSize() + " / partitions " + config.partitions() + "); use a smaller batch");
        }
        io.gradtape.nn.Loss.Reduction reduction = recipe.loss().reduction();
        if (reduction != io.gradtape.nn.Loss.Reduction.SUM_OVER_BATCH_SIZE) {
            // each share's gradient is multiplied by its row count and the sum divided by the global count: right
            // only for a mean; a SUM loss would scale the step by the share size, silently
            throw new IllegalArgumentException("Trainer.fit: the recipe's loss has reduction " + reduction
                    + "; data-parallel training combines the partitions' mean losses into the global batch's mean,"
                    + " so the loss must use SUM_OVER_BATCH_SIZE (Keras's default)");
        }
        Plan plan = new Plan(config, stepsPerEpoch);
        Module model = recipe.model();
        Map<String, Variable> named = model.namedVariables();
        List<Variable> trainable = model.trainableVariables();
        if (trainable.size() != named.size()) {
            throw new IllegalArgumentException("Trainer.fit: the model has non-trainable variables (such as "
                    + "BatchNormalization's moving statistics); they are not synchronized across partitions yet");
        }
        optimizer.build(trainable);
        Variable stepVar = new Variable(Tensors.constant(0L), false);
        CheckpointStore store = config.checkpointEvery() > 0 ? new CheckpointStore(config.checkpointPath()) : null;
        Checkpoint checkpoint = null;
        if (store != null) {
            checkpoint = new Checkpoint();
            for (Map.Entry<String, Variable> e : named.entrySet()) {
                checkpoint.variable(e.getKey(), e.getValue());
            }
            checkpoint.optimizer(optimizer).variable("trainer/step", stepVar);
            store.restoreIfPresent(checkpoint);
        }
        List<Double> losses = new ArrayList<>();
        for (long step = stepVar.longValue(); step < plan.totalSteps(); step++) {
            List<PartitionResult> results = runStep(recipe, plan, Weights.of(named), step);
            long count = 0;
            double lossSum = 0;
            for (PartitionResult r : results) {
                count += r.count;
                lossSum += r.lossSum;
            }
            optimizer.applyGradients(average(results, trainable, count), trainable);
            losses.add(lossSum / count);
            if (store != null && (step + 1) % config.checkpointEvery() == 0) {
                stepVar.assign(Tensors.constant(step + 1));
                store.save(checkpoint);
            }
        }
        return new History(model, losses, plan.totalSteps());
    }

    private static List<Tensor> average(List<PartitionResult> results, List<Variable> vars, long count) {
        List<Tensor> out = new ArrayList<>(vars.size());
        for (int v = 0; v < vars.size(); v++) {
            double[] sum = null;
            for (PartitionResult r : results) {
                double[] g = r.gradientSums[v];
                if (g == null) {
                    continue;
                }
                if (sum == null) {
                    sum = g.clone();
                } else {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += g[i];
                    }
                }
            }
            if (sum == null) {
                out.add(null);
                continue;
            }
            Variable var = vars.get(v);
            int[] dims = var.shape().dims();
            if (var.dtype() == DType.FLOAT64) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] /= count;
                }
                out.add(Tensors.constant(sum, dims));
            } else {
                float[] f = new float[sum.length];
                for (int i = 0; i < sum.length; i++) {
                    f[i] = (float) (sum[i] / count);
                }
                out.add(Tensors.constant(f, dims));
            }
        }
        return out;
    }

    static void checkNotEmpty(long total) {
        if (total == 0) {
            throw new IllegalArgumentException("Trainer.fit: no examples");
        }
    }
}
