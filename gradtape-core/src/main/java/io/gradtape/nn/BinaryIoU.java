package io.gradtape.nn;

import io.gradtape.Tensor;

/**
 * Keras's {@code BinaryIoU} ({@code keras/src/metrics/iou_metrics.py}): {@link IoU} for two classes, where a
 * prediction is class 1 when it is at least the threshold (compared in float32; NaN is class 0) and class 0 otherwise,
 * and the targets are class ids 0 and 1 (others are left out). The IoUs of the target classes ({@code {0, 1}} by
 * default, or one of them) are averaged. The {@link #variables()} are Keras's {@code total_confusion_matrix}, of
 * shape {@code (2, 2)}. See {@code IoUBase} for the details, and for why fractional sample weights are kept as they
 * are (Keras's default integer dtype would truncate them).
 *
 * <pre>{@code
 * BinaryIoU m = new BinaryIoU(new int[] {0, 1}, 0.3);
 * m.updateState(Tensors.constant(new int[] {0, 1, 0, 1}, 4), Tensors.constant(new float[] {0.1f, 0.2f, 0.4f, 0.7f}, 4));
 * m.doubleResult();   // 0.33333334, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new int[] {0, 1, 0, 1}, 4), Tensors.constant(new float[] {0.1f, 0.2f, 0.4f, 0.7f}, 4),
 *         Tensors.constant(new float[] {0.2f, 0.3f, 0.4f, 0.1f}, 4));
 * m.doubleResult();   // 0.17361112, Keras's docstring example (with dtype "float32")
 * }</pre>
 */
public final class BinaryIoU extends IoUBase {
    private final double threshold;

    /**
     * The mean IoU of both classes, threshold 0.5 (Keras's defaults).
     *
     * <pre>{@code
     * BinaryIoU m = new BinaryIoU();
     * }</pre>
     */
    public BinaryIoU() {
        this(new int[] {0, 1}, 0.5);
    }

    /**
     * Over the given target classes, with the given threshold.
     *
     * <pre>{@code
     * BinaryIoU m = new BinaryIoU(new int[] {1}, 0.0);   // on logits
     * }</pre>
     *
     * @param targetClassIds {@code {0}}, {@code {1}} or {@code {0, 1}}
     * @param threshold      predictions at least this are class 1; not NaN
     * @throws IllegalArgumentException if a target class id is not 0 or 1, or the threshold is NaN
     */
    public BinaryIoU(int[] targetClassIds, double threshold) {
        super(2, targetClassIds, false, 0, true, true);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("BinaryIoU: threshold is NaN (no prediction would ever be class 1)");
        }
        this.threshold = threshold;
    }

    /**
     * The threshold.
     *
     * <pre>{@code
     * new BinaryIoU().threshold();   // 0.5
     * }</pre>
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    @Override
    double[] predictedIds(String op, Tensor yPred) {
        double[] p = yPred.toDoubleArray();
        double[] ids = new double[p.length];
        float thr = (float) threshold;   // Keras: y_pred as float32 >= threshold
        for (int i = 0; i < p.length; i++) {
            ids[i] = (float) p[i] >= thr ? 1 : 0;
        }
        return ids;
    }
}
