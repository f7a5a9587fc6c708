/**
 * gradtape: eager tensors and TensorFlow 2's GradientTape for the JVM. The API is exported ({@code io.gradtape},
 * {@code io.gradtape.checkpoint}, {@code io.gradtape.data}, {@code io.gradtape.nn}, {@code io.gradtape.optimizers},
 * {@code io.gradtape.summary});
 * the ops, kernels and tape machinery live in non-exported {@code io.gradtape.internal} packages. Kernel providers
 * (gradtape-blas) implement {@code io.gradtape.spi.GemmProvider}, found by {@code ServiceLoader}
 * on the module path ({@code provides}) or the class path ({@code META-INF/services}).
 */
module io.gradtape {
    exports io.gradtape;
    exports io.gradtape.checkpoint;
    exports io.gradtape.nn;
    exports io.gradtape.optimizers;
    exports io.gradtape.data;
    exports io.gradtape.summary;
    exports io.gradtape.spi;

    uses io.gradtape.spi.GemmProvider;
}
