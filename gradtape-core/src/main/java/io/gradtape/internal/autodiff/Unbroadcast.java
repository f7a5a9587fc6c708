package io.gradtape.internal.autodiff;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.KernelHandles;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The one place where a gradient is reduced back to the shape of the input it belongs to. A binary op
 * broadcasts its inputs to the output shape; its derivative rule therefore returns gradients of the output
 * shape, and the backward sweep sums them over the axes along which the input was repeated: the leading axes it
 * lacked, and the axes where it had size 1. Derivative rules never think about broadcasting.
 */
final class Unbroadcast {
    private Unbroadcast() {
    }

    /**
     * {@code g} summed down to {@code batch + shape}, where {@code batch} is the first {@code batchRank}
     * dimensions of {@code g} (a batch of cotangents, kept as is); {@code g} itself when the shapes already agree.
     */
    static Tensor sumTo(Tensor g, Shape shape, int batchRank) {
        Shape gs = g.shape();
        int lead = gs.rank() - batchRank - shape.rank();
        if ((lead | tailDiff(gs, shape, batchRank, lead)) == 0) {
            return g;
        }
        try {
            return (Tensor) REDUCE[0].invokeExact(g, shape, batchRank, lead);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * {@link #reduce} as a handle read from an array, so that C2 does not treat it as a constant nor inline it
     * into {@link #sumTo} and, through it, into {@code Backprop.sweep}. C2 compiles the branches a JVM's sweeps
     * never took as uncommon traps: in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:26-13:30 UTC, 2 runs)
     * the MNIST MLP's first gradient summed to a trailing 1 ({@code [128, 10]} to {@code [128, 1]}) trapped at
     * sameTail's return false (inlined in sumTo, inlined in sweep), and C2 compiled sumTo (6.7 KB) and sweep
     * (3.9 KB) again during the MLP's first steps; the axes loop and the reshape after it were as new. Now the
     * shapes are compared without a branch and a new kind of reduction throws away {@link #reduce}'s code alone.
     * The handle's call (a few ns) is paid only when a gradient is summed.
     */
    private static final MethodHandle[] REDUCE = {handle("reduce",
            MethodType.methodType(Tensor.class, Tensor.class, Shape.class, int.class, int.class))};

    private static MethodHandle handle(String name, MethodType type) {
        return KernelHandles.find(MethodHandles.lookup(), Unbroadcast.class, name, type);
    }

    /** {@code g} summed over the axes {@code shape} lacks or has as 1, then reshaped to {@code batch + shape}. */
    private static Tensor reduce(Tensor g, Shape shape, int batchRank, int lead) {
        Shape gs = g.shape();
        int[] axes = new int[gs.rank()];
        int n = 0;
        // shape's dimensions and one more (0), so that sd[max(j, 0)] can be read for any rank, 0 included
        int[] sd = java.util.Arrays.copyOf(shape.dims(), shape.rank() + 1);
        for (int i = batchRank; i < gs.rank(); i++) {
            // axis i is summed when shape lacks it (j < 0) or has 1 where g has not: bits, not branches (a JVM
            // whose gradients had only lacked leading axes compiled the second test as a trap: reduce@62 in the
            // logged runs of 13:41-13:43 UTC, 6 KB compiled again); sd[max(j, 0)] is read but not used when j < 0
            int j = i - batchRank - lead;
            int lacks = j >>> 31;
            int s1 = sd[Math.max(j, 0)] ^ 1, g1 = gs.dim(i) ^ 1; // 0 when that dimension is 1
            int ones = (((s1 | -s1) >>> 31) ^ 1) & ((g1 | -g1) >>> 31);
            axes[n] = i;
            n += lacks | ones;
        }
        Tensor summed = n == 0 ? g : Tensors.reduceSum(g, java.util.Arrays.copyOf(axes, n));
        int[] want = java.util.Arrays.copyOf(gs.dims(), batchRank + shape.rank());
        System.arraycopy(shape.dims(), 0, want, batchRank, shape.rank());
        try {
            return (Tensor) RESHAPE[0].invokeExact(summed, want);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * {@code summed} reshaped to {@code want} unless it has that shape: a handle (see {@link #REDUCE}), because
     * the first reshape in a JVM whose sums had all dropped leading axes (the MNIST MLP's {@code [128]} back to
     * {@code [128, 1]}) was a branch C2 had compiled as a trap.
     */
    private static Tensor reshaped(Tensor summed, int[] want) {
        return summed.shape().equals(Shape.of(want)) ? summed : Tensors.reshape(summed, want);
    }

    private static final MethodHandle[] RESHAPE = {handle("reshaped",
            MethodType.methodType(Tensor.class, Tensor.class, int[].class))};

    /**
     * Zero when {@code g}'s dimensions after the batch are {@code shape}'s (for {@code lead == 0}), else some
     * other value: the dimensions' differences or'ed together, with no branch on them. Not read when {@code lead}
     * is not 0 (then the loop stops at the shorter of the two).
     */
    private static int tailDiff(Shape gs, Shape shape, int batchRank, int lead) {
        int diff = 0;
        int n = lead < 0 ? 0 : shape.rank();
        for (int i = 0; i < n; i++) {
            diff |= gs.dim(batchRank + i) ^ shape.dim(i);
        }
        return diff;
    }
}
