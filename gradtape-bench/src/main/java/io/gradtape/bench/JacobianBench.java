package io.gradtape.bench;

import io.gradtape.Autodiff;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Jacobians of {@code y = tanh(W x)}, float32, for a square {@code 100 x 100} and a tall {@code 1000 x 10} map,
 * three ways: {@code GradientTape.jacobian} (one backward sweep whose cotangents carry all rows as a batch), the
 * naive route it replaces (one {@code gradient} call per output element, with a one-hot output gradient, on a
 * persistent tape), and forward mode ({@code Autodiff.jacobianForward}: one JVP per input element).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JacobianBench {
    /** "outputs x inputs". */
    @Param({"100x100", "1000x10"})
    public String shape;

    private Tensor w;
    private Tensor x;
    private int m;

    @Setup
    public void setup() {
        String[] mn = shape.split("x");
        m = Integer.parseInt(mn[0]);
        int n = Integer.parseInt(mn[1]);
        SplittableRandom r = new SplittableRandom(0);
        w = Tensors.div(Mlp.normal(r, m, n), Tensors.constant((float) Math.sqrt(n)));
        x = Mlp.normal(r, n, 1);
    }

    private Tensor f(Tensor v) {
        return Tensors.reshape(Tensors.tanh(Tensors.matmul(w, v)), m);
    }

    /** One batched backward sweep. */
    @Benchmark
    public Tensor batched() {
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = f(x);
        }
        return t.jacobian(y, x);
    }

    /** The naive route: one backward sweep per output element. */
    @Benchmark
    public Tensor rowByRow() {
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            y = f(x);
        }
        Tensor[] rows = new Tensor[m];
        for (int i = 0; i < m; i++) {
            float[] e = new float[m];
            e[i] = 1;
            rows[i] = t.gradient(List.of(y), List.of(x), List.of(Tensors.constant(e, m)), UnconnectedGradients.ZERO).get(0);
        }
        return Tensors.stack(List.of(rows), 0);
    }

    /** Forward mode: one JVP per input element (cheap when inputs are few). */
    @Benchmark
    public Tensor forward() {
        return Autodiff.jacobianForward(this::f).apply(x);
    }
}
