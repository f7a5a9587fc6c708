package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Adafactor and Lamb against Keras 3, five steps on float32 and float64 variables of rank 0 to 4: the expected
 * values are {@code scripts/fixtures/adafactor_lamb_reference.py}'s NumPy transcription of
 * {@code keras/src/optimizers/adafactor.py} and {@code lamb.py} (with the base class's clipnorm and weight decay),
 * every op in the dtype. Every step's variable is compared, then the slots after the last step, by name and shape.
 * float64 agrees to 1e-14 relative (measured: 6e-16); float32 within 4 ulps (measured: 2) of the larger of the
 * element and the array's largest magnitude, since gradtape sums its means and norms in double and rounds only the
 * stored values, where Keras rounds every op (a small element that cancels differs by up to 57 of its own ulps).
 */
class KerasAdafactorLambTest {

    /** The optimizers of the fixture's cases, as the script's CASES table builds them. */
    static final Map<String, Supplier<Optimizer>> CASES = Map.ofEntries(
            Map.entry("adafactor_matrix", () -> new Adafactor(0.1)),
            Map.entry("adafactor_relative_step", () -> new Adafactor(1.0)),
            Map.entry("adafactor_vector", () -> new Adafactor(0.1)),
            Map.entry("adafactor_scalar", () -> new Adafactor(0.1)),
            Map.entry("adafactor_rank3", () -> new Adafactor(0.1)),
            Map.entry("adafactor_rank4", () -> new Adafactor(0.05)),
            Map.entry("adafactor_clip_threshold", () -> Adafactor.builder().learningRate(0.1).clipThreshold(0.5).build()),
            Map.entry("adafactor_custom", () -> Adafactor.builder().learningRate(0.2).beta2Decay(-0.5).epsilon1(1e-20)
                    .epsilon2(0.05).clipThreshold(2.0).build()),
            Map.entry("adafactor_zero_rows", () -> new Adafactor(0.1)),
            Map.entry("adafactor_decay_clipnorm", () -> Adafactor.builder().learningRate(0.1).weightDecay(0.1).clipNorm(0.5).build()),
            Map.entry("lamb_matrix", () -> new Lamb(0.01)),
            Map.entry("lamb_vector_custom", () -> Lamb.builder().learningRate(0.02).beta1(0.8).beta2(0.99).epsilon(1e-3).build()),
            Map.entry("lamb_zero_w_zero_grad", () -> new Lamb(0.01)),
            Map.entry("lamb_decay_clipnorm", () -> Lamb.builder().learningRate(0.01).weightDecay(0.01).clipNorm(0.5).build()));

    /** float32 elements may differ from Keras's op-by-op rounding by this many ulps (see {@link #close}). */
    static final int ULPS = 4;

    @TestFactory
    Stream<DynamicTest> stepsAsKeras() throws IOException {
        List<String> lines;
        try (InputStream in = KerasAdafactorLambTest.class.getResourceAsStream("/optimizers/keras_adafactor_lamb.txt")) {
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
        int[] dims = f[2].equals("-") ? new int[0] : Arrays.stream(f[2].split("x")).mapToInt(Integer::parseInt).toArray();
        Optimizer opt = CASES.get(name).get();
        Variable w = new Variable(tensor(f[3], dtype, dims));
        String[] grads = f[4].split(";"), expected = f[5].split(";");
        for (int t = 0; t < grads.length; t++) {
            opt.applyGradients(List.of(tensor(grads[t], dtype, dims)), List.of(w));
            close(values(expected[t], dtype), w.toDoubleArray(), dtype, name + " " + dtype + " w after step " + (t + 1));
        }
        List<String> slotNames = new ArrayList<>();
        for (String slot : f[6].split(";")) {
            String[] kv = slot.split("=");
            slotNames.add(kv[0]);
            Variable s = opt.slots(w).get(kv[0]);
            assertEquals(dtype, s.dtype(), name + " slot " + kv[0]);
            close(values(kv[1], dtype), s.toDoubleArray(), dtype, name + " " + dtype + " slot " + kv[0]);
        }
        assertEquals(slotNames, new ArrayList<>(opt.slots(w).keySet()), name + ": the slots, in order");
        if (name.startsWith("adafactor") && dims.length >= 2) {
            int r = dims.length;
            int[] rDims = Arrays.copyOf(dims, r - 1), cDims = Arrays.copyOf(dims, r - 1);
            cDims[r - 2] = dims[r - 1];
            assertEquals(Shape.of(rDims), opt.slots(w).get("r").shape(), name + ": r drops the last axis");
            assertEquals(Shape.of(cDims), opt.slots(w).get("c").shape(), name + ": c drops the second-to-last axis");
        }
    }

    /**
     * Element by element: float64 within 1e-14 relative; float32 within {@link #ULPS} ulps of the larger of the
     * element and the array's largest magnitude (an element that cancels to near zero carries the rounding of
     * operands of the array's size).
     */
    static void close(double[] want, double[] got, DType dtype, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double x : want) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < want.length; i++) {
            double tol = dtype == DType.FLOAT32 ? ULPS * Math.ulp((float) Math.max(Math.abs(want[i]), scale))
                    : 1e-14 * Math.max(1, Math.abs(want[i]));
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                throw new AssertionError(what + " element " + i + ": expected " + want[i] + " but got " + got[i] + " ("
                        + (dtype == DType.FLOAT32 ? (got[i] - want[i]) / Math.ulp((float) want[i]) + " ulps)" : (got[i] - want[i]) + ")"));
            }
        }
    }

    static double[] values(String hex, DType dtype) {
        return KerasOptimizerStepsTest.values(hex, dtype);
    }

    static Tensor tensor(String hex, DType dtype, int[] dims) {
        double[] v = values(hex, dtype);
        Tensor t = dims.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, dims);   // no dims would be a vector
        return dtype == DType.FLOAT32 ? Tensors.cast(t, DType.FLOAT32) : t;
    }
}
