package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;

/**
 * The dense inner loops that have a faster form where the JDK offers explicit SIMD, after Lucene's
 * {@code VectorizationProvider}: {@link ScalarKernels} holds today's plain loops (C2 auto-vectorizes what it can)
 * and runs everywhere; {@code VectorKernels} (source set {@code src/main/java-vector}, compiled with
 * {@code --add-modules jdk.incubator.vector}) computes the same loops with the Vector API. {@link Vectorization}
 * picks one at start-up; the kernels of {@link FastLoops}, {@link ReduceKernels} and {@link MatmulKernels} call
 * it for every chunk, never per element.
 *
 * <p>Contract: the elementwise loops ({@code f32 f32Right f32Left f64 ...}, {@link #relu32}, {@link #relu64})
 * give the same bits on both paths (one IEEE operation per element). A sum may group its additions differently
 * (vector lanes), so the two paths agree to rounding, and each path gives the same bits on every run and every
 * thread count (its grouping depends on the vector width only). A max gives the same bits on both paths (NaN
 * propagates, as the scalar fold does). Matrix products agree to rounding (both accumulate each element over
 * {@code p} in order with fused multiply-adds, but the vector kernel adds its k slabs in another grouping).
 *
 * <p>All arrays are written only in {@code [lo, hi)}; a provider is stateless (or thread-confined scratch) and
 * safe to call from several threads.
 */
public interface KernelProvider {
    /** A short name for logs and benchmark tables, e.g. {@code "Vector API 512-bit"}. */
    String name();

    /** Whether this provider uses the Vector API (false for {@link ScalarKernels}). */
    boolean vectorized();

