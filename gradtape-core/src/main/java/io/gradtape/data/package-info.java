/**
 * Input pipelines and data for training loops, in the manner of {@code tf.data}: {@link io.gradtape.data.Dataset}
 * (slices of in-memory tensors, lists of elements, generators and ranges; shuffled by seed, batched, padded-batched,
 * rebatched, windowed or bucketed by sequence length, mapped (also by parallel calls), flat-mapped, interleaved,
 * scanned, repeated, filtered, sharded, zipped, concatenated, enumerated, unbatched, cached in memory, prefetched on a
 * background thread, with {@code tf.data}'s cardinality, {@link io.gradtape.data.Dataset#UNKNOWN} after a filter), its
 * elements
 * {@link io.gradtape.data.Batch}, a numeric CSV reader {@link io.gradtape.data.Csv}, and two small real data sets,
 * {@link io.gradtape.data.Datasets#digits()} and {@link io.gradtape.data.Datasets#iris()} (UCI Machine Learning
 * Repository, CC BY 4.0).
 *
 * <pre>{@code
 * Dataset.Split s = Datasets.digits().dataset().trainTestSplit(0.2, 42);
 * Dataset train = s.train().shuffle(42).batch(64);
 * for (int epoch = 0; epoch < 2; epoch++) {
 *     for (Batch b : train) {
 *         Tensor x = b.x();   // float32 (64, 64)
 *         Tensor y = b.y();   // int32 (64,)
 *     }
 * }
 * }</pre>
 */
package io.gradtape.data;
