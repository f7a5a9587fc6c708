package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras 3's {@code gradient_accumulation_steps} against {@code scripts/fixtures/write_optimizer_fixtures.py}'s
 * NumPy transcription of {@code keras/src/optimizers/base_optimizer.py} ({@code _backend_apply_gradients}: update
 * on every k-th call with {@code (g + accumulator) / k}, clipped, with weight decay; the other calls add to the
 * accumulators; every accumulator reset after an update; the {@code iterations} property floored for the update's
 * step count and the moving average, the real count for the schedule). Two variables over six to eight calls,
 * float32 and float64: Adam with clipnorm and weight decay and null gradients (one in an accumulating call, one at
 * an update, which drops what that variable accumulated), SGD with momentum and use_ema (overwrite every 2
 * updates), Nadam under a PiecewiseConstantDecay and global_clipnorm.
 */
class GradientAccumulationTest {

    static final Map<String, Supplier<Optimizer>> CASES = Map.of(
            "adam_accum3", () -> Adam.builder().learningRate(0.01).weightDecay(0.01).clipNorm(0.5)
                    .gradientAccumulationSteps(3).build(),
            "sgd_accum2_ema", () -> SGD.builder().learningRate(0.1).momentum(0.9).useEma(true).emaMomentum(0.9)
                    .emaOverwriteFrequency(2).gradientAccumulationSteps(2).build(),
            "nadam_accum2_piecewise", () -> Nadam.builder()
                    .learningRate(new PiecewiseConstantDecay(new long[] {2}, new double[] {0.01, 0.005}))
                    .globalClipNorm(1.0).gradientAccumulationSteps(2).build());

    @TestFactory
    Stream<DynamicTest> callsAsKeras() throws IOException {
        List<String> lines;
        try (InputStream in = GradientAccumulationTest.class.getResourceAsStream("/optimizers/keras_accumulation.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(CASES.size() * 2, lines.size(), "every case in both dtypes");
        return lines.stream().map(line -> {
            String[] f = line.split("\t");
            return DynamicTest.dynamicTest(f[0] + " " + f[1], () -> check(f));
        });
    }

    private static void check(String[] f) {
        String name = f[0];
        DType dtype = f[1].equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        Optimizer opt = CASES.get(name).get();
        List<Variable> vars = new ArrayList<>();
        for (String w : f[2].split("\\|")) {
            vars.add(new Variable(KerasOptimizerStepsTest.tensor(w, dtype)));
        }
        String[] calls = f[3].split(";"), after = f[4].split(";");
        for (int c = 0; c < calls.length; c++) {
            List<Tensor> grads = new ArrayList<>();
            for (String g : calls[c].split("\\|")) {
                grads.add(g.equals("-") ? null : KerasOptimizerStepsTest.tensor(g, dtype));
            }
            opt.applyGradients(grads, vars);
            String[] want = after[c].split("\\|");
            for (int i = 0; i < vars.size(); i++) {
                KerasOptimizerStepsTest.close(KerasOptimizerStepsTest.values(want[i], dtype), vars.get(i).toDoubleArray(),
                        dtype, name + " " + dtype + " variable " + i + " after call " + (c + 1));
            }
            assertEquals(c + 1, opt.iterations().longValue(), "iterations counts every call");
        }
        String[] acc = f[5].split("\\|");
        for (int i = 0; i < vars.size(); i++) {
            KerasOptimizerStepsTest.close(KerasOptimizerStepsTest.values(acc[i], dtype),
                    opt.slots(vars.get(i)).get("gradient_accumulator").toDoubleArray(), dtype, name + " accumulator " + i);
        }
    }

    /** By hand: SGD(1) with k = 2 moves only at the second call, by the mean gradient; the slot is Keras's name. */
    @Test
    void updatesEveryKthCallWithTheMeanGradient() {
        Variable w = new Variable(Tensors.constant(new float[] {1, 2}, 2));
        SGD sgd = SGD.builder().learningRate(1).gradientAccumulationSteps(2).build();
        sgd.applyGradients(List.of(Tensors.constant(new float[] {0.5f, 1}, 2)), List.of(w));
        assertArrayEquals(new float[] {1, 2}, w.toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1}, sgd.slots(w).get("gradient_accumulator").toFloatArray());
        sgd.applyGradients(List.of(Tensors.constant(new float[] {1.5f, 3}, 2)), List.of(w));
        assertArrayEquals(new float[] {0, 0}, w.toFloatArray());   // w - (0.5 + 1.5) / 2, 2 - (1 + 3) / 2
        assertArrayEquals(new float[] {0, 0}, sgd.slots(w).get("gradient_accumulator").toFloatArray());
        assertEquals(List.of("gradient_accumulator"), new ArrayList<>(sgd.slots(w).keySet()));
        Adam adam = Adam.builder().useEma(true).gradientAccumulationSteps(3).build();
        adam.build(List.of(w));
        assertEquals(List.of("momentum", "velocity", "average", "gradient_accumulator"), new ArrayList<>(adam.slots(w).keySet()));
    }

    /** Keras's refusal: "`gradient_accumulation_steps` must be an integer >= 2"; zero is off. */
    @Test
    void stepsBelowTwoAreRefused() {
        for (int bad : new int[] {1, -1}) {
            String m = assertThrows(IllegalArgumentException.class, () -> Adam.builder().gradientAccumulationSteps(bad)).getMessage();
            assertTrue(m.contains("Adam") && m.contains("gradientAccumulationSteps") && m.contains(String.valueOf(bad)), m);
        }
        Variable w = new Variable(Tensors.constant(1f));
        SGD sgd = SGD.builder().learningRate(1).gradientAccumulationSteps(0).build();
        sgd.applyGradients(List.of(Tensors.constant(1f)), List.of(w));
        assertEquals(0f, w.floatValue());
        assertTrue(sgd.slots(w).isEmpty());
    }
}
