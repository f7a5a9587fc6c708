package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Objects;

/**
 * Hashes strings or integers into {@code numBins} bins (Keras's {@code Hashing},
 * keras/src/layers/preprocessing/hashing.py), bit for bit as TensorFlow does:
 * <ul>
 *   <li>without a salt, a value's bin is FarmHash's {@code Fingerprint64} of its UTF-8 bytes modulo the number of
 *       bins, both unsigned ({@code tf.strings.to_hash_bucket_fast});</li>
 *   <li>with a salt {@code (k0, k1)}, SipHash-2-4 keyed by it instead ({@code tf.strings.to_hash_bucket_strong});
 *       a single salt {@code s} is the key {@code (s, s)}, as in Keras;</li>
 *   <li>integers (int32 or int64 tensors) are hashed as their decimal strings ({@code tf.as_string}): 42 and
 *       {@code "42"} share a bin;</li>
 *   <li>with a mask value and {@code numBins > 1}, a value equal to it goes to bin 0 and the others hash into
 *       {@code numBins - 1} bins shifted to {@code [1, numBins)}; with {@code numBins} 1 the mask is ignored (every
 *       value is in bin 0), as in Keras.</li>
 * </ul>
 * gradtape has no string tensors: a {@code String[]} stands for a rank-1 string tensor and a rectangular
 * {@code String[][]} for a rank-2 one.
 *
 * <p><b>Outputs</b> ({@link Builder#outputMode}): {@code "int"} (the default), the bins, int64 of the input's shape;
 * {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}, float32 encodings over {@code numBins} as
 * {@link CategoryEncoding} makes them ({@code one_hot} replaces a last axis of size 1 or appends one; the other two
 * take each row as a sample, inputs of rank at most 2). Keras's {@code sparse} output is not offered. Float inputs,
 * which Keras truncates to int64 before hashing, are refused: cast them first. No variables; not differentiable.
 *
 * <pre>{@code
 * Hashing hashing = new Hashing(3);
 * hashing.call("A", "B", "C", "D", "E");   // [1, 0, 1, 1, 2], int64
 * }</pre>
 */
public class Hashing extends Module {
    private final int numBins;
    /** A String, a Long, or null. */
    private final Object maskValue;
    /** The SipHash key {k0, k1}, or null for FarmHash. */
    private final long[] salt;
    private final String outputMode;

    /**
     * A layer hashing into {@code numBins} bins with FarmHash, no mask, the {@code "int"} output.
     *
     * <pre>{@code
     * Hashing hashing = new Hashing(64);
     * }</pre>
     *
     * @param numBins the number of bins, positive
     * @throws IllegalArgumentException if {@code numBins < 1}
     */
    public Hashing(int numBins) {
        this(builder(numBins));
    }

    private Hashing(Builder b) {
        super(b.name);
        this.numBins = b.numBins;
        this.maskValue = b.maskValue;
        this.salt = b.salt == null ? null : b.salt.clone();
        this.outputMode = b.outputMode;
    }

    /**
     * A builder for the options, Keras's defaults unless set.
     *
     * <pre>{@code
     * Hashing hashing = Hashing.builder(8).maskValue("").salt(133, 137).outputMode("one_hot").build();
     * }</pre>
     *
     * @param numBins the number of bins, the mask's bin 0 included; positive
     * @return a new builder
     * @throws IllegalArgumentException if {@code numBins < 1}
     */
    public static Builder builder(int numBins) {
        return new Builder(numBins);
    }

    /**
     * The options of a {@link Hashing} layer.
     *
     * <pre>{@code
     * Hashing.Builder b = Hashing.builder(3).salt(133);
     * }</pre>
     */
    public static final class Builder {
        private final int numBins;
        private Object maskValue;
        private long[] salt;
        private String outputMode = "int";
        private String name;

        private Builder(int numBins) {
            if (numBins < 1) {
                throw new IllegalArgumentException("Hashing: numBins must be positive, got " + numBins);
            }
            this.numBins = numBins;
        }

        /**
         * A string that means padding (Keras's {@code mask_value}), for string inputs: it goes to bin 0, the other
         * values to {@code [1, numBins)}; null (the default) for none.
         *
         * <pre>{@code
         * Hashing.builder(3).maskValue("");
         * }</pre>
         *
         * @param maskValue the value, or null
         * @return this builder
         */
        public Builder maskValue(String maskValue) {
            this.maskValue = maskValue;
            return this;
        }

        /**
         * An integer that means padding, for int32 and int64 inputs (compared as a number, before hashing).
         *
         * <pre>{@code
         * Hashing.builder(10).maskValue(0L);
         * }</pre>
         *
         * @param maskValue the value
         * @return this builder
         */
        public Builder maskValue(long maskValue) {
            this.maskValue = maskValue;
            return this;
        }

