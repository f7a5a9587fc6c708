package io.gradtape.nn;

import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Arrays;

/**
 * Keras's {@code update_confusion_matrix_variables} ({@code keras/src/metrics/metrics_utils.py}) for a list of
 * thresholds, as {@link TruePositives} and its kin and the {@code ...At...} metrics ({@link PrecisionAtRecall} and
 * its kin) use it: the weighted counts of true positives, false positives, true negatives and false negatives at each
 * threshold, added to the arrays given. A target is positive when nonzero (Keras casts it to bool, so NaN is
 * positive); a prediction when it is above the threshold, both in float32 (Keras casts them to its float32
 * variables' dtype).
 *
 * <p>Keras takes one of two paths, and so does this. With evenly spaced thresholds ({@link #evenlySpaced}: at least
 * three, each within NumPy's {@code allclose} of {@code i / (n - 1)}), predictions are clipped to {@code [0, 1]} and
 * each falls in the bucket {@code ceil(p (n - 1)) - 1} (float32), positive at every threshold up to its bucket; a
 * prediction in bucket -1 (at most 0) or NaN is positive at none. This is {@code p > i / (n - 1)} except where the
 * float32 product rounds across an integer: a prediction exactly on the float32 threshold {@code i / (n - 1)} counts
 * as above it when {@code p (n - 1)} rounds above {@code i} (e.g. {@code (float) (7 / 13.0)} times 13 is
 * {@code 7.0000005}, so with 14 thresholds it is positive at threshold 7), and one float32 step either side of a
 * threshold can land on the other side of it, as in Keras. Otherwise each prediction is compared with each
 * threshold, unclipped, so a prediction above 1 is positive at threshold 1 only on this path. The at-metrics with
 * {@code numThresholds >= 2} always take the first path (Keras passes {@code thresholds_distributed_evenly=True}).
 *
 * <p>With a {@code classId} (0 or more), only that class's column (the last axis) of targets and predictions counts,
 * as Keras's {@code y[..., class_id, None]}.
 */
final class ConfusionCounts {
    private ConfusionCounts() {
    }

    /**
     * Keras's {@code is_evenly_distributed_thresholds}: at least three thresholds, each within
     * {@code 1e-7 + 1e-5 |e_i|} (NumPy's {@code allclose} with Keras's {@code atol=epsilon}) of
     * {@code e_i = i / (n - 1)} computed in float32.
     */
    static boolean evenlySpaced(double[] thresholds) {
        int n = thresholds.length;
        if (n < 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            double e = (float) i / (float) (n - 1);
            if (!(Math.abs(thresholds[i] - e) <= Loss.EPSILON + 1e-5 * Math.abs(e))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keras's {@code parse_init_thresholds} for explicit thresholds: each in {@code [0, 1]}; here also not NaN (Keras
     * accepts a NaN, at which no prediction is ever positive) and at least one (Keras would make variables of shape
     * {@code (0,)}).
     *
     * @return a copy
     */
    static double[] checkThresholds(String name, double[] thresholds) {
        java.util.Objects.requireNonNull(thresholds, () -> name + ": thresholds is null");
        if (thresholds.length == 0) {
            throw new IllegalArgumentException(name + ": needs at least one threshold");
        }
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException(name + ": thresholds must be in [0, 1], got " + Arrays.toString(thresholds));
            }
        }
        return thresholds.clone();
    }

    /**
     * Adds one batch's counts at each threshold to {@code tp}, {@code fp}, {@code tn} and {@code fn} (each of the
     * thresholds' length; a null one is skipped). Checks everything before adding anything.
     *
     * @param classId the class whose column counts, or -1 for all elements
     * @throws IllegalArgumentException naming {@code op} if the shapes do not pair, the weights do not broadcast, or
     *                                  the class id is out of range
     */
    static void add(String op, Tensor yTrue, Tensor yPred, Tensor sampleWeight, double[] thresholds, boolean evenly,
                    int classId, double[] tp, double[] fp, double[] tn, double[] fn) {
        Tensor[] pt = ConfusionMetric.pairs(op, yTrue, yPred);
        Shape shape = pt[0].shape();
        double[] p = pt[0].toDoubleArray();
        double[] t = pt[1].toDoubleArray();
        Shape counted = shape;
        if (classId >= 0) {
            if (shape.rank() < 2) {
                throw new IllegalArgumentException(op + ": with a classId, yPred must have shape (batch, classes), found "
                        + yPred.shape());
            }
            int classes = shape.dim(shape.rank() - 1);
            if (classId >= classes) {
                throw new IllegalArgumentException(op + ": classId " + classId + " is out of range for yPred of shape "
                        + yPred.shape() + " (" + classes + " classes)");
            }
            int[] dims = shape.dims();
            dims[dims.length - 1] = 1;
            counted = Shape.of(dims);
            double[] ps = new double[p.length / classes], ts = new double[ps.length];
            for (int i = 0; i < ps.length; i++) {
                ps[i] = p[i * classes + classId];
                ts[i] = t[i * classes + classId];
            }
            p = ps;
            t = ts;
        }
        double[] weights = sampleWeight == null ? null : ConfusionMetric.weights(op, sampleWeight, counted);
        int n = thresholds.length;
        double[] dtp = new double[n], dfp = new double[n], dtn = new double[n], dfn = new double[n];
        if (evenly) {
            double[] tpBucket = new double[n], fpBucket = new double[n];
            double totalTrue = 0, totalFalse = 0;
            float scale = n - 1;
            for (int i = 0; i < p.length; i++) {
                double w = weights == null ? 1 : (float) weights[i];
                boolean label = (float) t[i] != 0;   // float32, as Keras: a float64 1e-50 is 0
                double trueLabel = label ? w : 0, falseLabel = label ? 0 : w;
                totalTrue += trueLabel;
                totalFalse += falseLabel;
                float q = (float) p[i];
                if (Float.isNaN(q)) {
                    continue;   // in no bucket, as AUC
                }
                q = Math.min(Math.max(q, 0f), 1f);
                int bucket = (int) Math.ceil(q * scale) - 1;   // q * scale in float32
                if (bucket >= 0) {   // bucket -1 (a prediction of 0) is dropped by Keras's segment_sum
                    tpBucket[bucket] += trueLabel;
                    fpBucket[bucket] += falseLabel;
                }
            }
            double ctp = 0, cfp = 0;
            for (int i = n - 1; i >= 0; i--) {   // counts at threshold i: the buckets >= i
                ctp += tpBucket[i];
                cfp += fpBucket[i];
                dtp[i] = ctp;
                dfp[i] = cfp;
                dtn[i] = totalFalse - cfp;
                dfn[i] = totalTrue - ctp;
            }
        } else {
            for (int k = 0; k < n; k++) {
                float thr = (float) thresholds[k];
                for (int i = 0; i < p.length; i++) {
                    double w = weights == null ? 1 : (float) weights[i];
                    boolean label = (float) t[i] != 0;   // float32, as Keras: a float64 1e-50 is 0
                    boolean predicted = (float) p[i] > thr;   // NaN is never above
                    if (label && predicted) {
                        dtp[k] += w;
                    } else if (predicted) {
                        dfp[k] += w;
                    } else if (label) {
                        dfn[k] += w;
                    } else {
                        dtn[k] += w;
                    }
                }
            }
        }
        addTo(tp, dtp);
        addTo(fp, dfp);
        addTo(tn, dtn);
        addTo(fn, dfn);
    }

    private static void addTo(double[] acc, double[] d) {
        if (acc != null) {
            for (int i = 0; i < d.length; i++) {
                acc[i] += d[i];
            }
        }
    }
}
