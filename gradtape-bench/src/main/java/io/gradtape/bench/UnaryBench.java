package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.FastLoops;
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
 * Transcendental elementwise ops, torch_bench.py section d: {@code exp}, {@code sin}, {@code cos}, {@code tanh},
 * {@code sigmoid}, {@code expm1} and {@code erf} of 1M float32 values in [-2, 2], {@code log} and {@code log1p} of
 * values in [0, 4), and {@code pow} of a base in [0, 4) to an exponent in [-2, 2] (PyTorch writes into a
 * preallocated {@code out}; here each call allocates its output: {@link UnaryKernelBench} measures the kernels
 * alone).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class UnaryBench {
    @Param({"1048576"})
    public int n;
    @Param({"2", "1"})
    public int threads;

    Tensor a;
    /** Uniform in [0, 4): the arguments of log and log1p, the bases of pow. */
    Tensor pos;
    float[] data;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        float[][] in = inputs(n);
        a = Tensors.constant(in[0], n);
        data = in[0];
        pos = Tensors.constant(in[1], n);
    }

    /**
     * The inputs, also {@link ScopedUnaryBench}'s: {@code n} floats uniform in [-2, 2], then {@code n} uniform in
     * [0, 4), from one {@code SplittableRandom(n)}.
     */
    static float[][] inputs(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-2, 2);
        }
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) r.nextDouble(0, 4);
        }
        return new float[][] {x, p};
    }

    @Benchmark
    public Tensor exp() {
        return Tensors.exp(a);
    }

    @Benchmark
    public Tensor sin() {
        return Tensors.sin(a);
    }

    @Benchmark
    public Tensor cos() {
        return Tensors.cos(a);
    }

    @Benchmark
    public Tensor log() {
        return Tensors.log(pos);
    }

    @Benchmark
    public Tensor tanh() {
        return Tensors.tanh(a);
    }

    @Benchmark
    public Tensor sigmoid() {
        return Tensors.sigmoid(a);
    }

    @Benchmark
    public Tensor log1p() {
        return Tensors.log1p(pos);
    }

    @Benchmark
    public Tensor expm1() {
        return Tensors.expm1(a);
    }

    @Benchmark
    public Tensor erf() {
        return Tensors.erf(a);
    }

    /** {@code pos ** a}, both 1M elements. */
    @Benchmark
    public Tensor pow() {
        return Tensors.pow(pos, a);
    }

    /**
     * The kernel {@code FastLoops.unary} called directly: what {@code exp} costs once {@code ElementwiseKernels}
     * calls it (proposed; that file belongs to another change).
     */
    @Benchmark
    public Object expFastLoops() {
        return FastLoops.unary(Primitive.EXP, data);
    }

    /** As {@link #expFastLoops}, for sin. */
    @Benchmark
    public Object sinFastLoops() {
        return FastLoops.unary(Primitive.SIN, data);
    }
}
