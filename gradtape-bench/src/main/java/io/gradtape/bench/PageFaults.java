package io.gradtape.bench;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minor page faults per {@code a*b+c} call on 16M floats (two fresh 64 MB outputs per call), the figure
 * torch_bench.py reports as {@code minor_faults_per_call} for its fresh-output row. A fresh buffer that the
 * allocator takes from the operating system faults in one page per 4 KiB touched (16K faults per 64 MB, twice
 * per call); the JVM's heap keeps its pages mapped once touched, so after warm-up a fresh tensor costs zeroing,
 * not faults. Prints the faults per call after warm-up, with the heap as configured ({@code -Xms} = {@code -Xmx}
 * in scripts/bench.sh, as in ElementwiseBench) and the time per call.
 *
 * <p>Run: {@code java -Xms4g -Xmx4g -cp ... io.gradtape.bench.PageFaults [calls=40]}.
 */
public final class PageFaults {
    private PageFaults() {
    }

    /** This process's minor page faults so far (field 10 of /proc/self/stat). */
    static long minorFaults() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]); // fields after "pid (comm) ": state is [0], minflt is field 10 -> [7]
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int n = 1 << 24;
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        Tensor a = Mlp.normal(r, n), b = Mlp.normal(r, n), c = Mlp.normal(r, n);
        System.out.printf("%8s %18s %14s %10s%n", "threads", "faults per call", "ms per call", "GB/s");
        for (int threads : new int[] {2, 1}) {
            Parallel.setThreads(threads);
            for (int i = 0; i < calls; i++) { // warm-up: JIT and heap growth
                Tensors.add(Tensors.mul(a, b), c);
            }
            long f0 = minorFaults();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Tensors.add(Tensors.mul(a, b), c);
            }
            long t1 = System.nanoTime();
            long f1 = minorFaults();
            double ms = (t1 - t0) / 1e6 / calls;
            System.out.printf("%8d %18.1f %14.2f %10.1f%n", threads, (f1 - f0) / (double) calls, ms,
                    16.0 * n / (ms * 1e6));
        }
    }
}
