package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.ops.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras's CategoricalFocalCrossentropy, Dice, Tversky and Circle ({@code keras/src/losses/losses.py}): Keras's
 * docstring and test values, per-example values and gradients of PyTorch transcriptions in float64
 * ({@code scripts/fixtures/losses_reference.py}), gradients also against finite differences, reductions, sample
 * weights and refusals.
 */
class FocalOverlapCircleLossesTest {
    private static Tensor d(double[] v, int... shape) {
        return Tensors.constant(v, shape);
    }

    private static Tensor gradient(Loss loss, Tensor y, Tensor p) {
        GradientTape tape = new GradientTape();
        tape.watch(p);
        return tape.gradient(loss.call(y, p), p);
    }

    /** The tape's gradient of the reduced loss at {@code p} against central differences in float64. */
    private static void matchesFiniteDifferences(Loss loss, Tensor y, Tensor p) {
        Function<Tensor, Tensor> f = x -> loss.call(y, x);
        assertArrayEquals(FiniteDifferences.jacobian(f, p, 1e-6), gradient(loss, y, p).toDoubleArray(), 1e-6, loss.name());
    }

    private static void close(double[] expected, Tensor actual, double tol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    private static final Tensor Y = d(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
    private static final Tensor P = d(new double[] {0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3);

    /** Keras's class docstring (0.23315276, weighted 0.1632, sum 0.46631, none) and function docstring values. */
    @Test
    void categoricalFocalMatchesKerasDocstrings() {
        Tensor y32 = Tensors.cast(Y, DType.FLOAT32);
        Tensor p32 = Tensors.cast(P, DType.FLOAT32);
        assertEquals(0.23315276f, new CategoricalFocalCrossentropy().call(y32, p32).floatValue(), 1e-7f);
        assertEquals(0.1632f, new CategoricalFocalCrossentropy().call(y32, p32, Tensors.constant(new float[] {0.3f, 0.7f}, 2))
                .floatValue(), 1e-4f);
        CategoricalFocalCrossentropy sum = new CategoricalFocalCrossentropy(0.25, 2, false, 0, -1, Loss.Reduction.SUM);
        assertEquals(0.46631f, sum.call(y32, p32).floatValue(), 1e-5f);
        CategoricalFocalCrossentropy none = new CategoricalFocalCrossentropy(0.25, 2, false, 0, -1, Loss.Reduction.NONE);
        assertArrayEquals(new float[] {3.2058331e-05f, 4.6627346e-01f}, none.call(y32, p32).toFloatArray(), 1e-7f);
        close(FOCAL_DOCSTRING_NONE, none.call(Y, P), 1e-9, "float64 none");
        assertEquals(FOCAL_DOCSTRING_WEIGHTED, new CategoricalFocalCrossentropy().call(Y, P, d(new double[] {0.3, 0.7}, 2))
                .doubleValue(), 1e-9);
        close(FOCAL_FUNCTION_DOCSTRING, none.call(Y, d(new double[] {0.05, 0.9, 0.05, 0.1, 0.85, 0.05}, 2, 3)), 1e-9,
                "function docstring [2.63401289e-04, 6.75912094e-01]");
        close(FOCAL_DOCSTRING_GRAD, gradient(new CategoricalFocalCrossentropy(), Y, P), 1e-9, "gradient (PyTorch)");
    }

    /** From logits, one alpha per class, label smoothing 0.1, gamma 1.5; and classes on axis 1 of a rank-3 batch. */
    @Test
    void categoricalFocalOptionsMatchPyTorch() {
        Tensor logits = d(new double[] {1.5, -0.3, 0.2, 0.1, 2.2, -1.0}, 2, 3);
        Tensor y = d(new double[] {0, 0, 1, 0, 1, 0}, 2, 3);
        CategoricalFocalCrossentropy mean = new CategoricalFocalCrossentropy(new double[] {0.2, 0.3, 0.5}, 1.5, true, 0.1,
                Loss.Reduction.SUM_OVER_BATCH_SIZE);
        CategoricalFocalCrossentropy none = new CategoricalFocalCrossentropy(new double[] {0.2, 0.3, 0.5}, 1.5, true, 0.1,
                Loss.Reduction.NONE);
        close(FOCAL_LOGITS_NONE, none.call(y, logits), 1e-9, "logits, class alpha, smoothing");
        close(FOCAL_LOGITS_GRAD, gradient(mean, y, logits), 1e-9, "its gradient");
        matchesFiniteDifferences(mean, y, logits);

        Tensor p3 = d(new double[] {0.2, 0.5, 0.3, 0.1, 0.5, 0.4, 0.6, 0.1, 0.3, 0.8, 0.1, 0.1}, 2, 3, 2);
        Tensor y3 = Tensors.constant(new int[] {0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0}, 2, 3, 2);   // int targets are cast
        CategoricalFocalCrossentropy axis1 = new CategoricalFocalCrossentropy(0.4, 3, false, 0, 1, Loss.Reduction.NONE);
        close(FOCAL_AXIS1_NONE, axis1.call(y3, p3), 1e-9, "axis 1");
        assertArrayEquals(new int[] {2, 2}, axis1.call(y3, p3).shape().dims());
        close(FOCAL_AXIS1_GRAD, gradient(new CategoricalFocalCrossentropy(0.4, 3, false, 0, 1, Loss.Reduction.SUM), y3, p3),
                1e-9, "axis 1 gradient");
        // gamma 0 is alpha times the categorical cross entropy (from probabilities: renormalized and clipped)
        Tensor cce = new CategoricalCrossentropy(false, Loss.Reduction.NONE).call(Y, P);
        close(cce.mul(0.5).toDoubleArray(), new CategoricalFocalCrossentropy(0.5, 0, false, 0, -1, Loss.Reduction.NONE)
                .call(Y, P), 1e-12, "gamma 0");
    }

    @Test
    void categoricalFocalRefusals() {
        assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy(0.25, -1, false, 0, -1,
                Loss.Reduction.SUM));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy(Double.NaN, 2, false, 0, -1,
                Loss.Reduction.SUM));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy(0.25, 2, false, 1.5, -1,
                Loss.Reduction.SUM));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy(new double[0], 2, false, 0,
                Loss.Reduction.SUM));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy(
                new double[] {1, 2}, 2, false, 0, Loss.Reduction.SUM).call(Y, P));
        assertTrue(e.getMessage().startsWith("categorical_focal_crossentropy: alpha has 2 weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy(0.25, 2, false, 0, 2,
                Loss.Reduction.SUM).call(Y, P));
        assertTrue(e.getMessage().contains("axis 2 is out of range") && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalCrossentropy().call(Y, d(new double[4], 2, 2)));
    }

    private static final Tensor YD = d(new double[] {1, 1, 0, 0, 1, 1, 0, 0}, 2, 2, 2, 1);
    private static final Tensor PD = d(new double[] {0, 1, 0, 1, 0.4, 0, 0, 0.9}, 2, 2, 2, 1);
    private static final Tensor YA = d(new double[] {1, 2, 1, 2}, 2, 2);
    private static final Tensor PA = d(new double[] {4, 1, 6, 1}, 2, 2);
    private static final Tensor YB = d(new double[] {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1}, 4, 4);
    private static final Tensor PB = d(new double[] {0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1}, 4, 4);

    /**
     * Keras's docstring and losses_test values: Dice [0.5, 0.75757575] by image, 0.6164384 over all, -0.55555546,
     * 0.77777773; Tversky -0.55555558, -0.94444442, 0.77777779, 0.76190472, [0.5, 0.75757575], [0.5, 0.78494626].
     */
    @Test
    void diceAndTverskyMatchKeras() {
        int[] images = {1, 2, 3};
        close(new double[] {0.5, 0.75757575}, new Dice(images, Loss.Reduction.NONE).call(YD, PD), 1e-7, "dice by image");
        assertEquals(0.6164384, new Dice().call(YD, PD).doubleValue(), 1e-7);
        assertEquals(0, new Dice().call(YD, PD).rank(), "axis None: one value");
        assertEquals(-0.55555546, new Dice().call(YA, PA).doubleValue(), 1e-7);
        assertEquals(0.77777773, new Dice().call(YB, PB).doubleValue(), 1e-7);
        assertEquals(-0.55555558, new Tversky().call(YA, PA).doubleValue(), 1e-7);
        assertEquals(-0.94444442, new Tversky(0.2, 0.8).call(YA, PA).doubleValue(), 1e-7);
        assertEquals(0.77777779, new Tversky().call(YB, PB).doubleValue(), 1e-7);
        assertEquals(0.76190472, new Tversky(0.2, 0.8).call(YB, PB).doubleValue(), 1e-7);
        close(new double[] {0.5, 0.75757575}, new Tversky(0.5, 0.5, images, Loss.Reduction.NONE).call(YD, PD), 1e-7,
                "tversky by image");
        close(new double[] {0.5, 0.78494626}, new Tversky(0.2, 0.8, images, Loss.Reduction.NONE).call(YD, PD), 1e-7,
                "tversky 0.2 0.8 by image");
        // float32 and int targets, as Keras's tests give them
        Tensor y32 = Tensors.constant(new int[] {1, 2, 1, 2}, 2, 2);
        assertEquals(-0.55555546f, new Dice().call(y32, Tensors.cast(PA, DType.FLOAT32)).floatValue(), 1e-6f);
        // by image, averaged: the mean of the per-image losses
        assertEquals((0.5 + 0.75757575) / 2, new Dice(new int[] {-3, -2, -1}, Loss.Reduction.SUM_OVER_BATCH_SIZE)
                .call(YD, PD).doubleValue(), 1e-7);
    }

    /** Per-example Dice over axis 1 and Tversky (0.3, 0.7) over all axes against PyTorch, values and gradients. */
    @Test
    void diceAndTverskyGradientsMatchPyTorch() {
        Tensor y = d(new double[] {0, 1, 1, 1, 0, 0}, 2, 3);
        Tensor p = d(new double[] {0.2, 0.7, 0.9, 0.6, 0.3, 0.1}, 2, 3);
        int[] rows = {1};
        close(DICE_AXIS1_NONE, new Dice(rows, Loss.Reduction.NONE).call(y, p), 1e-9, "dice axis 1");
        close(DICE_AXIS1_GRAD, gradient(new Dice(rows, Loss.Reduction.SUM_OVER_BATCH_SIZE), y, p), 1e-9, "its gradient");
        close(TVERSKY_ALL, new Tversky(0.3, 0.7).call(y, p), 1e-9, "tversky");
        close(TVERSKY_ALL_GRAD, gradient(new Tversky(0.3, 0.7), y, p), 1e-9, "its gradient");
        matchesFiniteDifferences(new Dice(rows, Loss.Reduction.SUM), y, p);
        matchesFiniteDifferences(new Tversky(0.3, 0.7), y, p);
        // sample weights scale the per-example losses; a scalar loss cannot take one weight per example
        Tensor w = d(new double[] {2, 0.5}, 2);
        assertEquals((2 * DICE_AXIS1_NONE[0] + 0.5 * DICE_AXIS1_NONE[1]) / 2,
                new Dice(rows, Loss.Reduction.SUM_OVER_BATCH_SIZE).call(y, p, w).doubleValue(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Dice().call(y, p, w));
    }

    @Test
    void diceAndTverskyRefusals() {
        assertThrows(IllegalArgumentException.class, () -> new Dice(new int[0], Loss.Reduction.SUM));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dice(new int[] {1, -1}, Loss.Reduction.SUM).call(YA, PA));
        assertTrue(e.getMessage().startsWith("dice: axis 1 is repeated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Tversky(0.5, 0.5, new int[] {2}, Loss.Reduction.SUM)
                .call(YA, PA));
        assertTrue(e.getMessage().startsWith("tversky: axis 2 is out of range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tversky(-0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Tversky(0.5, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Dice().call(YA, d(new double[3], 3)));
    }

    private static final Tensor YC = Tensors.constant(new int[] {1, 1, 2, 2, 3}, 5);
    private static final Tensor PC = d(new double[] {
            0.70014004, -0.42008403, 0.14002801, 0.56011203,
            0.17609018, 0.70436073, -0.52827054, 0.44022545,
            -0.34050261, 0.25537696, -0.68100522, 0.59587957,
            0.32163376, -0.75047877, 0.53605627, -0.21442251,
            0.51261459, -0.34174306, 0.17087153, 0.76892189}, 5, 4);

    /**
     * Keras's CircleTest values (188.3883; gamma 256, margin 0.25: 652.7617; weighted 244.91918; reference
     * embeddings, no reduction: [82.9116, 36.7942, 92.4590, 52.6798, 0, 0], sum 264.845), more digits from PyTorch.
     * The example with a unique label has loss 0 and is left out of the mean (Keras's mask).
     */
    @Test
    void circleMatchesKeras() {
        close(CIRCLE_NONE, new Circle(80, 0.4, true, Loss.Reduction.NONE).call(YC, PC), 1e-9, "none");
        assertEquals(0, new Circle(80, 0.4, true, Loss.Reduction.NONE).call(YC, PC).toDoubleArray()[4]);
        assertEquals(188.3883, new Circle().call(YC, PC).doubleValue(), 1e-4);
        assertEquals(CIRCLE_MEAN, new Circle().call(YC, PC).doubleValue(), 1e-7);
        assertEquals(652.7617, new Circle(256, 0.25, true, Loss.Reduction.SUM_OVER_BATCH_SIZE).call(YC, PC).doubleValue(), 1e-3);
        assertEquals(244.91918, new Circle().call(YC, PC, d(new double[] {2, 2, 1, 1, 0.5}, 5)).doubleValue(), 1e-4);
        Tensor refLabels = Tensors.constant(new int[] {1, 1, 2, 2, 3, 4}, 6, 1);   // (n, 1) labels are read as (n,)
        Tensor ref = d(new double[] {
                0.40824829, -0.54433105, 0.27216553, 0.68041382,
                0.76376261, 0.10910895, -0.54554473, 0.32732684,
                -0.74420841, 0.24806947, 0.49613894, -0.3721042,
                0.52981294, -0.13245324, 0.79471941, -0.26490647,
                0.54554473, -0.32732684, 0.10910895, 0.76376261,
                -0.27216553, 0.68041382, 0.40824829, -0.54433105}, 6, 4);
        close(new double[] {82.9116, 36.7942, 92.4590, 52.6798, 0, 0}, new Circle(80, 0.4, true, Loss.Reduction.NONE)
                .call(refLabels, ref), 1e-6, "reference embeddings");
        assertEquals(264.845, new Circle(80, 0.4, true, Loss.Reduction.SUM).call(refLabels, ref).doubleValue(), 1e-3);
        // the gradient of the masked mean: finite (the unique label's row has no positives) and PyTorch's
        Tensor g = gradient(new Circle(), YC, PC);
        close(CIRCLE_MEAN_GRAD, g, 1e-8, "gradient");
        // float32 and float labels
        assertEquals(188.3883f, new Circle().call(Tensors.constant(new float[] {1, 1, 2, 2, 3}, 5),
                Tensors.cast(PC, DType.FLOAT32)).floatValue(), 2e-3f);
    }

    @Test
    void circleRefusals() {
        assertThrows(IllegalArgumentException.class, () -> new Circle(Double.NaN, 0.4, true, Loss.Reduction.SUM));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Circle().call(Tensors.constant(new int[] {1, 2}, 2), PC));
        assertTrue(e.getMessage().startsWith("circle: yTrue has shape (2,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Circle().call(d(new double[] {1, 1.5, 2, 2, 3}, 5), PC));
        assertThrows(IllegalArgumentException.class, () -> new Circle().call(YC, d(new double[5], 5)));
    }

    // ------------------------------------------------------------------------ scripts/fixtures/losses_reference.py

    private static final double[] FOCAL_DOCSTRING_NONE = {3.205830899e-05, 0.4662734813};
    private static final double FOCAL_DOCSTRING_WEIGHTED = 0.1632005272;
    private static final double[] FOCAL_DOCSTRING_GRAD = {0.0009216078709, -4.850567741e-05, 0.0009216078709, 0.1530581646, 0.1530581646, -1.377523481};
    private static final double[] FOCAL_FUNCTION_DOCSTRING = {0.0002634012891, 0.6759120942};
    private static final double[] FOCAL_LOGITS_NONE = {0.5846940986, 0.06786981215};
    private static final double[] FOCAL_LOGITS_GRAD = {0.1912177096, 0.02589816145, -0.2171158711, -0.0006925425444, 0.008952060413, -0.008259517868};
    private static final double[] FOCAL_AXIS1_NONE = {0.03465735903, 0.6714338131, 0.01307713597, 0.0007140593642};
    private static final double[] FOCAL_AXIS1_GRAD = {
            0.1539720771, 0.515411271, 0.1539720771, -4.638701439, -0.1539720771, 0.515411271, -0.05629807457,
            0.01176871237, 0.08444711186, -0.002942178093, 0.08444711186, 0.01176871237};
    private static final double[] DICE_AXIS1_NONE = {0.157894759, 0.40000003};
    private static final double[] DICE_AXIS1_GRAD = {0.1108033183, -0.1523545695, -0.1523545695, -0.34999999, 0.149999985, 0.149999985};
    private static final double[] TVERSKY_ALL = {0.2517007057};
    private static final double[] TVERSKY_ALL_GRAD = {0.07635706825, -0.2637789746, -0.2637789746, -0.2637789746, 0.07635706825, 0.07635706825};
    private static final double[] CIRCLE_NONE = {127.6789471, 98.44449046, 275.9191486, 251.5106713, 0};
    private static final double CIRCLE_MEAN = 188.3883144;
    private static final double[] CIRCLE_MEAN_GRAD = {
            11.90368318, -84.28701548, 59.41398941, -10.02584847, -76.22329388, 48.76579047, -51.62642112,
            -9.437805041, -35.70821931, 149.5192203, -108.2926775, 56.90550094, 62.72808129, -44.96720915,
            100.5097066, -74.43302537, 26.80359223, -16.08252828, 5.361033896, 21.44255833};
}
