package io.gradtape.internal.kernels;

import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * <p>
 * Large float32 and float64 storage arrays that are known to be dead, handed to the next allocation of the same
 * length on the same thread ({@link Convert#allocate}): what PyTorch's allocator does for every tensor, done here
 * only where the library itself can prove that nothing refers to the array any more.
 * </p>
 *
 * <p>
 * Why. A new Java array lies in memory that the allocator has not touched since the last collection, far outside
 * the cache, and the thread that allocates it zeroes it there. On the 2-core Intel Xeon of 2026-12-03 (one thread,
 * a throwaway loop, 18:14 UTC, load 0.4) {@code new float[200704]} cost 80 us where filling a reused array of that
 * length cost 14 us, and the MNIST MLP's eight matrix products took 1,063 us with fresh outputs against 887 us
 * into reused ones (the weight gradient {@code (128x784)^T @ 128x256}: 423 against 313 us). PyTorch's allocator
 * gives the buffer that the last step freed back to the next step, still in the cache. The JVM learns that an
 * array is dead only at a collection, too late to be warm (see the benchmark notes: "Why a pool of recycled
 * arrays would not close the fresh-output gap either").
 * </p>
 *
 * <p>
 * Where death is proven. A gradient's sweep ({@code GradientTape.gradient}) makes intermediate cotangents that
 * live only inside it: the tape keeps none of them, and its caller gets only the gradients of the sources. So when
 * it returns, every array made during the sweep is dead except the arrays of the tensors it returns (and of any
 * tensor sharing one of them, such as a reshape: arrays are compared, not tensors). {@code Optimizer.minimize}
 * goes further: it never hands its gradients to its caller, so after the update they are dead too, and every array
 * of its window is. An array is donated only when all of these hold:
 * </p>
 * <ol>
 *   <li>the array was allocated through {@link Convert#allocate} (or {@code floatsToFill}) on this thread while
 *       the gradient was computed (between {@link #open} and {@link #close}): not a tensor of the forward pass, a
 *       variable's storage, a constant or anything else made before;</li>
 *   <li>it is not the array of a tensor the caller keeps ({@link #donateAllBut}'s {@code live}: the returned
 *       gradients of {@code GradientTape.gradient}; nothing for {@code minimize});</li>
 *   <li>no user code ran in that time: a custom gradient's rule ({@link #spoil}) could keep what it is given or
 *       returns, and the output of a custom op is the user's own tensor's array;</li>
 *   <li>no other tape or forward accumulator recorded the gradient computation (the caller spoils the window
 *       otherwise: a tape that records keeps the tensors of the ops it records);</li>
 *   <li>each array is donated once, however many tensors share it.</li>
 * </ol>
 * <p>
 * The window holds what it records weakly, so a collection during the sweep may take arrays that were already
 * dead out of the donation; a donation never keeps an array alive beyond the soft references of the pool.
 * </p>
 *
 * <p>
 * Measured on the MNIST MLP's step (784-256-128-10, batch 128, SGD, one thread; 2026-12-05, 2-core Intel Xeon,
 * helpers building; main-thread CPU time, one JVM alternating 12 blocks of 200 steps with the sweep's donation off
 * and on after 4,000 steps of warm-up): {@code applyGradients(tape.gradient(...))} 1,278 -> 1,228 us per step
 * (median block; faster in 11 of 12 pairs), where the gradient donated nothing before; {@code minimize}, which
 * donated its gradients only, 1,232 -> 1,220 us (7 of 12). The four 128 x 128 and 128 x 256 cotangents that die in
 * its sweep serve the next step's two activations and two of its cotangents; in {@code minimize} the weight
 * gradients join them.
 * </p>
 *
 * <p>
 * The second source: {@code TensorScope}. When a scope closes, the large arrays born while it was open, whose
 * every tensor it released, are given to the pool ({@link #give}; the proof is in {@link TensorScopes}).
 * </p>
 *
 * <p>
 * Handing out. An array taken from the pool is removed from it, so each donation is used by one allocation at
 * most, and zero-filled for {@link Convert#allocate} (in the cache: 14 us for 800 KB, above); for
 * {@link Convert#floatsToFill} and {@link Convert#doublesToFill}, whose callers write every element, it keeps its
 * old values. The pool holds at most {@link #MAX_POOLED}
 * arrays through soft references (a collection under memory pressure may clear them); each donation of a gradient's
 * window replaces what the last one left untaken, so a thread holds at most one step's dead arrays, and a scope's
 * close adds to the pool, dropping its oldest entry when full. Arrays shorter than
 * {@link #MIN_LENGTH} elements are always new: their zeroing costs little, and the thread-local lookup is kept
 * off the per-op path of small tensors (the scalar chain and the tiny MLP).
 * </p>
 *
 * <p>
 * Out of line. The bodies of {@link #floats}, {@link #doubles} and {@link #donateAllBut} are called through
 * handles that are not constants, so C2 does not inline them into the kernels and the tape (see
 * {@link KernelHandles}). Inlined, their branches (a window open or not, a pooled array found or not, anything
 * recorded to donate) were compiled from the profile of whatever the JVM had run: after matrix products, exp and
 * small models, which never open a window over large arrays, the MNIST MLP's first gradient trapped at
 * {@code born}'s {@code depth == 0}, {@code take}'s loop and {@code donateAllBut}'s test, inside
 * {@code MatmulKernels.matmul}, {@code GradientTape.gradient}, {@code FastLoops.reluGradient} and four VJP rules,
 * which then ran C1's code until the C2 thread, busy with the MLP's new code, compiled them again up to a second
 * later (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-05, 3 of 3 runs). With these calls (and the same fix in
 * {@code LongMap.take} and {@code FastLoops.unary}), 4 alternated pairs of WarmCold mixed 2 under SCHED_FIFO (the
 * machine's other load, two helpers building, kept off): first 100 steps 2.17-2.46 -> 1.54-1.68 ms per step, steady
 * 1.03-1.10 both, ratio 2.11-2.28 -> 1.46-1.60. A handle's call costs a few ns per array of at least
 * {@link #MIN_LENGTH} elements.
 * </p>
 */
public final class RecycledArrays {
    /** Shorter arrays are never tracked nor reused: 64 KiB of float32, whose zeroing cost 6.8 us (above). */
    public static final int MIN_LENGTH = 1 << 14;
    /** At most this many arrays wait in a thread's pool. */
    static final int MAX_POOLED = 32;
    /** A window that sees more large allocations than this donates nothing (bounded bookkeeping). */
    static final int MAX_BORN = 1 << 14;

    private static final ThreadLocal<RecycledArrays> MINE = ThreadLocal.withInitial(RecycledArrays::new);

    @SuppressWarnings("unchecked")
    private final SoftReference<Object>[] pool = new SoftReference[MAX_POOLED];
    private int pooled;
    /** The window: how deep its opens nest (open while above 0), whether it was spoiled, the arrays made in it. */
    private int depth;
    private boolean spoiled;
    @SuppressWarnings("unchecked")
    private WeakReference<Object>[] born = new WeakReference[16];
    private int bornCount;
    /** Arrays handed out from the pool and donated, for tests. */
    private long reused;
    private long donated;

    private RecycledArrays() {
    }

    /** {@link #OUT_OF_LINE}'s members by index. */
    private static final int FLOATS = 0, DOUBLES = 1, DONATE = 2;
    /**
     * The bodies of {@link #floats}, {@link #doubles} (and their {@code ToFill} forms) and {@link #donateAllBut}
     * as handles read from an array: C2 neither treats them as constants nor inlines them (see "Out of line" in the
     * class comment).
     */
    private static final MethodHandle[] OUT_OF_LINE = {
        KernelHandles.find(MethodHandles.lookup(), RecycledArrays.class, "floatsOutOfLine",
                MethodType.methodType(float[].class, int.class, boolean.class)),
        KernelHandles.find(MethodHandles.lookup(), RecycledArrays.class, "doublesOutOfLine",
                MethodType.methodType(double[].class, int.class, boolean.class)),
        KernelHandles.find(MethodHandles.lookup(), RecycledArrays.class, "donateOutOfLine",
                MethodType.methodType(void.class, Tensor[].class))};

    /** A zeroed float array of length {@code n >= MIN_LENGTH}: a pooled one (zeroed again) if there is one, else new. */
    static float[] floats(int n) {
        return floats(n, true);
    }

    /** As {@link #floats}, but a reused array keeps its old values: the caller overwrites every element. */
    static float[] floatsToFill(int n) {
        return floats(n, false);
    }

    /** {@link #floatsOutOfLine} through its handle. */
    private static float[] floats(int n, boolean zero) {
        try {
            return (float[]) OUT_OF_LINE[FLOATS].invokeExact(n, zero);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** {@link #floats} and {@link #floatsToFill}, called out of line (see "Out of line" in the class comment). */
    private static float[] floatsOutOfLine(int n, boolean zero) {
        RecycledArrays r = MINE.get();
        float[] a = (float[]) r.take(float[].class, n);
        boolean pooled = a != null;
        if (!pooled) {
            a = new float[n];
        } else if (zero) {
            Arrays.fill(a, 0f);
        }
        r.born(a);
        if (TensorScopes.anyOpen()) {
            TensorScopes.handedOut(a, pooled);
        }
        return a;
    }

    /** A zeroed double array of length {@code n >= MIN_LENGTH}: a pooled one (zeroed again) if there is one, else new. */
    static double[] doubles(int n) {
        return doubles(n, true);
    }

    /** As {@link #doubles}, but a reused array keeps its old values: the caller overwrites every element. */
    static double[] doublesToFill(int n) {
        return doubles(n, false);
    }

    /** {@link #doublesOutOfLine} through its handle. */
    private static double[] doubles(int n, boolean zero) {
        try {
            return (double[]) OUT_OF_LINE[DOUBLES].invokeExact(n, zero);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** {@link #doubles} and {@link #doublesToFill}, called out of line. */
    private static double[] doublesOutOfLine(int n, boolean zero) {
        RecycledArrays r = MINE.get();
        double[] a = (double[]) r.take(double[].class, n);
        boolean pooled = a != null;
        if (!pooled) {
            a = new double[n];
        } else if (zero) {
            Arrays.fill(a, 0d);
        }
        r.born(a);
        if (TensorScopes.anyOpen()) {
            TensorScopes.handedOut(a, pooled);
        }
        return a;
    }

    private Object take(Class<?> type, int n) {
        for (int i = 0; i < pooled; i++) {
            Object a = pool[i].get();
            if (a != null && a.getClass() == type && java.lang.reflect.Array.getLength(a) == n) {
                pool[i] = pool[--pooled];
                pool[pooled] = null;
                reused++;
                return a;
            }
        }
        return null;
    }

    /** Records {@code a} as made in the window, if one is open. */
    private void born(Object a) {
        if (depth == 0) {
            return;
        }
        if (bornCount == MAX_BORN) {
            spoiled = true;
            return;
        }
        if (bornCount == born.length) {
            born = Arrays.copyOf(born, 2 * bornCount);
        }
        born[bornCount++] = new WeakReference<>(a);
    }

    /**
     * Starts recording this thread's large allocations: the window in which a gradient is computed. Opens nest
     * (a custom gradient's rule that calls {@code minimize}): an open inside an open window spoils it, and only
     * the outermost {@link #close} ends it.
     */
    public static void open() {
        RecycledArrays r = MINE.get();
        if (r.depth++ > 0) {
            r.spoiled = true;
            return;
        }
        r.forget();
    }

    /** Ends one {@link #open}; after the outermost, what was recorded waits for {@link #donateAllBut}. */
    public static void close() {
        RecycledArrays r = MINE.get();
        if (r.depth == 0) {
            throw new IllegalStateException("RecycledArrays.close: no window is open");
        }
        r.depth--;
    }

    /** User code ran inside the window (a custom gradient's rule): the window donates nothing. */
    public static void spoil() {
        RecycledArrays r = MINE.get();
        if (r.depth > 0) {
            r.spoiled = true;
        }
    }

    /** Whether a window is open on this thread (a caller inside {@code minimize}'s gradient leaves it alone). */
    public static boolean windowOpen() {
        return MINE.get().depth > 0;
    }

    /**
     * Gives every array allocated in the last window back to this thread's pool, except the arrays of
     * {@code live}, unless the window was spoiled; then forgets the window. Inside an open window it does nothing.
     * The caller guarantees that of the tensors made in the window only those of {@code live} (and tensors sharing
     * their arrays) can be read again, and spoils the window when another tape recorded it (see the class comment).
     *
     * @param live tensors made in the window that their caller keeps (null entries are skipped)
     */
    public static void donateAllBut(Tensor[] live) {
        try {
            OUT_OF_LINE[DONATE].invokeExact(live);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** {@link #donateAllBut}, called out of line. */
    private static void donateOutOfLine(Tensor[] live) {
        RecycledArrays r = MINE.get();
        if (r.depth > 0) {
            return;
        }
        if (!r.spoiled && r.bornCount > 0) {
            Map<Object, Boolean> seen = new IdentityHashMap<>();
            for (Tensor t : live) {
                if (t != null) {
                    // identity only: a returned gradient may be a seed its TensorScope released (a target that is
                    // also a source), whose values no one may read any more but whose array is still not to be given
                    seen.put(TensorAccess.storageIdentity(t), Boolean.TRUE);
                }
            }
            Arrays.fill(r.pool, 0, r.pooled, null);
            r.pooled = 0;
            for (int i = 0; i < r.bornCount && r.pooled < MAX_POOLED; i++) {
                Object a = r.born[i].get();
                if (a != null && seen.put(a, Boolean.TRUE) == null) {
                    r.pool[r.pooled++] = new SoftReference<>(a);
                    r.donated++;
                }
            }
        }
        r.forget();
    }

    /**
     * Gives one array whose every tensor was released with its {@code TensorScope} to this thread's pool (see
     * {@link TensorScopes#close}). An array already waiting in the pool is not added twice; a full pool drops
     * its oldest entry.
     */
    static void give(Object a) {
        RecycledArrays r = MINE.get();
        for (int i = 0; i < r.pooled; i++) {
            if (r.pool[i].get() == a) {
                return;
            }
        }
        if (r.pooled == MAX_POOLED) {
            System.arraycopy(r.pool, 1, r.pool, 0, MAX_POOLED - 1);
            r.pooled--;
        }
        r.pool[r.pooled++] = new SoftReference<>(a);
        r.donated++;
    }

    /** Clears the window's record and its spoiled mark. */
    private void forget() {
        Arrays.fill(born, 0, bornCount, null);
        bornCount = 0;
        spoiled = false;
    }

    /** Arrays this thread took from its pool so far (for tests). */
    public static long reusedOnThisThread() {
        return MINE.get().reused;
    }

    /** Arrays this thread donated so far (for tests). */
    public static long donatedOnThisThread() {
        return MINE.get().donated;
    }
}
