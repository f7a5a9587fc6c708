package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Muon against Keras 3: four steps of several variables at once, float32 and float64, against
 * {@code scripts/fixtures/muon_reference.py}'s NumPy transcription of {@code keras/src/optimizers/muon.py} (both
 * paths, the Newton-Schulz iteration, the update scaling and the two weight decays); and the values Keras's own
 * {@code muon_test.py} asserts.
 */
class KerasMuonTest {

    /** The optimizers of the fixture's cases, as the script's CASES table builds them; the flags: useAdamW. */
    static final Map<String, Supplier<Muon>> CASES = Map.of(
            "muon_matrix", () -> new Muon(0.02),
            "muon_tall", () -> new Muon(0.02),
            "muon_plain", () -> Muon.builder().learningRate(0.05).nesterov(false).rmsRate(0).nsSteps(3).momentum(0.9)
                    .weightDecay(0).build(),
            "muon_mixed", () -> Muon.builder().learningRate(0.02).adamLrRatio(0.5).adamWeightDecay(0.01).weightDecay(0.02).build(),
            "muon_excluded", () -> new Muon(0.02));

    /** float32: the iteration runs in double here, in float32 in the transcription (see {@link #close}). */
    static final double F32_TOLERANCE = 5e-7;

    @TestFactory
    Stream<DynamicTest> stepsAsKeras() throws IOException {
        List<String> lines;
        try (InputStream in = KerasMuonTest.class.getResourceAsStream("/optimizers/keras_muon.txt")) {
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
        String[] shapes = f[2].split("\\|");
        Muon opt = CASES.get(name).get();
        List<Variable> ws = new ArrayList<>();
        String[] w0 = f[3].split("\\|");
        for (int i = 0; i < shapes.length; i++) {
            ws.add(new Variable(KerasAdafactorLambTest.tensor(w0[i], dtype, dims(shapes[i]))));
        }
        if (name.equals("muon_excluded")) {
            opt.useAdamW(List.of(ws.get(0)));
        }
        String[] calls = f[4].split(";"), expected = f[5].split(";");
        for (int t = 0; t < calls.length; t++) {
            String[] gs = calls[t].split("\\|"), want = expected[t].split("\\|");
            List<Tensor> grads = new ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                grads.add(KerasAdafactorLambTest.tensor(gs[i], dtype, dims(shapes[i])));
            }
            opt.applyGradients(grads, ws);
            for (int i = 0; i < shapes.length; i++) {
                close(KerasAdafactorLambTest.values(want[i], dtype), ws.get(i).toDoubleArray(), dtype,
                        name + " " + dtype + " variable " + i + " after step " + (t + 1));
            }
        }
        for (int i = 0; i < shapes.length; i++) {
            boolean adam = dims(shapes[i]).length != 2 || (name.equals("muon_excluded") && i == 0);
            assertEquals(adam ? List.of("momentum", "velocity") : List.of("momentum"), new ArrayList<>(opt.slots(ws.get(i)).keySet()),
                    name + " variable " + i);
        }
    }

