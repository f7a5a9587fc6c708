package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Losses and metrics against the values of Keras's documentation examples, and their contracts. */
class LossesAndMetricsTest {
    private static Tensor f(int r, int c, float... v) {
        return Tensors.constant(v, r, c);
    }

    @Test
    void sparseCategoricalCrossentropyMatchesKerasExample() {
        Tensor y = Tensors.constant(new int[] {1, 2}, 2);
        Tensor p = f(2, 3, 0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f);
        assertEquals(1.1769392f, new SparseCategoricalCrossentropy().call(y, p).floatValue(), 1e-6f);
        assertEquals(2.3538785f, new SparseCategoricalCrossentropy(false, Loss.Reduction.SUM).call(y, p).floatValue(), 1e-6f);
        assertArrayEquals(new float[] {0.05129344f, 2.3025851f},
                new SparseCategoricalCrossentropy(false, Loss.Reduction.NONE).call(y, p).toFloatArray(), 1e-6f);
        // sample weights: weighted sum divided by the number of examples, as Keras
        assertEquals(0.8135988f, new SparseCategoricalCrossentropy().call(y, p, Tensors.constant(new float[] {0.3f, 0.7f}, 2)).floatValue(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy().call(y, p, Tensors.constant(new float[] {1, 1, 1}, 3)));
        // labels as (batch, 1) or whole floats are accepted; out of range is an error, not a silent zero
        assertEquals(1.1769392f, new SparseCategoricalCrossentropy().call(Tensors.constant(new float[] {1, 2}, 2, 1), p).floatValue(), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(Tensors.constant(new int[] {1, 3}, 2), p));
        assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy().call(Tensors.constant(new float[] {0.5f, 1}, 2), p));
        // from logits: log-softmax of the logits
        Tensor logits = f(1, 3, 1f, 2f, 3f);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 2, new SparseCategoricalCrossentropy(true).call(Tensors.constant(new int[] {1}, 1), logits).doubleValue(), 1e-6);
    }

    @Test
    void sparseCategoricalCrossentropyFromProbabilitiesClipsThenTakesTheSparseLossOfTheLog() {
        // Keras 3 (keras/src/backend/tensorflow/nn.py, sparse_categorical_crossentropy, from_logits=False):
        // c = clip_by_value(p, eps, 1 - eps), then sparse_softmax_cross_entropy_with_logits(labels, log(c)),
        // which is log(sum(c)) - log(c[label]): no division by the row's sum before the clip (only the dense
        // categorical loss does that). eps = 1e-7.
        double eps = 1e-7;
        Tensor y = Tensors.constant(new int[] {1, 1}, 2);
        Tensor p = f(2, 3, 0.5f, 0.5f, 0f, 0.5f, 0f, 0.5f);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(p);
            loss = new SparseCategoricalCrossentropy().call(y, p);
        }
        // row 0: c = [.5, .5, eps], S = 1 + eps: log S - log .5; row 1: c = [.5, eps, .5]: log S - log eps; mean of two
        double s = 1 + eps;
        assertEquals((Math.log(s) - Math.log(0.5) + Math.log(s) - Math.log(eps)) / 2, loss.doubleValue(), 1e-5);
        // d/dc_j = (c_j / S - [j == label]) / c_j, halved by the mean; a p of 0 is below eps, so the clip
        // (maximum, which gives a tie to p) passes it no gradient: [.5, -.5, 0, .5, 0, .5], as Keras
        assertArrayEquals(new double[] {0.5 / s, (0.5 / s - 1) / 0.5 / 2, 0, 0.5 / s, 0, 0.5 / s},
                tape.gradient(loss, p).toDoubleArray(), 1e-6);
        // an unnormalized row is normalized after the clip: [1, 3, 0] clips to [1 - eps, 1 - eps, eps], label 1:
        // log(2 - eps) - log(1 - eps), about log 2 (dividing by the sum first would give -log 0.75 = 0.288)
        Tensor unnormalized = new SparseCategoricalCrossentropy().call(Tensors.constant(new int[] {1}, 1), f(1, 3, 1, 3, 0));
        assertEquals(Math.log(2 - eps) - Math.log(1 - eps), unnormalized.doubleValue(), 1e-6);
    }

    @Test
    void sparseCategoricalCrossentropyFromMaskedLogitsIsFinite() {
        // logits [0, -inf, 1], label 0: TF's sparse kernel takes the label's term alone (sparse_xent_op.h),
        // log(1 + e^-inf + e) - 0 = log(1 + e), with gradient softmax - oneHot = [1 / (1 + e) - 1, 0, e / (1 + e)]
        Tensor logits = f(1, 3, 0f, Float.NEGATIVE_INFINITY, 1f);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(logits);
            loss = new SparseCategoricalCrossentropy(true).call(Tensors.constant(new int[] {0}, 1), logits);
        }
        assertEquals(Math.log1p(Math.E), loss.doubleValue(), 1e-6);
        assertArrayEquals(new double[] {1 / (1 + Math.E) - 1, 0, Math.E / (1 + Math.E)},
                tape.gradient(loss, logits).toDoubleArray(), 1e-6);
    }

    @Test
    void categoricalCrossentropyMatchesKerasExample() {
        Tensor y = f(2, 3, 0, 1, 0, 0, 0, 1);
        Tensor p = f(2, 3, 0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f);
        assertEquals(1.177f, new CategoricalCrossentropy().call(y, p).floatValue(), 1e-3f);
        // unnormalized probabilities are divided by their sum first
        assertEquals(1.177f, new CategoricalCrossentropy().call(y, p.mul(2.0)).floatValue(), 1e-3f);
        Tensor logits = f(1, 3, 1f, 2f, 3f);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 3, new CategoricalCrossentropy(true).call(f(1, 3, 0, 0, 1), logits).doubleValue(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy().call(f(3, 2, 0, 1, 0, 0, 0, 1), p));
        // label smoothing 0.3 over 3 classes: targets (0.1, 0.8, 0.1)
        double s = new CategoricalCrossentropy(true, 0.3, Loss.Reduction.SUM_OVER_BATCH_SIZE).call(f(1, 3, 0, 1, 0), logits).doubleValue();
        assertEquals(0.1 * (lse - 1) + 0.8 * (lse - 2) + 0.1 * (lse - 3), s, 1e-6);
        double b = new BinaryCrossentropy(false, 0.2, Loss.Reduction.SUM_OVER_BATCH_SIZE)
                .call(Tensors.constant(new double[] {1}, 1, 1), Tensors.constant(new double[] {0.7}, 1, 1)).doubleValue();
        assertEquals(-(0.9 * Math.log(0.7) + 0.1 * Math.log(0.3)), b, 1e-12);
    }

    @Test
    void binaryCrossentropyMatchesKerasExamples() {
        Tensor y = f(2, 2, 0, 1, 0, 0);
        assertEquals(0.815f, new BinaryCrossentropy().call(y, f(2, 2, 0.6f, 0.4f, 0.4f, 0.6f)).floatValue(), 1e-3f);
        Tensor yl = Tensors.constant(new float[] {0, 1, 0, 0}, 4);
        Tensor logits = Tensors.constant(new float[] {-18.6f, 0.51f, 2.94f, -12.8f}, 4);
        assertEquals(0.865f, new BinaryCrossentropy(true).call(yl, logits).floatValue(), 1e-3f);
        // a certain wrong prediction is clipped to a large finite loss: -log(1e-7)
        float big = new BinaryCrossentropy().call(Tensors.constant(new float[] {1}, 1, 1), Tensors.constant(new float[] {0}, 1, 1)).floatValue();
        assertEquals(-Math.log(1e-7), big, 1e-3);
    }

    @Test
    void meanSquaredErrorAndHuberMatchKerasExamples() {
        Tensor y = f(2, 2, 0, 1, 0, 0);
        assertEquals(0.5f, new MeanSquaredError().call(y, f(2, 2, 1, 1, 1, 0)).floatValue(), 1e-6f);
        assertEquals(1.0f, new MeanSquaredError(Loss.Reduction.SUM).call(y, f(2, 2, 1, 1, 1, 0)).floatValue(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.5f}, new MeanSquaredError(Loss.Reduction.NONE).call(y, f(2, 2, 1, 1, 1, 0)).toFloatArray(), 1e-6f);
        assertEquals(0.155f, new Huber().call(y, f(2, 2, 0.6f, 0.4f, 0.4f, 0.6f)).floatValue(), 1e-3f);
        assertEquals((0.125f + 2.5f) / 2, new Huber().call(f(1, 2, 0, 0), f(1, 2, 0.5f, 3)).floatValue(), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().call(y, f(1, 4, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("(1, 4)"), e.getMessage());
    }

    @Test
    void lossesAreDifferentiable() {
        Tensor y = Tensors.constant(new double[] {1, 0}, 1, 2);
        Tensor p = Tensors.constant(new double[] {0.7, 0.4}, 1, 2);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(p);
            l = new BinaryCrossentropy().call(y, p);
        }
        // d/dp of mean(-(y log p + (1-y) log(1-p))) = (p - y) / (p (1 - p)) / 2
        assertArrayEquals(new double[] {(0.7 - 1) / (0.7 * 0.3) / 2, 0.4 / (0.4 * 0.6) / 2}, tape.gradient(l, p).toDoubleArray(), 1e-9);
    }

    @Test
    void metricsAccumulateAndReset() {
        SparseCategoricalAccuracy sca = new SparseCategoricalAccuracy();
        sca.updateState(Tensors.constant(new int[] {2, 1}, 2, 1), f(2, 3, 0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0));
        assertEquals(0.5f, sca.result().floatValue());
        sca.updateState(Tensors.constant(new int[] {0}, 1), f(1, 3, 1, 0, 0));
        assertEquals(2.0 / 3, sca.doubleResult(), 1e-12);
        sca.resetState();
        assertEquals(0.0, sca.doubleResult());
        assertThrows(IllegalArgumentException.class, () -> sca.updateState(Tensors.constant(new int[] {0}, 1), f(2, 3, 0, 0, 0, 0, 0, 0)));

        CategoricalAccuracy ca = new CategoricalAccuracy();
        ca.updateState(f(2, 3, 0, 0, 1, 0, 1, 0), f(2, 3, 0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0));
        assertEquals(0.5, ca.doubleResult());

        Accuracy acc = new Accuracy();
        acc.updateState(Tensors.constant(new int[] {1, 2, 3, 4}, 4), Tensors.constant(new int[] {0, 2, 3, 4}, 4));
        assertEquals(0.75, acc.doubleResult());

        BinaryAccuracy ba = new BinaryAccuracy();
        ba.updateState(Tensors.constant(new float[] {1, 1, 0, 0}, 4), Tensors.constant(new float[] {0.98f, 1, 0, 0.6f}, 4));
        assertEquals(0.75, ba.doubleResult());

        Mean mean = new Mean();
        mean.updateState(Tensors.constant(new float[] {1, 3}, 2));
        mean.updateState(Tensors.constant(5.0));
        assertEquals(3.0, mean.doubleResult());
        assertEquals(DType.FLOAT32, mean.result().dtype());
    }

    // ---- Keras's casts and rank matching (keras/src/metrics/accuracy_metrics.py, keras/src/losses/loss.py) ----

    /**
     * Keras's binary_accuracy casts the threshold to y_pred's dtype: 0.1f is not above (float) 0.1, so the
     * prediction is 0 and right; with float64 predictions the same 0.1f (widened) is above 0.1 and wrong.
     */
    @Test
    void binaryAccuracyCastsTheThresholdToThePredictionsDtype() {
        float p = 0.1f;
        double threshold = 0.1;
        double expected32 = (p > (float) threshold ? 1 : 0) == 0 ? 1.0 : 0.0;
        double expected64 = ((double) p > threshold ? 1 : 0) == 0 ? 1.0 : 0.0;
        assertEquals(1.0, expected32);   // the derivation itself: the two dtypes disagree, so both are tested
        assertEquals(0.0, expected64);
        BinaryAccuracy b32 = new BinaryAccuracy(threshold);
        b32.updateState(Tensors.constant(new float[] {0f}, 1), Tensors.constant(new float[] {p}, 1));
        assertEquals(expected32, b32.doubleResult());
        BinaryAccuracy b64 = new BinaryAccuracy(threshold);
        b64.updateState(Tensors.constant(new float[] {0f}, 1), Tensors.constant(new double[] {p}, 1));
        assertEquals(expected64, b64.doubleResult());
        // targets (n, 1) against predictions (n,): squeeze_or_expand_to_same_rank, as Keras's example's [[1], [1], [0], [0]]
        BinaryAccuracy ba = new BinaryAccuracy();
        ba.updateState(f(4, 1, 1, 1, 0, 0), Tensors.constant(new float[] {0.98f, 1, 0, 0.6f}, 4));
        assertEquals(0.75, ba.doubleResult());
    }

    /** Keras's accuracy converts y_true to y_pred's dtype before comparing: float64 0.1 becomes 0.1f. */
    @Test
    void accuracyCastsTheTargetsToThePredictionsDtype() {
        double expected = (float) 0.1 == 0.1f ? 1.0 : 0.0;
        Accuracy acc = new Accuracy();
        acc.updateState(Tensors.constant(new double[] {0.1, 0.2}, 2), Tensors.constant(new float[] {0.1f, 0.3f}, 2));
        assertEquals((expected + 0) / 2, acc.doubleResult());
        // without the cast, 0.1 != (double) 0.1f: the pair would not count
        assertTrue(0.1 != (double) 0.1f);
        // Keras's example: [[1], [2], [3], [4]] against [[0], [2], [3], [4]] is 0.75; (n, 1) against (n,) too
        Accuracy ranks = new Accuracy();
        ranks.updateState(Tensors.constant(new int[] {1, 2, 3, 4}, 4, 1), Tensors.constant(new int[] {0, 2, 3, 4}, 4));
        assertEquals(0.75, ranks.doubleResult());
    }

    /**
     * Sample weights of shape (n, 1) against per-example losses of shape (n,), and (n,) against (n, 1): Keras's
     * squeeze_or_expand_to_same_rank gives the rank-1 side a trailing axis, so the weighted losses are the
     * per-example losses times the weights, elementwise; the expected values are built from the unweighted
     * Reduction.NONE losses.
     */
    @Test
    void sampleWeightsWithATrailingAxisOfOneMatchKerasRanks() {
        Tensor yTrue = f(3, 2, 0, 1, 1, 1, 2, 0);
        Tensor yPred = f(3, 2, 1, 1, 0, 1, 0, 0);
        float[] w = {0.5f, 2f, 0f};
        float[] per = new MeanSquaredError(Loss.Reduction.NONE).call(yTrue, yPred).toFloatArray();
        float sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += per[i] * w[i];
        }
        Tensor w1 = Tensors.constant(w, 3);
        Tensor w31 = Tensors.constant(w, 3, 1);
        assertEquals(sum / 3, new MeanSquaredError().call(yTrue, yPred, w1).floatValue(), 1e-6f);
        assertEquals(sum / 3, new MeanSquaredError().call(yTrue, yPred, w31).floatValue(), 1e-6f);
        assertEquals(sum, new MeanSquaredError(Loss.Reduction.SUM).call(yTrue, yPred, w31).floatValue(), 1e-6f);
        Tensor none = new MeanSquaredError(Loss.Reduction.NONE).call(yTrue, yPred, w31);
        assertEquals(io.gradtape.Shape.of(3, 1), none.shape());   // Keras expands the (3,) losses to (3, 1)
        assertArrayEquals(new float[] {per[0] * w[0], per[1] * w[1], per[2] * w[2]}, none.toFloatArray(), 1e-6f);
        // the other direction: losses (3, 1) (predictions (3, 1, 2)) against weights (3,)
        Tensor yTrue3 = Tensors.reshape(yTrue, 3, 1, 2), yPred3 = Tensors.reshape(yPred, 3, 1, 2);
        assertEquals(sum / 3, new MeanSquaredError().call(yTrue3, yPred3, w1).floatValue(), 1e-6f);
        // weights that would broadcast the losses to another shape stay an error
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().call(yTrue, yPred, Tensors.constant(new float[9], 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().call(yTrue, yPred, Tensors.constant(new float[6], 3, 2)));
    }

    /**
     * Keras 3's reduce_values returns per-example losses of shape (0,) as they are, for every reduction but none
     * alike; losses of another empty shape reduce to 0 (divide_no_nan).
     */
    @Test
    void anEmptyBatchReducesAsKerasDoes() {
        Tensor yTrue = Tensors.zeros(DType.FLOAT32, 0, 2);
        Tensor yPred = Tensors.zeros(DType.FLOAT32, 0, 2);
        for (Loss.Reduction r : Loss.Reduction.values()) {
            Tensor l = new MeanSquaredError(r).call(yTrue, yPred);
            assertEquals(io.gradtape.Shape.of(0), l.shape(), r.name());
            assertEquals(io.gradtape.Shape.of(0), new MeanSquaredError(r).call(yTrue, yPred, Tensors.zeros(DType.FLOAT32, 0)).shape());
            // weights (0, 1) expand the losses to (0, 1) first (squeeze_or_expand_to_same_rank): that reduces to 0
            Tensor lw = new MeanSquaredError(r).call(yTrue, yPred, Tensors.zeros(DType.FLOAT32, 0, 1));
            if (r == Loss.Reduction.NONE) {
                assertEquals(io.gradtape.Shape.of(0, 1), lw.shape());
            } else {
                assertEquals(0f, lw.floatValue(), r.name());
            }
        }
        Tensor e3 = Tensors.zeros(DType.FLOAT32, 0, 1, 2);
        assertEquals(0f, new MeanSquaredError().call(e3, e3).floatValue());
        assertEquals(0f, new MeanSquaredError(Loss.Reduction.SUM).call(e3, e3).floatValue());
    }

    /**
     * Keras's losses cast y_true to the loss's dtype (Loss.__call__, keras/src/losses/loss.py) and match the ranks of
     * y_true and y_pred with squeeze_or_expand_to_same_rank (LossFunctionWrapper.call, keras/src/losses/losses.py):
     * int32 labels of shape (3,) against a Dense(1) output of shape (3, 1) are read as float32 (3, 1). Expected
     * values from NumPy: mean(-(y log p + (1 - y) log(1 - p))) over p = [0.8, 0.4, 0.3], y = [1, 0, 1] is
     * 0.64598066; mean((1 - [0.5, 1, 1.5])^2) = 0.16666667.
     */
    @Test
    void targetsAreCastAndRankMatchedAsKerasLosses() {
        Tensor labels = Tensors.constant(new int[] {1, 0, 1}, 3);
        Tensor p = f(3, 1, 0.8f, 0.4f, 0.3f);
        assertEquals(0.64598066f, new BinaryCrossentropy().call(labels, p).floatValue(), 1e-6f);
        Tensor none = new BinaryCrossentropy(false, Loss.Reduction.NONE).call(labels, p);
        assertEquals(io.gradtape.Shape.of(3), none.shape());
        // float64 targets of shape (3, 1) against float32 predictions of shape (3,): the predictions gain the axis
        Tensor mse = new MeanSquaredError().call(Tensors.constant(new double[] {0.5, 1, 1.5}, 3, 1), Tensors.constant(new float[] {1, 1, 1}, 3));
        assertEquals(DType.FLOAT32, mse.dtype());
        assertEquals(0.16666667f, mse.floatValue(), 1e-7f);
        // the gradient reaches the predictions through the matched rank: d/dp mean((p - y)^2) = 2 (p - y) / 3
        Tensor pr = Tensors.constant(new float[] {1, 1, 1}, 3);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(pr);
            l = new Huber().call(Tensors.constant(new double[] {0.5, 1, 1.5}, 3, 1), pr);
        }
        assertArrayEquals(new float[] {0.5f / 3, 0, -0.5f / 3}, tape.gradient(l, pr).toFloatArray(), 1e-7f);
        // categorical: one-hot int rows are cast too
        assertEquals(new CategoricalCrossentropy().call(f(1, 2, 0, 1), f(1, 2, 0.25f, 0.75f)).floatValue(),
                new CategoricalCrossentropy().call(Tensors.constant(new int[] {0, 1}, 1, 2), f(1, 2, 0.25f, 0.75f)).floatValue());
        // shapes that still differ after matching are an error naming both
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossentropy().call(Tensors.constant(new int[] {1, 0}, 2), p));
        assertTrue(e.getMessage().contains("binary_crossentropy") && e.getMessage().contains("(2,)") && e.getMessage().contains("(3, 1)"),
                e.getMessage());
    }

    /**
     * Keras's Mean.update_state with sample_weight (reduce_to_samplewise_values, keras/src/metrics/reduction_metrics.py):
     * values averaged over the axes the weights lack, times the broadcast weights, total += their sum, count += the
     * weights' sum (averaged over their axes past the first). Expected totals and counts from a NumPy transliteration
     * of that function: after each call (11, 2.5), (14, 3.5), (44, 5.5), (55, 9.5).
     */
    @Test
    void meanTakesSampleWeightsAsKeras() {
        Mean doc = new Mean();   // Keras's docstring example
        doc.updateState(Tensors.constant(new float[] {1, 3, 5, 7}, 4), Tensors.constant(new float[] {1, 1, 0, 0}, 4));
        assertEquals(2.0, doc.doubleResult());

        Mean m = new Mean();
        Tensor v = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        m.updateState(v, Tensors.constant(new float[] {0.5f, 2}, 2));           // a weight per row
        assertEquals(11.0 / 2.5, m.doubleResult(), 1e-12);
        m.updateState(v, Tensors.constant(new int[] {1, 0, 1, 0, 1, 0}, 2, 3));  // a weight per element, int
        assertEquals(14.0 / 3.5, m.doubleResult(), 1e-12);
        m.updateState(Tensors.constant(new float[] {10, 20}, 2), Tensors.constant(2f));   // the batch as one sample
        assertEquals(44.0 / 5.5, m.doubleResult(), 1e-12);
        m.updateState(v, Tensors.constant(new float[] {3, 1}, 2, 1));            // (2, 1) broadcast along the rows
        assertEquals(55.0 / 9.5, m.doubleResult(), 1e-12);
        // weights that do not broadcast: an error naming the op and both shapes, and the state is unchanged
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.updateState(v, Tensors.constant(new float[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().contains("Mean.updateState") && e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 3)"),
                e.getMessage());
        assertEquals(55.0 / 9.5, m.doubleResult(), 1e-12);
        // all weights 0: nothing counted, the result of nothing is 0
        Mean zero = new Mean();
        zero.updateState(v, Tensors.constant(new float[] {0, 0}, 2));
        assertEquals(0.0, zero.doubleResult());
    }

    /** The sample-weight examples of Keras's accuracy metrics' docstrings (keras/src/metrics/accuracy_metrics.py). */
    @Test
    void accuraciesTakeSampleWeightsAsKeras() {
        Accuracy acc = new Accuracy();
        acc.updateState(Tensors.constant(new int[] {1, 2, 3, 4}, 4, 1), Tensors.constant(new int[] {0, 2, 3, 4}, 4, 1),
                Tensors.constant(new float[] {1, 1, 0, 0}, 4));
        assertEquals(0.5, acc.doubleResult());

        BinaryAccuracy ba = new BinaryAccuracy();
        ba.updateState(f(4, 1, 1, 1, 0, 0), f(4, 1, 0.98f, 1, 0, 0.6f), Tensors.constant(new float[] {1, 0, 0, 1}, 4));
        assertEquals(0.5, ba.doubleResult());

        CategoricalAccuracy ca = new CategoricalAccuracy();
        ca.updateState(f(2, 3, 0, 0, 1, 0, 1, 0), f(2, 3, 0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0), Tensors.constant(new float[] {0.7f, 0.3f}, 2));
        assertEquals(0.3, ca.doubleResult(), 1e-7);

        SparseCategoricalAccuracy sca = new SparseCategoricalAccuracy();
        sca.updateState(Tensors.constant(new int[] {2, 1}, 2, 1), f(2, 3, 0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0),
                Tensors.constant(new float[] {0.7f, 0.3f}, 2));
        assertEquals(0.3, sca.doubleResult(), 1e-7);
        // weighted and unweighted batches accumulate together: (0.3 + 1 right of 1) / (1 + 1)
        sca.updateState(Tensors.constant(new int[] {0}, 1), f(1, 3, 1, 0, 0));
        assertEquals(1.3 / 2, sca.doubleResult(), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> sca.updateState(Tensors.constant(new int[] {0, 1}, 2),
                f(2, 3, 0, 0, 0, 0, 0, 0), Tensors.constant(new float[] {1, 1, 1}, 3)));
        assertEquals(1.3 / 2, sca.doubleResult(), 1e-7);
    }

    // ---- MeanAbsoluteError, KLDivergence, CosineSimilarity, LogCosh (keras/src/losses/losses.py) ----

    /** Keras's docstring value, and per-example values and gradients from NumPy. */
    @Test
    void meanAbsoluteErrorMatchesKerasAndNumPy() {
        assertEquals(0.5f, new MeanAbsoluteError().call(f(2, 2, 0, 1, 0, 0), f(2, 2, 1, 1, 1, 0)).floatValue(), 1e-7f);
        Tensor a = f(2, 3, 0.5f, -1, 3, 2, 2, -4);
        Tensor b = f(2, 3, 1.5f, 1, 0, 2, -3, 0.5f);
        // NumPy: np.abs(a - b).mean(-1) = [2, 3.1666667]
        assertArrayEquals(new float[] {2f, 3.1666667f}, new MeanAbsoluteError(Loss.Reduction.NONE).call(a, b).toFloatArray(), 1e-6f);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(b);
            l = new MeanAbsoluteError().call(a, b);
        }
        // d/db mean over 2 examples of mean over 3 of |b - a| = sign(b - a) / 6, and 0 where they are equal
        float s = 1f / 6;
        assertArrayEquals(new float[] {s, s, -s, 0, -s, s}, tape.gradient(l, b).toFloatArray(), 1e-7f);
    }

    /**
     * Keras's kl_divergence clips both sides to [1e-7, 1] then sums y * log(y / p): the docstring's 0.458, and per
     * example values from NumPy and PyTorch's kl_div on the clipped values; a clipped prediction gets no gradient.
     */
    @Test
    void klDivergenceMatchesKerasAndNumPy() {
        Tensor y = f(2, 2, 0, 1, 0, 0);
        assertEquals(0.45814306f, new KLDivergence().call(y, f(2, 2, 0.6f, 0.4f, 0.4f, 0.6f)).floatValue(), 1e-6f);
        Tensor t = f(2, 3, 0.2f, 0.3f, 0.5f, 0.7f, 0.3f, 0);
        Tensor p = f(2, 3, 0.1f, 0.6f, 0.3f, 0.5f, 0, 1.2f);
        assertArrayEquals(new float[] {0.18609808f, 4.709766f}, new KLDivergence(Loss.Reduction.NONE).call(t, p).toFloatArray(), 1e-5f);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(p);
            l = new KLDivergence().call(t, p);
        }
        // -y / p / 2 inside (1e-7, 1); 0 for p = 0 and p = 1.2, which the clip holds
        assertArrayEquals(new float[] {-1f, -0.25f, -0.8333333f, -0.7f, 0, 0}, tape.gradient(l, p).toFloatArray(), 1e-6f);
    }

    /**
     * Keras's cosine_similarity: -sum(normalize(y) * normalize(p)) with ops.normalize's x * rsqrt(max(sum(x^2),
     * 1e-14)); the docstring's [-0, -1] (mean -0.5); NumPy for three rows (a zero target gives 0) and along axis 0;
     * gradients from PyTorch autograd of the same formula.
     */
    @Test
    void cosineSimilarityMatchesKerasAndNumPy() {
        assertEquals(-0.5f, new CosineSimilarity().call(f(2, 2, 0, 1, 1, 1), f(2, 2, 1, 0, 1, 1)).floatValue(), 1e-6f);
        Tensor t = f(3, 3, 1, 2, 3, 0, 0, 0, -1, 0.5f, 2);
        Tensor p = f(3, 3, 2, 1, 0.5f, 1, 1, 1, 1, -0.5f, -2);
        assertArrayEquals(new float[] {-0.641533f, 0, 0.99999994f},
                new CosineSimilarity(-1, Loss.Reduction.NONE).call(t, p).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.28867513f, -0.5659165f, 0.30261374f},
                new CosineSimilarity(0, Loss.Reduction.NONE).call(t, p).toFloatArray(), 1e-6f);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(p);
            l = new CosineSimilarity().call(t, p);
        }
        float[] g = tape.gradient(l, p).toFloatArray();
        assertArrayEquals(new float[] {0.042583715f, -0.037029333f, -0.096276231f, 0, 0, 0}, java.util.Arrays.copyOf(g, 6), 1e-6f);
        for (float v : g) {
            assertTrue(Float.isFinite(v));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CosineSimilarity(2, Loss.Reduction.NONE).call(t, p));
        assertTrue(e.getMessage().contains("cosine_similarity") && e.getMessage().contains("axis 2") && e.getMessage().contains("(3, 3)"),
                e.getMessage());
    }

    /**
     * Keras's log_cosh, x + softplus(-2x) - log 2: the docstring's 0.108; per example values from NumPy's
     * |x| + log1p(exp(-2|x|)) - log 2 in float64, finite for an error of 1000 where cosh overflows; gradient tanh(x) / 6.
     */
    @Test
    void logCoshMatchesKerasAndNumPy() {
        assertEquals(0.1084452f, new LogCosh().call(f(2, 2, 0, 1, 0, 0), f(2, 2, 1, 1, 0, 0)).floatValue(), 1e-6f);
        Tensor t = f(2, 3, 0, 0, 0, 1, 2, 3);
        Tensor p = f(2, 3, 0.5f, -2, 100, 1, -1000, 3.001f);
        assertArrayEquals(new float[] {33.58399f, 333.76895f}, new LogCosh(Loss.Reduction.NONE).call(t, p).toFloatArray(), 1e-4f);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(p);
            l = new LogCosh().call(t, p);
        }
        float[] x = {0.5f, -2, 100, 0, -1002, 3.001f - 3};
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) (Math.tanh(x[i]) / 6);
        }
        assertArrayEquals(expected, tape.gradient(l, p).toFloatArray(), 1e-6f);
        // the generic contracts hold for the new losses too: rank matching, int targets, sample weights
        assertEquals(new LogCosh().call(f(3, 1, 1, 0, 1), f(3, 1, 0.5f, 0.5f, 2)).floatValue(),
                new LogCosh().call(Tensors.constant(new int[] {1, 0, 1}, 3), f(3, 1, 0.5f, 0.5f, 2)).floatValue());
    }

    // ---- Precision and Recall (keras/src/metrics/confusion_metrics.py, metrics_utils.update_confusion_matrix_variables) ----

    /** Keras's docstring examples of Precision and Recall. */
    @Test
    void precisionAndRecallMatchKerasExamples() {
        Tensor y = Tensors.constant(new int[] {0, 1, 1, 1}, 4);
        Tensor p = Tensors.constant(new float[] {1, 0, 1, 1}, 4);
        Precision precision = new Precision();
        Recall recall = new Recall();
        precision.updateState(y, p);
        recall.updateState(y, p);
        assertEquals(2.0 / 3, precision.doubleResult(), 1e-12);
        assertEquals(2.0 / 3, recall.doubleResult(), 1e-12);
        precision.resetState();
        recall.resetState();
        assertEquals(0.0, precision.doubleResult());   // nothing to divide by: 0, as divide_no_nan
        Tensor w = Tensors.constant(new float[] {0, 0, 1, 0}, 4);
        precision.updateState(y, p, w);
        recall.updateState(y, p, w);
        assertEquals(1.0, precision.doubleResult());
        assertEquals(1.0, recall.doubleResult());
        assertEquals(0.5, new Precision().threshold());
        assertThrows(IllegalArgumentException.class, () -> new Recall(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Precision(Double.NaN));
    }

    /**
     * Multi-label predictions (2, 3) with threshold 0.7, the predictions float64: Keras compares them in float32,
     * where 0.70000001 is 0.7f and not above it. Weighted counts from a NumPy transliteration of
     * update_confusion_matrix_variables: row weights [2, 1] give tp 3, fp 2, fn 3 (precision 0.6, recall 0.5);
     * element weights give tp 2, fp 0, fn 3; a scalar 3 gives tp 6, fp 3, fn 6.
     */
    @Test
    void precisionAndRecallWeighMultiLabelPredictionsAsKeras() {
        Tensor y = Tensors.constant(new int[] {1, 0, 1, 0, 1, 1}, 2, 3);
        Tensor p = Tensors.constant(new double[] {0.9, 0.8, 0.70000001, 0.2, 0.75, 0.1}, 2, 3);
        Precision pr = new Precision(0.7);
        Recall rc = new Recall(0.7);
        pr.updateState(y, p, Tensors.constant(new float[] {2, 1}, 2));
        rc.updateState(y, p, Tensors.constant(new float[] {2, 1}, 2));
        assertEquals(0.6, pr.doubleResult(), 1e-12);
        assertEquals(0.5, rc.doubleResult(), 1e-12);
        Precision pe = new Precision(0.7);
        Recall re = new Recall(0.7);
        pe.updateState(y, p, Tensors.constant(new float[] {1, 0, 1, 1, 1, 2}, 2, 3));
        re.updateState(y, p, Tensors.constant(new float[] {1, 0, 1, 1, 1, 2}, 2, 3));
        assertEquals(1.0, pe.doubleResult(), 1e-12);
        assertEquals(0.4, re.doubleResult(), 1e-12);
        // accumulating a scalar-weighted batch: tp 2 + 6, fp 0 + 3, fn 3 + 6
        pe.updateState(y, p, Tensors.constant(3f));
        re.updateState(y, p, Tensors.constant(3f));
        assertEquals(8.0 / 11, pe.doubleResult(), 1e-12);
        assertEquals(8.0 / 17, re.doubleResult(), 1e-12);
        // labels (n, 1) against predictions (n,) are matched; mismatched shapes and weights are errors naming the op
        Recall r1 = new Recall();
        r1.updateState(f(3, 1, 1, 1, 0), Tensors.constant(new float[] {0.6f, 0.4f, 0.9f}, 3));
        assertEquals(0.5, r1.doubleResult());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r1.updateState(y, Tensors.constant(new float[6], 3, 2)));
        assertTrue(e.getMessage().contains("Recall.updateState") && e.getMessage().contains("(3, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r1.updateState(y, p, Tensors.constant(new float[] {1, 1, 1}, 3)));
        assertEquals(0.5, r1.doubleResult(), "a failed call changes nothing");
        // a NaN target is positive (TensorFlow's cast to bool), a NaN prediction is never above the threshold
        Recall nan = new Recall();
        nan.updateState(Tensors.constant(new float[] {Float.NaN, 1}, 2), Tensors.constant(new float[] {0.9f, Float.NaN}, 2));
        assertEquals(0.5, nan.doubleResult());
    }

    /**
     * Keras's ignore_class (sparse_categorical_crossentropy, keras/src/losses/losses.py) masks the losses, and
     * apply_mask (keras/src/losses/loss.py) weighs the kept ones by total / valid under sum_over_batch_size: the mean
     * over the kept examples, which is PyTorch's cross_entropy(ignore_index=-1): 0.70718318 with gradient
     * [[0.04501529, -0.37763575, 0.3326205], 0, [2.2547018e-05, 0.0033462741, -0.0033688247]]; sum 1.4143664;
     * none [1.4076059, 0, 0.00676046]; weights [2, 5, 1] give sum(loss * w * 3 / 2) / 3 = 1.4109861 (NumPy).
     */
    @Test
    void sparseCategoricalCrossentropyIgnoresAClassAsKeras() {
        Tensor logits = f(3, 3, 1, 2, 3, 100, -100, 0, -5, 0, 5);
        Tensor y = Tensors.constant(new int[] {1, -1, 2}, 3);
        GradientTape tape = new GradientTape();
        Tensor mean;
        try (tape) {
            tape.watch(logits);
            mean = new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.SUM_OVER_BATCH_SIZE).call(y, logits);
        }
        assertEquals(0.70718318f, mean.floatValue(), 1e-6f);
        assertArrayEquals(new float[] {0.04501529f, -0.37763575f, 0.3326205f, 0, 0, 0, 2.2547018e-05f, 0.0033462741f, -0.0033688247f},
                tape.gradient(mean, logits).toFloatArray(), 1e-6f);
        assertEquals(1.4143664f, new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.SUM).call(y, logits).floatValue(), 1e-6f);
        assertArrayEquals(new float[] {1.4076059f, 0, 0.00676046f},
                new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.NONE).call(y, logits).toFloatArray(), 1e-6f);
        assertEquals(1.4109861f, new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.SUM_OVER_BATCH_SIZE)
                .call(Tensors.constant(new float[] {1, -1, 2}, 3, 1), logits, Tensors.constant(new float[] {2, 5, 1}, 3)).floatValue(), 1e-5f);
        // every example ignored: 0 (divide_no_nan); from probabilities, an out-of-range ignored label (255) is accepted
        assertEquals(0f, new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.SUM_OVER_BATCH_SIZE)
                .call(Tensors.constant(new int[] {-1, -1, -1}, 3), logits).floatValue());
        Tensor p = f(2, 3, 0.2f, 0.7f, 0.1f, 0.3f, 0.3f, 0.4f);
        assertEquals(1.609438f, new SparseCategoricalCrossentropy(false, 255, Loss.Reduction.SUM_OVER_BATCH_SIZE)
                .call(Tensors.constant(new int[] {0, 255}, 2), p).floatValue(), 1e-5f);
        // other out-of-range labels stay an error
        assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy(true, -1, Loss.Reduction.SUM)
                .call(Tensors.constant(new int[] {1, -2, 2}, 3), logits));
    }

    /**
     * Keras's reduce_weighted_values converts sample_weight to the loss's dtype: int32 or float64 weights with
     * float32 losses weigh as the same float32 weights (was an IllegalArgumentException on the dtype).
     */
    @Test
    void sampleWeightsOfAnotherDtypeAreCastAsKeras() {
        Tensor y = Tensors.constant(new int[] {1, 2}, 2);
        Tensor p = f(2, 3, 0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f);
        Loss l = new SparseCategoricalCrossentropy();
        float expected = l.call(y, p, Tensors.constant(new float[] {1, 3}, 2)).floatValue();
        assertEquals(expected, l.call(y, p, Tensors.constant(new int[] {1, 3}, 2)).floatValue());
        assertEquals(expected, l.call(y, p, Tensors.constant(new double[] {1, 3}, 2)).floatValue());
        assertEquals(DType.FLOAT32, l.call(y, p, Tensors.constant(new double[] {1, 3}, 2)).dtype());
    }

    /**
     * Keras's Mean.update_state without weights (reduce_to_samplewise_values, keras/src/metrics/reduction_metrics.py)
     * averages a rank-2 batch per row and counts rows, not elements. By hand: ones of shape (2, 3) add total 2 and count
     * 2; zeros of shape (2, 3) weighted [1, 1] add total 0 and count 2; the mean is 2 / 4 = 0.5 (counting elements
     * gives 6 / 8 = 0.75). RootMeanSquaredError (a Keras Mean of the squared errors) counts its rows likewise.
     */
    @Test
    void unweightedMeanCountsExamplesAsKeras() {
        Mean m = new Mean();
        m.updateState(Tensors.ones(DType.FLOAT32, 2, 3));
        assertEquals(2.0, m.variables().get("total").doubleValue());
        assertEquals(2.0, m.variables().get("count").doubleValue());
        m.updateState(Tensors.zeros(DType.FLOAT32, 2, 3), Tensors.constant(new float[] {1, 1}, 2));
        assertEquals(0.5, m.doubleResult());
        m.updateState(Tensors.constant(4f));   // a scalar is one example
        assertEquals(5.0, m.variables().get("count").doubleValue());
        assertEquals(6.0 / 5, m.doubleResult(), 1e-15);   // total 2 + 0 + 4
        m.updateState(Tensors.zeros(DType.FLOAT32, 0, 3));   // no rows: nothing added
        assertEquals(5.0, m.variables().get("count").doubleValue());

        // squared errors [[1, 9], [0, 4]]: row means 5 and 2, total 7, count 2
        RootMeanSquaredError rmse = new RootMeanSquaredError();
        rmse.updateState(f(2, 2, 0, 0, 0, 0), f(2, 2, 1, 3, 0, 2));
        assertEquals(7.0, rmse.variables().get("total").doubleValue());
        assertEquals(2.0, rmse.variables().get("count").doubleValue());
        assertEquals(Math.sqrt(3.5), rmse.doubleResult(), 1e-15);
    }
}
