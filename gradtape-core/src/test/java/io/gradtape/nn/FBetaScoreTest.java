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
 * Keras's FBetaScore (keras/src/metrics/f_score_metrics.py) against its docstring example and the NumPy transcription
 * in scripts/fixtures/metrics_reference.py (fbeta_*), and F1Score as its beta-1 case on the same engine.
 */
class FBetaScoreTest {
    private static final Tensor YD = Tensors.constant(new int[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, 3, 3);
    private static final Tensor PD = Tensors.constant(new float[] {0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0}, 3, 3);
    // the fixture script's FY, FP, FW, FY2, FP2
    private static final Tensor Y = Tensors.constant(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1}, 5, 4);
    private static final Tensor P = Tensors.constant(new float[] {0.1f, 0.5f, 0.5f, 0, 0.7f, 0.2f, 0.05f, 0.05f, 0.2f, 0.3f,
        0.4f, 0.1f, 0, 0, 0, 0, 0.3f, 0.3f, 0.2f, 0.2f}, 5, 4);
    private static final Tensor W = Tensors.constant(new float[] {1, 2, 0.5f, 1, 3}, 5);
    private static final Tensor Y2 = Tensors.constant(new float[] {1, 0, 0, 0, 0, 0, 0, 1}, 2, 4);
    private static final Tensor P2 = Tensors.constant(new float[] {0.9f, 0.1f, 0, 0, 0.2f, 0.2f, 0.5f, 0.1f}, 2, 4);

    /** Keras's docstring: beta 2, threshold 0.5 gives [0.3846154, 0.90909094, 0.8333334]. */
    @Test
    void matchesKerasDocstring() {
        FBetaScore f = new FBetaScore(F1Score.Average.NONE, 2.0, 0.5);
        f.updateState(YD, PD);
        assertArrayEquals(new float[] {0.3846154f, 0.90909094f, 0.8333334f}, f.result().toFloatArray(), 1e-6f);
        assertEquals(2.0, f.beta());
        assertEquals(List.of("true_positives", "false_positives", "false_negatives", "intermediate_weights"),
                List.copyOf(f.variables().keySet()));
        assertEquals("FBetaScore: [0.0, 0.0, 0.0]", toStringAfterReset(f));
    }

    private static String toStringAfterReset(FBetaScore f) {
        f.resetState();
        return f.toString();
    }

    private static FBetaScore fed(F1Score.Average a, double beta, double threshold) {
        FBetaScore f = Double.isNaN(threshold) ? new FBetaScore(a, beta) : new FBetaScore(a, beta, threshold);
        f.updateState(Y, P, W);
        f.updateState(Y2, P2);
        return f;
    }

    /** Two batches, the first with row weights; every average, with and without a threshold (NumPy, float32). */
    @Test
    void weightedBatchesMatchNumpy() {
        // fbeta_0.5_None_*: beta 0.5, the row maxima
        assertArrayEquals(FBETA_05_NONE, fed(F1Score.Average.NONE, 0.5, Double.NaN).result().toFloatArray(), 1e-6f);
        assertEquals(FBETA_05_MICRO, fed(F1Score.Average.MICRO, 0.5, Double.NaN).doubleResult(), 1e-6);
        assertEquals(FBETA_05_MACRO, fed(F1Score.Average.MACRO, 0.5, Double.NaN).doubleResult(), 1e-6);
        assertEquals(FBETA_05_WEIGHTED, fed(F1Score.Average.WEIGHTED, 0.5, Double.NaN).doubleResult(), 1e-6);
        // fbeta_2.0_0.35_*: beta 2, threshold 0.35
        assertArrayEquals(FBETA_2_NONE, fed(F1Score.Average.NONE, 2, 0.35).result().toFloatArray(), 1e-6f);
        assertEquals(FBETA_2_MICRO, fed(F1Score.Average.MICRO, 2, 0.35).doubleResult(), 1e-6);
        assertEquals(FBETA_2_MACRO, fed(F1Score.Average.MACRO, 2, 0.35).doubleResult(), 1e-6);
        assertEquals(FBETA_2_WEIGHTED, fed(F1Score.Average.WEIGHTED, 2, 0.35).doubleResult(), 1e-6);
        // the counts do not depend on beta: those of F1ScoreTest's same batches
        FBetaScore f = fed(F1Score.Average.NONE, 0.5, Double.NaN);
        assertArrayEquals(new double[] {3, 1, 0.5, 0}, f.variables().get("true_positives").toDoubleArray());
        assertArrayEquals(new double[] {3, 2, 0.5, 4.5}, f.variables().get("intermediate_weights").toDoubleArray());
    }

