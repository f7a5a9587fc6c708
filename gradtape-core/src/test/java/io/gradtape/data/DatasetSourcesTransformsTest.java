package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * fromGenerator, fromElements, range, takeWhile, flatMap, interleave, shard, scan, reduce, rebatch, window and
 * bucketBySequenceLength. Expected sequences are TensorFlow's documented examples (dataset_ops.py docstrings) or come
 * from a Python transcription of the kernel loops named in each test (interleave_dataset_op.cc GetNextInternal,
 * window_dataset_op.cc GetNextInternal and CardinalityInternal, shard_dataset_op.cc, rebatch_dataset_op.cc), run on
 * /usr/bin/python3; the transcription's outputs are quoted where used.
 */
class DatasetSourcesTransformsTest {
    /** Component 0 of every element, flattened, as longs. */
    private static List<Long> flat(Iterable<Batch> ds) {
        List<Long> out = new ArrayList<>();
        for (Batch b : ds) {
            out.addAll(values(b.x()));
        }
        return out;
    }

    private static List<Long> values(Tensor t) {
        List<Long> out = new ArrayList<>();
        switch (t.dtype()) {
            case INT64 -> {
                for (long v : t.toLongArray()) out.add(v);
            }
            case INT32 -> {
                for (int v : t.toIntArray()) out.add((long) v);
            }
            case FLOAT32 -> {
                for (float v : t.toFloatArray()) out.add((long) v);
            }
            default -> throw new AssertionError(t.dtype());
        }
        return out;
    }

    /** Component 0 of every element as its own list (a window, a batch). */
    private static List<List<Long>> groups(Iterable<Batch> ds) {
        List<List<Long>> out = new ArrayList<>();
        for (Batch b : ds) {
            out.add(values(b.x()));
        }
        return out;
    }

    private static List<List<Long>> lists(long[]... rows) {
        List<List<Long>> out = new ArrayList<>();
        for (long[] r : rows) {
            List<Long> l = new ArrayList<>();
            for (long v : r) l.add(v);
            out.add(l);
        }
        return out;
    }

    private static List<Long> longs(long... v) {
        List<Long> out = new ArrayList<>();
        for (long x : v) out.add(x);
        return out;
    }

    private static Batch seq(int... v) {
        return Batch.of(Tensors.constant(v, v.length));
    }

