package io.gradtape.nn;

/**
 * The options {@link StringLookup.Builder} and {@link IntegerLookup.Builder} share beyond the vocabulary's (Keras's
 * {@code IndexLookup} arguments {@code num_oov_indices}, {@code mask_token} and {@code invert},
 * keras/src/layers/preprocessing/index_lookup.py); each layer's builder adds its {@code oovToken} setter (of a
 * String, of a long) and {@code build()}. The examples use {@link StringLookup}; they read the same for
 * {@link IntegerLookup} with integer tokens.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <T> the token type: String or Long
 */
abstract class LookupBuilder<B extends LookupBuilder<B, T>, T> extends VocabularyBuilder<B, T> {
    int numOovIndices = 1;
    T maskToken;
    T oovToken;
    boolean invert;
    long[] salt;

    LookupBuilder(T oovToken) {
        this.oovToken = oovToken;
    }

    /**
     * The number of indices for out-of-vocabulary tokens (Keras's {@code num_oov_indices}, default 1); 0 makes an
     * unknown token an error. With more, an unknown string goes to the OOV index of its bucket: FarmHash's
     * {@code Fingerprint64} of its UTF-8 bytes modulo {@code numOovIndices} (TensorFlow's
     * {@code to_hash_bucket_fast}, as Keras), or SipHash-2-4 with a {@link #salt(long, long) salt}; an unknown integer {@code t} to
     * {@code floorMod(t, numOovIndices)}, or with {@code IntegerLookup}'s {@code oovMethod("farmhash")} to the
     * bucket of its decimal string.
     *
     * <pre>{@code
     * StringLookup.builder().numOovIndices(0);
     * }</pre>
     *
     * @param numOovIndices non-negative
     * @return this builder
     */
    public B numOovIndices(int numOovIndices) {
        this.numOovIndices = numOovIndices;
        return self();
    }

    /**
     * The token that means padding (Keras's {@code mask_token}); null (the default) for none. In the {@code "int"}
     * output it takes index 0; in the others it counts for nothing.
     *
     * <pre>{@code
     * StringLookup.builder().maskToken("");
     * }</pre>
     *
     * @param maskToken the token, or null
     * @return this builder
     */
    public B maskToken(T maskToken) {
        this.maskToken = maskToken;
        return self();
    }

    /**
     * Whether the layer maps indices to tokens (Keras's {@code invert}); needs the {@code "int"} output.
     *
     * <pre>{@code
     * StringLookup.builder().vocabulary(List.of("a", "b")).invert(true);
     * }</pre>
     *
     * @param invert whether to invert
     * @return this builder
     */
    public B invert(boolean invert) {
        this.invert = invert;
        return self();
    }

    /**
     * Hashes unknown tokens into the OOV indices with SipHash-2-4 keyed by {@code (salt, salt)} instead of FarmHash
     * (Keras's single-integer {@code salt}; TensorFlow's {@code to_hash_bucket_strong}). Read only with
     * {@code numOovIndices > 1}. For {@code IntegerLookup} it needs {@code oovMethod("farmhash")}: with the default
     * {@code "floormod"} its {@code build()} throws, whatever {@code numOovIndices} (1 included), as Keras's
     * {@code IntegerLookup} refuses a salt without {@code oov_method="farmhash"}.
     *
     * <pre>{@code
     * StringLookup.builder().numOovIndices(4).salt(133);   // as salt(133, 133)
     * }</pre>
     *
     * @param salt both halves of the key
     * @return this builder
     */
    public B salt(long salt) {
        return salt(salt, salt);
    }

    /**
     * Hashes unknown tokens into the OOV indices with SipHash-2-4 keyed by {@code (k0, k1)} (Keras's two-integer
     * {@code salt}), as {@link Hashing.Builder#salt(long, long)}; read as {@link #salt(long)} is (for
     * {@code IntegerLookup} only with {@code oovMethod("farmhash")}, else {@code build()} throws).
     *
     * <pre>{@code
     * StringLookup.builder().numOovIndices(4).salt(133, 137);
     * }</pre>
     *
     * @param k0 the key's first word
     * @param k1 the key's second word
     * @return this builder
     */
    public B salt(long k0, long k1) {
        this.salt = new long[] {k0, k1};
        return self();
    }
}
