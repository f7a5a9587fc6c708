package io.gradtape.optimizers;

import org.junit.jupiter.api.Test;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared builder's checks (clips, weight decay, learning rate, EMA, the moment and unit-interval helpers) name the
 * optimizer the caller built, as every error names its op.
 */
class OptimizerBuilderMessagesTest {

    /** Every optimizer in io.gradtape.optimizers, with the name its messages must start with (written out by hand). */
    private static Map<String, Supplier<Optimizer.Builder<?, ?>>> builders() {
        Map<String, Supplier<Optimizer.Builder<?, ?>>> m = new LinkedHashMap<>();
        m.put("SGD", SGD::builder);
        m.put("Adam", Adam::builder);
        m.put("AdamW", AdamW::builder);
        m.put("Adamax", Adamax::builder);
        m.put("Nadam", Nadam::builder);
        m.put("Adagrad", Adagrad::builder);
        m.put("RMSprop", RMSprop::builder);
        m.put("Adadelta", Adadelta::builder);
        m.put("Ftrl", Ftrl::builder);
        m.put("Lion", Lion::builder);
        m.put("Lamb", Lamb::builder);
        m.put("Adafactor", Adafactor::builder);
        m.put("Muon", Muon::builder);
        return m;
    }

    @Test
    void aBadClipNormNamesEveryOptimizer() {
        for (Map.Entry<String, Supplier<Optimizer.Builder<?, ?>>> e : builders().entrySet()) {
            String m = assertThrows(IllegalArgumentException.class, () -> e.getValue().get().clipNorm(-1)).getMessage();
            assertEquals(e.getKey() + ": clipNorm must be finite and non-negative, got -1.0", m);
        }
    }

    @Test
    void theOtherSharedChecksNameTheOptimizer() {
        assertEquals("Adam: learningRate must be finite and positive, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Adam.builder().learningRate(0)).getMessage());
        assertEquals("SGD: weightDecay must be finite and non-negative, got NaN",
                assertThrows(IllegalArgumentException.class, () -> SGD.builder().weightDecay(Double.NaN)).getMessage());
        assertEquals("Lion: globalClipNorm must be finite and non-negative, got -2.0",
                assertThrows(IllegalArgumentException.class, () -> Lion.builder().globalClipNorm(-2)).getMessage());
        assertEquals("Ftrl: clipValue must be finite and non-negative, got Infinity",
                assertThrows(IllegalArgumentException.class, () -> Ftrl.builder().clipValue(Double.POSITIVE_INFINITY))
                        .getMessage());
        assertEquals("RMSprop: emaMomentum must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> RMSprop.builder().emaMomentum(1.5)).getMessage());
        assertEquals("Adagrad: emaOverwriteFrequency must be a number of steps >= 1, or 0 for none, got -1",
                assertThrows(IllegalArgumentException.class, () -> Adagrad.builder().emaOverwriteFrequency(-1))
                        .getMessage());
        assertEquals("Nadam: beta2 must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Nadam.builder().beta2(1)).getMessage());
        assertEquals("Adadelta: rho must be in [0, 1), got -0.1",
                assertThrows(IllegalArgumentException.class, () -> Adadelta.builder().rho(-0.1)).getMessage());
        assertEquals("Muon: epsilon must be finite and non-negative, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Muon.builder().epsilon(-1)).getMessage());
        assertEquals("AdamW: gradientAccumulationSteps must be >= 2, or 0 for none, got 1",
                assertThrows(IllegalArgumentException.class, () -> AdamW.builder().gradientAccumulationSteps(1))
                        .getMessage());
        // setLearningRate on a built optimizer shares the check and the name
        SGD sgd = new SGD(0.1);
        String m = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1)).getMessage();
        assertTrue(m.startsWith("SGD: learningRate must be finite and positive"), m);
        assertEquals(0.1, sgd.learningRate(), 0);
    }

    /** A schedule's refused rate is named with the schedule and the argument the caller wrote. */
    @Test
    void schedulesNameThemselvesAndTheArgument() {
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("ExponentialDecay: initialLearningRate must be finite and positive, got 0.0",
                () -> new ExponentialDecay(0, 10, 0.5));
        calls.put("InverseTimeDecay: initialLearningRate must be finite and positive, got -1.0",
                () -> new InverseTimeDecay(-1, 10, 0.5));
        calls.put("PolynomialDecay: initialLearningRate must be finite and positive, got NaN",
                () -> new PolynomialDecay(Double.NaN, 100));
        calls.put("CosineDecayRestarts: initialLearningRate must be finite and positive, got Infinity",
                () -> new CosineDecayRestarts(Double.POSITIVE_INFINITY, 10));
        calls.put("PiecewiseConstantDecay: values must be finite and positive, got -0.5",
                () -> new PiecewiseConstantDecay(new long[] {10}, new double[] {0.1, -0.5}));
        for (Map.Entry<String, Runnable> e : calls.entrySet()) {
            assertEquals(e.getKey(), assertThrows(IllegalArgumentException.class, e.getValue()::run).getMessage());
        }
    }
}
