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
 * A training step, torch_bench.py section e: one SGD step (forward, gradient, update) of a 784-256-128-10 MLP
 * on a batch of 128 (ReLU, softmax cross-entropy), with each matmul backend (see {@link MatmulBench}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MlpBench {
    @Param({"2", "1"})
    public int threads;
    @Param({"java", "simd", "blas"})
    public String backend;

    Mlp mnist;

    @Setup
    public void setup() {
        Knobs.apply(threads, backend);
        mnist = new Mlp(new int[] {784, 256, 128, 10}, 128, true, 0);
    }

    @Benchmark
    public Tensor mlpStep() {
        return mnist.step();
    }
}
