/**
 * gradtape: eager tensors and TensorFlow 2's GradientTape for the JVM. Only {@code io.gradtape} is exported;
 * the ops, kernels and tape machinery live in non-exported {@code io.gradtape.internal} packages.
 */
module io.gradtape {
    exports io.gradtape;
}
