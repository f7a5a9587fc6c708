package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.data.Batch;
import io.gradtape.data.Dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * Shifts and scales features to mean 0 and variance 1 with statistics learned before training (Keras's
 * {@code Normalization}, keras/src/layers/preprocessing/normalization.py). With the mean {@code m} and the variance
 * {@code v} of each position of the kept axes ({@link Builder#axis}, the last axis by default):
 * <pre>
 *   y = (x - m) / max(sqrt(v), 1e-7)          (invert: y = m + x * max(sqrt(v), 1e-7))
 * </pre>
 * where {@code 1e-7} is Keras's {@code backend.epsilon()}: a feature of variance 0 is shifted, not divided by zero.
 * These are ordinary recorded ops, so a tape differentiates the output with respect to the input.
 *
 * <p><b>Statistics.</b> Either given to the builder ({@link Builder#meanAndVariance}: constants, the layer then has
 * no variables, as in Keras) or learned by {@link #adapt(Tensor)} or {@link #adapt(Dataset)} before training: the
 * mean and the population variance ({@code ddof = 0}) over every axis but the kept ones. The layer builds at its
 * first {@code adapt} or call, from that input's rank and the sizes of its kept axes, and then has Keras's three
 * non-trainable variables, which checkpoints save: {@code mean} (zeros), {@code variance} (ones), both of the kept
 * axes' shape, and {@code count}, an int64 scalar that Keras 3 keeps for older saved models and never updates (it
 * stays 0 here too). Later {@code adapt} data must have the same rank and kept sizes; a call's input may also have
 * more leading axes (adapted on {@code (examples, features)}, it normalizes {@code (batch, steps, features)}), over
 * which the statistics broadcast as in Keras.
 *
 * <p><b>Dtype.</b> The layer takes the floating dtype of the data it is built from (float32 for integer data); an
 * integer input is cast to it, as Keras converts inputs to its compute dtype, and a floating input of another dtype
 * is an error.
 *
 * <pre>{@code
 * Normalization norm = new Normalization();
 * norm.adapt(Tensors.constant(new float[] {0, 7, 2, 9}, 2, 2));   // mean (1, 8), variance (1, 1)
 * norm.call(Tensors.constant(new float[] {0, 7}, 1, 2));           // [[-1, -1]]
 * }</pre>
 */
public class Normalization extends Module {
    /** Keras's {@code backend.epsilon()}: the floor of the standard deviation. */
    static final double EPSILON = 1e-7;
    private final int[] axis;
    private final boolean invert;
    /** The statistics given to the builder, or null to adapt. */
    private final Tensor inputMean;
    private final Tensor inputVariance;

    // set when built
    private DType dtype;
    private int[] buildShape;
    private int[] keep;
    private int[] reduce;
    private int[] broadcastShape;
    private Variable adaptMean;
    private Variable adaptVariance;
    /** The given statistics, broadcast to {@link #broadcastShape} and cast to {@link #dtype}. */
    private Tensor constMean;
    private Tensor constVariance;

    /**
     * A layer for the last axis, to {@link #adapt} (Keras's defaults: {@code axis=-1}, no mean and variance, not
     * inverted).
     *
     * <pre>{@code
     * Normalization norm = new Normalization();
     * }</pre>
     */
    public Normalization() {
        this(builder());
    }

    private Normalization(Builder b) {
        super(b.name);
        this.axis = b.axis.clone();
        this.invert = b.invert;
        this.inputMean = b.mean;
        this.inputVariance = b.variance;
    }

    /**
     * A builder for the options: axis, given statistics, invert, name.
     *
     * <pre>{@code
     * Normalization norm = Normalization.builder().axis().meanAndVariance(3, 2).build();   // one mean for all
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of a {@link Normalization} layer.
     *
     * <pre>{@code
     * Normalization.Builder b = Normalization.builder().axis(1, 2).invert(true).name("denorm");
     * }</pre>
     */
    public static final class Builder {
        private int[] axis = {-1};
        private Tensor mean;
        private Tensor variance;
        private boolean invert;
        private String name;

        private Builder() {
        }

        /**
         * The axes that keep a mean and variance per position (Keras's {@code axis}); negative counts from the end.
         * No axes is Keras's {@code axis=None}: one mean and variance over all elements. Default {@code -1}.
         *
         * <pre>{@code
         * Normalization.builder().axis(-1);   // per feature of (batch, features)
         * Normalization.builder().axis();     // one scalar mean and variance
         * }</pre>
         *
         * @param axis the kept axes, distinct
         * @return this builder
         * @throws IllegalArgumentException if an axis repeats
         */
        public Builder axis(int... axis) {
            Objects.requireNonNull(axis, "Normalization: axis is null");
            for (int i = 0; i < axis.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (axis[i] == axis[j]) {
                        throw new IllegalArgumentException("Normalization: axis " + axis[i] + " repeats in "
                                + Arrays.toString(axis));
                    }
                }
            }
            this.axis = axis.clone();
            return this;
        }

        /**
         * A scalar mean and variance for every position (Keras's {@code mean=m, variance=v} as numbers).
         *
         * <pre>{@code
         * Normalization.builder().meanAndVariance(3, 2);   // (x - 3) / sqrt(2)
         * }</pre>
         *
         * @param mean     the mean
         * @param variance the variance
         * @return this builder
         */
        public Builder meanAndVariance(double mean, double variance) {
            return meanAndVariance(Tensors.constant(mean), Tensors.constant(variance));
        }

        /**
         * The mean and variance as tensors of one shape, of rank at most the number of kept axes, broadcast to them
         * as Keras does: a scalar to every position, otherwise the tensor's axes aligned with the last kept axes.
         * The layer has no variables then, and {@link #adapt} is an error.
         *
         * <pre>{@code
         * Normalization.builder().meanAndVariance(Tensors.constant(new double[] {1, 2}, 2),
         *         Tensors.constant(new double[] {4, 9}, 2));
         * }</pre>
         *
         * @param mean     the mean, numeric
         * @param variance the variance, numeric, of the mean's shape
         * @return this builder
         * @throws IllegalArgumentException if the shapes differ or a dtype is not numeric
         */
        public Builder meanAndVariance(Tensor mean, Tensor variance) {
            Objects.requireNonNull(mean, "Normalization: mean is null");
            Objects.requireNonNull(variance, "Normalization: variance is null");
            if (!mean.shape().equals(variance.shape())) {
                throw new IllegalArgumentException("Normalization: mean and variance must have the same shape, got "
                        + mean.shape() + " and " + variance.shape());
            }
            if (mean.dtype() == DType.BOOL || variance.dtype() == DType.BOOL) {
                throw new IllegalArgumentException("Normalization: mean and variance must be numeric, got dtypes "
                        + mean.dtype() + " and " + variance.dtype());
            }
            this.mean = shaped(mean.toDoubleArray(), mean.shape().dims());
            this.variance = shaped(variance.toDoubleArray(), variance.shape().dims());
            return this;
        }

        /**
         * Whether the layer undoes a normalization, {@code y = m + x * max(sqrt(v), 1e-7)} (Keras's
         * {@code invert}). Default false.
         *
         * <pre>{@code
         * Normalization.builder().invert(true);
         * }</pre>
         *
         * @param invert whether to invert
         * @return this builder
         */
        public Builder invert(boolean invert) {
            this.invert = invert;
            return this;
        }

        /**
         * The layer's name; null (the default) for {@code normalization}.
         *
         * <pre>{@code
         * Normalization.builder().name("features");
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
         * Normalization norm = Normalization.builder().axis(-1).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the given mean has more axes than there are kept axes
         */
        public Normalization build() {
            if (mean != null && mean.rank() > axis.length) {
                throw new IllegalArgumentException("Normalization: the mean's rank must be at most the number of axes ("
                        + axis.length + "), got mean shape " + mean.shape() + " for axis " + Arrays.toString(axis));
            }
            return new Normalization(this);
        }
    }

    /** The layout of a build: kept and reduced axes and the statistics' broadcast shape, computed before any change. */
    private static final class Layout {
        int[] keep;
        int[] reduce;
        int[] broadcastShape;
        int[] statShape;
    }

    private Layout layout(int[] dims) {
        int ndim = dims.length;
        for (int a : axis) {
            if (a < -ndim || a >= ndim) {
                throw new IllegalArgumentException(name() + ": Normalization axis " + Arrays.toString(axis)
                        + " is out of range for an input of shape " + Shape.of(dims) + " (rank " + ndim + ")");
            }
        }
        Layout l = new Layout();
        l.keep = Arrays.stream(axis).map(a -> a < 0 ? a + ndim : a).sorted().toArray();
        l.reduce = java.util.stream.IntStream.range(0, ndim).filter(d -> Arrays.binarySearch(l.keep, d) < 0).toArray();
        l.broadcastShape = new int[ndim];
        Arrays.fill(l.broadcastShape, 1);
        l.statShape = new int[l.keep.length];
        for (int i = 0; i < l.keep.length; i++) {
            l.broadcastShape[l.keep[i]] = dims[l.keep[i]];
            l.statShape[i] = dims[l.keep[i]];
        }
        return l;
    }

    /** Builds for inputs like {@code dims} in {@code dtype}; every check comes before the first change. */
    private void build(int[] dims, DType dtype, double[] mean, double[] variance) {
        Layout l = layout(dims);
        Tensor cm = null;
        Tensor cv = null;
        if (inputMean != null) {
            cm = broadcastGiven(inputMean, "mean", l, dims, dtype);
            cv = broadcastGiven(inputVariance, "variance", l, dims, dtype);
        }
        this.dtype = dtype;
        this.buildShape = dims.clone();
        this.keep = l.keep;
        this.reduce = l.reduce;
        this.broadcastShape = l.broadcastShape;
        if (inputMean != null) {
            constMean = cm;
            constVariance = cv;
        } else {
            Tensor m0 = mean != null ? Tensors.cast(shaped(mean, l.statShape), dtype) : Tensors.zeros(dtype, l.statShape);
            Tensor v0 = variance != null ? Tensors.cast(shaped(variance, l.statShape), dtype) : Tensors.ones(dtype, l.statShape);
            adaptMean = addVariable("mean", m0, false);
            adaptVariance = addVariable("variance", v0, false);
            addVariable("count", Tensors.constant(0L), false);
        }
    }

    /** Keras's build with a given mean: a scalar broadcast everywhere, else aligned right to left with the kept axes. */
    private Tensor broadcastGiven(Tensor t, String what, Layout l, int[] dims, DType dtype) {
        int[] expanded = new int[dims.length];
        Arrays.fill(expanded, 1);
        int r = t.rank();
        for (int i = 1; i <= r; i++) {
            expanded[l.keep[l.keep.length - i]] = t.shape().dim(r - i);
        }
        for (int d = 0; d < dims.length; d++) {
            if (expanded[d] != 1 && expanded[d] != l.broadcastShape[d]) {
                throw new IllegalArgumentException(name() + ": the given " + what + " of shape " + t.shape()
                        + " does not broadcast to the kept axes " + Arrays.toString(l.keep) + " of the input of shape "
                        + Shape.of(dims) + " (statistics shape " + Shape.of(l.statShape) + ")");
            }
        }
        return Tensors.cast(Tensors.broadcastTo(Tensors.reshape(t, expanded), l.broadcastShape), dtype);
    }

    @Override
    boolean unbuilt() {
        return dtype == null;
    }

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask. */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * The normalized (or, inverted, the restored) input: {@code (x - m) / max(sqrt(v), 1e-7)}, recorded on tapes.
     * Builds the layer at its first call if it was neither adapted nor called before; an unadapted layer built so
     * normalizes with mean 0 and variance 1 (Keras's initial values).
     *
     * <pre>{@code
     * Normalization norm = Normalization.builder().meanAndVariance(3, 2).build();
     * norm.call(Tensors.constant(new float[] {1, 2, 3}, 3, 1));   // [[-1.4142135], [-0.70710677], [0]]
     * }</pre>
     *
     * @param x the input, numeric (an integer input is cast to the layer's dtype)
     * @return a tensor of the input's shape in the layer's dtype
     * @throws IllegalArgumentException if the input is BOOL, floating of another dtype than the layer's, of lower
     *                                  rank or another size along a kept axis (counted from the end) than the layer
     *                                  was built for, or (at the first call) too low in rank for the axes
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        DType want = inputDType(x.dtype(), "input", x.shape());
        if (dtype == null) {
            build(x.shape().dims(), want, null, null);
        } else {
            checkCallShape(x.shape());
        }
        Tensor in = x.dtype() == dtype ? x : Tensors.cast(x, dtype);
        Tensor mean = inputMean != null ? constMean : Tensors.reshape(adaptMean, broadcastShape);
        Tensor variance = inputMean != null ? constVariance : Tensors.reshape(adaptVariance, broadcastShape);
        Tensor std = Tensors.maximum(Tensors.sqrt(variance), Tensors.cast(Tensors.constant(EPSILON), dtype));
        return invert ? mean.add(in.mul(std)) : in.sub(mean).div(std);
    }

    /** The floating dtype for data of dtype {@code d}: the layer's once built, else d's if floating, else float32. */
    private DType inputDType(DType d, String what, Shape shape) {
        if (d == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": Normalization needs a numeric " + what + ", got shape "
                    + shape + " and dtype bool");
        }
        if (dtype != null) {
            if (d.isFloating() && d != dtype) {
                throw new IllegalArgumentException(name() + ": the " + what + " has shape " + shape + " and dtype " + d
                        + " but the layer was built for dtype " + dtype);
            }
            return dtype;
        }
        return d.isFloating() ? d : DType.FLOAT32;
    }

    private void checkShape(Shape s, String what) {
        boolean ok = s.rank() == buildShape.length;
        for (int i = 0; ok && i < keep.length; i++) {
            ok = s.dim(keep[i]) == buildShape[keep[i]];
        }
        if (!ok) {
            throw new IllegalArgumentException(name() + ": the " + what + " has shape " + s + " but the layer was built"
                    + " for inputs of shape " + expectedShape() + " (axis " + Arrays.toString(axis) + ")");
        }
    }

    /**
     * A call's input may have more leading axes than the build's (the statistics broadcast over them, as NumPy's
     * rules broadcast Keras's {@code (1, ..., n)} mean), but its trailing axes must match on the kept ones.
     */
    private void checkCallShape(Shape s) {
        int extra = s.rank() - buildShape.length;
        boolean ok = extra >= 0;
        for (int i = 0; ok && i < keep.length; i++) {
            ok = s.dim(keep[i] + extra) == buildShape[keep[i]];
        }
        if (!ok) {
            throw new IllegalArgumentException(name() + ": the input has shape " + s + " but the layer was built"
                    + " for inputs of shape " + expectedShape() + " (axis " + Arrays.toString(axis) + "; more leading"
                    + " axes are allowed)");
        }
    }

    /** The built shape with the reduced axes shown as None. */
    private String expectedShape() {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < buildShape.length; d++) {
            sb.append(d > 0 ? ", " : "").append(Arrays.binarySearch(keep, d) >= 0 ? String.valueOf(buildShape[d]) : "None");
        }
        return sb.append(buildShape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Learns the mean and the population variance of {@code data} over every axis but the kept ones (Keras's
     * {@code adapt} of an array: {@code np.mean} and {@code np.var}), computed in float64 and stored in the
     * {@code mean} and {@code variance} variables. Builds the layer from the data's shape if it is not built. A
     * second {@code adapt} replaces the statistics. A failed call changes nothing.
     *
     * <pre>{@code
     * Normalization norm = Normalization.builder().axis().build();
     * norm.adapt(Tensors.constant(new float[] {1, 2, 3, 4, 5}, 5));   // mean 3, variance 2
     * norm.call(Tensors.constant(new float[] {1, 2, 3}, 3));          // [-1.4142135, -0.70710677, 0]
     * }</pre>
     *
     * @param data the data, numeric, all of it at once
     * @throws IllegalStateException    if the mean and variance were given to the builder
     * @throws IllegalArgumentException if the data is BOOL, has no element to average over, is floating of another
     *                                  dtype than the layer's, or has another rank or kept size than the layer was
     *                                  built for
     */
    public void adapt(Tensor data) {
        Objects.requireNonNull(data, () -> name() + ": adapt data is null");
        checkAdaptable();
        DType want = inputDType(data.dtype(), "adapt data", data.shape());
        int[] dims = data.shape().dims();
        Layout l = dtype == null ? layout(dims) : null;
        if (dtype != null) {
            checkShape(data.shape(), "adapt data");
        }
        int[] red = l != null ? l.reduce : reduce;
        Moments mo = Moments.of(data.toDoubleArray(), dims, red);
        if (mo.count == 0) {
            throw new IllegalArgumentException(name() + ": adapt needs data with at least one element per statistic,"
                    + " got shape " + data.shape());
        }
        store(dims, want, mo.mean, mo.variance);
    }

    /**
     * Learns the mean and the population variance of the first component ({@link Batch#x()}) of a batched dataset,
     * batch by batch, as Keras's {@code adapt} of a {@code tf.data.Dataset}: each batch's mean and variance merged
     * into the running ones by its share of the count (the lack-of-fit sum of squares), in float64. As in Keras, a
     * dataset whose elements are of rank 1 is taken to be unbatched: each element is one example. The first batch
     * builds the layer if it is not built; every batch must have its rank and kept sizes. Empty batches count for
     * nothing. A failed call (the dataset throws, a batch has another shape) changes nothing.
     *
     * <pre>{@code
     * Normalization norm = new Normalization();
     * Tensor x = Tensors.constant(new float[] {0, 7, 2, 9, 0, 7, 2, 9}, 4, 2);
     * norm.adapt(Dataset.fromTensorSlices(x).batch(3));   // mean (1, 8), variance (1, 1)
     * }</pre>
     *
     * @param data a finite dataset
     * @throws IllegalStateException    if the mean and variance were given to the builder
     * @throws IllegalArgumentException if the dataset is infinite or has no example, or a batch is BOOL, floating of
     *                                  another dtype than the first, or of another rank or kept size
     */
    public void adapt(Dataset data) {
        Objects.requireNonNull(data, () -> name() + ": adapt data is null");
        checkAdaptable();
        if (data.cardinality() == Dataset.INFINITE) {
            throw new IllegalArgumentException(name() + ": adapt needs a finite dataset, got an infinite one: " + data);
        }
        DType want = null;
        int[] dims = null;
        int[] red = null;
        Shape expected = null;
        double[] mean = null;
        double[] variance = null;
        long total = 0;
        boolean unbatched = false;
        try (Dataset.ElementIterator it = data.iterator()) {
            while (it.hasNext()) {
                Tensor x = it.next().x();
                if (dims == null) {
                    unbatched = x.rank() == 1;
                }
                if (unbatched && x.rank() == 1) {
                    x = Tensors.reshape(x, 1, x.shape().dim(0));
                }
                if (dims == null) {
                    want = inputDType(x.dtype(), "adapt data", x.shape());
                    dims = x.shape().dims();
                    if (dtype == null) {
                        red = layout(dims).reduce;
                    } else {
                        checkShape(x.shape(), "adapt data");
                        red = reduce;
                    }
                    expected = x.shape();
                } else {
                    if (x.dtype() == DType.BOOL || x.dtype().isFloating() && x.dtype() != want) {
                        throw new IllegalArgumentException(name() + ": adapt batch has shape " + x.shape() + " and dtype "
                                + x.dtype() + " but the first batch had dtype " + want);
                    }
                    boolean ok = x.rank() == dims.length;
                    for (int d = 0; ok && d < dims.length; d++) {
                        ok = Arrays.binarySearch(red, d) >= 0 || x.shape().dim(d) == dims[d];
                    }
                    if (!ok) {
                        throw new IllegalArgumentException(name() + ": adapt batch has shape " + x.shape()
                                + ", incompatible with the first batch's " + expected + " on the kept axes (axis "
                                + Arrays.toString(axis) + ")");
                    }
                }
                Moments mo = Moments.of(x.toDoubleArray(), x.shape().dims(), red);
                if (mo.count == 0) {
                    continue;
                }
                if (mean == null) {
                    mean = new double[mo.mean.length];
                    variance = new double[mo.mean.length];
                }
                // Keras's running merge: weights by count, the variance by the lack-of-fit sum of squares
                total += mo.count;
                double w = (double) mo.count / total;
                double keepW = 1.0 - w;
                for (int i = 0; i < mean.length; i++) {
                    double newMean = mean[i] * keepW + mo.mean[i] * w;
                    double dOld = mean[i] - newMean;
                    double dNew = mo.mean[i] - newMean;
                    variance[i] = (variance[i] + dOld * dOld) * keepW + (mo.variance[i] + dNew * dNew) * w;
                    mean[i] = newMean;
                }
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException(name() + ": adapt needs at least one example, got an empty dataset: " + data);
        }
        store(dims, want, mean, variance);
    }

    private void checkAdaptable() {
        if (inputMean != null) {
            throw new IllegalStateException(name() + ": the mean and variance were given to the builder; adapt would"
                    + " replace them (build a layer without them to adapt)");
        }
    }

    private void store(int[] dims, DType want, double[] mean, double[] variance) {
        if (dtype == null) {
            build(dims, want, mean, variance);
        } else {
            int[] shape = adaptMean.shape().dims();
            adaptMean.assign(Tensors.cast(shaped(mean, shape), dtype));
            adaptVariance.assign(Tensors.cast(shaped(variance, shape), dtype));
        }
    }

    /** {@code v} as a tensor of {@code shape}, a scalar for no dimensions. */
    private static Tensor shaped(double[] v, int[] shape) {
        return Tensors.reshape(Tensors.constant(v, v.length), shape);
    }

    /** Mean and population variance over the reduced axes, per position of the kept axes (row-major), in float64. */
    static final class Moments {
        double[] mean;
        double[] variance;
        long count;

        static Moments of(double[] v, int[] dims, int[] reduce) {
            int n = dims.length;
            int[] strides = new int[n];
            int keptSize = 1;
            long count = 1;
            int[] keptStride = new int[n];
            for (int d = n - 1, s = 1; d >= 0; d--) {
                strides[d] = s;
                s *= dims[d];
            }
            for (int d = n - 1; d >= 0; d--) {
                if (Arrays.binarySearch(reduce, d) >= 0) {
                    count *= dims[d];
                } else {
                    keptStride[d] = keptSize;
                    keptSize *= dims[d];
                }
            }
            // keptStride was filled from the last axis: an axis's stride is the product of the kept sizes after it
            Moments m = new Moments();
            m.count = v.length == 0 ? 0 : count;
            m.mean = new double[keptSize];
            m.variance = new double[keptSize];
            int[] slot = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                int k = 0;
                for (int d = 0; d < n; d++) {
                    if (Arrays.binarySearch(reduce, d) < 0) {
                        k += (i / strides[d] % dims[d]) * keptStride[d];
                    }
                }
                slot[i] = k;
                m.mean[k] += v[i];
            }
            if (m.count == 0) {
                return m;
            }
            for (int k = 0; k < keptSize; k++) {
                m.mean[k] /= count;
            }
            for (int i = 0; i < v.length; i++) {
                double d = v[i] - m.mean[slot[i]];
                m.variance[slot[i]] += d * d;
            }
            for (int k = 0; k < keptSize; k++) {
                m.variance[k] /= count;
            }
            return m;
        }
    }

    /**
     * The kept axes as given (Keras's {@code axis}); empty for one scalar mean and variance.
     *
     * <pre>{@code
     * new Normalization().axis();   // [-1]
     * }</pre>
     *
     * @return a copy
     */
    public int[] axis() {
        return axis.clone();
    }

    /**
     * Whether the layer undoes a normalization.
     *
     * <pre>{@code
     * new Normalization().invert();   // false
     * }</pre>
     *
     * @return the option
     */
    public boolean invert() {
        return invert;
    }

    /**
     * The mean the layer uses, of the kept axes' shape: the adapted (or initial zero) {@code mean} variable's value,
     * or the given mean broadcast to the kept axes; null before the layer is built.
     *
     * <pre>{@code
     * Normalization norm = new Normalization();
     * norm.adapt(Tensors.constant(new float[] {0, 7, 2, 9}, 2, 2));
     * norm.mean();   // [1, 8]
     * }</pre>
     *
     * @return the mean, or null
     */
    public Tensor mean() {
        return stat(adaptMean, constMean);
    }

    /**
     * The variance the layer uses, as {@link #mean()}.
     *
     * <pre>{@code
     * Normalization norm = new Normalization();
     * norm.adapt(Tensors.constant(new float[] {0, 7, 2, 9}, 2, 2));
     * norm.variance();   // [1, 1]
     * }</pre>
     *
     * @return the variance, or null
     */
    public Tensor variance() {
        return stat(adaptVariance, constVariance);
    }

    private Tensor stat(Variable adapted, Tensor given) {
        if (dtype == null) {
            return null;
        }
        if (adapted != null) {
            return adapted.value();
        }
        int[] shape = Arrays.stream(keep).map(d -> buildShape[d]).toArray();
        return Tensors.reshape(given, shape);
    }
}
