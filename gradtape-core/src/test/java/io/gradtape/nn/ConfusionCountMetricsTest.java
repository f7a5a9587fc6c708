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
 * Keras's TruePositives, FalsePositives, TrueNegatives and FalseNegatives (keras/src/metrics/confusion_metrics.py,
 * metrics_utils.update_confusion_matrix_variables) against their docstring examples, hand derivations and the NumPy
 * transcription in scripts/fixtures/metrics_reference.py (counts_*, even_*).
 */
class ConfusionCountMetricsTest {
    private static Tensor ints(int... v) {
        return Tensors.constant(v, v.length);
    }

    private static Tensor floats(float... v) {
        return Tensors.constant(v, v.length);
    }

    /** The four docstring examples: 2.0 unweighted, 1.0 with sample weights [0, 0, 1, 0]. */
    @Test
    void matchKerasDocstrings() {
        ConfusionConditionCount[] m = {new TruePositives(), new FalsePositives(), new TrueNegatives(), new FalseNegatives()};
        int[][] y = {{0, 1, 1, 1}, {0, 1, 0, 0}, {0, 1, 0, 0}, {0, 1, 1, 1}};
        float[][] p = {{1, 0, 1, 1}, {0, 0, 1, 1}, {1, 1, 0, 0}, {0, 1, 0, 0}};
        for (int i = 0; i < 4; i++) {
            m[i].updateState(ints(y[i]), floats(p[i]));
            assertEquals(2.0, m[i].doubleResult(), m[i].getClass().getSimpleName());
            assertEquals(Shape.SCALAR, m[i].result().shape());
            m[i].resetState();
            m[i].updateState(ints(y[i]), floats(p[i]), floats(0, 0, 1, 0));
            assertEquals(1.0, m[i].doubleResult(), m[i].getClass().getSimpleName());
            assertEquals(List.of("accumulator"), List.copyOf(m[i].variables().keySet()));
            assertEquals(Shape.of(1), m[i].variables().get("accumulator").shape());
        }
    }

    // the fixture script's CY, CP, CW (row weights), CY2, CP2
    private static final Tensor Y = Tensors.constant(new int[] {1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0}, 4, 3);
    private static final Tensor P = Tensors.constant(new float[] {0.9f, 0.2f, 0.5f, 0.15f, 0.6f, 0.85f, 0.4f, 0.3f, 0.1f,
        0.86f, 0.5f, 0.7f}, 4, 3);
    private static final Tensor W = Tensors.constant(new float[] {1, 2, 0.5f, 3}, 4);
    private static final Tensor Y2 = Tensors.constant(new int[] {0, 0, 0, 1, 1, 1}, 2, 3);
    private static final Tensor P2 = Tensors.constant(new float[] {0.2f, 0.9f, 0.5f, 0.5f, 0.51f, 0.14f}, 2, 3);

    private static double[] fed(ConfusionConditionCount m) {
        m.updateState(Y, P, W);
        m.updateState(Y2, P2);
        return m.variables().get("accumulator").toDoubleArray();
    }

    /**
     * Thresholds [0.15, 0.5, 0.85] (not evenly spaced: each prediction compared, strictly above), a weighted and a bare
     * batch of (batch, 3) multi-label data; predictions equal to a threshold are not above it.
     */
    @Test
    void severalThresholdsMatchNumpy() {
        assertArrayEquals(COUNTS_TP, fed(new TruePositives(0.15, 0.5, 0.85)), 1e-12);
        assertArrayEquals(COUNTS_FP, fed(new FalsePositives(0.15, 0.5, 0.85)), 1e-12);
        assertArrayEquals(COUNTS_TN, fed(new TrueNegatives(0.15, 0.5, 0.85)), 1e-12);
        assertArrayEquals(COUNTS_FN, fed(new FalseNegatives(0.15, 0.5, 0.85)), 1e-12);
        TruePositives tp = new TruePositives(0.15, 0.5, 0.85);
        fed(tp);
        assertEquals(Shape.of(3), tp.result().shape());
        IllegalStateException e = assertThrows(IllegalStateException.class, tp::doubleResult);
        assertTrue(e.getMessage().contains("TruePositives.doubleResult") && e.getMessage().contains("3 thresholds"),
                e.getMessage());
        assertArrayEquals(new double[] {0.15, 0.5, 0.85}, tp.thresholds());
    }

    /** Evenly spaced thresholds take Keras's bucketed path; on these predictions (none at 0 or outside [0, 1]) the
     * counts are the comparisons' (NumPy even_*). */
    @Test
    void evenlySpacedThresholdsMatchNumpy() {
        assertArrayEquals(EVEN_TP, fed(new TruePositives(0, 0.25, 0.5, 0.75, 1)), 1e-12);
        assertArrayEquals(EVEN_FP, fed(new FalsePositives(0, 0.25, 0.5, 0.75, 1)), 1e-12);
        assertArrayEquals(EVEN_TN, fed(new TrueNegatives(0, 0.25, 0.5, 0.75, 1)), 1e-12);
        assertArrayEquals(EVEN_FN, fed(new FalseNegatives(0, 0.25, 0.5, 0.75, 1)), 1e-12);
    }

