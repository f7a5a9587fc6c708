package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

import java.lang.ref.Reference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * More stages behind {@link Dataset}, each after a TensorFlow kernel named in its comment: the sources
 * {@code fromGenerator} and {@code range}, and {@code takeWhile}, {@code flatMap}, {@code interleave},
 * {@code shard}, {@code scan}, {@code window}, {@code rebatch} and {@code bucketBySequenceLength}. They follow
 * {@link Pipeline}'s conventions: an element is computed when {@code hasNext} or {@code next} asks for it (never
 * ahead), an exception surfaces on the call that asks for the element it belongs to and the iteration goes on
 * after it, and an inner dataset (of {@code flatMap} or {@code interleave}) is opened with {@link Background.Resources}
 * of its own, released when it ends, so its threads (a prefetch inside it) end with it or with the iteration.
 */
final class Transforms {
    private Transforms() {
    }

    /** The int64 (or other) scalar {@code v} as {@code dtype}. */
    static Tensor scalar(DType dtype, long v) {
        Object data;
        switch (dtype) {
            case INT64:
                data = new long[] {v};
                break;
            case INT32:
                data = new int[] {(int) v};
                break;
            case FLOAT32:
                data = new float[] {(float) v};
                break;
            case FLOAT64:
                data = new double[] {(double) v};
                break;
            default:
                data = new boolean[] {v != 0};
        }
        return TensorAccess.make(dtype, Shape.of(), data);
    }

