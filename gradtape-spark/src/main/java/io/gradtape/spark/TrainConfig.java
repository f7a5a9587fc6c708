package io.gradtape.spark;

import io.gradtape.DType;
import java.io.Serializable;
import java.util.Objects;

/**
 * The settings of a data-parallel training run, the same for {@link LocalTrainer} and {@link SparkTrainer}.
 *
 * <p><b>Batches.</b> The examples are dealt to {@code partitions} shards by their position ({@code i %
 * partitions}). Each step, every shard contributes {@code globalBatchSize / partitions} examples (its
 * <i>share</i>), taken in the order of a permutation drawn from the shard's own {@link io.gradtape.Generator}
 * stream for the current epoch ({@code Generator.fromSeed(seed).split(partitions).get(p).split(epoch + 1)
 * .get(epoch)}); an epoch has as many steps as the smallest shard holds whole shares. So the batches depend only
 * on the seed, the data and the partition count, never on thread or task timing.
 *
 * <pre>{@code
 * TrainConfig config = TrainConfig.builder().globalBatchSize(128).partitions(4).epochs(10).seed(42).build();
 * config.share();   // 32 examples per partition and step
 * }</pre>
 *
 * @param globalBatchSize   examples per step over all partitions (a multiple of {@code partitions})
 * @param partitions        the number of shards (Spark partitions)
 * @param epochs            passes over the data
 * @param seed              the seed of the batch order
 * @param labelDType        the dtype of the label tensor: INT32 (class indices) or FLOAT32/FLOAT64 (targets)
 * @param checkpointEvery   save a checkpoint every this many steps (0: never)
 * @param checkpointPath    where (a Hadoop path: {@code /tmp/ck.npz}, {@code file:///...}, {@code hdfs://...}), or
 *                          null
 */
public record TrainConfig(int globalBatchSize, int partitions, int epochs, long seed, DType labelDType,
                          int checkpointEvery, String checkpointPath) implements Serializable {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a count is not positive, the batch is not a multiple of the partitions,
     *                                  or checkpoints are asked for without a path
     */
    public TrainConfig {
        Objects.requireNonNull(labelDType, "TrainConfig: labelDType is null");
        if (partitions < 1) {
            throw new IllegalArgumentException("TrainConfig: partitions must be >= 1, got " + partitions);
        }
        if (globalBatchSize < partitions || globalBatchSize % partitions != 0) {
            throw new IllegalArgumentException("TrainConfig: globalBatchSize " + globalBatchSize
                    + " must be a positive multiple of partitions " + partitions);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("TrainConfig: epochs must be >= 1, got " + epochs);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("TrainConfig: checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (checkpointEvery > 0 && checkpointPath == null) {
            throw new IllegalArgumentException("TrainConfig: checkpointEvery " + checkpointEvery + " needs a checkpointPath");
        }
        if (labelDType != DType.INT32 && labelDType != DType.FLOAT32 && labelDType != DType.FLOAT64) {
            throw new IllegalArgumentException("TrainConfig: labelDType must be int32, float32 or float64, got " + labelDType);
        }
    }

    /**
     * Examples each partition contributes per step.
     *
     * <pre>{@code
     * TrainConfig.builder().globalBatchSize(64).partitions(2).build().share();   // 32
     * }</pre>
     *
     * @return {@code globalBatchSize / partitions}
     */
    public int share() {
        return globalBatchSize / partitions;
    }

    /**
     * A builder with the defaults: batch 128, 1 partition, 1 epoch, seed 0, int32 labels and no checkpoints.
     *
     * <pre>{@code
     * TrainConfig c = TrainConfig.builder().epochs(3).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainConfig}; every setter returns this builder. */
    public static final class Builder {
        private int globalBatchSize = 128;
        private int partitions = 1;
        private int epochs = 1;
        private long seed;
        private DType labelDType = DType.INT32;
        private int checkpointEvery;
        private String checkpointPath;

        Builder() {
        }

        /**
         * @param n examples per step over all partitions
         * @return this builder
         */
        public Builder globalBatchSize(int n) {
            this.globalBatchSize = n;
            return this;
        }

        /**
         * @param n the number of shards
         * @return this builder
         */
        public Builder partitions(int n) {
            this.partitions = n;
            return this;
        }

        /**
         * @param n passes over the data
         * @return this builder
         */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * @param s the seed of the batch order
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * @param d the label tensor's dtype
         * @return this builder
         */
        public Builder labelDType(DType d) {
            this.labelDType = d;
            return this;
        }

        /**
         * Saves a checkpoint every {@code every} steps to {@code path}, and resumes from it when it exists at the
         * start of {@code fit}.
         *
         * @param every steps between checkpoints
         * @param path  a Hadoop path
         * @return this builder
         */
        public Builder checkpoint(int every, String path) {
            this.checkpointEvery = every;
            this.checkpointPath = path;
            return this;
        }

        /**
         * @return the checked configuration
         */
        public TrainConfig build() {
            return new TrainConfig(globalBatchSize, partitions, epochs, seed, labelDType, checkpointEvery,
                    checkpointPath);
        }
    }
}
