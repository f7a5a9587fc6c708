package io.gradtape.checkpoint;

import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.Muon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Muon's two paths keep different slots: a checkpoint restores them only into a Muon routed alike. */
class MuonCheckpointTest {
    @TempDir
    Path dir;

    private static Variable kernel() {
        return new Variable(Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    }

    /** Saves k (2x3, on the AdamW path by useAdamW) and b after one step; returns the file. */
    private Path savedWithAdamW() throws IOException {
        Variable k = kernel();
        Variable b = new Variable(Tensors.constant(new float[] {1, -1}, 2));
        Muon opt = Muon.builder().learningRate(0.1).build();
        opt.useAdamW(List.of(k));
        opt.applyGradients(List.of(Tensors.constant(new float[] {1, 0, 2, 0, 3, 1}, 2, 3),
                Tensors.constant(new float[] {1, 2}, 2)), List.of(k, b));
        Path file = dir.resolve("muon.npz");
        new Checkpoint().variable("k", k).variable("b", b).optimizer(opt).save(file);
        return file;
    }

    @Test
    void aPartialRestoreRefusesTheAdamWSlotsOfAMuonWithoutUseAdamW() throws IOException {
        Path file = savedWithAdamW();
        Variable k = kernel();
        Variable b = new Variable(Tensors.zeros(io.gradtape.DType.FLOAT32, 2));
        Muon fresh = Muon.builder().learningRate(0.1).build();
        Checkpoint ckpt = new Checkpoint().variable("k", k).variable("b", b).optimizer(fresh);

        IllegalArgumentException exact = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(file));
        assertTrue(exact.getMessage().contains("unexpected keys [optimizer/velocity/k]"), exact.getMessage());
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> ckpt.restoreExpectPartial(file));
        assertTrue(partial.getMessage().contains("optimizer slots [optimizer/velocity/k]"), partial.getMessage());
        assertTrue(partial.getMessage().contains("(Muon)"), partial.getMessage());
        assertTrue(partial.getMessage().contains("call useAdamW(...) with the same variables before restoring"),
                partial.getMessage());
        assertTrue(partial.getMessage().contains("nothing was restored"), partial.getMessage());
        // nothing restored: k keeps its value, its Muon momentum its zeros, the step count 0
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, k.toFloatArray());
        assertArrayEquals(new float[6], fresh.slots(k).get("momentum").toFloatArray());
        assertEquals(0, fresh.iterations().longValue());

        // the failed restores built k's Muon slot without a step: useAdamW may still re-route it
        fresh.useAdamW(List.of(k));
        assertEquals(List.of(), ckpt.restoreExpectPartial(file));
        assertEquals(1, fresh.iterations().longValue());
        assertEquals(List.of("momentum", "velocity"), List.copyOf(fresh.slots(k).keySet()));
        // AdamW's first moment after one step: (1 - beta1) g = 0.1 g
        assertArrayEquals(new float[] {0.1f, 0, 0.2f, 0, 0.3f, 0.1f}, fresh.slots(k).get("momentum").toFloatArray(),
                1e-7f);
    }

    @Test
    void slotsOfAVariableThisCheckpointDoesNotHoldAreStillIgnored() throws IOException {
        Path file = savedWithAdamW();
        Variable b = new Variable(Tensors.zeros(io.gradtape.DType.FLOAT32, 2));
        Muon fresh = Muon.builder().learningRate(0.1).build();
        List<String> ignored = new Checkpoint().variable("b", b).optimizer(fresh).restoreExpectPartial(file);
        assertEquals(List.of("k", "optimizer/momentum/k", "optimizer/velocity/k"),
                ignored.stream().sorted().toList());
        assertEquals(1, fresh.iterations().longValue());
    }

    @Test
    void useAdamWAfterKeysOrSaveReRoutesButAfterAStepIsRefused() throws IOException {
        Variable k = kernel();
        Muon opt = Muon.builder().learningRate(0.1).build();
        Checkpoint ckpt = new Checkpoint().variable("k", k).optimizer(opt);
        assertEquals(List.of("k", "optimizer/iterations", "optimizer/learning_rate", "optimizer/momentum/k"),
                ckpt.keys());
        opt.useAdamW(List.of(k));
        assertEquals(List.of("k", "optimizer/iterations", "optimizer/learning_rate", "optimizer/momentum/k",
                "optimizer/velocity/k"), ckpt.keys());

        Variable m = kernel();
        Muon stepped = Muon.builder().learningRate(0.1).build();
        stepped.applyGradients(List.of(Tensors.constant(new float[] {1, 0, 0, 0, 0, 0}, 2, 3)), List.of(m));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stepped.useAdamW(List.of(m)));
        assertTrue(e.getMessage().startsWith("Muon.useAdamW: variable 0 (shape (2, 3)) already has Muon's slots "
                + "[momentum]"), e.getMessage());
        assertEquals(List.of("momentum"), List.copyOf(stepped.slots(m).keySet()));
    }
}
