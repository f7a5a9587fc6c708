/**
 * Automatic differentiation: the {@code Tape} (a flat list of single-output entries), {@code TapeStack} (which
 * tapes and accumulators of a thread see an op), {@code Backprop} (the reverse sweep), the derivative tables
 * {@code VjpRules} (one rule per primitive with its math, TensorFlow's edge conventions beside it) and
 * {@code JvpRules} (forward mode, falling back to transposing the VJP rule for the ops it names), with
 * {@code Unbroadcast}, {@code Jacobians}, {@code Accumulator} (forward mode) and {@code PathAnalysis} /
 * {@code TapeHistory} for {@code GradientTape.explain}. Both tables are {@code switch} expressions over
 * {@code Primitive} with no {@code default}: a new primitive does not compile until it has its rules.
 */
package io.gradtape.internal.autodiff;
