package io.gradtape.examples;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Initializers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Transformer example: it learns its task with the fixed seed, repeats itself exactly, and ignores padding. */
class TransformerClassifierTest {
    @Test
    void learnsWhichMarkerComesFirstAndPrintsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TransformerClassifier.Result r = TransformerClassifier.train(TransformerClassifier.SEED,
                TransformerClassifier.TRAIN_SIZE, TransformerClassifier.TEST_SIZE,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy() + "\n" + log);
        int epochs = TransformerClassifier.EPOCHS;
        assertEquals(epochs, r.trainLoss().size());
        assertTrue(r.trainLoss().get(epochs - 1) < r.trainLoss().get(0) / 5, "training loss did not fall: " + log);
        assertEquals(epochs, log.lines().count(), log);
        assertTrue(log.lines().allMatch(l -> l.matches("epoch \\d+/\\d+ - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}"
                + " - val_accuracy: \\d\\.\\d{4}")), log);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TransformerClassifier.Result a = TransformerClassifier.train(3, 128, 64, quiet);
        TransformerClassifier.Result b = TransformerClassifier.train(3, 128, 64, quiet);
        assertEquals(a, b);
    }

    @Test
    void dataHaveOneOfEachMarkerAndBothLabels() {
        Tensor[] d = TransformerClassifier.data(200, 1);
        int[] ids = d[0].toIntArray();
        int[] labels = d[1].toIntArray();
        int ones = 0;
        for (int i = 0; i < 200; i++) {
            int first = -1;
            int second = -1;
            for (int t = 0; t < TransformerClassifier.MAX_LEN; t++) {
                int id = ids[i * TransformerClassifier.MAX_LEN + t];
                first = id == 1 ? t : first;
                second = id == 2 ? t : second;
            }
            assertTrue(first >= 0 && second >= 0, "sequence " + i);
            assertEquals(first < second ? 1 : 0, labels[i], "sequence " + i);
            ones += labels[i];
        }
        assertTrue(ones > 60 && ones < 140, "labels 1: " + ones + " of 200");
    }

    @Test
    void paddingIsMaskedThroughout() {
        // the padding id's embedding (row 0) reaches neither the attention (padded keys get no weight) nor the pooling
        // (the mean is over the real steps), so changing it changes no logit
        Initializers.setDefaultSeed(5);
        TransformerClassifier.Classifier model = new TransformerClassifier.Classifier(Generator.fromSeed(5));
        Tensor ids = TransformerClassifier.data(16, 9)[0];
        double[] before = model.call(ids).toDoubleArray();
        Variable table = model.namedVariables().get("embedding/embeddings");
        float[] rows = table.toFloatArray();
        for (int j = 0; j < TransformerClassifier.EMBED; j++) {
            rows[j] = 100 + j;
        }
        table.assign(Tensors.constant(rows, TransformerClassifier.VOCAB, TransformerClassifier.EMBED));
        assertArrayEquals(before, model.call(ids).toDoubleArray(), 0);
        assertEquals(DType.FLOAT32, model.call(ids).dtype());
    }
}
