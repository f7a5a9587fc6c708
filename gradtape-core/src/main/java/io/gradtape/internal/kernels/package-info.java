/**
 * The loops: {@link io.gradtape.internal.kernels.KernelTable} routes each primitive to its kernel family
 * ({@code ElementwiseKernels} with the hot cases in {@code FastLoops}, {@code ReduceKernels},
 * {@code MovementKernels}, {@code IndexKernels}, {@code ScanKernels}, {@code MatmulKernels} with
 * {@code BlockedGemm}). Inputs arrive validated; a kernel returns fresh storage (or an input's own array when
 * the values are the same). Every branch of a kernel's {@code switch} names its op, and an op without a branch
 * throws {@link IllegalStateException}, never computes another op's values. {@code Parallel} spreads large loops
 * over the cores; {@code Vectorization} picks the Vector API kernels when the JVM has them; a matrix product may
 * go to an {@link io.gradtape.spi.GemmProvider} found on the module or class path.
 */
package io.gradtape.internal.kernels;
