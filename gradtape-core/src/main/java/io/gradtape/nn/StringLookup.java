package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Maps string tokens to integer indices through a vocabulary (Keras's {@code StringLookup},
 * keras/src/layers/preprocessing/string_lookup.py and index_lookup.py). gradtape has no string tensors, so tokens
 * come in as Java strings: a {@code String[]} stands for a rank-1 string tensor, a rectangular {@code String[][]}
 * for a rank-2 one; the output is a tensor. Not a {@link Module}: it has no variables, and its vocabulary is
 * kept by the caller (Keras saves it as an asset, not a weight): {@link #getVocabulary()} and
 * {@link Builder#vocabulary}.
 *
 * <p><b>Indices</b> (Keras's defaults: {@code numOovIndices = 1}, no mask token, OOV token {@code "[UNK]"}): with a
 * mask token and the {@code "int"} output, index 0 is the mask; then {@code numOovIndices} indices for tokens
 * not in the vocabulary (with more than one, an unknown token goes to its FarmHash bucket among them, SipHash-2-4 when a
 * {@link Builder#salt(long) salt} is set, as in Keras: {@link Builder#numOovIndices}); then the vocabulary. So by default {@code "[UNK]"} is 0 and the vocabulary starts
 * at 1. {@link #adapt(String[][])} orders the tokens by descending count, ties by descending token (UTF-8 byte order),
 * as Keras's {@code np.lexsort((tokens, counts))[::-1]}, and keeps the first {@code maxTokens} indices (the special
 * ones included).
 *
 * <p><b>Outputs</b> ({@link Builder#outputMode}): {@code "int"}, int64 indices of the input's shape; or encodings
 * over the vocabulary as {@link CategoryEncoding} makes them, float32: {@code "one_hot"}, {@code "multi_hot"},
 * {@code "count"}, and {@code "tf_idf"} (counts times the IDF weights {@code log(1 + documents / (1 + documents
 * containing the token))}, the OOV index weighing their mean). Outside {@code "int"}, the mask token counts for
 * nothing. With {@link Builder#invert}, {@link #callInverted} maps indices back to tokens.
 *
 * <pre>{@code
 * StringLookup lookup = StringLookup.builder().vocabulary(List.of("a", "b", "c", "d")).build();
 * lookup.call(new String[][] {{"a", "c", "d"}, {"d", "z", "b"}});   // [[1, 3, 4], [4, 0, 2]], int64
 * }</pre>
 */
public final class StringLookup {
    private final String name;
    private final IndexLookup<String> table;

    private StringLookup(Builder b) {
        this.name = b.name != null ? b.name : "string_lookup";
        this.table = new IndexLookup<>(() -> this.name, "StringLookup", b.maxTokens, b.numOovIndices, b.maskToken,
                b.oovToken, b.invert, b.outputMode, b.padToMaxTokens, IndexLookup.UTF8_ORDER, false, false,
                b.salt);
        if (b.vocabulary != null) {
            table.setVocabulary(b.vocabulary, b.idfWeights);
        } else if (b.idfWeights != null) {
            throw new IllegalArgumentException(name + ": idfWeights need a vocabulary");
        }
    }

    /**
     * A builder for the options, Keras's defaults unless set.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().maxTokens(1000).outputMode("multi_hot").build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of a {@link StringLookup}.
     *
     * <pre>{@code
     * StringLookup.Builder b = StringLookup.builder().maskToken("").numOovIndices(1).oovToken("[UNK]");
     * }</pre>
     */
    public static final class Builder extends LookupBuilder<Builder, String> {
        private Builder() {
            super("[UNK]");
        }

        /**
         * The token of the OOV index (Keras's {@code oov_token}, default {@code "[UNK]"}): what
         * {@link #getVocabulary()} shows there and what {@link #callInverted} gives for an unknown index.
         *
         * <pre>{@code
         * StringLookup.builder().oovToken("<unk>");
         * }</pre>
         *
         * @param oovToken the token
         * @return this builder
         */
        public Builder oovToken(String oovToken) {
            this.oovToken = Objects.requireNonNull(oovToken, "StringLookup: oovToken is null");
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * StringLookup lookup = StringLookup.builder().build();   // adapt it before use
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException for an invalid option or vocabulary
         */
        public StringLookup build() {
            return new StringLookup(this);
        }
    }

    /**
     * Learns the vocabulary from tokens, each its own document (Keras's {@code adapt} of a rank-1 array), replacing
     * any learned before. A failed call changes nothing.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().build();
     * lookup.adapt("b", "a", "b", "c", "a", "b");
     * lookup.getVocabulary();   // [[UNK], b, a, c]
     * }</pre>
     *
     * @param tokens at least one token, none null
     * @throws IllegalStateException    if a vocabulary was given
     * @throws IllegalArgumentException if there is no token
     */
    public void adapt(String... tokens) {
        Objects.requireNonNull(tokens, () -> name + ": adapt data is null");
        List<List<String>> docs = new ArrayList<>();
        for (String t : tokens) {
            docs.add(List.of(Objects.requireNonNull(t, () -> name + ": an adapt token is null")));
        }
        table.adapt(docs);
    }

    /**
     * Learns the vocabulary from documents, one row each (Keras's {@code adapt} of a rank-2 array; rows may differ
     * in length, as a ragged tensor's), replacing any learned before. In {@code "tf_idf"} the rows are the documents
     * of the document frequencies. A failed call changes nothing.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().outputMode("tf_idf").build();
     * lookup.adapt(new String[][] {{"a", "b"}, {"a"}});
     * }</pre>
     *
     * @param documents the rows of tokens
     * @throws IllegalStateException    if a vocabulary was given
     * @throws IllegalArgumentException if there is no token
     */
    public void adapt(String[][] documents) {
        Objects.requireNonNull(documents, () -> name + ": adapt data is null");
        List<List<String>> docs = new ArrayList<>();
        for (String[] d : documents) {
            docs.add(Arrays.asList(Objects.requireNonNull(d, () -> name + ": an adapt row is null")));
        }
        table.adapt(docs);
    }

    /**
     * The indices (or encoding) of a rank-1 input: {@code "int"} gives int64 {@code (n,)}; {@code "one_hot"}
     * {@code (n, depth)}; the other modes take the tokens as one sample, {@code (depth,)}.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().vocabulary(List.of("a", "b")).build();
     * lookup.call("b", "x", "a");   // [2, 0, 1]
     * }</pre>
     *
     * @param tokens the tokens, none null
     * @return the output
     * @throws IllegalStateException    if there is no vocabulary yet, or the layer is inverted
     * @throws IllegalArgumentException if {@code numOovIndices} is 0 and a token is unknown
     */
    public Tensor call(String... tokens) {
        Objects.requireNonNull(tokens, () -> name + ": input is null");
        return lookup(Arrays.asList(tokens), new int[] {tokens.length});
    }

    /**
     * The indices (or encoding) of a rank-2 input {@code (rows, cols)}: {@code "int"} gives int64
     * {@code (rows, cols)}; {@code "multi_hot"}, {@code "count"} and {@code "tf_idf"} one sample per row,
     * {@code (rows, depth)}; {@code "one_hot"} {@code (rows, cols, depth)}, or {@code (rows, depth)} when
     * {@code cols} is 1.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().vocabulary(List.of("a", "b")).outputMode("multi_hot").build();
     * lookup.call(new String[][] {{"a", "a"}, {"b", "x"}});   // [[0, 1, 0], [1, 0, 1]]
     * }</pre>
     *
     * @param tokens rectangular rows of tokens
     * @return the output
     * @throws IllegalStateException    if there is no vocabulary yet, or the layer is inverted
     * @throws IllegalArgumentException if the rows differ in length, or {@code numOovIndices} is 0 and a token is
     *                                  unknown
     */
    public Tensor call(String[][] tokens) {
        Objects.requireNonNull(tokens, () -> name + ": input is null");
        int cols = tokens.length == 0 ? 0 : Objects.requireNonNull(tokens[0], () -> name + ": an input row is null").length;
        List<String> flat = new ArrayList<>();
        for (int r = 0; r < tokens.length; r++) {
            String[] row = Objects.requireNonNull(tokens[r], () -> name + ": an input row is null");
            if (row.length != cols) {
                throw new IllegalArgumentException(name + ": the input rows must have one length, row 0 has " + cols
                        + " tokens and row " + r + " has " + row.length);
            }
            flat.addAll(Arrays.asList(row));
        }
        return lookup(flat, new int[] {tokens.length, cols});
    }

    private Tensor lookup(List<String> tokens, int[] shape) {
        if (table.invert) {
            throw new IllegalStateException(name + ": the layer is inverted: it maps indices to tokens with"
                    + " callInverted(ids)");
        }
        long[] ids = table.lookup(tokens, io.gradtape.Shape.of(shape).toString());
        if (table.outputMode.equals("int")) {
            return Tensors.constant(ids, shape);
        }
        return table.encode(ids, shape);
    }

    /**
     * The tokens of indices, for an inverted layer ({@link Builder#invert}): row-major, of the indices' size; the
     * mask token for 0 when there is one, the OOV token for an OOV index or one outside the vocabulary.
     *
     * <pre>{@code
     * StringLookup inv = StringLookup.builder().vocabulary(List.of("a", "b")).invert(true).build();
     * inv.callInverted(Tensors.constant(new long[] {1, 2, 0, 7}, 4));   // [a, b, [UNK], [UNK]]
     * }</pre>
     *
     * @param ids int32 or int64 indices, any shape
     * @return the tokens, row-major
     * @throws IllegalStateException    if the layer is not inverted or has no vocabulary yet
     * @throws IllegalArgumentException if the indices are not integers
     */
    public String[] callInverted(Tensor ids) {
        Objects.requireNonNull(ids, () -> name + ": input is null");
        if (!table.invert) {
            throw new IllegalStateException(name + ": callInverted needs a layer built with invert(true)");
        }
        if (!ids.dtype().isInteger()) {
            throw new IllegalArgumentException(name + ": an inverted StringLookup needs int32 or int64 indices, got"
                    + " shape " + ids.shape() + " and dtype " + ids.dtype());
        }
        return table.invertLookup(ids.toLongArray()).toArray(new String[0]);
    }

    /**
     * Replaces the vocabulary (Keras's {@code set_vocabulary}); afterwards {@code adapt} is an error. A failed call
     * changes nothing.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().build();
     * lookup.setVocabulary(List.of("x", "y"));
     * }</pre>
     *
     * @param vocabulary distinct tokens, not empty
     * @throws IllegalArgumentException as {@link Builder#vocabulary}, or in the {@code "tf_idf"} mode (which needs
     *                                  {@link #setVocabulary(List, double[])})
     */
    public void setVocabulary(List<String> vocabulary) {
        table.setVocabulary(vocabulary, null);
    }

    /**
     * Replaces the vocabulary and its IDF weights, for the {@code "tf_idf"} mode.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().outputMode("tf_idf").build();
     * lookup.setVocabulary(List.of("x", "y"), new double[] {0.4, 0.9});
     * }</pre>
     *
     * @param vocabulary distinct tokens, not empty
     * @param idfWeights one weight per vocabulary entry
     * @throws IllegalArgumentException for an invalid vocabulary, or weights of another length
     */
    public void setVocabulary(List<String> vocabulary, double[] idfWeights) {
        table.setVocabulary(vocabulary, Objects.requireNonNull(idfWeights, () -> name + ": idfWeights is null"));
    }

    /**
     * The vocabulary with the special tokens, each at its index (Keras's {@code get_vocabulary()}).
     *
     * <pre>{@code
     * StringLookup.builder().maskToken("").vocabulary(List.of("a")).build().getVocabulary();   // [, [UNK], a]
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<String> getVocabulary() {
        return table.vocabulary(true);
    }

    /**
     * The vocabulary, with or without the mask and OOV tokens.
     *
     * <pre>{@code
     * StringLookup.builder().vocabulary(List.of("a")).build().getVocabulary(false);   // [a]
     * }</pre>
     *
     * @param includeSpecialTokens whether to include them
     * @return an unmodifiable list
     */
    public List<String> getVocabulary(boolean includeSpecialTokens) {
        return table.vocabulary(includeSpecialTokens);
    }

    /**
     * The number of indices, special ones included (Keras's {@code vocabulary_size()}).
     *
     * <pre>{@code
     * StringLookup.builder().vocabulary(List.of("a", "b")).build().vocabularySize();   // 3
     * }</pre>
     *
     * @return the size
     */
    public int vocabularySize() {
        return table.vocabularySize();
    }

    /**
     * The IDF weights of the {@code "tf_idf"} mode, one per output index (float32 values); null otherwise.
     *
     * <pre>{@code
     * StringLookup lookup = StringLookup.builder().outputMode("tf_idf").build();
     * lookup.adapt(new String[][] {{"a", "b"}, {"a"}});
     * lookup.idfWeights();   // [mean, log(1 + 2/3), log(1 + 2/2)]
     * }</pre>
     *
     * @return a copy, or null
     */
    public double[] idfWeights() {
        return table.idfWeights();
    }

    /**
     * The name used in messages.
     *
     * <pre>{@code
     * StringLookup.builder().build().name();   // "string_lookup"
     * }</pre>
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
