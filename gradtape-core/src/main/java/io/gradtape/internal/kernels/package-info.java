/**
 * The loops: {@link io.gradtape.internal.kernels.KernelTable} routes each primitive to its kernel family
 * ({@code ElementwiseKernels} with the hot cases in {@code FastLoops}, {@code ReduceKernels},
 * {@code MovementKernels}, {@code IndexKernels}, {@code ScanKernels}, {@code MatmulKernels} with
 * {@code BlockedGemm}). Inputs arrive validated; a kernel returns fresh storage (or an input's own array when
 * the values are the same). Every branch of a kernel's {@code switch} names its op, and an op without a branch
 * throws {@link IllegalStateException}, never computes another op's values. {@code Parallel} spreads large loops
 * over the cores; {@code Vectorization} picks the Vector API kernels when the JVM has them; a matrix product may
 * go to an {@link io.gradtape.spi.GemmProvider} found on the module or class path.
 *
 * <p><b>float32 and float64 twins.</b> Java has no generics over primitive arrays, and boxing or a
 * {@code double}-only path would cost the kernels their speed, so several kernels come in two copies that differ
 * only in the element type: {@code BlockedGemm}'s float and double paths, {@code FastLoops}' {@code f32}/{@code f64}
 * loops, {@code ScalarKernels}' and {@code VectorKernels}' {@code f32}/{@code f64} methods, and {@code VectorGemm} with
 * {@code VectorDgemm} (written from it by replacing the element type). A change to one copy is made to the other;
 * the parity tests ({@code VectorKernelsParityTest}, {@code MatmulParityTest}, {@code FastLoopsTest}) run both
 * dtypes, and the op table checks both through the public ops.
 */
package io.gradtape.internal.kernels;
