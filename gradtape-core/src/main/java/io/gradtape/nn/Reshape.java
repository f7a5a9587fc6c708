package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reshapes each example to {@code targetShape}, keeping the batch axis: {@code (batch, ...)} becomes
 * {@code (batch, targetShape...)} (Keras's {@code Reshape}, named {@code reshape}). The elements keep their
 * row-major order. One entry of {@code targetShape} may be -1: it becomes the example's size divided by the
 * product of the others, computed from the shape (not from the batch), so an empty batch {@code (0, 12)} with
 * {@code {-1, 4}} gives {@code (0, 3, 4)}. It has no variables; the gradient is reshaped back.
 *
 * <pre>{@code
 * new Reshape(3, 4).call(Tensors.zeros(DType.FLOAT32, 2, 12));       // shape (2, 3, 4)
 * new Reshape(-1, 2, 2).call(Tensors.zeros(DType.FLOAT32, 2, 12));   // shape (2, 3, 2, 2)
 * }</pre>
 */
public class Reshape extends Module {
    private final int[] targetShape;

    /**
     * A layer reshaping each example to {@code targetShape} (the batch axis left out).
     *
     * <pre>{@code
     * Reshape r = new Reshape(7, 7, 64);
     * }</pre>
     *
     * @param targetShape sizes 0 or more, at most one of them -1
     * @throws IllegalArgumentException if an entry is below -1 or two are -1
     */
    public Reshape(int... targetShape) {
        super(null);
        Objects.requireNonNull(targetShape, "Reshape: targetShape is null");
        int unknown = 0;
        for (int d : targetShape) {
            if (d < -1) {
                throw new IllegalArgumentException("Reshape: targetShape entries must be 0 or more, or -1 (inferred), got "
                        + Arrays.toString(targetShape));
            }
            unknown += d == -1 ? 1 : 0;
        }
        // keras/src/layers/reshaping/reshape.py: more than one -1 is refused at construction
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: targetShape must have at most one -1, got " + Arrays.toString(targetShape));
        }
        this.targetShape = targetShape.clone();
    }

    /**
     * The input with each example reshaped.
     *
     * <pre>{@code
     * new Reshape(2, 2).call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 4));   // [[[1. 2.] [3. 4.]]]
     * }</pre>
     *
     * @throws IllegalArgumentException for a scalar input, or an example whose size the target shape cannot hold
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() == 0) {
            throw new IllegalArgumentException(name() + ": Reshape needs a batch axis, got a scalar");
        }
        // Keras's compute_reshape_output_shape on the example's shape: the product of the non-batch dimensions
        // (no overflow: a shape's non-zero dimensions multiply to at most 2^31 - 1), the -1 from it
        long size = 1;
        for (int i = 1; i < x.rank(); i++) {
            size *= x.shape().dim(i);
        }
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) {
                unknownAt = i;
            } else {
                known *= targetShape[i];
                if (known > Integer.MAX_VALUE) {
                    known = Long.MAX_VALUE;   // more than any example holds; stays unequal and non-dividing
                }
            }
        }
        boolean fits = unknownAt < 0 ? known == size : known != 0 && size % known == 0;
        if (!fits) {
            throw new IllegalArgumentException(name() + ": cannot reshape the input of shape " + x.shape()
                    + " (examples of " + size + " elements) to (batch, " + shapeText(targetShape) + ")"
                    + (unknownAt < 0 ? ": the target holds " + known + " elements"
                    : known == 0 ? ": a 0 beside the -1 leaves the -1 undetermined"
                    : ": the other target sizes' product " + known + " does not divide " + size));
        }
        int[] out = new int[targetShape.length + 1];
        out[0] = x.shape().dim(0);
        for (int i = 0; i < targetShape.length; i++) {
            out[i + 1] = i == unknownAt ? (int) (size / known) : targetShape[i];
        }
        return Tensors.reshape(x, out);
    }

    private static String shapeText(int[] s) {
        String t = Arrays.toString(s);
        return t.substring(1, t.length() - 1);
    }

    /**
     * The target shape of each example, as given (-1 included).
     *
     * <pre>{@code
     * new Reshape(-1, 4).targetShape();   // [-1, 4]
     * }</pre>
     *
     * @return a copy
     */
    public int[] targetShape() {
        return targetShape.clone();
    }
}
