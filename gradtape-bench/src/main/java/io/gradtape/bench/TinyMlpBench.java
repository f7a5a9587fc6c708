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
 * A tiny training step, torch_bench.py section e: one SGD step (forward, gradient, update) of a 2-16-16-1 MLP
 * on a batch of 32 (ReLU, MSE). Steps/s = 1e6 / (us per step).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TinyMlpBench {
    @Param({"2", "1"})
    public int threads;
    Mlp tiny;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        tiny = new Mlp(new int[] {2, 16, 16, 1}, 32, false, 0);
    }

    /** Too small for BLAS or threads to matter (no product reaches either threshold). */
    @Benchmark
    public Tensor tinyStep() {
        return tiny.step();
    }
}
