package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras's AUC ({@code keras/src/metrics/confusion_metrics.py}, {@code metrics_utils.py}), TopKCategoricalAccuracy
 * and SparseTopKCategoricalAccuracy ({@code accuracy_metrics.py}, TensorFlow's {@code in_topk_op.h}), and the
 * regression metrics MeanSquaredError, MeanAbsoluteError and RootMeanSquaredError ({@code regression_metrics.py}):
 * Keras's docstring values, a NumPy transcription of Keras's AUC on this machine, sample weights and refusals.
 */
class RankingAndRegressionMetricsTest {
    // 64 examples drawn by NumPy (default_rng(7)): labels with 40% positives, sigmoid(normal + 1.2 y) as float32
    private static final int[] Y64 = {
            0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1,
            0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1};
    private static final float[] P64 = {
            0.23376107215881348f, 0.3590933084487915f, 0.4511077404022217f, 0.8907829523086548f,
            0.9125536680221558f, 0.2102319598197937f, 0.5999742150306702f, 0.6563123464584351f,
            0.12000109255313873f, 0.3862341046333313f, 0.7507681250572205f, 0.9210729598999023f,
            0.8686875700950623f, 0.41891878843307495f, 0.4088851809501648f, 0.4377754032611847f,
            0.8210576176643372f, 0.3945980668067932f, 0.42465803027153015f, 0.5872452855110168f,
            0.7463481426239014f, 0.7315921783447266f, 0.2471134215593338f, 0.7664688229560852f,
            0.6805757284164429f, 0.7624443769454956f, 0.6577061414718628f, 0.49396440386772156f,
            0.6611405611038208f, 0.41584116220474243f, 0.7411829829216003f, 0.7675628662109375f,
            0.8561140298843384f, 0.47729232907295227f, 0.5858122706413269f, 0.38031673431396484f,
            0.30251947045326233f, 0.7100286483764648f, 0.2890653610229492f, 0.7964175939559937f,
            0.9690743684768677f, 0.3032808303833008f, 0.34888508915901184f, 0.5511711835861206f,
            0.6208160519599915f, 0.456012487411499f, 0.7298910021781921f, 0.6687335968017578f,
            0.627126157283783f, 0.26237207651138306f, 0.7541405558586121f, 0.5088207721710205f,
            0.5363147854804993f, 0.811508059501648f, 0.584686815738678f, 0.8977128863334656f,
            0.5480378270149231f, 0.7840297818183899f, 0.35639894008636475f, 0.4703822731971741f,
            0.1194397509098053f, 0.24390144646167755f, 0.5897276997566223f, 0.2832155227661133f};
    private static final float[] W64 = {
            0.5f, 1.0f, 2.8f, 1.7f, 1.0f, 0.8f, 2.9f, 1.3f, 2.9f, 1.5f, 1.6f, 2.7f,
            2.2f, 1.7f, 1.3f, 2.6f, 1.2f, 2.8f, 0.2f, 1.3f, 1.6f, 2.9f, 0.8f, 2.4f,
            2.0f, 2.2f, 1.9f, 2.9f, 1.0f, 1.2f, 0.6f, 0.2f, 0.6f, 2.7f, 2.5f, 0.3f,
            1.8f, 1.4f, 1.8f, 2.0f, 0.9f, 2.9f, 1.4f, 1.9f, 1.9f, 0.6f, 0.2f, 1.2f,
            2.3f, 2.4f, 2.2f, 0.3f, 2.7f, 2.4f, 2.6f, 1.6f, 2.7f, 0.1f, 0.1f, 0.1f,
            0.8f, 0.7f, 0.6f, 1.7f};

    private static AUC auc(int n, AUC.Curve curve, float[] p, float[] w) {
        AUC m = new AUC(n, curve, false);
        if (w == null) {
            m.updateState(Tensors.constant(Y64, 64), Tensors.constant(p, 64));
        } else {
            m.updateState(Tensors.constant(Y64, 64), Tensors.constant(p, 64), Tensors.constant(w, 64));
        }
        return m;
    }

    /**
     * Keras's docstring example (counts [2, 1, 0], [2, 0, 0], [0, 2, 2], [0, 1, 2] under its variable names, area
     * 0.75), and the NumPy transcription of Keras's bucketed counts and interpolated areas for 64 examples: ROC
     * 0.8385627530364372 and PR 0.8241969689771651 with 200 thresholds, 0.8380566801619433 and 0.8239713968222246
     * with 10; weighted 0.8258218535996316 and 0.8202993438937491. The exact rank-based ROC area (every
     * positive-negative pair, ties half) is 0.8370445 (weighted 0.8228228), which 200 thresholds approximate.
     */
    @Test
    void aucMatchesKerasInterpolation() {
        AUC doc = new AUC(3, AUC.Curve.ROC, false);
        doc.updateState(Tensors.constant(new float[] {0, 0, 1, 1}, 4), Tensors.constant(new float[] {0, 0.5f, 0.3f, 0.9f}, 4));
        assertEquals(0.75, doc.doubleResult(), 1e-12);
        assertEquals(0.75f, doc.result().floatValue());
        Map<String, Tensor> v = doc.variables();
        assertEquals(List.of("true_positives", "false_positives", "true_negatives", "false_negatives"), List.copyOf(v.keySet()));
        assertArrayEquals(new double[] {2, 1, 0}, v.get("true_positives").toDoubleArray());
        assertArrayEquals(new double[] {2, 0, 0}, v.get("false_positives").toDoubleArray());
        assertArrayEquals(new double[] {0, 2, 2}, v.get("true_negatives").toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2}, v.get("false_negatives").toDoubleArray());
        assertArrayEquals(new double[] {-1e-7, 0.5, 1 + 1e-7}, doc.thresholds());
        assertEquals(200, new AUC().thresholds().length);
        assertEquals(1.0 / 199, new AUC().thresholds()[1]);

        assertEquals(0.8385627530364372, auc(200, AUC.Curve.ROC, P64, null).doubleResult(), 1e-12);
        assertEquals(0.8241969689771651, auc(200, AUC.Curve.PR, P64, null).doubleResult(), 1e-12);
        assertEquals(0.8380566801619433, auc(10, AUC.Curve.ROC, P64, null).doubleResult(), 1e-12);
        assertEquals(0.8239713968222246, auc(10, AUC.Curve.PR, P64, null).doubleResult(), 1e-12);
        // weights are float32 here and float64 in NumPy: 1e-7 relative
        assertEquals(0.8258218535996316, auc(200, AUC.Curve.ROC, P64, W64).doubleResult(), 1e-7);
        assertEquals(0.8202993438937491, auc(200, AUC.Curve.PR, P64, W64).doubleResult(), 1e-7);
        assertEquals(0.8370445344129555, auc(200, AUC.Curve.ROC, P64, null).doubleResult(), 5e-3);
        assertEquals(0.8228228228228228, auc(200, AUC.Curve.ROC, P64, W64).doubleResult(), 5e-3);
        assertEquals(26.0, auc(200, AUC.Curve.ROC, P64, null).variables().get("true_positives").toDoubleArray()[0]);

        // two batches accumulate to the one batch's counts; logits through a sigmoid give the same buckets
        AUC split = new AUC();
        split.updateState(Tensors.constant(java.util.Arrays.copyOf(Y64, 30), 30), Tensors.constant(java.util.Arrays.copyOf(P64, 30), 30));
        split.updateState(Tensors.constant(java.util.Arrays.copyOfRange(Y64, 30, 64), 34),
                Tensors.constant(java.util.Arrays.copyOfRange(P64, 30, 64), 34));
        assertEquals(0.8385627530364372, split.doubleResult(), 1e-12);
        double[] logits = new double[64];
        for (int i = 0; i < 64; i++) {
            logits[i] = Math.log(P64[i] / (1.0 - P64[i]));
        }
        AUC fromLogits = new AUC(200, AUC.Curve.ROC, true);
        fromLogits.updateState(Tensors.constant(Y64, 64), Tensors.constant(logits, 64));
        assertEquals(0.8385627530364372, fromLogits.doubleResult(), 1e-12);
        split.resetState();
        assertEquals(0.0, split.doubleResult());
        assertArrayEquals(new double[200], split.variables().get("false_negatives").toDoubleArray());
    }

    /**
     * Multi-label predictions (2, 3) with row weights (2,) pool every label into one curve (multi_label=False): NumPy
     * counts [6, 3, 3, 0], [3, 2, 2, 0], [0, 1, 1, 3], [0, 3, 3, 6] at 4 thresholds, ROC 0.4166667, PR 0.619895.
     * A NaN prediction is negative at every threshold (Keras's bucket index of NaN is dropped by its segment sum);
     * labels (n, 1) pair with predictions (n,); no positives give 0; refusals name AUC and the shapes and change
     * nothing.
     */
    @Test
    void aucPoolsLabelsWeighsRowsAndRefusesMismatches() {
        Tensor y = Tensors.constant(new int[] {1, 0, 1, 0, 1, 1}, 2, 3);
        Tensor p = Tensors.constant(new float[] {0.9f, 0.8f, 0.3f, 0.2f, 0.75f, 0.1f}, 2, 3);
        AUC roc = new AUC(4, AUC.Curve.ROC, false);
        AUC pr = new AUC(4, AUC.Curve.PR, false);
        roc.updateState(y, p, Tensors.constant(new float[] {2, 1}, 2));
        pr.updateState(y, p, Tensors.constant(new float[] {2, 1}, 2));
        assertArrayEquals(new double[] {6, 3, 3, 0}, roc.variables().get("true_positives").toDoubleArray());
        assertArrayEquals(new double[] {0, 3, 3, 6}, roc.variables().get("false_negatives").toDoubleArray());
        assertEquals(0.41666666666666663, roc.doubleResult(), 1e-12);
        assertEquals(0.6198950001654263, pr.doubleResult(), 1e-12);

        AUC nan = new AUC(5, AUC.Curve.ROC, false);
        nan.updateState(Tensors.constant(new float[] {1, 0, 1, 0}, 4, 1), Tensors.constant(new float[] {0.8f, 0.3f, Float.NaN, 0.6f}, 4));
        assertEquals(0.5, nan.doubleResult(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1, 1, 0}, nan.variables().get("true_positives").toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 1, 2}, nan.variables().get("false_negatives").toDoubleArray());

        AUC none = new AUC();
        none.updateState(Tensors.constant(new float[] {0, 0}, 2), Tensors.constant(new float[] {0.3f, 0.9f}, 2));
        assertEquals(0.0, none.doubleResult());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> roc.updateState(y, Tensors.constant(new float[6], 3, 2)));
        assertTrue(e.getMessage().contains("AUC.updateState") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 2)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> roc.updateState(y, p, Tensors.constant(new float[3], 3)));
        assertTrue(e.getMessage().contains("AUC.updateState") && e.getMessage().contains("sampleWeight of shape (3,)"), e.getMessage());
        assertEquals(0.41666666666666663, roc.doubleResult(), 1e-12, "a failed call changes nothing");
        assertArrayEquals(new double[] {6, 3, 3, 0}, roc.variables().get("true_positives").toDoubleArray());
        e = assertThrows(IllegalArgumentException.class, () -> new AUC(1, AUC.Curve.ROC, false));
        assertTrue(e.getMessage().contains("AUC") && e.getMessage().contains("numThresholds"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new AUC(10, null, false));
        assertThrows(NullPointerException.class, () -> roc.updateState(null, p));
    }

    /**
     * Keras's docstring examples of both top-k accuracies (0.5, and 0.3 with weights [0.7, 0.3]); TensorFlow's
     * in_top_k: a score tied with the k-th counts as in the top k, a row with a NaN or infinite score is a miss,
     * and so is a label outside [0, classes).
     */
    @Test
    void topKAccuraciesMatchKerasAndInTopK() {
        Tensor scores = Tensors.constant(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3);
        TopKCategoricalAccuracy top1 = new TopKCategoricalAccuracy(1);
        Tensor oneHot = Tensors.constant(new float[] {0, 0, 1, 0, 1, 0}, 2, 3);
        top1.updateState(oneHot, scores);
        assertEquals(0.5, top1.doubleResult());
        top1.resetState();
        top1.updateState(oneHot, scores, Tensors.constant(new float[] {0.7f, 0.3f}, 2));
        assertEquals(0.3, top1.doubleResult(), 1e-7);
        SparseTopKCategoricalAccuracy sparse1 = new SparseTopKCategoricalAccuracy(1);
        sparse1.updateState(Tensors.constant(new int[] {2, 1}, 2), scores);
        assertEquals(0.5, sparse1.doubleResult());
        sparse1.resetState();
        sparse1.updateState(Tensors.constant(new int[] {2, 1}, 2), scores, Tensors.constant(new float[] {0.7f, 0.3f}, 2));
        assertEquals(0.3, sparse1.doubleResult(), 1e-7);
        assertEquals(5, new TopKCategoricalAccuracy().k());
        assertEquals(5, new SparseTopKCategoricalAccuracy().k());

        // rows: a tie at the boundary (3 scores of 0.5, label 2, k 1: none strictly above, a hit); label third (k 2:
        // a miss); NaN in the row; label 4 and -1 out of range; 1.7 truncated to 1 (second, a hit with k 2)
        Tensor s = Tensors.constant(new float[] {
            0.5f, 0.5f, 0.5f, 0.1f,
            0.4f, 0.3f, 0.2f, 0.1f,
            0.9f, Float.NaN, 0.1f, 0.2f,
            0.1f, 0.2f, 0.3f, 0.4f,
            0.1f, 0.2f, 0.3f, 0.4f,
            0.5f, 0.4f, 0.3f, 0.2f}, 6, 4);
        SparseTopKCategoricalAccuracy tie1 = new SparseTopKCategoricalAccuracy(1);
        tie1.updateState(Tensors.constant(new float[] {2, 0, 0, 4, -1, 1.7f}, 6, 1), s, Tensors.constant(new float[] {1, 0, 0, 0, 0, 0}, 6));
        assertEquals(1.0, tie1.doubleResult());
        SparseTopKCategoricalAccuracy top2 = new SparseTopKCategoricalAccuracy(2);
        top2.updateState(Tensors.constant(new float[] {2, 2, 0, 4, -1, 1.7f}, 6), s);
        assertEquals(2.0 / 6, top2.doubleResult(), 1e-12);   // rows 0 and 5
        TopKCategoricalAccuracy all = new TopKCategoricalAccuracy(4);
        all.updateState(Tensors.constant(new float[] {0, 0, 0, 1, 0, 0, 1, 0}, 2, 4),
                Tensors.constant(new float[] {0.1f, 0.2f, 0.3f, 0.4f, Float.POSITIVE_INFINITY, 0, 0, 0}, 2, 4));
        assertEquals(0.5, all.doubleResult());   // k = classes is a hit unless a score is not finite

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(0));
        assertTrue(e.getMessage().contains("TopKCategoricalAccuracy") && e.getMessage().contains("k"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparseTopKCategoricalAccuracy(-1));
        e = assertThrows(IllegalArgumentException.class, () -> top2.updateState(Tensors.constant(new int[] {1, 2}, 2), s));
        assertTrue(e.getMessage().contains("SparseTopKCategoricalAccuracy.updateState") && e.getMessage().contains("(6, 4)")
                && e.getMessage().contains("(2,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> top1.updateState(oneHot, Tensors.constant(new float[6], 3, 2)));
        assertTrue(e.getMessage().contains("TopKCategoricalAccuracy.updateState") && e.getMessage().contains("(3, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> top1.updateState(oneHot, scores, Tensors.constant(new float[3], 3)));
        assertEquals(0.3, top1.doubleResult(), 1e-7, "a failed call changes nothing");
        assertEquals(2.0 / 6, top2.doubleResult(), 1e-12);
    }

    /**
     * Keras's docstring examples: MeanSquaredError 0.25, MeanAbsoluteError 0.25 and 0.5 with weights [1, 0],
     * RootMeanSquaredError 0.5 and 0.70710677; RMSE adds the squares element by element, so three batches give
     * sqrt(mean of all squares), not the mean of their roots; ranks are matched as Keras's; refusals name the metric.
     */
    @Test
    void regressionMetricsMatchKeras() {
        Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor p = Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2);
        Tensor w = Tensors.constant(new float[] {1, 0}, 2);
        MeanSquaredErrorMetric mse = new MeanSquaredErrorMetric();
        MeanAbsoluteErrorMetric mae = new MeanAbsoluteErrorMetric();
        RootMeanSquaredError rmse = new RootMeanSquaredError();
        mse.updateState(y, p);
        mae.updateState(y, p);
        rmse.updateState(y, p);
        assertEquals(0.25, mse.doubleResult());
        assertEquals(0.25, mae.doubleResult());
        assertEquals(0.5, rmse.doubleResult());
        mse.resetState();
        mae.resetState();
        rmse.resetState();
        mse.updateState(y, p, w);
        mae.updateState(y, p, w);
        rmse.updateState(y, p, w);
        assertEquals(0.5, mse.doubleResult());
        assertEquals(0.5, mae.doubleResult());
        assertEquals(0.70710677f, rmse.result().floatValue());

        // the metrics equal the losses' per-example values averaged with the weights (NumPy: sum(w l) / sum(w))
        Tensor a = Tensors.constant(new double[] {0.5, -1, 3, 2, 2, -4}, 2, 3);
        Tensor b = Tensors.constant(new double[] {1.5, 1, 0, 2, -3, 0.5}, 2, 3);
        MeanSquaredErrorMetric m2 = new MeanSquaredErrorMetric();
        m2.updateState(a, b, Tensors.constant(new double[] {0.25, 1}, 2));
        double[] per = new MeanSquaredError(Loss.Reduction.NONE).call(a, b).toDoubleArray();
        assertEquals((0.25 * per[0] + per[1]) / 1.25, m2.doubleResult(), 1e-12);
        // RMSE over batches: squares 1 4 9 | 0 25 20.25, mean 59.25 / 6
        RootMeanSquaredError r = new RootMeanSquaredError();
        r.updateState(Tensors.slice(a, new int[] {0, 0}, new int[] {1, 3}), Tensors.slice(b, new int[] {0, 0}, new int[] {1, 3}));
        r.updateState(Tensors.slice(a, new int[] {1, 0}, new int[] {1, 3}), Tensors.slice(b, new int[] {1, 0}, new int[] {1, 3}));
        assertEquals(Math.sqrt(59.25 / 6), r.doubleResult(), 1e-12);
        RootMeanSquaredError scalar = new RootMeanSquaredError();
        scalar.updateState(Tensors.constant(3f), Tensors.constant(1f));
        assertEquals(2.0, scalar.doubleResult());
        // labels (n,) against predictions (n, 1); int targets
        MeanAbsoluteErrorMetric m3 = new MeanAbsoluteErrorMetric();
        m3.updateState(Tensors.constant(new int[] {1, 0, 2}, 3), Tensors.constant(new float[] {0.5f, 0.5f, 3}, 3, 1));
        assertEquals(2.0 / 3, m3.doubleResult(), 1e-7);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m3.updateState(y, Tensors.constant(new float[6], 2, 3)));
        assertTrue(e.getMessage().contains("MeanAbsoluteErrorMetric.updateState") && e.getMessage().contains("(2, 2)")
                && e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mse.updateState(Tensors.constant(1f), Tensors.constant(2f)));
        assertTrue(e.getMessage().contains("MeanSquaredErrorMetric.updateState") && e.getMessage().contains("rank"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rmse.updateState(y, p, Tensors.constant(new float[3], 3)));
        assertEquals(2.0 / 3, m3.doubleResult(), 1e-7, "a failed call changes nothing");
        assertEquals(0.5, mse.doubleResult());
        assertEquals(0.70710677f, rmse.result().floatValue());
        assertThrows(NullPointerException.class, () -> mse.updateState(y, p, null));
        assertEquals("RootMeanSquaredError: 0.0", new RootMeanSquaredError().toString());
        assertEquals(DType.FLOAT32, mse.result().dtype());
    }
}
