package io.gradtape.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark in local mode (two threads, a task may fail up to four times), loopback only. */
class SparkTrainerTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,4]").appName("gradtape-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void digitsTrainedOnSparkEqualTheLocalRunBitForBit() {
        List<Example> data = Fixtures.digits();
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (i % 6 == 0 ? test : train).add(data.get(i));   // a fixed 1/6 held out
        }
        for (int partitions : new int[] {2, 4}) {
            TrainConfig config = TrainConfig.builder().partitions(partitions).globalBatchSize(64).epochs(10).seed(11).build();
            History local = new LocalTrainer(config).fit(Fixtures.digitsRecipe(), new Adam(0.005), train);
            History onSpark = new SparkTrainer(spark, config).fit(Fixtures.digitsRecipe(), new Adam(0.005), train);
            Fixtures.assertSameBits(local.model(), onSpark.model());
            assertEquals(local.losses(), onSpark.losses());
            double acc = Fixtures.accuracy(onSpark.model(), test);
            assertEquals(Fixtures.accuracy(local.model(), test), acc);
            assertTrue(acc > 0.9, partitions + " partitions: test accuracy " + acc);
        }
    }

    @Test
    void dropoutOnSparkDrawsTheMasksOfTheLocalRun() {
        // each step's and partition's masks come from the recipe's seed, the step and the partition (WorkerStep),
        // never from which executor thread ran the task
        List<Example> data = Fixtures.digits().subList(0, 256);
        ModelRecipe recipe = ModelRecipe.of(() -> new io.gradtape.nn.Sequential(Fixtures.mlp(64, 32, 10),
                new io.gradtape.nn.Dropout(0.3, io.gradtape.Generator.fromSeed(21))),
                () -> new SparseCategoricalCrossentropy(true));
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(64).epochs(2).seed(4).build();
        History local = new LocalTrainer(config).fit(recipe, new Adam(0.01), data);
        History onSpark = new SparkTrainer(spark, config).fit(recipe, new Adam(0.01), data);
        Fixtures.assertSameBits(local.model(), onSpark.model());
        assertEquals(local.losses(), onSpark.losses());
    }

    @Test
    void theSubmittedProgramTrainsDigits() {
        double acc = TrainDigitsOnSpark.train(spark, 2, 12, null);
        assertTrue(acc > 0.93, "held-out accuracy " + acc);
    }

    /** Counts the failures the flaky recipe injected (tasks run in this JVM in local mode). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void aFailedTaskIsRetriedAndTheResultIsUnchanged() {
        List<Example> data = Fixtures.digits().subList(0, 512);
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(64).epochs(2).seed(5).build();
        History clean = new SparkTrainer(spark, config).fit(Fixtures.digitsRecipe(), new SGD(0.2), data);

        INJECTED.set(0);
        ModelRecipe flaky = ModelRecipe.of(() -> {
            TaskContext task = TaskContext.get();
            // partition 1 fails on the first attempt of every third step's task
            if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0 && task.stageId() % 3 == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure, stage " + task.stageId());
            }
            return Fixtures.mlp(64, 32, 10);
        }, () -> new SparseCategoricalCrossentropy(true));
        History retried = new SparkTrainer(spark, config).fit(flaky, new SGD(0.2), data);
        assertTrue(INJECTED.get() >= 2, "failures injected: " + INJECTED.get());
        Fixtures.assertSameBits(clean.model(), retried.model());
        assertEquals(clean.losses(), retried.losses());
    }

    @Test
    void aResumedSparkRunEqualsAnUninterruptedOne(@TempDir Path dir) {
        List<Example> data = Fixtures.digits().subList(0, 640);
        String ck = dir.resolve("ck.npz").toUri().toString();   // a Hadoop path: file:///...
        TrainConfig.Builder b = TrainConfig.builder().partitions(2).globalBatchSize(64).seed(9);
        History straight = new SparkTrainer(spark, b.epochs(2).build()).fit(Fixtures.digitsRecipe(), new Adam(0.01), data);
        new SparkTrainer(spark, b.epochs(1).checkpoint(4, ck).build()).fit(Fixtures.digitsRecipe(), new Adam(0.01), data);
        assertTrue(Files.exists(dir.resolve("ck.npz")));
        History resumed = new SparkTrainer(spark, b.epochs(2).checkpoint(4, ck).build())
                .fit(Fixtures.digitsRecipe(), new Adam(0.01), data);
        assertEquals(20 - 8, resumed.losses().size());   // 10 steps an epoch; the checkpoint holds step 8
        Fixtures.assertSameBits(straight.model(), resumed.model());
    }

    @Test
    void aDataFrameWithNumericColumnsTrainsLikeTheSameExamples() {
        io.gradtape.data.Table iris = io.gradtape.data.Datasets.iris();
        List<Example> examples = Example.listOf(iris.features(), iris.labels());
        List<Row> rows = new ArrayList<>();
        for (Example e : examples) {
            float[] f = e.features();
            rows.add(RowFactory.create((double) f[0], (double) f[1], (double) f[2], (double) f[3], (int) e.label()));
        }
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("sepal_length", DataTypes.DoubleType, false),
            DataTypes.createStructField("sepal_width", DataTypes.DoubleType, false),
            DataTypes.createStructField("petal_length", DataTypes.DoubleType, false),
            DataTypes.createStructField("petal_width", DataTypes.DoubleType, false),
            DataTypes.createStructField("species", DataTypes.IntegerType, false)});
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        ModelRecipe recipe = ModelRecipe.of(() -> Fixtures.mlp(4, 8, 3),
                () -> new SparseCategoricalCrossentropy(true));
        TrainConfig config = TrainConfig.builder().partitions(2).globalBatchSize(16).epochs(30).seed(2).build();
        History fromDf = new SparkTrainer(spark, config).fit(recipe, new Adam(0.02), df, "species",
                "sepal_length", "sepal_width", "petal_length", "petal_width");
        History fromList = new LocalTrainer(config).fit(recipe, new Adam(0.02), examples);
        Fixtures.assertSameBits(fromList.model(), fromDf.model());
        assertTrue(Fixtures.accuracy(fromDf.model(), examples) > 0.9);

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
                new SparkTrainer(spark, config).fit(recipe, new Adam(0.02), df, "species", "sepal_length", "petal"));
        assertTrue(missing.getMessage().contains("no column 'petal'"), missing.getMessage());
    }
}
