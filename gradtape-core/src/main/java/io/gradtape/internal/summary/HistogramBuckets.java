package io.gradtape.internal.summary;

/**
 * TensorBoard's v2 histogram bucketing ({@code _buckets} in {@code tensorboard/plugins/histogram/summary_v2.py}):
 * rows {@code [left, right, count]}. No data gives 0 rows; data whose values are all equal to {@code c} gives one row
 * {@code [c - 0.5, c + 0.5, n]}; otherwise {@code bucketCount} equal-width buckets from min to max, value {@code x}
 * counted in bucket {@code min(floor((x - min) / width), bucketCount - 1)} (so the maximum lands in the last bucket),
 * edges {@code min + i * width} with {@code width = (max - min) / bucketCount} (TF's {@code linspace} computes
 * {@code start + i * step} so) and the last right edge exactly {@code max}.
 */
public final class HistogramBuckets {
    /** TensorBoard's {@code DEFAULT_BUCKET_COUNT}. */
    public static final int DEFAULT_BUCKET_COUNT = 30;

    private HistogramBuckets() {
    }

    /** The rows, flattened row-major into {@code 3 * k} doubles; values must be finite (the caller checks). */
    public static double[] of(double[] data, int bucketCount) {
        if (data.length == 0) {
            return new double[0];
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : data) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double range = max - min;
        if (range == 0) {
            return new double[] {min - 0.5, min + 0.5, data.length};
        }
        double width = range / bucketCount;
        double[] counts = new double[bucketCount];
        for (double x : data) {
            int i = (int) Math.min(Math.floor((x - min) / width), bucketCount - 1);
            counts[i]++;
        }
        double[] rows = new double[3 * bucketCount];
        for (int i = 0; i < bucketCount; i++) {
            rows[3 * i] = min + i * width;
            rows[3 * i + 1] = i == bucketCount - 1 ? max : min + (i + 1) * width;
            rows[3 * i + 2] = counts[i];
        }
        return rows;
    }
}
