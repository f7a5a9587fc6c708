package io.gradtape.kernels;

import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Vectorization;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** A child JVM's main: prints the provider's name on stdout (the INFO line, if any, goes to stderr). */
    public static final class Probe {
        private Probe() {
        }

        /**
         * Prints the provider in use.
         *
         * @param args ignored
         */
        public static void main(String[] args) {
            System.out.println(Vectorization.provider().name());
        }
    }

    @Test
    void withoutTheModuleOneInfoLineSaysHowToEnableIt() throws Exception {
        List<String> plain = probe();
        assertTrue(plain.get(0).startsWith("scalar"), plain.toString());
        long info = plain.stream().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count();
        assertEquals(1, info, "one line naming the flag: " + plain);
        List<String> forced = probe("--add-modules", "jdk.incubator.vector", "-Dgradtape.vector=false");
        assertTrue(forced.get(0).startsWith("scalar"), forced.toString());
        assertEquals(0, forced.stream().filter(l -> l.contains("gradtape")).count(), "forced off: silent " + forced);
        List<String> on = probe("--add-modules", "jdk.incubator.vector");
        assertTrue(on.get(0).startsWith("Vector API"), on.toString());
        assertEquals(0, on.stream().filter(l -> l.contains("gradtape")).count(), "on: silent " + on);
    }

    /** Runs {@link Probe} in a class-path JVM with {@code flags}: its stdout line first, then its stderr lines. */
    private static List<String> probe(String... flags) throws Exception {
        String cp = location(Vectorization.class) + File.pathSeparator + location(VectorizationTest.class);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", cp, Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM finished");
        List<String> out = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        out.addAll(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList());
        assertEquals(0, p.exitValue(), out.toString());
        return out;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
