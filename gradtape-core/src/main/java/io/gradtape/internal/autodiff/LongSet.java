package io.gradtape.internal.autodiff;

import io.gradtape.internal.kernels.KernelHandles;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 *
 * <p>The hash table's code (probe, insert, growth, the window's move) is called through {@link MethodHandle}s
 * that are not constants ({@link #COLD}), so C2 does not inline it into {@link #contains} and {@link #add} nor,
 * through them, into the tape's hot methods. A JVM whose tapes never moved a window or met a collision compiles
 * those branches as uncommon traps; in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:26-13:30 UTC, load
 * 2-4, 2 runs) the MNIST MLP's tapes first moved their window (its variables are older than 8192 ids) around its
 * 60th step, and the first collision, growth or hit in the table (slotsContain@30 or @39, slotsAdd@31 or @124)
 * made LongSet.add, TapeStack.record, Backprop.reach, TapeStack.readVariable and LongSet.contains not entrant:
 * 13-17 KB of C2 code compiled again while the MLP's steps ran. Now a trap there throws away the small method
 * itself (in 4 logged runs of this change, 13:39-13:43 UTC, load 3-4: slotsContain, slotsAdd and rebase, 0.3-2.4 KB).
 * Left: contains' own test {@code id <= slotsMax}, which such a JVM has never seen true, is still compiled as a trap
 * where contains is inlined (1 of those 4 runs: TapeStack.record 5.4 KB and Backprop.reach 3.2 KB compiled again);
 * taking it out of line would put a handle's call on every miss of the bitmap (the scalar chain's constants). The
 * handle costs a few ns on the table's path only (ids at most {@link #slotsMax}); the bitmap's path is unchanged.
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
        return id <= slotsMax && probe(this, id);
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
                call(REBASE, this, id);
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
            if ((old & bit) != 0 || (id <= slotsMax && probe(this, id))) {
                return false; // (an id can sit in the hash table and inside a later window)
            }
            words[w] = old | bit;
            inWindow++;
            size++;
            return true;
        }
        if (id <= slotsMax && probe(this, id)) {
            return false;
        }
        call(INSERT, this, id);
        size++;
        return true;
    }

    int size() {
        return size;
    }

    /** {@link #COLD}'s members by index. */
    private static final int CONTAINS = 0, INSERT = 1, REBASE = 2;
    /**
     * {@link #slotsContain}, {@link #insert} and {@link #rebase} as handles, read from an array so that C2 does
     * not treat them as constants and inline them (see the class comment).
     */
    private static final MethodHandle[] COLD = {
        handle("slotsContain", boolean.class), handle("insert", void.class), handle("rebase", void.class)};

    private static MethodHandle handle(String name, Class<?> result) {
        return KernelHandles.find(MethodHandles.lookup(), LongSet.class, name,
                MethodType.methodType(result, LongSet.class, long.class));
    }

    private static boolean probe(LongSet set, long id) {
        try {
            return (boolean) COLD[CONTAINS].invokeExact(set, id);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    private static void call(int which, LongSet set, long id) {
        try {
            COLD[which].invokeExact(set, id);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    private static void insert(LongSet set, long id) {
        set.slotsAdd(id);
    }

    /** Moves the (sparse) window's members to the hash table and starts a new window at {@code id}. */
    private static void rebase(LongSet set, long id) {
        set.rebase(id);
    }

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

    private static boolean slotsContain(LongSet set, long id) {
        long[] s = set.slots;
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
