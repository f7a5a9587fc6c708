package io.gradtape.internal.kernels;

import io.gradtape.Shape;
import io.gradtape.internal.ops.Primitive;

/**
 * Plain loops for the hottest elementwise cases: float32 and float64 {@code add sub mul div} when both shapes are
 * equal or one operand is a scalar. One index on every array, no calls, so C2 unrolls and vectorizes them.
 * Returns null for any other case, which the general kernel then handles.
 */
final class FastLoops {
    private FastLoops() {
    }

    static Object binary(Primitive p, Object a, Object b, Shape sa, Shape sb, Shape out) {
        if (p != Primitive.ADD && p != Primitive.SUB && p != Primitive.MUL && p != Primitive.DIV) {
            return null;
        }
        boolean same = sa.equals(sb);
        if (!same && !(sb.size() == 1 && sa.equals(out)) && !(sa.size() == 1 && sb.equals(out))) {
            return null;
        }
        if (a instanceof float[]) {
            float[] x = (float[]) a, y = (float[]) b;
            if (same) return f32(p, x, y);
            return sb.size() == 1 && sa.equals(out) ? f32ScalarRight(p, x, y[0]) : f32ScalarLeft(p, x[0], y);
        }
        double[] x = (double[]) a, y = (double[]) b;
        if (same) return f64(p, x, y);
        return sb.size() == 1 && sa.equals(out) ? f64ScalarRight(p, x, y[0]) : f64ScalarLeft(p, x[0], y);
    }

    private static float[] f32(Primitive p, float[] a, float[] b) {
        float[] o = new float[a.length];
        switch (p) {
            case ADD: for (int i = 0; i < o.length; i++) o[i] = a[i] + b[i]; break;
            case SUB: for (int i = 0; i < o.length; i++) o[i] = a[i] - b[i]; break;
            case MUL: for (int i = 0; i < o.length; i++) o[i] = a[i] * b[i]; break;
            default: for (int i = 0; i < o.length; i++) o[i] = a[i] / b[i]; break;
        }
        return o;
    }

    private static float[] f32ScalarRight(Primitive p, float[] a, float c) {
        float[] o = new float[a.length];
        switch (p) {
            case ADD: for (int i = 0; i < o.length; i++) o[i] = a[i] + c; break;
            case SUB: for (int i = 0; i < o.length; i++) o[i] = a[i] - c; break;
            case MUL: for (int i = 0; i < o.length; i++) o[i] = a[i] * c; break;
            default: for (int i = 0; i < o.length; i++) o[i] = a[i] / c; break;
        }
        return o;
    }

    private static float[] f32ScalarLeft(Primitive p, float c, float[] b) {
        float[] o = new float[b.length];
        switch (p) {
            case ADD: for (int i = 0; i < o.length; i++) o[i] = c + b[i]; break;
            case SUB: for (int i = 0; i < o.length; i++) o[i] = c - b[i]; break;
            case MUL: for (int i = 0; i < o.length; i++) o[i] = c * b[i]; break;
            default: for (int i = 0; i < o.length; i++) o[i] = c / b[i]; break;
        }
        return o;
    }

    private static double[] f64(Primitive p, double[] a, double[] b) {
        double[] o = new double[a.length];
        switch (p) {
            case ADD: for (int i = 0; i < o.length; i++) o[i] = a[i] + b[i]; break;
            case SUB: for (int i = 0; i < o.length; i++) o[i] = a[i] - b[i]; break;
            case MUL: for (int i = 0; i < o.length; i++) o[i] = a[i] * b[i]; break;
            default: for (int i = 0; i < o.length; i++) o[i] = a[i] / b[i]; break;
        }
        return o;
    }

    private static double[] f64ScalarRight(Primitive p, double[] a, double c) {
        double[] o = new double[a.length];
        switch (p) {
            case ADD: for (int i = 0; i < o.length; i++) o[i] = a[i] + c; break;
            case SUB: for (int i = 0; i < o.length; i++) o[i] = a[i] - c; break;
            case MUL: for (int i = 0; i < o.length; i++) o[i] = a[i] * c; break;
            default: for (int i = 0; i < o.length; i++) o[i] = a[i] / c; break;
        }
        return o;
    }

    private static double[] f64ScalarLeft(Primitive p, double c, double[] b) {
        double[] o = new double[b.length];
        switch (p) {
            case ADD: for (int i = 0; i < o.length; i++) o[i] = c + b[i]; break;
            case SUB: for (int i = 0; i < o.length; i++) o[i] = c - b[i]; break;
            case MUL: for (int i = 0; i < o.length; i++) o[i] = c * b[i]; break;
            default: for (int i = 0; i < o.length; i++) o[i] = c / b[i]; break;
        }
        return o;
    }
}
