/**
 * The bytes of TensorBoard event files for {@code io.gradtape.summary}: TFRecord framing with masked CRC-32C
 * ({@link io.gradtape.internal.summary.TfRecord}), hand-written protobuf encoding of TF's {@code Event},
 * {@code Summary}, {@code SummaryMetadata} and {@code TensorProto} ({@link io.gradtape.internal.summary.EventProto}),
 * and TensorBoard's histogram bucketing ({@link io.gradtape.internal.summary.HistogramBuckets}).
 */
package io.gradtape.internal.summary;
