package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer: convergence on a quadratic bowl and on Rosenbrock's function, three steps against the update
 * formula written out again here in double precision, and the contract of {@link Optimizer#applyGradients}.
 */
class OptimizersTest {

    /** A named optimizer factory, with a learning rate suited to the test problems. */
    record Case(String name, Supplier<Optimizer> make, int bowlSteps, int rosenSteps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("SGD", () -> new SGD(0.1), 200, 0),
                new Case("SGD momentum", () -> new SGD(0.05, 0.9), 300, 0),
                new Case("SGD nesterov", () -> new SGD(0.05, 0.9, true), 300, 0),
                new Case("Adam", () -> new Adam(0.05), 1000, 3000),
                new Case("Adam amsgrad", () -> Adam.builder().learningRate(0.05).amsgrad(true).build(), 1000, 3000),
                new Case("AdamW", () -> AdamW.builder().learningRate(0.05).weightDecay(1e-4).build(), 1000, 3000),
                new Case("RMSprop", () -> new RMSprop(0.01), 1000, 3000),
                new Case("RMSprop centered momentum", () -> RMSprop.builder().learningRate(0.002).momentum(0.9).centered(true).build(), 1000, 3000),
                new Case("Adagrad", () -> new Adagrad(0.5), 1000, 0),
                new Case("Lion", () -> Lion.builder().learningRate(0.003).build(), 1000, 3000),
                new Case("Adamax", () -> new Adamax(0.05), 1000, 3000),
                new Case("Nadam", () -> new Nadam(0.05), 1000, 3000),
                new Case("Adadelta", () -> Adadelta.builder().learningRate(1.0).epsilon(1e-6).build(), 2000, 0),
                new Case("Ftrl", () -> new Ftrl(0.5), 1000, 0),
                new Case("Adafactor", () -> new Adafactor(0.05), 2000, 3000),
                new Case("Lamb", () -> new Lamb(0.005), 3000, 0));
    }

    @TestFactory
    Stream<DynamicTest> convergesOnAQuadraticBowl() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            // f(w) = sum_i a_i (w_i - c_i)^2, minimum at c
            Tensor a = Tensors.constant(new double[] {1, 3, 0.5}, 3);
            Tensor center = Tensors.constant(new double[] {1, -2, 0.5}, 3);
            Variable w = new Variable(Tensors.zeros(DType.FLOAT64, 3));
            Optimizer opt = c.make().get();
            for (int i = 0; i < c.bowlSteps(); i++) {
                opt.minimize(() -> a.mul(w.sub(center).pow(2)).sum(), List.of(w));
            }
            double[] got = w.toDoubleArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(center.toDoubleArray()[i], got[i], 0.02, c.name() + " element " + i + " of " + Arrays.toString(got));
            }
            assertEquals(c.bowlSteps(), opt.iterations().longValue());
        }));
    }

    @TestFactory
    Stream<DynamicTest> descendsRosenbrock() {
        return cases().stream().filter(c -> c.rosenSteps() > 0).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            // f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1): a curved valley, minimum 0 at (1, 1)
            Variable x = new Variable(Tensors.constant(-1.2));
            Variable y = new Variable(Tensors.constant(1.0));
            Supplier<Tensor> f = () -> Tensors.constant(1.0).sub(x).pow(2).add(y.sub(x.mul(x)).pow(2).mul(100.0));
            double start = f.get().doubleValue();
            Optimizer opt = c.make().get();
            for (int i = 0; i < c.rosenSteps(); i++) {
                opt.minimize(f, List.of(x, y));
            }
            double end = f.get().doubleValue();
            assertTrue(end < start / 100, c.name() + ": loss " + start + " -> " + end + " at (" + x.doubleValue() + ", " + y.doubleValue() + ")");
            assertTrue(x.doubleValue() > 0.5, c.name() + ": x = " + x.doubleValue() + " did not cross to the minimum's side");
        }));
    }

    @Test
    void sgdAdagradAndAdadeltaFollowRosenbrocksValley() {
        // plain first-order methods need a small rate there; they still make progress along the valley
        for (Optimizer opt : List.of(new SGD(1e-3, 0.9), new Adagrad(0.1), Adadelta.builder().learningRate(1.0).epsilon(1e-6).build())) {
            Variable x = new Variable(Tensors.constant(-1.2));
            Variable y = new Variable(Tensors.constant(1.0));
            Supplier<Tensor> f = () -> Tensors.constant(1.0).sub(x).pow(2).add(y.sub(x.mul(x)).pow(2).mul(100.0));
            double start = f.get().doubleValue();
            for (int i = 0; i < 3000; i++) {
                opt.minimize(f, List.of(x, y));
            }
            assertTrue(f.get().doubleValue() < start / 20, opt.getClass().getSimpleName() + ": " + start + " -> " + f.get().doubleValue());
        }
    }

    // ---- three steps against the formulas, written out again in double precision ----

    private static final Random RNG = new Random(7);

    private static double[] random(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = RNG.nextGaussian();
        }
        return x;
    }

    /** Runs {@code steps} steps of {@code opt} on a float64 variable with given gradients; returns w. */
    private static double[] run(Optimizer opt, double[] w0, double[][] grads) {
        Variable w = new Variable(Tensors.constant(w0.clone(), w0.length));
        for (double[] g : grads) {
            opt.applyGradients(List.of(Tensors.constant(g.clone(), g.length)), List.of(w));
        }
        return w.toDoubleArray();
    }

    @Test
    void adamMatchesItsFormula() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double[] w = random(5);
        double[][] gs = {random(5), random(5), random(5)};
        double[] got = run(new Adam(lr), w, gs);
        double[] m = new double[5], v = new double[5], e = w.clone();
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 5; i++) {
                double g = gs[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                // Keras's epsilon hat: added to sqrt(v) after folding the bias corrections into the rate
                e[i] -= lr * mHat / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps / Math.sqrt(1 - Math.pow(b2, t)));
            }
        }
        assertArrayEquals(e, got, 1e-12);
    }

    @Test
    void amsgradMatchesItsFormula() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double[] w = random(4);
        double[][] gs = {random(4), random(4).clone(), new double[] {0.01, 0.01, 0.01, 0.01}};
        double[] got = run(Adam.builder().learningRate(lr).amsgrad(true).build(), w, gs);
        double[] m = new double[4], v = new double[4], vmax = new double[4], e = w.clone();
        for (int t = 1; t <= 3; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 4; i++) {
                double g = gs[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vmax[i] = Math.max(vmax[i], v[i]);
                e[i] -= alpha * m[i] / (Math.sqrt(vmax[i]) + eps);
            }
        }
        assertArrayEquals(e, got, 1e-12);
    }

    @Test
    void adamWDecaysBeforeTheAdamUpdate() {
        double lr = 0.01, wd = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double[] w = random(4);
        double[][] gs = {random(4), random(4), random(4)};
        double[] got = run(AdamW.builder().learningRate(lr).weightDecay(wd).build(), w, gs);
        double[] m = new double[4], v = new double[4], e = w.clone();
        for (int t = 1; t <= 3; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 4; i++) {
                e[i] = e[i] * (1 - wd * lr);
                double g = gs[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                e[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
        }
        assertArrayEquals(e, got, 1e-12);
    }

    @Test
    void sgdMatchesItsFormulas() {
        double lr = 0.1, mu = 0.9;
        double[] w = random(3);
        double[][] gs = {random(3), random(3), random(3)};
        double[] plain = w.clone(), mom = w.clone(), nest = w.clone(), vm = new double[3], vn = new double[3];
        for (double[] g : gs) {
            for (int i = 0; i < 3; i++) {
                plain[i] -= lr * g[i];
                vm[i] = mu * vm[i] - lr * g[i];
                mom[i] += vm[i];
                vn[i] = mu * vn[i] - lr * g[i];
                nest[i] += mu * vn[i] - lr * g[i];
            }
        }
        assertArrayEquals(plain, run(new SGD(lr), w, gs), 1e-14);
        assertArrayEquals(mom, run(new SGD(lr, mu), w, gs), 1e-14);
        assertArrayEquals(nest, run(new SGD(lr, mu, true), w, gs), 1e-14);
    }

    @Test
    void rmspropMatchesItsFormulas() {
        double lr = 0.01, rho = 0.9, mu = 0.5, eps = 1e-7;
        double[] w = random(3);
        double[][] gs = {random(3), random(3), random(3)};
        double[] plain = w.clone(), cm = w.clone();
        double[] ms1 = new double[3], ms2 = new double[3], mg = new double[3], mom = new double[3];
        for (double[] g : gs) {
            for (int i = 0; i < 3; i++) {
                ms1[i] = rho * ms1[i] + (1 - rho) * g[i] * g[i];
                plain[i] -= lr * g[i] / Math.sqrt(ms1[i] + eps);
                ms2[i] = rho * ms2[i] + (1 - rho) * g[i] * g[i];
                mg[i] = rho * mg[i] + (1 - rho) * g[i];
                mom[i] = mu * mom[i] + lr * g[i] / Math.sqrt(ms2[i] - mg[i] * mg[i] + eps);
                cm[i] -= mom[i];
            }
        }
        assertArrayEquals(plain, run(new RMSprop(lr), w, gs), 1e-12);
        assertArrayEquals(cm, run(RMSprop.builder().learningRate(lr).momentum(mu).centered(true).build(), w, gs), 1e-12);
    }

    @Test
    void rmspropReproducesKerasDocumentedExample() {
        // Keras's RMSprop docstring: lr 0.1, var 10, loss var^2 / 2 -> 9.683772 after one minimize
        Variable v = new Variable(Tensors.constant(10f));
        new RMSprop(0.1).minimize(() -> v.mul(v).div(2.0), List.of(v));
        assertEquals(9.683772f, v.floatValue(), 1e-6f);
    }

    @Test
    void adagradMatchesItsFormula() {
        double lr = 0.1, init = 0.1, eps = 1e-7;
        double[] w = random(3);
        double[][] gs = {random(3), random(3), random(3)};
        double[] e = w.clone(), acc = {init, init, init};
        for (double[] g : gs) {
            for (int i = 0; i < 3; i++) {
                acc[i] += g[i] * g[i];
                e[i] -= lr * g[i] / Math.sqrt(acc[i] + eps);
            }
        }
        assertArrayEquals(e, run(new Adagrad(lr), w, gs), 1e-12);
    }

    @Test
    void lionMatchesItsFormula() {
        double lr = 0.01, b1 = 0.9, b2 = 0.99;
        double[] w = random(4);
        double[][] gs = {random(4), random(4), random(4)};
        double[] e = w.clone(), m = new double[4];
        for (double[] g : gs) {
            for (int i = 0; i < 4; i++) {
                e[i] -= lr * Math.signum(b1 * m[i] + (1 - b1) * g[i]);
                m[i] = b2 * m[i] + (1 - b2) * g[i];
            }
        }
        assertArrayEquals(e, run(new Lion(lr), w, gs), 1e-14);
    }

    /** Plain SGD's loop: each element {@code w - g * lr} in doubles, rounded once to float32, bit for bit. */
    @Test
    void plainSgdStepsAreTheDoubleFormulaBitForBit() {
        Random r = new Random(7);
        for (int n : new int[] {1, 37, 256}) {
            float[] w = new float[n], g = new float[n];
            double[] wd = new double[n], gd = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) r.nextGaussian();
                g[i] = (float) r.nextGaussian();
                wd[i] = r.nextGaussian();
                gd[i] = r.nextGaussian();
            }
            double lr = 0.01;
            Variable v = new Variable(Tensors.constant(w, n));
            Variable vd = new Variable(Tensors.constant(wd, n));
            new SGD(lr).applyGradients(List.of(Tensors.constant(g, n), Tensors.constant(gd, n)), List.of(v, vd));
            float[] got = v.toFloatArray();
            double[] gotD = vd.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits((float) ((double) w[i] - (double) g[i] * lr)),
                        Float.floatToRawIntBits(got[i]), "float32 n=" + n + " i=" + i);
                assertEquals(Double.doubleToRawLongBits(wd[i] - gd[i] * lr), Double.doubleToRawLongBits(gotD[i]),
                        "float64 n=" + n + " i=" + i);
            }
        }
    }

    /** One step of an optimizer's formula on one element: {@code s[0]} is w, {@code s[1..]} its slots. */
    interface Rule {
        /** Updates {@code s} for gradient {@code g} at step {@code t}, every store through {@code rnd}. */
        void step(double[] s, double g, long t, DoubleUnaryOperator rnd);
    }

    /**
     * Three steps of {@code opt} on float32 and float64 variables of sizes across vector widths (with tails)
     * against {@code rule}, bit for bit: every stored value rounded to the dtype and read back rounded, as Keras
     * reads its variables and slots. Slots start at {@code init} (rounded to the dtype).
     */
    private static void storesTheRoundedFormula(Supplier<Optimizer> opt, int slots, double init, Rule rule) {
        Random r = new Random(17);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            DoubleUnaryOperator rnd = dtype == DType.FLOAT32 ? x -> (float) x : x -> x;
            for (int n : new int[] {1, 7, 37, 70, 1000}) {
                double[] w0 = new double[n];
                double[][] gs = new double[3][n];
                for (int i = 0; i < n; i++) {
                    w0[i] = rnd.applyAsDouble(r.nextGaussian());
                    for (double[] g : gs) {
                        g[i] = rnd.applyAsDouble(r.nextGaussian() * (r.nextInt(4) == 0 ? 1e-4 : 1));
                    }
                }
                Variable w = new Variable(Tensors.cast(Tensors.constant(w0.clone(), n), dtype));
                Optimizer o = opt.get();
                for (double[] g : gs) {
                    o.applyGradients(List.of(Tensors.cast(Tensors.constant(g.clone(), n), dtype)), List.of(w));
                }
                double[] got = w.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    double[] s = new double[1 + slots];
                    Arrays.fill(s, rnd.applyAsDouble(init));
                    s[0] = w0[i];
                    for (int t = 1; t <= gs.length; t++) {
                        rule.step(s, gs[t - 1][i], t, rnd);
                    }
                    assertEquals(Double.doubleToLongBits(s[0]), Double.doubleToLongBits(got[i]),
                            o.getClass().getSimpleName() + " " + dtype + " n=" + n + " i=" + i);
                }
            }
        }
    }

    /**
     * Adam's lines in order (AdamW's decay first), each stored value rounded and read back; the scalars as Keras 3's
     * {@code update_step} computes them: {@code lr}, the betas and epsilon cast to the dtype,
     * {@code beta_i_power = power(cast(beta_i), local_step)} and {@code alpha = lr * sqrt(1 - beta_2_power) /
     * (1 - beta_1_power)} with every op in the dtype, {@code 1 - self.beta_1} a Python float cast when it meets m.
     */
    private static Rule adamRule(double lr, double b1, double b2, double eps, boolean amsgrad, double decay) {
        return (s, g, t, rnd) -> {
            double lrT = rnd.applyAsDouble(lr);
            if (decay > 0) {
                s[0] = rnd.applyAsDouble(s[0] - s[0] * (rnd.applyAsDouble(decay) * lrT));
            }
            double p1 = rnd.applyAsDouble(Math.pow(rnd.applyAsDouble(b1), t));
            double p2 = rnd.applyAsDouble(Math.pow(rnd.applyAsDouble(b2), t));
            double alpha = rnd.applyAsDouble(rnd.applyAsDouble(lrT * rnd.applyAsDouble(Math.sqrt(rnd.applyAsDouble(1 - p2))))
                    / rnd.applyAsDouble(1 - p1));
            s[1] = rnd.applyAsDouble(s[1] + (g - s[1]) * rnd.applyAsDouble(1 - b1));
            s[2] = rnd.applyAsDouble(s[2] + (g * g - s[2]) * rnd.applyAsDouble(1 - b2));
            double v = s[2];
            if (amsgrad) {
                v = s[3] = rnd.applyAsDouble(Math.max(s[3], v));
            }
            s[0] = rnd.applyAsDouble(s[0] - s[1] * alpha / (Math.sqrt(v) + rnd.applyAsDouble(eps)));
        };
    }

    @Test
    void adamStoresItsFormulaRoundedToTheDtype() {
        storesTheRoundedFormula(() -> new Adam(0.01), 2, 0, adamRule(0.01, 0.9, 0.999, 1e-7, false, 0));
        storesTheRoundedFormula(() -> Adam.builder().learningRate(0.02).beta1(0.8).beta2(0.99).epsilon(1e-3)
                .amsgrad(true).build(), 3, 0, adamRule(0.02, 0.8, 0.99, 1e-3, true, 0));
        storesTheRoundedFormula(() -> AdamW.builder().learningRate(0.01).weightDecay(0.1).build(), 2, 0,
                adamRule(0.01, 0.9, 0.999, 1e-7, false, 0.1));
    }

    /**
     * As Keras 3's {@code update_step}s: {@code lr} and the hyperparameters (Python floats meeting tensors of the
     * dtype, or cast to it) rounded to the dtype; Lion's {@code 1 - beta_1} computed from the cast beta, in the dtype.
     */
    @Test
    void rmspropAdagradLionAndSgdStoreTheirFormulasRoundedToTheDtype() {
        double lr0 = 0.01, rho0 = 0.9, mu0 = 0.5, eps0 = 1e-7;
        for (int variant = 0; variant < 4; variant++) {
            boolean centered = (variant & 1) != 0, momentum = (variant & 2) != 0;
            int mom = momentum ? 2 : -1, avg = centered ? (momentum ? 3 : 2) : -1;   // s[1] is the velocity
            storesTheRoundedFormula(() -> RMSprop.builder().learningRate(lr0).rho(rho0).momentum(momentum ? mu0 : 0)
                    .centered(centered).build(), 1 + (momentum ? 1 : 0) + (centered ? 1 : 0), 0, (s, g, t, rnd) -> {
                        double lr = rnd.applyAsDouble(lr0), rho = rnd.applyAsDouble(rho0), mu = rnd.applyAsDouble(mu0);
                        double c = rnd.applyAsDouble(1 - rho0), eps = rnd.applyAsDouble(eps0);
                        double den = s[1] = rnd.applyAsDouble(rho * s[1] + c * (g * g));
                        if (avg > 0) {
                            double a = s[avg] = rnd.applyAsDouble(rho * s[avg] + c * g);
                            den = den - a * a;
                        }
                        double inc = lr * g / Math.sqrt(den + eps);
                        if (mom > 0) {
                            inc = s[mom] = rnd.applyAsDouble(mu * s[mom] + inc);
                        }
                        s[0] = rnd.applyAsDouble(s[0] - inc);
                    });
        }
        storesTheRoundedFormula(() -> new Adagrad(lr0), 1, 0.1, (s, g, t, rnd) -> {
            double lr = rnd.applyAsDouble(lr0), eps = rnd.applyAsDouble(eps0);
            s[1] = rnd.applyAsDouble(s[1] + g * g);
            s[0] = rnd.applyAsDouble(s[0] - lr * g / Math.sqrt(s[1] + eps));
        });
        storesTheRoundedFormula(() -> new Lion(lr0), 1, 0, (s, g, t, rnd) -> {
            double lr = rnd.applyAsDouble(lr0), b1 = rnd.applyAsDouble(0.9), b2 = rnd.applyAsDouble(0.99);
            s[0] = rnd.applyAsDouble(s[0] - lr * Math.signum(s[1] * b1 + g * rnd.applyAsDouble(1 - b1)));
            s[1] = rnd.applyAsDouble(s[1] * b2 + g * rnd.applyAsDouble(1 - b2));
        });
        for (boolean nesterov : new boolean[] {false, true}) {
            storesTheRoundedFormula(() -> new SGD(lr0, mu0, nesterov), 1, 0, (s, g, t, rnd) -> {
                double lr = rnd.applyAsDouble(lr0), mu = rnd.applyAsDouble(mu0);
                s[1] = rnd.applyAsDouble(s[1] * mu - g * lr);
                s[0] = rnd.applyAsDouble(s[0] + (nesterov ? s[1] * mu - g * lr : s[1]));
            });
        }
    }

    /**
     * One float32 step of {@code Adam(0.1)} from {@code w = 1} with {@code g = 0.5}, written out in Java float
     * arithmetic (IEEE float32, op by op) in the order of Keras 3's {@code adam.py} {@code update_step}: at
     * {@code t = 1}, {@code beta_i_power = cast(beta_i)}, so {@code alpha = lr * sqrt(1 - 0.999f) / (1 - 0.9f)}.
     * Keras prints 0.90000129. With the betas in double, {@code 1 - 0.999} is 1e-3 and w was 0.90000063: 8 ulps
     * off, and the reason this test exists.
     */
    @Test
    void float32AdamTakesItsBiasCorrectionInFloat32AsKeras() {
        float lr = 0.1f, b1 = 0.9f, b2 = 0.999f, eps = (float) 1e-7, g = 0.5f;
        float alpha = lr * (float) Math.sqrt(1f - b2) / (1f - b1);
        float m = 0f + (g - 0f) * (float) (1 - 0.9);       // 1 - self.beta_1: a Python float, cast when it meets m
        float v = 0f + (g * g - 0f) * (float) (1 - 0.999);
        float expected = 1f - m * alpha / ((float) Math.sqrt(v) + eps);
        Variable w = new Variable(Tensors.constant(new float[] {1f}, 1));
        new Adam(0.1).applyGradients(List.of(Tensors.constant(new float[] {g}, 1)), List.of(w));
        assertEquals(expected, w.toFloatArray()[0]);
        double alphaInDouble = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        float doubleBetas = (float) (1 - 0.5 * 0.1 * alphaInDouble / (Math.sqrt(0.25 * 0.001) + 1e-7));
        assertTrue(Math.abs(expected - doubleBetas) > 4 * Math.ulp(expected), expected + " vs " + doubleBetas);
    }

    /**
     * Three float32 steps of AdamW (and so Adam), amsgrad and not, against Keras 3's {@code update_step} and
     * {@code _apply_weight_decay} written out op by op in Java float arithmetic: gradtape's fused loop rounds only
     * the stored values, so each element agrees within one ulp of w (no cancellation at these magnitudes).
     */
    @Test
    void float32AdamWAgreesWithKerasOpByOpWithinAnUlp() {
        Random r = new Random(3);
        int n = 37;
        float lr = 0.01f, wd = 0.1f, b1 = 0.9f, b2 = 0.999f, eps = (float) 1e-7;
        for (boolean ams : new boolean[] {false, true}) {
            float[] w = new float[n], m = new float[n], v = new float[n], vh = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) (1 + r.nextDouble());
            }
            Variable var = new Variable(Tensors.constant(w.clone(), n));
            AdamW opt = AdamW.builder().learningRate(0.01).weightDecay(0.1).amsgrad(ams).build();
            for (int t = 1; t <= 3; t++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) r.nextGaussian();
                }
                opt.applyGradients(List.of(Tensors.constant(g.clone(), n)), List.of(var));
                float p1 = (float) Math.pow(b1, t), p2 = (float) Math.pow(b2, t);   // powf of float operands
                float alpha = lr * (float) Math.sqrt(1f - p2) / (1f - p1);
                for (int i = 0; i < n; i++) {
                    w[i] = w[i] - w[i] * wd * lr;
                    m[i] = m[i] + (g[i] - m[i]) * (float) (1 - 0.9);
                    v[i] = v[i] + (g[i] * g[i] - v[i]) * (float) (1 - 0.999);
                    float vi = v[i];
                    if (ams) {
                        vi = vh[i] = Math.max(vh[i], v[i]);
                    }
                    w[i] = w[i] - m[i] * alpha / ((float) Math.sqrt(vi) + eps);
                }
            }
            float[] got = var.toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(w[i], got[i], Math.ulp(w[i]), "amsgrad=" + ams + " i=" + i);
            }
        }
    }

    /** The Javadoc examples of Adamax, Nadam, Adadelta and Ftrl, and Keras 3's defaults (its constructors). */
    @Test
    void adamaxNadamAdadeltaAndFtrlJavadocExamplesAndDefaults() {
        Variable a = new Variable(Tensors.constant(1.0));
        new Adamax(0.1).applyGradients(List.of(Tensors.constant(2.0)), List.of(a));
        assertEquals(1 - 0.1 * 0.2 / (0.1 * (2 + 1e-7)), a.doubleValue(), 1e-15);
        Variable n = new Variable(Tensors.constant(1.0));
        new Nadam(0.1).applyGradients(List.of(Tensors.constant(2.0)), List.of(n));
        // t = 1: mu_1 = 0.9 * (1 - 0.5 * 0.96), mu_2 = 0.9 * (1 - 0.5 * 0.96^2), u_product = mu_1; m = 0.2, v = 0.004
        double mu1 = 0.9 * (1 - 0.5 * 0.96), mu2 = 0.9 * (1 - 0.5 * 0.96 * 0.96);
        double mHat = mu2 * 0.2 / (1 - mu1 * mu2) + (1 - mu1) * 2 / (1 - mu1);
        assertEquals(1 - 0.1 * mHat / (Math.sqrt(0.004 / 0.001) + 1e-7), n.doubleValue(), 1e-12);
        assertEquals(0.8937212249830617, n.doubleValue(), 1e-15);   // the Javadoc's value: Nesterov's look-ahead
        Variable d = new Variable(Tensors.constant(1.0));
        new Adadelta(1.0).applyGradients(List.of(Tensors.constant(2.0)), List.of(d));
        assertEquals(1 - Math.sqrt(1e-7) * 2 / Math.sqrt(0.05 * 4 + 1e-7), d.doubleValue(), 1e-15);
        Variable f = new Variable(Tensors.constant(0.0));
        new Ftrl(0.1).applyGradients(List.of(Tensors.constant(2.0)), List.of(f));
        assertEquals(-2 / (Math.sqrt(4.1) / 0.1), f.doubleValue(), 1e-15);

        for (Optimizer o : List.of(new Adamax(), new Nadam(), new Adadelta(), new Ftrl())) {
            assertEquals(0.001, o.learningRate(), o.getClass().getSimpleName());
        }
        Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 2));
        Ftrl ftrl = new Ftrl();
        ftrl.build(List.of(w));
        assertArrayEquals(new float[] {0.1f, 0.1f}, ftrl.slots(w).get("accumulator").toFloatArray());
        assertArrayEquals(new float[] {0f, 0f}, ftrl.slots(w).get("linear").toFloatArray());
    }

    /** Keras's constructors refuse these (ftrl.py's ValueErrors; the rates as the other builders' here). */
    @Test
    void newOptimizersRefuseOutOfRangeHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().learningRatePower(0.5));
        assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().initialAccumulatorValue(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().l1(-1));
        assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().l2(-1));
        assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().l2Shrinkage(-1));
        assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().beta(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Adadelta.builder().rho(1.0));
        assertThrows(IllegalArgumentException.class, () -> Adadelta.builder().epsilon(-1e-7));
        assertThrows(IllegalArgumentException.class, () -> Adamax.builder().beta1(1.0));
        assertThrows(IllegalArgumentException.class, () -> Adamax.builder().beta2(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().beta1(1.5));
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().learningRate(0));
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().clipNorm(1).clipValue(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().learningRatePower(0.1));
        assertTrue(e.getMessage().contains("learningRatePower") && e.getMessage().contains("0.1"), e.getMessage());
    }

    /**
     * A null gradient skips its variable, whose slots are still built (Keras builds every variable); Nadam's cache
     * advances once per step whatever the number of variables; a failed step advances it not at all, and the
     * cache takes the dtype of the first variable built (nadam.py build: {@code var_list[0].dtype}).
     */
    @Test
    void newOptimizersSkipNullGradientsAndNadamsCacheAdvancesOncePerStep() {
        for (Supplier<Optimizer> make : List.<Supplier<Optimizer>>of(() -> new Adamax(0.1), () -> new Nadam(0.1),
                () -> new Adadelta(1.0), () -> new Ftrl(0.1))) {
            Optimizer o = make.get();
            Variable a = new Variable(Tensors.constant(new float[] {1f, 2f}, 2));
            Variable b = new Variable(Tensors.constant(new float[] {3f, 4f}, 2));
            o.applyGradients(Arrays.asList(Tensors.constant(new float[] {1f, -1f}, 2), null), List.of(a, b));
            String name = o.getClass().getSimpleName();
            assertArrayEquals(new float[] {3f, 4f}, b.toFloatArray(), name);
            // FTRL's weight is -z / quadratic with z from zero: it keeps a fraction of its start, 1 - sqrt(n / n_new)
            assertTrue(o instanceof Ftrl ? a.toFloatArray()[0] < 1f && a.toFloatArray()[1] < 2f
                    : a.toFloatArray()[0] < 1f && a.toFloatArray()[1] > 2f, name + " " + Arrays.toString(a.toFloatArray()));
            assertEquals(2, o.slots(b).size(), name);
            assertEquals(1, o.iterations().longValue(), name);
        }
        Nadam nadam = new Nadam();
        Variable f32 = new Variable(Tensors.ones(DType.FLOAT32, 3));
        Variable f64 = new Variable(Tensors.ones(DType.FLOAT64, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nadam.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 2), Tensors.ones(DType.FLOAT64, 2)), List.of(f32, f64)));
        assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(3,)"), e.getMessage());
        assertTrue(nadam.sharedVariables().isEmpty());
        nadam.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 3), Tensors.ones(DType.FLOAT64, 2)), List.of(f32, f64));
        nadam.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 3), Tensors.ones(DType.FLOAT64, 2)), List.of(f32, f64));
        Variable u = nadam.sharedVariables().get("u_product");
        assertEquals(DType.FLOAT32, u.dtype());
        float mu1 = 0.9f * (1f - 0.5f * (float) Math.pow(0.96f, 1f)), mu2 = 0.9f * (1f - 0.5f * (float) Math.pow(0.96f, 2f));
        assertEquals(1f * 0.9f * (1f - 0.5f * (float) Math.pow(0.96f, 1f)) * 0.9f * (1f - 0.5f * (float) Math.pow(0.96f, 2f)),
                u.floatValue(), Math.ulp(mu1 * mu2));
        assertThrows(IllegalArgumentException.class,
                () -> nadam.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 3), Tensors.ones(DType.FLOAT32, 2)), List.of(f32, f64)));
        assertEquals(mu1 * mu2, u.floatValue(), Math.ulp(mu1 * mu2));
        assertEquals(2, nadam.iterations().longValue());
    }

    // ---- the contract of applyGradients ----

    @Test
    void nullGradientsAreSkipped() {
        Variable a = new Variable(Tensors.constant(1f));
        Variable b = new Variable(Tensors.constant(1f));
        Adam adam = new Adam(0.1);
        adam.applyGradients(Arrays.asList(Tensors.constant(1f), null), List.of(a, b));
        // about 1 - lr: the float32 bias correction puts it at 0.900001 (see float32AdamTakesItsBiasCorrection...)
        assertEquals(0.9f, a.floatValue(), 2e-6f);
        assertEquals(1f, b.floatValue());
        assertEquals(1, adam.iterations().longValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.applyGradients(Arrays.asList(null, null), List.of(a, b)));
        assertTrue(e.getMessage().contains("no gradients"), e.getMessage());
    }

    @Test
    void aShapeMismatchNamesBothShapesAndChangesNothing() {
        Variable a = new Variable(Tensors.constant(1f));
        Variable b = new Variable(Tensors.zeros(DType.FLOAT32, 2, 3));
        SGD sgd = new SGD(0.1, 0.9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.applyGradients(List.of(Tensors.constant(1f), Tensors.zeros(DType.FLOAT32, 3, 2)), List.of(a, b)));
        assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("applyGradients"), e.getMessage());
        assertEquals(1f, a.floatValue());
        assertEquals(0, sgd.iterations().longValue());
        assertTrue(sgd.slots(a).isEmpty());

        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> sgd.applyGradients(List.of(Tensors.constant(1.0)), List.of(a)));
        assertTrue(d.getMessage().contains("float64") && d.getMessage().contains("float32"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sgd.applyGradients(List.of(Tensors.constant(1f)), List.of(a, b)));
    }

    /** Duplicates are found both ways the check runs: pairwise for a few variables, with a set for many. */
    @Test
    void aVariableListedTwiceIsRejectedAndChangesNothing() {
        for (int n : new int[] {2, 3, 16, 17, 40}) {
            List<Variable> vars = new ArrayList<>();
            List<Tensor> grads = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                vars.add(new Variable(Tensors.constant((float) i)));
                grads.add(Tensors.constant(1f));
            }
            SGD sgd = new SGD(0.1);
            sgd.applyGradients(grads, vars); // n - 1 distinct variables: a step
            assertEquals(1, sgd.iterations().longValue());
            int dup = n / 2 - 1;
            vars.add(vars.get(dup));
            grads.add(Tensors.constant(1f));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.applyGradients(grads, vars));
            assertTrue(e.getMessage().startsWith("applyGradients: variable " + (n - 1) + " ")
                    && e.getMessage().contains("appears twice"), e.getMessage());
            assertEquals(1, sgd.iterations().longValue(), "n=" + n);
            assertEquals(dup - 0.1f, vars.get(dup).floatValue(), "n=" + n);
        }
    }

    @Test
    void buildIsIdempotentAndSlotsAreNamed() {
        Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 2));
        Adam adam = new Adam();
        adam.build(List.of(w));
        Variable m = adam.slots(w).get("momentum");
        adam.build(List.of(w));
        assertTrue(m == adam.slots(w).get("momentum"));
        assertEquals(List.of("momentum", "velocity"), new ArrayList<>(adam.slots(w).keySet()));
        assertEquals(List.of("velocity", "momentum", "average_gradient"),
                new ArrayList<>(RMSprop.builder().momentum(0.9).centered(true).build().slotNames()));
        assertTrue(new SGD().slots(w).isEmpty());
        Adagrad ada = new Adagrad();
        ada.build(List.of(w));
        assertArrayEquals(new float[] {0.1f, 0.1f}, ada.slots(w).get("accumulator").toFloatArray());
        assertEquals(3, adam.variables().size());
    }

    @Test
    void clippingFollowsTensorFlow() {
        List<Tensor> g = Tensors.clipByGlobalNorm(Arrays.asList(Tensors.constant(new float[] {3, 0}, 2), null, Tensors.constant(4f)), 1.0).tensors();
        assertArrayEquals(new float[] {0.6f, 0f}, g.get(0).toFloatArray(), 1e-6f);
        assertNull(g.get(1));
        assertEquals(0.8f, g.get(2).floatValue(), 1e-6f);
        // below the threshold: unchanged
        assertEquals(3f, Tensors.clipByGlobalNorm(List.of(Tensors.constant(3f)), 10).tensors().get(0).floatValue());
        // an infinite norm gives NaN, not a silently rescaled gradient
        assertTrue(Float.isNaN(Tensors.clipByGlobalNorm(List.of(Tensors.constant(Float.POSITIVE_INFINITY), Tensors.constant(1f)), 1).tensors().get(1).floatValue()));

        Variable w = new Variable(Tensors.constant(new float[] {0, 0}, 2));
        SGD.builder().learningRate(1).clipNorm(1).build().applyGradients(List.of(Tensors.constant(new float[] {3, 4}, 2)), List.of(w));
        assertArrayEquals(new float[] {-0.6f, -0.8f}, w.toFloatArray(), 1e-6f);
        Variable u = new Variable(Tensors.constant(new float[] {0, 0}, 2));
        SGD.builder().learningRate(1).clipValue(1).build().applyGradients(List.of(Tensors.constant(new float[] {3, -0.5f}, 2)), List.of(u));
        assertArrayEquals(new float[] {-1f, 0.5f}, u.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().clipNorm(1).globalClipNorm(1).build());
    }

    @Test
    void schedulesFollowKeras() {
        assertEquals(0.1 * Math.pow(0.5, 0.25), new ExponentialDecay(0.1, 4, 0.5).at(1), 1e-15);
        assertEquals(0.1, new ExponentialDecay(0.1, 4, 0.5, true).at(3), 1e-15);
        PiecewiseConstantDecay p = new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1, 0.5, 0.1});
        assertEquals(1, p.at(10));
        assertEquals(0.5, p.at(11));
        assertEquals(0.5, p.at(20));
        assertEquals(0.1, p.at(21));
        CosineDecay c = new CosineDecay(0.1, 100, 0.1);
        assertEquals(0.1, c.at(0), 1e-15);
        assertEquals(0.1 * (0.9 * 0.5 + 0.1), c.at(50), 1e-15);
        assertEquals(0.01, c.at(1000), 1e-15);
        CosineDecay w = new CosineDecay(0.0, 100, 0.0, 1.0, 10);
        assertEquals(0.5, w.at(5), 1e-15);
        assertEquals(1.0, w.at(10), 1e-15);
        assertEquals(0.5, w.at(60), 1e-12);
        assertEquals(0.0, w.at(500), 1e-15);
        // a decay with no practical end: warmupSteps + decaySteps overflowed as longs into a negative bound, and every
        // step got -9.2e17. Keras adds them in float (learning_rate_schedule.py, CosineDecay.__call__): the warm-up
        // is 0 -> 1 over 10 steps (0.5 at 5), then cos(pi * s / 9.2e18) ~ 1 keeps the peak
        CosineDecay endless = new CosineDecay(0.0, Long.MAX_VALUE, 0.0, 1.0, 10);
        assertEquals(0.5, endless.at(5), 1e-15);
        assertEquals(1.0, endless.at(1000), 1e-15);

        // the optimizer reads the schedule at iterations before the step
        Variable x = new Variable(Tensors.constant(0.0));
        SGD sgd = SGD.builder().learningRate(new PiecewiseConstantDecay(new long[] {0}, new double[] {1, 0.5})).build();
        sgd.applyGradients(List.of(Tensors.constant(1.0)), List.of(x));
        sgd.applyGradients(List.of(Tensors.constant(1.0)), List.of(x));
        assertEquals(-1.5, x.doubleValue(), 1e-15);
        assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.1));
    }

    // ---- copy-on-write: tensors read from a variable never change ----

    @Test
    void aValueReadBeforeAStepKeepsItsValues() {
        Variable w = new Variable(Tensors.constant(new float[] {1, 2, 3}, 3));
        Adam adam = new Adam(0.1);
        Tensor g = Tensors.constant(new float[] {1, 1, 1}, 3);
        adam.applyGradients(List.of(g), List.of(w));   // w now owns its storage
        adam.applyGradients(List.of(g), List.of(w));   // written in place
        float[] before = w.toFloatArray();
        Tensor read = w.value();
        Tensor reshaped = Tensors.reshape(w, 1, 3);
        Tensor m = adam.slots(w).get("momentum").value();
        float[] mBefore = m.toFloatArray();
        adam.applyGradients(List.of(g), List.of(w));
        assertArrayEquals(before, read.toFloatArray());
        assertArrayEquals(before, reshaped.toFloatArray());
        assertArrayEquals(mBefore, m.toFloatArray());
        assertTrue(w.toFloatArray()[0] < before[0]);
    }

    @Test
    void aPersistentTapeKeepsTheValuesItRecorded() {
        Variable w = new Variable(Tensors.constant(new double[] {1, 2}, 2));
        SGD sgd = new SGD(0.5);
        sgd.applyGradients(List.of(Tensors.constant(new double[] {0, 0}, 2)), List.of(w));   // owned storage
        Tensor x = Tensors.constant(new double[] {3, 4}, 2);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(w).sum();
        }
        sgd.applyGradients(List.of(Tensors.constant(new double[] {2, 2}, 2)), List.of(w));   // w = (0, 1)
        // d(sum(x * w_read)) / dx is the value w had when it was read
        assertArrayEquals(new double[] {1, 2}, tape.gradient(y, x).toDoubleArray());
        assertArrayEquals(new double[] {1, 2}, tape.gradient(y, x).toDoubleArray());
        assertArrayEquals(new double[] {0, 1}, w.toDoubleArray());
    }

    @Test
    void anotherThreadsReadIsNeverTorn() throws Exception {
        Variable w = new Variable(Tensors.zeros(DType.FLOAT64, 1000));
        SGD sgd = new SGD(1.0);
        Tensor g = Tensors.ones(DType.FLOAT64, 1000);
        sgd.applyGradients(List.of(g), List.of(w));
        Thread reader = new Thread(() -> {
            for (int k = 0; k < 2000; k++) {
                double[] v = Tensors.mul(w, Tensors.constant(1.0)).toDoubleArray();
                for (double x : v) {
                    if (x != v[0]) {
                        throw new AssertionError("torn read: " + x + " and " + v[0]);
                    }
                }
            }
        });
        Throwable[] failure = new Throwable[1];
        reader.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
        reader.start();
        for (int k = 0; k < 2000; k++) {
            sgd.applyGradients(List.of(g), List.of(w));
        }
        reader.join();
        assertNull(failure[0], () -> String.valueOf(failure[0]));
    }

    /**
     * Each optimizer takes a learning-rate schedule in its constructor, as Keras's {@code Adam(learning_rate=schedule)},
     * and steps exactly as the builder's {@code learningRate(schedule)}.
     */
    @Test
    void aScheduleInTheConstructorStepsAsTheBuilders() {
        LearningRateSchedule sched = new ExponentialDecay(0.1, 1, 0.5);
        List<java.util.function.Supplier<Optimizer[]>> pairs = List.of(
                () -> new Optimizer[] {new SGD(sched), SGD.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Adam(sched), Adam.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new AdamW(sched), AdamW.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new RMSprop(sched), RMSprop.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Adagrad(sched), Adagrad.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Lion(sched), Lion.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Adamax(sched), Adamax.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Nadam(sched), Nadam.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Adadelta(sched), Adadelta.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Ftrl(sched), Ftrl.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Adafactor(sched), Adafactor.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Lamb(sched), Lamb.builder().learningRate(sched).build()},
                () -> new Optimizer[] {new Muon(sched), Muon.builder().learningRate(sched).build()});
        for (java.util.function.Supplier<Optimizer[]> pair : pairs) {
            Optimizer[] o = pair.get();
            Variable a = new Variable(Tensors.constant(new float[] {1, -2}, 2));
            Variable b = new Variable(Tensors.constant(new float[] {1, -2}, 2));
            for (int step = 0; step < 3; step++) {
                Tensor g = Tensors.constant(new float[] {0.5f, -0.25f * (step + 1)}, 2);
                o[0].applyGradients(List.of(g), List.of(a));
                o[1].applyGradients(List.of(g), List.of(b));
            }
            assertArrayEquals(b.toFloatArray(), a.toFloatArray(), o[0].getClass().getSimpleName());
            assertTrue(a.toFloatArray()[0] != 1f, o[0].getClass().getSimpleName() + " stepped");
        }
    }

    /**
     * A step that fails makes no slot either: a released gradient (a {@link io.gradtape.TensorScope} closed over it)
     * and a schedule that throws were found after {@code build} had made the slots of every variable, so the
     * optimizer's {@code variables()} (what a checkpoint saves) grew on a call that changed nothing else; the
     * released gradient's error named no op. Keras 3 has no scopes; its contract for a failed call is this
     * class's Javadoc ("a failed call changes no variable, slot or step count").
     */
    @Test
    void aFailedStepMakesNoSlots() {
        Tensor released;
        try (io.gradtape.TensorScope scope = io.gradtape.TensorScope.open()) {
            released = Tensors.ones(DType.FLOAT32, 2);
        }
        Variable w = new Variable(Tensors.ones(DType.FLOAT32, 2)).named("kernel");
        Adam adam = new Adam(0.1);
        Tensor g = released;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adam.applyGradients(List.of(g), List.of(w)));
        assertTrue(e.getMessage().startsWith("applyGradients: gradient 0 (shape (2,), dtype float32) released"),
                e.getMessage());
        assertTrue(adam.slots(w).isEmpty());
        assertEquals(1, adam.variables().size()); // the step count only
        assertArrayEquals(new float[] {1, 1}, w.toFloatArray());

        Adam failing = Adam.builder().learningRate(step -> {
            throw new ArithmeticException("schedule failed");
        }).build();
        assertThrows(ArithmeticException.class,
                () -> failing.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 2)), List.of(w)));
        assertTrue(failing.slots(w).isEmpty());
        assertEquals(0, failing.iterations().longValue());

        // a named variable is named in the shape error
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> adam.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 3)), List.of(w)));
        assertTrue(s.getMessage().contains("variable 'kernel' has shape (2,)"), s.getMessage());
    }
}
