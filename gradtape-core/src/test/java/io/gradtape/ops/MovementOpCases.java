package io.gradtape.ops;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;

/**
 * The op table's rows for movement ops, which rearrange values without arithmetic: {@code reshape}, {@code
 * transpose}, {@code concat}, {@code broadcastTo}, {@code slice}, {@code pad}, {@code stridedSlice} (Python's
 * rules, negative strides, masks), {@code stack}, {@code unstack}, {@code split}, {@code squeeze}, {@code
 * expandDims}, {@code tile}, {@code reverse}. References are plain loops over {@link NdArray} and {@link
 * LibraryReference}, never gradtape.
 */
public final class MovementOpCases {
    private MovementOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        t.add(op("Tensor.reshape", in -> in.get(0).reshape(4, -1), in -> NdArray.reshape(in.get(0), 4, -1))
                .variant("[4, -1]").shapes(s(2, 3, 4)));
        t.add(op("Tensor.transpose", in -> in.get(0).transpose(), in -> NdArray.transpose(in.get(0), 1, 0))
                .shapes(s(3, 4)));
        t.add(reshape(2, -1).shapes(s(3, 4)));
        t.add(reshape(4, 6).shapes(s(2, 3, 4)));
        t.add(reshape(-1).shapes(s(2, 3, 4)));
        t.add(reshape(1, 1).shapes(s()));
        t.add(reshape().shapes(s(1, 1)));
        t.add(reshape(3, 1, 2).shapes(s(6)));
        t.add(transpose().shapes(s(3, 4)).shapes(s(2, 3, 4)).shapes(s(5)).shapes(s()));
        t.add(transpose(1, 0, 2).shapes(s(2, 3, 4)));
        t.add(transpose(2, 0, 1).shapes(s(2, 3, 4)));
        t.add(transpose(0, 2, 1).shapes(s(2, 3, 4)));
        t.add(concat(0).shapes(s(2, 3), s(1, 3)).shapes(s(4), s(2)).shapes(s(3)));
        t.add(concat(-1).shapes(s(2, 3), s(2, 2), s(2, 1)));
        t.add(concat(1).shapes(s(2, 1, 4), s(2, 3, 4)));
        t.add(broadcastTo(2, 3, 4).shapes(s(3, 1)).shapes(s(2, 1, 4)).shapes(s()).shapes(s(2, 3, 4)));
        t.add(broadcastTo(3, 4).shapes(s(4)).shapes(s(3, 1)));
        t.add(slice(s(1, 2), s(2, -1)).shapes(s(4, 5)));
        t.add(slice(s(0, 1, 1), s(2, 2, 2)).shapes(s(2, 3, 4)));
        t.add(slice(s(0), s(5)).shapes(s(5)));
        t.add(slice(s(3), s(0)).shapes(s(5)));
        t.add(pad(s(1, 0), s(2, 3)).shapes(s(3, 4)));
        t.add(pad(s(2), s(0)).shapes(s(4)));
        t.add(pad(s(0, 1, 0), s(1, 0, 2)).shapes(s(2, 3, 4)));
        t.add(concat(0).variant("empty axis=0").shapes(s(0, 3), s(2, 3)));
        t.add(transpose().variant("empty default").shapes(s(0, 3)));

        // stridedSlice: Python's rules, negative strides, clamping, masks, an empty result
        t.add(stridedSlice(s(1), s(5), s(2), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(4), s(0), s(-1), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(-1), s(-10), s(-2), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(0), s(0), s(-1), 1, 1).shapes(s(6)));
        t.add(stridedSlice(s(0), s(0), s(-2), 1, 1).shapes(s(4)));
        t.add(stridedSlice(s(1, -1, 0), s(2, -3, 3), s(1, -1, 1), 0, 0).shapes(s(3, 2, 3)));
        t.add(stridedSlice(s(0, 4), s(4, 0), s(2, -2), 0, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(1), s(3), s(1), 0, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(3, 0), s(1, 5), s(1, 1), 0, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(0, 0, 3), s(2, 3, 0), s(1, 2, -1), 0, 0b100).shapes(s(2, 3, 4)));
        t.add(stridedSlice(s(-2, 1), s(0, 9), s(-1, 3), 0b01, 0).shapes(s(4, 5)));
        t.add(stridedSlice(s(10), s(-10), s(-3), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(-100), s(100), s(1), 0, 0).shapes(s(6)));
        t.add(stridedSlice(s(0, 0, 0), s(0, 0, 0), s(-1, -2, -3), 0b111, 0b111).shapes(s(2, 3, 4)));

