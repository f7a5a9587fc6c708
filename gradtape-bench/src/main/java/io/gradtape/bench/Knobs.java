package io.gradtape.bench;

import io.gradtape.internal.kernels.GemmProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;

import java.util.ServiceLoader;

/**
 * The two settings benchmarks vary: kernel threads and the matmul backend: "java" (core's auto-vectorized
 * BlockedGemm), "simd" (gradtape-simd, the Vector API; its forks run with --add-modules jdk.incubator.vector) or
 * "blas" (gradtape-blas, OpenBLAS).
 */
final class Knobs {
    private Knobs() {
    }

    static void apply(int threads, String backend) {
        Parallel.setThreads(threads);
        if (backend.equals("java")) {
            MatmulKernels.setNativeGemm(null);
            return;
        }
        MatmulKernels.setNativeGemm(provider(backend));
    }

    /** The provider whose class name mentions "OpenBlas" (blas) or "Vector" (simd), available in this JVM. */
    static GemmProvider provider(String backend) {
        String key = backend.equals("blas") ? "OpenBlas" : backend.equals("simd") ? "Vector" : null;
        if (key == null) {
            throw new IllegalArgumentException("backend must be java, simd or blas, got " + backend);
        }
        for (GemmProvider p : ServiceLoader.load(GemmProvider.class)) {
            if (p.getClass().getSimpleName().contains(key)) {
                if (!p.available()) {
                    throw new IllegalStateException(p.name());
                }
                return p;
            }
        }
        throw new IllegalStateException("backend=" + backend + " but its module is not on the class path");
    }
}
