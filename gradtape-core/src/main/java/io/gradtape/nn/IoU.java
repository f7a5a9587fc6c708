package io.gradtape.nn;

/**
 * Keras's {@code IoU} ({@code keras/src/metrics/iou_metrics.py}): the intersection over union,
 * {@code tp / (tp + fp + fn)}, of each of the given target classes, averaged, from a weighted confusion matrix of
 * class ids summed over every batch (a common measure for semantic segmentation). Targets and predictions are class
 * ids of any shape (flattened), or, with {@code sparseYTrue} / {@code sparseYPred} false, scores whose argmax over
 * the last axis is the class. A pair whose ids are outside {@code [0, numClasses)}, or whose target is the ignored
 * class, is left out. A target class absent from targets and predictions alike is left out of the mean. The
 * {@link #variables()} are Keras's {@code total_confusion_matrix}, of shape {@code (numClasses, numClasses)}, rows the
 * targets. See {@code IoUBase} for the details, and for why fractional sample weights are kept as they are (Keras's
 * default integer dtype would truncate them). Keras's {@code axis} (the class axis of dense inputs) is the last axis
 * here.
 *
 * <pre>{@code
 * IoU m = new IoU(2, new int[] {0});
 * m.updateState(Tensors.constant(new int[] {0, 0, 1, 1}, 4), Tensors.constant(new int[] {0, 1, 0, 1}, 4));
 * m.doubleResult();   // 0.33333334, Keras's docstring example: cm [[1, 1], [1, 1]], iou 1 / (2 + 2 - 1)
 * }</pre>
 */
public final class IoU extends IoUBase {
    /**
     * Over the given target classes, with class ids for targets and predictions.
     *
     * <pre>{@code
     * IoU m = new IoU(3, new int[] {1, 2});
     * }</pre>
     *
     * @param numClasses     the number of classes, {@code >= 1}
     * @param targetClassIds the classes whose IoUs are averaged, at least one, each in {@code [0, numClasses)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public IoU(int numClasses, int[] targetClassIds) {
        this(numClasses, targetClassIds, true, true);
    }

    /**
     * Over the given target classes, with targets and predictions as class ids or scores.
     *
     * <pre>{@code
     * IoU m = new IoU(3, new int[] {1}, true, false);   // ids against scores of shape (..., 3)
     * }</pre>
     *
     * @param numClasses     the number of classes, {@code >= 1}
     * @param targetClassIds the classes whose IoUs are averaged
     * @param sparseYTrue    whether targets are class ids (else scores, the argmax taken)
     * @param sparseYPred    whether predictions are class ids (else scores, the argmax taken)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public IoU(int numClasses, int[] targetClassIds, boolean sparseYTrue, boolean sparseYPred) {
        super(numClasses, targetClassIds, false, 0, sparseYTrue, sparseYPred);
    }

    /**
     * As {@link #IoU(int, int[], boolean, boolean)}, leaving out every pair whose target is {@code ignoreClass}
     * (Keras's {@code ignore_class}, e.g. a "void" class -1 or 255 of a segmentation map).
     *
     * <pre>{@code
     * IoU m = new IoU(3, new int[] {0, 1, 2}, 255, true, true);
     * }</pre>
     *
     * @param numClasses     the number of classes, {@code >= 1}
     * @param targetClassIds the classes whose IoUs are averaged
     * @param ignoreClass    the target class left out
     * @param sparseYTrue    whether targets are class ids
     * @param sparseYPred    whether predictions are class ids
     * @throws IllegalArgumentException if an argument is out of range
     */
    public IoU(int numClasses, int[] targetClassIds, int ignoreClass, boolean sparseYTrue, boolean sparseYPred) {
        super(numClasses, targetClassIds, true, ignoreClass, sparseYTrue, sparseYPred);
    }
}
