package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Crosses categorical features with the hashing trick (Keras's {@code HashedCrossing},
 * keras/src/layers/preprocessing/hashed_crossing.py): each sample's features, in the order given, are combined into
 * one bin in {@code [0, numBins)}, bit for bit as TensorFlow's {@code tf.sparse.cross_hashed} (the {@code SparseCross}
 * kernel's {@code HashCrosser}, tensorflow/core/kernels/sparse_cross_op.cc):
 * <pre>
 *   h = 0xDECAFCAFFE                          (tf.sparse.cross_hashed's default hash key)
 *   for each feature f, in order:  h = FingerprintCat64(h, v(f))
 *   bin = h mod numBins                       (unsigned)
 * </pre>
 * where {@code v(f)} is FarmHash's {@code Fingerprint64} of a string's UTF-8 bytes, and an integer's own value (as
 * int64: TensorFlow casts integer features to int64 and does not hash them). {@code FingerprintCat64} is
 * TensorFlow's combination of two fingerprints (tensorflow/tsl/platform/fingerprint.h); the order matters.
 *
 * <p><b>Features</b>: at least two, of one shape: scalars ({@code String} or a rank-0 int tensor), a batch
 * {@code (batch,)} ({@code String[]} or a rank-1 int32/int64 tensor) or {@code (batch, 1)} ({@code String[][]} of
 * one column or such a tensor), as Keras allows; strings and integers mix. <b>Outputs</b>: {@code "int"} (the
 * default), int64 bins of the features' shape; {@code "one_hot"}, float32 {@code (batch, numBins)} (a scalar gives
 * {@code (1, numBins)}, as Keras's call). Keras's {@code sparse} output is not offered. Not a {@link Module} (features
 * may be strings); no variables.
 *
 * <pre>{@code
 * HashedCrossing cross = new HashedCrossing(5);
 * cross.call(new String[] {"A", "B", "A", "B", "A"}, Tensors.constant(new long[] {101, 101, 101, 102, 102}, 5));
 * // [1, 4, 1, 1, 3], int64
 * }</pre>
 */
public final class HashedCrossing {
    /** {@code tf.sparse.cross_hashed}'s {@code _DEFAULT_HASH_KEY} (tensorflow/python/ops/sparse_ops.py). */
    static final long DEFAULT_HASH_KEY = 0xDECAFCAFFEL;

    private final int numBins;
    private final String outputMode;
    private final String name;

    /**
     * A crossing into {@code numBins} bins with the {@code "int"} output.
     *
     * <pre>{@code
     * HashedCrossing cross = new HashedCrossing(1000);
     * }</pre>
     *
     * @param numBins the number of bins, positive
     * @throws IllegalArgumentException if {@code numBins < 1}
     */
    public HashedCrossing(int numBins) {
        this(builder(numBins));
    }

    private HashedCrossing(Builder b) {
        this.numBins = b.numBins;
        this.outputMode = b.outputMode;
        this.name = b.name != null ? b.name : "hashed_crossing";
    }

    /**
     * A builder for the options.
     *
     * <pre>{@code
     * HashedCrossing cross = HashedCrossing.builder(5).outputMode("one_hot").build();
     * }</pre>
     *
     * @param numBins the number of bins, positive
     * @return a new builder
     * @throws IllegalArgumentException if {@code numBins < 1}
     */
    public static Builder builder(int numBins) {
        return new Builder(numBins);
    }

    /**
     * The options of a {@link HashedCrossing}.
     *
     * <pre>{@code
     * HashedCrossing.Builder b = HashedCrossing.builder(8).name("city_x_age");
     * }</pre>
     */
    public static final class Builder {
        private final int numBins;
        private String outputMode = "int";
        private String name;

        private Builder(int numBins) {
            if (numBins < 1) {
                throw new IllegalArgumentException("HashedCrossing: numBins must be positive, got " + numBins);
            }
            this.numBins = numBins;
        }

        /**
         * The output: {@code "int"} (default) or {@code "one_hot"}.
         *
         * <pre>{@code
         * HashedCrossing.builder(5).outputMode("one_hot");
         * }</pre>
         *
         * @param outputMode the mode
         * @return this builder
         * @throws IllegalArgumentException for another mode
         */
        public Builder outputMode(String outputMode) {
            this.outputMode = CategoricalOutput.checkMode("HashedCrossing", outputMode, "int", "one_hot");
            return this;
        }

        /**
         * The name in messages; null (the default) for {@code hashed_crossing}.
         *
         * <pre>{@code
         * HashedCrossing.builder(5).name("cross");
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
         * HashedCrossing cross = HashedCrossing.builder(5).build();
         * }</pre>
         *
         * @return a new layer
         */
        public HashedCrossing build() {
            return new HashedCrossing(this);
        }
    }

