package io.gradtape.tape;

import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.TestTensors;
import io.gradtape.Tensors;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import io.gradtape.internal.kernels.RecycledArrays;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.gradtape.TestTensors.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GradientTape#gradient} gives the arrays of its sweep's intermediate cotangents, dead once it returns, to the
 * next allocations of the same length on the thread ({@link RecycledArrays}), and never an array that something
 * can still read: not a returned gradient (nor what shares its array), not a forward tensor, not what a custom
 * gradient's rule saw, and nothing while another tape or accumulator records. The batch has 128 rows and the
 * layers 128 units, so each activation and cotangent has 128 x 128 = {@link RecycledArrays#MIN_LENGTH} elements,
 * the smallest that are recycled.
 */
class GradientReuseTest {
    private static final int N = 128;

    /** Two relu layers and a squared loss on a fixed batch, built twice from one seed. */
    private static final class Net {
        final Variable w1;
        final Variable b1;
        final Variable w2;
        final Tensor x;
        final List<Variable> vars;
        final List<Tensor> kept = new ArrayList<>();

        Net(DType dtype, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            w1 = new Variable(random(r, dtype, N, N));
            b1 = new Variable(random(r, dtype, N));
            w2 = new Variable(random(r, dtype, N, N));
            x = random(r, dtype, N, N);
            vars = List.of(w1, b1, w2);
        }

        Tensor loss() {
            Tensor h = Tensors.relu(Tensors.add(Tensors.matmul(x, w1), b1));
            Tensor y = Tensors.relu(Tensors.matmul(h, w2));
            kept.add(h);
            kept.add(y);
            return Tensors.reduceMean(Tensors.mul(y, y));
        }

        /** One step as the TensorFlow loop writes it: the caller holds the gradients. */
        List<Tensor> step(Optimizer opt) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                loss = loss();
            }
            List<Tensor> g = tape.gradient(loss, vars);
            opt.applyGradients(g, vars);
            kept.add(loss);
            return g;
        }
    }

    private static Tensor random(SplittableRandom r, DType dtype, int... shape) {
        return TestTensors.uniform(r, dtype, 0.2, shape);
    }

    /** Tensors of every recycled length, zero-filled and one-filled, as the next ops would make them. */
    private static void allocateLikeTheNextStep(DType dtype) {
        for (int i = 0; i < 4; i++) {
            Tensors.zeros(dtype, N, N);
            Tensors.ones(dtype, N, N);
            Tensors.fill(new int[] {N * N}, Tensors.cast(Tensors.constant(7.0), dtype)); // a vector of that length
        }
    }

    @Test
    void stepsHaveTheBitsOfStepsThatReuseNothing() {
        // an outer tape records every op, so it keeps every tensor and nothing may be reused: the reference
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Net a = new Net(dtype, 5);
            Net b = new Net(dtype, 5);
            Optimizer oa = new SGD(0.1);
            Optimizer ob = new SGD(0.1);
            long donated = RecycledArrays.donatedOnThisThread();
            long reused = RecycledArrays.reusedOnThisThread();
            for (int step = 0; step < 5; step++) {
                long before = RecycledArrays.donatedOnThisThread();
                a.step(oa);
                assertTrue(RecycledArrays.donatedOnThisThread() - before <= 7, dtype + " step " + step);
            }
            // per step, seven 128 x 128 cotangents die in the sweep: reduceMean's broadcast of the seed, mul's
            // two products g * y and their sum (y * y reads y twice), y's relu gradient, h's cotangent g @ w2^T
            // and h's relu gradient; w1's and w2's gradients are returned. The window holds its arrays weakly,
            // so a collection during a sweep takes the ones already dead out of its donation (a step then
            // donates fewer): at most seven per step (above), and some over the five steps
            long donatedA = RecycledArrays.donatedOnThisThread() - donated;
            assertTrue(donatedA > 0, dtype + ": donated " + donatedA);
            assertTrue(RecycledArrays.reusedOnThisThread() - reused > 0, dtype.toString());
            donated = RecycledArrays.donatedOnThisThread();
            GradientTape outer = new GradientTape(true);
            try (outer) {
                for (int step = 0; step < 5; step++) {
                    b.step(ob);
                }
            }
            assertEquals(0, RecycledArrays.donatedOnThisThread() - donated, dtype.toString());
            assertSameValues(a.w1, b.w1, dtype + " w1");
            assertSameValues(a.b1, b.b1, dtype + " b1");
            assertSameValues(a.w2, b.w2, dtype + " w2");
        }
    }

    @Test
    void whatTheCallerKeepsNeverChanges() {
        // the gradients, the loss and the forward activations of every step, and a zero gradient for an
        // unconnected variable (made in the sweep, returned): none of their arrays is handed out again
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Net net = new Net(dtype, 3);
            Variable unused = new Variable(Tensors.ones(dtype, N, N));
            Optimizer opt = new SGD(0.1);
            List<Tensor> kept = new ArrayList<>();
            List<double[]> copies = new ArrayList<>();
            for (int step = 0; step < 6; step++) {
                GradientTape tape = new GradientTape();
                Tensor loss;
                try (tape) {
                    tape.watch(unused);
                    loss = net.loss();
                }
                List<Tensor> g = tape.gradient(List.of(loss), List.of(net.w1, net.b1, net.w2, unused), null,
                        UnconnectedGradients.ZERO);
                opt.applyGradients(g.subList(0, 3), net.vars);
                kept.addAll(g);
                allocateLikeTheNextStep(dtype);
            }
            kept.addAll(net.kept);
            for (Tensor t : kept) {
                copies.add(t.toDoubleArray());
            }
            for (int step = 0; step < 3; step++) {
                net.step(opt);
                allocateLikeTheNextStep(dtype);
            }
            for (int i = 0; i < copies.size(); i++) {
                assertArrayEquals(copies.get(i), kept.get(i).toDoubleArray(), dtype + " kept tensor " + i);
            }
        }
    }

    @Test
    void aGradientThatSharesItsCotangentsArrayKeepsIt() {
        // w is a vector reshaped to N x N: its gradient is the reshape of the product's cotangent, the same array
        Variable w = new Variable(Tensors.ones(DType.FLOAT32, N * N));
        Tensor c = Tensors.fill(new int[] {N, N}, Tensors.constant(3f));
        long donated = RecycledArrays.donatedOnThisThread();
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = Tensors.reduceSum(Tensors.mul(Tensors.reshape(w, N, N), c));
        }
        Tensor g = tape.gradient(loss, List.of(w)).get(0);
        float[] copy = g.toFloatArray();
        allocateLikeTheNextStep(DType.FLOAT32);
        assertArrayEquals(copy, g.toFloatArray());
        float[] threes = new float[N * N];
        java.util.Arrays.fill(threes, 3f);
        assertArrayEquals(threes, copy);
        // reduceSum's broadcast cotangent died (if no collection took it first); mul's result, the gradient's
        // array, did not
        assertTrue(RecycledArrays.donatedOnThisThread() - donated <= 1);
    }

    @Test
    void aPersistentTapesSecondGradientLeavesTheFirstsAlone() {
        Net net = new Net(DType.FLOAT32, 9);
        GradientTape tape = new GradientTape(true);
        Tensor loss;
        try (tape) {
            loss = net.loss();
        }
        List<Tensor> first = tape.gradient(loss, net.vars);
        List<float[]> copies = new ArrayList<>();
        for (Tensor t : first) {
            copies.add(t.toFloatArray());
        }
        List<Tensor> second = tape.gradient(loss, net.vars);
        allocateLikeTheNextStep(DType.FLOAT32);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(copies.get(i), first.get(i).toFloatArray(), "first gradient " + i);
            assertArrayEquals(copies.get(i), second.get(i).toFloatArray(), "second gradient " + i);
        }
    }

    @Test
    void aCustomGradientsRuleOrAnAccumulatorSpoilsTheSweep() {
        // the rule keeps what it is given and returns: nothing of that sweep is reused
        Variable w = new Variable(Tensors.ones(DType.FLOAT32, N, N));
        Tensor threeI = Tensors.eye(N, DType.FLOAT32).mul(3);
        List<Tensor> stash = new ArrayList<>();
        List<float[]> copies = new ArrayList<>();
        long donated = RecycledArrays.donatedOnThisThread();
        for (int step = 0; step < 3; step++) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                Tensor y = Tensors.customGradient(Tensors.matmul(w, threeI), v -> CustomGradient.of(v.mul(1f), dy -> {
                    Tensor g = Tensors.matmul(dy, threeI);
                    stash.add(dy);
                    stash.add(g);
                    copies.add(dy.toFloatArray());
                    copies.add(g.toFloatArray());
                    return g;
                }));
                loss = Tensors.reduceSum(Tensors.mul(y, y));
            }
            tape.gradient(loss, List.of(w));
            allocateLikeTheNextStep(DType.FLOAT32);
        }
        for (int i = 0; i < stash.size(); i++) {
            assertArrayEquals(copies.get(i), stash.get(i).toFloatArray(), "stashed tensor " + i);
        }
        assertEquals(0, RecycledArrays.donatedOnThisThread() - donated);

        Net net = new Net(DType.FLOAT32, 13);
        Tensor t = Tensors.ones(DType.FLOAT32, N, N);
        try (ForwardAccumulator acc = new ForwardAccumulator(net.w1, t)) {
            net.step(new SGD(0.1));
        }
        assertEquals(0, RecycledArrays.donatedOnThisThread() - donated);
    }
}
