package io.gradtape.internal.autodiff;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The sweep's per-entry masks of reached inputs ({@link Backprop}): an op with more inputs than the mask has
 * bits (a concat of 40) gives each reached input its slab of the gradient, wherever it sits, and nothing to the
 * inputs no source reaches; on a one-shot tape and on a persistent one. An intermediate result that is itself
 * a source keeps its gradient and passes it on.
 */
class BackpropTest {
    private static final int PARTS = 40;
    private static final Set<Integer> WATCHED = Set.of(0, 5, 30, 31, 32, 35, 39);

    @Test
    void aConcatOfFortyInputsGivesEachReachedInputItsSlab() {
        for (boolean persistent : new boolean[] {false, true}) {
            List<Tensor> parts = new ArrayList<>();
            for (int i = 0; i < PARTS; i++) {
                parts.add(Tensors.constant(new float[] {i, -i}, 2));
            }
            float[] w = new float[2 * PARTS];
            for (int i = 0; i < w.length; i++) {
                w[i] = 0.5f * i + 1;
            }
            Tensor weights = Tensors.constant(w, 2 * PARTS);
            GradientTape t = new GradientTape(persistent);
            Tensor y;
            try (t) {
                List<Tensor> in = new ArrayList<>();
                for (int i = 0; i < PARTS; i++) {
                    if (WATCHED.contains(i)) {
                        t.watch(parts.get(i));
                        in.add(parts.get(i));
                    } else {
                        in.add(Tensors.stopGradient(parts.get(i))); // an input of the concat that is not reached
                    }
                }
                y = Tensors.reduceSum(Tensors.mul(Tensors.concat(in, 0), weights));
            }
            Tensor[] g = t.gradient(List.of(y), parts).toArray(new Tensor[0]);
            assertEquals(PARTS, g.length);
            for (int i = 0; i < PARTS; i++) {
                if (WATCHED.contains(i)) {
                    assertArrayEquals(new float[] {w[2 * i], w[2 * i + 1]}, g[i].toFloatArray(), "part " + i);
                } else {
                    assertNull(g[i], "part " + i + " reaches y only through stopGradient");
                }
            }
        }
    }

    @Test
    void anIntermediateSourceKeepsItsGradientAndPassesItOn() {
        Tensor x = Tensors.constant(3f);
        GradientTape t = new GradientTape();
        Tensor h;
        Tensor y;
        try (t) {
            t.watch(x);
            h = Tensors.mul(x, x);        // dh/dx = 2x = 6
            y = Tensors.mul(h, Tensors.constant(5f)); // dy/dh = 5
        }
        Tensor[] g = t.gradient(List.of(y), List.of(x, h)).toArray(new Tensor[0]);
        assertEquals(30f, g[0].toFloatArray()[0]);
        assertEquals(5f, g[1].toFloatArray()[0]);
    }
}
