package io.gradtape.bench;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;
import io.gradtape.data.Datasets;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The input pipeline and the random-number generator of a training loop: one epoch of the digits data set
 * (1797 x 64 float32 and 1797 int32 labels) shuffled and batched by 64, as the demo iterates it; and filling
 * 1M float32 values with uniform and normal numbers (Philox4x32-10; normal adds Box-Muller with StrictMath).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class DataBench {
    @Param({"2", "1"})
    public int threads;

    Dataset digits;
    Generator g;
    Shape million = Shape.of(1 << 20);

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        digits = Datasets.digits().dataset().shuffle(0).batch(64);
        g = Generator.fromSeed(0);
    }

    /** One epoch: 29 batches (28 of 64 rows, one of 5), each component gathered into one new array. */
    @Benchmark
    public void digitsEpoch(Blackhole bh) {
        for (Batch b : digits) {
            bh.consume(b.x());
            bh.consume(b.y());
        }
    }

    @Benchmark
    public Tensor uniform1M() {
        return g.uniform(million, 0, 1, DType.FLOAT32);
    }

    @Benchmark
    public Tensor normal1M() {
        return g.normal(million, 0, 1, DType.FLOAT32);
    }
}
