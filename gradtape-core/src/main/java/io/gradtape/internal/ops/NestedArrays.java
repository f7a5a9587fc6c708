package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.internal.kernels.Convert;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java algorithms behind the array conveniences of {@code Tensors} that are not primitives: nested Java
 * arrays to and from flat row-major storage, {@code unique} and {@code searchSorted}. None of them records on a tape
 * (their results are integers or new constants); the facades in {@code Tensors} compose the differentiable parts.
 */
public final class NestedArrays {
    private NestedArrays() {
    }

    /** Flat storage, dtype and shape read from a nested Java array. */
    public record Flat(DType dtype, Shape shape, Object data) {
    }

    /**
     * Reads a rectangular nested array ({@code float[]..}, {@code double[]..}, {@code int[]..}, {@code long[]..},
     * {@code boolean[]..}, any depth from 1) into row-major storage.
     *
     * @throws IllegalArgumentException naming {@code op} if the array is ragged, empty at an outer level with inner
     *                                  levels of unknown size, or of another element type
     */
    public static Flat flatten(String op, Object nested) {
        if (nested == null) {
            throw new NullPointerException(op + ": data is null");
        }
        Class<?> c = nested.getClass();
        int depth = 0;
        while (c.isArray()) {
            depth++;
            c = c.getComponentType();
        }
        DType dtype;
        if (c == float.class) {
            dtype = DType.FLOAT32;
        } else if (c == double.class) {
            dtype = DType.FLOAT64;
        } else if (c == int.class) {
            dtype = DType.INT32;
        } else if (c == long.class) {
            dtype = DType.INT64;
        } else if (c == boolean.class) {
            dtype = DType.BOOL;
        } else {
            throw new IllegalArgumentException(op + ": expected a nested array of float, double, int, long or boolean, got "
                    + nested.getClass().getSimpleName());
        }
        int[] dims = new int[depth];
        Object level = nested;
        for (int d = 0; d < depth; d++) {
            dims[d] = Array.getLength(level);
            if (dims[d] == 0) {
                break; // the inner sizes stay 0: an empty array has no elements to check
            }
            level = Array.get(level, 0);
            if (level == null && d + 1 < depth) {
                throw new IllegalArgumentException(op + ": null row at depth " + (d + 1));
            }
        }
        long size = 1;
        for (int n : dims) {
            size *= n;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + size + " elements exceed the maximum tensor size");
        }
        Object data = Convert.allocate(dtype, (int) size);
        int[] at = {0};
        copy(op, nested, dims, 0, data, at, new int[depth]);
        return new Flat(dtype, Shape.of(dims), data);
    }

    private static void copy(String op, Object level, int[] dims, int d, Object out, int[] at, int[] path) {
        if (level == null) {
            throw new IllegalArgumentException(op + ": null row at index " + Arrays.toString(Arrays.copyOf(path, d)));
        }
        int n = Array.getLength(level);
        if (n != dims[d]) {
            throw new IllegalArgumentException(op + ": ragged array: the row at index " + Arrays.toString(Arrays.copyOf(path, d))
                    + " has " + n + " elements, expected " + dims[d] + " (shape " + Shape.of(dims) + ")");
        }
        if (d == dims.length - 1) {
            System.arraycopy(level, 0, out, at[0], n);
            at[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            path[d] = i;
            copy(op, Array.get(level, i), dims, d + 1, out, at, path);
        }
    }

    /**
     * Row-major storage as a nested Java array of {@code component} (float.class, ...) with the given dims (rank
     * at least 1); the storage is converted to the component type first.
     */
    public static Object nest(Object data, int[] dims, DType as) {
        Object flat = Convert.array(data, as);
        Class<?> component = Convert.allocate(as, 0).getClass().getComponentType();
        Object out = Array.newInstance(component, dims);
        int[] at = {0};
        fill(out, dims, 0, flat, at);
        return out;
    }

    private static void fill(Object level, int[] dims, int d, Object flat, int[] at) {
        if (d == dims.length - 1) {
            System.arraycopy(flat, at[0], level, 0, dims[d]);
            at[0] += dims[d];
            return;
        }
        for (int i = 0; i < dims[d]; i++) {
            fill(Array.get(level, i), dims, d + 1, flat, at);
        }
    }

    /**
     * The distinct values of a 1-D storage array in first-occurrence order, and for each element the position of
     * its value among them. Floating values are compared by their bits after folding -0.0 into 0.0 (so NaNs with
     * the same bits are one value, as NumPy's unique treats equal bit patterns; TensorFlow hashes them likewise).
     *
     * @return {@code {firstIndices (int[]), idx (int[])}}
     */
    public static int[][] unique(Object data, int n) {
        Map<Long, Integer> seen = new HashMap<>();
        List<Integer> first = new ArrayList<>();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            long key = key(data, i);
            Integer k = seen.get(key);
            if (k == null) {
                k = first.size();
                seen.put(key, k);
                first.add(i);
            }
            idx[i] = k;
        }
        return new int[][] {first.stream().mapToInt(Integer::intValue).toArray(), idx};
    }

    private static long key(Object data, int i) {
        if (data instanceof double[]) {
            double v = ((double[]) data)[i];
            return Double.doubleToLongBits(v == 0 ? 0.0 : v);
        }
        if (data instanceof float[]) {
            float v = ((float[]) data)[i];
            return Float.floatToIntBits(v == 0 ? 0f : v);
        }
        return Convert.toLong(data, i);
    }

    /**
     * For each value, the number of elements of its sorted row that are less than it ({@code right}: the number
     * that it is not less than), by binary search in the arrays' own type. This is TensorFlow's CPU kernel
     * (searchsorted_op.cc): {@code std::lower_bound} advances while {@code s < v}, {@code std::upper_bound} while
     * {@code !(v < s)}, both with {@code operator<} of the native type, halving a length the same way as here, so
     * int64 values beyond 2^53 compare exactly and a NaN value goes first with "left" and last with "right"
     * (NaN inside the sorted rows probes the same elements as libstdc++). {@code rows} rows of {@code m} sorted
     * elements, {@code k} values per row.
     */
    public static int[] searchSorted(Object sorted, int rows, int m, Object values, int k, boolean right) {
        int[] out = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                int lo = 0;
                int hi = m;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (advance(sorted, r * m + mid, values, r * k + j, right)) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                out[r * k + j] = lo;
            }
        }
        return out;
    }

    /**
     * Whether the search moves past sorted[s] for values[v]: {@code s < v} ("left") or {@code !(v < s)} ("right"),
     * compared exactly: float32 widens to double and int32 to int64 without rounding, and int64 is never compared
     * through a double.
     */
    private static boolean advance(Object sorted, int s, Object values, int v, boolean right) {
        if (sorted instanceof float[] || sorted instanceof double[]) {
            double x = Convert.toDouble(sorted, s);
            double y = Convert.toDouble(values, v);
            return right ? !(y < x) : x < y;
        }
        if (sorted instanceof int[] || sorted instanceof long[]) {
            long x = Convert.toLong(sorted, s);
            long y = Convert.toLong(values, v);
            return right ? !(y < x) : x < y;
        }
        throw new IllegalArgumentException("searchSorted: unsupported storage " + sorted.getClass().getSimpleName());
    }
}
