package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Locale;
import java.util.Objects;

/**
 * A loss function as Keras names it: {@link #call} computes one loss per example (reducing the last axis),
 * then reduces those by the loss's {@link Reduction}, {@code SUM_OVER_BATCH_SIZE} by default: their sum divided
 * by their number. Losses of probabilities clip them to {@code [1e-7, 1 - 1e-7]} before the logarithm (Keras's
 * {@code epsilon}), so a confident wrong prediction gives a large finite loss, not infinity; losses of logits
 * ({@code fromLogits}) need no clipping and are more accurate.
 *
 * <p>Targets are taken as Keras takes them: losses other than {@link SparseCategoricalCrossentropy} cast
 * {@code yTrue} to {@code yPred}'s dtype (so int32 0/1 labels suit {@link BinaryCrossentropy}) and match a trailing
 * axis of 1 on one side (labels of shape {@code (n,)} against the {@code (n, 1)} output of a {@code Dense(1)}
 * layer); see {@link #call(Tensor, Tensor)}.
 *
 * <pre>{@code
 * Loss loss = new SparseCategoricalCrossentropy(true);
 * Tensor logits = Tensors.constant(new float[] {2, 0, 0, 0, 3, 0}, 2, 3);
 * Tensor labels = Tensors.constant(new int[] {0, 1}, 2);
 * loss.call(labels, logits);   // scalar, the mean of the two examples' losses
 * }</pre>
 */
public abstract class Loss {
    /** Keras's {@code backend.epsilon()}: probabilities are clipped to {@code [EPSILON, 1 - EPSILON]}. */
    public static final double EPSILON = 1e-7;

    /** How per-example losses become the result. */
    public enum Reduction {
        /** Their sum divided by their number (Keras's default, {@code "sum_over_batch_size"}). */
        SUM_OVER_BATCH_SIZE,
        /** Their sum. */
        SUM,
        /** None: the per-example losses, shape {@code yPred.shape[:-1]}. */
        NONE
    }

    private final Reduction reduction;

    Loss(Reduction reduction) {
        this.reduction = Objects.requireNonNull(reduction, "reduction is null");
    }

    /**
     * The per-example losses, shape {@code yPred.shape[:-1]} once the targets are matched (inputs checked by
     * {@link #call}).
     */
    abstract Tensor perExample(Tensor yTrue, Tensor yPred);

    /** Keras's snake-case name, for messages. */
    String name() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The loss of predictions {@code yPred} against targets {@code yTrue}, reduced.
     *
     * <pre>{@code
     * new MeanSquaredError().call(Tensors.constant(new float[] {0, 1}, 1, 2),
     *         Tensors.constant(new float[] {1, 1}, 1, 2));   // 0.5
     * }</pre>
     *
     * <p>{@code yTrue} is cast to {@code yPred}'s dtype and the ranks matched first, as Keras's
     * {@code LossFunctionWrapper} does ({@code squeeze_or_expand_to_same_rank}): when one rank exceeds the other by
     * one and the longer has a last dimension of 1, a rank-1 shorter side gains a trailing axis and otherwise the
     * longer side loses its own. So {@code yTrue} of shape {@code (n,)} against {@code yPred} of shape
     * {@code (n, 1)} is read as {@code (n, 1)}, and the per-example losses have shape {@code (n,)}.
     *
     * <pre>{@code
     * new BinaryCrossentropy().call(Tensors.constant(new int[] {1, 0}, 2),
     *         Tensors.constant(new float[] {0.8f, 0.4f}, 2, 1));   // -(log 0.8 + log 0.6) / 2 = 0.367
     * }</pre>
     *
     * <p>An empty batch whose per-example losses have shape {@code (0,)} returns them as they are, an empty tensor
     * and not a scalar, for every reduction: Keras 3's {@code reduce_values} does so, and reading it as a number
     * fails instead of reporting a loss of 0. Other empty shapes, e.g. {@code (0, 1)}, reduce to 0, as Keras's
     * {@code divide_no_nan} does.
     *
     * @param yTrue the targets (see each loss for their form)
     * @param yPred the predictions, floating, rank >= 1
     * @return a scalar, or the per-example losses with {@link Reduction#NONE} (or an empty batch's, above)
     * @throws IllegalArgumentException if the shapes do not fit, or yPred is not floating
     */
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor losses = checkedPerExample(yTrue, yPred);
        return reduceWeighted(losses, validMask(yTrue, yPred, losses), null, null);
    }

