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
 * float32 {@code n x n} matrix products, torch_bench.py section c: GFLOP/s = 2 n^3 / time. {@code backend}
 * "java" is core's auto-vectorized BlockedGemm (the scalar path), "simd" core's Vector API kernel (VectorGemm,
 * pure Java too; the default when the JVM runs with --add-modules jdk.incubator.vector), "blas" the OpenBLAS of
 * gradtape-blas. Each call returns a fresh output
 * tensor (PyTorch's row writes into a preallocated {@code out}); {@link ScopedMatmulBench} times the same products
 * in a {@code TensorScope} per call, whose output reuses the array the previous call released.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatmulBench {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    public int n;
    @Param({"2", "1"})
    public int threads;
    @Param({"java", "simd", "blas"})
    public String backend;

    Tensor a;
    Tensor b;

    @Setup
    public void setup() {
        Knobs.apply(threads, backend);
        Tensor[] ab = inputs(n);
        a = ab[0];
        b = ab[1];
    }

    /** The two {@code n x n} factors, normal, seeded by n: the same for {@link ScopedMatmulBench}. */
    static Tensor[] inputs(int n) {
        SplittableRandom r = new SplittableRandom(n);
        return new Tensor[] {Mlp.normal(r, n, n), Mlp.normal(r, n, n)};
    }

    @Benchmark
    public Tensor matmul() {
        return Tensors.matmul(a, b);
    }
}
