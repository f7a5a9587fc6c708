package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the IoU metrics ({@link IoU}, {@link MeanIoU}, {@link BinaryIoU}, {@link OneHotIoU}, {@link OneHotMeanIoU})
 * share: Keras's {@code _IoUBase} and {@code IoU} ({@code keras/src/metrics/iou_metrics.py}). A weighted confusion
 * matrix of shape {@code (numClasses, numClasses)} (rows the target classes, columns the predicted ones) is summed
 * over every batch; the result is the mean over the target classes of
 * {@code iou = tp / (tp + fp + fn)}, taken as {@code tp / (rowSum + colSum - tp + 1e-7)}, over the target classes
 * whose denominator exceeds {@code 1e-9} (a class absent from both targets and predictions counts as 0 and is left
 * out of the mean), divided by {@code valid + 1e-7}.
 *
 * <p>Each batch: class ids are taken from the last axis by argmax where the inputs are dense (the first largest at a
 * tie); then both are flattened and must have one number of elements; a pair counts when both ids are in
 * {@code [0, numClasses)} and the target is not the ignored class (the others are left out, as Keras's bounds mask
 * does since keras-team/keras#22835); a float id is truncated toward zero. Sample weights are flattened too and must
 * have one element or one per pair.
 *
 * <p><b>Weights and Keras's dtype.</b> Keras 3 makes these metrics' dtype {@code "int"} unless one is given, so with
 * its defaults a fractional weight is truncated to an integer (0.3 becomes 0; Keras warns) and the docstring
 * examples with fractional weights hold only with {@code dtype="float32"}, which Keras's own tests pass. Here the
 * weights are read as float32 and summed in double precision, as Keras with {@code dtype="float32"}; integer weights
 * give the same result either way.
 */
abstract class IoUBase extends Metric {
    private final int numClasses;
    private final int[] targetClassIds;
    private final boolean ignores;
    private final int ignoreClass;
    private final boolean sparseYTrue;
    private final boolean sparseYPred;
    private final double[] matrix;

    IoUBase(int numClasses, int[] targetClassIds, boolean ignores, int ignoreClass, boolean sparseYTrue,
            boolean sparseYPred) {
        String name = getClass().getSimpleName();
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": numClasses must be >= 1, got " + numClasses);
        }
        Objects.requireNonNull(targetClassIds, () -> name + ": targetClassIds is null");
        if (targetClassIds.length == 0) {
            throw new IllegalArgumentException(name + ": needs at least one target class id");
        }
        for (int id : targetClassIds) {
            if (id < 0 || id >= numClasses) {
                throw new IllegalArgumentException(name + ": target class id " + id + " is out of range, which is [0, "
                        + numClasses + ")");
            }
        }
        this.numClasses = numClasses;
        this.targetClassIds = targetClassIds.clone();
        this.ignores = ignores;
        this.ignoreClass = ignoreClass;
        this.sparseYTrue = sparseYTrue;
        this.sparseYPred = sparseYPred;
        this.matrix = new double[numClasses * numClasses];
    }

    /** Every class id {@code 0 .. n - 1}, MeanIoU's targets. */
    static int[] allClasses(int n) {
        int[] ids = new int[Math.max(n, 0)];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    /**
     * The number of classes.
     *
     * <pre>{@code
     * new MeanIoU(3).numClasses();   // 3
     * }</pre>
     *
     * @return the number of classes
     */
    public final int numClasses() {
        return numClasses;
    }

    /**
     * The classes whose IoUs are averaged.
     *
     * <pre>{@code
     * new IoU(3, new int[] {0, 2}).targetClassIds();   // [0, 2]
     * }</pre>
     *
     * @return a copy of the target class ids
     */
    public final int[] targetClassIds() {
        return targetClassIds.clone();
    }

    /**
     * Adds a batch.
     *
     * <pre>{@code
     * new MeanIoU(2).updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new int[] {0, 0}, 2));
     * }</pre>
     *
     * @param yTrue the target classes: ids of any shape, or (one-hot metrics and {@code sparseYTrue = false}) scores
     *              whose last axis is the class
     * @param yPred the predicted classes, in the same form (for {@link BinaryIoU}, scores to threshold)
     * @throws IllegalArgumentException if the numbers of pairs differ
     */
    public final void updateState(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /**
     * Adds a batch with sample weights: one per pair (any shape with that many elements), or one for all.
     *
     * <pre>{@code
     * new MeanIoU(2).updateState(Tensors.constant(new int[] {0, 1}, 2), Tensors.constant(new int[] {0, 0}, 2),
     *         Tensors.constant(new float[] {0.5f, 2}, 2));
     * }</pre>
     *
     * @param yTrue        the target classes
     * @param yPred        the predicted classes
     * @param sampleWeight numeric weights
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public final void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, () -> getClass().getSimpleName() + ".updateState: sampleWeight is null");
        update(yTrue, yPred, sampleWeight);
    }

    /** The predicted class ids, flattened, from {@code yPred} as given (BinaryIoU thresholds it). */
    double[] predictedIds(String op, Tensor yPred) {
        return ids(op, "yPred", yPred, sparseYPred);
    }

    /** Class ids, flattened: the values when sparse, else the argmax over the last axis. */
    static double[] ids(String op, String what, Tensor y, boolean sparse) {
        double[] v = y.toDoubleArray();
        if (sparse) {
            return v;
        }
        if (y.rank() == 0) {
            throw new IllegalArgumentException(op + ": " + what + " holds scores over its last axis, so it needs rank >= 1,"
                    + " got a scalar");
        }
        int n = y.shape().dim(y.rank() - 1);
        if (n == 0) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + y.shape() + " has no classes to take the"
                    + " argmax of");
        }
        int rows = v.length / n;
        double[] ids = new double[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = argmax(v, r, n);
        }
        return ids;
    }

    private void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = getClass().getSimpleName() + ".updateState";
        Objects.requireNonNull(yTrue, () -> op + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> op + ": yPred is null");
        double[] t = ids(op, "yTrue", yTrue, sparseYTrue);
        double[] p = predictedIds(op, yPred);
        if (t.length != p.length) {
            throw new IllegalArgumentException(op + ": yTrue of shape " + yTrue.shape() + " gives " + t.length
                    + " class ids and yPred of shape " + yPred.shape() + " gives " + p.length + "; they must pair");
        }
        double[] w = null;
        if (sampleWeight != null) {
            w = sampleWeight.toDoubleArray();
            if (w.length != 1 && w.length != t.length) {
                throw new IllegalArgumentException(op + ": sampleWeight of shape " + sampleWeight.shape() + " has "
                        + w.length + " elements; it needs 1 or one per pair (" + t.length + "), as Keras flattens it and"
                        + " broadcasts it to the flattened targets");
            }
        }
        double[] add = new double[matrix.length];
        for (int i = 0; i < t.length; i++) {
            float yt = (float) t[i], yp = (float) p[i];   // Keras converts them to its dtype
            boolean valid = yt >= 0 && yt < numClasses && yp >= 0 && yp < numClasses && !(ignores && yt == ignoreClass);
            if (valid) {
                double weight = w == null ? 1 : (float) w[w.length == 1 ? 0 : i];
                add[(int) yt * numClasses + (int) yp] += weight;
            }
        }
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] += add[i];
        }
    }

    /**
     * The mean IoU of the target classes so far (see the class comment).
     *
     * <pre>{@code
     * new MeanIoU(2).doubleResult();   // 0.0 before any batch
     * }</pre>
     *
     * @return the mean IoU, in [0, 1]
     */
    @Override
    public final double doubleResult() {
        int n = numClasses;
        double sum = 0, valid = 0;
        for (int c : targetClassIds) {
            double predicted = 0, actual = 0;
            for (int k = 0; k < n; k++) {
                predicted += matrix[k * n + c];   // Keras's sum over axis 0
                actual += matrix[c * n + k];      // and over axis 1
            }
            double tp = matrix[c * n + c];
            double denominator = predicted + actual - tp;
            if (denominator > 1e-9) {
                valid++;
                sum += tp / (denominator + Loss.EPSILON);
            }
        }
        return sum / (valid + Loss.EPSILON);
    }

    /**
     * Forgets every batch: the confusion matrix to 0.
     *
     * <pre>{@code
     * MeanIoU m = new MeanIoU(2);
     * m.resetState();
     * }</pre>
     */
    @Override
    public final void resetState() {
        super.resetState();
        Arrays.fill(matrix, 0);
    }

    // the state: Keras's total_confusion_matrix, (numClasses, numClasses), rows the targets
    @Override
    final List<String> variableNames() {
        return List.of("total_confusion_matrix");
    }

    @Override
    final int[][] variableShapes() {
        return new int[][] {{numClasses, numClasses}};
    }

    @Override
    final double[][] variableValues() {
        return new double[][] {matrix.clone()};
    }

    @Override
    final void assignVariables(double[][] values, int[][] shapes) {
        System.arraycopy(values[0], 0, matrix, 0, matrix.length);
    }
}
