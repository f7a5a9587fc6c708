package io.gradtape.internal.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits large kernel work across cores. The calling thread always takes part, and up to {@code threads() - 1}
 * helper threads join it; tasks are handed out one at a time from a shared counter, so a slow core (the machine
 * may be shared) simply takes fewer of them. A helper that has not started by the time the caller ran out of
 * tasks is cancelled rather than waited for, so a job that turns out to be small pays no wake-up latency. Work
 * submitted from inside a helper, or while every helper is busy with another caller's job, runs on the calling
 * thread alone (no nesting, no deadlock, no queue).
 *
 * <p>Kernels decide whether to split at all with a size threshold: below it, the thread hand-off costs more
 * than it saves and the work stays on the calling thread. The number of threads defaults to the number of
 * available processors and can be set with the system property {@code gradtape.threads} or with
 * {@link #setThreads} (benchmarks compare 1 and 2 threads that way).
 *
 * <p>Hand-off. Each helper is a daemon thread of its own with a one-job mailbox (a volatile field the caller
 * fills with a compare-and-set). After a job a helper spins ({@code Thread.onSpinWait}) for {@link #SPIN_NANOS}
 * watching its mailbox, and only then parks; a caller unparks it only when it has parked. Kernels run back to
 * back (a training step, a benchmark loop), so the next job nearly always finds the helper spinning and reaches
 * it with no system call on either side; the caller likewise spins for up to SPIN_NANOS for its helpers at the
 * end of a job before it parks. A helper that is busy (another caller's job, or a cancelled job it has not yet
 * seen because its core was taken by another process) is skipped, and the caller does the work alone.
 *
 * <p>Measured 2026-12-02 on the shared 2-core machine, float32 128 x 128 x 128 products ({@code VectorGemm}, 2
 * threads), instrumented per job. Until then the helpers were a {@code ForkJoinPool}'s, which park as soon as
 * their queue is empty: at load 6 the caller spent 16-17 us of a 32 us product in {@code execute} (waking the
 * parked worker, which started 5.7 us after the submit and did 3.97 of the 4 tasks while the caller was still in
 * the system call), so the two threads took turns, and 2 threads were no faster than one (median 26-34 us
 * against 25.5-26 us). With the spinning helper the helper starts 0.1-0.7 us after the job is posted and the
 * caller begins its own share 0.1-0.3 us after the start; the caller waits 0.2-1.7 us for the helper at the end.
 * SPIN_NANOS = 100 us covers the gaps between the kernels of a training step; the spinning costs the machine at
 * most that much CPU time per parallel kernel call and none when no parallel kernel runs.
 */
public final class Parallel {
    /** How long a helper watches its mailbox after a job, and a caller its helpers, before parking. */
    static final long SPIN_NANOS = 100_000L;

    private static volatile int threads = Math.max(1, Integer.getInteger("gradtape.threads",
            Runtime.getRuntime().availableProcessors()));
    private static volatile Worker[] workers;

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
        new Job(tasks, body).run(helpers);
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

    private static Worker[] workers() {
        Worker[] w = workers;
        if (w == null) {
            synchronized (Parallel.class) {
                w = workers;
                if (w == null) {
                    w = new Worker[Math.max(1, Runtime.getRuntime().availableProcessors() - 1)];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = new Worker(i);
                    }
                    for (Worker x : w) {
                        x.start();
                    }
                    workers = w;
                }
            }
        }
        return w;
    }

    /** A helper thread; daemon, so it never keeps the JVM alive. */
    private static final class Worker extends Thread {
        private static final VarHandle MAILBOX;

        static {
            try {
                MAILBOX = MethodHandles.lookup().findVarHandle(Worker.class, "mailbox", Job.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final int id;
        /** The job posted to this helper, null while it is free for another. */
        private volatile Job mailbox;
        /** Set before the helper parks; a caller that posts a job then unparks it. */
        volatile boolean parked;

        Worker(int id) {
            super("gradtape-kernel-" + (id + 1));
            this.id = id;
            setDaemon(true);
        }

        /** Posts {@code job} if this helper is free; false if it is busy with another. */
        boolean post(Job job) {
            if (mailbox != null || !MAILBOX.compareAndSet(this, (Job) null, job)) {
                return false;
            }
            if (parked) {
                LockSupport.unpark(this);
            }
            return true;
        }

        @Override
        public void run() {
            while (true) {
                Job j = await();
                j.help(this);
            }
        }

        /** Spins for SPIN_NANOS watching the mailbox, then parks until a job arrives. */
        private Job await() {
            long start = System.nanoTime();
            for (int spins = 0; ; spins++) {
                Job j = mailbox;
                if (j != null) {
                    return j;
                }
                if ((spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                while ((j = mailbox) == null) {
                    LockSupport.park(this);
                }
                parked = false;
                return j;
            }
        }

        /** Frees the mailbox for the next job. */
        void done() {
            mailbox = null;
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
        private final Worker[] workers;
        /** Per helper id: PENDING until the helper starts or the caller cancels it. */
        private final AtomicIntegerArray state;
        private final AtomicInteger unfinished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();
        /** Set before the caller parks to wait for its helpers; the last helper to finish then unparks it. */
        private volatile boolean waiting;

        Job(int tasks, Task body) {
            this.tasks = tasks;
            this.body = body;
            this.workers = workers();
            this.state = new AtomicIntegerArray(workers.length);
        }

        void run(int helpers) {
            int[] posted = new int[Math.min(helpers, workers.length)];
            int count = 0;
            for (int h = 0; h < workers.length && count < posted.length; h++) {
                unfinished.incrementAndGet();
                if (workers[h].post(this)) {
                    posted[count++] = h;
                } else {
                    unfinished.decrementAndGet();
                }
            }
            drain();
            for (int i = 0; i < count; i++) {
                if (state.compareAndSet(posted[i], PENDING, CANCELLED)) {
                    finishOne();
                }
            }
            long start = 0;
            for (int spins = 0; unfinished.get() > 0; spins++) {
                if (spins == 0) {
                    start = System.nanoTime();
                }
                if ((spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    waiting = true;
                    if (unfinished.get() > 0) {
                        LockSupport.parkNanos(this, 50_000L);
                    }
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

        /** Run by helper {@code w}: its share of the tasks, unless the caller has already cancelled it. */
        void help(Worker w) {
            boolean started = state.compareAndSet(w.id, PENDING, RUNNING);
            if (started) {
                drain();
            }
            w.done();
            if (started) {
                finishOne();
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
            if (unfinished.decrementAndGet() == 0 && waiting) {
                LockSupport.unpark(caller);
            }
        }
    }
}
