package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adafactor's factored slots and Lamb's trust ratio, with values derived by hand from the update rules of
 * {@code keras/src/optimizers/adafactor.py} and {@code lamb.py} (the steps against Keras are
 * {@link KerasAdafactorLambTest}).
 */
class AdafactorLambTest {

    private static Tensor fill(double x, int... dims) {
        return Tensors.ones(DType.FLOAT64, dims).mul(Tensors.constant(x));
    }

    private static Map<String, Shape> slotShapes(Optimizer opt, Variable v) {
        Map<String, Shape> out = new java.util.LinkedHashMap<>();
        opt.slots(v).forEach((k, s) -> out.put(k, s.shape()));
        return out;
    }

    /** Keras's build: r = shape[:-1] and c = shape[:-2] + shape[-1:] from rank 2 on, else a full velocity. */
    @Test
    void adafactorFactorsTheLastTwoAxes() {
        Adafactor opt = new Adafactor();
        Variable s = new Variable(Tensors.zeros(DType.FLOAT32)), v = new Variable(Tensors.zeros(DType.FLOAT32, 5));
        Variable m = new Variable(Tensors.zeros(DType.FLOAT32, 3, 4)), t3 = new Variable(Tensors.zeros(DType.FLOAT64, 2, 3, 4));
        Variable t4 = new Variable(Tensors.zeros(DType.FLOAT32, 2, 1, 2, 3));
        opt.build(List.of(s, v, m, t3, t4));
        assertEquals(Map.of("velocity", Shape.of()), slotShapes(opt, s));
        assertEquals(Map.of("velocity", Shape.of(5)), slotShapes(opt, v));
        assertEquals(List.of("r", "c"), new ArrayList<>(opt.slots(m).keySet()));
        assertEquals(Map.of("r", Shape.of(3), "c", Shape.of(4)), slotShapes(opt, m));
        assertEquals(Map.of("r", Shape.of(2, 3), "c", Shape.of(2, 4)), slotShapes(opt, t3));
        assertEquals(Map.of("r", Shape.of(2, 1, 2), "c", Shape.of(2, 1, 3)), slotShapes(opt, t4));
        assertEquals(DType.FLOAT64, opt.slots(t3).get("r").dtype());
        // a 3x4 matrix keeps 3 + 4 numbers of second moment, not 12
        assertEquals(7, opt.slots(m).values().stream().mapToInt(Variable::size).sum());

        // the moving average and the gradient accumulator have the variable's shape, after the factors
        Adafactor both = Adafactor.builder().useEma(true).gradientAccumulationSteps(2).build();
        both.build(List.of(m));
        assertEquals(List.of("r", "c", "average", "gradient_accumulator"), new ArrayList<>(both.slots(m).keySet()));
        assertEquals(Shape.of(3, 4), both.slots(m).get("average").shape());
        assertEquals(Shape.of(3, 4), both.slots(m).get("gradient_accumulator").shape());
    }

    /**
     * w = 2 (2x3), g = 1, lr = 10. Step 1: rho = min(10, 1/sqrt(1)) = 1, alpha = max(1e-3, rms(w) = 2) * 1 = 2,
     * beta = 1 - 1^-0.8 = 0, so r = c = mean(1 + 1e-30) = 1, v = 1, u = 1, rms(u) = 1: w = 2 - 2 = 0. Step 2:
     * rms(w) = 0, so alpha = epsilon2 * rho = 1e-3 * min(10, 1/sqrt(2)); r and c stay 1 (up to an ulp), u = 1:
     * w = -1e-3 / sqrt(2). The rate 10 never enters: the relative step caps it, also when a schedule gives it.
     */
    @Test
    void adafactorRelativeStepAndEpsilon2ByHand() {
        for (boolean schedule : new boolean[] {false, true}) {
            Optimizer opt = schedule ? new Adafactor(step -> 10.0) : new Adafactor(10.0);
            Variable w = new Variable(fill(2, 2, 3));
            opt.applyGradients(List.of(fill(1, 2, 3)), List.of(w));
            assertArrayEquals(new double[6], w.toDoubleArray(), 0.0, "step 1, schedule " + schedule);
            opt.applyGradients(List.of(fill(1, 2, 3)), List.of(w));
            for (double x : w.toDoubleArray()) {
                assertEquals(-1e-3 / Math.sqrt(2), x, 1e-18, "step 2, schedule " + schedule);
            }
        }
    }

