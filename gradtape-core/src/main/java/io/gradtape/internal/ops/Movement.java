package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Shape and movement ops: argument normalization (negative axes, a -1 dimension) for reshape, transpose,
 * broadcastTo, concat, slice and pad, and the composites stack, unstack, split, squeeze, expandDims, tile, reverse. The public entry points are documented on {@code Tensors}.
 */
public final class Movement {
    private Movement() {
    }

    public static Tensor reshape(Tensor x, int... shape) {
        Objects.requireNonNull(x, "reshape: x is null");
        Objects.requireNonNull(shape, "reshape: shape is null");
        int[] dims = shape.clone();
        int infer = -1;
        boolean zeroDim = false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: at most one -1 in " + Arrays.toString(shape) + " (input shape " + x.shape() + ")");
                }
                infer = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(shape) + " (input shape " + x.shape() + ")");
            } else if (dims[i] == 0) {
                zeroDim = true; // left out of the product, as TensorFlow's reshape_op.h does
            }
        }
        if (infer >= 0) {
            dims[infer] = zeroDim ? inferBesideZero(x, dims, shape) : inferFromSize(x, dims, shape);
        }
        return Dispatch.apply(Primitive.RESHAPE, new Params.ToShape(ShapeRules.shape("reshape", dims)), x);
    }

    /**
     * The -1 of a requested shape with no zero: the input's size over the product of the other dimensions, which
     * must divide it. The product saturates at 2^32, still larger than any size, so it never wraps.
     */
    private static int inferFromSize(Tensor x, int[] dims, int[] shape) {
        long product = 1;
        for (int d : dims) {
            if (d > 0) {
                product = Math.min(product * d, 1L << 32);
            }
        }
        if (x.size() % product != 0) {
            throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + x.shape() + " ("
                    + x.size() + " elements) to " + Arrays.toString(shape) + ": " + x.size()
                    + " is not a multiple of " + positiveProduct(dims));
        }
        return (int) (x.size() / product);
    }

    /**
     * The -1 of a requested shape with a zero, as TensorFlow's ReshapeOp: the input's zero dimensions are left out of
     * its element count too, so the -1 is inferred from the non-zero sizes: an inexact quotient is truncated when
     * the input has a zero dimension and is an error when it has none. Exact arithmetic: with zero dimensions the
     * other sizes are unbounded.
     */
    private static int inferBesideZero(Tensor x, int[] dims, int[] shape) {
        java.math.BigInteger product = positiveProduct(dims);
        java.math.BigInteger count = positiveProduct(x.shape().dims());
        java.math.BigInteger[] qr = count.divideAndRemainder(product);
        if (x.size() != 0 && qr[1].signum() != 0) {
            throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + x.shape() + " ("
                    + x.size() + " elements) to " + Arrays.toString(shape) + ": " + count
                    + " is not a multiple of " + product);
        }
        java.math.BigInteger quotient = qr[0];
        if (quotient.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("reshape: the inferred dimension of " + Arrays.toString(shape)
                    + " for input shape " + x.shape() + " exceeds the maximum dimension " + Integer.MAX_VALUE);
        }
        return quotient.intValue();
    }

    /** The exact product of the positive entries. */
    private static java.math.BigInteger positiveProduct(int[] dims) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : dims) {
            if (d > 0) {
                p = p.multiply(java.math.BigInteger.valueOf(d));
            }
        }
        return p;
    }

    public static Tensor transpose(Tensor x, int... perm) {
        Objects.requireNonNull(x, "transpose: x is null");
        int r = x.rank();
        int[] p;
        if (perm == null || perm.length == 0) {
            p = new int[r];
            for (int i = 0; i < r; i++) {
                p[i] = r - 1 - i;
            }
        } else {
            if (perm.length != r) {
                throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm) + " does not fit shape " + x.shape());
            }
            p = new int[r];
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                p[i] = ShapeRules.axis("transpose", perm[i], r, x.shape());
                if (seen[p[i]]) {
                    throw new IllegalArgumentException("transpose: " + Arrays.toString(perm) + " is not a permutation for shape " + x.shape());
                }
                seen[p[i]] = true;
            }
        }
        return Dispatch.apply(Primitive.TRANSPOSE, new Params.Perm(p), x);
    }

    public static Tensor broadcastTo(Tensor x, int... shape) {
        Objects.requireNonNull(x, "broadcastTo: x is null");
        Objects.requireNonNull(shape, "broadcastTo: shape is null");
        return Dispatch.apply(Primitive.BROADCAST_TO, new Params.ToShape(ShapeRules.shape("broadcastTo", shape)), x);
    }

    public static Tensor concat(List<? extends Tensor> tensors, int axis) {
        Objects.requireNonNull(tensors, "concat: tensors is null");
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor[] in = new Tensor[tensors.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = Objects.requireNonNull(tensors.get(i), "concat: tensor " + i + " is null");
        }
        if (in[0].rank() == 0) {
            throw new IllegalArgumentException("concat: cannot concatenate scalars (shape ())");
        }
        int a = ShapeRules.axis("concat", axis, in[0].rank(), in[0].shape());
        return Dispatch.apply(Primitive.CONCAT, new Params.Axis(a), in);
    }

    public static Tensor slice(Tensor x, int[] begin, int[] size) {
        Objects.requireNonNull(x, "slice: x is null");
        Objects.requireNonNull(begin, "slice: begin is null");
        Objects.requireNonNull(size, "slice: size is null");
        int[] sz = size.clone();
        for (int d = 0; d < Math.min(x.rank(), Math.min(begin.length, sz.length)); d++) {
            if (sz[d] == -1 && begin[d] >= 0) { // the rest of the axis
                sz[d] = Math.max(x.shape().dim(d) - begin[d], -1);
            }
        }
        return Dispatch.apply(Primitive.SLICE, new Params.Region(begin.clone(), sz), x); // ShapeRules checks the region
    }

    public static Tensor pad(Tensor x, int[] before, int[] after) {
        Objects.requireNonNull(x, "pad: x is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        return Dispatch.apply(Primitive.PAD, new Params.Padding(before.clone(), after.clone()), x); // ShapeRules checks them
    }

    /**
     * tf.pad's modes (array_ops.pad upper-cases the mode): CONSTANT pads with zeros, REFLECT and SYMMETRIC are
     * TensorFlow's MirrorPad (kernels/image/mirror_pad_op.cc): REFLECT mirrors about the edge element without
     * repeating it and needs {@code before, after < dim}, SYMMETRIC repeats it and needs {@code before, after <= dim}.
     * Composed of one gather per padded axis, so the gradient folds the mirrored copies back onto their sources
     * (MirrorPadGrad).
     */
    public static Tensor pad(Tensor x, int[] before, int[] after, String mode) {
        Objects.requireNonNull(x, "pad: x is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        Objects.requireNonNull(mode, "pad: mode is null");
        String m = mode.toUpperCase(java.util.Locale.ROOT);
        if (m.equals("CONSTANT")) {
            return pad(x, before, after);
        }
        if (!m.equals("REFLECT") && !m.equals("SYMMETRIC")) {
            throw new IllegalArgumentException("pad: mode must be CONSTANT, REFLECT or SYMMETRIC (any case), got \"" + mode
                    + "\" for shape " + x.shape());
        }
        boolean reflect = m.equals("REFLECT");
        int r = x.rank();
        if (before.length != r || after.length != r) {
            throw new IllegalArgumentException("pad: paddings before " + Arrays.toString(before) + " and after "
                    + Arrays.toString(after) + " must have one entry per axis of shape " + x.shape());
        }
        long[] out = new long[r];
        for (int d = 0; d < r; d++) {
            int n = x.shape().dim(d);
            int limit = reflect ? n - 1 : n;
            if (before[d] < 0 || after[d] < 0 || before[d] > limit || after[d] > limit) {
                throw new IllegalArgumentException("pad: " + m + " paddings before " + Arrays.toString(before) + " and after "
                        + Arrays.toString(after) + " do not fit shape " + x.shape() + ": along axis " + d + " they must be"
                        + " >= 0 and " + (reflect ? "less than" : "at most") + " the dimension " + n
                        + (reflect ? " (REFLECT does not repeat the edge element)" : ""));
            }
            out[d] = (long) before[d] + n + after[d];
        }
        ShapeRules.shape("pad", out); // checked before anything runs: a failed call records nothing
        int[] length = new int[r];
        for (int d = 0; d < r; d++) {
            length[d] = before[d] == 0 && after[d] == 0 ? -1 : (int) out[d];
        }
        return gatherAlongAxes(x, length, (d, i) -> {
            int n = x.shape().dim(d);
            int p = i - before[d];
            if (p < 0) {
                return reflect ? -p : -p - 1;
            }
            return p < n ? p : reflect ? 2 * (n - 1) - p : 2 * n - 1 - p;
        });
    }

    /**
     * {@code x} rearranged along each axis {@code d} with {@code length[d] >= 0} by one gather: position {@code i}
     * of the result's axis {@code d} ({@code 0 <= i < length[d]}) takes position {@code source(d, i)} of the
     * input's. Axes with {@code length[d] < 0} are left alone; the gathers run in increasing axis order, and with
     * no axis to move the result is {@code identity(x)}, so it is always a new tensor. The gradient of each gather
     * adds {@code g} back onto the sources. The movement of mirror padding, roll and reverse.
     */
    private static Tensor gatherAlongAxes(Tensor x, int[] length, java.util.function.IntBinaryOperator source) {
        Tensor y = x;
        for (int d = 0; d < length.length; d++) {
            if (length[d] < 0) {
                continue;
            }
            int[] idx = new int[length[d]];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = source.applyAsInt(d, i);
            }
            y = gather(y, intVector(idx), d);
        }
        return y == x ? identity(x) : y;
    }

    /**
     * tf.pad with CONSTANT mode and constant_values: PadV2. The value is converted to x's dtype as TensorFlow's
     * convert_to_tensor does (an error for a fraction with an integer tensor); array_ops.pad takes the zero path
     * (Pad) for a value equal to 0, so -0.0 pads with +0.0 there too. No gradient reaches the value.
     */
    public static Tensor pad(Tensor x, int[] before, int[] after, double constantValue) {
        Objects.requireNonNull(x, "pad: x is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        Tensor c = scalarFor("pad", x, constantValue); // checks the value before anything is recorded
        Tensor zeroPadded = pad(x, before, after); // PAD's shape rule checks the paddings; nothing below can fail
        if (constantValue == 0) {
            return zeroPadded;
        }
        Shape in = x.shape();
        int r = in.rank();
        Shape out = zeroPadded.shape();
        // true where an element of x lands: row-major walk over the output with a per-axis "inside" test
        boolean[] inside = new boolean[out.size()];
        int[] pos = new int[r];
        for (int k = 0; k < inside.length; k++) {
            boolean ok = true;
            for (int d = 0; d < r && ok; d++) {
                ok = pos[d] >= before[d] && pos[d] < before[d] + in.dim(d);
            }
            inside[k] = ok;
            for (int d = r - 1; d >= 0; d--) {
                if (++pos[d] < out.dim(d)) {
                    break;
                }
                pos[d] = 0;
            }
        }
        Tensor mask = make(DType.BOOL, out, inside);
        return where(mask, zeroPadded, c);
    }

    /**
     * tf.roll (kernels/roll_op.cc): every element moves {@code shift} places along its axis, wrapping around;
     * negative shifts move toward the start, negative axes count from the end, and the shifts of a repeated axis
     * add up. Each axis's net shift is taken modulo its size (an empty axis is left alone). One gather per shifted
     * axis, so the gradient rolls {@code g} back.
     */
    public static Tensor roll(Tensor x, int[] shifts, int[] axes) {
        Objects.requireNonNull(x, "roll: x is null");
        Objects.requireNonNull(shifts, "roll: shifts is null");
        Objects.requireNonNull(axes, "roll: axes is null");
        if (shifts.length != axes.length) {
            throw new IllegalArgumentException("roll: shifts " + Arrays.toString(shifts) + " and axes " + Arrays.toString(axes)
                    + " must have the same length (shape " + x.shape() + ")");
        }
        int r = x.rank();
        long[] net = new long[r];
        for (int i = 0; i < axes.length; i++) {
            int a = ShapeRules.axis("roll", axes[i], r, x.shape());
            int n = Math.max(x.shape().dim(a), 1);
            net[a] = Math.floorMod(net[a] + shifts[i], (long) n);
        }
        int[] length = new int[r];
        for (int d = 0; d < r; d++) {
            length[d] = net[d] == 0 ? -1 : x.shape().dim(d);
        }
        // output i takes input i - shift
        return gatherAlongAxes(x, length, (d, i) -> (int) Math.floorMod(i - net[d], (long) x.shape().dim(d)));
    }

    /**
     * tf.sequence_mask (array_ops.py): {@code mask[..., j] = j < lengths[...]}, bool, shape
     * {@code lengths.shape + (maxlen,)}; a negative length gives an all-false row. Without maxlen it is
     * {@code max(0, max(lengths))} (0 for no lengths). A negative maxlen is an error, as TensorFlow's Range
     * refuses it.
     */
    public static Tensor sequenceMask(Tensor lengths, int maxlen) {
        Objects.requireNonNull(lengths, "sequenceMask: lengths is null");
        if (!lengths.dtype().isInteger()) {
            throw new IllegalArgumentException("sequenceMask: lengths must be int32 or int64, got " + lengths.dtype()
                    + " with shape " + lengths.shape());
        }
        if (maxlen < 0) {
            throw new IllegalArgumentException("sequenceMask: maxlen must be >= 0, got " + maxlen + " (lengths shape "
                    + lengths.shape() + ")");
        }
        int[] out = Arrays.copyOf(lengths.shape().dims(), lengths.rank() + 1);
        out[lengths.rank()] = maxlen;
        ShapeRules.shape("sequenceMask", out);
        return less(range(0, maxlen, 1, lengths.dtype()), expandDims(lengths, -1));
    }

    /** {@link #sequenceMask(Tensor, int)} with maxlen {@code max(0, max(lengths))}. */
    public static Tensor sequenceMask(Tensor lengths) {
        Objects.requireNonNull(lengths, "sequenceMask: lengths is null");
        if (!lengths.dtype().isInteger()) {
            throw new IllegalArgumentException("sequenceMask: lengths must be int32 or int64, got " + lengths.dtype()
                    + " with shape " + lengths.shape());
        }
        long max = 0;
        for (long v : lengths.toLongArray()) {
            max = Math.max(max, v);
        }
        if (max > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequenceMask: the largest length " + max + " is too large for a mask"
                    + " dimension (lengths shape " + lengths.shape() + ")");
        }
        return sequenceMask(lengths, (int) max);
    }

    public static Tensor stack(List<? extends Tensor> tensors, int axis) {
        Objects.requireNonNull(tensors, "stack: tensors is null");
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Tensor first = Objects.requireNonNull(tensors.get(0), "stack: tensor 0 is null");
        int ax = ShapeRules.insertAxis("stack", axis, first.shape());
        Tensor[] parts = new Tensor[tensors.size()];
        for (int i = 0; i < parts.length; i++) {
            Tensor t = Objects.requireNonNull(tensors.get(i), "stack: tensor " + i + " is null");
            if (!t.shape().equals(first.shape())) {
                throw new IllegalArgumentException("stack: all shapes must be equal, got " + first.shape() + " and " + t.shape()
                        + " (tensor " + i + ")");
            }
            ShapeRules.sameDType("stack", first, t);
            parts[i] = t;
        }
        for (int i = 0; i < parts.length; i++) { // only after every check: a failed call records nothing
            parts[i] = expandDims(parts[i], ax);
        }
        return concat(Arrays.asList(parts), ax);
    }

    public static List<Tensor> unstack(Tensor x, int axis) {
        Objects.requireNonNull(x, "unstack: x is null");
        int ax = ShapeRules.axis("unstack", axis, x.rank(), x.shape());
        int n = x.shape().dim(ax);
        Tensor[] out = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int[] begin = new int[x.rank()];
            begin[ax] = i;
            int[] size = x.shape().dims();
            size[ax] = 1;
            out[i] = squeeze(slice(x, begin, size), ax);
        }
        return List.of(out);
    }

    public static List<Tensor> split(Tensor x, int numSplits, int axis) {
        Objects.requireNonNull(x, "split: x is null");
        int ax = ShapeRules.axis("split", axis, x.rank(), x.shape());
        int n = x.shape().dim(ax);
        if (numSplits <= 0 || n % numSplits != 0) {
            throw new IllegalArgumentException("split: dimension " + n + " of axis " + ax + " (shape " + x.shape()
                    + ") cannot be split into " + numSplits + " equal parts");
        }
        int[] sizes = new int[numSplits];
        Arrays.fill(sizes, n / numSplits);
        return split(x, sizes, ax);
    }

    public static List<Tensor> split(Tensor x, int[] sizes, int axis) {
        Objects.requireNonNull(x, "split: x is null");
        Objects.requireNonNull(sizes, "split: sizes is null");
        int ax = ShapeRules.axis("split", axis, x.rank(), x.shape());
        int n = x.shape().dim(ax);
        int[] sz = sizes.clone();
        int infer = -1;
        long known = 0;
        for (int i = 0; i < sz.length; i++) {
            if (sz[i] == -1 && infer < 0) {
                infer = i;
            } else if (sz[i] < 0) {
                throw new IllegalArgumentException("split: bad sizes " + Arrays.toString(sizes) + " (at most one -1, others >= 0) for shape " + x.shape());
            } else {
                known += sz[i];
            }
        }
        if (infer >= 0 && known <= n) {
            sz[infer] = (int) (n - known);
            known = n;
        }
        if (known != n || sz.length == 0) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " do not add up to dimension " + n
                    + " of axis " + ax + " (shape " + x.shape() + ")");
        }
        Tensor[] out = new Tensor[sz.length];
        int at = 0;
        for (int i = 0; i < sz.length; i++) {
            int[] begin = new int[x.rank()];
            begin[ax] = at;
            int[] size = x.shape().dims();
            size[ax] = sz[i];
            out[i] = slice(x, begin, size);
            at += sz[i];
        }
        return List.of(out);
    }

    public static Tensor squeeze(Tensor x, int... axes) {
        Objects.requireNonNull(x, "squeeze: x is null");
        int[] d = x.shape().dims();
        boolean[] drop = new boolean[d.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < d.length; i++) {
                drop[i] = d[i] == 1;
            }
        } else {
            for (int given : axes) { // a set, as TensorFlow's SqueezeOp: a repeated axis (0, 0 or 0, -r) is allowed
                int a = ShapeRules.axis("squeeze", given, d.length, x.shape());
                if (d[a] != 1) {
                    throw new IllegalArgumentException("squeeze: cannot squeeze axis " + a + " of shape " + x.shape()
                            + ": its size is " + d[a] + ", not 1");
                }
                drop[a] = true;
            }
        }
        int[] o = new int[d.length];
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (!drop[i]) {
                o[n++] = d[i];
            }
        }
        return reshape(x, Arrays.copyOf(o, n));
    }

    public static Tensor expandDims(Tensor x, int axis) {
        Objects.requireNonNull(x, "expandDims: x is null");
        int ax = ShapeRules.insertAxis("expandDims", axis, x.shape());
        int[] d = x.shape().dims();
        int[] o = new int[d.length + 1];
        System.arraycopy(d, 0, o, 0, ax);
        o[ax] = 1;
        System.arraycopy(d, ax, o, ax + 1, d.length - ax);
        return reshape(x, o);
    }

    public static Tensor tile(Tensor x, int... multiples) {
        Objects.requireNonNull(x, "tile: x is null");
        Objects.requireNonNull(multiples, "tile: multiples is null");
        int r = x.rank();
        if (multiples.length != r) {
            throw new IllegalArgumentException("tile: multiples " + Arrays.toString(multiples) + " must have one entry per axis of shape " + x.shape());
        }
        int[] d = x.shape().dims();
        int[] split = new int[2 * r];
        int[] wide = new int[2 * r];
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            if (multiples[i] < 0) {
                throw new IllegalArgumentException("tile: negative multiple in " + Arrays.toString(multiples) + " for shape " + x.shape());
            }
            split[2 * i] = 1;
            split[2 * i + 1] = d[i];
            wide[2 * i] = multiples[i];
            wide[2 * i + 1] = d[i];
            o[i] = (long) d[i] * multiples[i];
        }
        Shape out = ShapeRules.shape("tile", o); // checked before anything runs: a failed call records nothing
        ShapeRules.shape("tile", wide);
        return reshape(broadcastTo(reshape(x, split), wide), out.dims());
    }

    public static Tensor reverse(Tensor x, int... axes) {
        Objects.requireNonNull(x, "reverse: x is null");
        Objects.requireNonNull(axes, "reverse: axes is null");
        int[] length = new int[x.rank()];
        Arrays.fill(length, -1);
        for (int a : axes.length == 0 ? axes : ShapeRules.axes("reverse", axes, x.shape())) {
            length[a] = x.shape().dim(a);
        }
        return gatherAlongAxes(x, length, (d, i) -> length[d] - 1 - i);
    }
}
