package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;

/**
 * The default {@link KernelProvider}: plain Java loops, one array index per loop variable and no calls C2 cannot
 * inline, so C2 unrolls and (for the arithmetic ones) auto-vectorizes them. Runs on every JVM; matrix products
 * are declined here and go to {@link BlockedGemm}.
 */
final class ScalarKernels implements KernelProvider {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar Java loops (C2 auto-vectorization)";
    }

    @Override
    public boolean vectorized() {
        return false;
    }

    @Override
    public boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                         float[] c, int co) {
        return false;
    }

    @Override
    public boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                         double[] c, int co) {
        return false;
    }

    @Override
    public boolean unary32(Primitive p, float[] a, float[] o, int lo, int hi) {
        return false;
    }

    @Override
    public boolean unary64(Primitive p, double[] a, double[] o, int lo, int hi) {
        return false;
    }

    @Override
    public boolean pow64(double[] a, double[] b, double[] o, int lo, int hi) {
        return false;
    }

    @Override
    public void f32(Primitive p, float[] a, float[] b, float[] o, int lo, int hi) {
        switch (p) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = a[i] + b[i]; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = a[i] - b[i]; }
            case MUL -> { for (int i = lo; i < hi; i++) o[i] = a[i] * b[i]; }
            case DIV -> { for (int i = lo; i < hi; i++) o[i] = a[i] / b[i]; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public void f32Right(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        switch (p) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = a[i] + c; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = a[i] - c; }
            case MUL -> { for (int i = lo; i < hi; i++) o[i] = a[i] * c; }
            case DIV -> { for (int i = lo; i < hi; i++) o[i] = a[i] / c; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public void f32Row(Primitive p, float[] a, float[] row, boolean rowLeft, float[] o, int q) {
        for (int base = 0; base < o.length; base += q) {
            if (!rowLeft) {
                switch (p) {
                    case ADD -> { for (int j = 0; j < q; j++) o[base + j] = a[base + j] + row[j]; }
                    case SUB -> { for (int j = 0; j < q; j++) o[base + j] = a[base + j] - row[j]; }
                    case MUL -> { for (int j = 0; j < q; j++) o[base + j] = a[base + j] * row[j]; }
                    case DIV -> { for (int j = 0; j < q; j++) o[base + j] = a[base + j] / row[j]; }
                    default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
                }
            } else {
                switch (p) {
                    case ADD -> { for (int j = 0; j < q; j++) o[base + j] = row[j] + a[base + j]; }
                    case SUB -> { for (int j = 0; j < q; j++) o[base + j] = row[j] - a[base + j]; }
                    case MUL -> { for (int j = 0; j < q; j++) o[base + j] = row[j] * a[base + j]; }
                    case DIV -> { for (int j = 0; j < q; j++) o[base + j] = row[j] / a[base + j]; }
                    default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
                }
            }
        }
    }

    @Override
    public void f32Left(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        switch (p) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = c + b[i]; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = c - b[i]; }
            case MUL -> { for (int i = lo; i < hi; i++) o[i] = c * b[i]; }
            case DIV -> { for (int i = lo; i < hi; i++) o[i] = c / b[i]; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public boolean pow32(float[] a, int as, float[] b, int bs, float[] o, int lo, int hi) {
        return false;
    }

    @Override
    public void f64(Primitive p, double[] a, double[] b, double[] o, int lo, int hi) {
        switch (p) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = a[i] + b[i]; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = a[i] - b[i]; }
            case MUL -> { for (int i = lo; i < hi; i++) o[i] = a[i] * b[i]; }
            case DIV -> { for (int i = lo; i < hi; i++) o[i] = a[i] / b[i]; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public void f64Right(Primitive p, double[] a, double c, double[] o, int lo, int hi) {
        switch (p) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = a[i] + c; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = a[i] - c; }
            case MUL -> { for (int i = lo; i < hi; i++) o[i] = a[i] * c; }
            case DIV -> { for (int i = lo; i < hi; i++) o[i] = a[i] / c; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public void f64Left(Primitive p, double c, double[] b, double[] o, int lo, int hi) {
        switch (p) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = c + b[i]; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = c - b[i]; }
            case MUL -> { for (int i = lo; i < hi; i++) o[i] = c * b[i]; }
            case DIV -> { for (int i = lo; i < hi; i++) o[i] = c / b[i]; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public void where32(boolean[] c, float[] a, float[] b, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = c[i] ? a[i] : b[i];
    }

    @Override
    public void reluGrad32(float[] y, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = y[i] > 0f ? g[i] : 0f;
    }

    @Override
    public void where32Scalar(boolean[] c, float[] a, float z, boolean fullWhenTrue, float[] o, int lo, int hi) {
        if (fullWhenTrue) {
            for (int i = lo; i < hi; i++) o[i] = c[i] ? a[i] : z;
        } else {
            for (int i = lo; i < hi; i++) o[i] = c[i] ? z : a[i];
        }
    }

    @Override
    public void compare32Right(Primitive p, float[] a, float z, boolean[] o, int lo, int hi) {
        switch (p) {
            case GREATER -> { for (int i = lo; i < hi; i++) o[i] = a[i] > z; }
            case LESS -> { for (int i = lo; i < hi; i++) o[i] = a[i] < z; }
            default -> throw ElementwiseKernels.noKernel("ScalarKernels", p);
        }
    }

    @Override
    public void relu32(float[] a, float[] o, int lo, int hi) {
        // max(x, 0) is x > 0 ? x : NaN stays NaN, else +0 (also for -0): branch-free, vectorized
        for (int i = lo; i < hi; i++) o[i] = Math.max(a[i], 0f);
    }

    @Override
    public void biasRelu32(float[] c, float[] bias, int n, int rowLo, int rowHi, boolean relu) {
        for (int row = rowLo * n, end = rowHi * n; row < end; row += n) {
            for (int j = 0; j < n; j++) {
                c[row + j] += bias[j];
            }
        }
        if (relu) {
            relu32(c, c, rowLo * n, rowHi * n);
        }
    }

    @Override
    public void descend32(float[] w, float[] g, double lr, int lo, int hi) {
        for (int i = lo; i < hi; i++) w[i] = (float) (w[i] - g[i] * lr);
    }

    @Override
    public void adam32(float[] w, float[] g, float[] m, float[] v, float[] vhat, double c1, double c2, double alpha,
                       double epsilon, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double gi = g[i];
            double mi = m[i] = (float) (m[i] + (gi - m[i]) * c1);
            double vi = v[i] = (float) (v[i] + (gi * gi - v[i]) * c2);
            if (vhat != null) {
                vi = vhat[i] = (float) Math.max(vhat[i], vi);
            }
            w[i] = (float) (w[i] - mi * alpha / (Math.sqrt(vi) + epsilon));
        }
    }

    @Override
    public void rmsprop32(float[] w, float[] g, float[] ms, float[] mg, float[] mom, double rho, double c,
                          double momentum, double epsilon, double lr, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double gi = g[i];
            double den = ms[i] = (float) (rho * ms[i] + c * (gi * gi));
            if (mg != null) {
                double a = mg[i] = (float) (rho * mg[i] + c * gi);
                den = den - a * a;
            }
            double inc = lr * gi / Math.sqrt(den + epsilon);
            if (mom != null) {
                inc = mom[i] = (float) (momentum * mom[i] + inc);
            }
            w[i] = (float) (w[i] - inc);
        }
    }

    @Override
    public void adagrad32(float[] w, float[] g, float[] acc, double lr, double epsilon, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double gi = g[i];
            double a = acc[i] = (float) (acc[i] + gi * gi);
            w[i] = (float) (w[i] - lr * gi / Math.sqrt(a + epsilon));
        }
    }

    @Override
    public void lion32(float[] w, float[] g, float[] m, double beta1, double c1, double beta2, double c2, double lr,
                       int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double gi = g[i], mi = m[i];
            w[i] = (float) (w[i] - lr * Math.signum(mi * beta1 + gi * c1));
            m[i] = (float) (mi * beta2 + gi * c2);
        }
    }

    @Override
    public void momentum32(float[] w, float[] g, float[] m, double momentum, double lr, boolean nesterov, int lo,
                           int hi) {
        for (int i = lo; i < hi; i++) {
            double gi = g[i];
            double mi = m[i] = (float) (m[i] * momentum - gi * lr);
            w[i] = (float) (w[i] + (nesterov ? mi * momentum - gi * lr : mi));
        }
    }

    @Override
    public void relu64(double[] a, double[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = Math.max(a[i], 0d);
    }

    @Override
    public double sum32(float[] a, int lo, int hi) {
        double acc = 0;
        for (int i = lo; i < hi; i++) acc += a[i];
        return acc;
    }

    @Override
    public double sum64(double[] a, int lo, int hi) {
        double acc = 0;
        for (int i = lo; i < hi; i++) acc += a[i];
        return acc;
    }

    @Override
    public void addRows32(double[] acc, float[] a, int rows, int len) {
        for (int r = 0, base = 0; r < rows; r++, base += len) {
            for (int j = 0; j < len; j++) acc[j] += a[base + j];
        }
    }

    @Override
    public double max32(float[] a, int lo, int hi) {
        double acc = Double.NEGATIVE_INFINITY;
        for (int i = lo; i < hi; i++) {
            double v = a[i];
            acc = v > acc || v != v ? v : acc;
        }
        return acc;
    }

    @Override
    public double max64(double[] a, int lo, int hi) {
        double acc = Double.NEGATIVE_INFINITY;
        for (int i = lo; i < hi; i++) {
            double v = a[i];
            acc = v > acc || v != v ? v : acc;
        }
        return acc;
    }
}
