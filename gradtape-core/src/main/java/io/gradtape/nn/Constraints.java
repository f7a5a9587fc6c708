package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keras 3's weight constraints ({@code keras/src/constraints/constraints.py}), with its formulas and defaults. The
 * norms are L2 norms over {@code axes} (kept as size 1), computed in the weight's dtype, and {@code eps = 1e-7}
 * (Keras's {@code backend.epsilon()}) keeps the division finite for a zero vector.
 *
 * <p><b>Axes.</b> As in Keras, {@code axes} are those the norm runs over: for a {@link Dense} kernel
 * {@code (inputSize, units)} the default axis 0 constrains each unit's incoming weight vector; for a
 * {@link Conv2D} kernel {@code (kh, kw, inChannels, filters)} pass {@code 0, 1, 2} to constrain each filter (Keras's
 * advice for {@code channels_last}), for a {@link Conv1D} kernel {@code (k, inChannels, filters)} {@code 0, 1}. A
 * {@link Conv2DTranspose} kernel is {@code (kh, kw, filters, inChannels)}, so the same axes constrain the weights
 * that reach each input channel. Axes may be negative (from the end).
 *
 * <table>
 *   <caption>The constraints</caption>
 *   <tr><th>factory</th><th>new value</th><th>Keras default</th></tr>
 *   <tr><td>{@link #maxNorm(double, int...)}</td><td>{@code w * clip(n, 0, maxValue) / (eps + n)}</td><td>{@code maxValue = 2, axis 0}</td></tr>
 *   <tr><td>{@link #nonNeg()}</td><td>{@code max(w, 0)}</td><td></td></tr>
 *   <tr><td>{@link #unitNorm(int...)}</td><td>{@code w / (eps + n)}</td><td>{@code axis 0}</td></tr>
 *   <tr><td>{@link #minMaxNorm(double, double, double, int...)}</td><td>{@code w * (rate * clip(n, min, max) + (1 - rate) * n) / (eps + n)}</td>
 *       <td>{@code min 0, max 1, rate 1, axis 0}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Dense d = Dense.builder(64).kernelConstraint(Constraints.maxNorm(3.0)).biasConstraint(Constraints.nonNeg()).build();
 * Conv2D c = Conv2D.builder(16, 3).kernelConstraint(Constraints.unitNorm(0, 1, 2)).build();
 * }</pre>
 */
public final class Constraints {
    private static final double EPSILON = Loss.EPSILON;

    private Constraints() {
    }

    /**
     * Keras's {@code MaxNorm()}: {@code maxNorm(2, 0)}.
     *
     * <pre>{@code
     * Constraints.maxNorm().apply(Tensors.constant(new float[] {3f, 4f}, 2, 1));   // [[1.2] [1.6]]: norm 5 to 2
     * }</pre>
     *
     * @return the constraint
     */
    public static Constraint maxNorm() {
        return maxNorm(2.0, 0);
    }

    /**
     * Keras's {@code MaxNorm(max_value)}: over axis 0.
     *
     * <pre>{@code
     * Constraints.maxNorm(1.0);
     * }</pre>
     *
     * @param maxValue the largest norm, finite and non-negative
     * @return the constraint
     * @throws IllegalArgumentException if {@code maxValue} is negative, NaN or infinite
     */
    public static Constraint maxNorm(double maxValue) {
        return maxNorm(maxValue, 0);
    }

    /**
     * Keras's {@code MaxNorm(max_value, axis)}: each vector along {@code axes} with an L2 norm {@code n} above
     * {@code maxValue} is scaled to that norm, {@code w * clip(n, 0, maxValue) / (eps + n)}; the others keep it (up to
     * the factor {@code n / (eps + n)}).
     *
     * <pre>{@code
     * Constraints.maxNorm(3.0, 0, 1, 2);   // each filter of a Conv2D kernel
     * }</pre>
     *
     * @param maxValue the largest norm, finite and non-negative
     * @param axes     the axes of the norm, at least one, distinct, negative from the end
     * @return the constraint; it refuses a weight of rank 0 or an axis out of its range with an
     *         {@link IllegalArgumentException} naming its shape
     * @throws IllegalArgumentException if {@code maxValue} is negative, NaN or infinite, or no axis is given
     */
    public static Constraint maxNorm(double maxValue, int... axes) {
        ShapeLayers.nonNegativeFactor("maxNorm", "maxValue", maxValue);
        int[] ax = axes("maxNorm", axes);
        return w -> {
            Tensor n = norms("maxNorm", w, ax);
            Tensor desired = Tensors.clipByValue(n, 0.0, maxValue);
            return w.mul(desired.div(n.add(EPSILON)));
        };
    }

    /**
     * Keras's {@code NonNeg()}: {@code max(w, 0)}, each element.
     *
     * <pre>{@code
     * Constraints.nonNeg().apply(Tensors.constant(new float[] {-0.5f, 2f}, 2));   // [0. 2.]
     * }</pre>
     *
     * @return the constraint
     */
    public static Constraint nonNeg() {
        return w -> {
            requireFloating("nonNeg", w);
            return Tensors.maximum(w, Tensors.zeros(w.dtype()));
        };
    }

    /**
     * Keras's {@code UnitNorm()}: over axis 0.
     *
     * <pre>{@code
     * Constraints.unitNorm().apply(Tensors.constant(new float[] {3f, 4f}, 2, 1));   // [[0.6] [0.8]]
     * }</pre>
     *
     * @return the constraint
     */
    public static Constraint unitNorm() {
        return unitNorm(0);
    }

    /**
     * Keras's {@code UnitNorm(axis)}: {@code w / (eps + n)}, each vector along {@code axes} scaled to norm 1 (a zero
     * vector stays zero).
     *
     * <pre>{@code
     * Constraints.unitNorm(0, 1, 2);   // each filter of a Conv2D kernel
     * }</pre>
     *
     * @param axes the axes of the norm, at least one, distinct, negative from the end
     * @return the constraint; it refuses a weight of rank 0 or an axis out of its range with an
     *         {@link IllegalArgumentException} naming its shape
     * @throws IllegalArgumentException if no axis is given
     */
    public static Constraint unitNorm(int... axes) {
        int[] ax = axes("unitNorm", axes);
        return w -> w.div(norms("unitNorm", w, ax).add(EPSILON));
    }

    /**
     * Keras's {@code MinMaxNorm()}: {@code minMaxNorm(0, 1, 1, 0)}.
     *
     * <pre>{@code
     * Constraints.minMaxNorm().apply(Tensors.constant(new float[] {3f, 4f}, 2, 1));   // [[0.6] [0.8]]
     * }</pre>
     *
     * @return the constraint
     */
    public static Constraint minMaxNorm() {
        return minMaxNorm(0.0, 1.0, 1.0, 0);
    }

    /**
     * Keras's {@code MinMaxNorm(min_value, max_value, rate, axis)}: each vector along {@code axes} with L2 norm
     * {@code n} is scaled to the norm {@code rate * clip(n, minValue, maxValue) + (1 - rate) * n}, that is
     * {@code w * desired / (eps + n)}: {@code rate = 1} enforces the bounds at once, a smaller rate moves the norm
     * part of the way at each step.
     *
     * <pre>{@code
     * Constraints.minMaxNorm(0.5, 2.0, 1.0, 0);
     * }</pre>
     *
     * @param minValue the smallest norm, finite and non-negative
     * @param maxValue the largest norm, finite, at least {@code minValue}
     * @param rate     in {@code [0, 1]}
     * @param axes     the axes of the norm, at least one, distinct, negative from the end
     * @return the constraint; it refuses a weight of rank 0 or an axis out of its range with an
     *         {@link IllegalArgumentException} naming its shape
     * @throws IllegalArgumentException if a bound is negative, NaN or infinite, {@code minValue > maxValue}, the rate
     *                                  is outside {@code [0, 1]}, or no axis is given
     */
    public static Constraint minMaxNorm(double minValue, double maxValue, double rate, int... axes) {
        ShapeLayers.nonNegativeFactor("minMaxNorm", "minValue", minValue);
        ShapeLayers.nonNegativeFactor("minMaxNorm", "maxValue", maxValue);
        if (minValue > maxValue) {
            throw new IllegalArgumentException("minMaxNorm: minValue must not exceed maxValue, got " + minValue + " and " + maxValue);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("minMaxNorm: rate must be in [0, 1], got " + rate);
        }
        int[] ax = axes("minMaxNorm", axes);
        return w -> {
            Tensor n = norms("minMaxNorm", w, ax);
            Tensor desired = Tensors.clipByValue(n, minValue, maxValue).mul(rate).add(n.mul(1 - rate));
            return w.mul(desired.div(n.add(EPSILON)));
        };
    }

    /** {@code sqrt(sum(w^2, axes, keepdims=True))}, after checking {@code w} and the axes against its rank. */
    private static Tensor norms(String what, Tensor w, int[] axes) {
        requireFloating(what, w);
        int rank = w.rank();
        for (int a : axes) {
            if (a < -rank || a >= rank) {
                throw new IllegalArgumentException(what + ": axis " + a + " is out of range for a weight of shape "
                        + w.shape() + " (axes " + Arrays.toString(axes) + ")");
            }
        }
        int[] normalized = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            normalized[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            for (int j = 0; j < i; j++) {
                if (normalized[j] == normalized[i]) {
                    throw new IllegalArgumentException(what + ": axes " + Arrays.toString(axes)
                            + " name one axis twice for a weight of shape " + w.shape());
                }
            }
        }
        return Tensors.sqrt(Tensors.reduceSum(Tensors.square(w), true, normalized));
    }

    private static int[] axes(String what, int[] axes) {
        Objects.requireNonNull(axes, () -> what + ": axes is null");
        if (axes.length == 0) {
            throw new IllegalArgumentException(what + ": give at least one axis (Keras's default is 0)");
        }
        return axes.clone();
    }

    /** {@link ShapeLayers#requireFloating} with this class's wording. */
    private static void requireFloating(String what, Tensor x) {
        ShapeLayers.requireFloating(what, "weight", "a constraint needs a floating weight", x);
    }
}
