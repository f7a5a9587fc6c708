package io.gradtape.tape;

import io.gradtape.Autodiff;
import io.gradtape.ForwardAccumulator;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Recompute;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.autodiff.Tape;
import io.gradtape.internal.autodiff.TapeEntry;
import io.gradtape.internal.autodiff.TapeStack;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.matmul;
import static io.gradtape.Tensors.reduceSum;
import static io.gradtape.Tensors.relu;
import static io.gradtape.Tensors.tanh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Recompute} (TensorFlow's {@code tf.recompute_grad}): the oracle is the same function differentiated without
 * checkpointing, which runs the same ops in the same order on the backward pass, so the gradients must agree bit
 * for bit; the call counts follow TensorFlow's docstring example (f runs once forward, once more per gradient).
 */
class RecomputeTest {
    private static final float[][] X = {{0.5f, -1.0f, 2.0f}, {1.5f, 0.25f, -0.75f}};

    /** Variables of a two-layer MLP block and the block, counting its calls. */
    private static final class Mlp {
        final Variable w1 = new Variable(constant(new float[][] {{0.1f, -0.2f, 0.3f, 0.4f}, {0.5f, 0.6f, -0.7f, 0.8f},
                {-0.9f, 1.0f, 1.1f, -1.2f}}));
        final Variable b1 = new Variable(constant(new float[] {0.01f, -0.02f, 0.03f, 0.5f}, 4));
        final Variable w2 = new Variable(constant(new float[][] {{1f, -1f}, {0.5f, 0.25f}, {-0.3f, 0.7f}, {0.2f, 0.9f}}));
        final AtomicInteger calls = new AtomicInteger();
        final Function<Tensor, Tensor> block = x -> {
            calls.incrementAndGet();
            return tanh(matmul(relu(matmul(x, w1).add(b1)), w2));
        };

        List<Tensor> sources(Tensor x) {
            return List.of(x, w1, b1, w2);
        }
    }

    private static List<Tensor> mlpGrads(Mlp m, Function<Tensor, Tensor> g) {
        Tensor x = constant(X);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            Tensor y = g.apply(x);
            loss = reduceSum(y.mul(y));
        }
        return tape.gradient(loss, m.sources(x));
    }

    private static void assertSameBits(List<Tensor> want, List<Tensor> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertNotNull(got.get(i), "gradient " + i);
            assertEquals(want.get(i).shape(), got.get(i).shape(), "gradient " + i);
            assertArrayEquals(want.get(i).toFloatArray(), got.get(i).toFloatArray(), "gradient " + i);
        }
    }

    @Test
    void mlpBlockGradientsEqualThePlainFunctionsAndTheForwardRunsTwice() {
        Mlp plain = new Mlp();
        List<Tensor> want = mlpGrads(plain, plain.block);
        assertEquals(1, plain.calls.get());
        Mlp m = new Mlp();
        List<Tensor> got = mlpGrads(m, Recompute.of(m.block));
        assertSameBits(want, got);
        assertEquals(2, m.calls.get(), "once forward, once recomputed for the gradient");
    }

    /** TensorFlow's docstring example: r = f(r) four times, f(x) = x * y; then a chain of tanh blocks. */
    @Test
    void chainGradientsEqualThePlainFunctionsAndEachBlockRunsAgain() {
        AtomicInteger calls = new AtomicInteger();
        Variable y = new Variable(constant(1.5f));
        Function<Tensor, Tensor> f = x -> {
            calls.incrementAndGet();
            return tanh(x.mul(y)).add(x);
        };
        List<Tensor> want = chain(f, y);
        assertEquals(4, calls.getAndSet(0));
        List<Tensor> got = chain(Recompute.of(f), y);
        assertEquals(8, calls.get(), "4 forward, 4 recomputed (TensorFlow's docstring prints 'running' 4 + 4 times)");
        assertSameBits(want, got);
    }

    private static List<Tensor> chain(Function<Tensor, Tensor> f, Variable y) {
        Tensor x = constant(0.3f);
        GradientTape tape = new GradientTape();
        Tensor r;
        try (tape) {
            tape.watch(x);
            r = x;
            for (int i = 0; i < 4; i++) {
                r = f.apply(r);
            }
        }
        return tape.gradient(r, List.of(x, y));
    }

    /** What the tape holds after the forward pass of four MLP blocks: entries and distinct tensors' bytes. */
    private static long[] held(Function<Tensor, Tensor> block) {
        Tensor x = constant(X);
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            Tensor r = x;
            for (int i = 0; i < 4; i++) {
                Tensor out = block.apply(r); // (2, 2); back to (2, 3) for the next block by the same ops in both
                r = Tensors.slice(Tensors.concat(List.of(out, out), 1), new int[] {0, 0}, new int[] {2, 3});
            }
            Tape t = TapeStack.active().get(0);
            Map<Tensor, Boolean> seen = new IdentityHashMap<>();
            long bytes = 0;
            for (TapeEntry e : t.entries()) {
                List<Tensor> ts = new ArrayList<>(List.of(e.inputs()));
                ts.add(e.output());
                for (Tensor u : ts) {
                    if (seen.put(u, true) == null) {
                        bytes += u.size() * 4L;
                    }
                }
            }
            return new long[] {t.size(), bytes};
        }
    }

    @Test
    void theTapeHoldsFewerOpsAndBytes() {
        Mlp plain = new Mlp();
        long[] p = held(plain.block);
        Mlp m = new Mlp();
        long[] r = held(Recompute.of(m.block));
        // per block, plain: 3 variable reads, matmul, add, relu, matmul, tanh = 8 entries; checkpointed: 3 reads and
        // one customGradient op = 4; the ops around the blocks are the same in both
        assertEquals(4 * (8 - 4), p[0] - r[0], "entries plain " + p[0] + ", checkpointed " + r[0]);
        assertTrue(r[1] < p[1], "bytes plain " + p[1] + ", checkpointed " + r[1]);
    }

    @Test
    void persistentTapeRecomputesOncePerGradient() {
        Mlp plain = new Mlp();
        Mlp m = new Mlp();
        Function<Tensor, Tensor> g = Recompute.of(m.block);
        Tensor x = constant(X);
        Tensor xp = constant(X);
        GradientTape tape = new GradientTape(true);
        GradientTape tp = new GradientTape(true);
        Tensor loss;
        Tensor lp;
        try (tape; tp) {
            tape.watch(x);
            tp.watch(xp);
            loss = reduceSum(g.apply(x));
            lp = reduceSum(plain.block.apply(xp));
        }
        List<Tensor> want = tp.gradient(lp, plain.sources(xp));
        assertSameBits(want, tape.gradient(loss, m.sources(x)));
        assertSameBits(want, tape.gradient(loss, m.sources(x)));
        assertEquals(3, m.calls.get());
    }

    @Test
    void jacobianEqualsThePlainFunctions() {
        Mlp plain = new Mlp();
        Mlp m = new Mlp();
        Tensor x = constant(X);
        Tensor want;
        Tensor got;
        GradientTape tp = new GradientTape();
        Tensor yp;
        try (tp) {
            tp.watch(x);
            yp = plain.block.apply(x);
        }
        want = tp.jacobian(yp, x);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = Recompute.of(m.block).apply(x);
        }
        got = tape.jacobian(y, x);
        assertEquals(want.shape(), got.shape());
        assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 1e-6f);
        assertTrue(m.calls.get() >= 2, "recomputed for the Jacobian");
    }

    /** d2/dx2 of x sin x = 2 cos x - x sin x, through nested tapes, with and without checkpointing. */
    @Test
    void secondDerivativeThroughNestedTapes() {
        AtomicInteger calls = new AtomicInteger();
        Function<Tensor, Tensor> f = v -> {
            calls.incrementAndGet();
            return v.mul(Tensors.sin(v));
        };
        double x0 = 0.7;
        double byHand = 2 * Math.cos(x0) - x0 * Math.sin(x0);
        double plain = secondDerivative(f, x0);
        double checkpointed = secondDerivative(Recompute.of(f), x0);
        assertEquals(byHand, plain, 1e-12);
        assertEquals(plain, checkpointed, 0.0);
        assertEquals(1 + 2, calls.get(), "plain once; checkpointed forward and once recomputed");
        assertEquals(byHand, Autodiff.hessian(Recompute.of(f)).apply(constant(x0)).toDoubleArray()[0], 1e-12);
    }

    private static double secondDerivative(Function<Tensor, Tensor> f, double x0) {
        Tensor x = constant(x0);
        GradientTape outer = new GradientTape();
        Tensor dy;
        try (outer) {
            outer.watch(x);
            GradientTape inner = new GradientTape();
            Tensor y;
            try (inner) {
                inner.watch(x);
                y = f.apply(x);
            }
            dy = inner.gradient(y, x);
        }
        return outer.gradient(dy, x).toDoubleArray()[0];
    }

    @Test
    void forwardModeGoesThroughTheFunction() {
        AtomicInteger calls = new AtomicInteger();
        Function<Tensor, Tensor> f = v -> {
            calls.incrementAndGet();
            return v.mul(Tensors.sin(v));
        };
        double x0 = 0.7;
        Tensor x = constant(x0);
        Tensor y;
        try (ForwardAccumulator acc = new ForwardAccumulator(x, constant(2.0))) {
            y = Recompute.of(f).apply(x);
            // d(x sin x) = (sin x + x cos x) dx, dx = 2
            assertEquals(2 * (Math.sin(x0) + x0 * Math.cos(x0)), acc.jvp(y).toDoubleArray()[0], 1e-12);
        }
        assertEquals(x0 * Math.sin(x0), y.toDoubleArray()[0], 1e-12);
        assertEquals(1, calls.get(), "nothing is checkpointed in forward mode");
        assertEquals(2 * (Math.sin(x0) + x0 * Math.cos(x0)),
                Autodiff.jvp(Recompute.of(f), constant(x0), constant(2.0)).tangent().toDoubleArray()[0], 1e-12);
    }

    @Test
    void severalInputsEachGetTheirGradient() {
        Function<List<Tensor>, Tensor> f = v -> tanh(v.get(0).mul(v.get(1))).add(v.get(0));
        Tensor a = constant(0.4f);
        Tensor b = constant(-1.3f);
        List<Tensor> want = Autodiff.grads(f).apply(List.of(a, b));
        List<Tensor> got = Autodiff.grads(Recompute.ofMany(f)).apply(List.of(a, b));
        assertSameBits(want, got);
    }

    /** d/dx sum(x * n) = n: the recomputation must draw the same n, and leave the generator where it was. */
    @Test
    void aNamedGeneratorDrawsTheSameValuesWhenRecomputed() {
        Generator gen = Generator.fromSeed(11);
        Tensor x = constant(new float[] {1, 2, 3}, 3);
        Tensor[] noise = new Tensor[1];
        Function<Tensor, Tensor> g = Recompute.of(v -> {
            Tensor n = gen.normal(v.shape());
            if (noise[0] == null) {
                noise[0] = n;
            }
            return v.mul(n);
        }, gen);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = reduceSum(g.apply(x));
        }
        long[] afterForward = gen.getState();
        Tensor dx = tape.gradient(loss, x);
        assertArrayEquals(noise[0].toFloatArray(), dx.toFloatArray());
        assertArrayEquals(afterForward, gen.getState(), "the backward pass does not advance the generator");
    }

    @Test
    void aFunctionThatChangesShapeWhenRecomputedIsNamed() {
        AtomicInteger calls = new AtomicInteger();
        Function<Tensor, Tensor> g = Recompute.of(v -> calls.incrementAndGet() == 1 ? v.mul(2.0)
                : Tensors.concat(List.of(v, v), 0));
        Tensor x = constant(new float[] {1, 2}, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = reduceSum(g.apply(x));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        assertTrue(e.getMessage().contains("Recompute.of") && e.getMessage().contains("(4,)")
                && e.getMessage().contains("(2,)"), e.getMessage());
    }

    /** f that takes a gradient itself (d/dv v^3 = 3 v^2): its own tape starts and stops while the outer tapes are set
     * aside, and they record again afterwards; d/dx 3 x^2 = 6 x = 4.2 at x = 0.7. */
    @Test
    void aFunctionWithItsOwnTapeIsCheckpointedToo() {
        Function<Tensor, Tensor> f = v -> {
            GradientTape own = new GradientTape();
            Tensor c;
            try (own) {
                own.watch(v);
                c = v.mul(v).mul(v);
            }
            return own.gradient(c, v);
        };
        Tensor x = constant(0.7);
        Tensor outer;
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            outer = Recompute.of(f).apply(x).mul(1.0); // recorded after f: the tape is back
        }
        assertEquals(3 * 0.7 * 0.7, outer.toDoubleArray()[0], 1e-12);
        assertEquals(6 * 0.7, tape.gradient(outer, x).toDoubleArray()[0], 1e-12);
        assertTrue(!TapeStack.isActive(), "no tape left recording on this thread");
    }

    /** A stateless module stack through a method reference; its variables are read inside f and get gradients. */
    @Test
    void aDenseStackThroughItsCallMethod() {
        io.gradtape.nn.Sequential block = new io.gradtape.nn.Sequential(new io.gradtape.nn.Dense(3, 4, "relu"),
                new io.gradtape.nn.Dense(4, 2, "tanh"));
        List<Tensor> vars = new ArrayList<>(block.trainableVariables());
        List<List<Tensor>> grads = new ArrayList<>();
        for (Function<Tensor, Tensor> g : List.<Function<Tensor, Tensor>>of(block::call, Recompute.of(block::call))) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                loss = reduceSum(g.apply(constant(X)));
            }
            grads.add(tape.gradient(loss, vars));
        }
        assertEquals(4, vars.size());
        assertSameBits(grads.get(0), grads.get(1));
    }

    @Test
    void nullsAreRefusedAndNoTapeMeansOneCall() {
        assertThrows(NullPointerException.class, () -> Recompute.of(null));
        assertThrows(NullPointerException.class, () -> Recompute.of(v -> v).apply(null));
        assertThrows(NullPointerException.class, () -> Recompute.ofMany(v -> v.get(0)).apply(null));
        Mlp m = new Mlp();
        Tensor y = Recompute.of(m.block).apply(constant(X));
        assertArrayEquals(m.block.apply(constant(X)).toFloatArray(), y.toFloatArray());
        assertEquals(2, m.calls.get(), "once each: without a tape there is nothing to checkpoint");
    }
}
