/**
 * The extension point for kernel providers: a faster matrix product ({@link io.gradtape.spi.GemmProvider}),
 * found by {@link java.util.ServiceLoader} on the module path ({@code provides} in the provider's
 * {@code module-info}) or the class path ({@code META-INF/services}), and {@link io.gradtape.spi.Kernels}, what a
 * provider may use of core (its thread budget and pool) and how a test swaps the provider. gradtape-blas
 * (OpenBLAS) is the provider in this repository (core's own Vector API kernels are internal, not a provider).
 *
 * <p>Nothing here is needed to use gradtape: without a provider every product runs in core's pure-Java kernel
 * with the same results up to rounding.
 */
package io.gradtape.spi;
