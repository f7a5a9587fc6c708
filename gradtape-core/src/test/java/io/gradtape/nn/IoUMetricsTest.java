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
 * Keras's IoU, MeanIoU, BinaryIoU, OneHotIoU and OneHotMeanIoU (keras/src/metrics/iou_metrics.py) against their
 * docstring examples (the weighted ones hold with dtype "float32", as Keras's tests pass it), hand derivations and
 * the NumPy transcription in scripts/fixtures/metrics_reference.py (iou_*).
 */
class IoUMetricsTest {
    private static Tensor ints(int... v) {
        return Tensors.constant(v, v.length);
    }

    private static Tensor floats(float... v) {
        return Tensors.constant(v, v.length);
    }

    private static final Tensor Y4 = ints(0, 0, 1, 1);
    private static final Tensor P4 = ints(0, 1, 0, 1);

    /**
     * cm [[1, 1], [1, 1]]: each class 1 / (2 + 2 - 1) = 1/3 (with Keras's 1e-7s, 0.33333334 in float32); weighted
     * [0.3, 0.3, 0.3, 0.1]: cm [[0.3, 0.3], [0.3, 0.1]], class 0 0.3 / 0.9, class 1 0.1 / 0.7, their mean 0.23809525.
     */
    @Test
    void iouAndMeanIouMatchKerasDocstrings() {
        IoU iou = new IoU(2, new int[] {0});
        iou.updateState(Y4, P4);
        assertEquals(0.33333334, iou.doubleResult(), 1e-6);
        iou.resetState();
        iou.updateState(Y4, P4, floats(0.3f, 0.3f, 0.3f, 0.1f));
        assertEquals(0.33333334, iou.doubleResult(), 1e-6);
        MeanIoU mean = new MeanIoU(2);
        mean.updateState(Y4, P4);
        assertEquals(0.33333334, mean.doubleResult(), 1e-6);
        mean.resetState();
        mean.updateState(Y4, P4, floats(0.3f, 0.3f, 0.3f, 0.1f));
        assertEquals(0.23809525, mean.doubleResult(), 1e-6);
        assertEquals(List.of("total_confusion_matrix"), List.copyOf(mean.variables().keySet()));
        Tensor cm = mean.variables().get("total_confusion_matrix");
        assertEquals(Shape.of(2, 2), cm.shape());
        assertArrayEquals(new double[] {0.3f, 0.3f, 0.3f, 0.1f}, cm.toDoubleArray(), 0.0, "rows the targets; float32 weights");
        assertEquals(0.0, new MeanIoU(3).doubleResult(), "before any batch: no valid class, 0 / 1e-7");
    }

    /**
     * Threshold 0.3: predictions [0, 0, 1, 1] against [0, 1, 0, 1], cm [[1, 1], [1, 1]], 1/3; weighted
     * [0.2, 0.3, 0.4, 0.1]: cm [[0.2, 0.4], [0.3, 0.1]], class 0 0.2 / 0.9, class 1 0.1 / 0.8, mean 0.17361112.
     */
    @Test
    void binaryIouMatchesKerasDocstring() {
        BinaryIoU m = new BinaryIoU(new int[] {0, 1}, 0.3);
        m.updateState(ints(0, 1, 0, 1), floats(0.1f, 0.2f, 0.4f, 0.7f));
        assertEquals(0.33333334, m.doubleResult(), 1e-6);
        m.resetState();
        m.updateState(ints(0, 1, 0, 1), floats(0.1f, 0.2f, 0.4f, 0.7f), floats(0.2f, 0.3f, 0.4f, 0.1f));
        assertEquals(0.17361112, m.doubleResult(), 1e-6);
        // a prediction equal to the threshold is class 1 (Keras: y_pred >= threshold)
        BinaryIoU one = new BinaryIoU(new int[] {1}, 0.5);
        one.updateState(ints(1), floats(0.5f));
        assertEquals(1.0, one.doubleResult(), 1e-6);
        assertEquals(0.5, new BinaryIoU().threshold());
    }

    private static final Tensor Y1H = Tensors.constant(new int[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0}, 4, 3);
    private static final Tensor P1H = Tensors.constant(new float[] {0.2f, 0.3f, 0.5f, 0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.1f,
        0.1f, 0.4f, 0.5f}, 4, 3);
    private static final Tensor W1H = floats(0.1f, 0.2f, 0.3f, 0.4f);

    /**
     * The argmaxes are [2, 0, 1, 0] and [2, 2, 0, 2]: cm [[0, 0, 0.6], [0.3, 0, 0], [0, 0, 0.1]]. Class 0: 0 / 0.9;
     * class 1: 0 / 0.3; class 2: 0.1 / 0.7. Targets [0, 2]: 0.0714 (Keras: 0.071); all: 0.0476 (Keras: 0.048).
     */
    @Test
    void oneHotMatchKerasDocstrings() {
        OneHotIoU m = new OneHotIoU(3, new int[] {0, 2});
        m.updateState(Y1H, P1H, W1H);
        assertEquals((0.1 / (0.7 + 1e-7)) / (2 + 1e-7), m.doubleResult(), 1e-6);
        OneHotMeanIoU mean = new OneHotMeanIoU(3);
        mean.updateState(Y1H, P1H, W1H);
        assertEquals((0.1 / (0.7 + 1e-7)) / (3 + 1e-7), mean.doubleResult(), 1e-6);
        // sparse predictions: the ids themselves
        OneHotMeanIoU sparse = new OneHotMeanIoU(3, true);
        sparse.updateState(Y1H, ints(2, 2, 0, 2), W1H);
        assertEquals(mean.doubleResult(), sparse.doubleResult(), 0.0);
    }

    /**
     * Three classes, ignored class 255: batch 1 of shape (2, 3) with element weights holds an ignored target and a
     * predicted id 3 out of range (both left out); batch 2 is bare (NumPy iou_*).
     */
    @Test
    void ignoredAndOutOfRangeIdsAcrossBatchesMatchNumpy() {
        Tensor y = Tensors.constant(new int[] {0, 1, 2, 2, 255, 1}, 2, 3);
        Tensor p = Tensors.constant(new int[] {0, 2, 2, 1, 0, 3}, 2, 3);
        Tensor w = Tensors.constant(new float[] {1, 0.5f, 2, 1, 4, 1.5f}, 2, 3);
        MeanIoU mean = new MeanIoU(3, 255, true, true);
        IoU two = new IoU(3, new int[] {2, 1}, 255, true, true);
        for (IoUBase m : new IoUBase[] {mean, two}) {
            m.updateState(y, p, w);
            m.updateState(ints(1, 1, 0, 2), ints(1, 0, 0, 2));
        }
        assertArrayEquals(IOU_MATRIX, mean.variables().get("total_confusion_matrix").toDoubleArray(), 1e-12);
        assertEquals(IOU_MEAN, mean.doubleResult(), 1e-12);
        assertEquals(IOU_TARGETS_2_1, two.doubleResult(), 1e-12);
    }

    @Test
    void refusesBadArgumentsAndChangesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IoU(2, new int[] {2}));
        assertTrue(e.getMessage().equals("IoU: target class id 2 is out of range, which is [0, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IoU(2, new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> new IoU(2, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new MeanIoU(0));
        assertThrows(IllegalArgumentException.class, () -> new BinaryIoU(new int[] {0}, Double.NaN));
        assertThrows(NullPointerException.class, () -> new IoU(2, null));
        MeanIoU m = new MeanIoU(2);
        m.updateState(Y4, P4);
        e = assertThrows(IllegalArgumentException.class, () -> m.updateState(Y4, ints(0, 1)));
        assertTrue(e.getMessage().contains("MeanIoU.updateState") && e.getMessage().contains("4 class ids"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.updateState(Y4, P4, floats(1, 2)));
        assertTrue(e.getMessage().contains("sampleWeight of shape (2,)"), e.getMessage());
        OneHotMeanIoU o = new OneHotMeanIoU(3);
        e = assertThrows(IllegalArgumentException.class, () -> o.updateState(Tensors.constant(1), P1H));
        assertTrue(e.getMessage().contains("yTrue") && e.getMessage().contains("rank >= 1"), e.getMessage());
        assertArrayEquals(new double[] {1, 1, 1, 1}, m.variables().get("total_confusion_matrix").toDoubleArray(),
                "failed calls change nothing");
    }

    // scripts/fixtures/metrics_reference.py, iou_* (float32 weights, double sums)
    private static final double[] IOU_MATRIX = {2.0, 0.0, 0.0, 1.0, 1.0, 0.5, 0.0, 1.0, 3.0};
    private static final double IOU_MEAN = 0.5396825066263559;
    private static final double IOU_TARGETS_2_1 = 0.47619044089191437;
}
