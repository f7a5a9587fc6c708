/**
 * The counter-based generator behind {@link io.gradtape.Generator}: the Philox4x32-10 block function (Salmon et
 * al. 2011) and the kernels that turn its counters into uniform, normal, truncated-normal, integer and categorical
 * values, element by element from their positions, so that a parallel fill gives the serial bits.
 */
package io.gradtape.internal.random;
