package io.gradtape.internal.random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Philox4x32-10 against the known-answer vectors published with Random123 by its authors (D. E. Shaw Research,
 * file {@code tests/kat_vectors}, lines 27-29 at commit 9545ff6: counter[4] key[2] -> output[4]).
 */
class PhiloxTest {
    private static void check(int[] ctr, int[] key, int[] expected) {
        int[] out = new int[4];
        Philox.block(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1], out, 0);
        assertArrayEquals(expected, out, () -> String.format("got %08x %08x %08x %08x", out[0], out[1], out[2], out[3]));
    }

    @Test
    void zeros() {
        check(new int[] {0, 0, 0, 0}, new int[] {0, 0},
                new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
    }

    @Test
    void allOnes() {
        check(new int[] {-1, -1, -1, -1}, new int[] {-1, -1},
                new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
    }

    @Test
    void piDigits() {
        check(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, new int[] {0xa4093822, 0x299f31d0},
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
    }

    @Test
    void writesAtTheOffset() {
        int[] out = new int[6];
        Philox.block(0, 0, 0, 0, 0, 0, out, 2);
        assertArrayEquals(new int[] {0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
    }
}
