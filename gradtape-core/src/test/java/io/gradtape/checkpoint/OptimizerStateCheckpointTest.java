package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.Adadelta;
import io.gradtape.optimizers.Adamax;
import io.gradtape.optimizers.Ftrl;
import io.gradtape.optimizers.Nadam;
import io.gradtape.optimizers.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adamax, Nadam, Adadelta and Ftrl resume bit for bit from a checkpoint: their slots (Keras's names) and Nadam's
 * momentum cache {@code u_product}, one variable of the optimizer that belongs to no trained variable (Keras's
 * {@code nadam.py} {@code build}: {@code self._u_product}, tracked with the optimizer's variables).
 */
class OptimizerStateCheckpointTest {
    @TempDir
    Path dir;

    private static final List<Supplier<Optimizer>> OPTIMIZERS = List.of(
            () -> new Adamax(0.05), () -> new Nadam(0.05), () -> new Adadelta(1.0),
            () -> Ftrl.builder().learningRate(0.1).l1(0.01).initialAccumulatorValue(0.2).build());

    private static Tensor grad(int step, DType dtype) {
        Tensor g = Tensors.constant(new double[] {0.5 - 0.1 * step, -1.5, 0.25 * step, 0}, 2, 2);
        return Tensors.cast(g, dtype);
    }

    private static void steps(Optimizer opt, Variable w, int from, int to) {
        for (int s = from; s < to; s++) {
            opt.applyGradients(List.of(grad(s, w.dtype())), List.of(w));
        }
    }

    @Test
    void aRestoredRunContinuesBitForBit() throws IOException {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Supplier<Optimizer> make : OPTIMIZERS) {
                Optimizer opt = make.get();
                String name = opt.getClass().getSimpleName() + " " + dtype;
                Variable w = new Variable(Tensors.cast(Tensors.constant(new double[] {1, -2, 0.5, 3}, 2, 2), dtype));
                steps(opt, w, 0, 3);
                Path f = dir.resolve(name.replace(' ', '_') + ".npz");
                new Checkpoint().variable("w", w).optimizer(opt).save(f);
                steps(opt, w, 3, 6);

                Optimizer fresh = make.get();
                Variable w2 = new Variable(Tensors.zeros(dtype, 2, 2));
                new Checkpoint().variable("w", w2).optimizer(fresh).restore(f);
                assertEquals(3, fresh.iterations().longValue(), name);
                steps(fresh, w2, 3, 6);
                assertArrayEquals(w.toDoubleArray(), w2.toDoubleArray(), 0.0, name);
                for (Map.Entry<String, Variable> slot : opt.slots(w).entrySet()) {
                    assertArrayEquals(slot.getValue().toDoubleArray(), fresh.slots(w2).get(slot.getKey()).toDoubleArray(), 0.0,
                            name + " slot " + slot.getKey());
                }
                for (Map.Entry<String, Variable> shared : opt.sharedVariables().entrySet()) {
                    assertEquals(shared.getValue().doubleValue(), fresh.sharedVariables().get(shared.getKey()).doubleValue(), 0.0,
                            name + " " + shared.getKey());
                }
            }
        }
    }

    @Test
    void keysNameKerasSlotsAndNadamsMomentumCache() {
        Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 2));
        List<List<String>> keys = new ArrayList<>();
        for (Supplier<Optimizer> make : OPTIMIZERS) {
            keys.add(new Checkpoint().variable("w", w).optimizer(make.get()).keys());
        }
        String it = "optimizer/iterations", lr = "optimizer/learning_rate";
        assertEquals(List.of("w", it, lr, "optimizer/momentum/w", "optimizer/norm/w"), keys.get(0));
        assertEquals(List.of("w", it, lr, "optimizer/momentum/w", "optimizer/velocity/w", "optimizer/u_product"), keys.get(1));
        assertEquals(List.of("w", it, lr, "optimizer/accumulated_grad/w", "optimizer/accumulated_delta_var/w"), keys.get(2));
        assertEquals(List.of("w", it, lr, "optimizer/accumulator/w", "optimizer/linear/w"), keys.get(3));
    }

    /**
     * The momentum cache is the product of the schedule's {@code mu_1 .. mu_t}; a run restored without it (its
     * starting value 1) takes different steps, which is why it is saved. A file without the key is refused and
     * changes nothing.
     */
    @Test
    void nadamsMomentumCacheIsStateAndIsRequired() throws IOException {
        Variable w = new Variable(Tensors.constant(new double[] {1, -2, 0.5, 3}, 2, 2));
        Nadam opt = new Nadam(0.05);
        steps(opt, w, 0, 3);
        double expected = 1;
        for (int t = 1; t <= 3; t++) {
            expected = expected * 0.9 * (1 - 0.5 * Math.pow(0.96, t));   // nadam.py _backend_update_step
        }
        assertEquals(expected, opt.sharedVariables().get("u_product").doubleValue(), 1e-15);
        assertEquals(DType.FLOAT64, opt.sharedVariables().get("u_product").dtype());
        assertEquals(1 + 2 + 1, opt.variables().size());   // iterations, momentum, velocity, u_product (Keras's order)
        assertTrue(opt.variables().get(3) == opt.sharedVariables().get("u_product"));

        Path f = dir.resolve("nadam.npz");
        new Checkpoint().variable("w", w).optimizer(opt).save(f);
        Map<String, Tensor> arrays = new java.util.LinkedHashMap<>(Npz.read(f));
        arrays.remove("optimizer/u_product");
        Path without = dir.resolve("without.npz");
        Npz.write(without, arrays);
        Nadam fresh = new Nadam(0.05);
        Variable w2 = new Variable(Tensors.zeros(DType.FLOAT64, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().variable("w", w2).optimizer(fresh).restore(without));
        assertTrue(e.getMessage().contains("missing keys [optimizer/u_product]"), e.getMessage());
        assertEquals(0, fresh.iterations().longValue());
        assertEquals(1.0, fresh.sharedVariables().get("u_product").doubleValue());

        // restored with the cache reset to 1, the next step differs from the true run's
        arrays.put("optimizer/u_product", Tensors.constant(1.0));
        Npz.write(without, arrays);
        new Checkpoint().variable("w", w2).optimizer(fresh).restore(without);
        steps(opt, w, 3, 4);
        steps(fresh, w2, 3, 4);
        assertFalse(java.util.Arrays.equals(w.toDoubleArray(), w2.toDoubleArray()));
    }
}
