package io.gradtape.bench;

import io.gradtape.spi.GemmProvider;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;

import java.util.ServiceLoader;

/**
 * The two settings benchmarks vary: kernel threads and the kernel backend: "default" (core's kernels as the JVM's
 * flags chose them: the Vector API ones under scripts/bench.sh, the scalar ones with -Dgradtape.vector=false),
 * "java" (core's scalar kernels:
 * BlockedGemm and plain loops, as with -Dgradtape.vector=false), "simd" (core's Vector API kernels, the default
 * when the JVM runs with --add-modules jdk.incubator.vector, as scripts/bench.sh's JVMs do) or "blas"
 * (gradtape-blas, OpenBLAS, for the products it takes; the other loops as by default).
 */
final class Knobs {
    private static final KernelProvider DEFAULT = Vectorization.provider();

    private Knobs() {
    }

    static void apply(int threads, String backend) {
        Parallel.setThreads(threads);
        switch (backend) {
            case "default" -> { // Java kernels as the JVM's flags chose them (-Dgradtape.vector=false: scalar)
                MatmulKernels.setNativeGemm(null);
                Vectorization.setProvider(DEFAULT);
            }
            case "java" -> {
                MatmulKernels.setNativeGemm(null);
                Vectorization.setProvider(Vectorization.scalar());
            }
            case "simd" -> {
                MatmulKernels.setNativeGemm(null);
                Vectorization.setProvider(Vectorization.vector().orElseThrow(() -> new IllegalStateException(
                        "backend=simd needs the JVM flag --add-modules jdk.incubator.vector")));
            }
            default -> {
                MatmulKernels.setNativeGemm(provider(backend));
                Vectorization.setProvider(DEFAULT);
            }
        }
    }

    /** The provider whose class name mentions "OpenBlas" (blas), available in this JVM. */
    static GemmProvider provider(String backend) {
        String key = backend.equals("blas") ? "OpenBlas" : null;
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
