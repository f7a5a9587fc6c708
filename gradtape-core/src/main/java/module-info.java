/**
 * gradtape: eager tensors and TensorFlow 2's GradientTape for the JVM. The API is exported ({@code io.gradtape},
 * {@code io.gradtape.checkpoint}, {@code io.gradtape.optimizers}, {@code io.gradtape.data});
 * the ops, kernels and tape machinery live in non-exported {@code io.gradtape.internal} packages.
 */
module io.gradtape {
    exports io.gradtape;
    exports io.gradtape.checkpoint;
    exports io.gradtape.optimizers;
    exports io.gradtape.data;
}
