package io.gradtape.nn;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 encoding for the hashing layers ({@link Hashing}, {@link HashedCrossing}, the OOV buckets of
 * {@link StringLookup}): {@code String.getBytes(UTF_8)} replaces a lone UTF-16 surrogate with {@code '?'}, so
 * {@code "\uD800"} and {@code "?"} would hash alike; TensorFlow's strings are bytes and Python refuses to encode a
 * lone surrogate to UTF-8, so such a string is a caller's mistake here too.
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The UTF-8 bytes of {@code s}.
     *
     * @param s     the string
     * @param layer the layer's name, for the message
     * @param where which element {@code s} is, for the message (e.g. {@code "element 3"})
     * @return the bytes
     * @throws IllegalArgumentException if {@code s} holds a lone surrogate
     */
    static byte[] encode(String s, String layer, String where) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(layer + ": " + where + " is not valid UTF-16: a lone surrogate (a high"
                    + " surrogate U+D800..U+DBFF not followed by a low one U+DC00..U+DFFF, or a low one alone) has no"
                    + " UTF-8 encoding to hash");
        }
    }
}
