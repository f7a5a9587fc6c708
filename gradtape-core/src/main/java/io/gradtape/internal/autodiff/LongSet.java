package io.gradtape.internal.autodiff;

import java.util.Arrays;

/**
 * A set of positive longs (tensor ids); no boxing. Not thread-safe: a tape belongs to one thread.
 *
 * <p>A thread's tensor ids increase in the order it makes them, from blocks of one counter ({@code
 * io.gradtape.TensorIds}), so the ids a tape tracks are mostly recent and close together. The set
 * is therefore a bitmap over a window of ids ({@code lo} up to 16M ids past it, 2 MiB at most), where
 * {@link #contains} and {@link #add} are one bit test each and neighbouring ids share a cache line; ids outside
 * the window (a tensor made long before the tape, or a tape that lives for millions of ids) go to a small
 * open-addressing hash table with linear probing, in which 0 marks an empty slot (ids start at 1). When an id
 * falls past the window and reaching it would leave the bitmap mostly empty (say the tape first watched
 * variables made a million tensors ago), the window moves to the new id and its few members move to the hash
 * table. (The previous pure hash table spent about half of a recorded scalar op's time in cache
 * misses and rehashing once a tape held 10,000 ids.)
 */
final class LongSet {
    private static final int MAX_WORDS = 1 << 18;
    private static final long[] NONE = new long[0];

    /** First id of the bitmap window (a multiple of 64), or -1 before the first add. */
    private long lo = -1;
    private long[] words = NONE;
    private int inWindow;
    private long[] slots;
    private int inSlots;
    /** The largest id in the hash table (0 when empty): recent ids above it skip the probe. */
    private long slotsMax;
    private int size;

    boolean contains(long id) {
        long d = id - lo;
        if (d >= 0 && d < ((long) words.length << 6) && (words[(int) (d >>> 6)] & (1L << d)) != 0) {
            return true;
        }
        return id <= slotsMax && slotsContain(id);
    }

    /** Adds the id; returns false if it was present. */
    boolean add(long id) {
        if (lo < 0) {
            lo = id & ~63L;
            words = new long[8];
        }
        long d = id - lo;
        if (d >= (long) words.length << 6) {
            long need = (d >>> 6) + 1;
            boolean tooFar = need > MAX_WORDS;
            // growing to reach id would leave the bitmap mostly empty (e.g. the first ids were old variables):
            // move the window instead
            boolean tooSparse = need > 16L * (inWindow / 64 + 8);
            if ((tooFar && inWindow <= words.length) || (!tooFar && tooSparse)) {
                rebase(id);
                d = id - lo;
            }
        }
        if (d >= 0 && d < (long) MAX_WORDS << 6) {
            int w = (int) (d >>> 6);
            if (w >= words.length) {
                words = Arrays.copyOf(words, Math.min(MAX_WORDS, Math.max(w + 1, words.length * 2)));
            }
            long bit = 1L << d;
            long old = words[w];
            if ((old & bit) != 0 || (id <= slotsMax && slotsContain(id))) {
                return false; // (an id can sit in the hash table and inside a later window)
            }
            words[w] = old | bit;
            inWindow++;
            size++;
            return true;
        }
        if (id <= slotsMax && slotsContain(id)) {
            return false;
        }
        slotsAdd(id);
        size++;
        return true;
    }

    int size() {
        return size;
    }

    /** Moves the (sparse) window's members to the hash table and starts a new window at {@code id}. */
    private void rebase(long id) {
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                slotsAdd(lo + ((long) w << 6) + b);
            }
        }
        lo = id & ~63L;
        words = new long[8];
        inWindow = 0;
    }

    private boolean slotsContain(long id) {
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long v = s[i];
            if (v == id) {
                return true;
            }
            if (v == 0) {
                return false;
            }
        }
    }

    /** Adds an id known to be absent from the hash table. */
    private void slotsAdd(long id) {
        if (slots == null) {
            slots = new long[16];
        } else if (2 * (inSlots + 1) > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            inSlots = 0;
            for (long v : old) {
                if (v != 0) {
                    slotsAdd(v);
                }
            }
        }
        long[] s = slots;
        int mask = s.length - 1;
        int i = mix(id) & mask;
        while (s[i] != 0) {
            i = (i + 1) & mask;
        }
        s[i] = id;
        inSlots++;
        slotsMax = Math.max(slotsMax, id);
    }

    static int mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
