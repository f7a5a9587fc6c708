package io.gradtape.bench;

import io.gradtape.Tensor;
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
 * Training steps, torch_bench.py section e: one SGD step of a 784-256-128-10 MLP on a batch of 128 (ReLU,
 * softmax cross-entropy), and of a tiny 2-16-16-1 MLP on a batch of 32 (MSE), forward, gradient and update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MlpBench {
    @Param({"2", "1"})
    public int threads;
    @Param({"java", "blas"})
    public String backend;

    Mlp mnist;
    Mlp tiny;

    @Setup
    public void setup() {
        Knobs.apply(threads, backend);
        mnist = new Mlp(new int[] {784, 256, 128, 10}, 128, true, 0);
        tiny = new Mlp(new int[] {2, 16, 16, 1}, 32, false, 0);
    }

    @Benchmark
    public Tensor mlpStep() {
        return mnist.step();
    }

    /** Too small for BLAS or threads to matter; reported as steps/s = 1e6 / (us per step). */
    @Benchmark
    public Tensor tinyStep() {
        return tiny.step();
    }
}
