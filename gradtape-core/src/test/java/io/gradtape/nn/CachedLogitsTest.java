package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keras's cached logits ({@code CachedLogits}): the cross-entropy losses compute from the logits of a sigmoid or
 * softmax activation's output, as keras/src/backend/tensorflow/nn.py's {@code _get_logits} does.
 */
@ExtendWith(LogCapture.class)
class CachedLogitsTest {
    /** A Dense(1, activation) with kernel {@code w}, no bias, fed x = 1: its output is activation(w). */
    private static Dense unit(String activation, float w) {
        return Dense.builder(1).inputSize(1).activation(activation).useBias(false)
                .kernelInitializer((shape, dtype) -> Tensors.constant(new float[] {w}, 1, 1)).build();
    }

    @Test
    void aSaturatedSigmoidUnitKeepsItsLossAndGradientAsKeras() {
        Dense d = unit("sigmoid", 20f);
        Tensor x = Tensors.ones(DType.FLOAT32, 1, 1);
        Tensor y = Tensors.zeros(DType.FLOAT32, 1, 1);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = new BinaryCrossentropy().call(y, d.call(x));
        }
        Tensor g = tape.gradient(loss, d.kernel());
        // from the logit z = 20: loss softplus(20) = 20 + log1p(e^-20), gradient sigmoid(20) - y = 1 - e^-20 (x = 1)
        assertEquals(20 + Math.log1p(Math.exp(-20)), loss.doubleValue(), 1e-5);
        assertEquals(1 - Math.exp(-20), g.doubleValue(), 1e-6);

        // the same value through NN::sigmoid, tf.nn's op, is taken as a probability: clipped to 1 - 1e-7 in float32,
        // so the loss is -log(1 - (1 - 1e-7)) ~ 15.94 and the clip cuts the gradient to 0
        Dense raw = Dense.builder(1).inputSize(1).activation(NN::sigmoid).useBias(false)
                .kernelInitializer((shape, dtype) -> Tensors.constant(new float[] {20f}, 1, 1)).build();
        GradientTape t2 = new GradientTape();
        Tensor clipped;
        try (t2) {
            clipped = new BinaryCrossentropy().call(y, raw.call(x));
        }
        assertEquals(-Math.log(1 - (double) (1f - 1e-7f)), clipped.doubleValue(), 1e-3);
        assertEquals(0.0, t2.gradient(clipped, raw.kernel()).doubleValue());
    }

    @Test
    void aSaturatedSoftmaxGivesBothCategoricalLossesTheirLogits() {
        Tensor logits = Tensors.constant(new float[] {0, 120}, 1, 2);
        for (boolean sparse : new boolean[] {false, true}) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                tape.watch(logits);
                Tensor p = Activations.get("softmax").apply(logits);
                loss = sparse ? new SparseCategoricalCrossentropy().call(Tensors.constant(new int[] {0}, 1), p)
                        : new CategoricalCrossentropy().call(Tensors.constant(new float[] {1, 0}, 1, 2), p);
            }
            // -log softmax(z)[0] = logsumexp(0, 120) - 0 = 120 + log1p(e^-120); gradient softmax(z) - onehot = [-1, 1]
            assertEquals(120.0, loss.doubleValue(), 1e-4, sparse ? "sparse" : "dense");
            float[] g = tape.gradient(loss, logits).toFloatArray();
            assertEquals(-1f, g[0], 1e-6f);
            assertEquals(1f, g[1], 1e-6f);
        }
    }

    @Test
    void ordinaryValuesAgreeWithTheProbabilityFormulaAndOtherOutputsAreProbabilities() {
        Tensor z = Tensors.constant(new float[] {-1.5f, 0.25f, 2f}, 3, 1);
        Tensor y = Tensors.constant(new float[] {0, 1, 1}, 3, 1);
        Tensor p = Activations.get("sigmoid").apply(z);
        double fromCache = new BinaryCrossentropy().call(y, p).doubleValue();
        double fromCopy = new BinaryCrossentropy().call(y, Tensors.identity(p)).doubleValue();   // not the output
        double fromLogits = new BinaryCrossentropy(true).call(y, z).doubleValue();
        assertEquals(fromLogits, fromCache, 0.0, "the cached path is the logits path");
        assertEquals(fromLogits, fromCopy, 1e-6, "away from 0 and 1 the probabilities agree to rounding");
        // a softmax's output given to the binary loss is taken as probabilities, not as sigmoid logits
        Tensor s = Activations.get("softmax").apply(Tensors.constant(new float[] {0, 1}, 1, 2));
        Tensor t = Tensors.constant(new float[] {0, 1}, 1, 2);
        assertEquals(new BinaryCrossentropy().call(t, Tensors.identity(s)).doubleValue(),
                new BinaryCrossentropy().call(t, s).doubleValue(), 0.0);
    }

    @Test
    void fromLogitsTrueOnAnActivationOutputUsesItsLogitsAsKeras() {
        Tensor z = Tensors.constant(new float[] {3f, -2f}, 2, 1);
        Tensor y = Tensors.constant(new float[] {0, 1}, 2, 1);
        Tensor p = Activations.get("sigmoid").apply(z);
        // the warning Keras gives here is logged once per JVM (LogCapture keeps it out of the build's output)
        assertEquals(new BinaryCrossentropy(true).call(y, z).doubleValue(),
                new BinaryCrossentropy(true).call(y, p).doubleValue(), 0.0);
    }

    /**
     * An output kept out of a TensorScope that released its logits is taken as probabilities (its logits cannot be
     * read), so the loss is the probabilities' value, not an error about a released tensor.
     */
    @Test
    void anOutputKeptOutOfAScopeWhoseLogitsWereReleasedIsTakenAsProbabilities() {
        Dense d = unit("sigmoid", 0.5f);
        Tensor x = Tensors.ones(DType.FLOAT32, 1, 1);
        Tensor y = Tensors.zeros(DType.FLOAT32, 1, 1);
        Tensor kept;
        try (io.gradtape.TensorScope s = io.gradtape.TensorScope.open()) {
            kept = s.keep(d.call(x));
        }
        double fromKept = new BinaryCrossentropy().call(y, kept).doubleValue();
        // -log(1 - sigmoid(0.5)), the probabilities' formula away from the clip
        assertEquals(-Math.log(1 - 1 / (1 + Math.exp(-0.5))), fromKept, 1e-6);
    }

    /**
     * A sigmoid output of shape (2,) against targets of shape (2, 1): matching the ranks
     * (squeeze_or_expand_to_same_rank) gives the output a trailing axis, and its cached logits get the same one, so
     * the loss is still the logits' one: a logit of 20 against target 0 gives softplus(20), not the clipped 15.94.
     * (Keras's reshaped tensor would lose its _keras_logits there; keeping them is this library's choice.)
     */
    @Test
    void cachedLogitsFollowTheRankMatchOfTheirOutput() {
        Tensor z = Tensors.constant(new float[] {20f, 0f}, 2);
        Tensor y = Tensors.constant(new int[] {0, 1}, 2, 1);
        Tensor loss = new BinaryCrossentropy(false, Loss.Reduction.NONE).call(y, Activations.get("sigmoid").apply(z));
        assertEquals(io.gradtape.Shape.of(2), loss.shape());
        assertEquals(20 + Math.log1p(Math.exp(-20)), loss.toDoubleArray()[0], 1e-5);
        assertEquals(Math.log(2), loss.toDoubleArray()[1], 1e-6);
    }
}