    private static int[] dims(String s) {
        return s.equals("-") ? new int[0] : Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    /** float64 within 1e-14 relative (measured: 3e-16); float32 within {@link #F32_TOLERANCE} (measured: 9e-8), times the larger of 1 and the element. */
    static void close(double[] want, double[] got, DType dtype, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            double tol = (dtype == DType.FLOAT32 ? F32_TOLERANCE : 1e-14) * Math.max(1, Math.abs(want[i]));
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                throw new AssertionError(what + " element " + i + ": expected " + want[i] + " but got " + got[i]
                        + " (" + (got[i] - want[i]) + ")");
            }
        }
    }

    /**
     * Keras's muon_test.py test_muon_single_step: lr 0.5, no weight decay, w = [[1, 2], [3, 4]], g = [[1, 6],
     * [7, 2]] gives [[0.988775, 1.887053], [2.873428, 3.97035]] (Keras asserts 1e-2; the values here agree to 1e-5).
     */
    @Test
    void kerasMuonSingleStep() {
        Muon opt = Muon.builder().learningRate(0.5).weightDecay(0).build();
        Variable w = new Variable(io.gradtape.Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2));
        opt.applyGradients(List.of(io.gradtape.Tensors.constant(new float[] {1, 6, 7, 2}, 2, 2)), List.of(w));
        assertArrayEquals(new float[] {0.988775f, 1.887053f, 2.873428f, 3.97035f}, w.toFloatArray(), 1e-5f);
    }

    /**
     * Keras's muon_test.py test_adamw_single_step, through apply_gradients: a vector takes the AdamW path, whose
     * first step moves each element by about lr (0.5), and test_adamw_weight_decay: its decay is adamWeightDecay
     * (w - w * 0.01 * lr with lr = 1, from 2).
     */
    @Test
    void kerasAdamWPath() {
        Muon opt = Muon.builder().learningRate(0.5).adamWeightDecay(0).build();
        Variable w = new Variable(io.gradtape.Tensors.constant(new float[] {1, 2, 3, 4}, 4));
        opt.applyGradients(List.of(io.gradtape.Tensors.constant(new float[] {1, 6, 7, 2}, 4)), List.of(w));
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, w.toFloatArray(), 1e-4f);

        Muon decaying = Muon.builder().learningRate(1.0).adamWeightDecay(0.01).build();
        Variable s = new Variable(io.gradtape.Tensors.constant(2.0));
        decaying.applyGradients(List.of(io.gradtape.Tensors.constant(0.0)), List.of(s));
        assertEquals(2 - 2 * 0.01, s.doubleValue(), 1e-15, "a zero gradient leaves the decay alone");
    }

    @Test
    void useAdamWAfterTheFirstStepIsRefused() {
        Muon opt = new Muon();
        Variable k = new Variable(io.gradtape.Tensors.zeros(DType.FLOAT32, 2, 3));
        opt.build(List.of(k));
        opt.useAdamW(List.of(k));   // built, never stepped: the slots are re-made on the AdamW path
        opt.build(List.of(k));
        assertEquals(List.of("momentum", "velocity"), new ArrayList<>(opt.slots(k).keySet()));
        Variable j = new Variable(io.gradtape.Tensors.zeros(DType.FLOAT32, 2, 3));
        opt.applyGradients(List.of(io.gradtape.Tensors.ones(DType.FLOAT32, 2, 3)), List.of(j));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.useAdamW(List.of(k, j)));
        assertTrue(e.getMessage().contains("Muon.useAdamW: variable 1 (shape (2, 3)) already has Muon's slots "
                + "[momentum]"), e.getMessage());
        assertEquals(List.of("momentum"), new ArrayList<>(opt.slots(j).keySet()));
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> Muon.builder().momentum(1));
        assertTrue(m.getMessage().contains("Muon: momentum must be in [0, 1), got 1.0"), m.getMessage());
        m = assertThrows(IllegalArgumentException.class, () -> Muon.builder().rmsRate(-1));
        assertTrue(m.getMessage().contains("Muon: rmsRate must be finite and non-negative, got -1.0"), m.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Muon.builder().nsSteps(-1));
        assertTrue(bad.getMessage().contains("Muon: nsSteps must be >= 0, got -1"), bad.getMessage());
    }

    /**
     * A least-squares fit of a 4x6 matrix, loss sum((W A - B)^2) with A 6x5 and B 4x5 fixed: Muon's orthogonalized
     * steps take the loss below 1% of its start (from W = 0), the bias beside it on the AdamW path as well.
     */
    @Test
    void fitsAMatrixLeastSquaresProblem() {
        java.util.Random rng = new java.util.Random(11);
        double[] a = new double[30], b = new double[20];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextGaussian();
        }
        Tensor ta = io.gradtape.Tensors.constant(a, 6, 5), tb = io.gradtape.Tensors.constant(b, 4, 5);
        Variable w = new Variable(io.gradtape.Tensors.zeros(DType.FLOAT64, 4, 6));
        Variable bias = new Variable(io.gradtape.Tensors.zeros(DType.FLOAT64, 5));
        java.util.function.Supplier<Tensor> loss = () -> w.matmul(ta).add(bias).sub(tb).pow(2).sum();
        double start = loss.get().doubleValue();
        Muon opt = Muon.builder().learningRate(0.02).weightDecay(0).adamWeightDecay(0).build();
        for (int i = 0; i < 500; i++) {
            opt.minimize(loss, List.of(w, bias));
        }
        double end = loss.get().doubleValue();
        assertTrue(end < start / 100, "loss " + start + " -> " + end);
        assertEquals(List.of("momentum"), new ArrayList<>(opt.slots(w).keySet()));
    }

    /** A restored Muon continues bit for bit on both paths (a matrix, a matrix put on AdamW, a vector). */
    @Test
    void aRestoredRunContinuesBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Variable[][] vars = new Variable[2][];
            Muon[] opts = new Muon[2];
            for (int r = 0; r < 2; r++) {
                vars[r] = new Variable[] {
                        new Variable(io.gradtape.Tensors.cast(io.gradtape.Tensors.constant(new double[] {1, -2, 0.5, 3, 0.2, -1}, 2, 3), dtype)),
                        new Variable(io.gradtape.Tensors.cast(io.gradtape.Tensors.constant(new double[] {0.3, 2, -1, 1, 0.7, -0.4}, 3, 2), dtype)),
                        new Variable(io.gradtape.Tensors.cast(io.gradtape.Tensors.constant(new double[] {0.1, -0.2, 0.3}, 3), dtype))};
                opts[r] = new Muon(0.05);
                opts[r].useAdamW(List.of(vars[r][1]));
            }
            java.nio.file.Path f = dir.resolve("muon_" + dtype + ".npz");
            for (int s = 0; s < 6; s++) {
                if (s == 3) {
                    checkpoint(vars[0], opts[0]).save(f);
                    checkpoint(vars[1], opts[1]).restore(f);
                }
                for (int r = 0; r < (s < 3 ? 1 : 2); r++) {   // run 1 starts from the checkpoint at step 3
                    List<Tensor> grads = new ArrayList<>();
                    for (Variable v : vars[r]) {
                        grads.add(v.mul(v).add(io.gradtape.Tensors.cast(io.gradtape.Tensors.constant(0.1 * s - 0.2), dtype)));
                    }
                    opts[r].applyGradients(grads, List.of(vars[r]));
                }
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(vars[0][i].toDoubleArray(), vars[1][i].toDoubleArray(), 0.0, dtype + " variable " + i);
                assertEquals(opts[0].slots(vars[0][i]).keySet(), opts[1].slots(vars[1][i]).keySet());
            }
            assertEquals(List.of("momentum", "velocity"), new ArrayList<>(opts[1].slots(vars[1][1]).keySet()));
        }
    }

    private static io.gradtape.checkpoint.Checkpoint checkpoint(Variable[] vs, Muon opt) {
        return new io.gradtape.checkpoint.Checkpoint().variable("k", vs[0]).variable("excluded", vs[1]).variable("b", vs[2])
                .optimizer(opt);
    }
}
