package io.gradtape.internal.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parallel's caller-only fallback: when late jobs send work to the caller alone, for how long, and that results,
 * failures and nested calls are the same inside such a stretch as outside it.
 */
class ParallelFallbackTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
        Parallel.Fallback f = Parallel.fallback();
        while (!f.useHelpers()) {
            // ends a stretch a test started, so later tests meet the helpers again
        }
    }

    /** Drives {@code f} into a caller-only stretch with LATE_LIMIT late jobs in a row. */
    private static void trip(Parallel.Fallback f) {
        for (int i = 0; i < Parallel.LATE_LIMIT; i++) {
            assertTrue(f.useHelpers());
            f.record(true);
        }
    }

    /** Drives the process-wide fallback into a caller-only stretch (ending one that a real late job began). */
    private static void tripGlobal() {
        Parallel.Fallback f = Parallel.fallback();
        while (!f.useHelpers()) {
            // a stretch already under way
        }
        for (int i = 0; i < Parallel.LATE_LIMIT; i++) {
            f.record(true);
        }
        assertTrue(f.soloLeft() > 0);
    }

    /** Runs out the current stretch, checking its length. */
    private static void runOut(Parallel.Fallback f, int expected) {
        for (int i = 0; i < expected; i++) {
            assertFalse(f.useHelpers(), "job " + i + " of a stretch of " + expected);
        }
        assertTrue(f.useHelpers(), "after a stretch of " + expected);
    }

    @Test
    void onTimeJobsKeepTheHelpers() {
        Parallel.Fallback f = new Parallel.Fallback();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(f.useHelpers());
            f.record(false);
        }
        assertEquals(0, f.soloLeft());
    }

    @Test
    void fewerLateJobsThanTheLimitInAWindowKeepTheHelpers() {
        Parallel.Fallback f = new Parallel.Fallback();
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < Parallel.LATE_LIMIT - 1; i++) {
                f.record(true);
            }
            for (int i = 0; i < Parallel.LATE_WINDOW; i++) {
                assertTrue(f.useHelpers(), "round " + round + " job " + i);
                f.record(false);
            }
        }
        assertEquals(0, f.soloLeft());
    }

    @Test
    void theLimitOfLateJobsInAWindowStartsAStretch() {
        Parallel.Fallback f = new Parallel.Fallback();
        f.record(true);
        for (int i = 0; i < Parallel.LATE_WINDOW - Parallel.LATE_LIMIT; i++) {
            f.record(false);
        }
        for (int i = 1; i < Parallel.LATE_LIMIT; i++) {
            f.record(true);
        }
        assertEquals(Parallel.SOLO_JOBS, f.soloLeft());
        runOut(f, Parallel.SOLO_JOBS);
    }

    @Test
    void lateAgainRightAfterAStretchDoublesItUpToTheMaximum() {
        Parallel.Fallback f = new Parallel.Fallback();
        trip(f);
        int expected = Parallel.SOLO_JOBS;
        for (int round = 0; round < 10; round++) {
            assertEquals(expected, f.soloLength(), "round " + round);
            runOut(f, expected);
            trip(f);
            expected = Math.min(2 * expected, Parallel.SOLO_JOBS_MAX);
        }
        assertEquals(Parallel.SOLO_JOBS_MAX, f.soloLength());
    }

    @Test
    void aWindowOnTimeAfterAStretchResetsItsLength() {
        Parallel.Fallback f = new Parallel.Fallback();
        trip(f);
        runOut(f, Parallel.SOLO_JOBS);
        trip(f);
        runOut(f, 2 * Parallel.SOLO_JOBS);
        for (int i = 0; i < Parallel.LATE_WINDOW; i++) {
            f.record(false);
        }
        trip(f);
        assertEquals(Parallel.SOLO_JOBS, f.soloLength());
        runOut(f, Parallel.SOLO_JOBS);
    }

    @Test
    void everyTaskRunsOnceInsideAndAfterAStretch() {
        Parallel.setThreads(2);
        tripGlobal();
        for (int job = 0; job < 3 * Parallel.SOLO_JOBS_MAX; job++) {
            int tasks = 1 + job % 17;
            AtomicIntegerArray hits = new AtomicIntegerArray(tasks);
            Parallel.forEach(tasks, hits::incrementAndGet);
            for (int t = 0; t < tasks; t++) {
                assertEquals(1, hits.get(t), "job " + job + " task " + t);
            }
        }
    }

    @Test
    void aTaskFailureReachesTheCallerInsideAStretch() {
        Parallel.setThreads(2);
        tripGlobal();
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> Parallel.forEach(100, t -> {
            if (t == 37) {
                throw boom;
            }
        }));
        assertSame(boom, got);
        AssertionError error = new AssertionError("task error");
        assertSame(error, assertThrows(AssertionError.class, () -> Parallel.forEach(8, t -> {
            throw error;
        })));
    }

    @Test
    void nestedCallsFromSeveralCallersFinishWhileTheFallbackFlips() throws InterruptedException {
        Parallel.setThreads(4);
        int callers = 4;
        int rounds = 200;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int id = c;
            Thread th = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        if ((r + id) % 50 == 0) {
                            for (int i = 0; i < Parallel.LATE_LIMIT; i++) {
                                Parallel.fallback().record(true);
                            }
                        }
                        AtomicIntegerArray hits = new AtomicIntegerArray(36);
                        Parallel.forEach(6, t -> Parallel.forEach(6, u -> hits.incrementAndGet(t * 6 + u)));
                        for (int i = 0; i < 36; i++) {
                            if (hits.get(i) != 1) {
                                throw new AssertionError("caller " + id + " round " + r + " element " + i + " ran "
                                        + hits.get(i) + " times");
                            }
                        }
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            }, "fallback-caller-" + c);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertNull(failed.get());
    }
}
