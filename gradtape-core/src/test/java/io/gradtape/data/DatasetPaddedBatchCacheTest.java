package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * paddedBatch (TensorFlow's padded_batch: padded_batch_op.py and padded_batch_dataset_op.cc) with values worked
 * out by hand, and the in-memory cache (cache_dataset_ops.cc, MemoryWriterIterator / MemoryReaderIterator): which
 * passes fill it and what later passes replay.
 */
class DatasetPaddedBatchCacheTest {
    /** n rows: x[i] = i (int32). */
    private static Dataset range(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Dataset.fromTensorSlices(Tensors.constant(v, n));
    }

    /** Elements fill([len], len) (int32), one per length, as TensorFlow's padded_batch tests build them. */
    private static Dataset sequences(int... lengths) {
        return Dataset.fromTensorSlices(Tensors.constant(lengths, lengths.length)).map(b -> {
            int n = b.x().intValue();
            int[] v = new int[n];
            Arrays.fill(v, n);
            return Batch.of(Tensors.constant(v, n), b.x());
        });
    }

    private static List<Batch> all(Iterable<Batch> ds) {
        List<Batch> out = new ArrayList<>();
        ds.forEach(out::add);
        return out;
    }

    private static List<Integer> xs(Iterable<Batch> ds) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : ds) {
            for (int v : b.x().toIntArray()) out.add(v);
        }
        return out;
    }

    // ---------------------------------------------------------------- paddedBatch

    /** Each batch is padded to its own longest element with 0; the scalar label is stacked as by batch. */
    @Test
    void padsEachBatchToItsLongestElement() {
        List<Batch> batches = all(sequences(1, 3, 2, 4).paddedBatch(2));
        assertEquals(2, batches.size());
        assertEquals(List.of(2, 3), List.of(batches.get(0).x().shape().dim(0), batches.get(0).x().shape().dim(1)));
        assertArrayEquals(new int[] {1, 0, 0, 3, 3, 3}, batches.get(0).x().toIntArray());
        assertArrayEquals(new int[] {1, 3}, batches.get(0).y().toIntArray());
        assertEquals("(2, 4)", batches.get(1).x().shape().toString());
        assertArrayEquals(new int[] {2, 2, 0, 0, 4, 4, 4, 4}, batches.get(1).x().toIntArray());
        assertArrayEquals(new int[] {2, 4}, batches.get(1).y().toIntArray());
        // the remainder, kept or dropped; the cardinality is batch's
        Dataset three = sequences(1, 3, 2, 4, 5).paddedBatch(3);
        assertEquals(2, three.size());
        List<Batch> b3 = all(three);
        assertEquals("(3, 3)", b3.get(0).x().shape().toString());
        assertArrayEquals(new int[] {4, 4, 4, 4, 0, 5, 5, 5, 5, 5}, b3.get(1).x().toIntArray());
        Dataset dropped = sequences(1, 3, 2, 4, 5).paddedBatch(3, true);
        assertEquals(1, dropped.size());
        assertEquals(1, all(dropped).size());
        assertEquals(Dataset.INFINITE, sequences(1).repeat().paddedBatch(2).cardinality());
        assertEquals(Dataset.UNKNOWN, sequences(1, 2).filter(b -> true).paddedBatch(2).cardinality());
    }

    /** A fixed padded dimension and a padding value: padded_shapes=([5], []), padding_values=(-1, None). */
    @Test
    void fixedPaddedShapesAndPaddingValues() {
        List<Batch> batches = all(sequences(1, 3, 2, 4)
                .paddedBatch(3, new int[][] {{5}, {}}, new Tensor[] {Tensors.constant(-1), null}, false));
        assertEquals("(3, 5)", batches.get(0).x().shape().toString());
        assertArrayEquals(new int[] {1, -1, -1, -1, -1, 3, 3, 3, -1, -1, 2, 2, -1, -1, -1},
                batches.get(0).x().toIntArray());
        assertArrayEquals(new int[] {1, 3, 2}, batches.get(0).y().toIntArray());
        assertEquals("(1, 5)", batches.get(1).x().shape().toString());
        assertArrayEquals(new int[] {4, 4, 4, 4, -1}, batches.get(1).x().toIntArray());
        // a null padded shape for a component: the batch's longest
        List<Batch> free = all(sequences(2, 1).paddedBatch(2, new int[][] {null, null}, null, false));
        assertArrayEquals(new int[] {2, 2, 1, 0}, free.get(0).x().toIntArray());
    }

    /**
     * Rank 2 elements of shapes (1, 2), (2, 1) and (0, 3), padded to (2, 3) with 9 (the largest of each dimension),
     * or to (2, 4) with the second dimension fixed: each element fills the leading corner of its slot.
     */
    @Test
    void padsEveryDimensionOfMatrices() {
        Dataset ds = Dataset.fromTensors(Tensors.constant(new float[] {1, 2}, 1, 2))
                .concatenate(Dataset.fromTensors(Tensors.constant(new float[] {3, 4}, 2, 1)))
                .concatenate(Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 0, 3)));
        Batch b = all(ds.paddedBatch(3, null, new Tensor[] {Tensors.constant(9f)}, false)).get(0);
        assertEquals("(3, 2, 3)", b.x().shape().toString());
        assertArrayEquals(new float[] {
                1, 2, 9, 9, 9, 9,
                3, 9, 9, 4, 9, 9,
                9, 9, 9, 9, 9, 9}, b.x().toFloatArray());
        Batch fixed = all(ds.paddedBatch(3, new int[][] {{-1, 4}}, null, false)).get(0);
        assertEquals("(3, 2, 4)", fixed.x().shape().toString());
        assertArrayEquals(new float[] {
                1, 2, 0, 0, 0, 0, 0, 0,
                3, 0, 0, 0, 4, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0}, fixed.x().toFloatArray());
        // rows of a fromTensorSlices source all have one shape: padding to a fixed larger shape, and bool zeros
        Dataset rows = Dataset.fromTensorSlices(Tensors.constant(new boolean[] {true, true, false, true}, 2, 2));
        Batch bools = all(rows.paddedBatch(2, new int[][] {{3}}, null, false)).get(0);
        assertArrayEquals(new boolean[][] {{true, true, false}, {false, true, false}}, (boolean[][]) bools.x().toNestedArray());
    }

    /** padded_batch_op.py refuses these before iterating ("is not compatible with the shape", scalar values). */
    @Test
    void incompatibleArgumentsAreRefusedWhenTheSpecIsKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> range(10).paddedBatch(5, new int[][] {{1}}, null, false));
        assertEquals("paddedBatch: the padded shape (1,) is not compatible with the shape () of component 0 of the"
                + " elements [() int32] (same rank, and no fixed dimension smaller than the elements')", e.getMessage());
        Dataset rows3 = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 3));
        e = assertThrows(IllegalArgumentException.class, () -> rows3.paddedBatch(2, new int[][] {{2}}, null, false));
        assertTrue(e.getMessage().startsWith("paddedBatch: the padded shape (2,) is not compatible with the shape (3,)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rows3.paddedBatch(2, new int[][] {{5}, {}}, null, false));
        assertEquals("paddedBatch: 2 padded shapes for elements of 1 components [(3,) float32]; give one per component",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rows3.paddedBatch(2, new int[][] {{-2}}, null, false));
        assertTrue(e.getMessage().contains("has dimension -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rows3.paddedBatch(2, null, new Tensor[] {Tensors.constant(new float[] {1, 2}, 2)}, false));
        assertEquals("paddedBatch: the padding value of component 0 has shape (2,); it must be a scalar", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rows3.paddedBatch(2, null, new Tensor[] {Tensors.constant(1)}, false));
        assertEquals("paddedBatch: the padding value of component 0 is int32, the component is float32 in"
                + " [(3,) float32]; they must have the same dtype", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rows3.paddedBatch(0));
        assertEquals("paddedBatch: size 0 must be at least 1", e.getMessage());
    }

    /**
     * After a map the spec is unknown, so the kernel's checks apply while iterating: an element longer than a fixed
     * padded dimension ("Attempted to pad to a smaller size than the input element", TensorFlow's test uses lengths
     * 6, 5, 5, 5, 5 and padded shape [5]), a rank that differs, a padding value of another dtype.
     */
    @Test
    void elementsThatDoNotFitAreRefusedWhileIterating() {
        Iterator<Batch> it = sequences(6, 5, 5, 5, 5).paddedBatch(4, new int[][] {{5}, {}}, null, false).iterator();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertEquals("paddedBatch: component 0 of element 0 of batch 0 has shape (6,), larger than the padded shape (5,)"
                + " in dimension 0; cannot pad to a smaller size", e.getMessage());
        assertEquals("(1, 5)", it.next().x().shape().toString(), "the iteration goes on with the next batch");
        Dataset mixed = range(2).map(b -> b.x().intValue() == 0 ? Batch.of(Tensors.zeros(DType.INT32, 2))
                : Batch.of(Tensors.zeros(DType.INT32, 1, 2)));
        e = assertThrows(IllegalArgumentException.class, () -> all(mixed.paddedBatch(2)));
        assertEquals("paddedBatch: component 0 of element 1 of batch 0 has shape (1, 2) (rank 2), the padded shape of"
                + " element 0 has rank 1; all elements must have the padded shape's rank", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> all(sequences(1, 2).paddedBatch(2, null, new Tensor[] {Tensors.constant(0.5f), null}, false)));
        assertEquals("paddedBatch: the padding value of component 0 is float32, the component is int32; they must have"
                + " the same dtype", e.getMessage());
    }

    // ---------------------------------------------------------------- cache

    /** The first complete pass runs the map; later passes replay its elements without running it. */
    @Test
    void aCompletePassFillsTheCache() {
        AtomicInteger calls = new AtomicInteger();
        Dataset ds = range(5).map(b -> {
            calls.incrementAndGet();
            return Batch.of(b.x().mul(Tensors.constant(3)));
        }).cache();
        assertEquals(5, ds.cardinality());
        assertEquals(List.of(0, 3, 6, 9, 12), xs(ds));
        assertEquals(5, calls.get());
        assertEquals(List.of(0, 3, 6, 9, 12), xs(ds));
        assertEquals(List.of(0, 3, 6, 9, 12), xs(ds.epoch(4)));
        assertEquals(List.of(3, 6), xs(ds.skip(1).take(2)));
        assertEquals(5, calls.get(), "replayed, not recomputed");
    }

    /**
     * MemoryWriterIterator: a pass that stops early keeps nothing (its destructor resets the cache); one that has
     * drawn the input's cardinality completes it even without seeing the end.
     */
    @Test
    void onlyACompletePassFillsTheCache() {
        AtomicInteger calls = new AtomicInteger();
        Dataset ds = range(5).map(b -> {
            calls.incrementAndGet();
            return b;
        }).cache();
        assertEquals(List.of(0, 1), xs(ds.take(2)));
        Iterator<Batch> abandoned = ds.iterator();
        abandoned.next();
        abandoned.next();
        abandoned.next();
        assertEquals(5, calls.get());
        assertEquals(List.of(0, 1, 2, 3, 4), xs(ds));
        assertEquals(10, calls.get(), "the partial passes left nothing");
        xs(ds);
        assertEquals(10, calls.get());
        // take(cardinality) completes it
        AtomicInteger calls2 = new AtomicInteger();
        Dataset ds2 = range(4).map(b -> {
            calls2.incrementAndGet();
            return b;
        }).cache();
        assertEquals(List.of(0, 1, 2, 3), xs(ds2.take(4)));
        assertEquals(List.of(0, 1, 2, 3), xs(ds2));
        assertEquals(4, calls2.get());
    }

    /** A shuffle before the cache is frozen at the filling pass's order; after it, it reshuffles every epoch. */
    @Test
    void shuffleBeforeTheCacheIsFrozenAfterItReshuffles() {
        Dataset frozen = range(8).shuffle(3).cache();
        List<Integer> first = xs(frozen);
        assertEquals(xs(range(8).shuffle(3)), first, "epoch 0's order");
        assertEquals(first, xs(frozen));
        assertEquals(first, xs(frozen));
        Dataset fresh = range(8).cache().shuffle(3);
        Dataset reference = range(8).shuffle(3);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertEquals(xs(reference), xs(fresh), "epoch " + epoch);
        }
    }

    /** Of rows, the cache keeps the kept row indices: the filter runs once, and batch still gathers the rows. */
    @Test
    void aCacheOfRowsKeepsTheFilteredRows() {
        AtomicInteger tests = new AtomicInteger();
        Dataset odd = range(9).filter(b -> {
            tests.incrementAndGet();
            return b.x().intValue() % 2 == 1;
        }).cache();
        assertEquals(Dataset.UNKNOWN, odd.cardinality());
        assertEquals(List.of(1, 3, 5, 7), xs(odd.batch(3)));
        assertEquals(9, tests.get());
        List<Batch> batches = all(odd.batch(3));
        assertEquals("(3,)", batches.get(0).x().shape().toString());
        assertArrayEquals(new int[] {7}, batches.get(1).x().toIntArray());
        assertEquals(List.of(1, 3, 5, 7), xs(odd.map(b -> b)));
        assertEquals(9, tests.get());
        // toBatch drains epoch 0: a complete pass too
        AtomicInteger t2 = new AtomicInteger();
        Dataset c2 = range(4).filter(b -> t2.incrementAndGet() > 0).cache();
        assertArrayEquals(new int[] {0, 1, 2, 3}, c2.toBatch().x().toIntArray());
        assertEquals(List.of(0, 1, 2, 3), xs(c2));
        assertEquals(4, t2.get());
    }

    /** One whole pass that goes on after errors: each element's x, or -1 for an IllegalArgumentException. */
    private static List<Integer> throughErrors(Dataset ds) {
        Iterator<Batch> it = ds.iterator();
        List<Integer> out = new ArrayList<>();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next().x().intValue());
            } catch (IllegalArgumentException e) {
                out.add(-1);
            }
        }
    }

    /**
     * A pass in which an element failed fills nothing, and the next pass reads the input again. TensorFlow's
     * MemoryWriterIterator (cache_dataset_ops.cc, GetNextInternal) returns the error without caching the element and
     * completes the cache at the end, so every later epoch would replay 3 elements while the cardinality says 4; this
     * is a documented difference (Dataset.cache). Here element 2 fails on its first computation only (a transient
     * read error): pass 1 gives 0, 1, error, 3 (4 calls); pass 2 recomputes all 4 and fills the cache (8 calls);
     * pass 3 replays 0, 1, 2, 3 (still 8 calls).
     */
    @Test
    void aPassWithAFailedElementDoesNotFillTheCache() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Dataset ds = range(4).map(b -> {
            calls.incrementAndGet();
            if (b.x().intValue() == 2 && failures.getAndIncrement() == 0) {
                throw new IllegalArgumentException("two");
            }
            return b;
        }).cache();
        assertEquals(List.of(0, 1, -1, 3), throughErrors(ds));
        assertEquals(4, calls.get());
        assertEquals(List.of(0, 1, 2, 3), xs(ds));
        assertEquals(8, calls.get(), "the failed pass kept nothing");
        assertEquals(List.of(0, 1, 2, 3), xs(ds));
        assertEquals(8, calls.get(), "the second pass filled it");
        assertEquals(4, ds.cardinality());
        // the same for a cache of rows: a filter that throws once on row 2
        AtomicInteger tests = new AtomicInteger();
        AtomicInteger rowFailures = new AtomicInteger();
        Dataset rows = range(4).filter(b -> {
            tests.incrementAndGet();
            if (b.x().intValue() == 2 && rowFailures.getAndIncrement() == 0) {
                throw new IllegalArgumentException("row two");
            }
            return true;
        }).cache();
        assertEquals(List.of(0, 1, -1, 3), throughErrors(rows));
        assertEquals(List.of(0, 1, 2, 3), xs(rows));
        int after = tests.get();
        assertEquals(List.of(0, 1, 2, 3), xs(rows));
        assertEquals(after, tests.get(), "the complete pass filled it");
    }

    @Test
    void anInfiniteDatasetIsNotCached() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> range(3).repeat().cache());
        assertEquals("cache: cannot cache an infinite dataset (cardinality infinite): no pass would end; call cache"
                + " before repeat()", e.getMessage());
        assertEquals(30, range(10).cache().repeat(3).size());
        assertEquals(List.of(0, 1, 0, 1), xs(range(2).cache().repeat().take(4)));
    }
}
