package io.gradtape.internal.autodiff;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bitmap-window set behaves as a {@code HashSet<Long>} for the id patterns a tape sees: recent ids in order,
 * an old id first (a tensor made before the tape), jumps past the 16M-id window (a long-lived tape), ids below
 * the window, and ids that land in the hash table and later inside a moved window.
 */
class LongSetTest {
    private static final long WINDOW = 1L << 24;

    @Test
    void matchesAHashSetOnTapeLikeIdStreams() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            LongSet s = new LongSet();
            HashSet<Long> ref = new HashSet<>();
            long next = 1 + r.nextLong(1L << 40);
            for (int op = 0; op < 3000; op++) {
                long id;
                int kind = r.nextInt(100);
                if (kind < 70) {
                    id = next += 1 + r.nextInt(3);              // recent ids, in order
                } else if (kind < 80) {
                    id = Math.max(1, next - r.nextLong(WINDOW * 2)); // an older tensor
                } else if (kind < 83) {
                    id = next += WINDOW + r.nextLong(WINDOW);   // past the window
                } else if (kind < 85) {
                    id = next += 1000 + r.nextLong(1 << 20);    // a gap that makes the window sparse
                } else if (kind < 95 && !ref.isEmpty()) {
                    id = ref.iterator().next();                 // again
                } else {
                    id = 1 + r.nextLong(1L << 42);              // anywhere
                }
                assertEquals(ref.contains(id), s.contains(id), "contains " + id);
                assertEquals(ref.add(id), s.add(id), "add " + id);
                assertEquals(ref.size(), s.size());
                long probe = Math.max(1, id + r.nextInt(200) - 100);
                assertEquals(ref.contains(probe), s.contains(probe), "contains " + probe);
            }
            for (long id : ref) {
                assertEquals(true, s.contains(id), "member " + id);
            }
        }
    }

    @Test
    void anIdInTheHashTableAndInsideALaterWindowIsNotAddedTwice() {
        LongSet s = new LongSet();
        s.add(1_000);                        // window at 960
        s.add(1_000 + WINDOW * 3);           // sparse window: moves here; 1000 goes to the hash table
        s.add(500);                          // below the window: hash table
        assertEquals(false, s.add(1_000));
        assertEquals(false, s.add(500));
        assertEquals(true, s.contains(1_000 + WINDOW * 3));
        assertEquals(false, s.contains(1_001 + WINDOW * 3));
        assertEquals(3, s.size());
    }
}
