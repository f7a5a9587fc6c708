/**
 * TensorBoard summaries for custom training loops, as TensorFlow 2's {@code tf.summary}:
 * {@link io.gradtape.summary.SummaryWriter} writes scalars, histograms and text to TensorBoard event files
 * (TFRecord-framed {@code Event} protos, encoded by hand in {@code io.gradtape.internal.summary}; no dependency).
 * View them with {@code tensorboard --logdir <dir>}.
 */
package io.gradtape.summary;
