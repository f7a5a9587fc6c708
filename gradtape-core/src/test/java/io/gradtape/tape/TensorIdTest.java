package io.gradtape.tape;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.mul;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The properties of tensor ids that the tape, explain and the drawings rely on, now that each thread takes its ids
 * from a block of its own (io.gradtape.TensorIds): unique across threads, increasing on each thread, separated by
 * every watermark (the events of explain's history) whatever thread made them, and variables in creation order
 * across threads (watchedVariables, as TensorFlow). Each multi-thread case is built so that a thread holds a
 * partly used block while the other thread acts: per-thread blocks without the watermark's generation (or
 * variables taking ids from blocks) fail them.
 */
class TensorIdTest {
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private static long id(Tensor t) {
        return TensorAccess.id(t);
    }

    /** Runs {@code task} on the worker thread (always the same thread) and waits: a happens-before edge each way. */
    private <T> T onWorker(java.util.concurrent.Callable<T> task) throws Exception {
        return worker.submit(task).get();
    }

    @Test
    void idsAreUniqueAcrossThreadsAndIncreaseOnEachThread() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> parts = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                parts.add(pool.submit(() -> {
                    go.await();
                    long[] ids = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        // every 100th a variable (its id from the counter itself, then its value's from the
                        // block), every 1000th a watermark
                        if (i % 1000 == 999) {
                            TensorAccess.idWatermark();
                        }
                        Tensor t = i % 100 == 0 ? new Variable(constant(1.0f)) : constant((float) i);
                        ids[i] = id(t);
                    }
                    return ids;
                }));
            }
            go.countDown();
            Set<Long> all = new HashSet<>();
            for (Future<long[]> f : parts) {
                long[] ids = f.get();
                for (int i = 0; i < ids.length; i++) {
                    assertTrue(ids[i] > 0, "ids are positive (the skeleton negates them)");
                    if (i > 0) {
                        assertTrue(ids[i] > ids[i - 1], "ids increase on one thread: " + ids[i - 1] + ", " + ids[i]);
                    }
                    assertTrue(all.add(ids[i]), "id " + ids[i] + " given twice");
                }
            }
            assertEquals(threads * perThread, all.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWatermarkSeparatesTensorsMadeBeforeAndAfterItOnEveryThread() throws Exception {
        for (int round = 0; round < 3; round++) {
            // both threads hold a partly used block when the watermark is taken
            Tensor mineBefore = constant(1.0f);
            Tensor otherBefore = onWorker(() -> constant(2.0f));
            long w = TensorAccess.idWatermark();
            Tensor mineAfter = constant(3.0f);
            Tensor otherAfter = onWorker(() -> constant(4.0f));
            assertTrue(id(mineBefore) < w && id(otherBefore) < w, "made before the watermark: ids below it");
            assertTrue(id(mineAfter) >= w, "made after it on the same thread: id " + id(mineAfter) + " < " + w);
            assertTrue(id(otherAfter) >= w, "made after it on another thread: id " + id(otherAfter) + " < " + w);
        }
        // and with the watermark taken on the other thread
        constant(5.0f);
        Tensor otherBefore = onWorker(() -> constant(6.0f));
        long w = onWorker(TensorAccess::idWatermark);
        Tensor mineAfter = constant(7.0f);
        assertTrue(id(otherBefore) < w && id(mineAfter) >= w, "a watermark of another thread orders this one's tensors");
    }

    @Test
    void variablesAreInCreationOrderAcrossThreads() throws Exception {
        constant(1.0f); // this thread's block is taken first, the worker's after it
        Variable first = onWorker(() -> {
            constant(2.0f);
            return new Variable(constant(0.5f));
        });
        Variable second = new Variable(constant(0.25f)); // made later, on the thread with the lower block
        assertTrue(id(first) < id(second));
        GradientTape tape = new GradientTape(true, false);
        try (tape) {
            tape.watch(second);
            tape.watch(first);
        }
        assertEquals(List.of(first, second), tape.watchedVariables(), "TensorFlow lists watched variables by creation");
    }

    @Test
    void explainOrdersATargetMadeOnAnotherThreadAgainstTheWatch() throws Exception {
        Tensor c = onWorker(() -> constant(2.0f)); // the worker holds a block from before the tape
        Tensor x = constant(3.0f);
        GradientTape tape = new GradientTape(true);
        Tensor early = onWorker(() -> mul(c, c)); // before the watch, from tensors the tape never sees
        Tensor late;
        try (tape) {
            tape.watch(x);
            late = onWorker(() -> mul(c, c)); // after the watch, from the worker's block of before the watch
        }
        assertNull(tape.gradient(late, x));
        String lateWhy = tape.explain(late, x);
        assertFalse(lateWhy.contains("before the source was watched"), lateWhy);
        assertTrue(lateWhy.contains("another thread"), lateWhy);
        assertTrue(tape.explain(early, x).contains("before the source was watched"), tape.explain(early, x));
    }
}