    /**
     * Keras converts sample_weight to its float32 dtype (f_score_metrics.py), so float64 weights count as their float32
     * roundings: 1 + 1e-10 as 1 exactly, 0.1 as (float) 0.1 = 0.10000000149011612 (one true positive each, in one
     * micro slot).
     */
    @Test
    void float64WeightsCountInFloat32() {
        FBetaScore f = new FBetaScore(F1Score.Average.MICRO, 2.0, 0.5);
        Tensor y = Tensors.constant(new float[] {1, 0, 0, 1}, 2, 2);
        Tensor p = Tensors.constant(new float[] {0.9f, 0.1f, 0.2f, 0.8f}, 2, 2);
        f.updateState(y, p, Tensors.constant(new double[] {1 + 1e-10, 0.1}, 2));
        assertArrayEquals(new double[] {1 + (double) 0.1f}, f.variables().get("true_positives").toDoubleArray(), 0);
        assertArrayEquals(new double[] {1 + (double) 0.1f}, f.variables().get("intermediate_weights").toDoubleArray(), 0);
    }

    /** Beta 1 is F1Score to the last bit: one engine, and 1 * P + R and the doubling are exact. */
    @Test
    void betaOneIsF1Score() {
        for (F1Score.Average a : F1Score.Average.values()) {
            FBetaScore fb = fed(a, 1.0, 0.35);
            F1Score f1 = new F1Score(a, 0.35);
            f1.updateState(Y, P, W);
            f1.updateState(Y2, P2);
            assertArrayEquals(f1.result().toFloatArray(), fb.result().toFloatArray(), a.toString());
            if (a != F1Score.Average.NONE) {
                assertEquals(f1.doubleResult(), fb.doubleResult(), 0.0, a.toString());
            }
        }
    }

    @Test
    void refusesBadArgumentsAndBatches() {
        for (double beta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FBetaScore(beta));
            assertTrue(e.getMessage().contains("FBetaScore") && e.getMessage().contains("beta"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FBetaScore(F1Score.Average.NONE, 2, 0));
        assertTrue(e.getMessage().contains("FBetaScore: threshold must be in (0, 1]"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> new FBetaScore(null, 2));
        assertEquals("FBetaScore: average is null", n.getMessage());
        FBetaScore f = fed(F1Score.Average.MACRO, 2, 0.35);
        double before = f.doubleResult();
        e = assertThrows(IllegalArgumentException.class, () -> f.updateState(YD, PD));
        assertTrue(e.getMessage().contains("FBetaScore.updateState") && e.getMessage().contains("first batch had 4"),
                e.getMessage());
        assertEquals(before, f.doubleResult(), "a failed call changes nothing");
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> new FBetaScore(2).doubleResult());
        assertTrue(s.getMessage().startsWith("FBetaScore.doubleResult"), s.getMessage());
        assertEquals(0.0, new FBetaScore(F1Score.Average.MACRO, 2).doubleResult(), "before any batch");
        assertEquals(0, new FBetaScore(2).result().size(), "before any batch");
    }

    // scripts/fixtures/metrics_reference.py, fbeta_0.5_None_* and fbeta_2.0_0.35_* (float32 in Keras)
    private static final float[] FBETA_05_NONE = {0.5555554628372192f, 0.2777777314186096f, 0.238095223903656f, 0.0f};
    private static final double FBETA_05_MICRO = 0.37499993745425114;
    private static final double FBETA_05_MACRO = 0.2678571045398712;
    private static final double FBETA_05_WEIGHTED = 0.2341269552707672;
    private static final float[] FBETA_2_NONE = {1.0f, 0.5555555820465088f, 0.5555554628372192f, 0.0f};
    private static final double FBETA_2_MICRO = 0.48387093777969875;
    private static final double FBETA_2_MACRO = 0.5277777910232544;
    private static final double FBETA_2_WEIGHTED = 0.43888887763023376;
}
