package io.gradtape.spark;

import io.gradtape.Generator;
import io.gradtape.data.Datasets;
import io.gradtape.data.Table;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The digits classifier trained data-parallel on Spark: the program the README submits with
 * {@code spark-submit} (see "Training on Apache Spark" there).
 *
 * <p>Arguments: {@code [partitions] [epochs] [checkpoint path]} (defaults 4, 20, none). The master comes from
 * {@code spark-submit --master}, or is {@code local[*]} when run directly.
 */
public final class TrainDigitsOnSpark {
    private TrainDigitsOnSpark() {
    }

    /** The model: 64 pixels, 64 ReLU units, 10 logits; initial values from a fixed seed. */
    static Module model() {
        Generator g = Generator.fromSeed(7);
        return new Sequential(
                Dense.builder(64).inputSize(64).activation("relu").kernelInitializer(Initializers.glorotUniform(g)).build(),
                Dense.builder(10).inputSize(64).kernelInitializer(Initializers.glorotUniform(g)).build());
    }

    /**
     * Trains on five sixths of digits and returns the accuracy on the rest.
     *
     * @param spark      the session
     * @param partitions the partition count
     * @param epochs     passes over the data
     * @param checkpoint a Hadoop path for checkpoints every 50 steps, or null
     * @return the held-out accuracy
     */
    static double train(SparkSession spark, int partitions, int epochs, String checkpoint) {
        Table digits = Datasets.digits();
        List<Example> all = Example.listOf(digits.features(), digits.labels());
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 6 == 0 ? test : train).add(all.get(i));
        }
        TrainConfig.Builder config = TrainConfig.builder().partitions(partitions).globalBatchSize(16 * partitions)
                .epochs(epochs).seed(42);
        if (checkpoint != null) {
            config.checkpoint(50, checkpoint);
        }
        ModelRecipe recipe = ModelRecipe.of(TrainDigitsOnSpark::model, () -> new SparseCategoricalCrossentropy(true));
        Trainer trainer = new SparkTrainer(spark, config.build());   // new LocalTrainer(config.build()) on one machine
        History h = trainer.fit(recipe, new Adam(0.005), train);
        return Evaluation.accuracy(h.model(), test);
    }

    /**
     * @param args {@code [partitions] [epochs] [checkpoint path]}
     */
    public static void main(String[] args) {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String checkpoint = args.length > 2 ? args[2] : null;
        SparkSession.Builder b = SparkSession.builder().appName("gradtape digits");
        if (!System.getProperties().containsKey("spark.master")) {
            b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
        try {
            long t0 = System.nanoTime();
            double acc = train(spark, partitions, epochs, checkpoint);
            System.out.printf(Locale.ROOT, "digits, %d partitions, %d epochs: test accuracy %.4f in %.1f s%n",
                    partitions, epochs, acc, (System.nanoTime() - t0) / 1e9);
        } finally {
            spark.stop();
        }
    }
}
