package io.gradtape.nn;

import io.gradtape.GradientTape;
import io.gradtape.Shape;
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
 * Keras's Hinge, SquaredHinge, CategoricalHinge, Poisson, MeanSquaredLogarithmicError, MeanAbsolutePercentageError
 * and BinaryFocalCrossentropy ({@code keras/src/losses/losses.py}): Keras's docstring values, per-example values
 * from a NumPy transcription of each function (float64, on this machine), gradients against finite differences,
 * sample weights and reductions, and refusals.
 */
class MarginCountAndFocalLossesTest {
    private static Tensor d(int r, int c, double... v) {
        return Tensors.constant(v, r, c);
    }

    /** The tape's gradient of the mean loss at {@code p} against central differences in float64. */
    private static void gradientMatchesFiniteDifferences(Loss loss, Tensor y, Tensor p) {
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(p);
            l = loss.call(y, p);
        }
        Function<Tensor, Tensor> f = x -> loss.call(y, x);
        assertArrayEquals(FiniteDifferences.jacobian(f, p, 1e-6), tape.gradient(l, p).toDoubleArray(), 1e-7, loss.name());
    }

    // NumPy: Y = [[-1, 1, 1], [1, -1, -1]], P = [[0.3, -0.8, 1.5], [2.0, 0.1, -0.5]]
    private static final Tensor Y = d(2, 3, -1, 1, 1, 1, -1, -1);
    private static final Tensor P = d(2, 3, 0.3, -0.8, 1.5, 2.0, 0.1, -0.5);

    /**
     * Keras's hinge and squared_hinge: the docstring values; {0, 1} targets read as {-1, 1}
     * (convert_binary_labels_to_hinge) give the same numbers as the {-1, 1} targets; a batch with any other value is
     * taken as it is (NumPy: [1.7666667, 0.75]).
     */
    @Test
    void hingeLossesMatchKerasAndNumPy() {
        Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor p = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
        assertEquals(1.3f, new Hinge().call(y, p).floatValue(), 1e-6f);
        assertEquals(1.86f, new SquaredHinge().call(y, p).floatValue(), 1e-6f);
        double[] hinge = {1.0333333333, 0.5333333333};
        double[] squared = {1.6433333333, 0.4866666667};
        assertArrayEquals(hinge, new Hinge(Loss.Reduction.NONE).call(Y, P).toDoubleArray(), 1e-9);
        assertArrayEquals(squared, new SquaredHinge(Loss.Reduction.NONE).call(Y, P).toDoubleArray(), 1e-9);
        Tensor binary = Tensors.constant(new int[] {0, 1, 1, 1, 0, 0}, 2, 3);   // int labels are cast, then converted
        assertArrayEquals(hinge, new Hinge(Loss.Reduction.NONE).call(binary, P).toDoubleArray(), 1e-9);
        assertArrayEquals(squared, new SquaredHinge(Loss.Reduction.NONE).call(binary, P).toDoubleArray(), 1e-9);
        assertArrayEquals(new double[] {1.7666666667, 0.75},
                new Hinge(Loss.Reduction.NONE).call(d(2, 3, 0, 1, -1, 1, 0, 0.5), P).toDoubleArray(), 1e-9);
        gradientMatchesFiniteDifferences(new Hinge(), Y, P);
        gradientMatchesFiniteDifferences(new SquaredHinge(), binary, P);
        // at the kink (y p = 1) the gradient is the margin's, -y / n, as TensorFlow's Maximum gives ties to x
        GradientTape tape = new GradientTape();
        Tensor at = d(1, 2, 1, -0.5);
        Tensor l;
        try (tape) {
            tape.watch(at);
            l = new Hinge().call(d(1, 2, 1, 1), at);
        }
        assertArrayEquals(new double[] {-0.5, -0.5}, tape.gradient(l, at).toDoubleArray(), 0);
    }

    /** Keras's categorical_hinge: max(max((1 - y) p) - sum(y p) + 1, 0); NumPy [2, 2.3] for negative scores. */
    @Test
    void categoricalHingeMatchesKerasAndNumPy() {
        Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor p = Tensors.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
        assertEquals(1.4f, new CategoricalHinge().call(y, p).floatValue(), 1e-6f);
        Tensor yc = d(2, 3, 0, 0, 1, 1, 0, 0);
        Tensor pc = d(2, 3, -2, -0.5, -1, 0.2, 1.5, -3);
        // row 0: the masked target score counts as 0 in the max, so neg = 0 (Keras), not -0.5
        assertArrayEquals(new double[] {2, 2.3}, new CategoricalHinge(Loss.Reduction.NONE).call(yc, pc).toDoubleArray(), 1e-12);
        gradientMatchesFiniteDifferences(new CategoricalHinge(), d(2, 3, 0, 1, 0, 1, 0, 0), d(2, 3, 0.3, 0.1, 0.9, 0.2, 1.5, -3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalHinge().call(Tensors.zeros(io.gradtape.DType.FLOAT32, 2, 0), Tensors.zeros(io.gradtape.DType.FLOAT32, 2, 0)));
        assertTrue(e.getMessage().contains("categorical_hinge") && e.getMessage().contains("(2, 0)"), e.getMessage());
    }

    /**
     * Keras's poisson, mean_squared_logarithmic_error and mean_absolute_percentage_error: the docstring values
     * (MSLE 0.12011322, MAPE 250000000 for a zero target); NumPy per example: Poisson [-0.58080076, 0.34952126],
     * MSLE [0.081759214, 0.16477524] (negatives count as 1e-7), MAPE [33.333333, 108.333333].
     */
    @Test
    void countAndRelativeLossesMatchKerasAndNumPy() {
        Tensor y = Tensors.constant(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor p = Tensors.constant(new float[] {1, 1, 0, 0}, 2, 2);
        assertEquals(0.12011322f, new MeanSquaredLogarithmicError().call(y, p).floatValue(), 1e-7f);
        assertEquals(2.5e8f, new MeanAbsolutePercentageError().call(y, p).floatValue(), 1f);
        assertEquals(0.5f, new Poisson().call(y, p).floatValue(), 1e-6f);
        Tensor yp = d(2, 3, 0, 2, 5, 1, 0, 3), pp = d(2, 3, 0.5, 1.5, 4, 2, 0, 3.5);
        assertArrayEquals(new double[] {-0.58080076, 0.349521259}, new Poisson(Loss.Reduction.NONE).call(yp, pp).toDoubleArray(), 1e-8);
        Tensor yl = d(2, 3, 0, 2, 50, 1, -1, 3), pl = d(2, 3, 0.5, 1.5, 40, -2, 0, 3.5);
        assertArrayEquals(new double[] {0.081759214, 0.16477524},
                new MeanSquaredLogarithmicError(Loss.Reduction.NONE).call(yl, pl).toDoubleArray(), 1e-8);
        Tensor ya = d(2, 3, 1, -2, 0, 4, 0.5, 3), pa = d(2, 3, 1.5, -1, 0, 3, 1, -3);
        assertArrayEquals(new double[] {33.333333333, 108.333333333},
                new MeanAbsolutePercentageError(Loss.Reduction.NONE).call(ya, pa).toDoubleArray(), 1e-7);
        gradientMatchesFiniteDifferences(new Poisson(), yp, d(2, 3, 0.5, 1.5, 4, 2, 0.3, 3.5));
        gradientMatchesFiniteDifferences(new MeanSquaredLogarithmicError(), yl, d(2, 3, 0.5, 1.5, 40, 2, 0.3, 3.5));
        // (a nonzero target everywhere: a zero one scales the loss by 1e7, beyond the differences' rounding)
        gradientMatchesFiniteDifferences(new MeanAbsolutePercentageError(), d(2, 3, 1, -2, 0.25, 4, 0.5, 3), d(2, 3, 1.4, -1, 0.2, 3, 1, -3));
        // a prediction held at 1e-7 by MSLE's maximum gets no gradient
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(pl);
            l = new MeanSquaredLogarithmicError().call(yl, pl);
        }
        assertEquals(0.0, tape.gradient(l, pl).toDoubleArray()[3]);
    }

    /**
     * Keras's binary_focal_crossentropy: the docstring's per-example [0.330, 0.206] (gamma 2) and, from NumPy,
     * class balancing [0.16493233, 0.15434879]; gamma 1.5, alpha 0.4 and label smoothing 0.2 [0.19341461, 0.15570327];
     * from logits (stable cross entropy) [0.03227936, 0.05776227], and gamma 3, balancing, smoothing 0.1
     * [0.00475797, 0.00800117]; a sigmoid activation's output gives its logits' value.
     */
    @Test
    void binaryFocalCrossentropyMatchesKerasAndNumPy() {
        Tensor y = d(2, 2, 0, 1, 0, 0);
        Tensor p = d(2, 2, 0.6, 0.4, 0.4, 0.6);
        Loss.Reduction none = Loss.Reduction.NONE;
        assertArrayEquals(new double[] {0.32986466, 0.20579838}, new BinaryFocalCrossentropy(false, 0.25, 2, false, 0, none).call(y, p).toDoubleArray(), 1e-8);
        assertEquals(0.2678315225566615, new BinaryFocalCrossentropy().call(y, p).doubleValue(), 1e-8);
        assertArrayEquals(new double[] {0.16493233, 0.15434879}, new BinaryFocalCrossentropy(true, 0.25, 2, false, 0, none).call(y, p).toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {0.19341461, 0.15570327}, new BinaryFocalCrossentropy(true, 0.4, 1.5, false, 0.2, none).call(y, p).toDoubleArray(), 1e-8);
        Tensor yy = d(2, 3, 1, 0, 1, 0, 1, 1);
        Tensor x = d(2, 3, 0.4, -1.2, 3.0, -20, 0, 50);
        assertArrayEquals(new double[] {0.03227936, 0.05776227}, new BinaryFocalCrossentropy(false, 0.25, 2, true, 0, none).call(yy, x).toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {0.00475797, 0.00800117}, new BinaryFocalCrossentropy(true, 0.25, 3, true, 0.1, none).call(yy, x).toDoubleArray(), 1e-8);
        // the output of a sigmoid activation: computed from its cached logits, the from-logits value
        Tensor sig = Activations.get("sigmoid").apply(x);
        assertArrayEquals(new double[] {0.03227936, 0.05776227}, new BinaryFocalCrossentropy(false, 0.25, 2, false, 0, none).call(yy, sig).toDoubleArray(), 1e-8);
        // gamma 0 without balancing is the binary cross entropy
        assertEquals(new BinaryCrossentropy().call(y, p).doubleValue(), new BinaryFocalCrossentropy(false, 0.25, 0, false, 0, Loss.Reduction.SUM_OVER_BATCH_SIZE).call(y, p).doubleValue(), 1e-12);
        // gamma 0 at a perfect prediction: the cross entropy's gradient (0, the clip holds p), not pow's 0 * 0^-1 = NaN
        Tensor perfect = d(1, 2, 1, 0);
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(perfect);
            l = new BinaryFocalCrossentropy(false, 0.25, 0, false, 0, Loss.Reduction.SUM).call(d(1, 2, 1, 0), perfect);
        }
        assertArrayEquals(new double[] {0, 0}, tape.gradient(l, perfect).toDoubleArray(), 0);
        gradientMatchesFiniteDifferences(new BinaryFocalCrossentropy(true, 0.3, 2, false, 0.1, Loss.Reduction.SUM), yy, d(2, 3, 0.7, 0.2, 0.9, 0.1, 0.5, 0.6));
        gradientMatchesFiniteDifferences(new BinaryFocalCrossentropy(true), yy, x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryFocalCrossentropy(false, 1.5, 2, false, 0, none));
        assertTrue(e.getMessage().contains("binary_focal_crossentropy") && e.getMessage().contains("alpha"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryFocalCrossentropy(false, 0.25, -1, false, 0, none));
        assertThrows(IllegalArgumentException.class, () -> new BinaryFocalCrossentropy(false, 0.25, Double.NaN, false, 0, none));
        assertThrows(IllegalArgumentException.class, () -> new BinaryFocalCrossentropy(false, 0.25, 2, false, 2, none));
    }

    /** The generic contracts of Loss hold for each new loss: reductions, sample weights, rank matching, refusals. */
    @Test
    void newLossesFollowTheLossContracts() {
        Loss[][] losses = {
            {new Hinge(), new Hinge(Loss.Reduction.SUM), new Hinge(Loss.Reduction.NONE)},
            {new SquaredHinge(), new SquaredHinge(Loss.Reduction.SUM), new SquaredHinge(Loss.Reduction.NONE)},
            {new CategoricalHinge(), new CategoricalHinge(Loss.Reduction.SUM), new CategoricalHinge(Loss.Reduction.NONE)},
            {new Poisson(), new Poisson(Loss.Reduction.SUM), new Poisson(Loss.Reduction.NONE)},
            {new MeanSquaredLogarithmicError(), new MeanSquaredLogarithmicError(Loss.Reduction.SUM), new MeanSquaredLogarithmicError(Loss.Reduction.NONE)},
            {new MeanAbsolutePercentageError(), new MeanAbsolutePercentageError(Loss.Reduction.SUM), new MeanAbsolutePercentageError(Loss.Reduction.NONE)},
            {new BinaryFocalCrossentropy(), new BinaryFocalCrossentropy(false, 0.25, 2, false, 0, Loss.Reduction.SUM),
                new BinaryFocalCrossentropy(false, 0.25, 2, false, 0, Loss.Reduction.NONE)},
        };
        Tensor y = d(3, 2, 0, 1, 1, 0, 1, 1);
        Tensor p = d(3, 2, 0.2, 0.7, 0.6, 0.1, 0.9, 0.4);
        Tensor w = Tensors.constant(new float[] {0.5f, 2, 0}, 3);
        for (Loss[] l : losses) {
            double[] per = l[2].call(y, p).toDoubleArray();
            assertEquals(3, per.length);
            double sum = per[0] + per[1] + per[2];
            assertEquals(sum / 3, l[0].call(y, p).doubleValue(), 1e-12, l[0].name());
            assertEquals(sum, l[1].call(y, p).doubleValue(), 1e-12, l[0].name());
            double weighted = per[0] * 0.5 + per[1] * 2;
            assertEquals(weighted / 3, l[0].call(y, p, w).doubleValue(), 1e-12, l[0].name());   // divided by 3, not by sum(w)
            assertEquals(weighted / 3, l[0].call(y, p, Tensors.reshape(w, 3, 1)).doubleValue(), 1e-12, l[0].name());
            assertEquals(Shape.of(3), l[2].call(y, p, w).shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l[0].call(y, d(2, 3, 0, 0, 0, 0, 0, 0)));
            assertTrue(e.getMessage().startsWith(l[0].name() + ":") && e.getMessage().contains("(3, 2)") && e.getMessage().contains("(2, 3)"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> l[0].call(y, p, Tensors.constant(new float[9], 3, 3)));
            assertThrows(IllegalArgumentException.class, () -> l[0].call(y, Tensors.constant(new int[6], 3, 2)));
        }
        // labels (n,) against a Dense(1) output (n, 1): one loss per example
        Tensor labels = Tensors.constant(new int[] {1, 0, 1}, 3);
        Tensor out = d(3, 1, 0.8, 0.3, 0.4);
        for (Loss[] l : losses) {
            if (!(l[2] instanceof CategoricalHinge)) {
                assertEquals(Shape.of(3), l[2].call(labels, out).shape(), l[2].name());
                assertArrayEquals(l[2].call(d(3, 1, 1, 0, 1), out).toDoubleArray(), l[2].call(labels, out).toDoubleArray(), 1e-12);
            }
        }
        assertEquals("mean_squared_logarithmic_error", new MeanSquaredLogarithmicError().name());
        assertEquals("binary_focal_crossentropy", new BinaryFocalCrossentropy().name());
    }
}
