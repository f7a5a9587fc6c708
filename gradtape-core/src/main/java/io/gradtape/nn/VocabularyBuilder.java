package io.gradtape.nn;

import java.util.List;

/**
 * The vocabulary options {@link StringLookup.Builder}, {@link IntegerLookup.Builder} and
 * {@link TextVectorization.Builder} share (Keras's {@code max_tokens}, {@code vocabulary}, {@code idf_weights},
 * {@code output_mode}, {@code pad_to_max_tokens} and the name, which {@code IndexLookup} and
 * {@code TextVectorization} take alike); {@link LookupBuilder} adds the lookup layers' own. The examples use
 * {@link StringLookup}; they read the same for the other two.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <T> the token type: String or Long
 */
abstract class VocabularyBuilder<B extends VocabularyBuilder<B, T>, T> {
    Integer maxTokens;
    List<T> vocabulary;
    double[] idfWeights;
    String outputMode = "int";
    boolean padToMaxTokens;
    String name;

    VocabularyBuilder() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /**
     * The largest vocabulary size, the special indices (mask or padding, OOV) included (Keras's
     * {@code max_tokens}); null (the default) for no limit.
     *
     * <pre>{@code
     * StringLookup.builder().maxTokens(20000);
     * }</pre>
     *
     * @param maxTokens greater than 1, or null
     * @return this builder
     */
    public B maxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
        return self();
    }

    /**
     * A fixed vocabulary (Keras's {@code vocabulary}), without the special tokens or with all of them first in
     * index order; then {@code adapt} is an error.
     *
     * <pre>{@code
     * StringLookup.builder().vocabulary(List.of("cat", "dog"));
     * }</pre>
     *
     * @param vocabulary distinct tokens, none the mask token
     * @return this builder
     */
    public B vocabulary(List<T> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
        return self();
    }

    /**
     * The IDF weights of a fixed vocabulary in the {@code "tf_idf"} mode, one per vocabulary entry.
     *
     * <pre>{@code
     * StringLookup.builder().outputMode("tf_idf").vocabulary(List.of("a", "b")).idfWeights(0.5, 0.25);
     * }</pre>
     *
     * @param idfWeights the weights
     * @return this builder
     */
    public B idfWeights(double... idfWeights) {
        this.idfWeights = idfWeights.clone();
        return self();
    }

    /**
     * The output: {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"}, {@code "count"} or
     * {@code "tf_idf"} ({@link TextVectorization} refuses {@code "one_hot"}, whose output would be rank 3).
     *
     * <pre>{@code
     * StringLookup.builder().outputMode("count");
     * }</pre>
     *
     * @param outputMode the mode
     * @return this builder
     */
    public B outputMode(String outputMode) {
        this.outputMode = outputMode;
        return self();
    }

    /**
     * Whether the encodings have {@code maxTokens} entries whatever the vocabulary's size (Keras's
     * {@code pad_to_max_tokens}).
     *
     * <pre>{@code
     * StringLookup.builder().maxTokens(100).padToMaxTokens(true).outputMode("multi_hot");
     * }</pre>
     *
     * @param pad whether to pad
     * @return this builder
     */
    public B padToMaxTokens(boolean pad) {
        this.padToMaxTokens = pad;
        return self();
    }

    /**
     * The name in messages; null (the default) for the layer's Keras name ({@code string_lookup},
     * {@code integer_lookup}, {@code text_vectorization}).
     *
     * <pre>{@code
     * StringLookup.builder().name("colors");
     * }</pre>
     *
     * @param name the name
     * @return this builder
     */
    public B name(String name) {
        this.name = name;
        return self();
    }
}
