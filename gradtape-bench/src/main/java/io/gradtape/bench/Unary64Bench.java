package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
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
 * float64 transcendentals, torch_bench.py section d ({@code d_torch_unary64}): 1M doubles, uniform in [-2, 2]
 * ({@code log}, {@code log1p} and the base of {@code pow}: uniform in [0.001, 10]; pow's exponent in [-2, 2]).
 * PyTorch writes into a preallocated {@code out}; here each call allocates its output. {@code backend} as in
 * {@link Knobs}: {@code -p backend=java,simd} compares the scalar {@code Math} loops with {@code VectorMath64}.
 * {@link #kernel} times the kernel alone, writing into a preallocated array split over the threads as the op
 * splits it (no pow, which has its own entry), so {@code f64 - kernel} is the cost of the op's fresh output and
 * dispatch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class Unary64Bench {
    @Param({"1048576"})
    public int n;
    @Param({"2", "1"})
    public int threads;
    @Param({"exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "sigmoid", "erf", "pow"})
    public String op;
    @Param({"default"})
    public String backend;

    Tensor a;
    Tensor positive;
    double[] x;
    double[] p;
    double[] out;
    Primitive prim;
    KernelProvider provider;

    @Setup
    public void setup() {
        Knobs.apply(threads, backend);
        double[][] in = inputs(n);
        x = in[0];
        p = in[1];
        out = new double[n];
        a = Tensors.constant(x, n);
        positive = Tensors.constant(p, n);
        prim = op.equals("pow") ? null : Primitive.valueOf(op.toUpperCase(java.util.Locale.ROOT));
        provider = Vectorization.provider();
    }

    /**
     * The inputs, also {@link ScopedUnaryBench}'s: {@code n} pairs from one {@code SplittableRandom(n)}, x uniform in
     * [-2, 2] and p in [0.001, 10).
     */
    static double[][] inputs(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] x = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-2, 2);
            p[i] = r.nextDouble(0.001, 10);
        }
        return new double[][] {x, p};
    }

    /** The kernel alone into {@link #out}, chunked as {@code FastLoops.unary} chunks it (grain 8192). */
    @Benchmark
    public double[] kernel() {
        double[] in = prim == Primitive.LOG || prim == Primitive.LOG1P ? p : x;
        if (prim == null) {
            Parallel.forRange(n, 1 << 13, 1 << 14, (lo, hi) -> provider.pow64(p, x, out, lo, hi));
        } else {
            Parallel.forRange(n, 1 << 13, 1 << 14, (lo, hi) -> provider.unary64(prim, in, out, lo, hi));
        }
        return out;
    }

    @Benchmark
    public Tensor f64() {
        return switch (op) {
            case "exp" -> Tensors.exp(a);
            case "log" -> Tensors.log(positive);
            case "log1p" -> Tensors.log1p(positive);
            case "expm1" -> Tensors.expm1(a);
            case "sin" -> Tensors.sin(a);
            case "cos" -> Tensors.cos(a);
            case "tanh" -> Tensors.tanh(a);
            case "sigmoid" -> Tensors.sigmoid(a);
            case "erf" -> Tensors.erf(a);
            case "pow" -> Tensors.pow(positive, a);
            default -> throw new IllegalArgumentException("op " + op);
        };
    }
}
