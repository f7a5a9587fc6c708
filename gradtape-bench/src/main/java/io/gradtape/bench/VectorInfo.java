package io.gradtape.bench;

import io.gradtape.internal.kernels.Vectorization;

/** Prints the kernel provider this JVM runs (for scripts/bench.sh's environment record). */
public final class VectorInfo {
    private VectorInfo() {
    }

    /**
     * Prints e.g. {@code Vector API 512-bit (jdk.incubator.vector)}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(Vectorization.provider().name());
    }
}
