package io.gradtape;

import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.kernels.MovementKernels;

/**
 * Renders tensor values as NumPy prints them (what TensorFlow shows inside {@code tf.Tensor(...)}): a scalar as
 * its shortest round-trip repr, positional from 1e-4 up to 1e16 and scientific outside ({@code 6.0},
 * {@code 2.7635465}, {@code 0.0006053583}, {@code 123456790.0}, {@code 1e-05}, {@code True};
 * {@link FloatStyle#repr}); an array in nested
 * brackets with rows on separate lines, every element padded to one width (floats as {@link FloatStyle} says); more
 * than {@value #THRESHOLD} elements summarized with the first and last {@value #EDGE} along each axis.
 */
final class TensorFormat {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;

    private TensorFormat() {
    }

    static String values(DType dtype, Shape shape, Object data) {
        if (shape.rank() == 0) {
            return scalar(dtype, data, 0);
        }
        if (shape.size() == 0) {
            return "[]"; // NumPy prints every empty array so, whatever its shape
        }
        int[] dims = shape.dims();
        boolean summarize = shape.size() > THRESHOLD;
        // only the printed elements are visited and allocated for: a summary of a huge tensor costs its summary
        int[][] shown = new int[dims.length][];
        int count = 1;
        for (int d = 0; d < dims.length; d++) {
            shown[d] = shownAlong(dims[d], summarize);
            count *= shown[d].length;
        }
        int[] flat = new int[count];
        int[] strides = MovementKernels.rowMajorStrides(dims);
        int[] at = new int[dims.length];
        for (int k = 0; k < count; k++) {
            int f = 0;
            for (int d = 0; d < dims.length; d++) {
                f += shown[d][at[d]] * strides[d];
            }
            flat[k] = f;
            for (int d = dims.length - 1; d >= 0 && ++at[d] == shown[d].length; d--) {
                at[d] = 0;
            }
        }
        String[] text = new String[count];
        if (dtype.isFloating()) {
            FloatStyle.format(data, flat, text);
        } else {
            for (int k = 0; k < count; k++) {
                text[k] = scalar(dtype, data, flat[k]);
            }
        }
        int width = 0;
        for (String t : text) {
            width = Math.max(width, t.length());
        }
        StringBuilder sb = new StringBuilder();
        render(sb, text, new int[] {0}, dims, shown, 0, width);
        return sb.toString();
    }

    /** The indices printed along an axis of length {@code n}: all, or the first and last {@link #EDGE}. */
    private static int[] shownAlong(int n, boolean summarize) {
        if (!summarize || n <= 2 * EDGE) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] edges = new int[2 * EDGE];
        for (int i = 0; i < EDGE; i++) {
            edges[i] = i;
            edges[EDGE + i] = n - EDGE + i;
        }
        return edges;
    }

    /** Renders the printed elements, in row-major order from {@code next[0]}, with "..." where rows were left out. */
    private static void render(StringBuilder sb, String[] text, int[] next, int[] dims, int[][] shown, int axis,
                               int width) {
        sb.append('[');
        int[] idx = shown[axis];
        for (int i = 0; i < idx.length; i++) {
            if (i > 0 && idx[i] != idx[i - 1] + 1) {
                sb.append("...");
                separator(sb, dims.length, axis);
            }
            if (axis == dims.length - 1) {
                String e = text[next[0]++];
                sb.append(" ".repeat(width - e.length())).append(e);
            } else {
                render(sb, text, next, dims, shown, axis + 1, width);
            }
            if (i < idx.length - 1) {
                separator(sb, dims.length, axis);
            }
        }
        sb.append(']');
    }

    private static void separator(StringBuilder sb, int rank, int axis) {
        if (axis == rank - 1) {
            sb.append(' ');
        } else {
            sb.append("\n".repeat(rank - 1 - axis)).append(" ".repeat(axis + 1));
        }
    }

    /** NumPy's repr of one element. */
    static String scalar(DType dtype, Object data, int i) {
        switch (dtype) {
            case FLOAT32:
                return FloatStyle.repr(((float[]) data)[i], true);
            case FLOAT64:
                return FloatStyle.repr(((double[]) data)[i], false);
            case BOOL:
                return ((boolean[]) data)[i] ? "True" : "False";
            default:
                return Long.toString(Convert.toLong(data, i));
        }
    }
}
