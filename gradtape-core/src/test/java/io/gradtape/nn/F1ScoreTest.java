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
 * Keras's F1Score (FBetaScore with beta 1, keras/src/metrics/f_score_metrics.py) against its docstring example and a
 * NumPy transcription of its update_state and result (float32 thresholds, float64 counts, Keras's 1e-7s).
 */
class F1ScoreTest {
    private static final Tensor YD = Tensors.constant(new int[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, 3, 3);
    private static final Tensor PD = Tensors.constant(new float[] {0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0}, 3, 3);

    private static F1Score docExample(F1Score.Average average) {
        F1Score f = new F1Score(average, 0.5);
        f.updateState(YD, PD);
        return f;
    }

    /**
     * Keras's docstring: threshold 0.5 gives [0.5, 0.8, 0.6666667] per class; NumPy: micro 0.6666666055555593, macro
     * 0.65555547842593, weighted 0.6277776945833383.
     */
    @Test
    void f1MatchesKerasDocstringAndAverages() {
        F1Score none = docExample(F1Score.Average.NONE);
        assertArrayEquals(new float[] {0.49999994f, 0.79999992f, 0.66666658f}, none.result().toFloatArray(), 1e-7f);
        assertEquals(Shape.of(3), none.result().shape());
        IllegalStateException e = assertThrows(IllegalStateException.class, none::doubleResult);
        assertTrue(e.getMessage().contains("F1Score") && e.getMessage().contains("result()"), e.getMessage());
        assertEquals(0.6666666055555593, docExample(F1Score.Average.MICRO).doubleResult(), 1e-12);
        assertEquals(0.65555547842593, docExample(F1Score.Average.MACRO).doubleResult(), 1e-12);
        assertEquals(0.6277776945833383, docExample(F1Score.Average.WEIGHTED).doubleResult(), 1e-12);
        assertEquals((float) 0.65555547842593, docExample(F1Score.Average.MACRO).result().floatValue());
        assertEquals(List.of("true_positives", "false_positives", "false_negatives", "intermediate_weights"),
                List.copyOf(none.variables().keySet()));
        assertEquals(Shape.SCALAR, docExample(F1Score.Average.MICRO).variables().get("true_positives").shape());
    }

    /**
     * Without a threshold a prediction counts when it is its row's largest and not 0: tied maxima all count, a row
     * of zeros predicts nothing. Two batches, the first with row weights [1, 2, 0.5, 1, 3]; NumPy: per class
     * [0.66666661, 0.33333328, 0.33333328, 0], counts tp [3, 1, 0.5, 0], fp [3, 3, 2, 0], fn [0, 1, 0, 4.5],
     * weights [3, 2, 0.5, 4.5]; micro 0.3999999470617346 (tp 4.5, fp 8, fn 5.5), macro 0.3333332921296321,
     * weighted 0.2833332991111136.
     */
    @Test
    void f1WithoutThresholdTakesTheRowMaximaAndAccumulates() {
        Tensor y = Tensors.constant(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1}, 5, 4);
        Tensor p = Tensors.constant(new float[] {0.1f, 0.5f, 0.5f, 0, 0.7f, 0.2f, 0.05f, 0.05f, 0.2f, 0.3f, 0.4f, 0.1f,
            0, 0, 0, 0, 0.3f, 0.3f, 0.2f, 0.2f}, 5, 4);
        Tensor w = Tensors.constant(new float[] {1, 2, 0.5f, 1, 3}, 5);
        Tensor y2 = Tensors.constant(new float[] {1, 0, 0, 0, 0, 0, 0, 1}, 2, 4);
        Tensor p2 = Tensors.constant(new float[] {0.9f, 0.1f, 0, 0, 0.2f, 0.2f, 0.5f, 0.1f}, 2, 4);
        F1Score[] f = {new F1Score(), new F1Score(F1Score.Average.MICRO), new F1Score(F1Score.Average.MACRO), new F1Score(F1Score.Average.WEIGHTED)};
        for (F1Score m : f) {
            m.updateState(y, p, w);
            m.updateState(y2, p2);
        }
        assertArrayEquals(new float[] {0.66666661f, 0.33333328f, 0.33333328f, 0}, f[0].result().toFloatArray(), 1e-7f);
        assertArrayEquals(new double[] {3, 1, 0.5, 0}, f[0].variables().get("true_positives").toDoubleArray());
        assertArrayEquals(new double[] {3, 3, 2, 0}, f[0].variables().get("false_positives").toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 0, 4.5}, f[0].variables().get("false_negatives").toDoubleArray());
        assertArrayEquals(new double[] {3, 2, 0.5, 4.5}, f[0].variables().get("intermediate_weights").toDoubleArray());
        assertEquals(0.3999999470617346, f[1].doubleResult(), 1e-12);
        assertArrayEquals(new double[] {4.5}, f[1].variables().get("true_positives").toDoubleArray());
        assertEquals(0.3333332921296321, f[2].doubleResult(), 1e-12);
        assertEquals(0.2833332991111136, f[3].doubleResult(), 1e-12);

        // refusals name the metric and the shapes, and change nothing
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f[2].updateState(YD, PD));
        assertTrue(e.getMessage().contains("F1Score.updateState") && e.getMessage().contains("(3, 3)") && e.getMessage().contains("4"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f[2].updateState(y, Tensors.constant(new float[20], 4, 5)));
        assertTrue(e.getMessage().contains("(5, 4)") && e.getMessage().contains("(4, 5)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f[2].updateState(Tensors.constant(new float[4], 4), Tensors.constant(new float[4], 4)));
        e = assertThrows(IllegalArgumentException.class, () -> f[2].updateState(y, p, Tensors.constant(new float[4], 4)));
        assertTrue(e.getMessage().contains("sampleWeight of shape (4,)"), e.getMessage());
        assertEquals(0.3333332921296321, f[2].doubleResult(), 1e-12, "a failed call changes nothing");
        // MICRO pools every class, so another class count is accepted, as Keras's scalar variables
        f[1].updateState(YD, PD);
        // Keras's reset_state zeroes the variables built with shape (4,): the class count stays, another is refused
        f[2].resetState();
        assertEquals(0.0, f[2].doubleResult());
        assertArrayEquals(new double[4], f[2].variables().get("true_positives").toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> f[2].updateState(YD, PD));
        F1Score macro = new F1Score(F1Score.Average.MACRO);
        macro.updateState(YD, PD);
        assertEquals(3, macro.variables().get("true_positives").size());
        assertEquals(0.3888888342592631, macro.doubleResult(), 1e-12);   // NumPy: the docstring batch by row maxima, macro
        macro.resetState();
        macro.updateState(YD, PD);   // after a reset, the same class count goes on as before
        assertEquals(0.3888888342592631, macro.doubleResult(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new F1Score(F1Score.Average.NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> new F1Score(F1Score.Average.NONE, Double.NaN));
        assertThrows(NullPointerException.class, () -> new F1Score(null));
        assertEquals("F1Score: []", new F1Score().toString());
        assertEquals(0, new F1Score().result().size());
    }
}
