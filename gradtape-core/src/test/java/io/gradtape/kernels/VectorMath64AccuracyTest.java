package io.gradtape.kernels;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The accuracy contract of the Vector API's float64 transcendentals: at most 1 ulp from the correctly rounded
 * result, the reference being {@link BigMath} (45 significant digits, rounded correctly to double), on
 * <ul>
 *   <li>the edge values of every op (+-0, +-inf, NaN, the smallest subnormal, the largest normal, +-1, ...);</li>
 *   <li>runs of 64 consecutive doubles on both sides of each op's thresholds (overflow, underflow to subnormal
 *       and to zero, the switches of the algorithm, doubles nearest multiples of pi/2);</li>
 *   <li>random values uniform over each op's main interval and random values uniform in the exponent (every
 *       binade of the op's domain equally often), {@code gradtape.accuracy.samples} of each (default 4096; the
 *       numbers in {@code Tensors}' Javadoc come from a run with 60000, {@code -Dgradtape.accuracy.report=true}
 *       prints them).</li>
 * </ul>
 * Special results (infinities, NaN, signed zeros, the saturated 0, +-1 and -1 far out) are exact expectations.
 * The results are also the same bits whatever the array length, offset and thread count.
 */
class VectorMath64AccuracyTest {
    private static final int SAMPLES = Integer.getInteger("gradtape.accuracy.samples", 4096);

    private KernelProvider vector;
    private final KernelProvider installed = Vectorization.provider();
    private final int threads = Parallel.threads();

    enum Op {
        EXP(Primitive.EXP, -746, 710, -1074, 10, x -> x > 709.8 ? (Double) Double.POSITIVE_INFINITY : x < -745.2 ? (Double) 0.0
                : Math.abs(x) < 0x1p-60 ? (Double) 1.0 : null, x -> BigMath.exp(BigMath.exact(x)),
                709.782712893384, -708.3964185322641, -745.1332191019411, -744.4400719213812, 0.34657359027997264,
                -0.34657359027997264, 1e-17, 707.0, -707.0),
        LOG(Primitive.LOG, 0, 4, -1074, 1023, x -> x < 0 ? (Double) Double.NaN : x == 0 ? (Double) Double.NEGATIVE_INFINITY
                : x == Double.POSITIVE_INFINITY ? (Double) x : null, x -> BigMath.log(BigMath.exact(x)),
                1.0, 0.7071067811865476, 1.4142135623730951, Double.MIN_NORMAL, 2.718281828459045, 0.5, 2.0),
        LOG1P(Primitive.LOG1P, -1, 3, -1074, 1023, x -> x < -1 ? (Double) Double.NaN : x == -1 ? (Double) Double.NEGATIVE_INFINITY
                : x == Double.POSITIVE_INFINITY || x == 0 ? (Double) x : null,
                x -> BigMath.log1p(BigMath.exact(x)),
                -1.0, 0x1p-54, -0x1p-54, 1.0, 0.41421356237309515, -0.2928932188134524, 0x1p53, -0.5, 1e-10),
        EXPM1(Primitive.EXPM1, -40, 710, -1074, 10, x -> x > 709.8 ? (Double) Double.POSITIVE_INFINITY : x < -40 ? (Double) (-1.0)
                : x == 0 ? (Double) x : null, x -> BigMath.expm1(BigMath.exact(x)),
                0x1p-54, -0x1p-54, 0.34657359027997264, -0.34657359027997264, -37.42994775023705, -40.0,
                709.782712893384, 1e-10, 36.7368005696771),
        SIN(Primitive.SIN, -10, 10, -1074, 19, x -> Double.isInfinite(x) ? (Double) Double.NaN : x == 0 ? (Double) x : null,
                x -> BigMath.sinCos(x, false), 0x1p-27, 0x1p19, 0.7853981633974483, 1.5707963267948966,
                3.141592653589793, 4.71238898038469, 6.283185307179586, 355.0, 103993.0, 411557987.0, 0x1p30),
        COS(Primitive.COS, -10, 10, -1074, 19, x -> Double.isInfinite(x) ? (Double) Double.NaN : x == 0 ? (Double) 1.0 : null,
                x -> BigMath.sinCos(x, true), 0x1p-27, 0x1p19, 0.7853981633974483, 1.5707963267948966,
                3.141592653589793, 4.71238898038469, 6.283185307179586, 355.0, 103993.0, 411557987.0, 0x1p30),
        TANH(Primitive.TANH, -20, 20, -1074, 5, x -> Math.abs(x) > 40 ? (Double) Math.signum(x) : x == 0 ? (Double) x : null,
                x -> {
                    BigDecimal e = BigMath.expm1(BigMath.exact(2 * x));
                    return e.divide(e.add(BigDecimal.valueOf(2)), BigMath.MC);
                }, 0x1p-27, -0x1p-27, 19.06154746539849, 0.17328679513998632, 0.5493061443340549, 18.0),
        SIGMOID(Primitive.SIGMOID, -750, 40, -1074, 10, x -> x >= 750 ? (Double) 1.0 : x <= -750 ? (Double) 0.0 : null,
                x -> BigDecimal.ONE.divide(BigDecimal.ONE.add(BigMath.exp(BigMath.exact(-x))), BigMath.MC),
                0.0, -708.3964185322641, -745.1332191019411, 36.7368005696771, 37.42994775023705, -1.0, 1.0, 707.0,
                -707.0),
        ERF(Primitive.ERF, -6.5, 6.5, -1074, 3, x -> Math.abs(x) >= 6 ? (Double) Math.signum(x) : x == 0 ? (Double) x : null,
                x -> BigMath.erf(BigMath.exact(x)), 0.5, 1.0, 1.5, 2.0, -2.0, 5.9215871957945055, 6.0, 1e-300, 0x1p-1022);

