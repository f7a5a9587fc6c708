package io.gradtape.simd;

import io.gradtape.internal.kernels.GemmProvider;

/**
 * A float32 matrix product in pure Java with explicit SIMD (the incubating Vector API of JDK 17), found by
 * gradtape-core through {@code META-INF/services}. It is used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; without that flag {@link #available()} is false and core's
 * auto-vectorized {@code BlockedGemm} runs instead. float64 products are declined (core computes them).
 *
 * <p>Why a second Java kernel: C2 on JDK 17 auto-vectorizes only small loop bodies, so core's kernel keeps its
 * accumulators in arrays and reloads and stores them every two multiply-adds; here a 6 x 2-vector tile of C
 * stays in registers across the whole k loop ({@link Kernel}), which is the layout BLAS libraries use.
 */
public final class VectorGemm implements GemmProvider {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    static final long MIN_MACS = Long.getLong("gradtape.simd.minMacs", 16L * 16 * 16);
    static final int MIN_COLUMNS = 16;

    @Override
    public boolean available() {
        return PRESENT;
    }

    @Override
    public int rank() {
        return 5;
    }

    @Override
    public String name() {
        return PRESENT ? "Vector API " + Kernel.S.vectorBitSize() + "-bit (jdk.incubator.vector)"
                : "Vector API (absent: run with --add-modules jdk.incubator.vector)";
    }

    @Override
    public long minMacs() {
        return PRESENT ? MIN_MACS : Long.MAX_VALUE;
    }

    @Override
    public boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                         float[] c, int co) {
        if (!PRESENT || n < MIN_COLUMNS) {
            return false; // few columns: core's kernel computes C^T instead, which wastes no vector lanes
        }
        Kernel.sgemm(ta, tb, m, n, k, a, ao, b, bo, c, co);
        return true;
    }

    @Override
    public boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                         double[] c, int co) {
        return false;
    }
}
