package io.gradtape.nn;

import com.google.common.hash.HashFunction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hashing layers refuse a string with a lone UTF-16 surrogate (it has no UTF-8 encoding; {@code getBytes(UTF_8)}
 * would make it {@code '?'} and hash {@code "\uD800"} as {@code "?"}), and still hash a valid surrogate pair as its
 * UTF-8 bytes. Expected hashes: Guava's independent FarmHash Fingerprint64 and SipHash-2-4 of the bytes written out
 * by hand (U+1F600 is F0 9F 98 80 in UTF-8: 11110000 10011111 10011000 10000000 of 0x1F600).
 */
class LoneSurrogateHashingTest {
    private static final String EMOJI = "\uD83D\uDE00";   // U+1F600 as a surrogate pair
    private static final byte[] EMOJI_UTF8 = {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80};
    private static final HashFunction FARM = com.google.common.hash.Hashing.farmHashFingerprint64();

    private static void assertLoneSurrogate(String prefix, IllegalArgumentException e) {
        assertTrue(e.getMessage().startsWith(prefix + " is not valid UTF-16: a lone surrogate"), e.getMessage());
    }

    @Test
    void hashingRefusesLoneSurrogatesAndHashesPairs() {
        Hashing hashing = new Hashing(1000);
        assertLoneSurrogate("hashing: element 1", assertThrows(IllegalArgumentException.class,
                () -> hashing.call("a", "\uD800", "?")));
        assertLoneSurrogate("hashing: element 0", assertThrows(IllegalArgumentException.class,
                () -> hashing.call(new String[][] {{"x\uDC00y"}})));
        assertLoneSurrogate("hashing: element 0", assertThrows(IllegalArgumentException.class,
                () -> hashing.call("\uDE00\uD83D")));   // the pair reversed: two lone surrogates
        long fast = Long.remainderUnsigned(FARM.hashBytes(EMOJI_UTF8).asLong(), 1000);
        long strong = Long.remainderUnsigned(
                com.google.common.hash.Hashing.sipHash24(133, 137).hashBytes(EMOJI_UTF8).asLong(), 1000);
        assertArrayEquals(new long[] {fast}, hashing.call(EMOJI).toLongArray());
        assertArrayEquals(new long[] {strong}, Hashing.builder(1000).salt(133, 137).build().call(EMOJI).toLongArray());
    }

    @Test
    void hashedCrossingRefusesLoneSurrogatesAndHashesPairs() {
        HashedCrossing cross = new HashedCrossing(1000);
        assertLoneSurrogate("hashed_crossing: element 1 of feature 0", assertThrows(IllegalArgumentException.class,
                () -> cross.call(new String[] {"a", "\uDBFF"}, new String[] {"b", "c"})));
        long b = FARM.hashBytes(new byte[] {'b'}).asLong();
        long expected = Long.remainderUnsigned(HashedCrossing.crossHash(HashedCrossing.DEFAULT_HASH_KEY,
                FARM.hashBytes(EMOJI_UTF8).asLong(), b), 1000);
        assertArrayEquals(new long[] {expected}, cross.call(EMOJI, "b").toLongArray());
    }

    @Test
    void stringLookupRefusesLoneSurrogateOovAndKeepsItsVocabulary() {
        StringLookup lookup = StringLookup.builder().vocabulary(List.of("a", "b")).numOovIndices(1000).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lookup.call("a", "zz", "\uD800"));
        assertLoneSurrogate("string_lookup: element 2", e);
        assertEquals(List.of("a", "b"), lookup.getVocabulary(false));
        // the OOV bucket of the pair is its FarmHash bin; "a" sits after the 1000 OOV indices
        long bucket = Long.remainderUnsigned(FARM.hashBytes(EMOJI_UTF8).asLong(), 1000);
        assertArrayEquals(new long[] {1000, bucket}, lookup.call("a", EMOJI).toLongArray());
        // one OOV index: nothing is hashed, a lone surrogate is just unknown (index 0), as any other token
        StringLookup single = StringLookup.builder().vocabulary(List.of("a")).build();
        assertArrayEquals(new long[] {0, 1}, single.call("\uD800", "a").toLongArray());
    }
}
