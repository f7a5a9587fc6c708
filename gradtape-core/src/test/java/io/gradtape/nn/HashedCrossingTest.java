package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HashedCrossing against the expected values of Keras 3's hashed_crossing.py docstring and hashed_crossing_test.py,
 * and its hash against TensorFlow's sparse_cross_op_test.py ({@code SparseCrossHashedOpTest}'s "check actual hashed
 * output" values), all produced by TensorFlow's {@code SparseCross} kernel.
 */
class HashedCrossingTest {
    private static long fp(String s) {
        return FarmHash.fingerprint64(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tensorflowSparseCrossHashedValues() {
        // sparse_cross_op_test.py: three one-feature columns 'batch1-FC1-F1', 'batch1-FC2-F1', 'batch1-FC3-F1'
        long[] v = {fp("batch1-FC1-F1"), fp("batch1-FC2-F1"), fp("batch1-FC3-F1")};
        long key = HashedCrossing.DEFAULT_HASH_KEY;
        // test_hashed_zero_bucket_no_hash_key: num_buckets 0 takes the hash modulo the int64 maximum
        assertEquals(1971693436396284976L, Long.remainderUnsigned(HashedCrossing.crossHash(key, v), Long.MAX_VALUE));
        // test_hashed_zero_bucket: hash_key = default + 1
        assertEquals(4847552627144134031L, Long.remainderUnsigned(HashedCrossing.crossHash(key + 1, v), Long.MAX_VALUE));
        // test_hashed_no_hash_key (100 buckets) -> 83; test_hashed_output (key + 1, 100 buckets) -> 31
        assertEquals(83, Long.remainderUnsigned(HashedCrossing.crossHash(key, v), 100));
        assertEquals(31, Long.remainderUnsigned(HashedCrossing.crossHash(key + 1, v), 100));
        // the layer gives the same 83 for the three string features
        assertArrayEquals(new long[] {83}, new HashedCrossing(100)
                .call(new String[] {"batch1-FC1-F1"}, new String[] {"batch1-FC2-F1"}, new String[] {"batch1-FC3-F1"})
                .toLongArray());
    }

    @Test
    void kerasExamples() {
        String[] feat1 = {"A", "B", "A", "B", "A"};
        Tensor feat2 = Tensors.constant(new long[] {101, 101, 101, 102, 102}, 5);
        Tensor out = new HashedCrossing(5).call(feat1, feat2);
        assertEquals(DType.INT64, out.dtype());
        assertArrayEquals(new int[] {5}, out.shape().dims());
        assertArrayEquals(new long[] {1, 4, 1, 1, 3}, out.toLongArray());
        // int32 integers are the same values
        assertArrayEquals(new long[] {1, 4, 1, 1, 3},
                new HashedCrossing(5).call(feat1, Tensors.constant(new int[] {101, 101, 101, 102, 102}, 5)).toLongArray());
        // (batch, 1) features give (batch, 1)
        Tensor column = new HashedCrossing(5).call(new String[][] {{"A"}, {"B"}, {"A"}, {"B"}, {"A"}},
                Tensors.constant(new long[][] {{101}, {101}, {101}, {102}, {102}}));
        assertArrayEquals(new int[] {5, 1}, column.shape().dims());
        assertArrayEquals(new long[] {1, 4, 1, 1, 3}, column.toLongArray());
        // one_hot
        Tensor hot = HashedCrossing.builder(5).outputMode("one_hot").build().call(feat1, feat2);
        assertEquals(DType.FLOAT32, hot.dtype());
        assertArrayEquals(new int[] {5, 5}, hot.shape().dims());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
                hot.toFloatArray());
        // test_tf_string: a scalar cross ("A", 101) into 10 bins is 1
        Tensor scalar = new HashedCrossing(10).call("A", Tensors.constant(101L));
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.toLongArray()[0]);
    }

    @Test
    void orderMattersAndIntegersAreNotHashed() {
        long a = fp("A");
        long key = HashedCrossing.DEFAULT_HASH_KEY;
        assertEquals(Long.remainderUnsigned(HashedCrossing.crossHash(key, a, 101), 1 << 20),
                new HashedCrossing(1 << 20).call("A", Tensors.constant(101L)).toLongArray()[0]);
        assertEquals(Long.remainderUnsigned(HashedCrossing.crossHash(key, 101, a), 1 << 20),
                new HashedCrossing(1 << 20).call(Tensors.constant(101L), "A").toLongArray()[0]);
        // the integer 101 and the string "101" are different features
        assertEquals(Long.remainderUnsigned(HashedCrossing.crossHash(key, a, fp("101")), 1 << 20),
                new HashedCrossing(1 << 20).call("A", "101").toLongArray()[0]);
    }

    @Test
    void misuseIsRefused() {
        HashedCrossing cross = new HashedCrossing(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cross.call((Object) new String[] {"a"}));
        assertEquals("hashed_crossing: HashedCrossing needs at least two features, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cross.call(new String[] {"a", "b"}, Tensors.constant(new long[] {1, 2, 3}, 3)));
        assertEquals("hashed_crossing: HashedCrossing features must have one shape, feature 0 has shape (2,) and"
                + " feature 1 has (3,)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cross.call(Tensors.constant(new float[] {1}, 1), Tensors.constant(new float[] {1}, 1)));
        assertEquals("hashed_crossing: HashedCrossing features must be integers or strings, feature 0 has shape (1,)"
                + " and dtype float32", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> cross.call(Tensors.constant(new long[][] {{1, 2}}), Tensors.constant(new long[][] {{1, 2}})));
        assertThrows(IllegalArgumentException.class, () -> cross.call(new String[][] {{"a", "b"}}, new String[][] {{"a", "b"}}));
        assertThrows(IllegalArgumentException.class, () -> cross.call(1, 2));
        assertThrows(IllegalArgumentException.class, () -> new HashedCrossing(0));
        assertThrows(IllegalArgumentException.class, () -> HashedCrossing.builder(3).outputMode("multi_hot"));
        assertThrows(NullPointerException.class, () -> cross.call("a", null));
    }

    /** A lone String[] or String[][] argument is Java's varargs array itself, not one feature: refused, as Keras
     * refuses fewer than two inputs ("should be called on at least two inputs"). */
    @Test
    void singleArrayArgumentIsNotAFeatureList() {
        HashedCrossing cross = new HashedCrossing(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cross.call(new String[] {"A", "B"}));
        assertTrue(e.getMessage().startsWith("hashed_crossing: HashedCrossing was given a single String[] as its whole"
                + " feature list"), e.getMessage());
        assertTrue(e.getMessage().contains("call((Object) a, (Object) b)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cross.call(new String[][] {{"A"}, {"B"}}));
        assertTrue(e.getMessage().startsWith("hashed_crossing: HashedCrossing was given a single String[][]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cross.call((Object) new String[] {"A", "B"}));
        assertEquals("hashed_crossing: HashedCrossing needs at least two features, got 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cross.call());
        // the fix the message names: each array its own feature, the same bins as two scalar crosses
        long[] pairs = cross.call((Object) new String[] {"A", "B"}, (Object) new String[] {"B", "A"}).toLongArray();
        assertArrayEquals(new long[] {cross.call("A", "B").toLongArray()[0], cross.call("B", "A").toLongArray()[0]},
                pairs);
    }
}
