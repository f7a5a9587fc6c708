package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns strings into token indices or bag-of-words vectors (Keras's {@code TextVectorization},
 * keras/src/layers/preprocessing/text_vectorization.py). Each string goes through:
 * <ol>
 *   <li>standardize: {@code "lower_and_strip_punctuation"} (default) lowercases ASCII letters A-Z (TensorFlow's
 *       {@code tf.strings.lower} without an encoding) and removes the ASCII punctuation
 *       <code>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</code> (Keras's regex); {@code "lower"},
 *       {@code "strip_punctuation"}, null for none, or a function;</li>
 *   <li>split: {@code "whitespace"} (default; runs of ASCII whitespace, no empty tokens, as
 *       {@code tf.strings.split}), {@code "character"} (Unicode code points), null (the whole string is one
 *       token), or a function;</li>
 *   <li>ngrams: for {@code ngrams(n)} the widths 1 to n, or the widths given, each row's n-grams of each width in
 *       turn joined by a space ({@code tf.strings.ngrams} with {@code separator=" "});</li>
 *   <li>lookup, as a {@link StringLookup} with mask token {@code ""} and OOV token {@code "[UNK]"}: in the
 *       {@code "int"} output 0 is padding and 1 is {@code [UNK]}, the vocabulary from 2; in the others {@code [UNK]}
 *       is 0.</li>
 * </ol>
 * {@code "int"} (the default) gives int64 {@code (texts, length)}: padded with 0 at the end and truncated to
 * {@code outputSequenceLength}, or without it padded to the longest text of the call. {@code "multi_hot"},
 * {@code "count"} and {@code "tf_idf"} give float32 {@code (texts, vocabularySize)} (with {@code padToMaxTokens},
 * {@code maxTokens}). Not a {@link Module} (strings are not tensors); no variables. {@link #adapt} learns the
 * vocabulary by descending frequency, ties by descending token, keeping {@code maxTokens} indices with the special
 * ones.
 *
 * <pre>{@code
 * TextVectorization vectorize = TextVectorization.builder().maxTokens(5000).outputSequenceLength(4).build();
 * vectorize.adapt("The cat sat.", "The dog sat!", "A cat.");
 * vectorize.getVocabulary();         // [, [UNK], the, sat, cat, dog, a]
 * vectorize.call("the cat ran");     // [[2, 4, 1, 0]]
 * }</pre>
 */
public final class TextVectorization {
    /** Keras's punctuation class (text_vectorization.py {@code _preprocess}): Python's string.punctuation. */
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~']");
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

    private final String name;
    private final Function<String, String> standardize;
    private final Function<String, List<String>> split;
    private final int[] ngrams;
    private final String outputMode;
    private final Integer outputSequenceLength;
    private final IndexLookup<String> table;

    private TextVectorization(Builder b) {
        this.name = b.name != null ? b.name : "text_vectorization";
        this.standardize = b.standardize;
        this.split = b.split;
        this.ngrams = b.ngrams;
        String mode = "binary".equals(b.outputMode) ? "multi_hot" : "tf-idf".equals(b.outputMode) ? "tf_idf" : b.outputMode;
        this.outputMode = CategoricalOutput.checkMode("TextVectorization", mode, "int", "one_hot", "multi_hot",
                "count", "tf_idf");
        if (outputSequenceLength(b) != null && !mode.equals("int")) {
            throw new IllegalArgumentException("TextVectorization: outputSequenceLength is only read in the \"int\""
                    + " output mode, got \"" + mode + "\"");
        }
        if (mode.equals("one_hot")) {
            // Keras's one_hot of (texts, tokens) ids would be rank 3, past its encodings' maximum rank 2
            throw new IllegalArgumentException("TextVectorization: outputMode \"one_hot\" would encode a rank-3 output"
                    + " (texts, tokens, vocabulary), which Keras's encodings refuse; use \"multi_hot\" or \"count\"");
        }
        this.outputSequenceLength = b.outputSequenceLength;
        this.table = new IndexLookup<>(() -> this.name, "TextVectorization", b.maxTokens, 1, "", "[UNK]", false, mode,
                b.padToMaxTokens, IndexLookup.UTF8_ORDER, false, false, null);
        if (b.vocabulary != null) {
            table.setVocabulary(b.vocabulary, b.idfWeights);
        } else if (b.idfWeights != null) {
            throw new IllegalArgumentException(name + ": idfWeights need a vocabulary");
        }
    }

    private static Integer outputSequenceLength(Builder b) {
        return b.outputSequenceLength;
    }

    /**
     * A builder for the options, Keras's defaults unless set.
     *
     * <pre>{@code
     * TextVectorization v = TextVectorization.builder().maxTokens(20000).outputMode("multi_hot").ngrams(2).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of a {@link TextVectorization}.
     *
     * <pre>{@code
     * TextVectorization.Builder b = TextVectorization.builder().standardize("lower").split("whitespace");
     * }</pre>
     */
    public static final class Builder extends VocabularyBuilder<Builder, String> {
        private Function<String, String> standardize = TextVectorization::lowerAndStripPunctuation;
        private Function<String, List<String>> split = TextVectorization::splitWhitespace;
        private int[] ngrams;
        private Integer outputSequenceLength;

        private Builder() {
        }

        /**
         * A named standardization: {@code "lower_and_strip_punctuation"} (default), {@code "lower"},
         * {@code "strip_punctuation"}, or null for none.
         *
         * <pre>{@code
         * TextVectorization.builder().standardize("lower");
         * }</pre>
         *
         * @param standardize the name, or null
         * @return this builder
         * @throws IllegalArgumentException for another name
         */
        public Builder standardize(String standardize) {
            if (standardize == null) {
                this.standardize = s -> s;
            } else if (standardize.equals("lower_and_strip_punctuation")) {
                this.standardize = TextVectorization::lowerAndStripPunctuation;
            } else if (standardize.equals("lower")) {
                this.standardize = TextVectorization::lowerAscii;
            } else if (standardize.equals("strip_punctuation")) {
                this.standardize = s -> PUNCTUATION.matcher(s).replaceAll("");
            } else {
                throw new IllegalArgumentException("TextVectorization: standardize must be \"lower_and_strip_punctuation\","
                        + " \"lower\", \"strip_punctuation\" or null, got \"" + standardize + "\"");
            }
            return this;
        }

        /**
         * A standardization function of each string (Keras's callable {@code standardize}).
         *
         * <pre>{@code
         * TextVectorization.builder().standardize(s -> s.toLowerCase(Locale.ROOT).replace("<br />", " "));
         * }</pre>
         *
         * @param standardize the function
         * @return this builder
         */
        public Builder standardize(Function<String, String> standardize) {
            this.standardize = Objects.requireNonNull(standardize, "TextVectorization: standardize is null");
            return this;
        }

        /**
         * A named split: {@code "whitespace"} (default), {@code "character"}, or null for none.
         *
         * <pre>{@code
         * TextVectorization.builder().split("character");
         * }</pre>
         *
         * @param split the name, or null
         * @return this builder
         * @throws IllegalArgumentException for another name
         */
        public Builder split(String split) {
            if (split == null) {
                this.split = List::of;
            } else if (split.equals("whitespace")) {
                this.split = TextVectorization::splitWhitespace;
            } else if (split.equals("character")) {
                this.split = s -> s.codePoints().mapToObj(Character::toString).toList();
            } else {
                throw new IllegalArgumentException("TextVectorization: split must be \"whitespace\", \"character\" or"
                        + " null, got \"" + split + "\"");
            }
            return this;
        }

        /**
         * A split function of each standardized string into tokens (Keras's callable {@code split}).
         *
         * <pre>{@code
         * TextVectorization.builder().split(s -> Arrays.asList(s.split(",")));
         * }</pre>
         *
         * @param split the function
         * @return this builder
         */
        public Builder split(Function<String, List<String>> split) {
            this.split = Objects.requireNonNull(split, "TextVectorization: split is null");
            return this;
        }

        /**
         * The n-grams of widths 1 to {@code n} (Keras's {@code ngrams=n}).
         *
         * <pre>{@code
         * TextVectorization.builder().ngrams(2);   // words and word pairs
         * }</pre>
         *
         * @param n positive
         * @return this builder
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Builder ngrams(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("TextVectorization: ngrams must be positive, got " + n);
            }
            this.ngrams = java.util.stream.IntStream.rangeClosed(1, n).toArray();
            return this;
        }

        /**
         * The n-grams of the given widths, in this order (Keras's {@code ngrams=(w1, w2, ...)}).
         *
         * <pre>{@code
         * TextVectorization.builder().ngramWidths(2, 3);
         * }</pre>
         *
         * @param widths positive widths
         * @return this builder
         * @throws IllegalArgumentException if a width is not positive
         */
        public Builder ngramWidths(int... widths) {
            for (int w : widths) {
                if (w < 1) {
                    throw new IllegalArgumentException("TextVectorization: ngram widths must be positive, got "
                            + Arrays.toString(widths));
                }
            }
            this.ngrams = widths.clone();
            return this;
        }

        /**
         * The length of each {@code "int"} output row: shorter texts padded with 0 at the end, longer ones cut
         * (Keras's {@code output_sequence_length}); null (the default) for the longest text of each call.
         *
         * <pre>{@code
         * TextVectorization.builder().outputSequenceLength(200);
         * }</pre>
         *
         * @param length non-negative, or null
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder outputSequenceLength(Integer length) {
            if (length != null && length < 0) {
                throw new IllegalArgumentException("TextVectorization: outputSequenceLength must be >= 0, got " + length);
            }
            this.outputSequenceLength = length;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * TextVectorization v = TextVectorization.builder().build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException for incompatible options or an invalid vocabulary
         */
        public TextVectorization build() {
            return new TextVectorization(this);
        }
    }

    private static String lowerAscii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    private static String lowerAndStripPunctuation(String s) {
        return PUNCTUATION.matcher(lowerAscii(s)).replaceAll("");
    }

    private static List<String> splitWhitespace(String s) {
        List<String> out = new ArrayList<>();
        for (String t : WHITESPACE.split(s)) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Standardize, split and n-grams of one string (Keras's {@code _preprocess}). */
    private List<String> tokens(String text) {
        Objects.requireNonNull(text, () -> name + ": a text is null");
        String s = Objects.requireNonNull(standardize.apply(text), () -> name + ": standardize returned null");
        List<String> toks = Objects.requireNonNull(split.apply(s), () -> name + ": split returned null");
        if (ngrams == null) {
            return toks;
        }
        List<String> out = new ArrayList<>();
        for (int w : ngrams) {
            for (int i = 0; i + w <= toks.size(); i++) {
                out.add(String.join(" ", toks.subList(i, i + w)));
            }
        }
        return out;
    }

    /**
     * Learns the vocabulary from texts, each one document (Keras's {@code adapt} of a list of strings), replacing
     * any learned before. A failed call changes nothing.
     *
     * <pre>{@code
     * TextVectorization v = TextVectorization.builder().build();
     * v.adapt("b a b", "c a b");
     * v.getVocabulary();   // [, [UNK], b, a, c]
     * }</pre>
     *
     * @param texts at least one token in all
     * @throws IllegalStateException    if a vocabulary was given
     * @throws IllegalArgumentException if the texts hold no token
     */
    public void adapt(String... texts) {
        adapt(Arrays.asList(Objects.requireNonNull(texts, () -> name + ": adapt data is null")));
    }

    /**
     * Learns the vocabulary from texts, each one document, read once in order (a list, or a stream of a corpus too
     * large to hold as an array), replacing any learned before. A failed call changes nothing.
     *
     * <pre>{@code
     * TextVectorization v = TextVectorization.builder().maxTokens(100).build();
     * v.adapt(List.of("first text", "second text"));
     * }</pre>
     *
     * @param texts the texts
     * @throws IllegalStateException    if a vocabulary was given
     * @throws IllegalArgumentException if the texts hold no token
     */
    public void adapt(Iterable<String> texts) {
        Objects.requireNonNull(texts, () -> name + ": adapt data is null");
        List<List<String>> docs = new ArrayList<>();
        for (String t : texts) {
            docs.add(tokens(t));
        }
        table.adapt(docs);
    }

    /**
     * The vectors of texts: int64 {@code (texts, length)} of indices in the {@code "int"} mode (0 pads), float32
     * {@code (texts, depth)} in the others.
     *
     * <pre>{@code
     * TextVectorization v = TextVectorization.builder().vocabulary(List.of("the", "cat")).build();
     * v.call("The cat!", "the dog");   // [[2, 3], [2, 1]]
     * }</pre>
     *
     * @param texts the texts
     * @return the output
     * @throws IllegalStateException if there is no vocabulary yet
     */
    public Tensor call(String... texts) {
        Objects.requireNonNull(texts, () -> name + ": input is null");
        List<long[]> rows = new ArrayList<>();
        int longest = 0;
        for (String t : texts) {
            List<String> toks = tokens(t);
            long[] ids = table.lookup(toks, "(" + texts.length + ",)");
            rows.add(ids);
            longest = Math.max(longest, ids.length);
        }
        if (outputMode.equals("int")) {
            int len = outputSequenceLength != null ? outputSequenceLength : longest;
            long[] out = new long[Math.multiplyExact(texts.length, len)];
            for (int r = 0; r < rows.size(); r++) {
                long[] ids = rows.get(r);
                System.arraycopy(ids, 0, out, r * len, Math.min(len, ids.length));
            }
            return Tensors.constant(out, texts.length, len);
        }
        // a bag per text: the ids of every text side by side, the ones past a text's end dropped
        long[] flat = new long[Math.multiplyExact(texts.length, longest)];
        Arrays.fill(flat, CategoricalOutput.DROP);
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, flat, r * longest, rows.get(r).length);
        }
        if (texts.length > 0 && longest == 0) {
            return table.encode(new long[0], new int[] {texts.length, 0});
        }
        return table.encode(flat, new int[] {texts.length, longest});
    }

    /**
     * Replaces the vocabulary; afterwards {@code adapt} is an error. A failed call changes nothing.
     *
     * <pre>{@code
     * TextVectorization v = TextVectorization.builder().build();
     * v.setVocabulary(List.of("yes", "no"));
     * }</pre>
     *
     * @param vocabulary distinct tokens
     * @throws IllegalArgumentException for an invalid vocabulary, or in the {@code "tf_idf"} mode
     */
    public void setVocabulary(List<String> vocabulary) {
        table.setVocabulary(vocabulary, null);
    }

    /**
     * Replaces the vocabulary and its IDF weights, for the {@code "tf_idf"} mode.
     *
     * <pre>{@code
     * TextVectorization v = TextVectorization.builder().outputMode("tf_idf").build();
     * v.setVocabulary(List.of("yes", "no"), new double[] {0.5, 0.8});
     * }</pre>
     *
     * @param vocabulary distinct tokens
     * @param idfWeights one per vocabulary entry
     * @throws IllegalArgumentException for an invalid vocabulary or weights
     */
    public void setVocabulary(List<String> vocabulary, double[] idfWeights) {
        table.setVocabulary(vocabulary, Objects.requireNonNull(idfWeights, () -> name + ": idfWeights is null"));
    }

    /**
     * The vocabulary with {@code ""} (padding) and {@code [UNK]} at their indices.
     *
     * <pre>{@code
     * TextVectorization.builder().vocabulary(List.of("a")).build().getVocabulary();   // [, [UNK], a]
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<String> getVocabulary() {
        return table.vocabulary(true);
    }

    /**
     * The vocabulary, with or without the special tokens.
     *
     * <pre>{@code
     * TextVectorization.builder().vocabulary(List.of("a")).build().getVocabulary(false);   // [a]
     * }</pre>
     *
     * @param includeSpecialTokens whether to include them
     * @return an unmodifiable list
     */
    public List<String> getVocabulary(boolean includeSpecialTokens) {
        return table.vocabulary(includeSpecialTokens);
    }

    /**
     * The number of indices, special ones included: the size of an {@link Embedding}'s input for the {@code "int"}
     * output.
     *
     * <pre>{@code
     * TextVectorization.builder().vocabulary(List.of("a", "b")).build().vocabularySize();   // 4
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
     * TextVectorization.builder().build().idfWeights();   // null
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
     * TextVectorization.builder().build().name();   // "text_vectorization"
     * }</pre>
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
