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
 * The rows of {@link UnaryBench} ({@code f32}) and {@link Unary64Bench} ({@code f64}) as a program that states its
 * tensors' lifetime writes them: each call runs in its own {@link TensorScope}, so its output is released at its
 * end and the next call writes into that array, still in the cache (PyTorch's caching allocator does the same
 * without being asked). The same inputs as those benchmarks: uniform in [-2, 2]; for log, log1p and pow's base
 * uniform in [0, 4) (float32) and [0.001, 10) (float64).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class ScopedUnaryBench {
    @Param({"1048576"})
    public int n;
    @Param({"2", "1"})
    public int threads;
    @Param({"exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "sigmoid", "erf", "pow"})
    public String op;

    Tensor[] f32;
    Tensor[] f64;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        float[][] in32 = UnaryBench.inputs(n);
        f32 = new Tensor[] {Tensors.constant(in32[0], n), Tensors.constant(in32[1], n)};
        double[][] in64 = Unary64Bench.inputs(n);
        f64 = new Tensor[] {Tensors.constant(in64[0], n), Tensors.constant(in64[1], n)};
    }

    /** The float32 op, in a scope per call. */
    @Benchmark
    public Tensor f32() {
        try (TensorScope scope = TensorScope.open()) {
            return apply(op, f32[0], f32[1]);
        }
    }

    /** The float64 op, in a scope per call. */
    @Benchmark
    public Tensor f64() {
        try (TensorScope scope = TensorScope.open()) {
            return apply(op, f64[0], f64[1]);
        }
    }

    static Tensor apply(String op, Tensor x, Tensor positive) {
        switch (op) {
            case "exp": return Tensors.exp(x);
            case "log": return Tensors.log(positive);
            case "log1p": return Tensors.log1p(positive);
            case "expm1": return Tensors.expm1(x);
            case "sin": return Tensors.sin(x);
            case "cos": return Tensors.cos(x);
            case "tanh": return Tensors.tanh(x);
            case "sigmoid": return Tensors.sigmoid(x);
            case "erf": return Tensors.erf(x);
            case "pow": return Tensors.pow(positive, x);
            default: throw new IllegalArgumentException("ScopedUnaryBench: unknown op " + op);
        }
    }
}
