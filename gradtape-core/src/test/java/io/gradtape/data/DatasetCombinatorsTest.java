package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * filter, zip, concatenate, enumerate and unbatch, and what the stages before and after them do with an unknown
 * cardinality. Expected values are worked out by hand from the TensorFlow kernels named in each test
 * (tensorflow/core/kernels/data/*.cc) and dataset_ops.py.
 */
class DatasetCombinatorsTest {
    /** 10 rows: x[i] = (i, 100 + i) float32, y[i] = i int32. */
    private static Dataset ten() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i;
        }
        return Dataset.fromTensorSlices(Tensors.constant(x, 10, 2), Tensors.constant(y, 10));
    }

    /** Component c of every element, flattened, as ints. */
    private static List<Integer> ints(Iterable<Batch> ds, int c) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : ds) {
            Tensor t = b.get(c);
            if (t.dtype() == DType.INT64) {
                for (long v : t.toLongArray()) out.add((int) v);
            } else if (t.dtype() == DType.FLOAT32) {
                for (float v : t.toFloatArray()) out.add((int) v);
            } else {
                for (int v : t.toIntArray()) out.add(v);
            }
        }
        return out;
    }

    private static List<Integer> labels(Iterable<Batch> ds) {
        return ints(ds, 1);
    }

    private static boolean even(Batch b) {
        return b.y().intValue() % 2 == 0;
    }

    // ---------------------------------------------------------------- filter

    /** filter_dataset_op.cc has no CardinalityInternal: DatasetBase's default, kUnknownCardinality (-2). */
    @Test
    void filterKeepsMatchingElementsAndMakesTheCardinalityUnknown() {
        Dataset evens = ten().filter(DatasetCombinatorsTest::even);
        assertEquals(List.of(0, 2, 4, 6, 8), labels(evens));
        assertEquals(Dataset.UNKNOWN, evens.cardinality());
        assertEquals(-2, Dataset.UNKNOWN);
        assertEquals("Dataset(cardinality=unknown)", evens.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, evens::size);
        assertTrue(e.getMessage().startsWith("size: the number of elements is unknown"), e.getMessage());
        // the rows move together, on the row path and on the element path (after map)
        for (Batch b : evens) assertEquals(100 + b.y().intValue(), (int) b.x().toFloatArray()[1]);
        assertEquals(List.of(0, 2, 4, 6, 8), labels(ten().map(b -> b).filter(DatasetCombinatorsTest::even)));
        assertEquals(List.of(), labels(ten().filter(b -> false)));
        assertEquals(Dataset.UNKNOWN, ten().take(0).filter(b -> true).cardinality(), "TensorFlow too: no count");
    }

    /** A kept row is the very copy the predicate saw: one copy per row, not two. */
    @Test
    void filterOfRowsCopiesEachRowOnce() {
        Set<Batch> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Dataset evens = ten().shuffle(2).filter(b -> {
            seen.add(b);
            return b.y().intValue() % 2 == 0;
        });
        List<Integer> kept = new ArrayList<>();
        for (Batch b : evens) {
            assertTrue(seen.contains(b), "the element is the predicate's copy");
            kept.add(b.y().intValue());
        }
        assertEquals(10, seen.size());
        Collections.sort(kept);
        assertEquals(List.of(0, 2, 4, 6, 8), kept);
        // the error semantics of the row path: a predicate that throws consumes its row, and the next call goes on
        Iterator<Batch> it = ten().take(4).filter(b -> {
            if (b.y().intValue() == 1) {
                throw new IllegalArgumentException("no 1");
            }
            return true;
        }).iterator();
        assertEquals(0, it.next().y().intValue());
        assertThrows(IllegalArgumentException.class, it::next);
        assertEquals(2, it.next().y().intValue());
    }

    /**
     * take_dataset_op.cc: unknown stays unknown; skip_dataset_op.cc and batch_dataset_op.cc: infinite and unknown
     * stay; repeat_dataset_op.cc: repeat(k) keeps unknown, repeat() of a non-empty-cardinality input is infinite
     * (unknown included); take(n) of infinite is n.
     */
    @Test
    void stagesAfterAFilterFollowTensorFlowsCardinalityRules() {
        Dataset f = ten().filter(DatasetCombinatorsTest::even);
        assertEquals(Dataset.UNKNOWN, f.take(3).cardinality());
        assertEquals(Dataset.UNKNOWN, f.skip(3).cardinality());
        assertEquals(Dataset.UNKNOWN, f.batch(2).cardinality());
        assertEquals(Dataset.UNKNOWN, f.batch(2, true).cardinality());
        assertEquals(Dataset.UNKNOWN, f.repeat(3).cardinality());
        assertEquals(Dataset.UNKNOWN, f.map(b -> b).cardinality());
        assertEquals(Dataset.UNKNOWN, f.shuffle(1).cardinality());
        assertEquals(0, f.repeat(0).cardinality());
        assertEquals(Dataset.INFINITE, f.repeat().cardinality());
        assertEquals(4, f.repeat().take(4).cardinality());
        // and the values: evens 0 2 4 6 8, in batches of 2: [0 2] [4 6] [8]
        List<Batch> bs = new ArrayList<>();
        f.batch(2).forEach(bs::add);
        assertEquals(3, bs.size());
        assertArrayEquals(new int[] {8}, bs.get(2).y().toIntArray());
        assertArrayEquals(new float[] {4, 104, 6, 106}, bs.get(1).x().toFloatArray());
        assertEquals(2, ints(f.batch(2, true), 1).size() / 2);
        assertEquals(List.of(6, 8), labels(f.skip(3)));
        assertEquals(List.of(0, 2, 4), labels(f.take(3)));
        assertEquals(List.of(0, 2, 4, 6, 8, 0, 2, 4, 6, 8), labels(f.repeat(2)));
        assertEquals(List.of(0, 2, 4, 6, 8, 0, 2), labels(f.repeat().take(7)));
        // batch(Integer.MAX_VALUE) of an unknown number of rows: one batch of the 5, no 2^31-int buffer
        assertEquals(Shape.of(5, 2), f.batch(Integer.MAX_VALUE).iterator().next().x().shape());
    }

    /**
     * repeat() of a filter that keeps nothing ends instead of spinning: repeat_dataset_op.cc, ForeverIterator,
     * returns end of sequence when the first GetNext of a repetition is already the end.
     */
    @Test
    void repeatForeverOfAnEmptyFilterEnds() {
        Dataset none = ten().filter(b -> false).repeat();
        assertEquals(Dataset.INFINITE, none.cardinality(), "TensorFlow's cardinality says infinite all the same");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertFalse(none.iterator().hasNext()));
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertEquals(List.of(), labels(ten().map(b -> b).filter(b -> false).repeat().batch(3))));
    }

    /** The order a shuffle of n elements gives in epoch e (Dataset.shuffle's Javadoc). */
    private static int[] order(long seed, int e, int n) {
        return Generator.fromSeed(seed).split(e + 1).get(e).permutation(n);
    }

    @Test
    void filteredDatasetsShuffleSplitAndStack() {
        Dataset f = ten().filter(DatasetCombinatorsTest::even).shuffle(11);
        for (int e = 0; e < 3; e++) {
            int[] p = order(11, e, 5);
            List<Integer> expected = new ArrayList<>();
            for (int i : p) expected.add(2 * i);
            assertEquals(expected, labels(f.epoch(e)), "epoch " + e);
        }
        // filter after a shuffle: the shuffled order, thinned
        List<Integer> shuffled = labels(ten().shuffle(4).epoch(1));
        List<Integer> thinned = new ArrayList<>();
        for (int v : shuffled) if (v % 2 == 0) thinned.add(v);
        assertEquals(thinned, labels(ten().shuffle(4).filter(DatasetCombinatorsTest::even).epoch(1)));
        // a filter of an infinite dataset is unknown in TensorFlow, but its epoch never ends: refused
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ten().repeat().filter(DatasetCombinatorsTest::even).shuffle(1));
        assertEquals("shuffle: cannot shuffle an infinite dataset (cardinality unknown) whole; call shuffle before"
                + " repeat(), or shuffle through a buffer with shuffle(bufferSize, seed)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ten().repeat().filter(b -> true).toBatch());
        assertThrows(IllegalStateException.class, () -> ten().repeat().filter(b -> true).trainTestSplit(0.5, 1));
        // toBatch stacks the kept rows; of a filter that keeps nothing it is an empty dataset
        Batch all = ten().filter(DatasetCombinatorsTest::even).toBatch();
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, all.y().toIntArray());
        assertEquals("toBatch: the dataset is empty; there is nothing to stack",
                assertThrows(IllegalStateException.class, () -> ten().filter(b -> false).toBatch()).getMessage());
        // trainTestSplit of the 5 kept rows: ceil(0.4 * 5) = 2 held out, p[0], p[1] of the permutation of 5
        Dataset.Split s = ten().filter(DatasetCombinatorsTest::even).trainTestSplit(0.4, 3);
        int[] p = Generator.fromSeed(3).permutation(5);
        assertEquals(List.of(2 * p[0], 2 * p[1]), labels(s.test()));
        assertEquals(3, s.train().size());
        assertEquals(List.of(2 * p[0], 2 * p[1]), labels(ten().map(b -> b).filter(DatasetCombinatorsTest::even)
                .trainTestSplit(0.4, 3).test()));
    }

    @Test
    void aFailingPredicateSurfacesOnItsElementAndTheIteratorGoesOn() {
        for (boolean rows : new boolean[] {true, false}) {
            Dataset src = rows ? ten() : ten().map(b -> b);
            Iterator<Batch> it = src.filter(b -> {
                if (b.y().intValue() == 3) {
                    throw new IllegalStateException("bad 3");
                }
                return b.y().intValue() % 3 == 0;
            }).iterator();
            assertEquals(0, it.next().y().intValue());
            assertEquals("bad 3", assertThrows(IllegalStateException.class, it::next).getMessage());
            assertEquals(6, it.next().y().intValue());
            assertEquals(9, it.next().y().intValue());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
        assertThrows(NullPointerException.class, () -> ten().filter(null));
    }

    // ---------------------------------------------------------------- zip

    /** zip_dataset_op.cc, Cardinality: the smallest finite; infinite if all are; unknown if any is. */
    @Test
    void zipPairsElementsUntilTheShortestEnds() {
        Dataset three = Dataset.fromTensorSlices(Tensors.constant(new long[] {70, 71, 72}, 3));
        Dataset z = Dataset.zip(ten(), three);
        assertEquals(3, z.cardinality());
        List<Batch> all = new ArrayList<>();
        z.forEach(all::add);
        assertEquals(3, all.size());
        for (int i = 0; i < 3; i++) {
            Batch b = all.get(i);
            assertEquals(3, b.size());
            assertArrayEquals(new float[] {i, 100 + i}, b.x().toFloatArray());
            assertEquals(i, b.y().intValue());
            assertEquals(70 + i, b.get(2).longValue());
        }
        assertEquals("Batch[(3, 2) float32, (3,) int32, (3,) int64]", z.batch(3).iterator().next().toString());
        assertEquals(10, Dataset.zip(ten(), ten().repeat()).cardinality());
        assertEquals(3, Dataset.zip(ten().repeat(), three).cardinality());
        assertEquals(Dataset.INFINITE, Dataset.zip(ten().repeat(), ten().repeat()).cardinality());
        assertEquals(Dataset.UNKNOWN, Dataset.zip(ten(), ten().filter(b -> true)).cardinality());
        assertEquals(Dataset.UNKNOWN, Dataset.zip(ten().repeat(), ten().filter(b -> true)).cardinality());
        assertEquals(List.of(0, 1, 2, 3), ints(Dataset.zip(ten().repeat(), ten().take(4)), 3));
        assertEquals(10, Dataset.zip(ten()).size());
        // x and y from separate datasets
        Dataset xs = Dataset.fromTensorSlices(Tensors.constant(new float[] {1, 2, 3}, 3));
        Dataset ys = Dataset.fromTensorSlices(Tensors.constant(new int[] {0, 1}, 2));
        Batch b = Dataset.zip(xs, ys).batch(2).iterator().next();
        assertArrayEquals(new float[] {1, 2}, b.x().toFloatArray());
        assertArrayEquals(new int[] {0, 1}, b.y().toIntArray());
        assertEquals("zip: needs at least one dataset",
                assertThrows(IllegalArgumentException.class, Dataset::zip).getMessage());
        assertEquals("zip: dataset 1 is null",
                assertThrows(NullPointerException.class, () -> Dataset.zip(ten(), null)).getMessage());
    }

    @Test
    void zipRunsTheSameEpochOfEveryInput() {
        Dataset s = ten().shuffle(8);
        Dataset pairs = Dataset.zip(s, s);
        for (int e = 0; e < 3; e++) {
            List<Batch> all = new ArrayList<>();
            pairs.iterator().forEachRemaining(all::add);
            List<Integer> expected = new ArrayList<>();
            for (int i : order(8, e, 10)) expected.add(i);
            List<Integer> left = new ArrayList<>();
            for (Batch b : all) {
                assertEquals(b.get(1).intValue(), b.get(3).intValue(), "epoch " + e);
                left.add(b.get(1).intValue());
            }
            assertEquals(expected, left, "epoch " + e);
        }
        assertEquals(labels(s.epoch(0)), labels(s), "zip did not move the input's own epoch counter");
    }

    /**
     * zip_dataset_op.cc, GetNextInternal: an error from one input still advances the others ("to keep them in
     * sync"), so after a failure on element 1 the next element pairs element 2 with element 2.
     */
    @Test
    void anErrorInOneZippedInputKeepsTheOthersInStep() {
        Dataset failing = ten().map(b -> {
            if (b.y().intValue() == 1) {
                throw new IllegalStateException("bad 1");
            }
            return b;
        });
        Dataset labelsOnly = Dataset.fromTensorSlices(Tensors.constant(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10));
        Iterator<Batch> it = Dataset.zip(failing, labelsOnly).iterator();
        Batch first = it.next();
        assertEquals(0, first.y().intValue());
        assertEquals(0, first.get(2).intValue());
        assertEquals("bad 1", assertThrows(IllegalStateException.class, it::next).getMessage());
        Batch third = it.next();
        assertEquals(2, third.y().intValue());
        assertEquals(2, third.get(2).intValue(), "the second input skipped its element 1 too");
    }

    // ---------------------------------------------------------------- concatenate

    /** concatenate_dataset_op.cc: CardinalityInternal and the output_types check; shapes relaxed, not compared. */
    @Test
    void concatenateChainsElementsAndAddsCardinalities() {
        Dataset c = ten().take(3).concatenate(ten().skip(8));
        assertEquals(5, c.cardinality());
        assertEquals(List.of(0, 1, 2, 8, 9), labels(c));
        assertEquals(List.of(0, 1, 2, 8, 9), labels(c), "every epoch");
        assertEquals(Dataset.INFINITE, ten().concatenate(ten().repeat()).cardinality());
        assertEquals(Dataset.INFINITE, ten().repeat().concatenate(ten().filter(b -> true)).cardinality());
        assertEquals(Dataset.UNKNOWN, ten().concatenate(ten().filter(b -> true)).cardinality());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 2, 4, 6, 8),
                labels(ten().concatenate(ten().filter(DatasetCombinatorsTest::even))));
        // epoch e of each: the shuffle's epoch 1 twice in the concatenation's epoch 1
        Dataset s = ten().shuffle(2);
        Dataset twice = s.concatenate(s);
        labels(twice);
        List<Integer> expected = new ArrayList<>(labels(s.epoch(1)));
        expected.addAll(labels(s.epoch(1)));
        assertEquals(expected, labels(twice));
        // different shapes, same dtypes: allowed, as TensorFlow (MostSpecificCompatibleShape gives (None,))
        Dataset a = Dataset.fromTensors(Tensors.constant(new float[] {1, 2}, 2));
        Dataset b = Dataset.fromTensors(Tensors.constant(new float[] {3, 4, 5}, 3));
        assertEquals(List.of(1, 2, 3, 4, 5), ints(a.concatenate(b), 0));
        // an empty first dataset
        assertEquals(List.of(0, 1), labels(ten().take(0).concatenate(ten().take(2))));
    }

    @Test
    void concatenateRefusesDifferentComponentsNamingBothSpecs() {
        Dataset other = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT64, 4, 2), Tensors.zeros(DType.INT32, 4));
        assertEquals("concatenate: this dataset's elements are [(2,) float32, () int32], the other's are"
                        + " [(2,) float64, () int32]; the number of components and their dtypes must match",
                assertThrows(IllegalArgumentException.class, () -> ten().concatenate(other)).getMessage());
        assertEquals("concatenate: this dataset's elements are [(None, 2) float32, (None,) int32], the other's are"
                        + " [(2,) float32]; the number of components and their dtypes must match",
                assertThrows(IllegalArgumentException.class, () -> ten().batch(3)
                        .concatenate(Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2)))).getMessage());
        assertEquals("concatenate: this dataset's elements are [(4, 2) float32, (4,) int32], the other's are"
                        + " [(2,) float32]; the number of components and their dtypes must match",
                assertThrows(IllegalArgumentException.class, () -> ten().batch(4, true)
                        .concatenate(Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2)))).getMessage());
        // after a map the spec is known only by running it: each element of the second is checked as it comes
        Dataset mismatched = ten().take(2).concatenate(ten().map(e -> Batch.of(e.x())));
        Iterator<Batch> it = mismatched.iterator();
        it.next();
        it.next();
        assertEquals("concatenate: element 0 of the second dataset is [(2,) float32], the first dataset's elements"
                + " are [(2,) float32, () int32]; the number of components and their dtypes must match",
                assertThrows(IllegalArgumentException.class, it::next).getMessage());
        assertEquals(List.of(0, 1, 0, 1), labels(ten().take(2).concatenate(ten().map(e -> e).take(2))));
        assertThrows(NullPointerException.class, () -> ten().concatenate(null));
    }

    // ---------------------------------------------------------------- enumerate

    /** dataset_ops.py, enumerate: zip((range(start, int64 max), self)); the count is an int64 scalar. */
    @Test
    void enumerateCountsEachEpochFromStart() {
        Dataset e = ten().take(3).enumerate();
        assertEquals(3, e.size());
        List<Batch> all = new ArrayList<>();
        e.forEach(all::add);
        for (int i = 0; i < 3; i++) {
            Batch b = all.get(i);
            assertEquals(DType.INT64, b.get(0).dtype());
            assertEquals(Shape.of(), b.get(0).shape());
            assertEquals(i, b.get(0).longValue());
            assertArrayEquals(new float[] {i, 100 + i}, b.get(1).toFloatArray());
            assertEquals(i, b.get(2).intValue());
        }
        assertEquals(List.of(0, 1, 2), ints(e, 0), "the count restarts in every epoch");
        assertEquals(List.of(5, 6, 7), ints(ten().take(3).enumerate(5), 0));
        assertEquals(List.of(-1, 0), ints(ten().take(2).enumerate(-1), 0));
        // after a shuffle: positions, not source rows
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ints(ten().shuffle(3).enumerate(), 0));
        assertEquals(labels(ten().shuffle(3).epoch(0)), ints(ten().shuffle(3).enumerate().epoch(0), 2));
        assertEquals("Batch[(4,) int64, (4, 2) float32, (4,) int32]",
                ten().enumerate().batch(4).iterator().next().toString());
        assertEquals(Dataset.UNKNOWN, ten().filter(b -> true).enumerate().cardinality());
        assertEquals(List.of(0, 1, 2, 3, 4), ints(ten().filter(DatasetCombinatorsTest::even).enumerate(), 0));
    }

    // ---------------------------------------------------------------- unbatch

    /** unbatch_dataset_op.cc: CardinalityInternal (n * batch_size when the shape fixes it) and GetNextInternal. */
    @Test
    void unbatchUndoesBatch() {
        Dataset back = ten().batch(4).unbatch();
        assertEquals(Dataset.UNKNOWN, back.cardinality(), "batch(4) leaves the first dimension None");
        List<Batch> rows = new ArrayList<>();
        back.forEach(rows::add);
        assertEquals(10, rows.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(Shape.of(2), rows.get(i).x().shape());
            assertArrayEquals(new float[] {i, 100 + i}, rows.get(i).x().toFloatArray());
            assertEquals(Shape.of(), rows.get(i).y().shape());
            assertEquals(i, rows.get(i).y().intValue());
        }
        assertEquals(8, ten().batch(4, true).unbatch().cardinality(), "2 batches of a fixed 4");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), labels(ten().batch(4, true).unbatch()));
        Dataset whole = Dataset.fromTensors(Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        assertEquals(3, whole.unbatch().size());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), ints(whole.unbatch(), 0));
        assertEquals(Dataset.INFINITE, ten().batch(3).repeat().unbatch().cardinality());
        assertEquals(Dataset.UNKNOWN, ten().batch(2).map(b -> b).unbatch().cardinality());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), labels(ten().batch(3).map(b -> b).unbatch()));
        // an element of 0 rows gives nothing; rows of a shuffled batch keep its order
        // TensorFlow counts n * batch_size only for batch_size_ > 0: a fixed 0 rows is still unknown
        assertEquals(Dataset.UNKNOWN, Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 0, 2)).unbatch().cardinality());
        assertFalse(Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 0, 2)).unbatch().iterator().hasNext());
        assertEquals(labels(ten().shuffle(6).epoch(0)), labels(ten().shuffle(6).batch(3).unbatch().epoch(0)));
    }

    @Test
    void unbatchRefusesScalarsAndRaggedComponents() {
        assertEquals("unbatch: component 1 of the elements [(2,) float32, () int32] is a scalar; every component"
                + " needs a first dimension to split",
                assertThrows(IllegalArgumentException.class, () -> ten().unbatch()).getMessage());
        Dataset scalars = ten().map(b -> Batch.of(b.y()));
        Iterator<Batch> it = scalars.unbatch().iterator();
        assertEquals("unbatch: component 0 of element 0 is a scalar (shape ()); every component needs a first"
                + " dimension to split", assertThrows(IllegalArgumentException.class, it::hasNext).getMessage());
        Dataset ragged = Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 2, 3), Tensors.zeros(DType.INT32, 3));
        assertEquals("unbatch: element 0 is [(2, 3) float32, (3,) int32]: component 0 has 2 rows, component 1 has 3;"
                + " every component must have the same first dimension",
                assertThrows(IllegalArgumentException.class, () -> ragged.unbatch().iterator().next()).getMessage());
    }
}
