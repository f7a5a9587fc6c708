/**
 * The kernels of {@link io.gradtape.Linalg}: LU with partial pivoting, Cholesky, triangular
 * solves (blocked above n = 128, one matrix product per 64-column block), Householder QR, symmetric eigen and
 * the SVD ({@code SvdKernel}: {@code Bidiagonal}, {@code BidiagonalQr}) in {@code LinalgKernels}/{@code Dense},
 * and shape checks in {@code LinalgShapes}; {@code MatrixExponential} (scaling and squaring with Padé
 * approximants, a plan per matrix) is composed of public ops. Their reverse- and
 * forward-mode rules, with the papers they come from, live beside the other rules in
 * {@code io.gradtape.internal.autodiff.LinalgRules}. float32 inputs are computed in double and rounded once.
 */
package io.gradtape.internal.linalg;
