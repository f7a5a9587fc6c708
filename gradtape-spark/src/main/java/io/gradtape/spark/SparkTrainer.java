package io.gradtape.spark;

import io.gradtape.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Apache Spark, in the manner of MLlib's own gradient descent: each step
 * broadcasts the driver's variables, every partition computes the gradient of its share of the global batch
 * with a {@code GradientTape}, {@code treeAggregate} brings the partitions' gradients, losses and example counts
 * back, and the driver's optimizer applies their average. The loop, the batches and the arithmetic are those of
 * {@link Trainer}, shared with {@link LocalTrainer}, so a Spark run gives the same model as the local run,
 * bit for bit, whatever the order in which tasks finish.
 *
 * <p><b>Data.</b> Examples are dealt to {@code config.partitions()} partitions by their position in the input
 * ({@code i % partitions}), sorted back into input order inside each partition, and cached. A task that fails
 * is retried by Spark and recomputes the same result: it depends only on the broadcast weights, the cached
 * shard and the step number.
 *
 * <p><b>What travels.</b> To the executors: the {@link ModelRecipe} (a serializable lambda), the weights as
 * plain arrays, the plan (seed and batch sizes). Back: per partition, gradients as {@code double[]}. Never a
 * tensor, variable or tape.
 *
 * <p><b>Cost.</b> Each step is one Spark job; its fixed cost (scheduling, broadcast, task launch) is measured in
 * {@code docs/benchmarks.md}. The gradients of all partitions meet at the driver (one {@code double} per
 * parameter and partition), which keeps the sum's order fixed.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
 * Trainer trainer = new SparkTrainer(spark, TrainConfig.builder().partitions(4).globalBatchSize(128).build());
 * ModelRecipe recipe = ModelRecipe.of(() -> new Dense(64, 10, null), () -> new SparseCategoricalCrossentropy(true));
 * History h = trainer.fit(recipe, new Adam(1e-3),                  // as with a LocalTrainer
 *         io.gradtape.spark.Example.listOf(Datasets.digits().features(), Datasets.digits().labels()));
 * }</pre>
 */
public final class SparkTrainer extends Trainer {
    private final JavaSparkContext sc;
    private JavaRDD<Shard> shards;

    /**
     * A trainer running on {@code spark}'s cluster.
     *
     * @param spark  the session
     * @param config the run's settings
     */
    public SparkTrainer(SparkSession spark, TrainConfig config) {
        this(JavaSparkContext.fromSparkContext(Objects.requireNonNull(spark, "SparkTrainer: spark is null").sparkContext()), config);
    }

    /**
     * A trainer running on {@code sc}'s cluster.
     *
     * @param sc     the context
     * @param config the run's settings
     */
    public SparkTrainer(JavaSparkContext sc, TrainConfig config) {
        super(config);
        this.sc = Objects.requireNonNull(sc, "SparkTrainer: sc is null");
    }

    /**
     * Trains on a list held by the driver (distributed with {@code parallelize}); the one-line switch from
     * {@link LocalTrainer}.
     */
    @Override
    public History fit(ModelRecipe recipe, Optimizer optimizer, List<Example> examples) {
        Objects.requireNonNull(examples, "SparkTrainer.fit: examples is null");
        return fit(recipe, optimizer, sc.parallelize(examples, config.partitions()));
    }

    /**
     * Trains on numeric columns of a DataFrame: the features in the given order, and one label column.
     *
     * <pre>{@code
     * SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
     * Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true).csv("points.csv");
     * ModelRecipe recipe = ModelRecipe.of(() -> new Dense(3, 1, null), () -> new MeanSquaredError());
     * History h = new SparkTrainer(spark, TrainConfig.builder().globalBatchSize(32).labelDType(DType.FLOAT32).build())
     *         .fit(recipe, new SGD(0.01), df, "y", "x1", "x2", "x3");
     * }</pre>
     *
     * @param recipe         builds the model and the loss
     * @param optimizer      the driver's optimizer
     * @param df             the data
     * @param labelColumn    the label's column (a class index, or a target value)
     * @param featureColumns the features' columns, all numeric
     * @return the trained model and the loss of every step
     * @throws IllegalArgumentException if a column is missing or not numeric
     */
    public History fit(ModelRecipe recipe, Optimizer optimizer, Dataset<Row> df, String labelColumn, String... featureColumns) {
        Objects.requireNonNull(df, "SparkTrainer.fit: df is null");
        Objects.requireNonNull(labelColumn, "SparkTrainer.fit: labelColumn is null");
        if (featureColumns.length == 0) {
            throw new IllegalArgumentException("SparkTrainer.fit: no feature columns given");
        }
        int label = numericColumn(df, labelColumn);
        int[] features = new int[featureColumns.length];
        for (int i = 0; i < features.length; i++) {
            features[i] = numericColumn(df, featureColumns[i]);
        }
        String[] names = featureColumns.clone();
        JavaRDD<Example> examples = df.javaRDD().map(row -> toExample(row, features, label, names, labelColumn));
        return fit(recipe, optimizer, examples);
    }

