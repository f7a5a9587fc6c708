package io.gradtape;

/**
 * The element type of a {@link Tensor}.
 *
 * <p>Only floating dtypes ({@link #FLOAT32}, {@link #FLOAT64}) carry gradients: a tape records an op only when
 * one of its tracked inputs is floating, exactly as TensorFlow's {@code IsTrainable} rule. Ops never promote
 * silently: adding a float32 to a float64 tensor is an {@link IllegalArgumentException}; use
 * {@link Tensors#cast(Tensor, DType)}.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(3.0f);
 * x.dtype();                 // FLOAT32, printed "float32"
 * }</pre>
 */
public enum DType {
    /** IEEE 754 single precision; the default for {@code constant(float)}. */
    FLOAT32("float32", 4),
    /** IEEE 754 double precision; the dtype for finite-difference checks. */
    FLOAT64("float64", 8),
    /** 32-bit two's complement integer; never differentiable. */
    INT32("int32", 4),
    /** 64-bit two's complement integer; never differentiable. */
    INT64("int64", 8),
    /** Boolean; the result of comparisons, never differentiable. */
    BOOL("bool", 1);

    private final String tfName;
    private final int byteSize;

    DType(String tfName, int byteSize) {
        this.tfName = tfName;
        this.byteSize = byteSize;
    }

    /**
     * Whether gradients can flow through values of this dtype.
     *
     * <pre>{@code
     * DType.FLOAT32.isFloating();   // true
     * DType.INT32.isFloating();     // false
     * }</pre>
     *
     * @return true for FLOAT32 and FLOAT64
     */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * Whether this is an integer dtype (INT32 or INT64).
     *
     * <pre>{@code
     * DType.INT64.isInteger();      // true
     * }</pre>
     *
     * @return true for INT32 and INT64
     */
    public boolean isInteger() {
        return this == INT32 || this == INT64;
    }

    /**
     * Bytes one element occupies in memory.
     *
     * <pre>{@code
     * DType.FLOAT64.byteSize();     // 8
     * }</pre>
     *
     * @return 1, 4 or 8
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * TensorFlow's name of the dtype.
     *
     * <pre>{@code
     * DType.FLOAT32.toString();     // "float32"
     * }</pre>
     */
    @Override
    public String toString() {
        return tfName;
    }
}
