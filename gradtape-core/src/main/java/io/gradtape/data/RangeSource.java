package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Tensor;

import java.util.Iterator;

/**
 * {@code start, start + step, ...}, {@code count} values: TensorFlow's RangeDataset (range_dataset_op.cc), whose
 * count is Python's {@code len(range(start, stop, step))}.
 */
final class RangeSource extends Pipeline.Node {
    private final long start;
    private final long step;
    private final long count;
    private final DType dtype;

    RangeSource(long start, long step, long count, DType dtype) {
        this.start = start;
        this.step = step;
        this.count = count;
        this.dtype = dtype;
    }

    /**
     * {@code len(range(start, stop, step))}, or -1 when it exceeds 2^63 - 1 (computed unsigned, so that
     * {@code range(Long.MIN_VALUE, Long.MAX_VALUE)} does not overflow into a wrong count).
     */
    static long count(long start, long stop, long step) {
        if (step > 0 ? stop <= start : stop >= start) {
            return 0;
        }
        long span = step > 0 ? stop - start : start - stop;   // unsigned, in (0, 2^64)
        long stride = step > 0 ? step : -step;                // unsigned, 2^63 for Long.MIN_VALUE
        long n = Long.divideUnsigned(span - 1, stride) + 1;   // ceil(span / stride), unsigned
        return n < 0 || n == 0 ? -1 : n;
    }

    @Override
    long cardinality() {
        return count;
    }

    @Override
    Pipeline.Spec spec() {
        return new Pipeline.Spec(new DType[] {dtype}, new int[][] {{}});
    }

    @Override
    boolean endless() {
        return false;
    }

    @Override
    Iterator<Batch> elements(long e) {
        long[] i = {0};
        return Pipeline.untilNull(() -> i[0] < count ? Batch.wrap(new Tensor[] {Transforms.scalar(dtype, start + i[0]++ * step)})
                : null);
    }
}
