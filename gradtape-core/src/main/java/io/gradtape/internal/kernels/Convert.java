package io.gradtape.internal.kernels;

import io.gradtape.DType;

/**
 * Conversions between storage arrays: reading one element as a double or long, and copying a whole array into
 * another dtype (the kernel of {@code cast}). Float to integer truncates toward zero, as a Java cast does and as
 * TensorFlow's {@code cast} does; to BOOL, non-zero is true; from BOOL, true is 1.
 */
public final class Convert {
    private Convert() {
    }

    /**
     * An empty (zeroed) storage array of the dtype for a new tensor. Float arrays of at least
     * {@link RecycledArrays#MIN_LENGTH} elements may be ones that {@link RecycledArrays} knows to be dead, zeroed
     * again; everything else is new. So an array from here belongs to one tensor: a cache (a static or thread-local
     * field) must never keep one, or a later donation could give it to another tensor while the cache still reads it.
     */
    public static Object allocate(DType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return n < RecycledArrays.MIN_LENGTH ? new float[n] : RecycledArrays.floats(n);
            case FLOAT64: return n < RecycledArrays.MIN_LENGTH ? new double[n] : RecycledArrays.doubles(n);
            case INT32: return new int[n];
            case INT64: return new long[n];
            case BOOL: return new boolean[n];
            default: throw new AssertionError(dtype);
        }
    }

    /**
     * A float array of {@code n} elements for a kernel that writes every element before the array is seen by
     * anything else (the output of an elementwise op): as {@link #allocate}, but an array reused from the pool is
     * not zeroed first. Every caller writes all of {@code [0, n)}; {@code TensorScopeTest} checks this for each
     * caller by poisoning the pool with NaN.
     */
    public static float[] floatsToFill(int n) {
        return n < RecycledArrays.MIN_LENGTH ? new float[n] : RecycledArrays.floatsToFill(n);
    }

    /** As {@link #floatsToFill}, for float64. */
    public static double[] doublesToFill(int n) {
        return n < RecycledArrays.MIN_LENGTH ? new double[n] : RecycledArrays.doublesToFill(n);
    }

    /** Element {@code i} of any storage array, as a double. */
    public static double toDouble(Object data, int i) {
        if (data instanceof float[]) return ((float[]) data)[i];
        if (data instanceof double[]) return ((double[]) data)[i];
        if (data instanceof int[]) return ((int[]) data)[i];
        if (data instanceof long[]) return ((long[]) data)[i];
        return ((boolean[]) data)[i] ? 1 : 0;
    }

    /**
     * Element {@code i} of any storage array, as a float rounded once: an int64 element goes to float directly
     * (Java's conversion rounds to nearest, as C++'s {@code static_cast} that TensorFlow's cast calls), not through
     * a double, which would round twice ({@code 2^60 + 2^36 + 1} would become {@code 2^60}, one ulp low).
     */
    public static float toFloat(Object data, int i) {
        if (data instanceof float[]) return ((float[]) data)[i];
        if (data instanceof double[]) return (float) ((double[]) data)[i];
        if (data instanceof int[]) return ((int[]) data)[i];
        if (data instanceof long[]) return ((long[]) data)[i];
        return ((boolean[]) data)[i] ? 1 : 0;
    }

    /**
     * Element {@code i} of any storage array, as an int: floats truncate toward zero and saturate (NaN gives 0), as
     * Java's cast of the value; int64 keeps its low 32 bits, as a cast of an int64 tensor to int32 does.
     */
    public static int toInt(Object data, int i) {
        if (data instanceof float[]) return (int) ((float[]) data)[i];
        if (data instanceof double[]) return (int) ((double[]) data)[i];
        if (data instanceof int[]) return ((int[]) data)[i];
        if (data instanceof long[]) return (int) ((long[]) data)[i];
        return ((boolean[]) data)[i] ? 1 : 0;
    }

    /** Element {@code i} of any storage array, as a long (floats truncate toward zero). */
    public static long toLong(Object data, int i) {
        if (data instanceof float[]) return (long) ((float[]) data)[i];
        if (data instanceof double[]) return (long) ((double[]) data)[i];
        if (data instanceof int[]) return ((int[]) data)[i];
        if (data instanceof long[]) return ((long[]) data)[i];
        return ((boolean[]) data)[i] ? 1 : 0;
    }

    /** A new array of dtype {@code to} holding the converted elements of {@code data}. */
    public static Object array(Object data, DType to) {
        int n = length(data);
        switch (to) {
            case FLOAT32: {
                float[] out = new float[n];
                if (data instanceof float[]) {
                    System.arraycopy(data, 0, out, 0, n);
                } else if (data instanceof double[]) {
                    double[] d = (double[]) data;
                    for (int i = 0; i < n; i++) out[i] = (float) d[i];
                } else {
                    for (int i = 0; i < n; i++) out[i] = toFloat(data, i);
                }
                return out;
            }
            case FLOAT64: {
                double[] out = new double[n];
                if (data instanceof double[]) {
                    System.arraycopy(data, 0, out, 0, n);
                } else if (data instanceof float[]) {
                    float[] f = (float[]) data;
                    for (int i = 0; i < n; i++) out[i] = f[i];
                } else {
                    for (int i = 0; i < n; i++) out[i] = toDouble(data, i);
                }
                return out;
            }
            case INT32: {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) out[i] = toInt(data, i);
                return out;
            }
            case INT64: {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) out[i] = toLong(data, i);
                return out;
            }
            case BOOL: {
                boolean[] out = new boolean[n];
                if (data instanceof boolean[]) {
                    System.arraycopy(data, 0, out, 0, n);
                } else {
                    for (int i = 0; i < n; i++) out[i] = toDouble(data, i) != 0;
                }
                return out;
            }
            default:
                throw new AssertionError(to);
        }
    }

    /** The number of elements of a storage array. */
    public static int length(Object data) {
        if (data instanceof float[]) return ((float[]) data).length;
        if (data instanceof double[]) return ((double[]) data).length;
        if (data instanceof int[]) return ((int[]) data).length;
        if (data instanceof long[]) return ((long[]) data).length;
        return ((boolean[]) data).length;
    }

    /** {@code dst[to] = src[from]} for two storage arrays of the same dtype. */
    public static void copy(Object src, int from, Object dst, int to) {
        if (dst instanceof float[]) ((float[]) dst)[to] = ((float[]) src)[from];
        else if (dst instanceof double[]) ((double[]) dst)[to] = ((double[]) src)[from];
        else if (dst instanceof int[]) ((int[]) dst)[to] = ((int[]) src)[from];
        else if (dst instanceof long[]) ((long[]) dst)[to] = ((long[]) src)[from];
        else ((boolean[]) dst)[to] = ((boolean[]) src)[from];
    }
}
