package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras's PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity and SpecificityAtSensitivity
 * (keras/src/metrics/confusion_metrics.py, SensitivitySpecificityBase) against their docstring examples, a hand
 * derivation and the NumPy transcription in scripts/fixtures/metrics_reference.py (at_*).
 */
class AtThresholdMetricsTest {
    private static Tensor ints(int... v) {
        return Tensors.constant(v, v.length);
    }

    private static Tensor floats(float... v) {
        return Tensors.constant(v, v.length);
    }

    private static final Tensor Y5 = ints(0, 0, 0, 1, 1);
    private static final Tensor P5 = floats(0, 0.3f, 0.8f, 0.3f, 0.8f);

    private static double docstring(SensitivitySpecificityBase m, Tensor y, Tensor p, Tensor w) {
        m.resetState();
        if (w == null) {
            m.updateState(y, p);
        } else {
            m.updateState(y, p, w);
        }
        return m.doubleResult();
    }

    /** The eight docstring results (200 thresholds). */
    @Test
    void matchKerasDocstrings() {
        SensitivityAtSpecificity sens = new SensitivityAtSpecificity(0.5);
        assertEquals(0.5, docstring(sens, Y5, P5, null), 1e-7);
        assertEquals(0.333333, docstring(sens, Y5, P5, floats(1, 1, 2, 2, 1)), 1e-6);
        SpecificityAtSensitivity spec = new SpecificityAtSensitivity(0.5);
        assertEquals(0.66666667, docstring(spec, Y5, P5, null), 1e-7);
        assertEquals(0.5, docstring(spec, Y5, P5, floats(1, 1, 2, 2, 2)), 1e-7);
        PrecisionAtRecall par = new PrecisionAtRecall(0.5);
        assertEquals(0.5, docstring(par, Y5, P5, null), 1e-7);
        assertEquals(0.33333333, docstring(par, Y5, P5, floats(2, 2, 2, 1, 1)), 1e-7);
        RecallAtPrecision rap = new RecallAtPrecision(0.8);
        assertEquals(0.5, docstring(rap, ints(0, 0, 1, 1), floats(0, 0.5f, 0.3f, 0.9f), null), 1e-7);
        assertEquals(1.0, docstring(rap, ints(0, 0, 1, 1), floats(0, 0.5f, 0.3f, 0.9f), floats(1, 0, 0, 1)), 1e-7);
        assertEquals(List.of("true_positives", "false_positives", "true_negatives", "false_negatives"),
                List.copyOf(rap.variables().keySet()));
        assertEquals(200, rap.variables().get("true_negatives").size());
        assertEquals(0.0, new RecallAtPrecision(0.8).doubleResult(), "before any batch");
    }

