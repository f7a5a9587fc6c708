package io.gradtape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradtape.Generator;
import io.gradtape.Variable;
import io.gradtape.data.Datasets;
import io.gradtape.data.Table;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Initializers;
import io.gradtape.nn.Module;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import java.util.List;
import java.util.Map;

/** Shared data and models of the trainer tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A small digits classifier; every variable is created by giving the first layer its input size. */
    static ModelRecipe digitsRecipe() {
        return ModelRecipe.of(() -> mlp(64, 32, 10), () -> new SparseCategoricalCrossentropy(true));
    }

    /** An MLP {@code in-hidden-out} (ReLU), its kernels drawn from a fixed seed: every call builds the same model. */
    static Module mlp(int in, int hidden, int out) {
        Generator g = Generator.fromSeed(1234);
        return new Sequential(
                Dense.builder(hidden).inputSize(in).activation("relu").kernelInitializer(Initializers.glorotUniform(g)).build(),
                Dense.builder(out).inputSize(hidden).kernelInitializer(Initializers.glorotUniform(g)).build());
    }

    static List<Example> digits() {
        Table d = Datasets.digits();
        return Example.listOf(d.features(), d.labels());
    }

    /** Accuracy of {@code model} on examples. */
    static double accuracy(Module model, List<Example> examples) {
        return Evaluation.accuracy(model, examples);
    }

    static int[] bits(float[] f) {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    /** Asserts that two models have bit-identical variables. */
    static void assertSameBits(Module expected, Module actual) {
        Map<String, Variable> a = expected.namedVariables();
        Map<String, Variable> b = actual.namedVariables();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(bits(a.get(k).toFloatArray()), bits(b.get(k).toFloatArray()), k);
        }
    }
}
