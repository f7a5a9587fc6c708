package io.gradtape.internal.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits large kernel work across cores. The calling thread always takes part, and up to {@code threads() - 1}
 * helper threads join it. The tasks are cut into one contiguous block per thread, the caller's first, and each
 * thread works through its own block before it takes what is left of the others', so a slow core (the machine may
 * be shared) simply takes fewer tasks (see "Blocks" below). A helper that has not started by the time the caller
 * ran out of tasks is cancelled rather than waited for (the caller runs its block), so a job that turns out to be
 * small pays no wake-up latency. Work submitted from inside a helper runs on the calling thread alone, and the block
 * of a helper that is busy with another caller's job falls to the caller (no nesting, no deadlock, no queue).
 *
 * <p>Kernels decide whether to split at all with a size threshold: below it, the thread hand-off costs more
 * than it saves and the work stays on the calling thread. The number of threads defaults to the number of
 * available processors and can be set with the system property {@code gradtape.threads} or with
 * {@link #setThreads} (benchmarks compare 1 and 2 threads that way).
 *
 * <p>Hand-off. Each helper is a daemon thread of its own with a one-job mailbox (a volatile field the caller fills
 * with a compare-and-set). After a job a helper spins ({@code Thread.onSpinWait}) for {@link #SPIN_NANOS} watching
 * its mailbox (or a shorter time, see "Adaptive spin"), and only then parks; a caller unparks it only when it has
 * parked. Kernels that run back to back (a benchmark loop) nearly always find the helper spinning and reach it with
 * no system call on either side (a training step's kernels mostly do not, see "Adaptive spin"); the caller likewise
 * spins for up to SPIN_NANOS for its helpers at the end of a job before it parks. A helper that is busy (another
 * caller's job, or a cancelled job it has not yet seen because its core was taken by another process) is skipped,
 * and the caller does the work alone.
 *
 * <p>Measured 2026-12-02 on the shared 2-core machine, float32 128 x 128 x 128 products ({@code VectorGemm}, 2
 * threads), instrumented per job. Until then the helpers were a {@code ForkJoinPool}'s, which park as soon as their
 * queue is empty: at load 6 the caller spent 16-17 us of a 32 us product in {@code execute} (waking the parked
 * worker, which started 5.7 us after the submit and did 3.97 of the 4 tasks while the caller was still in the
 * system call), so the two threads took turns, and 2 threads were no faster than one (median 26-34 us against
 * 25.5-26 us). With the spinning helper the helper starts 0.1-0.7 us after the job is posted and the caller begins
 * its own share 0.1-0.3 us after the start; the caller waits 0.2-1.7 us for the helper at the end. SPIN_NANOS = 100
 * us covers the gaps between back-to-back kernel calls; the spinning costs the machine at most that much CPU time
 * per parallel kernel call and none when no parallel kernel runs.
 *
 * <p>Adaptive spin. A helper spins for SPIN_NANOS only when the gap before its last job was shorter than that, else
 * for {@link #SHORT_SPIN_NANOS}; a job that arrives after it parked, within SPIN_NANOS of its last job, turns the
 * long spin back on. Measured 2026-12-03 13:30-13:40 UTC ({@code WarmCold mixed 2}, MLP 784-256-128-10, load 2.6-4
 * from other processes, counters added to this class for the measurement): a step has 5 parallel kernel calls, and
 * the gap before nearly every one is longer than 100 us (per step 2.5-3.2 spins ended in a park, 0.002-0.04 found a
 * job), so the 100 us spins were 0.26 (steady) to 0.33 ms (first 100 steps) of helper CPU time per step that found
 * nothing; back-to-back products (a benchmark loop) keep the long spin.
 *
 * <p>Caller-only fallback. A job is late when a posted helper had not started by the time the caller ran out of
 * tasks (cancelled), or when the caller waited for a helper's last task longer than {@link #LATE_WAIT_NANOS} and
 * than its own share took; both mean the helper was not on a CPU when the caller was. After {@link #LATE_LIMIT}
 * late jobs among the last {@link #LATE_WINDOW}, the next {@link #SOLO_JOBS} jobs run on the caller alone (the
 * helpers park) and the length doubles, up to {@link #SOLO_JOBS_MAX}, each time the jobs after such a stretch turn
 * late again; a window of jobs with helpers and fewer late ones resets it. These four are chosen, not tuned: with
 * 1% of jobs late, three in 16 come about once in 10,000 jobs; with 11-17%, within a few steps. Measured 2026-12-03
 * (same runs): over the MLP's first 100 steps after the other workloads, while one C2 compiler thread held one of
 * the 2 CPUs, 0.54-0.83 of the 5 jobs per step were cancelled (11-17%), against 0.006-0.04 (under 1%) in the steady
 * state at load below 3; the main thread's CPU time was 1.36 ms per step and its wait on a run queue ({@code
 * /proc/thread-self/schedstat}) 0.90 ms, about the helper's 0.93 ms of CPU time: the helper shared the main
 * thread's CPU instead of adding one, and its work, spin and switches queued the caller behind it. The caller never
 * waited long for a helper's last task (0.001-0.03 ms per step). With both changes, 5 alternated pairs at
 * 13:55-13:59 UTC (load 3.8-4.5, other processes' benchmarks), this build first against main 1389e5e: first 100
 * steps 3.45, 3.31, 3.51, 4.30, 3.27 ms against 3.95, 3.51, 3.67, 4.49, 4.11 (lower in every pair), steady
 * 1.45-1.54 against 1.68-1.81 ms (at that load the fallback kept most steady jobs on the caller too: helper CPU
 * 0.06-0.26 against 0.77-0.83 ms per step), so first 100 / steady stayed 2.25-2.79 against 1.98-2.58. The machine
 * was never quiet enough to repeat the 1.9x-at-load-1 case. Tasks write disjoint outputs, so who runs a task
 * changes no bit of a result.
 *
 * <p>Blocks. Each thread starts on its own block, so from one call to the next the same thread (and, as long as
 * the scheduler keeps it there, the same core) handles the same part of the arrays, and finds that part in the
 * caches it wrote it to; when it has finished its block it takes the rest of a slower thread's. Until 2026-12-04
 * every thread took the next task from one shared counter, so which thread wrote which 64K-element chunk changed
 * with every call. Measured that day on the 2-core AMD EPYC (Zen 5) machine, {@code a * b + c} on 1M float32
 * values into reused arrays, 2 threads: 313-340 us per call with the shared counter, 199-221 us with blocks, and
 * 174-203 us with a throwaway pair of threads that always split in halves (1 thread: 340-600 us); in JMH ({@code
 * ScopedElementwiseBench}, alternated runs) 286 and 303 us against 208 and 189 us, where PyTorch's two threads,
 * which always split in halves too, took 185 us. Matrix products and transcendentals, whose tasks are compute
 * bound, did not change.
 */
public final class Parallel {
    /** How long a helper watches its mailbox after a job, and a caller its helpers, before parking. */
    static final long SPIN_NANOS = 100_000L;
    /** A helper's spin after a job when the gap before its last job was longer than SPIN_NANOS. */
    static final long SHORT_SPIN_NANOS = 10_000L;
    /**
     * A caller that waits longer than this, and longer than its own share of the job took, for a helper's last
     * task counts the job as late (a large product's tasks take hundreds of us each, so the last one of a helper
     * on a CPU of its own may end that long after the caller's).
     */
    static final long LATE_WAIT_NANOS = 50_000L;
    /** How many recent jobs with helpers the fallback looks back on. */
    static final int LATE_WINDOW = 16;
    /** Late jobs among the last LATE_WINDOW that send the next jobs to the caller alone. */
    static final int LATE_LIMIT = 3;
    /** The first stretch of caller-only jobs; it doubles while the jobs after it turn late again. */
    static final int SOLO_JOBS = 64;
    /** The longest stretch of caller-only jobs. */
    static final int SOLO_JOBS_MAX = 1024;

    private static volatile int threads = Math.max(1, Integer.getInteger("gradtape.threads",
            Runtime.getRuntime().availableProcessors()));
    private static volatile Worker[] workers;
    private static final Fallback FALLBACK = new Fallback();

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
        if (callerAlone(helpers)) {
            for (int t = 0; t < tasks; t++) {
                body.run(t);
            }
            return;
        }
        new Job(tasks, body, helpers).run();
    }

    /**
     * Whether a job with this many helpers wanted runs on the caller alone: none wanted, a helper's own call (no
     * nesting), or a caller-only stretch (which this call, when it is one, counts down).
     */
    private static boolean callerAlone(int helpers) {
        return helpers <= 0 || Thread.currentThread() instanceof Worker || !FALLBACK.useHelpers();
    }

    /**
     * Whether jobs use helpers or run on the caller alone (see "Caller-only fallback" above). Callers on several
     * threads may update it at once; a lost update only shifts when a stretch starts or ends, never a result.
     */
    static final class Fallback {
        /** One bit per recent job with helpers, 1 if it was late; the newest in bit 0. */
        private int history;
        /** Jobs with helpers since the last caller-only stretch, counted up to LATE_WINDOW + 1. */
        private int since = LATE_WINDOW + 1;
        /** Caller-only jobs left in the current stretch. */
        private int soloLeft;
        /** The length of the next stretch. */
        private int soloLength = SOLO_JOBS;

        /** True if the next job may post to helpers; false (and one fewer left) inside a caller-only stretch. */
        boolean useHelpers() {
            if (soloLeft > 0) {
                soloLeft--;
                return false;
            }
            return true;
        }

        /** Records how a job with helpers went. */
        void record(boolean late) {
            history = (history << 1 | (late ? 1 : 0)) & ((1 << LATE_WINDOW) - 1);
            if (since <= LATE_WINDOW) {
                since++;
            }
            if (Integer.bitCount(history) >= LATE_LIMIT) {
                // Late again within a window after the last stretch: the shortage lasts, so the next is longer.
                soloLength = since <= LATE_WINDOW ? Math.min(2 * soloLength, SOLO_JOBS_MAX) : SOLO_JOBS;
                soloLeft = soloLength;
                history = 0;
                since = 0;
            }
        }

        /** Caller-only jobs left in the current stretch (for tests). */
        int soloLeft() {
            return soloLeft;
        }

        /** The length of the next stretch (for tests). */
        int soloLength() {
            return soloLength;
        }
    }

    /** The process-wide fallback state (for tests). */
    static Fallback fallback() {
        return FALLBACK;
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

    /**
     * As {@link #forRange}, with an allocation (or any {@code prelude}) that overlaps the helpers' first tasks: the
     * caller posts the job, runs {@code prelude}, then takes part. So {@code body} may run on a helper before
     * {@code prelude} has returned, and must cope with that ({@link OverlappedUnary} writes into a scratch array
     * until the output exists). The blocks are turned round: the first helper's block starts at element 0 and the
     * caller's ends at {@code n}, so the helper that starts first works from element 0 upwards, and the caller,
     * which starts late, takes the end. When the work stays on the caller (as {@link #forRange}: {@code n} below
     * {@code minParallel}, one thread, a helper's own call, a caller-only stretch), {@code prelude} runs first and
     * then {@code body} over {@code [0, n)}. If {@code prelude} throws, no task starts after it, and its exception
     * is rethrown once the tasks already running have ended.
     */
    public static void forRangeAfter(int n, int grain, int minParallel, Runnable prelude, Range body) {
        int g = Math.max(grain, 1);
        int chunks = (int) ((n + (long) g - 1) / g);
        int helpers = Math.min(threads, chunks) - 1;
        if (n < minParallel || callerAlone(helpers)) {
            prelude.run();
            body.run(0, n);
            return;
        }
        Job job = new Job(chunks, null, helpers);
        int first = job.start(1); // the first helper's block begins here; it gets chunk 0
        job.body = t -> {
            int c = t >= first ? t - first : t + chunks - first;
            body.run(c * g, (int) Math.min(n, (long) c * g + g));
        };
        job.runAfter(prelude);
    }

    /**
     * The first task of block {@code b} when {@code tasks} tasks are cut into {@code parts} contiguous blocks
     * whose sizes differ by at most one; {@code blockStart(tasks, parts, parts) == tasks}.
     */
    static int blockStart(int tasks, int parts, int b) {
        return (int) ((long) tasks * b / parts);
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
        /** How long the next wait spins: SPIN_NANOS or SHORT_SPIN_NANOS (read and written by this helper only). */
        private long spinNanos = SPIN_NANOS;

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

        /**
         * Spins for spinNanos watching the mailbox, then parks until a job arrives; the gap before that job sets
         * the next spin (see "Adaptive spin" above).
         */
        private Job await() {
            long start = System.nanoTime();
            long spin = spinNanos;
            for (int spins = 0; ; spins++) {
                Job j = mailbox;
                if (j != null) {
                    return j;
                }
                if ((spins & 63) != 0 || System.nanoTime() - start < spin) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                while ((j = mailbox) == null) {
                    LockSupport.park(this);
                }
                parked = false;
                spinNanos = System.nanoTime() - start < SPIN_NANOS ? SPIN_NANOS : SHORT_SPIN_NANOS;
                return j;
            }
        }

        /** Frees the mailbox for the next job. */
        void done() {
            mailbox = null;
        }
    }

    /**
     * One parallel loop. The tasks are cut into one contiguous block per participant: block 0 is the caller's,
     * block {@code h + 1} helper {@code h}'s. Each takes the tasks of its own block in order, then takes what is
     * left of the others' blocks (a participant that finished early helps a slow one). Each block has its own
     * counter, on its own cache line.
     */
    private static final class Job {
        private static final int PENDING = 0;
        private static final int RUNNING = 1;
        private static final int CANCELLED = 2;
        /** Ints between two blocks' counters: 64 bytes, so two cores never write one cache line. */
        private static final int STRIDE = 16;

        private final int tasks;
        /** Final but for {@link #forRangeAfter}, which sets it before the job is posted. */
        private Task body;
        /** Block b's next task at index {@code b * STRIDE}; block b ends where block b + 1 starts. */
        private final AtomicIntegerArray next;
        private final int parts;
        private final Worker[] workers;
        /** Per helper id: PENDING until the helper starts or the caller cancels it. */
        private final AtomicIntegerArray state;
        private final AtomicInteger unfinished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();
        /** Set before the caller parks to wait for its helpers; the last helper to finish then unparks it. */
        private volatile boolean waiting;

        Job(int tasks, Task body, int helpers) {
            this.tasks = tasks;
            this.body = body;
            this.workers = workers();
            this.parts = Math.min(helpers, workers.length) + 1;
            this.next = new AtomicIntegerArray(parts * STRIDE);
            for (int b = 1; b < parts; b++) {
                next.set(b * STRIDE, start(b));
            }
            this.state = new AtomicIntegerArray(workers.length);
        }

        private int start(int b) {
            return blockStart(tasks, parts, b);
        }

        void run() {
            int[] posted = new int[parts - 1];
            finish(posted, post(posted));
        }

        /** {@link #run} with {@code prelude} on the caller between posting the job and taking its block. */
        void runAfter(Runnable prelude) {
            int[] posted = new int[parts - 1];
            int count = post(posted);
            try {
                prelude.run();
            } catch (Throwable e) {
                stop(e);
            }
            finish(posted, count);
        }

        /** Posts the job to the helpers; returns how many took it, their ids first in {@code posted}. */
        private int post(int[] posted) {
            int count = 0;
            for (int h = 0; h < parts - 1; h++) {
                unfinished.incrementAndGet();
                if (workers[h].post(this)) {
                    posted[count++] = h;
                } else {
                    unfinished.decrementAndGet(); // busy with another job: the caller takes its block below
                }
            }
            return count;
        }

        /** The caller's part once posted: its block, the cancelled or slow helpers' rest, the wait, the result. */
        private void finish(int[] posted, int count) {
            long begin = System.nanoTime();
            drain(0);
            // a wait longer than the caller's own share (and LATE_WAIT_NANOS) makes the job late
            long lateAfter = Math.max(LATE_WAIT_NANOS, System.nanoTime() - begin);
            boolean late = false;
            for (int i = 0; i < count; i++) {
                if (state.compareAndSet(posted[i], PENDING, CANCELLED)) {
                    late = true;
                    finishOne();
                }
            }
            for (int b = 1; b < parts; b++) {
                drain(b); // a cancelled or busy helper's block, or the rest of a slow one's
            }
            long start = 0;
            for (int spins = 0; unfinished.get() > 0; spins++) {
                if (spins == 0) {
                    start = System.nanoTime();
                } else if ((spins & 63) == 0 && System.nanoTime() - start > lateAfter) {
                    late = true;
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
            if (count > 0) {
                FALLBACK.record(late);
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

        /** Run by helper {@code w}: its block and then the rest, unless the caller has already cancelled it. */
        void help(Worker w) {
            boolean started = state.compareAndSet(w.id, PENDING, RUNNING);
            if (started) {
                for (int i = 0; i < parts; i++) {
                    drain((w.id + 1 + i) % parts);
                }
            }
            w.done();
            if (started) {
                finishOne();
            }
        }

        /** Runs the tasks of block {@code b} that no one has taken yet. */
        private void drain(int b) {
            int end = start(b + 1);
            try {
                for (int t = next.getAndIncrement(b * STRIDE); t < end; t = next.getAndIncrement(b * STRIDE)) {
                    body.run(t);
                }
            } catch (Throwable e) {
                stop(e);
            }
        }

        /** Records the job's first failure and makes every participant stop at its next task. */
        private void stop(Throwable e) {
            failure.compareAndSet(null, e);
            for (int i = 0; i < parts; i++) {
                next.set(i * STRIDE, tasks);
            }
        }

        private void finishOne() {
            if (unfinished.decrementAndGet() == 0 && waiting) {
                LockSupport.unpark(caller);
            }
        }
    }
}
