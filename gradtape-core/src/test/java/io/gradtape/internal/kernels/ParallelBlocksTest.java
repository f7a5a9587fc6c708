package io.gradtape.internal.kernels;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parallel's blocks: the tasks are cut into contiguous blocks, the caller starts on the first and a helper on its
 * own, and a thread that has finished its block takes the rest of a slow one's.
 */
class ParallelBlocksTest {
    @Test
    void blocksAreContiguousCoverTheTasksAndDifferByAtMostOne() {
        for (int parts = 1; parts <= 5; parts++) {
            for (int tasks = 0; tasks <= 50; tasks++) {
                assertEquals(0, Parallel.blockStart(tasks, parts, 0));
                assertEquals(tasks, Parallel.blockStart(tasks, parts, parts));
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int b = 0; b < parts; b++) {
                    int size = Parallel.blockStart(tasks, parts, b + 1) - Parallel.blockStart(tasks, parts, b);
                    min = Math.min(min, size);
                    max = Math.max(max, size);
                }
                assertTrue(max - min <= 1, "tasks=" + tasks + " parts=" + parts + ": sizes " + min + ".." + max);
            }
        }
    }

    /**
     * A helper's tasks wait until the caller has taken one of the helper's block, so the caller must steal; the
     * caller starts on task 0 and a helper on the first task of its block, whoever ends up running what.
     */
    @Test
    void theCallerStartsOnItsBlockAndTakesTheRestOfASlowHelpersBlock() {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            stealRounds();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void stealRounds() {
        int tasks = 40;
        int half = Parallel.blockStart(tasks, 2, 1);
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 20; round++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(tasks);
            CountDownLatch stolen = new CountDownLatch(1);
            ConcurrentHashMap<Thread, Integer> first = new ConcurrentHashMap<>();
            boolean[] callerStole = new boolean[1];
            Parallel.forEach(tasks, t -> {
                hits.incrementAndGet(t);
                Thread me = Thread.currentThread();
                first.putIfAbsent(me, t);
                if (t >= half && me == caller) {
                    callerStole[0] = true;
                    stolen.countDown();
                } else if (t >= half) {
                    try {
                        assertTrue(stolen.await(30, TimeUnit.SECONDS), "the caller never took a helper's task");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            for (int t = 0; t < tasks; t++) {
                assertEquals(1, hits.get(t), "round " + round + ", task " + t);
            }
            assertTrue(callerStole[0], "round " + round + ": the caller took none of the helper's block");
            assertEquals(0, first.get(caller), "round " + round + ": the caller's first task");
            for (var e : first.entrySet()) {
                if (e.getKey() != caller) {
                    assertTrue(e.getValue() >= half, "round " + round + ": a helper started on task " + e.getValue()
                            + ", outside its block [" + half + ", " + tasks + ")");
                }
            }
        }
    }
}
