package io.gradtape.internal.kernels;

import io.gradtape.Shape;
import io.gradtape.internal.ops.Primitive;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Plain loops for the hottest elementwise cases, float32 and float64 only:
 * <ul>
 *   <li>{@link #binary}: {@code add sub mul div} when both shapes are equal, one operand is a scalar, or one
 *       operand repeats along the leading axes (a bias row) or the trailing axes (a per-row statistic);</li>
 *   <li>{@code pow} with a one-element exponent of 0, 1 or 2; other float32 powers of equal shapes or with a
 *       one-element operand through the provider's {@code pow32}, and float64 {@code pow} through its {@code pow64}
 *       (both the Vector API's) when the exponent has the base's shape or one element;</li>
 *   <li>{@link #compare} and {@link #where}: equal shapes or single-element operands;</li>
 *   <li>{@link #sum}: a sum over leading or trailing axes (bias gradients, per-row totals);</li>
 *   <li>{@link #unary}: every one-input primitive, with the switch on the primitive taken once per call instead
 *       of once per element.</li>
 * </ul>
 * Every array is indexed by the same loop variable and the loop bodies make no calls that C2 cannot inline, so
 * C2 unrolls and vectorizes the arithmetic ones. Results are bit-identical to the general kernels of
 * {@link ElementwiseKernels} (same operations in the same precision). Large arrays are cut into chunks that
 * {@link Parallel} spreads over the cores: from {@link #PARALLEL_MIN} elements for the memory-bound arithmetic,
 * from {@link #PARALLEL_MIN_TRANSCENDENTAL} for {@code exp}, {@code sin} and the like, which cost tens of
 * nanoseconds per element. The methods return null for any other case, which the general kernel then handles.
 *
 * <p>Every branch of every {@code switch} here names its op; an op without a branch throws
 * {@link IllegalStateException} instead of silently computing another op's values.
 */
public final class FastLoops {
    /** Elements from which {@code + - * /} are split across threads (about 1 ms of single-thread work). */
    public static final int PARALLEL_MIN = 1 << 20;
    /** Elements from which transcendental unary ops are split across threads. */
    public static final int PARALLEL_MIN_TRANSCENDENTAL = 1 << 14;
    /** Chunk size of a split loop (a multiple of the vector length). */
    static final int GRAIN = 1 << 16;

    private FastLoops() {
    }

    /**
     * {@code a op b} for {@code op} in {@code add sub mul div}, float32 or float64, when the shapes are equal,
     * one operand has one element and the other the output's shape, or one has the output's shape and the other
     * repeats along leading or trailing axes; null otherwise.
     */
    public static Object binary(Primitive p, Object a, Object b, Shape sa, Shape sb, Shape out) {
        if (p == Primitive.POW) {
            Object small = sb.size() == 1 && sa.equals(out) ? powScalar(a, b) : null;
            return small != null ? small : a instanceof float[] ? pow32(a, b, sa, sb, out) : pow64(a, b, sa, sb, out);
        }
        if (!ARITHMETIC[p.ordinal()]) {
            return null;
        }
        boolean same = sa.equals(sb);
        boolean right = !same && sb.size() == 1 && sa.equals(out);
        if (!same && !right && !(sa.size() == 1 && sb.equals(out))) {
            try {
                return (Object) BROADCAST_ONE[0].invokeExact(p, a, b, sa, sb, out);
            } catch (Throwable e) {
                throw KernelHandles.unchecked(e);
            }
        }
        if (a instanceof float[]) {
            float[] x = (float[]) a, y = (float[]) b;
            int n = same || right ? x.length : y.length;
            float[] o = Convert.floatsToFill(n);
            if (n < PARALLEL_MIN) {
                if (same) f32(p, x, y, o, 0, n);
                else if (right) f32Right(p, x, y[0], o, 0, n);
                else f32Left(p, x[0], y, o, 0, n);
            } else if (same) {
                Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f32(p, x, y, o, lo, hi));
            } else if (right) {
                float c = y[0];
                Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f32Right(p, x, c, o, lo, hi));
            } else {
                float c = x[0];
                Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f32Left(p, c, y, o, lo, hi));
            }
            return o;
        }
        if (!(a instanceof double[])) {
            return null;
        }
        double[] x = (double[]) a, y = (double[]) b;
        int n = same || right ? x.length : y.length;
        double[] o = Convert.doublesToFill(n);
        if (n < PARALLEL_MIN) {
            if (same) f64(p, x, y, o, 0, n);
            else if (right) f64Right(p, x, y[0], o, 0, n);
            else f64Left(p, x[0], y, o, 0, n);
        } else if (same) {
            Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f64(p, x, y, o, lo, hi));
        } else if (right) {
            double c = y[0];
            Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f64Right(p, x, c, o, lo, hi));
        } else {
            double c = x[0];
            Parallel.forRange(n, GRAIN, PARALLEL_MIN, (lo, hi) -> f64Left(p, c, y, o, lo, hi));
        }
        return o;
    }

    /**
     * {@code x ** c} for a one-element exponent 0, 1 or 2 (as in derivative rules: {@code 3 x^2} then {@code 6 x}),
     * without {@code Math.pow}: {@code pow(x, 0) = 1} and {@code pow(x, 1) = x} for every x by its specification,
     * and HotSpot computes {@code pow(x, 2.0)} as {@code x * x} in every mode (JDK-8063086); in float32 the
     * product of two floats in double is exact, so rounding it once to float is the float product. The same bits
     * as the general kernel; null for any other exponent.
     */
    private static Object powScalar(Object a, Object b) {
        if (a instanceof float[]) {
            float[] x = (float[]) a;
            float c = ((float[]) b)[0];
            if (c != 0f && c != 1f && c != 2f) {
                return null;
            }
            float[] o = Convert.floatsToFill(x.length);
            if (c == 0f) {
                java.util.Arrays.fill(o, 1f);
            } else if (c == 1f) {
                System.arraycopy(x, 0, o, 0, x.length);
            } else {
                for (int i = 0; i < o.length; i++) o[i] = x[i] * x[i];
            }
            return o;
        }
        if (a instanceof double[]) {
            double[] x = (double[]) a;
            double c = ((double[]) b)[0];
            if (c != 0d && c != 1d && c != 2d) {
                return null;
            }
            double[] o = Convert.doublesToFill(x.length);
            if (c == 0d) {
                java.util.Arrays.fill(o, 1d);
            } else if (c == 1d) {
                System.arraycopy(x, 0, o, 0, x.length);
            } else {
                for (int i = 0; i < o.length; i++) o[i] = x[i] * x[i];
            }
            return o;
        }
        return null;
    }

    /**
     * float64 {@code x ** y} by the provider's {@link KernelProvider#pow64} (the Vector API's, within 1 ulp) when y
     * has x's shape or one element and x has the output's shape; null otherwise, or when the provider declines
     * (the scalar provider: the general kernel's {@code Math.pow} loop runs).
     */
    private static Object pow64(Object a, Object b, Shape sa, Shape sb, Shape out) {
        if (!(a instanceof double[]) || !sa.equals(out) || !(sb.equals(out) || sb.size() == 1)) {
            return null;
        }
        double[] x = (double[]) a, y = (double[]) b;
        KernelProvider k = Vectorization.provider();
        if (!k.pow64(x, y, x, 0, 0)) { // asks whether the provider has the kernel: an empty range writes nothing
            return null;
        }
        double[] o = Convert.doublesToFill(x.length); // after the question: a pooled array is not taken for nothing
        Parallel.forRange(x.length, GRAIN / 8, PARALLEL_MIN_TRANSCENDENTAL, (lo, hi) -> k.pow64(x, y, o, lo, hi));
        return o;
    }

    /**
     * float32 {@code a ** b} by the provider's pow kernel (the Vector API's; the scalar provider has none) when
     * the shapes are equal or one operand has one element and the other the output's shape; null otherwise.
     */
    private static Object pow32(Object a, Object b, Shape sa, Shape sb, Shape out) {
        if (!(a instanceof float[]) || !(b instanceof float[])) {
            return null;
        }
        float[] x = (float[]) a, y = (float[]) b;
        int as = sa.equals(out) ? 1 : sa.size() == 1 ? 0 : -1;
        int bs = sb.equals(out) ? 1 : sb.size() == 1 ? 0 : -1;
        KernelProvider k = Vectorization.provider();
        int n = out.size();
        if (as < 0 || bs < 0 || !k.pow32(x, as, y, bs, x, 0, 0)) { // the question, as in pow64
            return null;
        }
        float[] o = Convert.floatsToFill(n);
        Parallel.forRange(n, GRAIN / 8, PARALLEL_MIN_TRANSCENDENTAL, (lo, hi) -> k.pow32(x, as, y, bs, o, lo, hi));
        return o;
    }

    // ------------------------------------------------------------------------ one operand broadcast along axes

    /**
     * The two broadcasts of training code: one operand has the output's shape and the other repeats along the
     * leading axes (a bias row, {@code (M, N) + (N,)}) or along the trailing axes (a per-row statistic,
     * {@code (M, N) - (M, 1)} in softmax). Null for any other shape pair.
     */
    private static Object broadcastOne(Primitive p, Object a, Object b, Shape sa, Shape sb, Shape out) {
        boolean aFull = sa.equals(out);
        if (!aFull && !sb.equals(out)) {
            return null;
        }
        Shape small = aFull ? sb : sa;
        int q = small.size();
        int n = out.size();
        if (q <= 1 || n == 0) {
            return null;
        }
        int kind = kind(small, out);
        if (kind == 0) {
            return null;
        }
        boolean row = kind == ROW;
        if (a instanceof float[]) {
            float[] x = (float[]) a, y = (float[]) b, o = Convert.floatsToFill(n);
            if (row) {
                f32Row(p, x, y, o, aFull, q);
            } else {
                f32Col(p, x, y, o, aFull, n / q);
            }
            return o;
        }
        if (a instanceof double[]) {
            double[] x = (double[]) a, y = (double[]) b, o = Convert.doublesToFill(n);
            if (row) {
                f64Row(p, x, y, o, aFull, q);
            } else {
                f64Col(p, x, y, o, aFull, n / q);
            }
            return o;
        }
        return null;
    }

    /**
     * {@link #broadcastOne} as a handle read from an array, so that C2 neither treats it as a constant nor inlines
     * it into {@link #binary} (which C2 inlines into its callers): a pair of shapes a JVM meets late traps in
     * broadcastOne's own code. Before, {@link #kind}'s tests were inlined in binary: in WarmCold mixed 2
     * (-XX:+LogCompilation, 2026-12-03 13:26-13:30 UTC, load 2-4, 2 runs), after other work whose broadcasts were
     * all bias rows, the MNIST MLP's first per-row statistic ({@code [128, 10] - [128, 1]}, its log-softmax)
     * trapped at kind@81 and C2 compiled binary again (5.7 and 12.0 KB, 38 and 113 ms) during the MLP's first
     * steps. The trap is still there, in broadcastOne's code (or the handle's, which C2 compiles with
     * broadcastOne inlined): 1-3.6 KB compiled again in the logged runs of 13:41-13:56 UTC. The handle's call (a
     * few ns) is paid only by a broadcast along axes, whose loops cost far more.
     */
    private static final MethodHandle[] BROADCAST_ONE = {handle("broadcastOne", Object.class, Primitive.class,
            Object.class, Object.class, Shape.class, Shape.class, Shape.class)};

    private static final int ROW = 1;
    private static final int COL = 2;

    /**
     * {@link #ROW} if {@code small} (dropping leading 1s) equals the trailing dimensions of {@code out};
     * {@link #COL} if it is {@code out}'s leading dimensions followed by 1s, at the same rank; otherwise 0.
     */
    private static int kind(Shape small, Shape out) {
        int rs = small.rank(), ro = out.rank();
        int lead = 0;
        while (lead < rs && small.dim(lead) == 1) {
            lead++;
        }
        boolean row = rs - lead <= ro;
        for (int i = lead; i < rs && row; i++) {
            row = small.dim(i) == out.dim(ro - rs + i);
        }
        if (row) {
            return ROW;
        }
        if (rs != ro) {
            return 0;
        }
        int tail = rs;
        while (tail > 0 && small.dim(tail - 1) == 1) {
            tail--;
        }
        for (int i = 0; i < tail; i++) {
            if (small.dim(i) != out.dim(i)) {
                return 0;
            }
        }
        return COL;
    }

    /**
     * {@code o[r, j] = full[r, j] op row[j]} (or {@code row[j] op full[r, j]} when the row is on the left), by the
     * provider: the Vector API's loop loads the row once per vector, where a plain loop over each short row stays
     * scalar (the 32 x 16 bias add of a tiny MLP).
     */
    private static void f32Row(Primitive p, float[] a, float[] b, float[] o, boolean aFull, int q) {
        Vectorization.provider().f32Row(p, aFull ? a : b, aFull ? b : a, !aFull, o, q);
    }

    /** {@code o[r, j] = full[r, j] op col[r]} for rows of {@code inner} elements (or the reverse order). */
    private static void f32Col(Primitive p, float[] a, float[] b, float[] o, boolean aFull, int inner) {
        float[] full = aFull ? a : b, col = aFull ? b : a;
        for (int r = 0, base = 0; base < o.length; r++, base += inner) {
            float c = col[r];
            int lo = base, hi = base + inner;
            if (aFull) {
                f32Right(p, full, c, o, lo, hi);
            } else {
                f32Left(p, c, full, o, lo, hi);
            }
        }
    }

    private static void f64Row(Primitive p, double[] a, double[] b, double[] o, boolean aFull, int q) {
        double[] full = aFull ? a : b, row = aFull ? b : a;
        for (int base = 0; base < o.length; base += q) {
            if (aFull) {
                switch (p) {
                    case ADD -> { for (int j = 0; j < q; j++) o[base + j] = full[base + j] + row[j]; }
                    case SUB -> { for (int j = 0; j < q; j++) o[base + j] = full[base + j] - row[j]; }
                    case MUL -> { for (int j = 0; j < q; j++) o[base + j] = full[base + j] * row[j]; }
                    case DIV -> { for (int j = 0; j < q; j++) o[base + j] = full[base + j] / row[j]; }
                    default -> throw ElementwiseKernels.noKernel("FastLoops", p);
                }
            } else {
                switch (p) {
                    case ADD -> { for (int j = 0; j < q; j++) o[base + j] = row[j] + full[base + j]; }
                    case SUB -> { for (int j = 0; j < q; j++) o[base + j] = row[j] - full[base + j]; }
                    case MUL -> { for (int j = 0; j < q; j++) o[base + j] = row[j] * full[base + j]; }
                    case DIV -> { for (int j = 0; j < q; j++) o[base + j] = row[j] / full[base + j]; }
                    default -> throw ElementwiseKernels.noKernel("FastLoops", p);
                }
            }
        }
    }

    private static void f64Col(Primitive p, double[] a, double[] b, double[] o, boolean aFull, int inner) {
        double[] full = aFull ? a : b, col = aFull ? b : a;
        for (int r = 0, base = 0; base < o.length; r++, base += inner) {
            double c = col[r];
            int lo = base, hi = base + inner;
            if (aFull) {
                f64Right(p, full, c, o, lo, hi);
            } else {
                f64Left(p, c, full, o, lo, hi);
            }
        }
    }

    // ------------------------------------------------------------------------------ comparisons and where

    /**
     * A relu's gradient from its output {@code y} and the output's gradient {@code g}, both float32 or both
     * float64 of one length: {@code y > 0 ? g : +0}, the bits of {@code where(greater(y, 0), g, 0)}; null for
     * other operands. One pass and one array where the three ops took three passes, a boolean mask, two scalar
     * zeros and their shape checks: the backward sweep uses it when nothing records the rule's ops.
     */
    public static Object reluGradient(Object y, Object g) {
        if (y instanceof float[] && g instanceof float[] && ((float[]) y).length == ((float[]) g).length) {
            float[] a = (float[]) y, b = (float[]) g, o = Convert.floatsToFill(a.length);
            Vectorization.provider().reluGrad32(a, b, o, 0, a.length);
            return o;
        }
        if (y instanceof double[] && g instanceof double[] && ((double[]) y).length == ((double[]) g).length) {
            double[] a = (double[]) y, b = (double[]) g, o = Convert.doublesToFill(a.length);
            for (int i = 0; i < a.length; i++) o[i] = a[i] > 0 ? b[i] : 0d;
            return o;
        }
        return null;
    }

    /**
     * A comparison of float32 or float64 operands of equal shapes or with one single-element operand (the
     * {@code x > 0} of a relu gradient); null otherwise. Same results as comparing the values as doubles.
     */
    public static boolean[] compare(Primitive p, Object a, Object b, Shape sa, Shape sb, Shape out) {
        boolean same = sa.equals(sb);
        boolean right = !same && sb.size() == 1 && sa.equals(out);
        boolean left = !same && !right && sa.size() == 1 && sb.equals(out);
        if (!same && !right && !left) {
            return null;
        }
        int n = out.size();
        boolean[] o = new boolean[n];
        if (a instanceof float[]) {
            float[] x = (float[]) a, y = (float[]) b;
            if (same) {
                for (int i = 0; i < n; i++) o[i] = ElementwiseKernels.compare(p, x[i], y[i]);
            } else if (right) {
                float c = y[0];
                switch (p) {
                    case GREATER, LESS -> Vectorization.provider().compare32Right(p, x, c, o, 0, n);
                    case EQUAL, NOT_EQUAL, GREATER_EQUAL, LESS_EQUAL -> { for (int i = 0; i < n; i++) o[i] = ElementwiseKernels.compare(p, x[i], c); }
                    default -> throw ElementwiseKernels.noKernel("FastLoops", p);
                }
            } else {
                float c = x[0];
                for (int i = 0; i < n; i++) o[i] = ElementwiseKernels.compare(p, c, y[i]);
            }
            return o;
        }
        if (a instanceof double[]) {
            double[] x = (double[]) a, y = (double[]) b;
            if (same) {
                for (int i = 0; i < n; i++) o[i] = ElementwiseKernels.compare(p, x[i], y[i]);
            } else if (right) {
                double c = y[0];
                for (int i = 0; i < n; i++) o[i] = ElementwiseKernels.compare(p, x[i], c);
            } else {
                double c = x[0];
                for (int i = 0; i < n; i++) o[i] = ElementwiseKernels.compare(p, c, y[i]);
            }
            return o;
        }
        return null;
    }

    /**
     * {@code cond ? x : y} when {@code cond} has the output's shape and {@code x} and {@code y} each have it or
     * a single element (the {@code where(out > 0, g, 0)} of a relu gradient), float32 or float64; null otherwise.
     */
    public static Object where(Object cond, Shape sc, Object x, Shape sx, Object y, Shape sy, Shape out) {
        if (!sc.equals(out) || !(cond instanceof boolean[])) {
            return null;
        }
        boolean xs = !sx.equals(out), ys = !sy.equals(out);
        if ((xs && sx.size() != 1) || (ys && sy.size() != 1)) {
            return null;
        }
        boolean[] c = (boolean[]) cond;
        int n = out.size();
        if (x instanceof float[] && y instanceof float[]) {
            float[] a = (float[]) x, b = (float[]) y, o = Convert.floatsToFill(n);
            if (!xs && ys) {
                Vectorization.provider().where32Scalar(c, a, b[0], true, o, 0, n); // scalar or Vector API loops
            } else if (xs && !ys) {
                Vectorization.provider().where32Scalar(c, b, a[0], false, o, 0, n);
            } else if (!xs) {
                Vectorization.provider().where32(c, a, b, o, 0, n);
            } else {
                float u = a[0], v = b[0];
                for (int i = 0; i < n; i++) o[i] = c[i] ? u : v;
            }
            return o;
        }
        if (x instanceof double[] && y instanceof double[]) {
            double[] a = (double[]) x, b = (double[]) y, o = Convert.doublesToFill(n);
            if (!xs && ys) {
                double z = b[0];
                for (int i = 0; i < n; i++) o[i] = c[i] ? a[i] : z;
            } else if (xs && !ys) {
                double z = a[0];
                for (int i = 0; i < n; i++) o[i] = c[i] ? z : b[i];
            } else if (!xs) {
                for (int i = 0; i < n; i++) o[i] = c[i] ? a[i] : b[i];
            } else {
                double u = a[0], v = b[0];
                for (int i = 0; i < n; i++) o[i] = c[i] ? u : v;
            }
            return o;
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ reduce_sum

    /**
     * The sum of a float32 or float64 array over a leading run of axes ({@code (M, N) -> (N,)}, a bias
     * gradient) or a trailing run ({@code (M, N) -> (M,)}), {@code reduced[d]} marking the summed axes; null for
     * any other pattern. Accumulates in double and rounds once, as {@code ReduceKernels} does, without its
     * per-element index map and type dispatch; the row sums of the trailing pattern come from the
     * {@link KernelProvider} (input order on the scalar path, per-lane partial sums on the vector path).
     */
    public static Object sum(Object data, Shape s, boolean[] reduced) {
        int code;
        try {
            code = (int) SUM_PLAN[0].invokeExact(s, reduced);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
        if (code < 0) {
            return null;
        }
        int r = s.rank();
        int split = code >>> 1;
        int outer = 1;
        for (int d = 0; d < split; d++) {
            outer *= s.dim(d);
        }
        int inner = 1;
        for (int d = split; d < r; d++) {
            inner *= s.dim(d);
        }
        try {
            if (data instanceof float[]) {
                return (float[]) SUM32[code & 1].invokeExact((float[]) data, outer, inner);
            }
            if (data instanceof double[]) {
                return (double[]) SUM64[code & 1].invokeExact((double[]) data, outer, inner);
            }
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
        return null;
    }

    /**
     * {@link #sum}'s pattern: -1 when the summed axes are neither a leading nor a trailing run (nor all, nor
     * none), else {@code split * 2 + 1} for a leading run of {@code split} axes and {@code split * 2} for a
     * trailing run that starts at axis {@code split}.
     */
    private static int sumPlan(Shape s, boolean[] reduced) {
        int r = s.rank();
        int lead = 0;
        while (lead < r && reduced[lead]) {
            lead++;
        }
        int trail = 0;
        while (trail < r && reduced[r - 1 - trail]) {
            trail++;
        }
        int count = 0;
        for (boolean b : reduced) {
            count += b ? 1 : 0;
        }
        boolean leading = lead == count && lead > 0 && lead < r;
        boolean trailing = !leading && trail == count && trail > 0 && trail < r;
        if (!leading && !trailing) {
            return -1;
        }
        return leading ? lead * 2 + 1 : (r - trail) * 2;
    }

    /**
     * {@code x} as {@code outer} rows of {@code inner}: the sum over the rows (Leading: a leading run of axes
     * summed) or the sum of each row (Trailing), accumulated in double; the float32 ones rounded once.
     */
    private static float[] sum32Leading(float[] x, int outer, int inner) {
        double[] acc = new double[inner];
        Vectorization.provider().addRows32(acc, x, outer, inner);
        return round32(acc);
    }

    private static float[] sum32Trailing(float[] x, int outer, int inner) {
        double[] acc = new double[outer];
        KernelProvider k = Vectorization.provider();
        for (int o = 0, base = 0; o < outer; o++, base += inner) {
            acc[o] = k.sum32(x, base, base + inner);
        }
        return round32(acc);
    }

    private static float[] round32(double[] acc) {
        float[] out = new float[acc.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) acc[i];
        }
        return out;
    }

    private static double[] sum64Leading(double[] x, int outer, int inner) {
        double[] acc = new double[inner];
        for (int o = 0, base = 0; o < outer; o++, base += inner) {
            for (int j = 0; j < inner; j++) {
                acc[j] += x[base + j];
            }
        }
        return acc;
    }

    private static double[] sum64Trailing(double[] x, int outer, int inner) {
        double[] acc = new double[outer];
        KernelProvider k = Vectorization.provider();
        for (int o = 0, base = 0; o < outer; o++, base += inner) {
            acc[o] = k.sum64(x, base, base + inner);
        }
        return acc;
    }

    /**
     * {@link #sum}'s pattern analysis and its loops as handles read from arrays ({@code [0]} trailing, {@code [1]}
     * leading, by {@link #sumPlan}'s low bit), so that C2 neither treats them as constants nor inlines them into
     * sum and, through it, into {@code ReduceKernels.reduce}; a pattern a JVM meets late compiles its own code and
     * makes no compiled caller not entrant. Before, sum held the branches: in WarmCold mixed 2 (-XX:+LogCompilation,
     * 2026-12-03 13:26-13:30 UTC, load 2-4, 2 runs), after other work whose sums were all over leading axes (bias
     * gradients), the MNIST MLP's first sum along the last axis (its log-softmax) trapped at sum@44 (the trailing
     * count's loop) and C2 compiled sum again (6.3-6.5 KB and its OSR, 73 ms) during the MLP's first steps. Same
     * loops in the same order, so the same bits.
     */
    private static final MethodHandle[] SUM_PLAN = {handle("sumPlan", int.class, Shape.class, boolean[].class)};
    private static final MethodHandle[] SUM32 = {
        handle("sum32Trailing", float[].class, float[].class, int.class, int.class),
        handle("sum32Leading", float[].class, float[].class, int.class, int.class)};
    private static final MethodHandle[] SUM64 = {
        handle("sum64Trailing", double[].class, double[].class, int.class, int.class),
        handle("sum64Leading", double[].class, double[].class, int.class, int.class)};

    /** FastLoops' static method {@code name} as a handle; a missing one fails the class's initialization. */
    private static MethodHandle handle(String name, Class<?> result, Class<?>... params) {
        return KernelHandles.find(MethodHandles.lookup(), FastLoops.class, name, MethodType.methodType(result, params));
    }

    /**
     * {@code + - * /}, the ops {@link #binary} computes (besides pow), by ordinal. A table rather than a chain of
     * comparisons, for {@link #CHEAP}'s reason: in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:34 UTC) the
     * MNIST MLP's first float {@code div} here trapped at the chain's {@code p != MUL} (binary@95) and C2 compiled
     * binary again (3.1 KB).
     */
    private static final boolean[] ARITHMETIC = Primitive.flags(Primitive.ADD, Primitive.SUB, Primitive.MUL,
            Primitive.DIV);

    /**
     * Unary primitives that cost about a load and a store per element, by ordinal. A table rather than a chain of
     * comparisons: C2 compiled {@code p == NEG || p == ABS || p == RELU} with the comparisons no op had reached cut
     * off, so the first {@code neg} in a JVM that had run relu and exp deoptimized KernelTable.run, into which
     * this method inlines (WarmCold mixed, -XX:+LogCompilation, 2026-12-03: out for 2.6 s of the MNIST MLP's first
     * steps).
     */
    private static final boolean[] CHEAP = Primitive.flags(Primitive.NEG, Primitive.ABS, Primitive.RELU);
    /**
     * {@link #unary}'s parallel threshold and grain by ordinal, read from tables: the same choice made with
     * {@code CHEAP[p] ? a : b} was compiled as a trap for the side no op had taken, and the MNIST MLP's first relu
     * in a JVM that had run only exp deoptimized unary (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-05:
     * unary@10 in every logged run).
     */
    private static final int[] UNARY_MIN = new int[CHEAP.length];
    private static final int[] UNARY_GRAIN = new int[CHEAP.length];

    static {
        for (int i = 0; i < CHEAP.length; i++) {
            UNARY_MIN[i] = CHEAP[i] ? PARALLEL_MIN : PARALLEL_MIN_TRANSCENDENTAL;
            UNARY_GRAIN[i] = CHEAP[i] ? GRAIN : GRAIN / 8;
        }
    }
    /** Unary primitives whose float32 loop goes through double chunks below the Vector API, by ordinal. */
    private static final boolean[] VIA_DOUBLE = Primitive.flags(Primitive.EXP, Primitive.LOG, Primitive.SIN, Primitive.COS,
            Primitive.TANH);

    /**
     * A one-input primitive on a float32 or float64 array into a new (or recycled) array; null for other dtypes.
     * From the op's parallel threshold on, {@link OverlappedUnary}: the output is allocated while the helpers
     * already compute.
     */
    public static Object unary(Primitive p, Object x) {
        int min = UNARY_MIN[p.ordinal()];
        int grain = UNARY_GRAIN[p.ordinal()];
        if (x instanceof float[]) {
            float[] a = (float[]) x;
            if (a.length >= min) {
                return OverlappedUnary.apply(p, a, grain, min); // allocates while the helpers compute
            }
            float[] o = Convert.floatsToFill(a.length);
            f32Unary(p, a, o, 0, a.length);
            return o;
        }
        if (x instanceof double[]) {
            double[] a = (double[]) x;
            if (a.length >= min) {
                return OverlappedUnary.apply(p, a, grain, min);
            }
            double[] o = Convert.doublesToFill(a.length);
            f64Unary(p, a, o, 0, a.length);
            return o;
        }
        return null;
    }

    static void f32Unary(Primitive p, float[] a, float[] o, int lo, int hi) {
        if (Vectorization.provider().unary32(p, a, o, lo, hi)) {
            return; // the Vector API's transcendentals (every size: a value's result never depends on it)
        }
        boolean viaDouble = VIA_DOUBLE[p.ordinal()];
        if (viaDouble && hi - lo >= 64) { // below, the chunk buffer costs more than it saves (scalars: nothing extra)
            f32ViaDouble(p, a, o, lo, hi);
            return;
        }
        try {
            UNARY32[p.ordinal()].invokeExact(p, a, o, lo, hi);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    private static void f32Neg(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = -a[i];
    }

    private static void f32Abs(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]);
    }

    private static void f32Relu(Primitive p, float[] a, float[] o, int lo, int hi) {
        Vectorization.provider().relu32(a, o, lo, hi); // max(x, 0): NaN stays NaN, -0 -> +0
    }

    private static void f32Exp(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) Math.exp(a[i]);
    }

    private static void f32Log(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) Math.log(a[i]);
    }

    private static void f32Sin(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) Math.sin(a[i]);
    }

    private static void f32Cos(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) Math.cos(a[i]);
    }

    private static void f32Tanh(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) Math.tanh(a[i]);
    }

    private static void f32Sqrt(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) Math.sqrt(a[i]);
    }

    private static void f32Op(Primitive p, float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = (float) ElementwiseKernels.unaryOp(p, a[i]);
    }

    private static void f32None(Primitive p, float[] a, float[] o, int lo, int hi) {
        throw ElementwiseKernels.noKernel("FastLoops", p);
    }

    /**
     * {@link #f32Unary}'s element loops by the primitive's ordinal, as handles read from an array, so that C2
     * neither treats them as constants nor inlines them: each loop compiles on its own when its op gets hot, and an
     * op new to the JVM throws away no compiled code. Before, f32Unary held a {@code switch} on the op, which C2
     * compiled with the cases no call had reached cut off: in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03
     * 13:26-13:35 UTC, load 2-4, 2 of 3 runs), after other work that had run no float32 relu here, the MNIST MLP's
     * first relu trapped at f32Unary@60 (the switch) and C2 compiled f32Unary again (5.5 KB and its OSR, 24-58 ms)
     * during the MLP's first steps. The same loops, so the same bits.
     */
    private static final MethodHandle[] UNARY32 = unary32Table();

    private static MethodHandle[] unary32Table() {
        MethodType type = MethodType.methodType(void.class, Primitive.class, float[].class, float[].class, int.class,
                int.class);
        return KernelHandles.byPrimitive(MethodHandles.lookup(), FastLoops.class, type, q -> switch (q) {
            case NEG -> "f32Neg";
            case ABS -> "f32Abs";
            case RELU -> "f32Relu";
            case EXP -> "f32Exp";
            case LOG -> "f32Log";
            case SIN -> "f32Sin";
            case COS -> "f32Cos";
            case TANH -> "f32Tanh";
            case SQRT -> "f32Sqrt";
            case SIGN, TAN, SIGMOID, LOG1P, EXPM1, ERF, FLOOR, CEIL, ROUND -> "f32Op";
            default -> "f32None";
        });
    }

    /**
     * A float32 transcendental computed in double, as {@code (float) Math.exp((double) x)} (the same bits), but
     * in three passes over 512-element chunks: widen, the {@code Math} call, narrow. The widening and narrowing
     * passes vectorize, and the call loop alone runs two to three times faster than the same calls interleaved
     * with the conversions (exp: 14 -> 5-7 ns per element, sin: 17 -> 8-11 ns, measured on this JDK 17).
     */
    private static void f32ViaDouble(Primitive p, float[] a, float[] o, int lo, int hi) {
        double[] buf = new double[Math.min(512, hi - lo)];
        for (int s = lo; s < hi; s += 512) {
            int len = Math.min(512, hi - s);
            for (int j = 0; j < len; j++) buf[j] = a[s + j];
            switch (p) {
                case EXP -> { for (int j = 0; j < len; j++) buf[j] = Math.exp(buf[j]); }
                case LOG -> { for (int j = 0; j < len; j++) buf[j] = Math.log(buf[j]); }
                case SIN -> { for (int j = 0; j < len; j++) buf[j] = Math.sin(buf[j]); }
                case COS -> { for (int j = 0; j < len; j++) buf[j] = Math.cos(buf[j]); }
                case TANH -> { for (int j = 0; j < len; j++) buf[j] = Math.tanh(buf[j]); }
                default -> throw ElementwiseKernels.noKernel("FastLoops", p);
            }
            for (int j = 0; j < len; j++) o[s + j] = (float) buf[j];
        }
    }

    static void f64Unary(Primitive p, double[] a, double[] o, int lo, int hi) {
        if (Vectorization.provider().unary64(p, a, o, lo, hi)) {
            return; // the Vector API's float64 transcendentals (VectorMath64)
        }
        switch (p) {
            case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
            case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
            case RELU -> Vectorization.provider().relu64(a, o, lo, hi);
            case EXP -> { for (int i = lo; i < hi; i++) o[i] = Math.exp(a[i]); }
            case LOG -> { for (int i = lo; i < hi; i++) o[i] = Math.log(a[i]); }
            case SIN -> { for (int i = lo; i < hi; i++) o[i] = Math.sin(a[i]); }
            case COS -> { for (int i = lo; i < hi; i++) o[i] = Math.cos(a[i]); }
            case TANH -> { for (int i = lo; i < hi; i++) o[i] = Math.tanh(a[i]); }
            case SQRT -> { for (int i = lo; i < hi; i++) o[i] = Math.sqrt(a[i]); }
            case SIGN, TAN, SIGMOID, LOG1P, EXPM1, ERF, FLOOR, CEIL, ROUND -> { for (int i = lo; i < hi; i++) o[i] = ElementwiseKernels.unaryOp(p, a[i]); }
            default -> throw ElementwiseKernels.noKernel("FastLoops", p);
        }
    }

    private static void f32(Primitive p, float[] a, float[] b, float[] o, int lo, int hi) {
        Vectorization.provider().f32(p, a, b, o, lo, hi); // scalar or Vector API loops
    }

    private static void f32Right(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        Vectorization.provider().f32Right(p, a, c, o, lo, hi); // scalar or Vector API loops
    }

    private static void f32Left(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        Vectorization.provider().f32Left(p, c, b, o, lo, hi); // scalar or Vector API loops
    }

    private static void f64(Primitive p, double[] a, double[] b, double[] o, int lo, int hi) {
        Vectorization.provider().f64(p, a, b, o, lo, hi); // scalar or Vector API loops
    }

    private static void f64Right(Primitive p, double[] a, double c, double[] o, int lo, int hi) {
        Vectorization.provider().f64Right(p, a, c, o, lo, hi); // scalar or Vector API loops
    }

    private static void f64Left(Primitive p, double c, double[] b, double[] o, int lo, int hi) {
        Vectorization.provider().f64Left(p, c, b, o, lo, hi); // scalar or Vector API loops
    }
}
