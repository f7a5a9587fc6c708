package io.gradtape.data;

import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rows of the input's elements regrouped into batches of {@code size}, a batch taking rows from several input
 * elements where needed: TensorFlow's RebatchDatasetV2 (experimental/rebatch_dataset_op.cc), the same rows as
 * {@code unbatch().batch(size, dropRemainder)}. The kernel has no {@code CardinalityInternal}: unknown, whatever
 * the input's (0 and infinite included). When an input element throws (or is refused by {@code validate}), the
 * rows already taken from earlier elements for the batch being built are dropped with it and the next batch
 * starts at the element after it: the kernel's {@code GetNextInternal} collects its slices in a local vector that
 * an error return discards, with {@code offset_} left at -1.
 */
final class Rebatch extends Pipeline.Node {
    private final Pipeline.Node up;
    private final int size;
    private final boolean dropRemainder;

    Rebatch(Pipeline.Node up, int size, boolean dropRemainder) {
        this.up = up;
        this.size = size;
        this.dropRemainder = dropRemainder;
    }

    @Override
    long cardinality() {
        return Pipeline.UNKNOWN;   // even for an empty or infinite input: the kernel does not look at it
    }

    @Override
    Pipeline.Spec spec() {
        Pipeline.Spec s = up.spec();
        if (s == null) {
            return null;
        }
        int[][] dims = new int[s.dims.length][];
        for (int i = 0; i < dims.length; i++) {
            if (s.dims[i] != null) {
                dims[i] = s.dims[i].clone();
                dims[i][0] = dropRemainder ? size : -1;
            }
        }
        return new Pipeline.Spec(s.dtypes, dims);
    }

    @Override
    boolean endless() {
        return up.endless();
    }

    /** A run of rows {@code [from, to)} of one input element. */
    private record Slice(Tensor[] element, long index, int from, int to) {
    }

    @Override
    Iterator<Batch> elements(long e) {
        Iterator<Batch> it = up.elements(e);
        return Pipeline.untilNull(new Supplier<>() {
            Tensor[] cur;
            long curIndex;
            int offset = -1;
            long index;   // of the next input element
            boolean ended;

            @Override
            public Batch get() {
                if (ended) {
                    return null;
                }
                List<Slice> slices = new ArrayList<>();
                int n = 0;
                while (n < size) {
                    if (offset == -1) {
                        if (!it.hasNext()) {
                            ended = true;
                            break;
                        }
                        Tensor[] c = it.next().array();
                        long i = index++;
                        validate(c, i);
                        cur = c;
                        curIndex = i;
                        offset = 0;
                    }
                    int rows = cur[0].shape().dim(0);
                    int end = (int) Math.min((long) offset + size - n, rows);
                    if (end > offset) {
                        slices.add(new Slice(cur, curIndex, offset, end));
                    }
                    n += end - offset;
                    offset = end;
                    if (offset == rows) {
                        offset = -1;
                    }
                }
                if (n == 0 || (dropRemainder && n < size)) {
                    return null;
                }
                return concat(slices, n);
            }
        });
    }

    /** The kernel's ValidateInputTensors: no scalar, the same first dimension in every component. */
    private static void validate(Tensor[] c, long i) {
        for (int k = 0; k < c.length; k++) {
            if (c[k].rank() == 0) {
                throw new IllegalArgumentException("rebatch: component " + k + " of input element " + i
                        + " is a scalar (shape ()); every component needs a first dimension to rebatch");
            }
            if (c[k].shape().dim(0) != c[0].shape().dim(0)) {
                throw new IllegalArgumentException("rebatch: input element " + i + " is " + Pipeline.describe(c)
                        + ": component 0 has " + c[0].shape().dim(0) + " rows, component " + k + " has "
                        + c[k].shape().dim(0) + "; every component must have the same first dimension");
            }
        }
    }

    private static Batch concat(List<Slice> slices, int n) {
        Slice first = slices.get(0);
        int k = first.element().length;
        Tensor[] out = new Tensor[k];
        for (int c = 0; c < k; c++) {
            Tensor t0 = first.element()[c];
            int[] d0 = t0.shape().dims();
            int row = 1;
            for (int j = 1; j < d0.length; j++) {
                row *= d0[j];
            }
            long total = (long) n * row;
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rebatch: " + n + " rows of " + row + " values make " + total
                        + " values, more than a tensor holds (2^31-1)");
            }
            Object dst = Pipeline.newArray(t0.dtype(), (int) total);
            int at = 0;
            for (Slice s : slices) {
                Tensor t = s.element()[c];
                if (s.element().length != k) {
                    throw new IllegalArgumentException("rebatch: input element " + s.index() + " has "
                            + s.element().length + " components, input element " + first.index() + " has " + k
                            + "; elements must agree to be rebatched");
                }
                int[] d = t.shape().dims();
                if (t.dtype() != t0.dtype() || !Arrays.equals(d, 1, d.length, d0, 1, d0.length)) {
                    throw new IllegalArgumentException("rebatch: component " + c + " of input element " + s.index()
                            + " is " + t.shape() + " " + t.dtype() + ", of input element " + first.index() + " "
                            + t0.shape() + " " + t0.dtype() + "; rows must agree in shape and dtype to be batched");
                }
                int len = (s.to() - s.from()) * row;
                System.arraycopy(TensorAccess.data(t), s.from() * row, dst, at, len);
                at += len;
            }
            int[] dims = d0.clone();
            dims[0] = n;
            out[c] = TensorAccess.make(t0.dtype(), Shape.of(dims), dst);
        }
        return Batch.wrap(out);
    }
}
