package io.gradtape.kernels;

import io.gradtape.internal.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The work-splitting helper: every task exactly once, ranges cover exactly, failures reach the caller. */
class ParallelTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void everyTaskRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 4}) {
            Parallel.setThreads(threads);
            for (int tasks : new int[] {0, 1, 2, 3, 17, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(tasks);
                Parallel.forEach(tasks, hits::incrementAndGet);
                for (int t = 0; t < tasks; t++) {
                    assertEquals(1, hits.get(t), "threads=" + threads + " tasks=" + tasks + " task " + t);
                }
            }
        }
    }

    @Test
    void rangesCoverEveryElementOnce() {
        Parallel.setThreads(2);
        for (int n : new int[] {0, 1, 15, 16, 17, 1000, 4097}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Parallel.forRange(n, 16, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "n=" + n + " element " + i);
            }
        }
    }

    @Test
    void nestedCallsRunAndFinish() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.forEach(8, t -> Parallel.forEach(8, u -> hits.incrementAndGet(t * 8 + u)));
        for (int i = 0; i < 64; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void aTaskFailureIsRethrownToTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> Parallel.forEach(100, t -> {
            if (t == 37) {
                throw boom;
            }
        }));
        assertSame(boom, got);
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