        final Primitive p;
        final double lo, hi;
        final int emin, emax;
        final DoubleFunction<Double> special;
        final DoubleFunction<BigDecimal> ref;
        final double[] thresholds;

        Op(Primitive p, double lo, double hi, int emin, int emax, DoubleFunction<Double> special,
           DoubleFunction<BigDecimal> ref, double... thresholds) {
            this.p = p;
            this.lo = lo;
            this.hi = hi;
            this.emin = emin;
            this.emax = emax;
            this.special = special;
            this.ref = ref;
            this.thresholds = thresholds;
        }
    }

    @BeforeEach
    void needsVectorModule() {
        vector = VectorKernelsOrSkip.vectorKernels("the float64 transcendentals' accuracy");
    }

    @AfterEach
    void restore() {
        Vectorization.setProvider(installed);
        Parallel.setThreads(threads);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void withinOneUlpOfTheCorrectlyRoundedResult(Op op) {
        Worst w = new Worst();
        double[] edges = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0,
            1e-300, -1e-300, 1e300, -1e300};
        check(op, edges, w);
        int run = 64;
        double[] around = new double[op.thresholds.length * 2 * run];
        int n = 0;
        for (double t : op.thresholds) {
            double up = t, down = t;
            for (int i = 0; i < run; i++) {
                around[n++] = up;
                around[n++] = down = Math.nextDown(down);
                up = Math.nextUp(up);
            }
        }
        check(op, around, w);
        SplittableRandom r = new SplittableRandom(op.ordinal() * 1_000_003L);
        double[] x = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = r.nextDouble(op.lo, op.hi);
        }
        check(op, x, w);
        for (int i = 0; i < SAMPLES; i++) { // uniform in the exponent: every binade of the domain
            int e = r.nextInt(op.emin, op.emax + 1);
            double m = 1 + r.nextDouble();
            x[i] = (r.nextBoolean() ? -1 : 1) * (e < -1022 ? Math.scalb(r.nextDouble(), -1022) : Math.scalb(m, e));
        }
        check(op, x, w);
        if (op == Op.SIN || op == Op.COS) { // doubles nearest multiples of pi/2, and beyond 2^19 (StrictMath lanes)
            for (int i = 0; i < SAMPLES; i++) {
                long k = r.nextLong(1, 1L << 20);
                x[i] = BigMath.HALF_PI.multiply(BigDecimal.valueOf(k)).doubleValue();
            }
            check(op, x, w);
            double[] far = new double[256];
            for (int i = 0; i < far.length; i++) {
                far[i] = (r.nextBoolean() ? -1 : 1) * Math.scalb(1 + r.nextDouble(), r.nextInt(19, 1024));
            }
            check(op, far, w);
        }
        if (Boolean.getBoolean("gradtape.accuracy.report")) {
            System.out.printf("VectorMath64AccuracyTest: %s float64: %d values, at most %d ulp from the correctly"
                    + " rounded result, max error %.3f ulp (at %s)%n", op, w.count, w.ulps, w.err, w.where);
        }
        assertTrue(w.ulps <= 1, op + ": " + w.ulps + " ulp");
    }

    /** The worst case seen so far. */
    private static final class Worst {
        long count;
        long ulps;
        double err;
        double where;
    }

    /** Compares {@code op(x[i])} with the reference; fails at once beyond 1 ulp or on a wrong special value. */
    private void check(Op op, double[] x, Worst w) {
        double[] got = new double[x.length];
        assertTrue(vector.unary64(op.p, x, got, 0, x.length), op + " has a vector kernel");
        for (int i = 0; i < x.length; i++) {
            w.count++;
            double xi = x[i];
            Double sp = Double.isNaN(xi) ? Double.valueOf(Double.NaN) : op.special.apply(xi);
            if (sp != null) {
                if (Double.doubleToLongBits(sp) != Double.doubleToLongBits(got[i])) {
                    fail(op + "(" + xi + ") = " + got[i] + ", want " + sp);
                }
                continue;
            }
            BigDecimal exact = op.ref.apply(xi);
            double want = exact.doubleValue();
            if (want == 0 || Double.isInfinite(want)) {
                want = Math.copySign(want, exact.signum()); // doubleValue of a tiny negative: -0
                if (Double.doubleToLongBits(want) != Double.doubleToLongBits(got[i])
                        && Math.abs(ordered(want) - ordered(got[i])) > 1) {
                    fail(op + "(" + xi + ") = " + got[i] + ", want " + want);
                }
            }
            long d = Math.abs(ordered(want) - ordered(got[i]));
            if (d > 1 || Double.isNaN(got[i])) {
                fail(op + "(" + xi + ") = " + got[i] + ", want " + want + " (" + d + " ulp)");
            }
            double e = Double.isInfinite(want) ? 0 : BigMath.exact(got[i]).subtract(exact).abs()
                    .divide(BigMath.exact(Math.ulp(want)), MathContext.DECIMAL64).doubleValue();
            if (d > w.ulps || e > w.err) {
                w.where = e > w.err ? xi : w.where;
                w.err = Math.max(w.err, e);
                w.ulps = Math.max(w.ulps, d);
            }
        }
    }

    /**
     * pow: x uniform in the exponent (every binade, subnormals included) with y uniform in [-8, 8]; x near 1 with
     * large y; y near the values that bring {@code y ln x} to the overflow and underflow limits; integer exponents
     * of negative x; every pair of edge values. Lanes outside the vector path must be exactly
     * {@code x == 1 || (x == -1 && isInfinite(y)) ? 1 : StrictMath.pow(x, y)} (IEEE 754 and C99); the rest within 1 ulp of the 45-digit reference.
     */
    @Test
    void powWithinOneUlpOfTheCorrectlyRoundedResult() {
        Worst w = new Worst();
        double[] edges = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, 1.0, -1.0, 0.5, 2.0, -2.0, 3.0, -3.0, 0.1, 10.0, 1e-300, 1e300, 1.5, -0.5};
        double[] x = new double[edges.length * edges.length], y = new double[x.length];
        for (int i = 0; i < edges.length; i++) {
            for (int j = 0; j < edges.length; j++) {
                x[i * edges.length + j] = edges[i];
                y[i * edges.length + j] = edges[j];
            }
        }
        checkPow(x, y, w);
        SplittableRandom r = new SplittableRandom(77);
        x = new double[SAMPLES];
        y = new double[SAMPLES];
        for (int kind = 0; kind < 4; kind++) {
            for (int i = 0; i < SAMPLES; i++) {
                double m = 1 + r.nextDouble();
                int e = r.nextInt(-1074, 1024);
                double xi = e < -1022 ? Math.scalb(r.nextDouble(), -1022) : Math.scalb(m, e);
                switch (kind) {
                    case 0 -> { x[i] = xi; y[i] = r.nextDouble(-8, 8); }
                    case 1 -> { x[i] = 1 + r.nextDouble(-1e-6, 1e-6); y[i] = r.nextDouble(-1e8, 1e8); }
                    case 2 -> { // |y ln x| near 708 (the vector path's edge) and 709.78 / 745.13 (overflow, underflow)
                        x[i] = xi;
                        double target = new double[] {708, -708, 709.782712893384, -745.1332191019411, -708.3964185322641}[i % 5];
                        y[i] = Math.log(xi) == 0 ? 1 : target / Math.log(xi) * (1 + r.nextDouble(-1e-3, 1e-3));
                    }
                    default -> { x[i] = -Math.abs(r.nextDouble(-4, 4)); y[i] = r.nextInt(-40, 41); }
                }
            }
            checkPow(x, y, w);
        }
        double[] scalarY = {0.5}; // the one-element exponent form
        double[] got = new double[x.length];
        assertTrue(vector.pow64(x, scalarY, got, 0, x.length));
        for (int i = 0; i < x.length; i++) {
            double[] one = new double[1];
            vector.pow64(new double[] {x[i]}, scalarY, one, 0, 1);
            assertEquals(Double.doubleToRawLongBits(one[0]), Double.doubleToRawLongBits(got[i]), "pow(" + x[i] + ", 0.5)");
        }
        if (Boolean.getBoolean("gradtape.accuracy.report")) {
            System.out.printf("VectorMath64AccuracyTest: POW float64: %d values, at most %d ulp from the correctly"
                    + " rounded result, max error %.3f ulp (at x = %s)%n", w.count, w.ulps, w.err, w.where);
        }
        assertTrue(w.ulps <= 1, "pow: " + w.ulps + " ulp");
    }

    private void checkPow(double[] x, double[] y, Worst w) {
        double[] got = new double[x.length];
        assertTrue(vector.pow64(x, y, got, 0, x.length), "pow has a vector kernel");
        for (int i = 0; i < x.length; i++) {
            w.count++;
            double xi = x[i], yi = y[i];
            boolean ref = xi > 0 && xi < Double.POSITIVE_INFINITY && Math.abs(yi) < Double.POSITIVE_INFINITY && xi != 1;
            BigDecimal p = ref ? BigMath.log(BigMath.exact(xi)).multiply(BigMath.exact(yi), BigMath.MC) : null;
            if (!ref || Math.abs(p.doubleValue()) > 745.2) {
                double want = !ref ? (xi == 1 || (xi == -1 && Double.isInfinite(yi)) ? 1 : StrictMath.pow(xi, yi)) : p.signum() > 0 ? Double.POSITIVE_INFINITY : 0.0;
                if (Double.doubleToLongBits(want) != Double.doubleToLongBits(got[i])) {
                    fail("pow(" + xi + ", " + yi + ") = " + got[i] + ", want " + want);
                }
                continue;
            }
            BigDecimal exact = BigMath.exp(p);
            double want = exact.doubleValue();
            long d = Math.abs(ordered(want) - ordered(got[i]));
            if (d > 1 || Double.isNaN(got[i])) {
                fail("pow(" + xi + ", " + yi + ") = " + got[i] + ", want " + want + " (" + d + " ulp)");
            }
            double e = Double.isInfinite(want) || want == 0 ? 0 : BigMath.exact(got[i]).subtract(exact).abs()
                    .divide(BigMath.exact(Math.ulp(want)), MathContext.DECIMAL64).doubleValue();
            if (d > w.ulps || e > w.err) {
                w.where = e > w.err ? xi : w.where;
                w.err = Math.max(w.err, e);
                w.ulps = Math.max(w.ulps, d);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void sameBitsForEveryLengthOffsetAndThreadCount(Op op) {
        int n = (1 << 15) + 13;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(op.ordinal());
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(Math.max(op.lo, -30), Math.min(op.hi, 30));
        }
        Vectorization.setProvider(vector);
        Tensor t = Tensors.constant(x, n);
        Parallel.setThreads(1);
        double[] one = op(op, t).toDoubleArray();
        Parallel.setThreads(2);
        double[] two = op(op, t).toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(one[i]), Double.doubleToRawLongBits(two[i]), op + " 2 threads at " + i);
        }
        for (int i : new int[] {0, 1, 7, n / 2, n - 1}) { // an element alone, at another offset in its vector
            double single = op(op, Tensors.constant(new double[] {x[i]}, 1)).toDoubleArray()[0];
            if (Double.doubleToRawLongBits(single) != Double.doubleToRawLongBits(one[i])) {
                fail(op + "(" + x[i] + ") alone is " + single + ", in the array " + one[i]);
            }
        }
    }

    private static Tensor op(Op op, Tensor t) {
        return switch (op) {
            case EXP -> Tensors.exp(t);
            case LOG -> Tensors.log(t);
            case LOG1P -> Tensors.log1p(t);
            case EXPM1 -> Tensors.expm1(t);
            case SIN -> Tensors.sin(t);
            case COS -> Tensors.cos(t);
            case TANH -> Tensors.tanh(t);
            case SIGMOID -> Tensors.sigmoid(t);
            case ERF -> Tensors.erf(t);
        };
    }

    /** Doubles in order as integers: adjacent doubles differ by 1, and -0 = +0. */
    private static long ordered(double d) {
        long b = Double.doubleToRawLongBits(d);
        return b >= 0 ? b : -(b & Long.MAX_VALUE);
    }
}
