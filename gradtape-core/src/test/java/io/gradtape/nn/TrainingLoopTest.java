package io.gradtape.nn;

import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.data.Datasets;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces together, as TensorFlow's guide "Writing a training loop from scratch" uses them: layers, a loss,
 * a tape, an optimizer and metrics train real classifiers on the digits, and a seed fixes the result.
 */
class TrainingLoopTest {

    /** Trains {@code model} for {@code epochs} on a seeded 80/20 split of the digits; returns the test accuracy. */
    private static double train(Module model, Optimizer opt, int epochs, boolean images) {
        Dataset.Split split = Datasets.digits().dataset().trainTestSplit(0.2, 7);
        Loss lossFn = new SparseCategoricalCrossentropy(true);
        Mean trainLoss = new Mean();
        for (int epoch = 0; epoch < epochs; epoch++) {
            trainLoss.resetState();
            for (Batch b : split.train().shuffle(epoch).batch(32)) {
                Tensor x = images ? Tensors.reshape(b.x(), -1, 8, 8, 1) : b.x();
                GradientTape tape = new GradientTape();
                Tensor loss;
                try (tape) {
                    loss = lossFn.call(b.y(), model.call(x, true));
                }
                List<Tensor> grads = tape.gradient(loss, model.trainableVariables());
                opt.applyGradients(grads, model.trainableVariables());
                trainLoss.updateState(loss);
            }
        }
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        for (Batch b : split.test().batch(128)) {
            Tensor x = images ? Tensors.reshape(b.x(), -1, 8, 8, 1) : b.x();
            acc.updateState(b.y(), model.call(x));
        }
        assertTrue(trainLoss.doubleResult() < 1.0, "final training loss " + trainLoss.doubleResult());
        return acc.doubleResult();
    }

    @Test
    void anMlpWithDropoutLearnsTheDigits() {
        Generator g = Generator.fromSeed(1);
        Sequential model = new Sequential(
                Dense.builder(64).inputSize(64).activation("relu").kernelInitializer(Initializers.heNormal(g)).build(),
                new Dropout(0.1, g.split(1).get(0)),
                Dense.builder(10).inputSize(64).kernelInitializer(Initializers.glorotUniform(g)).build());
        double accuracy = train(model, new Adam(0.005), 10, false);
        assertTrue(accuracy > 0.93, "test accuracy " + accuracy);
    }

    @Test
    void aSmallCnnWithBatchNormalizationLearnsTheDigits() {
        Generator g = Generator.fromSeed(2);
        Sequential model = new Sequential(
                Conv2D.builder(8, 3).padding("same").inputChannels(1).kernelInitializer(Initializers.heUniform(g)).build(),
                new BatchNormalization(8),
                new Dense(8, 8, "relu"),
                new MaxPool2D(2),
                new Flatten(),
                Dense.builder(10).inputSize(4 * 4 * 8).kernelInitializer(Initializers.glorotUniform(g)).build());
        double accuracy = train(model, new SGD(0.05, 0.9, true), 6, true);
        assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
    }

    @Test
    void aSeedFixesEveryWeight() {
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            Generator g = Generator.fromSeed(3);
            Sequential model = new Sequential(
                    Dense.builder(16).inputSize(64).activation("relu").kernelInitializer(Initializers.glorotUniform(g)).build(),
                    new Dropout(0.2, Generator.fromSeed(4)),
                    Dense.builder(10).inputSize(16).kernelInitializer(Initializers.glorotUniform(g)).build());
            train(model, new Adam(0.01), 3, false);
            runs[r] = model.trainableVariables().get(0).toFloatArray();
        }
        assertArrayEquals(runs[0], runs[1]);
    }
}
