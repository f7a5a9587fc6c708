package io.gradtape.optimizers;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * InverseTimeDecay, PolynomialDecay, CosineDecayRestarts and CosineDecay's warm-up against
 * {@code scripts/fixtures/write_optimizer_fixtures.py}'s NumPy transcription of
 * {@code keras/src/optimizers/schedules/learning_rate_schedule.py}, at steps on and around each boundary (end of
 * the warm-up, of the decay, of each cycle and restart period). The float64 transcription agrees to 1e-13
 * relative; Keras in float32 (the dtype of a float {@code initial_learning_rate}) within 1e-6 relative and 1e-7 of
 * the peak rate, since gradtape computes in double from the exact step (see {@link LearningRateSchedule}).
 */
class KerasSchedulesTest {

    /** The script's SCHEDULES. */
    static final Map<String, LearningRateSchedule> CASES = Map.of(
            "inverse_time", new InverseTimeDecay(0.1, 10, 0.5),
            "inverse_time_staircase", new InverseTimeDecay(0.1, 10, 0.5, true),
            "polynomial", new PolynomialDecay(0.1, 100),
            "polynomial_sqrt", new PolynomialDecay(0.1, 100, 0.01, 0.5, false),
            "polynomial_cycle", new PolynomialDecay(0.1, 100, 0.01, 2.0, true),
            "restarts", new CosineDecayRestarts(0.1, 10),
            "restarts_custom", new CosineDecayRestarts(0.1, 10, 1.5, 0.8, 0.1),
            "restarts_fixed", new CosineDecayRestarts(0.1, 10, 1.0, 0.5, 0.05),
            "cosine_warmup", new CosineDecay(0.0, 100, 0.1, 0.1, 20),
            "cosine_warmup_from", new CosineDecay(0.01, 50, 0.0, 0.2, 7));

