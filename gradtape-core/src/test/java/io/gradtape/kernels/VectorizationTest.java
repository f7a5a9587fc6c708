package io.gradtape.kernels;

import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Vectorization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one flag: a JVM started with {@code --add-modules jdk.incubator.vector} runs the Vector API kernels, one
 * started with {@code -Dgradtape.vector=false} the scalar ones, and one without the module the scalar ones. This
 * test runs in both of the build's test executions (default, and {@code scalar-kernels} with the property), so
 * it checks the path each execution claims to test.
 */
class VectorizationTest {
    @Test
    void theFlagsChooseTheProvider() {
        KernelProvider p = Vectorization.provider();
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean forcedOff = "false".equals(System.getProperty("gradtape.vector"));
        if (forcedOff || !module) {
            assertFalse(p.vectorized(), p.name());
            assertEquals(Vectorization.scalar(), p);
        } else { // every CPU this JDK supports has 128-bit vectors or wider, so the provider takes them
            assertTrue(p.vectorized(), p.name());
            assertTrue(p.name().startsWith("Vector API"), p.name());
        }
        // the property chooses the default only: the vector kernels still load for comparisons
        assertEquals(module, Vectorization.vector().isPresent());
    }
}