    private static int threads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) n++;
        }
        return n;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    // ---------------------------------------------------------------- range

    /** dataset_ops.py range docstring; counts are Python's len(range(...)): [5, 3, 2, 0, 0, 2, 4, 4, 3]. */
    @Test
    void rangeFollowsPythonsRange() {
        assertEquals(longs(0, 1, 2, 3, 4), flat(Dataset.range(5)));
        assertEquals(longs(2, 3, 4), flat(Dataset.range(2, 5)));
        assertEquals(longs(1, 3), flat(Dataset.range(1, 5, 2)));
        assertEquals(longs(), flat(Dataset.range(1, 5, -2)));
        assertEquals(longs(), flat(Dataset.range(5, 1)));
        assertEquals(longs(5, 3), flat(Dataset.range(5, 1, -2)));
        long[][] args = {{0, 5, 1}, {2, 5, 1}, {1, 5, 2}, {1, 5, -2}, {5, 1, 1}, {5, 1, -2}, {0, 10, 3}, {10, 0, -3},
                {-3, 3, 2}};
        long[] expected = {5, 3, 2, 0, 0, 2, 4, 4, 3};
        for (int i = 0; i < args.length; i++) {
            Dataset d = Dataset.range(args[i][0], args[i][1], args[i][2]);
            assertEquals(expected[i], d.cardinality(), java.util.Arrays.toString(args[i]));
            assertEquals(expected[i], flat(d).size());
        }
        Tensor first = Dataset.range(3).iterator().next().x();
        assertEquals(DType.INT64, first.dtype());
        assertEquals(Shape.of(), first.shape());
        // output_type: computed in int64, converted
        Batch f = Dataset.range(1, 5, 2, DType.FLOAT32).iterator().next();
        assertEquals(DType.FLOAT32, f.x().dtype());
        assertEquals(1.0f, f.x().floatValue());
        assertEquals("[() int32]", Dataset.range(0, 3, 1, DType.INT32).elementSpec().toString());
        // no overflow at the ends of long
        assertEquals(Long.MAX_VALUE, Dataset.range(-1, Long.MAX_VALUE - 1).cardinality());
        // Python: len(range(-2**63, 2**63 - 1, 2**63 - 1)) == 3, the values -2**63, -1, 2**63 - 2
        assertEquals(3, Dataset.range(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE).cardinality());
        assertEquals(longs(Long.MIN_VALUE, -1, Long.MAX_VALUE - 1),
                flat(Dataset.range(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.range(0, 5, 0));
        assertTrue(e.getMessage().startsWith("range: step must be a non-zero integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.range(Long.MIN_VALUE, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("more than 2^63 - 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.range(0, 1L << 40, 1L << 32, DType.INT32));
        assertTrue(e.getMessage().contains("do not fit int32"), e.getMessage());
    }

    // ---------------------------------------------------------------- fromGenerator, fromElements

    /** from_generator_op.py: the generator is called anew for every iteration, elements checked against the spec. */
    @Test
    void fromGeneratorCallsTheGeneratorPerEpochAndChecksEachElement() {
        AtomicInteger calls = new AtomicInteger();
        List<Batch> seqs = List.of(seq(1), seq(2, 2), seq(3, 3, 3));
        Dataset ds = Dataset.fromGenerator(() -> {
            calls.incrementAndGet();
            return seqs.iterator();
        }, new DType[] {DType.INT32}, new int[][] {{-1}});
        assertEquals(0, calls.get(), "lazy");
        assertEquals(Dataset.UNKNOWN, ds.cardinality());
        assertEquals("[(None,) int32]", ds.elementSpec().toString());
        assertEquals(longs(1, 2, 2, 3, 3, 3), flat(ds));
        assertEquals(longs(1, 2, 2, 3, 3, 3), flat(ds));
        assertEquals(2, calls.get());
        assertEquals(12, flat(ds.repeat(2)).size());
        assertEquals(4, calls.get());
        // variable length padded: the (None,) spec passes to paddedBatch
        assertEquals(lists(new long[] {1, 0, 2, 2}, new long[] {3, 3, 3}), groups(ds.paddedBatch(2)));
        assertEquals(longs(1, 2, 2, 3, 3, 3), flat(ds.prefetch(2)));

        // an element that does not fit: refused at its index, then the next one comes
        List<Batch> mixed = List.of(seq(1, 2), Batch.of(Tensors.constant(new float[] {1, 2}, 2)), seq(1, 2, 3), seq(4),
                Batch.of(Tensors.constant(new int[] {5, 6}, 1, 2)), Batch.of(Tensors.constant(new int[] {7}, 1), Tensors.constant(0)));
        Iterator<Batch> it = Dataset.fromGenerator(mixed::iterator, new DType[] {DType.INT32}, new int[][] {{2}})
                .iterator();
        assertEquals(longs(1, 2), values(it.next().x()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertEquals("fromGenerator: component 0 of element 1 is (2,) float32, which does not fit the declared spec"
                + " [(2,) int32] (dtype float32 is not int32)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, it::next);
        assertTrue(e.getMessage().startsWith("fromGenerator: component 0 of element 2 is (3,) int32"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(shape (3,) is not (2,))"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, it::next);
        assertTrue(e.getMessage().contains("element 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, it::next);
        assertTrue(e.getMessage().contains("element 4 is (1, 2) int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, it::next);
        assertTrue(e.getMessage().startsWith("fromGenerator: element 5 has 2 components"), e.getMessage());
        assertFalse(it.hasNext());
        // a null shape entry: any shape; an empty generator; arguments
        List<Batch> ints = List.of(mixed.get(0), mixed.get(2), mixed.get(3), mixed.get(4));
        assertEquals(4, groups(Dataset.fromGenerator(ints::iterator, new DType[] {DType.INT32}, null)).size());
        assertEquals(4, groups(Dataset.fromGenerator(ints::iterator, new DType[] {DType.INT32}, new int[][] {null}))
                .size());
        assertEquals(0, flat(Dataset.fromGenerator(List.<Batch>of()::iterator, new DType[] {DType.INT32}, null)).size());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromGenerator(seqs::iterator, new DType[] {DType.INT32}, new int[][] {{-2}}));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromGenerator(seqs::iterator, new DType[] {DType.INT32}, new int[][] {{1}, {2}}));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromGenerator(seqs::iterator, new DType[0], null));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> Dataset.fromGenerator(() -> null, new DType[] {DType.INT32}, null).iterator().next());
        assertTrue(npe.getMessage().startsWith("fromGenerator: the generator returned null"), npe.getMessage());
    }

    /** An AutoCloseable iterator is closed at its end, or when the iteration is closed early. */
    @Test
    void fromGeneratorClosesCloseableIterators() {
        AtomicInteger closed = new AtomicInteger();
        class Closing implements Iterator<Batch>, AutoCloseable {
            int i;

            @Override
            public boolean hasNext() {
                return i < 3;
            }

            @Override
            public Batch next() {
                return Batch.of(Tensors.constant(i++));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
        Dataset ds = Dataset.fromGenerator(Closing::new, new DType[] {DType.INT32}, new int[][] {{}});
        assertEquals(longs(0, 1, 2), flat(ds));
        assertEquals(1, closed.get());
        try (Dataset.ElementIterator it = ds.iterator()) {
            it.next();
        }
        assertEquals(2, closed.get());
    }

    /** An iterator that counts its close() calls and yields 0, 1, ..., n - 1. */
    private static Iterator<Batch> closing(int n, AtomicInteger closed) {
        class Closing implements Iterator<Batch>, AutoCloseable {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Batch next() {
                return Batch.of(Tensors.constant(i++));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
        return new Closing();
    }

    /** The first element of a for-each left by break. */
    private static int firstOf(Dataset ds) {
        for (Batch b : ds) {
            return b.x().intValue();
        }
        return -1;
    }

    /** Collects garbage until {@code done} (at most 10 s). */
    private static void awaitCollected(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            System.gc();
            Thread.sleep(20);
        }
    }

    /**
     * An abandoned iteration (a for-each left by break, never closed) still closes the generator's AutoCloseable
     * iterator once it is collected, as TensorFlow's from_generator finalizes its generator when the iterator is
     * destroyed (from_generator_op.py's finalize_fn); so does one opened without an iteration's resources, and one
     * read by a prefetch thread (after the thread has stopped).
     */
    @Test
    void fromGeneratorClosesTheIteratorOfAnAbandonedIteration() throws InterruptedException {
        AtomicInteger closed = new AtomicInteger();
        Dataset ds = Dataset.fromGenerator(() -> closing(1000, closed), new DType[] {DType.INT32}, new int[][] {{}});
        assertEquals(0, firstOf(ds));   // in its own frame: a for-each's iterator would stay in this frame's slot
        awaitCollected("the abandoned for-each's generator to be closed", () -> closed.get() == 1);
        ds.open().next();   // no resources: CURRENT is unset
        awaitCollected("the generator opened without resources to be closed", () -> closed.get() == 2);
        Iterator<Batch> pre = ds.prefetch(2).iterator();
        pre.next();
        pre = null;
        awaitCollected("the prefetched generator to be closed", () -> closed.get() == 3);
        // closed once only: at the end, then never again when collected
        assertEquals(longs(0, 1, 2), flat(Dataset.fromGenerator(() -> closing(3, closed), new DType[] {DType.INT32},
                new int[][] {{}})));
        assertEquals(4, closed.get());
        System.gc();
        Thread.sleep(50);
        assertEquals(4, closed.get());
    }

    /** Shapes may differ, components and dtypes may not; the spec keeps the dims all elements share. */
    @Test
    void fromElementsKeepsTheElementsAndRelaxesTheSpec() {
        Dataset ds = Dataset.fromElements(List.of(Batch.of(Tensors.constant(new int[] {1, 2, 3}, 3), Tensors.constant(0)),
                Batch.of(Tensors.constant(new int[] {4}, 1), Tensors.constant(1))));
        assertEquals(2, ds.cardinality());
        assertEquals("[(None,) int32, () int32]", ds.elementSpec().toString());
        assertEquals(longs(1, 2, 3, 4), flat(ds));
        assertEquals(0, Dataset.fromElements(List.of()).cardinality());
        assertNull(Dataset.fromElements(List.of()).elementSpec());
        assertEquals("[(2, 2) float32]", Dataset.fromElements(List.of(Batch.of(Tensors.zeros(DType.FLOAT32, 2, 2)),
                Batch.of(Tensors.zeros(DType.FLOAT32, 2, 2)))).elementSpec().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromElements(
                List.of(seq(1), Batch.of(Tensors.constant(new float[] {1}, 1)))));
        assertEquals("fromElements: element 1 is [(1,) float32], element 0 is [(1,) int32]; all elements must have"
                + " the same number of components and dtypes", e.getMessage());
        assertThrows(NullPointerException.class, () -> Dataset.fromElements(java.util.Arrays.asList(seq(1), null)));
    }

    // ---------------------------------------------------------------- takeWhile, scan, reduce, shard

    /** take_while_dataset_op.cc: Cardinality() is kUnknownCardinality; ends at the first false. */
    @Test
    void takeWhileStopsAtTheFirstFalse() {
        Dataset d = Dataset.range(10).takeWhile(b -> b.x().longValue() < 4);
        assertEquals(longs(0, 1, 2, 3), flat(d));
        assertEquals(Dataset.UNKNOWN, d.cardinality());
        assertEquals(longs(0, 1, 2, 3, 0), flat(Dataset.range(10).takeWhile(b -> b.x().longValue() != 4).repeat().take(5)));
        assertEquals(longs(0, 1, 2), flat(Dataset.range(5).repeat().takeWhile(b -> b.x().longValue() < 3)));
        assertEquals(longs(), flat(Dataset.range(0).takeWhile(b -> true)));
        assertEquals(longs(), flat(Dataset.range(3).takeWhile(b -> false)));
        Iterator<Batch> it = Dataset.range(5).takeWhile(b -> {
            if (b.x().longValue() == 1) throw new IllegalStateException("boom");
            return true;
        }).iterator();
        assertEquals(0, it.next().x().longValue());
        assertThrows(IllegalStateException.class, it::next);
        assertEquals(2, it.next().x().longValue(), "goes on after the failed element");
    }

    /** scan_dataset_op.cc: the input's cardinality; the state restarts in every epoch. */
    @Test
    void scanCarriesItsStateAndRestartsEachEpoch() {
        Dataset sums = Dataset.range(5).scan(0L, (sum, b) -> {
            long s = sum + b.x().longValue();
            return new Dataset.Step<>(s, Batch.of(Tensors.constant(s)));
        });
        assertEquals(longs(0, 1, 3, 6, 10), flat(sums));
        assertEquals(longs(0, 1, 3, 6, 10), flat(sums));
        assertEquals(5, sums.cardinality());
        assertEquals(Dataset.INFINITE, Dataset.range(2).repeat().scan(0, (s, b) -> new Dataset.Step<>(s, b)).cardinality());
        assertEquals(longs(0, 1, 3, 6, 10, 0, 1, 3, 6, 10), flat(sums.repeat(2)), "the state restarts per repetition");
        Iterator<Batch> it = Dataset.range(4).scan(100L, (s, b) -> {
            if (b.x().longValue() == 1) throw new IllegalArgumentException("no 1");
            return new Dataset.Step<>(s + b.x().longValue(), Batch.of(Tensors.constant((long) s)));
        }).iterator();
        assertEquals(100, it.next().x().longValue());
        assertThrows(IllegalArgumentException.class, it::next);
        assertEquals(100, it.next().x().longValue(), "the state is the one before the failed element");
        assertEquals(102, it.next().x().longValue());
        assertThrows(NullPointerException.class, () -> Dataset.range(1).scan(0, (s, b) -> null).iterator().next());
    }

    @Test
    void reduceFoldsOneEpoch() {
        assertEquals(10L, Dataset.range(5).reduce(0L, (s, b) -> s + b.x().longValue()));
        assertEquals(3, Dataset.range(5).filter(b -> b.x().longValue() % 2 == 0).reduce(0, (n, b) -> n + 1));
        assertEquals(7L, Dataset.range(0).reduce(7L, (s, b) -> s + 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dataset.range(3).repeat().reduce(0, (n, b) -> n + 1));
        assertTrue(e.getMessage().startsWith("reduce: the dataset is infinite"), e.getMessage());
    }

    /**
     * shard_dataset_op.cc: n / numShards + (index < n % numShards ? 1 : 0); Python's list(range(n))[i::3] lengths for
     * n = 0, 1, 2, 3, 10 and i = 0, 1, 2: [0 0 0, 1 0 0, 1 1 0, 1 1 1, 4 3 3].
     */
    @Test
    void shardTakesEveryNthElement() {
        assertEquals(longs(1, 4, 7), flat(Dataset.range(10).shard(3, 1)));
        int[] ns = {0, 1, 2, 3, 10};
        long[] expected = {0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 4, 3, 3};
        for (int k = 0; k < ns.length; k++) {
            for (int i = 0; i < 3; i++) {
                Dataset s = Dataset.range(ns[k]).shard(3, i);
                assertEquals(expected[3 * k + i], s.cardinality());
                assertEquals(expected[3 * k + i], flat(s).size());
                // the row path gives the same
                Dataset rows = Dataset.fromTensorSlices(Tensors.constant(new int[ns[k] == 0 ? 0 : ns[k]], ns[k])).shard(3, i);
                assertEquals(expected[3 * k + i], rows.cardinality());
                assertEquals(expected[3 * k + i], flat(rows).size());
            }
        }
        Tensor x = Tensors.constant(new int[] {10, 11, 12, 13, 14, 15, 16}, 7);
        assertEquals(longs(12, 15), flat(Dataset.fromTensorSlices(x).shard(3, 2)));
        assertEquals(longs(12, 15), flat(Dataset.fromTensorSlices(x).shard(3, 2).batch(5)));
        assertEquals(Dataset.INFINITE, Dataset.range(4).repeat().shard(2, 0).cardinality());
        assertEquals(Dataset.UNKNOWN, Dataset.range(4).filter(b -> true).shard(2, 0).cardinality());
        assertEquals(longs(1, 3, 1, 3), flat(Dataset.range(4).repeat().shard(2, 1).take(4)));
        assertEquals("shard: index 3 must be between 0 and 2 (numShards 3)",
                assertThrows(IllegalArgumentException.class, () -> Dataset.range(4).shard(3, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(4).shard(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(4).shard(2, -1));
    }

    // ---------------------------------------------------------------- flatMap, interleave

    @Test
    void flatMapConcatenatesTheInnerDatasets() throws InterruptedException {
        Dataset ds = Dataset.fromTensorSlices(Tensors.constant(new int[] {1, 2, 3, 4, 5, 6}, 3, 2))
                .flatMap(b -> Dataset.fromTensorSlices(b.x()));
        assertEquals(longs(1, 2, 3, 4, 5, 6), flat(ds));
        assertEquals(Dataset.UNKNOWN, ds.cardinality());
        assertNull(ds.elementSpec());
        // flat_map_dataset_op.cc counts only at CARDINALITY_COMPUTE_MODERATE: unknown at the default level, even for an
        // empty input (and repeat() of it is then infinite, as TensorFlow's RepeatDataset of an unknown input)
        Dataset emptyFlat = Dataset.range(0).flatMap(b -> Dataset.range(3));
        assertEquals(Dataset.UNKNOWN, emptyFlat.cardinality());
        assertEquals(List.of(), flat(emptyFlat));
        // inner datasets of 0, 1, 2 elements
        assertEquals(longs(0, 0, 1, 0, 1, 2), flat(Dataset.range(4).flatMap(b -> Dataset.range(b.x().longValue()))));
        // an inner prefetch's thread ends with its inner dataset
        Dataset pre = Dataset.range(3).flatMap(b -> Dataset.range(50).prefetch(2));
        assertEquals(150, flat(pre).size());
        await("inner prefetch threads end", () -> threads("gradtape-prefetch-") == 0);
        try (Dataset.ElementIterator it = Dataset.range(3).flatMap(b -> Dataset.range(50).prefetch(2)).iterator()) {
            it.next();
            assertTrue(threads("gradtape-prefetch-") >= 1);
        }
        await("closing the iteration stops the inner producer", () -> threads("gradtape-prefetch-") == 0);
        // errors arrive at their element and the iteration goes on
        Iterator<Batch> it = Dataset.range(3).flatMap(b -> {
            if (b.x().longValue() == 1) throw new IllegalStateException("no 1");
            return Dataset.range(2);
        }).iterator();
        assertEquals(0, it.next().x().longValue());
        assertEquals(1, it.next().x().longValue());
        assertThrows(IllegalStateException.class, it::next);
        assertEquals(0, it.next().x().longValue());
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Dataset.range(2).flatMap(b -> null).iterator().next());
        assertEquals("flatMap: the function returned null for element 0", e.getMessage());
    }

    /**
     * interleave_dataset_op.cc GetNextInternal, transcribed in Python: the documented example
     * (range(1, 6), repeat(6), cycle 2, block 4) gives [1,1,1,1,2,2,2,2,1,1,2,2,3,3,3,3,4,4,4,4,3,3,4,4,5,5,5,5,5,5];
     * range(1, 6) to [10x + j for j < x], cycle 3, block 2: [10, 20, 21, 30, 31, 40, 41, 32, 42, 43, 50, 51, 52, 53, 54];
     * range(5) to [10x + j for j < x % 3], cycle 2, block 1: [10, 20, 21, 40].
     */
    @Test
    void interleaveFollowsTensorFlowsOrder() {
        Dataset doc = Dataset.range(1, 6).interleave(b -> Dataset.fromTensors(b.x()).repeat(6), 2, 4);
        assertEquals(longs(1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5),
                flat(doc));
        assertEquals(Dataset.UNKNOWN, doc.cardinality());
        assertEquals(longs(10, 20, 21, 30, 31, 40, 41, 32, 42, 43, 50, 51, 52, 53, 54), flat(Dataset.range(1, 6)
                .interleave(b -> Dataset.range(10 * b.x().longValue(), 11 * b.x().longValue()), 3, 2)));
        assertEquals(longs(10, 20, 21, 40), flat(Dataset.range(5)
                .interleave(b -> Dataset.range(10 * b.x().longValue(), 10 * b.x().longValue() + b.x().longValue() % 3), 2)));
        // cycle 1 is flatMap; a cycle longer than the input
        assertEquals(flat(Dataset.range(4).flatMap(b -> Dataset.range(b.x().longValue()))),
                flat(Dataset.range(4).interleave(b -> Dataset.range(b.x().longValue()), 1, 3)));
        assertEquals(longs(0, 0, 0, 1, 1, 2), flat(Dataset.range(4).interleave(b -> Dataset.range(b.x().longValue()), 9)));
        // an infinite input: bounded by take
        assertEquals(longs(0, 1, 0, 1, 0, 1), flat(Dataset.range(2).repeat().interleave(b -> Dataset.fromTensors(b.x()), 2).take(6)));
        // InterleaveDataset has no CardinalityInternal: unknown for an empty and for an infinite input
        assertEquals(Dataset.UNKNOWN, Dataset.range(0).interleave(b -> Dataset.range(1), 2).cardinality());
        assertEquals(Dataset.UNKNOWN, Dataset.range(2).repeat().interleave(b -> Dataset.range(1), 2).cardinality());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).interleave(b -> Dataset.range(1), 0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).interleave(b -> Dataset.range(1), 2, 0));
        assertEquals(3, flat(Dataset.range(3).interleave(b -> Dataset.range(1), Dataset.AUTOTUNE)).size());
    }

    // ---------------------------------------------------------------- window, rebatch

    /**
     * window_dataset_op.cc GetNextInternal, transcribed in Python, on range(7): (3, 2, 1, drop) [[0 1 2] [2 3 4]
     * [4 5 6]]; (3, 1, 2, drop) [[0 2 4] [1 3 5] [2 4 6]] (both the documented examples); (3, 2, 1) adds [6];
     * (3, 1, 2) adds [3 5] [4 6] [5] [6]; (2, 5, 1) [[0 1] [5 6]]; on range(10) (2, 4, 2) [[0 2] [4 6] [8]].
     */
    @Test
    void windowSlidesAsTensorFlows() {
        assertEquals(lists(new long[] {0, 1, 2}, new long[] {2, 3, 4}, new long[] {4, 5, 6}),
                groups(Dataset.range(7).window(3, 2, 1, true)));
        assertEquals(lists(new long[] {0, 2, 4}, new long[] {1, 3, 5}, new long[] {2, 4, 6}),
                groups(Dataset.range(7).window(3, 1, 2, true)));
        assertEquals(lists(new long[] {0, 1, 2}, new long[] {2, 3, 4}, new long[] {4, 5, 6}, new long[] {6}),
                groups(Dataset.range(7).window(3, 2)));
        assertEquals(lists(new long[] {0, 2, 4}, new long[] {1, 3, 5}, new long[] {2, 4, 6}, new long[] {3, 5},
                new long[] {4, 6}, new long[] {5}, new long[] {6}), groups(Dataset.range(7).window(3, 1, 2, false)));
        assertEquals(lists(new long[] {0, 1}, new long[] {5, 6}), groups(Dataset.range(7).window(2, 5, 1, false)));
        assertEquals(lists(new long[] {0, 1, 2}, new long[] {3, 4, 5}, new long[] {6}), groups(Dataset.range(7).window(3)));
        assertEquals(lists(new long[] {0, 2}, new long[] {4, 6}, new long[] {8}), groups(Dataset.range(10).window(2, 4, 2, false)));
        // CardinalityInternal, checked against iteration for n = 0..8
        int[][] args = {{3, 2, 1, 1}, {3, 1, 2, 1}, {3, 2, 1, 0}, {2, 5, 1, 0}, {2, 4, 2, 0}, {2, 4, 2, 1}};
        for (int n = 0; n <= 8; n++) {
            for (int[] a : args) {
                Dataset w = Dataset.range(n).window(a[0], a[1], a[2], a[3] == 1);
                assertEquals(groups(w).size(), w.cardinality(), n + " " + java.util.Arrays.toString(a));
            }
        }
        assertEquals(Dataset.INFINITE, Dataset.range(3).repeat().window(2).cardinality());
        assertEquals(Dataset.UNKNOWN, Dataset.range(3).filter(b -> true).window(2).cardinality());
        assertEquals(lists(new long[] {0, 1}, new long[] {2, 0}), groups(Dataset.range(3).repeat().window(2).take(2)));
        // spec: [size or None] + the element's
        Dataset rows = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 5, 3));
        assertEquals("[(2, 3) float32]", rows.window(2, 1, 1, true).elementSpec().toString());
        assertEquals("[(None, 3) float32]", rows.window(2).elementSpec().toString());
        assertEquals(Shape.of(2, 3), rows.window(2).iterator().next().x().shape());
        // elements that cannot be stacked: named with the window
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flat(
                Dataset.fromElements(List.of(seq(1), seq(2, 3))).window(2)));
        assertTrue(e.getMessage().startsWith("window: in window 0, component 0 of element 1 is (2,)"), e.getMessage());
        assertEquals("window: shift 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).window(2, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).window(0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).window(2, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).window(1 << 20, 1, 1 << 12, false));
    }

    /** rebatch_dataset_op.cc (V2): the rows of unbatch().batch(size, drop), no cardinality. */
    @Test
    void rebatchRegroupsRowsAcrossBatches() {
        assertEquals(lists(new long[] {0, 1, 2}, new long[] {3, 4, 5}, new long[] {6, 7, 8}, new long[] {9}),
                groups(Dataset.range(10).batch(4).rebatch(3)));
        assertEquals(lists(new long[] {0, 1, 2}, new long[] {3, 4, 5}, new long[] {6, 7, 8}),
                groups(Dataset.range(10).batch(4).rebatch(3, true)));
        assertEquals(lists(new long[] {0, 1, 2, 3, 4, 5, 6}, new long[] {7, 8, 9}),
                groups(Dataset.range(10).batch(4).rebatch(7)));
        assertEquals(Dataset.UNKNOWN, Dataset.range(10).batch(4).rebatch(3).cardinality());
        // RebatchDatasetV2 (rebatch_dataset_op.cc) has no CardinalityInternal: unknown for infinite and empty inputs
        assertEquals(Dataset.UNKNOWN, Dataset.range(10).batch(4).repeat().rebatch(3).cardinality());
        assertEquals(Dataset.UNKNOWN, Dataset.range(0).batch(4).rebatch(3).cardinality());
        // two components move together, trailing dims kept
        float[] x = new float[20];
        for (int i = 0; i < 20; i++) x[i] = i;
        Dataset two = Dataset.fromTensorSlices(Tensors.constant(x, 10, 2), Tensors.constant(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10))
                .batch(4).rebatch(3);
        assertEquals("[(None, 2) float32, (None,) int32]", two.elementSpec().toString());
        assertEquals("[(3, 2) float32]", Dataset.fromTensorSlices(Tensors.constant(x, 10, 2)).batch(4)
                .rebatch(3, true).elementSpec().toString());
        Batch second = null;
        Iterator<Batch> it = two.iterator();
        it.next();
        second = it.next();
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, second.x().toFloatArray());
        assertArrayEquals(new int[] {3, 4, 5}, second.y().toIntArray());
        // empty input batches are skipped over
        assertEquals(lists(new long[] {1, 2}), groups(Dataset.fromElements(List.of(seq(), seq(1), seq(), seq(2))).rebatch(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).rebatch(2));
        assertTrue(e.getMessage().startsWith("rebatch: component 0 of the elements [() int64] is a scalar"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).batch(2).rebatch(0));
        e = assertThrows(IllegalArgumentException.class, () -> flat(Dataset.range(3).map(b -> b).rebatch(2)));
        assertTrue(e.getMessage().startsWith("rebatch: component 0 of input element 0 is a scalar"), e.getMessage());
        // an input element that throws takes the rows already gathered for its batch with it (RebatchDatasetV2's
        // GetNextInternal keeps them in a local vector an error return drops); the next batch starts after it
        Dataset failing = Dataset.range(6).batch(2).map(b -> {
            if (b.x().toLongArray()[0] == 2) {
                throw new IllegalStateException("element 1 fails");
            }
            return b;
        }).rebatch(3);
        try (Dataset.ElementIterator fit = failing.iterator()) {
            IllegalStateException f = assertThrows(IllegalStateException.class, fit::next);
            assertEquals("element 1 fails", f.getMessage());
            assertArrayEquals(new long[] {4, 5}, fit.next().x().toLongArray());
            assertFalse(fit.hasNext());
        }
    }

    // ---------------------------------------------------------------- bucketBySequenceLength

    private static Dataset docElements() {
        List<Batch> seqs = new ArrayList<>();
        for (int[] s : new int[][] {{0}, {1, 2, 3, 4}, {5, 6, 7}, {7, 8, 9, 10, 11}, {13, 14, 15, 16, 19, 20}, {21, 22}}) {
            seqs.add(seq(s));
        }
        return Dataset.fromElements(seqs);
    }

    /** The three examples of bucket_by_sequence_length's docstring (dataset_ops.py), output as printed there. */
    @Test
    void bucketBySequenceLengthMatchesTheDocumentedExamples() {
        Dataset a = docElements().bucketBySequenceLength(b -> b.x().shape().dim(0), new int[] {3, 5}, new int[] {2, 2, 2});
        assertEquals(lists(new long[] {1, 2, 3, 4, 5, 6, 7, 0}, new long[] {7, 8, 9, 10, 11, 0, 13, 14, 15, 16, 19, 20},
                new long[] {0, 0, 21, 22}), groups(a));
        List<Shape> shapes = new ArrayList<>();
        for (Batch b : a) shapes.add(b.x().shape());
        assertEquals(List.of(Shape.of(2, 4), Shape.of(2, 6), Shape.of(2, 2)), shapes);
        assertEquals(Dataset.UNKNOWN, a.cardinality());
        assertEquals("[(None, None) int32]", a.elementSpec().toString());

        Tensor[] minusOne = {Tensors.constant(-1)};
        Dataset b = docElements().bucketBySequenceLength(e -> e.x().shape().dim(0), new int[] {4, 7}, new int[] {2, 2, 2},
                null, minusOne, true, false);
        assertEquals(lists(new long[] {0, -1, -1, 5, 6, 7}, new long[] {1, 2, 3, 4, -1, -1, 7, 8, 9, 10, 11, -1},
                new long[] {21, 22, -1}, new long[] {13, 14, 15, 16, 19, 20}), groups(b));
        Dataset c = docElements().bucketBySequenceLength(e -> e.x().shape().dim(0), new int[] {4, 7}, new int[] {2, 2, 2},
                null, minusOne, true, true);
        assertEquals(lists(new long[] {0, -1, -1, 5, 6, 7}, new long[] {1, 2, 3, 4, -1, -1, 7, 8, 9, 10, 11, -1}),
                groups(c));
        // padToBucketBoundary: an element not below the last boundary is refused at itself, the rest go on
        Iterator<Batch> it = docElements().bucketBySequenceLength(e -> e.x().shape().dim(0), new int[] {2, 5},
                new int[] {1, 1, 1}, null, null, true, false).iterator();
        assertEquals(longs(0), values(it.next().x()));
        assertEquals(longs(1, 2, 3, 4), values(it.next().x()));
        assertEquals(longs(5, 6, 7, 0), values(it.next().x()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertTrue(e.getMessage().startsWith("bucketBySequenceLength: element 3 has length 5, not below the last"
                + " boundary 5"), e.getMessage());
        // an empty input; argument errors
        // GroupByWindowDataset's CardinalityInternal: infinite for an infinite input, else unknown (an empty one's too)
        Dataset emptyBuckets = Dataset.fromElements(List.of()).bucketBySequenceLength(x -> 0, new int[] {1}, new int[] {1, 1});
        assertEquals(Dataset.UNKNOWN, emptyBuckets.cardinality());
        assertEquals(List.of(), flat(emptyBuckets));
        assertEquals(Dataset.INFINITE, docElements().repeat().bucketBySequenceLength(el -> el.x().shape().dim(0),
                new int[] {3, 5}, new int[] {2, 2, 2}).cardinality());
        assertThrows(IllegalArgumentException.class,
                () -> docElements().bucketBySequenceLength(x -> 0, new int[] {3, 3}, new int[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> docElements().bucketBySequenceLength(x -> 0, new int[] {3}, new int[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> docElements().bucketBySequenceLength(x -> 0, new int[] {3}, new int[] {1, 0}));
        e = assertThrows(IllegalArgumentException.class, () -> docElements().bucketBySequenceLength(x -> 0,
                new int[] {3}, new int[] {1, 1}, null, new Tensor[] {Tensors.constant(1.0f)}, false, false));
        assertTrue(e.getMessage().startsWith("bucketBySequenceLength: the padding value of component 0 is float32"),
                e.getMessage());
    }

    /**
     * The new stages inside longer pipelines: prefetch and a parallel map change neither elements nor order (the
     * shuffle's order comes from its seed and the epoch), repeat re-runs the epoch (the generator is called again),
     * cache replays it, and takeWhile bounds an infinite input so that shuffle and reduce accept it.
     */
    @Test
    void newStagesComposeWithShuffleRepeatPrefetchAndCache() throws InterruptedException {
        Dataset base = Dataset.range(12).shuffle(3)
                .interleave(b -> Dataset.range(b.x().longValue() % 3 + 1).map(x -> Batch.of(b.x())), 3, 2)
                .window(3, 2, 1, false).rebatch(4).shard(2, 1);
        List<List<Long>> plain = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) plain.addAll(groups(base.epoch(epoch)));
        Dataset fast = Dataset.range(12).shuffle(3)
                .interleave(b -> Dataset.range(b.x().longValue() % 3 + 1).map(x -> Batch.of(b.x())), 3, 2)
                .map(b -> b, 2).window(3, 2, 1, false).prefetch(2).rebatch(4).shard(2, 1).prefetch(1);
        List<List<Long>> withThreads = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) withThreads.addAll(groups(fast.epoch(epoch)));
        assertEquals(plain, withThreads);
        assertNotEquals(groups(base.epoch(0)), groups(base.epoch(1)), "a fresh order in every epoch");
        await("no stray threads", () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);

        AtomicInteger calls = new AtomicInteger();
        Dataset gen = Dataset.fromGenerator(() -> {
            calls.incrementAndGet();
            return List.of(seq(1), seq(2, 2)).iterator();
        }, new DType[] {DType.INT32}, new int[][] {{-1}}).cache();
        assertEquals(longs(1, 2, 2, 1, 2, 2, 1, 2, 2), flat(gen.repeat(3)));
        assertEquals(1, calls.get(), "the cache replays the generator's one pass");
        Dataset bounded = Dataset.range(100).repeat().takeWhile(b -> b.x().longValue() < 5);
        assertEquals(10L, bounded.reduce(0L, (acc, b) -> acc + b.x().longValue()));
        List<Long> shuffled = flat(bounded.shuffle(1));
        java.util.Collections.sort(shuffled);
        assertEquals(longs(0, 1, 2, 3, 4), shuffled);
        assertThrows(IllegalStateException.class, () -> Dataset.range(3).repeat().filter(b -> true).reduce(0, (n, b) -> n));
    }

    /**
     * Errors at their element: in a window being filled the failed element is left out (a documented difference:
     * WindowDataset keeps the failed status and fails each window holding it); in an interleave the failed inner
     * element surfaces in its slot's turn and the slot goes on; rebatch names the input elements whose rows disagree;
     * bucketBySequenceLength pads to the boundary whatever the spec (after a map, every dimension counts as free).
     */
    @Test
    void errorsArriveAtTheirElementInTheNewStages() {
        Dataset failingAt3 = Dataset.range(8).map(b -> {
            if (b.x().longValue() == 3) throw new IllegalStateException("no 3");
            return b;
        });
        Iterator<Batch> w = failingAt3.window(3).iterator();
        assertEquals(longs(0, 1, 2), values(w.next().x()));
        assertThrows(IllegalStateException.class, w::next);
        assertEquals(longs(4, 5, 6), values(w.next().x()));
        assertEquals(longs(7), values(w.next().x()));
        assertFalse(w.hasNext());

        Iterator<Batch> il = Dataset.range(2).interleave(b -> b.x().longValue() == 0 ? failingAt3.take(5)
                : Dataset.range(10, 13), 2).iterator();
        List<String> seen = new ArrayList<>();
        while (true) {
            try {
                if (!il.hasNext()) break;
                seen.add(Long.toString(il.next().x().longValue()));
            } catch (IllegalStateException e) {
                seen.add("error");
            }
        }
        // slots alternate 0, 10, 1, 11, 2, 12, then slot 0's element 3 fails (the position stays), 4
        assertEquals(List.of("0", "10", "1", "11", "2", "12", "error", "4"), seen);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flat(Dataset.fromElements(
                List.of(Batch.of(Tensors.zeros(DType.FLOAT32, 2, 3)), Batch.of(Tensors.zeros(DType.FLOAT32, 2, 4))))
                .rebatch(3)));
        assertEquals("rebatch: component 0 of input element 1 is (2, 4) float32, of input element 0 (2, 3) float32;"
                + " rows must agree in shape and dtype to be batched", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> flat(Dataset.fromElements(
                List.of(Batch.of(Tensors.zeros(DType.FLOAT32, 2), Tensors.zeros(DType.INT32, 3)))).rebatch(3)));
        assertTrue(e.getMessage().startsWith("rebatch: input element 0 is [(2,) float32, (3,) int32]: component 0 has"
                + " 2 rows, component 1 has 3"), e.getMessage());

        Dataset mapped = docElements().map(b -> b);
        assertNull(mapped.elementSpec());
        assertEquals(lists(new long[] {0, 0, 0, 5, 6, 7}, new long[] {1, 2, 3, 4, 0, 0, 7, 8, 9, 10, 11, 0},
                new long[] {21, 22, 0}, new long[] {13, 14, 15, 16, 19, 20}), groups(mapped.bucketBySequenceLength(
                b -> b.x().shape().dim(0), new int[] {4, 7}, new int[] {2, 2, 2}, null, null, true, false)));
        e = assertThrows(IllegalArgumentException.class, () -> flat(docElements().bucketBySequenceLength(
                b -> b.x().shape().dim(0), new int[] {3}, new int[] {2, 2}, new int[][] {{4}}, null, false, false)));
        assertTrue(e.getMessage().startsWith("bucketBySequenceLength: component 0 of element 0 of batch 1 has shape"
                + " (5,), larger than the padded shape (4,)"), e.getMessage());
    }
}
