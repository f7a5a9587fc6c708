package io.gradtape.nn;

/**
 * Keras's {@code OneHotIoU} ({@code keras/src/metrics/iou_metrics.py}): {@link IoU} for one-hot targets, whose class
 * is the argmax over the last axis, against predicted scores of the same shape (their argmax; or class ids with
 * {@code sparseYPred}). The IoU of each target class, averaged over those present. The {@link #variables()} are
 * Keras's {@code total_confusion_matrix}, of shape {@code (numClasses, numClasses)}. See {@code IoUBase} for the
 * details, and for why fractional sample weights are kept as they are (Keras's default integer dtype would truncate
 * them).
 *
 * <pre>{@code
 * OneHotIoU m = new OneHotIoU(3, new int[] {0, 2});
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0}, 4, 3),
 *         Tensors.constant(new float[] {0.2f, 0.3f, 0.5f, 0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.1f, 0.1f, 0.4f, 0.5f}, 4, 3),
 *         Tensors.constant(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 4));
 * m.doubleResult();   // 0.0714..., Keras's docstring example (0.071): (0 / 0.9 + 0.1 / 0.7) / 2
 * }</pre>
 */
public final class OneHotIoU extends IoUBase {
    /**
     * Over the given target classes, with predicted scores.
     *
     * <pre>{@code
     * OneHotIoU m = new OneHotIoU(3, new int[] {1});
     * }</pre>
     *
     * @param numClasses     the number of classes, {@code >= 1}
     * @param targetClassIds the classes whose IoUs are averaged, at least one, each in {@code [0, numClasses)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public OneHotIoU(int numClasses, int[] targetClassIds) {
        this(numClasses, targetClassIds, false);
    }

    /**
     * Over the given target classes, with predictions as scores or (with {@code sparseYPred}) class ids.
     *
     * <pre>{@code
     * OneHotIoU m = new OneHotIoU(3, new int[] {1}, true);
     * }</pre>
     *
     * @param numClasses     the number of classes, {@code >= 1}
     * @param targetClassIds the classes whose IoUs are averaged
     * @param sparseYPred    whether predictions are class ids (else scores, the argmax taken)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public OneHotIoU(int numClasses, int[] targetClassIds, boolean sparseYPred) {
        super(numClasses, targetClassIds, false, 0, false, sparseYPred);
    }

    /**
     * As {@link #OneHotIoU(int, int[], boolean)}, leaving out every pair whose target class is {@code ignoreClass}.
     *
     * <pre>{@code
     * OneHotIoU m = new OneHotIoU(3, new int[] {1, 2}, 0, false);
     * }</pre>
     *
     * @param numClasses     the number of classes, {@code >= 1}
     * @param targetClassIds the classes whose IoUs are averaged
     * @param ignoreClass    the target class left out
     * @param sparseYPred    whether predictions are class ids
     * @throws IllegalArgumentException if an argument is out of range
     */
    public OneHotIoU(int numClasses, int[] targetClassIds, int ignoreClass, boolean sparseYPred) {
        super(numClasses, targetClassIds, true, ignoreClass, false, sparseYPred);
    }
}
