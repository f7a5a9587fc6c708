package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.optimizers.SGD;
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

import java.util.concurrent.TimeUnit;

/**
 * {@link MlpBench}'s SGD step (784-256-128-10, batch 128, the default kernels) written with
 * {@code Optimizer.minimize} instead of {@code applyGradients(tape.gradient(...))}: the same numbers, and the
 * gradients' arrays, never handed to the caller, serve the next step's gradients (gradtape-core's
 * {@code RecycledArrays}). torch_bench.py's section e is the PyTorch counterpart of both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MlpMinimizeBench {
    @Param({"2", "1"})
    public int threads;

    Mlp mnist;

    @Setup
    public void setup() {
        Knobs.apply(threads, "simd");
        mnist = new Mlp(new int[] {784, 256, 128, 10}, 128, true, 0, new SGD(0.01));
    }

    @Benchmark
    public Tensor mlpStep() {
        return mnist.minimizeStep();
    }
}
