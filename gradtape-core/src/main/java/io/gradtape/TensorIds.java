package io.gradtape;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where tensor ids come from: unique across threads, increasing on each thread, and ordered against the
 * watermarks that {@code explain} takes at a tape's events, without an atomic instruction per tensor.
 *
 * <p>Algorithm. One global counter hands out blocks of ids; each thread takes its ids one by one
 * from its own block (a thread-local, no atomic) and takes a new block when the block runs out or when a watermark
 * was taken since it took the block (a global generation number, one volatile read per tensor). A variable's
 * handle takes its id straight from the counter. What each use of an id relies on:
 * <ul>
 *   <li>Tapes, gradients and drawings key maps and sets by id: ids are unique, since blocks and single ids are
 *       disjoint ranges of one counter, and never 0 (the record's skeleton negates ids).</li>
 *   <li>A thread's ids increase in the order it makes tensors (its later blocks come later from the counter):
 *       the drawing of nested tapes merges their entries by output id. (A variable's handle, which takes its id
 *       from the counter, drops the rest of its thread's block for this.)</li>
 *   <li>{@link #watermark}: every tensor made before the call (in the happens-before order, on any thread) has
 *       a smaller id, and every tensor made after it has an id at least as large, so {@code TapeHistory}'s
 *       "made before the watch", "made while paused" and "made after the tape stopped" are comparisons of ids
 *       as before. Proof: the call reads the counter (w), then increments the generation. A tensor made before
 *       the call has an id from a block the counter gave out before w was read. A thread that makes a tensor
 *       after the call reads the new generation; its block, if older, carries an older generation and is
 *       replaced by one taken from the counter after w was read; a block that already carries the new
 *       generation was taken after its thread read that generation, so after w was read too. Either way the
 *       id is at least w. (Reading w before the increment matters: the other order lets a thread take a block
 *       between the two steps, tag it with the new generation, and use ids below w after the call.)</li>
 *   <li>{@code watchedVariables()} lists variables by id as TensorFlow does (by creation, on any thread):
 *       handles take ids straight from the counter, which orders them by creation across threads.</li>
 * </ul>
 * Ids of plain tensors made on different threads with no watermark between them are not in creation order;
 * nothing compares them.
 *
 * <p>Measurement (ScalarChainBench's chain: 10,000 recorded scalar ops, CPU time per op, builds alternating in
 * one JVM for 60 s, p10 / median, 2026-12-03): an {@code AtomicLong.getAndIncrement} per tensor (before) 35.2 /
 * 38.6 ns forward, 49.2 / 53.7 ns gradient call; these blocks 31.2 / 34.0 and 46.6 / 51.0 (load 2.4-4.9). The
 * locked add drains the store buffer right after the op's allocations; a plain static counter (not thread-safe,
 * the bound) measured 32.7 / 36.0 and 45.6 / 50.0 against 34.9 / 38.2 and 49.4 / 53.9 in an earlier window.
 *
 * <p>Block sizes. A watermark makes every thread drop the rest of its block, so with fixed blocks of 1024 a tape
 * that watches a new tensor every few ops tracks ids 1024 apart, and its {@code LongSet} leaves its bitmap for
 * its hash table: a loop of {@code x = constant(i); tape.watch(x); y = y + x * c} took 422 ns per iteration
 * against 176 before. So the block after a dropped one has {@link #MIN_BLOCK} ids and the size doubles up to
 * {@link #MAX_BLOCK} while the thread uses its blocks up: 180 / 191 ns (this / before, p10, 40 s alternating,
 * load 7.9-9.5), and the chain above keeps its blocks of 1024 (forward 31.3 / 35.6 ns in the same window).
 * Wasted ids: at most one block per thread per watermark, 2^53 blocks before the counter could overflow.
 */
final class TensorIds {
    /** The first block after a dropped one: a tape that watches a new tensor between every few ops stays dense. */
    static final int MIN_BLOCK = 8;
    /** The largest block: the size doubles from {@link #MIN_BLOCK} while the thread uses its blocks up. */
    static final int MAX_BLOCK = 1024;
    private static final AtomicLong NEXT = new AtomicLong(1);
    /** Incremented by every {@link #watermark}: blocks taken under an older value are dropped. */
    private static final AtomicLong GENERATION = new AtomicLong();
    private static final ThreadLocal<TensorIds> MINE = ThreadLocal.withInitial(TensorIds::new);

    private long next;
    private long end; // next == end: the block is used up (also the initial state)
    /** The generation the block was taken under; -1 (never current): dropped, the next block is small. */
    private long generation = -1;
    private int size = MIN_BLOCK;

    private TensorIds() {
    }

    /** A new id for a plain tensor, from this thread's block. */
    static long next() {
        TensorIds b = MINE.get();
        long id = b.next;
        long g = GENERATION.get();
        if (id == b.end || g != b.generation) {
            id = b.refill(g);
        }
        b.next = id + 1;
        return id;
    }

    /** Takes a new block under generation {@code g}, read before the block is taken; returns its first id. */
    private long refill(long g) {
        int n = g != generation ? MIN_BLOCK : Math.min(MAX_BLOCK, 2 * size);
        size = n;
        generation = g;
        long start = NEXT.getAndAdd(n);
        end = start + n;
        return start;
    }

    /**
     * A new id straight from the counter, in creation order across threads (a variable's handle). The rest of
     * this thread's block is dropped, so that the thread's later tensors still get larger ids.
     */
    static long single() {
        TensorIds b = MINE.get();
        long id = NEXT.getAndIncrement();
        b.generation = -1;
        return id;
    }

    /**
     * A bound between the tensors made before this call and those made after it, on any thread: ids below it
     * were made before, ids at or above it after (see the class comment for the proof).
     */
    static long watermark() {
        long w = NEXT.get();
        GENERATION.incrementAndGet();
        return w;
    }
}
