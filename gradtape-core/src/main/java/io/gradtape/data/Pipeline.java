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
    /** The cardinality of a dataset whose size is known only by iterating it ({@code tf.data.UNKNOWN_CARDINALITY}). */
    static final long UNKNOWN = -2;

    private Pipeline() {
    }

    /** A stage of a dataset. */
    abstract static class Node {
        /** The number of elements of one epoch, {@link #INFINITE} or {@link #UNKNOWN}. */
        abstract long cardinality();

        /** What every element holds, as far as known before iterating; null when unknown (after map). */
        abstract Spec spec();

        /**
         * Whether an epoch may never end: an infinite dataset, or one of unknown cardinality made from one (a
         * filter of a {@code repeat()}). Such a dataset cannot be shuffled, split or stacked whole.
         */
        abstract boolean endless();

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

    /**
     * A stage that keeps its input's cardinality, element spec and endlessness and changes only how (or when) the
     * elements are produced: {@link Cache}, {@link BufferShuffle} and {@link Background.Prefetch}, whose TensorFlow
     * kernels answer {@code Cardinality()} with their input's (cache_dataset_ops.cc, prefetch_dataset_op.cc,
     * ShuffleDatasetBase with count 1) and keep its {@code element_spec}. The full {@link Shuffle} is not one: it is
     * never endless, as {@code Dataset.shuffle} refuses an endless input.
     */
    abstract static class PassThrough extends Node {
        final Node up;

        PassThrough(Node up) {
            this.up = up;
        }

        @Override
        final long cardinality() {
            return up.cardinality();
        }

        @Override
        final Spec spec() {
            return up.spec();
        }

        @Override
        final boolean endless() {
            return up.endless();
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

    /**
     * What every element of a node holds as far as it is known before iterating, TensorFlow's
     * {@code element_spec}: per component its dtype and dims, with -1 for a dimension that varies between
     * elements (the batch dimension of {@code batch} without {@code dropRemainder}) and null dims for a rank that
     * varies (components of different ranks concatenated).
     */
    static final class Spec {
        final DType[] dtypes;
        final int[][] dims;

        Spec(DType[] dtypes, int[][] dims) {
            this.dtypes = dtypes;
            this.dims = dims;
        }

        /** The spec of these tensors, without their first dimension when {@code rows}. */
        static Spec of(Tensor[] ts, boolean rows) {
            DType[] d = new DType[ts.length];
            int[][] dims = new int[ts.length][];
            for (int i = 0; i < ts.length; i++) {
                d[i] = ts[i].dtype();
                int[] full = ts[i].shape().dims();
                dims[i] = rows ? Arrays.copyOfRange(full, 1, full.length) : full;
            }
            return new Spec(d, dims);
        }

        /** Whether {@code b} has this spec's component count and dtypes (the shapes are not compared). */
        boolean sameTypes(Tensor[] b) {
            if (b.length != dtypes.length) {
                return false;
            }
            for (int i = 0; i < b.length; i++) {
                if (b[i].dtype() != dtypes[i]) {
                    return false;
                }
            }
            return true;
        }

        /** e.g. {@code [(None, 2) float32, () int32]}, TensorFlow's None for a dimension that varies. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < dtypes.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (dims[i] == null) {
                    sb.append("<unknown rank>");
                } else {
                    sb.append('(');
                    for (int k = 0; k < dims[i].length; k++) {
                        sb.append(k > 0 ? ", " : "").append(dims[i][k] < 0 ? "None" : Integer.toString(dims[i][k]));
                    }
                    sb.append(dims[i].length == 1 ? ",)" : ")");
                }
                sb.append(' ').append(dtypes[i]);
            }
            return sb.append(']').toString();
        }
    }

    /** Dims as TensorFlow prints a partial shape: {@code (None, 5)}, {@code (3,)}, {@code ()}; -1 is None. */
    static String dimsString(int[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < dims.length; k++) {
            sb.append(k > 0 ? ", " : "").append(dims[k] < 0 ? "None" : Integer.toString(dims[k]));
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /** The spec of concrete tensors, e.g. {@code [(2,) float32]}. */
    static String describe(Tensor[] ts) {
        return Spec.of(ts, false).toString();
    }

    /** All of {@code it}, in order; {@code cardinality} sizes the array when known. */
    static int[] drain(IntIterator it, long cardinality) {
        int[] out = new int[cardinality >= 0 ? Math.toIntExact(cardinality) : 16];
        int n = 0;
        while (it.hasNext()) {
            if (n == out.length) {
                if (n == Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("an epoch of more than 2^31 - 9 elements cannot be held at once");
                }
                out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, 2L * n));
            }
            out[n++] = it.next();
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
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
    static Iterator<Batch> untilNull(Supplier<Batch> advance) {
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
        Spec spec() {
            return Spec.of(base, true);
        }

        @Override
        boolean endless() {
            return false;
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
        private final Spec spec;

        Fixed(List<Batch> elements) {
            this(elements, Spec.of(elements.get(0).array(), false));
        }

        /** Elements with a spec worked out by the caller (null: unknown, as for no element). */
        Fixed(List<Batch> elements, Spec spec) {
            this.elements = elements;
            this.spec = spec;
        }

        @Override
        long cardinality() {
            return elements.size();
        }

        @Override
        Spec spec() {
            return spec;
        }

        @Override
        boolean endless() {
            return false;
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
        Spec spec() {
            return up.spec();
        }

        @Override
        boolean endless() {
            return false;   // refused by Dataset.shuffle
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        @Override
        IntIterator indices(long e) {
            int[] rows = drain(up.indices(e), up.cardinality());
            int n = rows.length;
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

        /** As TensorFlow's TakeDataset (take_dataset_op.cc): unknown stays unknown, infinite becomes count. */
        @Override
        long cardinality() {
            long c = up.cardinality();
            if (c == UNKNOWN) {
                return UNKNOWN;
            }
            return c == INFINITE ? count : Math.min(c, count);
        }

        @Override
        Spec spec() {
            return up.spec();
        }

        @Override
        boolean endless() {
            return false;
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

        /** As TensorFlow's SkipDataset (skip_dataset_op.cc): infinite and unknown stay so. */
        @Override
        long cardinality() {
            long c = up.cardinality();
            return c < 0 ? c : Math.max(0, c - count);
        }

        @Override
        Spec spec() {
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

        /**
         * As TensorFlow's RepeatDataset (repeat_dataset_op.cc, CardinalityInternal): {@code repeat()} of anything
         * but an empty input is infinite, even of an input of unknown cardinality; {@code repeat(k)} keeps
         * infinite and unknown.
         */
        @Override
        long cardinality() {
            long c = up.cardinality();
            if (count == 0 || c == 0) {
                return 0;
            }
            if (count < 0) {
                return INFINITE;
            }
            if (c < 0) {
                return c;
            }
            return Math.multiplyExact(c, count);
        }

        @Override
        Spec spec() {
            return up.spec();
        }

        @Override
        boolean endless() {
            return count < 0 ? up.cardinality() != 0 : up.endless();
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

        /**
         * The input's epochs of epoch {@code e}, each opened by {@code open} when the one before is spent. Repeated
         * forever, an input epoch that yields nothing ends the walk (a filter that keeps nothing), as TensorFlow's
         * ForeverIterator (repeat_dataset_op.cc: an end of sequence on the first call of a repetition is the end),
         * instead of opening empty epochs forever.
         */
        private <I> Walk<I> epochs(long e, LongFunction<I> open, I none, Predicate<I> hasNext, Runnable atEnd) {
            return new Walk<>() {
                long r;
                I cur = more(0) ? open.apply(upEpoch(e, 0)) : none;
                boolean yielded;   // whether repetition r has yielded an element

                @Override
                public boolean hasNext() {
                    while (!hasNext.test(cur)) {
                        if (up.cardinality() == 0 || !more(r + 1) || (count < 0 && !yielded)) {
                            atEnd.run();
                            return false;
                        }
                        r++;
                        yielded = false;
                        cur = open.apply(upEpoch(e, r));
                    }
                    return true;
                }

                @Override
                public I next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    yielded = true;
                    return cur;
                }
            };
        }

        @Override
        IntIterator indices(long e) {
            return ints(epochs(e, up::indices, range(0), IntIterator::hasNext, () -> { }));
        }

        @Override
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            // Each repetition's threads (a prefetch or parallel map in the input) are registered with resources of
            // its own, stopped when the next repetition starts or the walk ends: a repetition that ends before its
            // input does (prefetch(k).take(n).repeat()) would otherwise leave its producer waiting until the
            // iteration is closed or collected, one more thread per repetition.
            Background.Resources[] rep = new Background.Resources[1];
            LongFunction<Iterator<Batch>> open = ue -> {
                if (rep[0] != null) {
                    rep[0].release();
                }
                rep[0] = Background.Resources.child();
                return Background.within(rep[0], () -> up.elements(ue));
            };
            Runnable atEnd = () -> {
                if (rep[0] != null) {
                    rep[0].release();
                }
            };
            return batches(epochs(e, open, List.<Batch>of().iterator(), Iterator::hasNext, atEnd));
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
        Spec spec() {
            return null;   // known only once f has run
        }

        @Override
        boolean endless() {
            return up.endless();
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

        /** As TensorFlow's BatchDataset (batch_dataset_op.cc): infinite and unknown stay so. */
        @Override
        long cardinality() {
            return batched(up.cardinality(), size, dropRemainder);
        }

        /** A new first dimension: {@code size} with {@code dropRemainder}, else None (the last batch may be smaller). */
        @Override
        Spec spec() {
            Spec s = up.spec();
            return s == null ? null : batched(s, s.dims, size, dropRemainder);
        }

        /** The number of batches of {@code size} from {@code c} elements; infinite and unknown stay so. */
        static long batched(long c, int size, boolean dropRemainder) {
            if (c < 0) {
                return c;
            }
            return dropRemainder ? c / size : c / size + (c % size == 0 ? 0 : 1);
        }

        /**
         * {@code s}'s dtypes with, per component, {@code elementDims[i]} behind a new first dimension: {@code size}
         * with {@code dropRemainder}, else None; a null entry stays unknown.
         */
        static Spec batched(Spec s, int[][] elementDims, int size, boolean dropRemainder) {
            int[][] dims = new int[elementDims.length][];
            for (int i = 0; i < dims.length; i++) {
                if (elementDims[i] != null) {
                    dims[i] = new int[elementDims[i].length + 1];
                    dims[i][0] = dropRemainder ? size : -1;
                    System.arraycopy(elementDims[i], 0, dims[i], 1, elementDims[i].length);
                }
            }
            return new Spec(s.dtypes, dims);
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Tensor[] base = up.base();
            if (base != null) {
                IntIterator rows = up.indices(e);
                // a batch holds at most the input's elements: batch(Integer.MAX_VALUE) of 10 rows needs 10 ints; of
                // an unknown number of rows (after filter) the buffer grows as rows come
                long c = up.cardinality();
                int[][] buf = {new int[c >= 0 ? (int) Math.min(size, c) : Math.min(size, 1024)]};
                return untilNull(() -> {
                    int n = 0;
                    while (n < size && rows.hasNext()) {
                        if (n == buf[0].length) {
                            buf[0] = Arrays.copyOf(buf[0], (int) Math.min(size, Math.max(1, 2L * n)));
                        }
                        buf[0][n++] = rows.next();
                    }
                    return n == 0 || (dropRemainder && n < size) ? null : gather(base, buf[0], n);
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

    /**
     * The elements for which {@code keep} is true. Of a row-based input it stays row-based (the predicate sees a
     * copy of each row, and {@code batch} after it still gathers from the base arrays). Its cardinality is
     * unknown, as TensorFlow's FilterDataset, which does not override {@code CardinalityInternal}
     * (filter_dataset_op.cc) and so reports {@code UNKNOWN_CARDINALITY}.
     */
    static final class Filter extends Node {
        private final Node up;
        private final Predicate<Batch> keep;

        Filter(Node up, Predicate<Batch> keep) {
            this.up = up;
            this.keep = keep;
        }

        @Override
        long cardinality() {
            return UNKNOWN;
        }

        @Override
        Spec spec() {
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

        /** One row ahead at most: a predicate that throws consumes its row, and the next call goes on after it. */
        @Override
        IntIterator indices(long e) {
            Tensor[] base = base();
            IntIterator rows = up.indices(e);
            return new IntIterator() {
                int pending;
                boolean has;

                @Override
                public boolean hasNext() {
                    while (!has && rows.hasNext()) {
                        int r = rows.next();
                        if (keep.test(row(base, r))) {
                            pending = r;
                            has = true;
                        }
                    }
                    return has;
                }

                @Override
                public int next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    has = false;
                    return pending;
                }
            };
        }

        /**
         * Of a row-based input, each row is copied once: the copy the predicate sees is the element returned (the
         * default {@link Node#elements} over {@link #indices} would copy a kept row a second time).
         */
        @Override
        Iterator<Batch> elements(long e) {
            Tensor[] base = base();
            if (base != null) {
                IntIterator rows = up.indices(e);
                return untilNull(() -> {
                    while (rows.hasNext()) {
                        Batch b = row(base, rows.next());
                        if (keep.test(b)) {
                            return b;
                        }
                    }
                    return null;
                });
            }
            Iterator<Batch> it = up.elements(e);
            return untilNull(() -> {
                while (it.hasNext()) {
                    Batch b = it.next();
                    if (keep.test(b)) {
                        return b;
                    }
                }
                return null;
            });
        }
    }

    /**
     * Element {@code i} of each input, their components side by side, until any input ends: TensorFlow's
     * ZipDataset (zip_dataset_op.cc). Epoch {@code e} runs epoch {@code e} of every input.
     */
    static final class Zip extends Node {
        private final Node[] inputs;

        Zip(Node[] inputs) {
            this.inputs = inputs;
        }

        /** The smallest finite input cardinality; infinite when all are; unknown when any is (ZipDataset). */
        @Override
        long cardinality() {
            long result = INFINITE;
            for (Node in : inputs) {
                long n = in.cardinality();
                if (n == UNKNOWN) {
                    return UNKNOWN;
                }
                if (n != INFINITE && (result == INFINITE || n < result)) {
                    result = n;
                }
            }
            return result;
        }

        @Override
        Spec spec() {
            List<DType> dtypes = new ArrayList<>();
            List<int[]> dims = new ArrayList<>();
            for (Node in : inputs) {
                Spec s = in.spec();
                if (s == null) {
                    return null;
                }
                dtypes.addAll(Arrays.asList(s.dtypes));
                dims.addAll(Arrays.asList(s.dims));
            }
            return new Spec(dtypes.toArray(new DType[0]), dims.toArray(new int[0][]));
        }

        @Override
        boolean endless() {
            for (Node in : inputs) {
                if (!in.endless()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Draws one element from every input in turn; an exception from one input is thrown after the others have
         * been drawn too (their elements dropped), so the inputs stay in step, as ZipDataset's GetNextInternal
         * ("advance all components, to keep them in sync").
         */
        @Override
        Iterator<Batch> elements(long e) {
            List<Iterator<Batch>> its = new ArrayList<>();
            for (Node in : inputs) {
                its.add(in.elements(e));
            }
            return untilNull(() -> {
                List<Tensor> out = new ArrayList<>();
                RuntimeException error = null;
                boolean end = false;
                for (Iterator<Batch> it : its) {
                    try {
                        if (!it.hasNext()) {
                            end = true;
                            if (error == null) {
                                break;
                            }
                            continue;
                        }
                        Batch b = it.next();
                        out.addAll(Arrays.asList(b.array()));
                    } catch (RuntimeException ex) {
                        if (error == null) {
                            error = ex;
                        } else {
                            error.addSuppressed(ex);
                        }
                    }
                }
                if (error != null) {
                    throw error;
                }
                return end ? null : Batch.wrap(out.toArray(new Tensor[0]));
            });
        }
    }

    /**
     * The elements of {@code first}, then those of {@code second}: TensorFlow's ConcatenateDataset
     * (concatenate_dataset_op.cc). Epoch {@code e} runs epoch {@code e} of each.
     */
    static final class Concatenate extends Node {
        private final Node first;
        private final Node second;

        Concatenate(Node first, Node second) {
            this.first = first;
            this.second = second;
        }

        /** Infinite when either is, else unknown when either is, else the sum (CardinalityInternal). */
        @Override
        long cardinality() {
            long a = first.cardinality();
            long b = second.cardinality();
            if (a == INFINITE || b == INFINITE) {
                return INFINITE;
            }
            if (a == UNKNOWN || b == UNKNOWN) {
                return UNKNOWN;
            }
            long sum = a + b;
            return sum < 0 ? UNKNOWN : sum;   // past 2^63 - 1: no count to give
        }

        /** The first's dtypes; each dimension kept where both agree, else None (MostSpecificCompatibleShape). */
        @Override
        Spec spec() {
            Spec a = first.spec();
            Spec b = second.spec();
            if (a == null || b == null) {
                return null;
            }
            int[][] dims = new int[a.dims.length][];
            for (int i = 0; i < dims.length; i++) {
                int[] x = a.dims[i];
                int[] y = b.dims[i];
                if (x != null && y != null && x.length == y.length) {
                    dims[i] = new int[x.length];
                    for (int k = 0; k < x.length; k++) {
                        dims[i][k] = x[k] == y[k] ? x[k] : -1;
                    }
                }
            }
            return new Spec(a.dtypes, dims);
        }

        @Override
        boolean endless() {
            return first.endless() || second.endless();
        }

        /**
         * When either spec is unknown (a map), each element of the second input is checked against the first's
         * spec, or the first element the first input gave, as the static check of {@code Dataset.concatenate}
         * would have.
         */
        @Override
        Iterator<Batch> elements(long e) {
            Spec known = first.spec() != null && second.spec() != null ? first.spec() : null;
            return new Iterator<>() {
                Iterator<Batch> cur = first.elements(e);
                boolean onSecond;
                Spec expected = first.spec();
                long index;   // of the next element of the second input

                @Override
                public boolean hasNext() {
                    while (!cur.hasNext()) {
                        if (onSecond) {
                            return false;
                        }
                        cur = second.elements(e);
                        onSecond = true;
                    }
                    return true;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Batch b = cur.next();
                    if (!onSecond) {
                        if (expected == null) {
                            expected = Spec.of(b.array(), false);
                        }
                    } else {
                        long i = index++;
                        if (known == null && expected != null && !expected.sameTypes(b.array())) {
                            throw new IllegalArgumentException("concatenate: element " + i + " of the second dataset is "
                                    + describe(b.array()) + ", the first dataset's elements are " + expected
                                    + "; the number of components and their dtypes must match");
                        }
                    }
                    return b;
                }
            };
        }
    }

    /**
     * Each element with its position in the epoch before its components, an int64 scalar counting from
     * {@code start}: TensorFlow's {@code enumerate}, a zip of {@code range(start, 2^63 - 1)} with the input
     * (dataset_ops.py, {@code DatasetV2.enumerate}); the count restarts in every epoch, and an element whose input
     * failed still takes its number, as the range of the zip is drawn first.
     */
    static final class Enumerate extends Node {
        private final Node up;
        private final long start;

        Enumerate(Node up, long start) {
            this.up = up;
            this.start = start;
        }

        @Override
        long cardinality() {
            return up.cardinality();
        }

        @Override
        Spec spec() {
            Spec s = up.spec();
            if (s == null) {
                return null;
            }
            DType[] d = new DType[s.dtypes.length + 1];
            int[][] dims = new int[d.length][];
            d[0] = DType.INT64;
            dims[0] = new int[0];
            System.arraycopy(s.dtypes, 0, d, 1, s.dtypes.length);
            System.arraycopy(s.dims, 0, dims, 1, s.dims.length);
            return new Spec(d, dims);
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            long[] next = {start};
            return untilNull(() -> {
                long k = next[0]++;
                if (!it.hasNext()) {
                    return null;
                }
                Tensor[] c = it.next().array();
                Tensor[] out = new Tensor[c.length + 1];
                out[0] = TensorAccess.make(DType.INT64, Shape.of(), new long[] {k});
                System.arraycopy(c, 0, out, 1, c.length);
                return Batch.wrap(out);
            });
        }
    }

    /**
     * The rows of each element, the inverse of {@code batch}: TensorFlow's UnbatchDataset
     * (experimental/unbatch_dataset_op.cc). Every component of an element must have a first dimension, the same
     * for all of them; an element of 0 rows gives nothing.
     */
    static final class Unbatch extends Node {
        private final Node up;

        Unbatch(Node up) {
            this.up = up;
        }

        /** The first component's first dimension where the spec fixes it, else -1 (UnbatchDataset's batch_size_). */
        private long batchSize() {
            Spec s = up.spec();
            if (s != null) {
                for (int[] d : s.dims) {
                    if (d != null && d.length > 0 && d[0] >= 0) {
                        return d[0];
                    }
                }
            }
            return -1;
        }

        /** Infinite and unknown stay so; else the input's count times a batch size the spec fixes, or unknown. */
        @Override
        long cardinality() {
            long n = up.cardinality();
            if (n < 0) {
                return n;
            }
            long b = batchSize();
            if (b > 0 && n <= Long.MAX_VALUE / b) {
                return n * b;
            }
            return UNKNOWN;
        }

        @Override
        Spec spec() {
            Spec s = up.spec();
            if (s == null) {
                return null;
            }
            int[][] dims = new int[s.dims.length][];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = s.dims[i] == null ? null : Arrays.copyOfRange(s.dims[i], 1, s.dims[i].length);
            }
            return new Spec(s.dtypes, dims);
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            return untilNull(new Supplier<>() {
                Tensor[] cur;
                int rows;
                int at;
                long index;   // of the next input element

                @Override
                public Batch get() {
                    while (cur == null || at >= rows) {
                        cur = null;
                        if (!it.hasNext()) {
                            return null;
                        }
                        Tensor[] c = it.next().array();
                        long i = index++;
                        for (int k = 0; k < c.length; k++) {
                            if (c[k].rank() == 0) {
                                throw new IllegalArgumentException("unbatch: component " + k + " of element " + i
                                        + " is a scalar (shape ()); every component needs a first dimension to split");
                            }
                            if (c[k].shape().dim(0) != c[0].shape().dim(0)) {
                                throw new IllegalArgumentException("unbatch: element " + i + " is " + describe(c)
                                        + ": component 0 has " + c[0].shape().dim(0) + " rows, component " + k + " has "
                                        + c[k].shape().dim(0) + "; every component must have the same first dimension");
                            }
                        }
                        cur = c;
                        rows = c[0].shape().dim(0);
                        at = 0;
                    }
                    return row(cur, at++);
                }
            });
        }
    }

    /**
     * Consecutive elements padded to a common shape and stacked {@code size} at a time: TensorFlow's
     * PaddedBatchDataset (padded_batch_dataset_op.cc, and padded_batch_op.py for the defaults). Component {@code c}
     * of a batch has shape {@code [n] + P}, where {@code P[k]} is {@code shapes[c][k]} when that is at least 0, else
     * the largest dimension {@code k} among the batch's elements; each element is copied into the leading corner of
     * its slot and the rest holds the component's padding value.
     */
    static final class PaddedBatch extends Node {
        private final Node up;
        private final int size;
        private final boolean dropRemainder;
        /** Per component the padded shape, -1 for "the batch's largest"; a null entry (or array): each element's rank, all -1. */
        private final int[][] shapes;
        /** Per component a one-element array of the padding value; a null entry (or array): zero (false). */
        private final Object[] pads;
        private final DType[] padTypes;
        /** The transformation named in errors: paddedBatch, or bucketBySequenceLength, which pads with it. */
        private final String op;

        PaddedBatch(Node up, int size, boolean dropRemainder, int[][] shapes, Object[] pads, DType[] padTypes) {
            this("paddedBatch", up, size, dropRemainder, shapes, pads, padTypes);
        }

        PaddedBatch(String op, Node up, int size, boolean dropRemainder, int[][] shapes, Object[] pads,
                DType[] padTypes) {
            this.op = op;
            this.up = up;
            this.size = size;
            this.dropRemainder = dropRemainder;
            this.shapes = shapes;
            this.pads = pads;
            this.padTypes = padTypes;
        }

        /** As BatchStage: PaddedBatchDataset's Cardinality is batch's. */
        @Override
        long cardinality() {
            return BatchStage.batched(up.cardinality(), size, dropRemainder);
        }

        /**
         * {@code [size or None] + padded shape}, as the kernel's output_shapes; without padded shapes the input's
         * dims (padded_batch_op.py takes the input's shapes as the default padded shapes), None where they vary.
         */
        @Override
        Spec spec() {
            Spec s = up.spec();
            if (s == null) {
                return null;
            }
            int[][] padded = new int[s.dims.length][];
            for (int i = 0; i < padded.length; i++) {
                padded[i] = shapes != null && shapes[i] != null ? shapes[i] : s.dims[i];
            }
            return BatchStage.batched(s, padded, size, dropRemainder);
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Iterator<Batch> it = up.elements(e);
            long[] batchIndex = {0};
            return untilNull(() -> {
                List<Batch> group = new ArrayList<>(Math.min(size, 1024));
                while (group.size() < size && it.hasNext()) {
                    group.add(it.next());
                }
                if (group.isEmpty() || (dropRemainder && group.size() < size)) {
                    return null;
                }
                return pad(group, batchIndex[0]++);
            });
        }

        Batch pad(List<Batch> group, long batch) {
            Batch first = group.get(0);
            int k = first.size();
            if (shapes != null && shapes.length != k || pads != null && pads.length != k) {
                throw new IllegalArgumentException(op + ": the elements have " + k + " components, but "
                        + (shapes != null && shapes.length != k ? shapes.length + " padded shapes were given"
                        : pads.length + " padding values were given") + "; give one per component");
            }
            for (int i = 1; i < group.size(); i++) {
                if (group.get(i).size() != k) {
                    throw new IllegalArgumentException(op + ": element " + i + " of batch " + batch + " has "
                            + group.get(i).size() + " components, element 0 has " + k
                            + "; elements must agree to be batched");
                }
            }
            Tensor[] out = new Tensor[k];
            for (int c = 0; c < k; c++) {
                out[c] = padComponent(group, c, batch);
            }
            return Batch.wrap(out);
        }

        private Tensor padComponent(List<Batch> group, int c, long batch) {
            Tensor t0 = group.get(0).get(c);
            DType dtype = t0.dtype();
            int[] fixed = shapes != null && shapes[c] != null ? shapes[c] : null;
            int rank = fixed != null ? fixed.length : t0.rank();
            int[] p = new int[rank];
            for (int k = 0; k < rank; k++) {
                p[k] = fixed != null && fixed[k] >= 0 ? fixed[k] : 0;
            }
            for (int i = 0; i < group.size(); i++) {
                Tensor t = group.get(i).get(c);
                if (t.dtype() != dtype) {
                    throw new IllegalArgumentException(op + ": component " + c + " of element " + i + " of batch "
                            + batch + " is " + t.dtype() + ", of element 0 " + dtype + "; elements must agree to be batched");
                }
                if (t.rank() != rank) {
                    throw new IllegalArgumentException(op + ": component " + c + " of element " + i + " of batch "
                            + batch + " has shape " + t.shape() + " (rank " + t.rank() + "), the padded shape "
                            + (fixed != null ? dimsString(fixed) : "of element 0")
                            + " has rank " + rank + "; all elements must have the padded shape's rank");
                }
                for (int k = 0; k < rank; k++) {
                    int d = t.shape().dim(k);
                    if (fixed != null && fixed[k] >= 0) {
                        if (d > fixed[k]) {
                            throw new IllegalArgumentException(op + ": component " + c + " of element " + i
                                    + " of batch " + batch + " has shape " + t.shape() + ", larger than the padded shape "
                                    + dimsString(fixed) + " in dimension " + k + "; cannot pad to a smaller size");
                        }
                    } else {
                        p[k] = Math.max(p[k], d);
                    }
                }
            }
            if (pads != null && pads[c] != null && padTypes[c] != dtype) {
                throw new IllegalArgumentException(op + ": the padding value of component " + c + " is "
                        + padTypes[c] + ", the component is " + dtype + "; they must have the same dtype");
            }
            long slot = 1;
            for (int d : p) {
                slot *= d;
                if (slot > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(op + ": the padded shape " + dimsString(p)
                            + " of component " + c + " holds more than 2^31 - 1 values");
                }
            }
            int len = (int) slot;
            int n = group.size();
            Object dst = newArray(dtype, total(op, n, len, t0));
            if (pads != null && pads[c] != null) {
                fill(dst, pads[c]);
            }
            for (int i = 0; i < n; i++) {
                Tensor t = group.get(i).get(c);
                copyPadded(TensorAccess.data(t), t.shape().dims(), dst, i * len, p);
            }
            int[] dims = new int[rank + 1];
            dims[0] = n;
            System.arraycopy(p, 0, dims, 1, rank);
            return TensorAccess.make(dtype, Shape.of(dims), dst);
        }
    }

    /** Every element of {@code dst} set to {@code value[0]} (arrays of the same type). */
    private static void fill(Object dst, Object value) {
        if (dst instanceof float[] a) {
            Arrays.fill(a, ((float[]) value)[0]);
        } else if (dst instanceof double[] a) {
            Arrays.fill(a, ((double[]) value)[0]);
        } else if (dst instanceof int[] a) {
            Arrays.fill(a, ((int[]) value)[0]);
        } else if (dst instanceof long[] a) {
            Arrays.fill(a, ((long[]) value)[0]);
        } else {
            Arrays.fill((boolean[]) dst, ((boolean[]) value)[0]);
        }
    }

    /**
     * Copies a row-major block of dims {@code d} into the leading corner of the row-major block of dims {@code p}
     * (each {@code p[k] >= d[k]}) that starts at {@code base} of {@code dst}: one {@code arraycopy} per run of the
     * last dimension.
     */
    static void copyPadded(Object src, int[] d, Object dst, int base, int[] p) {
        int r = d.length;
        if (r == 0) {
            System.arraycopy(src, 0, dst, base, 1);
            return;
        }
        int count = 1;
        for (int k : d) {
            count *= k;
        }
        if (count == 0) {
            return;
        }
        int[] stride = new int[r];
        stride[r - 1] = 1;
        for (int k = r - 2; k >= 0; k--) {
            stride[k] = stride[k + 1] * p[k + 1];
        }
        int run = d[r - 1];
        int[] at = new int[r - 1];
        for (int s = 0; s < count; s += run) {
            int off = base;
            for (int k = 0; k < r - 1; k++) {
                off += at[k] * stride[k];
            }
            System.arraycopy(src, s, dst, off, run);
            for (int k = r - 2; k >= 0; k--) {
                if (++at[k] < d[k]) {
                    break;
                }
                at[k] = 0;
            }
        }
    }

    /**
     * The input's elements, kept in memory by the first pass that reaches the input's end and replayed by every
     * later pass, whatever its epoch: TensorFlow's in-memory CacheDataset (cache_dataset_ops.cc, MemoryWriterIterator
     * and MemoryReaderIterator). A pass completes the cache when its input ends, or when it has drawn as many elements
     * as the input's known cardinality (so {@code take(cardinality)} after it completes it); a pass abandoned before
     * leaves nothing, and the next pass reads the input again. A pass in which an element failed completes nothing
     * either (TensorFlow's MemoryWriterIterator skips it and completes a shorter cache at the end; here every later
     * epoch would silently replay one element fewer than the cardinality says). Passes at
     * once (a zip of the dataset with itself, another thread) each collect their own; the first to complete wins.
     * Of a row-based input only the row indices are kept, and the node stays row-based.
     */
    static final class Cache extends PassThrough {
        /** int[] of rows for a row-based input, else {@code List<Batch>}; null until a pass completes. */
        private final java.util.concurrent.atomic.AtomicReference<Object> kept =
                new java.util.concurrent.atomic.AtomicReference<>();

        Cache(Node up) {
            super(up);
        }

        @Override
        Tensor[] base() {
            return up.base();
        }

        @Override
        IntIterator indices(long e) {
            Object done = kept.get();
            if (done != null) {
                return over((int[]) done);
            }
            IntIterator rows = up.indices(e);
            long c = up.cardinality();
            return new IntIterator() {
                int[] buf = new int[c >= 0 ? (int) Math.min(c, 1024) : 16];
                int n;
                boolean complete;
                boolean failed;   // a row of this pass failed: the pass keeps nothing

                private void complete() {
                    if (!complete) {
                        complete = true;
                        if (!failed) {
                            kept.compareAndSet(null, Arrays.copyOf(buf, n));
                        }
                        buf = null;
                    }
                }

                @Override
                public boolean hasNext() {
                    boolean more;
                    try {
                        more = rows.hasNext();
                    } catch (Throwable t) {
                        failed = true;
                        throw t;
                    }
                    if (!more) {
                        complete();
                    }
                    return more;
                }

                @Override
                public int next() {
                    int r;
                    try {
                        r = rows.next();
                    } catch (Throwable t) {
                        failed = true;
                        throw t;
                    }
                    if (!complete) {
                        if (n == buf.length) {
                            buf = Arrays.copyOf(buf, Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, 2L * n)));
                        }
                        buf[n++] = r;
                        if (n == c) {
                            complete();
                        }
                    }
                    return r;
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        Iterator<Batch> elements(long e) {
            if (base() != null) {
                return super.elements(e);
            }
            Object done = kept.get();
            if (done != null) {
                return ((List<Batch>) done).iterator();
            }
            Iterator<Batch> it = up.elements(e);
            long c = up.cardinality();
            return new Iterator<>() {
                List<Batch> buf = new ArrayList<>();
                boolean complete;
                boolean failed;   // an element of this pass failed: the pass keeps nothing

                private void complete() {
                    if (!complete) {
                        complete = true;
                        if (!failed) {
                            kept.compareAndSet(null, List.copyOf(buf));
                        }
                        buf = null;
                    }
                }

                @Override
                public boolean hasNext() {
                    boolean more;
                    try {
                        more = it.hasNext();
                    } catch (Throwable t) {
                        failed = true;
                        throw t;
                    }
                    if (!more) {
                        complete();
                    }
                    return more;
                }

                @Override
                public Batch next() {
                    Batch b;
                    try {
                        b = it.next();
                    } catch (Throwable t) {
                        failed = true;
                        throw t;
                    }
                    if (!complete) {
                        buf.add(b);
                        if (buf.size() == c) {
                            complete();
                        }
                    }
                    return b;
                }
            };
        }
    }
}
