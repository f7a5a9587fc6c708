package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one component of a dataset's elements holds, as TensorFlow's {@code tf.TensorSpec}: a dtype and a shape in
 * which a dimension may be unknown (-1, TensorFlow's {@code None}) or the whole rank unknown ({@link #dims()} null),
 * the convention of {@link Dataset#fromGenerator}'s shapes. Immutable; see {@link Dataset#elementSpec()}.
 *
 * <pre>{@code
 * TensorSpec s = new TensorSpec(DType.FLOAT32, new int[] {-1, 2});
 * s.toString();                                            // "TensorSpec(shape=(None, 2), dtype=float32)"
 * s.isCompatibleWith(Tensors.zeros(DType.FLOAT32, 5, 2));  // true
 * }</pre>
 */
public final class TensorSpec {
    private final DType dtype;
    private final int[] dims;

    /**
     * A spec of the given dtype and dims.
     *
     * <pre>{@code
     * new TensorSpec(DType.INT32, new int[] {});       // a scalar
     * new TensorSpec(DType.INT32, new int[] {-1});     // a vector of any length
     * new TensorSpec(DType.INT32, null);               // any shape
     * }</pre>
     *
     * @param dtype the dtype
     * @param dims  the dims, each at least 0 or -1 for any size (copied); or null for any shape
     * @throws NullPointerException     if dtype is null
     * @throws IllegalArgumentException if a dimension is below -1
     */
    public TensorSpec(DType dtype, int[] dims) {
        this.dtype = Objects.requireNonNull(dtype, "TensorSpec: dtype is null");
        if (dims != null) {
            for (int d : dims) {
                if (d < -1) {
                    throw new IllegalArgumentException("TensorSpec: the shape " + Arrays.toString(dims)
                            + " has dimension " + d + "; each must be at least 0, or -1 for any size");
                }
            }
        }
        this.dims = dims == null ? null : dims.clone();
    }

    /**
     * The dtype.
     *
     * <pre>{@code
     * new TensorSpec(DType.INT64, new int[] {3}).dtype();   // INT64
     * }</pre>
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The dims, -1 where a dimension is unknown (varies between elements); null when the rank is unknown.
     *
     * <pre>{@code
     * new TensorSpec(DType.FLOAT32, new int[] {-1, 2}).dims();   // [-1, 2]
     * }</pre>
     *
     * @return a new array, or null
     */
    public int[] dims() {
        return dims == null ? null : dims.clone();
    }

    /**
     * The rank, or -1 when it is unknown.
     *
     * <pre>{@code
     * new TensorSpec(DType.FLOAT32, new int[] {-1, 2}).rank();   // 2
     * }</pre>
     *
     * @return the rank, or -1
     */
    public int rank() {
        return dims == null ? -1 : dims.length;
    }

    /**
     * Whether every dimension is known (TensorFlow's {@code shape.is_fully_defined()}).
     *
     * <pre>{@code
     * new TensorSpec(DType.FLOAT32, new int[] {-1, 2}).isFullyDefined();   // false
     * }</pre>
     *
     * @return true if the rank and every dimension are known
     */
    public boolean isFullyDefined() {
        if (dims == null) {
            return false;
        }
        for (int d : dims) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code t} fits this spec (TensorFlow's {@code TensorSpec.is_compatible_with} for a tensor): the same
     * dtype and, unless the rank is unknown, the same rank with equal dimensions wherever this spec's are known.
     *
     * <pre>{@code
     * new TensorSpec(DType.INT32, new int[] {-1}).isCompatibleWith(Tensors.constant(new int[] {1, 2}, 2));   // true
     * }</pre>
     *
     * @param t a tensor
     * @return whether it fits
     * @throws NullPointerException if t is null
     */
    public boolean isCompatibleWith(Tensor t) {
        Objects.requireNonNull(t, "TensorSpec.isCompatibleWith: t is null");
        if (t.dtype() != dtype) {
            return false;
        }
        if (dims == null) {
            return true;
        }
        int[] s = t.shape().dims();
        if (s.length != dims.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (dims[i] >= 0 && dims[i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shape as TensorFlow prints it: {@code (None, 2)}, {@code (3,)}, {@code ()}, or {@code <unknown>}.
     */
    String shapeString() {
        return dims == null ? "<unknown>" : Pipeline.dimsString(dims);
    }

    /**
     * Equal dtype and dims (an unknown dimension equals only an unknown one, as TensorFlow's {@code ==} on specs).
     *
     * <pre>{@code
     * new TensorSpec(DType.FLOAT32, new int[] {2}).equals(new TensorSpec(DType.FLOAT32, new int[] {2}));   // true
     * }</pre>
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec && ((TensorSpec) o).dtype == dtype && Arrays.equals(((TensorSpec) o).dims, dims);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * <pre>{@code
     * boolean same = new TensorSpec(DType.INT32, null).hashCode() == new TensorSpec(DType.INT32, null).hashCode();   // true
     * }</pre>
     */
    @Override
    public int hashCode() {
        return dtype.hashCode() * 31 + Arrays.hashCode(dims);
    }

    /**
     * As TensorFlow's repr without the name.
     *
     * <pre>{@code
     * new TensorSpec(DType.INT32, new int[] {}).toString();   // "TensorSpec(shape=(), dtype=int32)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "TensorSpec(shape=" + shapeString() + ", dtype=" + dtype + ")";
    }
}
