package io.gradtape.internal.autodiff;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The open-addressing map behaves as a {@code HashMap<Long, V>} under the backward sweep's use: gradients put,
 * merged ({@link LongMap#putIfAbsent}), read and taken ({@link LongMap#take}) in random order, on ids drawn from a
 * small range so that probe runs collide, wrap around the table and are shifted back on removal.
 */
class LongMapTest {
    @Test
    void matchesAHashMapUnderRandomPutTakeAndMerge() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 100; trial++) {
            LongMap<String> m = new LongMap<>();
            HashMap<Long, String> ref = new HashMap<>();
            long span = 4 + r.nextInt(300);
            for (int op = 0; op < 4000; op++) {
                long id = 1 + r.nextLong(span);
                String v = "v" + op;
                switch (r.nextInt(5)) {
                    case 0 -> {
                        m.put(id, v);
                        ref.put(id, v);
                    }
                    case 1 -> assertEquals(ref.putIfAbsent(id, v), m.putIfAbsent(id, v), "putIfAbsent " + id);
                    case 2 -> assertEquals(ref.remove(id), m.take(id), "take " + id);
                    case 3 -> {
                        m.remove(id);
                        ref.remove(id);
                    }
                    default -> assertEquals(ref.get(id), m.get(id), "get " + id);
                }
            }
            for (long id = 1; id <= span; id++) {
                assertEquals(ref.get(id), m.get(id), "final get " + id);
            }
        }
    }
}
