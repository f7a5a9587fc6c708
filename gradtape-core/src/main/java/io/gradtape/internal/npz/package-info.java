/**
 * The byte level of NumPy's {@code .npy} and {@code .npz} formats (headers, dtypes, byte orders, Fortran order,
 * stored and deflated zip entries with CRC checks), behind {@link io.gradtape.checkpoint.Npz}.
 */
package io.gradtape.internal.npz;
