package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OverlappedUnary}: the output allocated while the helpers compute gives the bits of the plain loop, whether
 * a helper's first chunks went through its scratch or not, and a failed allocation fails the call without leaving
 * a helper waiting.
 */
class OverlappedUnaryTest {
    private static final Primitive[] OPS = {Primitive.EXP, Primitive.LOG, Primitive.SIN, Primitive.TANH,
        Primitive.SIGMOID, Primitive.NEG};
    /** Chunks of this many elements, as FastLoops cuts a transcendental. */
    private static final int GRAIN = 8192;

    @Test
    void givesThePlainLoopsBitsOnOneAndTwoThreadsAtEverySize() {
        withThreads(2, () -> {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (int n : new int[] {GRAIN, GRAIN + 1, 2 * GRAIN, 5 * GRAIN + 17, 1 << 17}) {
                    for (Primitive p : OPS) {
                        float[] a = floats(n, p);
                        float[] got = (float[]) OverlappedUnary.apply(p, a, GRAIN, GRAIN);
                        assertArrayEquals(plain32(p, a), got, p + " float32 n=" + n + " threads=" + threads);
                        double[] d = doubles(n, p);
                        double[] got64 = (double[]) OverlappedUnary.apply(p, d, GRAIN, GRAIN);
                        assertArrayEquals(plain64(p, d), got64, p + " float64 n=" + n + " threads=" + threads);
                    }
                }
            }
        });
    }

    /**
     * The allocation is held back until the helper has written its first chunk into its scratch: that chunk
     * reaches the output by the owner's copy (or the caller's), and the result is the plain loop's. A helper that
     * is not on a CPU within the wait leaves the round to the plain path; most rounds must take the scratch's.
     */
    @Test
    void chunksWrittenBeforeTheOutputExistsReachIt() {
        withThreads(2, () -> {
            int n = 6 * GRAIN + 5;
            int throughScratch = 0;
            int rounds = 12;
            for (int round = 0; round < rounds; round++) {
                boolean f32 = round % 2 == 0;
                Object a = f32 ? floats(n, Primitive.EXP) : doubles(n, Primitive.EXP);
                while (!Parallel.fallback().useHelpers()) {
                    // ends a caller-only stretch that a held-back round began (its helper waited long)
                }
                OverlappedUnary[] job = new OverlappedUnary[1];
                job[0] = new OverlappedUnary(Primitive.EXP, a, () -> {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    while (job[0].prefixEnd() == 0 && System.nanoTime() < end) {
                        LockSupport.parkNanos(100_000L);
                    }
                });
                Object got = job[0].compute(GRAIN, GRAIN);
                if (job[0].prefixEnd() > 0) {
                    throughScratch++;
                    int end = job[0].prefixEnd();
                    assertTrue(end == n || end % GRAIN == 0, "the prefix ends where a chunk ends: " + end);
                }
                if (f32) {
                    assertArrayEquals(plain32(Primitive.EXP, (float[]) a), (float[]) got, "round " + round);
                } else {
                    assertArrayEquals(plain64(Primitive.EXP, (double[]) a), (double[]) got, "round " + round);
                }
            }
            assertTrue(throughScratch >= rounds / 2, "scratch used in " + throughScratch + " of " + rounds + " rounds");
        });
    }

    @Test
    void aFailedAllocationFailsTheCallAndLeavesNoHelperWaiting() {
        withThreads(2, () -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int n = 4 * GRAIN;
            float[] a = floats(n, Primitive.EXP);
            for (int round = 0; round < 5; round++) {
                OutOfMemoryError boom = new OutOfMemoryError("test: the output's allocation failed");
                OverlappedUnary job = new OverlappedUnary(Primitive.EXP, a, () -> {
                    LockSupport.parkNanos(2_000_000L); // let the helper start and wait for the output
                    throw boom;
                });
                assertSame(boom, assertThrows(OutOfMemoryError.class, () -> job.compute(GRAIN, GRAIN)));
                // the helpers are free again: the next call runs and is right
                assertArrayEquals(plain32(Primitive.EXP, a),
                        (float[]) OverlappedUnary.apply(Primitive.EXP, a, GRAIN, GRAIN));
            }
        }));
    }

    private static void withThreads(int threads, Runnable body) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            body.run();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[] plain32(Primitive p, float[] a) {
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            FastLoops.f32Unary(p, a, o, i, i + 1);
        }
        return o;
    }

    private static double[] plain64(Primitive p, double[] a) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            FastLoops.f64Unary(p, a, o, i, i + 1);
        }
        return o;
    }

    private static float[] floats(int n, Primitive p) {
        SplittableRandom r = new SplittableRandom(n * 31L + p.ordinal());
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (p == Primitive.LOG ? r.nextDouble(0, 8) : r.nextDouble(-6, 6));
        }
        return a;
    }

    private static double[] doubles(int n, Primitive p) {
        SplittableRandom r = new SplittableRandom(n * 37L + p.ordinal());
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = p == Primitive.LOG ? r.nextDouble(0, 8) : r.nextDouble(-6, 6);
        }
        return a;
    }
}
