/**
 * The implementation, not exported: {@link io.gradtape.internal.TensorAccess} gives the internal packages a
 * tensor's id and storage (the JDK's "shared secrets" idiom), and the subpackages hold the ops
 * ({@code internal.ops}), their kernels ({@code internal.kernels}) and the tape's algorithms
 * ({@code internal.autodiff}). Nothing here is API; names and signatures change freely.
 */
package io.gradtape.internal;
