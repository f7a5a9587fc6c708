package io.gradtape.spark;

import io.gradtape.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Data-parallel training in this JVM, without Spark: the same shards, batches, arithmetic and checkpoints as
 * {@link SparkTrainer}, one partition after another. It is the single-machine reference a Spark run is checked
 * against (the two give bit-identical models), and the one-line switch back from a cluster.
 *
 * <pre>{@code
 * Trainer trainer = new LocalTrainer(TrainConfig.builder().globalBatchSize(32).epochs(3).build());
 * ModelRecipe recipe = ModelRecipe.of(() -> new Dense(4, 3, null), () -> new SparseCategoricalCrossentropy(true));
 * History h = trainer.fit(recipe, new Adam(0.01),
 *         io.gradtape.spark.Example.listOf(Datasets.iris().features(), Datasets.iris().labels()));
 * }</pre>
 */
public final class LocalTrainer extends Trainer {
    private List<Shard> shards;

    /**
     * @param config the run's settings
     */
    public LocalTrainer(TrainConfig config) {
        super(config);
    }

    @Override
    public History fit(ModelRecipe recipe, Optimizer optimizer, List<Example> examples) {
        Objects.requireNonNull(examples, "LocalTrainer.fit: examples is null");
        checkNotEmpty(examples.size());
        int p = config.partitions();
        List<List<Example>> parts = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < examples.size(); i++) {
            parts.get(i % p).add(examples.get(i));
        }
        this.shards = new ArrayList<>();
        long[] sizes = new long[p];
        for (int i = 0; i < p; i++) {
            shards.add(new Shard(i, parts.get(i)));
            sizes[i] = parts.get(i).size();
        }
        try {
            return loop(recipe, optimizer, sizes);
        } finally {
            this.shards = null;
        }
    }

    @Override
    List<PartitionResult> runStep(ModelRecipe recipe, Plan plan, Weights weights, long step) {
        List<PartitionResult> out = new ArrayList<>(shards.size());
        for (Shard s : shards) {
            out.add(WorkerStep.run(recipe, weights, s, plan, step));
        }
        return out;
    }
}