    /**
     * A vector (unfactored) w = [1, 1], g = [3, 0], lr = 0.1, step 1: beta = 0, v = g^2 + 1e-30 = [9, 1e-30],
     * u = [1, 0], rms(u) = sqrt(1/2); alpha = rms(w) * 0.1 = 0.1. With clipThreshold 1, max(1, 0.707) = 1:
     * w = [0.9, 1]. With 0.5, u is divided by sqrt(1/2) / 0.5 = sqrt(2): w = [1 - 0.1 / sqrt(2), 1].
     */
    @Test
    void adafactorClipThresholdByHand() {
        double[][] want = {{0.9, 1}, {1 - 0.1 / Math.sqrt(2), 1}};
        double[] thresholds = {1.0, 0.5};
        for (int k = 0; k < 2; k++) {
            Adafactor opt = Adafactor.builder().learningRate(0.1).clipThreshold(thresholds[k]).build();
            Variable w = new Variable(fill(1, 2));
            opt.applyGradients(List.of(Tensors.constant(new double[] {3, 0}, 2)), List.of(w));
            assertArrayEquals(want[k], w.toDoubleArray(), 1e-15, "clipThreshold " + thresholds[k]);
            assertArrayEquals(new double[] {9, 1e-30}, opt.slots(w).get("velocity").toDoubleArray(), 1e-45);
        }
    }

    /**
     * w = [3, 4], g = [1, -1], lr = 0.1, step 1: m = 0.1 g, v = 0.001 g^2, so u = g / (1 + 1e-7) and
     * ratio * u = ||w|| u / ||u|| = 5 [1, -1] / sqrt(2): each step moves w by lr ||w|| in norm. From w = 0 the
     * ratio is 1 and the step is Adam's, lr * u.
     */
    @Test
    void lambTrustRatioByHand() {
        Lamb opt = new Lamb(0.1);
        Variable w = new Variable(Tensors.constant(new double[] {3, 4}, 2));
        opt.applyGradients(List.of(Tensors.constant(new double[] {1, -1}, 2)), List.of(w));
        double d = 0.5 / Math.sqrt(2);
        assertArrayEquals(new double[] {3 - d, 4 + d}, w.toDoubleArray(), 1e-14);
        assertArrayEquals(new double[] {0.1, -0.1}, opt.slots(w).get("momentum").toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.001, 0.001}, opt.slots(w).get("velocity").toDoubleArray(), 1e-15);

