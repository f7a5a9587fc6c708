package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras's R2Score (keras/src/metrics/regression_metrics.py) against its docstring example, hand derivations and the
 * NumPy transcription in scripts/fixtures/metrics_reference.py (r2_*; Keras sums in float32, hence the 1e-6).
 */
class R2ScoreTest {
    // the fixture script's RY, RP, RW (row weights), RY2, RP2, RW2 (element weights, a row of zeros)
    private static final Tensor Y = Tensors.constant(new float[] {1, 10, 2, 12, 4, 9, 3.5f, 15}, 4, 2);
    private static final Tensor P = Tensors.constant(new float[] {1.5f, 11, 2, 11.5f, 3, 10, 4, 13}, 4, 2);
    private static final Tensor W = Tensors.constant(new float[] {1, 2, 0, 0.5f}, 4);
    private static final Tensor Y2 = Tensors.constant(new float[] {0, 8, 5, 14, 2.5f, 10}, 3, 2);
    private static final Tensor P2 = Tensors.constant(new float[] {0.5f, 9, 4, 13, 2, 10.5f}, 3, 2);
    private static final Tensor W2 = Tensors.constant(new float[] {1, 0, 1, 1, 0, 0}, 3, 2);

    /**
     * Keras's docstring: y [1, 4, 3], p [2, 4, 4] give 0.57142854 (float32); by hand SS_res = 1 + 0 + 1 = 2, mean 8/3,
     * SS_tot = 26 - 64/3 = 14/3, R2 = 1 - 2 / (14/3) = 4/7.
     */
    @Test
    void matchesKerasDocstring() {
        R2Score r2 = new R2Score();
        r2.updateState(Tensors.constant(new float[] {1, 4, 3}, 3, 1), Tensors.constant(new float[] {2, 4, 4}, 3, 1));
        assertEquals(4.0 / 7, r2.doubleResult(), 1e-12);
        assertEquals(0.57142854f, r2.result().floatValue(), 1e-7f);
        assertEquals(List.of("num_samples", "squared_sum", "sum", "residual", "count"), List.copyOf(r2.variables().keySet()));
        assertArrayEquals(new double[] {26}, r2.variables().get("squared_sum").toDoubleArray());
        assertEquals(3.0, r2.variables().get("num_samples").doubleValue());
        // rank-1 targets against (n, 1) predictions are matched by squeeze_or_expand_to_same_rank
        R2Score r = new R2Score();
        r.updateState(Tensors.constant(new float[] {1, 4, 3}, 3), Tensors.constant(new float[] {2, 4, 4}, 3, 1));
        assertEquals(4.0 / 7, r.doubleResult(), 1e-12);
    }

    private static R2Score fed(R2Score.ClassAggregation a, int k) {
        R2Score r = new R2Score(a, k);
        r.updateState(Y, P, W);
        r.updateState(Y2, P2, W2);
        return r;
    }

    /**
     * Two outputs, two batches (row weights, then element weights with a zero row, which does not count in
     * num_samples, so that it is 3 + 2 = 5): every aggregation, plain and adjusted with 1 regressor; with 4 regressors
     * (= num_samples - 1) Keras falls back to the plain score, and so with 7 (more than num_samples - 1).
     */
    @Test
    void weightedBatchesMatchNumpy() {
        R2Score r = fed(R2Score.ClassAggregation.UNIFORM_AVERAGE, 0);
        assertEquals(R2_NUM_SAMPLES, r.variables().get("num_samples").doubleValue());
        assertArrayEquals(R2_SQUARED_SUM, r.variables().get("squared_sum").toDoubleArray(), 1e-4);
        assertArrayEquals(R2_SUM, r.variables().get("sum").toDoubleArray(), 1e-5);
        assertArrayEquals(R2_RESIDUAL, r.variables().get("residual").toDoubleArray(), 1e-5);
        assertArrayEquals(R2_COUNT, r.variables().get("count").toDoubleArray(), 1e-6);
        assertEquals(R2_UNIFORM_0, r.doubleResult(), 1e-6);
        assertEquals(R2_UNIFORM_1, fed(R2Score.ClassAggregation.UNIFORM_AVERAGE, 1).doubleResult(), 1e-6);
        assertEquals(R2_UNIFORM_4, fed(R2Score.ClassAggregation.UNIFORM_AVERAGE, 4).doubleResult(), 1e-6);
        assertEquals(R2_VARIANCE_0, fed(R2Score.ClassAggregation.VARIANCE_WEIGHTED_AVERAGE, 0).doubleResult(), 1e-6);
        assertEquals(R2_VARIANCE_1, fed(R2Score.ClassAggregation.VARIANCE_WEIGHTED_AVERAGE, 1).doubleResult(), 1e-6);
        Tensor none = fed(R2Score.ClassAggregation.NONE, 0).result();
        assertEquals(Shape.of(2), none.shape());
        assertArrayEquals(R2_NONE_0, none.toFloatArray(), 1e-6f);
        assertArrayEquals(R2_NONE_1, fed(R2Score.ClassAggregation.NONE, 1).result().toFloatArray(), 1e-6f);
        assertArrayEquals(R2_NONE_4, fed(R2Score.ClassAggregation.NONE, 4).result().toFloatArray(), 1e-6f);
        assertEquals(R2_UNIFORM_0, R2_UNIFORM_4, 0.0, "k = num_samples - 1: Keras's fallback to the plain score");
        assertEquals(R2_UNIFORM_0, fed(R2Score.ClassAggregation.UNIFORM_AVERAGE, 7).doubleResult(), 1e-6,
                "k > num_samples - 1: the plain score, as Keras's fallback");
    }