    @TestFactory
    Stream<DynamicTest> schedulesAsKeras() throws IOException {
        List<String> lines;
        try (InputStream in = KerasSchedulesTest.class.getResourceAsStream("/optimizers/keras_schedules.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertTrue(lines.size() >= CASES.size() * 2 * 20, "every case in both dtypes at many steps");
        return lines.stream().map(line -> {
            String[] f = line.split("\t");
            return DynamicTest.dynamicTest(f[0] + " " + f[1] + " step " + f[2], () -> {
                boolean f32 = f[1].equals("float32");
                double want = f32 ? Float.intBitsToFloat(Integer.parseUnsignedInt(f[3], 16))
                        : Double.longBitsToDouble(Long.parseUnsignedLong(f[3], 16));
                double got = CASES.get(f[0]).at(Long.parseLong(f[2]));
                // float32: Keras's 1 + cos(pi f) cancels near the bottom of a cosine (step 29 of "restarts" differs
                // by 1.8e-6 relative), hence 1e-7 of the peak rate (0.1 in every case) besides 1e-6 relative
                double tol = f32 ? 1e-6 * Math.abs(want) + 1e-8 : 1e-13 * Math.abs(want) + 1e-300;
                assertEquals(want, got, tol, f[0] + " " + f[1] + " at step " + f[2]);
            });
        });
    }

    /** Values by hand from the formulas of the Keras file, and the class comments' examples. */
    @Test
    void knownAnswers() {
        assertEquals(0.05, new InverseTimeDecay(0.1, 10, 0.5).at(20), 1e-17);
        assertEquals(0.05, new InverseTimeDecay(0.1, 10, 1.0, true).at(19), 1e-17);
        assertEquals(0.1, new InverseTimeDecay(0.1, 10, 1.0, true).at(9), 0);
        assertEquals(0.055, new PolynomialDecay(0.1, 100, 0.01, 1.0, false).at(50), 1e-16);
        assertEquals(0.01, new PolynomialDecay(0.1, 100, 0.01, 1.0, false).at(500), 0);
        assertEquals(1e-4, new PolynomialDecay(0.1, 1000).at(1000), 0);
        // cycle: step 150 lies in the second cycle, of 200 steps: (0.1 - 0.01) * (1 - 150/200) + 0.01
        assertEquals(0.0325, new PolynomialDecay(0.1, 100, 0.01, 1.0, true).at(150), 1e-16);
        // at a whole multiple the cycle ends at the end rate; step 0 starts at the initial rate
        assertEquals(0.01, new PolynomialDecay(0.1, 100, 0.01, 1.0, true).at(200), 1e-17);
        assertEquals(0.1, new PolynomialDecay(0.1, 100, 0.01, 1.0, true).at(0), 0);
        CosineDecayRestarts r = new CosineDecayRestarts(0.1, 10);
        assertEquals(0.05, r.at(5), 1e-16);
        assertEquals(0.1, r.at(10), 1e-16);
        assertEquals(0.05, r.at(20), 1e-16);
        assertEquals(0.1, r.at(30), 1e-16);   // periods 10, 20: the third starts at 30
        assertEquals(0.025, new CosineDecayRestarts(0.1, 100, 1.0, 0.5, 0.0).at(150), 1e-16);
    }

    /**
     * At a restart the rate is the next period's peak, not the last one's floor. Periods (first 160, tMul 1.5) are
     * 160, 240, 360, 540, 810, so period 5 starts at step 2110 (f = 13.1875 = (1.5^5 - 1) / 0.5), where float64
     * log(7.59375) / log(1.5) rounds to 4.999999999999999. Keras (learning_rate_schedule.py
     * CosineDecayRestarts.__call__, float32 for a Python float rate) gets i = 5, f = 0 there:
     * 0.1 * (0.9 * 0.8^5 + 0.1) = 0.0394912 (NumPy float32 transcription: 0.03949120193719864), not the floor
     * alpha * 0.1 = 0.01. Likewise (first 10, tMul 3) at step 1210 = 10 * (3^5 - 1) / 2: the peak 0.1.
     */
    @Test
    void restartBoundariesStartTheNextPeriod() {
        CosineDecayRestarts r = new CosineDecayRestarts(0.1, 160, 1.5, 0.8, 0.1);
        assertEquals(0.1 * (0.9 * Math.pow(0.8, 5) + 0.1), r.at(2110), 1e-16);
        assertEquals(0.1 * (0.9 * 0.5 * Math.pow(0.8, 4) * (1 + Math.cos(Math.PI * 809.0 / 810)) + 0.1), r.at(2109), 1e-16);
        CosineDecayRestarts t3 = new CosineDecayRestarts(0.1, 10, 3.0, 1.0, 0.0);
        assertEquals(0.1, t3.at(1210), 1e-16);
        assertEquals(0.1, t3.at(3640), 1e-16);   // period 6 starts at 10 * (3^6 - 1) / 2
    }

    /** Parameters out of range are refused, naming the schedule and the parameter. */
    @Test
    void badParametersAreRefused() {
        assertMessage(() -> new InverseTimeDecay(0.1, 0, 0.5), "InverseTimeDecay", "decaySteps");
        assertMessage(() -> new InverseTimeDecay(0.1, 10, -0.5), "InverseTimeDecay", "decayRate");
        assertMessage(() -> new PolynomialDecay(0.1, -1), "PolynomialDecay", "decaySteps");
        assertMessage(() -> new PolynomialDecay(0.1, 10, -0.01, 1, false), "PolynomialDecay", "endLearningRate");
        assertMessage(() -> new PolynomialDecay(0.1, 10, 0.01, -1, false), "PolynomialDecay", "power");
        assertMessage(() -> new CosineDecayRestarts(0.1, 0), "CosineDecayRestarts", "firstDecaySteps");
        assertMessage(() -> new CosineDecayRestarts(0.1, 10, 0.5, 1, 0), "CosineDecayRestarts", "tMul");
        assertMessage(() -> new CosineDecayRestarts(0.1, 10, 2, Double.NaN, 0), "CosineDecayRestarts", "mMul");
        assertMessage(() -> new CosineDecayRestarts(0.1, 10, 2, 1, 1.5), "CosineDecayRestarts", "alpha");
        assertThrows(IllegalArgumentException.class, () -> new PolynomialDecay(0, 10));
    }

    private static void assertMessage(Runnable r, String... parts) {
        String m = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        for (String p : parts) {
            assertTrue(m.contains(p), m);
        }
    }
}
