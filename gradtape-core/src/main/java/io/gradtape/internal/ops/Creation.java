package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Tensors made from Java values: scalars of any dtype, arrays with a shape, zeros and ones. The public entry points are documented on {@code Tensors}.
 */
public final class Creation {
    private Creation() {
    }

    public static Tensor scalar(double value, DType dtype) {
        Objects.requireNonNull(dtype, "constant: dtype is null");
        switch (dtype) {
            case FLOAT32:
                if (overflowsFloat32(value)) {
                    throw new IllegalArgumentException("constant: " + value + " is out of float32's range (largest "
                            + "finite " + Float.MAX_VALUE + "), it would round to an infinity; pass the infinity "
                            + "itself or use float64");
                }
                return constant((float) value);
            case FLOAT64: return constant(value);
            case BOOL: return constant(value != 0);
            default:
                if (!fits(value, dtype)) {
                    throw new IllegalArgumentException("constant: " + value + " is not a whole number that fits " + dtype);
                }
                return dtype == DType.INT32 ? constant((int) value) : constant((long) value);
        }
    }

    /**
     * Whether the Java number {@code value} converts to a scalar of the numeric {@code dtype} where TensorFlow's
     * conversion of a Python number does: any value for float64; for float32 any value but a finite one past its
     * range ({@link #overflowsFloat32}); for int32 and int64 a whole number inside the type's range. False for bool,
     * whose rule differs between callers. The one dtype-fit test of {@link #scalar}, {@link Support#scalarFor},
     * {@link ArrayOps#range}'s integer bounds and oneHot's on and off values. {@code scalar} and {@code scalarFor}
     * test {@link #overflowsFloat32} first, for a message of their own about float32's range, so for them the float32
     * case here is already known to pass.
     */
    public static boolean fits(double value, DType dtype) {
        switch (dtype) {
            case FLOAT64: return true;
            case FLOAT32: return !overflowsFloat32(value);
            case INT32: return value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
            case INT64: return value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63;
            default: return false;
        }
    }

    /**
     * Whether a finite double rounds to an infinity as a float32: TensorFlow refuses such a Python float for a
     * float32 tensor (py_seq_tensor.cc, {@code ConvertOneFloat}'s {@code CheckForOverflow}) instead of storing inf.
     */
    public static boolean overflowsFloat32(double value) {
        return Double.isFinite(value) && Float.isInfinite((float) value);
    }

    public static Tensor floats(float[] data, int... shape) {
        Objects.requireNonNull(data, "constant: data is null");
        return TensorAccess.make(DType.FLOAT32, shapeFor(data.length, shape), data.clone());
    }

    public static Tensor doubles(double[] data, int... shape) {
        Objects.requireNonNull(data, "constant: data is null");
        return TensorAccess.make(DType.FLOAT64, shapeFor(data.length, shape), data.clone());
    }

    public static Tensor ints(int[] data, int... shape) {
        Objects.requireNonNull(data, "constant: data is null");
        return TensorAccess.make(DType.INT32, shapeFor(data.length, shape), data.clone());
    }

    public static Tensor longs(long[] data, int... shape) {
        Objects.requireNonNull(data, "constant: data is null");
        return TensorAccess.make(DType.INT64, shapeFor(data.length, shape), data.clone());
    }

    public static Tensor booleans(boolean[] data, int... shape) {
        Objects.requireNonNull(data, "constant: data is null");
        return TensorAccess.make(DType.BOOL, shapeFor(data.length, shape), data.clone());
    }

    public static Shape shapeFor(int n, int[] shape) {
        Shape s = shape == null || shape.length == 0 ? Shape.of(n) : ShapeRules.shape("constant", shape);
        if (s.size() != n) {
            throw new IllegalArgumentException("constant: " + n + " values do not fill shape " + s + " (" + s.size() + " elements)");
        }
        return s;
    }

    public static Tensor zeros(DType dtype, int... shape) {
        Objects.requireNonNull(dtype, "zeros: dtype is null");
        Shape s = ShapeRules.shape("zeros", shape);
        return TensorAccess.make(dtype, s, Convert.allocate(dtype, s.size()));
    }

    public static Tensor ones(DType dtype, int... shape) {
        Objects.requireNonNull(dtype, "ones: dtype is null");
        return full(dtype, ShapeRules.shape("ones", shape), 1);
    }

    public static Tensor zerosLike(Tensor x) {
        Objects.requireNonNull(x, "zerosLike: x is null");
        return TensorAccess.make(x.dtype(), x.shape(), Convert.allocate(x.dtype(), x.size()));
    }

    public static Tensor onesLike(Tensor x) {
        Objects.requireNonNull(x, "onesLike: x is null");
        return full(x.dtype(), x.shape(), 1);
    }

    public static Tensor full(DType dtype, Shape s, double v) {
        Object data = Convert.allocate(dtype, s.size());
        switch (dtype) {
            case FLOAT32: Arrays.fill((float[]) data, (float) v); break;
            case FLOAT64: Arrays.fill((double[]) data, v); break;
            case INT32: Arrays.fill((int[]) data, (int) v); break;
            case INT64: Arrays.fill((long[]) data, (long) v); break;
            default: Arrays.fill((boolean[]) data, v != 0); break;
        }
        return TensorAccess.make(dtype, s, data);
    }
}
