package io.gradtape.internal.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits large kernel work across cores. The calling thread always takes part, and up to {@code threads() - 1}
 * helpers from a small daemon pool join it; tasks are handed out one at a time from a shared counter, so a slow
 * core (the machine may be shared) simply takes fewer of them. A helper that has not started by the time the
 * caller ran out of tasks is cancelled rather than waited for, so a job that turns out to be small pays no
 * wake-up latency. Work submitted from inside a helper runs on that helper alone (no nesting, no deadlock).
 *
 * <p>Kernels decide whether to split at all with a size threshold: below it, the thread hand-off costs more
 * than it saves and the work stays on the calling thread. The number of threads defaults to the number of
 * available processors and can be set with the system property {@code gradtape.threads} or with
 * {@link #setThreads} (benchmarks compare 1 and 2 threads that way).
 */
public final class Parallel {
    private static volatile int threads = Math.max(1, Integer.getInteger("gradtape.threads",
            Runtime.getRuntime().availableProcessors()));
    private static volatile ForkJoinPool pool;

    private Parallel() {
    }

    /** The most threads (the caller included) that one kernel call uses. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the most threads (the caller included) that one kernel call uses; 1 keeps all work on the caller.
     *
     * @param n at least 1
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: need at least 1 thread, got " + n);
        }
        threads = n;
    }

    /** The body of a parallel loop: handles task {@code t}. */
    @FunctionalInterface
    public interface Task {
        void run(int t);
    }

    /** The body of a parallel range: handles elements {@code [lo, hi)}. */
    @FunctionalInterface
    public interface Range {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body.run(t)} for every {@code t} in {@code [0, tasks)}, on the caller and up to
     * {@code threads() - 1} helpers, and returns when all have finished. The first exception thrown by a task is
     * rethrown here (remaining tasks are skipped).
     */
    public static void forEach(int tasks, Task body) {
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0 || Thread.currentThread() instanceof Worker) {
            for (int t = 0; t < tasks; t++) {
                body.run(t);
            }
            return;
        }
        new Job(tasks, body, helpers).run();
    }

    /**
     * Runs {@code body.run(lo, hi)} over {@code [0, n)} cut into chunks of {@code grain} elements (the last may
     * be shorter); on one thread when {@code n < minParallel}. Chunk starts are multiples of {@code grain}, so a
     * grain that is a multiple of 16 keeps vector loops aligned alike in every chunk.
     */
    public static void forRange(int n, int grain, int minParallel, Range body) {
        if (n < minParallel || threads == 1) {
            body.run(0, n);
            return;
        }
        int g = Math.max(grain, 1);
        int chunks = (int) ((n + (long) g - 1) / g);
        forEach(chunks, t -> body.run(t * g, (int) Math.min(n, (long) t * g + g)));
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
                    p = new ForkJoinPool(n, Worker::new, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** A helper thread; daemon, so it never keeps the JVM alive. */
    private static final class Worker extends ForkJoinWorkerThread {
        private static final AtomicInteger COUNT = new AtomicInteger();

        Worker(ForkJoinPool p) {
            super(p);
            setName("gradtape-kernel-" + COUNT.incrementAndGet());
            setDaemon(true);
        }
    }

    /** One parallel loop: a task counter shared by the caller and its helpers. */
    private static final class Job {
        private static final int PENDING = 0;
        private static final int RUNNING = 1;
        private static final int CANCELLED = 2;

        private final int tasks;
        private final Task body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger[] state;
        private final AtomicInteger unfinished;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();

        Job(int tasks, Task body, int helpers) {
            this.tasks = tasks;
            this.body = body;
            this.state = new AtomicInteger[helpers];
            this.unfinished = new AtomicInteger(helpers);
        }

        void run() {
            ForkJoinPool p = pool();
            for (int h = 0; h < state.length; h++) {
                AtomicInteger s = new AtomicInteger(PENDING);
                state[h] = s;
                p.execute(() -> {
                    if (s.compareAndSet(PENDING, RUNNING)) {
                        drain();
                        finishOne();
                    }
                });
            }
            drain();
            for (AtomicInteger s : state) {
                if (s.compareAndSet(PENDING, CANCELLED)) {
                    finishOne();
                }
            }
            int spins = 0;
            while (unfinished.get() > 0) {
                if (++spins < 2000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 50_000L);
                }
            }
            Throwable f = failure.get();
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }

        private void drain() {
            try {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.run(t);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                next.set(tasks);
            }
        }

        private void finishOne() {
            if (unfinished.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
