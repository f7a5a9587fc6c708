package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StringLookup, IntegerLookup and TextVectorization against Keras 3's rules (keras/src/layers/preprocessing/
 * index_lookup.py, string_lookup.py, integer_lookup.py, text_vectorization.py). Most expected values are the
 * docstring examples of those files; the others are derived by hand from the rules quoted, IDF weights by NumPy.
 */
class LookupLayersTest {
    private static final List<String> ABCD = List.of("a", "b", "c", "d");
    private static final String[][] DATA = {{"a", "c", "d"}, {"d", "z", "b"}};
    private static final String[][] DATA4 = {{"a", "c", "d", "d"}, {"d", "z", "b", "z"}};

    // ------------------------------------------------------------------ StringLookup

    @Test
    void stringLookupDocstringExamples() {
        // string_lookup.py docstring: known vocabulary, then adapted (ties by descending token), then the encodings
        Tensor ids = StringLookup.builder().vocabulary(ABCD).build().call(DATA);
        assertEquals(DType.INT64, ids.dtype());
        assertArrayEquals(new long[] {1, 3, 4, 4, 0, 2}, ids.toLongArray());
        StringLookup adapted = StringLookup.builder().build();
        adapted.adapt(DATA);
        assertEquals(List.of("[UNK]", "d", "z", "c", "b", "a"), adapted.getVocabulary());
        assertArrayEquals(new long[] {5, 3, 1, 1, 2, 4}, adapted.call(DATA).toLongArray());
        Tensor oneHot = StringLookup.builder().vocabulary(ABCD).outputMode("one_hot").build().call("a", "b", "c", "d", "z");
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0},
                oneHot.toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 1, 0, 1, 0, 1},
                StringLookup.builder().vocabulary(ABCD).outputMode("multi_hot").build().call(DATA4).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 2, 0, 1, 0, 1},
                StringLookup.builder().vocabulary(ABCD).outputMode("count").build().call(DATA4).toFloatArray());
        // tf_idf with given weights: the OOV index weighs their mean 0.5, or its own weight when given first
        StringLookup tfidf = StringLookup.builder().outputMode("tf_idf").build();
        tfidf.setVocabulary(ABCD, new double[] {0.25, 0.75, 0.6, 0.4});
        assertArrayEquals(new float[] {0, 0.25f, 0, 0.6f, 0.8f, 1.0f, 0, 0.75f, 0, 0.4f}, tfidf.call(DATA4).toFloatArray());
        StringLookup tfidfOov = StringLookup.builder().outputMode("tf_idf").build();
        tfidfOov.setVocabulary(List.of("[UNK]", "a", "b", "c", "d"), new double[] {0.9, 0.25, 0.75, 0.6, 0.4});
        assertArrayEquals(new float[] {0, 0.25f, 0, 0.6f, 0.8f, 1.8f, 0, 0.75f, 0, 0.4f}, tfidfOov.call(DATA4).toFloatArray());
        // inverse lookup
        StringLookup inv = StringLookup.builder().vocabulary(ABCD).invert(true).build();
        assertArrayEquals(new String[] {"a", "c", "d", "d", "[UNK]", "b"},
                inv.callInverted(Tensors.constant(new long[][] {{1, 3, 4}, {4, 0, 2}})));
    }

    @Test
    void stringLookupTfIdfAdaptMaskAndMaxTokens() {
        // adapt in tf_idf: documents [a, b] and [a]; idf = log(1 + 2 / (1 + docs)), float32, the OOV index their
        // float32 mean (NumPy: [0.51082563, 0.6931472], mean 0.6019864)
        StringLookup tfidf = StringLookup.builder().outputMode("tf_idf").build();
        tfidf.adapt(new String[][] {{"a", "b"}, {"a"}});
        assertEquals(List.of("[UNK]", "a", "b"), tfidf.getVocabulary());
        assertArrayEquals(new double[] {0.6019864082336426, 0.5108256340026855, 0.6931471824645996}, tfidf.idfWeights());
        assertArrayEquals(new float[] {0.6019864f, 1.0216513f, 0}, tfidf.call("a", "a", "z").toFloatArray());
        // a mask token takes index 0 in the int mode; outside it, it counts for nothing
        StringLookup masked = StringLookup.builder().maskToken("").vocabulary(List.of("a")).build();
        assertEquals(List.of("", "[UNK]", "a"), masked.getVocabulary());
        assertArrayEquals(new long[] {0, 2, 1}, masked.call("", "a", "q").toLongArray());
        StringLookup maskedHot = StringLookup.builder().maskToken("").vocabulary(List.of("a")).outputMode("multi_hot").build();
        assertEquals(List.of("[UNK]", "a"), maskedHot.getVocabulary());
        assertArrayEquals(new float[] {0, 1}, maskedHot.call("", "a").toFloatArray());
        // maxTokens counts the special indices: 3 keeps the two most frequent tokens
        StringLookup top = StringLookup.builder().maxTokens(3).build();
        top.adapt("x", "y", "y", "z", "z", "z", "w");
        assertEquals(List.of("[UNK]", "z", "y"), top.getVocabulary());
        // ties compare as UTF-8 bytes (U+1F600 after U+E000), not as Java's UTF-16 compareTo
        StringLookup utf8 = StringLookup.builder().build();
        utf8.adapt("\uE000", "\uD83D\uDE00");
        assertEquals(List.of("[UNK]", "\uD83D\uDE00", "\uE000"), utf8.getVocabulary());
        // padToMaxTokens widens the encodings
        StringLookup padded = StringLookup.builder().maxTokens(6).padToMaxTokens(true).outputMode("count").vocabulary(ABCD).build();
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 0}, padded.call("a", "q").toFloatArray());
    }

    @Test
    void stringLookupErrorsChangeNothing() {
        StringLookup strict = StringLookup.builder().numOovIndices(0).vocabulary(ABCD).build();
        assertEquals(List.of("a", "b", "c", "d"), strict.getVocabulary());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.call("a", "zz"));
        assertEquals("string_lookup: with numOovIndices = 0 every input must be in the vocabulary, found \"zz\" in the"
                + " input of shape (2,)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.builder().vocabulary(List.of("a", "a")).build());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.builder().maskToken("").vocabulary(List.of("a", "")).build());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.builder().maxTokens(1).build());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.builder().invert(true).outputMode("count").build());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.builder().maxTokens(3).vocabulary(ABCD).build());
        assertThrows(IllegalStateException.class, () -> StringLookup.builder().build().call("a"));
        assertThrows(IllegalStateException.class, () -> StringLookup.builder().vocabulary(ABCD).build().adapt("a"));
        assertThrows(IllegalArgumentException.class, () -> StringLookup.builder().vocabulary(ABCD).build()
                .call(new String[][] {{"a"}, {"a", "b"}}));
        StringLookup lookup = StringLookup.builder().build();
        lookup.adapt("a", "b", "b");
        assertThrows(IllegalArgumentException.class, () -> lookup.adapt(new String[0]));
        assertThrows(NullPointerException.class, () -> lookup.adapt("c", null));
        assertEquals(List.of("[UNK]", "b", "a"), lookup.getVocabulary());
        StringLookup fixed = StringLookup.builder().vocabulary(ABCD).build();
        assertThrows(IllegalArgumentException.class, () -> fixed.setVocabulary(List.of("x", "x")));
        assertEquals(List.of("[UNK]", "a", "b", "c", "d"), fixed.getVocabulary());
    }

    // ------------------------------------------------------------------ IntegerLookup

    @Test
    void integerLookupDocstringExamples() {
        // integer_lookup.py docstring
        Tensor data = Tensors.constant(new long[][] {{12, 1138, 42}, {42, 1000, 36}});
        List<Long> vocab = List.of(12L, 36L, 1138L, 42L);
        assertArrayEquals(new long[] {1, 3, 4, 4, 0, 2}, IntegerLookup.builder().vocabulary(vocab).build().call(data).toLongArray());
        IntegerLookup adapted = IntegerLookup.builder().build();
        adapted.adapt(data);
        assertEquals(List.of(-1L, 42L, 1138L, 1000L, 36L, 12L), adapted.getVocabulary());
        assertArrayEquals(new long[] {5, 2, 1, 1, 3, 4}, adapted.call(data).toLongArray());
        // two OOV indices: floorMod(37, 2) = 1, floorMod(1000, 2) = 0
        assertArrayEquals(new long[] {2, 4, 5, 1, 0, 3}, IntegerLookup.builder().vocabulary(vocab).numOovIndices(2).build()
                .call(Tensors.constant(new long[][] {{12, 1138, 42}, {37, 1000, 36}})).toLongArray());
        // floormod of a negative token is non-negative: floorMod(-3, 2) = 1
        assertArrayEquals(new long[] {1}, IntegerLookup.builder().vocabulary(vocab).numOovIndices(2).build()
                .call(Tensors.constant(new int[] {-3}, 1)).toLongArray());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0},
                IntegerLookup.builder().vocabulary(vocab).outputMode("one_hot").build()
                        .call(Tensors.constant(new int[] {12, 36, 1138, 42, 7}, 5)).toFloatArray());
        Tensor data4 = Tensors.constant(new int[][] {{12, 1138, 42, 42}, {42, 7, 36, 7}});
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 2, 0, 1, 0, 1},
                IntegerLookup.builder().vocabulary(vocab).outputMode("count").build().call(data4).toFloatArray());
        assertArrayEquals(new float[] {0, 0.25f, 0, 0.6f, 0.8f, 1.0f, 0, 0.75f, 0, 0.4f}, IntegerLookup.builder()
                .outputMode("tf_idf").vocabulary(vocab).idfWeights(0.25, 0.75, 0.6, 0.4).build().call(data4).toFloatArray());
        IntegerLookup inv = IntegerLookup.builder().vocabulary(vocab).invert(true).build();
        assertArrayEquals(new long[] {12, 1138, 42, 42, -1, 36}, inv.call(Tensors.constant(new long[][] {{1, 3, 4}, {4, 0, 2}})).toLongArray());
    }

    @Test
    void integerLookupAdaptOnDatasetAndErrors() {
        // batches [5, 5] and [9]: counts 5 -> 2, 9 -> 1
        IntegerLookup lookup = IntegerLookup.builder().maskToken(0L).build();
        lookup.adapt(Dataset.fromTensorSlices(Tensors.constant(new long[] {5, 5, 9, 0}, 4)).batch(2));
        assertEquals(List.of(0L, -1L, 5L, 9L), lookup.getVocabulary());
        assertArrayEquals(new long[] {0, 2, 3, 1}, lookup.call(Tensors.constant(new int[] {0, 5, 9, 4}, 4)).toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lookup.call(Tensors.ones(DType.FLOAT32, 2)));
        assertTrue(e.getMessage().startsWith("integer_lookup: IntegerLookup needs int32 or int64 input, got shape (2,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lookup.adapt(Dataset.fromTensorSlices(Tensors.ones(DType.FLOAT32, 2)).batch(1)));
        assertThrows(IllegalArgumentException.class, () -> lookup.adapt(Tensors.zeros(DType.INT32, 0)));
        assertEquals(List.of(0L, -1L, 5L, 9L), lookup.getVocabulary());
        assertTrue(lookup.variables().isEmpty());
        // multi_hot on a rank-3 input: Keras 3's call (backend nn.multi_hot) reduces axis 1 while index_lookup.py's
        // compute_output_shape drops the last axis, so it is refused naming the layer and the shape
        IntegerLookup hot = IntegerLookup.builder().vocabulary(List.of(5L, 9L)).outputMode("multi_hot").build();
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> hot.call(Tensors.constant(new long[] {5, 9, 5, 9}, 1, 2, 2)));
        assertTrue(r.getMessage().startsWith("integer_lookup: outputMode \"multi_hot\"") && r.getMessage().contains("(1, 2, 2)"),
                r.getMessage());
        // one_hot of a rank-3 input appends the depth axis, as Keras's call and compute_output_shape both do
        assertArrayEquals(new int[] {1, 2, 2, 3}, IntegerLookup.builder().vocabulary(List.of(5L, 9L)).outputMode("one_hot")
                .build().call(Tensors.constant(new long[] {5, 9, 5, 9}, 1, 2, 2)).shape().dims());
    }

    // ------------------------------------------------------------------ TextVectorization

    @Test
    void textVectorizationDocstringExamples() {
        // text_vectorization.py docstring: adapt on three texts, output_sequence_length 4
        TextVectorization v = TextVectorization.builder().maxTokens(5000).outputSequenceLength(4).build();
        v.adapt("foo bar", "bar baz", "baz bada boom");
        Tensor out = v.call("foo qux bar", "qux baz");
        assertEquals(DType.INT64, out.dtype());
        assertArrayEquals(new long[] {4, 1, 3, 0, 1, 2, 0, 0}, out.toLongArray());
        TextVectorization given = TextVectorization.builder().maxTokens(5000).outputSequenceLength(4)
                .vocabulary(List.of("earth", "wind", "and", "fire")).build();
        assertEquals(List.of("", "[UNK]", "earth", "wind", "and", "fire"), given.getVocabulary());
    }

    @Test
    void textVectorizationStandardizeSplitNgramsAndModes() {
        // lower ASCII only (tf.strings.lower without encoding) and strip string.punctuation; whitespace runs split
        TextVectorization v = TextVectorization.builder().vocabulary(List.of("hello", "world", "état", "don't")).build();
        // "Hello,  WORLD!\t\u00c9tat don't" -> "hello world \u00c9tat dont": \u00c9 is kept, the apostrophe removed
        assertArrayEquals(new long[] {2, 3, 1, 1, 0, 0, 0, 0}, v.call("Hello,  WORLD!\t\u00c9tat don't", "").toLongArray());
        // without outputSequenceLength the rows pad to the longest text of the call; an empty call of empties is (n, 0)
        assertEquals(List.of(2, 0), List.of(v.call("", "...").shape().dims()[0], v.call("", "...").shape().dims()[1]));
        // bigrams after unigrams, in order: "a b c" -> a, b, c, "a b", "b c"
        TextVectorization bi = TextVectorization.builder().ngrams(2).standardize((String) null).split("whitespace").build();
        bi.adapt("a b c");
        // all counted once: descending order, "b c" above its prefix "b"
        assertEquals(List.of("", "[UNK]", "c", "b c", "b", "a b", "a"), bi.getVocabulary());
        assertArrayEquals(new long[] {6, 4, 2, 5, 3}, bi.call("a b c").toLongArray());
        // character split; multi_hot and count over [UNK], then the vocabulary
        TextVectorization chars = TextVectorization.builder().split("character").outputMode("count").build();
        chars.adapt("abca");
        assertEquals(List.of("[UNK]", "a", "c", "b"), chars.getVocabulary());
        assertArrayEquals(new float[] {1, 2, 0, 1, 0, 0, 0, 0}, chars.call("ab!a.x", "").toFloatArray());
        TextVectorization hot = TextVectorization.builder().outputMode("multi_hot").vocabulary(List.of("a", "b")).build();
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 1}, hot.call("a a q", "b").toFloatArray());
        // split null: each standardized text is one token; truncation keeps the first tokens
        TextVectorization whole = TextVectorization.builder().split((String) null).vocabulary(List.of("new york")).build();
        assertArrayEquals(new long[] {2, 1}, whole.call("New York!", "Paris").toLongArray());
        TextVectorization cut = TextVectorization.builder().outputSequenceLength(2).vocabulary(List.of("a", "b")).build();
        assertArrayEquals(new long[] {2, 3, 3, 1}, cut.call("a b a", "b c").toLongArray());
        // tf_idf: documents "a a b" and "a"; idf(a) = log(1 + 2/3), idf(b) = log 2, OOV their mean (as above)
        TextVectorization tfidf = TextVectorization.builder().outputMode("tf_idf").build();
        tfidf.adapt("a a b", "a");
        assertArrayEquals(new float[] {0.6019864f, 1.0216513f, 0.6931472f}, tfidf.call("z a a b").toFloatArray());
    }

    @Test
    void textVectorizationFeedsAnEmbeddingWithMaskZero() {
        // the "int" output's 0 is padding: an Embedding of vocabularySize() ids with maskZero masks it
        TextVectorization v = TextVectorization.builder().outputSequenceLength(3).build();
        v.adapt("good film", "bad film", "good");
        Tensor ids = v.call("good film", "bad");
        Embedding emb = Embedding.builder(v.vocabularySize(), 4).maskZero(true).build();
        assertEquals(List.of(2, 3, 4), List.of(emb.call(ids).shape().dims()[0], emb.call(ids).shape().dims()[1],
                emb.call(ids).shape().dims()[2]));
        assertArrayEquals(new boolean[] {true, true, false, true, false, false}, toBooleans(emb.computeMask(ids, null)));
    }

    private static boolean[] toBooleans(Tensor t) {
        int[] v = t.toIntArray();
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i] != 0;
        }
        return b;
    }

    @Test
    void textVectorizationErrors() {
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.builder().outputMode("multi_hot").outputSequenceLength(3).build());
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.builder().outputMode("one_hot").build());
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.builder().standardize("upper"));
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.builder().split("comma"));
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.builder().ngrams(0));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> TextVectorization.builder().build().call("a"));
        assertTrue(s.getMessage().startsWith("text_vectorization: "), s.getMessage());
        TextVectorization v = TextVectorization.builder().build();
        v.adapt("x y");
        assertThrows(IllegalArgumentException.class, () -> v.adapt("...", "  "));   // no token: nothing changes
        assertEquals(List.of("", "[UNK]", "y", "x"), v.getVocabulary());
    }
}
