package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * <p>
 * A one-input op on a large float32 or float64 array, on several threads, whose output is allocated while the
 * helpers already compute: {@link FastLoops#unary}'s parallel path.
 * </p>
 *
 * <p>
 * Why. A plain call returns a new array, and the JVM zeroes a new array on the thread that allocates it, outside
 * the cache, before the kernel can write a value. Until 2026-12-06 the caller allocated first and then posted the
 * job, so the helper had nothing to do during the zeroing. Measured that day on the 2-core AMD EPYC (Zen 5) machine
 * ({@code scripts/bench.sh}, JMH, 1M float32 values, 2 threads): {@code new float[1M]} alone 202 us, the exp kernel
 * into a reused array 233 us, the plain {@code exp} call 563 us, where PyTorch's took 449 us.
 * </p>
 *
 * <p>
 * How. {@link Parallel#forRangeAfter} posts the job first and allocates on the caller ({@link #run()}, through
 * {@link Convert#floatsToFill}, so a {@code TensorScope} or a gradient's window still hands out its recycled
 * arrays, on the caller's thread as before). The first helper's block starts at element 0. The one thread that
 * finds no output at element 0 (the scratch's owner) writes its chunks, from 0 upwards and contiguous, into a
 * scratch array of its own, indexed as the output is, of at most {@link #SCRATCH_BYTES}; once the output exists it
 * copies that prefix across and writes the rest of its chunks directly. Any other chunk that finds no output
 * waits for it (the caller allocates before it takes a task, so the wait ends, and a failed allocation ends it
 * too). If the owner has left before the output existed, the caller copies the prefix after the job. Every element
 * is computed by the same kernel, whichever array it goes to first, and a value's result never depends on its
 * chunk, so the bits are those of the plain loop on any number of threads.
 * </p>
 *
 * <p>
 * Measured the same day and machine, 2 threads, 1M float32 values. A throwaway loop calling both paths
 * alternately (400 calls each, medians, after 2,400 of warm-up): exp 537 -> 402 us, sigmoid 528 -> 409 us, sin
 * 537 -> 421 us; the helper's prefix was its whole block (512K elements) or most of it, so the allocation took
 * longer than the helper's half, and the helper copied it itself in 97% of the calls. In JMH ({@code UnaryBench},
 * 2 alternated runs each): exp 517 and 567 -> 455 and 447 us, sigmoid 600 and 615 -> 498 and 537, sin 595 and 573
 * -> 511 and 549; one thread unchanged. What is left is the copy: each microsecond of work done before the output
 * exists costs about 0.4 us of copying afterwards (2 MB copied at about 25 GB/s, computed at about 11 GB/s). {@code
 * WarmCold mixed 2}, 4 alternated pairs: first 100 / steady 1.74, 1.99, 1.91, 1.57 before and 1.53, 1.79, 1.75,
 * 1.61 after.
 * </p>
 *
 * <p>
 * Memory. Each thread that has owned a scratch keeps it, through a soft reference, for its next call: at most
 * {@link #SCRATCH_BYTES} per array type (half the output's length, the first helper's block on two threads).
 * </p>
 */
final class OverlappedUnary implements Runnable, Parallel.Range {
    /** The largest scratch array a thread keeps, per element type: 4 MiB (1M float32, 512K float64 values). */
    static final int SCRATCH_BYTES = 4 << 20;

    /** Each thread's scratch arrays: [0] a float[], [1] a double[] (either null until first needed). */
    private static final ThreadLocal<SoftReference<Object[]>> SCRATCH = new ThreadLocal<>();

    private final Primitive p;
    private final Object x;
    private final int n;
    private final boolean f32;
    /** The output, set once by the caller; null until then. */
    private volatile Object out;
    /** Set when the allocation threw: waiting chunks give up (the job rethrows the allocation's exception). */
    private volatile boolean failed;
    /** The thread that writes the prefix into its scratch; set once, by compare-and-set, at element 0. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /**
     * The owner's scratch, the end of the prefix in it (volatile for tests that wait for it) and whether the owner
     * copied it; written by the owner, read by the caller after the job.
     */
    private Object scratch;
    private volatile int prefixEnd;
    private boolean copied;
    /** Run on the caller before it allocates; null but in tests, which hold the allocation back. */
    private final Runnable beforeAllocation;

    /** A job for {@code p} of every element of {@code x} (a float[] or double[]). */
    OverlappedUnary(Primitive p, Object x, Runnable beforeAllocation) {
        this.p = p;
        this.x = x;
        this.f32 = x instanceof float[];
        this.n = length(x);
        this.beforeAllocation = beforeAllocation;
    }

    /** {@code p} of every element of {@code x} (a float[] or double[]) into a new or recycled array of its type. */
    static Object apply(Primitive p, Object x, int grain, int minParallel) {
        return new OverlappedUnary(p, x, null).compute(grain, minParallel);
    }

    /** Runs the job in chunks of {@code grain} elements (on the caller alone below {@code minParallel}). */
    Object compute(int grain, int minParallel) {
        Parallel.forRangeAfter(n, grain, minParallel, this, this);
        Object o = out;
        if (prefixEnd > 0 && !copied) {
            copyPrefix(o); // the owner left before the output existed
        }
        return o;
    }

    /** How many elements went through the owner's scratch (0: none), after {@link #compute}, or while it runs. */
    int prefixEnd() {
        return prefixEnd;
    }

    /** Whether the owner copied its prefix itself (false: the caller did, or there was none). */
    boolean copiedByOwner() {
        return copied;
    }

    /** The allocation, on the caller. */
    @Override
    public void run() {
        try {
            if (beforeAllocation != null) {
                beforeAllocation.run();
            }
            out = f32 ? Convert.floatsToFill(n) : Convert.doublesToFill(n);
        } catch (Throwable e) {
            failed = true;
            throw e;
        }
    }

    /** Elements {@code [lo, hi)}: into the output, or into the owner's scratch while there is none. */
    @Override
    public void run(int lo, int hi) {
        Object o = out;
        Thread me = Thread.currentThread();
        boolean mine = owner.get() == me;
        if (o == null) {
            if (lo == 0 && owner.compareAndSet(null, me)) {
                mine = true;
                scratch = scratchOf(Math.min((n + 1) / 2, SCRATCH_BYTES / (f32 ? Float.BYTES : Double.BYTES)));
            }
            if (mine && !copied && lo == prefixEnd && hi <= length(scratch)) {
                kernel(scratch, lo, hi);
                prefixEnd = hi;
                if ((o = out) != null) {
                    copyPrefix(o);
                }
                return;
            }
            while ((o = out) == null) {
                if (failed) {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        if (mine && !copied && prefixEnd > 0) {
            copyPrefix(o);
        }
        kernel(o, lo, hi);
    }

    private void copyPrefix(Object o) {
        System.arraycopy(scratch, 0, o, 0, prefixEnd);
        copied = true;
    }

    private void kernel(Object target, int lo, int hi) {
        if (f32) {
            FastLoops.f32Unary(p, (float[]) x, (float[]) target, lo, hi);
        } else {
            FastLoops.f64Unary(p, (double[]) x, (double[]) target, lo, hi);
        }
    }

    private int length(Object a) {
        return f32 ? ((float[]) a).length : ((double[]) a).length;
    }

    /** This thread's scratch of this job's type, at least {@code length} long (grown when shorter). */
    private Object scratchOf(int length) {
        SoftReference<Object[]> ref = SCRATCH.get();
        Object[] both = ref == null ? null : ref.get();
        if (both == null) {
            both = new Object[2];
            SCRATCH.set(new SoftReference<>(both));
        }
        int k = f32 ? 0 : 1;
        if (both[k] == null || length(both[k]) < length) {
            both[k] = f32 ? new float[length] : new double[length];
        }
        return both[k];
    }
}