    /**
     * The crossed bins of two or more features of one shape, each a {@code String} (scalar), {@code String[]}
     * {@code (batch,)}, one-column {@code String[][]} {@code (batch, 1)}, or an int32/int64 tensor of one of those
     * shapes.
     *
     * <pre>{@code
     * HashedCrossing cross = new HashedCrossing(10);
     * cross.call("A", Tensors.constant(101L));   // 1, a scalar
     * }</pre>
     *
     * @param features the features, in order (the cross depends on it)
     * @return int64 of the features' shape for {@code "int"}; float32 {@code (batch, numBins)} for {@code "one_hot"}
     * @throws IllegalArgumentException if there are fewer than two features (a lone {@code String[]} or
     *                                  {@code String[][]} argument is Java's varargs array, not a list of features:
     *                                  pass {@code call(a, b)}), one is of another kind (a float tensor, another
     *                                  object), of another shape than the first, or of a shape other than
     *                                  {@code ()}, {@code (batch,)} or {@code (batch, 1)}, or a string holds a lone
     *                                  UTF-16 surrogate
     */
    public Tensor call(Object... features) {
        Objects.requireNonNull(features, () -> name + ": features is null");
        if (features.getClass() != Object[].class) {
            // one String[] or String[][] argument became the varargs array itself: its elements are not features
            throw new IllegalArgumentException(name + ": HashedCrossing was given a single "
                    + features.getClass().getComponentType().getSimpleName() + "[] as its whole feature list (Java"
                    + " passes a lone array argument as the varargs array); it should be called on at least two inputs,"
                    + " each feature its own argument: call(a, b) or call((Object) a, (Object) b)");
        }
        if (features.length < 2) {
            throw new IllegalArgumentException(name + ": HashedCrossing needs at least two features, got "
                    + features.length);
        }
        long[][] values = new long[features.length][];
        int[] shape = null;
        for (int i = 0; i < features.length; i++) {
            int at = i;
            Object f = Objects.requireNonNull(features[i], () -> name + ": feature " + at + " is null");
            int[] s = shapeOf(f, i);
            if (s.length > 2 || s.length == 2 && s[1] != 1) {
                throw new IllegalArgumentException(name + ": HashedCrossing features must have shape (), (batch,) or"
                        + " (batch, 1), feature " + i + " has shape " + Shape.of(s));
            }
            if (shape == null) {
                shape = s;
            } else if (!Arrays.equals(shape, s)) {
                throw new IllegalArgumentException(name + ": HashedCrossing features must have one shape, feature 0 has"
                        + " shape " + Shape.of(shape) + " and feature " + i + " has " + Shape.of(s));
            }
            values[i] = featureValues(f, i);
        }
        int n = values[0].length;
        long[] ids = new long[n];
        long[] sample = new long[features.length];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < features.length; i++) {
                sample[i] = values[i][b];
            }
            ids[b] = Long.remainderUnsigned(crossHash(DEFAULT_HASH_KEY, sample), numBins);
        }
        if (outputMode.equals("int")) {
            return Hashing.int64(ids, shape);
        }
        return CategoricalOutput.encode(name, "one_hot", ids, shape, numBins, null, null);
    }

    /**
     * The {@code HashCrosser}'s 64-bit cross of one sample's feature values ({@code v(f)} above), before the modulo.
     */
    static long crossHash(long key, long... featureValues) {
        long h = key;
        for (long v : featureValues) {
            h = FarmHash.fingerprintCat64(h, v);
        }
        return h;
    }

    private int[] shapeOf(Object f, int i) {
        if (f instanceof String) {
            return new int[0];
        }
        if (f instanceof String[]) {
            return new int[] {((String[]) f).length};
        }
        if (f instanceof String[][]) {
            String[][] rows = (String[][]) f;
            for (int r = 0; r < rows.length; r++) {
                String[] row = Objects.requireNonNull(rows[r], () -> name + ": a row of feature " + i + " is null");
                if (row.length != 1) {
                    throw new IllegalArgumentException(name + ": HashedCrossing features must have shape (), (batch,) or"
                            + " (batch, 1), row " + r + " of feature " + i + " has " + row.length + " values");
                }
            }
            return new int[] {rows.length, 1};
        }
        if (f instanceof Tensor) {
            Tensor t = (Tensor) f;
            if (t.dtype() != DType.INT32 && t.dtype() != DType.INT64) {
                throw new IllegalArgumentException(name + ": HashedCrossing features must be integers or strings,"
                        + " feature " + i + " has shape " + t.shape() + " and dtype " + t.dtype());
            }
            return t.shape().dims();
        }
        throw new IllegalArgumentException(name + ": HashedCrossing features must be String, String[], String[][] or"
                + " an int32/int64 Tensor, feature " + i + " is a " + f.getClass().getSimpleName());
    }

    /** Each sample's {@code v(f)}: a string's Fingerprint64, an integer's value. */
    private long[] featureValues(Object f, int i) {
        if (f instanceof Tensor) {
            return ((Tensor) f).toLongArray();
        }
        String[] strings = f instanceof String ? new String[] {(String) f}
                : f instanceof String[] ? (String[]) f
                : Arrays.stream((String[][]) f).map(row -> row[0]).toArray(String[]::new);
        long[] out = new long[strings.length];
        for (int b = 0; b < out.length; b++) {
            String s = Objects.requireNonNull(strings[b], () -> name + ": a value of feature " + i + " is null");
            out[b] = FarmHash.fingerprint64(Utf8.encode(s, name, "element " + b + " of feature " + i));
        }
        return out;
    }

    /**
     * The number of bins.
     *
     * <pre>{@code
     * new HashedCrossing(5).numBins();   // 5
     * }</pre>
     *
     * @return the number
     */
    public int numBins() {
        return numBins;
    }

    /**
     * The name used in messages.
     *
     * <pre>{@code
     * new HashedCrossing(5).name();   // "hashed_crossing"
     * }</pre>
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