    /**
     * {@code C = op(A) op(B)} in float32, row-major at offsets (the layout of {@link io.gradtape.spi.GemmProvider#sgemm}).
     *
     * @return false to decline (the caller then runs {@link BlockedGemm})
     */
    boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co);

    /** {@code C = op(A) op(B)} in float64; false to decline. */
    boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co);

    /**
     * {@code o[i] = f(a[i])} for a float32 transcendental {@code p} this provider computes itself (the vector
     * provider: exp, log, log1p, expm1, sin, cos, tanh, sigmoid, erf, within 2 ulp of the correctly rounded
     * result, see {@code VectorMath});
     * false when it does not (the caller then runs its scalar loop through {@code double}).
     */
    boolean unary32(Primitive p, float[] a, float[] o, int lo, int hi);

    /**
     * {@code o[i] = f(a[i])} for a float64 transcendental {@code p} this provider computes itself (the vector
     * provider: exp, log, log1p, expm1, sin, cos, tanh, sigmoid, erf, within 1 ulp of the correctly rounded result, see
     * {@code VectorMath64}); false when it does not (the caller then runs its {@link Math} loop).
     */
    boolean unary64(Primitive p, double[] a, double[] o, int lo, int hi);

    /**
     * {@code o[i] = a[i] ** b[i]} in float64 for i in {@code [lo, hi)}, or {@code a[i] ** b[0]} when b has one
     * element (the vector provider: within 1 ulp of the correctly rounded result, see {@code VectorMath64});
     * false when this provider does not compute it, for any range (also an empty one), the caller then running
     * its scalar loop.
     */
    boolean pow64(double[] a, double[] b, double[] o, int lo, int hi);

    /** {@code o[i] = a[i] op b[i]} for {@code op} in {@code ADD SUB MUL DIV}, i in {@code [lo, hi)}. */
    void f32(Primitive p, float[] a, float[] b, float[] o, int lo, int hi);

    /** {@code o[i] = a[i] op c}. */
    void f32Right(Primitive p, float[] a, float c, float[] o, int lo, int hi);

    /** {@code o[i] = c op b[i]}. */
    void f32Left(Primitive p, float c, float[] b, float[] o, int lo, int hi);

    /**
     * {@code o[r q + j] = a[r q + j] op row[j]} ({@code row[j] op a[r q + j]} when {@code rowLeft}) for every row
     * r of {@code o.length / q} and j in {@code [0, q)}, {@code op} in {@code ADD SUB MUL DIV}: a row broadcast over
     * leading axes (a bias add); one IEEE operation per element, the same bits on both paths.
     */
    void f32Row(Primitive p, float[] a, float[] row, boolean rowLeft, float[] o, int q);

    /**
     * {@code o[i] = a[i * as] ** b[i * bs]} in float32 for i in {@code [lo, hi)}, strides 0 (a one-element
     * operand) or 1, if this provider computes pow itself (the vector provider: within 2 ulp of the correctly
     * rounded result, the scalar kernel's special values, see {@code VectorMath}); false, writing nothing, when it
     * does not (an empty range only asks).
     */
    boolean pow32(float[] a, int as, float[] b, int bs, float[] o, int lo, int hi);

    /** {@code o[i] = a[i] op b[i]} in float64. */
    void f64(Primitive p, double[] a, double[] b, double[] o, int lo, int hi);

    /** {@code o[i] = a[i] op c} in float64. */
    void f64Right(Primitive p, double[] a, double c, double[] o, int lo, int hi);

    /** {@code o[i] = c op b[i]} in float64. */
    void f64Left(Primitive p, double c, double[] b, double[] o, int lo, int hi);

    /** {@code o[i] = c[i] ? a[i] : b[i]} (float32 {@code where}, equal shapes); the same bits on both paths. */
    void where32(boolean[] c, float[] a, float[] b, float[] o, int lo, int hi);

    /**
     * {@code o[i] = c[i] ? a[i] : z} when {@code fullWhenTrue}, else {@code o[i] = c[i] ? z : a[i]} (a
     * single-element branch of {@code where}, such as the 0 of a relu gradient); the same bits on both paths.
     */
    void where32Scalar(boolean[] c, float[] a, float z, boolean fullWhenTrue, float[] o, int lo, int hi);

    /**
     * {@code o[i] = a[i] > z} ({@code GREATER}) or {@code a[i] < z} ({@code LESS}), float32 against one value (the
     * {@code out > 0} of a relu gradient); false for NaN on both paths.
     */
    void compare32Right(Primitive p, float[] a, float z, boolean[] o, int lo, int hi);

    /**
     * {@code o[i] = y[i] > 0 ? g[i] : +0}: a relu's gradient from its output {@code y} and the output's gradient
     * {@code g} (the bits of {@code where(y > 0, g, 0)}: 0 where y is NaN or a zero); the same bits on both paths.
     */
    void reluGrad32(float[] y, float[] g, float[] o, int lo, int hi);

    /** {@code o[i] = max(a[i], 0)}: NaN stays NaN, -0 becomes +0. */
    void relu32(float[] a, float[] o, int lo, int hi);

    /**
     * A dense layer's output pass, in place over the rows {@code [rowLo, rowHi)} of the {@code n}-column matrix
     * {@code c}: {@code c[r n + j] = c[r n + j] + bias[j]}, then {@link #relu32}'s {@code max(., 0)} if {@code relu}:
     * one float addition and one max per element, so the same bits as the bias added in one pass and the relu in
     * another, on both paths.
     */
    void biasRelu32(float[] c, float[] bias, int n, int rowLo, int rowHi, boolean relu);

    /**
     * Plain gradient descent on float32 storage, in place: {@code w[i] = (float) (w[i] - g[i] * lr)}, the product
     * and the difference in double, rounded to float once; the same bits on both paths.
     */
    void descend32(float[] w, float[] g, double lr, int lo, int hi);

    /**
     * Adam's float32 update in place (AMSGrad when {@code vhat} is not null), for i in {@code [lo, hi)}: each line in
     * double from the floats, rounded to float when stored, and the stored float is what the lines after it read
     * (as Keras reads back its slots):
     * <pre>
     *   m[i] = (float) (m[i] + (g[i] - m[i]) * c1)
     *   v[i] = (float) (v[i] + (g[i] * g[i] - v[i]) * c2)
     *   vhat[i] = (float) Math.max(vhat[i], v[i])            (AMSGrad; the last line then reads vhat[i] as v[i])
     *   w[i] = (float) (w[i] - m[i] * alpha / (Math.sqrt(v[i]) + epsilon))
     * </pre>
     * The same bits on both paths (NaN payloads aside).
     */
    void adam32(float[] w, float[] g, float[] m, float[] v, float[] vhat, double c1, double c2, double alpha,
                double epsilon, int lo, int hi);

    /**
     * RMSprop's float32 update in place ({@code mg} not null: centered; {@code mom} not null: momentum), for i in
     * {@code [lo, hi)}, each line in double, stored rounded to float and read back so, as {@link #adam32}:
     * <pre>
     *   ms[i] = (float) (rho * ms[i] + c * (g[i] * g[i]))                                  (c = 1 - rho)
     *   mg[i] = (float) (rho * mg[i] + c * g[i]);  den = ms[i] - mg[i] * mg[i] + epsilon   (centered)
     *                                              den = ms[i] + epsilon                   (otherwise)
     *   inc = lr * g[i] / Math.sqrt(den)
     *   mom[i] = (float) (momentum * mom[i] + inc);  inc = mom[i]                          (momentum)
     *   w[i] = (float) (w[i] - inc)
     * </pre>
     * The same bits on both paths (NaN payloads aside).
     */
    void rmsprop32(float[] w, float[] g, float[] ms, float[] mg, float[] mom, double rho, double c, double momentum,
                   double epsilon, double lr, int lo, int hi);

    /**
     * Adagrad's float32 update in place, for i in {@code [lo, hi)}, as {@link #adam32}:
     * {@code acc[i] = (float) (acc[i] + g[i] * g[i])}, then
     * {@code w[i] = (float) (w[i] - lr * g[i] / Math.sqrt(acc[i] + epsilon))}; the same bits on both paths.
     */
    void adagrad32(float[] w, float[] g, float[] acc, double lr, double epsilon, int lo, int hi);

    /**
     * Lion's float32 update in place, for i in {@code [lo, hi)}, as {@link #adam32}:
     * {@code w[i] = (float) (w[i] - lr * Math.signum(m[i] * beta1 + g[i] * c1))}, then
     * {@code m[i] = (float) (m[i] * beta2 + g[i] * c2)} ({@code c1 = 1 - beta1}, {@code c2 = 1 - beta2}); the same
     * bits on both paths.
     */
    void lion32(float[] w, float[] g, float[] m, double beta1, double c1, double beta2, double c2, double lr, int lo,
                int hi);

    /**
     * SGD with momentum on float32, in place, for i in {@code [lo, hi)}, as {@link #adam32}:
     * {@code m[i] = (float) (m[i] * momentum - g[i] * lr)}, then {@code w[i] = (float) (w[i] + m[i])}, or with
     * Nesterov momentum {@code w[i] = (float) (w[i] + (m[i] * momentum - g[i] * lr))}; the same bits on both paths.
     */
    void momentum32(float[] w, float[] g, float[] m, double momentum, double lr, boolean nesterov, int lo, int hi);

    /** {@code o[i] = max(a[i], 0)} in float64. */
    void relu64(double[] a, double[] o, int lo, int hi);

    /** The sum of {@code a[lo, hi)} accumulated in double. */
    double sum32(float[] a, int lo, int hi);

    /** The sum of {@code a[lo, hi)}. */
    double sum64(double[] a, int lo, int hi);

    /**
     * {@code acc[j] += a[r len + j]} for every row r in {@code [0, rows)}, in row order, and j in {@code [0, len)}
     * (a sum over leading axes, a bias gradient); the same bits on both paths (each {@code acc[j]} is added to in
     * row order).
     */
    void addRows32(double[] acc, float[] a, int rows, int len);

    /** The max of {@code a[lo, hi)} (NaN if any element is NaN; -inf for none), as in {@link ReduceKernels}. */
    double max32(float[] a, int lo, int hi);

    /** The max of {@code a[lo, hi)} in float64. */
    double max64(double[] a, int lo, int hi);
}
