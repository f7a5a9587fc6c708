package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * prefetch and map with parallel calls: the same elements in the same order as the sequential pipeline (TensorFlow's
 * PrefetchDataset, prefetch_dataset_op.cc, and ParallelMapDataset with deterministic=true, parallel_map_dataset_op.cc),
 * errors at the element they belong to, the prefetch buffer's bound, and no thread left after the end, a close or an
 * abandoned iterator. Also the filter of rows, which copies each row once.
 */
class DatasetPrefetchTest {
    /** n rows: x[i] = i (int32). */
    private static Dataset range(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Dataset.fromTensorSlices(Tensors.constant(v, n));
    }

    /** Each element's values, or "!" + the message of the exception thrown for it; stops at the end. */
    private static List<String> outcomes(Iterator<Batch> it) {
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                Batch b = it.next();
                StringBuilder sb = new StringBuilder();
                for (int v : b.x().toIntArray()) {
                    sb.append(sb.length() > 0 ? "," : "").append(v);
                }
                out.add(sb.toString());
            } catch (IllegalArgumentException e) {
                out.add("!" + e.getMessage());
            }
        }
    }

    private static List<String> outcomes(Iterable<Batch> ds) {
        return outcomes(ds.iterator());
    }

    private static int threads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /** Waits (up to 10 s, collecting garbage meanwhile when asked) until {@code done}. */
    private static void await(String what, boolean gc, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            if (gc) {
                System.gc();
            }
            Thread.sleep(20);
        }
    }

    private static Batch times10(Batch b) {
        return Batch.of(b.x().mul(Tensors.constant(10)));
    }

    // ---------------------------------------------------------------- order and cardinality

    /** PrefetchDataset passes its input's elements through in order; a shuffle's orders stay those of its seed. */
    @Test
    void prefetchKeepsElementsOrderAndEveryEpochsShuffle() {
        Dataset plain = range(23).shuffle(7).map(DatasetPrefetchTest::times10).batch(4);
        Dataset pre = range(23).shuffle(7).map(DatasetPrefetchTest::times10).batch(4).prefetch(3);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<String> expected = outcomes(plain);
            assertEquals(expected, outcomes(pre), "epoch " + epoch);
            assertEquals(6, expected.size());
        }
        assertEquals(outcomes(plain.epoch(5)), outcomes(pre.epoch(5)));
        // a prefetch in the middle, inside a repeat: every repetition opens its own
        assertEquals(outcomes(range(5).shuffle(3).repeat(3).batch(2)),
                outcomes(range(5).shuffle(3).prefetch(1).repeat(3).prefetch(Dataset.AUTOTUNE).batch(2)));
    }

    /** prefetch and parallel map keep the cardinality: finite, infinite and unknown (UnaryUnchangedStructureDataset). */
    @Test
    void cardinalityAndSpecAreTheInputs() {
        assertEquals(10, range(10).prefetch(2).cardinality());
        assertEquals(10, range(10).map(b -> b, 3).cardinality());
        assertEquals(Dataset.INFINITE, range(10).repeat().prefetch(2).cardinality());
        assertEquals(Dataset.INFINITE, range(10).repeat().map(b -> b, 2, false).cardinality());
        assertEquals(Dataset.UNKNOWN, range(10).filter(b -> true).prefetch(2).cardinality());
        assertEquals(4, range(10).prefetch(2).batch(3).size());
        assertEquals(30, range(10).prefetch(2).repeat(3).size());
        // the spec passes through prefetch: unbatch still counts rows of a dropRemainder batch
        assertEquals(9, range(10).batch(3, true).prefetch(1).unbatch().cardinality());
        // and a filter of an infinite prefetched dataset is still endless for shuffle
        assertThrows(IllegalStateException.class, () -> range(3).repeat().prefetch(1).filter(b -> true).shuffle(1));
        Dataset same = range(4);
        assertSame(same, same.prefetch(0), "tf.data's buffer of 0: no prefetching");
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(3).prefetch(-2));
        assertEquals("prefetch: bufferSize -2 must be at least 0 or Dataset.AUTOTUNE (-1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> range(3).map(b -> b, 0));
        assertEquals("map: numParallelCalls 0 must be at least 1 or Dataset.AUTOTUNE (-1)", e.getMessage());
        assertThrows(NullPointerException.class, () -> range(3).map(null, 2));
        assertEquals(-1, Dataset.AUTOTUNE);
    }

    /**
     * ParallelMapDataset with deterministic=true returns results in input order, whatever order the calls end in:
     * element i sleeps (7 - i % 8) ms, so later elements of a window finish first.
     */
    @Test
    void parallelMapKeepsTheOrderUnlessToldNotTo() {
        java.util.function.Function<Batch, Batch> slow = b -> {
            int i = b.x().intValue();
            try {
                Thread.sleep(7 - i % 8);
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
            return times10(b);
        };
        List<String> expected = outcomes(range(40).shuffle(5).map(slow));
        assertEquals(expected, outcomes(range(40).shuffle(5).map(slow, 4)));
        assertEquals(expected, outcomes(range(40).shuffle(5).map(slow, 4, true).prefetch(2)));
        assertEquals(expected, outcomes(range(40).shuffle(5).map(slow, Dataset.AUTOTUNE)));
        List<String> any = outcomes(range(40).shuffle(5).map(slow, 4, false));
        List<String> a = new ArrayList<>(any);
        List<String> b = new ArrayList<>(expected);
        Collections.sort(a);
        Collections.sort(b);
        assertEquals(b, a, "completion order: the same elements");
        // epochs: the shuffle of epoch e is the same whatever the parallelism
        Dataset seq = range(12).shuffle(9).map(DatasetPrefetchTest::times10).batch(5);
        Dataset par = range(12).shuffle(9).map(DatasetPrefetchTest::times10, 3).batch(5).prefetch(2);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertEquals(outcomes(seq), outcomes(par), "epoch " + epoch);
        }
    }

    // ---------------------------------------------------------------- errors

    /**
     * An exception for element 3 comes at element 3, after 0, 1 and 2, and the iteration goes on with 4 (as the
     * sequential map, and as PrefetchDataset's buffer, which stores a status per element).
     */
    @Test
    void errorsArriveAtTheirElementAndTheIterationGoesOn() {
        java.util.function.Function<Batch, Batch> f = b -> {
            int i = b.x().intValue();
            if (i == 3 || i == 6) {
                throw new IllegalArgumentException("bad element " + i);
            }
            return b;
        };
        List<String> expected = List.of("0", "1", "2", "!bad element 3", "4", "5", "!bad element 6", "7");
        assertEquals(expected, outcomes(range(8).map(f)));
        assertEquals(expected, outcomes(range(8).map(f).prefetch(2)));
        assertEquals(expected, outcomes(range(8).map(f).prefetch(20)));
        assertEquals(expected, outcomes(range(8).map(f, 3)));
        assertEquals(expected, outcomes(range(8).map(f, 3).prefetch(1)));
        // an error from the input of a parallel map (a map before it) also keeps its place
        assertEquals(expected, outcomes(range(8).map(f).map(b -> b, 2)));
        // hasNext throws it, and next after it goes on
        Iterator<Batch> it = range(8).map(f).prefetch(4).iterator();
        for (int i = 0; i < 3; i++) {
            it.next();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::hasNext);
        assertEquals("bad element 3", e.getMessage());
        assertEquals(4, it.next().x().intValue());
        // the error is the same object, type and message as the sequential one
        RuntimeException boom = new UnsupportedOperationException("boom");
        Iterator<Batch> it2 = range(2).map(b -> {
            throw boom;
        }, 2).iterator();
        assertSame(boom, assertThrows(UnsupportedOperationException.class, it2::next));
        assertSame(boom, assertThrows(UnsupportedOperationException.class, it2::next));
        assertFalse(it2.hasNext());
    }

    /** Throws {@code t} without declaring it, as a Kotlin lambda or Lombok's {@code @SneakyThrows} does. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * A checked exception thrown sneakily by the function comes at its element too (wrapped in an
     * IllegalStateException that names the stage, with the original as cause), and the iteration goes on: it is not
     * taken for the end of the input. The same for an InterruptedException the function throws while nothing is
     * stopping the stage: 5 elements, element 2 failing, give 0, 1, error, 3, 4.
     */
    @Test
    void aSneakilyThrownCheckedExceptionArrivesAtItsElement() {
        for (Throwable thrown : List.of(new java.io.IOException("disk"), new InterruptedException("user"))) {
            java.util.function.Function<Batch, Batch> f = b -> {
                if (b.x().intValue() == 2) {
                    throw sneaky(thrown);
                }
                return b;
            };
            for (Dataset ds : List.of(range(5).map(f).prefetch(2), range(5).map(f, 2), range(5).map(f).map(b -> b, 2),
                    range(5).map(f).prefetch(1).prefetch(1))) {
                Iterator<Batch> it = ds.iterator();
                assertEquals(0, it.next().x().intValue());
                assertEquals(1, it.next().x().intValue());
                IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
                assertSame(thrown, e.getCause());
                assertTrue(e.getMessage().startsWith("prefetch: ") || e.getMessage().startsWith("map: "),
                        e.getMessage());
                assertEquals(3, it.next().x().intValue());
                assertEquals(4, it.next().x().intValue());
                assertFalse(it.hasNext());
            }
        }
        assertFalse(Thread.interrupted(), "the reading thread's interrupt flag is untouched");
    }

    @Test
    void aNullResultOfTheParallelFunctionNamesTheElement() {
        Iterator<Batch> it = range(3).map(b -> b.x().intValue() == 1 ? null : b, 2).iterator();
        assertEquals(0, it.next().x().intValue());
        NullPointerException e = assertThrows(NullPointerException.class, it::next);
        assertEquals("map: the function returned null for element 1", e.getMessage());
        assertEquals(2, it.next().x().intValue());
    }

    // ---------------------------------------------------------------- the buffer bound

    /**
     * PrefetchDataset's thread waits for a free slot before it asks its input for the next element: after k
     * elements are taken, the input has given exactly k + bufferSize (here 2 + 3 = 5 of 20).
     */
    @Test
    void prefetchRunsAtMostBufferSizeAhead() throws InterruptedException {
        AtomicInteger drawn = new AtomicInteger();
        Dataset ds = range(20).map(b -> {
            drawn.incrementAndGet();
            return b;
        }).prefetch(3);
        try (Dataset.ElementIterator it = ds.iterator()) {
            assertEquals(0, drawn.get(), "the thread starts at the first request");
            assertEquals(0, it.next().x().intValue());
            assertEquals(1, it.next().x().intValue());
            await("5 elements drawn", false, () -> drawn.get() == 5);
            Thread.sleep(100);
            assertEquals(5, drawn.get(), "no more than bufferSize ahead");
        }
    }

    // ---------------------------------------------------------------- threads

    /** After the last element the prefetch and map threads end by themselves. */
    @Test
    void threadsEndWithTheIteration() throws InterruptedException {
        await("no stray threads", false, () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
        for (Batch b : range(10).map(DatasetPrefetchTest::times10, 3).prefetch(2)) {
            assertNotNull(b);
        }
        await("the threads end", false, () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
    }

    /**
     * Closing the iterator of an infinite dataset stops every thread its stages started, however deep: here two
     * prefetches and a parallel map, one prefetch opened on the other's thread.
     */
    @Test
    void closeStopsEveryThreadOfTheIteration() throws InterruptedException {
        await("no stray threads", false, () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
        Dataset ds = range(7).prefetch(2).map(DatasetPrefetchTest::times10, 3).repeat().prefetch(4);
        Dataset.ElementIterator it = ds.iterator();
        for (int i = 0; i < 20; i++) {
            assertEquals(10 * (i % 7), it.next().x().intValue());
        }
        assertTrue(threads("gradtape-prefetch-") >= 1);
        it.close();
        await("every thread ends after close", false,
                () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        it.close();   // idempotent
        // try-with-resources, with a take after the prefetch that leaves it behind
        try (Dataset.ElementIterator it2 = range(5).repeat().prefetch(2).take(3).iterator()) {
            assertEquals(3, outcomes(it2).size());
        }
        await("threads end", false, () -> threads("gradtape-prefetch-") == 0);
    }

    /**
     * A repetition that ends before its prefetched input does (a take after the prefetch) stops that prefetch's thread
     * when the next repetition starts, and the last one when the repeat ends: without it each repetition would leave
     * one producer waiting for a free slot until the iteration is closed or collected (30 elements of
     * prefetch(2).take(3).repeat() are 10 repetitions, 10 waiting threads).
     */
    @Test
    void eachRepetitionStopsThePreviousOnesThreads() throws InterruptedException {
        await("no stray threads", false, () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
        try (Dataset.ElementIterator it = range(10).prefetch(2).take(3).repeat().iterator()) {
            for (int i = 0; i < 30; i++) {
                assertEquals(i % 3, it.next().x().intValue());
            }
            await("one producer at a time", false, () -> threads("gradtape-prefetch-") <= 1);
        }
        await("no thread after close", false, () -> threads("gradtape-prefetch-") == 0);
        // a parallel map: its workers go with their repetition too
        try (Dataset.ElementIterator it = range(10).map(DatasetPrefetchTest::times10, 2).take(3).repeat().iterator()) {
            for (int i = 0; i < 30; i++) {
                assertEquals(10 * (i % 3), it.next().x().intValue());
            }
            await("one pool at a time", false, () -> threads("gradtape-map-") <= 2);
        }
        // repeat(count): the last repetition's producer ends with the walk, before the iterator is closed
        Dataset.ElementIterator it = range(10).prefetch(2).take(3).repeat(4).iterator();
        List<String> got = outcomes(it);
        assertEquals(List.of("0", "1", "2", "0", "1", "2", "0", "1", "2", "0", "1", "2"), got);
        await("no thread at the end", false, () -> threads("gradtape-prefetch-") == 0);
        it.close();
    }

    /**
     * A shuffle drains its input when its iterator is made; when a prefetched input fails there, iterator() throws
     * the failure and stops the prefetch thread, which would otherwise wait for a reader that never comes.
     */
    @Test
    void aFailureWhileMakingTheIteratorStopsItsThreads() throws InterruptedException {
        await("no stray threads", false, () -> threads("gradtape-prefetch-") == 0);
        Dataset bad = range(50).map(b -> {
            if (b.x().intValue() == 40) {
                throw new IllegalArgumentException("forty");
            }
            return b;
        }).prefetch(2).shuffle(1);
        for (int i = 0; i < 5; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::iterator);
            assertEquals("forty", e.getMessage());
        }
        await("the producers stop", false, () -> threads("gradtape-prefetch-") == 0);
    }

    /** An iterator abandoned mid-way: its threads end once it is collected (and idle map workers after a second). */
    @Test
    void abandonedIteratorsLeaveNoThread() throws InterruptedException {
        await("no stray threads", false, () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
        abandon(range(9).repeat().map(DatasetPrefetchTest::times10, 2).prefetch(3));
        await("abandoned threads end", true, () -> threads("gradtape-prefetch-") == 0 && threads("gradtape-map-") == 0);
    }

    private static void abandon(Dataset ds) {
        Iterator<Batch> it = ds.iterator();
        for (int i = 0; i < 5; i++) {
            it.next();
        }
        assertTrue(threads("gradtape-prefetch-") >= 1);
    }

    /** The elements a prefetch thread makes are readable on the iterating thread, and by ops there. */
    @Test
    void elementsMadeOnTheThreadsAreUsableHere() {
        Tensor sum = Tensors.constant(0);
        for (Batch b : range(6).batch(2).map(DatasetPrefetchTest::times10, 2).prefetch(1)) {
            sum = sum.add(b.x().sum());
        }
        assertEquals(150, sum.intValue());
    }

    // ---------------------------------------------------------------- a generator's iterator and close

    /** Waits for {@code latch} ignoring interrupts (a generator that does not answer them), then restores the flag. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closing the iteration while the prefetch thread is inside the generator's next() does not close the generator's
     * iterator under that call: close() returns at once, the prefetch thread closes the iterator when next() returns
     * (or throws), exactly once, and calls it no more. Two generators: one whose next() ignores the interrupt that
     * stops the thread and returns when released, one that throws on it. Latches order the steps: the generator
     * signals when the thread is inside next() for element 1, and the test releases it after close() has returned.
     */
    @Test
    void closeNeverClosesTheGeneratorsIteratorUnderARunningNext() throws InterruptedException {
        for (boolean answersInterrupt : new boolean[] {false, true}) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch closedLatch = new CountDownLatch(1);
            AtomicInteger closes = new AtomicInteger();
            AtomicBoolean inCall = new AtomicBoolean();
            AtomicBoolean overlap = new AtomicBoolean();   // closed during a call, or called after the close
            AtomicBoolean interruptedAtClose = new AtomicBoolean();   // a close() that waits would throw at once
            AtomicReference<Thread> producer = new AtomicReference<>();
            class Blocking implements Iterator<Batch>, AutoCloseable {
                int i;

                private void enter() {
                    if (closes.get() > 0 || !inCall.compareAndSet(false, true)) {
                        overlap.set(true);
                    }
                }

                @Override
                public boolean hasNext() {
                    enter();
                    inCall.set(false);
                    return true;
                }

                @Override
                public Batch next() {
                    enter();
                    try {
                        if (i == 1) {
                            producer.set(Thread.currentThread());
                            inside.countDown();
                            if (answersInterrupt) {
                                try {
                                    release.await();
                                } catch (InterruptedException ex) {
                                    throw new IllegalStateException("generator interrupted", ex);
                                }
                            } else {
                                awaitIgnoringInterrupts(release);
                            }
                        }
                        return Batch.of(Tensors.constant(i++));
                    } finally {
                        inCall.set(false);
                    }
                }

                @Override
                public void close() {
                    if (inCall.get()) {
                        overlap.set(true);
                    }
                    interruptedAtClose.set(Thread.currentThread().isInterrupted());
                    closes.incrementAndGet();
                    closedLatch.countDown();
                }
            }
            Dataset ds = Dataset.fromGenerator(Blocking::new, new DType[] {DType.INT32}, new int[][] {{}}).prefetch(2);
            Dataset.ElementIterator it = ds.iterator();
            try {
                assertEquals(0, it.next().x().intValue());
                assertTrue(inside.await(30, TimeUnit.SECONDS), "the prefetch thread reaches next() for element 1");
                it.close();
                if (!answersInterrupt) {
                    // the thread is still inside next(), so nothing may have closed the iterator yet
                    assertEquals(0, closes.get(), "closed under the running next()");
                }
            } finally {
                release.countDown();   // also when an assertion failed: leave no thread blocked for the other tests
            }
            assertTrue(closedLatch.await(30, TimeUnit.SECONDS), "closed once next() has returned");
            producer.get().join(30_000);
            assertFalse(producer.get().isAlive(), "the prefetch thread has ended");
            assertEquals(1, closes.get(), "closed exactly once");
            assertFalse(overlap.get(), "never closed during a call, never called after the close");
            assertFalse(interruptedAtClose.get(), "close() runs without the interrupt that stopped the prefetch thread");
            it.close();
            assertEquals(1, closes.get());
            assertFalse(it.hasNext());
        }
    }
}
