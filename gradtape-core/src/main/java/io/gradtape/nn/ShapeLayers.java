package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * The input checks and the repeat shared by the reshaping, noise and activation layers ({@link ZeroPadding1D},
 * {@link Cropping2D}, {@link UpSampling2D}, {@link ReLU}, ...), and the dtype and factor checks of
 * {@link Regularizers} and {@link Constraints}.
 */
final class ShapeLayers {
    private ShapeLayers() {
    }

    /**
     * The input check of Keras's {@code InputSpec(ndim=rank)}: otherwise an {@link IllegalArgumentException}
     * {@code "<name>: <kind> needs an input of rank <rank> <layout>, got shape <s> and dtype <d>"}.
     */
    static void checkRank(Module layer, String kind, Tensor x, int rank, String layout) {
        Objects.requireNonNull(x, () -> layer.name() + ": input is null");
        if (x.rank() != rank) {
            throw new IllegalArgumentException(layer.name() + ": " + kind + " needs an input of rank " + rank + " "
                    + layout + ", got shape " + x.shape() + " and dtype " + x.dtype());
        }
    }

    /**
     * The floating-input check of the activation layers: otherwise an {@link IllegalArgumentException}
     * {@code "<name>: <kind> needs a floating input, got shape <s> and dtype <d>"}.
     */
    static void checkFloating(Module layer, String kind, Tensor x) {
        requireFloating(layer.name(), "input", kind + " needs a floating input", x);
    }

    /**
     * The one floating-dtype check of the layers, {@link Regularizers} and {@link Constraints}: a
     * {@link NullPointerException} {@code "<who>: <noun> is null"}, or an {@link IllegalArgumentException}
     * {@code "<who>: <needs>, got shape <s> and dtype <d>"}.
     */
    static void requireFloating(String who, String noun, String needs, Tensor x) {
        Objects.requireNonNull(x, () -> who + ": " + noun + " is null");
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(who + ": " + needs + ", got shape " + x.shape() + " and dtype "
                    + x.dtype());
        }
    }

    /**
     * Keras's {@code validate_float_arg} for a regularizer's or constraint's factor: finite and non-negative, or an
     * {@link IllegalArgumentException} {@code "<factory>: <arg> must be a finite non-negative number, got <v>"}.
     */
    static void nonNegativeFactor(String factory, String arg, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(factory + ": " + arg + " must be a finite non-negative number, got " + v);
        }
    }

    /** The counts of a padding or cropping, each 0 or more, or an {@link IllegalArgumentException} naming them. */
    static int[] nonNegative(String kind, String what, int... counts) {
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException(kind + ": " + what + " must be 0 or more, got "
                        + java.util.Arrays.toString(counts));
            }
        }
        return counts.clone();
    }

    /** A size or factor, positive, or an {@link IllegalArgumentException} naming it. */
    static int positive(String kind, String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(kind + ": " + what + " must be positive, got " + value);
        }
        return value;
    }

    /** The check that {@code x}'s dimension {@code axis} times {@code factor} fits an int. */
    static void checkUpsampled(Module layer, String kind, Tensor x, int axis, int factor) {
        if ((long) x.shape().dim(axis) * factor > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(layer.name() + ": " + kind + " would enlarge dimension " + axis
                    + " of the input of shape " + x.shape() + " by " + factor + " past Integer.MAX_VALUE");
        }
    }

    /**
     * NumPy's {@code repeat(x, times, axis)} (Keras's {@code ops.repeat}): each slice along {@code axis} appears
     * {@code times} times in a row. Composed of expandDims, broadcastTo and reshape, so the gradient sums the copies.
     */
    static Tensor repeat(Tensor x, int axis, int times) {
        if (times == 1) {
            return x;
        }
        int[] d = x.shape().dims();
        int[] wide = new int[d.length + 1];
        for (int i = 0, j = 0; i < d.length; i++, j++) {
            wide[j] = d[i];
            if (i == axis) {
                wide[++j] = times;
            }
        }
        int[] out = d.clone();
        out[axis] = d[axis] * times;
        return Tensors.reshape(Tensors.broadcastTo(Tensors.expandDims(x, axis + 1), wide), out);
    }
}
