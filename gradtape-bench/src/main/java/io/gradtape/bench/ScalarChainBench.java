package io.gradtape.bench;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-op overhead, torch_bench.py section a: a chain of N = 10,000 scalar float32 ops (mul, add, sin in turn)
 * recorded on a tape; forward and backward in ns per op (JMH divides by N). Run with {@code -prof gc} for the
 * bytes allocated per op (the backward figure includes recording the chain in its per-call set-up, which JMH
 * does not time but the gc profiler counts: subtract the forward figure).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalarChainBench {
    static final int N = 10_000;

    final Tensor cMul = Tensors.constant(0.999f);
    final Tensor cAdd = Tensors.constant(0.001f);
    Tensor chain(Tensor x0) {
        Tensor v = x0;
        for (int i = 0; i < N; i++) {
            int r = i % 3;
            v = r == 0 ? Tensors.mul(v, cMul) : r == 1 ? Tensors.add(v, cAdd) : Tensors.sin(v);
        }
        return v;
    }

    /** Forward with recording: a fresh watched x, the chain, tape closed. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor forward() {
        Tensor x0 = Tensors.constant(0.5f);
        Tensor out;
        try (GradientTape t = new GradientTape()) {
            t.watch(x0);
            out = chain(x0);
        }
        return out;
    }

    /** The same chain with no tape anywhere (the cost of eager ops without autodiff). */
    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor forwardNoTape() {
        return chain(Tensors.constant(0.5f));
    }

    /** Another thread holds a tape open for the whole trial, so that ops elsewhere are not on the fast path. */
    @State(Scope.Benchmark)
    public static class RecordingElsewhere {
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread holder;

        @Setup(Level.Trial)
        public void open() throws InterruptedException {
            java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
            holder = new Thread(() -> {
                try (GradientTape t = new GradientTape()) {
                    t.watch(Tensors.constant(1f));
                    opened.countDown();
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "holds-a-tape");
            holder.setDaemon(true);
            holder.start();
            opened.await();
        }

        @org.openjdk.jmh.annotations.TearDown(Level.Trial)
        public void close() throws InterruptedException {
            done.countDown();
            holder.join();
        }
    }

    /**
     * The chain with no tape on this thread while another thread records: every op checks its inputs for the
     * tape marks of other threads (issue 9, item 3) instead of the one-volatile-read fast path.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor forwardNoTapeWhileAnotherThreadRecords(RecordingElsewhere elsewhere) {
        return chain(Tensors.constant(0.5f));
    }

    /** A freshly recorded chain for each backward call (its own state, so forward runs pay no set-up). */
    @State(Scope.Thread)
    public static class Recorded {
        GradientTape tape;
        Tensor x;
        Tensor y;

        @Setup(Level.Invocation)
        public void record(ScalarChainBench b) {
            x = Tensors.constant(0.5f);
            GradientTape t = new GradientTape();
            try (t) {
                t.watch(x);
                y = b.chain(x);
            }
            tape = t;
        }
    }

    /** The gradient call over the recorded chain. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor backward(Recorded r) {
        return r.tape.gradient(r.y, r.x);
    }
}
