/**
 * Native matrix products by OpenBLAS ({@code cblas_sgemm}, {@code cblas_dgemm}, bundled by
 * {@code org.bytedeco:openblas}) behind gradtape-core's {@link io.gradtape.spi.GemmProvider}. Putting this
 * module's jar on the class path or the module path is all it takes: core then sends it every product of at least
 * {@link io.gradtape.blas.OpenBlasGemm#minMacs()} multiply-adds and keeps smaller ones in Java, where copying to
 * native memory would cost more than it saves. Results equal core's pure-Java kernel up to rounding (the
 * module's tests check every transpose combination and broadcast batches in float32 and float64).
 */
package io.gradtape.blas;
