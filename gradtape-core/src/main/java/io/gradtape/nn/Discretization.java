package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.data.Dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * Buckets continuous values by ranges (Keras's {@code Discretization},
 * keras/src/layers/preprocessing/discretization.py). With sorted bin boundaries {@code b_0 <= ... <= b_{k-1}} the
 * bins are {@code (-inf, b_0), [b_0, b_1), ..., [b_{k-1}, +inf)} and a value's index is the number of boundaries
 * at or below it ({@code np.digitize}, TensorFlow's {@code Bucketize}); NaN falls in the last bin. As in Keras the
 * input is compared in float32 (its input dtype) with the boundaries rounded to float32.
 *
 * <p>The boundaries are given ({@link Builder#binBoundaries}) or learned by {@link #adapt(Tensor)} /
 * {@link #adapt(Dataset)} for {@link Builder#numBins} bins of about equal counts: Keras's approximate quantiles,
 * reproduced step for step (of each batch's {@code n} sorted values, every {@code max(n * epsilon, 1)}-th from
 * index {@code (int) (n * epsilon)} on, as Keras's {@code summarize}; these merged and compressed to
 * {@code 1 / epsilon} weighted points, then interpolated at {@code 1/numBins, 2/numBins, ...}), so the boundaries
 * match Keras's to float32 rounding: 0, 1, ..., 99 with {@code numBins(2)} give the boundary 49.5.
 *
 * <p>Output modes ({@link Builder#outputMode}): {@code "int"} (the default) gives the bin indices, int32, of the
 * input's shape; {@code "one_hot"}, {@code "multi_hot"} and {@code "count"} encode them over
 * {@code boundaries + 1} bins as {@link CategoryEncoding} does, float32. No variables (Keras keeps the boundaries in
 * its config, not in weights); not differentiable.
 *
 * <pre>{@code
 * Discretization d = new Discretization(0, 1, 2);
 * d.call(Tensors.constant(new float[][] {{-1.5f, 1.0f, 3.4f, 0.5f}, {0.0f, 3.0f, 1.3f, 0.0f}}));
 * // [[0, 2, 3, 1], [1, 3, 2, 1]], int32
 * }</pre>
 */
public class Discretization extends Module {
    private final Integer numBins;
    private final double epsilon;
    private final String outputMode;
    /** The boundaries as given or adapted; null before adapt. */
    private double[] boundaries;

    /**
     * A layer with the given boundaries and the {@code "int"} output.
     *
     * <pre>{@code
     * Discretization d = new Discretization(0, 1, 2);   // bins (-inf, 0), [0, 1), [1, 2), [2, inf)
     * }</pre>
     *
     * @param binBoundaries the boundaries, sorted ascending, none NaN
     * @throws IllegalArgumentException if they are not sorted or one is NaN
     */
    public Discretization(double... binBoundaries) {
        this(builder().binBoundaries(binBoundaries));
    }

    private Discretization(Builder b) {
        super(b.name);
        if ((b.numBins == null) == (b.binBoundaries == null)) {
            throw new IllegalArgumentException("Discretization: set exactly one of binBoundaries and numBins, got "
                    + (b.numBins == null ? "neither" : "both"));
        }
        this.numBins = b.numBins;
        this.epsilon = b.epsilon;
        this.outputMode = b.outputMode;
        this.boundaries = b.binBoundaries;
    }

    /**
     * A builder for the options: boundaries or number of bins, epsilon, output mode, name.
     *
     * <pre>{@code
     * Discretization d = Discretization.builder().numBins(4).epsilon(0.01).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of a {@link Discretization} layer.
     *
     * <pre>{@code
     * Discretization.Builder b = Discretization.builder().binBoundaries(0, 10).outputMode("one_hot");
     * }</pre>
     */
    public static final class Builder {
        private double[] binBoundaries;
        private Integer numBins;
        private double epsilon = 0.01;
        private String outputMode = "int";
        private String name;

        private Builder() {
        }

        /**
         * The bin boundaries (Keras's {@code bin_boundaries}); then {@code adapt} is an error.
         *
         * <pre>{@code
         * Discretization.builder().binBoundaries(0, 1, 2);
         * }</pre>
         *
         * @param binBoundaries sorted ascending, none NaN
         * @return this builder
         * @throws IllegalArgumentException if they are not sorted or one is NaN
         */
        public Builder binBoundaries(double... binBoundaries) {
            Objects.requireNonNull(binBoundaries, "Discretization: binBoundaries is null");
            for (int i = 0; i < binBoundaries.length; i++) {
                if (Double.isNaN(binBoundaries[i]) || i > 0 && binBoundaries[i] < binBoundaries[i - 1]) {
                    throw new IllegalArgumentException("Discretization: binBoundaries must be sorted ascending and not"
                            + " NaN, got " + Arrays.toString(binBoundaries));
                }
            }
            this.binBoundaries = binBoundaries.clone();
            return this;
        }

        /**
         * The number of bins to learn by {@code adapt} (Keras's {@code num_bins}).
         *
         * <pre>{@code
         * Discretization.builder().numBins(4);
         * }</pre>
         *
         * @param numBins positive
         * @return this builder
         * @throws IllegalArgumentException if {@code numBins < 1}
         */
        public Builder numBins(int numBins) {
            if (numBins < 1) {
                throw new IllegalArgumentException("Discretization: numBins must be >= 1, got " + numBins);
            }
            this.numBins = numBins;
            return this;
        }

        /**
         * The quantiles' error tolerance (Keras's {@code epsilon}, default 0.01): {@code adapt} keeps about
         * {@code 1 / epsilon} points of each batch.
         *
         * <pre>{@code
         * Discretization.builder().numBins(4).epsilon(0.001);
         * }</pre>
         *
         * @param epsilon in {@code (0, 1]}
         * @return this builder
         * @throws IllegalArgumentException if it is outside {@code (0, 1]}
         */
        public Builder epsilon(double epsilon) {
            if (!(epsilon > 0 && epsilon <= 1)) {
                throw new IllegalArgumentException("Discretization: epsilon must be in (0, 1], got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * The output: {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}.
         *
         * <pre>{@code
         * Discretization.builder().binBoundaries(0).outputMode("one_hot");
         * }</pre>
         *
         * @param outputMode the mode
         * @return this builder
         * @throws IllegalArgumentException for another mode
         */
        public Builder outputMode(String outputMode) {
            this.outputMode = CategoricalOutput.checkMode("Discretization", outputMode, "int", "one_hot", "multi_hot", "count");
            return this;
        }

        /**
         * The layer's name; null (the default) for {@code discretization}.
         *
         * <pre>{@code
         * Discretization.builder().numBins(4).name("age_bucket");
         * }</pre>
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * Discretization d = Discretization.builder().numBins(3).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException unless exactly one of boundaries and number of bins is set
         */
        public Discretization build() {
            return new Discretization(this);
        }
    }

    /**
     * The bin of each value ({@code "int"}), or their encoding.
     *
     * <pre>{@code
     * new Discretization(0, 1).call(Tensors.constant(new double[] {-5, 0, 0.5, 1, Double.NaN}, 5));   // [0, 1, 1, 2, 2]
     * }</pre>
     *
     * @param x the input, numeric, of any shape (rank at most 2 for {@code "multi_hot"} and {@code "count"}, as
     *          {@link CategoryEncoding})
     * @return int32 of the input's shape for {@code "int"}; float32 otherwise
     * @throws IllegalStateException    if the layer has {@code numBins} and was not adapted
     * @throws IllegalArgumentException if the input is BOOL, or of rank above 2 in {@code "multi_hot"} or
     *                                  {@code "count"}
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (boundaries == null) {
            throw new IllegalStateException(name() + ": Discretization has numBins = " + numBins + " but no boundaries"
                    + " yet: call adapt(data) first, or give binBoundaries");
        }
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": Discretization needs a numeric input, got shape " + x.shape()
                    + " and dtype bool");
        }
        float[] v = x.toFloatArray();
        float[] b = new float[boundaries.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) boundaries[i];
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = upperBound(b, v[i]);
        }
        if (outputMode.equals("int")) {
            return Tensors.constant(out, x.shape().dims());
        }
        long[] ids = Arrays.stream(out).asLongStream().toArray();
        return CategoricalOutput.encode(name(), outputMode, ids, x.shape().dims(), b.length + 1, null, null);
    }

    /** The number of boundaries {@code <= v}; all of them for NaN (np.digitize and Bucketize). */
    private static int upperBound(float[] b, float v) {
        if (Float.isNaN(v)) {
            return b.length;
        }
        int lo = 0;
        int hi = b.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v >= b[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Learns {@code numBins - 1} boundaries from all of {@code data} at once (Keras's {@code adapt} of an array),
     * replacing any learned before. A failed call changes nothing.
     *
     * <pre>{@code
     * Discretization d = Discretization.builder().numBins(4).build();
     * Tensor x = Tensors.constant(new float[][] {{-1.5f, 1.0f, 3.4f, 0.5f}, {0.0f, 3.0f, 1.3f, 0.0f}});
     * d.adapt(x);
     * d.call(x);   // [[0, 2, 3, 2], [1, 3, 3, 1]]
     * }</pre>
     *
     * @param data the values, numeric, any shape, at least one
     * @throws IllegalStateException    if the boundaries were given
     * @throws IllegalArgumentException if the data is BOOL or empty
     */
    public void adapt(Tensor data) {
        Objects.requireNonNull(data, () -> name() + ": adapt data is null");
        checkAdaptable();
        float[][] summary = merge(summarize(values(data), epsilon), new float[2][0], epsilon);
        finish(summary, data.size());
    }

    /**
     * Learns the boundaries from the first component ({@link io.gradtape.data.Batch#x()}) of each element of a
     * finite dataset, batch by batch (Keras's {@code adapt} of a {@code tf.data.Dataset}: each batch summarized and
     * merged into the running summary), replacing any learned before. A failed call changes nothing.
     *
     * <pre>{@code
     * Discretization d = Discretization.builder().numBins(2).build();
     * d.adapt(Dataset.fromTensorSlices(Tensors.constant(new float[] {1, 2, 3, 4}, 4)).batch(2));
     * d.binBoundaries();   // [2.0]
     * }</pre>
     *
     * @param data a finite dataset
     * @throws IllegalStateException    if the boundaries were given
     * @throws IllegalArgumentException if the dataset is infinite or has no value, or a batch is BOOL
     */
    public void adapt(Dataset data) {
        Objects.requireNonNull(data, () -> name() + ": adapt data is null");
        checkAdaptable();
        if (data.cardinality() == Dataset.INFINITE) {
            throw new IllegalArgumentException(name() + ": adapt needs a finite dataset, got an infinite one: " + data);
        }
        float[][] summary = new float[2][0];
        long n = 0;
        try (Dataset.ElementIterator it = data.iterator()) {
            while (it.hasNext()) {
                Tensor x = it.next().x();
                summary = merge(summarize(values(x), epsilon), summary, epsilon);
                n += x.size();
            }
        }
        finish(summary, n);
    }

    private void checkAdaptable() {
        if (numBins == null) {
            throw new IllegalStateException(name() + ": Discretization was given binBoundaries; adapt needs a layer"
                    + " built with numBins instead");
        }
    }

    private float[] values(Tensor x) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": adapt needs numeric data, got shape " + x.shape()
                    + " and dtype bool");
        }
        return x.toFloatArray();
    }

    private void finish(float[][] summary, long count) {
        if (count == 0) {
            throw new IllegalArgumentException(name() + ": adapt needs at least one value, got none");
        }
        float[][] c = compress(summary, 1.0 / numBins);
        double[] b = new double[Math.max(0, c[0].length - 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = c[0][i];
        }
        boundaries = b;
    }

    // Keras's summarize / merge_summaries / compress_summary (discretization.py), with NumPy's dtypes: float32
    // summaries and cumulative sums, float64 percents and interpolation.

    /**
     * Every {@code step}-th value of the sorted data, each weighing {@code step}, where
     * {@code increment = n * epsilon} and {@code step = max(increment, 1)}: Keras's {@code summarize} starts at
     * index {@code (int) increment} (0 while {@code n * epsilon < 1}), so 100 values with epsilon 0.01 give the
     * values at indices 1, 2, ..., 99, not 0, ..., 99.
     */
    static float[][] summarize(float[] values, double epsilon) {
        float[] v = values.clone();
        Arrays.sort(v);
        double numBuckets = 1.0 / epsilon;
        double increment = v.length / numBuckets;
        double step = Math.max(increment, 1);
        int start = (int) increment;
        int by = (int) step;
        int n = start >= v.length ? 0 : (v.length - start + by - 1) / by;
        float[][] s = new float[2][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = v[start + i * by];
            s[1][i] = (float) step;
        }
        return s;
    }

    /** The two summaries side by side ({@code prev} first), sorted by value, then compressed. */
    static float[][] merge(float[][] prev, float[][] next, double epsilon) {
        int n = prev[0].length + next[0].length;
        Integer[] order = new Integer[n];
        float[] values = new float[n];
        float[] weights = new float[n];
        System.arraycopy(prev[0], 0, values, 0, prev[0].length);
        System.arraycopy(next[0], 0, values, prev[0].length, next[0].length);
        System.arraycopy(prev[1], 0, weights, 0, prev[1].length);
        System.arraycopy(next[1], 0, weights, prev[1].length, next[1].length);
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(values[a], values[b]));
        float[][] merged = new float[2][n];
        for (int i = 0; i < n; i++) {
            merged[0][i] = values[order[i]];
            merged[1][i] = weights[order[i]];
        }
        return compress(merged, epsilon);
    }

    /** The summary interpolated at the cumulative-weight fractions {@code epsilon, 2 epsilon, ..., 1}. */
    static float[][] compress(float[][] summary, double epsilon) {
        int n = summary[0].length;
        if (n * epsilon < 1) {
            return summary;
        }
        int len = (int) Math.ceil(1.0 / epsilon);
        double[] percents = new double[len];
        for (int i = 0; i < len; i++) {
            percents[i] = epsilon + i * epsilon;
        }
        float[] cum = new float[n];
        float acc = 0;
        for (int i = 0; i < n; i++) {
            acc += summary[1][i];
            cum[i] = acc;
        }
        double[] xp = new double[n];
        double[] values = new double[n];
        double[] cumD = new double[n];
        for (int i = 0; i < n; i++) {
            xp[i] = cum[i] / cum[n - 1];
            values[i] = summary[0][i];
            cumD[i] = cum[i];
        }
        double[] bins = interp(percents, xp, values);
        double[] cw = interp(percents, xp, cumD);
        float[][] out = new float[2][len];
        for (int i = 0; i < len; i++) {
            out[0][i] = (float) bins[i];
            out[1][i] = (float) (cw[i] - (i == 0 ? 0 : cw[i - 1]));
        }
        return out;
    }

    /** NumPy's {@code np.interp} (numpy/core/src/multiarray/compiled_base.c, {@code arr_interp}). */
    static double[] interp(double[] x, double[] xp, double[] fp) {
        int n = xp.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (Double.isNaN(v)) {
                out[i] = v;
                continue;
            }
            if (n == 1) {
                out[i] = fp[0];
                continue;
            }
            if (v < xp[0]) {
                out[i] = fp[0];
                continue;
            }
            if (v > xp[n - 1]) {
                out[i] = fp[n - 1];
                continue;
            }
            int lo = 0;
            int hi = n;
            while (lo < hi) {   // the last j with xp[j] <= v
                int mid = (lo + hi) >>> 1;
                if (v >= xp[mid]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int j = lo - 1;
            if (j == n - 1 || xp[j] == v) {
                out[i] = fp[j];
            } else {
                double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
                double r = slope * (v - xp[j]) + fp[j];
                if (Double.isNaN(r)) {
                    r = slope * (v - xp[j + 1]) + fp[j + 1];
                    if (Double.isNaN(r) && fp[j] == fp[j + 1]) {
                        r = fp[j];
                    }
                }
                out[i] = r;
            }
        }
        return out;
    }

    /**
     * The bin boundaries, as given or learned (float32 values for learned ones, as Keras's); null before
     * {@code adapt} for a layer with {@code numBins}.
     *
     * <pre>{@code
     * new Discretization(0, 1).binBoundaries();   // [0.0, 1.0]
     * }</pre>
     *
     * @return a copy, or null
     */
    public double[] binBoundaries() {
        return boundaries == null ? null : boundaries.clone();
    }

    /**
     * The output mode.
     *
     * <pre>{@code
     * new Discretization(0).outputMode();   // "int"
     * }</pre>
     *
     * @return {@code "int"}, {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}
     */
    public String outputMode() {
        return outputMode;
    }
}
