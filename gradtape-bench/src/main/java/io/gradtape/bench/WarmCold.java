package io.gradtape.bench;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The MLP step of {@link MlpBench} (784-256-128-10, batch 128, SGD) in one JVM as a program meets it: its first
 * 100 steps and its steady state, either in a fresh JVM ({@code isolated}) or after the JVM has run the other
 * benchmarks' workloads for a while ({@code mixed}: float32 matrix products of 256 and 1024, {@code a * b + c}
 * and {@code exp} on 1M floats, the recorded scalar chain and the tiny MLP, in that order). JMH's forks never
 * show the first steps; a program does, and what ran before (compiled code, profiles, deoptimizations) changes
 * them.
 *
 * <p>Prints {@code key value} lines for {@code scripts/bench_report.py}, all in ms per step:
 * {@code warmcold_<mode>_first100} (the mean of steps 1-100: their total time / 100),
 * {@code warmcold_<mode>_first100_median}, {@code warmcold_<mode>_steady} (the median of the last
 * {@code steady} steps, after {@code total} steps), {@code warmcold_<mode>_ratio} (first 100 / steady) and the
 * same with the main thread's CPU time ({@code _cpu}), which a loaded machine inflates less; and
 * {@code warmcold_<mode>_first100_faults} and {@code warmcold_<mode>_steady_faults}, the process's minor page
 * faults per step over those steps (Linux {@code /proc/self/stat}; -1 elsewhere). On 2026-12-02 the faults were
 * most of the mixed JVM's first 100 steps: 580-1400 per step (about the step's 2.3 MB of fresh tensors) while G1
 * grew the young generation into memory this freshly booted virtual machine had never touched, at about 16 us per
 * fault; with {@code -XX:+AlwaysPreTouch -Xms2g -Xmx2g} none, and the mixed first 100 steps took 4.4 instead of
 * 17.5 ms of CPU (2 threads, load 8-9). {@code warmcold_<mode>_first100_jit} and {@code _steady_jit} are the
 * milliseconds per step the JIT compilers spent over those steps ({@code CompilationMXBean}, compiler threads'
 * wall time): without faults, the rest of the mixed first 100 steps is the compilation of the MLP's own path,
 * which one C2 thread (2 CPUs) works through while the code runs in the interpreter and C1, where the Vector API
 * runs its allocating Java fallback. On 2026-12-02 (load 3-5, heap pretouched) the MLP after the other workloads
 * took 6.1 ms of CPU per step over its first 100 steps, but 1.5 ms when the same JVM had run the MLP before the
 * other workloads (steady 1.1-1.3 ms): the other workloads hardly spoil the MLP's compiled code; the C2 thread was
 * busy through all of the first 100 steps (about 1.5 s of compilation per 50 steps; Backprop.gradient alone 1.5 s).
 * {@code warmcold_<mode>_first100_jit_cpu} and {@code _steady_jit_cpu} are the compiler threads' CPU time in ms per
 * step (Linux), which a loaded machine inflates less than their wall time. {@code warmcold_<mode>_first100_proc_cpu}
 * and {@code _steady_proc_cpu} are the whole process's CPU ms per step (main thread, product helpers, compilers,
 * collector): on 2026-12-03 (load 3-4, 2 CPUs) the mixed first 100 steps took 6.5-7.4 ms of it per step against
 * 1.9-3.2 steady, so a first-100 wall time above half that sum waited for a CPU.
 * {@code warmcold_<mode>_first100_runq} and {@code _steady_runq} are the main thread's wait on a run queue in ms
 * per step (runnable, not running: field 2 of {@code /proc/thread-self/schedstat}; -1 elsewhere), and
 * {@code warmcold_<mode>_first100_helper_cpu} and {@code _steady_helper_cpu} the kernel helper threads' CPU time
 * ({@code gradtape-kernel-*}, field 1) in ms per step: on 2026-12-03 13:35 UTC (main 1389e5e, load 2.7-3.6) the
 * mixed first 100 steps took 1.36 ms of the main thread's CPU and 0.90 ms on a run queue per step, about the
 * helper's 0.93 ms of CPU time, while a C2 thread held the other CPU (2.3 ms per step).
 * {@code warmcold_<mode>_first100_from_ms} and {@code _to_ms} are the JVM's uptime before step 1 and after step
 * 100, to pick those steps out of a {@code -Xlog:jit+compilation=debug,deoptimization=debug::uptime} log.
 *
 * <p>Run: {@code java -cp ... io.gradtape.bench.WarmCold mixed|isolated [threads=2] [total=1500] [steady=500]
 * [seconds per other workload=3] [backend=default]}. The backend is {@link Knobs}': {@code default} (core's
 * kernels as the JVM's flags chose them, the Vector API ones under {@code --add-modules jdk.incubator.vector}),
 * {@code java}, {@code simd} or {@code blas}. It is set explicitly because gradtape-blas is on this module's class
 * path: until 2026-12-02 WarmCold left MatmulKernels' provider as loaded, so OpenBLAS took every product of at
 * least 64^3 multiply-adds and the figures were not those of the "default kernels" the report names.
 */
