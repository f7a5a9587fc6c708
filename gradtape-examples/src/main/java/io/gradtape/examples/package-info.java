/**
 * Runnable programs: the seed notebook walkthrough ({@code NotebookWalkthrough}, the README's first command), the
 * digits training demo ({@code TrainDigits}), a Transformer encoder classifier ({@code TransformerClassifier}), the
 * lecture graph drawn from a tape ({@code DrawTape}) and
 * Gaussian-process regression through {@code Linalg} ({@code GaussianProcessRegression}). Each is checked by a test.
 */
package io.gradtape.examples;
