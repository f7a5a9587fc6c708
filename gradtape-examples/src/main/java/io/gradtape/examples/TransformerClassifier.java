package io.gradtape.examples;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Dropout;
import io.gradtape.nn.Embedding;
import io.gradtape.nn.GlobalAveragePooling1D;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.LayerNormalization;
import io.gradtape.nn.Loss;
import io.gradtape.nn.Mean;
import io.gradtape.nn.Module;
import io.gradtape.nn.MultiHeadAttention;
import io.gradtape.nn.SparseCategoricalAccuracy;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small Transformer encoder that classifies token sequences, trained with a custom {@link GradientTape} loop and
 * Adam: Keras's example "Text classification with Transformer" (keras.io/examples/nlp/text_classification_with_transformer)
 * on synthetic data, with padding masked throughout.
 *
 * <p><b>Task.</b> Each sequence has 4 to {@value #MAX_LEN} tokens, padded with 0 to {@value #MAX_LEN}: noise tokens
 * 3 to {@value #VOCAB}{@code - 1}, and one token 1 and one token 2 at random places. The label is 1 when the 1 comes
 * before the 2, else 0. No bag of tokens can tell (each sequence holds one of each); the model must compare
 * positions, which is what the position embedding and the attention give it.
 *
 * <p><b>Model</b> ({@link Classifier}): token {@link Embedding} with {@code maskZero} plus a learned position
 * embedding; one encoder block, {@link MultiHeadAttention} over the masked sequence ({@code callMasked}: padded keys
 * get no weight), a residual connection and {@link LayerNormalization}, a feed-forward network (Dense ReLU, Dense)
 * with its own residual and normalization; {@link GlobalAveragePooling1D} over the real steps only; dropout; a Dense
 * layer to the two logits. Seed {@value #SEED} fixes the data, the initial weights, the shuffles and the dropout
 * masks, so a run prints the same numbers every time.
 *
 * <p>Run: {@code mvn -q -pl gradtape-examples -am compile exec:java -Dexec.mainClass=io.gradtape.examples.TransformerClassifier}
 */
public final class TransformerClassifier {
    /** What a run produced: the loss and accuracy per epoch, and the test accuracy. */
    public record Result(List<Double> trainLoss, List<Double> trainAccuracy, double testAccuracy) {
    }

    static final int VOCAB = 20;
    static final int MAX_LEN = 12;
    static final int EMBED = 16;
    static final int HEADS = 2;
    static final int FEED_FORWARD = 32;
    static final int EPOCHS = 8;
    static final int BATCH_SIZE = 32;
    static final double LEARNING_RATE = 3e-3;
    static final long SEED = 7;

    private TransformerClassifier() {
    }

    static final int TRAIN_SIZE = 2000;
    static final int TEST_SIZE = 500;

    /**
     * Trains and prints the loss and accuracy per epoch, then the test accuracy.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Result r = train(SEED, TRAIN_SIZE, TEST_SIZE, System.out);
        System.out.printf(Locale.ROOT, "test accuracy %.4f%n", r.testAccuracy());
    }

    /**
     * {@code n} sequences and their labels: ids {@code (n, MAX_LEN)} int32, 0 for padding, and labels {@code (n,)}
     * int32 (see the class comment).
     *
     * @param n    how many
     * @param seed the seed
     * @return {@code {ids, labels}}
     */
    static Tensor[] data(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[n * MAX_LEN];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int len = 4 + random.nextInt(MAX_LEN - 3);
            for (int t = 0; t < len; t++) {
                ids[i * MAX_LEN + t] = 3 + random.nextInt(VOCAB - 3);
            }
            int one = random.nextInt(len);
            int two = random.nextInt(len - 1);
            two = two >= one ? two + 1 : two;
            ids[i * MAX_LEN + one] = 1;
            ids[i * MAX_LEN + two] = 2;
            labels[i] = one < two ? 1 : 0;
        }
        return new Tensor[] {Tensors.constant(ids, n, MAX_LEN), Tensors.constant(labels, n)};
    }

    /**
     * The encoder classifier: embeddings, one Transformer block, masked average pooling, dropout, logits.
     */
    static final class Classifier extends Module {
        private final Embedding tokens = addModule(Embedding.builder(VOCAB, EMBED).maskZero(true).build());
        private final Embedding positions = addModule(Embedding.builder(MAX_LEN, EMBED).name("position_embedding").build());
        private final MultiHeadAttention attention;
        private final LayerNormalization norm1 = addModule(new LayerNormalization(EMBED));
        private final Dense feedForward1 = addModule(new Dense(EMBED, FEED_FORWARD, "relu"));
        private final Dense feedForward2 = addModule(new Dense(FEED_FORWARD, EMBED, null));
        private final LayerNormalization norm2 = addModule(new LayerNormalization(EMBED));
        private final GlobalAveragePooling1D pool = addModule(new GlobalAveragePooling1D());
        private final Dropout dropout;
        private final Dense logits = addModule(new Dense(EMBED, 2, null));

        Classifier(Generator generator) {
            attention = addModule(MultiHeadAttention.builder(HEADS, EMBED / HEADS).inputSize(EMBED).build());
            dropout = addModule(new Dropout(0.1, generator));
        }

        /** Logits {@code (batch, 2)} for ids {@code (batch, MAX_LEN)}. */
        @Override
        public Tensor call(Tensor ids) {
            Tensor mask = tokens.computeMask(ids, null);                      // (batch, MAX_LEN), false at padding
            // (batch, T, EMBED) plus the embeddings of positions 0..T-1, (T, EMBED), broadcast over the batch
            Tensor x = tokens.call(ids).add(positions.call(Tensors.range(ids.shape().dim(1))));
            Tensor attended = attention.callMasked(x, mask);                  // padded keys get no weight
            x = norm1.call(x.add(attended));
            x = norm2.call(x.add(feedForward2.call(feedForward1.call(x))));
            return logits.call(dropout.call(pool.callMasked(x, mask)));      // the mean over the real steps
        }
    }

    /**
     * One run: {@code trainSize} training and {@code testSize} test sequences, {@value #EPOCHS} epochs of Adam.
     *
     * @param seed      the seed of the data, weights, shuffles and dropout
     * @param trainSize training sequences
     * @param testSize  test sequences
     * @param out       where the per-epoch lines go
     * @return the losses and accuracies
     */
    static Result train(long seed, int trainSize, int testSize, PrintStream out) {
        Initializers.setDefaultSeed(seed);
        Tensor[] trainData = data(trainSize, seed);
        Tensor[] testData = data(testSize, seed + 1);
        Dataset train = Dataset.fromTensorSlices(trainData).shuffle(seed).batch(BATCH_SIZE);

        Module model = new Classifier(Generator.fromSeed(seed));
        Optimizer optimizer = new Adam(LEARNING_RATE);
        Loss lossFn = new SparseCategoricalCrossentropy(true);   // from logits
        Mean trainLoss = new Mean();
        SparseCategoricalAccuracy trainAcc = new SparseCategoricalAccuracy();
        SparseCategoricalAccuracy testAcc = new SparseCategoricalAccuracy();
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();

        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
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
            }
            testAcc.resetState();
            testAcc.updateState(testData[1], model.call(testData[0], false));
            out.printf(Locale.ROOT, "epoch %d/%d - loss: %.4f - accuracy: %.4f - val_accuracy: %.4f%n", epoch, EPOCHS,
                    trainLoss.doubleResult(), trainAcc.doubleResult(), testAcc.doubleResult());
            losses.add(trainLoss.doubleResult());
            accuracies.add(trainAcc.doubleResult());
            trainLoss.resetState();
            trainAcc.resetState();
        }
        return new Result(losses, accuracies, testAcc.doubleResult());
    }
}
