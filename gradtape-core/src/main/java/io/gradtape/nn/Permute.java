package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reorders the axes of each example, keeping the batch axis first (Keras's {@code Permute},
 * keras/src/layers/reshaping/permute.py, named {@code permute}): {@code dims} lists the input axes in their output
 * order, counted from 1 (the batch axis is 0 and is left out), so {@code new Permute(2, 1)} swaps the two axes of
 * inputs {@code (batch, a, b)} to give {@code (batch, b, a)}. The input's rank must be {@code dims.length + 1}. Any
 * dtype; the gradient is transposed back. It has no variables, and as in Keras its output has no mask.
 *
 * <pre>{@code
 * new Permute(2, 1).call(Tensors.zeros(DType.FLOAT32, 32, 10, 64));   // shape (32, 64, 10)
 * }</pre>
 */
public class Permute extends Module {
    private final int[] dims;

    /**
     * A layer permuting the example axes as {@code dims}.
     *
     * <pre>{@code
     * Permute p = new Permute(3, 1, 2);   // (batch, h, w, c) to (batch, c, h, w)
     * }</pre>
     *
     * @param dims a permutation of {@code 1 .. dims.length}
     * @throws IllegalArgumentException if it is not one (Keras: "The set of indices in `dims` must be consecutive and
     *                                  start from 1")
     */
    public Permute(int... dims) {
        super(null);
        Objects.requireNonNull(dims, "Permute: dims is null");
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw new IllegalArgumentException("Permute: dims must be a permutation of 1.." + dims.length
                        + " (the batch axis 0 left out), got " + Arrays.toString(dims));
            }
        }
        this.dims = dims.clone();
    }

    /**
     * The input with its example axes permuted.
     *
     * <pre>{@code
     * new Permute(2, 1).call(Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3));   // [[[1, 4], [2, 5], [3, 6]]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input's rank is not {@code dims.length + 1}
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "Permute" + Arrays.toString(dims), x, dims.length + 1,
                "(batch and one axis per entry of dims)");
        int[] perm = new int[dims.length + 1];
        System.arraycopy(dims, 0, perm, 1, dims.length);
        return Tensors.transpose(x, perm);
    }

    /**
     * The permutation, counted from 1.
     *
     * <pre>{@code
     * new Permute(2, 1).dims();   // [2, 1]
     * }</pre>
     *
     * @return a copy
     */
    public int[] dims() {
        return dims.clone();
    }
}
