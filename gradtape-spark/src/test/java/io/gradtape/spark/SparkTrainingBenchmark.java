package io.gradtape.spark;

import io.gradtape.optimizers.SGD;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Steps per second of data-parallel training of the digits MLP (64-32-10, global batch 128, SGD) against the
 * partition count, in this JVM ({@link LocalTrainer}) and on Spark's local mode ({@link SparkTrainer}), and the
 * fixed cost of one Spark job of the shape a step uses (broadcast, map over cached partitions, treeAggregate)
 * with no training in it. Run by {@code scripts/spark-bench.sh}; prints a Markdown table.
 */
public final class SparkTrainingBenchmark {
    private SparkTrainingBenchmark() {
    }

    /**
     * @param args {@code [master]}, default {@code local[2]}
     */
    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        List<Example> data = Fixtures.digits();
        SparkSession spark = SparkSession.builder().master(master).appName("gradtape-spark-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            System.out.println("| trainer | partitions | steps | ms per step | steps/s |");
            System.out.println("|---|---|---|---|---|");
            for (int round = 0; round < 2; round++) {   // the first round warms the JIT and Spark; printed second
                boolean print = round == 1;
                for (int p : new int[] {1, 2, 4}) {
                    TrainConfig config = TrainConfig.builder().partitions(p).globalBatchSize(128).epochs(4).seed(1).build();
                    time(print, "LocalTrainer", p, () -> new LocalTrainer(config).fit(Fixtures.digitsRecipe(), new SGD(0.1), data));
                    time(print, "SparkTrainer (" + master + ")", p,
                            () -> new SparkTrainer(spark, config).fit(Fixtures.digitsRecipe(), new SGD(0.1), data));
                }
            }
            System.out.println();
            System.out.println("| empty job like a step's | partitions | ms per job (median of 50) |");
            System.out.println("|---|---|---|");
            for (int p : new int[] {1, 2, 4}) {
                JavaRDD<Integer> rdd = sc.parallelize(Arrays.asList(new Integer[p]), p).cache();
                rdd.count();
                double[] ms = new double[50];
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < ms.length; i++) {
                        long t0 = System.nanoTime();
                        Broadcast<float[]> b = sc.broadcast(new float[2410]);
                        rdd.map(x -> b.value().length).treeAggregate(0, Integer::sum, Integer::sum, 2);
                        b.destroy();
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "| broadcast + map + treeAggregate | %d | %.2f |%n", p, ms[ms.length / 2]);
                rdd.unpersist();
            }
        } finally {
            spark.stop();
        }
    }

    private static void time(boolean print, String name, int partitions, java.util.function.Supplier<History> run) {
        long t0 = System.nanoTime();
        History h = run.get();
        double ms = (System.nanoTime() - t0) / 1e6 / h.totalSteps();
        if (print) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f |%n", name, partitions, h.totalSteps(), ms, 1000 / ms);
        }
    }
}
