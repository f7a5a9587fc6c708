package io.gradtape.nn;

import com.google.common.hash.HashFunction;
import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * FarmHash Fingerprint64 and SipHash-2-4 bit for bit against Guava's independent implementations
 * ({@code Hashing.farmHashFingerprint64()}, "identical to the C++ Fingerprint64 of FarmHash 1.1", and
 * {@code Hashing.sipHash24(k0, k1)}), a test-scoped dependency; and the Hashing layer against the expected outputs
 * of Keras 3's hashing.py docstring and hashing_test.py (computed by TensorFlow's kernels) and of TensorFlow's
 * {@code tf.strings.to_hash_bucket_fast} / {@code to_hash_bucket_strong} docstrings.
 */
class HashingTest {
    /** Random byte strings of every length 0..200, several per length (FarmHash branches at 4, 8, 16, 32, 64). */
    @Test
    void farmHashFingerprint64MatchesGuavaForAllLengths() {
        HashFunction guava = com.google.common.hash.Hashing.farmHashFingerprint64();
        SplittableRandom random = new SplittableRandom(20261205);
        int checked = 0;
        for (int len = 0; len <= 200; len++) {
            for (int rep = 0; rep < 25; rep++) {
                byte[] s = new byte[len];
                for (int i = 0; i < len; i++) {
                    s[i] = (byte) random.nextInt(256);
                }
                assertEquals(guava.hashBytes(s).asLong(), FarmHash.fingerprint64(s), "length " + len);
                checked++;
            }
        }
        // longer strings run the 64-byte loop several times
        for (int len : new int[] {255, 256, 257, 1000, 4096, 4097}) {
            byte[] s = new byte[len];
            for (int i = 0; i < len; i++) {
                s[i] = (byte) random.nextInt(256);
            }
            assertEquals(guava.hashBytes(s).asLong(), FarmHash.fingerprint64(s), "length " + len);
            checked++;
        }
        assertEquals(201 * 25 + 6, checked);
    }

    /** Every length 0..200, and 255, 256, 257, 1000: SipHash's last block holds the length modulo 256 in its top byte. */
    @Test
    void sipHash24MatchesGuavaForAllLengthsAndKeys() {
        SplittableRandom random = new SplittableRandom(7);
        int[] lengths = new int[201 + 4];
        for (int len = 0; len <= 200; len++) {
            lengths[len] = len;
        }
        System.arraycopy(new int[] {255, 256, 257, 1000}, 0, lengths, 201, 4);
        for (int len : lengths) {
            for (int rep = 0; rep < 10; rep++) {
                long k0 = random.nextLong();
                long k1 = rep == 0 ? k0 : random.nextLong();
                byte[] s = new byte[len];
                for (int i = 0; i < len; i++) {
                    s[i] = (byte) random.nextInt(256);
                }
                long expected = com.google.common.hash.Hashing.sipHash24(k0, k1).hashBytes(s).asLong();
                assertEquals(expected, SipHash.hash24(k0, k1, s), "length " + len + ", key " + k0 + ", " + k1);
            }
        }
    }

