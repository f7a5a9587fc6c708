package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;

/**
 * The encodings of integer ids that {@link CategoryEncoding}, {@link Discretization} and the lookup layers share
 * (Keras's {@code numerical_utils.encode_categorical_inputs} and its TensorFlow fast path
 * {@code tf_utils.tf_encode_categorical_inputs}): {@code one_hot}, {@code multi_hot}, {@code count} and
 * {@code tf_idf}. An id outside {@code [0, depth)} contributes nothing (as {@code tf.one_hot} and
 * {@code tf.math.bincount} with {@code maxlength = depth}); the lookup layers use {@link #DROP} for their mask token.
 */
final class CategoricalOutput {
    /** Keras's mask value outside the {@code int} mode (the int64 maximum): left out of every encoding. */
    static final long DROP = Long.MAX_VALUE;

    private CategoricalOutput() {
    }

    /** Whether {@code mode} is one of {@code allowed}; otherwise an IllegalArgumentException naming the layer. */
    static String checkMode(String layer, String mode, String... allowed) {
        for (String a : allowed) {
            if (a.equals(mode)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(layer + ": outputMode must be one of " + Arrays.toString(allowed)
                + ", got " + (mode == null ? "null" : "\"" + mode + "\""));
    }

    /**
     * The encoding of {@code ids} (row-major, of shape {@code shape}) in {@code mode} with {@code depth} classes, as
     * float32. {@code one_hot}: a scalar is taken as {@code (1,)}, a last axis of size 1 (rank above 1) is replaced,
     * otherwise an axis of {@code depth} is appended ({@link Tensors#oneHot(Tensor, int)} of the ids, any rank).
     * {@code multi_hot}: 1 where an id occurs in a sample, the last axis, which becomes {@code depth} (a scalar or a
     * rank-1 input is one sample: {@code (depth,)}). {@code count} and {@code tf_idf}: the number of occurrences (or
     * the sum of {@code weights}) in each sample, times {@code idf} for {@code tf_idf}. These three take inputs of
     * rank at most 2 (Keras's bincount fast path, {@code tf_utils.tf_encode_categorical_inputs}); on a higher rank
     * Keras 3's general path ({@code backend.nn.multi_hot} and the {@code count} branch of
     * {@code numerical_utils.encode_categorical_inputs}) reduces axis 1 while the layers'
     * {@code compute_output_shape} drops the last axis, so there is no single Keras answer and they are refused.
     */
    static Tensor encode(String layer, String mode, long[] ids, int[] shape, int depth, double[] weights, double[] idf) {
        int[] s = shape.length == 0 ? new int[] {1} : shape;
        if (mode.equals("one_hot")) {
            int[] in = s.length > 1 && s[s.length - 1] == 1 ? Arrays.copyOf(s, s.length - 1) : s;
            return Tensors.oneHot(Tensors.constant(ids, in), depth);
        }
        if (s.length > 2) {
            throw new IllegalArgumentException(layer + ": outputMode \"" + mode + "\" takes inputs of rank at most 2"
                    + " (one sample per row), got shape " + Shape.of(shape) + "; Keras 3 gives no consistent answer for"
                    + " a higher rank (its call reduces axis 1, its compute_output_shape the last axis)");
        }
        int last = s[s.length - 1];
        int rows = last == 0 ? Arrays.stream(s, 0, s.length - 1).reduce(1, Math::multiplyExact) : ids.length / last;
        int[] out = Arrays.copyOf(s, s.length);
        out[s.length - 1] = depth;
        double[] acc = new double[Math.multiplyExact(rows, depth)];
        for (int i = 0; i < ids.length; i++) {
            long id = ids[i];
            if (id >= 0 && id < depth) {
                int at = (i / last) * depth + (int) id;
                if (mode.equals("multi_hot")) {
                    acc[at] = 1;
                } else {
                    acc[at] += weights == null ? 1 : weights[i];
                }
            }
        }
        if (idf != null) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] *= idf[i % depth];
            }
        }
        return Tensors.cast(Tensors.constant(acc, out), DType.FLOAT32);
    }
}
