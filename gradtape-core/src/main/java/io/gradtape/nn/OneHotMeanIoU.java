package io.gradtape.nn;

/**
 * Keras's {@code OneHotMeanIoU} ({@code keras/src/metrics/iou_metrics.py}): {@link MeanIoU} for one-hot targets, whose
 * class is the argmax over the last axis, against predicted scores of the same shape (their argmax; or class ids with
 * {@code sparseYPred}). The IoU of every class, averaged over those present. The {@link #variables()} are Keras's
 * {@code total_confusion_matrix}, of shape {@code (numClasses, numClasses)}. See {@code IoUBase} for the details, and
 * for why fractional sample weights are kept as they are (Keras's default integer dtype would truncate them).
 *
 * <pre>{@code
 * OneHotMeanIoU m = new OneHotMeanIoU(3);
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0}, 4, 3),
 *         Tensors.constant(new float[] {0.2f, 0.3f, 0.5f, 0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.1f, 0.1f, 0.4f, 0.5f}, 4, 3),
 *         Tensors.constant(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 4));
 * m.doubleResult();   // 0.0476..., Keras's docstring example (0.048): (0 + 0 + 0.1 / 0.7) / 3
 * }</pre>
 */
public final class OneHotMeanIoU extends IoUBase {
    /**
     * Over every class, with predicted scores.
     *
     * <pre>{@code
     * OneHotMeanIoU m = new OneHotMeanIoU(3);
     * }</pre>
     *
     * @param numClasses the number of classes, {@code >= 1}
     * @throws IllegalArgumentException if numClasses is below 1
     */
    public OneHotMeanIoU(int numClasses) {
        this(numClasses, false);
    }

    /**
     * Over every class, with predictions as scores or (with {@code sparseYPred}) class ids.
     *
     * <pre>{@code
     * OneHotMeanIoU m = new OneHotMeanIoU(3, true);
     * }</pre>
     *
     * @param numClasses  the number of classes, {@code >= 1}
     * @param sparseYPred whether predictions are class ids (else scores, the argmax taken)
     * @throws IllegalArgumentException if numClasses is below 1
     */
    public OneHotMeanIoU(int numClasses, boolean sparseYPred) {
        super(numClasses, allClasses(numClasses), false, 0, false, sparseYPred);
    }

    /**
     * As {@link #OneHotMeanIoU(int, boolean)}, leaving out every pair whose target class is {@code ignoreClass}.
     *
     * <pre>{@code
     * OneHotMeanIoU m = new OneHotMeanIoU(3, 0, false);
     * }</pre>
     *
     * @param numClasses  the number of classes, {@code >= 1}
     * @param ignoreClass the target class left out
     * @param sparseYPred whether predictions are class ids
     * @throws IllegalArgumentException if numClasses is below 1
     */
    public OneHotMeanIoU(int numClasses, int ignoreClass, boolean sparseYPred) {
        super(numClasses, allClasses(numClasses), true, ignoreClass, false, sparseYPred);
    }
}
