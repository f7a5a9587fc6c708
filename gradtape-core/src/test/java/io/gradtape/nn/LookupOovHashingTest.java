package io.gradtape.nn;

import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * StringLookup and IntegerLookup with more than one OOV index (Keras 3's index_lookup.py {@code _lookup_dense}: an
 * unknown token's OOV index is {@code tf.strings.to_hash_bucket_fast}, or {@code _strong} with a salt, of the string
 * or of an integer's {@code tf.strings.as_string}; {@code floormod} for integers by default). Expected values: the
 * string_lookup.py and integer_lookup.py docstrings, and, where Keras gives none, the Hashing layer's docstring bins
 * (the same TensorFlow ops with the same bucket count), checked in {@link HashingTest}. Also: IntegerLookup keeps a
 * scalar input scalar.
 */
class LookupOovHashingTest {
    private static final List<String> ABCD = List.of("a", "b", "c", "d");

    @Test
    void stringLookupDocstringTwoOovIndices() {
        // string_lookup.py: vocab [a, b, c, d], num_oov_indices=2, [["a","c","d"],["m","z","b"]] -> [[2,4,5],[0,1,3]]
        StringLookup lookup = StringLookup.builder().vocabulary(ABCD).numOovIndices(2).build();
        assertArrayEquals(new long[] {2, 4, 5, 0, 1, 3},
                lookup.call(new String[][] {{"a", "c", "d"}, {"m", "z", "b"}}).toLongArray());
        assertEquals(List.of("[UNK]", "[UNK]", "a", "b", "c", "d"), lookup.getVocabulary());
        // the same buckets as tf.strings.to_hash_bucket_fast(token, 2)
        assertEquals(0, Hashing.toHashBucket("m", null, 2, "test", 0));
        assertEquals(1, Hashing.toHashBucket("z", null, 2, "test", 0));
    }

    @Test
    void stringLookupBucketsAreHashingBins() {
        // Hashing(num_bins=3) docstring: A..E -> [1, 0, 1, 1, 2]; salt [133, 137] -> [1, 2, 1, 0, 2]; salt 133 ->
        // [0, 0, 2, 1, 0]. Three OOV indices from 0 give the same numbers; the vocabulary token "x" is index 3.
        String[] ae = {"A", "B", "C", "D", "E", "x"};
        List<String> vocab = List.of("x");
        assertArrayEquals(new long[] {1, 0, 1, 1, 2, 3},
                StringLookup.builder().vocabulary(vocab).numOovIndices(3).build().call(ae).toLongArray());
        assertArrayEquals(new long[] {1, 2, 1, 0, 2, 3},
                StringLookup.builder().vocabulary(vocab).numOovIndices(3).salt(133, 137).build().call(ae).toLongArray());
        assertArrayEquals(new long[] {0, 0, 2, 1, 0, 3},
                StringLookup.builder().vocabulary(vocab).numOovIndices(3).salt(133).build().call(ae).toLongArray());
        // with a mask token the OOV indices start at 1; the mask stays 0
        assertArrayEquals(new long[] {2, 1, 2, 2, 3, 4, 0},
                StringLookup.builder().maskToken("").vocabulary(vocab).numOovIndices(3).build()
                        .call("A", "B", "C", "D", "E", "x", "").toLongArray());
        // encodings count the hashed OOV indices: A..E as one sample over [oov0, oov1, oov2, x]
        assertArrayEquals(new float[] {1, 3, 1, 0},
                StringLookup.builder().vocabulary(vocab).numOovIndices(3).outputMode("count").build()
                        .call("A", "B", "C", "D", "E").toFloatArray());
        // a salt with one OOV index changes nothing (Keras reads it only to hash)
        assertArrayEquals(new long[] {0, 1},
                StringLookup.builder().vocabulary(vocab).salt(5).build().call("A", "x").toLongArray());
    }

    @Test
    void textVectorizationKeepsOneOovIndex() {
        TextVectorization v = TextVectorization.builder().vocabulary(List.of("cat")).build();
        assertArrayEquals(new long[] {2, 1, 1}, v.call("cat dog bird").toLongArray());
    }

    @Test
    void integerLookupFarmhashDocstring() {
        // integer_lookup.py: vocab [10, 20, 30], 4 OOV indices, [100, 300, 700, 1100, 1700, 2000]:
        // floormod -> all 0; farmhash -> [3, 3, 2, 2, 0, 1]
        List<Long> vocab = List.of(10L, 20L, 30L);
        long[] oov = {100, 300, 700, 1100, 1700, 2000};
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, IntegerLookup.builder().vocabulary(vocab).numOovIndices(4)
                .oovMethod("floormod").build().call(Tensors.constant(oov, 6)).toLongArray());
        IntegerLookup farm = IntegerLookup.builder().vocabulary(vocab).numOovIndices(4).oovMethod("farmhash").build();
        assertArrayEquals(new long[] {3, 3, 2, 2, 0, 1}, farm.call(Tensors.constant(oov, 6)).toLongArray());
        // known tokens keep their indices; int32 input hashes the same decimal strings
        assertArrayEquals(new long[] {4, 5, 6, 3, 3},
                farm.call(Tensors.constant(new int[] {10, 20, 30, 100, 300}, 5)).toLongArray());
        // integer_lookup.py: num_oov_indices=2 (floormod) [[12, 1138, 42], [37, 1000, 36]] -> [[2, 4, 5], [1, 0, 3]]
        assertArrayEquals(new long[] {2, 4, 5, 1, 0, 3}, IntegerLookup.builder().vocabulary(List.of(12L, 36L, 1138L, 42L))
                .numOovIndices(2).build().call(Tensors.constant(new long[][] {{12, 1138, 42}, {37, 1000, 36}}))
                .toLongArray());
    }

    @Test
    void integerLookupScalarStaysScalar() {
        // Keras's table lookup keeps the input's shape: a scalar gives a scalar (it gave (1,) here before)
        IntegerLookup lookup = IntegerLookup.builder().vocabulary(List.of(7L, 3L)).build();
        io.gradtape.Tensor out = lookup.call(Tensors.constant(3L));
        assertEquals(0, out.rank());
        assertEquals(2, out.toLongArray()[0]);
        IntegerLookup inv = IntegerLookup.builder().vocabulary(List.of(7L, 3L)).invert(true).build();
        io.gradtape.Tensor token = inv.call(Tensors.constant(1L));
        assertEquals(0, token.rank());
        assertEquals(7, token.toLongArray()[0]);
    }

    @Test
    void integerLookupFarmhashWithSaltIsHashingOfDecimalStrings() {
        // Keras's Hashing(num_bins=3, salt=[133, 137]) on the integers 0..4 gives [1, 1, 2, 0, 1] (hashing_test.py
        // test_hash_dense_int_input_siphash): the same to_hash_bucket_strong(as_string(t), 3, [133, 137]) as here
        IntegerLookup salted = IntegerLookup.builder().vocabulary(List.of(99L)).numOovIndices(3).oovMethod("farmhash")
                .salt(133, 137).build();
        assertArrayEquals(new long[] {1, 1, 2, 0, 1, 3},
                salted.call(Tensors.constant(new long[] {0, 1, 2, 3, 4, 99}, 6)).toLongArray());
        // unsalted: Hashing(num_bins=3) on 0..4 gives [1, 0, 1, 0, 2] (test_hash_dense_int_input_farmhash)
        assertArrayEquals(new long[] {1, 0, 1, 0, 2}, IntegerLookup.builder().vocabulary(List.of(99L)).numOovIndices(3)
                .oovMethod("farmhash").build().call(Tensors.constant(new long[] {0, 1, 2, 3, 4}, 5)).toLongArray());
    }

    @Test
    void integerLookupOptionErrors() {
        // Keras: "`salt` can only be used when `oov_method='farmhash'`"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntegerLookup.builder().numOovIndices(2).salt(1).build());
        assertEquals("IntegerLookup: salt is only read with oovMethod \"farmhash\" (it keys the hash of unknown"
                + " integers), the layer's is \"floormod\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IntegerLookup.builder().oovMethod("md5"));
        assertEquals("IntegerLookup: oovMethod must be \"floormod\" or \"farmhash\", got \"md5\"", e.getMessage());
    }
}
