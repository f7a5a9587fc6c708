package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.random.RandomKernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The stages behind {@link Dataset}: each is a {@link Node} that, for an epoch number, yields its elements.
 *
 * <p>Terms: a node is <em>row-based</em> when each of its elements is one row of a fixed set of <em>base</em>
 * tensors (those of {@code fromTensorSlices}); such a node can give the sequence of row <em>indices</em> instead
 * of the elements. {@code shuffle}, {@code take}, {@code skip} and {@code repeat} of a row-based node are row-based, so a
 * pipeline {@code fromTensorSlices -> shuffle -> repeat -> batch} moves only ints until {@code batch}, which then
 * gathers its rows straight from the base arrays: one new array per component and batch, filled by one
 * {@code System.arraycopy} per row, with no tensor op per row. {@code map}, {@code batch} and
 * {@code fromTensors} make element nodes; {@code shuffle}, {@code take} and {@code repeat} of those work on
 * elements.
 *
 * <p>Epochs: {@code shuffle} draws the order of epoch {@code e} from stream {@code e} of its seed
 * ({@code Generator.fromSeed(seed).split(e + 1).get(e)}, computed without the other streams). {@code repeat(k)}
 * runs its input's epochs {@code e*k, e*k+1, ..., e*k+k-1} in its epoch {@code e}; {@code repeat()} runs epochs
 * {@code 0, 1, 2, ...} whatever its own epoch.
 */
final class Pipeline {
    /** The cardinality of an infinite dataset (TensorFlow's {@code tf.data.INFINITE_CARDINALITY}). */
    static final long INFINITE = -1;

    private Pipeline() {
    }

    /** A stage of a dataset. */
    abstract static class Node {
        /** The number of elements of one epoch, or {@link #INFINITE}. */
        abstract long cardinality();

        /** The base tensors when the node is row-based, else null. */
        Tensor[] base() {
            return null;
        }

        /** The row indices of epoch {@code e}; only for row-based nodes. */
        IntIterator indices(long e) {
            throw new UnsupportedOperationException();
        }

