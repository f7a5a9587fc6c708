package io.gradtape;

import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.kernels.MovementKernels;

/**
 * Renders tensor values as NumPy prints them (what TensorFlow shows inside {@code tf.Tensor(...)}): a scalar as
 * its shortest round-trip repr, positional from 1e-4 up to 1e16 and scientific outside ({@code 6.0},
 * {@code 2.7635465}, {@code 0.0006053583}, {@code 123456790.0}, {@code 1e-05}, {@code True};
 * {@link FloatStyle#repr}); an array in nested brackets with rows on separate lines, every element padded to one
 * width (floats as {@link FloatStyle} says; a bool at least as wide as {@code False}), rows wrapped at
 * {@value #LINE_WIDTH} characters; more than {@value #THRESHOLD} elements summarized with the first and last
 * {@value #EDGE} along each axis.
 */
final class TensorFormat {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;
    /** NumPy's default {@code linewidth}: rows wrap before an element that would end past it. */
    static final int LINE_WIDTH = 75;

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
        int width = dtype == DType.BOOL ? 5 : 0; // NumPy pads True to the width of False in every bool array
        for (String t : text) {
            width = Math.max(width, t.length());
        }
        for (int k = 0; k < count; k++) {
            text[k] = " ".repeat(width - text[k].length()) + text[k];
        }
        return render(text, new int[] {0}, shown, 0, " ", LINE_WIDTH);
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

    /**
     * Renders the printed elements, in row-major order from {@code next[0]}, as NumPy's {@code _formatArray} does:
     * {@code "..."} where elements or rows were left out; a row's elements separated by one space and wrapped
     * before an element that would pass {@code width} (the line width less one column per open bracket), the next
     * line starting with {@code indent}; rows of a higher axis one per line (blank lines between blocks), each
     * indented by one space per enclosing bracket.
     */
    private static String render(String[] text, int[] next, int[][] shown, int axis, String indent, int width) {
        int[] idx = shown[axis];
        StringBuilder s = new StringBuilder();
        if (axis == shown.length - 1) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < idx.length; i++) {
                if (i > 0 && idx[i] != idx[i - 1] + 1) {
                    wrapAppend(s, line, "...", width - 1, indent);
                    line.append(' ');
                }
                wrapAppend(s, line, text[next[0]++], width - 1, indent);
                if (i < idx.length - 1) {
                    line.append(' ');
                }
            }
            s.append(line);
        } else {
            String rowBreak = "\n".repeat(shown.length - 1 - axis);
            for (int i = 0; i < idx.length; i++) {
                if (i > 0 && idx[i] != idx[i - 1] + 1) {
                    s.append(indent).append("...").append(rowBreak);
                }
                s.append(indent).append(render(text, next, shown, axis + 1, indent + " ", width - 1));
                if (i < idx.length - 1) {
                    s.append(rowBreak);
                }
            }
        }
        return "[" + s.substring(indent.length()) + "]";
    }

    /**
     * Appends {@code word} to {@code line}, first moving the line to {@code s} and starting a new one with
     * {@code indent} if the word would end past {@code width}, unless the line holds nothing but the indent.
     */
    private static void wrapAppend(StringBuilder s, StringBuilder line, String word, int width, String indent) {
        if (line.length() + word.length() > width && line.length() > indent.length()) {
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') {
                end--;
            }
            s.append(line, 0, end).append('\n');
            line.setLength(0);
            line.append(indent);
        }
        line.append(word);
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
