package io.gradtape.bench;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.UnconnectedGradients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Whole small gradient computations, torch_bench.py sections b and f: the seed example, a second derivative
 * through nested tapes, and a Hessian-vector product.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AutodiffBench {
    static final int HVP_N = 1000;
    final Tensor xv;
    final Tensor v;

    public AutodiffBench() {
        SplittableRandom r = new SplittableRandom(0);
        xv = Mlp.normal(r, HVP_N);
        v = Mlp.normal(r, HVP_N);
    }

    /** The seed example: x = 3 watched, y = x * x, dy/dx = 6. */
    @Benchmark
    public Tensor seed() {
        Tensor x = Tensors.constant(3.0f);
        Tensor y;
        GradientTape t = new GradientTape();
        try (t) {
            t.watch(x);
            y = x.mul(x);
        }
        return t.gradient(y, x);
    }

    /** d2/dx2 x^3 at 2 = 12 by nested tapes (the inner gradient is recorded by the outer tape). */
    @Benchmark
    public Tensor secondDerivative() {
        Tensor x = Tensors.constant(2.0f);
        Tensor g;
        GradientTape outer = new GradientTape();
        try (outer) {
            outer.watch(x);
            Tensor y;
            GradientTape inner = new GradientTape();
            try (inner) {
                inner.watch(x);
                y = Tensors.pow(x, 3);
            }
            g = inner.gradient(y, x);
        }
        return outer.gradient(g, x);
    }

    /** H v for f = sum(x^3), n = 1000: the gradient of (grad f . v), i.e. 6 x v. */
    @Benchmark
    public Tensor hvp() {
        Tensor x = Tensors.identity(xv);
        Tensor g;
        GradientTape outer = new GradientTape();
        try (outer) {
            outer.watch(x);
            Tensor f;
            GradientTape inner = new GradientTape();
            try (inner) {
                inner.watch(x);
                f = Tensors.reduceSum(Tensors.pow(x, 3));
            }
            g = inner.gradient(f, x);
        }
        return outer.gradient(List.of(g), List.of(x), List.of(v), UnconnectedGradients.NONE).get(0);
    }
}
