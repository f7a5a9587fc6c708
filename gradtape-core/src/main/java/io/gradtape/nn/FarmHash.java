package io.gradtape.nn;

/**
 * FarmHash's 64-bit fingerprint of a byte string, as TensorFlow computes it for {@code tf.strings.to_hash_bucket_fast}
 * and {@code tf.fingerprint}: TensorFlow's {@code Fingerprint64} (tensorflow/tsl/platform/fingerprint.h) calls
 * {@code util::Fingerprint64}, which FarmHash defines as {@code farmhashna::Hash64} (google/farmhash,
 * src/farmhash.cc; Geoff Pike, 2014, a descendant of CityHash). FarmHash promises that its fingerprints never change
 * across platforms and releases; the bytes are read little-endian whatever the machine.
 *
 * <p>The algorithm, with {@code k0 = 0xc3a5c85c97cb3127}, {@code k1 = 0xb492b66fbe98f273},
 * {@code k2 = 0x9ae16a3b2f90404f}, 64-bit wrapping arithmetic and right rotations: strings of 0 to 16, 17 to 32 and
 * 33 to 64 bytes each have their own mixing of a few 8- or 4-byte words (these length-dependent branches are what
 * the tests sweep); longer strings run a 56-byte state through 64-byte blocks and finish on the last 64 bytes.
 * Also {@link #fingerprintCat64}, TensorFlow's combination of two fingerprints (for {@code sparse_cross_hashed}).
 */
final class FarmHash {
    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;

    private FarmHash() {
    }

    /** The fingerprint of all of {@code s}. */
    static long fingerprint64(byte[] s) {
        int len = s.length;
        if (len <= 16) {
            return len0to16(s, len);
        }
        if (len <= 32) {
            return len17to32(s, len);
        }
        if (len <= 64) {
            return len33to64(s, len);
        }
        long seed = 81;
        long x = seed;
        long y = seed * K1 + 113;
        long z = shiftMix(y * K2 + 113) * K2;
        long v0 = 0;
        long v1 = 0;
        long w0 = 0;
        long w1 = 0;
        x = x * K2 + word64(s, 0);
        // blocks of 64 bytes while more than 64 remain; the last 1 to 64 bytes are handled from offset len - 64
        int end = ((len - 1) / 64) * 64;
        int at = 0;
        long[] pair = new long[2];
        do {
            x = Long.rotateRight(x + y + v0 + word64(s, at + 8), 37) * K1;
            y = Long.rotateRight(y + v1 + word64(s, at + 48), 42) * K1;
            x ^= w1;
            y += v0 + word64(s, at + 40);
            z = Long.rotateRight(z + w0, 33) * K1;
            weak32(s, at, v1 * K1, x + w0, pair);
            v0 = pair[0];
            v1 = pair[1];
            weak32(s, at + 32, z + w1, y + word64(s, at + 16), pair);
            w0 = pair[0];
            w1 = pair[1];
            long t = z;
            z = x;
            x = t;
            at += 64;
        } while (at != end);
        long mul = K1 + ((z & 0xff) << 1);
        at = len - 64;
        w0 += (len - 1) & 63;
        v0 += w0;
        w0 += v0;
        x = Long.rotateRight(x + y + v0 + word64(s, at + 8), 37) * mul;
        y = Long.rotateRight(y + v1 + word64(s, at + 48), 42) * mul;
        x ^= w1 * 9;
        y += v0 * 9 + word64(s, at + 40);
        z = Long.rotateRight(z + w0, 33) * mul;
        weak32(s, at, v1 * mul, x + w0, pair);
        v0 = pair[0];
        v1 = pair[1];
        weak32(s, at + 32, z + w1, y + word64(s, at + 16), pair);
        w0 = pair[0];
        w1 = pair[1];
        long t = z;
        z = x;
        x = t;
        return hashLen16(hashLen16(v0, w0, mul) + shiftMix(y) * K0 + z, hashLen16(v1, w1, mul) + x, mul);
    }

    /**
     * TensorFlow's {@code FingerprintCat64(fp1, fp2)} (tensorflow/tsl/platform/fingerprint.h): a fingerprint of two
     * fingerprints, in order (not commutative).
     */
    static long fingerprintCat64(long fp1, long fp2) {
        long mul = 0xc6a4a7935bd1e995L;
        long result = fp1 ^ mul;
        result ^= shiftMix(fp2 * mul) * mul;
        result *= mul;
        result = shiftMix(result) * mul;
        return shiftMix(result);
    }

    private static long len0to16(byte[] s, int len) {
        if (len >= 8) {
            long mul = K2 + len * 2L;
            long a = word64(s, 0) + K2;
            long b = word64(s, len - 8);
            long c = Long.rotateRight(b, 37) * mul + a;
            long d = (Long.rotateRight(a, 25) + b) * mul;
            return hashLen16(c, d, mul);
        }
        if (len >= 4) {
            long mul = K2 + len * 2L;
            long a = word32(s, 0);
            return hashLen16(len + (a << 3), word32(s, len - 4), mul);
        }
        if (len > 0) {
            long a = s[0] & 0xff;
            long b = s[len >> 1] & 0xff;
            long c = s[len - 1] & 0xff;
            long y = a + (b << 8);
            long z = len + (c << 2);
            return shiftMix(y * K2 ^ z * K0) * K2;
        }
        return K2;
    }

    private static long len17to32(byte[] s, int len) {
        long mul = K2 + len * 2L;
        long a = word64(s, 0) * K1;
        long b = word64(s, 8);
        long c = word64(s, len - 8) * mul;
        long d = word64(s, len - 16) * K2;
        return hashLen16(Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d,
                a + Long.rotateRight(b + K2, 18) + c, mul);
    }

    private static long len33to64(byte[] s, int len) {
        long mul = K2 + len * 2L;
        long a = word64(s, 0) * K2;
        long b = word64(s, 8);
        long c = word64(s, len - 8) * mul;
        long d = word64(s, len - 16) * K2;
        long y = Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d;
        long z = hashLen16(y, a + Long.rotateRight(b + K2, 18) + c, mul);
        long e = word64(s, 16) * mul;
        long f = word64(s, 24);
        long g = (y + word64(s, len - 32)) * mul;
        long h = (z + word64(s, len - 24)) * mul;
        return hashLen16(Long.rotateRight(e + f, 43) + Long.rotateRight(g, 30) + h,
                e + Long.rotateRight(f + a, 18) + g, mul);
    }

    /** FarmHash's {@code WeakHashLen32WithSeeds} of the four words at {@code at}: a pair into {@code out}. */
    private static void weak32(byte[] s, int at, long a, long b, long[] out) {
        long w = word64(s, at);
        long x = word64(s, at + 8);
        long y = word64(s, at + 16);
        long z = word64(s, at + 24);
        a += w;
        b = Long.rotateRight(b + a + z, 21);
        long c = a;
        a += x;
        a += y;
        b += Long.rotateRight(a, 44);
        out[0] = a + z;
        out[1] = b + c;
    }

    private static long hashLen16(long u, long v, long mul) {
        long a = (u ^ v) * mul;
        a ^= a >>> 47;
        long b = (v ^ a) * mul;
        b ^= b >>> 47;
        return b * mul;
    }

    private static long shiftMix(long v) {
        return v ^ (v >>> 47);
    }

    /** The little-endian 64-bit word at {@code at}. */
    static long word64(byte[] s, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (s[at + i] & 0xffL);
        }
        return v;
    }

    /** The little-endian 32-bit word at {@code at}, unsigned. */
    private static long word32(byte[] s, int at) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (s[at + i] & 0xffL);
        }
        return v;
    }
}
