package io.gradtape.bench;

import io.gradtape.DType;
import io.gradtape.Linalg;
import io.gradtape.Tensor;
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
 * float64 {@code n x n} factorizations, the peer of {@code scripts/pytorch/linalg_bench.py} (torch.linalg with the
 * same inputs and threads): cholesky of {@code X X^T + n I}, solve with one right-hand side (LU), reduced QR, eigh
 * and reduced SVD of a Gaussian {@code X}. Forward only, no tape. {@code backend} is the kernel set ({@link Knobs}):
 * "default" runs core's kernels as the JVM's flags chose them (the fork gets {@code --add-modules
 * jdk.incubator.vector}, so the blocked QR and eigh do their block products in the Vector API GEMM), "java" the
 * scalar ones, "blas" OpenBLAS for the products (the blocked Cholesky, LU and triangular solves call the scalar
 * {@code BlockedGemm} or a native provider directly, so only "blas" changes them). {@code scripts/bench.sh} runs it in a phase of its own, after linalg_bench.py, with its
 * iteration settings for every op except eigh and svd at {@code n >= 512}, which it times call by call (JMH single
 * shot: one svd at n = 1024 took about 35 s with the one-sided Jacobi kernel); {@code scripts/bench_report.py} puts
 * both in the table "Linear algebra vs torch.linalg" of {@code docs/benchmarks.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LinalgBench {
    @Param({"64", "256", "1024"})
    public int n;
    @Param({"2"})
    public int threads;
    @Param({"default"})
    public String backend;

    Tensor x;
    Tensor spd;
    Tensor rhs;

    @Setup
    public void setup() {
        Knobs.apply(threads, backend);
        SplittableRandom r = new SplittableRandom(n);
        x = Tensors.cast(Mlp.normal(r, n, n), DType.FLOAT64);
        rhs = Tensors.cast(Mlp.normal(r, n, 1), DType.FLOAT64);
        spd = Tensors.add(Tensors.matmul(x, x, false, true), Tensors.mul(Tensors.eye(n, DType.FLOAT64), Tensors.constant((double) n)));
    }

    @Benchmark
    public Tensor cholesky() {
        return Linalg.cholesky(spd);
    }

    @Benchmark
    public Tensor solve() {
        return Linalg.solve(x, rhs);
    }

    @Benchmark
    public Linalg.QR qr() {
        return Linalg.qr(x);
    }

    @Benchmark
    public Linalg.Eigh eigh() {
        return Linalg.eigh(spd);
    }

    @Benchmark
    public Linalg.SVD svd() {
        return Linalg.svd(x);
    }
}
