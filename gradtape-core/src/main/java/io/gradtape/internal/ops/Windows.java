package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * The geometry of a 2-D sliding window over an NHWC input: kernel size, strides, dilations and SAME/VALID padding
 * give the output size, the padding on each side and, for every output position, the flat index of each window
 * cell in the padded input. All sizes are computed in {@code long} and checked, so a huge stride, dilation or
 * kernel is an {@link IllegalArgumentException} naming the op, never a wrapped size. For an input with no batch or
 * no channel, or an output with no row or column, only the geometry is computed ({@code cellIndex} stays null): the
 * result is empty whatever the window.
 */
public final class Windows {
    int kh;
    int kw;
    int oh;
    int ow;
    int hp;
    int wp;
    int padTop;
    int padBottom;
    int padLeft;
    int padRight;
    int[] cellIndex;
    boolean[] real;

    /** 1, 2 or 4 ints as TensorFlow takes them, as {@code (h, w)}; every value >= 1. */
    static int[] pair(String op, String what, int[] v) {
        Objects.requireNonNull(v, op + ": " + what + " is null");
        int[] r;
        if (v.length == 1) {
            r = new int[] {v[0], v[0]};
        } else if (v.length == 2) {
            r = new int[] {v[0], v[1]};
        } else if (v.length == 4 && v[0] == 1 && v[3] == 1) {
            r = new int[] {v[1], v[2]};
        } else {
            throw new IllegalArgumentException(op + ": " + what + " must be 1, 2 or 4 ints (4 as [1, h, w, 1]: batch and "
                    + "channel entries must be 1), got " + Arrays.toString(v));
        }
        if (r[0] < 1 || r[1] < 1) {
            throw new IllegalArgumentException(op + ": " + what + " must be >= 1, got " + Arrays.toString(v));
        }
        return r;
    }

    public static Windows of(String op, Tensor input, int kh, int kw, int[] strides, int[] dilations, String padding) {
        return of(op, input.shape(), kh, kw, strides, dilations, padding);
    }