    /** SipHash-2-4's reference vector (the paper's appendix A): key 00..0f, message 00..0e, hash a129ca6149be45e5. */
    @Test
    void sipHash24PaperVector() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, SipHash.hash24(k0, k1, m));
    }

    @Test
    void fingerprintOfStringsIsOfTheirUtf8Bytes() {
        HashFunction guava = com.google.common.hash.Hashing.farmHashFingerprint64();
        for (String s : new String[] {"", "A", "omar", "héllo wörld", "\uD83D\uDE00 emoji", "数据集"}) {
            assertEquals(guava.hashString(s, StandardCharsets.UTF_8).asLong(),
                    FarmHash.fingerprint64(s.getBytes(StandardCharsets.UTF_8)), s);
        }
    }

    @Test
    void tensorflowDocstringBuckets() {
        // tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3) -> [0, 2, 2]
        assertEquals(0, Hashing.toHashBucket("Hello", null, 3, "test", 0));
        assertEquals(2, Hashing.toHashBucket("TensorFlow", null, 3, "test", 0));
        assertEquals(2, Hashing.toHashBucket("2.x", null, 3, "test", 0));
        // tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]) -> [2, 0]
        assertEquals(2, Hashing.toHashBucket("Hello", new long[] {1, 2}, 3, "test", 0));
        assertEquals(0, Hashing.toHashBucket("TF", new long[] {1, 2}, 3, "test", 0));
    }

    @Test
    void kerasDocstringExamples() {
        String[] ae = {"A", "B", "C", "D", "E"};
        Tensor out = new Hashing(3).call(ae);
        assertEquals(DType.INT64, out.dtype());
        assertArrayEquals(new int[] {5}, out.shape().dims());
        assertArrayEquals(new long[] {1, 0, 1, 1, 2}, out.toLongArray());
        // mask_value='' on [['A'], ['B'], [''], ['C'], ['D']] -> [[1], [1], [0], [2], [2]]
        Tensor masked = Hashing.builder(3).maskValue("").build().call(new String[][] {{"A"}, {"B"}, {""}, {"C"}, {"D"}});
        assertArrayEquals(new int[] {5, 1}, masked.shape().dims());
        assertArrayEquals(new long[] {1, 1, 0, 2, 2}, masked.toLongArray());
        // salt=[133, 137] -> [1, 2, 1, 0, 2]; salt=133, as [133, 133] -> [0, 0, 2, 1, 0]
        assertArrayEquals(new long[] {1, 2, 1, 0, 2}, Hashing.builder(3).salt(133, 137).build().call(ae).toLongArray());
        assertArrayEquals(new long[] {0, 0, 2, 1, 0}, Hashing.builder(3).salt(133).build().call(ae).toLongArray());
    }

    @Test
    void kerasHashingTestExpectations() {
        String[] wire = {"omar", "stringer", "marlo", "wire", "skywalker"};
        // test_hash_single_bin
        assertArrayEquals(new long[] {0, 0, 0, 0, 0}, new Hashing(1).call("A", "B", "C", "D", "E").toLongArray());
        // test_hash_dense_input_farmhash
        assertArrayEquals(new long[] {0, 0, 1, 0, 0}, new Hashing(2).call(wire).toLongArray());
        // test_hash_dense_input_mask_value_farmhash
        assertArrayEquals(new long[] {1, 1, 2, 1, 1}, Hashing.builder(3).maskValue("").build().call(wire).toLongArray());
        assertArrayEquals(new long[] {0, 1, 2, 1, 1}, Hashing.builder(3).maskValue("omar").build().call(wire).toLongArray());
        // test_hash_dense_input_siphash
        assertArrayEquals(new long[] {0, 1, 0, 1, 0}, Hashing.builder(2).salt(133, 137).build().call(wire).toLongArray());
        assertArrayEquals(new long[] {1, 0, 1, 0, 1}, Hashing.builder(2).salt(211, 137).build().call(wire).toLongArray());
        // test_hash_dense_int_input_farmhash and _siphash: integers hash as their decimal strings
        Tensor ints = Tensors.constant(new long[][] {{0}, {1}, {2}, {3}, {4}});
        assertArrayEquals(new long[] {1, 0, 1, 0, 2}, new Hashing(3).call(ints).toLongArray());
        assertArrayEquals(new long[] {1, 1, 2, 0, 1}, Hashing.builder(3).salt(133, 137).build().call(ints).toLongArray());
        assertArrayEquals(new long[] {1, 0, 1, 0, 2},
                new Hashing(3).call(Tensors.constant(new int[] {0, 1, 2, 3, 4}, 5)).toLongArray());
        assertArrayEquals(new long[] {1, 0, 1, 0, 2}, new Hashing(3).call("0", "1", "2", "3", "4").toLongArray());
        // a scalar stays a scalar: 4 is in bin 2
        Tensor scalar = new Hashing(3).call(Tensors.constant(4L));
        assertEquals(0, scalar.rank());
        assertEquals(2, scalar.toLongArray()[0]);
        // test_hash_list_input: num_bins=2 on [[1, 2], [2, 3], [3, 4]] -> all 1
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1},
                new Hashing(2).call(Tensors.constant(new long[][] {{1, 2}, {2, 3}, {3, 4}})).toLongArray());
        // a negative integer is "-5": its bin is that string's
        assertEquals(Hashing.toHashBucket("-5", null, 7, "test", 0),
                new Hashing(7).call(Tensors.constant(new long[] {-5}, 1)).toLongArray()[0]);
    }

    @Test
    void encodedOutputs() {
        // test_one_hot_output: [0..4] of shape (5, 1), bins [1, 0, 1, 0, 2] -> (5, 3)
        Tensor oneHot = Hashing.builder(3).outputMode("one_hot").build()
                .call(Tensors.constant(new long[][] {{0}, {1}, {2}, {3}, {4}}));
        assertEquals(DType.FLOAT32, oneHot.dtype());
        assertArrayEquals(new int[] {5, 3}, oneHot.shape().dims());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1}, oneHot.toFloatArray());
        // test_multi_hot_output: [[0..4]] -> [[1, 1, 1]]
        Tensor row = Tensors.constant(new long[][] {{0, 1, 2, 3, 4}});
        assertArrayEquals(new float[] {1, 1, 1}, Hashing.builder(3).outputMode("multi_hot").build().call(row).toFloatArray());
        // test_count_output: 1-d [0..4] -> [2, 2, 1] of shape (3,); 2-d -> [[2, 2, 1]]
        Hashing count = Hashing.builder(3).outputMode("count").build();
        Tensor c1 = count.call(Tensors.constant(new long[] {0, 1, 2, 3, 4}, 5));
        assertArrayEquals(new int[] {3}, c1.shape().dims());
        assertArrayEquals(new float[] {2, 2, 1}, c1.toFloatArray());
        Tensor c2 = count.call(row);
        assertArrayEquals(new int[] {1, 3}, c2.shape().dims());
        assertArrayEquals(new float[] {2, 2, 1}, c2.toFloatArray());
        // strings too: the docstring's bins [1, 0, 1, 1, 2] counted as one sample
        assertArrayEquals(new float[] {1, 3, 1}, count.call("A", "B", "C", "D", "E").toFloatArray());
    }

    @Test
    void integerMaskAndMisuse() {
        // an integer mask compares numbers before hashing: 0 -> bin 0, others shifted into [1, 3)
        Hashing masked = Hashing.builder(3).maskValue(0L).build();
        long[] bins = masked.call(Tensors.constant(new long[] {0, 1, 2, 0}, 4)).toLongArray();
        assertArrayEquals(new long[] {0, Hashing.toHashBucket("1", null, 2, "test", 0) + 1,
                Hashing.toHashBucket("2", null, 2, "test", 0) + 1, 0}, bins);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Hashing(0));
        assertEquals("Hashing: numBins must be positive, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hashing.builder(3).outputMode("tf_idf"));
        e = assertThrows(IllegalArgumentException.class, () -> new Hashing(3).call(Tensors.constant(new float[] {1.5f}, 1)));
        assertEquals("hashing: Hashing takes int32 or int64 tensors (or strings), got shape (1,) and dtype float32; Keras"
                + " truncates floats to int64 before hashing: cast them with Tensors.cast(x, DType.INT64) first", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> masked.call("a"));
        assertEquals("hashing: the mask value 0 is an integer but the input is strings of shape (1,); give a string"
                + " maskValue for string inputs", e.getMessage());
        Hashing stringMask = Hashing.builder(3).maskValue("").build();
        assertThrows(IllegalArgumentException.class, () -> stringMask.call(Tensors.constant(new long[] {1}, 1)));
        Hashing wideMask = Hashing.builder(3).maskValue(1L << 40).build();
        assertThrows(IllegalArgumentException.class, () -> wideMask.call(Tensors.constant(new int[] {1}, 1)));
        assertThrows(IllegalArgumentException.class, () -> new Hashing(3).call(new String[][] {{"a", "b"}, {"c"}}));
        assertThrows(NullPointerException.class, () -> new Hashing(3).call("a", null));
        assertThrows(IllegalArgumentException.class, () -> Hashing.builder(3).outputMode("multi_hot").build()
                .call(Tensors.constant(new long[2][2][2])));
        assertEquals("hashing", new Hashing(3).name());
        assertEquals(0, new Hashing(3).variables().size());
    }
}
