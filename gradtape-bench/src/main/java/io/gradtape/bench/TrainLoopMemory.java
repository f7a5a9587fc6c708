package io.gradtape.bench;

/**
 * Trains the tiny 2-16-16-1 MLP (batch 32, SGD) in a loop and prints the used heap after GC every
 * {@code every} steps: a flat column shows that nothing accumulates across steps (no tape, gradient or
 * variable value outlives its step).
 *
 * <p>Run: {@code java -cp ... io.gradtape.bench.TrainLoopMemory [seconds=60] [every=100000]}; it stops at
 * {@code seconds} or one million steps, whichever comes first, and ends with the spread of the samples.
 */
public final class TrainLoopMemory {
    private TrainLoopMemory() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int maxSteps = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        Mlp tiny = new Mlp(new int[] {2, 16, 16, 1}, 32, false, 0);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long min = Long.MAX_VALUE, max = 0;
        double firstLoss = Double.NaN, loss = Double.NaN;
        System.out.printf("%10s %9s %12s %14s %10s%n", "step", "seconds", "steps/s", "heap after GC", "loss");
        long lastT = start;
        int lastStep = 0;
        int step = 0;
        while (step < maxSteps && System.nanoTime() < deadline) {
            loss = tiny.step().doubleValue();
            if (step == 0) {
                firstLoss = loss;
            }
            step++;
            if (step % every == 0) {
                long now = System.nanoTime();
                double rate = (step - lastStep) / ((now - lastT) / 1e9);
                long used = Heap.usedAfterGc();
                if (step > every) { // the first sample includes warm-up allocations (JIT, class loading)
                    min = Math.min(min, used);
                    max = Math.max(max, used);
                }
                System.out.printf("%10d %9.1f %12.0f %14s %10.5f%n", step, (now - start) / 1e9, rate, Heap.mb(used), loss);
                lastT = System.nanoTime();
                lastStep = step;
            }
        }
        System.out.printf("%d steps in %.1f s; loss %.5f -> %.5f; heap after GC from sample 2 on: min %s, max %s%n",
                step, (System.nanoTime() - start) / 1e9, firstLoss, loss, min == Long.MAX_VALUE ? "-" : Heap.mb(min),
                Heap.mb(max));
    }
}