    /**
     * The windows over an NHWC input of this shape (the input itself is not needed: conv2dTranspose describes its
     * result, the conv2d input it is the gradient for, by its shape alone).
     */
    static Windows of(String op, Shape inputShape, int kh, int kw, int[] strides, int[] dilations, String padding) {
        Objects.requireNonNull(padding, () -> op + ": padding is null");
        if (!padding.equals("SAME") && !padding.equals("VALID")) {
            throw new IllegalArgumentException(op + ": padding must be \"SAME\" or \"VALID\", got \"" + padding + "\"");
        }
        int[] s = pair(op, "strides", strides);
        int[] d = pair(op, "dilations", dilations);
        int h = inputShape.dim(1);
        int wd = inputShape.dim(2);
        long eh = (long) (kh - 1) * d[0] + 1; // the kernel's extent after dilation: exact in long
        long ew = (long) (kw - 1) * d[1] + 1;
        Windows w = new Windows();
        w.kh = kh;
        w.kw = kw;
        long oh;
        long ow;
        long ph = 0;
        long pw = 0;
        if (padding.equals("VALID")) {
            if (eh > h || ew > wd) {
                throw new IllegalArgumentException(op + ": the window " + kh + "x" + kw + " (extent " + eh + "x" + ew
                        + " with dilations) is larger than the input " + h + "x" + wd + " (shape " + inputShape + ") with VALID padding");
            }
            oh = (h - eh) / s[0] + 1;
            ow = (wd - ew) / s[1] + 1;
        } else {
            oh = (h + (long) s[0] - 1) / s[0]; // ceil(h / stride), in long: a huge stride gives 1, not a wrapped 0
            ow = (wd + (long) s[1] - 1) / s[1];
            ph = Math.max((oh - 1) * s[0] + eh - h, 0);
            pw = Math.max((ow - 1) * s[1] + ew - wd, 0);
        }
        long hp = h + ph;
        long wp = wd + pw;
        long cells = oh * ow * kh * kw; // each factor < 2^31 and oh * ow <= h * wd: checked below before use
        int[] x = inputShape.dims();
        if (hp > Integer.MAX_VALUE || wp > Integer.MAX_VALUE || (long) kh * kw > Integer.MAX_VALUE
                || oh * ow > Integer.MAX_VALUE || cells > Integer.MAX_VALUE
                || (x[0] != 0 && x[3] != 0 && Math.max(hp * wp, cells) > Integer.MAX_VALUE / ((long) x[0] * x[3]))) {
            throw new IllegalArgumentException(op + ": the window " + kh + "x" + kw + " (extent " + eh + "x" + ew + ") with strides "
                    + Arrays.toString(strides) + " and " + padding + " padding needs a padded input of " + hp + "x" + wp + " and "
                    + oh + "x" + ow + " windows over shape " + inputShape + ": the padded input or the window patches would have more "
                    + "than 2^31-1 elements");
        }
        w.oh = (int) oh;
        w.ow = (int) ow;
        w.padTop = (int) (ph / 2);
        w.padBottom = (int) (ph - ph / 2);
        w.padLeft = (int) (pw / 2);
        w.padRight = (int) (pw - pw / 2);
        w.hp = (int) hp;
        w.wp = (int) wp;
        if (x[0] == 0 || x[3] == 0 || oh == 0 || ow == 0) {
            // no batch, no channel or no window: the result is empty, and neither the padded input nor a window
            // index is built (see empty); the padded input of an empty row or column could have a size the
            // checks above pass but pad rejects, e.g. 2 x (2^31 - 1) x 0 x 1 for a huge kernel over a 2 x 3 x 0 x 1 input
            return w;
        }
        int kk = kh * kw;
        w.cellIndex = new int[(int) cells];
        w.real = new boolean[w.cellIndex.length];
        for (int i = 0; i < w.oh; i++) {
            for (int j = 0; j < w.ow; j++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        long r = (long) i * s[0] + (long) a * d[0]; // < hp: the windows lie inside the padded input
                        long c = (long) j * s[1] + (long) b * d[1];
                        int at = ((i * w.ow + j) * kh + a) * kw + b;
                        w.cellIndex[at] = (int) (r * w.wp + c);
                        w.real[at] = r >= w.padTop && r < w.padTop + h && c >= w.padLeft && c < w.padLeft + wd;
                    }
                }
            }
        }
        return w;
    }

    /**
     * The result of shape {@code out} of a window op over an input with no batch or no channel: zeros (empty,
     * except for conv2d with a batch but no input channels, whose sums over nothing are 0), built from the
     * (empty) inputs so that the tape still connects it to them: their gradients are zeros, not missing.
     */
    static Tensor empty(int[] out, Tensor... from) {
        int[] wide = Arrays.copyOf(out, out.length + 1); // out with an empty last axis, summed away: zeros of out
        Tensor r = null;
        for (Tensor t : from) {
            Tensor nothing = reshape(slice(reshape(t, -1), new int[] {0}, new int[] {0}), 1, 1, 1, 1, 0);
            Tensor none = reduceSum(broadcastTo(nothing, wide), out.length);
            r = r == null ? none : add(r, none);
        }
        return r;
    }

    boolean padded() {
        return padTop + padBottom + padLeft + padRight > 0;
    }

    /** The input with the window's padding of {@code fill} around the image (zeros when fill is 0). */
    Tensor padded(Tensor x, double fill) {
        if (!padded()) {
            return x;
        }
        Tensor p = pad(x, new int[] {0, padTop, padLeft, 0}, new int[] {0, padBottom, padRight, 0});
        if (fill == 0) {
            return p;
        }
        boolean[] inside = new boolean[hp * wp];
        int h = hp - padTop - padBottom;
        int wd = wp - padLeft - padRight;
        for (int r = 0; r < hp; r++) {
            for (int c = 0; c < wp; c++) {
                inside[r * wp + c] = r >= padTop && r < padTop + h && c >= padLeft && c < padLeft + wd;
            }
        }
        // a select, not an added bias: -0.0 + 0 would turn an input's -0.0 into 0.0
        return where(constant(inside, 1, hp, wp, 1), p, constant(fill, x.dtype()));
    }

    /** (N, Hp, Wp, C) padded images to (N, OH, OW, KH*KW, C) windows: one gather by the cell index map. */
    Tensor gatherWindows(Tensor padded) {
        int[] d = padded.shape().dims();
        Tensor flat = reshape(padded, d[0], d[1] * d[2], d[3]);
        return gather(flat, constant(cellIndex, oh, ow, kh * kw), 1);
    }

    /** im2col: the zero-padded windows of x, (N, OH, OW, KH*KW, C). */
    Tensor patches(Tensor x) {
        return gatherWindows(padded(x, 0));
    }

}
