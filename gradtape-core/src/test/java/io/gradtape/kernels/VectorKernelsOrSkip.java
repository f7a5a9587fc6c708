package io.gradtape.kernels;

import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Vectorization;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API kernels for the tests of this package that test them alone: the provider when this JVM has it
 * (run with {@code --add-modules jdk.incubator.vector}, as Surefire does), otherwise the calling test is skipped with
 * a printed reason naming the flag and what goes untested.
 */
final class VectorKernelsOrSkip {
    private VectorKernelsOrSkip() {
    }

    /** The Vector API kernels, or an aborted (skipped) test whose reason ends with {@code untested}. */
    static KernelProvider vectorKernels(String untested) {
        KernelProvider vector = Vectorization.vector().orElse(null);
        assumeTrue(vector != null, "no Vector API kernels in this JVM (run with --add-modules jdk.incubator.vector): "
                + untested);
        return vector;
    }
}