    /**
     * An output with constant targets: SS_tot = 0 and SS_res > 0 give -inf, which Keras replaces by 0. Targets
     * [1, 1] predicted [1.5, 0]: output 0 scores 0; output 1, y [2, 3], p [2, 3.5]: SS_res 0.25, SS_tot 0.5, so 0.5;
     * the mean is 0.25 (NumPy r2_constant_first_output).
     */
    @Test
    void infiniteScoreCountsAsZero() {
        R2Score r = new R2Score(R2Score.ClassAggregation.NONE, 0);
        r.updateState(Tensors.constant(new float[] {1, 2, 1, 3}, 2, 2), Tensors.constant(new float[] {1.5f, 2, 0, 3.5f}, 2, 2));
        assertArrayEquals(new float[] {0, 0.5f}, r.result().toFloatArray(), 1e-7f);
        R2Score u = new R2Score();
        u.updateState(Tensors.constant(new float[] {1, 2, 1, 3}, 2, 2), Tensors.constant(new float[] {1.5f, 2, 0, 3.5f}, 2, 2));
        assertEquals(0.25, u.doubleResult(), 1e-12);
    }

    /** Before a batch 0 (Keras has no variables yet); after a reset 0 / 0 = NaN, as Keras; the output count stays. */
    @Test
    void beforeAndAfterReset() {
        R2Score r = new R2Score();
        assertEquals(0.0, r.doubleResult());
        assertEquals(0, new R2Score(R2Score.ClassAggregation.NONE, 0).result().size());
        assertEquals(Shape.of(0), r.variables().get("sum").shape());
        r.updateState(Y, P, W);
        r.resetState();
        assertTrue(Double.isNaN(r.doubleResult()), "Keras: mean = 0 / 0");
        assertArrayEquals(new double[2], r.variables().get("sum").toDoubleArray());
        assertEquals(0.0, r.variables().get("num_samples").doubleValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.updateState(Tensors.constant(new float[3], 1, 3), Tensors.constant(new float[3], 1, 3)));
        assertTrue(e.getMessage().contains("R2Score.updateState") && e.getMessage().contains("first batch had 2"), e.getMessage());
        r.updateState(Y, P, W);
        r.updateState(Y2, P2, W2);
        assertEquals(R2_UNIFORM_0, r.doubleResult(), 1e-6, "after a reset, the same output count goes on");
    }

    @Test
    void refusesBadArgumentsAndChangesNothing() {
        assertThrows(IllegalArgumentException.class, () -> new R2Score(R2Score.ClassAggregation.NONE, -1));
        assertThrows(NullPointerException.class, () -> new R2Score(null, 0));
        R2Score r = fed(R2Score.ClassAggregation.UNIFORM_AVERAGE, 0);
        double before = r.doubleResult();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.updateState(Tensors.constant(new float[8], 2, 2, 2), Tensors.constant(new float[8], 2, 2, 2)));
        assertTrue(e.getMessage().contains("(batch, outputs)") && e.getMessage().contains("(2, 2, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.updateState(Y, P, Tensors.constant(new float[3], 3)));
        assertTrue(e.getMessage().contains("sampleWeight of shape (3,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.updateState(Y, Tensors.constant(new float[8], 2, 4)));
        assertTrue(e.getMessage().contains("(4, 2)") && e.getMessage().contains("(2, 4)"), e.getMessage());
        assertEquals(before, r.doubleResult(), "failed calls change nothing");
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> new R2Score(R2Score.ClassAggregation.NONE, 0).doubleResult());
        assertTrue(s.getMessage().contains("result()"), s.getMessage());
    }

    // scripts/fixtures/metrics_reference.py, r2_* (float32 in Keras)
    private static final double R2_NUM_SAMPLES = 5.0;
    private static final double[] R2_SQUARED_SUM = {40.125, 696.5};
    private static final double[] R2_SUM = {11.75, 55.5};
    private static final double[] R2_RESIDUAL = {1.625, 4.5};
    private static final double[] R2_COUNT = {5.5, 4.5};
    private static final double R2_UNIFORM_0 = 0.7584152817726135;
    private static final double R2_UNIFORM_1 = 0.6778870423634846;
    private static final double R2_UNIFORM_4 = 0.7584152817726135;
    private static final double R2_VARIANCE_0 = 0.7733389139175415;
    private static final double R2_VARIANCE_1 = 0.6977852185567219;
    private static final float[] R2_NONE_0 = {0.891830563545227f, 0.625f};
    private static final float[] R2_NONE_1 = {0.8557741045951843f, 0.5f};
    private static final float[] R2_NONE_4 = {0.891830563545227f, 0.625f};
}
