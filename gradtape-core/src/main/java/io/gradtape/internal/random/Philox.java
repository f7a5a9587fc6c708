package io.gradtape.internal.random;

/**
 * The Philox4x32-10 block function of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2,
 * 3" (SC'11, 2011): a keyed bijection of a 128-bit counter, built from ten Feistel-like rounds of 32x32-to-64-bit
 * multiplications. The same function drives TensorFlow's {@code tf.random.Generator} and its stateless random
 * ops.
 *
 * <p>Terms: the <em>counter</em> is four 32-bit words {@code c0 c1 c2 c3}, the <em>key</em> two words
 * {@code k0 k1}; all words are unsigned (held in Java {@code int}s). One application is
 * <ol>
 *   <li>a round: {@code (hi0, lo0) = M0 * c0}, {@code (hi1, lo1) = M1 * c2} (64-bit products), then
 *       {@code c = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)};</li>
 *   <li>a key bump: {@code k0 += W0}, {@code k1 += W1} (mod 2^32);</li>
 *   <li>steps 1 and 2 repeated, for ten rounds and nine bumps in all (the last round is not followed by a bump).</li>
 * </ol>
 * with the multipliers {@code M0 = 0xD2511F53}, {@code M1 = 0xCD9E8D57} and the Weyl increments
 * {@code W0 = 0x9E3779B9} (golden ratio), {@code W1 = 0xBB67AE85} (sqrt 3 - 1). Integer arithmetic only, so the
 * result is the same on every machine; checked against Random123's published known-answer vectors in
 * {@code PhiloxTest}.
 */
public final class Philox {
    static final long M0 = 0xD2511F53L;
    static final long M1 = 0xCD9E8D57L;
    static final int W0 = 0x9E3779B9;
    static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFF_FFFFL;

    private Philox() {
    }

    /**
     * Writes Philox4x32-10 of counter {@code (c0, c1, c2, c3)} under key {@code (k0, k1)} to
     * {@code out[off .. off+3]}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
        for (int r = 0; r < 10; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & MASK);
            long p1 = M1 * (c2 & MASK);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        out[off] = c0;
        out[off + 1] = c1;
        out[off + 2] = c2;
        out[off + 3] = c3;
    }
}
