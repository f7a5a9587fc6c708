/**
 * OpenBLAS matrix products for gradtape: provides {@link io.gradtape.spi.GemmProvider} with
 * {@link io.gradtape.blas.OpenBlasGemm}. On the module path core finds it through {@code provides}; on the class
 * path through {@code META-INF/services}. The native library comes from {@code org.bytedeco:openblas}'s
 * platform jar (the Maven profile of this module's POM picks it by OS and architecture); on the module path
 * that jar's module, e.g. {@code org.bytedeco.openblas.linux.x86_64}, must be resolved as well (it is when
 * the jar is on the module path and {@code --add-modules ALL-MODULE-PATH} or the module's name is given).
 */
module io.gradtape.blas {
    requires io.gradtape;
    requires org.bytedeco.openblas;

    exports io.gradtape.blas;

    provides io.gradtape.spi.GemmProvider with io.gradtape.blas.OpenBlasGemm;
}
