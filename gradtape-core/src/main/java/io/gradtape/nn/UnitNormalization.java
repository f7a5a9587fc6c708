package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Scales each vector along the axes to unit L2 norm (Keras's {@code UnitNormalization},
 * keras/src/layers/normalization/unit_normalization.py, which calls {@code ops.normalize(x, axis, order=2,
 * epsilon=1e-12)}): {@code y = x * rsqrt(max(sum(x^2 over the axes), 1e-24))}, the clamp being {@code epsilon^2}
 * as in Keras's {@code _normalize}, so a zero vector stays zero with a finite gradient. No variables; the axes
 * (default {@code -1}; several are normalized together) may be negative and are resolved against each input's
 * rank. Masks pass through unchanged (Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * UnitNormalization un = new UnitNormalization();
 * un.call(Tensors.constant(new float[] {3, 4, 0, 0}, 2, 2));   // [[0.6, 0.8], [0, 0]]
 * }</pre>
 */
public class UnitNormalization extends Module {
    private final int[] axes;

    /**
     * Normalizes along the last axis.
     *
     * <pre>{@code
     * UnitNormalization un = new UnitNormalization();
     * }</pre>
     */
    public UnitNormalization() {
        this(-1);
    }

    /**
     * Normalizes along these axes together.
     *
     * <pre>{@code
     * UnitNormalization un = new UnitNormalization(1, 2);   // for NHWC: each channel's (H, W) map of each image
     * }</pre>
     *
     * @param axes one or more axes, negative from the end
     * @throws IllegalArgumentException if no axis is given
     */
    public UnitNormalization(int... axes) {
        super(null);
        Objects.requireNonNull(axes, "UnitNormalization: axes is null");
        if (axes.length == 0) {
            throw new IllegalArgumentException("UnitNormalization: give at least one axis");
        }
        this.axes = axes.clone();
    }

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * The input scaled to unit L2 norm along the axes.
     *
     * <pre>{@code
     * new UnitNormalization().call(Tensors.constant(new double[] {1, 1}, 1, 2));   // [[0.7071, 0.7071]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating, or an axis is outside its rank or two axes are
     *                                  the same once resolved
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": UnitNormalization needs a floating input, got dtype " + x.dtype());
        }
        int rank = x.rank();
        int[] ax = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            ax[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (ax[i] < 0 || ax[i] >= rank) {
                throw new IllegalArgumentException(name() + ": axis " + Arrays.toString(axes) + " is outside the input of shape "
                        + x.shape() + " (rank " + rank + ")");
            }
            for (int j = 0; j < i; j++) {
                if (ax[j] == ax[i]) {
                    throw new IllegalArgumentException(name() + ": axis " + Arrays.toString(axes) + " names axis " + ax[i]
                            + " twice for the input of shape " + x.shape());
                }
            }
        }
        Tensor sumSq = Tensors.reduceSum(Tensors.square(x), true, ax);
        Tensor floor = Tensors.constant(1e-24, x.dtype());
        return x.mul(Tensors.rsqrt(Tensors.maximum(sumSq, floor)));
    }
}
