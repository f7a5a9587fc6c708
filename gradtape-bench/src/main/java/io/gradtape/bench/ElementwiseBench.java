package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
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
 * Elementwise throughput, torch_bench.py section d: {@code a * b + c} on float32 vectors (GB/s counts the
 * logical 16 bytes per element: three reads and one write, as PyTorch's row does). Both ops allocate their
 * output (tensors are immutable), like PyTorch's "fresh output" row; there is no fused or in-place variant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ElementwiseBench {
    @Param({"1048576", "16777216"})
    public int n;
    @Param({"2", "1"})
    public int threads;

    Tensor a;
    Tensor b;
    Tensor c;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        Tensor[] in = inputs(n);
        a = in[0];
        b = in[1];
        c = in[2];
    }

    /** a, b and c, also {@link ScopedElementwiseBench}'s: normal values from one {@code SplittableRandom(n)}. */
    static Tensor[] inputs(int n) {
        SplittableRandom r = new SplittableRandom(n);
        return new Tensor[] {Mlp.normal(r, n), Mlp.normal(r, n), Mlp.normal(r, n)};
    }

    @Benchmark
    public Tensor fma() {
        return Tensors.add(Tensors.mul(a, b), c);
    }
}