        /**
         * Hashes with SipHash-2-4 keyed by {@code (salt, salt)} (Keras's single-integer {@code salt}).
         *
         * <pre>{@code
         * Hashing.builder(3).salt(133);   // as salt(133, 133)
         * }</pre>
         *
         * @param salt both halves of the key
         * @return this builder
         */
        public Builder salt(long salt) {
            return salt(salt, salt);
        }

        /**
         * Hashes with SipHash-2-4 keyed by {@code (k0, k1)} (Keras's two-integer {@code salt}; TensorFlow reads
         * them as unsigned 64-bit words, so a negative long stands for {@code 2^64 + k}).
         *
         * <pre>{@code
         * Hashing.builder(3).salt(133, 137);
         * }</pre>
         *
         * @param k0 the key's first word
         * @param k1 the key's second word
         * @return this builder
         */
        public Builder salt(long k0, long k1) {
            this.salt = new long[] {k0, k1};
            return this;
        }

        /**
         * The output: {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}.
         *
         * <pre>{@code
         * Hashing.builder(16).outputMode("multi_hot");
         * }</pre>
         *
         * @param outputMode the mode
         * @return this builder
         * @throws IllegalArgumentException for another mode
         */
        public Builder outputMode(String outputMode) {
            this.outputMode = CategoricalOutput.checkMode("Hashing", outputMode, "int", "one_hot", "multi_hot", "count");
            return this;
        }

        /**
         * The layer's name; null (the default) for {@code hashing}.
         *
         * <pre>{@code
         * Hashing.builder(1024).name("user_hash");
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
         * Hashing hashing = Hashing.builder(3).maskValue("").build();
         * }</pre>
         *
         * @return a new layer
         */
        public Hashing build() {
            return new Hashing(this);
        }
    }

    /**
     * The bins of int32 or int64 values (each hashed as its decimal string), or their encoding.
     *
     * <pre>{@code
     * Hashing hashing = Hashing.builder(3).maskValue(0L).build();
     * hashing.call(Tensors.constant(new long[] {0, 7, 0}, 3));   // [0, 1, 0]: the mask, then "7" hashed into [1, 3)
     * }</pre>
     *
     * @param x int32 or int64 values, any shape (rank at most 2 for {@code "multi_hot"} and {@code "count"})
     * @return int64 of the input's shape for {@code "int"}; float32 otherwise
     * @throws IllegalArgumentException if the input is not int32 or int64, the mask value is a string, or an int32
     *                                  input has a mask value outside the int32 range
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (!x.dtype().isInteger()) {
            throw new IllegalArgumentException(name() + ": Hashing takes int32 or int64 tensors (or strings), got shape "
                    + x.shape() + " and dtype " + x.dtype() + (x.dtype().isFloating() ? "; Keras truncates floats to"
                    + " int64 before hashing: cast them with Tensors.cast(x, DType.INT64) first" : ""));
        }
        if (maskValue instanceof String) {
            throw new IllegalArgumentException(name() + ": the mask value \"" + maskValue + "\" is a string but the"
                    + " input is " + x.dtype() + " of shape " + x.shape() + "; give an integer maskValue for integer"
                    + " inputs");
        }
        if (maskValue != null && x.dtype() == DType.INT32 && (Long) maskValue != (int) (long) (Long) maskValue) {
            throw new IllegalArgumentException(name() + ": the mask value " + maskValue + " is outside the int32 range"
                    + " of the input (shape " + x.shape() + "); it can match no value");
        }
        long[] v = x.toLongArray();
        long[] ids = new long[v.length];
        int hashBins = hashBins();
        for (int i = 0; i < v.length; i++) {
            boolean masked = maskValue != null && numBins > 1 && v[i] == (Long) maskValue;
            ids[i] = masked ? 0 : bin(Long.toString(v[i]), hashBins, i);
        }
        return output(ids, x.shape().dims());
    }

    /**
     * The bins of strings, a rank-1 input of {@code n} values: {@code "int"} gives int64 {@code (n,)};
     * {@code "one_hot"} {@code (n, numBins)}; {@code "multi_hot"} and {@code "count"} take them as one sample,
     * {@code (numBins,)}.
     *
     * <pre>{@code
     * Hashing.builder(3).salt(133, 137).build().call("A", "B", "C", "D", "E");   // [1, 2, 1, 0, 2]
     * }</pre>
     *
     * @param values the strings, none null
     * @return the output
     * @throws IllegalArgumentException if the mask value is an integer, or a string holds a lone UTF-16 surrogate
     */
    public Tensor call(String... values) {
        Objects.requireNonNull(values, () -> name() + ": input is null");
        return hashStrings(values, new int[] {values.length});
    }

