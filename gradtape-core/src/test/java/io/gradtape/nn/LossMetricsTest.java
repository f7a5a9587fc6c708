package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics that average a loss (Keras's MeanMetricWrapper around keras/src/losses/losses.py functions:
 * probabilistic_metrics.py, hinge_metrics.py, regression_metrics.py) and Sum (reduction_metrics.py) against their
 * docstring examples, and the NumPy transcription in scripts/fixtures/metrics_reference.py (bce_*, sum_total) for
 * several batches with weights of two ranks.
 */
class LossMetricsTest {
    private record Doc(String name, Supplier<LossMetric> make, Tensor y, Tensor p, Tensor w, double unweighted,
                       double weighted) {
    }

    private static Tensor m22(float... v) {
        return Tensors.constant(v, 2, 2);
    }

    private static final Tensor Y = m22(0, 1, 0, 0);
    private static final Tensor P_PROB = m22(0.6f, 0.4f, 0.4f, 0.6f);
    private static final Tensor P_ONES = m22(1, 1, 0, 0);
    private static final Tensor W10 = Tensors.constant(new float[] {1, 0}, 2);

    /** Each docstring: the result of one batch, then after a reset with sample weights (float32 in Keras: 1e-6). */
    @Test
    void matchKerasDocstrings() {
        Tensor y3 = Tensors.constant(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor p3 = Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
        Tensor w37 = Tensors.constant(new float[] {0.3f, 0.7f}, 2);
        List<Doc> docs = List.of(
                new Doc("KLDivergence", KLDivergenceMetric::new, Y, P_PROB, W10, 0.45814306, 0.9162892),
                new Doc("Poisson", PoissonMetric::new, Y, P_ONES, W10, 0.49999997, 0.99999994),
                new Doc("BinaryCrossentropy", BinaryCrossentropyMetric::new, Y, P_PROB, W10, 0.81492424, 0.9162905),
                new Doc("CategoricalCrossentropy", CategoricalCrossentropyMetric::new, y3, p3, w37, 1.1769392, 1.6271976),
                new Doc("SparseCategoricalCrossentropy", SparseCategoricalCrossentropyMetric::new,
                        Tensors.constant(new int[] {1, 2}, 2), p3, w37, 1.1769392, 1.6271976),
                new Doc("Hinge", HingeMetric::new, Y, P_PROB, W10, 1.3, 1.1),
                new Doc("SquaredHinge", SquaredHingeMetric::new, Y, P_PROB, W10, 1.86, 1.46),
                new Doc("CategoricalHinge", CategoricalHingeMetric::new, Y, P_PROB, W10, 1.4000001, 1.2),
                new Doc("MeanSquaredLogarithmicError", MeanSquaredLogarithmicErrorMetric::new, Y, P_ONES, W10, 0.12011322,
                        0.24022643),
                new Doc("LogCoshError", LogCoshError::new, Y, P_ONES, W10, 0.10844523, 0.21689045),
                new Doc("CosineSimilarity", () -> new CosineSimilarityMetric(1), m22(0, 1, 1, 1), m22(1, 0, 1, 1),
                        w37, 0.49999997, 0.6999999));
        for (Doc d : docs) {
            LossMetric m = d.make().get();
            m.updateState(d.y(), d.p());
            assertEquals(d.unweighted(), m.doubleResult(), 1e-6, d.name());
            m.resetState();
            m.updateState(d.y(), d.p(), d.w());
            assertEquals(d.weighted(), m.doubleResult(), 1e-6, d.name());
            assertEquals(List.of("total", "count"), List.copyOf(m.variables().keySet()), d.name());
        }
        // MAPE: a target of 0 is divided by 1e-7 (1e9 percent), relative tolerance
        MeanAbsolutePercentageErrorMetric mape = new MeanAbsolutePercentageErrorMetric();
        mape.updateState(Y, P_ONES);
        assertEquals(250000000.0, mape.doubleResult(), 250000000.0 * 1e-6);
        mape.resetState();
        mape.updateState(Y, P_ONES, W10);
        assertEquals(500000000.0, mape.doubleResult(), 500000000.0 * 1e-6);
        // integer predictions are read as float32, as Keras's functions compute on them (Poisson's docstring passes ints)
        PoissonMetric poisson = new PoissonMetric();
        poisson.updateState(Tensors.constant(new int[] {0, 1, 0, 0}, 2, 2), Tensors.constant(new int[] {1, 1, 0, 0}, 2, 2));
        assertEquals(0.49999997, poisson.doubleResult(), 1e-6);
    }

    /**
     * BinaryCrossentropyMetric from logits with label smoothing 0.2 on (2, 2, 3) outputs, so the per-example values
     * have shape (2, 2): batch 1 with row weights (2,) (each row's two values averaged, then weighed), batch 2 with
     * weights (2, 2) (each value weighed, the count growing by each row's mean weight). NumPy bce_*.
     */
    @Test
    void perExampleValuesOfRankTwoWithWeightsOfTwoRanks() {
        Tensor y1 = Tensors.constant(new float[] {1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0}, 2, 2, 3);
        Tensor x1 = Tensors.constant(new float[] {2, -1, 0.5f, 0, -3, 1.5f, 1, 2, -0.5f, -2, 0.3f, 0.7f}, 2, 2, 3);
        Tensor y2 = Tensors.constant(new float[] {0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0}, 2, 2, 3);
        Tensor x2 = Tensors.constant(new float[] {-1, 0.2f, 0.1f, 2.5f, 1, -1, 0.4f, -0.6f, 3, 1.2f, -2.2f, 0}, 2, 2, 3);
        BinaryCrossentropyMetric m = new BinaryCrossentropyMetric(true, 0.2);
        m.updateState(y1, x1, Tensors.constant(new float[] {0.5f, 2}, 2));
        m.updateState(y2, x2, Tensors.constant(new float[] {1, 0, 3, 1}, 2, 2));
        assertEquals(BCE_TOTAL, m.variables().get("total").doubleValue(), 1e-6);
        assertEquals(BCE_COUNT, m.variables().get("count").doubleValue(), 1e-12);
        assertEquals(BCE_RESULT, m.doubleResult(), 1e-6);
    }

    /**
     * Sum: [1, 3, 5, 7] gives 16, with weights [1, 1, 0, 0] 4 (Keras's docstring); then (2, 3) values with row
     * weights [2, 0.5] and (2,) values with a scalar weight 3 (NumPy sum_total: 6 * 2 + 15.5 * 0.5 + (1.5 - 2) * 3).
     */
    @Test
    void sumMatchesKerasDocstringAndWeights() {
        Sum s = new Sum();
        s.updateState(Tensors.constant(new float[] {1, 3, 5, 7}, 4));
        assertEquals(16.0, s.doubleResult());
        s.resetState();
        s.updateState(Tensors.constant(new float[] {1, 3, 5, 7}, 4), Tensors.constant(new float[] {1, 1, 0, 0}, 4));
        assertEquals(4.0, s.doubleResult());
        s.resetState();
        s.updateState(Tensors.constant(new float[] {1, 2, 3, 4, 5, 6.5f}, 2, 3), Tensors.constant(new float[] {2, 0.5f}, 2));
        s.updateState(Tensors.constant(new float[] {1.5f, -2}, 2), Tensors.constant(3f));
        assertEquals(SUM_TOTAL, s.doubleResult(), 1e-12);
        assertEquals(List.of("total"), List.copyOf(s.variables().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.updateState(Tensors.constant(new float[] {1, 2}, 2), Tensors.constant(new float[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().contains("Sum.updateState") && e.getMessage().contains("(3,)"), e.getMessage());
        assertEquals(SUM_TOTAL, s.doubleResult(), 1e-12, "a failed call changes nothing");
    }

    @Test
    void refusalsNameTheMetricAndChangeNothing() {
        CategoricalCrossentropyMetric m = new CategoricalCrossentropyMetric();
        m.updateState(Tensors.constant(new float[] {0, 1, 0, 0, 0, 1}, 2, 3),
                Tensors.constant(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3));
        double before = m.doubleResult();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.updateState(Tensors.constant(new float[4], 2, 2), Tensors.constant(new float[6], 2, 3)));
        assertTrue(e.getMessage().startsWith("CategoricalCrossentropyMetric.updateState: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.updateState(Tensors.constant(new float[6], 2, 3),
                Tensors.constant(new float[6], 2, 3), Tensors.constant(new float[3], 3)));
        assertTrue(e.getMessage().contains("sampleWeight of shape (3,)"), e.getMessage());
        SparseCategoricalCrossentropyMetric s = new SparseCategoricalCrossentropyMetric();
        e = assertThrows(IllegalArgumentException.class, () -> s.updateState(Tensors.constant(new int[] {3, 0}, 2),
                Tensors.constant(new float[6], 2, 3)));
        assertTrue(e.getMessage().startsWith("SparseCategoricalCrossentropyMetric.updateState: "), e.getMessage());
        assertEquals(before, m.doubleResult(), "failed calls change nothing");
        assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropyMetric(false, 1.5));
        assertThrows(NullPointerException.class, () -> m.updateState(null, Tensors.constant(new float[6], 2, 3)));
    }

    // scripts/fixtures/metrics_reference.py, bce_* and sum_total
    private static final double BCE_TOTAL = 3.078460178120698;
    private static final double BCE_COUNT = 5.0;
    private static final double BCE_RESULT = 0.6156920356241395;
    private static final double SUM_TOTAL = 18.25;
}