        Lamb fromZero = new Lamb(0.1);
        Variable z = new Variable(Tensors.zeros(DType.FLOAT64, 2));
        fromZero.applyGradients(List.of(Tensors.constant(new double[] {1, -1}, 2)), List.of(z));
        double u = 1 / (1 + 1e-7);
        assertArrayEquals(new double[] {-0.1 * u, 0.1 * u}, z.toDoubleArray(), 1e-14);
    }

    /**
     * Keras's gradient accumulation is one step on the mean gradient: two calls with gradientAccumulationSteps(2)
     * give the bits of one plain step on (g1 + g2) / 2, for both optimizers (whose steps reduce over the variable).
     */
    @Test
    void accumulatedStepIsOneStepOnTheMeanGradient() {
        Tensor g1 = Tensors.constant(new double[] {0.5, -1, 2, 0.25, 0, -3}, 2, 3);
        Tensor g2 = Tensors.constant(new double[] {1.5, 1, -2, 0.75, 1, 3}, 2, 3);
        Tensor w0 = Tensors.constant(new double[] {1, -2, 0.5, 3, 0.1, -0.7}, 2, 3);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            List<Optimizer> accumulating = List.of(Adafactor.builder().learningRate(0.1).gradientAccumulationSteps(2).build(),
                    Lamb.builder().learningRate(0.1).gradientAccumulationSteps(2).build());
            List<Optimizer> plain = List.of(new Adafactor(0.1), new Lamb(0.1));
            for (int k = 0; k < 2; k++) {
                Variable a = new Variable(Tensors.cast(w0, dtype)), b = new Variable(Tensors.cast(w0, dtype));
                accumulating.get(k).applyGradients(List.of(Tensors.cast(g1, dtype)), List.of(a));
                assertArrayEquals(Tensors.cast(w0, dtype).toDoubleArray(), a.toDoubleArray(), 0.0, "only accumulated");
                accumulating.get(k).applyGradients(List.of(Tensors.cast(g2, dtype)), List.of(a));
                Tensor mean = Tensors.cast(g2, dtype).add(Tensors.cast(g1, dtype)).div(Tensors.constant(2.0, dtype));
                plain.get(k).applyGradients(List.of(mean), List.of(b));
                assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 0.0, plain.get(k).getClass().getSimpleName() + " " + dtype);
            }
        }
    }

    /** An empty variable is left as it is (Keras's means over nothing would be NaN), its slots too. */
    @Test
    void emptyVariablesAreLeftAsTheyAre() {
        Adafactor adafactor = new Adafactor(0.1);
        Variable e = new Variable(Tensors.zeros(DType.FLOAT32, 0, 3)), x = new Variable(Tensors.ones(DType.FLOAT32, 2));
        adafactor.applyGradients(List.of(Tensors.zeros(DType.FLOAT32, 0, 3), Tensors.ones(DType.FLOAT32, 2)), List.of(e, x));
        assertEquals(Shape.of(0), adafactor.slots(e).get("r").shape());
        assertArrayEquals(new float[3], adafactor.slots(e).get("c").toFloatArray());
        assertArrayEquals(new float[] {0.9f, 0.9f}, x.toFloatArray(), "the other variable steps: rms(w) 1, rho 0.1, u 1");

        Lamb lamb = new Lamb(0.1);
        Variable l = new Variable(Tensors.zeros(DType.FLOAT64, 0));
        lamb.applyGradients(List.of(Tensors.zeros(DType.FLOAT64, 0)), List.of(l));
        assertEquals(1, lamb.iterations().longValue());
        assertEquals(Shape.of(0), l.shape());
    }

    @Test
    void badHyperparametersAreRefusedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Adafactor.builder().beta2Decay(0.5));
        assertTrue(e.getMessage().contains("Adafactor: beta2Decay must be finite and <= 0") && e.getMessage().contains("0.5"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adafactor.builder().epsilon1(0));
        assertTrue(e.getMessage().contains("Adafactor: epsilon1 must be finite and positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adafactor.builder().epsilon2(-1));
        assertTrue(e.getMessage().contains("Adafactor: epsilon2 must be finite and non-negative, got -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adafactor.builder().clipThreshold(Double.NaN));
        assertTrue(e.getMessage().contains("Adafactor: clipThreshold must be finite and positive, got NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lamb.builder().beta1(1.0));
        assertTrue(e.getMessage().startsWith("Lamb: beta1 must be in [0, 1), got 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lamb.builder().clipNorm(1).clipValue(1).build());
        assertTrue(e.getMessage().startsWith("Lamb: only one of clipNorm, clipValue and globalClipNorm"), e.getMessage());
        // beta2Decay 0 is allowed: beta = 1 - t^0 = 0, no memory of past squared gradients
        Adafactor noMemory = Adafactor.builder().learningRate(0.1).beta2Decay(0).build();
        Variable w = new Variable(fill(1, 2));
        noMemory.applyGradients(List.of(Tensors.constant(new double[] {3, 0}, 2)), List.of(w));
        noMemory.applyGradients(List.of(Tensors.constant(new double[] {1, 2}, 2)), List.of(w));
        assertArrayEquals(new double[] {1 + 1e-30, 4 + 1e-30}, noMemory.slots(w).get("velocity").toDoubleArray(), 0.0);
    }
}
