package io.gradtape.bench;

import io.gradtape.DType;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The elementwise rows of {@link ElementwiseBench}, {@link UnaryBench} and {@link Unary64Bench} as a program that
 * states its tensors' lifetime writes them: each call runs in its own {@link TensorScope}, so the outputs of one
 * call are released at its end and the next call's ops write into those arrays, still in the cache (PyTorch's
 * caching allocator does the same without being asked). {@code fma} is {@code a * b + c} on float32; {@code f32}
 * and {@code f64} one transcendental of {@code op} on the inputs of the unary benchmarks (uniform in [-2, 2]; in
 * [0, 4) for log and log1p and pow's base).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class ScopedBench {
    @Param({"1048576"})
    public int n;
    @Param({"2", "1"})
    public int threads;
    @Param({"exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "sigmoid", "erf", "pow"})
    public String op;

    Tensor[] f32;
    Tensor[] f64;
    Tensor a;
    Tensor b;
    Tensor c;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        SplittableRandom r = new SplittableRandom(n);
        a = Mlp.normal(r, n);
        b = Mlp.normal(r, n);
        c = Mlp.normal(r, n);
        float[] x = new float[n];
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-2, 2);
            p[i] = (float) r.nextDouble(0, 4);
        }
        Tensor x32 = Tensors.constant(x, n);
        Tensor p32 = Tensors.constant(p, n);
        f32 = new Tensor[] {x32, p32};
        f64 = new Tensor[] {Tensors.cast(x32, DType.FLOAT64), Tensors.cast(p32, DType.FLOAT64)};
    }

    /** {@code a * b + c}, 1M float32, in a scope per call. */
    @Benchmark
    public Tensor fma() {
        try (TensorScope scope = TensorScope.open()) {
            return Tensors.add(Tensors.mul(a, b), c);
        }
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
            default: throw new IllegalArgumentException("ScopedBench: unknown op " + op);
        }
    }
}
