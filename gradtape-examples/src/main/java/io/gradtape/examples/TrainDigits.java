package io.gradtape.examples;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.checkpoint.Checkpoint;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.data.Datasets;
import io.gradtape.nn.Conv2D;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Dropout;
import io.gradtape.nn.Flatten;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Loss;
import io.gradtape.nn.MaxPool2D;
import io.gradtape.nn.Mean;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalAccuracy;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a classifier of handwritten digits (8x8 images, 1797 of them) with a custom training loop, as
 * TensorFlow's guide "Writing a training loop from scratch" does: a tape records the forward pass, the tape's
 * gradient feeds Adam, metrics accumulate per batch, and the validation set is scored after each epoch. A
 * progress bar shows each epoch; at the end the model and optimizer are checkpointed ({@code digits.npz}, NumPy's
 * format) and the training and validation loss per epoch are plotted beside it ({@code digits-loss.png}).
 *
 * <p>Run: {@code mvn -q -pl gradtape-examples -am compile exec:java -Dexec.mainClass=io.gradtape.examples.TrainDigits}
 * (output in {@code target/train-digits/}; pass a directory as an argument to write elsewhere, and
 * {@code -Dexec.args=--cnn} for the convolutional network).
 *
 * <p>The model is an MLP 64 -> 256 (ReLU, dropout 0.5) -> 10 on pixels scaled to [0, 1], trained by Adam
 * (learning rate 0.002) in batches of 32 for 25 epochs on 80% of the images; the other 20% (360 images) are the
 * test set. With {@code --cnn} a small convolutional network ({@link #smallCnn}) replaces the MLP, in the same
 * loop. Seed 40 fixes the split, the shuffles, the initial weights and the dropout masks; over the seeds 40
 * to 49 the test accuracy was 96.9% to 98.9% (mean 97.9%), seed 40 gives 98.3%.
 */
public final class TrainDigits {
    /** What a run produced. */
    public record Result(double testAccuracy, List<Double> trainLoss, List<Double> valLoss, Path checkpoint,
                         Path plot, double seconds) {
    }

    static final int EPOCHS = 25;
    static final int BATCH_SIZE = 32;
    static final double LEARNING_RATE = 2e-3;
    static final long SEED = 40;

    private TrainDigits() {
    }

    /**
     * Trains, prints the progress and the result, writes the checkpoint and the plot.
     *
     * @param args an optional output directory (default {@code target/train-digits}), and {@code --cnn} for the
     *     small convolutional network instead of the MLP
     * @throws IOException if the checkpoint or the plot cannot be written
     */
    public static void main(String[] args) throws IOException {
        boolean cnn = List.of(args).contains("--cnn");
        List<String> rest = new ArrayList<>(List.of(args));
        rest.remove("--cnn");
        Path dir = Path.of(!rest.isEmpty() ? rest.get(0) : "target/train-digits");
        Result r = train(dir, SEED, cnn, System.out);
        System.out.printf(Locale.ROOT, "test accuracy %.4f, trained in %.2f s%ncheckpoint %s%nloss plot  %s%n",
                r.testAccuracy(), r.seconds(), r.checkpoint(), r.plot());
    }

    /**
     * One run with the given seed (data split, shuffling and initial weights), writing into {@code dir}.
     *
     * @param dir the output directory (created if missing)
     * @param seed the seed
     * @param cnn the small convolutional network ({@link #smallCnn}) instead of the MLP
     * @param out where the progress goes
     * @return the accuracy on the test set, the losses per epoch, the files written and the training time
     * @throws IOException if the checkpoint or the plot cannot be written
     */
    public static Result train(Path dir, long seed, boolean cnn, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        Initializers.setDefaultSeed(seed);
        long start = System.nanoTime();
        List<Double> trainLosses = new ArrayList<>();
        List<Double> testLosses = new ArrayList<>();
        boolean interactive = out == System.out && System.console() != null;

        // tag::loop[]
        Dataset.Split data = Datasets.digits().dataset().trainTestSplit(0.2, seed);
        Dataset train = data.train().shuffle(seed).batch(BATCH_SIZE);
        Batch test = data.test().toBatch();

        Generator generator = Generator.fromSeed(seed);
        Module model = cnn ? smallCnn(generator)
                : new Sequential(new Dense(64, 256, "relu"), new Dropout(0.5, generator), new Dense(256, 10, null));
        Optimizer optimizer = new Adam(LEARNING_RATE);
        Loss lossFn = new SparseCategoricalCrossentropy(true);   // from logits
        Mean trainLoss = new Mean();
        SparseCategoricalAccuracy trainAcc = new SparseCategoricalAccuracy();
        SparseCategoricalAccuracy testAcc = new SparseCategoricalAccuracy();

        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            ProgressBar bar = new ProgressBar("Epoch " + epoch + "/" + EPOCHS, train.size(), out, interactive);
            int step = 0;
            for (Batch batch : train) {
                GradientTape tape = new GradientTape();
                Tensor logits;
                Tensor loss;
                try (tape) {
                    logits = model.call(batch.x(), true);   // training: dropout on
                    loss = lossFn.call(batch.y(), logits);
                }
                List<Tensor> grads = tape.gradient(loss, model.trainableVariables());
                optimizer.applyGradients(grads, model.trainableVariables());

                trainLoss.updateState(loss);
                trainAcc.updateState(batch.y(), logits);
                bar.step(++step, metrics(trainLoss, trainAcc));
            }
            Tensor testLogits = model.call(test.x(), false);
            double testLoss = lossFn.call(test.y(), testLogits).doubleValue();
            testAcc.resetState();
            testAcc.updateState(test.y(), testLogits);
            bar.finish(metrics(trainLoss, trainAcc) + String.format(Locale.ROOT,
                    " - val_loss: %.4f - val_accuracy: %.4f", testLoss, testAcc.doubleResult()));

            trainLosses.add(trainLoss.doubleResult());
            testLosses.add(testLoss);
            trainLoss.resetState();
            trainAcc.resetState();
        }
        Path checkpoint = dir.resolve("digits.npz");
        new Checkpoint().module(model).optimizer(optimizer).generator("generator", generator).save(checkpoint);
        // end::loop[]
        double seconds = (System.nanoTime() - start) / 1e9;

        Path plot = dir.resolve("digits-loss.png");
        LossPlot.write(plot, "TrainDigits: " + (cnn ? "CNN conv 3x3x16, pool 2, dense 64" : "MLP 64-256-10, dropout 0.5")
                + ", Adam, batch " + BATCH_SIZE, trainLosses, testLosses);
        return new Result(testAcc.doubleResult(), trainLosses, testLosses, checkpoint, plot, seconds);
    }

    /**
     * The optional convolutional network: the 64 pixels as an 8x8 image, a 3x3 convolution to 16 channels (ReLU),
     * 2x2 max pooling, dropout 0.3, Dense 144 -> 64 (ReLU) -> 10. Built for 64-pixel inputs, so that its
     * variables exist before the checkpoint.
     *
     * @param generator the source of the dropout masks
     * @return the model
     */
    static Module smallCnn(Generator generator) {
        Module model = new Sequential(new AsImage(), new Conv2D(16, 3, "relu"), new MaxPool2D(2), new Flatten(),
                new Dropout(0.3, generator), new Dense(64, "relu"), new Dense(10));
        model.build(DType.FLOAT32, 64);
        return model;
    }

    /** Rows of 64 pixels as 8x8 single-channel images, NHWC. */
    private static final class AsImage extends Module {
        AsImage() {
            super("as_image");
        }

        @Override
        public Tensor call(Tensor x) {
            return x.reshape(x.shape().dim(0), 8, 8, 1);
        }
    }

    private static String metrics(Mean loss, SparseCategoricalAccuracy acc) {
        return String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f", loss.doubleResult(), acc.doubleResult());
    }
}