    /** Whether {@code t} fits {@code dims} (null: any rank; -1: any size). */
    static boolean fits(Tensor t, int[] dims) {
        if (dims == null) {
            return true;
        }
        if (t.rank() != dims.length) {
            return false;
        }
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] >= 0 && t.shape().dim(k) != dims[k]) {
                return false;
            }
        }
        return true;
    }

    /** The most specific spec both fit: dims kept where equal, else None; rank unknown where ranks differ. */
    static Pipeline.Spec relax(Pipeline.Spec a, Tensor[] b) {
        int[][] dims = new int[a.dims.length][];
        for (int i = 0; i < dims.length; i++) {
            int[] x = a.dims[i];
            int[] y = b[i].shape().dims();
            if (x != null && x.length == y.length) {
                dims[i] = new int[x.length];
                for (int k = 0; k < x.length; k++) {
                    dims[i][k] = x[k] == y[k] ? x[k] : -1;
                }
            }
        }
        return new Pipeline.Spec(a.dtypes, dims);
    }

    // ---------------------------------------------------------------- sources

    /**
     * The elements of an iterator the generator makes anew in every epoch: TensorFlow's {@code from_generator}
     * (dataset_ops.py / from_generator_op.py, which calls the generator once per iteration and checks each element
     * against {@code output_signature}). Each element is checked against the declared spec.
     */
    static final class FromGenerator extends Pipeline.Node {
        private final Supplier<? extends Iterator<Batch>> generator;
        private final Pipeline.Spec declared;

        FromGenerator(Supplier<? extends Iterator<Batch>> generator, Pipeline.Spec declared) {
            this.generator = generator;
            this.declared = declared;
        }

        /** Unknown: TensorFlow's from_generator (a flat_map over a generator id) has no count either. */
        @Override
        long cardinality() {
            return Pipeline.UNKNOWN;
        }

        @Override
        Pipeline.Spec spec() {
            return declared;
        }

        @Override
        boolean endless() {
            return false;
        }

        /**
         * The generator's iterator of epoch {@code e}, made at the first {@code hasNext}. One that is
         * {@link AutoCloseable} is closed at its end, when the iteration's resources are closed (those current
         * here), and otherwise once this stage's iterator has become unreachable: an iteration abandoned without
         * {@code close()} (a for-each left by {@code break}), or one opened with no resources, still closes it, as
         * TensorFlow finalizes a generator when its iterator is destroyed. The last happens on the cleaner's thread,
         * when no thread can be inside the generator's iterator any more.
         */
        @Override
        Iterator<Batch> elements(long e) {
            Background.Resources owner = Background.CURRENT.get();
            AtomicReference<Closer> made = new AtomicReference<>();
            Supplier<Batch> advance = new Supplier<>() {
                Iterator<Batch> it;
                long index;   // of the next element

                @Override
                public Batch get() {
                    try {
                        return advance();
                    } finally {
                        Reference.reachabilityFence(this);   // not unreachable while in use
                    }
                }

                private Batch advance() {
                    if (it == null) {
                        Iterator<Batch> gen = generator.get();
                        it = Objects.requireNonNull(gen, "fromGenerator: the generator returned null instead of an"
                                + " iterator (epoch " + e + ")");
                        if (gen instanceof AutoCloseable c) {
                            made.set(new Closer(c, owner));
                        }
                    }
                    if (!it.hasNext()) {
                        Closer closer = made.get();
                        if (closer != null) {
                            closer.stop();
                        }
                        return null;
                    }
                    long i = index++;
                    Batch b = it.next();
                    if (b == null) {
                        throw new NullPointerException("fromGenerator: element " + i + " is null");
                    }
                    check(i, b);
                    return b;
                }
            };
            // the action holds the closer, never the supplier: it runs once the supplier is unreachable
            Background.Cleaners.CLEANER.register(advance, () -> {
                Closer closer = made.get();
                if (closer != null) {
                    closer.stop();
                }
            });
            return Pipeline.untilNull(advance);
        }

        private void check(long i, Batch b) {
            Tensor[] c = b.array();
            if (c.length != declared.dtypes.length) {
                throw new IllegalArgumentException("fromGenerator: element " + i + " has " + c.length
                        + (c.length == 1 ? " component" : " components") + " " + Pipeline.describe(c)
                        + ", the declared spec " + declared + " has " + declared.dtypes.length);
            }
            for (int k = 0; k < c.length; k++) {
                if (c[k].dtype() != declared.dtypes[k] || !fits(c[k], declared.dims[k])) {
                    throw new IllegalArgumentException("fromGenerator: component " + k + " of element " + i + " is "
                            + c[k].shape() + " " + c[k].dtype() + ", which does not fit the declared spec " + declared
                            + " (" + (c[k].dtype() != declared.dtypes[k] ? "dtype " + c[k].dtype() + " is not "
                            + declared.dtypes[k] : "shape " + c[k].shape() + " is not "
                            + Pipeline.dimsString(declared.dims[k])) + ")");
                }
            }
        }
    }

    /**
     * Closes a generator's iterator once: at its end, when the iteration it belongs to is closed (registered with
     * the iteration's resources until then, if there are any), or when its stage's iterator is collected.
     */
    private static final class Closer implements Background.Stoppable {
        private final AutoCloseable target;
        private final Background.Resources owner;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        Closer(AutoCloseable target, Background.Resources owner) {
            this.target = target;
            this.owner = owner;
            if (owner != null) {
                owner.add(this);
            }
        }

        @Override
        public void stop() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (owner != null) {
                owner.remove(this);
            }
            try {
                target.close();
            } catch (Exception ignored) {
                // the epoch is over; a failure to release the generator's iterator has no element to belong to
            }
        }
    }

    /**
     * {@code start, start + step, ...}, {@code count} values: TensorFlow's RangeDataset (range_dataset_op.cc), whose
     * count is Python's {@code len(range(start, stop, step))}.
     */
    static final class Range extends Pipeline.Node {
        private final long start;
        private final long step;
        private final long count;
        private final DType dtype;

        Range(long start, long step, long count, DType dtype) {
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
            return Pipeline.untilNull(() -> i[0] < count ? Batch.wrap(new Tensor[] {scalar(dtype, start + i[0]++ * step)})
                    : null);
        }
    }

    // ---------------------------------------------------------------- stages

    /**
     * The elements up to the first for which the predicate is false: TensorFlow's TakeWhileDataset
     * (experimental/take_while_dataset_op.cc), of unknown cardinality.
     */
    static final class TakeWhile extends Pipeline.Node {
        private final Pipeline.Node up;
        private final Predicate<Batch> keep;

        TakeWhile(Pipeline.Node up, Predicate<Batch> keep) {
            this.up = up;
            this.keep = keep;
        }

        @Override
        long cardinality() {
            return Pipeline.UNKNOWN;
        }

        @Override
        Pipeline.Spec spec() {
            return up.spec();
        }

        /** Counts as finite, even of an infinite input: ending an infinite input is what takeWhile is for. */
        @Override
        boolean endless() {
            return false;
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            return Pipeline.untilNull(() -> {
                if (!it.hasNext()) {
                    return null;
                }
                Batch b = it.next();
                return keep.test(b) ? b : null;
            });
        }
    }

    /** An inner dataset's iterator with the resources its threads registered with. */
    private static final class Inner {
        final Iterator<Batch> it;
        final Background.Resources resources;

        Inner(Iterator<Batch> it, Background.Resources resources) {
            this.it = it;
            this.resources = resources;
        }

        /** {@code f(b)}'s next epoch, opened with resources of its own. */
        static Inner open(String op, Function<Batch, Dataset> f, Batch b, long i) {
            Dataset d = f.apply(b);
            if (d == null) {
                throw new NullPointerException(op + ": the function returned null for element " + i);
            }
            Background.Resources r = Background.Resources.child();
            try {
                return new Inner(Background.within(r, d::open), r);
            } catch (RuntimeException | Error ex) {
                r.release();
                throw ex;
            }
        }
    }

    /**
     * The elements of the dataset {@code f} makes of each input element, one dataset after the other: TensorFlow's
     * FlatMapDataset (flat_map_dataset_op.cc). Its cardinality is unknown, an empty input's too: the kernel computes
     * one only at {@code CARDINALITY_COMPUTE_MODERATE}, and {@code Dataset.cardinality()} asks at the default level.
     */
    static final class FlatMap extends Pipeline.Node {
        private final Pipeline.Node up;
        private final Function<Batch, Dataset> f;

        FlatMap(Pipeline.Node up, Function<Batch, Dataset> f) {
            this.up = up;
            this.f = f;
        }

        @Override
        long cardinality() {
            return Pipeline.UNKNOWN;   // even for an empty input: the kernel does not look at it
        }

        @Override
        Pipeline.Spec spec() {
            return null;
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> in = up.elements(e);
            return Pipeline.untilNull(new Supplier<>() {
                Inner cur;
                long index;   // of the next input element

                @Override
                public Batch get() {
                    while (true) {
                        if (cur != null) {
                            if (cur.it.hasNext()) {
                                return cur.it.next();
                            }
                            cur.resources.release();
                            cur = null;
                        }
                        if (!in.hasNext()) {
                            return null;
                        }
                        Batch b = in.next();
                        cur = Inner.open("flatMap", f, b, index++);
                    }
                }
            });
        }
    }

    /**
     * The elements of the datasets {@code f} makes of {@code cycleLength} input elements at a time, {@code blockLength}
     * consecutive elements from each in turn: TensorFlow's InterleaveDataset (interleave_dataset_op.cc,
     * {@code GetNextInternal}), step for step. A slot whose dataset ends is refilled from the input in place, on the
     * next visit, without moving to the next slot; the iteration ends when the input has ended and no slot is open.
     * The kernel has no {@code CardinalityInternal}: unknown, whatever the input's (0 and infinite included).
     */
    static final class Interleave extends Pipeline.Node {
        private final Pipeline.Node up;
        private final Function<Batch, Dataset> f;
        private final int cycleLength;
        private final int blockLength;

        Interleave(Pipeline.Node up, Function<Batch, Dataset> f, int cycleLength, int blockLength) {
            this.up = up;
            this.f = f;
            this.cycleLength = cycleLength;
            this.blockLength = blockLength;
        }

        @Override
        long cardinality() {
            return Pipeline.UNKNOWN;   // even for an empty input: the kernel does not look at it
        }

        @Override
        Pipeline.Spec spec() {
            return null;
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> in = up.elements(e);
            return Pipeline.untilNull(new Supplier<>() {
                final Inner[] slots = new Inner[cycleLength];
                int cycleIndex;
                int blockIndex;
                boolean endOfInput;
                int open;
                long index;   // of the next input element

                private void nextInCycle() {
                    blockIndex = 0;
                    cycleIndex = (cycleIndex + 1) % cycleLength;
                }

                @Override
                public Batch get() {
                    while (!endOfInput || open > 0) {
                        Inner cur = slots[cycleIndex];
                        if (cur != null) {
                            if (cur.it.hasNext()) {
                                Batch b = cur.it.next();
                                if (++blockIndex == blockLength) {
                                    nextInCycle();
                                }
                                return b;
                            }
                            cur.resources.release();
                            slots[cycleIndex] = null;
                            open--;
                            nextInCycle();
                        } else if (!endOfInput) {
                            if (!in.hasNext()) {
                                endOfInput = true;
                            } else {
                                Batch b = in.next();
                                slots[cycleIndex] = Inner.open("interleave", f, b, index++);
                                open++;
                            }
                        } else {
                            nextInCycle();
                        }
                    }
                    return null;
                }
            });
        }
    }

    /**
     * Every {@code numShards}-th element from position {@code index}: TensorFlow's ShardDataset
     * (shard_dataset_op.cc), whose cardinality is {@code n / numShards + (index < n % numShards ? 1 : 0)}, infinite
     * and unknown staying so. Of a row-based input it stays row-based.
     */
    static final class Shard extends Pipeline.Node {
        private final Pipeline.Node up;
        private final int numShards;
        private final int index;

        Shard(Pipeline.Node up, int numShards, int index) {
            this.up = up;
            this.numShards = numShards;
            this.index = index;
        }

        @Override
        long cardinality() {
            long n = up.cardinality();
            if (n < 0) {
                return n;
            }
            return n / numShards + (index < n % numShards ? 1 : 0);
        }

        @Override
        Pipeline.Spec spec() {
            return up.spec();
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        @Override
        Pipeline.IntIterator indices(long e) {
            Pipeline.IntIterator rows = up.indices(e);
            return new Pipeline.IntIterator() {
                long position;   // of the next input row
                int pending;
                boolean has;

                @Override
                public boolean hasNext() {
                    while (!has && rows.hasNext()) {
                        long p = position++;
                        int r = rows.next();
                        if (p % numShards == index) {
                            pending = r;
                            has = true;
                        }
                    }
                    return has;
                }

                @Override
                public int next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    has = false;
                    return pending;
                }
            };
        }

        @Override
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            Iterator<Batch> it = up.elements(e);
            long[] position = {0};
            return Pipeline.untilNull(() -> {
                while (it.hasNext()) {
                    long p = position[0]++;
                    Batch b = it.next();
                    if (p % numShards == index) {
                        return b;
                    }
                }
                return null;
            });
        }
    }

    /**
     * {@code f} applied to a state and each element in turn, yielding the new state and the output element:
     * TensorFlow's ScanDataset (scan_dataset_op.cc), whose cardinality is its input's. The state starts from
     * {@code initial} in every epoch.
     */
    static final class Scan<S> extends Pipeline.Node {
        private final Pipeline.Node up;
        private final S initial;
        private final BiFunction<S, Batch, Dataset.Step<S>> f;

        Scan(Pipeline.Node up, S initial, BiFunction<S, Batch, Dataset.Step<S>> f) {
            this.up = up;
            this.initial = initial;
            this.f = f;
        }

        @Override
        long cardinality() {
            return up.cardinality();
        }

        @Override
        Pipeline.Spec spec() {
            return null;   // known only once f has run
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            return Pipeline.untilNull(new Supplier<>() {
                S state = initial;
                long index;

                @Override
                public Batch get() {
                    if (!it.hasNext()) {
                        return null;
                    }
                    long i = index++;
                    Dataset.Step<S> r = f.apply(state, it.next());
                    if (r == null) {
                        throw new NullPointerException("scan: the function returned null for element " + i);
                    }
                    state = r.state();
                    return r.element();
                }
            });
        }
    }

    /**
     * Windows of {@code size} elements taken every {@code stride}-th from a buffer of
     * {@code (size - 1) * stride + 1} consecutive elements, the buffer moving on by {@code shift}: TensorFlow's
     * WindowDataset (window_dataset_op.cc, {@code GetNextInternal} and {@code CardinalityInternal}); here each window
     * is stacked into one element, as {@code window(...).flat_map(lambda w: w.batch(size))} in TensorFlow.
     */
    static final class Window extends Pipeline.Node {
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

    /**
     * The rows of the input's elements regrouped into batches of {@code size}, a batch taking rows from several input
     * elements where needed: TensorFlow's RebatchDatasetV2 (experimental/rebatch_dataset_op.cc), the same rows as
     * {@code unbatch().batch(size, dropRemainder)}. The kernel has no {@code CardinalityInternal}: unknown, whatever
     * the input's (0 and infinite included). When an input element throws (or is refused by {@code validate}), the
     * rows already taken from earlier elements for the batch being built are dropped with it and the next batch
     * starts at the element after it: the kernel's {@code GetNextInternal} collects its slices in a local vector that
     * an error return discards, with {@code offset_} left at -1.
     */
    static final class Rebatch extends Pipeline.Node {
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

    /**
     * Elements grouped by the bucket of their length and padded-batched per bucket: TensorFlow's
     * {@code bucket_by_sequence_length} (dataset_ops.py), a {@code group_by_window} (GroupByWindowDataset,
     * experimental/group_by_window_dataset_op.cc) whose key is the bucket and whose reducer is
     * {@code padded_batch(bucket_batch_sizes[bucket])}. A bucket's batch is emitted as soon as it holds its batch size
     * of elements; when the input ends, the partial buckets are emitted in increasing bucket order (the kernel's
     * {@code std::map} of groups), each dropped instead with {@code dropRemainder}. The cardinality is infinite for an
     * infinite input, else unknown (an empty input's too), as GroupByWindowDataset's {@code CardinalityInternal}.
     */
    static final class Bucket extends Pipeline.Node {
        private final Pipeline.Node up;
        private final ToIntFunction<Batch> length;
        private final int[] boundaries;
        private final int[] batchSizes;
        private final int[][] shapes;
        private final Object[] pads;
        private final DType[] padTypes;
        private final boolean padToBoundary;
        private final boolean dropRemainder;

        Bucket(Pipeline.Node up, ToIntFunction<Batch> length, int[] boundaries, int[] batchSizes, int[][] shapes,
                Object[] pads, DType[] padTypes, boolean padToBoundary, boolean dropRemainder) {
            this.up = up;
            this.length = length;
            this.boundaries = boundaries;
            this.batchSizes = batchSizes;
            this.shapes = shapes;
            this.pads = pads;
            this.padTypes = padTypes;
            this.padToBoundary = padToBoundary;
            this.dropRemainder = dropRemainder;
        }

        @Override
        long cardinality() {
            return up.cardinality() == Pipeline.INFINITE ? Pipeline.INFINITE : Pipeline.UNKNOWN;
        }

        /**
         * The input's dtypes; per component {@code [None] + P}, {@code P} the padded shape given or the input's
         * dims (None where they vary; with {@code padToBucketBoundary} a None stays None, as the buckets differ).
         */
        @Override
        Pipeline.Spec spec() {
            Pipeline.Spec s = up.spec();
            if (s == null) {
                return null;
            }
            int[][] padded = new int[s.dims.length][];
            for (int i = 0; i < padded.length; i++) {
                padded[i] = shapes != null && shapes[i] != null ? shapes[i] : s.dims[i];
            }
            return Pipeline.BatchStage.batched(s, padded, 1, false);
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        /**
         * The bucket of {@code len}: the first {@code i} with {@code min_i <= len < max_i}, where
         * {@code min = [int32 min] + boundaries} and {@code max = boundaries + [int32 max]}
         * (dataset_ops.py, {@code element_to_bucket_id}); -1 for none ({@code Integer.MAX_VALUE}).
         */
        int bucketOf(int len) {
            for (int i = 0; i <= boundaries.length; i++) {
                int lo = i == 0 ? Integer.MIN_VALUE : boundaries[i - 1];
                int hi = i == boundaries.length ? Integer.MAX_VALUE : boundaries[i];
                if (lo <= len && len < hi) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The padded shapes of bucket {@code b}: those given (or the batch's longest); with {@code padToBoundary},
         * every None dimension of the padded shape, or of the input's spec, is {@code boundaries[b] - 1}
         * (dataset_ops.py, {@code batching_fn}, {@code none_filler}); a component of unknown spec counts as all None.
         */
        private int[][] shapesFor(int b, Batch first) {
            if (!padToBoundary) {
                return shapes;
            }
            Pipeline.Spec s = up.spec();
            int k = first.size();
            int[][] out = new int[k][];
            for (int c = 0; c < k; c++) {
                int[] base = shapes != null && c < shapes.length && shapes[c] != null ? shapes[c]
                        : s != null && c < s.dims.length && s.dims[c] != null ? s.dims[c] : null;
                if (base == null) {
                    base = new int[first.get(c).rank()];
                    Arrays.fill(base, -1);
                }
                out[c] = base.clone();
                for (int j = 0; j < out[c].length; j++) {
                    if (out[c][j] < 0) {
                        out[c][j] = boundaries[b] - 1;
                    }
                }
            }
            return out;
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            return Pipeline.untilNull(new Supplier<>() {
                final TreeMap<Integer, List<Batch>> groups = new TreeMap<>();
                boolean inputEnded;
                long index;     // of the next input element
                long batches;   // emitted so far

                private Batch flush(int b, List<Batch> group) {
                    Pipeline.PaddedBatch pb = new Pipeline.PaddedBatch("bucketBySequenceLength", up, batchSizes[b],
                            dropRemainder, shapesFor(b, group.get(0)), pads, padTypes);
                    return pb.pad(group, batches++);
                }

                @Override
                public Batch get() {
                    while (!inputEnded) {
                        if (!it.hasNext()) {
                            inputEnded = true;
                            break;
                        }
                        Batch x = it.next();
                        long i = index++;
                        int len = length.applyAsInt(x);
                        int b = bucketOf(len);
                        if (b < 0) {
                            throw new IllegalArgumentException("bucketBySequenceLength: element " + i + " has length "
                                    + len + ", in no bucket (the last bucket ends before 2^31 - 1)");
                        }
                        if (padToBoundary && b == boundaries.length) {
                            throw new IllegalArgumentException("bucketBySequenceLength: element " + i + " has length "
                                    + len + ", not below the last boundary " + boundaries[boundaries.length - 1]
                                    + "; with padToBucketBoundary every element must be shorter than the largest"
                                    + " boundary");
                        }
                        List<Batch> group = groups.computeIfAbsent(b, key -> new ArrayList<>());
                        group.add(x);
                        if (group.size() == batchSizes[b]) {
                            groups.remove(b);
                            return flush(b, group);
                        }
                    }
                    while (!groups.isEmpty()) {
                        Map.Entry<Integer, List<Batch>> first = groups.pollFirstEntry();
                        if (!dropRemainder) {
                            return flush(first.getKey(), first.getValue());
                        }
                    }
                    return null;
                }
            });
        }
    }
}
