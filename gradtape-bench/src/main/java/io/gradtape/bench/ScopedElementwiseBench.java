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
 * {@link ElementwiseBench}'s {@code a * b + c} on 1M float32 values (the same inputs) with each call in its own
 * {@link TensorScope}: the two outputs of one call are released at its end, and the next call's ops write into
 * those arrays while they are still in the cache, as PyTorch's caching allocator gives its ops the buffers the
 * previous ones freed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ScopedElementwiseBench {
    @Param({"1048576"})
    public int n;
    @Param({"2", "1"})
    public int threads;

    Tensor a;
    Tensor b;
    Tensor c;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        Tensor[] in = ElementwiseBench.inputs(n);
        a = in[0];
        b = in[1];
        c = in[2];
    }

    /** {@code a * b + c} in a scope per call. */
    @Benchmark
    public Tensor fma() {
        try (TensorScope scope = TensorScope.open()) {
            return Tensors.add(Tensors.mul(a, b), c);
        }
    }
}
