package io.gradtape.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 FMA peak as Java reaches it: each thread runs fused multiply-adds on registers only, with
 * enough independent accumulators to cover the FMA latency of two pipes (12 chains of the preferred vector width),
 * so nothing but the FMA units limits it. {@code scripts/bench.sh} runs it once per thread count and the report
 * divides the matmul rows by it ("% of peak"). No memory is touched, so this is an upper bound that no GEMM reaches;
 * BLAS libraries reach 85-95% of it on one core.
 *
 * <p>Output: one line {@code peak_gflops_t<threads> <GFLOP/s>} per thread count, the best of five 0.5 s rounds.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;

    private FmaPeak() {
    }

    /**
     * Prints the peak for each thread count given (default 1 and 2).
     *
     * @param args thread counts
     * @throws Exception if a thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {2, 1} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < 3; i++) {
            chains(2_000_000); // C2 compiles the loop before it is timed
        }
        for (int threads : counts) {
            double best = 0;
            for (int round = 0; round < 5; round++) {
                best = Math.max(best, round(threads, 0.5));
            }
            System.out.printf("peak_gflops_t%d %.1f%n", threads, best);
        }
        System.out.println("lanes " + F.length());
    }

    /** GFLOP/s of {@code threads} threads each running {@link #chains} for about {@code seconds}. */
    private static double round(int threads, double seconds) throws Exception {
        long iters = (long) (seconds * 2.0e8);
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    sink = chains(iters);
                    end.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            th.start();
            ts.add(th);
        }
        start.await();
        long t0 = System.nanoTime();
        end.await();
        long t1 = System.nanoTime();
        for (Thread th : ts) {
            th.join();
        }
        double flops = (double) threads * iters * 12 * F.length() * 2;
        return flops / (t1 - t0);
    }

    /** 12 independent FMA chains of {@code iters} steps each; returns a lane so that C2 keeps the work. */
    private static float chains(long iters) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f), c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f), a11 = a0.add(11f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }
}
