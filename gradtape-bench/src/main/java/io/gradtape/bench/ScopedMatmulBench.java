package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.TensorScope;
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

import java.util.concurrent.TimeUnit;

/**
 * {@link MatmulBench}'s float32 {@code n x n} products (the same inputs, the Vector API kernel) with each call in its
 * own {@link TensorScope}: the output is released at the scope's end and the next call's product writes into that
 * array, still in the cache, as PyTorch's {@code torch.mm(a, b, out=out)} writes into its preallocated {@code out}
 * (and its plain {@code torch.mm} into the buffer its caching allocator kept). {@code MatmulBench} times the plain
 * call, whose output is a new array: the difference between the two is the JVM's first write of memory new to the
 * cache (on the 2-core Intel Xeon of 2026-12-06, one JVM, medians of 100-2,000 calls: n = 128 on one thread 38-40 us
 * plain against 31-32 in a scope, n = 1024 on two threads 7.8-8.2 against 7.4-7.7 ms).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ScopedMatmulBench {
    @Param({"128", "256", "1024"})
    public int n;
    @Param({"2", "1"})
    public int threads;

    Tensor a;
    Tensor b;

    @Setup
    public void setup() {
        Knobs.apply(threads, "simd");
        Tensor[] ab = MatmulBench.inputs(n);
        a = ab[0];
        b = ab[1];
    }

    /** {@code a @ b} in a scope of its own. */
    @Benchmark
    public Tensor inScope() {
        try (TensorScope scope = TensorScope.open()) {
            return Tensors.matmul(a, b);
        }
    }
}
