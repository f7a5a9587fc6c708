package io.gradtape;

import io.gradtape.internal.kernels.Convert;
import io.gradtape.internal.kernels.MovementKernels;

/**
 * Renders tensor values as NumPy prints them (what TensorFlow shows inside {@code tf.Tensor(...)}): a scalar as
 * its shortest round-trip repr ({@code 6.0}, {@code 2.7635465}, {@code 1e-05}, {@code True}); an array in nested
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
        int[] dims = shape.dims();
        boolean summarize = shape.size() > THRESHOLD;
        int n = shape.size();
        boolean[] show = new boolean[n];
        for (int i = 0; i < n; i++) {
            show[i] = !summarize || shown(dims, i);
        }
        String[] text = new String[n];
        if (dtype.isFloating()) {
            FloatStyle.format(data, show, text);
        } else {
            for (int i = 0; i < n; i++) {
                text[i] = show[i] ? scalar(dtype, data, i) : null;
            }
        }
        int width = 0;
        for (String t : text) {
            if (t != null) {
                width = Math.max(width, t.length());
            }
        }
        StringBuilder sb = new StringBuilder();
        render(sb, text, dims, MovementKernels.rowMajorStrides(dims), 0, 0, width, summarize);
        return sb.toString();
    }

    private static boolean shown(int[] dims, int flat) {
        for (int d = dims.length - 1; d >= 0; d--) {
            int i = flat % dims[d];
            flat /= dims[d];
            if (dims[d] > 2 * EDGE && i >= EDGE && i < dims[d] - EDGE) {
                return false;
            }
        }
        return true;
    }

    private static void render(StringBuilder sb, String[] text, int[] dims, int[] strides, int axis, int offset,
                               int width, boolean summarize) {
        sb.append('[');
        int n = dims[axis];
        boolean cut = summarize && n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                i = n - EDGE;
                sb.append("...");
                separator(sb, dims.length, axis);
            }
            if (axis == dims.length - 1) {
                String e = text[offset + i * strides[axis]];
                sb.append(" ".repeat(width - e.length())).append(e);
            } else {
                render(sb, text, dims, strides, axis + 1, offset + i * strides[axis], width, summarize);
            }
            if (i < n - 1) {
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
                return floatRepr(Float.toString(((float[]) data)[i]));
            case FLOAT64:
                return floatRepr(Double.toString(((double[]) data)[i]));
            case BOOL:
                return ((boolean[]) data)[i] ? "True" : "False";
            default:
                return Long.toString(Convert.toLong(data, i));
        }
    }

    /** Java's {@code 1.0E-5} becomes NumPy's {@code 1e-05}; NaN and Infinity become {@code nan} and {@code inf}. */
    static String floatRepr(String java) {
        if (java.equals("NaN")) {
            return "nan";
        }
        if (java.endsWith("Infinity")) {
            return java.startsWith("-") ? "-inf" : "inf";
        }
        int e = java.indexOf('E');
        if (e < 0) {
            return java;
        }
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(java.substring(e + 1));
        String digits = Integer.toString(Math.abs(exp));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (digits.length() < 2 ? "0" : "") + digits;
    }
}
