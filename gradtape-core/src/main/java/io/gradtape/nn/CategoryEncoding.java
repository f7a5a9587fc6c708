package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Encodes integer ids in {@code [0, numTokens)} as dense float32 vectors (Keras's {@code CategoryEncoding},
 * keras/src/layers/preprocessing/category_encoding.py), in one of three output modes:
 * <ul>
 *   <li>{@code "multi_hot"} (the default): 1 for each id present in a sample, the last axis being the sample:
 *       {@code (batch, ids)} gives {@code (batch, numTokens)}, a rank-1 input is one sample, {@code (numTokens,)};
 *       inputs of rank at most 2 (on rank 3 Keras 3's {@code call} reduces axis 1 while its
 *       {@code compute_output_shape} drops the last axis, so a higher rank is refused);</li>
 *   <li>{@code "count"}: how many times each id occurs in the sample (or the sum of the {@code countWeights} of its
 *       occurrences, {@link #call(Tensor, Tensor)}); inputs of rank at most 2, as {@code "multi_hot"};</li>
 *   <li>{@code "one_hot"}: each id its own vector: an axis of {@code numTokens} is appended, or replaces a last axis
 *       of size 1, so {@code (batch,)} and {@code (batch, 1)} both give {@code (batch, numTokens)}.</li>
 * </ul>
 * A scalar input is taken as one sample of one id. An id outside {@code [0, numTokens)} is an error, as Keras
 * documents. Not differentiable (ids are integers); no variables.
 *
 * <pre>{@code
 * CategoryEncoding enc = new CategoryEncoding(4, "multi_hot");
 * enc.call(Tensors.constant(new int[][] {{0, 1}, {0, 0}, {1, 2}, {3, 1}}));
 * // [[1, 1, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0], [0, 1, 0, 1]]
 * }</pre>
 */
public class CategoryEncoding extends Module {
    private final int numTokens;
    private final String outputMode;

    /**
     * A {@code "multi_hot"} encoding of {@code numTokens} ids (Keras's default output mode).
     *
     * <pre>{@code
     * CategoryEncoding enc = new CategoryEncoding(10);
     * }</pre>
     *
     * @param numTokens the number of ids, positive
     */
    public CategoryEncoding(int numTokens) {
        this(numTokens, "multi_hot", null);
    }

    /**
     * An encoding of {@code numTokens} ids in {@code outputMode}.
     *
     * <pre>{@code
     * CategoryEncoding enc = new CategoryEncoding(4, "one_hot");
     * }</pre>
     *
     * @param numTokens  the number of ids, positive
     * @param outputMode {@code "multi_hot"}, {@code "count"} or {@code "one_hot"}
     */
    public CategoryEncoding(int numTokens, String outputMode) {
        this(numTokens, outputMode, null);
    }

    /**
     * A named encoding.
     *
     * <pre>{@code
     * CategoryEncoding enc = new CategoryEncoding(4, "count", "bag_of_ids");
     * }</pre>
     *
     * @param numTokens  the number of ids, positive
     * @param outputMode {@code "multi_hot"}, {@code "count"} or {@code "one_hot"} ({@code "binary"} is read as
     *                   {@code "multi_hot"}, as Keras does)
     * @param name       the name, or null for {@code category_encoding}
     * @throws IllegalArgumentException if {@code numTokens < 1} or the mode is unknown
     */
    public CategoryEncoding(int numTokens, String outputMode, String name) {
        super(name);
        String mode = "binary".equals(outputMode) ? "multi_hot" : outputMode;
        CategoricalOutput.checkMode("CategoryEncoding", mode, "multi_hot", "count", "one_hot");
        if (numTokens < 1) {
            throw new IllegalArgumentException("CategoryEncoding: numTokens must be >= 1, got " + numTokens);
        }
        this.numTokens = numTokens;
        this.outputMode = mode;
    }

    /**
     * The encoding of the ids.
     *
     * <pre>{@code
     * new CategoryEncoding(4, "one_hot").call(Tensors.constant(new int[] {3, 2, 0, 1}, 4));
     * // [[0, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]
     * }</pre>
     *
     * @param ids int32 or int64 ids in {@code [0, numTokens)}
     * @return float32, of the shape the output mode gives
     * @throws IllegalArgumentException if the ids are not integers, an id is out of range, or the mode is
     *                                  {@code "multi_hot"} or {@code "count"} and the rank is above 2
     */
    @Override
    public Tensor call(Tensor ids) {
        return call(ids, null);
    }

    /**
     * The {@code "count"} encoding with each occurrence counted by its weight (Keras's {@code count_weights}): the
     * entry of an id is the sum of the weights at the positions holding it.
     *
     * <pre>{@code
     * CategoryEncoding enc = new CategoryEncoding(4, "count");
     * enc.call(Tensors.constant(new int[][] {{0, 1}, {0, 0}}),
     *         Tensors.constant(new float[][] {{0.1f, 0.2f}, {0.1f, 0.1f}}));   // [[0.1, 0.2, 0, 0], [0.2, 0, 0, 0]]
     * }</pre>
     *
     * @param ids          int32 or int64 ids in {@code [0, numTokens)}
     * @param countWeights null, or a floating tensor of the ids' shape
     * @return float32
     * @throws IllegalArgumentException as {@link #call(Tensor)}, or if weights are given outside the {@code "count"}
     *                                  mode or are not floating of the ids' shape
     */
    public Tensor call(Tensor ids, Tensor countWeights) {
        Objects.requireNonNull(ids, () -> name() + ": input is null");
        if (!ids.dtype().isInteger()) {
            throw new IllegalArgumentException(name() + ": CategoryEncoding needs int32 or int64 ids, got shape "
                    + ids.shape() + " and dtype " + ids.dtype());
        }
        double[] weights = null;
        if (countWeights != null) {
            if (!outputMode.equals("count")) {
                throw new IllegalArgumentException(name() + ": countWeights are only read in the \"count\" output mode,"
                        + " the layer's is \"" + outputMode + "\"");
            }
            if (!countWeights.dtype().isFloating() || !countWeights.shape().equals(ids.shape())) {
                throw new IllegalArgumentException(name() + ": countWeights must be floating of the ids' shape "
                        + ids.shape() + ", got shape " + countWeights.shape() + " and dtype " + countWeights.dtype());
            }
            weights = countWeights.toDoubleArray();
        }
        long[] v = ids.toLongArray();
        for (long id : v) {
            if (id < 0 || id >= numTokens) {
                throw new IllegalArgumentException(name() + ": CategoryEncoding needs ids in [0, numTokens) = [0, "
                        + numTokens + "), got " + id + " in the input of shape " + ids.shape() + " and dtype " + ids.dtype());
            }
        }
        return CategoricalOutput.encode(name(), outputMode, v, ids.shape().dims(), numTokens, weights, null);
    }

    /**
     * The number of ids.
     *
     * <pre>{@code
     * new CategoryEncoding(10).numTokens();   // 10
     * }</pre>
     *
     * @return {@code numTokens}
     */
    public int numTokens() {
        return numTokens;
    }

    /**
     * The output mode.
     *
     * <pre>{@code
     * new CategoryEncoding(10).outputMode();   // "multi_hot"
     * }</pre>
     *
     * @return {@code "multi_hot"}, {@code "count"} or {@code "one_hot"}
     */
    public String outputMode() {
        return outputMode;
    }
}
