package io.gradtape.bench;

import io.gradtape.internal.kernels.GemmProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;

/** The two settings benchmarks vary: kernel threads and the matmul backend ("java" or "blas"). */
final class Knobs {
    /** The provider found on the class path at start-up (gradtape-blas), before any benchmark changed it. */
    private static final GemmProvider BLAS = MatmulKernels.nativeGemm();

    private Knobs() {
    }

    static void apply(int threads, String backend) {
        Parallel.setThreads(threads);
        switch (backend) {
            case "java":
                MatmulKernels.setNativeGemm(null);
                break;
            case "blas":
                if (BLAS == null) {
                    throw new IllegalStateException("backend=blas but no GemmProvider is on the class path");
                }
                MatmulKernels.setNativeGemm(BLAS);
                break;
            default:
                throw new IllegalArgumentException("backend must be java or blas, got " + backend);
        }
    }

    static String blasName() {
        return BLAS == null ? "none" : BLAS.name();
    }
}