    /**
     * By hand, 3 thresholds [0, 0.5, 1] (bucketed): targets [0, 1, 1], predictions [0, 0.5, 1]. Prediction 0 is in
     * bucket -1 (positive nowhere), 0.5 in bucket 0 (positive at threshold 0 only: not above 0.5), 1 in bucket 1
     * (positive at 0 and 0.5). tp [2, 1, 0], fp [0, 0, 0], tn [1, 1, 1], fn [0, 1, 2]. Recall [1, 0.5, 0], precision
     * [1, 1, 0]: precision at recall >= 0.5 is 1; recall at precision >= 1 is 1; sensitivity at specificity >= 1 is 1.
     */
    @Test
    void threeThresholdsByHand() {
        PrecisionAtRecall m = new PrecisionAtRecall(0.5, 3);
        assertArrayEquals(new double[] {0, 0.5, 1}, m.thresholds());
        m.updateState(ints(0, 1, 1), floats(0, 0.5f, 1));
        assertArrayEquals(new double[] {2, 1, 0}, m.variables().get("true_positives").toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0}, m.variables().get("false_positives").toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, m.variables().get("true_negatives").toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2}, m.variables().get("false_negatives").toDoubleArray());
        assertEquals(1.0, m.doubleResult());
        RecallAtPrecision r = new RecallAtPrecision(1.0, 3);
        r.updateState(ints(0, 1, 1), floats(0, 0.5f, 1));
        assertEquals(1.0, r.doubleResult());
        SensitivityAtSpecificity s = new SensitivityAtSpecificity(1.0, 3);
        s.updateState(ints(0, 1, 1), floats(0, 0.5f, 1));
        assertEquals(1.0, s.doubleResult());
    }

    // the fixture script's AY, AP, AW (row weights), AY2, AP2
    private static final Tensor Y = Tensors.constant(new int[] {0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0}, 6, 3);
    private static final Tensor P = Tensors.constant(new float[] {0.1f, 0.7f, 0.2f, 0.3f, 0.35f, 0.35f, 0.6f, 0.3f, 0.1f,
        0.2f, 0.2f, 0.6f, 0.5f, 0.45f, 0.05f, 0.1f, 0.8f, 0.1f}, 6, 3);
    private static final Tensor W = Tensors.constant(new float[] {1, 2, 1, 0.5f, 3, 1}, 6);
    private static final Tensor Y2 = Tensors.constant(new int[] {0, 1, 0, 0, 0, 1}, 2, 3);
    private static final Tensor P2 = Tensors.constant(new float[] {0.25f, 0.55f, 0.2f, 0.05f, 0.9f, 0.05f}, 2, 3);

    private static double fed(SensitivitySpecificityBase m) {
        m.updateState(Y, P, W);
        m.updateState(Y2, P2);
        return m.doubleResult();
    }

    /** Class 1 of (batch, 3) predictions, 5 thresholds, a weighted and a bare batch (NumPy at_*). */
    @Test
    void classIdWithWeightsMatchesNumpy() {
        PrecisionAtRecall par = new PrecisionAtRecall(0.7, 5, 1);
        assertEquals(AT_PREC_AT_REC, fed(par), 1e-7);
        assertArrayEquals(AT_COUNTS_TP, par.variables().get("true_positives").toDoubleArray(), 1e-12);
        assertArrayEquals(AT_COUNTS_FP, par.variables().get("false_positives").toDoubleArray(), 1e-12);
        assertArrayEquals(AT_COUNTS_TN, par.variables().get("true_negatives").toDoubleArray(), 1e-12);
        assertArrayEquals(AT_COUNTS_FN, par.variables().get("false_negatives").toDoubleArray(), 1e-12);
        assertEquals(AT_SENS_AT_SPEC, fed(new SensitivityAtSpecificity(0.4, 5, 1)), 1e-7);
        assertEquals(AT_SPEC_AT_SENS, fed(new SpecificityAtSensitivity(0.6, 5, 1)), 1e-7);
        assertEquals(AT_REC_AT_PREC, fed(new RecallAtPrecision(0.6, 5, 1)), 1e-7);
        assertEquals(1, par.classId());
    }

    /** One threshold is Keras's [0.5], compared (not bucketed), over every element (NumPy at_one_threshold_*). */
    @Test
    void oneThresholdIsHalf() {
        PrecisionAtRecall m = new PrecisionAtRecall(0.2, 1);
        assertArrayEquals(new double[] {0.5}, m.thresholds());
        m.updateState(Y, P);
        assertEquals(AT_ONE_THRESHOLD_PREC_AT_REC, m.doubleResult(), 1e-7);
    }

    /**
     * By hand, thresholds [0, 0.5, 1]: targets [1, 0], predictions [0.8, 0.1] (buckets 1 and 0), weights [inf, 1]:
     * tp [inf, inf, 0], fn [0, 0, inf], tn [0, 1, 1], fp [1, 0, 0]; sensitivity tp / (tp + fn) = [NaN, NaN, 0] (inf over
     * inf), specificity [0, 1, 1]. Specificity >= 0.5 at thresholds 0.5 and 1, where the sensitivities are NaN and 0;
     * Keras's ops.max(where(feasible, sensitivity, 0), initial=0) is NaN (np.max propagates it). Specificity at
     * sensitivity 0.5: sensitivity >= 0.5 is false for NaN and 0, so nothing is feasible and the result is 0.
     */
    @Test
    void aFeasibleNanRateMakesTheResultNan() {
        SensitivityAtSpecificity sens = new SensitivityAtSpecificity(0.5, 3);
        sens.updateState(ints(1, 0), floats(0.8f, 0.1f), floats(Float.POSITIVE_INFINITY, 1));
        assertTrue(Double.isNaN(sens.doubleResult()), "got " + sens.doubleResult());
        assertTrue(Float.isNaN(sens.result().floatValue()));
        SpecificityAtSensitivity spec = new SpecificityAtSensitivity(0.5, 3);
        spec.updateState(ints(1, 0), floats(0.8f, 0.1f), floats(Float.POSITIVE_INFINITY, 1));
        assertEquals(0.0, spec.doubleResult(), "a NaN constrained rate is not feasible");
    }

    @Test
    void refusesBadArgumentsAndChangesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PrecisionAtRecall(1.5));
        assertTrue(e.getMessage().equals("PrecisionAtRecall: recall must be in [0, 1], got 1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpecificityAtSensitivity(Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> new RecallAtPrecision(0.5, 0));
        assertTrue(e.getMessage().contains("numThresholds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SensitivityAtSpecificity(0.5, 10, -1));
        PrecisionAtRecall m = new PrecisionAtRecall(0.7, 5, 3);
        e = assertThrows(IllegalArgumentException.class, () -> m.updateState(Y, P));
        assertTrue(e.getMessage().contains("classId 3") && e.getMessage().contains("(6, 3)"), e.getMessage());
        PrecisionAtRecall flat = new PrecisionAtRecall(0.7, 5, 0);
        e = assertThrows(IllegalArgumentException.class, () -> flat.updateState(Y5, P5));
        assertTrue(e.getMessage().contains("(batch, classes)"), e.getMessage());
        PrecisionAtRecall c1 = new PrecisionAtRecall(0.7, 5, 1);
        e = assertThrows(IllegalArgumentException.class, () -> c1.updateState(Y, P, Tensors.constant(new float[18], 6, 3)));
        assertTrue(e.getMessage().contains("sampleWeight of shape (6, 3)"), "Keras broadcasts the weights to the class's"
                + " column (6, 1), which (6, 3) does not: " + e.getMessage());
        assertArrayEquals(new double[5], c1.variables().get("true_positives").toDoubleArray(), "nothing changed");
    }

    // scripts/fixtures/metrics_reference.py, at_* (float32 rates, as Keras)
    private static final double AT_SENS_AT_SPEC = 0.2857142984867096;
    private static final double AT_SPEC_AT_SENS = 0.1428571492433548;
    private static final double AT_PREC_AT_REC = 0.699999988079071;
    private static final double AT_REC_AT_PREC = 1.0;
    private static final double[] AT_COUNTS_TP = {7.0, 7.0, 2.0, 0.0, 0.0};
    private static final double[] AT_COUNTS_FP = {3.5, 3.0, 2.0, 2.0, 0.0};
    private static final double[] AT_COUNTS_TN = {0.0, 0.5, 1.5, 1.5, 3.5};
    private static final double[] AT_COUNTS_FN = {0.0, 0.0, 5.0, 7.0, 7.0};
    private static final double AT_ONE_THRESHOLD_PREC_AT_REC = 0.75;
}