    /**
     * By hand: targets [1, 1], predictions [1.5, -0.2]. On the bucketed path (thresholds 0, 0.5, 1) Keras clips 1.5 to
     * 1, in bucket ceil(1 * 2) - 1 = 1, positive at thresholds 0 and 0.5 but not 1: [1, 1, 0]; -0.2 clips to 0, bucket
     * -1, positive nowhere. Compared (thresholds 0 and 1, two, so not "evenly spaced"), 1.5 is above both: [1, 1].
     */
    @Test
    void bucketedPathClipsAsKeras() {
        TruePositives even = new TruePositives(0, 0.5, 1);
        even.updateState(floats(1, 1), floats(1.5f, -0.2f));
        assertArrayEquals(new float[] {1, 1, 0}, even.result().toFloatArray());
        TruePositives compared = new TruePositives(0, 1);
        compared.updateState(floats(1, 1), floats(1.5f, -0.2f));
        assertArrayEquals(new float[] {1, 1}, compared.result().toFloatArray());
        FalseNegatives fn = new FalseNegatives(0, 0.5, 1);
        fn.updateState(floats(1, 1), floats(1.5f, -0.2f));
        assertArrayEquals(new float[] {1, 1, 2}, fn.result().toFloatArray());
    }

    /**
     * Keras casts the targets to its float32 variables' dtype before testing them against 0, so a float64 target of
     * 1e-50 (0 in float32) is negative: with prediction 0.9 no true positive at threshold 0, on either path; a
     * float64 target 1e-30 (nonzero in float32) is positive.
     */
    @Test
    void targetsAreTestedInFloat32() {
        Tensor tiny = Tensors.constant(new double[] {1e-50}, 1);
        TruePositives compared = new TruePositives(0.0);
        compared.updateState(tiny, floats(0.9f));
        assertEquals(0.0, compared.doubleResult());
        FalsePositives fp = new FalsePositives(0.0);
        fp.updateState(tiny, floats(0.9f));
        assertEquals(1.0, fp.doubleResult(), "counted as a negative instead");
        TruePositives even = new TruePositives(0, 0.5, 1);
        even.updateState(tiny, floats(0.9f));
        assertArrayEquals(new float[] {0, 0, 0}, even.result().toFloatArray());
        TruePositives small = new TruePositives(0.0);
        small.updateState(Tensors.constant(new double[] {1e-30}, 1), floats(0.9f));
        assertEquals(1.0, small.doubleResult());
    }

    /**
     * A prediction exactly on a threshold, as Keras's bucketed path places it: (float) (7 / 13.0) = 0.53846157f times
     * 13 is 7.0000005 in float32 (NumPy: np.float32(np.float32(7 / 13) * np.float32(13))), bucket ceil(7.0000005) - 1
     * = 7, so with 14 evenly spaced thresholds it is positive at threshold 7 = 7/13 itself; compared directly (one
     * threshold) it is not above it. (float) 0.5 times 4 is exactly 2, bucket 1: with 5 thresholds not positive at 0.5.
     */
    @Test
    void aPredictionOnAThresholdFollowsKerasBuckets() {
        double[] fourteen = new double[14];
        for (int i = 0; i < 14; i++) {
            fourteen[i] = i / 13.0;
        }
        float p = (float) (7 / 13.0);
        TruePositives even = new TruePositives(fourteen);
        even.updateState(floats(1), floats(p));
        float[] expected = new float[14];
        java.util.Arrays.fill(expected, 0, 8, 1);
        assertArrayEquals(expected, even.result().toFloatArray());
        TruePositives compared = new TruePositives(7 / 13.0);
        compared.updateState(floats(1), floats(p));
        assertEquals(0.0, compared.doubleResult());
        TruePositives half = new TruePositives(0, 0.25, 0.5, 0.75, 1);
        half.updateState(floats(1), floats(0.5f));
        assertArrayEquals(new float[] {1, 1, 0, 0, 0}, half.result().toFloatArray());
    }

    @Test
    void refusesBadThresholdsAndShapes() {
        for (double t : new double[] {-0.1, 1.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TruePositives(0.5, t));
            assertTrue(e.getMessage().startsWith("TruePositives: thresholds must be in [0, 1]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new FalsePositives(new double[0]));
        assertThrows(NullPointerException.class, () -> new FalsePositives((double[]) null));
        TrueNegatives tn = new TrueNegatives();
        tn.updateState(ints(0, 0), floats(0.2f, 0.7f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tn.updateState(ints(0, 0, 1), floats(0, 1)));
        assertTrue(e.getMessage().contains("TrueNegatives.updateState") && e.getMessage().contains("(3,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tn.updateState(ints(0, 0), floats(0, 1), floats(1, 2, 3)));
        assertTrue(e.getMessage().contains("sampleWeight of shape (3,)"), e.getMessage());
        assertEquals(1.0, tn.doubleResult(), "failed calls change nothing");
        assertEquals("TrueNegatives: 1.0", tn.toString());
    }

    // scripts/fixtures/metrics_reference.py, counts_* and even_*
    private static final double[] COUNTS_TP = {10.0, 4.0, 1.0};
    private static final double[] COUNTS_FP = {12.0, 9.0, 4.0};
    private static final double[] COUNTS_TN = {2.5, 5.5, 10.5};
    private static final double[] COUNTS_FN = {1.0, 7.0, 10.0};
    private static final double[] EVEN_TP = {11.0, 10.0, 4.0, 3.0, 0.0};
    private static final double[] EVEN_FP = {14.5, 10.0, 9.0, 4.0, 0.0};
    private static final double[] EVEN_TN = {0.0, 4.5, 5.5, 10.5, 14.5};
    private static final double[] EVEN_FN = {0.0, 1.0, 7.0, 8.0, 11.0};
}