        /** The elements of epoch {@code e}. */
        Iterator<Batch> elements(long e) {
            Tensor[] base = base();
            IntIterator rows = indices(e);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Batch next() {
                    return row(base, rows.next());
                }
            };
        }
    }

    /** A source of ints, without boxing. */
    interface IntIterator {
        boolean hasNext();

        int next();
    }

    /** {@code 0, 1, ..., n-1}. */
    private static IntIterator range(int n) {
        return indexed(n, i -> i);
    }

    /** The elements of {@code a}, in order. */
    private static IntIterator over(int[] a) {
        return indexed(a.length, i -> a[i]);
    }

    /** {@code at(0), at(1), ..., at(n-1)}. */
    private static IntIterator indexed(int n, IntUnaryOperator at) {
        return new IntIterator() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public int next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                return at.applyAsInt(i++);
            }
        };
    }

    // ---------------------------------------------------------------- walks

    /**
     * How {@code take} and {@code repeat} walk their input, written once for both paths: an input iterator {@code I} is an {@link IntIterator} of row indices or an {@code Iterator<Batch>}
     * of elements, and {@code more} is its {@code hasNext}. A walk never looks at an element, so the int path
     * still moves unboxed ints: {@link #next()} names the input iterator whose next element is the walk's next,
     * and {@link #ints} and {@link #batches} draw it.
     */
    private interface Walk<I> {
        boolean hasNext();

        /** The iterator to draw the walk's next element from; counts that element. */
        I next();
    }

    private static IntIterator ints(Walk<IntIterator> w) {
        return new IntIterator() {
            @Override
            public boolean hasNext() {
                return w.hasNext();
            }

            @Override
            public int next() {
                return w.next().next();
            }
        };
    }

    private static Iterator<Batch> batches(Walk<Iterator<Batch>> w) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return w.hasNext();
            }

            @Override
            public Batch next() {
                return w.next().next();
            }
        };
    }

    /** The first {@code count} elements of {@code it}. */
    private static <I> Walk<I> limit(I it, Predicate<I> more, long count) {
        return new Walk<>() {
            long taken;

            @Override
            public boolean hasNext() {
                return taken < count && more.test(it);
            }

            @Override
            public I next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                taken++;
                return it;
            }
        };
    }

    /** {@code it} after its first {@code count} elements (fewer when it has fewer), drawn by {@code step}. */
    private static <I> I drop(I it, Predicate<I> more, Consumer<I> step, long count) {
        for (long i = 0; i < count && more.test(it); i++) {
            step.accept(it);
        }
        return it;
    }

    /**
     * The values of {@code advance} until it returns null, each computed when {@code hasNext} or {@code next}
     * first asks for it, never ahead: an exception from {@code advance} (a {@code map} function that throws)
     * surfaces on the call that asks for the element it belongs to, after every element before it was returned,
     * and a later call goes on with the input that follows, as a TensorFlow iterator after an error.
     */
    private static Iterator<Batch> untilNull(Supplier<Batch> advance) {
        return new Iterator<>() {
            Batch pending;
            boolean ended;

            @Override
            public boolean hasNext() {
                if (pending == null && !ended) {
                    Batch b = advance.get();
                    if (b == null) {
                        ended = true;
                    }
                    pending = b;
                }
                return pending != null;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Batch b = pending;
                pending = null;
                return b;
            }
        };
    }

    // ---------------------------------------------------------------- rows

    /** Row {@code r} of each base tensor, copied into new tensors. */
    static Batch row(Tensor[] base, int r) {
        Tensor[] out = new Tensor[base.length];
        for (int c = 0; c < base.length; c++) {
            Tensor t = base[c];
            int[] dims = t.shape().dims();
            int len = t.size() / dims[0];
            Object dst = newArray(t.dtype(), len);
            System.arraycopy(TensorAccess.data(t), r * len, dst, 0, len);
            out[c] = TensorAccess.make(t.dtype(), Shape.of(Arrays.copyOfRange(dims, 1, dims.length)), dst);
        }
        return Batch.wrap(out);
    }

    /** Rows {@code rows[0 .. n-1]} of each base tensor: one new array per component. */
    static Batch gather(Tensor[] base, int[] rows, int n) {
        Tensor[] out = new Tensor[base.length];
        for (int c = 0; c < base.length; c++) {
            Tensor t = base[c];
            int[] dims = t.shape().dims();
            int len = t.size() / dims[0];
            Object src = TensorAccess.data(t);
            Object dst = newArray(t.dtype(), total("batch", n, len, t));
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, rows[i] * len, dst, i * len, len);
            }
            dims[0] = n;
            out[c] = TensorAccess.make(t.dtype(), Shape.of(dims), dst);
        }
        return Batch.wrap(out);
    }

    /** The elements stacked along a new first axis: one new array per component. */
    static Batch stack(String op, List<Batch> elements) {
        Batch first = elements.get(0);
        int k = first.size();
        Tensor[] out = new Tensor[k];
        for (int c = 0; c < k; c++) {
            Tensor t0 = first.get(c);
            int len = t0.size();
            Object dst = newArray(t0.dtype(), total(op, elements.size(), len, t0));
            for (int i = 0; i < elements.size(); i++) {
                Batch b = elements.get(i);
                if (b.size() != k) {
                    throw new IllegalArgumentException(op + ": element " + i + " has " + b.size()
                            + " components, element 0 has " + k + "; elements must agree to be stacked");
                }
                Tensor t = b.get(c);
                if (!t.shape().equals(t0.shape()) || t.dtype() != t0.dtype()) {
                    throw new IllegalArgumentException(op + ": component " + c + " of element " + i + " is "
                            + t.shape() + " " + t.dtype() + ", of element 0 " + t0.shape() + " " + t0.dtype()
                            + "; elements must agree to be stacked");
                }
                System.arraycopy(TensorAccess.data(t), 0, dst, i * len, len);
            }
            int[] d0 = t0.shape().dims();
            int[] dims = new int[d0.length + 1];
            dims[0] = elements.size();
            System.arraycopy(d0, 0, dims, 1, d0.length);
            out[c] = TensorAccess.make(t0.dtype(), Shape.of(dims), dst);
        }
        return Batch.wrap(out);
    }

    /** {@code n * len}, checked: a batch holds at most 2^31 - 1 elements per component, as any tensor. */
    private static int total(String op, int n, int len, Tensor like) {
        long total = (long) n * len;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + n + " elements of " + len + " values (" + like.dtype()
                    + ") make " + total + " values, more than a tensor holds (2^31-1); use a smaller batch");
        }
        return (int) total;
    }

    static Object newArray(DType d, int n) {
        switch (d) {
            case FLOAT32:
                return new float[n];
            case FLOAT64:
                return new double[n];
            case INT32:
                return new int[n];
            case INT64:
                return new long[n];
            default:
                return new boolean[n];
        }
    }

    /** The generator of epoch {@code e} of a shuffle with this seed: child e of its split. */
    static Generator epochGenerator(long seed, long e) {
        return Generator.fromState(new long[] {1, RandomKernels.splitKey(seed, 0, e), 0});
    }

    // ---------------------------------------------------------------- sources

    /** The rows of base tensors that agree on their first dimension. */
    static final class Slices extends Node {
        private final Tensor[] base;

        Slices(Tensor[] base) {
            this.base = base;
        }

        @Override
        long cardinality() {
            return base[0].shape().dim(0);
        }

        @Override
        Tensor[] base() {
            return base;
        }

        @Override
        IntIterator indices(long e) {
            return range(base[0].shape().dim(0));
        }
    }

    /** Fixed elements (one, for {@code fromTensors}). */
    static final class Fixed extends Node {
        private final List<Batch> elements;

        Fixed(List<Batch> elements) {
            this.elements = elements;
        }

        @Override
        long cardinality() {
            return elements.size();
        }

        @Override
        Iterator<Batch> elements(long e) {
            return elements.iterator();
        }
    }

    // ---------------------------------------------------------------- stages

    /** All elements of one epoch in a random order drawn from the epoch's stream (stream 0 without reshuffling). */
    static final class Shuffle extends Node {
        private final Node up;
        private final long seed;
        private final boolean reshuffle;

        Shuffle(Node up, long seed, boolean reshuffle) {
            this.up = up;
            this.seed = seed;
            this.reshuffle = reshuffle;
        }

        /** The order of epoch {@code e}'s {@code n} elements: stream e of the seed, or stream 0 in every epoch. */
        private int[] order(long e, int n) {
            return epochGenerator(seed, reshuffle ? e : 0).permutation(n);
        }

        @Override
        long cardinality() {
            return up.cardinality();
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        @Override
        IntIterator indices(long e) {
            int[] rows = new int[Math.toIntExact(up.cardinality())];
            IntIterator it = up.indices(e);
            int n = 0;
            while (it.hasNext()) {
                rows[n++] = it.next();
            }
            int[] p = order(e, n);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = rows[p[i]];
            }
            return over(out);
        }

        @Override
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            List<Batch> all = new ArrayList<>();
            up.elements(e).forEachRemaining(all::add);
            int[] p = order(e, all.size());
            List<Batch> out = new ArrayList<>(all.size());
            for (int i : p) {
                out.add(all.get(i));
            }
            return out.iterator();
        }
    }

    /** The first {@code count} elements. */
    static final class Take extends Node {
        private final Node up;
        private final long count;

        Take(Node up, long count) {
            this.up = up;
            this.count = count;
        }

        @Override
        long cardinality() {
            long c = up.cardinality();
            return c == INFINITE ? count : Math.min(c, count);
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        @Override
        IntIterator indices(long e) {
            return ints(limit(up.indices(e), IntIterator::hasNext, count));
        }

        @Override
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            return batches(limit(up.elements(e), Iterator::hasNext, count));
        }
    }

    /** All but the first {@code count} elements. */
    static final class Skip extends Node {
        private final Node up;
        private final long count;

        Skip(Node up, long count) {
            this.up = up;
            this.count = count;
        }

        @Override
        long cardinality() {
            long c = up.cardinality();
            return c == INFINITE ? INFINITE : Math.max(0, c - count);
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        @Override
        IntIterator indices(long e) {
            return drop(up.indices(e), IntIterator::hasNext, IntIterator::next, count);
        }

        @Override
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            return drop(up.elements(e), Iterator::hasNext, Iterator::next, count);
        }
    }

    /** The input's epochs one after another: {@code count} of them, or forever when {@code count < 0}. */
    static final class Repeat extends Node {
        private final Node up;
        private final long count;

        Repeat(Node up, long count) {
            this.up = up;
            this.count = count;
        }

        @Override
        long cardinality() {
            long c = up.cardinality();
            if (count == 0 || c == 0) {
                return 0;
            }
            if (count < 0 || c == INFINITE) {
                return INFINITE;
            }
            return Math.multiplyExact(c, count);
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        private long upEpoch(long e, long r) {
            return count < 0 ? r : Math.addExact(Math.multiplyExact(e, count), r);
        }

        private boolean more(long r) {
            return count < 0 || r < count;
        }

        /** The input's epochs of epoch {@code e}, each opened by {@code open} when the one before is spent. */
        private <I> Walk<I> epochs(long e, LongFunction<I> open, I none, Predicate<I> hasNext) {
            return new Walk<>() {
                long r;
                I cur = more(0) ? open.apply(upEpoch(e, 0)) : none;

                @Override
                public boolean hasNext() {
                    while (!hasNext.test(cur)) {
                        if (up.cardinality() == 0 || !more(r + 1)) {
                            return false;
                        }
                        r++;
                        cur = open.apply(upEpoch(e, r));
                    }
                    return true;
                }

                @Override
                public I next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return cur;
                }
            };
        }

        @Override
        IntIterator indices(long e) {
            return ints(epochs(e, up::indices, range(0), IntIterator::hasNext));
        }

        @Override
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            return batches(epochs(e, up::elements, List.<Batch>of().iterator(), Iterator::hasNext));
        }
    }

    /** {@code f} applied to each element. */
    static final class MapStage extends Node {
        private final Node up;
        private final Function<Batch, Batch> f;

        MapStage(Node up, Function<Batch, Batch> f) {
            this.up = up;
            this.f = f;
        }

        @Override
        long cardinality() {
            return up.cardinality();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            return new Iterator<>() {
                long i;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Batch next() {
                    Batch b = f.apply(it.next());
                    return Objects.requireNonNull(b, "map: the function returned null for element " + i++);
                }
            };
        }
    }

    /** Consecutive elements stacked {@code size} at a time. */
    static final class BatchStage extends Node {
        private final Node up;
        private final int size;
        private final boolean dropRemainder;

        BatchStage(Node up, int size, boolean dropRemainder) {
            this.up = up;
            this.size = size;
            this.dropRemainder = dropRemainder;
        }

        @Override
        long cardinality() {
            long c = up.cardinality();
            if (c == INFINITE) {
                return INFINITE;
            }
            return dropRemainder ? c / size : (c + size - 1) / size;
        }

        @Override
        Iterator<Batch> elements(long e) {
            Tensor[] base = up.base();
            if (base != null) {
                IntIterator rows = up.indices(e);
                // a batch holds at most the input's elements: batch(Integer.MAX_VALUE) of 10 rows needs 10 ints
                long c = up.cardinality();
                int[] buf = new int[c == INFINITE ? size : (int) Math.min(size, c)];
                return untilNull(() -> {
                    int n = 0;
                    while (n < size && rows.hasNext()) {
                        buf[n++] = rows.next();
                    }
                    return n == 0 || (dropRemainder && n < size) ? null : gather(base, buf, n);
                });
            }
            Iterator<Batch> it = up.elements(e);
            return untilNull(() -> {
                List<Batch> group = new ArrayList<>(Math.min(size, 1024));
                while (group.size() < size && it.hasNext()) {
                    group.add(it.next());
                }
                return group.isEmpty() || (dropRemainder && group.size() < size) ? null : stack("batch", group);
            });
        }
    }
}
