package io.gradtape.bench;

import io.gradtape.CustomGradient;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Shows that a one-shot tape frees what it saved while its {@code gradient} call runs, and a persistent tape
 * does not. A chain of {@code OPS} elementwise ops on 1M-float (4 MB) tensors is recorded; each op's output is
 * kept alive only by the tape. Used heap after GC is printed before the chain, after it, half-way through the
 * backward sweep (from inside a custom-gradient rule placed in the middle of the chain), and after the gradient
 * call while the tape object itself is still reachable.
 *
 * <p>Run: {@code java -cp ... io.gradtape.bench.TapeMemory} (scripts/bench.sh does, and copies the output into
 * docs/benchmarks.md).
 */
public final class TapeMemory {
    static final int N = 1 << 20;
    static final int OPS = 40;

    private TapeMemory() {
    }

    public static void main(String[] args) {
        System.out.println("chain of " + OPS + " ops on float32[" + N + "] (4 MB each); used heap after GC:");
        System.out.printf("%-11s %12s %12s %12s %12s%n", "tape", "before", "recorded", "mid-sweep", "after grad");
        for (boolean persistent : new boolean[] {false, true}) {
            run(persistent);
        }
    }

    private static void run(boolean persistent) {
        float[] init = new float[N];
        java.util.Arrays.fill(init, 0.5f);
        Tensor x = Tensors.constant(init, N);
        long[] mid = new long[1];
        long before = Heap.usedAfterGc();
        GradientTape tape = new GradientTape(persistent);
        Tensor y;
        try (tape) {
            tape.watch(x);
            Tensor v = x;
            for (int i = 0; i < OPS; i++) {
                if (i == OPS / 2) {
                    // identity whose gradient rule measures the heap when the sweep reaches the middle
                    v = Tensors.customGradient(v, t -> CustomGradient.of(Tensors.identity(t), g -> {
                        mid[0] = Heap.usedAfterGc();
                        return g;
                    }));
                }
                v = i % 2 == 0 ? Tensors.sin(v) : Tensors.mul(v, v);
            }
            y = Tensors.reduceSum(v);
        }
        long recorded = Heap.usedAfterGc();
        Tensor g = tape.gradient(y, x);
        long after = Heap.usedAfterGc();
        System.out.printf("%-11s %12s %12s %12s %12s%n", persistent ? "persistent" : "one-shot", Heap.mb(before),
                Heap.mb(recorded), Heap.mb(mid[0]), Heap.mb(after));
        // keep the tape, x, y and g reachable until here
        if (tape.persistent() != persistent || g.size() != N || y.size() != 1) {
            throw new AssertionError();
        }
    }
}
