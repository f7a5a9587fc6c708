package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adamax, Nadam, Adadelta and Ftrl against Keras 3, five steps on float32 and float64 variables: the expected
 * values are {@code scripts/fixtures/write_optimizer_fixtures.py}'s NumPy transcription of each optimizer's
 * {@code update_step} ({@code keras/src/optimizers/adamax.py}, {@code nadam.py}, {@code adadelta.py},
 * {@code ftrl.py}) and of the base class's clipping and weight decay ({@code base_optimizer.py}), every op in the
 * dtype. Every step's variable is compared, then the slots and Nadam's {@code u_product} after the last one.
 * float64 agrees to 1e-13 relative; float32 within a few ulps, since gradtape rounds only the stored values where
 * Keras rounds every op (and NumPy's {@code powf} is not Java's {@code Math.pow}).
 */
class KerasOptimizerStepsTest {

    /** The optimizers of the fixture's cases, as the script's CASES table builds them. */
    static final Map<String, Supplier<Optimizer>> CASES = Map.ofEntries(
            Map.entry("adamax", () -> new Adamax(0.01)),
            Map.entry("adamax_custom", () -> Adamax.builder().learningRate(0.02).beta1(0.8).beta2(0.99).epsilon(1e-3).build()),
            Map.entry("adamax_decay_clipvalue", () -> Adamax.builder().learningRate(0.01).weightDecay(0.1).clipValue(0.5).build()),
            Map.entry("nadam", () -> new Nadam(0.01)),
            Map.entry("nadam_custom", () -> Nadam.builder().learningRate(0.02).beta1(0.8).beta2(0.99).epsilon(1e-3).build()),
            Map.entry("nadam_decay_clipnorm", () -> Nadam.builder().learningRate(0.01).weightDecay(0.05).clipNorm(0.5).build()),
            Map.entry("adadelta", () -> new Adadelta(1.0)),
            Map.entry("adadelta_custom", () -> Adadelta.builder().learningRate(0.5).rho(0.9).epsilon(1e-6).build()),
            Map.entry("adadelta_decay_clipnorm", () -> Adadelta.builder().learningRate(1.0).weightDecay(0.1).clipNorm(0.5).build()),
            Map.entry("ftrl", () -> new Ftrl(0.1)),
            Map.entry("ftrl_custom", () -> Ftrl.builder().learningRate(0.1).learningRatePower(-0.3).initialAccumulatorValue(0.05)
                    .l1(0.01).l2(0.02).l2Shrinkage(0.03).beta(0.5).build()),
            Map.entry("ftrl_fixed_rate", () -> Ftrl.builder().learningRate(0.1).learningRatePower(0.0).initialAccumulatorValue(0.0)
                    .l1(0.3).build()),
            Map.entry("ftrl_decay_clipvalue", () -> Ftrl.builder().learningRate(0.1).l1(0.05).weightDecay(0.1).clipValue(1.0).build()));

    /** float32 elements may differ from Keras's op-by-op rounding by this many ulps of the expected value. */
    static final int ULPS = 4;

    @TestFactory
    Stream<DynamicTest> stepsAsKeras() throws IOException {
        List<String> lines;
        try (InputStream in = KerasOptimizerStepsTest.class.getResourceAsStream("/optimizers/keras_steps.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(2 * CASES.size(), lines.size(), "every case in both dtypes");
        return lines.stream().map(line -> {
            String[] f = line.split("\t");
            return DynamicTest.dynamicTest(f[0] + " " + f[1], () -> check(f));
        });
    }

    private static void check(String[] f) {
        String name = f[0];
        DType dtype = f[1].equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        Optimizer opt = CASES.get(name).get();
        Variable w = new Variable(tensor(f[2], dtype));
        String[] grads = f[3].split(";"), expected = f[4].split(";");
        for (int t = 0; t < grads.length; t++) {
            opt.applyGradients(List.of(tensor(grads[t], dtype)), List.of(w));
            close(values(expected[t], dtype), w.toDoubleArray(), dtype, name + " " + dtype + " w after step " + (t + 1));
        }
        List<String> slotNames = new ArrayList<>();
        for (String slot : f[5].split(";")) {
            String[] kv = slot.split("=");
            slotNames.add(kv[0]);
            Variable s = opt.slots(w).get(kv[0]);
            assertEquals(dtype, s.dtype(), name + " slot " + kv[0]);
            close(values(kv[1], dtype), s.toDoubleArray(), dtype, name + " " + dtype + " slot " + kv[0]);
        }
        assertEquals(slotNames, new ArrayList<>(opt.slots(w).keySet()), name + ": Keras's slot names, in its order");
        if (f[6].equals("-")) {
            assertTrue(opt.sharedVariables().isEmpty(), name);
        } else {
            Variable u = opt.sharedVariables().get("u_product");
            assertEquals(dtype, u.dtype(), name + " u_product");
            close(values(f[6], dtype), new double[] {u.doubleValue()}, dtype, name + " " + dtype + " u_product");
        }
    }

    static void close(double[] want, double[] got, DType dtype, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            double tol = dtype == DType.FLOAT32 ? ULPS * Math.ulp((float) want[i]) : 1e-13 * Math.max(1, Math.abs(want[i]));
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                throw new AssertionError(what + " element " + i + ": expected " + want[i] + " but got " + got[i] + " ("
                        + (dtype == DType.FLOAT32 ? (got[i] - want[i]) / Math.ulp((float) want[i]) + " ulps)" : (got[i] - want[i]) + ")"));
            }
        }
    }

    static double[] values(String hex, DType dtype) {
        String[] parts = hex.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = dtype == DType.FLOAT32 ? Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16))
                    : Double.longBitsToDouble(Long.parseUnsignedLong(parts[i], 16));
        }
        return out;
    }

    static Tensor tensor(String hex, DType dtype) {
        double[] v = values(hex, dtype);
        Tensor t = Tensors.constant(v, v.length);
        return dtype == DType.FLOAT32 ? Tensors.cast(t, DType.FLOAT32) : t;
    }
}
