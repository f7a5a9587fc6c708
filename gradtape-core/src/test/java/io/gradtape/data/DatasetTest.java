package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.*;

/** Dataset: slicing, shuffling, batching, map, repeat, take, epochs and the train/test split. */
class DatasetTest {
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

    private static List<Integer> labels(Iterable<Batch> ds) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : ds) {
            for (int v : b.y().toIntArray()) out.add(v);
        }
        return out;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(i);
        return out;
    }

    @Test
    void slicesAreRowsOfEveryComponent() {
        Dataset ds = ten();
        assertEquals(10, ds.size());
        assertEquals(10, ds.cardinality());
        int i = 0;
        for (Batch b : ds) {
            assertEquals(2, b.size());
            assertEquals(Shape.of(2), b.x().shape());
            assertEquals(Shape.of(), b.y().shape());
            assertArrayEquals(new float[] {i, 100 + i}, b.x().toFloatArray());
            assertEquals(i, b.y().intValue());
            assertSame(b.get(1), b.y());
            i++;
        }
        assertEquals(10, i);
    }

    @Test
    void batchesGatherRowsAndKeepTheRemainderUnlessDropped() {
        List<Batch> bs = new ArrayList<>();
        ten().batch(4).forEach(bs::add);
        assertEquals(3, bs.size());
        assertEquals(Shape.of(4, 2), bs.get(0).x().shape());
        assertEquals(Shape.of(2, 2), bs.get(2).x().shape());
        assertArrayEquals(new int[] {8, 9}, bs.get(2).y().toIntArray());
        assertArrayEquals(new float[] {4, 104, 5, 105, 6, 106, 7, 107}, bs.get(1).x().toFloatArray());
        assertEquals(3, ten().batch(4).size());
        assertEquals(2, ten().batch(4, true).size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), labels(ten().batch(4, true)));
        assertEquals(1, ten().batch(100).size());
        assertEquals(Shape.of(10, 2), ten().batch(100).iterator().next().x().shape());
    }

    @Test
    void shuffleIsReproducibleAndFreshEachEpoch() {
        Dataset a = ten().shuffle(42);
        Dataset b = ten().shuffle(42);
        List<Integer> a0 = labels(a), a1 = labels(a), a2 = labels(a);
        assertEquals(a0, labels(b), "same seed, same first epoch");
        assertEquals(a1, labels(b));
        assertNotEquals(a0, a1, "a fresh order each epoch");
        assertNotEquals(a1, a2);
        assertNotEquals(a0, labels(ten().shuffle(43)));
        for (List<Integer> e : List.of(a0, a1, a2)) {
            List<Integer> sorted = new ArrayList<>(e);
            sorted.sort(null);
            assertEquals(range(10), sorted);
        }
        // epoch e is the permutation of stream e of the seed
        for (int e = 0; e < 3; e++) {
            int[] p = Generator.fromSeed(42).split(e + 1).get(e).permutation(10);
            List<Integer> expected = new ArrayList<>();
            for (int v : p) expected.add(v);
            assertEquals(expected, List.of(a0, a1, a2).get(e));
            assertEquals(expected, labels(a.epoch(e)), "epoch(e) names the epoch");
        }
        assertEquals(a0, labels(a.epoch(0)), "epoch() does not move the counter or depend on it");
    }

    /**
     * shuffle(seed, false): one order in every epoch, TensorFlow's reshuffle_each_iteration=False (dataset_ops.py,
     * Dataset.shuffle: it controls whether the order differs per epoch; range(3).shuffle(3, False).repeat(2) gives
     * [1, 0, 2, 1, 0, 2], the same order twice); the order is epoch 0's,
     * Generator.fromSeed(seed).split(1).get(0).permutation(n), and a stage before it keeps its own epochs.
     */
    @Test
    void shuffleWithoutReshufflingKeepsOneOrder() {
        List<Integer> p0 = new ArrayList<>();
        for (int i : Generator.fromSeed(5).split(1).get(0).permutation(10)) p0.add(i);
        assertNotEquals(range(10), p0);
        Dataset fixed = ten().shuffle(5, false);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertEquals(p0, labels(fixed), "epoch " + epoch);
        }
        assertEquals(p0, labels(fixed.epoch(7)));
        assertEquals(p0, labels(ten().map(e -> e).shuffle(5, false).epoch(4)), "element path");
        List<Integer> twice = new ArrayList<>(p0);
        twice.addAll(p0);
        assertEquals(twice, labels(ten().shuffle(5, false).repeat(2)));
        // a reshuffling stage before it: epoch 1 is that stage's epoch 1 reordered by p0
        List<Integer> inner = labels(ten().shuffle(3).epoch(1));
        List<Integer> expected = new ArrayList<>();
        for (int i : p0) expected.add(inner.get(i));
        assertEquals(expected, labels(ten().shuffle(3).shuffle(5, false).epoch(1)));
        // shuffle(seed) is shuffle(seed, true)
        assertEquals(labels(ten().shuffle(5).epoch(2)), labels(ten().shuffle(5, true).epoch(2)));
        assertNotEquals(labels(ten().shuffle(5).epoch(0)), labels(ten().shuffle(5).epoch(1)));
    }

    @Test
    void shuffledBatchesHoldMatchingRows() {
        for (Batch b : ten().shuffle(3).batch(3)) {
            float[] x = b.x().toFloatArray();
            int[] y = b.y().toIntArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], x[2 * i]);
                assertEquals(100 + y[i], x[2 * i + 1]);
            }
        }
    }

    @Test
    void mapBeforeAndAfterBatch() {
        Dataset ds = ten().map(e -> Batch.of(e.x().mul(2.0), e.y())).batch(5);
        Batch first = ds.iterator().next();
        assertArrayEquals(new float[] {0, 200, 2, 202, 4, 204, 6, 206, 8, 208}, first.x().toFloatArray());
        Dataset after = ten().batch(5).map(b -> Batch.of(Tensors.oneHot(b.y(), 10)));
        Batch oh = after.iterator().next();
        assertEquals(1, oh.size());
        assertEquals(Shape.of(5, 10), oh.x().shape());
        assertThrows(IndexOutOfBoundsException.class, oh::y);
        // element-based shuffle (after map) is reproducible too and uses the same orders as row shuffles
        assertEquals(labels(ten().shuffle(9)), labels(ten().map(e -> e).shuffle(9)));
        Dataset nulls = ten().map(e -> null);
        NullPointerException npe = assertThrows(NullPointerException.class, () -> nulls.iterator().next());
        assertTrue(npe.getMessage().startsWith("map: "), npe.getMessage());
    }

    @Test
    void repeatAndTake() {
        assertEquals(30, ten().repeat(3).size());
        List<Integer> three = labels(ten().repeat(3));
        List<Integer> expected = new ArrayList<>();
        for (int r = 0; r < 3; r++) expected.addAll(range(10));
        assertEquals(expected, three);
        assertEquals(0, ten().repeat(0).size());
        assertFalse(ten().repeat(0).iterator().hasNext());
        assertEquals(Dataset.INFINITE, ten().repeat().cardinality());
        assertEquals(25, labels(ten().repeat().take(25)).size());
        assertEquals(7, ten().repeat().take(25).batch(4).size());
        assertEquals(List.of(0, 1, 2), labels(ten().take(3)));
        assertEquals(10, ten().take(30).size());
        // shuffle then repeat: repetition r of epoch e is the shuffle's epoch e*k + r
        Dataset s = ten().shuffle(5);
        List<Integer> rep = labels(ten().shuffle(5).repeat(2));
        List<Integer> two = new ArrayList<>(labels(s.epoch(0)));
        two.addAll(labels(s.epoch(1)));
        assertEquals(two, rep);
        Dataset r2 = ten().shuffle(5).repeat(2);
        labels(r2);
        List<Integer> second = labels(r2);
        List<Integer> e23 = new ArrayList<>(labels(s.epoch(2)));
        e23.addAll(labels(s.epoch(3)));
        assertEquals(e23, second);
        // batches run across repetitions, as in tf.data
        List<Batch> bs = new ArrayList<>();
        ten().repeat(2).batch(4).forEach(bs::add);
        assertEquals(5, bs.size());
        assertArrayEquals(new int[] {8, 9, 0, 1}, bs.get(2).y().toIntArray());
        Dataset empty = ten().take(0).repeat();
        assertEquals(0, empty.cardinality());
        assertFalse(empty.iterator().hasNext());
    }

    @Test
    void skipDropsTheFirstElements() {
        assertEquals(List.of(7, 8, 9), labels(ten().skip(7)));
        assertEquals(0, ten().skip(20).size());
        assertFalse(ten().skip(20).iterator().hasNext());
        assertEquals(Dataset.INFINITE, ten().repeat().skip(5).cardinality());
        Dataset train = ten().shuffle(4).batch(3);
        List<Integer> whole = labels(train.epoch(2));
        assertEquals(whole.subList(6, 10), labels(train.skip(2).epoch(2)), "the rest of an interrupted epoch");
        List<Integer> shuffled = labels(ten().shuffle(4).epoch(0));
        assertEquals(shuffled.subList(4, 10), labels(ten().shuffle(4).skip(4)));
        assertEquals(labels(ten().map(e -> e).skip(4)), range(10).subList(4, 10));
        assertEquals("skip: count -1 is negative (TensorFlow's skip(-1) drops every element: use take(0))",
                assertThrows(IllegalArgumentException.class, () -> ten().skip(-1)).getMessage());
    }

    /**
     * A map function that throws on element 5 under batch(4): tf.data's batch iterator (batch_dataset_op.cc,
     * GetNextInternal) returns the input's error for the batch being filled and drops its partial elements, and the
     * next call reads on, so the batches are [0..3], the error, [6..9], end. gradtape built each batch one call
     * ahead: the first next() threw batch 1's error and [0..3] came after it.
     */
    @Test
    void aMapErrorSurfacesOnTheBatchItBelongsTo() {
        List<Integer> mapped = new ArrayList<>();
        Dataset ds = ten().map(e -> {
            int y = e.y().toIntArray()[0];
            if (y == 5) {
                throw new IllegalStateException("bad element 5");
            }
            mapped.add(y);
            return e;
        }).batch(4);
        Iterator<Batch> it = ds.iterator();
        assertEquals(List.of(), mapped, "creating the iterator maps nothing");
        assertArrayEquals(new int[] {0, 1, 2, 3}, it.next().y().toIntArray());
        assertEquals(List.of(0, 1, 2, 3), mapped, "nothing is mapped ahead of the batch asked for");
        assertEquals("bad element 5", assertThrows(IllegalStateException.class, it::hasNext).getMessage());
        assertTrue(it.hasNext());
        assertArrayEquals(new int[] {6, 7, 8, 9}, it.next().y().toIntArray());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        // take(1) never asks for the failing batch, so it never fails (it did when the batch after was built ahead)
        mapped.clear();
        assertEquals(List.of(0, 1, 2, 3), labels(ds.take(1)));
        assertEquals(List.of(0, 1, 2, 3), mapped);
        // the same with the map after batch: the failing batch is the second, the first comes before the error
        Iterator<Batch> after = ten().batch(4).map(b -> {
            if (b.y().toIntArray()[0] == 4) {
                throw new IllegalStateException("bad batch 1");
            }
            return b;
        }).iterator();
        assertArrayEquals(new int[] {0, 1, 2, 3}, after.next().y().toIntArray());
        assertEquals("bad batch 1", assertThrows(IllegalStateException.class, after::next).getMessage());
        assertArrayEquals(new int[] {8, 9}, after.next().y().toIntArray());
        assertFalse(after.hasNext());
    }

    /**
     * batch(Integer.MAX_VALUE) of 10 rows is one batch of 10, as tf.data (batch_dataset_op.cc reserves at most
     * min(batch_size, 2^16) elements); the row path allocated an index buffer of batch_size ints, an
     * OutOfMemoryError ("Requested array size exceeds VM limit").
     */
    @Test
    void aBatchSizeBeyondTheDataIsOneBatch() {
        List<Batch> all = new ArrayList<>();
        ten().shuffle(3).batch(Integer.MAX_VALUE).forEach(all::add);
        assertEquals(1, all.size());
        assertEquals(Shape.of(10, 2), all.get(0).x().shape());
        List<Integer> sorted = new ArrayList<>(labels(List.of(all.get(0))));
        sorted.sort(null);
        assertEquals(range(10), sorted);
        assertEquals(0, ten().batch(Integer.MAX_VALUE, true).size());
        assertFalse(ten().batch(Integer.MAX_VALUE, true).iterator().hasNext());
        assertEquals(List.of(0, 1, 2), labels(ten().repeat().take(3).batch(Integer.MAX_VALUE)));
        // more elements than one permutation holds: refused when built, naming shuffle (was an ArithmeticException
        // "integer overflow" from the first iteration)
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ten().repeat(1_000_000_000).shuffle(1));
        assertTrue(e.getMessage().startsWith("shuffle: cannot shuffle 10000000000 elements"), e.getMessage());
        // 10 * (2^31 - 1)^2 elements overflow a long: refused by the repeat that overflows, not an ArithmeticException
        // from every later cardinality(), size() and toString()
        Dataset big = ten().repeat(Integer.MAX_VALUE);
        assertEquals(10L * Integer.MAX_VALUE, big.cardinality());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> big.repeat(Integer.MAX_VALUE));
        assertTrue(r.getMessage().startsWith("repeat: 2147483647 repetitions of 21474836470 elements"), r.getMessage());
        assertEquals(0, big.repeat(0).cardinality());
    }

    @Test
    void iteratorEndsCleanly() {
        Iterator<Batch> it = ten().take(1).batch(2).iterator();
        assertTrue(it.hasNext());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        Iterator<Batch> rows = ten().take(1).iterator();
        rows.next();
        assertThrows(NoSuchElementException.class, rows::next);
    }

    @Test
    void fromTensorsIsOneElementAndBatchesStackElements() {
        Dataset one = Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 5, 2));
        assertEquals(1, one.size());
        assertEquals(Shape.of(5, 2), one.iterator().next().x().shape());
        Batch stacked = one.repeat(3).batch(2).iterator().next();
        assertEquals(Shape.of(2, 5, 2), stacked.x().shape());
        // batches of batches: element-based stacking
        Batch bb = ten().batch(2).batch(3).iterator().next();
        assertEquals(Shape.of(3, 2, 2), bb.x().shape());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, bb.y().toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ten().batch(4).batch(3).iterator().next());
        assertEquals("batch: component 0 of element 2 is (2, 2) float32, of element 0 (4, 2) float32;"
                + " elements must agree to be stacked", e.getMessage());
    }

    @Test
    void toBatchStacksEpochZero() {
        Batch all = ten().shuffle(1).toBatch();
        List<Integer> order = labels(ten().shuffle(1).epoch(0));
        int[] y = all.y().toIntArray();
        for (int i = 0; i < 10; i++) assertEquals(order.get(i), y[i]);
        assertEquals(Shape.of(10, 2), all.x().shape());
        assertThrows(IllegalStateException.class, () -> ten().repeat().toBatch());
        assertThrows(IllegalStateException.class, () -> ten().take(0).toBatch());
    }

    @Test
    void trainTestSplitIsAReproduciblePartition() {
        Dataset.Split s = ten().trainTestSplit(0.25, 7);
        assertEquals(7, s.train().size());
        assertEquals(3, s.test().size());   // ceil(2.5)
        int[] p = Generator.fromSeed(7).permutation(10);
        List<Integer> test = labels(s.test()), train = labels(s.train());
        assertEquals(List.of(p[0], p[1], p[2]), test);
        List<Integer> all = new ArrayList<>(test);
        all.addAll(train);
        all.sort(null);
        assertEquals(range(10), all);
        assertEquals(train, labels(ten().trainTestSplit(0.25, 7).train()));
        assertNotEquals(train, labels(ten().trainTestSplit(0.25, 8).train()));
        // the rows move together
        for (Batch b : s.train()) assertEquals(b.y().intValue() + 100, b.x().toFloatArray()[1]);
        // an element-based dataset splits as well
        Dataset.Split m = ten().map(e -> e).trainTestSplit(0.25, 7);
        assertEquals(test, labels(m.test()));
        assertEquals(1, ten().trainTestSplit(0.01, 1).test().size(), "ceil: a positive fraction holds one out");
        assertEquals("trainTestSplit: testFraction 0.95 of 10 elements leaves the training set empty",
                assertThrows(IllegalArgumentException.class, () -> ten().trainTestSplit(0.95, 1)).getMessage());
        assertEquals("trainTestSplit: testFraction 0.5 of 0 elements leaves the test set empty",
                assertThrows(IllegalArgumentException.class, () -> ten().take(0).trainTestSplit(0.5, 1)).getMessage());
        assertEquals("trainTestSplit: testFraction 1.0 is not in (0, 1)",
                assertThrows(IllegalArgumentException.class, () -> ten().trainTestSplit(1.0, 1)).getMessage());
        assertThrows(IllegalStateException.class, () -> ten().repeat().trainTestSplit(0.5, 1));
    }

    @Test
    void errorsNameTheOp() {
        Tensor x = Tensors.zeros(DType.FLOAT32, 10, 2);
        assertEquals("fromTensorSlices: the components disagree on the first dimension: component 0 is (10, 2),"
                        + " component 1 is (9,); all must have the same number of rows",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.fromTensorSlices(x, Tensors.zeros(DType.INT32, 9))).getMessage());
        assertEquals("fromTensorSlices: component 0 is a scalar (shape ()): it has no first dimension to slice",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.fromTensorSlices(Tensors.constant(1.0f))).getMessage());
        assertEquals("fromTensorSlices: needs at least one component",
                assertThrows(IllegalArgumentException.class, Dataset::fromTensorSlices).getMessage());
        assertThrows(NullPointerException.class, () -> Dataset.fromTensorSlices(x, null));
        assertEquals("batch: size 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> ten().batch(0)).getMessage());
        assertEquals("take: count -1 is negative (TensorFlow's take(-1) keeps every element: leave take out)",
                assertThrows(IllegalArgumentException.class, () -> ten().take(-1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ten().repeat(-1)).getMessage()
                .startsWith("repeat: count -1 is negative"));
        assertTrue(assertThrows(IllegalStateException.class, () -> ten().repeat().shuffle(1)).getMessage()
                .startsWith("shuffle: "));
        assertTrue(assertThrows(IllegalStateException.class, () -> ten().repeat().size()).getMessage()
                .startsWith("size: "));
        assertThrows(IllegalArgumentException.class, () -> ten().epoch(-1));
        assertThrows(NullPointerException.class, () -> ten().map(null));
        assertEquals("Dataset(cardinality=infinite)", ten().repeat().toString());
        assertEquals("Dataset(cardinality=10)", ten().toString());
    }

    @Test
    void variablesAreSnapshotAndNothingIsRecorded() {
        Variable v = new Variable(Tensors.constant(new float[] {1, 2, 3}, 3));
        Dataset ds = Dataset.fromTensorSlices(v);
        v.assign(Tensors.constant(new float[] {7, 8, 9}, 3));
        assertArrayEquals(new float[] {1, 2, 3}, ds.batch(3).iterator().next().x().toFloatArray());
        Tensor x = Tensors.constant(new float[] {1, 2, 3, 4}, 4);
        Tensor batch;
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            batch = Dataset.fromTensorSlices(x).shuffle(1).batch(4).iterator().next().x();
        }
        assertNull(tape.gradient(batch, x), "batching copies values: no gradient flows back to the source");
    }

    @Test
    void aBatchLargerThanATensorIsAnError() {
        Dataset big = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 2, 1 << 20)).repeat().batch(1 << 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> big.iterator().next());
        assertEquals("batch: 4096 elements of 1048576 values (float32) make 4294967296 values, more than a tensor"
                + " holds (2^31-1); use a smaller batch", e.getMessage());
    }

    @Test
    void batchToString() {
        Batch b = ten().batch(4).iterator().next();
        assertEquals("Batch[(4, 2) float32, (4,) int32]", b.toString());
        assertEquals(2, b.components().size());
        assertThrows(IllegalArgumentException.class, Batch::of);
        assertThrows(NullPointerException.class, () -> Batch.of(Tensors.constant(1f), null));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(2));
    }
}
