package io.gradtape.nn;

/**
 * Keras's {@code MeanIoU} ({@code keras/src/metrics/iou_metrics.py}): the intersection over union,
 * {@code tp / (tp + fp + fn)}, of every class, averaged over the classes present in targets or predictions; it is
 * {@link IoU} with every class a target class. Targets and predictions are class ids of any shape (flattened), or,
 * with {@code sparseYTrue} / {@code sparseYPred} false, scores whose argmax over the last axis is the class. The
 * {@link #variables()} are Keras's {@code total_confusion_matrix}, of shape {@code (numClasses, numClasses)}. See
 * {@code IoUBase} for the details, and for why fractional sample weights are kept as they are (Keras's default
 * integer dtype would truncate them).
 *
 * <pre>{@code
 * MeanIoU m = new MeanIoU(2);
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1}, 4), Tensors.constant(new int[] {0, 1, 0, 1}, 4));
 * m.doubleResult();   // 0.33333334, Keras's docstring example
 * m.resetState();
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1}, 4), Tensors.constant(new int[] {0, 1, 0, 1}, 4),
 *         Tensors.constant(new float[] {0.3f, 0.3f, 0.3f, 0.1f}, 4));
 * m.doubleResult();   // 0.23809525, Keras's docstring example (with dtype "float32")
 * }</pre>
 */
public final class MeanIoU extends IoUBase {
    /**
     * Over every class, with class ids for targets and predictions.
     *
     * <pre>{@code
     * MeanIoU m = new MeanIoU(3);
     * }</pre>
     *
     * @param numClasses the number of classes, {@code >= 1}
     * @throws IllegalArgumentException if numClasses is below 1
     */
    public MeanIoU(int numClasses) {
        this(numClasses, true, true);
    }

    /**
     * Over every class, with targets and predictions as class ids or scores.
     *
     * <pre>{@code
     * MeanIoU m = new MeanIoU(3, true, false);   // ids against scores of shape (..., 3)
     * }</pre>
     *
     * @param numClasses  the number of classes, {@code >= 1}
     * @param sparseYTrue whether targets are class ids (else scores, the argmax taken)
     * @param sparseYPred whether predictions are class ids (else scores, the argmax taken)
     * @throws IllegalArgumentException if numClasses is below 1
     */
    public MeanIoU(int numClasses, boolean sparseYTrue, boolean sparseYPred) {
        super(numClasses, allClasses(numClasses), false, 0, sparseYTrue, sparseYPred);
    }

    /**
     * As {@link #MeanIoU(int, boolean, boolean)}, leaving out every pair whose target is {@code ignoreClass}.
     *
     * <pre>{@code
     * MeanIoU m = new MeanIoU(3, 255, true, true);
     * }</pre>
     *
     * @param numClasses  the number of classes, {@code >= 1}
     * @param ignoreClass the target class left out
     * @param sparseYTrue whether targets are class ids
     * @param sparseYPred whether predictions are class ids
     * @throws IllegalArgumentException if numClasses is below 1
     */
    public MeanIoU(int numClasses, int ignoreClass, boolean sparseYTrue, boolean sparseYPred) {
        super(numClasses, allClasses(numClasses), true, ignoreClass, sparseYTrue, sparseYPred);
    }
}
