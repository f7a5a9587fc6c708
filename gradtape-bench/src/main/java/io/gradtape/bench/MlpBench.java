package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.SGD;
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
 * A training step, torch_bench.py section e: one SGD step (forward, gradient, update) of a 784-256-128-10 MLP
 * on a batch of 128 (ReLU, softmax cross-entropy), with each matmul backend (see {@link MatmulBench}). With
 * {@code -p optimizer=adam} the step's update is Adam (learning rate 1e-3, Keras's defaults) instead: the update
 * kernels' share of a step (bench.sh runs the default, {@code sgd}, only, the torch_bench.py counterpart).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MlpBench {
    @Param({"2", "1"})
    public int threads;
    @Param({"java", "simd", "blas"})
    public String backend;
    @Param({"sgd"})
    public String optimizer;

    Mlp mnist;

    @Setup
    public void setup() {
        Knobs.apply(threads, backend);
        mnist = new Mlp(new int[] {784, 256, 128, 10}, 128, true, 0, switch (optimizer) {
            case "sgd" -> new SGD(0.01);
            case "adam" -> new Adam(1e-3);
            default -> throw new IllegalArgumentException("MlpBench: optimizer must be sgd or adam, got " + optimizer);
        });
    }

    @Benchmark
    public Tensor mlpStep() {
        return mnist.step();
    }
}