    /**
     * Trains on an RDD of examples.
     *
     * @param recipe    builds the model and the loss
     * @param optimizer the driver's optimizer
     * @param examples  the data, in a fixed order (its order decides the partitions)
     * @return the trained model and the loss of every step
     */
    public History fit(ModelRecipe recipe, Optimizer optimizer, JavaRDD<Example> examples) {
        Objects.requireNonNull(examples, "SparkTrainer.fit: examples is null");
        int p = config.partitions();
        JavaPairRDD<Integer, Tuple2<Long, Example>> keyed = examples.zipWithIndex()
                .mapToPair(t -> new Tuple2<>((int) (t._2() % p), new Tuple2<>(t._2(), t._1())));
        JavaRDD<Shard> built = keyed.partitionBy(new HashPartitioner(p)).mapPartitionsWithIndex((index, it) -> {
            List<Tuple2<Long, Example>> rows = new ArrayList<>();
            it.forEachRemaining(kv -> rows.add(kv._2()));
            rows.sort(Comparator.comparing(Tuple2::_1));
            List<Example> ordered = new ArrayList<>(rows.size());
            for (Tuple2<Long, Example> r : rows) {
                ordered.add(r._2());
            }
            return List.of(new Shard(index, ordered)).iterator();
        }, true).persist(StorageLevel.MEMORY_ONLY());
        try {
            // only the sizes travel to the driver (the shards stay cached on the executors)
            List<long[]> sizesOnly = built.map(s -> new long[] {s.partition, s.rows}).collect();
            long[] sizes = new long[p];
            long total = 0;
            for (long[] s : sizesOnly) {
                sizes[(int) s[0]] = s[1];
                total += s[1];
            }
            checkNotEmpty(total);
            this.shards = built;
            return loop(recipe, optimizer, sizes);
        } finally {
            this.shards = null;
            built.unpersist(false);
        }
    }

    @Override
    List<PartitionResult> runStep(ModelRecipe recipe, Plan plan, Weights weights, long step) {
        Broadcast<Weights> b = sc.broadcast(weights);
        try {
            TreeMap<Integer, PartitionResult> byPartition = shards
                    .map(shard -> WorkerStep.run(recipe, b.value(), shard, plan, step))
                    .treeAggregate(new TreeMap<>(), SparkTrainer::add, SparkTrainer::merge, 2);
            return new ArrayList<>(byPartition.values());
        } finally {
            b.destroy();
        }
    }

    private static TreeMap<Integer, PartitionResult> add(TreeMap<Integer, PartitionResult> acc, PartitionResult r) {
        acc.put(r.partition, r);
        return acc;
    }

    private static TreeMap<Integer, PartitionResult> merge(TreeMap<Integer, PartitionResult> a, TreeMap<Integer, PartitionResult> b) {
        a.putAll(b);
        return a;
    }

    private static int numericColumn(Dataset<Row> df, String name) {
        Objects.requireNonNull(name, "SparkTrainer.fit: a column name is null");
        String[] cols = df.columns();
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].equals(name)) {
                if (!(df.schema().fields()[i].dataType() instanceof org.apache.spark.sql.types.NumericType)) {
                    throw new IllegalArgumentException("SparkTrainer.fit: column '" + name + "' is "
                            + df.schema().fields()[i].dataType().simpleString() + ", not numeric");
                }
                return i;
            }
        }
        throw new IllegalArgumentException("SparkTrainer.fit: no column '" + name + "' in " + String.join(", ", cols));
    }

    private static Example toExample(Row row, int[] features, int label, String[] names, String labelName) {
        float[] x = new float[features.length];
        for (int i = 0; i < x.length; i++) {
            Object v = row.get(features[i]);
            if (v == null) {
                throw new IllegalArgumentException("SparkTrainer.fit: null in column '" + names[i] + "' of row " + row);
            }
            x[i] = ((Number) v).floatValue();
        }
        Object y = row.get(label);
        if (y == null) {
            throw new IllegalArgumentException("SparkTrainer.fit: null in column '" + labelName + "' of row " + row);
        }
        return new Example(x, ((Number) y).doubleValue());
    }
}
