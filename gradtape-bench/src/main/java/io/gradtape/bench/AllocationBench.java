package io.gradtape.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A fresh output alone: {@code new float[n]} and {@code new double[n]} for the 1M elements of {@link UnaryBench},
 * {@link Unary64Bench} and {@link ElementwiseBench}, returned so that nothing elides them. A plain call of those
 * benchmarks allocates one such array (a*b+c two) before its kernel writes a value, on the calling thread, so its time
 * is at least this figure and its ratio to PyTorch at most PyTorch's time over it: {@code scripts/bench_report.py}
 * prints that ceiling beside each plain row. On the 2-core Intel Xeon the JVM spends it in glibc's {@code memset},
 * zeroing memory the cache does not hold (see the benchmark notes, part 30).
 *
 * <p>Runs in {@code scripts/bench.sh}'s main JMH run; on its own, beside PyTorch's rows:
 * <pre>{@code
 * JMH_EXTRA=AllocationBench LINALG=0 MATMUL_ROUNDS=0 scripts/bench.sh --quick
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class AllocationBench {
    @Param({"1048576"})
    public int n;

    /** A new float32 array of n elements: a float32 op's output. */
    @Benchmark
    public float[] f32() {
        return new float[n];
    }

    /** A new float64 array of n elements: a float64 op's output. */
    @Benchmark
    public double[] f64() {
        return new double[n];
    }
}
