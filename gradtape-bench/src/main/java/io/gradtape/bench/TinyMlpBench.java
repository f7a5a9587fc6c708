package io.gradtape.bench;

import io.gradtape.Tensor;
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
 * A tiny training step, torch_bench.py section e: one SGD step (forward, gradient, update) of a 2-16-16-1 MLP
 * on a batch of 32 (ReLU, MSE). Steps/s = 1e6 / (us per step).
 *
 * <p><b>Heap: fixed and touched before the first iteration</b> ({@code -Xms512m -Xmx512m -XX:+AlwaysPreTouch}).
 * A step allocates about 35 KB of fresh tensors (~5 GB/s at 7 us per step). With the default heap G1 keeps
 * growing (committed 388 MB at start, then 500-1056 MB at 8-17 s in one-thread runs of 2026-12-03), and each
 * growth puts eden on pages the process never touched: on this virtual machine a first touch costs 10-16 us, so
 * while the step's allocation passes through a new region every step pays about 9 minor faults (one per page of
 * its 35 KB) and takes 110-170 us instead of 6.5-7 (probe: the step in a plain loop, faults from
 * /proc/self/stat per 1 s window; 9.3-22 faults per step in the windows after a growth, 0.00-0.03 otherwise).
 * A growth half a second into a 1 s iteration gives about 13 us/op; growths came as late as 17 s, i.e. inside
 * the measured iterations of bench.sh's 12 + 3 s forks. Touching a fixed heap at start-up leaves the step's
 * steady state, which is what this row compares with PyTorch (the first steps are {@link WarmCold}'s business):
 * 0 faults per step in every window of the probe, and the same median step (6.4-6.9 against 6.5-6.6 us
 * without faults, load 9-10). 512 MB holds the step's live tensors many times over; touching it adds about
 * 3 s to the fork's start-up ({@code java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -version}: 2.8-3.1 s against
 * 0.1-0.2 s, load 7). {@link ElementwiseBench} fixes its heap against page faults too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class TinyMlpBench {
    @Param({"2", "1"})
    public int threads;
    Mlp tiny;

    @Setup
    public void setup() {
        Knobs.apply(threads, "default");
        tiny = new Mlp(new int[] {2, 16, 16, 1}, 32, false, 0);
    }

    /** Too small for BLAS or threads to matter (no product reaches either threshold). */
    @Benchmark
    public Tensor tinyStep() {
        return tiny.step();
    }
}