public final class WarmCold {
    static volatile Object sink;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    private static final RuntimeMXBean UPTIME = ManagementFactory.getRuntimeMXBean();

    private WarmCold() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "mixed";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
        int steady = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        double seconds = args.length > 4 ? Double.parseDouble(args[4]) : 3;
        String backend = args.length > 5 ? args[5] : "default";
        if (!mode.equals("mixed") && !mode.equals("isolated")) {
            throw new IllegalArgumentException("WarmCold: mode must be mixed or isolated, got " + mode);
        }
        if (total < 100 || steady < 1 || steady > total) {
            throw new IllegalArgumentException("WarmCold: need total >= 100 and 1 <= steady <= total, got total "
                    + total + ", steady " + steady);
        }
        Knobs.apply(threads, backend);
        // the probes read before step 1 and after step 100 once now, before any workload: their first reads of
        // /proc (files, byte buffers, parsing) made C2 throw away and compile again JDK methods that the workloads
        // had compiled (java.nio.Buffer.<init> and ByteBuffer.<init> at a class_check, 5-12 ms of the C2 thread
        // inside the MLP's first 100 steps in 4 logged mixed runs, 2026-12-05), which the MLP's steps then paid for
        probes();
        if (mode.equals("mixed")) {
            others(seconds);
        }
        Mlp mnist = new Mlp(new int[] {784, 256, 128, 10}, 128, true, 0);
        double[] wall = new double[total], cpu = new double[total];
        long[] faults = new long[4]; // before step 1, after step 100, before the steady window, at the end
        long[] jit = new long[4]; // the same points, JIT compilation time in ms (all compiler threads)
        long[] jitCpu = new long[4]; // the same points, CPU time of the compiler threads in ns
        long[] procCpu = new long[4]; // the same points, CPU time of the whole process in ns
        long[][] sched = new long[4][]; // the same points, schedNanos()
        long[] uptime = new long[2]; // JVM uptime in ms before step 1 and after step 100 (to read -Xlog beside)
        for (int s = 0; s < total; s++) {
            if (s == 0 || s == total - steady) {
                faults[s == 0 ? 0 : 2] = minorFaults();
                jit[s == 0 ? 0 : 2] = jitMillis();
                jitCpu[s == 0 ? 0 : 2] = jitCpuNanos();
                procCpu[s == 0 ? 0 : 2] = processCpuNanos();
                sched[s == 0 ? 0 : 2] = schedNanos();
                if (s == 0) {
                    uptime[0] = UPTIME.getUptime();
                }
            }
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink = mnist.step();
            wall[s] = (System.nanoTime() - t0) / 1e6;
            cpu[s] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            if (s == 99) {
                faults[1] = minorFaults();
                jit[1] = jitMillis();
                jitCpu[1] = jitCpuNanos();
                procCpu[1] = processCpuNanos();
                sched[1] = schedNanos();
                uptime[1] = UPTIME.getUptime();
            }
        }
        faults[3] = minorFaults();
        jit[3] = jitMillis();
        jitCpu[3] = jitCpuNanos();
        procCpu[3] = processCpuNanos();
        sched[3] = schedNanos();
        report(mode, "", wall, steady);
        report(mode, "_cpu", cpu, steady);
        boolean known = faults[0] >= 0 && faults[1] >= 0 && faults[2] >= 0 && faults[3] >= 0;
        System.out.printf("warmcold_%s_first100_faults %.1f%n", mode, known ? (faults[1] - faults[0]) / 100.0 : -1);
        System.out.printf("warmcold_%s_steady_faults %.1f%n", mode,
                known ? (faults[3] - faults[2]) / (double) steady : -1);
        boolean timed = jit[0] >= 0;
        System.out.printf("warmcold_%s_first100_jit %.2f%n", mode, timed ? (jit[1] - jit[0]) / 100.0 : -1);
        System.out.printf("warmcold_%s_steady_jit %.2f%n", mode, timed ? (jit[3] - jit[2]) / (double) steady : -1);
        boolean cpuKnown = jitCpu[0] >= 0 && jitCpu[1] >= 0 && jitCpu[2] >= 0 && jitCpu[3] >= 0;
        System.out.printf("warmcold_%s_first100_jit_cpu %.2f%n", mode, cpuKnown ? (jitCpu[1] - jitCpu[0]) / 1e6 / 100 : -1);
        System.out.printf("warmcold_%s_steady_jit_cpu %.2f%n", mode,
                cpuKnown ? (jitCpu[3] - jitCpu[2]) / 1e6 / steady : -1);
        boolean procKnown = procCpu[0] >= 0 && procCpu[1] >= 0 && procCpu[2] >= 0 && procCpu[3] >= 0;
        System.out.printf("warmcold_%s_first100_proc_cpu %.2f%n", mode, procKnown ? (procCpu[1] - procCpu[0]) / 1e6 / 100 : -1);
        System.out.printf("warmcold_%s_steady_proc_cpu %.2f%n", mode,
                procKnown ? (procCpu[3] - procCpu[2]) / 1e6 / steady : -1);
        String[] schedKeys = {"runq", "helper_cpu"};
        for (int i = 0; i < schedKeys.length; i++) {
            boolean schedKnown = sched[0][i] >= 0 && sched[1][i] >= 0 && sched[2][i] >= 0 && sched[3][i] >= 0;
            System.out.printf("warmcold_%s_first100_%s %.3f%n", mode, schedKeys[i],
                    schedKnown ? (sched[1][i] - sched[0][i]) / 1e6 / 100 : -1);
            System.out.printf("warmcold_%s_steady_%s %.3f%n", mode, schedKeys[i],
                    schedKnown ? (sched[3][i] - sched[2][i]) / 1e6 / steady : -1);
        }
        System.out.printf("warmcold_%s_first100_from_ms %d%n", mode, uptime[0]);
        System.out.printf("warmcold_%s_first100_to_ms %d%n", mode, uptime[1]);
    }

    /** Every probe the steps are timed between, once (see main). */
    private static void probes() {
        sink = new long[] {minorFaults(), jitMillis(), jitCpuNanos(), processCpuNanos(), schedNanos()[0],
            THREADS.getCurrentThreadCpuTime(), UPTIME.getUptime()};
    }

    /** Milliseconds the JIT compilers have spent so far (wall time of all compiler threads), or -1 if unknown. */
    static long jitMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
    }

    /**
     * CPU time the JIT compiler threads have spent so far, in ns (Linux: the first field of
     * {@code /proc/self/task/<tid>/schedstat} of the threads named {@code C1 CompilerThre...} and
     * {@code C2 CompilerThre...}), or -1 if unknown. A compiler thread that has exited takes its time with it,
     * so this can only be read as a difference over a short window.
     */
    static long jitCpuNanos() {
        return threadsCpuNanos("C1 CompilerThre", "C2 CompilerThre");
    }

    /**
     * CPU time so far of the process's threads whose name starts with one of {@code prefixes}, in ns (Linux: the
     * first field of {@code /proc/self/task/<tid>/schedstat}, read where {@code comm} matches), or -1 if unknown.
     * A thread that ended between the listing and the read is left out.
     */
    static long threadsCpuNanos(String... prefixes) {
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            long sum = 0;
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String comm;
                String sched;
                try {
                    comm = java.nio.file.Files.readString(t.resolve("comm"));
                    sched = java.nio.file.Files.readString(t.resolve("schedstat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                for (String prefix : prefixes) {
                    if (comm.startsWith(prefix)) {
                        sum += Long.parseLong(sched.substring(0, sched.indexOf(' ')));
                        break;
                    }
                }
            }
            return sum;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The calling (main) thread's wait on a run queue so far and the kernel helper threads' ({@code
     * gradtape-kernel-*}) CPU time so far, in ns (Linux {@code schedstat}: field 2 of the caller's, field 1 of
     * the helpers'), each -1 if unknown. A helper that has not started yet counts as 0.
     */
    static long[] schedNanos() {
        long[] r = {-1, -1};
        try {
            String st = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"));
            r[0] = Long.parseLong(st.trim().split(" ")[1]);
        } catch (java.io.IOException | RuntimeException e) {
            r[0] = -1;
        }
        r[1] = threadsCpuNanos("gradtape-kernel");
        return r;
    }

    /**
     * CPU time of the whole process so far, in ns ({@code com.sun.management.OperatingSystemMXBean}), or -1 if
     * unknown: the main thread, the helper threads of the matrix products, the compilers and the collector.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    /** The process's minor page faults so far (field 10 of {@code /proc/self/stat}), or -1 if unknown. */
    static long minorFaults() {
        try {
            String st = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void report(String mode, String suffix, double[] ms, int steady) {
        double first = 0;
        for (int s = 0; s < 100; s++) {
            first += ms[s];
        }
        first /= 100;
        double firstMedian = median(Arrays.copyOf(ms, 100));
        double last = median(Arrays.copyOfRange(ms, ms.length - steady, ms.length));
        String k = "warmcold_" + mode;
        System.out.printf("%s_first100%s %.3f%n", k, suffix, first);
        System.out.printf("%s_first100_median%s %.3f%n", k, suffix, firstMedian);
        System.out.printf("%s_steady%s %.3f%n", k, suffix, last);
        System.out.printf("%s_ratio%s %.2f%n", k, suffix, first / last);
    }

    private static double median(double[] x) {
        Arrays.sort(x);
        return x[x.length / 2];
    }

    /** The other benchmarks' workloads, each for {@code seconds}. */
    static void others(double seconds) {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {256, 1024}) {
            Tensor a = Mlp.normal(r, n, n), b = Mlp.normal(r, n, n);
            repeat(seconds, () -> sink = Tensors.matmul(a, b));
        }
        Tensor x = Mlp.normal(r, 1 << 20), y = Mlp.normal(r, 1 << 20), z = Mlp.normal(r, 1 << 20);
        repeat(seconds, () -> sink = Tensors.add(Tensors.mul(x, y), z));
        repeat(seconds, () -> sink = Tensors.exp(x));
        Tensor cMul = Tensors.constant(0.999f), cAdd = Tensors.constant(0.001f);
        repeat(seconds, () -> {
            Tensor x0 = Tensors.constant(0.5f);
            Tensor v = x0;
            try (GradientTape t = new GradientTape()) {
                t.watch(x0);
                for (int i = 0; i < ScalarChainBench.N; i++) {
                    int k = i % 3;
                    v = k == 0 ? Tensors.mul(v, cMul) : k == 1 ? Tensors.add(v, cAdd) : Tensors.sin(v);
                }
            }
            sink = v;
        });
        Mlp tiny = new Mlp(new int[] {2, 16, 16, 1}, 32, false, 0);
        repeat(seconds, () -> sink = tiny.step());
    }

    private static void repeat(double seconds, Runnable body) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            body.run();
        } while (System.nanoTime() < end);
    }
}
