package io.gradtape.nn;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012), the keyed hash of
 * TensorFlow's {@code tf.strings.to_hash_bucket_strong}: its kernel (tensorflow/core/kernels/string_to_hash_bucket_op.cc)
 * calls {@code StrongKeyedHash} (tensorflow/core/platform/strong_hash.h), which is highwayhash's
 * {@code SipHashState} (highwayhash/sip_hash.h) over the string's bytes with the key {@code {k0, k1}}.
 *
 * <p>The state {@code v0..v3} starts as the constants "somepseudorandomlygeneratedbytes" xor {@code k0, k1, k0, k1};
 * each little-endian 8-byte word {@code m} (the last one zero-padded, its top byte {@code length mod 256}) is
 * absorbed as {@code v3 ^= m}, two SipRounds, {@code v0 ^= m}; then {@code v2 ^= 0xff}, four SipRounds, and the
 * hash is {@code v0 ^ v1 ^ v2 ^ v3}.
 */
final class SipHash {
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    private SipHash(long k0, long k1) {
        v0 = 0x736f6d6570736575L ^ k0;
        v1 = 0x646f72616e646f6dL ^ k1;
        v2 = 0x6c7967656e657261L ^ k0;
        v3 = 0x7465646279746573L ^ k1;
    }

    /** SipHash-2-4 of {@code s} under the 128-bit key {@code (k0, k1)}. */
    static long hash24(long k0, long k1, byte[] s) {
        SipHash h = new SipHash(k0, k1);
        int whole = s.length & ~7;
        for (int at = 0; at < whole; at += 8) {
            h.absorb(FarmHash.word64(s, at));
        }
        long last = (long) (s.length & 0xff) << 56;
        for (int i = whole; i < s.length; i++) {
            last |= (s[i] & 0xffL) << (8 * (i - whole));
        }
        h.absorb(last);
        h.v2 ^= 0xff;
        h.rounds(4);
        return h.v0 ^ h.v1 ^ h.v2 ^ h.v3;
    }

    private void absorb(long m) {
        v3 ^= m;
        rounds(2);
        v0 ^= m;
    }

    private void rounds(int n) {
        for (int i = 0; i < n; i++) {
            v0 += v1;
            v2 += v3;
            v1 = Long.rotateLeft(v1, 13);
            v3 = Long.rotateLeft(v3, 16);
            v1 ^= v0;
            v3 ^= v2;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v1;
            v0 += v3;
            v1 = Long.rotateLeft(v1, 17);
            v3 = Long.rotateLeft(v3, 21);
            v1 ^= v2;
            v3 ^= v0;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