    /**
     * The bins of a rank-2 input of strings {@code (rows, cols)}: {@code "int"} gives int64 {@code (rows, cols)};
     * {@code "multi_hot"} and {@code "count"} one sample per row, {@code (rows, numBins)}; {@code "one_hot"}
     * {@code (rows, cols, numBins)}, or {@code (rows, numBins)} when {@code cols} is 1.
     *
     * <pre>{@code
     * Hashing.builder(3).maskValue("").build().call(new String[][] {{"A"}, {"B"}, {""}, {"C"}, {"D"}});
     * // [[1], [1], [0], [2], [2]]
     * }</pre>
     *
     * @param values rectangular rows of strings
     * @return the output
     * @throws IllegalArgumentException if the rows differ in length, the mask value is an integer, or a string holds
     *                                  a lone UTF-16 surrogate
     */
    public Tensor call(String[][] values) {
        Objects.requireNonNull(values, () -> name() + ": input is null");
        int cols = values.length == 0 ? 0 : Objects.requireNonNull(values[0], () -> name() + ": an input row is null").length;
        String[] flat = new String[Math.multiplyExact(values.length, cols)];
        for (int r = 0; r < values.length; r++) {
            String[] row = Objects.requireNonNull(values[r], () -> name() + ": an input row is null");
            if (row.length != cols) {
                throw new IllegalArgumentException(name() + ": the input rows must have one length, row 0 has " + cols
                        + " values and row " + r + " has " + row.length);
            }
            System.arraycopy(row, 0, flat, r * cols, cols);
        }
        return hashStrings(flat, new int[] {values.length, cols});
    }

    private Tensor hashStrings(String[] values, int[] shape) {
        if (maskValue instanceof Long) {
            throw new IllegalArgumentException(name() + ": the mask value " + maskValue + " is an integer but the input"
                    + " is strings of shape " + io.gradtape.Shape.of(shape) + "; give a string maskValue for string"
                    + " inputs");
        }
        long[] ids = new long[values.length];
        int hashBins = hashBins();
        for (int i = 0; i < values.length; i++) {
            String s = Objects.requireNonNull(values[i], () -> name() + ": an input value is null");
            boolean masked = maskValue != null && numBins > 1 && maskValue.equals(s);
            ids[i] = masked ? 0 : bin(s, hashBins, i);
        }
        return output(ids, shape);
    }

    /** The bins the hashes go to: one fewer with a mask (bin 0 is its), unless there is only one. */
    private int hashBins() {
        return maskValue != null && numBins > 1 ? numBins - 1 : numBins;
    }

    private long bin(String s, int hashBins, int index) {
        long b = toHashBucket(s, salt, hashBins, name(), index);
        return maskValue != null && numBins > 1 ? b + 1 : b;
    }

    private Tensor output(long[] ids, int[] shape) {
        if (outputMode.equals("int")) {
            return int64(ids, shape);
        }
        return CategoricalOutput.encode(name(), outputMode, ids, shape, numBins, null, null);
    }

    /** An int64 tensor of {@code shape}, a scalar when it is empty ({@code Tensors.constant} reads no dims as a vector). */
    static Tensor int64(long[] values, int[] shape) {
        return shape.length == 0 ? Tensors.constant(values[0]) : Tensors.constant(values, shape);
    }

    /**
     * TensorFlow's {@code tf.strings.to_hash_bucket_fast(s, buckets)} (no salt) or
     * {@code to_hash_bucket_strong(s, buckets, salt)}: the 64-bit hash of the UTF-8 bytes modulo {@code buckets},
     * both unsigned (string_to_hash_bucket_op.h).
     *
     * @throws IllegalArgumentException naming {@code layer} and element {@code index} if {@code s} holds a lone
     *                                  surrogate (no UTF-8 encoding)
     */
    static long toHashBucket(String s, long[] salt, long buckets, String layer, int index) {
        byte[] bytes = Utf8.encode(s, layer, "element " + index);
        long hash = salt == null ? FarmHash.fingerprint64(bytes) : SipHash.hash24(salt[0], salt[1], bytes);
        return Long.remainderUnsigned(hash, buckets);
    }

    /**
     * The number of bins, the mask's included.
     *
     * <pre>{@code
     * new Hashing(3).numBins();   // 3
     * }</pre>
     *
     * @return the number
     */
    public int numBins() {
        return numBins;
    }
}
