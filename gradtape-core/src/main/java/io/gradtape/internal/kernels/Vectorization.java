package io.gradtape.internal.kernels;

import java.util.Optional;

/**
 * Chooses the {@link KernelProvider} once, at class initialization, after Lucene's {@code VectorizationProvider}:
 * <ol>
 *   <li>the system property {@code gradtape.vector=false} forces {@link ScalarKernels} (tests of the scalar path,
 *       benchmark comparisons);</li>
 *   <li>if the boot layer has no module {@code jdk.incubator.vector} (the JVM was started without
 *       {@code --add-modules jdk.incubator.vector}), {@link ScalarKernels} runs and one {@link System.Logger} INFO
 *       line says how to enable the vector kernels;</li>
 *   <li>otherwise core's module (when core runs as the named module {@code io.gradtape}; on the class path the
 *       unnamed module reads every module anyway) is made to read the incubator module with
 *       {@link Module#addReads}, so that {@code module-info} needs no {@code requires} of an incubating module and
 *       core still loads on a JVM without it; then {@code VectorKernels} is loaded reflectively and asked whether
 *       it is worth using (a preferred vector of at least 128 bits, C2 present). Any failure falls back to
 *       {@link ScalarKernels} with a WARNING.</li>
 * </ol>
 * {@code VectorKernels} is compiled separately (source set {@code src/main/java-vector}, with
 * {@code --add-modules jdk.incubator.vector}) into the same classes directory, so nothing else in core refers to
 * the Vector API and nothing else needs the flag to compile or run.
 */
public final class Vectorization {
    private static final String LOGGER = "io.gradtape.kernels";
    private static final String VECTOR_CLASS = "io.gradtape.internal.kernels.VectorKernels";

    private static volatile KernelProvider provider = lookup();

    private Vectorization() {
    }

    /** The provider in use. */
    public static KernelProvider provider() {
        return provider;
    }

    /**
     * Replaces the provider (tests and benchmarks compare the two paths in one JVM); null restores
     * {@link ScalarKernels}.
     *
     * @param p the provider, or null
     */
    public static void setProvider(KernelProvider p) {
        provider = p == null ? ScalarKernels.INSTANCE : p;
    }

    /** The scalar provider (always available). */
    public static KernelProvider scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The Vector API provider regardless of {@code gradtape.vector}, or empty when this JVM cannot run it (no
     * {@code jdk.incubator.vector} module, or it failed to load). Parity tests use it to compare both paths.
     */
    public static Optional<KernelProvider> vector() {
        try {
            return Optional.ofNullable(loadVector()).filter(KernelProvider::vectorized);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static KernelProvider lookup() {
        System.Logger log = System.getLogger(LOGGER);
        if (!Boolean.parseBoolean(System.getProperty("gradtape.vector", "true"))) {
            log.log(System.Logger.Level.DEBUG, "gradtape: -Dgradtape.vector=false: scalar kernels");
            return ScalarKernels.INSTANCE;
        }
        KernelProvider p;
        try {
            p = loadVector();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "gradtape: the Vector API kernels failed to load; using the scalar"
                    + " kernels", e);
            return ScalarKernels.INSTANCE;
        }
        if (p == null) {
            log.log(System.Logger.Level.INFO, "gradtape: Vector API kernels are off (module jdk.incubator.vector is"
                    + " not in this JVM); start java with --add-modules jdk.incubator.vector for faster matrix"
                    + " products and elementwise loops");
            return ScalarKernels.INSTANCE;
        }
        if (!p.vectorized()) {
            log.log(System.Logger.Level.INFO, "gradtape: Vector API kernels are off: " + p.name());
            return ScalarKernels.INSTANCE;
        }
        return p;
    }

    /**
     * The vector provider (whose {@link KernelProvider#vectorized()} is false when it declines this JVM, its
     * {@link KernelProvider#name()} then saying why), or null when the incubator module is absent.
     */
    private static KernelProvider loadVector() throws ReflectiveOperationException {
        Optional<Module> incubator = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (incubator.isEmpty()) {
            return null;
        }
        Module self = Vectorization.class.getModule();
        if (self.isNamed() && !self.canRead(incubator.get())) {
            self.addReads(incubator.get());
        }
        Class<?> c = Class.forName(VECTOR_CLASS, true, Vectorization.class.getClassLoader());
        return (KernelProvider) c.getDeclaredConstructor().newInstance();
    }
}
