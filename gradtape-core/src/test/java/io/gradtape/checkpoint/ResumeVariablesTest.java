package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-written two-layer network (plain variables, no Module) with dropout masks and minibatch orders from a
 * generator, trained by Adam: N steps straight equal K steps, save, fresh objects, restore, N-K steps, bit for
 * bit (variables, Adam's moments, its step count and the generator).
 */
class ResumeVariablesTest {
    @TempDir
    Path dir;

    static final Tensor X = Generator.fromSeed(0).normal(Shape.of(64, 5), 0, 1, DType.FLOAT32);
    static final Tensor Y = Generator.fromSeed(1).uniformInt(Shape.of(64), 0, 3);

    /** Everything a run owns; {@code init} seeds the initial weights, so fresh objects differ unless restored. */
    static final class Run {
        final Variable w1;
        final Variable b1;
        final Variable w2;
        final Variable b2;
        final Optimizer adam = new Adam(0.01);
        final Generator g;
        final Checkpoint ckpt;

        Run(long init) {
            Generator gi = Generator.fromSeed(init);
            w1 = new Variable(gi.normal(Shape.of(5, 16), 0, 0.5, DType.FLOAT32));
            b1 = new Variable(Tensors.zeros(DType.FLOAT32, 16));
            w2 = new Variable(gi.normal(Shape.of(16, 3), 0, 0.5, DType.FLOAT32));
            b2 = new Variable(Tensors.zeros(DType.FLOAT32, 3));
            g = Generator.fromSeed(1000 + init);
            ckpt = new Checkpoint().variable("dense_1/kernel", w1).variable("dense_1/bias", b1)
                    .variable("dense_2/kernel", w2).variable("dense_2/bias", b2)
                    .optimizer(adam).generator("generator", g);
        }

        List<Variable> vars() {
            return List.of(w1, b1, w2, b2);
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                int[] order = g.permutation(64);
                Tensor idx = Tensors.constant(java.util.Arrays.copyOf(order, 16), 16);
                Tensor x = Tensors.gather(X, idx);
                Tensor y = Tensors.gather(Y, idx);
                Tensor mask = g.bernoulli(Shape.of(16, 16), 0.8, DType.FLOAT32).div(0.8);
                GradientTape tape = new GradientTape();
                Tensor loss;
                try (tape) {
                    Tensor h = NN.relu(x.matmul(w1).add(b1)).mul(mask);
                    Tensor logits = h.matmul(w2).add(b2);
                    loss = NN.sparseSoftmaxCrossEntropyWithLogits(y, logits).mean();
                }
                adam.applyGradients(tape.gradient(loss, vars()), vars());
            }
        }

        /** Every bit of the state, as ints. */
        List<int[]> bits() {
            List<int[]> out = new ArrayList<>();
            for (Variable v : vars()) {
                out.add(floatBits(v));
                for (Variable s : adam.slots(v).values()) {
                    out.add(floatBits(s));
                }
            }
            out.add(new int[] {(int) adam.iterations().longValue()});
            long[] gs = g.getState();
            out.add(new int[] {(int) gs[0], (int) gs[1], (int) (gs[1] >>> 32), (int) gs[2], (int) (gs[2] >>> 32)});
            return out;
        }
    }

    static int[] floatBits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @Test
    void resumedEqualsUninterruptedBitForBit() throws IOException {
        Run straight = new Run(7);
        straight.steps(30);

        Run first = new Run(7);
        first.steps(13);
        Path file = dir.resolve("ckpt.npz");
        first.ckpt.save(file);

        Run resumed = new Run(8);   // other initial weights and generator: only the restore can make it equal
        resumed.ckpt.restore(file);
        resumed.steps(17);

        List<int[]> a = straight.bits();
        List<int[]> b = resumed.bits();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "state part " + i);
        }
        assertEquals(30L, resumed.adam.iterations().longValue());
        assertTrue(resumed.adam.slots(resumed.w1).containsKey("momentum"));
    }

    @Test
    void keysFollowTheIssuesNaming() {
        assertEquals(List.of("dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias", "optimizer/iterations",
                "optimizer/learning_rate", "optimizer/momentum/dense_1/kernel", "optimizer/velocity/dense_1/kernel",
                "optimizer/momentum/dense_1/bias", "optimizer/velocity/dense_1/bias",
                "optimizer/momentum/dense_2/kernel", "optimizer/velocity/dense_2/kernel",
                "optimizer/momentum/dense_2/bias", "optimizer/velocity/dense_2/bias",
                "generator/state"), new Run(1).ckpt.keys());
    }
}
