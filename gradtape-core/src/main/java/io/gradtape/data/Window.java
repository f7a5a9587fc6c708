package io.gradtape.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Windows of {@code size} elements taken every {@code stride}-th from a buffer of
 * {@code (size - 1) * stride + 1} consecutive elements, the buffer moving on by {@code shift}: TensorFlow's
 * WindowDataset (window_dataset_op.cc, {@code GetNextInternal} and {@code CardinalityInternal}); here each window
 * is stacked into one element, as {@code window(...).flat_map(lambda w: w.batch(size))} in TensorFlow.
 */
final class Window extends Pipeline.Node {
    private final Pipeline.Node up;
    private final int size;
    private final int shift;
    private final int stride;
    private final boolean dropRemainder;
    private final int target;

    Window(Pipeline.Node up, int size, int shift, int stride, boolean dropRemainder, int target) {
        this.up = up;
        this.size = size;
        this.shift = shift;
        this.stride = stride;
        this.dropRemainder = dropRemainder;
        this.target = target;
    }

    /**
     * As the kernel: with {@code dropRemainder}, {@code n < target ? 0 : (n - target) / shift + 1}; without,
     * {@code ceil(n / shift)}; infinite and unknown stay so.
     */
    @Override
    long cardinality() {
        long n = up.cardinality();
        if (n < 0) {
            return n;
        }
        if (dropRemainder) {
            long rest = n - target;
            return rest < 0 ? 0 : rest / shift + 1;
        }
        return n / shift + (n % shift == 0 ? 0 : 1);
    }

    /** A new first dimension: {@code size} with {@code dropRemainder}, else None (the last windows are shorter). */
    @Override
    Pipeline.Spec spec() {
        Pipeline.Spec s = up.spec();
        return s == null ? null : Pipeline.BatchStage.batched(s, s.dims, size, dropRemainder);
    }

    @Override
    boolean endless() {
        return up.endless();
    }

    @Override
    Iterator<Batch> elements(long e) {
        Iterator<Batch> it = up.elements(e);
        return Pipeline.untilNull(new Supplier<>() {
            final ArrayDeque<Batch> buffer = new ArrayDeque<>();
            boolean inputEnded;
            long window;   // index of the next window

            private boolean short_() {
                return buffer.isEmpty() || (dropRemainder && buffer.size() < target);
            }

            @Override
            public Batch get() {
                if (inputEnded && short_()) {
                    return null;
                }
                while (!inputEnded && buffer.size() < target) {
                    if (!it.hasNext()) {
                        inputEnded = true;
                    } else {
                        buffer.add(it.next());
                    }
                }
                if (short_()) {
                    return null;
                }
                Batch[] all = buffer.toArray(new Batch[0]);
                int n = 1 + (all.length - 1) / stride;
                List<Batch> members = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    members.add(all[i * stride]);
                }
                if (shift >= all.length) {
                    // the elements between this buffer and the next are read and dropped; their errors are ignored,
                    // as the kernel ignores the status of discarded elements
                    for (long i = all.length; !inputEnded && i < shift; i++) {
                        try {
                            if (!it.hasNext()) {
                                inputEnded = true;
                            } else {
                                it.next();
                            }
                        } catch (RuntimeException ignored) {
                            // a discarded element
                        }
                    }
                    buffer.clear();
                } else {
                    for (int i = 0; i < shift; i++) {
                        buffer.poll();
                    }
                }
                long w = window++;
                try {
                    return Pipeline.stack("window", members);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(ex.getMessage().replaceFirst("^window: ",
                            "window: in window " + w + ", "), ex);
                }
            }
        });
    }
}
