package io.gradtape.bench;

import io.gradtape.internal.kernels.FastLoops;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The float32 transcendental kernels alone: {@link KernelProvider#unary32} of 1M floats into a preallocated output,
 * cut into chunks over the kernel threads as {@code FastLoops.unary} cuts them (8192 elements, split from
 * {@link FastLoops#PARALLEL_MIN_TRANSCENDENTAL}). This is the figure to set beside PyTorch's {@code out=} calls;
 * {@link UnaryBench} adds the allocation of a fresh 4 MB output per call (a G1 humongous object zeroed on the
 * calling thread: 250-300 µs on the 2-core test machine). Inputs as UnaryBench: [-2, 2], log and log1p [0, 4).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class UnaryKernelBench {
    @Param({"1048576"})
    public int n;
    @Param({"2", "1"})
    public int threads;
    @Param({"exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "sigmoid", "erf"})
    public String op;

    private Primitive p;
    private float[] x;
    private float[] out;
    private KernelProvider kernels;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        p = Primitive.valueOf(op.toUpperCase(java.util.Locale.ROOT));
        SplittableRandom r = new SplittableRandom(n);
        boolean positive = op.equals("log") || op.equals("log1p");
        x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (positive ? r.nextDouble(0, 4) : r.nextDouble(-2, 2));
        }
        out = new float[n];
        kernels = Vectorization.provider();
        float[] probe = new float[1];
        if (!kernels.unary32(p, probe, probe, 0, 1)) {
            throw new IllegalStateException(op + ": no float32 kernel in " + kernels.name()
                    + " (run with --add-modules jdk.incubator.vector)");
        }
    }

    @Benchmark
    public float[] kernel() {
        Parallel.forRange(n, 8192, FastLoops.PARALLEL_MIN_TRANSCENDENTAL, (lo, hi) -> kernels.unary32(p, x, out, lo, hi));
        return out;
    }
}
