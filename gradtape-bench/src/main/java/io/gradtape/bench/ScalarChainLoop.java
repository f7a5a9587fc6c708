package io.gradtape.bench;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The scalar chain of {@link ScalarChainBench} (10,000 recorded float32 ops: mul, add, sin in turn, on a tape)
 * timed by a plain loop in {@code main} instead of by JMH: what a user who times their own loop sees. Two
 * shapes of the loop, each after its own warm-up:
 * <ul>
 *   <li>{@code inline}: the chain written out inside {@code main}'s timing loop, as one writes it first: the
 *       whole program is one long-running loop, which HotSpot compiles by on-stack replacement (OSR);</li>
 *   <li>{@code method}: the same chain in a method that the timing loop calls (as JMH calls its benchmark
 *       method), so that HotSpot compiles it as a normal method.</li>
 * </ul>
 * Prints one line per shape, {@code plain_loop_<shape>_ns_per_op <median>}, the median over rounds of 20 chains
 * of the wall time per recorded op (with the first and ninth decile beside it, and the median of this thread's CPU
 * time per op, which a loaded machine inflates less), read by {@code scripts/bench_report.py}.
 *
 * <p>Run: {@code java -cp ... io.gradtape.bench.ScalarChainLoop [seconds per shape=20]}; the first half of each
 * shape's time is warm-up.
 */
public final class ScalarChainLoop {
    static final int N = ScalarChainBench.N;
    private static final int CHAINS_PER_ROUND = 20;
    static volatile Object sink;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScalarChainLoop() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        Tensor cMul = Tensors.constant(0.999f);
        Tensor cAdd = Tensors.constant(0.001f);
        report("inline", inline(cMul, cAdd, seconds));
        report("method", method(cMul, cAdd, seconds));
    }

    /** Everything in one method, the chain inside the timing loop. */
    static double[] inline(Tensor cMul, Tensor cAdd, double seconds) {
        long start = System.nanoTime();
        long warm = start + (long) (seconds / 2 * 1e9), end = start + (long) (seconds * 1e9);
        double[] rounds = new double[1 << 16];
        int count = 0;
        while (System.nanoTime() < end && count < rounds.length) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int c = 0; c < CHAINS_PER_ROUND; c++) {
                Tensor x0 = Tensors.constant(0.5f);
                Tensor v = x0;
                try (GradientTape t = new GradientTape()) {
                    t.watch(x0);
                    for (int i = 0; i < N; i++) {
                        int r = i % 3;
                        v = r == 0 ? Tensors.mul(v, cMul) : r == 1 ? Tensors.add(v, cAdd) : Tensors.sin(v);
                    }
                }
                sink = v;
            }
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            if (t0 >= warm) {
                rounds[count++] = (t1 - t0) / (double) (CHAINS_PER_ROUND * N);
                rounds[count++] = (c1 - c0) / (double) (CHAINS_PER_ROUND * N);
            }
        }
        return Arrays.copyOf(rounds, count);
    }

    /** The chain in its own method, called by the timing loop. */
    static double[] method(Tensor cMul, Tensor cAdd, double seconds) {
        long start = System.nanoTime();
        long warm = start + (long) (seconds / 2 * 1e9), end = start + (long) (seconds * 1e9);
        double[] rounds = new double[1 << 16];
        int count = 0;
        while (System.nanoTime() < end && count < rounds.length) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int c = 0; c < CHAINS_PER_ROUND; c++) {
                sink = recordedChain(cMul, cAdd);
            }
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            if (t0 >= warm) {
                rounds[count++] = (t1 - t0) / (double) (CHAINS_PER_ROUND * N);
                rounds[count++] = (c1 - c0) / (double) (CHAINS_PER_ROUND * N);
            }
        }
        return Arrays.copyOf(rounds, count);
    }

    static Tensor recordedChain(Tensor cMul, Tensor cAdd) {
        Tensor x0 = Tensors.constant(0.5f);
        Tensor v = x0;
        try (GradientTape t = new GradientTape()) {
            t.watch(x0);
            for (int i = 0; i < N; i++) {
                int r = i % 3;
                v = r == 0 ? Tensors.mul(v, cMul) : r == 1 ? Tensors.add(v, cAdd) : Tensors.sin(v);
            }
        }
        return v;
    }

    /** {@code pairs}: wall time and CPU time per op of each round, alternating. */
    private static void report(String shape, double[] pairs) {
        int n = pairs.length / 2;
        if (n == 0) {
            System.out.printf("plain_loop_%s_ns_per_op nan (no round after warm-up)%n", shape);
            return;
        }
        double[] wall = new double[n], cpu = new double[n];
        for (int i = 0; i < n; i++) {
            wall[i] = pairs[2 * i];
            cpu[i] = pairs[2 * i + 1];
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("plain_loop_%s_ns_per_op %.1f p10 %.1f p90 %.1f cpu %.1f rounds %d%n", shape, wall[n / 2],
                wall[n / 10], wall[n * 9 / 10], cpu[n / 2], n);
    }
}
