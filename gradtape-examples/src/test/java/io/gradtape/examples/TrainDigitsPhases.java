package io.gradtape.examples;

import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.data.Datasets;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Dropout;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Loss;
import io.gradtape.nn.Mean;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalAccuracy;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Measurement, not a test: {@link TrainDigits}' MLP loop (same data, seed, model, Adam, batches and per-epoch
 * scoring) with the wall time of each phase of a step summed per epoch, in microseconds: the next batch, the first
 * dense layer, dropout (its Bernoulli mask), the second dense layer, the loss, the tape's gradient, Adam's update,
 * the metrics, the progress bar's line (formatted every step, as TrainDigits does) and, once per epoch, the test
 * set's scoring. Prints one line per epoch, then the median of each phase over the last half of the epochs.
 * Run (after {@code mvn -q -pl gradtape-examples -am test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp gradtape-core/target/classes:gradtape-examples/target/classes:gradtape-examples/target/test-classes io.gradtape.examples.TrainDigitsPhases 300}
 * (the argument: epochs, default TrainDigits' 25).
 */
public final class TrainDigitsPhases {
    private static final String[] PHASES = {"batch", "dense1", "dropout", "dense2", "loss", "gradient", "adam",
        "metrics", "bar", "test", "epoch"};

    private TrainDigitsPhases() {
    }

    /** @param args the number of epochs (default 25) */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : TrainDigits.EPOCHS;
        long start = System.nanoTime();
        Initializers.setDefaultSeed(TrainDigits.SEED);
        Dataset.Split data = Datasets.digits().dataset().trainTestSplit(0.2, TrainDigits.SEED);
        Dataset train = data.train().shuffle(TrainDigits.SEED).batch(TrainDigits.BATCH_SIZE);
        Batch test = data.test().toBatch();
        Generator generator = Generator.fromSeed(TrainDigits.SEED);
        Dense dense1 = new Dense(64, 256, "relu");
        Dropout dropout = new Dropout(0.5, generator);
        Dense dense2 = new Dense(256, 10, null);
        Sequential model = new Sequential(dense1, dropout, dense2);
        Optimizer optimizer = new Adam(TrainDigits.LEARNING_RATE);
        Loss lossFn = new SparseCategoricalCrossentropy(true);
        Mean trainLoss = new Mean();
        SparseCategoricalAccuracy trainAcc = new SparseCategoricalAccuracy();
        SparseCategoricalAccuracy testAcc = new SparseCategoricalAccuracy();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        List<long[]> rows = new ArrayList<>();
        System.out.println("epoch " + String.join(" ", PHASES) + " (us per epoch of " + train.size() + " steps)");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long[] t = new long[PHASES.length];
            long e0 = System.nanoTime();
            ProgressBar bar = new ProgressBar("Epoch " + epoch, train.size(), nowhere, false);
            int step = 0;
            Iterator<Batch> it = train.iterator();
            long c0 = System.nanoTime();
            while (it.hasNext()) {
                Batch batch = it.next();
                long c1 = System.nanoTime();
                GradientTape tape = new GradientTape();
                Tensor logits;
                Tensor loss;
                long c2;
                long c3;
                long c4;
                model.setTraining(true);
                try (tape) {
                    Tensor h = dense1.call(batch.x());
                    c2 = System.nanoTime();
                    h = dropout.call(h);
                    c3 = System.nanoTime();
                    logits = dense2.call(h);
                    c4 = System.nanoTime();
                    loss = lossFn.call(batch.y(), logits);
                } finally {
                    model.setTraining(false);
                }
                long c5 = System.nanoTime();
                List<Tensor> grads = tape.gradient(loss, model.trainableVariables());
                long c6 = System.nanoTime();
                optimizer.applyGradients(grads, model.trainableVariables());
                long c7 = System.nanoTime();
                trainLoss.updateState(loss);
                trainAcc.updateState(batch.y(), logits);
                long c8 = System.nanoTime();
                bar.step(++step, String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f", trainLoss.doubleResult(),
                        trainAcc.doubleResult()));
                long c9 = System.nanoTime();
                long[] at = {c0, c1, c2, c3, c4, c5, c6, c7, c8, c9};
                for (int k = 0; k < 9; k++) {
                    t[k] += at[k + 1] - at[k];
                }
                c0 = System.nanoTime();
            }
            long s0 = System.nanoTime();
            Tensor testLogits = model.call(test.x(), false);
            double testLoss = lossFn.call(test.y(), testLogits).doubleValue();
            testAcc.resetState();
            testAcc.updateState(test.y(), testLogits);
            bar.finish(String.format(Locale.ROOT, "val_loss: %.4f", testLoss));
            trainLoss.resetState();
            trainAcc.resetState();
            long s1 = System.nanoTime();
            t[9] = s1 - s0;
            t[10] = s1 - e0;
            StringBuilder line = new StringBuilder().append(epoch);
            for (int k = 0; k < t.length; k++) {
                t[k] /= 1000;
                line.append(' ').append(t[k]);
            }
            System.out.println(line);
            rows.add(t);
        }
        StringBuilder median = new StringBuilder("median of epochs " + (epochs / 2 + 1) + "-" + epochs + " (us):");
        for (int k = 0; k < PHASES.length; k++) {
            int phase = k;
            long[] col = rows.subList(epochs / 2, epochs).stream().mapToLong(r -> r[phase]).sorted().toArray();
            median.append(' ').append(PHASES[k]).append('=').append(col.length == 0 ? 0 : col[col.length / 2]);
        }
        System.out.println(median);
        System.out.printf(Locale.ROOT, "total %.2f s (data set to last epoch), test accuracy %.4f%n",
                (System.nanoTime() - start) / 1e9, testAcc.doubleResult());
    }
}