        t.add(stack(0).shapes(s(3, 4), s(3, 4), s(3, 4)).shapes(s(), s()));
        t.add(stack(-1).shapes(s(3, 4), s(3, 4), s(3, 4)));
        t.add(stack(1).shapes(s(2, 3), s(2, 3)));
        t.add(stack(2).shapes(s(2, 3)));
        t.add(unstack(1, 1).shapes(s(2, 3, 4)));
        t.add(unstack(-1, 3).shapes(s(3, 4)));
        t.add(unstack(0, 2).shapes(s(3)));
        t.add(unstack(0, 0).shapes(s(2, 3, 4)));
        t.add(op("split", in -> split(in.get(0), 3, 1).get(1), in -> LibraryReference.range(in.get(0), 1, 2, 4))
                .variant("3 parts axis=1 [1]").shapes(s(2, 6)));
        t.add(op("split", in -> split(in.get(0), 4, 0).get(3), in -> LibraryReference.range(in.get(0), 0, 3, 4))
                .variant("4 parts axis=0 [3]").shapes(s(4)));
        t.add(op("split", in -> split(in.get(0), new int[] {1, -1, 2}, 0).get(1), in -> LibraryReference.range(in.get(0), 0, 1, 3))
                .variant("sizes=[1, -1, 2] axis=0 [1]").shapes(s(5, 3)));
        t.add(op("split", in -> split(in.get(0), new int[] {2, 1}, -1).get(0), in -> LibraryReference.range(in.get(0), -1, 0, 2))
                .variant("sizes=[2, 1] axis=-1 [0]").shapes(s(5, 3)));
        t.add(op("split", in -> split(in.get(0), new int[] {2, 0, 2}, 0).get(1), in -> LibraryReference.range(in.get(0), 0, 2, 2))
                .variant("sizes=[2, 0, 2] axis=0 [1] (empty)").shapes(s(4, 2)));
        t.add(op("squeeze", in -> squeeze(in.get(0)), in -> LibraryReference.withShape(in.get(0), 3, 4))
                .variant("all").shapes(s(1, 3, 1, 4)));
        t.add(op("squeeze", in -> squeeze(in.get(0), 2), in -> LibraryReference.withShape(in.get(0), 1, 3, 4))
                .variant("axes=[2]").shapes(s(1, 3, 1, 4)));
        t.add(op("squeeze", in -> squeeze(in.get(0), 0, -2), in -> LibraryReference.withShape(in.get(0), 3, 4))
                .variant("axes=[0, -2]").shapes(s(1, 3, 1, 4)));
        t.add(op("squeeze", in -> squeeze(in.get(0)), in -> LibraryReference.withShape(in.get(0)))
                .variant("all to scalar").shapes(s(1, 1)));
        t.add(op("expandDims", in -> expandDims(in.get(0), 0), in -> LibraryReference.withShape(in.get(0), 1, 3, 4))
                .variant("axis=0").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), -1), in -> LibraryReference.withShape(in.get(0), 3, 4, 1))
                .variant("axis=-1").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), 1), in -> LibraryReference.withShape(in.get(0), 3, 1, 4))
                .variant("axis=1").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), -2), in -> LibraryReference.withShape(in.get(0), 3, 1, 4))
                .variant("axis=-2").shapes(s(3, 4)));
        t.add(op("expandDims", in -> expandDims(in.get(0), 0), in -> LibraryReference.withShape(in.get(0), 1))
                .variant("axis=0").shapes(s()));
        t.add(tile(2, 1).shapes(s(2, 3)));
        t.add(tile(1, 3).shapes(s(2, 3)));
        t.add(tile(2, 2).shapes(s(2, 3)));
        t.add(tile(1, 2, 2).shapes(s(2, 1, 3)));
        t.add(tile(0).shapes(s(3)));
        t.add(tile().shapes(s()));
        t.add(reverse(0).shapes(s(5)));
        t.add(reverse(1).shapes(s(3, 4)));
        t.add(reverse(0, 2).shapes(s(2, 3, 4)));
        t.add(reverse(-1).shapes(s(3, 4)));
        t.add(reverse().shapes(s(3, 4)));

        t.add(mirrorPad(s(1, 2), s(1, 2), true).shapes(s(2, 3)));
        t.add(mirrorPad(s(0, 3), s(2, 1), false).shapes(s(2, 3)));
        t.add(mirrorPad(s(3), s(3), false).variant("SYMMETRIC pads = dim").shapes(s(3)));
        t.add(mirrorPad(s(2, 0, 1), s(0, 1, 1), true).shapes(s(3, 2, 4)));
        t.add(constantPad(s(1, 0), s(0, 2), -1.5).shapes(s(2, 3)));
        t.add(roll(s(2), s(0)).shapes(s(5)));
        t.add(roll(s(-1, 4), s(0, -1)).shapes(s(3, 4)));
        t.add(roll(s(1, 1, -7), s(1, -2, 2)).variant("repeated axis").shapes(s(2, 3, 4)));

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(stack(1).variant("empty axis=1").shapes(s(0, 3), s(0, 3)));
        t.add(unstack(0, 1).variant("empty axis=0 [1]").shapes(s(2, 0)));
        t.add(tile(2, 2).variant("empty").shapes(s(0, 2)));
        t.add(reverse(0).variant("empty axes=[0]").shapes(s(0, 3)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    private static OpCase.Builder reshape(int... to) {
        return op("reshape", in -> Tensors.reshape(in.get(0), to), in -> NdArray.reshape(in.get(0), to))
                .variant(Arrays.toString(to));
    }

    private static OpCase.Builder transpose(int... perm) {
        return op("transpose", in -> Tensors.transpose(in.get(0), perm), in -> {
            NdArray a = in.get(0);
            int[] p = perm;
            if (p.length == 0) {
                p = new int[a.rank()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = a.rank() - 1 - i;
                }
            }
            return NdArray.transpose(a, p);
        }).variant(perm.length == 0 ? "default" : "perm=" + Arrays.toString(perm));
    }

    private static OpCase.Builder concat(int axis) {
        return op("concat", in -> Tensors.concat(in, axis), in -> NdArray.concat(in, axis)).variant("axis=" + axis);
    }

    private static OpCase.Builder broadcastTo(int... shape) {
        return op("broadcastTo", in -> Tensors.broadcastTo(in.get(0), shape), in -> NdArray.broadcastTo(in.get(0), shape))
                .variant("to " + NdArray.format(shape));
    }

    private static OpCase.Builder slice(int[] begin, int[] size) {
        return op("slice", in -> Tensors.slice(in.get(0), begin, size), in -> NdArray.slice(in.get(0), begin, size))
                .variant("begin=" + Arrays.toString(begin) + " size=" + Arrays.toString(size));
    }

    private static OpCase.Builder pad(int[] before, int[] after) {
        return op("pad", in -> Tensors.pad(in.get(0), before, after), in -> NdArray.pad(in.get(0), before, after))
                .variant("before=" + Arrays.toString(before) + " after=" + Arrays.toString(after));
    }

    private static OpCase.Builder mirrorPad(int[] before, int[] after, boolean reflect) {
        String mode = reflect ? "REFLECT" : "SYMMETRIC";
        return op("pad", in -> Tensors.pad(in.get(0), before, after, mode), in -> mirrorPadReference(in.get(0), before, after, reflect))
                .variant(mode + " before=" + Arrays.toString(before) + " after=" + Arrays.toString(after));
    }

    /** MirrorPad by its definition: output position p (less {@code before}) reads the input at p mirrored into range. */
    private static NdArray mirrorPadReference(NdArray x, int[] before, int[] after, boolean reflect) {
        int[] in = x.shape();
        int[] out = new int[in.length];
        for (int d = 0; d < in.length; d++) {
            out[d] = before[d] + in[d] + after[d];
        }
        NdArray o = NdArray.zeros(out);
        for (int flat = 0; flat < o.size(); flat++) {
            int[] i = NdArray.unravel(flat, out);
            for (int d = 0; d < in.length; d++) {
                int p = i[d] - before[d];
                int n = in[d];
                i[d] = p < 0 ? (reflect ? -p : -p - 1) : p >= n ? (reflect ? 2 * n - 2 - p : 2 * n - 1 - p) : p;
            }
            o.data()[flat] = x.get(i);
        }
        return o;
    }

    private static OpCase.Builder constantPad(int[] before, int[] after, double value) {
        return op("pad", in -> Tensors.pad(in.get(0), before, after, value), in -> {
            NdArray z = NdArray.pad(in.get(0), before, after);
            NdArray ones = NdArray.pad(NdArray.map(in.get(0), v -> 1), before, after);
            return NdArray.zip(z, ones, (v, inside) -> inside == 1 ? v : value);
        }).variant("value=" + value + " before=" + Arrays.toString(before) + " after=" + Arrays.toString(after));
    }

    private static OpCase.Builder roll(int[] shifts, int[] axes) {
        return op("roll", in -> Tensors.roll(in.get(0), shifts, axes), in -> {
            NdArray x = in.get(0);
            int[] sh = x.shape();
            NdArray o = NdArray.zeros(sh);
            for (int flat = 0; flat < x.size(); flat++) { // move each input element by every listed shift
                int[] i = NdArray.unravel(flat, sh);
                for (int k = 0; k < axes.length; k++) {
                    int a = axes[k] < 0 ? axes[k] + sh.length : axes[k];
                    i[a] = Math.floorMod(i[a] + shifts[k], sh[a]);
                }
                o.set(x.data()[flat], i);
            }
            return o;
        }).variant("shifts=" + Arrays.toString(shifts) + " axes=" + Arrays.toString(axes));
    }

    private static OpCase.Builder stridedSlice(int[] begin, int[] end, int[] strides, int beginMask, int endMask) {
        boolean masks = beginMask != 0 || endMask != 0;
        return op("stridedSlice",
                in -> masks ? Tensors.stridedSlice(in.get(0), begin, end, strides, beginMask, endMask)
                        : Tensors.stridedSlice(in.get(0), begin, end, strides),
                in -> LibraryReference.stridedSlice(in.get(0), begin, end, strides, beginMask, endMask))
                .variant("begin=" + Arrays.toString(begin) + " end=" + Arrays.toString(end) + " strides=" + Arrays.toString(strides)
                        + (masks ? " masks=" + beginMask + "," + endMask : ""));
    }

    private static OpCase.Builder stack(int axis) {
        return op("stack", in -> Tensors.stack(in, axis), in -> LibraryReference.stack(in, axis)).variant("axis=" + axis);
    }

    private static OpCase.Builder unstack(int axis, int i) {
        return op("unstack", in -> Tensors.unstack(in.get(0), axis).get(i), in -> LibraryReference.unstack(in.get(0), axis, i))
                .variant("axis=" + axis + " [" + i + "]");
    }

    private static OpCase.Builder tile(int... multiples) {
        return op("tile", in -> Tensors.tile(in.get(0), multiples), in -> LibraryReference.tile(in.get(0), multiples))
                .variant("multiples=" + Arrays.toString(multiples));
    }

    private static OpCase.Builder reverse(int... axes) {
        return op("reverse", in -> Tensors.reverse(in.get(0), axes), in -> LibraryReference.reverse(in.get(0), axes))
                .variant("axes=" + Arrays.toString(axes));
    }
}
