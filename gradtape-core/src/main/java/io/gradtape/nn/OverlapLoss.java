package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;

/**
 * What {@link Dice} and {@link Tversky} share: the targets matched to yPred's shape and dtype, and the axes their
 * sums run over, Keras's {@code axis} ({@code None}, here null: every axis, so the whole batch gives one value and
 * the reduction has nothing left to reduce).
 */
abstract class OverlapLoss extends Loss {
    private final int[] axes;

    OverlapLoss(int[] axes, Reduction reduction) {
        super(reduction);
        if (axes != null && axes.length == 0) {
            throw new IllegalArgumentException(name() + ": axis must name at least one axis, or be null for every axis");
        }
        this.axes = axes == null ? null : axes.clone();
    }

    /** The loss from the matched targets and predictions, with the sums over {@code axes} (normalized). */
    abstract Tensor overlap(Tensor y, Tensor p, int[] axes);

    @Override
    final Tensor perExample(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = matchTargets(yTrue, yPred);
        return overlap(tp[0], tp[1], normalized(tp[1]));
    }

    /** The axes, non-negative and checked against yPred's rank; every axis when none were given. */
    private int[] normalized(Tensor p) {
        int r = p.rank();
        if (axes == null) {
            int[] all = new int[r];
            for (int i = 0; i < r; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < -r || axes[i] >= r) {
                throw new IllegalArgumentException(name() + ": axis " + axes[i] + " is out of range for yPred of shape "
                        + p.shape());
            }
            a[i] = axes[i] < 0 ? axes[i] + r : axes[i];
        }
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException(name() + ": axis " + sorted[i] + " is repeated in "
                        + Arrays.toString(axes) + " for yPred of shape " + p.shape());
            }
        }
        return sorted;
    }

    /** {@code sum(x)} over {@code axes} (every axis of a scalar: none, the value itself). */
    static Tensor sum(Tensor x, int[] axes) {
        return axes.length == 0 ? x : Tensors.reduceSum(x, axes);
    }
}
