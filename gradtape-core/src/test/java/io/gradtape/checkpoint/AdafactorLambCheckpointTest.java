package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.Adafactor;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.AdamW;
import io.gradtape.optimizers.Adagrad;
import io.gradtape.optimizers.Lamb;
import io.gradtape.optimizers.Lion;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.RMSprop;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adafactor (whose slots of a matrix are its factors, of other shapes than the variable's) and Lamb resume bit for
 * bit from a checkpoint, and every optimizer's slots are saved under Keras 3's names ({@code keras/src/optimizers/*.py}
 * {@code build}: {@code add_optimizer_variables(var_list, ["momentum", "velocity"])} and the like).
 */
class AdafactorLambCheckpointTest {
    @TempDir
    Path dir;

    private static final List<Supplier<Optimizer>> OPTIMIZERS = List.of(
            () -> new Adafactor(0.1), () -> Adafactor.builder().learningRate(0.05).clipThreshold(0.5).weightDecay(0.01).build(),
            () -> new Lamb(0.05), () -> Lamb.builder().learningRate(0.02).useEma(true).build());

    /** A scalar, a vector, a matrix and a rank-3 variable: Adafactor's unfactored and factored cases. */
    private static final int[][] SHAPES = {{}, {3}, {2, 3}, {2, 2, 3}};
    private static final String[] KEYS = {"a", "b", "k", "t"};

    private static Tensor values(int step, int[] dims, DType dtype, double offset) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(offset + 0.7 * step + 1.3 * i) * (1 + i % 3);
        }
        Tensor t = dims.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, dims);
        return Tensors.cast(t, dtype);
    }

    private static List<Variable> variables(DType dtype, boolean zero) {
        List<Variable> out = new java.util.ArrayList<>();
        for (int[] dims : SHAPES) {
            out.add(new Variable(zero ? Tensors.zeros(dtype, dims) : values(0, dims, dtype, 2.0)));
        }
        return out;
    }

    private static void steps(Optimizer opt, List<Variable> ws, int from, int to) {
        for (int s = from; s < to; s++) {
            List<Tensor> grads = new java.util.ArrayList<>();
            for (Variable w : ws) {
                grads.add(values(s + 1, w.shape().dims(), w.dtype(), 0.0));
            }
            opt.applyGradients(grads, ws);
        }
    }

    private static Checkpoint checkpoint(List<Variable> ws, Optimizer opt) {
        Checkpoint c = new Checkpoint();
        for (int i = 0; i < ws.size(); i++) {
            c.variable(KEYS[i], ws.get(i));
        }
        return c.optimizer(opt);
    }

    @Test
    void aRestoredRunContinuesBitForBit() throws IOException {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Supplier<Optimizer> make : OPTIMIZERS) {
                Optimizer opt = make.get();
                String name = opt.getClass().getSimpleName() + " " + dtype;
                List<Variable> ws = variables(dtype, false);
                steps(opt, ws, 0, 3);
                Path f = dir.resolve(name.replace(' ', '_') + ".npz");
                checkpoint(ws, opt).save(f);
                steps(opt, ws, 3, 6);

                Optimizer fresh = make.get();
                List<Variable> ws2 = variables(dtype, true);
                checkpoint(ws2, fresh).restore(f);
                assertEquals(3, fresh.iterations().longValue(), name);
                steps(fresh, ws2, 3, 6);
                for (int i = 0; i < ws.size(); i++) {
                    assertArrayEquals(ws.get(i).toDoubleArray(), ws2.get(i).toDoubleArray(), 0.0, name + " " + KEYS[i]);
                    for (Map.Entry<String, Variable> slot : opt.slots(ws.get(i)).entrySet()) {
                        Variable other = fresh.slots(ws2.get(i)).get(slot.getKey());
                        assertEquals(slot.getValue().shape(), other.shape(), name + " slot " + slot.getKey());
                        assertArrayEquals(slot.getValue().toDoubleArray(), other.toDoubleArray(), 0.0,
                                name + " " + KEYS[i] + " slot " + slot.getKey());
                    }
                }
            }
        }
    }

    @Test
    void adafactorSavesItsFactorsAndRefusesAFileOfAnotherLayout() throws IOException {
        Adafactor opt = new Adafactor(0.1);
        List<Variable> ws = variables(DType.FLOAT32, false);
        Checkpoint ckpt = checkpoint(ws, opt);
        String it = "optimizer/iterations", lr = "optimizer/learning_rate";
        assertEquals(List.of("a", "b", "k", "t", it, lr, "optimizer/velocity/a", "optimizer/velocity/b", "optimizer/r/k",
                "optimizer/c/k", "optimizer/r/t", "optimizer/c/t"), ckpt.keys());
        steps(opt, ws, 0, 2);
        Path f = dir.resolve("adafactor.npz");
        ckpt.save(f);
        Map<String, Tensor> arrays = Npz.read(f);
        assertEquals(io.gradtape.Shape.of(2), arrays.get("optimizer/r/k").shape());
        assertEquals(io.gradtape.Shape.of(2, 3), arrays.get("optimizer/c/t").shape());

        // the same variables saved with Adam: the keys differ, so nothing is restored
        Adafactor fresh = new Adafactor(0.1);
        List<Variable> ws2 = variables(DType.FLOAT32, true);
        Path adam = dir.resolve("adam.npz");
        checkpoint(variables(DType.FLOAT32, false), new Adam()).save(adam);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> checkpoint(ws2, fresh).restore(adam));
        assertTrue(e.getMessage().contains("optimizer/r/k") && e.getMessage().contains("optimizer/momentum/k"), e.getMessage());
        assertEquals(0, fresh.iterations().longValue());
        assertArrayEquals(new double[6], ws2.get(2).toDoubleArray(), 0.0);
    }

    /**
     * Keras 3's slot names: adam.py {@code ["momentum", "velocity"]} and {@code "velocity_hat"} with amsgrad (AdamW
     * is Adam's subclass), sgd.py and lion.py {@code "momentum"}, lamb.py {@code ["momentum", "velocity"]},
     * rmsprop.py {@code "velocity"} (then {@code "momentum"}, {@code "average_gradient"}), adagrad.py
     * {@code "accumulator"}. Keras 2's {@code tf.keras} called Adam's {@code m}, {@code v}, {@code vhat} and SGD's
     * and Lion's {@code m}, gradtape's names before.
     */
    @Test
    void slotKeysAreKeras3Names() {
        Map<Supplier<Optimizer>, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put(Adam::new, List.of("momentum", "velocity"));
        expected.put(() -> Adam.builder().amsgrad(true).build(), List.of("momentum", "velocity", "velocity_hat"));
        expected.put(() -> AdamW.builder().amsgrad(true).build(), List.of("momentum", "velocity", "velocity_hat"));
        expected.put(() -> new SGD(0.1, 0.9), List.of("momentum"));
        expected.put(SGD::new, List.of());
        expected.put(Lion::new, List.of("momentum"));
        expected.put(Lamb::new, List.of("momentum", "velocity"));
        expected.put(() -> RMSprop.builder().momentum(0.5).centered(true).build(), List.of("velocity", "momentum", "average_gradient"));
        expected.put(Adagrad::new, List.of("accumulator"));
        for (Map.Entry<Supplier<Optimizer>, List<String>> e : expected.entrySet()) {
            Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 2));
            Optimizer opt = e.getKey().get();
            List<String> want = new java.util.ArrayList<>(List.of("w", "optimizer/iterations", "optimizer/learning_rate"));
            for (String s : e.getValue()) {
                want.add("optimizer/" + s + "/w");
            }
            assertEquals(want, new Checkpoint().variable("w", w).optimizer(opt).keys(), opt.getClass().getSimpleName());
        }
    }
}
