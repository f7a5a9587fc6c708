package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Maps integer tokens to indices through a vocabulary (Keras's {@code IntegerLookup},
 * keras/src/layers/preprocessing/integer_lookup.py and index_lookup.py), with {@link StringLookup}'s rules:
 * Keras's defaults {@code numOovIndices = 1}, no mask token, OOV token {@code -1}; with a mask token and the
 * {@code "int"} output index 0 is the mask, then the OOV indices, then the vocabulary; {@link #adapt(Tensor)} orders
 * the tokens by descending count, ties by descending value (Keras's {@code np.lexsort((tokens, counts))[::-1]}),
 * keeping the first {@code maxTokens} indices. With more than one OOV index an unknown token {@code t} goes to OOV
 * index {@code floorMod(t, numOovIndices)} (Keras's default {@code oov_method="floormod"}), or with
 * {@link Builder#oovMethod oovMethod("farmhash")} to the FarmHash bucket of its decimal string.
 *
 * <p>Outputs: {@code "int"} int64 indices of the input's shape, or the float32 encodings {@code "one_hot"},
 * {@code "multi_hot"}, {@code "count"}, {@code "tf_idf"} (see {@link StringLookup}). With {@link Builder#invert} the
 * layer maps indices back to tokens, int64. A module without variables (Keras keeps the vocabulary as an asset, not
 * a weight): keep {@link #getVocabulary()} to rebuild the layer. Not differentiable.
 *
 * <pre>{@code
 * IntegerLookup lookup = IntegerLookup.builder().vocabulary(List.of(12L, 36L, 1138L, 42L)).build();
 * lookup.call(Tensors.constant(new long[][] {{12, 1138, 42}, {42, 1000, 36}}));   // [[1, 3, 4], [4, 0, 2]]
 * }</pre>
 */
public class IntegerLookup extends Module {
    private final IndexLookup<Long> table;

    private IntegerLookup(Builder b) {
        super(b.name);
        this.table = new IndexLookup<>(this::name, "IntegerLookup", b.maxTokens, b.numOovIndices, b.maskToken,
                b.oovToken, b.invert, b.outputMode, b.padToMaxTokens, Long::compare, true,
                b.oovMethod.equals("farmhash"), b.salt);
        if (b.vocabulary != null) {
            table.setVocabulary(b.vocabulary, b.idfWeights);
        } else if (b.idfWeights != null) {
            throw new IllegalArgumentException("IntegerLookup: idfWeights need a vocabulary");
        }
    }

    /**
     * A builder for the options, Keras's defaults unless set.
     *
     * <pre>{@code
     * IntegerLookup lookup = IntegerLookup.builder().maxTokens(100).maskToken(0L).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of an {@link IntegerLookup}; see {@link StringLookup.Builder} for their meaning.
     *
     * <pre>{@code
     * IntegerLookup.Builder b = IntegerLookup.builder().numOovIndices(2).outputMode("multi_hot");
     * }</pre>
     */
    public static final class Builder extends LookupBuilder<Builder, Long> {
        private String oovMethod = "floormod";

        private Builder() {
            super(-1L);
        }

        /**
         * How unknown tokens are spread over more than one OOV index (Keras's {@code oov_method}):
         * {@code "floormod"} (the default), {@code floorMod(t, numOovIndices)}, which crowds IDs with a common factor
         * into few indices; or {@code "farmhash"}, the FarmHash {@code Fingerprint64} (SipHash-2-4 with a salt) of
         * the token's decimal string modulo {@code numOovIndices}, as {@link Hashing} bins it.
         *
         * <pre>{@code
         * IntegerLookup.builder().numOovIndices(4).oovMethod("farmhash");
         * }</pre>
         *
         * @param oovMethod {@code "floormod"} or {@code "farmhash"}
         * @return this builder
         * @throws IllegalArgumentException for another method
         */
        public Builder oovMethod(String oovMethod) {
            if (!"floormod".equals(oovMethod) && !"farmhash".equals(oovMethod)) {
                throw new IllegalArgumentException("IntegerLookup: oovMethod must be \"floormod\" or \"farmhash\", got "
                        + (oovMethod == null ? "null" : "\"" + oovMethod + "\""));
            }
            this.oovMethod = oovMethod;
            return this;
        }

        /**
         * The OOV token (default -1): shown by {@link #getVocabulary()} and returned by an inverted layer for an
         * unknown index.
         *
         * <pre>{@code
         * IntegerLookup.builder().oovToken(-7L);
         * }</pre>
         *
         * @param oovToken the token
         * @return this builder
         */
        public Builder oovToken(long oovToken) {
            this.oovToken = oovToken;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * IntegerLookup lookup = IntegerLookup.builder().build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException for an invalid option or vocabulary, or a {@link #salt(long) salt} with
         *                                  the default {@code oovMethod("floormod")} (even with
         *                                  {@code numOovIndices} 1, as Keras)
         */
        public IntegerLookup build() {
            return new IntegerLookup(this);
        }
    }

    /**
     * Learns the vocabulary from all of {@code data} (Keras's {@code adapt} of an array): a rank-1 tensor's elements
     * are each a document, a rank-2 tensor's rows are (this matters for {@code "tf_idf"} only). Replaces any
     * vocabulary learned before; a failed call changes nothing.
     *
     * <pre>{@code
     * IntegerLookup lookup = IntegerLookup.builder().build();
     * lookup.adapt(Tensors.constant(new int[] {12, 1138, 42, 42, 1000, 36}, 6));
     * lookup.getVocabulary();   // [-1, 42, 1138, 1000, 36, 12]
     * }</pre>
     *
     * @param data int32 or int64 tokens, of rank at most 2
     * @throws IllegalStateException    if a vocabulary was given
     * @throws IllegalArgumentException if the data is not integer, of rank above 2, or empty
     */
    public void adapt(Tensor data) {
        Objects.requireNonNull(data, () -> name() + ": adapt data is null");
        checkTokens(data, "adapt data");
        table.adapt(documents(data, true));
    }

    /**
     * Learns the vocabulary from the first component ({@link io.gradtape.data.Batch#x()}) of each element of a
     * finite dataset, as Keras's {@code adapt} of a batched {@code tf.data.Dataset}: the rows of a rank-2 batch are
     * documents, a rank-1 (or scalar) batch is one. A failed call changes nothing.
     *
     * <pre>{@code
     * IntegerLookup lookup = IntegerLookup.builder().build();
     * lookup.adapt(Dataset.fromTensorSlices(Tensors.constant(new long[] {5, 5, 9}, 3)).batch(2));
     * lookup.getVocabulary();   // [-1, 5, 9]
     * }</pre>
     *
     * @param data a finite dataset of int32 or int64 batches of rank at most 2
     * @throws IllegalStateException    if a vocabulary was given
     * @throws IllegalArgumentException if the dataset is infinite or has no token, or a batch is not integer or of
     *                                  rank above 2
     */
    public void adapt(Dataset data) {
        Objects.requireNonNull(data, () -> name() + ": adapt data is null");
        if (data.cardinality() == Dataset.INFINITE) {
            throw new IllegalArgumentException(name() + ": adapt needs a finite dataset, got an infinite one: " + data);
        }
        List<List<Long>> docs = new ArrayList<>();
        try (Dataset.ElementIterator it = data.iterator()) {
            while (it.hasNext()) {
                Tensor x = it.next().x();
                checkTokens(x, "adapt batch");
                docs.addAll(documents(x, false));
            }
        }
        table.adapt(docs);
    }

    private void checkTokens(Tensor x, String what) {
        if (!x.dtype().isInteger() || x.rank() > 2) {
            throw new IllegalArgumentException(name() + ": IntegerLookup needs int32 or int64 " + what + " of rank at"
                    + " most 2, got shape " + x.shape() + " and dtype " + x.dtype());
        }
    }

    /** Keras's documents: the rows of a rank-2 tensor; of a rank-1 one its elements (adapt) or all of it (a batch). */
    private static List<List<Long>> documents(Tensor x, boolean elementsOfRank1) {
        long[] v = x.toLongArray();
        List<List<Long>> docs = new ArrayList<>();
        if (x.rank() == 2) {
            int cols = x.shape().dim(1);
            for (int r = 0; r < x.shape().dim(0); r++) {
                List<Long> d = new ArrayList<>();
                for (int c = 0; c < cols; c++) {
                    d.add(v[r * cols + c]);
                }
                docs.add(d);
            }
        } else if (x.rank() == 1 && elementsOfRank1) {
            for (long t : v) {
                docs.add(List.of(t));
            }
        } else {
            List<Long> d = new ArrayList<>();
            for (long t : v) {
                d.add(t);
            }
            docs.add(d);
        }
        return docs;
    }

    /**
     * The indices of the tokens ({@code "int"}, int64, the input's shape), their encoding (float32; see
     * {@link StringLookup#call(String[][])} for the shapes), or, inverted, the tokens of indices (int64).
     *
     * <pre>{@code
     * IntegerLookup lookup = IntegerLookup.builder().vocabulary(List.of(7L, 3L)).outputMode("count").build();
     * lookup.call(Tensors.constant(new int[] {3, 3, 8}, 3));   // [1, 0, 2]
     * }</pre>
     *
     * @param x int32 or int64 tokens (or indices, inverted)
     * @return the output
     * @throws IllegalStateException    if there is no vocabulary yet
     * @throws IllegalArgumentException if the input is not integer, {@code numOovIndices} is 0 and a token is
     *                                  unknown, or the input's rank is above 2 in {@code "multi_hot"},
     *                                  {@code "count"} or {@code "tf_idf"} (as {@link CategoryEncoding})
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!x.dtype().isInteger()) {
            throw new IllegalArgumentException(name() + ": IntegerLookup needs int32 or int64 input, got shape "
                    + x.shape() + " and dtype " + x.dtype());
        }
        long[] v = x.toLongArray();
        int[] shape = x.shape().dims();
        if (table.invert) {
            List<Long> tokens = table.invertLookup(v);
            long[] out = new long[tokens.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = tokens.get(i);
            }
            return Hashing.int64(out, shape);
        }
        List<Long> in = new ArrayList<>(v.length);
        for (long t : v) {
            in.add(t);
        }
        long[] ids = table.lookup(in, x.shape().toString());
        return table.outputMode.equals("int") ? Hashing.int64(ids, shape) : table.encode(ids, shape);
    }

    /**
     * Replaces the vocabulary; afterwards {@code adapt} is an error. A failed call changes nothing.
     *
     * <pre>{@code
     * IntegerLookup lookup = IntegerLookup.builder().build();
     * lookup.setVocabulary(List.of(4L, 8L));
     * }</pre>
     *
     * @param vocabulary distinct tokens, not empty
     * @throws IllegalArgumentException for an invalid vocabulary, or in the {@code "tf_idf"} mode
     */
    public void setVocabulary(List<Long> vocabulary) {
        table.setVocabulary(vocabulary, null);
    }

    /**
     * Replaces the vocabulary and its IDF weights, for the {@code "tf_idf"} mode.
     *
     * <pre>{@code
     * IntegerLookup lookup = IntegerLookup.builder().outputMode("tf_idf").build();
     * lookup.setVocabulary(List.of(4L, 8L), new double[] {0.3, 0.7});
     * }</pre>
     *
     * @param vocabulary distinct tokens, not empty
     * @param idfWeights one per vocabulary entry
     * @throws IllegalArgumentException for an invalid vocabulary or weights
     */
    public void setVocabulary(List<Long> vocabulary, double[] idfWeights) {
        table.setVocabulary(vocabulary, Objects.requireNonNull(idfWeights, () -> name() + ": idfWeights is null"));
    }

    /**
     * The vocabulary with the special tokens, each at its index.
     *
     * <pre>{@code
     * IntegerLookup.builder().vocabulary(List.of(7L)).build().getVocabulary();   // [-1, 7]
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<Long> getVocabulary() {
        return table.vocabulary(true);
    }

    /**
     * The vocabulary, with or without the special tokens.
     *
     * <pre>{@code
     * IntegerLookup.builder().vocabulary(List.of(7L)).build().getVocabulary(false);   // [7]
     * }</pre>
     *
     * @param includeSpecialTokens whether to include them
     * @return an unmodifiable list
     */
    public List<Long> getVocabulary(boolean includeSpecialTokens) {
        return table.vocabulary(includeSpecialTokens);
    }

    /**
     * The number of indices, special ones included.
     *
     * <pre>{@code
     * IntegerLookup.builder().vocabulary(List.of(7L)).build().vocabularySize();   // 2
     * }</pre>
     *
     * @return the size
     */
    public int vocabularySize() {
        return table.vocabularySize();
    }

    /**
     * The IDF weights of the {@code "tf_idf"} mode, one per output index; null otherwise.
     *
     * <pre>{@code
     * IntegerLookup.builder().outputMode("tf_idf").build().idfWeights();   // null before adapt
     * }</pre>
     *
     * @return a copy, or null
     */
    public double[] idfWeights() {
        return table.idfWeights();
    }
}
