/**
 * gradtape: eager tensors and TensorFlow 2's GradientTape for the JVM. The API is exported ({@code io.gradtape},
 * {@code io.gradtape.checkpoint}, {@code io.gradtape.data}, {@code io.gradtape.nn}, {@code io.gradtape.optimizers});
 * the ops, kernels and tape machinery live in non-exported {@code io.gradtape.internal} packages.
 */
module io.gradtape {
    exports io.gradtape;
    exports io.gradtape.checkpoint;
    exports io.gradtape.nn;
    exports io.gradtape.optimizers;
    exports io.gradtape.data;
}