    /**
     * The loss with a weight per example (Keras's {@code sample_weight}): the per-example losses are multiplied
     * by {@code sampleWeight} before the reduction, and {@code SUM_OVER_BATCH_SIZE} still divides by the number
     * of examples, not by the sum of the weights, as Keras does.
     *
     * <p>Ranks are matched first by Keras's {@code squeeze_or_expand_to_same_rank} ({@link
     * #squeezeOrExpandToSameRank}): weights of shape {@code (n, 1)} against losses of shape {@code (n,)} give the
     * losses a trailing axis (with {@link Reduction#NONE} the result has shape {@code (n, 1)}, as in Keras), and a
     * trailing axis of 1 on either side is dropped against a rank-2-or-more other. Then the weights must broadcast
     * to the losses' shape without changing it (Keras would broadcast {@code (n,)} losses against {@code (n, n)}
     * weights into a different loss; here that is an error).
     *
     * <pre>{@code
     * Tensor y = Tensors.constant(new int[] {1, 2}, 2);
     * Tensor p = Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
     * new SparseCategoricalCrossentropy().call(y, p, Tensors.constant(new float[] {0.3f, 0.7f}, 2));   // 0.8135988
     * }</pre>
     *
     * @param yTrue        the targets
     * @param yPred        the predictions
     * @param sampleWeight numeric weights (cast to yPred's dtype, as Keras casts them to the loss's), broadcastable
     *                     to the per-example losses' shape {@code yPred.shape[:-1]} once the ranks are matched as above
     * @return a scalar, or the weighted per-example losses with {@link Reduction#NONE}, or an empty batch's
     *         losses as they are (see {@link #call(Tensor, Tensor)})
     * @throws IllegalArgumentException if the shapes or dtypes do not fit
     */
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(sampleWeight, () -> name() + ": sampleWeight is null");
        Tensor unweighted = checkedPerExample(yTrue, yPred);
        // Keras's reduce_weighted_values: convert_to_tensor(sample_weight, dtype=the loss's dtype)
        Tensor w = sampleWeight.dtype() == unweighted.dtype() ? sampleWeight : Tensors.cast(sampleWeight, unweighted.dtype());
        return reduceWeighted(unweighted, validMask(yTrue, yPred, unweighted), w, sampleWeight.shape());
    }

    /**
     * Keras's {@code reduce_weighted_values} with {@code apply_mask} ({@code keras/src/losses/loss.py}): a mask
     * becomes weights, {@code total / valid} on the examples it keeps under {@code SUM_OVER_BATCH_SIZE} (so the
     * result is the mean over the kept examples; 0 if none) and 1 under the others, 0 on the rest, multiplied into
     * the sample weights; then the weighted losses are reduced.
     */
    private Tensor reduceWeighted(Tensor losses, Tensor mask, Tensor sampleWeight, io.gradtape.Shape weightShape) {
        Tensor w = sampleWeight;
        if (mask != null) {
            boolean[] keep = new boolean[mask.size()];
            double[] m = mask.toDoubleArray();
            int valid = 0;
            for (int i = 0; i < m.length; i++) {
                keep[i] = m[i] != 0;
                valid += keep[i] ? 1 : 0;
            }
            double on = reduction == Reduction.SUM_OVER_BATCH_SIZE ? (valid == 0 ? 0 : (double) m.length / valid) : 1;
            double[] fm = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                fm[i] = keep[i] ? on : 0;
            }
            Tensor floatMask = Tensors.cast(Metric.float64(fm, mask.shape().dims()), losses.dtype());
            if (w == null) {
                w = floatMask;
            } else {
                Tensor[] mw = squeezeOrExpandToSameRank(floatMask, w);
                w = mw[1].mul(mw[0]);
            }
        }
        if (w == null) {
            return reduce(losses);
        }
        Tensor[] lw = squeezeOrExpandToSameRank(losses, w);
        Tensor weighted = lw[0].mul(lw[1]);
        if (!weighted.shape().equals(lw[0].shape())) {
            throw new IllegalArgumentException(name() + ": sampleWeight of shape " + weightShape
                    + " would change the per-example losses' shape " + losses.shape()
                    + " (a trailing axis of 1 on either side is matched, as Keras's squeeze_or_expand_to_same_rank)");
        }
        return reduce(weighted);
    }

    /**
     * Keras's mask on the per-example losses ({@code _keras_mask}): true where an example counts, of their shape;
     * null (the default) when all count. Only {@link SparseCategoricalCrossentropy} with an ignored class has one.
     */
    Tensor validMask(Tensor yTrue, Tensor yPred) {
        return null;
    }

    /**
     * As {@link #validMask(Tensor, Tensor)}, for a loss whose mask depends on the per-example losses themselves
     * ({@link Circle}: Keras masks the losses that are not positive).
     */
    Tensor validMask(Tensor yTrue, Tensor yPred, Tensor losses) {
        return validMask(yTrue, yPred);
    }

    /**
     * Keras's {@code squeeze_or_expand_to_same_rank(x1, x2)} ({@code keras/src/losses/loss.py}), which Keras applies
     * to losses and sample weights, and to targets and predictions in its accuracy metrics: when one rank exceeds
     * the other by exactly one and the longer one's last dimension is 1, the shorter gains a trailing axis if it
     * has rank 1, and otherwise the longer loses that axis. Any other pair is returned as it is.
     *
     * @return {@code {x1, x2}}, matched
     */
    static Tensor[] squeezeOrExpandToSameRank(Tensor x1, Tensor x2) {
        int r1 = x1.rank(), r2 = x2.rank();
        if (r1 == r2 + 1 && x1.shape().dim(r1 - 1) == 1) {
            if (r2 == 1) {
                x2 = Tensors.expandDims(x2, -1);
            } else {
                x1 = Tensors.squeeze(x1, r1 - 1);
            }
        } else if (r2 == r1 + 1 && x2.shape().dim(r2 - 1) == 1) {
            if (r1 == 1) {
                x1 = Tensors.expandDims(x1, -1);
            } else {
                x2 = Tensors.squeeze(x2, r2 - 1);
            }
        }
        return new Tensor[] {x1, x2};
    }

    private Tensor checkedPerExample(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, () -> name() + ": yTrue is null");
        Objects.requireNonNull(yPred, () -> name() + ": yPred is null");
        if (!yPred.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": yPred must be floating, got dtype " + yPred.dtype());
        }
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(name() + ": yPred must have rank >= 1 (batch, ...), got a scalar");
        }
        return perExample(yTrue, yPred);
    }

    private Tensor reduce(Tensor l) {
        if (reduction != Reduction.NONE && l.rank() == 1 && l.shape().dim(0) == 0) {
            return l;   // Keras 3's reduce_values returns values of shape (0,) as they are, for every reduction
        }
        switch (reduction) {
            case SUM:
                return Tensors.reduceSum(l);
            case NONE:
                return l;
            default:
                return l.size() == 0 ? Tensors.zeros(l.dtype()) : Tensors.reduceSum(l).div(l.size());
        }
    }

    /**
     * The reduction.
     *
     * <pre>{@code
     * new MeanSquaredError().reduction();   // SUM_OVER_BATCH_SIZE
     * }</pre>
     *
     * @return the reduction
     */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * The targets and predictions as Keras's losses take them: {@code yTrue} cast to {@code yPred}'s dtype (Keras's
     * {@code Loss.__call__} converts both to the loss's dtype, so integer or boolean 0/1 labels are accepted), then
     * the two ranks matched by {@link #squeezeOrExpandToSameRank} ({@code LossFunctionWrapper.call} in
     * {@code keras/src/losses/losses.py}), so labels of shape {@code (n,)} fit predictions of shape {@code (n, 1)}.
     * The shapes must then be equal (Keras would broadcast a remaining mismatch; here it is an error).
     *
     * @return {@code {yTrue, yPred}}, matched
     */
    Tensor[] matchTargets(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = squeezeOrExpandToSameRank(yTrue, yPred);
        if (!tp[0].shape().equals(tp[1].shape())) {
            throw new IllegalArgumentException(name() + ": yTrue has shape " + yTrue.shape() + " and yPred has shape "
                    + yPred.shape() + "; they must agree (a trailing axis of 1 on one side is matched, as Keras's"
                    + " squeeze_or_expand_to_same_rank)");
        }
        if (tp[0].dtype() != tp[1].dtype()) {
            tp[0] = Tensors.cast(tp[0], tp[1].dtype());
        }
        return tp;
    }

    /** {@code clip(p, EPSILON, 1 - EPSILON)}. */
    static Tensor clip(Tensor p) {
        return Tensors.clipByValue(p, EPSILON, 1 - EPSILON);
    }

    /** Integer class labels of shape yPred.shape[:-1] (a trailing axis of 1 is dropped), each in [0, classes). */
    Tensor classLabels(Tensor yTrue, Tensor yPred) {
        return classLabels(yTrue, yPred, null);
    }

    /**
     * As {@link #classLabels(Tensor, Tensor)}, but a label equal to {@code ignore} (when not null) is accepted
     * whatever its value and given as 0 (Keras's {@code ignore_class}: {@code where(valid_mask, y_true, 0)}).
     */
    Tensor classLabels(Tensor yTrue, Tensor yPred, Double ignore) {
        Tensor labels = yTrue;
        int r = yPred.rank();
        if (labels.rank() == r && labels.shape().dim(r - 1) == 1) {
            labels = Tensors.squeeze(labels, r - 1);
        }
        int classes = yPred.shape().dim(r - 1);
        int[] expected = new int[r - 1];
        System.arraycopy(yPred.shape().dims(), 0, expected, 0, r - 1);
        if (!java.util.Arrays.equals(labels.shape().dims(), expected)) {
            throw new IllegalArgumentException(name() + ": yTrue has shape " + yTrue.shape() + " but yPred of shape "
                    + yPred.shape() + " needs one class index per example, shape " + io.gradtape.Shape.of(expected));
        }
        if (labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": yTrue must hold class indices, got dtype bool");
        }
        double[] v = labels.toDoubleArray();
        boolean anyIgnored = false;
        for (int i = 0; i < v.length; i++) {
            if (ignore != null && v[i] == ignore) {
                anyIgnored = true;
                v[i] = 0;
            } else if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= classes) {
                throw new IllegalArgumentException(name() + ": label " + v[i] + " at position " + i + " is not a class index in [0, "
                        + classes + ")");
            }
        }
        if (anyIgnored) {
            long[] l = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                l[i] = (long) v[i];
            }
            return expected.length == 0 ? Tensors.constant(l[0]) : Tensors.constant(l, expected);
        }
        return labels.dtype() == DType.INT32 || labels.dtype() == DType.INT64 ? labels : Tensors.cast(labels, DType.INT64);
    }
}
