package io.gradtape.internal.autodiff;

/**
 * A set of positive longs (tensor ids) by open addressing with linear probing; no boxing. 0 marks an empty slot,
 * which is why ids start at 1. Not thread-safe: a tape belongs to one thread.
 */
final class LongSet {
    private long[] slots = new long[16];
    private int size;

    boolean contains(long id) {
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

    /** Adds the id; returns false if it was present. */
    boolean add(long id) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long v = s[i];
            if (v == id) {
                return false;
            }
            if (v == 0) {
                s[i] = id;
                size++;
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }

    static int mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
