package io.gradtape.nn;

import io.gradtape.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The vocabulary and the lookup rules that {@link StringLookup}, {@link IntegerLookup} and {@link TextVectorization}
 * share (Keras's {@code IndexLookup}, keras/src/layers/preprocessing/index_lookup.py).
 *
 * <p>Indices: with a mask token in the {@code int} mode, 0 is the mask; then {@code numOovIndices} indices for
 * tokens out of the vocabulary; then the vocabulary's tokens. Adapting counts the tokens and orders them by
 * descending count, ties by descending token (Keras's {@code np.lexsort((tokens, counts))[::-1]}; strings compare
 * as their UTF-8 bytes), keeping the first {@code maxTokens} minus the special indices.
 *
 * <p>An unknown token goes to the OOV index; with {@code numOovIndices > 1} to the OOV index of its bucket (Keras's
 * {@code _lookup_dense}): {@code floorMod(t, numOovIndices)} for an integer by default, otherwise TensorFlow's
 * {@code tf.strings.to_hash_bucket_fast} of the string, or of the integer's decimal string
 * ({@code to_hash_bucket_strong} with a salt); see {@link Hashing}.
 *
 * @param <T> String or Long
 */
final class IndexLookup<T> {
    /** The layer that holds the table: its name, for messages (the token order is the constructor's {@code order}). */
    interface Owner {
        String name();
    }

    static final Comparator<String> UTF8_ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(x, y);
    };

    final Owner owner;
    final String kind;
    final Integer maxTokens;
    final int numOovIndices;
    final T maskToken;
    final T oovToken;
    final boolean invert;
    final String outputMode;
    final boolean padToMaxTokens;
    final Comparator<T> order;
    /** Whether the tokens are integers (Long): their OOV index is floorMod or the hash of their decimal string. */
    final boolean integer;
    /**
     * With {@code numOovIndices > 1}: whether an unknown integer goes to the OOV index of its decimal string's hash
     * (Keras's {@code oov_method="farmhash"}) rather than {@code floorMod(t, numOovIndices)}; strings always hash.
     */
    final boolean hashIntegers;
    /** The SipHash key of the OOV hashing (Keras's {@code salt}), or null for FarmHash. */
    final long[] salt;

    private boolean hasInputVocabulary;
    /** The learned or given tokens, without the special ones; null before any. */
    private List<T> tokens;
    private Map<T, Integer> index;
    /** float32-rounded, of the output depth; tf_idf only. */
    private double[] idf;

    IndexLookup(Owner owner, String kind, Integer maxTokens, int numOovIndices, T maskToken, T oovToken, boolean invert,
                String outputMode, boolean padToMaxTokens, Comparator<T> order, boolean integer,
                boolean hashIntegers, long[] salt) {
        this.owner = owner;
        this.kind = kind;
        String mode = "binary".equals(outputMode) ? "multi_hot" : "tf-idf".equals(outputMode) ? "tf_idf" : outputMode;
        CategoricalOutput.checkMode(kind, mode, "int", "one_hot", "multi_hot", "count", "tf_idf");
        if (maxTokens != null && maxTokens <= 1) {
            throw new IllegalArgumentException(kind + ": maxTokens must be greater than 1 if set, got " + maxTokens);
        }
        if (padToMaxTokens && maxTokens == null) {
            throw new IllegalArgumentException(kind + ": padToMaxTokens needs maxTokens");
        }
        if (numOovIndices < 0) {
            throw new IllegalArgumentException(kind + ": numOovIndices must be >= 0, got " + numOovIndices);
        }
        if (integer && !hashIntegers && salt != null) {
            throw new IllegalArgumentException(kind + ": salt is only read with oovMethod \"farmhash\" (it keys the"
                    + " hash of unknown integers), the layer's is \"floormod\"");
        }
        if (invert && !mode.equals("int")) {
            throw new IllegalArgumentException(kind + ": invert needs outputMode \"int\", got \"" + mode + "\"");
        }
        this.maxTokens = maxTokens;
        this.numOovIndices = numOovIndices;
        this.maskToken = maskToken;
        this.oovToken = oovToken;
        this.invert = invert;
        this.outputMode = mode;
        this.padToMaxTokens = padToMaxTokens;
        this.order = order;
        this.integer = integer;
        this.hashIntegers = hashIntegers;
        this.salt = salt == null ? null : salt.clone();
    }

    int oovStart() {
        return maskToken != null && outputMode.equals("int") ? 1 : 0;
    }

    int tokenStart() {
        return oovStart() + numOovIndices;
    }

    boolean hasVocabulary() {
        return tokens != null;
    }

    int vocabularySize() {
        return tokenStart() + (tokens == null ? 0 : tokens.size());
    }

    int depth() {
        return padToMaxTokens ? maxTokens : vocabularySize();
    }

    List<T> vocabulary(boolean includeSpecialTokens) {
        List<T> out = new ArrayList<>();
        if (includeSpecialTokens) {
            for (int i = 0; i < tokenStart(); i++) {
                out.add(i == 0 && oovStart() == 1 ? maskToken : oovToken);
            }
        }
        if (tokens != null) {
            out.addAll(tokens);
        }
        return Collections.unmodifiableList(out);
    }

    double[] idfWeights() {
        return idf == null ? null : idf.clone();
    }

    /** Keras's {@code set_vocabulary}: every check first, then the change. */
    void setVocabulary(List<T> vocabulary, double[] idfWeights) {
        Objects.requireNonNull(vocabulary, () -> owner.name() + ": vocabulary is null");
        if (outputMode.equals("tf_idf") && idfWeights == null) {
            throw new IllegalArgumentException(owner.name() + ": idfWeights must be given with the vocabulary in the"
                    + " \"tf_idf\" output mode");
        }
        if (!outputMode.equals("tf_idf") && idfWeights != null) {
            throw new IllegalArgumentException(owner.name() + ": idfWeights are only read in the \"tf_idf\" output"
                    + " mode, the layer's is \"" + outputMode + "\"");
        }
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException(owner.name() + ": cannot set an empty vocabulary");
        }
        for (int i = 0; i < vocabulary.size(); i++) {
            Objects.requireNonNull(vocabulary.get(i), () -> owner.name() + ": a vocabulary token is null");
        }
        int tokenStart = tokenStart();
        List<T> special = vocabulary(true).subList(0, tokenStart);
        boolean foundSpecial = vocabulary.size() >= tokenStart && vocabulary.subList(0, tokenStart).equals(special);
        List<T> toks = new ArrayList<>(foundSpecial ? vocabulary.subList(tokenStart, vocabulary.size()) : vocabulary);
        Map<T, Integer> counts = new LinkedHashMap<>();
        for (T t : toks) {
            counts.merge(t, 1, Integer::sum);
        }
        List<T> repeated = new ArrayList<>();
        counts.forEach((t, c) -> {
            if (c > 1) {
                repeated.add(t);
            }
        });
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException(owner.name() + ": the vocabulary repeats the terms " + repeated);
        }
        if (maskToken != null && counts.containsKey(maskToken)) {
            throw new IllegalArgumentException(owner.name() + ": the mask token " + show(maskToken) + " is in the"
                    + " vocabulary at index " + vocabulary.lastIndexOf(maskToken) + "; leave the special tokens out,"
                    + " or put them all first in this order: " + special);
        }
        if (invert && oovToken != null && counts.containsKey(oovToken)) {
            throw new IllegalArgumentException(owner.name() + ": the OOV token " + show(oovToken) + " is in the"
                    + " vocabulary at index " + vocabulary.lastIndexOf(oovToken) + "; leave the special tokens out,"
                    + " or put them all first in this order: " + special);
        }
        int size = tokenStart + toks.size();
        if (maxTokens != null && size > maxTokens) {
            throw new IllegalArgumentException(owner.name() + ": the vocabulary has " + size + " entries with the"
                    + " special ones, more than maxTokens = " + maxTokens);
        }
        double[] weights = null;
        if (idfWeights != null) {
            if (idfWeights.length != vocabulary.size()) {
                throw new IllegalArgumentException(owner.name() + ": idfWeights has " + idfWeights.length
                        + " entries but the vocabulary " + vocabulary.size());
            }
            int front = foundSpecial ? 0 : tokenStart;
            double frontValue = foundSpecial ? 0 : f32(mean(idfWeights));
            int back = padToMaxTokens ? maxTokens - front - idfWeights.length : 0;
            weights = new double[front + idfWeights.length + Math.max(0, back)];
            Arrays.fill(weights, 0, front, frontValue);
            for (int i = 0; i < idfWeights.length; i++) {
                weights[front + i] = f32(idfWeights[i]);
            }
        }
        install(toks, weights);
        hasInputVocabulary = true;
    }

    private void install(List<T> toks, double[] weights) {
        Map<T, Integer> ix = new HashMap<>();
        for (int i = 0; i < toks.size(); i++) {
            ix.put(toks.get(i), tokenStart() + i);
        }
        tokens = Collections.unmodifiableList(new ArrayList<>(toks));
        index = ix;
        idf = weights;
    }

    /**
     * Keras's {@code adapt}: counts the tokens of the documents (each an array of tokens), orders them and keeps the
     * most frequent; in {@code tf_idf} also the document frequencies and the IDF weights
     * {@code log(1 + documents / (1 + documentCount))}, the special indices weighing their mean.
     */
    void adapt(Iterable<List<T>> documents) {
        if (hasInputVocabulary) {
            throw new IllegalStateException(owner.name() + ": cannot adapt after a vocabulary was set (given to the"
                    + " builder or by setVocabulary)");
        }
        Map<T, Long> counts = new HashMap<>();
        Map<T, Long> docCounts = new HashMap<>();
        long numDocuments = 0;
        long seen = 0;
        for (List<T> doc : documents) {
            numDocuments++;
            Set<T> unique = new HashSet<>();
            for (T t : doc) {
                Objects.requireNonNull(t, () -> owner.name() + ": an adapt token is null");
                counts.merge(t, 1L, Long::sum);
                unique.add(t);
                seen++;
            }
            for (T t : unique) {
                docCounts.merge(t, 1L, Long::sum);
            }
        }
        if (seen == 0) {
            throw new IllegalArgumentException(owner.name() + ": adapt needs at least one token, got none");
        }
        if (maskToken != null) {
            counts.remove(maskToken);
        }
        if (oovToken != null) {
            counts.remove(oovToken);
        }
        List<T> sorted = new ArrayList<>(counts.keySet());
        sorted.sort((a, b) -> {
            int c = Long.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : order.compare(b, a);
        });
        if (maxTokens != null) {
            int keep = Math.max(0, maxTokens - tokenStart());
            if (sorted.size() > keep) {
                sorted = new ArrayList<>(sorted.subList(0, keep));
            }
        }
        double[] weights = null;
        if (outputMode.equals("tf_idf")) {
            double[] w = new double[sorted.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = f32(Math.log(1 + (double) numDocuments / (1 + docCounts.get(sorted.get(i)))));
            }
            double front = w.length == 0 ? Double.NaN : f32(mean(w));
            int len = tokenStart() + w.length;
            weights = new double[padToMaxTokens ? Math.max(len, maxTokens) : len];
            Arrays.fill(weights, 0, tokenStart(), front);
            System.arraycopy(w, 0, weights, tokenStart(), w.length);
        }
        install(sorted, weights);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double f32(double v) {
        return (float) v;
    }

    /** The index of each token (Keras's {@code _lookup_dense}); {@code CategoricalOutput.DROP} for a masked one outside int. */
    long[] lookup(List<T> in, String shape) {
        checkVocabulary();
        long[] out = new long[in.size()];
        for (int i = 0; i < out.length; i++) {
            T t = in.get(i);
            Objects.requireNonNull(t, () -> owner.name() + ": an input token is null");
            if (maskToken != null && maskToken.equals(t)) {
                out[i] = outputMode.equals("int") ? 0 : CategoricalOutput.DROP;
                continue;
            }
            Integer ix = index.get(t);
            if (ix != null) {
                out[i] = ix;
            } else if (numOovIndices == 0) {
                throw new IllegalArgumentException(owner.name() + ": with numOovIndices = 0 every input must be in the"
                        + " vocabulary, found " + show(t) + " in the input of shape " + shape);
            } else if (numOovIndices == 1) {
                out[i] = oovStart();
            } else if (integer && !hashIntegers) {
                out[i] = Math.floorMod((Long) t, (long) numOovIndices) + oovStart();
            } else {
                out[i] = Hashing.toHashBucket(String.valueOf(t), salt, numOovIndices, owner.name(), i) + oovStart();
            }
        }
        return out;
    }

    /** The token of each index (Keras's inverted lookup): the mask token at 0 with one, the OOV token elsewhere. */
    List<T> invertLookup(long[] ids) {
        checkVocabulary();
        List<T> out = new ArrayList<>(ids.length);
        int start = tokenStart();
        for (long id : ids) {
            if (maskToken != null && id == 0) {
                out.add(maskToken);
            } else if (id >= start && id - start < tokens.size()) {
                out.add(tokens.get((int) (id - start)));
            } else {
                out.add(oovToken);
            }
        }
        return out;
    }

    /** The encoding of looked-up indices in a non-int mode (Keras's {@code encode_categorical_inputs}). */
    Tensor encode(long[] ids, int[] shape) {
        return CategoricalOutput.encode(owner.name(), outputMode.equals("tf_idf") ? "count" : outputMode, ids, shape,
                depth(), null, outputMode.equals("tf_idf") ? idf : null);
    }

    private void checkVocabulary() {
        if (tokens == null) {
            throw new IllegalStateException(owner.name() + ": " + kind + " has no vocabulary yet: call adapt(data)"
                    + " first, or give a vocabulary");
        }
    }

    String show(T t) {
        return t instanceof String ? "\"" + t + "\"" : String.valueOf(t);
    }
}
